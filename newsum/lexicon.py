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


# The kinds of attribution verbs that report speech ("agreed", "backed" report acts).
_REPORTED_SPEECH = {"say", "tell", "deny", "accuse", "condemn"}


def attribution_markers(lang: str) -> tuple[str, ...]:
    """Lower-cased markers of reported speech; English ones always apply (quoted English names).
    The attribution verbs of resources/attribution.yaml count too (one list to keep complete:
    "warn", "advierten", "يحذر") where they report speech, not an act ("agreed")."""
    table: dict[str, list[str]] = _lexicon()["attribution"]
    verbs = [
        form
        for code in {lang, "en"}
        for kind, forms in attribution_verbs(code).items()
        if kind in _REPORTED_SPEECH
        for form in forms
    ]
    return tuple({m.lower() for m in table.get(lang, []) + table["en"]} | set(verbs))


@cache
def not_attribution(lang: str) -> frozenset[str]:
    """Phrases that start like a marker of reported speech and report no one."""
    return frozenset(str(p).lower() for p in _lexicon().get("not_attribution", {}).get(lang, []))


def lists_attribution(lang: str) -> bool:
    """Whether `lang` has its own markers of reported speech (beyond the English ones)."""
    return lang in _lexicon()["attribution"]


@cache
def loaded_term_pattern(lang: str) -> re.Pattern[str] | None:
    """The loaded terms of `lang`, and the phrases that hold one and are none (`not_loaded`):
    matched too, so that the term inside them does not count (see `not_loaded`)."""
    terms: list[str] = _lexicon()["loaded_terms"].get(lang, [])
    if not terms:
        return None
    alternatives = "|".join(
        re.escape(term.lower())
        for term in sorted([*terms, *not_loaded(lang)], key=len, reverse=True)
    )
    # A term matches at the start of a word (stems cover inflections); scripts without spaces
    # between words (zh) match anywhere.
    boundary = "" if lang in ("zh", "ja") else r"(?<!\w)"
    return re.compile(f"{boundary}(?:{alternatives})", re.IGNORECASE)


@cache
def not_loaded(lang: str) -> frozenset[str]:
    """Phrases with a loaded term in them that are no framing ("temporary occupation permits":
    the use of public land under a permit)."""
    return frozenset(str(p).lower() for p in _lexicon().get("not_loaded", {}).get(lang, []))


def loaded_languages() -> list[str]:
    return sorted(_lexicon()["loaded_terms"])


@cache
def resource_data(name: str) -> Any:
    """A resource file's data, parsed once (callers read it, never change it): the checks ask
    for the same lists per language and per decade word, and parsing dominated their first
    thousand articles."""
    text = resources.files("newsum").joinpath(f"resources/{name}").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def month_names() -> dict[str, int]:
    """Every listed month name (lower-case, any language) → its month number."""
    data = resource_data("months.yaml")
    names: dict[str, int] = {}
    for months in data["months"].values():
        names.update({str(name).lower(): i for i, name in enumerate(months, start=1)})
    for extra in data.get("extra", {}).values():
        names.update({str(name).lower(): int(month) for name, month in extra.items()})
    return names


@cache
def attribution_verbs(lang: str) -> dict[str, tuple[str, ...]]:
    """Attribution verbs of `lang` by kind (say, deny, refuse, agree, accuse, condemn); empty
    when the language has no list."""
    table: dict[str, dict[str, list[str]]] = resource_data("attribution.yaml")["verbs"]
    return {
        kind: tuple(str(v).lower() for v in forms) for kind, forms in table.get(lang, {}).items()
    }


