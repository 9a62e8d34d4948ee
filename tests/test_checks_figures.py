"""Figures written in ways the checks misread: found on good summaries and translations of the
checks benchmark's splits final18, final19 and final9 (issue 12). Each case failed before its
fix; a changed figure is still caught."""

from __future__ import annotations

import pytest

from newsum.checks import check_summary, check_translation
from newsum.checks.dates import dates_in
from newsum.checks.grounding import percentages_in
from newsum.checks.number_words import spelled_numbers
from newsum.checks.numbers import numbers_in
from newsum.checks.same_figure import same_figure_rescaled
from newsum.summarize import ArticleSummary, Figure


@pytest.mark.parametrize(
    ("summary", "article"),
    [
        ("from about 14,000 to about 9,300 hryvnias", "замість 14 тис. грн — 9,3 тис. грн"),
        ("a 2 million hryvnia fund", "фонд у 2 мільйони гривень"),
    ],
)
def test_ukrainian_scale_words(summary: str, article: str) -> None:
    for number in numbers_in(summary):
        assert same_figure_rescaled(number, summary, article)
    assert not same_figure_rescaled("15000", "about 15,000 hryvnias", article)


def test_a_number_word_before_a_scale_word_is_that_figure() -> None:
    summary = "The limit will cost local shops at least six million euros a year."
    translation = "该限制每年将使本地商家损失至少600万欧元。"
    reasons = check_translation(translation, summary, "", "zh").review_reasons
    assert not {"translation_numbers_missing", "numbers_ungrounded"} & set(reasons)
    changed = check_translation("该限制每年将使本地商家损失至少700万欧元。", summary, "", "zh")
    assert "translation_numbers_missing" in changed.review_reasons


def test_a_thousands_figure_after_las_is_no_clock_time() -> None:
    assert numbers_in("una petición en línea supera las 28.000 firmas. La campaña") == {"28000"}
    assert numbers_in("hacia las 15.40 horas") == {"15", "40"}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("يبلغ 41 ألفًا و650 طالبًا وطالبة", {"41650"}),
        ("بين 25 ألفًا و30 ألف يورو", {"25", "30"}),
    ],
)
def test_arabic_thousands_and_the_rest(text: str, wanted: set[str]) -> None:
    assert numbers_in(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [("保洁人员工资上涨了六成以上", {"60"}), ("超过七成业主不满意", {"70"}), ("一成不变", set())],
)
def test_chinese_tenths_are_shares(text: str, wanted: set[str]) -> None:
    assert percentages_in(text) == wanted


def test_a_summary_share_grounded_by_chinese_tenths() -> None:
    summary = ArticleSummary(
        summary="Wages rose by more than 60%, the manager said.",
        claims=[],
        parties=[],
        figures=[],
    )
    article = "项目经理说，同期保洁、保安人员工资上涨了六成以上。"
    assert "numbers_ungrounded" not in check_summary(summary, article, "zh", "en").review_reasons
    summary.summary = "Wages rose by more than 80%, the manager said."
    assert "numbers_ungrounded" in check_summary(summary, article, "zh", "en").review_reasons


@pytest.mark.parametrize(
    ("text", "lang", "wanted"),
    [
        ("en los días de doble o triple escala", "es", {"2", "3"}),
        ("семилетние договоры", "ru", {"7"}),
        ("отклонила за полгода", "ru", {"6"}),
    ],
)
def test_figures_said_in_words(text: str, lang: str, wanted: set[str]) -> None:
    assert spelled_numbers(text, lang) == wanted


def test_a_bare_clock_figure_is_the_article_s_time() -> None:
    summary = ArticleSummary(
        summary="The ferry struck the quay at 7.42 while docking.",
        claims=[],
        parties=[],
        figures=[Figure(value="7.42", what="time of the collision", source="report")],
    )
    article = "L'impatto, avvenuto alle 7.42, ha provocato il ferimento di 31 persone."
    assert "numbers_ungrounded" not in check_summary(summary, article, "it", "en").review_reasons
    summary.figures[0].value = "8.42"
    assert "numbers_ungrounded" in check_summary(summary, article, "it", "en").review_reasons


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("منذ الأول من سبتمبر/أيلول", {(9, 1)}),
        ("desde el primero de mayo", {(5, 1)}),
        ("el 1.º de mayo", {(5, 1)}),
    ],
)
def test_the_first_of_a_month_in_words(text: str, wanted: set[tuple[int, int]]) -> None:
    assert dates_in(text) == wanted


def test_several_hundred_is_no_hundred() -> None:
    assert spelled_numbers("several hundred kilos were counted twice", "en") == set()
    assert spelled_numbers("a few thousand people", "en") == set()
    assert spelled_numbers("two hundred people", "en") == {"200"}


def test_half_a_million_is_a_scaled_figure() -> None:
    summary = "The town could not take half a million euros from its budget."
    assert same_figure_rescaled("50", "无法从中拿出50万欧元", summary)
    assert not same_figure_rescaled("60", "无法从中拿出60万欧元", summary)


@pytest.mark.parametrize(
    ("text", "lang", "wanted"),
    [
        ("در ساعات اولیه سوم و چهارم فروردین", "fa", {"3", "4"}),
        ("یک مقام سیاسی گفت", "fa", {"1"}),
        ("oltre ventunmila cacciatori umbri", "it", {"21000"}),
        ("opusieron los alumnos de cuarto de ESO", "es", {"4"}),
        ("с 13 очками на пятое место", "ru", {"5"}),
    ],
)
def test_more_figures_in_words(text: str, lang: str, wanted: set[str]) -> None:
    assert spelled_numbers(text, lang) == wanted


def test_chinese_decades_of_age() -> None:
    assert "60" in numbers_in("单元里有14位居民年过六旬")


def test_a_second_day_of_the_same_month_in_chinese() -> None:
    assert dates_in("定于9月1日和3日开放") == {(9, 1), (9, 3)}


def test_a_day_before_a_word_that_starts_like_a_month_is_no_date() -> None:
    assert dates_in("approved by 18 votes to 9. Mayor Seiichi Kawakami said") == set()
    assert dates_in("am 9. Mai") == {(5, 9)}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("se construyeron en los años sesenta y setenta con licencia", {"1960", "1970"}),
        ("بُنيت في ستينيات القرن الماضي وسبعينياته بتراخيص", {"1960", "1970"}),
    ],
)
def test_two_decades_said_once(text: str, wanted: set[str]) -> None:
    assert wanted <= numbers_in(text) | spelled_numbers(text)
