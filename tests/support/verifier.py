"""A scripted verifier for the loopback fake server: answers the `verify` prompt as a careful
verifier would on the faults it can see (a figure the article lacks; a translation whose figures
differ from the summary's), and anything else with the fake's default answer.

    FakeOpenAI(responder=verifier_responder)

Kept apart from fake_openai.py: it knows the verify prompt's tags, the fake knows no prompt.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.support.fake_openai import default_content

_TAG = re.compile(r"<(article|summary)>\n(.*?)\n</\1>", re.DOTALL)
_TRANSLATION = re.compile(r'<translation lang="(\w+)">\n(.*?)\n</translation>', re.DOTALL)
_NUMBER = re.compile(r"\d+")
_SENTENCE = re.compile(r"(?<=[.!?。])\s*")


def _user_text(request: dict[str, Any]) -> str:
    messages = request.get("messages") or []
    return str(messages[-1].get("content", "")) if messages else ""


def verdict_for(article: str, summary: str, translations: dict[str, str]) -> dict[str, Any]:
    known = set(_NUMBER.findall(article))
    unsupported = [
        {"statement": s, "why": "the article gives no such figure"}
        for s in _SENTENCE.split(summary)
        if s and set(_NUMBER.findall(s)) - known
    ]
    wanted = set(_NUMBER.findall(summary))
    mistranslated = []
    for lang, text in translations.items():
        for segment in _SENTENCE.split(text):
            if segment and set(_NUMBER.findall(segment)) - wanted:
                mistranslated.append(
                    {"lang": lang, "segment": segment, "why": "a figure differs from the summary"}
                )
    return {"unsupported": unsupported, "mistranslated": mistranslated}


def verifier_responder(request: dict[str, Any]) -> str:
    user = _user_text(request)
    tags = dict(_TAG.findall(user))
    if "article" not in tags or "summary" not in tags:
        return default_content(request)
    translations = dict(_TRANSLATION.findall(user))
    return json.dumps(verdict_for(tags["article"], tags["summary"], translations))
