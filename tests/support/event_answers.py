"""A fake-server responder that answers event prompts like a capable model would.

The default fake answers every schema from the first sentences of the prompt, which makes event
accounts that quote the prompt. This responder reads the <sources> data of an event prompt and
answers with an account that cites the real source names, agrees on the first source's lead, and
puts one invented figure (4242) in a difference, so the checks and the report have something to
flag. Every other request gets the default answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.support.fake_openai import default_content

INVENTED_FIGURE = "4242"
_SOURCES = re.compile(r"<sources>\s*(.*?)\s*</sources>", re.S)
_PARTS = re.compile(r"<parts>\s*(.*?)\s*</parts>", re.S)


def _user(request: dict[str, Any]) -> str:
    return "\n".join(
        str(m.get("content", "")) for m in request.get("messages", []) if m.get("role") == "user"
    )


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0][:200]


def event_answer(sources: list[dict[str, Any]]) -> dict[str, Any]:
    names = [str(s["source"]) for s in sources]
    lead = _first_sentence(str(sources[0].get("summary") or "The event was reported."))
    claims = [c for s in sources for c in s.get("claims") or [] if c.get("source")]
    first, second = names[0], names[min(1, len(names) - 1)]
    return {
        "headline": f"Reports from {len(names)} outlets on one event",
        "summary": (
            f"{first} and {second} reported the event. {first} said: {lead} "
            f"The outlets differ on the figures, and {second} gave {INVENTED_FIGURE} as a total, "
            "according to its report."
        ),
        "established": [{"statement": lead, "sources": names[:2]}],
        "claims_by_party": [
            {"party": str(c["source"])[:60], "claims": [str(c["claim"])[:160]], "sources": [first]}
            for c in claims[:2]
        ],
        "differences": [
            {
                "topic": "figures",
                "accounts": [
                    {"source": first, "account": lead},
                    {"source": second, "account": f"gave a total of {INVENTED_FIGURE}"},
                ],
            }
        ],
    }


def event_responder(request: dict[str, Any]) -> str:
    user = _user(request)
    if match := _SOURCES.search(user):
        return json.dumps(event_answer(json.loads(match.group(1))), ensure_ascii=False)
    if match := _PARTS.search(user):
        parts = json.loads(match.group(1))
        sources = [
            {"source": s, "summary": p["summary"], "claims": []}
            for p in parts
            for st in p.get("established", [])
            for s in st.get("sources", [])
        ] or [{"source": "unknown", "summary": parts[0]["summary"]}]
        answer = event_answer(sources)
        answer["claims_by_party"] = [c for p in parts for c in p["claims_by_party"]][:3]
        return json.dumps(answer, ensure_ascii=False)
    content = default_content(request)
    return content
