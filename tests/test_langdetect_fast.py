"""FastDetector against stock langdetect 1.0.9, same profiles, same seed.

Every case runs both and compares: the n-grams extracted, the probabilities (within 1e-9; the
vectorised trials round differently from langdetect by ~1e-14), and the exact path bit for bit.
Texts are written here, plus the shared eval texts when present (read at run time, never copied).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from langdetect import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

import newsum.langdetect_fast as fast_module
from newsum import language
from newsum.langdetect_fast import FastDetector

EVAL_DIR = Path(
    os.environ.get("NEWSUM_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval")
)

TEXTS = {
    "en": "The city council approved the new budget after a long debate on Tuesday evening.",
    "fr": "Le gouvernement a annoncé mardi une nouvelle réforme des retraites, très critiquée.",
    "de": "Die Bundesregierung hat am Dienstag ein neues Gesetz zum Klimaschutz beschlossen.",
    "es": "El gobierno aprobó el martes un nuevo plan para mejorar el transporte público.",
    "pl": "Rząd przedstawił we wtorek nowy budżet, który trafi teraz do parlamentu.",
    "cs": "Vláda v úterý představila nový rozpočet, o kterém bude jednat sněmovna.",
    "ro-comma-below": "Guvernul a prezentat marți un nou buget, iar ședința va continua mâine.",
    "ro-cedilla": "Guvernul a prezentat marţi un nou buget, iar şedinţa va continua mâine.",
    "tr": "Belediye meclisi salı akşamı yapılan toplantıda yeni bütçeyi kabul etti.",
    "vi-precomposed": "Chính phủ đã công bố kế hoạch kinh tế mới vào thứ Ba tuần này.",
    "vi-combining": "Chi\u0301nh phu\u0309 đa\u0303 công bô\u0301 kê\u0301 hoa\u0323ch mơ\u0301i.",
    "ru": "Правительство объявило во вторник о новых мерах поддержки малого бизнеса.",
    "uk": "Уряд оголосив у вівторок про нові заходи підтримки малого бізнесу в регіонах.",
    "bg": "Правителството обяви във вторник нови мерки в подкрепа на малкия бизнес.",
    "el": "Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα στήριξης για τις μικρές επιχειρήσεις.",
    "ar": "أعلنت الحكومة يوم الثلاثاء عن خطة جديدة لدعم الشركات الصغيرة في المدن الكبرى.",
    "fa": "دولت روز سه‌شنبه طرح تازه‌ای برای حمایت از کسب‌وکارهای کوچک اعلام کرد.",
    "ur": "حکومت نے منگل کو چھوٹے کاروباروں کی مدد کے لیے نئے منصوبے کا اعلان کیا۔",
    "he": "הממשלה הודיעה ביום שלישי על תוכנית חדשה לתמיכה בעסקים קטנים.",
    "hi": "सरकार ने मंगलवार को छोटे व्यवसायों की मदद के लिए नई योजना की घोषणा की।",
    "bn": "সরকার মঙ্গলবার ছোট ব্যবসার সহায়তায় নতুন পরিকল্পনা ঘোষণা করেছে।",
    "ta": "சிறு தொழில்களுக்கு உதவ புதிய திட்டத்தை அரசு செவ்வாய்க்கிழமை அறிவித்தது.",
    "th": "รัฐบาลประกาศแผนใหม่เพื่อช่วยเหลือธุรกิจขนาดเล็กเมื่อวันอังคาร",
    "zh-hans": "政府星期二宣布了一项新的经济计划，以支持中小企业的发展和就业。",
    "zh-hant": "政府星期二宣佈了一項新的經濟計劃，以支持中小企業的發展和就業。",
    "ja": "政府は火曜日、中小企業を支援するための新しい経済対策を発表しました。",
    "ko": "정부는 화요일 중소기업을 지원하기 위한 새로운 경제 대책을 발표했다.",
    "all-caps": "THE GOVERNMENT ANNOUNCED A NEW BUDGET FOR SCHOOLS AND HOSPITALS",
    "caps-inside-words": "NASA and the EU said McDonald's iPhone deal was OK, per BBC News.",
    "urls-and-mail": "Read more at https://example.com/news?id=12&x=y or write to desk@example.org "
    "now, says the editor; see also http://x.y/z#frag for the full report.",
    "mixed-scripts": "Президент Emmanuel Macron встретился с Олафом Шольцем в Берлине 12 мая.",
    "mostly-non-latin-with-latin": "Министр сказал: OK, но проект не будет принят в этом году.",
    "brackets-in-latin-range": "a[b]c^d_e`f\\g and some words [in brackets] with_under_scores",
    "whitespace": "  many   spaces\tand\ttabs\n\nand newlines   between   words   here  ",
    "digits-punctuation": "2024-05-01 12:30 +44 20 7946 0958 42% ... !!! ???",
    "emoji": "Great news 🎉🔥 for everyone 👍 today 😀",
    "one-letter": "a",
    "two-letters": "Hi",
    "empty": "",
    "space": " ",
    "no-features": "ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾᛁᛃ",  # runes: in no profile
    "hangul-jamo-and-compat": "ㄱㄴㄷ ᄀᄂᄃ 한국어 텍스트",
    "bopomofo": "ㄅㄆㄇㄈ 注音符號",
    "fullwidth": "Ｔｈｅ ｃｉｔｙ ｃｏｕｎｃｉｌ ａｐｐｒｏｖｅｄ",
    "long": "The city council approved the new budget. " * 300,  # over max_text_length
}


@pytest.fixture(scope="module")
def factory() -> DetectorFactory:
    return language._factory()


@pytest.fixture(scope="module")
def fast(factory: DetectorFactory) -> FastDetector:
    return FastDetector(factory)


def _stock(factory: DetectorFactory, text: str) -> tuple[list[str], list[float] | None]:
    """Stock langdetect's extracted n-grams and full probability vector (None: no features)."""
    detector = factory.create()
    detector.append(text)
    detector.cleaning_text()
    ngrams = detector._extract_ngrams()
    try:
        detector.get_probabilities()  # cleans again: idempotent
    except LangDetectException:
        return ngrams, None
    return ngrams, list(detector.langprob)


