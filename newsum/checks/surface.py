"""What the text itself shows, whatever its source: narrator's framing, loops, leaked markup,
words of another script or language."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

from newsum.lexicon import (
    attribution_markers,
    loaded_term_pattern,
    not_attribution,
    not_loaded,
    resource_data,
)
from newsum.text import WORD, split_sentences

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|「[^」]*」|‘[^’]*’")
_UNSPACED = {"zh", "ja"}
# Arabic glues conjunctions and prepositions to the next word: "وقال" is "and (he) said".
_ARABIC_PROCLITICS = "(?:[وفبلك]{1,2})?"


@cache
def _marker_pattern(lang: str) -> re.Pattern[str]:
    markers = sorted(attribution_markers(lang), key=len, reverse=True)
    alternatives = "|".join(re.escape(m) for m in markers)
    if lang in _UNSPACED:  # "所称" holds "称": no word boundary in Chinese
        return re.compile(f"(?:{alternatives})")
    prefix = _ARABIC_PROCLITICS if lang == "ar" else ""
    # "an estimated 300", "estimated to be": the narrator's estimate (lexicon `not_attribution`).
    none = "|".join(re.escape(m) for m in not_attribution(lang))
    not_one = rf"(?!(?:{none})(?!\w))(?<!\ban )" if none else ""
    return re.compile(rf"(?<!\w){prefix}{not_one}(?:{alternatives})")


def has_attribution(sentence: str, lang: str) -> bool:
    return _marker_pattern(lang).search(sentence.lower()) is not None


def attribution_markers_in(sentence: str, lang: str) -> list[str]:
    """The attribution markers a sentence holds ("said", "according to")."""
    return _marker_pattern(lang).findall(sentence.lower())


def unattributed_loaded_terms(text: str, lang: str) -> list[str]:
    """Loaded terms in the narrator's voice: not inside quotes, not in an attributed sentence."""
    pattern = loaded_term_pattern(lang)
    if pattern is None:
        return []
    return sorted(
        {
            hit.lower()
            for hit, clause in _narrated_hits(text, lang, pattern)
            if hit.lower() not in not_loaded(lang) and not _people_freed(hit, clause, lang)
        }
    )


def unattributed_editorial_terms(text: str, lang: str) -> list[str]:
    """Editorial wording (resources/editorial.yaml: "rammed through", "conveniently", "a
    lifeline") in the narrator's voice, as for the loaded terms."""
    pattern = _editorial_pattern(lang)
    if pattern is None:
        return []
    hits = _narrated_hits(text, lang, pattern, by_position=True)
    # "Sham Shui Po" is a place: a capitalised hit inside a clause is a name, not a verdict.
    return sorted({hit.lower() for hit, clause in hits if not _inside_name(hit, clause)})


def _inside_name(hit: str, clause: str) -> bool:
    return hit[:1].isupper() and not clause.lstrip().startswith(hit)


def _narrated_hits(
    text: str, lang: str, pattern: re.Pattern[str], *, by_position: bool = False
) -> list[tuple[str, str]]:
    """The pattern's hits outside quotes and attributed clauses, each with its clause.

    With `by_position`, an English hit counts as attributed only where it stands inside what is
    reported (see `_reported_at`), not merely in a clause that reports something.
    """
    found: list[tuple[str, str]] = []
    for sentence in split_sentences(text):
        # Clause by clause: "X launched its aggression; the ministry said ..." attributes only
        # what follows the semicolon.
        for clause in re.split(r"[;；؛]\s*", _QUOTED.sub(" ", sentence)):
            hits = list(pattern.finditer(clause))
            positional = by_position and lang == "en" and bool(hits)
            markers = list(_marker_pattern(lang).finditer(clause.lower())) if positional else []
            for hit in hits:
                if positional:
                    # A judging adverb ("conveniently", "predictably") qualifies the telling:
                    # the narrator's even inside what someone is reported as saying.
                    adverb = hit.group(0).lower().endswith("ly")
                    attributed = not adverb and _reported_at(clause, hit.start(), markers)
                else:
                    attributed = has_attribution(clause, lang)
                if not attributed:
                    found.append((hit.group(0), clause))
    return found


# "..., the union said": a short speaker between the last comma and the verb. "and said" or
# "which said" goes on with the narrator's sentence.
_SPEAKER_BEFORE = re.compile(
    r",\s*(?!(?:and|but|while|which|who|whose|then)\b)(?:[^\s,]+\s+){1,5}$", re.IGNORECASE
)
# "..., said Ms Ortiz" or "..., said Ms Ortiz, the director": a short speaker after the verb,
# with no verb of its own ("X, hiding behind the rules, insisted the centre had done nothing").
_SPEAKER_AFTER = re.compile(
    r"^(?!\s*that\b)(?![^,]*\b(?:is|are|was|were|has|have|had|will|would|could|can|should|must"
    r"|did|does|do)\b)(?:\s*[^\s,]+){1,6}\s*(?:,|$)",
    re.IGNORECASE,
)


