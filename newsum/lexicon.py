"""Per-language word lists shared by the stages (resources/lexicon.yaml)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _lexicon() -> dict[str, Any]:
    text = resources.files("newsum").joinpath("resources/lexicon.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def language_name(code: str) -> str:
    names: dict[str, str] = _lexicon()["language_names"]
    return names.get(code, code)


def attribution_markers(lang: str) -> tuple[str, ...]:
    """Lower-cased markers of reported speech; English ones always apply (quoted English names)."""
    table: dict[str, list[str]] = _lexicon()["attribution"]
    return tuple({m.lower() for m in table.get(lang, []) + table["en"]})


@cache
def loaded_term_pattern(lang: str) -> re.Pattern[str] | None:
    terms: list[str] = _lexicon()["loaded_terms"].get(lang, [])
    if not terms:
        return None
    alternatives = "|".join(
        re.escape(term.lower()) for term in sorted(terms, key=len, reverse=True)
    )
    # A term matches at the start of a word (stems cover inflections); scripts without spaces
    # between words (zh) match anywhere.
    boundary = "" if lang in ("zh", "ja") else r"(?<!\w)"
    return re.compile(f"{boundary}(?:{alternatives})", re.IGNORECASE)


def loaded_languages() -> list[str]:
    return sorted(_lexicon()["loaded_terms"])
