"""Language stage: which language an article is written in.

langdetect does the statistical work (its algorithm, profiles and seed, run without its Python
loops by newsum.langdetect_fast: same answers, ~6x cheaper), but alone it cannot be trusted: it
has no profile for Armenian or Azerbaijani, it answers confidently for scripts and languages it
has never seen, and it often takes Chinese for Korean. So a few cheap script and letter rules run
first, and whatever this stage cannot tell reliably comes back as "und" with a reason instead of a
wrong code.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import LangDetectException

from newsum.langdetect_fast import FastDetector
from newsum.language_codes import SUPPORTED_LANGUAGES, normalize_lang_code

UND = "und"

# Only the start of a text is examined: cleaning and n-gram extraction are linear in length, while
# the model's random walk is not, and 1,000 characters already hold far more evidence than it
# needs. Measured (python -m bench.detector, python bench/langid.py): the same answer as with 2,000
# characters on all 60 eval news articles, 482 langid texts and 1,000 generated articles, for
# ~5-10% less time per article (on the eval news articles: 0.49 ms vs 0.93 on the whole text).
# 500 would save ~25% more, keeps the eval accuracy figures, but changes 2 of the 482 answers
# (a Galician text then gets "es" instead of und; a Luxembourgish one und instead of "nl").
PREFIX_CHARS = 1000

_MIN_DISTINCT_LETTERS = 5

# Decided by script alone: langdetect folds ideographs into a few classes and then often answers
# "ko" for Chinese, while the scripts themselves separate zh, ja and ko cleanly.
_CJK_SCRIPTS = frozenset({"Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"})
_CJK = "CJK"
_LETTERS_PER_CJK_CHAR = 3
_JA_MIN_KANA = 0.10  # Japanese prose is ~30-60% kana; Chinese has none.

# ə is the most frequent vowel of Azerbaijani (8-12% of letters in the eval texts) and absent from
# every langdetect language, which would call the text Turkish. 2% ignores a quoted name.
_AZ_MIN_SCHWA = 0.02
# Cyrillic Azerbaijani: ә alone would also match Kazakh or Tatar, which never use ҹ, ҝ or ј.
_AZ_CYRILLIC_MARKERS = frozenset("ҹҝјҸҜЈ")

# One letter no supported language writes per 200 is far more than a quoted name brings.
_FOREIGN_MIN_SHARE = 0.005
_FOREIGN_MIN_COUNT = 2

# fmt: off
# With `expected`: scripts that a single langdetect language is written in. A text mostly in one of
# them is that language without asking the model (bench/langid.py counts how often this disagrees
# with the full detection and with the gold language on the eval set).
_SCRIPT_LANGUAGE = {
    "Greek": "el", "Hebrew": "he", "Thai": "th", "Bengali": "bn", "Gurmukhi": "pa",
    "Gujarati": "gu", "Tamil": "ta", "Telugu": "te", "Kannada": "kn", "Malayalam": "ml",
}
# The scripts each supported language can be written in; Latin for the ones not listed. A text
# mostly in another script is not the expected language.
_LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    **{lang: frozenset({script}) for script, lang in _SCRIPT_LANGUAGE.items()},
    **dict.fromkeys(("ru", "uk", "bg", "mk"), frozenset({"Cyrillic"})),
    **dict.fromkeys(("ar", "fa", "ur"), frozenset({"Arabic"})),
    **dict.fromkeys(("hi", "mr", "ne"), frozenset({"Devanagari"})),
    **dict.fromkeys(("zh", "ja", "ko"), frozenset({_CJK})),
    "hy": frozenset({"Armenian"}),
    "az": frozenset({"Latin", "Cyrillic"}),
}
# Russian: only letters of its alphabet, with ы or э, which Bulgarian and Macedonian lack, and
# Ukrainian and Belarusian would show with і. 0.5% of letters: Russian prose has ~2%, a Bulgarian
# text quoting a Russian name far less. Kyrgyz, Kazakh or Tatar also use ы and э, and their own
# letters (caught as foreign before) can be absent from a short sentence (2 Kyrgyz headlines in
# the eval set), but not from 100 letters.
_RU_ALPHABET = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
_RU_MARKERS = frozenset("ыэЫЭ")
_RU_MIN_MARKERS = 0.005
_RU_MIN_LETTERS = 100
# Arabic: only the letters of the Arabic alphabet (hamza to yeh, and the tatweel); Persian and
# Urdu add پ چ ژ گ ک ی ٹ ڈ ڑ ں ے ھ ہ, found in any text of theirs of some length.
_AR_ALPHABET = frozenset(chr(code) for code in (*range(0x0621, 0x063B), *range(0x0640, 0x064B)))
_AR_MIN_LETTERS = 50

# Scripts langdetect has profiles for; a text dominated by any other script is not guessed at.
_LANGDETECT_SCRIPTS = frozenset({
    "Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Devanagari", "Bengali", "Gurmukhi",
    "Gujarati", "Tamil", "Telugu", "Kannada", "Malayalam", "Thai",
})

# Letters that no supported language writes (a test checks them against the langdetect profiles),
# each common in some unsupported language that langdetect would otherwise give a confident wrong
# neighbour (Serbian -> mk, Kazakh -> ru, Pashto -> fa, Icelandic -> da):
_FOREIGN_LETTERS = frozenset(
    "ðþÐÞ"                              # Icelandic, Faroese
    "ĉĝĥĵŝŭĈĜĤĴŜŬ"                      # Esperanto
    "ħċġĦĊĠ"                            # Maltese
    "ɓɗƙƴŋɛɔɲṣṅƁƊƘƳŊƐƆƝṢṄ"              # Hausa, Yoruba, Igbo, Akan, Wolof...
    "ʻ"                                 # Uzbek Latin (oʻ, gʻ)
    "әғқңөұүһҳҷӣӯҗӘҒҚҢӨҰҮҺҲҶӢӮҖ"        # Kazakh, Kyrgyz, Tatar, Tajik, Uzbek Cyrillic
    "ўЎ"                                # Belarusian, Uzbek Cyrillic
    "ђћЂЋ"                              # Serbian Cyrillic
    "ټډړږښځڅګڼۍې"                      # Pashto
    "ڕڵۆێەۇۈۋ"                          # Sorani Kurdish, Uyghur
)

# fmt: on

# Links and addresses are not prose: their letters must not count towards min_letters.
_LINK_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageResult:
    lang: str  # ISO 639-1 code, or "und"
    # Probability of the top language (for the script rules behind hy, az, zh, ja and ko: the
    # share of letters in the deciding script); 0.0 when nothing was detected.
    confidence: float
    reason: str | None  # None when detected; why not, when "und"


def detect_language(
    text: str,
    *,
    min_letters: int = 20,
    min_confidence: float = 0.80,
    expected: str | None = None,
) -> LanguageResult:
    """Detect the main language of `text`; "und" (with a reason) when it cannot be trusted.

    `expected` ("is this translation in French?") lets script and letter rules settle the
    question without the statistical model where they safely can. The answer is then `expected`
    exactly when it would be without `expected`; otherwise it may be "und", with a reason that
    says why the text is not `expected`, where the full detection would name the language.
    """
    return _detect(text, min_letters, min_confidence, PREFIX_CHARS, expected)


def _detect(
    text: str,
    min_letters: int,
    min_confidence: float,
    prefix_chars: int | None,
    expected: str | None = None,
    *,
    stock: bool = False,
) -> LanguageResult:
    """detect_language with its parameters; `stock` runs langdetect itself (for comparisons)."""
    analysed = _analyse(text, min_letters, min_confidence, prefix_chars)
    if isinstance(analysed, LanguageResult):
        return analysed
    if expected is not None:
        settled = _settle_expected(expected, analysed, min_confidence)
        if settled is not None:
            return settled[1]
    return _model(analysed, min_confidence, stock=stock)


@dataclass(frozen=True)
class _Sample:
    """A text the rules could not decide alone: what the model gets, and what the rules saw."""

    text: str  # the prefix, NFKC-normalised, links removed
    script: str  # the majority script (CJK scripts counted as one)
    share: float  # of the letters, in that script
    letters: dict[str, int]
    mixed: bool  # letters of more than one script


def _analyse(
    text: str, min_letters: int, min_confidence: float, prefix_chars: int | None
) -> LanguageResult | _Sample:
    """The answer of the script and letter rules, or the sample they leave to the model."""
    # NFKC folds full-width and "fancy" letters (𝐀, ﬁ, ｱ) into the ones the profiles know.
    sample = unicodedata.normalize("NFKC", (text or "")[:prefix_chars])
    if "@" in sample or "://" in sample or "www." in sample.lower():  # a scan costs ~0.1 ms
        sample = _LINK_RE.sub(" ", sample)
    letters = {ch: n for ch, n in Counter(sample).items() if ch.isalpha()}
    n_letters = sum(letters.values())
    if n_letters == 0:
        return _und("no letters")
    if n_letters < min_letters:
        return _und(f"text too short ({n_letters} letters, need {min_letters})")
    # "hahaha" or a row of one repeated letter is not language, whatever langdetect would say.
    n_distinct = len({ch.lower() for ch in letters})
    if n_distinct < _MIN_DISTINCT_LETTERS:
        return _und(f"too few distinct letters ({n_distinct})")

    scripts: Counter[str] = Counter()
    for ch, n in letters.items():
        scripts[_script(ch)] += n
    # Japanese mixes three scripts, so the CJK ones compete for the majority as one group.
    groups: Counter[str] = Counter()
    for name, n in scripts.items():
        if name:
            groups[_CJK if name in _CJK_SCRIPTS else name] += n
    if not groups:
        return _und("no letters of any known script")
    script, n_script = groups.most_common(1)[0]
    share = n_script / n_letters

    if script == _CJK:
        return _cjk(scripts, n_script, n_letters, min_confidence)
    if script == "Armenian":
        return _decide("hy", share, min_confidence)
    if script not in _LANGDETECT_SCRIPTS:
        return _und(f"unsupported script: {script}")

    if script == "Latin":
        schwa = letters.get("ə", 0) + letters.get("Ə", 0)
        if schwa >= _AZ_MIN_SCHWA * n_script:
            return _decide("az", share, min_confidence)
    elif script == "Cyrillic":
        schwa = letters.get("ә", 0) + letters.get("Ә", 0)
        if schwa >= _AZ_MIN_SCHWA * n_script and not _AZ_CYRILLIC_MARKERS.isdisjoint(letters):
            return _decide("az", share, min_confidence)

    foreign = _foreign_letters(sample, letters)
    if sum(foreign.values()) >= max(_FOREIGN_MIN_COUNT, _FOREIGN_MIN_SHARE * n_letters):
        shown = " ".join(ch for ch, _ in foreign.most_common(5))
        return _und(f"unsupported language: uses letters no supported language writes ({shown})")

    return _Sample(sample, script, share, letters, len(groups) > 1)


def _foreign_letters(sample: str, letters: dict[str, int]) -> Counter[str]:
    """The letters no supported language writes, counted in words that are no names: an
    English report of Żebbuġ and Mrieħel is no Maltese, and Maltese writes ħ and ġ in its
    everyday words (ħafna, ġimgħa)."""
    foreign: Counter[str] = Counter()
    if not _FOREIGN_LETTERS.isdisjoint(letters):
        for word in _WORD_RE.findall(sample):
            if not word[0].isupper():
                foreign.update(ch.lower() for ch in word if ch in _FOREIGN_LETTERS)
    return foreign


def _model(analysed: _Sample, min_confidence: float, *, stock: bool = False) -> LanguageResult:
    """langdetect's answer on the majority script of the sample."""
    sample, script, letters = analysed.text, analysed.script, analysed.letters
    # langdetect only gets to see the majority script: its profiles hold stray n-grams of other
    # scripts (Armenian or Georgian letters pull it to "et"), so a minority could sway it.
    if analysed.mixed:
        others = {ord(ch): " " for ch in letters if _script(ch) not in ("", script)}
        sample = sample.translate(others)
    # langdetect skips every word with two capitals in a row, so an all-caps headline has almost
    # no usable n-grams left unless it is lower-cased.
    upper = sum(n for ch, n in letters.items() if ch.isupper())
    if upper * 2 > sum(letters.values()):
        sample = sample.lower()

    probs = _langdetect(sample, stock=stock)
    if not probs:
        return _und("no usable features for langdetect")
    lang, prob = max(probs.items(), key=lambda item: item[1])
    return _decide(lang, prob, min_confidence)


