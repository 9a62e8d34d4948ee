"""Who says what: the outlet's own reporting, speakers across languages, and reporting verbs the
lexicons lacked. From the false flags of good summaries and translations on the checks
benchmark's tuning splits (issue 12); each case failed before its fix, and its faulty
counterpart is still caught."""

from __future__ import annotations

import pytest

from newsum.checks import check_summary, check_translation, has_attribution
from newsum.checks.claims import claim_problems, outlet_labels
from newsum.checks.entities import entities_not_in_source
from newsum.checks.names import mentions
from newsum.checks.number_words import spelled_numbers
from newsum.checks.numbers import numbers_in
from newsum.checks.same_figure import same_figure_rescaled
from newsum.checks.stated import claims_stated_as_fact
from newsum.checks.translation_names import names_missing_in_translation
from newsum.summarize import Figure
from tests.support.summaries import summary_with_claims

BBC_AFRIQUE = (
    "XL-Sum v2.0 (french, test split; BBC french service) https://www.bbc.com/afrique/region-1"
)
FOOTBALL_FR = (
    "Mohamed Salah est le grand favori du Ballon d'or africain. "
    "L'Égyptien a marqué 13 buts cette saison avec Liverpool. "
    "Pierre-Emerick Aubameyang, lui, en a marqué 14 avec Arsenal, a déclaré Jürgen Klopp."
)


# --- the outlet's own voice ---------------------------------------------------------------


def test_an_outlet_is_known_by_its_source_field_and_its_address() -> None:
    labels = outlet_labels(BBC_AFRIQUE)
    assert "bbc" in labels
    assert "suddeutsche" in outlet_labels("MLSUM (de) https://www.sueddeutsche.de/politik/x-1.45")
    assert "ararattimes" in outlet_labels("Ararat Times")


def test_the_outlets_own_reporting_is_no_misattribution() -> None:
    article = (
        "« Salah est le meilleur », a déclaré Jürgen Klopp. "
        "Salah a marqué 13 buts cette saison avec Liverpool."
    )
    summary = summary_with_claims(
        "BBC Afrique reports that Salah scored 13 goals this season; Jürgen Klopp praised him.",
        [
            ("BBC Afrique", "Salah scored 13 goals this season with Liverpool."),
            ("Jürgen Klopp", "Salah is the best."),
        ],
    )
    # Not known as the outlet, BBC Afrique is named nowhere, and Klopp speaks just before.
    problems = claim_problems(summary, article, same_language=False, lang="fr")
    assert problems["mismatch"]
    problems = claim_problems(summary, article, same_language=False, outlet=BBC_AFRIQUE, lang="fr")
    assert not problems["mismatch"]


def test_a_claim_moved_to_the_outlet_from_a_speaker_is_still_caught() -> None:
    summary = summary_with_claims(
        "BBC Afrique reports that Aubameyang scored 14 goals with Arsenal; Jürgen Klopp is "
        "quoted in the article.",
        [("BBC Afrique", "Aubameyang scored 14 goals with Arsenal."), ("Jürgen Klopp", "x")],
    )
    problems = claim_problems(
        summary, FOOTBALL_FR, same_language=False, outlet=BBC_AFRIQUE, lang="fr"
    )
    assert problems["mismatch"] == ["BBC Afrique: Aubameyang scored 14 goals with Arsenal."]


def test_across_languages_a_name_near_a_claim_is_no_speaker_without_a_reporting_verb() -> None:
    article = (
        "Carola Rackete sitzt in Italien fest. "
        "Jean Asselborn forderte, Enzo Moavero Milanesi solle sich für ihre Freilassung einsetzen."
    )
    summary = summary_with_claims(
        "Luxembourg's foreign minister Jean Asselborn said Enzo Moavero Milanesi should work "
        "for Rackete's release.",
        [("Jean Asselborn", "Enzo Moavero Milanesi should work for Rackete's release.")],
    )
    assert not claim_problems(summary, article, same_language=False, lang="de")["mismatch"]
    # Given to somebody else, it is Asselborn's, who is named with his verb.
    moved = summary_with_claims(
        "Carola Rackete said Enzo Moavero Milanesi should work for her release; Jean Asselborn "
        "is also quoted.",
        [("Carola Rackete", "Enzo Moavero Milanesi should work for her release.")],
    )
    assert claim_problems(moved, article, same_language=False, lang="de")["mismatch"]


def test_a_misattribution_is_a_detail_in_any_language() -> None:
    article = (
        "Carola Rackete sitzt in Italien fest. "
        "Jean Asselborn forderte, Enzo Moavero Milanesi solle sich für ihre Freilassung einsetzen."
    )
    moved = summary_with_claims(
        "Carola Rackete said Enzo Moavero Milanesi should work for her release; Jean Asselborn "
        "is also quoted.",
        [("Carola Rackete", "Enzo Moavero Milanesi should work for her release.")],
    )
    across = check_summary(moved, article, "de", "en")
    assert "claim_source_mismatch" not in across.review_reasons
    assert across.details["possible_claim_source_mismatch"] == [
        "Carola Rackete: Enzo Moavero Milanesi should work for her release."
    ]
    english = (
        "Carola Rackete is stuck in Italy. Jean Asselborn demanded that Enzo Moavero Milanesi "
        "should work for her release."
    )
    same = check_summary(moved, english, "en", "en")
    assert "claim_source_mismatch" not in same.review_reasons
    assert same.details["possible_claim_source_mismatch"] == [
        "Carola Rackete: Enzo Moavero Milanesi should work for her release."
    ]


