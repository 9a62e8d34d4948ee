"""Bytes to text: a BOM's word first, binary files refused, UTF-8, an HTML page's declared
charset, then charset-normalizer's guess for legacy 8-bit text (with a "decoded as" warning)."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from newsum.ingest.context import Rejected
from newsum.ingest.files import Source

SNIFF_BYTES = 8192
_BINARY_RATIO = 0.30

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "a ZIP archive, e.g. .docx/.xlsx"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PAR1", "Parquet"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)"),
)
# Bytes that are never printable text in UTF-8, cp1252 or Latin-1: C0 controls other than
# whitespace, and DEL. (Bytes >= 0x80 can be UTF-8 continuation bytes, so they do not count.)
_NON_PRINTABLE = bytes([*range(0, 9), 11, *range(14, 32), 127])
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _check_not_binary(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Rejected(f"binary file (looks like {kind})")
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        raise Rejected("binary file (contains NUL bytes)")
    bad = len(sample) - len(sample.translate(None, _NON_PRINTABLE))
    if bad > _BINARY_RATIO * len(sample):
        raise Rejected(f"binary file ({bad * 100 // len(sample)}% non-printable bytes)")


def decode(data: bytes, *, html: bool = False) -> tuple[str, list[str]]:
    """Decode file bytes to text; returns (text, warnings). Raises Rejected for binary data."""
    # A BOM is an explicit statement of the encoding, so it wins over any sniffing (UTF-16 text
    # is full of NUL bytes and would otherwise look binary). UTF-32 BOMs start like UTF-16 LE.
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError as e:
                name = codec.removesuffix("-sig").upper()
                raise Rejected(
                    f"starts with a {name} byte-order mark but is not valid {name} "
                    f"({e.reason} at byte {e.start})"
                ) from None
    _check_not_binary(data)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if html:
        # A web page may declare a legacy charset (windows-1251, iso-8859-2...); trust it first.
        m = _META_CHARSET.search(data[:SNIFF_BYTES])
        if m:
            try:
                return data.decode(m.group(1).decode("ascii")), []
            except (LookupError, UnicodeDecodeError):
                pass
    # Not UTF-8 but looks like text: a legacy export (cp1251 Russian, cp1254 Turkish, cp1252...).
    # Decoding it is better than rejecting it, but the user should know we guessed.
    guess = _guess_encoding(data)
    if guess is not None:
        return data.decode(guess), [f"decoded as {guess}"]
    try:
        return data.decode("cp1252"), ["decoded as cp1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["decoded as latin-1"]


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's pick for legacy 8-bit text, or None when it cannot tell.

    On a line or two it cannot (no language recognised, and mac_latin2 or cp852 ranks as high
    as cp1252): then None, and the caller's cp1252 stays the guess. cp1252 also wins a tie.
    """
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None or not best.coherence:
        return None
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            return "cp1252"
    return best.encoding


def read_text(path: Source, *, html: bool = False) -> tuple[str, list[str]]:
    return decode(path.read_bytes(), html=html)
