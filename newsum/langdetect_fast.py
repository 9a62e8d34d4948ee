"""langdetect 1.0.9's algorithm, with its profiles and seed, at a fraction of its cost.

Same answers as `DetectorFactory.create()` + `append()` + `get_probabilities()`, reproduced step by
step; only the Python loops are gone:
- n-gram extraction: character normalisation is a pure function of the character, so it runs as
  one `str.translate` with a memo; the n-grams of a word only depend on the word, so they are
  computed once per distinct word and cached.
- the random walk: with a fixed seed, langdetect's `random.Random` starts every detection at the
  same point of the same Mersenne Twister stream, so that stream is drawn once as an array of
  32-bit words, and `gauss()` and `choice()` are replayed from it exactly as CPython computes
  them (`_randbelow`: top k bits of one word, rejected while >= n).
- the probability updates: all the convergence tests of a window of updates are computed at
  once, from a cumulative sum of log factors over numpy rows of 55 languages. The probabilities
  then differ from langdetect's by float rounding (~1e-14), which cannot change a test except
  one within _TOO_CLOSE of the threshold; a detection meeting one is redone by the exact path,
  which multiplies and sums in langdetect's order and matches it bit for bit (~2x slower).
"""

from __future__ import annotations

import math
import random
import re
import threading
from functools import lru_cache

import numpy as np
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.language import Language
from langdetect.utils.ngram import NGram

__all__ = ["FastDetector"]

_N_TRIAL = 7
_ALPHA = Detector.ALPHA_DEFAULT
_ALPHA_WIDTH = Detector.ALPHA_WIDTH
_ITERATION_LIMIT = Detector.ITERATION_LIMIT
_PROB_THRESHOLD = Detector.PROB_THRESHOLD
_CONV_THRESHOLD = Detector.CONV_THRESHOLD
_BASE_FREQ = Detector.BASE_FREQ
_MAX_TEXT_LENGTH = 10_000  # Detector's default
_CHECK_EVERY = 5  # langdetect normalises and tests convergence after updates 1, 6, 11, ...
# Updates are drawn for this many convergence tests at a time (doubling up to the max): half of
# the trials stop within 8 tests, a few run to langdetect's limit of 201.
_FIRST_WINDOW = 10
_MAX_WINDOW = 80
_PICKS_SPAN = 2048  # stream outputs examined at first: a typical detection takes ~1,000
# Below this weight (alpha < 0.01, i.e. a gauss draw under -9.8) log factors lose precision.
_MIN_WEIGHT = 1e-6
# Margin around the convergence threshold beyond which the vectorised rounding (~1e-14 off
# langdetect's, ~1e-13 after its 1,001 updates at most) cannot flip a test. Real tests do land
# closer than 1e-9 (2 of 300 generated articles): those detections are redone exactly.
_TOO_CLOSE = 1e-11

_ROW = np.int32  # matrix row numbers: 87,598 n-grams
_SPACES = re.compile(" {2,}")
# The combining marks NGram.normalize_vi folds into letters.
_VI_MARKS = re.compile("[" + NGram.DMARK_CLASS + "]")
_LATIN = re.compile("[A-z]")  # langdetect's `'A' <= ch <= 'z'`, brackets and backtick included


class _NormalizeTable(dict[int, str]):
    """`str.translate` table that fills itself with `NGram.normalize` on first sight."""

    def __missing__(self, code: int) -> str:
        normalized: str = NGram.normalize(chr(code))
        self[code] = normalized
        return normalized