_TURKISH_SENTENCE = (
    "Belediye meclisi dün akşam toplanarak yeni bütçeyi oy çokluğuyla kabul etti, "
    "muhalefet ise kararı mahkemeye taşıyacağını açıkladı. "
)


@pytest.mark.parametrize(("english_words", "flagged"), [(100, False), (130, True)])
def test_a_summary_in_another_language_may_run_longer_than_its_article_in_words(
    english_words: int, flagged: bool
) -> None:
    article = _TURKISH_SENTENCE * 5  # 80 words
    summary = summary_with_claims(
        ("The council approved the budget and the opposition objected. " * 20), []
    )
    words = summary.summary.split()[:english_words]
    summary = summary_with_claims(" ".join(words).rstrip(".") + ".", [])
    result = check_summary(summary, article, "tr", "en")
    assert ("length_out_of_range" in result.review_reasons) is flagged
    # In its own language, a summary longer than its article is still one.
    english = " ".join(summary.summary.split()[:80])
    assert "length_out_of_range" in check_summary(summary, english, "en", "en").review_reasons


def test_the_outlets_claims_relayed_in_the_narrators_voice_are_no_claims_stated_as_fact() -> None:
    outlet = "MLSUM (de, test split) https://www.sueddeutsche.de/politik/handel-1.4504724"
    summary = summary_with_claims(
        "Trump and Xi were probably driven more by fear of economic chaos than by insight.",
        [
            (
                "Süddeutsche Zeitung commentary",
                "Trump and Xi were probably driven more by fear of economic chaos than by insight.",
            )
        ],
    )
    assert claims_stated_as_fact(summary.summary, "", "en", summary)
    assert not claims_stated_as_fact(summary.summary, "", "en", summary, outlet)
    # A party's claim stays one.
    other = summary_with_claims(
        summary.summary,
        [("Chinese Commerce Ministry", "Trump and Xi were driven by fear of economic chaos.")],
    )
    assert claims_stated_as_fact(other.summary, "", "en", other, outlet)


@pytest.mark.parametrize(
    "sentence",
    [
        "The newspaper notes that the band was formed in Glasgow in 2002.",
        "The author writes that the US wins nothing with the truce.",
        "In the author's view, the two leaders were driven by fear.",
        "A report by the institute found that 1.9% of girls chose physics.",
    ],
)
def test_more_english_reporting_verbs(sentence: str) -> None:
    assert has_attribution(sentence, "en")


# --- names ----------------------------------------------------------------------------------


def test_the_outlet_and_titles_of_works_are_no_invented_names() -> None:
    article = "Los premios Emmy se entregaron en Los Ángeles. Michael Douglas ganó el premio."
    text = (
        'BBC Mundo reports that Michael Douglas won for "Behind the Candelabra" at the Emmy '
        "awards in Los Angeles."
    )
    assert entities_not_in_source(text, article, same_language=False) == ["Mundo"]
    outlet = "XL-Sum v2.0 (spanish) https://www.bbc.com/mundo/noticias-38805692"
    assert entities_not_in_source(text, article, False, outlet) == []


def test_across_languages_a_name_of_everyday_words_is_translated_not_looked_for() -> None:
    article = "La Academia de Televisión estadounidense entregó los Emmy. Michael Douglas ganó."
    text = "The American Television Academy gave Michael Douglas an Emmy."
    assert entities_not_in_source(text, article, same_language=False) == []
    # In the article's own language the name must be there as written.
    english = "The Emmys were given. Michael Douglas won."
    assert "American Television Academy" in entities_not_in_source(text, english, True)
    # An invented person is still no translated name.
    invented = "The award pleased Chuck Schumer and Michael Douglas."
    assert entities_not_in_source(invented, article, same_language=False) == ["Chuck Schumer"]


# --- reporting verbs in the translations and the articles --------------------------------


@pytest.mark.parametrize(
    ("translation", "lang"),
    [
        ("Farah raconte avoir passé le dernier Noël à pleurer.", "fr"),
        ("Фара рассказала, что прошлое Рождество проплакала.", "ru"),
        ("Salvini llamó «pirata» a Rackete.", "es"),
        ("Le maire a parlé d'une « tragédie absurde ».", "fr"),
        ("ويذكر التقرير أن العلاقات متوترة.", "ar"),
    ],
)
def test_reported_speech_in_other_words_is_reported_speech(translation: str, lang: str) -> None:
    assert has_attribution(translation, lang)


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Про це заявив міністр охорони здоров'я.", "uk"),
        ("मंत्री ने कहा कि हालात सामान्य हैं।", "hi"),
        ("大臣は記者会見で、状況は正常だと述べた。", "ja"),
    ],
)
def test_articles_in_ukrainian_hindi_and_japanese_have_reporting_verbs(
    sentence: str, lang: str
) -> None:
    assert has_attribution(sentence, lang)


def test_denied_in_a_french_past_participle() -> None:
    summary = "He was gay, although he denied it during his lifetime."
    translation = "Il était homosexuel, même s'il l'a toujours nié de son vivant."
    result = check_translation(translation, summary, "", "fr")
    assert "attribution_dropped" not in result.review_reasons


# --- figures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("الدول الأعضاء السبع والعشرين", "27"),
        ("الاقتصاد العالمي في القرن الحادي والعشرين", "21"),
    ],
)
def test_arabic_says_the_units_before_the_tens(text: str, figure: str) -> None:
    assert spelled_numbers(text, "ar") == {figure}


def test_a_list_of_number_words_is_still_two_figures() -> None:
    assert spelled_numbers("سبعة، عشرين", "ar") == {"7", "20"}


# --- from the false flags of final7's first measurement -------------------------------------


