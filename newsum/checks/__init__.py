"""Stage 5: checks a reviewer can filter on, per summary and per translation.

Each check is a plain function over (source, output) returning what it found; `check_summary` and
`check_translation` collect them into one CheckResult with review reason codes, and
`check_translations` checks one summary's translations together. The checks are
deliberately conservative: they cannot prove a summary right, they catch the failure modes seen
in practice (invented figures, adopted framing, unattributed, misattributed or contested claims
stated as fact, loops, word salad, wrong language, a "translation" that is not one or that
changes names, dates or who said what, an obeyed injection). One module per concern:

- numbers: figures in digits, times of day;       - surface: framing, loops, markup, mixed words;
- number_words: figures written in words;          - spelling: a name's sounds across conventions;
- figure_forms: figures written but as digits;     - names: names across scripts, exonyms;
- same_figure: one figure written two ways;        - name_forms: what of a name a language keeps;
- dates: dates by a month's name or as 9月19日;    - entities: a summary's names its article lacks;
- grounding: a summary's figures, shares, dates;   - translation_names: names a translation keeps;
- plausibility: invented words (character model);  - scripts: the Unicode ranges of scripts;
- attribution: attribution verbs and polarity;     - claims: claims against the article;
- stated: a claim in the narrator's voice;         - injection: instructions in the article;
- summary: check_summary, check_translation;       - result: what a check found;
- consensus: one summary's translations together;  - memo: how many texts the caches keep;
- actors: kinds of body (a ministry, the police) a summary names and its article lacks.
"""

from newsum.checks.actors import actors_not_in_source
from newsum.checks.attribution import attribution_changes, attribution_kinds
from newsum.checks.claims import GENERIC_SOURCES, claim_problems
from newsum.checks.consensus import check_translations
from newsum.checks.dates import dates_in
from newsum.checks.entities import entities_not_in_source
from newsum.checks.grounding import ungrounded_numbers
from newsum.checks.injection import check_injection, injection_canaries
from newsum.checks.names import mentions, names_in
from newsum.checks.numbers import NUMBER, canonical_number, numbers_in
from newsum.checks.plausibility import Plausibility, can_judge, implausible, plausibility
from newsum.checks.result import CheckResult
from newsum.checks.spelling import skeleton
from newsum.checks.stated import claims_stated_as_fact
from newsum.checks.summary import base_checks, check_summary, check_translation
from newsum.checks.surface import (
    foreign_function_words,
    has_attribution,
    latin_words_in_script,
    markup_leaks,
    phrase_loops,
    repeated_sentences,
    unattributed_loaded_terms,
)
from newsum.checks.translation_names import names_missing_in_translation

__all__ = [
    "GENERIC_SOURCES",
    "NUMBER",
    "CheckResult",
    "Plausibility",
    "actors_not_in_source",
    "attribution_changes",
    "attribution_kinds",
    "base_checks",
    "can_judge",
    "canonical_number",
    "check_injection",
    "check_summary",
    "check_translation",
    "check_translations",
    "claim_problems",
    "claims_stated_as_fact",
    "dates_in",
    "entities_not_in_source",
    "foreign_function_words",
    "has_attribution",
    "implausible",
    "injection_canaries",
    "latin_words_in_script",
    "markup_leaks",
    "mentions",
    "names_in",
    "names_missing_in_translation",
    "numbers_in",
    "phrase_loops",
    "plausibility",
    "repeated_sentences",
    "skeleton",
    "unattributed_loaded_terms",
    "ungrounded_numbers",
]
