"""What a summary says, as numbers: its word, name and figure counts, and TF-IDF rows of them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from newsum.checks import numbers_in
from newsum.events.inputs import EventItem, GroupingOptions
from newsum.events.words import stopwords, tokens

_YEAR = re.compile(r"^(?:19|20)\d\d$")

_Features = tuple[Counter[str], Counter[str], Counter[str]]


@lru_cache(maxsize=4096)
def _source_words(source: str | None) -> frozenset[str]:
    return frozenset(token for token, _ in tokens(source or ""))


@lru_cache(maxsize=1 << 16)
def _grams(token: str, n: int) -> tuple[str, ...]:
    padded = f"_{token}_"
    return tuple(padded[i : i + n] for i in range(len(padded) - n + 1))


def features(item: EventItem, options: GroupingOptions) -> _Features:
    """Word, name (character n-grams of names) and number counts of one summary."""
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    stop, own = stopwords(item.lang), _source_words(item.source)
    for token, kind in tokens(item.text):
        if kind == "dense":
            words[token] += 1
            continue
        if len(token) < 3 or token.isdigit() or token in stop or token in own:
            continue
        words[token] += 1
        if kind == "name" and len(token) >= options.char_n:
            names.update(_grams(token, options.char_n))
    # Figures as the checks read them ("5,600" is one number). Years and single digits say
    # little about which event it is. Sorted: a set's order changes with the hash seed, and the
    # order of a row's terms is the order its norm is summed in (the last bit of a similarity).
    numbers = Counter(sorted(n for n in numbers_in(item.text) if len(n) > 1 and not _YEAR.match(n)))
    return words, names, numbers


def tfidf(feats: Sequence[Counter[str]]) -> sp.csr_array:
    """L2-normalised sparse TF-IDF rows (sublinear tf, smoothed idf).

    Features seen in only one text cannot make two texts similar and get no column, but they
    count in the norm: a text that shares two words with another and has forty of its own is
    not like it. Columns are in term order, so products sum in an order that does not depend on
    the order of the texts.
    """
    n = len(feats)
    ids: dict[str, int] = {}
    terms: list[int] = []
    counts: list[int] = []
    sizes = np.fromiter((len(f) for f in feats), dtype=np.int64, count=n)
    for f in feats:
        for name, count in f.items():
            terms.append(ids.setdefault(name, len(ids)))
            counts.append(count)
    term = np.asarray(terms, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), sizes)
    df = np.bincount(term, minlength=len(ids))
    values = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * (
        np.log((1.0 + n) / (1.0 + df[term])) + 1.0
    )
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n))
    column = np.full(len(ids), -1, dtype=np.int64)
    shared_terms = sorted(t for t, i in ids.items() if df[i] > 1)
    column[np.array([ids[t] for t in shared_terms], dtype=np.int64)] = np.arange(len(shared_terms))
    keep = column[term] >= 0
    matrix = sp.csr_array(
        (values[keep] / norms[rows[keep]], (rows[keep], column[term[keep]])),
        shape=(n, len(shared_terms)),
    )
    matrix.sort_indices()
    return matrix
