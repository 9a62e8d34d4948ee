"""Scripted answers for the loopback fake OpenAI server: a fixed answer per article.

`ScriptedAnswers` is a `responder=` for `FakeOpenAI`: it recognises which article a summary
request is about (by the article's text inside the prompt's <article> data) and which summary
a translation request is about (the <summary> data), and answers with what was scripted for
them; any other request (event summaries, ...) gets the fake server's default answer.

Scripts are swapped between runs with `load`, so one server serves several runs whose
articles get different answers (a benchmark's good and faulty variants of the same text).

    answers = ScriptedAnswers()
    with FakeOpenAI(responder=answers) as fake:
        answers.load([Script(article_text, summary_json, {"fr": "...", "ru": "..."})])
        ...
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.support.fake_openai import default_content, request_schema

_ARTICLE_RE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S | re.I)
_SUMMARY_RE = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.S | re.I)
_SPACE = re.compile(r"\s+")
# Enough of an article's start to tell the articles of one run apart.
_KEY_CHARS = 160


def _content_text(content: object) -> str:
    """A message's text: a plain string, or the text parts of a content-part list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Script:
    """What the model says about one article: its summary answer and its translations."""

    article_text: str
    summary: Mapping[str, Any]  # an ArticleSummary as JSON data
    translations: Mapping[str, str]  # lang -> text

    @property
    def key(self) -> str:
        return _flat(self.article_text)[:_KEY_CHARS]


@dataclass
class ScriptedAnswers:
    """A FakeOpenAI responder; counts what it answered (`served`) and what it did not know."""

    scripts: list[Script] = field(default_factory=list)
    served: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def load(self, scripts: Iterable[Script]) -> None:
        """Replace the scripts (between runs: the server answers from another thread)."""
        new = list(scripts)
        keys = [s.key for s in new]
        if len(set(keys)) != len(keys):
            raise ValueError("two scripted articles of one run start with the same text")
        with self._lock:
            self.scripts = new

    def __call__(self, request: dict[str, Any]) -> str:
        messages = request.get("messages") or []
        user = "\n".join(
            _content_text(m.get("content"))
            for m in messages
            if isinstance(m, dict) and m.get("role") == "user"
        )
        with self._lock:
            scripts = list(self.scripts)
        article = _ARTICLE_RE.search(user)
        if article:
            text = _flat(article.group(1))
            for script in scripts:
                if script.key in text:
                    self._count("summary")
                    return json.dumps(dict(script.summary), ensure_ascii=False)
            self._count("unknown_article")
            return default_content(request)
        summary = _SUMMARY_RE.search(user)
        if summary:
            text = _flat(summary.group(1))
            for script in scripts:
                if _flat(str(script.summary.get("summary", ""))) == text:
                    self._count("translation")
                    return self._translations(script, request, user)
            self._count("unknown_summary")
        self._count("default")
        return default_content(request)

    def _translations(self, script: Script, request: dict[str, Any], user: str) -> str:
        schema = request_schema(request) or {}
        props = schema.get("properties") or {}
        if set(props) == {"text"}:  # one language per call (translate_one): named in the prompt
            lang = _named_language(user, script.translations)
            return json.dumps({"text": script.translations.get(lang, "")}, ensure_ascii=False)
        return json.dumps(
            {lang: script.translations.get(lang, "") for lang in props}, ensure_ascii=False
        )

    def _count(self, what: str) -> None:
        with self._lock:
            self.served[what] += 1


def _named_language(prompt: str, translations: Mapping[str, str]) -> str:
    from newsum.lexicon import language_name

    for lang in translations:
        if re.search(rf"\b{re.escape(language_name(lang))}\b", prompt):
            return lang
    return next(iter(translations), "")
