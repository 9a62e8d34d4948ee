"""A contested claim stated as fact: a summary sentence that carries, in the narrator's voice,
what the summary's own claims (or an attributed sentence of the article) give to a party."""

from __future__ import annotations

import itertools
import re
from functools import cache
from typing import NamedTuple

from newsum.checks.claims import (
    GENERIC_SOURCES,
    content_words,
    outlet_labels,
    outlet_voice,
)
from newsum.checks.dates import numbers_outside_dates
from newsum.checks.names import name_words
from newsum.checks.numbers import NUMBER, ascii_digits, numbers_in
from newsum.checks.surface import attribution_markers_in, has_attribution
from newsum.lexicon import resource_data
from newsum.summarize import ArticleSummary
from newsum.text import WORD, split_sentences


def claims_stated_as_fact(
    text: str,
    source: str,
    lang: str,
    summary: ArticleSummary | None = None,
    outlet: str = "",
) -> list[str]:
    """Summary sentences that state as fact what is only a party's claim, without saying whose:

    - the summary's own claims and figures say whose they are: a sentence that carries one of
      them (most of the claim's words, or the figure) and no attribution states it as fact;
    - a sentence that repeats, nearly word for word, a sentence the article attributes.
    """
    found: list[str] = []
    attributed = _attributed_content(summary, outlet_labels(outlet))
    article = split_sentences(source)
    given: set[str] = set()  # figures said in an attributed clause or as a party's own act
    for sentence in split_sentences(text):
        # Clause by clause: an attribution covers its own clause, not a relative or contrasting
        # one beside it ("X can stay, which, the outlet reports, most consider impossible").
        bare = _unattributed_clauses(sentence, lang)
        # A figure given with its source is referred back to, not claimed again: in the same
        # sentence ("will raise the fare from 100 to 300 pesos, while residents keep paying
        # 100"), or in one before and written as the one meant ("has told 37 workshops to move
        # …. Nine of the 37 have signed up"; not "he applied for 64 places", which may be
        # another 64).
        here = {f for c in _clauses(sentence) if all(c != b for _, b in bare) for f in _figures(c)}
        known = here | (given & _figures(" ".join(_DEFINITE.findall(sentence))))
        claims = [c for c in attributed if c.words or not c.figures or not c.figures <= known]
        given |= here
        # A claim may run over two bare clauses ("A, and B"): they are read together too, where
        # neither names the claim's party ("…, which X attributes to …").
        clauses = _clauses(sentence)
        joined = [
            (lead, f"{clause}, {after}")
            for (lead, clause), (_, after) in itertools.pairwise(bare)
            if clauses.index(after) == clauses.index(clause) + 1
        ]
        if any(
            _states(clause, claimed, lead) for lead, clause in bare for claimed in claims
        ) or any(
            _states(clause, claimed, lead) and not any(w in clause.lower() for w in claimed.party)
            for lead, clause in joined
            for claimed in claims
        ):
            found.append(sentence[:100])
            continue
        if len(bare) < len(clauses):
            continue
        words = content_words(sentence)
        if len(words) >= 4 and any(
            len(words & content_words(candidate)) / len(words) >= 0.6 and _claimed(candidate, lang)
            for candidate in article
        ):
            found.append(sentence[:100])
    return found


def _claimed(sentence: str, lang: str) -> bool:
    """Whether an article's sentence reports a claim: attributed by more than an announcement.
    "X will impose a ban from 25 July, the company announced" reports a decision, which a
    summary may state as such."""
    markers = attribution_markers_in(sentence, lang)
    return any(not _ANNOUNCED.match(m) for m in markers)


# A figure written as one already given: "the 37", "of the 37 workshops".
_DEFINITE = re.compile(r"\bthe\s+(\d[\d,.]*)")


_ANNOUNCED = re.compile(r"announc|a annoncé|annonc|anunci|annunci|kündigt", re.IGNORECASE)


def _clauses(sentence: str) -> list[str]:
    return [part for part in _CLAUSE_BREAK.split(sentence) if part.strip()]


