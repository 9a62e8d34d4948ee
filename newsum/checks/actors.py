"""Kinds of actor a summary brings in that its article has no word for (`actors_not_in_source`):
a ministry, a governor, the police, a court, a diocese and the other kinds of
resources/actors.yaml; and a body named by a field the article has no word of ("the state
health office" in an article that never mentions health). Read across languages through those
word lists, where a name check cannot follow a body's English name into the article's language
("the Hungarian Competition Authority" for an article in Hungarian).
"""

from __future__ import annotations

import re
from functools import cache

from newsum.lexicon import resource_data

_ANYWHERE = {"zh", "ja", "de"}  # no spaces, or compounds ("Umweltanwaltschaft")
# Arabic glues a conjunction or preposition, and the article, to the next word ("بوزارة").
_ARABIC_FRONT = "(?:[وفبلك]{1,2})?(?:ال)?"


@cache
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    kinds = resource_data("actors.yaml")["kinds"].items()
    return {kind: _compiled(by_lang[lang], lang) for kind, by_lang in kinds if by_lang.get(lang)}


@cache
def judged_languages() -> frozenset[str]:
    """The article languages the lists cover (English included)."""
    kinds = resource_data("actors.yaml")["kinds"].values()
    return frozenset(lang for by_lang in kinds for lang in by_lang)


@cache
def _none_pattern(lang: str) -> re.Pattern[str] | None:
    forms = resource_data("actors.yaml").get("none", {}).get(lang)
    return _compiled(forms, lang) if forms else None


def actor_kinds(text: str, lang: str) -> set[str]:
    """The kinds of actor `text` (in `lang`) has a word for."""
    return _kinds_in(_lowered(text), lang)


def _lowered(text: str) -> str:
    # A trailing space lets a listed form end a text ("tar " for Italy's administrative court).
    return f"{text.lower()} "


def _kinds_in(lowered: str, lang: str) -> set[str]:
    if (none := _none_pattern(lang)) is not None:
        lowered = none.sub(" ", lowered)
    return {kind for kind, pattern in _patterns(lang).items() if pattern.search(lowered)}


@cache
def _field_patterns(lang: str) -> dict[str, re.Pattern[str]]:
    fields = resource_data("actors.yaml")["fields"].items()
    return {field: _compiled(by_lang[lang], lang) for field, by_lang in fields if by_lang.get(lang)}


def _compiled(forms: list[str], lang: str) -> re.Pattern[str]:
    words = "|".join(re.escape(str(f).lower()) for f in sorted(forms, key=len, reverse=True))
    if lang in _ANYWHERE:
        return re.compile(f"(?:{words})")
    if lang == "en":
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)")
    front = _ARABIC_FRONT if lang == "ar" else ""
    return re.compile(rf"(?<!\w){front}(?:{words})")


@cache
def _body_phrases() -> dict[str, re.Pattern[str]]:
    """Per field, an English body named by it: the field before its head ("the state health
    office", "consumer-protection agency") or after "of"/"for" ("Ministry of Ecology and
    Environment")."""
    heads = resource_data("actors.yaml")["bodies"]
    head = "|".join(re.escape(str(h)) for h in sorted(heads, key=len, reverse=True))
    phrases = {}
    for field, pattern in _field_patterns("en").items():
        words = pattern.pattern
        before = rf"{words}(?:\s+[\w'’-]+){{0,2}}?\s+(?:{head})s?(?!\w)"
        after = rf"(?<!\w)(?:{head})\s+(?:of|for)\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}?{words}"
        phrases[field] = re.compile(f"{before}|{after}")
    return phrases


def body_fields(text: str) -> set[str]:
    """The fields the (English) text names a body by."""
    lowered = text.lower()
    return {field for field, phrase in _body_phrases().items() if phrase.search(lowered)}


def actors_not_in_source(summary: str, source: str, source_lang: str | None) -> list[str]:
    """Kinds of actor the (English) summary names and its article has no word for, and bodies
    of a field the article has no word of ("health body"); nothing where the article's language
    has no lists."""
    if source_lang is None or source_lang not in judged_languages():
        return []
    lowered = _lowered(source)  # the article, lowered once for kinds and fields
    missing = actor_kinds(summary, "en") - _kinds_in(lowered, source_lang)
    fields = _field_patterns(source_lang)
    missing |= {
        f"{field} body"
        for field in body_fields(summary)
        if field in fields and not fields[field].search(lowered)
    }
    return sorted(missing)