_CONTRAST = re.compile(r",\s+(?:while|whereas|but|although)\b", re.IGNORECASE)
# Markers of an act, not of speech: what follows "have threatened to" or "refusing to" is told
# by the narrator.
_NOT_SPEECH = re.compile(
    r"(?:has|have|had) threatened|refus|turn|declin|thank|(?:was|were) defeated"
)


def _reported_at(clause: str, at: int, markers: list[re.Match[str]]) -> bool:
    """Whether the English word at `at` stands inside what the clause reports (`markers`: the
    clause's attribution markers, found once for all its hits).

    What follows "said" or "according to" is reported, and so is what precedes an inverted
    "..., the ministry said" or "..., said the ministry". The subject and its appositives before
    the verb are the narrator's: "X, a middleman fattened on ..., said" or "X, hiding behind
    ..., insisted". A participle ("..., saying") carries on the narrator's verb.
    """
    # A contrast starts a clause of its own: "the operator blames X, while the station hides
    # behind ..." reports nothing of the station's.
    start = max((b.end() for b in _CONTRAST.finditer(clause, 0, at)), default=0)
    if any(start <= m.start() < at and not _NOT_SPEECH.match(m.group(0)) for m in markers):
        return True
    for m in markers:
        if m.group(0).endswith("ing"):
            continue
        before, after = clause[at : m.start()], clause[m.end() :]
        if _SPEAKER_BEFORE.search(before):
            return True
        if before.rstrip().endswith(",") and _SPEAKER_AFTER.match(after):
            return True
    return False