class _WordStream:
    """The 32-bit outputs of `random.Random(seed)`, in order, grown on demand."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.words = np.zeros(0, dtype=np.uint32)
        self.ensure(1 << 15)

    def ensure(self, n: int) -> np.ndarray:
        words = self.words
        if len(words) >= n:
            return words
        with self._lock:
            if len(self.words) < n:
                more = max(n - len(self.words), len(self.words))
                # getrandbits(32 * m) is m successive outputs, the first the least significant.
                raw = self._rng.getrandbits(32 * more).to_bytes(4 * more, "little")
                self.words = np.concatenate([self.words, np.frombuffer(raw, dtype="<u4")])
            return self.words


class _TooClose(Exception):
    """A convergence test of the vectorised trial was too close to the threshold to trust."""


def _pack(rows: list[int]) -> bytes:
    return np.array(rows, dtype=_ROW).tobytes()


def _random01(a: int, b: int) -> float:
    # CPython's random(): 53 bits from two outputs.
    return ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0)


class FastDetector:
    """Detects like langdetect's Detector for `factory` with its seed; a factory is read once."""

    def __init__(self, factory: DetectorFactory) -> None:
        if not isinstance(factory.seed, int):
            raise ValueError("FastDetector reproduces seeded langdetect only: set factory.seed")
        self.langlist: list[str] = list(factory.langlist)
        words = list(factory.word_lang_prob_map)
        self._index = {word: i for i, word in enumerate(words)}
        self._matrix = np.array([factory.word_lang_prob_map[w] for w in words], dtype=np.float64)
        self._stream = _WordStream(factory.seed)
        self._table = _NormalizeTable()
        self._grams = lru_cache(maxsize=1 << 17)(self._word_grams)

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        """What `Detector.get_probabilities()` answers, as (lang, prob) pairs; [] for no features.

        langdetect raises LangDetectException when no n-gram of the text is in any profile;
        this returns an empty list instead.
        """
        ids = self.ngram_ids(text)
        if not len(ids):
            return []
        langprob = self._detect_block(ids)
        found = [
            Language(lang, p)
            for lang, p in zip(self.langlist, langprob.tolist(), strict=True)
            if p > _PROB_THRESHOLD
        ]
        found.sort(reverse=True)  # Language's own ordering, so ties fall as in langdetect
        return [(item.lang, item.prob) for item in found]

    # --- text -> n-grams ---------------------------------------------------------------------

    def ngram_ids(self, text: str) -> np.ndarray:
        """Matrix rows of the n-grams langdetect would extract from `text`, in its order."""
        tokens = _cleaned(text).translate(self._table).split(" ")
        grams = self._grams
        # Each word's rows come packed as bytes: joining them beats growing a list of ints.
        packed = [grams(token)[0] for token in tokens[:-1] if token]
        if tokens[-1]:  # the text ends inside a word: no n-grams with a trailing space
            packed.append(grams(tokens[-1])[1])
        return np.frombuffer(b"".join(packed), dtype=_ROW)

    def _word_grams(self, word: str) -> tuple[bytes, bytes]:
        """Rows of a word's n-grams in NGram.add_char's order: with the space after it, without."""
        index = self._index
        padded = " " + word
        body: list[int] = []
        capital = previous_upper = False
        for end, ch in enumerate(word, start=2):
            upper = ch.isupper()
            # A word with two capitals in a row is skipped from there until a lower-case letter.
            capital = (capital or previous_upper) if upper else False
            previous_upper = upper
            if capital:
                continue
            for n in (1, 2, 3):
                if end - n < 0:
                    break
                row = index.get(padded[end - n : end])
                if row is not None:
                    body.append(row)
        closing = padded[-2:] + " "  # n-grams ending with the space after the word, never skipped
        tail = [index[g] for g in (closing[-2:], closing) if g in index]
        return _pack(body + tail), _pack(body)

    # --- the random walk ---------------------------------------------------------------------

    def _detect_block(self, ids: np.ndarray) -> np.ndarray:
        """langdetect's seven trials: the mean of their final probabilities."""
        try:
            return self._walk(ids, exact=False)
        except _TooClose:  # a convergence test too close to call in rounding: redo exactly
            return self._walk(ids, exact=True)

    def _walk(self, ids: np.ndarray, *, exact: bool) -> np.ndarray:
        picks = _Picks(self._stream, ids)
        langprob = np.zeros(len(self.langlist))
        gauss_next: float | None = None
        cursor = 0  # stream position
        for _ in range(_N_TRIAL):
            if gauss_next is None:
                a, b, c, d = self._stream.ensure(cursor + 4)[cursor : cursor + 4].tolist()
                cursor += 4
                x2pi = _random01(a, b) * (2.0 * math.pi)
                g2rad = math.sqrt(-2.0 * math.log(1.0 - _random01(c, d)))
                z = math.cos(x2pi) * g2rad
                gauss_next = math.sin(x2pi) * g2rad
            else:
                z, gauss_next = gauss_next, None
            weight = (_ALPHA + (0.0 + z * 1.0) * _ALPHA_WIDTH) / _BASE_FREQ
            first = picks.first_at(cursor)
            # The log-domain trial needs factors well above 0 (alpha is 0.5 +- 0.05 * gauss).
            trial = self._trial_exact if exact or weight < _MIN_WEIGHT else self._trial
            prob, used = trial(picks, first, weight)
            cursor = picks.position_after(first + used - 1)
            langprob += prob / _N_TRIAL
        return langprob

    def _trial(self, picks: _Picks, first: int, weight: float) -> tuple[np.ndarray, int]:
        """One trial, its convergence tests vectorised: final probabilities, updates used.

        Between two tests the probabilities are only multiplied, and a test only compares their
        max with their sum, so all the tests of a window of updates follow from a cumulative sum
        of log factors. Rounding then differs from langdetect's by ~1e-13, which cannot change a
        test unless the max lies that close to the threshold: such a trial raises _TooClose.
        """
        n_langs = len(self.langlist)
        log_prob: np.ndarray | None = None  # None: uniform, langdetect's start
        tests = 0  # convergence tests so far; langdetect's update counter is 5 * tests there
        n_tests = _FIRST_WINDOW
        while True:
            # The first test follows a single update: 4 rows of ones pad it to a group of 5.
            pad = _CHECK_EVERY - 1 if tests == 0 else 0
            used = first + _CHECK_EVERY * tests - (0 if tests == 0 else _CHECK_EVERY - 1)
            rows = np.empty((_CHECK_EVERY * n_tests, n_langs))
            factors = rows[pad:]
            self._matrix.take(picks.rows(used, len(factors)), axis=0, out=factors)
            np.add(factors, weight, out=factors)
            if pad:
                rows[:pad] = 1.0
            logs = np.multiply.reduce(rows.reshape(n_tests, _CHECK_EVERY, n_langs), axis=1)
            np.log(logs, out=logs)
            np.add.accumulate(logs, axis=0, out=logs)
            if log_prob is not None:
                logs += log_prob
            logs -= np.maximum.reduce(logs, axis=1, keepdims=True)
            scaled = np.exp(logs)
            totals = np.add.reduce(scaled, axis=1).tolist()  # max / sum = 1 / total
            for test, total in enumerate(totals, start=tests):
                max_prob = 1.0 / total
                if abs(max_prob - _CONV_THRESHOLD) < _TOO_CLOSE:
                    raise _TooClose
                if max_prob > _CONV_THRESHOLD or _CHECK_EVERY * test >= _ITERATION_LIMIT:
                    row = test - tests
                    return scaled[row] / total, _CHECK_EVERY * test + 1
            log_prob = logs[-1]
            tests += n_tests
            n_tests = min(2 * n_tests, _MAX_WINDOW)

    def _trial_exact(self, picks: _Picks, first: int, weight: float) -> tuple[np.ndarray, int]:
        """One trial with langdetect's float operations in its order (bit for bit its result)."""
        n_langs = len(self.langlist)
        prob = np.full(n_langs, 1.0 / n_langs)
        done = 0  # updates applied so far; langdetect's `i` is done - 1
        while True:
            count = (1 if done == 0 else 0) + _CHECK_EVERY * _FIRST_WINDOW
            # Row 0 receives the current probabilities, then one row of weight + P(ngram | lang)
            # per update, so that reducing a slice multiplies in langdetect's order.
            rows = np.empty((count + 1, n_langs))
            self._matrix.take(picks.rows(first + done, count), axis=0, out=rows[1:])
            np.add(rows[1:], weight, out=rows[1:])
            start = 1
            while start <= count:
                stop = start + (1 if done == 0 else _CHECK_EVERY)
                rows[start - 1] = prob
                prob = np.multiply.reduce(rows[start - 1 : stop], axis=0)
                done += stop - start
                prob /= sum(prob.tolist())  # Python's sum, as langdetect: the same rounding
                if prob.max() > _CONV_THRESHOLD or done - 1 >= _ITERATION_LIMIT:
                    return prob, done
                start = stop


