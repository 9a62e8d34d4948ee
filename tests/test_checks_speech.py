"""Who says what, and where a sentence ends: reporting verbs and sentence breaks the checks
misread on good summaries and translations of the checks benchmark's splits final18, final19
and final9 (issue 12). Each case failed before its fix; a dropped or flipped attribution is
still caught."""

from __future__ import annotations

import pytest

from newsum.checks import has_attribution
from newsum.checks.attribution import attribution_changes, attribution_kinds
from newsum.checks.claims import claims_stated_as_fact
from newsum.text import split_sentences


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Петицию подписали более 28 тыс. человек. Кампания продолжается.", 2),
        ("It granted Lusolítio, S.A. a 25-year concession. The residents appealed.", 2),
        ("He said that at about 5:40 a.m. Cambodian troops attacked. The army denied it.", 2),
        ("The clash began at 5 a.m. The army said so.", 2),
    ],
)
def test_where_a_sentence_ends(text: str, parts: int) -> None:
    assert len(split_sentences(text)) == parts


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("12 de los 21 participantes se opusieron.", "es", "oppose"),
        ("La campaña considera que esa interpretación deja a las familias solas.", "es", "say"),
        ("La economista Vusala Mammádova opinó que la decisión llegó tarde.", "es", "say"),
        ("ورأت الخبيرة الاقتصادية أن القرار جاء متأخراً.", "ar", "say"),
        ("委员会第二次否决了该公司提出的价格。", "zh", "deny"),
    ],
)
def test_reporting_verbs(text: str, lang: str, kind: str) -> None:
    assert (attribution_kinds(text, lang) or {}).get(kind)


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("La oficina fijará el precio tras considerar todas las opiniones.", "es", "say"),
        ("وقفة احتجاجية أمام الوزارة رفضاً لرفع الأقساط", "ar", "deny"),
        ("وأكد أنه لا يعارض المشروع", "ar", "oppose"),
        ("卫生部称此举是不可接受的施压。", "zh", "agree"),
        ("seeking to have the valuation declared too low", "en", "say"),
    ],
)
def test_words_that_are_no_attribution(text: str, lang: str, kind: str) -> None:
    assert kind not in (attribution_kinds(text, lang) or {})


def test_a_protest_s_aim_is_no_flip() -> None:
    summary = "Parents protested outside the ministry against fee rises, their campaign said."
    translation = "نفّذ أولياء الأمور وقفة احتجاجية أمام الوزارة رفضاً لرفع الأقساط، وفق الحملة."
    assert "flipped" not in attribution_changes(summary, "en", translation, "ar")
    flipped = "نفى عشرات من أولياء الأمور رفع الأقساط، وفق الحملة."
    assert "flipped" in attribution_changes(summary, "en", flipped, "ar")


def test_a_city_that_cites_is_a_source() -> None:
    assert has_attribution("The city cites congestion of up to 3,200 cars an hour.", "en")


def test_a_decision_announced_may_be_stated() -> None:
    article = (
        "Southern Weald Water will impose a hosepipe ban on about 1.2 million customers in East "
        "Sussex and west Kent from 25 July, the company announced on Thursday."
    )
    summary = (
        "Southern Weald Water will impose a hosepipe ban on about 1.2 million customers in East "
        "Sussex and west Kent from 25 July."
    )
    assert claims_stated_as_fact(summary, article, "en") == []
    claimed = article.replace("the company announced", "the company said")
    assert claims_stated_as_fact(summary, claimed, "en")