def _cjk(
    scripts: Counter[str], n_script: int, n_letters: int, min_confidence: float
) -> LanguageResult:
    """Chinese, Japanese or Korean, told apart by kana and Hangul."""
    kana = scripts["Hiragana"] + scripts["Katakana"]
    if scripts["Hangul"] * 2 > n_script:
        lang = "ko"
    else:
        lang = "ja" if kana >= _JA_MIN_KANA * n_script else "zh"
    # A character says about what a Latin word's three letters do: the names a Chinese text
    # keeps in Latin ("Transandina Gas S.A.") would otherwise outweigh the text around them.
    share = n_script / (n_script + (n_letters - n_script) / _LETTERS_PER_CJK_CHAR)
    return _decide(lang, share, min_confidence)


def _settle_expected(
    expected: str, analysed: _Sample, min_confidence: float
) -> tuple[str, LanguageResult] | None:
    """The rule and its answer when one settles whether the text is `expected`, else None.

    Only reached for the scripts langdetect decides (CJK, Armenian and unsupported scripts are
    settled before, without the model). A rule only confirms a language when the share of the
    script reaches min_confidence, which the full detection, whose confidence is langdetect's
    probability instead, would also reach on such a text.
    """
    lang = normalize_lang_code(expected)
    if lang not in SUPPORTED_LANGUAGES:
        return None
    script, share, letters = analysed.script, analysed.share, analysed.letters
    single = _SCRIPT_LANGUAGE.get(script)
    if single is not None:
        if share < min_confidence:
            return None
        return "script of one language", LanguageResult(single, share, None)
    if script not in _LANGUAGE_SCRIPTS.get(lang, frozenset({"Latin"})):
        return "other script", LanguageResult(UND, 0.0, f"not {lang}: written in {script} script")
    if share < min_confidence:
        return None
    if lang == "ru" and script == "Cyrillic" and _looks_russian(letters):
        return "Russian letters", LanguageResult("ru", share, None)
    if lang == "ar" and script == "Arabic" and _looks_arabic(letters):
        return "Arabic letters", LanguageResult("ar", share, None)
    return None