class _Picks:
    """The n-grams `random.choice(ngrams)` picks from the stream, as matrix rows, in order.

    `_randbelow(n)` takes the top k bits of one 32-bit output, k = n.bit_length(), and draws
    again while they are >= n; so the accepted outputs do not depend on where a trial starts,
    only the 4 outputs `gauss()` takes at the start of every other trial are skipped.
    """

    def __init__(self, stream: _WordStream, ids: np.ndarray) -> None:
        self._stream = stream
        self._ids = ids
        self._shift = 32 - len(ids).bit_length()
        self._positions = np.zeros(0, dtype=np.intp)
        self._rows = np.zeros(0, dtype=np.intp)
        self._extend(_PICKS_SPAN)

    def _extend(self, span: int) -> None:
        candidates = self._stream.ensure(span)[:span] >> self._shift
        self._positions = np.flatnonzero(candidates < len(self._ids))
        self._rows = self._ids[candidates[self._positions]]

    def first_at(self, cursor: int) -> int:
        """Index of the first pick at or after stream position `cursor`."""
        while True:
            index = int(np.searchsorted(self._positions, cursor))
            if index < len(self._positions):
                return index
            self._extend(2 * (cursor + _PICKS_SPAN))

    def rows(self, start: int, count: int) -> np.ndarray:
        while start + count > len(self._rows):
            self._extend(2 * int(self._positions[-1]) + _PICKS_SPAN)
        return self._rows[start : start + count]

    def position_after(self, index: int) -> int:
        return int(self._positions[index]) + 1


def _cleaned(text: str) -> str:
    """The text Detector.append() and cleaning_text() leave for n-gram extraction."""
    # Each substitution only runs when the text holds what it needs: a regex scan of a long text
    # costs more than the rest of the extraction.
    if "://" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        text = Detector.MAIL_RE.sub(" ", text)
    if _VI_MARKS.search(text):
        text = NGram.normalize_vi(text)
    text = text[:_MAX_TEXT_LENGTH]
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if text.isascii():  # no non-Latin characters, nothing to remove
        return text
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    # langdetect counts 'A' <= ch <= 'z' as Latin and everything from U+0300 up as non-Latin
    # (it means to spare Latin Extended Additional there, but compares a block number with a
    # block name).
    n_latin = np.count_nonzero((codes - ord("A")) <= ord("z") - ord("A"))
    if n_latin * 2 < np.count_nonzero(codes >= 0x300):
        text = _LATIN.sub("", text)
    return text
