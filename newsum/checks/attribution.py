"""Who said it, and what they did: a translation keeps the summary's attribution verbs and
their polarity ("said" is not "denied", "agreed" is not "refused").

Counted with the per-language lists in resources/attribution.yaml. A translation may change a
verb's wording freely within a kind; losing a kind, or having fewer neutral attributions ("said",
"according to") than the summary, is what a reviewer is asked to look at.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from newsum.checks.memo import RECENT_TEXTS
from newsum.checks.scripts import ARABIC_LETTER
from newsum.lexicon import attribution_verbs, negations
from newsum.text import split_sentences

_UNSPACED = {"zh", "ja"}
# Forms that look like attributions and are none (resources/attribution.yaml, kind "neutral").
NEUTRAL = "neutral"
_ARABIC_MARKS = str.maketrans(dict.fromkeys([chr(c) for c in range(0x064B, 0x0653)] + ["\u0640"]))
_ARABIC_PROCLITICS = "(?:[وفبلك]{1,2})?"


@cache
def _pattern(lang: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    verbs = attribution_verbs(lang)
    if not verbs:
        return None
    kind_of = {form: kind for kind, forms in verbs.items() for form in forms}
    # A stem of three letters or fewer is a whole word outside Chinese and Arabic: French "nie"
    # (denies) is no start of "Niedersachsen"; its inflections are listed. In Arabic, where
    # proclitics join it to other words, it takes a suffix of three letters at most: "أيد" is
    # in أيدتها and أيدوا, not at the start of the name أيدوغدو (Aydoğdu).
    short_end = "" if lang in _UNSPACED else r"(?=\w{0,3}(?!\w))" if lang == "ar" else r"(?!\w)"
    alternatives = "|".join(
        re.escape(f) + (short_end if len(f) <= 3 else "")
        for f in sorted(kind_of, key=len, reverse=True)
    )
    if lang in _UNSPACED:
        return re.compile(f"({alternatives})"), kind_of
    prefix = _ARABIC_PROCLITICS if lang == "ar" else ""
    return re.compile(rf"(?<!\w){prefix}({alternatives})"), kind_of


@lru_cache(maxsize=RECENT_TEXTS)
def attribution_kinds(text: str, lang: str) -> Counter[str] | None:
    """How many attribution verbs of each kind the text holds; None when `lang` has no list."""
    compiled = _pattern(lang)
    if compiled is None:
        return None
    pattern, kind_of = compiled
    found = Counter(kind_of[m] for m in pattern.findall(normalise(text)))
    del found[NEUTRAL]  # matched only so that no shorter form inside it counts
    return found


@cache
def _negation_pattern(lang: str) -> re.Pattern[str] | None:
    forms, neutral = negations(lang)
    if not forms:
        return None
    # Words that negate nothing come first, so that their negation letter is not counted alone.
    alternatives = "|".join(re.escape(f) for f in sorted(neutral, key=len, reverse=True))
    words = "|".join(
        re.escape(f) + ("" if lang in _UNSPACED or f.endswith("'") else r"(?!\w)")
        for f in sorted(forms, key=len, reverse=True)
    )
    start = "" if lang in _UNSPACED else _ARABIC_PROCLITICS if lang == "ar" else ""
    boundary = "" if lang in _UNSPACED else r"(?<!\w)"
    return re.compile(
        f"{boundary}(?:({alternatives})|{start}({words}))"
        if neutral
        else f"{boundary}{start}({words})"
    )


def negation_count(text: str, lang: str) -> int:
    """Negations in `text` outside its attribution verbs ("ne mentionne" is a denial, not one
    more negation); 0 where the language has no list."""
    pattern, verbs = _negation_pattern(lang), _pattern(lang)
    if pattern is None or verbs is None:
        return 0
    rest = verbs[0].sub(" ", normalise(text).replace("\u2019", "'"))
    if pattern.groups == 2:
        return sum(1 for _, word in pattern.findall(rest) if word)
    return len(pattern.findall(rest))


def normalise(text: str) -> str:
    """Lower case; Arabic without its optional vowel marks and tatweel ("حمّلت" is "حملت")."""
    lowered = text.lower()
    return lowered.translate(_ARABIC_MARKS) if ARABIC_LETTER.search(lowered) else lowered


def attribution_changes(
    summary_text: str, summary_lang: str, translation: str, target_lang: str
) -> dict[str, object]:
    """What the translation lost or turned around: "flipped" (a polarity changed: "said" became
    "denied", "denied" became "confirmed"), "dropped" (a denial lost), "said_fewer",
    "unattributed_sentences"."""
    before = attribution_kinds(summary_text, summary_lang)
    after = attribution_kinds(translation, target_lang)
    if before is None or after is None:
        return {}
    changes: dict[str, object] = {}
    if flipped := _flips(summary_text, summary_lang, translation, target_lang):
        changes["flipped"] = flipped
    elif dropped := [
        k for k in sorted(before) if k in _STRONG and not _class_count(after, _class_of(k))
    ]:
        changes["dropped"] = dropped
    # Neutral attributions: one less "said" turns a side's claim into the narrator's. A
    # translation may add some ("据…称" counts twice), never lose one.
    # Where the sentences align, each must keep its attribution; where they do not (Chinese
    # runs sentences together), the whole translation must have as many.
    bare = _unattributed_sentences(summary_text, summary_lang, translation, target_lang)
    if bare is not None:
        if bare:
            changes["unattributed_sentences"] = bare
    elif _class_count(after, _ATTRIBUTING) < (said := _class_count(before, _SAYING)):
        changes["said_fewer"] = {"summary": said, "translation": _class_count(after, _SAYING)}
    return changes


# Polarity classes. A flip is one class losing what another gains in the same sentence (or,
# where sentences do not align, in the whole text): "said" -> "denied" (positive to negative),
# "rejected" -> "confirmed", "blamed" -> "denied", "condemned" -> "supported". A kind gained
# alone is no flip: translations word a participle or a noun as a verb ("turned down" ->
# "rechazado"), and attribution words have legal senses ("condamné à", "l'accusation").
# Saying: "said", and "told" (which may be an instruction, see _ASK).
_SAYING = frozenset({"say", "tell"})
_POSITIVE = _SAYING | {"agree", "support"}
_NEGATIVE = frozenset({"deny", "oppose", "refuse_or_renounce"})
_ACCUSING = frozenset({"accuse", "blame", "condemn"})
# Lost with nothing of their class left, these change who stands where ("condemned" → "discussed");
# "agreed", "blamed" and "refused" are participles and causes as often ("the ceasefire agreed").
_STRONG = frozenset({"deny", "oppose", "accuse", "condemn"})
_ATTRIBUTING = frozenset(
    _SAYING
    | {"deny", "agree", "accuse", "blame", "condemn", "support", "oppose", "cite", "promise"}
)
# A stance told as a saying, or a saying as a stance, is a wording ("opposes the plan" → "dijo
# estar en contra", "said it was against" → "s'oppose"): no flip.
_STANCE_OR_VOICE = _SAYING | {"oppose"}
_TURNS = (
    (_POSITIVE, _NEGATIVE),
    (_ACCUSING, _NEGATIVE),
    (_NEGATIVE, _POSITIVE),
    (_ACCUSING, frozenset({"support"})),
    (frozenset({"support"}), _ACCUSING),
)


def _class_of(kind: str) -> frozenset[str]:
    return next((c for c in (_POSITIVE, _NEGATIVE, _ACCUSING) if kind in c), frozenset({kind}))


def _class_count(kinds: Counter[str], cls: frozenset[str]) -> int:
    return sum(n for k, n in kinds.items() if k in cls)


def _flips(
    summary_text: str, summary_lang: str, translation: str, target_lang: str
) -> dict[str, list[str]]:
    """Kinds lost and gained where one polarity turned into another, sentence by sentence where
    the sentences align. Into a denial: the sentence had none. Out of one: it has none left."""
    ones, others = sentences(summary_text), sentences(translation)
    aligned = len(ones) == len(others)
    if not aligned:
        ones, others = [summary_text], [translation]
    lost: set[str] = set()
    gained: set[str] = set()
    for one, other in zip(ones, others, strict=True):
        before = attribution_kinds(one, summary_lang) or Counter()
        after = attribution_kinds(other, target_lang) or Counter()
        for losing, gaining in _TURNS:
            was, now = _class_count(before, losing), _class_count(after, losing)
            had, has = _class_count(before, gaining), _class_count(after, gaining)
            # A denial counted once more where the summary has one already is a wording
            # ("could neither confirm nor refute"), so is one less where others are left.
            if gaining == _NEGATIVE and had:
                continue
            # ... unless it was the denial that went, into a saying beside a stance that stays
            # ("opposed …, which Qin denied" → "ce que Qin a reconnu").
            if losing == _NEGATIVE and now and not (before["deny"] and not after["deny"]):
                continue
            # A negated saying worded as a negated verb of denial ("the logbook shows no boats"
            # → "le registre ne mentionne aucun bateau", "but not a lower amount" → "不接受"):
            # the summary's sentence has a negation. (Not the other way round: a denial turned
            # into "confirms, acknowledging they did not stop" is a flip that keeps a negation.)
            if gaining == _NEGATIVE and _negation_into_denial(
                one, summary_lang, other, target_lang
            ):
                continue
            # Sentence by sentence, a denial where the summary's sentence has none is a flip
            # ("apologised" → "refused to apologise"); over a whole text it must replace
            # something. (Not "opposition" or "отказался от поста", "gave up": nouns and
            # renouncing are no denial.)
            denial = aligned and gaining == _NEGATIVE and after["deny"] > before["deny"]
            if has > had and (now < was or denial):
                turned = {k for k in before if k in losing and after[k] < before[k]}
                into = {k for k in after if k in gaining and after[k] > before[k]}
                if turned | into <= _STANCE_OR_VOICE:
                    continue
                lost |= turned
                gained |= into
    return {"summary": sorted(lost), "translation": sorted(gained)} if lost or gained else {}


def _negation_into_denial(
    summary_sentence: str, summary_lang: str, translation: str, target_lang: str
) -> bool:
    """Whether the summary's negation is the translation's denial: a negated verb of denial
    where the summary has a negation ("shows no boats" → "ne mentionne aucun"), or a denial
    where the summary has a negation more than the translation outside its verbs ("said the
    figures were not inflated" → "a rejeté l'accusation de chiffres gonflés")."""
    negations = negation_count(summary_sentence, summary_lang)
    return bool(negations) and (
        _negated_denial(translation, target_lang)
        or negations > negation_count(translation, target_lang)
    )


def _negated_denial(text: str, lang: str) -> bool:
    """Whether one of the text's denials is a negated verb ("ne mentionne", "不接受", "لم يذكر")."""
    compiled = _pattern(lang)
    if compiled is None:
        return False
    pattern, kind_of = compiled
    return any(
        kind_of[form] == "deny" and _NEGATED_FORM.match(form)
        for form in pattern.findall(normalise(text))
    )


_NEGATED_FORM = re.compile(
    r"(?:ne|n'|no|не|ни|لم|لا|لن|did not|does not|do not|nicht)\b|[不没未无]"
)


_CJK_STOP = re.compile(r"(?<=[。！？])(?=[^\s”」』）)])")


def sentences(text: str) -> list[str]:
    """Sentences, also where Chinese and Japanese end one without a space."""
    return list(_cut(text))


def sentence_voices(text: str, lang: str, saying_only: bool = False) -> list[int] | None:
    """Per sentence, how many attributions it makes: its "said" verbs (`saying_only`, for the
    text translated), or any verb that attributes (for a translation, which may word a "said"
    as "insisted" or "according to"). None when `lang` has no list."""
    counted = _SAYING if saying_only else _ATTRIBUTING
    kinds = [attribution_kinds(s, lang) for s in sentences(text)]
    if any(k is None for k in kinds):
        return None
    return [_class_count(k, counted) for k in kinds if k is not None]


@lru_cache(maxsize=RECENT_TEXTS)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(part for chunk in split_sentences(text) for part in _CJK_STOP.split(chunk) if part)


# A stance ("opposed to the cut", "backed by the police", "welcomed the decision") is worded
# as a noun, an adjective or a participle as often as a verb ("contrarias al", "بمؤازرة"), so
# a summary sentence that has only a stance need not keep a verb the lists know. A sentence
# that voices someone ("said", "denied", "accused", "citing") must.
_VOICING = _ATTRIBUTING - {"agree", "support", "oppose", "promise"}


def _voices(kinds: Counter[str] | None) -> bool:
    return kinds is not None and any(k in _VOICING for k in kinds)


# A request ("demanded", "urged", "proposed") keeps only the voice of a "told": a translator words
# "told residents to clear" as "ont demandé aux habitants de". Elsewhere it is a request of the
# summary's own ("said … and demands"), and a translation that keeps only it has lost the "said".
_ASK = "ask"


def _attributed(after: Counter[str] | None, before: Counter[str] | None = None) -> bool:
    if not after:
        return False
    return any(k != _ASK for k in after) or bool(before and before["tell"])


def _unattributed_sentences(
    summary_text: str, summary_lang: str, translation: str, target_lang: str
) -> dict[str, int] | None:
    """When the translation has as many sentences as the summary, a sentence that voices
    someone must keep an attribution: one without any is a claim moved into the narrator's
    voice."""
    source_sentences, target_sentences = sentences(summary_text), sentences(translation)
    if len(source_sentences) != len(target_sentences):
        return None
    pairs = [
        (attribution_kinds(one, summary_lang), attribution_kinds(other, target_lang))
        for one, other in zip(source_sentences, target_sentences, strict=True)
    ]
    # A voice lost in one sentence may have moved to its neighbour ("X said. Y" → "X. Y, she
    # said"): only more lost than gained counts. A stance gained ("protested against" worded
    # "反对") is no voice moved.
    lost = sum(_voices(before) and not _attributed(after, before) for before, after in pairs)
    gained = sum(not before and _voices(after) for before, after in pairs)
    if lost > gained:
        bare_before = sum(not before for before, _ in pairs)
        return {"summary": bare_before, "translation": bare_before + lost - gained}
    return {}
