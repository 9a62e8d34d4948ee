"""Whether a server on loopback answers as ours: GET /v1/models lists our model."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def serves_model(base_url: str, model: str) -> bool:
    """True once GET /v1/models answers 200 and lists `model` (so that an unrelated server that
    grabbed the port is not mistaken for ours)."""
    try:
        body = _http_get(f"{base_url}/models", timeout=2.0)
    except (OSError, ValueError):
        return False
    ids = {m.get("id") for m in body.get("data", []) if isinstance(m, dict)}
    return model in ids


def _http_get(url: str, timeout: float) -> dict[str, Any]:
    # No proxies: a proxy from the environment must never see loopback traffic.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as resp:
        if resp.status != 200:
            raise ValueError(f"HTTP {resp.status}")
        data = json.loads(resp.read())
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data