def negations(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Negation words of `lang` (lower-case), and the words holding one that negate nothing;
    both empty when the language has no list (resources/attribution.yaml)."""
    data = resource_data("attribution.yaml")
    return tuple(str(f).lower() for f in data.get("negations", {}).get(lang, [])), tuple(
        str(f).lower() for f in data.get("negation_neutral", {}).get(lang, [])
    )


def attribution_languages() -> list[str]:
    return sorted(resource_data("attribution.yaml")["verbs"])


@cache
def exonyms() -> dict[str, tuple[str, ...]]:
    """Name → its forms in the languages covered (lower-case), resources/exonyms.yaml."""
    table: dict[str, list[str]] = resource_data("exonyms.yaml")["names"]
    return {
        name: tuple(dict.fromkeys(str(f).lower() for f in forms)) for name, forms in table.items()
    }


@cache
def country_names() -> dict[str, tuple[str, ...]]:
    """English country name → its names (lower-case) in the languages listed under
    `cldr_languages` in resources/exonyms.yaml, from CLDR (through Babel): every country, in the
    words each language uses, without a hand-kept table."""
    from babel import Locale  # loaded once, on first use (about 20 ms a language)

    langs = [str(lang) for lang in resource_data("exonyms.yaml").get("cldr_languages", [])]
    locales = [Locale.parse(lang) for lang in langs]
    names: dict[str, tuple[str, ...]] = {}
    for code, english in Locale.parse("en").territories.items():
        # Countries, and the world's regions a summary names too ("150": Europe, Европа,
        # أوروبا); "001", the world, is no place to follow.
        if code == "001" or not ((len(code) == 2 and code.isalpha()) or code.isdigit()):
            continue
        forms = [english, *(loc.territories.get(code, "") for loc in locales)]
        names[english] = tuple(dict.fromkeys(f.lower() for f in forms if f))
    territories = Locale.parse("en").territories
    for alias, code in resource_data("exonyms.yaml").get("country_aliases", {}).items():
        names[str(alias)] = (str(alias).lower(), *names[territories[code]])
    return names


@cache
def demonyms() -> dict[str, str]:
    """Nationality adjectives that do not start with their country's name ("Swiss":
    Switzerland, "Dutch": Netherlands), resources/exonyms.yaml `demonyms`."""
    table: dict[str, str] = resource_data("exonyms.yaml").get("demonyms", {})
    return {str(adjective): str(country) for adjective, country in table.items()}


@cache
def home_languages(country: str) -> frozenset[str]:
    """The official languages of a country by its English name ("Spain": es; "Egypt": ar), from
    CLDR through Babel; none for a name that is no country."""
    from babel import Locale
    from babel.languages import get_official_languages

    codes = {english: code for code, english in Locale.parse("en").territories.items()}
    if (code := codes.get(country)) is None:
        return frozenset()
    return frozenset(lang.split("_")[0] for lang in get_official_languages(code, de_facto=True))


@cache
def country_of_domain(code: str) -> str | None:
    """The English name of the country a two-letter web domain stands for ("ch": Switzerland);
    None for "uk" and the others that are no CLDR code."""
    from babel import Locale

    return Locale.parse("en").territories.get(code.upper()) if len(code) == 2 else None


@cache
def city_names() -> dict[str, tuple[str, ...]]:
    """English city name → its names (lower-case) in the `cldr_languages`: the cities CLDR
    names time zones after (Pyongyang, Пхеньян, بيونغ يانغ, 平壤; about 400, most capitals among
    them), plus the capitals and cities no zone is named after (Beijing, Washington, Hanoi), from
    `cities` in resources/exonyms.yaml, and the `places` that are neither (Wales). Arabic forms
    written in two words also count as one."""
    from babel import Locale

    data = resource_data("exonyms.yaml")
    locales = [Locale.parse(str(lang)) for lang in data.get("cldr_languages", [])]
    english = Locale.parse("en").time_zones
    zones = {str(z) for loc in locales for z in loc.time_zones if not str(z).startswith("Etc/")}
    names: dict[str, list[str]] = {}
    for zone in sorted(zones):
        city = english.get(zone, {}).get("city")
        name = str(city) if city else zone.rsplit("/", 1)[-1].replace("_", " ")
        forms = names.setdefault(name, [name])
        forms += [str(c) for loc in locales if (c := loc.time_zones.get(zone, {}).get("city"))]
    for block in ("cities", "places"):
        for name, forms in (data.get(block) or {}).items():
            names.setdefault(name, [name]).extend(str(f) for f in forms)
    result: dict[str, tuple[str, ...]] = {}
    for name, forms in names.items():
        lowered = [f.lower() for f in forms]
        lowered += [f.replace(" ", "") for f in lowered if " " in f and not f.isascii()]
        result[name] = tuple(dict.fromkeys(lowered))
    return result


@cache
def language_names() -> dict[str, tuple[str, ...]]:
    """English language name → its names (lower-case) in the `cldr_languages`, from CLDR: a
    nationality adjective is often the language's name ("German": allemand, alemán, немецкий,
    الألمانية), and a translation writes the adjective, not the country."""
    from babel import Locale

    langs = [str(lang) for lang in resource_data("exonyms.yaml").get("cldr_languages", [])]
    locales = [Locale.parse(lang) for lang in langs]
    names: dict[str, tuple[str, ...]] = {}
    for code, english in Locale.parse("en").languages.items():
        if "_" in code or len(code) > 3:
            continue
        forms = [english, *(loc.languages.get(code, "") for loc in locales)]
        names[english] = tuple(dict.fromkeys(f.lower() for f in forms if f))
    return names


@cache
def place_names() -> dict[str, tuple[str, ...]]:
    """Countries (CLDR) and cities (CLDR time zones and resources/exonyms.yaml `cities`)."""
    return {**city_names(), **country_names()}


@cache
def same_places() -> dict[str, tuple[str, ...]]:
    """Name → other names of the same place, for grounding a summary in its article."""
    table: dict[str, list[str]] = resource_data("exonyms.yaml").get("same_place", {})
    return {name: tuple(others) for name, others in table.items()}
