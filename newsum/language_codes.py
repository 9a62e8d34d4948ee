"""The language codes this project answers with: the languages it detects, and how a tag from
input or configuration ("zh-Hant", "EN", "fra") is reduced to one of them."""

from __future__ import annotations

import re

# fmt: off
# langdetect 1.0.9's 55 profiles (zh-cn and zh-tw merged into zh) plus the two rule-based ones.
# A test checks this against the installed profiles so an upgrade cannot drift silently.
SUPPORTED_LANGUAGES: frozenset[str] = frozenset({
    "af", "ar", "az", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa",
    "fi", "fr", "gu", "he", "hi", "hr", "hu", "hy", "id", "it", "ja", "kn", "ko", "lt", "lv",
    "mk", "ml", "mr", "ne", "nl", "no", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq",
    "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zh",
})

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