def _unattributed_clauses(sentence: str, lang: str) -> list[tuple[str, str]]:
    """The clauses no attribution covers, each with what it goes on from when it is a relative
    clause ("The water association, | which supplies 94,000 people, has voted to raise its
    price": the association's own act). A clause that goes on from an attributed one with
    "which", "but", "and" or a pronoun ("X said A, which allows B"; "…; he argues C") is still
    the speaker's: it names nobody new."""
    bare: list[tuple[str, str]] = []
    if _ACCORDING_LEAD.match(sentence):
        # "According to the town, tests found …; the company's gifts accounted for …": the
        # opening source covers the whole sentence.
        return bare
    attributed = False
    lead = ""
    clauses = _clauses(sentence)
    for i, clause in enumerate(clauses):
        # A relative clause goes on from the clause before, and so from what that one went on
        # from; so does one whose subject is a pronoun or the same subject ("The board served
        # a closure notice; it also imposed Rs 15 lakh"; "X, which runs the centre, has
        # proposed A, and charging B"; "X is asking C, and its policy excludes D").
        goes_on = i > 0 and (
            _RELATIVE.match(clause) or _PRONOUN_SUBJECT.match(clause) or _SAME_SUBJECT.match(clause)
        )
        lead = f"{lead} {clauses[i - 1]}".strip() if goes_on else ""
        if has_attribution(clause, lang) or _ACCORDING_LEAD.match(clause):
            attributed = True
        elif lang == "en" and (_OWN_ACT.match(clause) or _OWN_ACT_AFTER_RELATIVE.match(clause)):
            # What goes on from it is the act's too: "The council proposes a pilot on 12
            # buildings, and a 150,000-euro fund".
            attributed = True
            continue
        elif not (attributed and _GOES_ON.match(clause)) and not _said_after(clauses, i, lang):
            bare.append((lead, clause))
    return bare


# A party's own act, its subject first: "The municipality offers USD 150 per pan", "The guild
# has asked for a meeting", "Ruse municipality has asked the council to demolish …". What it
# asks, offers or plans is its position, reported as such, not a claim stated as fact.
_OWN_ACT_VERB = (
    r"(?:has\s+|have\s+|had\s+)?(?:also\s+)?"
    r"(?:asked|asks|offers|offered|proposes|proposed|plans\s+to|planned\s+to|wants|intends\s+to"
    r"|filed|petitioned|applied|voted|called\s+for|calls\s+for|demands|demanded|urged|urges"
    r"|appealed|appeals|threatened|threatens|pledged|decided|ruled|formed|set\s+up|suspended"
    r"|(?<!was\s)(?<!were\s)(?<!is\s)(?<!are\s)(?<!been\s)(?<!be\s)ordered|gave"
    r"|(?<=has\s)given|(?<=have\s)given"
    r"|will\s+(?:close|charge|seek|hold|ask|appeal|meet|decide|vote|raise)|charges|lets|closed"
    r"|switched\s+off|(?<!was\s)(?<!were\s)(?<!is\s)(?<!are\s)(?<!been\s)published)\b"
)
_OWN_ACT = re.compile(
    r"\s*(?:(?:while|whereas|but|and)\s+)?(?:(?:In|On|Since|From|By|After|Last|This)\b[^,]{0,40},\s*)?"
    # The subject may hold an apposition: "The municipality of Guellala, on Djerba, has given".
    rf"(?:[\w'’.&()-]+,?\s+){{1,8}}?{_OWN_ACT_VERB}"
)
# The verb after a relative clause is its subject's ("X, | which runs the ferry under a
# contract, has published a timetable").
_OWN_ACT_AFTER_RELATIVE = re.compile(rf"\s*which\b[^,;]*,\s*{_OWN_ACT_VERB}", re.IGNORECASE)


