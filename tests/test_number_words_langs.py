"""Number words of the languages resources/numbers.yaml did not list before (Swedish, Danish,
Norwegian, Polish, Czech, Slovak, Finnish, Hungarian, Romanian, Greek, Hebrew, Vietnamese,
Korean, Thai, Tagalog, Swahili, Bengali, Bulgarian, Serbian, Slovenian, Lithuanian, Latvian,
more Urdu, Japanese through Chinese): a figure an article spells out grounds a summary's
digits, a word that only starts like a number word is none, and a changed figure is still
caught."""

from __future__ import annotations

import pytest

from newsum.checks.grounding import ungrounded_numbers
from newsum.checks.number_words import spellable, spelled_numbers
from newsum.checks.same_figure import same_figure_rescaled
from newsum.checks.summary import check_summary
from newsum.summarize import ArticleSummary


@pytest.mark.parametrize(
    ("text", "lang", "figures"),
    [
        # Swedish: a stem before what it counts, and a compound of tens and units.
        ("en fjortonårig elev föll", "sv", {"14"}),
        ("grindar var tredje kilometer", "sv", {"3"}),
        ("tjugofem personer och tvåhundra år", "sv", {"2", "20", "25", "200"}),
        # Danish and Norwegian count units before tens, joined by "og".
        ("femogtyve boliger", "da", {"25"}),
        ("halvtreds medlemmer", "da", {"50"}),
        ("syv år og tretti dager", "no", {"7", "30"}),
        # Polish cases; "dwadzieścia pięć" is one figure.
        ("dwadzieścia pięć osób", "pl", {"25"}),
        ("około pięciu tysięcy osób", "pl", {"5000"}),
        # Czech and Slovak, also with a unit before its tens and what it measures in one word.
        ("pětadvacet let", "cs", {"25"}),
        ("Dvaačtyřicetimetrový stožár", "cs", {"42"}),
        ("zhruba desetkrát nižší", "cs", {"10"}),
        ("kobyla má dvadsaťosem rokov", "sk", {"20", "28"}),
        ("najmenej trikrát", "sk", {"3"}),
        # Finnish compounds of units, tens, hundreds.
        ("kaksikymmentäviisi hyppääjää", "fi", {"2", "25"}),
        ("viisisataa nimeä", "fi", {"5", "500"}),
        # ... and its cases ("in three yards", "on six evenings", "by nine euros").
        ("kolmessa pihapiirissä kuutena iltana yhdeksällä eurolla", "fi", {"3", "6", "9"}),
        # Hungarian tens joined to units.
        ("huszonöt éves", "hu", {"25"}),
        ("mintegy háromszáz pince", "hu", {"3", "300"}),
        # Romanian joins tens and units with "și".
        ("douăzeci și cinci de ani", "ro", {"25"}),
        ("Greek: πέντε χρόνια", "el", {"5"}),
        # Hebrew, also after a prefix ("and eight", "in three").
        ("ושמונה מיניבוסים בשלושה קווים", "he", {"8", "3"}),
        ("כשלושה קילומטרים", "he", {"3"}),
        ("hai mươi lăm người", "vi", {"25"}),
        ("khoảng ba chục người", "vi", {"30"}),
        ("mỗi tháng chắc được ba triệu rưỡi", "vi", {"3", "35"}),
        ("다섯 명", "ko", {"5"}),
        ("คนไทย สองคน", "th", {"2"}),
        # Tagalog: the linker -ng and 't.
        ("tatlumpu't limang taon", "tl", {"35"}),
        ("ang ikatlo at huling pagbasa", "tl", {"3"}),
        ("dalawang deep well", "tl", {"2"}),
        ("watu watano na miaka mitatu", "sw", {"5", "3"}),
        ("kilomita moja na nusu", "sw", {"1", "15"}),
        ("তিনজন নিহত", "bn", {"3"}),
        ("двама души и пет години", "bg", {"2", "5"}),
        ("пет година", "sr", {"5"}),
        ("трогодишњи уговор", "sr", {"3"}),
        ("petindvajset let", "sl", {"25"}),
        ("penki metai", "lt", {"5"}),
        ("likus trims dienoms", "lt", {"3"}),
        ("divdesmit pieci", "lv", {"25"}),
        ("ar astoņām balsīm pret piecām", "lv", {"8", "5"}),
        # Urdu's tens, and one and a half of a scale.
        ("ستر سال", "ur", {"70"}),
        ("ڈیڑھ لاکھ روپے", "ur", {"150000"}),
        ("डेढ़ लाख रुपये", "hi", {"150000"}),
    ],
)
def test_a_sentence_spelling_a_figure(text: str, lang: str, figures: set[str]) -> None:
    assert spelled_numbers(text, lang) == figures


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Words that start like a number word.
        ("ett sjukhus med en trend", "sv"),
        ("fyrretræer på kirkegården", "da"),
        ("jednocześnie trzyma stopień studenta", "pl"),
        ("třída a osmička", "cs"),
        ("yksityinen satama", "fi"),
        ("egyesület ötlete a négyzetméter és a század", "hu"),
        ("o patrulă și un treinament", "ro"),
        ("τον Οκτώβριο, εκατομμύρια", "el"),
        ("מאהל עשרות", "he"),
        ("một năm", "vi"),
        ("넷플릭스 세계 두려움", "ko"),
        ("สามารถ ห้ามเข้า", "th"),
        ("isang sampuli", "tl"),
        ("তিনি আটক বিশ্ব কুড়িগ্রাম", "bn"),
        ("единствен", "bg"),
        ("једноставно", "sr"),
        ("penktadienis", "lt"),
        ("dividendes", "lv"),
    ],
)
def test_a_word_that_only_starts_like_a_number_word_is_none(text: str, lang: str) -> None:
    assert spelled_numbers(text, lang) == set()