def _looks_russian(letters: dict[str, int]) -> bool:
    cyrillic = {ch: n for ch, n in letters.items() if _script(ch) == "Cyrillic"}
    if not _RU_ALPHABET.issuperset(cyrillic):
        return False
    n_cyrillic = sum(cyrillic.values())
    markers = sum(n for ch, n in cyrillic.items() if ch in _RU_MARKERS)
    return n_cyrillic >= _RU_MIN_LETTERS and markers >= _RU_MIN_MARKERS * n_cyrillic


def _looks_arabic(letters: dict[str, int]) -> bool:
    arabic = {ch: n for ch, n in letters.items() if _script(ch) == "Arabic"}
    return _AR_ALPHABET.issuperset(arabic) and sum(arabic.values()) >= _AR_MIN_LETTERS


def _decide(lang: str, confidence: float, min_confidence: float) -> LanguageResult:
    if confidence < min_confidence:
        reason = f"uncertain: top language {lang} at {confidence:.2f} < {min_confidence:.2f}"
        return LanguageResult(UND, confidence, reason)
    return LanguageResult(lang, confidence, None)


def _und(reason: str) -> LanguageResult:
    return LanguageResult(UND, 0.0, reason)


@cache
def _script(ch: str) -> str:
    """Unicode script of a letter, read from its name ("" for letters of no single script)."""
    word = unicodedata.name(ch, "").split(" ", 1)[0]
    if word in ("CJK", "IDEOGRAPHIC"):
        return "Han"
    if word == "KATAKANA-HIRAGANA":  # the long-vowel mark ー
        return "Katakana"
    if word == "MODIFIER":  # ʼ ʻ: apostrophes of many scripts
        return ""
    return word.title()