def _said_after(clauses: list[str], i: int, lang: str) -> bool:
    """Whether the clause's speaker comes after it, its verb after a relative clause: "Divers
    will not board unless …, the association, | which says it represents 2,400 divers, has
    announced"."""
    if i + 1 >= len(clauses) or not _RELATIVE.match(clauses[i + 1]):
        return False
    _, _, verb = clauses[i + 1].rpartition(",")
    return "," in clauses[i + 1] and has_attribution(verb, lang)


_RELATIVE = re.compile(r"\s*which\b", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(
    r"\s*(?:(?:and|but)\s+)?(?:it|he|she|they|its|his|her|their)\b", re.IGNORECASE
)
# "and" or "but" with no subject of its own: a verb that goes on from the clause before ("and
# will pay", "and charging").
_SAME_SUBJECT = re.compile(
    r"\s*(?:and|but)\s+(?:also\s+)?(?:will|would|can|could|may|might|must|should|has|have|had"
    r"|is|are|was|were|does|do|did|plans?|wants?|offers?|\w+ing)\b",
    re.IGNORECASE,
)
# "According to X," or "by X's calculation," opens the sentence or clause it attributes.
_ACCORDING_LEAD = re.compile(
    r"\s*(?:according to\b|by (?:the |its |their |his |her )?(?:[\w'’-]+ ){0,4}?"
    r"(?:calculations?|count|estimates?|reckoning|figures)\b)[^,;]{0,80},",
    re.IGNORECASE,
)


_GOES_ON = re.compile(
    r"\s*(?:which|but|and|while|whereas|he|she|it|they|its|his|her|their)\b", re.IGNORECASE
)


_CLAUSE_BREAK = re.compile(r";\s*|,\s+(?=(?:which|while|whereas|but|although|and)\b)")


class _Attributed(NamedTuple):
    """What the summary gives a named source: a claim's content words and its own figures, or
    a figure; and the words that name the source."""

    words: set[str]
    figures: set[str]
    party: list[str]
    figures_of_words: frozenset[str] = frozenset()


def _states(clause: str, claimed: _Attributed, lead: str = "") -> bool:
    """Whether a clause carries a claim (most of its words, or its figure) in the narrator's
    voice. The party's own act ("X suspended Y", "the Commission made a demand for 13 billion":
    the party named before what it claims) is no claim; the party as an object ("residents can
    stay as citizens of Azerbaijan") does not make it one."""
    words = content_words(clause)
    figures = _figures(clause)
    carries = (
        claimed.words
        and len(words & claimed.words) / len(claimed.words) >= 0.7
        # A claim of figures is carried with one of them ("open up to 60 hours a week instead
        # of 28" is not "staff present for twelve hours a week").
        and (not claimed.figures_of_words or bool(claimed.figures_of_words & figures))
    ) or (claimed.figures and claimed.figures <= figures)
    if not carries:
        return False
    own = clause.lower()
    lowered = f"{lead.lower()} {own}"
    # The claim starts at its first word that does not name the party ("The growers'
    # association wants aid for growers": the party is named before "wants ... aid"). It is
    # sought in the clause only: the lead a relative clause goes on from may name the party,
    # and a claim word there is not where the claim starts.
    named = {word[:5] for word in claimed.party}
    # A function word the claim shares ("lies with the bishop") is not where it starts.
    # (Where the word is, not where its letters first are: "rise" is not in "enterprise".)
    starts = [
        m.start()
        for m in WORD.finditer(own)
        if (w := m.group())[:5] in claimed.words
        and w[:5] not in named
        and w not in _function_words()
    ] or [
        # A figure's claim starts at that figure, not at a date before it ("Since 1 March the
        # property manager … with a 0.5-yuan charge").
        m.start()
        for m in NUMBER.finditer(own)
        if not claimed.figures or _figures(m.group()) & claimed.figures
    ]
    start = len(lead.lower()) + 1 + (starts[0] if starts else len(own))
    if any(_FINDING_BY.search(own) and _by_party(own, word) for word in claimed.party):
        # The party's own survey or count: "in a survey of 140 members by the Traders'
        # Association, 58 per cent opposed" (not "headed by", "signed by" its chairman).
        return False
    return not any(0 <= lowered.find(word) < start for word in claimed.party)


_FINDING_BY = re.compile(
    r"\b(?:survey|poll|study|count|census|report|audit|estimate|analysis|assessment|tests?"
    r"|measurements?|inspection)\b[^,;]{0,60}?\bby\b"
)


def _by_party(clause: str, word: str) -> bool:
    return re.search(rf"\bby (?:the )?(?:\w+['’]?s? ){{0,3}}{re.escape(word)}", clause) is not None


@cache
def _function_words() -> frozenset[str]:
    """Words no claim starts at: function words, and the months and days that date it ("In
    November 2024 the office ordered …": the claim starts at "ordered")."""
    data = resource_data("stopwords.yaml")
    return frozenset(str(w).lower() for w in [*data["stopwords"]["en"], *data["always"]])


_CLAIM_PARTS = re.compile(r";\s*|,\s+and\s+(?:that\s+)?|\s+and\s+that\s+")


def _attributed_content(
    summary: ArticleSummary | None, outlet: frozenset[str]
) -> list[_Attributed]:
    """Each claim and figure the summary gives a named source. The outlet's own claims
    ("BBC Afrique", "Süddeutsche Zeitung commentary") are the article's reporting, which a
    summary relays in its own voice."""
    if summary is None:
        return []
    content: list[_Attributed] = []
    claimants = {c.source.strip().lower() for c in summary.claims}
    for claim in summary.claims:
        if claim.source.strip().lower() not in GENERIC_SOURCES and not outlet_voice(
            claim.source, outlet
        ):
            party = _source_words(claim.source, summary.summary)
            # A claim that bundles several ("A, and the council will receive B") is carried
            # by a sentence that states one of them: each part is read too.
            parts = [claim.claim, *_CLAIM_PARTS.split(claim.claim)]
            for part in dict.fromkeys(parts):
                content.append(_Attributed(content_words(part), set(), party, _figures(part)))
    for figure in summary.figures:
        # A figure in the narrator's voice is often undisputed ("298 students"): only a figure
        # from a party that also makes claims in the summary, and is named in it, is its claim.
        # A source the summary never names is the outlet itself ("BBC Chinese", "the outlet
        # reports"): its figures are the article's own reporting, not a side's claim.
        source = figure.source.strip().lower()
        words = name_words(figure.source)
        named = bool(words) and all(w.lower()[:5] in summary.summary.lower() for w in words)
        if (
            source not in GENERIC_SOURCES
            and source in claimants
            and named
            and not outlet_voice(figure.source, outlet)
        ):
            content.append(
                _Attributed(
                    set(),
                    set(_figures(figure.value, dates=True)),
                    _source_words(figure.source, summary.summary),
                )
            )
    return [c for c in content if len(c.words) >= 3 or c.figures]


# A decimal ("1.2 metres", "8,6 %"): one or two figures after the mark. Three are a thousands
# group ("1,240").
_DECIMAL = re.compile(r"^(\d+)[.,\u066b](\d{1,2})$")


def _figures(text: str, dates: bool = False) -> frozenset[str]:
    """The figures outside dates (with `dates`, a date's day too), a decimal kept apart from
    the whole number of its digits: a claim of "12 hours" is not carried by a wall "1.2
    metres" high."""
    found = set(numbers_in(text) if dates else numbers_outside_dates(text))
    plain = ascii_digits(text)
    decimals = [m for m in (_DECIMAL.match(n) for n in NUMBER.findall(plain)) if m]
    for m in decimals:
        if not (fraction := m.group(2).rstrip("0")):
            continue  # "8.00" is 8
        joined = (m.group(1) + fraction).lstrip("0") or "0"
        if not re.search(rf"(?<![\d.,]){joined}(?![\d]|[.,]\d)", plain):
            found.discard(joined)
        found.add(f"{int(m.group(1))}.{fraction}")
    return frozenset(found)


def _source_words(source: str, summary_text: str = "") -> list[str]:
    """Lower-case words (five letters or more, or capitalised) that name a source in a
    sentence; and what the summary calls it where it names it ("the company Ak-Balyk Agro",
    "Riders' Association (ATABIZA)"), so that "the association wants the fee cut" is the
    party's own demand."""
    # (A capitalised name of four letters too: "Sepa's consultation".)
    words = {
        w.lower()
        for w in WORD.findall(source)
        if len(w) >= 5
        or w.isupper()
        or (len(w) == 4 and w[0].isupper() and w.lower() not in _BODY_NOUNS)
    }
    # The source's own head noun names it too: "Amphawa tour-boat club" is "the club".
    words |= {w.lower() for w in WORD.findall(source) if w.lower() in _BODY_NOUNS}
    if summary_text and words:
        every = {w.lower() for w in WORD.findall(source)}
        tokens = [t.lower() for t in WORD.findall(summary_text)]
        heads = set()
        for i, token in enumerate(tokens):
            if token in words:
                while i > 0 and tokens[i - 1] in every:
                    i -= 1
                if i > 0 and tokens[i - 1] in _BODY_NOUNS:
                    heads.add(tokens[i - 1])
        # Or after it, set off by a comma: "Mútua Camp i Mar, the insurer of the council".
        heads |= {
            m.group(2).lower()
            for m in _APPOSITIVE_HEAD.finditer(summary_text)
            if m.group(1).lower() in every
        }
        words |= heads
    # A body's name in its own language: "Cooperativa Mixta" is "the cooperative".
    words |= {b for b in _BODY_NOUNS for w in words if len(b) >= 8 and w[:8] == b[:8]}
    if words & _BUSINESSES or _LEGAL_FORM.search(source):
        # Any business is "the company" ("the developer, Inmobiliaria Costa Alta SpA"), and so
        # is a name with a company's legal form ("Sugheri Pirastru srl", "OÜ Pühajärve Leil").
        words |= {"company", "firm"}
    return sorted(words)


# What a summary calls a body it has named: "the company", "the association".
_BODY_NOUNS = frozenset(
    {
        "company", "firm", "operator", "association", "union", "federation", "council",
        "municipality", "ministry", "committee", "cooperative", "group", "society", "club",
        "authority", "agency", "collective", "coalition", "alliance", "network", "movement",
        "platform", "foundation", "trust", "institute", "board", "commission", "department",
        "office", "bureau", "party", "organisation", "organization", "chamber", "syndicate",
        "guild", "forum", "campaign", "initiative", "fund", "bank", "hospital", "school",
        "university", "charity", "ngo", "developer", "contractor", "producer", "supplier",
        "farm", "insurer",
    }
)  # fmt: skip
# A body noun after a name and a comma: "…Mar, the insurer", "…Residence, a Lviv company".
_APPOSITIVE_HEAD = re.compile(
    rf"([\w'’-]+),\s+(?:the|an?)\s+(?:[\w'’-]+\s+){{0,2}}?({'|'.join(sorted(_BODY_NOUNS))})\b",
    re.IGNORECASE,
)
# A company's legal form after its name ("Sugheri Pirastru srl", "Kandara Ltd", "Oberwind
# GmbH") or, in some countries, before it ("OÜ Pühajärve Leil", "PT Maju Jaya", "ООО «Сервис»").
_LEGAL_FORM = re.compile(
    r"[A-Z\u0400-\u042f][\w'’.&-]*\s+(?i:s\.?r\.?l|s\.?p\.?a|s\.?a\.?s?|ltd|llc|inc|plc|gmbh|bv|nv"
    r"|oy|kft|d\.o\.o|pty|s\.r\.o|sp\. z o\.o|a/s|s\.?a\.?c)\b\.?"
    r"|(?<!\w)(?:OÜ|AS|SIA|UAB|PT|CV|OOO|ООО|ОАО|ЗАО|АО|ПАО|ТОВ)\s+[«\"“„A-Z\u0400-\u042f]"
)
_BUSINESSES = frozenset(
    {"company", "firm", "operator", "developer", "contractor", "producer", "supplier", "insurer"}
)
