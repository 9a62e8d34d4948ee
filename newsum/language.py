"""Language stage: which language an article is written in.

langdetect does the statistical work, but alone it cannot be trusted: it has no profile for
Armenian or Azerbaijani, it answers confidently for scripts and languages it has never seen, and
it often takes Chinese for Korean. So a few cheap script and letter rules run first, and whatever
this stage cannot tell reliably comes back as "und" with a reason instead of a wrong code.
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

UND = "und"

# Only the start of a text is examined: n-gram extraction in langdetect is pure Python and linear
# in length, while 2,000 characters already hold far more evidence than it needs
# (bench/langid.py measures the speed-up and checks that accuracy is unchanged).
PREFIX_CHARS = 2000

_MIN_DISTINCT_LETTERS = 5

# Decided by script alone: langdetect folds ideographs into a few classes and then often answers
# "ko" for Chinese, while the scripts themselves separate zh, ja and ko cleanly.
_CJK_SCRIPTS = frozenset({"Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"})
_CJK = "CJK"
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
# langdetect 1.0.9's 55 profiles (zh-cn and zh-tw merged into zh) plus the two rule-based ones.
# A test checks this against the installed profiles so an upgrade cannot drift silently.
SUPPORTED_LANGUAGES: frozenset[str] = frozenset({
    "af", "ar", "az", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa",
    "fi", "fr", "gu", "he", "hi", "hr", "hu", "hy", "id", "it", "ja", "kn", "ko", "lt", "lv",
    "mk", "ml", "mr", "ne", "nl", "no", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq",
    "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zh",
})

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

_SPECIAL_CODES = frozenset({"und", "mul", "zxx", "mis"})
# Legacy ISO 639-1 codes; Norwegian Bokmål and Nynorsk, which langdetect's one "no" profile
# answers alike (as zh covers both Chinese scripts); ISO 639-2/3 codes of supported languages.
_CODE_ALIASES: dict[str, str] = {
    "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "nb": "no", "nn": "no",
    "afr": "af", "ara": "ar", "aze": "az", "azj": "az", "bul": "bg", "ben": "bn", "cat": "ca",
    "ces": "cs", "cze": "cs", "cym": "cy", "wel": "cy", "dan": "da", "deu": "de", "ger": "de",
    "ell": "el", "gre": "el", "eng": "en", "spa": "es", "est": "et", "fas": "fa", "per": "fa",
    "fin": "fi", "fra": "fr", "fre": "fr", "guj": "gu", "heb": "he", "hin": "hi", "hrv": "hr",
    "hun": "hu", "hye": "hy", "arm": "hy", "ind": "id", "ita": "it", "jpn": "ja", "kan": "kn",
    "kor": "ko", "lit": "lt", "lav": "lv", "mkd": "mk", "mac": "mk", "mal": "ml", "mar": "mr",
    "nep": "ne", "npi": "ne", "nld": "nl", "dut": "nl", "nor": "no", "nob": "no", "nno": "no",
    "pan": "pa", "pol": "pl", "por": "pt", "ron": "ro", "rum": "ro", "rus": "ru", "slk": "sk",
    "slo": "sk", "slv": "sl", "som": "so", "sqi": "sq", "alb": "sq", "swe": "sv", "swa": "sw",
    "swh": "sw", "tam": "ta", "tel": "te", "tha": "th", "tgl": "tl", "tur": "tr", "ukr": "uk",
    "urd": "ur", "vie": "vi", "zho": "zh", "chi": "zh", "cmn": "zh",
}
# fmt: on

_CODE_RE = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*")
# Links and addresses are not prose: their letters must not count towards min_letters.
_LINK_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)


@dataclass(frozen=True)
class LanguageResult:
    lang: str  # ISO 639-1 code, or "und"
    # Probability of the top language (for the script rules behind hy, az, zh, ja and ko: the
    # share of letters in the deciding script); 0.0 when nothing was detected.
    confidence: float
    reason: str | None  # None when detected; why not, when "und"


def normalize_lang_code(code: str | None) -> str | None:
    """Reduce a language tag to the code this stage answers with ("zh-Hant" -> "zh", "EN" -> "en").

    Script and region subtags are dropped because detection does not tell them apart. Returns
    None for anything that is not a language tag, and for und/mul/zxx/mis, which name none.
    Three-letter codes without a two-letter equivalent here (e.g. "pcm") are kept as they are.
    """
    if not isinstance(code, str):
        return None
    match = _CODE_RE.fullmatch(code.strip().lower())
    if match is None or match.group(1) in _SPECIAL_CODES:
        return None
    return _CODE_ALIASES.get(match.group(1), match.group(1))


def detect_language(
    text: str, *, min_letters: int = 20, min_confidence: float = 0.80
) -> LanguageResult:
    """Detect the main language of `text`; "und" (with a reason) when it cannot be trusted."""
    return _detect(text, min_letters, min_confidence, PREFIX_CHARS)


def _detect(
    text: str, min_letters: int, min_confidence: float, prefix_chars: int | None
) -> LanguageResult:
    # NFKC folds full-width and "fancy" letters (𝐀, ﬁ, ｱ) into the ones the profiles know.
    sample = unicodedata.normalize("NFKC", (text or "")[:prefix_chars])
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
        kana = scripts["Hiragana"] + scripts["Katakana"]
        if scripts["Hangul"] * 2 > n_script:
            lang = "ko"
        else:
            lang = "ja" if kana >= _JA_MIN_KANA * n_script else "zh"
        return _decide(lang, share, min_confidence)
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

    foreign: Counter[str] = Counter()
    for ch, n in letters.items():
        if ch in _FOREIGN_LETTERS:
            foreign[ch.lower()] += n
    n_foreign = sum(foreign.values())
    if n_foreign >= max(_FOREIGN_MIN_COUNT, _FOREIGN_MIN_SHARE * n_letters):
        shown = " ".join(ch for ch, _ in foreign.most_common(5))
        return _und(f"unsupported language: uses letters no supported language writes ({shown})")

    # langdetect only gets to see the majority script: its profiles hold stray n-grams of other
    # scripts (Armenian or Georgian letters pull it to "et"), so a minority could sway it.
    if len(groups) > 1:
        sample = "".join(
            " " if ch in letters and _script(ch) not in ("", script) else ch for ch in sample
        )
    # langdetect skips every word with two capitals in a row, so an all-caps headline has almost
    # no usable n-grams left unless it is lower-cased.
    upper = sum(n for ch, n in letters.items() if ch.isupper())
    if upper * 2 > n_letters:
        sample = sample.lower()

    probs = _langdetect(sample)
    if not probs:
        return _und("no usable features for langdetect")
    lang, prob = max(probs.items(), key=lambda item: item[1])
    return _decide(lang, prob, min_confidence)


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


def _langdetect(text: str) -> dict[str, float]:
    detector = _factory().create()
    detector.append(text)
    try:
        found = detector.get_probabilities()
    except LangDetectException:  # nothing in the text matched any profile n-gram
        return {}
    probs: dict[str, float] = {}
    for item in found:
        lang = "zh" if item.lang.startswith("zh") else item.lang
        probs[lang] = probs.get(lang, 0.0) + item.prob  # zh-cn + zh-tw are one answer here
    return probs


_factory_lock = threading.Lock()
_factory_instance: DetectorFactory | None = None


def _factory() -> DetectorFactory:
    """The one shared DetectorFactory; loading the 55 profiles takes ~0.3 s, so do it once."""
    global _factory_instance
    if _factory_instance is None:
        with _factory_lock:
            if _factory_instance is None:
                factory = DetectorFactory()
                # Sorted, so the language order (and float sums) do not depend on the filesystem.
                paths = sorted(p for p in Path(PROFILES_DIRECTORY).iterdir() if p.is_file())
                factory.load_json_profile([p.read_text(encoding="utf-8") for p in paths])
                # langdetect samples n-grams at random: without a fixed seed the same text can get
                # a different answer on each call. Set on our factory, not on the class, so other
                # users of langdetect in the process are unaffected.
                factory.seed = 0
                _factory_instance = factory
    return _factory_instance
