"""Figures, dates, names, languages, reporting verbs and clauses the checks misread on good answers
of the checks benchmark's splits final117 to final124, after their first measurement (issue 12).
Each case failed before its fix; the guards show that a changed figure, date or name, a foreign
language, a reporting verb's polarity and a claim stated as fact are still caught."""

from __future__ import annotations

import pytest

from newsum.checks.attribution import attribution_changes, attribution_kinds
from newsum.checks.dates import dates_in
from newsum.checks.entities import entities_not_in_source
from newsum.checks.number_words import spelled_numbers
from newsum.checks.numbers import numbers_in
from newsum.checks.same_figure import same_figure_rescaled
from newsum.checks.stated import claims_stated_as_fact
from newsum.checks.translation_names import names_missing_in_translation
from newsum.language import detect_language
from tests.support.summaries import summary_with_claims

# --- Figures and dates -----------------------------------------------------------------------


def test_a_fraction_written_with_a_hyphen_is_no_figure() -> None:
    assert "5" not in spelled_numbers("covering less than one-fifth of the seabed", "en")
    # Guard: an ordinal is still its figure.
    assert "5" in spelled_numbers("for the fifth time", "en")


def test_a_clock_time_before_a_colon_has_no_seconds() -> None:
    assert numbers_in("с 23:00 до 6:00: по их словам") == {"23", "6"}
    # Guard: seconds are still read.
    assert numbers_in("в 6:00:30 утра") == {"6", "30"}


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("تصل إلى مليون و200 ألف دينار", "1.2 million dinars"),
        ("3 ملايين و500 ألف دولار", "3.5 million dollars"),
        ("مليونين و250 ألف ريال", "2.25 million rials"),  # the dual: two million
    ],
)
def test_arabic_millions_and_thousands_said_apart(text: str, english: str) -> None:
    assert numbers_in(text) == numbers_in(english)
    # Guard: thousands alone are still thousands.
    assert numbers_in("41 ألفًا و650 شخصا") == {"41650"}


def test_an_arabic_afternoon_hour_is_on_the_24_hour_clock() -> None:
    summary = "forced to play on Sundays at 14:00"
    assert same_figure_rescaled("14", summary, "في الساعة الثانية بعد الظهر")
    assert same_figure_rescaled("19", "at 19:00", "عند السابعة مساءً")
    # Guard: a morning hour is not the afternoon's.
    assert not same_figure_rescaled("14", summary, "في الساعة الثانية صباحاً")


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("a partir del 1.° de julio", {(7, 1)}),  # a degree sign for the ordinal indicator
        ("احتجزوا في 5 دجمبر الماضي", {(12, 5)}),  # Mauritania's December
        ("gjatë kontrollit të 12 nëntorit", {(11, 12)}),  # Albanian's definite form
    ],
)
def test_more_dates(text: str, dates: set[tuple[int, int]]) -> None:
    assert dates_in(text) == dates


# --- Names and languages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "translation", "lang"),
    [
        (
            "start tolling near Okyereko Junction on March 16",
            "percevoir un péage près du carrefour d'Okyereko le 16 mars",
            "fr",
        ),
        (
            "The Undersecretariat said the quota stands.",
            "La Subsecretaría dijo que el cupo se mantiene.",
            "es",
        ),
        ("The Swiss municipality of Hemberg voted.", "La commune suisse de Hemberg a voté.", "fr"),
    ],
)
def test_names_a_translation_words_its_own_way(summary: str, translation: str, lang: str) -> None:
    assert names_missing_in_translation(summary, translation, lang) == []


def test_a_nationality_whose_country_the_adjective_does_not_spell() -> None:
    # A paper at a Swiss address need not say it is Swiss: the summary says so for its readers.
    outlet = "Thurtaler Anzeiger https://www.thurtaler-anzeiger.ch/region/hemberg"
    summary = "The Swiss municipality of Hemberg voted."
    assert entities_not_in_source(summary, "Die Gemeinde Hemberg", False, outlet, "de") == []
    # Guard: a German paper's article has to name Switzerland for a summary to.
    german = "Anzeiger https://www.anzeiger.de/region/hemberg"
    assert entities_not_in_source(summary, "Die Gemeinde Hemberg", False, german, "de") == ["Swiss"]


def test_a_company_is_followed_by_its_proper_name() -> None:
    assert (
        entities_not_in_source(
            "The association accused Al-Ahqaf Contracting of uprooting trees.",
            "نفت شركة الأحقاف للمقاولات هذه الأرقام",
            False,
        )
        == []
    )
    # Guard: another company is not it.
    assert entities_not_in_source(
        "The association accused Al-Wadi Contracting of uprooting trees.",
        "نفت شركة الأحقاف للمقاولات هذه الأرقام",
        False,
    )