@pytest.mark.parametrize(
    ("figure", "one", "other"),
    [
        ("3050", "该系统已处理3050多万次呼叫。", "It has handled more than 30.5 million calls."),
        ("19", "这道菜在19世纪由一位女性推广开来。", "It was popularised in the 1800s."),
        ("1800", "It was popularised in the 1800s.", "Elle a été popularisée au XIXe siècle."),
        ("19", "«Murió a las 19.00», declaró su hijo.", "He died at 7 pm, his son said."),
        ("7", "He died at 7 pm, his son said.", "Il est mort à 19 h, a déclaré son fils."),
    ],
)
def test_one_figure_written_two_ways(figure: str, one: str, other: str) -> None:
    assert same_figure_rescaled(figure, one, other)


@pytest.mark.parametrize(
    ("figure", "one", "other"),
    [
        ("3050", "该系统已处理3050多万次呼叫。", "It has handled more than 3.05 million calls."),
        ("19", "Il a marqué 19 buts.", "It was popularised in the 1800s."),
        ("19", "They scored 19 goals.", "He died at 7 pm."),
        ("20", "它在20世纪推广开来。", "It was popularised in the 1800s."),
    ],
)
def test_other_figures_stay_other(figure: str, one: str, other: str) -> None:
    assert not same_figure_rescaled(figure, one, other)


def test_the_minutes_of_an_hour_on_the_hour_are_no_figure() -> None:
    assert numbers_in("a las 19.00, rodeado de su familia") == {"19"}
    assert numbers_in("under an agreement reached at 13:00 on 20 September") == {"13", "20"}
    assert numbers_in("à 1.30") == {"1", "30"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # Turkish c is the j of "jam"; Spanish writes that j as y; French leaves a final t unsaid.
        ("Ecevit", "Цитировали бывшего премьера Бюлента Эджевита."),
        ("Sinjar", "Erdogan amenazó con atacar Sinyar."),
        ("Roger-Pol Droit", "Это написал философ Роже-Поль Дроа."),
    ],
)
def test_names_found_across_more_spellings(name: str, text: str) -> None:
    assert mentions(text, name)


def test_soft_c_and_a_c_between_vowels_are_read_apart() -> None:
    assert not mentions("Le film est de Martin Scorsese.", "Soderbergh")
    summary = "The film is by Steven Soderbergh."
    assert names_missing_in_translation(summary, "Le film est de Martin Scorsese.")


@pytest.mark.parametrize(
    ("summary", "translation"),
    [
        ("He fell at the Homurlu Waterfall.", "Il est tombé à la cascade de Homurlu."),
        ("The Rescue team searched the river.", "L'équipe de secours a fouillé la rivière."),
        ("The Documentation centre opened.", "Le centre de documentation a ouvert."),
    ],
)
def test_waterfalls_rescue_teams_and_centres_are_translated(summary: str, translation: str) -> None:
    assert names_missing_in_translation(summary, translation) == []


def test_in_cyrillic_and_arabic_only_listed_names_and_places_are_followed() -> None:
    summary = "Ilham Aliyev met Bülent Ecevit in Ankara."
    kept = "Ильхам Алиев встретился с Бюлентом Эджевитом в Анкаре."
    assert names_missing_in_translation(summary, kept) == []
    # A listed leader or a CLDR capital changed is caught ...
    assert names_missing_in_translation(summary, kept.replace("Алиев", "Пашинян")) == ["Aliyev"]
    assert names_missing_in_translation(summary, kept.replace("Анкаре", "Стамбуле")) == ["Ankara"]
    # ... a name the tables do not list is not followed by its sounds: in Russian and Arabic
    # transliterations those are too often another convention, not another name.
    assert names_missing_in_translation(summary, kept.replace("Эджевитом", "Инёню")) == []
    arabic = "التقى إلهام علييف بولنت أجاويد في أنقرة."
    assert names_missing_in_translation(summary, arabic) == []


# --- from the false flags of final8's first measurement -------------------------------------


def test_a_clubs_name_said_often_in_a_long_chinese_translation_is_no_loop() -> None:
    from newsum.checks.surface import phrase_loops

    name = "埃盖耶尔德兹斯波尔"
    clauses = [
        "国际足联禁止{n}在三个转会窗口注册新球员",
        "{n}须在四十五天内向克罗地亚俱乐部支付两百万欧元及利息",
        "仲裁庭认为{n}未能证明伤病在转会前已为人所知",
        "俱乐部律师表示{n}将在二十一天内向体育仲裁法庭提出上诉并申请暂停执行禁令",
        "球迷和评论员对这一裁决反应不一，有人认为处罚过重",
        "该球员去年夏天以三百二十万欧元加盟这家伊兹密尔俱乐部，首付一百二十万欧元",
        "足协官员称此案将成为处理类似转会纠纷的参考，各方仍在等待最终结果",
        "克罗地亚俱乐部方面表示，他们早已多次提醒对方履行合同义务，但始终没有得到答复",
        "据报道，该球员在加盟后的第一个赛季只出场了七次，其余时间都在接受膝伤治疗",
        "土耳其足协尚未就此事发表正式评论，但一名官员私下表示理解国际足联的决定",
        "分析人士指出，近年来因拖欠转会费而被禁止注册球员的俱乐部数量明显增加",
        "如果上诉失败，俱乐部将不得不在没有新援的情况下度过接下来的一年半时间",
        "俱乐部主席在接受当地电视台采访时说，球队会尊重程序，同时会尽一切努力保护球员和球迷的利益",
        "多名前球员在社交媒体上呼吁各方尽快达成和解，以免影响下赛季的联赛备战工作",
    ]
    text = "。".join(c.format(n=name) for c in clauses) + "。"
    # Four times in over 400 characters (final8's translation: 4 in 458): a topic's name, as in
    # a long spaced text; in a short one, five times is a loop (four is a name's: final57 and
    # final60, in tests/test_checks_round26.py).
    assert len(text) > 450 and text.count(name) == 4
    short = "。".join(c.format(n=name) for c in [*clauses[:5], clauses[2]])
    assert len(short) < 200 and short.count(name) == 5
    assert phrase_loops(short, "zh")
    assert phrase_loops(text, "zh") == []
    looping = "。".join(["球队表现非常好非常好"] * 6)
    assert phrase_loops(looping, "zh")