@cache
def _editorial_pattern(lang: str) -> re.Pattern[str] | None:
    terms = resource_data("editorial.yaml")["terms"].get(lang)
    if not terms:
        return None
    alternatives = "|".join(re.escape(str(t).lower()) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@cache
def _people_freed_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    table = resource_data("lexicon.yaml").get("people_freed", {})
    terms, people = table.get("terms", {}).get(lang), table.get("people", {}).get(lang)
    if not terms or not people:
        return None
    boundary = "" if lang in _UNSPACED else r"(?<!\w)"
    prefix = _ARABIC_PROCLITICS + "(?:ال)?" if lang == "ar" else ""

    def alternatives(words: list[str]) -> str:
        return "|".join(re.escape(str(w).lower()) for w in sorted(words, key=len, reverse=True))

    return (
        re.compile(f"{boundary}(?:{alternatives(terms)})", re.IGNORECASE),
        re.compile(f"{boundary}{prefix}(?:{alternatives(people)})", re.IGNORECASE),
    )


def _people_freed(hit: str, clause: str, lang: str) -> bool:
    """A liberation word about people ("freed three detainees"): no side's framing."""
    patterns = _people_freed_patterns(lang)
    return bool(patterns and patterns[0].match(hit) and patterns[1].search(clause))


def repeated_sentences(text: str) -> int:
    """Sentences said twice, plus 8-word runs said three times (loops without full stops)."""
    sentences = [WORD.findall(s.lower()) for s in split_sentences(text)]
    # A sentence of a few words is no loop: "de 5 a. m. a 11 a. m." cut after each "m.".
    said = Counter(" ".join(words) for words in sentences if len(words) >= 2)
    repeats = sum(count - 1 for count in said.values() if count > 1)
    words = WORD.findall(text.lower())
    grams = Counter(tuple(words[i : i + 8]) for i in range(max(0, len(words) - 7)))
    return repeats + sum(1 for count in grams.values() if count >= 3)


def phrase_loops(text: str, lang: str) -> list[str]:
    """Short phrases said again and again: a 4-word run three times, and once per 60 words in a
    longer text (a topic's name, "physics at A-level", comes back in a long summary of it); or,
    in a script without spaces, a 6-character run five times, and once per 100 characters (a
    news summary of 100 words does neither)."""
    if lang in _UNSPACED:
        # Latin-script terms in Chinese are names and acronyms ("A-level", "BBC"): no loop. A
        # name in characters comes back as often as in a spaced text: once per 100 characters
        # (about 60 words) is the same bar. Four times is a name's ("埃斯特雷马杜拉", Extremadura,
        # in a summary about the region), as in the English, where names are left out.
        chars = re.sub(r"[\W\x00-\x7f]", "", text)
        grams = Counter(chars[i : i + 6] for i in range(max(0, len(chars) - 5)))
        least_cjk = max(5, math.ceil(len(chars) / 100))
        return sorted(g for g, n in grams.items() if n >= least_cjk)[:3]
    words = WORD.findall(text)
    least = max(3, math.ceil(len(words) / 60))
    # A name said three times is no loop ("la Corée du Nord" in a story about it).
    named = [w[:1].isupper() for w in words]
    grams4 = Counter(
        " ".join(words[i : i + 4]).lower()
        for i in range(max(0, len(words) - 3))
        if not (named[i] or named[i + 1] or named[i + 2] or named[i + 3])
    )
    return sorted(g for g, n in grams4.items() if n >= least)[:3]


# Markup and chat-template tokens a model can leak into its answer ("</textarea>", "</summary>",
# "<|im_end|>", a code fence): never part of a news text.
_MARKUP = re.compile(
    r"</?[A-Za-z][\w-]{0,20}(?:\s[^<>]{0,80})?/?>|<\|[^|>]{1,30}\|>|```|\[/?INST\]|&lt;/?\w+&gt;"
)


def markup_leaks(text: str) -> list[str]:
    return sorted(set(_MARKUP.findall(text)))[:5]


_LATIN = re.compile(r"[A-Za-zÀ-ɏ]+")
_NON_LATIN_LANGUAGES = frozenset({"ar", "fa", "ru", "uk", "bg", "zh", "ja", "hy", "el", "he"})


def latin_words_in_script(text: str, lang: str) -> list[str]:
    """Lower-case Latin words in a text of a non-Latin script: left-over or invented words
    ("the", "operation" inside Arabic). Acronyms and capitalised names are allowed: a desk keeps
    "OSCE" or a Latin-written name."""
    if lang not in _NON_LATIN_LANGUAGES:
        return []
    # A lower-case word after a capitalised one is a name's second word, as in a species
    # ("Neisseria meningitidis", kept in Latin by every language).
    named = {m.group(1) for m in _SECOND_NAME_WORD.finditer(text)}
    plain = _LATIN_NAME.sub(
        " ", _TERM_IN_BRACKETS.sub(" ", _NAME_IN_BRACKETS.sub(" ", _QUOTED.sub(" ", text)))
    )
    words = [w for w in _LATIN.findall(plain) if len(w) >= 3]
    return sorted({w for w in words if w[0].islower() and w not in named})[:8]


# A name in Latin script with its lower-case words: "Lega per la fauna dell'Umbria", "Collectif
# de la relève acéricole du Témiscouata".
_LATIN_NAME = re.compile(r"[A-Z][a-zà-ɏ]+(?:[\s'’]+[a-zà-ɏ]+){1,6}[\s'’]+[A-Z][a-zà-ɏ]+")
# A name given as the original writes it, in brackets: "联盟（Lega per la fauna dell'Umbria）".
_NAME_IN_BRACKETS = re.compile(r"[(（]\s*[A-Z][^()（）]{0,80}[)）]")
# ... or a term, glossed in the original's words: "о разрешённом строительстве (permitted
# development)", "новогодние чучела (años viejos)".
_TERM_IN_BRACKETS = re.compile(
    r"[(（]\s*[a-zà-ɏ][a-zà-ɏ'’-]*(?:\s+[a-zà-ɏ][a-zà-ɏ'’-]*){0,4}\s*[)）]"
)


_SECOND_NAME_WORD = re.compile(r"(?<![A-Za-zÀ-ɏ])[A-Z][a-zà-ɏ]+ ([a-zà-ɏ]+)")


@cache
def _function_words() -> dict[str, frozenset[str]]:
    """Function words per Latin-script language that belong to that language alone."""
    table: dict[str, list[str]] = resource_data("stopwords.yaml")["stopwords"]
    lists = {lang: {str(w).lower() for w in words} for lang, words in table.items()}
    latin = {lang: ws for lang, ws in lists.items() if all(_LATIN.fullmatch(w) for w in ws)}
    own: dict[str, frozenset[str]] = {}
    for lang, words in latin.items():
        others = set().union(*(ws for other, ws in latin.items() if other != lang))
        own[lang] = frozenset(w for w in words - others if len(w) >= 3)
    return own


def foreign_function_words(text: str, lang: str) -> dict[str, list[str]]:
    """Another Latin-script language's own function words inside the text ("und", "nicht",
    "der" in French): at least three distinct ones of one language is a mixed-language text."""
    own = _function_words()
    if lang not in own:
        return {}
    words = {w.lower() for w in WORD.findall(_QUOTED.sub(" ", text))}
    found = {other: sorted(words & ws) for other, ws in own.items() if other != lang}
    return {other: hits for other, hits in found.items() if len(hits) >= 3}
