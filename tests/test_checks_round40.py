"""What the checks flagged on good answers of the checks benchmark's splits final221 to final228,
after their first measurement (issue 12): figures their articles wrote their own way. Each case
failed before its fix; each guard shows what must still be caught or left alone."""

from __future__ import annotations

import pytest

from newsum.checks.grounding import ungrounded_numbers
from newsum.checks.number_words import spelled_numbers
from newsum.checks.summary import check_summary, check_translation
from newsum.summarize import ArticleSummary


@pytest.mark.parametrize(
    ("text", "lang", "figures"),
    [
        # Italian, German and Dutch write a number as one word.
        ("a circa seicento metri di distanza", "it", {"600"}),
        ("da trentasei anni, ventotto soci, ventitré voti", "it", {"36", "28", "23"}),
        ("sechsunddreißig Jahre und zweihundertfünfzig Mitglieder", "de", {"36", "250"}),
        ("sechsundzwanzigtausend Euro", "de", {"26000"}),
        (
            "zesendertig jaar, drieëntwintig vaste plekken, tweehonderd leden",
            "nl",
            {"36", "23", "200"},
        ),
        # Hindi's two and a half hundred.
        ("करीब ढाई सौ साल पुरानी बावड़ी", "hi", {"250"}),
        ("डेढ़ हज़ार लोग", "hi", {"1500"}),
    ],
)
def test_number_words_written_as_one_word(text: str, lang: str, figures: set[str]) -> None:
    assert spelled_numbers(text, lang) == figures


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Words that start with a number word and go on with something else.
        ("Achtung: das Dreieck im Einsatz", "de"),
        ("we vieren het feest in Tienen; de achten", "nl"),
        ("un duetto di ottone sul trenino", "it"),
    ],
)
def test_words_made_of_more_than_number_words_are_no_figure(text: str, lang: str) -> None:
    assert spelled_numbers(text, lang) == set()


def test_a_word_listed_whole_keeps_its_value() -> None:
    # "drei" and "zehn" make 13 here, not 30.
    assert spelled_numbers("dreizehn Häuser", "de") == {"13"}


def test_compounds_ground_a_summarys_figures_and_a_changed_one_is_still_caught() -> None:
    article = "Sluiswachter Geert Zwiers, die de sluis zesendertig jaar bediende."
    assert ungrounded_numbers("its keeper for 36 years", article) == []
    assert ungrounded_numbers("its keeper for 26 years", article) == ["26"]


def test_a_chinese_price_at_seven_tenths_is_thirty_per_cent_off() -> None:
    article = "老摊主首年租金可享受七折优惠。"
    assert ungrounded_numbers("returning stallholders get 30 per cent off", article) == []
    assert ungrounded_numbers("returning stallholders pay 70 per cent of the rent", article) == []
    assert ungrounded_numbers("returning stallholders get 40 per cent off", article) == ["40"]
    # "折合" converts a sum; no discount.
    assert ungrounded_numbers("a 30 per cent discount", "约折合人民币3万元") == ["30"]


def test_a_chinese_translation_may_give_a_discount_as_tenths_of_the_price() -> None:
    summary = "the company gets a 20 per cent discount on hot water for five years"
    kept = check_translation("该公司在头五年享受热水价格八折优惠。", summary, "", "zh")
    assert "translation_numbers_missing" not in kept.review_reasons
    # Its price share (80) is no figure of the translation's own.
    with_both = check_translation("享受热水价格八折优惠，即20%的折扣。", summary, "", "zh")
    assert "numbers_ungrounded" not in with_both.review_reasons
    changed = check_translation("该公司在头五年享受热水价格七折优惠。", summary, "", "zh")
    assert changed.details["translation_numbers_missing"] == ["20"]


def test_a_summarys_share_off_is_grounded_in_a_chinese_discount() -> None:
    article = "公司表示，回迁摊主首年租金打七折，市场里有25%的摊位空置。"
    summary = _summary("Returning stallholders get 30 per cent off in the first year.")
    result = check_summary(summary, article, "zh", "en")
    assert "numbers_ungrounded" not in result.review_reasons
    changed = _summary("Returning stallholders get 20 per cent off in the first year.")
    assert "numbers_ungrounded" in check_summary(changed, article, "zh", "en").review_reasons


def _summary(text: str) -> ArticleSummary:
    return ArticleSummary.model_validate(
        {"summary": text, "claims": [], "parties": [], "figures": []}
    )