@pytest.mark.parametrize(
    ("figure", "one", "other"),
    [
        ("24", "un anesthésiste présent 24 heures sur 24", "an anaesthetist round the clock"),
        ("15", "el tiroteo duró hacia las 15.40", "the shooting lasted until about 3.40 pm"),
    ],
)
def test_the_same_hours_written_another_way(figure: str, one: str, other: str) -> None:
    from newsum.checks.grounding import ungrounded_numbers

    missing = [n for n in ungrounded_numbers(one, other) if not same_figure_rescaled(n, one, other)]
    assert figure not in missing and missing == []


@pytest.mark.parametrize(
    ("text", "lang", "kind", "absent"),
    [
        ("Заведующая отделением с этим не согласна.", "ru", "oppose", "agree"),
        ("Кандидат не признал результат выборов.", "ru", "deny", "say"),
        ("公司尊重法院但不认同判决。", "zh", "oppose", None),
        ("مع طلب بوقف تنفيذ الحظر.", "ar", None, "deny"),
        (
            "The strikers say the blockade lets others pass, which management disputes.",
            "en",
            "oppose",
            None,
        ),
    ],
)
def test_reporting_verbs_of_disagreement(
    text: str, lang: str, kind: str | None, absent: str | None
) -> None:
    from newsum.checks.attribution import attribution_kinds

    kinds = attribution_kinds(text, lang) or {}
    if kind:
        assert kinds.get(kind)
    if absent:
        assert not kinds.get(absent)


@pytest.mark.parametrize(
    ("words", "figures"),
    [
        ("في الدقائق العشر الأولى", {"10", "1"}),  # the first ten minutes: two figures, not 11
        ("خلال اثنتي عشرة ساعة", {"12"}),  # units before عشر: 12, not 2 × 10
        ("واعتقل أحد عشر شخصا", {"11"}),
        ("المركز الرابع عشر", {"14"}),
        ("في القرن التاسع عشر", {"19"}),
        ("سبع وعشرين", {"27"}),
        ("مئة وتسعة", {"109"}),
        ("خمسة وثلاثة", {"5", "3"}),  # five and three: no compound
        ("ألفين وعشرين", {"2020"}),
        ("ادخر مليوني تومان", {"2"}),  # the dual: two million
        ("في ثمانينيات القرن الماضي", {"1980", "80"}),
    ],
)
def test_arabic_number_words_follow_arabic_grammar(words: str, figures: set[str]) -> None:
    assert spelled_numbers(words, "ar") == figures


def test_an_arabic_century_and_decade_keep_the_summarys_years() -> None:
    summary = (
        "Local accounts say a woman popularised the dish in the 1800s; the bacterium was first "
        "identified in the 1980s."
    )
    kept = (
        "تقول الروايات إن امرأة نشرت الطبق في القرن التاسع عشر، "
        "واكتشفت البكتيريا في ثمانينيات القرن الماضي."
    )
    result = check_translation(kept, summary, "", "ar")
    assert "translation_numbers_missing" not in result.review_reasons
    changed = kept.replace("التاسع عشر", "الثامن عشر").replace("ثمانينيات", "تسعينيات")
    assert check_translation(changed, summary, "", "ar").details["translation_numbers_missing"] == [
        "1800",
        "1980",
    ]


@pytest.mark.parametrize(
    ("translation", "lang"),
    [
        ("Les agriculteurs affirment que 960 millions de roupies leur sont dus.", "fr"),
        ("По словам фермеров, им должны 960 млн рупий.", "ru"),
        ("Los agricultores dicen que se les deben 960 millones de rupias.", "es"),
        ("المزارعون يقولون إن المصنع مدين لهم بمبلغ 960 مليون روبية.", "ar"),
    ],
)
def test_a_sum_in_crores_is_the_same_sum_in_billions(translation: str, lang: str) -> None:
    summary = "Farmers say the mill owes them ₹96 crore."
    result = check_translation(translation, summary, "", lang)
    assert "translation_numbers_missing" not in result.review_reasons
    assert "numbers_ungrounded" not in result.review_reasons
    changed = translation.replace("960", "690")
    assert (
        "translation_numbers_missing"
        in check_translation(changed, summary, "", lang).review_reasons
    )


@pytest.mark.parametrize(
    ("translation", "lang"),
    [
        ("Les arriérés portent sur la campagne 2024-2025, selon le comité.", "fr"),
        ("Según el comité, los atrasos corresponden a la zafra 2024/2025.", "es"),
        ("据委员会称，欠款涉及2024—2025榨季，农民要求尽快付清。", "zh"),
    ],
)
def test_a_season_in_short_years_is_the_same_season_in_whole_years(
    translation: str, lang: str
) -> None:
    summary = "The committee said the arrears are for the 2024-25 season."
    result = check_translation(translation, summary, "", lang)
    assert not {"translation_numbers_missing", "numbers_ungrounded"} & set(result.review_reasons)
    other = check_translation(translation.replace("2025", "2026"), summary, "", lang)
    assert "translation_numbers_missing" in other.review_reasons


