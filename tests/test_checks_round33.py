"""Figures, reporting verbs and clauses the checks misread on good answers of the checks
benchmark's splits final149 to final156, after their first measurement (issue 12). Each case
failed before its fix, but the literal senses, which show that the new verbs leave them alone;
the guards show that a changed figure, a flipped reporting verb and a claim stated as fact are
still caught."""

from __future__ import annotations

import pytest

from newsum.checks.attribution import attribution_kinds
from newsum.checks.figure_forms import decades_in_words
from newsum.checks.number_words import spelled_numbers
from newsum.checks.same_figure import same_figure_rescaled
from newsum.checks.stated import claims_stated_as_fact
from tests.support.summaries import summary_with_claims

# --- Figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "figures"),
    [
        ("eemaldatakse seitsmeteistkümnest vanast piimapukist üksteist", "et", {"17", "11"}),
        ("le società arrostiscono le castagne da quarant'anni", "it", {"40"}),
        ("ون ڈش اور رات دس بجے کی پابندی", "ur", {"10"}),
    ],
)
def test_more_figures_in_words(text: str, lang: str, figures: set[str]) -> None:
    assert figures <= spelled_numbers(text, lang)


def test_an_hour_spelled_out_in_the_evening() -> None:
    summary = "citing complaints about noise until half past eleven at night"
    assert same_figure_rescaled("11", summary, "des plaintes pour du bruit jusqu'à 23 h 30")
    # Guard: another hour is not it.
    assert not same_figure_rescaled("11", summary, "des plaintes pour du bruit jusqu'à 22 h 30")


def test_an_arabic_age_is_no_decade() -> None:
    age = "إن معظم زبائنه في الستينيات والسبعينيات من العمر"
    assert "1960" not in decades_in_words(age)
    assert "1960" in decades_in_words("منذ الستينيات")


# --- Reporting verbs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("que le comité d'organisation présente comme le seul moyen", "fr", "say"),
    ],
)
def test_more_reporting_verbs(text: str, lang: str, kind: str) -> None:
    assert (attribution_kinds(text, lang) or {}).get(kind)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The fence is estimated to cost 9.8 million kronor", "en"),
    ],
)
def test_literal_senses_are_no_reporting(text: str, lang: str) -> None:
    assert not attribution_kinds(text, lang)


# --- Claims stated as fact -------------------------------------------------------------------


def test_the_source_s_own_head_noun_names_it() -> None:
    claim = ("Amphawa tour-boat club", "A six-month trial at 80 boats should be tried.")
    text = "The club proposes that a six-month trial at 80 boats should be tried."
    assert claims_stated_as_fact(text, "", "en", summary_with_claims(text, [claim])) == []
    bare = "A six-month trial at 80 boats should be tried."
    assert claims_stated_as_fact(bare, "", "en", summary_with_claims(bare, [claim]))
