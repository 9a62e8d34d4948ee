"""Names a summary gives that its article does not (`entities_not_in_source`): an invented
actor or place. In an article of another language only what a translation keeps of a name is
looked for (checks/name_forms.py).
"""

from __future__ import annotations

from newsum.checks.name_forms import (
    QUOTED_TITLE,
    body_name_tails,
    kept_in_translation,
    translated_name,
    without_body_possessives,
)
from newsum.checks.names import grounded, mentions, names_in
from newsum.lexicon import home_languages


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
    tails = frozenset() if same_language else body_name_tails(output)
    # Across languages a body's name is looked for by what a translation keeps of it.
    read = output if same_language else without_body_possessives(output)
    return sorted(
        {
            n
            for n in names_in(QUOTED_TITLE.sub(" ", read))
            if (wanted := _looked_for(n, same_language)) is not None
            and wanted not in tails
            and not grounded(source, wanted, same_language)
            and not (outlet and mentions(outlet, n))
            # An article need not name its own country ("Iran" for a Persian paper's story):
            # a summary names it for its readers.
            and not (source_lang and not same_language and source_lang in home_languages(n))
        }
    )


def _looked_for(name: str, same_language: bool) -> str | None:
    """What of a summary's name its article must have: all of it in the same language; in
    another, what a translation keeps of it (None: nothing, it is all translated)."""
    if same_language:
        return name
    if translated_name(name, headless=True):
        return None
    return kept_in_translation(name)