def _assert_same(factory: DetectorFactory, fast: FastDetector, text: str) -> None:
    ngrams, langprob = _stock(factory, text)
    words = list(factory.word_lang_prob_map)
    assert [words[row] for row in fast.ngram_ids(text)] == ngrams
    found = fast.probabilities(text)
    if langprob is None:
        assert found == []
        return
    stock_found = sorted(
        ((lang, p) for lang, p in zip(factory.langlist, langprob, strict=True) if p > 0.1),
        key=lambda item: item[1],
        reverse=True,
    )
    assert [lang for lang, _ in found] == [lang for lang, _ in stock_found]
    for (_, p), (_, q) in zip(found, stock_found, strict=True):
        assert p == pytest.approx(q, abs=1e-9)
    ids = fast.ngram_ids(text)
    # The exact path (the fallback when a test is too close to call) is langdetect bit for bit.
    assert fast._walk(ids, exact=True).tolist() == langprob
    np.testing.assert_allclose(fast._walk(ids, exact=False), langprob, rtol=0, atol=1e-9)


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
def test_same_as_stock_langdetect(factory: DetectorFactory, fast: FastDetector, text: str) -> None:
    _assert_same(factory, fast, text)


def test_too_close_falls_back_to_the_exact_path(
    factory: DetectorFactory, fast: FastDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every convergence test now counts as too close to call: all detections take the exact path.
    monkeypatch.setattr(fast_module, "_TOO_CLOSE", 1.0)
    for text in (TEXTS["en"], TEXTS["ru"], TEXTS["zh-hans"]):
        _, langprob = _stock(factory, text)
        assert langprob is not None
        found = fast.probabilities(text)
        expected = [(lang, p) for lang, p in zip(factory.langlist, langprob, strict=True)]
        assert found == sorted(
            [(lang, p) for lang, p in expected if p > 0.1], key=lambda x: x[1], reverse=True
        )


def test_needs_a_seed() -> None:
    factory = DetectorFactory()
    factory.load_json_profile(
        [
            json.dumps({"freq": {"a": 1}, "n_words": [1, 0, 0], "name": "xx"}),
            json.dumps({"freq": {"b": 1}, "n_words": [1, 0, 0], "name": "yy"}),
        ]
    )
    with pytest.raises(ValueError, match="seed"):
        FastDetector(factory)


def test_same_as_stock_on_eval_texts(factory: DetectorFactory, fast: FastDetector) -> None:
    langid = EVAL_DIR / "langid.jsonl"
    news = EVAL_DIR / "news_xlsum_mlsum.jsonl"
    if not langid.is_file():
        pytest.skip(
            f"eval data not found at {langid}: it lives in shared/eval/ beside the repository "
            "(or set NEWSUM_EVAL_DIR) and is never copied into the repository"
        )
    texts = [json.loads(line)["text"] for line in langid.open(encoding="utf-8") if line.strip()]
    if news.is_file():
        texts += [
            json.loads(line)["text"][:3000] for line in news.open(encoding="utf-8") if line.strip()
        ]
    assert len(texts) >= 300
    for text in texts:
        _assert_same(factory, fast, text)