def test_refusing_in_english_is_a_denial_as_in_the_other_languages() -> None:
    summary = "Water was cut to 38 flats whose owners refuse to move out, the newspaper reported."
    translation = (
        "Selon le journal, l'eau a été coupée dans 38 appartements dont les propriétaires "
        "refusent de partir."
    )
    assert "attribution_flipped" not in check_translation(translation, summary, "", "fr").details
    accepted = translation.replace("refusent de partir", "acceptent de partir")
    assert "attribution_flipped" in check_translation(accepted, summary, "", "fr").review_reasons


def test_a_negative_test_result_in_russian_is_no_denial() -> None:
    summary = "The agency said two sealed tubs had tested clean."
    translation = "Агентство сообщило, что две запечатанные банки дали отрицательный результат."
    assert (
        check_translation(translation, summary, "", "ru").details.get("attribution_flipped") is None
    )
    denied = "Агентство отрицает, что две запечатанные банки дали положительный результат."
    assert "attribution_flipped" in check_translation(denied, summary, "", "ru").review_reasons


def test_a_ministrys_portfolio_is_translated_not_transliterated() -> None:
    summary = (
        "The Ministry of Industry, Trade and Supply said 412 bakeries closed, the newspaper "
        "reported."
    )
    translation = (
        "Según el diario, el Ministerio de Industria, Comercio y Abastecimiento afirmó que "
        "cerraron 412 panaderías."
    )
    assert names_missing_in_translation(summary, translation) == []


def _dated(summary_text: str, article: str, published: str = "") -> list[str]:
    result = check_summary(summary_with_claims(summary_text, []), article, "en", "en", published)
    return result.details.get("date_not_in_source", []) if result.review_reasons else []


def test_a_date_the_article_does_not_give_is_flagged() -> None:
    article = (
        "Romania protested on 14 August. Ukraine replied on 28 July that the work was routine."
    )
    assert _dated("Romania protested on 14 August, the newspaper reported.", article) == []
    assert _dated("Romania protested on 14 April, the newspaper reported.", article) == ["04-14"]
    # The publication date the model was shown resolves "on Thursday".
    weekday = "Police said the march on Thursday ended in clashes; talks resume on 2 February."
    summary = "Police said the march on 8 January ended in clashes, the newspaper reported."
    assert _dated(summary, weekday, "Diário 2026-01-09T13:10:00+00:00") == []
    assert _dated(summary, weekday) == ["01-08"]
    # An article whose dates the checks cannot read is not judged.
    assert _dated(summary, "Police said the march on Thursday ended in clashes.") == []


@pytest.mark.parametrize(
    ("article", "date"),
    [
        ("अदालत ने उन्हें 29 सितंबर को तीन नवंबर तक के लिए पुलिस हिरासत में भेजा।", "3 November"),
        ("A marcha de 14 de agosto terminou em confronto, segundo a polícia.", "14 August"),
        ("Il peschereccio è stato sequestrato il 3 settembre, secondo l'armatore.", "3 September"),
    ],
)
def test_a_date_in_words_or_in_portuguese_and_italian_is_read(article: str, date: str) -> None:
    assert _dated(f"The court acted on {date}, the newspaper reported.", article) == []
    other = date.replace("3 ", "13 ").replace("14 ", "24 ")
    assert _dated(f"The court acted on {other}, the newspaper reported.", article)


@pytest.mark.parametrize(
    ("article", "lang"),
    [
        ("Los acreedores exigen un interés anual del 12 %. El plazo es de 18 meses.", "es"),
        ("Комитет требует 12 процентов годовых. Срок — 18 месяцев.", "ru"),
        ("Komite yıllık yüzde 12 faiz istiyor. Süre 18 ay.", "tr"),
        ("委员会要求按百分之12的年利率计息，期限为18个月。", "zh"),
    ],
)
def test_a_percentage_must_be_a_percentage_in_the_article(article: str, lang: str) -> None:
    summary = "The committee demands 12 per cent annual interest over 18 months."
    result = check_summary(summary_with_claims(summary, []), article, lang, "en")
    assert "numbers_ungrounded" not in result.review_reasons
    changed = summary.replace("12 per cent", "18 per cent")  # 18 is in the article: as months
    result = check_summary(summary_with_claims(changed, []), article, lang, "en")
    assert result.details["numbers_ungrounded"] == ["18%"]


def test_percentages_in_words_and_ranges_ground_a_summarys_share() -> None:
    article = "Entre 10 et 15 % des salariés, soit cinq pour cent de la population, sont concernés."
    for share in ("10%", "15%", "5%"):
        summary = summary_with_claims(
            f"About {share} of employees are affected, the report said.", []
        )
        assert (
            "numbers_ungrounded" not in check_summary(summary, article, "fr", "en").review_reasons
        )


@pytest.mark.parametrize(
    ("summary", "article", "lang"),
    [
        ("About 31,000 farmers are owed money.", "लगभग 31 हजार किसानों का बकाया है।", "hi"),
        (
            "The boat was fired on at around 3.20am.",
            "Intorno alle 3.20 la motovedetta ha sparato.",
            "it",
        ),
        ("The march left at 6.30pm.", "A passeata saiu às 18.30 do parque.", "pt"),
        ("Police detained 14 people.", "A polícia deteve catorze pessoas.", "pt"),
        ("Twenty fishermen were on board.", "A bordo c'erano venti pescatori.", "it"),
    ],
)
def test_thousands_in_hindi_times_and_number_words_in_italian_and_portuguese(
    summary: str, article: str, lang: str
) -> None:
    result = check_summary(summary_with_claims(summary, []), article, lang, "en")
    assert "numbers_ungrounded" not in result.review_reasons