@pytest.mark.parametrize(
    "text",
    [
        # Words of other languages that the new forms would have read: German "hat" (Hungarian
        # 6), Italian "sta" (Czech hundreds), French "Ba" (Vietnamese 3), English "hundreds"
        # (Norwegian 100), Ukrainian "тримали" (Bulgarian "трима", 3), Spanish "ni" and "ti"
        # (Danish 9 and 10), French "femme" (Swedish 5), English "to" and "fire" (Danish 2, 4).
        "Das Gericht hat entschieden.",
        "Il rifugio non sta crollando.",
        "Mamadou Ba a demandé",
        "hundreds of people",
        "учасники тримали у руках",
        "ni siquiera para ti",
        "la femme",
        "to fight the fire",
        "the entire entity",
    ],
)
def test_words_of_other_languages_are_no_figure(text: str) -> None:
    assert spelled_numbers(text) == set()


def test_a_croatian_three_hundred_is_no_lithuanian_three() -> None:
    # "tristotinjak" (about three hundred) starts like Lithuanian "tris" (3).
    assert spelled_numbers("tristotinjak metara") == {"300"}


def test_japanese_and_traditional_scales_read_as_chinese() -> None:
    # 億 and 萬 are the 亿 and 万 of Simplified Chinese; 兩 is 两 (two).
    assert spelled_numbers("三億") == spelled_numbers("三亿") == {"300000000", "300", "300000"}
    assert spelled_numbers("五萬") == spelled_numbers("五万")
    assert spelled_numbers("兩") == {"2"}


def _summary(text: str) -> ArticleSummary:
    return ArticleSummary.model_validate(
        {"summary": text, "claims": [], "parties": [], "figures": []}
    )


def test_a_swedish_fourteen_year_old_grounds_the_summarys_14() -> None:
    article = "En kväll i juni föll en fjortonårig elev från taket och bröt benet."
    good = _summary("A 14-year-old pupil fell from the roof in June.")
    assert "numbers_ungrounded" not in check_summary(good, article, "sv", "en").review_reasons
    changed = _summary("A 15-year-old pupil fell from the roof in June.")
    result = check_summary(changed, article, "sv", "en")
    assert result.details["numbers_ungrounded"] == ["15"]


def test_a_tagalog_thirty_five_grounds_the_summarys_35() -> None:
    article = "Tatlumpu't limang pamilya ang lumikas dahil sa baha."
    assert ungrounded_numbers("35 families fled the flood.", article) == []
    assert ungrounded_numbers("25 families fled the flood.", article) == ["25"]


def test_urdu_seventy_years_grounds_the_summarys_seventy_and_70() -> None:
    article = "یہ دربار ستر سال پرانا ہے۔"
    good = _summary("The shrine is seventy years old; it has stood for 70 years.")
    assert "numbers_ungrounded" not in check_summary(good, article, "ur", "en").review_reasons
    changed = _summary("The shrine is sixty years old.")
    result = check_summary(changed, article, "ur", "en")
    assert result.details["numbers_ungrounded"] == ["60"]


def test_a_spelled_crore_and_its_lakhs_are_the_summarys_millions() -> None:
    article = "منصوبے پر ایک کروڑ 80 لاکھ روپے خرچ ہوئے۔"
    assert same_figure_rescaled("18", "It cost Rs18 million.", article)
    assert not same_figure_rescaled("81", "It cost Rs81 million.", article)
    hindi = "परियोजना पर एक करोड़ 20 लाख रुपये खर्च हुए।"
    assert same_figure_rescaled("12", "It cost Rs12 million.", hindi)
    # An arab is a hundred crore: "ایک ارب 20 کروڑ" is 1.2 billion.
    billion = "ایک ارب 20 کروڑ روپے کی لاگت"
    assert same_figure_rescaled("12", "It costs Rs 1.2 billion.", billion)


def test_one_and_a_half_lakh_is_150000_and_1_5_lakh() -> None:
    for article in ("محکمہ ماہانہ ڈیڑھ لاکھ روپے مختص کرے گا۔", "विभाग हर महीने डेढ़ लाख रुपये देगा।"):
        assert ungrounded_numbers("Rs150,000 a month", article) == []
        assert same_figure_rescaled("15", "Rs 1.5 lakh a month", article)
        assert ungrounded_numbers("Rs250,000 a month", article) == ["250000"]
    bengali = "প্রায় আড়াই লাখ টাকা"
    assert ungrounded_numbers("about Tk 250,000", bengali) == []


def test_hebrew_thousands_after_digits_are_the_summarys_figure() -> None:
    article = "הבריכה מפסידה כ־400 אלף שקל בשנה."
    assert same_figure_rescaled("400000", "about 400,000 shekels a year", article)
    assert not same_figure_rescaled("40000", "about 40,000 shekels a year", article)


def test_a_summarys_spelled_figure_is_now_judged_in_these_languages() -> None:
    # The article's language has number words listed: a summary's "seven" must be in it.
    assert spellable("sv") and spellable("ur") and spellable("tl")
    article = "Tre personer skadades i olyckan."
    good = _summary("Three people were injured in the accident.")
    assert "numbers_ungrounded" not in check_summary(good, article, "sv", "en").review_reasons
    changed = _summary("Seven people were injured in the accident.")
    result = check_summary(changed, article, "sv", "en")
    assert result.details["numbers_ungrounded"] == ["7"]
