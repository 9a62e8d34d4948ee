"""The checks of one summary and of one translation, collected into a CheckResult."""

from __future__ import annotations

import re

from newsum.checks.actors import actors_not_in_source
from newsum.checks.attribution import attribution_changes
from newsum.checks.claims import GENERIC_SOURCES, claim_problems
from newsum.checks.dates import dates_in
from newsum.checks.entities import entities_not_in_source, names_followed
from newsum.checks.figure_forms import discount_shares
from newsum.checks.grounding import check_figures, dates_not_in_source, ungrounded_numbers
from newsum.checks.injection import check_injection
from newsum.checks.number_words import spellable, spelled_numbers
from newsum.checks.numbers import clock_read_apart, name_numbers, numbers_in
from newsum.checks.plausibility import implausible, plausibility
from newsum.checks.result import CheckResult
from newsum.checks.same_figure import same_figure_rescaled
from newsum.checks.scripts import HAN, HANGUL, KANA
from newsum.checks.stated import claims_stated_as_fact
from newsum.checks.surface import (
    foreign_function_words,
    latin_words_in_script,
    markup_leaks,
    phrase_loops,
    repeated_sentences,
    unattributed_editorial_terms,
    unattributed_loaded_terms,
)
from newsum.checks.translation_names import (
    names_added_in_translation,
    names_missing_in_translation,
    names_new_in_translation,
)
from newsum.language import detect_language
from newsum.language_codes import SUPPORTED_LANGUAGES
from newsum.summarize import ArticleSummary
from newsum.text import WORD

# The end of a sentence in the scripts the pipeline writes, optionally followed by a closing
# quote or bracket (French sets a space before », often a no-break one).
_ENDS_SENTENCE = re.compile(r"[.!?。！？…؟।](?:[\s\u00a0\u202f]*['\"”’»)\]」』])*\s*$")
_DENSE_SCRIPTS = {"zh", "ja", "ko"}


_CJK = re.compile(f"[{KANA}{HAN}{HANGUL}]")
# English words per character of Chinese or Japanese: a news sentence of 30 characters says
# about what 20 English words say.
_WORDS_PER_CJK_CHAR = 0.65