def test_place_names_with_foreign_letters_make_no_foreign_language() -> None:
    text = (
        "The company wants to move its fuel station, which has operated in Qormi since 1968, to "
        "a field on the road linking Żebbuġ and Siġġiewi. Żebbuġ local council voted five to two "
        "to object and has proposed a plot in Mrieħel instead, which the company rejected."
    )
    assert detect_language(text).lang == "en"
    # Guard: Maltese itself, which writes those letters in its everyday words, is not English.
    maltese = (
        "Il-kunsill lokali ħa deċiżjoni li joġġezzjona għall-proposta tal-kumpanija, għax "
        "ħafna residenti qalu li l-għalqa hija art agrikola u li ġimgħa ilu ma ġiet mgħarrfa "
        "ħadd dwar il-pjan il-ġdid tal-istazzjon tal-fjuwil."
    )
    assert detect_language(maltese).lang == "und"


# --- Reporting verbs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("le comté et le fournisseur se rejettent la responsabilité", "fr", "blame"),
        ("فيما تتبادل الاتهامات بشأن التأخر", "ar", "accuse"),
        ("с чем Ольтманнс не согласился", "ru", "oppose"),
        ("which al-Zarrouk disputed, saying the scales were wrong", "en", "oppose"),
        ("Mr Goh said that survey never mentioned rent", "en", "deny"),
        ("pidió al condado que rechace la solicitud", "es", "deny"),
        ("养蜂人协会指控正在拓宽公路的公司", "zh", "accuse"),
    ],
)
def test_reporting_verbs(text: str, lang: str, kind: str) -> None:
    assert (attribution_kinds(text, lang) or {}).get(kind)


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("пока расследование не признает её ответственность", "ru", "deny"),
        ("with local residents and shopkeepers admitted free", "en", "say"),
        ("cela ne prouvait pas d'où venait le rejet", "fr", "deny"),
        ("the fourteen rinks it has maintained in recent winters", "en", "say"),
        ("他面临三项指控", "zh", "accuse"),
    ],
)
def test_literal_senses_are_no_reporting(text: str, lang: str, kind: str) -> None:
    assert not (attribution_kinds(text, lang) or {}).get(kind)


def test_a_denial_turned_into_an_admission_beside_a_stance_that_stays_is_flipped() -> None:
    summary = (
        "Shu said 90% of the traders opposed the fee and that the money was public, which Qin "
        "denied, saying every payment was audited."
    )
    flipped = (
        "Shu a affirmé que 90 % des commerçants étaient opposés au droit et que l'argent était "
        "public, ce que Qin a reconnu, assurant que chaque dépense avait été auditée."
    )
    assert attribution_changes(summary, "en", flipped, "fr").get("flipped")
    # Guard: the denial kept is no flip.
    kept = flipped.replace("a reconnu", "a démenti")
    assert not attribution_changes(summary, "en", kept, "fr").get("flipped")


# --- Claims stated as fact -------------------------------------------------------------------


def test_an_opening_source_covers_the_whole_sentence() -> None:
    claim = ("Town of Ugo", "The company's gifts accounted for 120 million yen of its donations.")
    text = (
        "According to the town, tests found outside rice in the samples; the company's gifts "
        "accounted for about 120 million yen of the town's donations."
    )
    assert claims_stated_as_fact(text, "", "en", summary_with_claims(text, [claim])) == []
    # Guard: without the opening source the figure is stated as fact.
    bare = text.replace("According to the town, tests", "Tests")
    assert claims_stated_as_fact(bare, "", "en", summary_with_claims(bare, [claim]))


def test_the_party_as_the_agent_makes_its_own_claim() -> None:
    claim = (
        "Invergordon Traders' Association",
        "58 per cent of the 140 members it surveyed oppose the levy.",
    )
    text = (
        "In a survey of 140 members by the Invergordon Traders' Association, 58 per cent opposed "
        "the levy."
    )
    assert claims_stated_as_fact(text, "", "en", summary_with_claims(text, [claim])) == []
    bare = "In a survey of 140 members, 58 per cent opposed the levy."
    assert claims_stated_as_fact(bare, "", "en", summary_with_claims(bare, [claim]))


def test_a_collective_named_by_what_it_is_makes_its_own_stance() -> None:
    claim = ("Río Mayales Vivo", "The collective welcomed the closure.")
    text = (
        "The mill closed, while the environmental collective Río Mayales Vivo welcomed the closure."
    )
    assert claims_stated_as_fact(text, "", "en", summary_with_claims(text, [claim])) == []
