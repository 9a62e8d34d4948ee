"""Figures, names, reporting verbs, sentences and clauses the checks misread on good answers of
the checks benchmark's splits final125 to final132, after their first measurement (issue 12).
Each case failed before its fix; the guards show that a changed figure or name, a reporting
verb's polarity and a claim stated as fact are still caught."""

from __future__ import annotations

import pytest

from newsum.checks.attribution import attribution_kinds
from newsum.checks.entities import entities_not_in_source
from newsum.checks.number_words import spelled_numbers
from newsum.checks.same_figure import same_figure_rescaled
from newsum.checks.stated import claims_stated_as_fact
from newsum.checks.translation_names import names_missing_in_translation
from newsum.text import split_sentences
from tests.support.summaries import summary_with_claims

# --- Figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "one", "other"),
    [
        ("350000", "verse plus de 350 000 roupies par an", "pays more than three and a half lakh"),
        ("38000", "his bill rose from 38,000 rupees", "ਬਿੱਲ 38 ਹਜ਼ਾਰ ਰੁਪਏ ਤੋਂ ਵਧ ਕੇ"),
        ("62000", "visitors fell from 62,000", "62 ezerről 41 ezerre esett vissza"),
    ],
)
def test_a_figure_with_its_scale_in_words(number: str, one: str, other: str) -> None:
    assert same_figure_rescaled(number, one, other)
    # Guard: another figure is not it.
    assert not same_figure_rescaled(number.replace("3", "4", 1).replace("6", "7", 1), one, other)


@pytest.mark.parametrize(
    ("text", "lang", "figure"),
    [
        ("bioplinsku elektranu snage jednog megavata", "hr", "1"),
        ("dvadeset i tri kilometra", "hr", "20"),
        ("دفعت تمن الألواح والبطارية تمانية ملايين ليرة", "ar", "8"),
    ],
)
def test_more_figures_in_words(text: str, lang: str, figure: str) -> None:
    assert figure in spelled_numbers(text, lang)


def test_a_croatian_number_word_is_a_whole_word() -> None:
    assert spelled_numbers("tribunal u Splitu", "hr") == frozenset()


# --- Sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "An inquiry into the Oct. 14 explosion heard conflicting accounts.",
        "The factory lost Rs. 64 million over three financial years.",
    ],
)
def test_an_abbreviation_before_a_figure_ends_no_sentence(text: str) -> None:
    assert split_sentences(f"{text} Next.") == [text, "Next."]


# --- Names -----------------------------------------------------------------------------------


def test_a_name_in_an_indian_script_with_its_nasal_mark() -> None:
    summary = "prices fell because orders from China and Bangladesh dropped"
    article = "ధరలు తగ్గడానికి చైనా, బంగ్లాదేశ్ నుంచి ఆర్డర్లు తగ్గడమే కారణం"
    assert entities_not_in_source(summary, article, False) == []
    assert entities_not_in_source("block the Bengaluru highway", "ಬೆಂಗಳೂರು ಹೆದ್ದಾರಿ ತಡೆದು", False) == []
    # Guard: a country the article does not name is still looked for.
    assert entities_not_in_source("orders from Pakistan dropped", article, False) == ["Pakistan"]


def test_a_party_and_a_road_a_translation_words_its_own_way() -> None:
    assert (
        names_missing_in_translation("The Left voted against.", "La gauche a voté contre.", "fr")
        == []
    )
    assert (
        names_missing_in_translation(
            "garages on Grabtsevskoye Highway", "des garages sur la route de Grabtsevo", "fr"
        )
        == []
    )
    assert entities_not_in_source("a COD of 2,400 mg per litre", "નમૂનામાં 2,400", False) == []


# --- Reporting verbs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("the company will not agree to private chargers", "en", "deny"),
        ("Florian Pfurtscheller disputed his claim that the rent is low", "en", "oppose"),
        ("что управляющая компания не дает согласия на установку", "ru", "deny"),
    ],
)
def test_reporting_verbs(text: str, lang: str, kind: str) -> None:
    assert (attribution_kinds(text, lang) or {}).get(kind)


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("proposed giving resident families first refusal at the auction", "en", "deny"),
        ("alors que les unités en rejetaient 30 à 35 millions", "fr", "deny"),
        ("y con trabajadoras sin dar de alta", "es", "deny"),
        ("и что об отказе в продлении аренды никто не сообщал", "ru", "deny"),
        ("سيطلب من المجلس الاعتراض ما لم تحدد الشحنات", "ar", "deny"),
    ],
)
def test_literal_senses_are_no_reporting(text: str, lang: str, kind: str) -> None:
    assert not (attribution_kinds(text, lang) or {}).get(kind)


# --- Claims stated as fact -------------------------------------------------------------------


def test_a_claim_starts_at_a_word_not_at_letters_inside_another() -> None:
    claim = ("Sergei Lapin, director", "The price rise reflects higher diesel and timber costs.")
    text = (
        "The enterprise's director, Sergei Lapin, attributes the rise to higher diesel and "
        "timber costs."
    )
    assert claims_stated_as_fact(text, "", "en", summary_with_claims(text, [claim])) == []
    # Guard: with no speaker it is stated as fact.
    bare = "The rise is due to higher diesel and timber costs."
    assert claims_stated_as_fact(bare, "", "en", summary_with_claims(bare, [claim]))


def test_a_pronoun_goes_on_from_the_party_before_it() -> None:
    claim = (
        "Gujarat Pollution Control Board",
        "It imposed environmental compensation of Rs 15 lakh.",
    )
    text = (
        "The Gujarat Pollution Control Board has served a closure notice on the unit; it also "
        "imposed environmental compensation of Rs 15 lakh."
    )
    assert claims_stated_as_fact(text, "", "en", summary_with_claims(text, [claim])) == []
    bare = (
        "A closure notice was served on the unit; environmental compensation of Rs 15 lakh was "
        "also imposed."
    )
    assert claims_stated_as_fact(bare, "", "en", summary_with_claims(bare, [claim]))


def test_a_date_is_not_where_a_claim_starts() -> None:
    claim = (
        "Lishui town agriculture office",
        "In November 2024 it ordered the cooperative to correct the resolution.",
    )
    text = (
        "In November 2024 the Lishui town agriculture office ordered the cooperative to correct "
        "the resolution."
    )
    assert claims_stated_as_fact(text, "", "en", summary_with_claims(text, [claim])) == []
    bare = "In November 2024 the cooperative was ordered to correct the resolution."
    assert claims_stated_as_fact(bare, "", "en", summary_with_claims(bare, [claim]))