def test_a_river_is_followed_by_its_name_in_each_language() -> None:
    summary = "Romania protested against dredging at the mouth of the Danube, the ministry said."
    article = "Румунія протестує проти поглиблення гирла Дунаю, заявило міністерство."
    assert entities_not_in_source(summary, article, same_language=False) == []
    assert entities_not_in_source(summary, article.replace("Дунаю", "Пруту"), False) == ["Danube"]
    translation = (
        "Rumania protestó contra el dragado en la desembocadura del Danubio, dijo el ministerio."
    )
    assert names_missing_in_translation(summary, translation) == []
    assert names_missing_in_translation(summary, translation.replace("Danubio", "Prut")) == [
        "Danube"
    ]


def test_a_range_says_its_scale_word_once() -> None:
    summary = "She said repairs would cost between 380,000 and 450,000 euros and take a year."
    translation = "По её словам, ремонт обойдётся в 380–450 тыс. евро и займёт год."
    assert check_translation(translation, summary, "", "ru").review_reasons == []
    changed = check_translation(translation.replace("380", "580"), summary, "", "ru")
    assert "translation_numbers_missing" in changed.review_reasons


def test_a_clock_time_without_a_word_after_it_is_one_time() -> None:
    summary = (
        "The crossing has been closed since 06:00 Astana time on 4 February, the ministry said."
    )
    translation = (
        "Selon le ministère, le poste est fermé depuis le 4 février à 6 heures, heure d'Astana."
    )
    assert "numbers_ungrounded" not in check_translation(translation, summary, "", "fr").details
    assert numbers_in("since 06:00 Astana time") == {"6"}
    assert numbers_in("at 18:30") == {"18", "30"}


def test_a_number_sign_ends_no_sentence() -> None:
    from newsum.text import split_sentences

    text = "Voters were turned away at polling station no. 2 at 6.04pm. The town hall replies."
    assert split_sentences(text) == [
        "Voters were turned away at polling station no. 2 at 6.04pm.",
        "The town hall replies.",
    ]


def test_a_clause_that_goes_on_from_an_attributed_one_is_the_speakers() -> None:
    summary = summary_with_claims(
        "The airport's chief executive, Priya Natarajan, said it operates within the conditions "
        "approved in 2019, which allow up to 4,000 night movements a year; he argues the cap "
        "would put 6,400 jobs at risk.",
        [
            (
                "Priya Natarajan",
                "The conditions approved in 2019 allow up to 4,000 night movements",
            ),
            ("Priya Natarajan", "A cap would put 6,400 jobs at risk."),
        ],
    )
    summary.figures = [
        Figure(value="4,000", what="night movements allowed", source="Priya Natarajan"),
        Figure(value="6,400", what="jobs at risk", source="Priya Natarajan"),
    ]
    assert claims_stated_as_fact(summary.summary, "", "en", summary) == []
    # A clause with a subject of its own is the narrator's.
    narrated = summary.summary.replace("; he argues", "; a cap")
    assert claims_stated_as_fact(narrated, "", "en", summary)


def test_a_dates_day_is_no_claimed_figure() -> None:
    summary = summary_with_claims(
        "An army air strike hit the town around midday on Thursday 12 June. Army spokesman Omar "
        "al-Tayeb Hamid said 12 combat vehicles were destroyed.",
        [("Omar al-Tayeb Hamid", "Combat vehicles were destroyed in the strike.")],
    )
    summary.figures = [
        Figure(value="12", what="combat vehicles destroyed", source="Omar al-Tayeb Hamid")
    ]
    assert claims_stated_as_fact(summary.summary, "", "en", summary) == []
    fact = "An army air strike hit the town on Thursday and destroyed 12 combat vehicles."
    assert claims_stated_as_fact(fact, "", "en", summary)


# --- a translation's wording of a stance and of a body's name -----------------------------


def test_a_stance_worded_otherwise_in_an_attributed_sentence_asks_for_no_review() -> None:
    # "opposes" as "est contre": the sentence keeps its speaker, so nothing moved into the
    # narrator's voice. On the sixteen tuning splits a stance verb lost in a sentence that
    # keeps another attribution was raised on 20 good translations for 3 faults caught.
    summary = "The farmers' union opposes the new water tariff, its president Anne Morel said."
    fr = (
        "Le syndicat agricole est contre le nouveau tarif de l'eau, "
        "a déclaré sa présidente Anne Morel."
    )
    result = check_translation(fr, summary, summary, "fr")
    assert "attribution_dropped" not in result.review_reasons, result.details
    assert result.details["possible_attribution_dropped"] == ["oppose"]
    bare = "Le nouveau tarif de l'eau est injuste pour les agriculteurs d'Anne Morel."
    assert "attribution_dropped" in check_translation(bare, summary, summary, "fr").review_reasons


@pytest.mark.parametrize(
    ("summary", "translation", "changed"),
    [
        (
            "The Kordofan Doctors Network said 14 patients died.",
            "Le Réseau des médecins du Kordofan a déclaré que 14 patients étaient morts.",
            "Le Réseau des médecins du Darfour a déclaré que 14 patients étaient morts.",
        ),
        (
            "The Colombian Skating Federation said it would appeal.",
            "La Fédération colombienne de patinage a déclaré qu'elle ferait appel.",
            "La Fédération péruvienne de patinage a déclaré qu'elle ferait appel.",
        ),
        (
            "The Investigative Committee said 40 people were questioned.",
            "Le Comité d'enquête a déclaré que 40 personnes avaient été interrogées.",
            None,  # every word of it is translated: nothing of its own to follow
        ),
    ],
)
def test_a_bodys_name_is_followed_by_its_proper_nouns(
    summary: str, translation: str, changed: str | None
) -> None:
    assert names_missing_in_translation(summary, translation) == []
    if changed is not None:
        assert names_missing_in_translation(summary, changed) != []