def word_count(text: str) -> int:
    """Words, with Chinese and Japanese (no spaces: \\w+ counts clauses) counted by characters."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(WORD.findall(text))
    spaced = len(WORD.findall(_CJK.sub(" ", text)))
    return spaced + round(cjk * _WORDS_PER_CJK_CHAR)


def _base(text: str, target_lang: str, extra_source: str) -> CheckResult:
    # A target the detector does not know cannot be checked; it is not a wrong language.
    checkable = target_lang in SUPPORTED_LANGUAGES
    # With the expected language given, a text in another script is ruled out (and a Russian or
    # Greek one confirmed) without running the statistical model: most outputs are settled so.
    detected = detect_language(text, expected=target_lang if checkable else None)
    missing = [
        n
        for n in ungrounded_numbers(text, extra_source)
        if not same_figure_rescaled(n, text, extra_source)
    ]
    result = CheckResult(
        numbers_grounded=not missing,
        lang_detected=detected.lang,
        lang_ok=detected.lang == target_lang or not checkable,
        length_ok=True,
        n_words=len(WORD.findall(text)),
    )
    if missing:
        result.flag("numbers_ungrounded", missing)
    if not result.lang_ok:
        detail = {"expected": target_lang, "detected": detected.lang}
        if detected.reason:  # e.g. "not ru: written in Latin script"
            detail["why"] = detected.reason
        result.flag("wrong_language", detail)
    loaded = unattributed_loaded_terms(text, target_lang)
    if loaded:
        result.flag("loaded_terms_unattributed", loaded)
    if editorial := unattributed_editorial_terms(text, target_lang):
        result.flag("editorial_terms_unattributed", editorial)
    if (repeats := repeated_sentences(text)) > 0:
        result.flag("repeated_sentences", repeats)
    elif loops := phrase_loops(text, target_lang):
        result.flag("repeated_sentences", {"phrases": loops})
    _check_wording(result, text, target_lang)
    return result


base_checks = _base  # public for the event checks (newsum/events/checks.py)


def _check_wording(result: CheckResult, text: str, lang: str) -> None:
    """Word salad: leaked markup, words of another script or language, invented words."""
    if leaks := markup_leaks(text):
        result.flag("markup_in_text", leaks)
    if not result.lang_ok:
        return  # wrong_language says it already
    foreign = latin_words_in_script(text, lang)
    if len(foreign) >= 2:
        result.flag("foreign_words", {"latin": foreign})
    elif mixed := foreign_function_words(text, lang):
        result.flag("foreign_words", mixed)
    judged = plausibility(text, lang)
    if implausible(judged):
        result.flag(
            "implausible_words",
            {"plausible_share": round(judged.score, 2), "examples": list(judged.implausible)},
        )
    elif not judged.judged:
        result.note("plausibility", f"not judged: {judged.why}")


def check_summary(
    summary: ArticleSummary,
    source: str,
    source_lang: str | None,
    target_lang: str,
    metadata: str = "",
    outlet: str = "",
) -> CheckResult:
    """`metadata`: what else the model was shown (outlet, date), so its figures are grounded.
    `outlet`: the article's source and address, which name its publisher."""
    text = summary.summary
    grounding = f"{source}\n{metadata}"
    result = _base(text, target_lang, grounding)
    check_figures(result, summary, grounding, source_lang, target_lang)
    if dates := dates_not_in_source(text, source, metadata):
        result.flag("date_not_in_source", dates)
    source_words = word_count(source)
    # A summary longer than its article is padded or invented (kept on purpose); an article
    # in Chinese is measured by its characters, not its clause count. Another language says
    # the same in other word counts: English takes about a third more words than Turkish or
    # Azerbaijani (suffixes, no articles) and a sixth more than German (compounds), so across
    # languages only a summary half as long again as its article counts as longer than it.
    longest = source_words if source_lang == target_lang else source_words * 3 // 2
    if result.n_words < 15 or result.n_words > 250 or result.n_words > max(40, longest):
        result.length_ok = False
        result.flag("length_out_of_range", {"words": result.n_words, "source_words": source_words})
    _check_sources(result, summary, source, source_lang, target_lang, outlet)
    if text.strip() and not _ENDS_SENTENCE.search(text):
        # A summary that stops mid-sentence was cut at a length cap (small models run into it).
        result.flag("incomplete_sentence", text.strip()[-40:])
    check_injection(result, text, source)
    return result


def _check_sources(
    result: CheckResult,
    summary: ArticleSummary,
    source: str,
    source_lang: str | None,
    target_lang: str,
    outlet: str,
) -> None:
    """Who is named and who said what: names, claims and their sources against the article."""
    text = summary.summary
    same_language = source_lang == target_lang
    if target_lang == "en" or same_language:
        # Names are read from English (Latin-script) summaries and looked for in any script.
        if entities := entities_not_in_source(text, source, same_language, outlet, source_lang):
            if same_language or names_followed(source, source_lang):
                result.flag("entities_not_in_source", entities)
            else:
                result.note("possible_entities_not_in_source", entities)
        if target_lang == "en" and (actors := actors_not_in_source(text, source, source_lang)):
            result.flag("actors_not_in_source", actors)
        problems = claim_problems(
            summary, source, same_language=same_language, outlet=outlet, lang=source_lang
        )
    else:
        problems = {
            "unattributed": [
                c.claim[:80] for c in summary.claims if c.source.strip().lower() in GENERIC_SOURCES
            ]
        }
    if problems.get("mismatch"):
        # Who says what is told from names near a reporting verb, which a body and its
        # spokesman, or "the league" and its full name, defeat: on the checks benchmark's 23
        # first unseen measurements the review reason was raised on 41 good summaries and caught
        # two misattributions. The reviewer sees it in the details; it asks for no review on its
        # own (the verifier, LLM_VERIFY=1, reads who said what).
        result.note("possible_claim_source_mismatch", problems.pop("mismatch"))
    for key, reason in (
        ("unattributed", "claims_unattributed"),
        ("not_in_source", "claim_not_in_source"),
    ):
        if problems.get(key):
            result.flag(reason, problems[key])
    if stated := claims_stated_as_fact(
        text, source if same_language else "", target_lang, summary, outlet
    ):
        result.flag("claim_stated_as_fact", stated)


