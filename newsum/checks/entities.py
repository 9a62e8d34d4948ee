"""Names a summary gives that its article does not (`entities_not_in_source`): an invented
actor or place. In an article of another language only what a translation keeps of a name is
looked for (checks/name_forms.py).
"""

from __future__ import annotations

import re
from functools import cache

from newsum.checks.name_forms import (
    QUOTED_TITLE,
    body_name_tails,
    kept_in_translation,
    translated_name,
    without_body_possessives,
)
from newsum.checks.names import country_of, grounded, mentions, names_in
from newsum.checks.scripts import mostly_latin_or_cyrillic
from newsum.lexicon import country_of_domain, home_languages, resource_data


def entities_not_in_source(
    output: str,
    source: str,
    same_language: bool = True,
    outlet: str = "",
    source_lang: str | None = None,
) -> list[str]:
    """Names in the output (English) that the source (any language) never mentions; in a
    source of another language, names it would translate are not looked for. Titles of works
    are translated too; the outlet (`outlet`: its name and address) is named by the metadata
    ("BBC Mundo", "Ararat Times"); a country whose language the source (`source_lang`) is in may be
    named for the reader."""
    found = _acronyms_not_in(output, source, outlet)
    tails = frozenset() if same_language else body_name_tails(output)
    # Across languages a body's name is looked for by what a translation keeps of it.
    read = output if same_language else without_body_possessives(output)
    return sorted(
        found
        | {
            n
            for n in names_in(QUOTED_TITLE.sub(" ", read))
            if (wanted := _looked_for(n, same_language)) is not None
            and wanted not in tails
            and not grounded(source, wanted, same_language)
            and not (outlet and mentions(outlet, n))
            # An article need not name its own country ("Iran" for a Persian paper's story): a
            # summary names it for its readers, or calls it by its adjective ("Swiss" for a
            # paper at a .ch address).
            and not (source_lang and not same_language and source_lang in home_languages(n))
            and not (outlet and country_of(n) in _outlet_countries(outlet))
        }
    )


def names_followed(source: str, source_lang: str | None) -> bool:
    """Whether a summary's names can be looked for in its article: one in Latin or Cyrillic
    script, or in Arabic or Chinese, whose forms of names the tables list. In another script
    (Greek, Hebrew, Persian, Thai, Korean, the Indic scripts…) a name the summary transliterates
    is found by its sounds alone. On the checks benchmark (dev to final172), making the reason a
    note there took the flag off 27 good summaries and lost 5 of 156 invented actors caught."""
    return source_lang in ("ar", "zh") or mostly_latin_or_cyrillic(source)


def _outlet_countries(outlet: str) -> set[str]:
    """The countries of the outlet's web addresses ("thurtaler-anzeiger.ch": Switzerland)."""
    return {c for code in _COUNTRY_DOMAIN.findall(outlet) if (c := country_of_domain(code))}


_COUNTRY_DOMAIN = re.compile(r"\w\.([a-z]{2})(?=[/:\s]|$)")


# An abbreviation of three or more capitals ("CCOO", "CNMC"): kept as it is in any language.
_ACRONYM = re.compile(r"(?<![\w&-])([A-Z][A-Z&]{2,})(?![\w&-])")


def _acronyms_not_in(output: str, source: str, outlet: str) -> set[str]:
    """The output's abbreviations (a union, a regulator, an agency) that the article never
    writes, in its own script or in Latin letters among it ("CCOO" inside a Spanish or an
    Arabic text); not those of things, units and bodies a translation writes its own way
    (resources/name_words.yaml, `common_acronyms`)."""
    wanted = {a for a in _ACRONYM.findall(QUOTED_TITLE.sub(" ", output)) if a not in _common()}
    if not wanted:
        return set()
    from anyascii import anyascii

    # Italian and Spanish papers write some as words ("il Tar", "la Asl").
    written = f"{source}\n{anyascii(source)}\n{outlet}"
    return {a for a in wanted if not re.search(rf"(?<!\w){a}(?!\w)", written, re.IGNORECASE)}


@cache
def _common() -> frozenset[str]:
    return frozenset(str(resource_data("name_words.yaml")["common_acronyms"]).split())


def _looked_for(name: str, same_language: bool) -> str | None:
    """What of a summary's name its article must have: all of it in the same language; in
    another, what a translation keeps of it (None: nothing, it is all translated)."""
    if same_language:
        return name
    if translated_name(name, headless=True):
        return None
    return kept_in_translation(name)