@pytest.mark.parametrize(
    ("summary", "changed"),
    [
        ("The reporter spoke at Fort Hood.", "Le journaliste a parlé à Fort Bragg."),
        ("President Bush said so in Green Bay.", "Le président Obama l'a dit à Green Bay."),
    ],
)
def test_places_and_titled_people_of_everyday_words_are_still_followed(
    summary: str, changed: str
) -> None:
    assert names_missing_in_translation(summary, changed) != []


# --- from final14's first measurement --------------------------------------------------------


def test_a_speaker_named_before_and_then_called_the_company_is_the_claims_party() -> None:
    article = (
        "Northdale Rail, which runs the line, said on Tuesday that services would stop. "
        "The company says surveys found that two of the viaduct's eleven arches near Skelby "
        "had shifted. The Friends of the Line, a users' group, disputes that a closure is needed."
    )
    summary = summary_with_claims(
        "Northdale Rail says two of the viaduct's eleven arches have shifted.",
        [("Northdale Rail", "Two of the viaduct's eleven arches near Skelby have shifted.")],
    )
    assert claim_problems(summary, article)["mismatch"] == []
    wrong = summary_with_claims(
        "The Friends of the Line say two of the viaduct's eleven arches have shifted.",
        [("Friends of the Line", "Two of the viaduct's eleven arches near Skelby have shifted.")],
    )
    # Another party named beside "the company" still tells.
    other = article.replace("The company says", "Northdale Rail says")
    assert claim_problems(wrong, other)["mismatch"] != []


@pytest.mark.parametrize(
    ("number", "figure", "text"),
    [
        ("480000", "480,000 euros", "Da 480 mila a 120 mila euro."),
        ("2500000", "2,500,000 reais", "um corte de 2,5 milhões de reais"),
        ("3000000000", "3,000,000,000 zlotys", "3 miliardy złotych"),
    ],
)
def test_italian_portuguese_and_polish_scale_words(number: str, figure: str, text: str) -> None:
    assert same_figure_rescaled(number, figure, text)
    assert not same_figure_rescaled("480000", "480,000 euros", "Da 480 milioni di euro.")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("una quarantina di lavoratori stagionali", "it"),
        ("una cuarentena de trabajadores de temporada", "es"),
        ("uma quarentena de trabalhadores", "pt"),
    ],
)
def test_about_forty_in_words(text: str, lang: str) -> None:
    assert "40" in spelled_numbers(text, lang)


def test_a_decimals_trailing_zero_says_nothing() -> None:
    assert numbers_in("her fence was 1.20 metres high") == numbers_in("她的围栏高1.2米") == {"12"}
    assert numbers_in("1,20 м") != numbers_in("120 м")


def test_a_short_denial_stem_is_a_whole_word() -> None:
    from newsum.checks.attribution import attribution_kinds

    assert not attribution_kinds("l'association Wolfsschutz Niedersachsen a porté plainte", "fr")
    assert attribution_kinds("le maire nie les faits", "fr") == {"deny": 1}


@pytest.mark.parametrize(
    ("lang", "translation"),
    [
        ("fr", "Une acheteuse de 41 ans a expliqué qu'elle payait 4 500 yuans par mois."),
        ("ru", "41-летняя покупательница пояснила, что платит 4500 юаней в месяц."),
        ("ar", "وتدفع مشترية تبلغ 41 عاما 4500 يوان شهريا، موضحة أنها تستأجر مسكنا آخر."),
    ],
)
def test_explained_is_a_reporting_verb(lang: str, translation: str) -> None:
    summary = "A 41-year-old buyer said she pays 4,500 yuan a month."
    result = check_translation(translation, summary, summary, lang)
    assert "attribution_dropped" not in result.review_reasons, result.details


def test_objecting_in_chinese_is_disputing() -> None:
    from newsum.checks.attribution import attribution_changes

    summary = (
        "The users' group disputes that a full closure is needed: its chair said a review "
        "found the viaduct could be repaired at weekends, and warned that passengers might not "
        "return."
    )
    zh = (
        "乘客团体则对全线停运的必要性提出异议：其主席说，一项独立评估认为，"
        "高架桥可以在周末修复，他还警告说，乘客可能不会再回来。"
    )
    assert "flipped" not in attribution_changes(summary, "en", zh, "zh")


def test_a_german_state_in_other_languages() -> None:
    summary = "The Lower Saxony environment ministry pointed to 4.8 million euros."
    for translation in (
        "el Ministerio de Medio Ambiente de Baja Sajonia señaló 4,8 millones de euros",
        "le ministère de l'Environnement de Basse-Saxe a rappelé 4,8 millions d'euros",
        "وأشارت وزارة البيئة في ساكسونيا السفلى إلى 4.8 مليون يورو",
    ):
        assert names_missing_in_translation(summary, translation) == [], translation


# --- from final15's first measurement --------------------------------------------------------


def test_number_words_of_two_languages_make_no_figure() -> None:
    # "four on" is no Turkish "on" (ten) joined to "four": 40.
    assert spelled_numbers("voted by seven votes to four on Tuesday") == {"7", "4", "10"}
    assert "40" not in spelled_numbers("voted by seven votes to four on Tuesday")
    assert spelled_numbers("hundred and nine") == {"109"}


