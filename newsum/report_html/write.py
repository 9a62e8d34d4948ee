"""Writing the report file next to the datasets."""

from __future__ import annotations

import os
from pathlib import Path

from newsum.report_html.datasets import load
from newsum.report_html.render import render

REPORT_NAME = "report.html"


def write_report(root: Path, path: Path | None = None) -> Path:
    """Render OUTPUT's datasets to OUTPUT/report.html (atomically); returns the path."""
    target = path or root / REPORT_NAME
    page = render(load(root), root)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
