"""Tests for newsum.language: unit cases on sentences written for these tests, then an evaluation
on the shared language-ID set (read at run time, skipped when absent, never copied here).

How the evaluation counts (bench/langid.py uses the same definitions):
- gold = normalize_lang_code(row["lang"]). So zh-Hans/zh-Hant -> zh, which is what the stage
  answers for both; nb/nn -> no, the macrolanguage code of langdetect's single Norwegian profile;
  sr-Cyrl/sr-Latn -> sr, which is not supported.
- "supported" = gold in SUPPORTED_LANGUAGES. Not the file's langdetect_code: that is null for hy and
  az, which this stage adds, and for some Chinese rows.
- "long" = length_bucket == "long", i.e. more than 200 characters (202-916 in the file).
- Serbian counts as unsupported in both scripts: und is the right answer, and "hr" or "sl" (Latin)
  or "mk" (Cyrillic without ђ/ћ) counts as a wrong code. That is fair for a pipeline that routes
  by code, since such a label is wrong; but Latin Serbian cannot be told from Croatian by this
  detector, so Serbian makes 9 of the 121 unsupported rows wrong (included in the figures below).
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY

from newsum import language
from newsum.language import (
    SUPPORTED_LANGUAGES,
    UND,
    LanguageResult,
    detect_language,
    normalize_lang_code,
)

EVAL_DIR = Path(
    os.environ.get("NEWSUM_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval")
)
LANGID_FILE = EVAL_DIR / "langid.jsonl"

# Written for these tests (news-like, so the rules see realistic letter mixes).
SENTENCES = {
    "en": "The city council approved the new budget after a long debate on Tuesday evening.",
    "fr": "Le gouvernement a annoncé mardi une nouvelle réforme des retraites, critiquée par les "
    "syndicats.",
    "ru": "Правительство объявило во вторник о новых мерах поддержки малого бизнеса в регионах.",
    "tr": "Belediye meclisi salı akşamı yapılan toplantıda yeni bütçeyi oy çokluğuyla kabul etti.",
    "hy": "Կառավարությունը երեքշաբթի հայտարարեց նոր բյուջեի մասին, որը քննարկվելու է "
    "խորհրդարանում։",
    "az": "Hökumət çərşənbə axşamı yeni büdcə layihəsini parlamentə təqdim etdi.",
    "de": "Die Bundesregierung hat am Dienstag ein neues Gesetz zum Klimaschutz beschlossen.",
    "ar": "أعلنت الحكومة يوم الثلاثاء عن خطة جديدة لدعم الشركات الصغيرة في المدن الكبرى.",
    "zh": "政府星期二宣布了一项新的经济计划，以支持中小企业的发展和就业。",
    "es": "El gobierno aprobó el martes un nuevo plan para mejorar el transporte público en la "
    "capital.",
}
MORE_DETECTED = [
    pytest.param(
        "az", "Һөкумәт чәршәнбә ахшамы јени бүдҹә лајиһәсини парламентә тәгдим етди.", id="az-cyrl"
    ),
    pytest.param(
        "zh", "政府星期二宣佈了一項新的經濟計劃，以支持中小企業的發展和就業。", id="zh-hant"
    ),
    pytest.param(
        "ja", "政府は火曜日、中小企業を支援するための新しい経済対策を発表しました。", id="ja"
    ),
    pytest.param(
        "ko", "정부는 화요일 중소기업을 지원하기 위한 새로운 경제 대책을 발표했다.", id="ko"
    ),
    pytest.param(
        "en", "THE GOVERNMENT ANNOUNCED A NEW BUDGET FOR SCHOOLS AND HOSPITALS", id="all-caps"
    ),
    pytest.param("en", "𝐓𝐡𝐞 𝐜𝐢𝐭𝐲 𝐜𝐨𝐮𝐧𝐜𝐢𝐥 𝐚𝐩𝐩𝐫𝐨𝐯𝐞𝐝 𝐭𝐡𝐞 𝐧𝐞𝐰 𝐛𝐮𝐝𝐠𝐞𝐭 𝐭𝐨𝐝𝐚𝐲", id="math-bold-letters"),
    pytest.param(
        "tr",
        "Cumhurbaşkanı yarın Azərbaycan ziyareti için Bakü'ye gidecek ve resmi görüşmeler yapacak.",
        id="tr-quoting-one-az-name",
    ),
    pytest.param(
        "en",
        "The tourists visited Þingvellir national park and several other famous sites near "
        "the capital on their second day in the country.",
        id="en-quoting-one-icelandic-name",
    ),
    pytest.param(
        "en",
        SENTENCES["en"] + " Visitors from Tbilisi greeted the mayor with გამარჯობა.",
        id="en-with-a-georgian-word",
    ),
]
UNCERTAIN = "Mama Papa Radio Taxi Hotel Kilo Metro Foto"  # loanwords: no language stands out


@pytest.mark.parametrize(("lang", "text"), sorted(SENTENCES.items()), ids=sorted(SENTENCES))
def test_detects_language(lang: str, text: str) -> None:
    result = detect_language(text)
    assert (result.lang, result.reason) == (lang, None)
    assert 0.8 <= result.confidence <= 1.0


@pytest.mark.parametrize(("lang", "text"), MORE_DETECTED)
def test_detects_harder_cases(lang: str, text: str) -> None:
    assert detect_language(text).lang == lang


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no letters"),
        ("   \n\t ", "no letters"),
        ("🎉🔥👍😀 🙌🏽", "no letters"),
        ("2024-05-01 12:30 +44 20 7946 0958 42%", "no letters"),
        ("https://example.com/news/2024/05/01/article-title?id=123 www.example.org", "no letters"),
        ("Hello there", "text too short (10 letters, need 20)"),
        ("Bonjour tout le monde", "text too short (18 letters, need 20)"),
        ("hahahahahahahahahahahahahahaha", "too few distinct letters (2)"),
        (
            "მთავრობამ სამშაბათს ახალი ბიუჯეტი წარადგინა პარლამენტში.",
            "unsupported script: Georgian",
        ),
        ("መንግስቱ ማክሰኞ አዲስ በጀት ለፓርላማ አቀረበ። ፓርላማው ነገ ይወያያል።", "unsupported script: Ethiopic"),
        ("ආණ්ඩුව අඟහරුවාදා නව අයවැයක් පාර්ලිමේන්තුවට ඉදිරිපත් කළේය.", "unsupported script: Sinhala"),
        ("រដ្ឋាភិបាលបានដាក់ថវិកាថ្មីទៅសភានៅថ្ងៃអង្គារ។", "unsupported script: Khmer"),
        ("အစိုးရသည် အင်္ဂါနေ့တွင် ဘတ်ဂျက်အသစ်ကို လွှတ်တော်သို့ တင်သွင်းခဲ့သည်။", "unsupported script: Myanmar"),
    ],
    ids=[
        "empty",
        "whitespace",
        "emoji",
        "digits",
        "links",
        "short-en",
        "short-fr",
        "repeated",
        "georgian",
        "ethiopic",
        "sinhala",
        "khmer",
        "myanmar",
    ],
)
def test_und_with_reason(text: str, reason: str) -> None:
    assert detect_language(text) == LanguageResult("und", 0.0, reason)


@pytest.mark.parametrize(
    "text",
    [
        "Ríkisstjórnin kynnti nýtt fjárlagafrumvarp á þriðjudaginn fyrir Alþingi.",  # Icelandic
        "Үкімет сейсенбі күні парламентке жаңа бюджет жобасын ұсынды.",  # Kazakh
        "Влада је у уторак представила нови буџет, а међу мерама је и већа помоћ породицама.",
        "حکومت د سه شنبې په ورځ نوې بودیجه پارلمان ته وړاندې کړه.",  # Pashto
    ],
    ids=["icelandic", "kazakh", "serbian-cyrillic", "pashto"],
)
def test_unsupported_language_in_supported_script_is_und(text: str) -> None:
    result = detect_language(text)
    assert result.lang == "und"
    assert result.reason is not None
    assert result.reason.startswith("unsupported language: uses letters no supported language")


def test_uncertain_names_the_top_guess() -> None:
    guess = detect_language(UNCERTAIN, min_confidence=0.0)
    result = detect_language(UNCERTAIN)
    assert guess.lang in SUPPORTED_LANGUAGES
    assert guess.confidence < 0.8
    assert result == LanguageResult(
        "und",
        guess.confidence,
        f"uncertain: top language {guess.lang} at {guess.confidence:.2f} < 0.80",
    )


def test_thresholds_are_parameters() -> None:
    assert detect_language("Bonjour tout le monde", min_letters=10).lang == "fr"
    assert detect_language(SENTENCES["en"], min_letters=500).reason == (
        "text too short (66 letters, need 500)"
    )


def test_mixed_text_gives_majority_language_or_und() -> None:
    halves = (
        "The minister arrived late. Le ministre est arrivé en retard. The meeting started anyway. "
        "La réunion a commencé quand même."
    )
    assert detect_language(halves).lang in {"en", "fr", "und"}
    # Armenian is the majority but a large share is English: not confident enough for hy.
    mostly_armenian = SENTENCES["hy"] + " The budget was published on Tuesday."
    assert detect_language(mostly_armenian).lang in {"hy", "und"}


def test_only_the_prefix_is_examined() -> None:
    french = (SENTENCES["fr"] + " ") * 30
    assert len(french) > language.PREFIX_CHARS
    assert detect_language(french + (SENTENCES["en"] + " ") * 300).lang == "fr"


@pytest.mark.parametrize(
    "text",
    ["\x00\x01\x02", "a" * 100_000, "😀" * 5000, "ab" * 10 + "🙂", "ǅǈǋ" * 10, "ʻʼ" * 20, "ﷺ" * 5],
    ids=[
        "control",
        "one-letter",
        "emoji",
        "short-with-emoji",
        "digraphs",
        "apostrophes",
        "ligature",
    ],
)
def test_odd_input_never_crashes(text: str) -> None:
    result = detect_language(text)
    assert result.lang == "und" or result.lang in SUPPORTED_LANGUAGES
    assert 0.0 <= result.confidence <= 1.0


def test_deterministic() -> None:
    texts = [*SENTENCES.values(), UNCERTAIN]
    first = [detect_language(text) for text in texts]
    for _ in range(20):
        assert [detect_language(text) for text in texts] == first


def test_deterministic_across_threads_and_a_fresh_detector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [*SENTENCES.values(), UNCERTAIN] * 3
    expected = [detect_language(text) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(detect_language, texts)) == expected
    monkeypatch.setattr(language, "_detector_instance", None)
    assert [detect_language(text) for text in texts] == expected


def test_profiles_load_once() -> None:
    detect_language(SENTENCES["en"])
    assert language._detector() is language._detector()
    assert language._factory() is language._factory()


def _same_result(a: LanguageResult, b: LanguageResult) -> bool:
    return (a.lang, a.reason) == (b.lang, b.reason) and abs(a.confidence - b.confidence) <= 1e-9


@pytest.mark.parametrize(
    "text", [*SENTENCES.values(), *(p.values[1] for p in MORE_DETECTED), UNCERTAIN]
)
def test_same_answers_as_stock_langdetect(text: str) -> None:
    stock = language._detect(text, 20, 0.80, language.PREFIX_CHARS, stock=True)
    assert _same_result(detect_language(text), stock)


# --- expected= -----------------------------------------------------------------------------------

RUSSIAN_LONG = (
    "Правительство объявило во вторник о новых мерах поддержки малого бизнеса в регионах, "
    "которые пострадали от наводнения этой весной."
)
GREEK = "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα στήριξης για τις μικρές επιχειρήσεις."
BULGARIAN = (
    "Правителството обяви във вторник нови мерки в подкрепа на малкия бизнес в регионите, "
    "засегнати от наводненията тази пролет."
)
UKRAINIAN = (
    "Уряд оголосив у вівторок про нові заходи підтримки малого бізнесу в регіонах, які "
    "постраждали від повені цієї весни."
)


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str, *, stock: bool = False) -> dict[str, float]:
        raise AssertionError("the statistical model was asked")

    monkeypatch.setattr(language, "_langdetect", fail)


@pytest.mark.parametrize(
    ("text", "expected", "lang"),
    [
        (RUSSIAN_LONG, "ru", "ru"),
        (SENTENCES["ar"], "ar", "ar"),
        (GREEK, "el", "el"),
        (GREEK, "fr", "el"),  # a script of one language names it, whatever was expected
        (RUSSIAN_LONG, "ru-RU", "ru"),
    ],
)
def test_expected_confirmed_without_the_model(
    no_model: None, text: str, expected: str, lang: str
) -> None:
    result = detect_language(text, expected=expected)
    assert (result.lang, result.reason) == (lang, None)
    assert result.confidence >= 0.8


@pytest.mark.parametrize(
    ("text", "expected", "script"),
    [
        (SENTENCES["ru"], "fr", "Cyrillic"),
        (SENTENCES["en"], "ru", "Latin"),
        (SENTENCES["ar"], "en", "Arabic"),
        (SENTENCES["de"], "hi", "Latin"),
    ],
)
def test_wrong_script_ruled_out_without_the_model(
    no_model: None, text: str, expected: str, script: str
) -> None:
    assert detect_language(text, expected=expected) == LanguageResult(
        "und", 0.0, f"not {expected}: written in {script} script"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BULGARIAN, "ru"),  # Cyrillic without ы/э: the model decides, and says bg
        (UKRAINIAN, "ru"),  # і is not Russian
        (SENTENCES["ru"], "ru"),  # under 100 letters: too short for the letter rule
        (SENTENCES["fr"], "fr"),  # Latin: no rule tells French from its neighbours
        (SENTENCES["en"], "ka"),  # unsupported: nothing to settle
        (GREEK + " " + SENTENCES["en"], "el"),  # Greek under 80% of the letters
    ],
)
def test_expected_falls_back_to_the_full_detection(text: str, expected: str) -> None:
    assert detect_language(text, expected=expected) == detect_language(text)
    assert language._langdetect(text)  # the model had something to say


def test_expected_rules_only_settle_what_the_full_detection_says(
    evaluated: list[Any],
) -> None:
    # On every eval text, with its gold language and with each default target as expected: the
    # verdict "is it the expected language?" is the one of the full detection, and an answer
    # other than expected or und is the full detection's answer.
    targets = {"en", "fr", "ru", "es", "ar", "zh", "el", "hi", "uk"}
    for row, gold, full in evaluated:
        for expected in sorted(targets | ({gold} if gold in SUPPORTED_LANGUAGES else set())):
            result = detect_language(row["text"], expected=expected)
            where = f"{row['id']} ({row['lang']}) expected={expected}: {result} vs {full}"
            assert (result.lang == expected) == (full.lang == expected), where
            assert result.lang in (expected, UND, full.lang), where


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "en"),
        ("EN", "en"),
        (" fr ", "fr"),
        ("en-US", "en"),
        ("pt_BR", "pt"),
        ("zh-cn", "zh"),
        ("zh-tw", "zh"),
        ("zh-Hans", "zh"),
        ("zh-Hant-TW", "zh"),
        ("sr-Cyrl", "sr"),
        ("sr-Latn", "sr"),
        ("nb", "no"),
        ("nn", "no"),
        ("iw", "he"),
        ("eng", "en"),
        ("hye", "hy"),
        ("azj", "az"),
        ("pcm", "pcm"),  # no ISO 639-1 code exists, so the 639-3 one is the tag
        ("ka", "ka"),  # unsupported for detection, still a valid hint or target
        ("und", None),
        ("mul", None),
        ("", None),
        (None, None),
        ("english", None),
        ("e", None),
        ("12", None),
        ("en--US", None),
        ("zh-", None),
        ("🇬🇧", None),
    ],
)
def test_normalize_lang_code(code: str | None, expected: str | None) -> None:
    assert normalize_lang_code(code) == expected


def _profiles() -> dict[str, dict[str, Any]]:
    profiles = {}
    for path in sorted(Path(PROFILES_DIRECTORY).iterdir()):
        data = json.loads(path.read_text(encoding="utf-8"))
        profiles[data["name"]] = data
    return profiles


def test_supported_languages_match_langdetect_profiles() -> None:
    from_profiles = {normalize_lang_code(name) for name in _profiles()}
    assert from_profiles | {"hy", "az"} == SUPPORTED_LANGUAGES


def test_rule_letters_are_not_used_by_supported_languages() -> None:
    # The az rule and the "unsupported language" rule rely on these letters being absent from
    # every langdetect language (seen at least once in 10,000 letters would count as used).
    letters = language._FOREIGN_LETTERS | {"ə", "Ə"}
    for name, profile in _profiles().items():
        n_unigrams = profile["n_words"][0]
        used = {ch for ch in letters if profile["freq"].get(ch, 0) / n_unigrams >= 1e-4}
        assert not used, f"{name} uses {sorted(used)}"


# --- evaluation on the shared language-ID set --------------------------------------------------


@pytest.fixture(scope="module")
def evaluated() -> list[tuple[dict[str, Any], str | None, LanguageResult]]:
    if not LANGID_FILE.is_file():
        pytest.skip(
            f"language-ID eval data not found at {LANGID_FILE}: it lives in shared/eval/ beside "
            "the repository (or set NEWSUM_EVAL_DIR) and is never copied into the repository"
        )
    with LANGID_FILE.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [(row, normalize_lang_code(row["lang"]), detect_language(row["text"])) for row in rows]


def test_eval_accuracy_on_supported_long_texts(evaluated: list[Any]) -> None:
    cases = [
        (row, gold, result)
        for row, gold, result in evaluated
        if gold in SUPPORTED_LANGUAGES and row["length_bucket"] == "long"
    ]
    misses = [
        f"{row['id']} {row['lang']} -> {result}"
        for row, gold, result in cases
        if result.lang != gold
    ]
    assert len(cases) >= 50, "the supported/long definition no longer selects the eval rows"
    # Measured: 65/65 = 100% (with a 2,000 and with a 1,000 character prefix).
    assert 1 - len(misses) / len(cases) >= 0.98, "\n".join(misses)


def test_eval_unsupported_languages_mostly_und(evaluated: list[Any]) -> None:
    cases = [(row, result) for row, gold, result in evaluated if gold not in SUPPORTED_LANGUAGES]
    wrong = [
        f"{row['id']} {row['lang']} -> {result.lang}"
        for row, result in cases
        if result.lang != "und"
    ]
    # Measured: 66/121 = 54.5% und. The rest are close neighbours langdetect is sure of
    # (gl -> es/pt, ms -> id, sr-Latn -> hr, zu/xh/rn -> sw, pcm -> en, ...).
    assert 1 - len(wrong) / len(cases) >= 0.53, "\n".join(wrong)


def test_eval_supported_texts_rarely_get_a_wrong_code(evaluated: list[Any]) -> None:
    # und on a short text is safe (the pipeline falls back to the input's hint); a wrong code
    # is not.
    cases = [(row, gold, result) for row, gold, result in evaluated if gold in SUPPORTED_LANGUAGES]
    wrong = [
        f"{row['id']} {row['lang']} -> {result.lang}"
        for row, gold, result in cases
        if result.lang not in (gold, "und")
    ]
    # Measured: 2/361 = 0.6% (one short Catalan and one short Spanish sentence).
    assert len(wrong) / len(cases) <= 0.02, "\n".join(wrong)


def test_eval_same_answers_as_stock_langdetect(evaluated: list[Any]) -> None:
    # FastDetector replaces langdetect's Python loops only: every answer must be the same.
    for row, _, result in evaluated:
        stock = language._detect(row["text"], 20, 0.80, language.PREFIX_CHARS, stock=True)
        assert _same_result(result, stock), f"{row['id']}: {result} vs stock {stock}"


def test_chinese_with_company_names_in_latin_letters_is_chinese() -> None:
    # 230 Han characters and 60 Latin letters: counted letter for letter, the names made the
    # text "uncertain" (Han 0.76 of the letters) and a good translation "wrong_language".
    text = (
        "智利燃气分销商Gasur Chile表示，将就阿根廷运输商Transandina Gas S.A.上调“科迪勒拉输气管道”"
        "（Gasoducto Cordillerano）输气费一事提起国际仲裁。该费率自7月1日起上调34%。"
        "根据阿根廷国家天然气监管局（Enargas）的数据，自7月1日起，输气量从每日240万立方米降至160万立方米。"
    )
    assert detect_language(text).lang == "zh"
    # Mostly Latin with a Chinese name is not Chinese.
    assert (
        detect_language("Gasur Chile said Transandina Gas raised its tariff, 智利燃气.").lang
        == "en"
    )