def test_a_pronoun_speaker_is_the_person_named_just_before() -> None:
    article = (
        '"No one comes into education to close schools," said the convener, Morag Lindsay. '
        '"But we have a duty to every child." "On any fair reading, it is unsustainable." '
        "She said pupils would benefit from larger classes at Kinlochbrae, which has 148 pupils. "
        "The Save Glenaird School campaign's chair, Euan MacRae, disputes the council's figures."
    )
    claim = "Pupils would benefit from larger classes at Kinlochbrae."
    good = summary_with_claims(f"Morag Lindsay said: {claim}", [("Morag Lindsay, convener", claim)])
    assert claim_problems(good, article)["mismatch"] == []
    wrong = summary_with_claims(f"Euan MacRae said: {claim}", [("Euan MacRae", claim)])
    assert claim_problems(wrong, article)["mismatch"] != []


def test_a_campaign_named_after_the_place_is_what_the_claim_is_about() -> None:
    article = (
        "Council officials say the school is at a quarter of its capacity. According to a "
        "report to the committee, it costs £14,600 a year to educate a pupil at Glenaird. "
        "The Save Glenaird campaign disputes the figures."
    )
    claim = "It costs £14,600 a year to educate a pupil at Glenaird."
    summary = summary_with_claims(
        "A council report says educating a pupil at Glenaird costs £14,600 a year; the Save "
        "Glenaird campaign disputes it.",
        [("Strathmoran Council report", claim), ("Save Glenaird", "The figures are wrong.")],
    )
    assert claim_problems(summary, article)["mismatch"] == []


@pytest.mark.parametrize(
    "text",
    ["上世纪80年代", "1980年代に", "en los años ochenta", "en los años 80", "dans les années 80",
     "в 80-х годах", "negli anni Ottanta"],
)  # fmt: skip
def test_a_decade_by_its_tens_is_of_the_last_century(text: str) -> None:
    assert "1980" in numbers_in(text)
    assert numbers_in("80 человек") == {"80"}


def test_chinese_and_japanese_figures_with_two_scale_characters() -> None:
    assert numbers_in("年間およそ1億2千万円の税収") == {"120000000"}
    assert numbers_in("约2千万元") == {"20000000"}
    assert same_figure_rescaled("120", "about 120 million yen a year", "およそ1億2千万円")
    assert not same_figure_rescaled("120", "about 120 million yen a year", "およそ1億5千万円")


# --- from final16's and final17's first measurements ----------------------------------------


@pytest.mark.parametrize(
    ("number", "figure", "text"),
    [
        ("24000", "more than 24,000 vehicles", "ponad 24 tys. pojazdów na dobę"),
        ("60000", "60,000 to 80,000 zlotys", "na 60–80 tys. zł"),
        ("35000", "between 35,000 and 60,000 euros", "stimato «tra 35 e 60 mila euro»"),
        ("60000", "between 60,000 and 80,000 zlotys", "بما بين 60 و80 ألف زلوتي"),
        ("218", "about 218 billion won", "사업비는 약 2,180억 원으로"),
        ("25", "about 2.5 billion won a year", "연간 약 25억원의 지원"),
    ],
)
def test_scale_words_said_once_for_a_range_and_korean_scales(
    number: str, figure: str, text: str
) -> None:
    assert same_figure_rescaled(number, figure, text)


def test_korean_figures_with_two_scale_characters() -> None:
    assert numbers_in("약 5만2천㎡ 부지") == {"52000"}
    assert numbers_in("3만5000명") == {"35000"}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("по итогам трёхлетнего расследования", {"3"}),
        ("почти двухнедельному противостоянию", {"2"}),
        ("решение приняли семью голосами против четырёх", {"7", "4"}),
        ("в декабре обе страны договорились", {"2"}),
        ("трибунал, однако, стоит на своём", set()),
        ("в пятницу после семинара", set()),
    ],
)
def test_russian_number_words_and_the_words_they_start(text: str, wanted: set[str]) -> None:
    assert spelled_numbers(text, "ru") == wanted


def test_a_fraction_is_no_figure() -> None:
    assert spelled_numbers("emissions at a tenth of the legal limits", "en") == set()
    assert "10" not in spelled_numbers("un dixième des limites légales", "fr")
    assert spelled_numbers("the tenth round", "en") == {"10"}


def test_an_hour_in_russian_hours() -> None:
    summary = '"he died very peacefully at 7 pm surrounded by his family"'
    assert same_figure_rescaled("7", summary, "он умер в 19 часов в окружении семьи")


@pytest.mark.parametrize(
    ("summary", "translation"),
    [
        (
            "The Motorcycle Taxi Drivers said the decree was unfair.",
            "Los mototaxistas dijeron que el decreto era injusto.",
        ),
        (
            "Sales peak before the Spring Festival and the Lantern Festival.",
            "Les ventes culminent avant la fête du Printemps et la fête des Lanternes.",
        ),
        (
            "The road will cross Kasztanowa Street.",
            "La route traversera la rue Kasztanowa.",
        ),
    ],
)
def test_groups_festivals_and_streets_are_translated(summary: str, translation: str) -> None:
    assert names_missing_in_translation(summary, translation) == []


def test_a_group_named_in_english_is_found_by_its_proper_noun_in_another_language() -> None:
    article = "Los comerciantes del Mercado Modelo de Huancayo rechazan el traslado."
    summary = "The Modelo Market Traders reject the move, its president said."
    assert entities_not_in_source(summary, article, same_language=False) == []
    assert entities_not_in_source(summary, "Los vendedores rechazan.", same_language=False)