def _langdetect(text: str, *, stock: bool = False) -> dict[str, float]:
    found = _stock_probabilities(text) if stock else _detector().probabilities(text)
    probs: dict[str, float] = {}
    for lang, prob in found:
        lang = "zh" if lang.startswith("zh") else lang
        probs[lang] = probs.get(lang, 0.0) + prob  # zh-cn + zh-tw are one answer here
    return probs


def _stock_probabilities(text: str) -> list[tuple[str, float]]:
    """langdetect itself, for comparisons: what FastDetector reproduces, at ~6x the cost."""
    detector = _factory().create()
    detector.append(text)
    try:
        return [(item.lang, item.prob) for item in detector.get_probabilities()]
    except LangDetectException:  # nothing in the text matched any profile n-gram
        return []


_lock = threading.Lock()
_detector_instance: FastDetector | None = None
_factory_instance: DetectorFactory | None = None


def _detector() -> FastDetector:
    """The one shared FastDetector; building it from the profiles takes ~0.9 s, so do it once."""
    global _detector_instance
    if _detector_instance is None:
        with _lock:
            if _detector_instance is None:
                # A factory of its own, dropped once read: its word map (~65 MB) is not needed
                # beside the detector's matrix unless the stock path is used as well.
                _detector_instance = FastDetector(_new_factory())
    return _detector_instance


def _factory() -> DetectorFactory:
    """The shared langdetect factory of the stock path (benchmarks and tests only)."""
    global _factory_instance
    if _factory_instance is None:
        with _lock:
            if _factory_instance is None:
                _factory_instance = _new_factory()
    return _factory_instance


def _new_factory() -> DetectorFactory:
    factory = DetectorFactory()
    # Sorted, so the language order (and float sums) do not depend on the filesystem.
    paths = sorted(p for p in Path(PROFILES_DIRECTORY).iterdir() if p.is_file())
    factory.load_json_profile([p.read_text(encoding="utf-8") for p in paths])
    # langdetect samples n-grams at random: without a fixed seed the same text can get a
    # different answer on each call. Set on our factory, not on the class, so other users of
    # langdetect in the process are unaffected.
    factory.seed = 0
    return factory