def check_translation(
    translation: str,
    summary_text: str,
    source: str,
    target_lang: str,
    summary_lang: str = "en",
) -> CheckResult:
    """A translation must be in its language, keep the summary's figures, dates, names and
    attributions, and roughly its length."""
    result = _base(translation, target_lang, f"{source}\n{summary_text}")
    result.kind = "translation"
    # A figure may be written out in the translation ("12th" as "الثاني عشر"), or be part of a
    # name the translation words its own way (COVID-19).
    written_out = spelled_numbers(translation, target_lang) | name_numbers(summary_text)
    # A discount the Chinese way: "七折" for "30% off" (or "70% of the price").
    written_out |= discount_shares(translation)
    # A date's day kept as the same date in words ("1 April" as "غرّة أفريل", the first of April).
    written_out |= {str(day) for _, day in dates_in(summary_text) & dates_in(translation)}
    lost = sorted(
        n
        for n in numbers_in(summary_text) - numbers_in(translation)
        if n not in written_out
        and not same_figure_rescaled(n, summary_text, translation)
        and not clock_read_apart(n, summary_text, translation)
    )
    # A figure the summary spells out ("four officials") must be in the translation, spelled
    # out or in digits ("cinco" is a changed figure). "One" is left out: it is also an article.
    spelled = (spelled_numbers(summary_text, summary_lang, approximate=False) - {"1"}) & spellable(
        target_lang
    )
    if spelled:
        kept = spelled_numbers(translation, target_lang) | numbers_in(translation)
        lost += sorted(
            n
            for n in spelled - kept - set(lost)
            if not same_figure_rescaled(n, summary_text, translation)
        )
    if lost:
        result.flag("translation_numbers_missing", lost)
    before, after = dates_in(summary_text), dates_in(translation)
    if after and before - after:
        wanted = [f"{m:02d}-{d:02d}" for m, d in sorted(before - after)]
        found = [f"{m:02d}-{d:02d}" for m, d in sorted(after)]
        result.flag("translation_date_changed", {"summary": wanted, "translation": found})
    ratio = len(translation) / max(1, len(summary_text))
    low, high = (0.15, 1.2) if target_lang in _DENSE_SCRIPTS else (0.45, 2.5)
    if not low <= ratio <= high:
        result.length_ok = False
        result.flag("length_out_of_range", {"ratio_to_summary": round(ratio, 2)})
    if translation.strip() == summary_text.strip():
        result.flag("not_translated", "the translation is the summary itself")
    elif result.lang_ok:
        _check_meaning(result, translation, summary_text, summary_lang, target_lang, source)
    check_injection(result, translation, source)
    return result


def _check_meaning(
    result: CheckResult,
    translation: str,
    summary_text: str,
    summary_lang: str,
    target_lang: str,
    source: str,
) -> None:
    if summary_lang == "en":
        if missing := names_missing_in_translation(summary_text, translation, target_lang):
            result.flag("translation_names_missing", missing)
        # Chinese names of institutions hold place names (欧盟委员会, the EU's Commission).
        added = (
            []
            if target_lang in _DENSE_SCRIPTS
            else names_added_in_translation(summary_text, translation)
            + names_new_in_translation(summary_text, translation, target_lang, source)
        )
        if added:
            result.flag("translation_names_added", added)
    changes = attribution_changes(summary_text, summary_lang, translation, target_lang)
    if "flipped" in changes:
        result.flag("attribution_flipped", changes["flipped"])
    if {"said_fewer", "unattributed_sentences"} & changes.keys():
        result.flag("attribution_dropped", {k: v for k, v in changes.items() if k != "flipped"})
    elif "dropped" in changes:
        result.note("possible_attribution_dropped", changes["dropped"])
    if text_cut := _cut_off(translation, summary_text):
        result.flag("incomplete_sentence", text_cut)


def _cut_off(translation: str, summary_text: str) -> str | None:
    """A translation that stops mid-sentence where its summary ended a sentence."""
    if _ENDS_SENTENCE.search(summary_text) and not _ENDS_SENTENCE.search(translation):
        return translation.strip()[-40:]
    return None
