"""Tests for newsum.ingest. Every sample file is written into tmp_path by the test itself."""

from __future__ import annotations

import codecs
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsum.errors import InputError
from newsum.ingest import (
    IngestLimits,
    MemoryFile,
    ingest,
    ingest_files,
    iter_input_files,
    parse_published_at,
)
from newsum.language import detect_language
from newsum.records import Article, Status, content_hash

# ---------------------------------------------------------------------------------------------
# Helpers


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def jsonl(*rows: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def write_parquet(path: Path, columns: dict[str, list[object]]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def html_page(body: str, title: str = "Page title", head: str = "") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


STORY = "".join(
    f"<p>Paragraph {i}: the city council approved the new bridge after a long debate, "
    f"and residents on both banks of the river gave their views at the hearing.</p>"
    for i in range(5)
)
FIVE_MB = 5 * 1024 * 1024  # 5,242,880 characters of ASCII
EMOJI = "\U0001f525\U0001f468\u200d\U0001f469"  # includes a zero-width joiner, which must stay


def only(articles: list[Article]) -> Article:
    assert len(articles) == 1, [(a.status, a.error) for a in articles]
    return articles[0]


# ---------------------------------------------------------------------------------------------
# Bad input: each case asserts the status and that the reason names the file (and row)


@dataclass
class Bad:
    id: str
    name: str  # file name inside tmp_path
    data: bytes | str | Callable[[Path], object]  # file content, or a function writing it
    reason: str  # substring of the reason; "{file}" stands for the file name as reported
    row: int | None = None  # row of the rejected article; None = file-level rejection
    unit: str = "line"  # word used before the row number in the reason
    limits: IngestLimits | None = None


def _parquet(columns: dict[str, list[object]]) -> Callable[[Path], object]:
    return lambda p: write_parquet(p, columns)


BAD_CASES = [
    Bad("empty-jsonl", "a.jsonl", b"", "empty file"),
    Bad("empty-txt", "a.txt", b"", "empty file"),
    Bad("empty-csv", "a.csv", b"", "empty file"),
    Bad("blank-lines-only-jsonl", "a.jsonl", "\n   \n\t\n", "only blank lines"),
    Bad("empty-text", "a.jsonl", jsonl({"id": "1", "text": ""}), "empty text", row=1),
    Bad("whitespace-text", "a.jsonl", jsonl({"text": " \n\t\u3000 "}), "empty text", row=1),
    Bad("control-chars-only", "a.jsonl", jsonl({"text": "\x00\x07\x1b"}), "empty text", row=1),
    Bad("missing-text-field", "a.jsonl", jsonl({"id": "1", "title": "t"}), "no 'text'", row=1),
    Bad("null-text", "a.jsonl", jsonl({"text": None}), "text is null", row=1),
    Bad("number-text", "a.jsonl", jsonl({"text": 42}), "text is a number, expected a", row=1),
    Bad("binary-nul", "a.txt", bytes(range(256)) * 8, "binary file (contains NUL bytes)"),
    Bad("pdf-as-txt", "paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "looks like PDF"),
    Bad("zip-as-jsonl", "a.jsonl", b"PK\x03\x04\x14\x00\x06\x00" + b"\x01" * 50, "ZIP archive"),
    Bad("non-printable", "a.txt", bytes(range(1, 9)) * 200, "non-printable bytes"),
    Bad("utf16-no-bom", "a.txt", "Title\nSome text".encode("utf-16-le"), "binary file"),
    Bad(
        "utf8-bom-invalid",
        "a.txt",
        codecs.BOM_UTF8 + b"Title\nbad \xff byte",
        "UTF-8 byte-order mark but is not valid UTF-8",
    ),
    Bad(
        "utf16-bom-invalid",
        "a.txt",
        codecs.BOM_UTF16_LE + "Ti".encode("utf-16-le") + b"\x00\xd8",  # lone surrogate
        "not valid UTF-16",
    ),
    Bad(
        "malformed-jsonl-line",
        "a.jsonl",
        jsonl({"text": "one"}, {"text": "two"}) + '{"text": "three" "id": 3}\n',
        "malformed JSON (Expecting ',' delimiter at column 18)",
        row=3,
    ),
    Bad("jsonl-list-line", "a.jsonl", '{"text": "a"}\n[1, 2]\n', "got an array", row=2),
    Bad("jsonl-number-line", "a.ndjson", '{"text": "a"}\n\n42\n', "got a number", row=3),
    Bad(
        "json-array-bad-item",
        "a.json",
        '[{"text": "ok"}, "just a string"]',
        "expected a JSON object, got a string",
        row=2,
        unit="item",
    ),
    Bad("json-broken-array", "a.json", '[\n{"text": "a"},\n{"text": }\n]', "malformed JSON"),
    Bad("json-scalar", "a.json", "42", "expected a JSON array of objects, got a number"),
    Bad("json-empty-array", "a.json", "[]", "empty JSON array"),
    Bad(
        "csv-no-text-column",
        "a.csv",
        "id,body\n1,hello\n",
        "no 'text' column; columns are: id, body",
    ),
    Bad(
        "csv-ragged-short",
        "a.csv",
        "id,title,text\n1,t,hello\n2,only\n",
        "row has 2 fields, header has 3",
        row=2,
        unit="row",
    ),
    Bad(
        "csv-ragged-long",
        "a.csv",
        "id,text\n1,a,b,c\n",
        "row has 4 fields, header has 2",
        row=1,
        unit="row",
    ),
    Bad("csv-empty-text", "a.csv", "id,text\n1,hello\n2,\n", "empty text", row=2, unit="row"),
    Bad("csv-header-only", "a.csv", "id,title,text\n", "only a header"),
    Bad(
        "parquet-text-int",
        "a.parquet",
        _parquet({"id": ["1", "2"], "text": [1, 2]}),
        "column 'text' is int64, expected string",
    ),
    Bad(
        "parquet-no-text",
        "a.parquet",
        _parquet({"id": ["1"], "body": ["x"]}),
        "no 'text' column; columns are: id, body",
    ),
    Bad("parquet-garbage", "a.parquet", b"this is not parquet", "not a valid Parquet file"),
    Bad(
        "parquet-null-text",
        "a.parquet",
        _parquet({"text": ["fine", None]}),
        "text is null",
        row=2,
        unit="row",
    ),
    Bad(
        "too-long-jsonl",
        "a.jsonl",
        jsonl({"text": "a" * FIVE_MB}),
        "text is 5,242,880 chars, limit 200,000",
        row=1,
    ),
    Bad(
        "too-long-csv",
        "a.csv",
        "id,text\n1," + "b" * FIVE_MB + "\n",
        "text is 5,242,880 chars, limit 200,000",
        row=1,
        unit="row",
    ),
    Bad("too-long-txt", "a.txt", "Title\n" + "c" * FIVE_MB, "text is 5,242,880 chars"),
    Bad(
        "file-too-big",
        "a.jsonl",
        jsonl({"text": "x" * 200}),
        "bytes, limit 100",
        limits=IngestLimits(max_file_bytes=100),
    ),
    Bad(
        "text-too-short",
        "a.jsonl",
        jsonl({"text": "short"}),
        "text is 5 chars, minimum 10",
        row=1,
        limits=IngestLimits(min_text_chars=10),
    ),
    Bad(
        "duplicate-id-different-text",
        "a.jsonl",
        jsonl({"id": "x", "text": "first text"}, {"id": " x ", "text": "other text"}),
        "duplicate id 'x' with different text (first seen at {file}, line 1)",
        row=2,
    ),
    Bad(
        "html-no-main-text",
        "a.html",
        html_page("", head="<script>var a = 1;</script>"),
        "no main text found",
    ),
    Bad("txt-title-only", "a.txt", "Just a title\n\n  \n", "title but no text"),
    Bad("md-heading-only", "a.md", "# Only a heading\n", "title but no text"),
    Bad("unsupported-docx", "report.docx", b"PK\x03\x04rest", "unsupported file type '.docx'"),
    Bad("no-extension", "NOTES", "hello", "unsupported file type (no extension)"),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_input_is_rejected_with_reason(tmp_path: Path, case: Bad) -> None:
    path = tmp_path / case.name
    if callable(case.data):
        case.data(path)
    else:
        write(path, case.data)

    articles = ingest(path, case.limits)  # never raises

    matches = [a for a in articles if a.row == case.row]
    art = only(matches)
    assert art.status is Status.REJECTED
    assert art.error is not None
    where = str(path) if case.row is None else f"{path}, {case.unit} {case.row}"
    assert art.error.startswith(f"{where}: "), art.error
    assert case.reason.format(file=path) in art.error, art.error
    assert art.source_file == str(path)
    assert art.text == ""  # rejected texts are not carried along (some are megabytes)
    if case.row is None:
        assert art.article_id.startswith("file-")


def test_bad_cases_are_many_and_distinct() -> None:
    assert len({c.id for c in BAD_CASES}) == len(BAD_CASES) >= 30


def test_malformed_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.jsonl",
        '{"id": 1, "text": "one"}\n{"id": 2, "text": \n\n[]\n{"id": 4, "text": "four"}\n',
    )
    arts = ingest(path)
    assert [(a.row, a.status) for a in arts] == [
        (1, Status.PENDING),
        (2, Status.REJECTED),
        (4, Status.REJECTED),
        (5, Status.PENDING),
    ]
    assert [a.article_id for a in arts if a.status is Status.PENDING] == ["1", "4"]
    # rejected rows without an id still get distinct ids
    assert len({a.article_id for a in arts}) == 4


def test_five_mb_article_is_accepted_with_a_raised_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "long.jsonl", jsonl({"id": "big", "text": "a" * FIVE_MB}))
    art = only(ingest(path, IngestLimits(max_text_chars=6_000_000)))
    assert art.status is Status.PENDING
    assert len(art.text) == FIVE_MB


# ---------------------------------------------------------------------------------------------
# Duplicates


def test_same_text_up_to_whitespace_and_case_is_duplicate(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.jsonl",
        jsonl(
            {"id": "a", "text": "The Bridge opened   today."},
            {"id": "b", "text": "something else"},
            {"id": "c", "text": "  the bridge\nOPENED today. "},
        ),
    )
    a, b, c = ingest(path)
    assert (a.status, b.status, c.status) == (Status.PENDING, Status.PENDING, Status.DUPLICATE)
    assert c.duplicate_of == "a"
    assert c.error is None
    assert c.content_hash == a.content_hash


def test_same_id_and_same_text_is_duplicate(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", jsonl({"id": "x", "text": "t"}, {"id": "x", "text": "t"}))
    first, second = ingest(path)
    assert first.status is Status.PENDING
    assert second.status is Status.DUPLICATE
    assert second.duplicate_of == "x"


def test_duplicates_are_found_across_files(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.jsonl", jsonl({"text": "Shared story text."}))
    write(tmp_path / "in" / "b.csv", "text\nShared story text.\n")
    first, second = ingest(tmp_path / "in")
    assert first.article_id == "a-" + content_hash("Shared story text.")[:16]
    assert second.status is Status.DUPLICATE
    assert second.duplicate_of == first.article_id


def test_the_row_with_its_own_id_is_the_original(tmp_path: Path) -> None:
    # "repost.txt" sorts before "wire.jsonl", but the feed row (with id, outlet and date) is
    # the one to keep; the loose copy is the duplicate.
    story = "Bridge opened today after a long debate."
    write(tmp_path / "in" / "repost.txt", f"Bridge\n\n{story.upper()}\n")
    write(tmp_path / "in" / "wire.jsonl", jsonl({"id": "w-1", "source": "Wire", "text": story}))
    repost, feed = ingest(tmp_path / "in")
    assert (repost.source_file, repost.status, repost.duplicate_of) == (
        "repost.txt", Status.DUPLICATE, "w-1",
    )  # fmt: skip
    assert (feed.status, feed.duplicate_of) == (Status.PENDING, None)


def test_duplicate_id_reason_names_the_first_file(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.jsonl", "\n" + jsonl({"id": 7, "text": "one"}))
    write(tmp_path / "in" / "b.csv", "id,text\n7,two\n")
    _, second = ingest(tmp_path / "in")
    assert second.status is Status.REJECTED
    assert second.error == (
        "b.csv, row 1: duplicate id '7' with different text (first seen at a.jsonl, line 2)"
    )


# ---------------------------------------------------------------------------------------------
# Awkward but acceptable input


@dataclass
class Ok:
    id: str
    name: str
    data: bytes | str
    text: str  # expected text (exactly)
    title: str | None = None
    warning: str | None = None  # expected extra["warnings"], None = no warnings at all


OK_CASES = [
    Ok(
        "latin-1",
        "a.txt",
        "Caf\u00e9\nLe caf\u00e9 \u00e9tait ferm\u00e9, na\u00efve.".encode("latin-1"),
        "Le caf\u00e9 \u00e9tait ferm\u00e9, na\u00efve.",
        title="Caf\u00e9",
        warning="decoded as cp1252",
    ),
    Ok(
        "cp1252-smart-quotes",
        "a.jsonl",
        '{"text": "\u201cQuoted\u201d \u2014 it\u2019s \u20ac5"}\n'.encode("cp1252"),
        "\u201cQuoted\u201d \u2014 it\u2019s \u20ac5",
        warning="decoded as cp1252",
    ),
    Ok(
        "utf16-le-bom",
        "a.txt",
        codecs.BOM_UTF16_LE
        + "\u0417\u0430\u0433\n\u0422\u0435\u043a\u0441\u0442".encode("utf-16-le"),
        "\u0422\u0435\u043a\u0441\u0442",
        title="\u0417\u0430\u0433",
    ),
    Ok(
        "utf16-be-bom",
        "a.md",
        codecs.BOM_UTF16_BE + "## \u6807\u9898\n\u6b63\u6587".encode("utf-16-be"),
        "\u6b63\u6587",
        title="\u6807\u9898",
    ),
    Ok(
        "utf8-bom-jsonl",
        "a.jsonl",
        codecs.BOM_UTF8 + b'{"text": "bom ok", "title": "T"}\n',
        "bom ok",
        title="T",
    ),
    Ok("utf8-bom-csv", "a.csv", codecs.BOM_UTF8 + b"text,title\nbom ok,T\n", "bom ok", title="T"),
    Ok(
        "csv-embedded-newlines",
        "a.csv",
        'id,title,text\r\n1,"A, title","Line one\r\n""quoted"" line two"\r\n',
        'Line one\n"quoted" line two',
        title="A, title",
    ),
    Ok("csv-semicolon", "a.csv", "id;text;title\n1;Hello, world;T\n", "Hello, world", title="T"),
    Ok("csv-tab", "a.csv", "id\ttext\n1\tTabbed; text, here\n", "Tabbed; text, here"),
    Ok("csv-trailing-delimiter", "a.csv", "id,text,\n1,hello,\n", "hello"),
    Ok("crlf-jsonl", "a.jsonl", b'{"text": "windows"}\r\n\r\n', "windows"),
    Ok(
        "mixed-language",
        "a.jsonl",
        jsonl({"text": "Le maire a dit: \u00abwe will rebuild\u00bb. \u5e02\u957f\u8868\u793a."}),
        "Le maire a dit: \u00abwe will rebuild\u00bb. \u5e02\u957f\u8868\u793a.",
    ),
    Ok("emoji-only", "a.jsonl", jsonl({"text": EMOJI}), EMOJI),
    Ok("digits-only", "a.jsonl", jsonl({"text": "2023 2024"}), "2023 2024"),
    Ok(
        "normalised-text",
        "a.jsonl",
        jsonl({"text": "  Cafe\u0301\x07 ok\n\n\n\n\nnext\tpara\x1b  "}),
        "Caf\u00e9 ok\n\nnext\tpara",
    ),
    Ok(
        "json-line-separator-in-string",
        "a.jsonl",
        jsonl({"text": "before\u2028after"}),
        "before\u2028after",
    ),
]


@pytest.mark.parametrize("case", OK_CASES, ids=[c.id for c in OK_CASES])
def test_awkward_input_is_kept(tmp_path: Path, case: Ok) -> None:
    art = only(ingest(write(tmp_path / case.name, case.data)))
    assert art.status is Status.PENDING, art.error
    assert art.text == case.text
    assert art.title == case.title
    assert art.extra.get("warnings") == case.warning
    assert art.content_hash == content_hash(case.text)


# ---------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-19T10:00:00Z", datetime(2023, 9, 19, 10, tzinfo=UTC)),
        ("2023-09-19T13:00:00+03:00", datetime(2023, 9, 19, 10, tzinfo=UTC)),
        ("2023-09-19 10:00:00", datetime(2023, 9, 19, 10, tzinfo=UTC)),  # naive -> UTC
        ("2023-09-19", datetime(2023, 9, 19, tzinfo=UTC)),
        ("20230919", datetime(2023, 9, 19, tzinfo=UTC)),
        ("Tue, 19 Sep 2023 10:00:00 +0300", datetime(2023, 9, 19, 7, tzinfo=UTC)),
        ("1695117600", datetime(2023, 9, 19, 10, tzinfo=UTC)),
        (1695117600, datetime(2023, 9, 19, 10, tzinfo=UTC)),
        (1695117600000, datetime(2023, 9, 19, 10, tzinfo=UTC)),  # milliseconds
        (datetime(2023, 9, 19, 10), datetime(2023, 9, 19, 10, tzinfo=UTC)),
    ],
)
def test_dates_parse_to_utc(value: object, expected: datetime) -> None:
    parsed, warning = parse_published_at(value)
    assert warning is None
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() is not None


@pytest.mark.parametrize(
    "value", ["19/09/2023", "yesterday", "2023-13-45", "Tue, 99 Foo", "2023", "-1"]
)
def test_unparseable_date_keeps_the_row_with_a_warning(tmp_path: Path, value: str) -> None:
    path = write(tmp_path / "d.jsonl", jsonl({"text": "t", "published_at": value}))
    art = only(ingest(path))
    assert art.status is Status.PENDING
    assert art.published_at is None
    assert art.extra["warnings"] == f"unparseable published_at '{value}'"


def test_dates_in_csv_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.csv",
        'text,published_at\na,"Tue, 19 Sep 2023 10:00:00 +0300"\nb,1695117600\nc,\n',
    )
    a, b, c = ingest(path)
    assert a.published_at == datetime(2023, 9, 19, 7, tzinfo=UTC)
    assert b.published_at == datetime(2023, 9, 19, 10, tzinfo=UTC)
    assert c.published_at is None
    assert "warnings" not in c.extra


# ---------------------------------------------------------------------------------------------
# Good path, one test per format


def test_jsonl_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.jsonl",
        jsonl(
            {
                "id": 17,
                "Title": "  Council\n approves  bridge ",
                "text": "Body text.",
                "outlet": "Daily",
                "url": "https://example.org/a",
                "published_at": "2023-09-19T10:00:00Z",
                "event_id": "ev1",
                "language": "EN-gb",
                "unknown": {"nested": True},
            },
            {"text": "No id here.", "source": "Wire", "lang": "fr"},
        ),
    )
    a, b = ingest(path)
    assert a == Article(
        article_id="17",
        source_file=str(path),
        row=1,
        title="Council approves bridge",
        text="Body text.",
        source="Daily",
        url="https://example.org/a",
        published_at=datetime(2023, 9, 19, 10, tzinfo=UTC),
        event_id="ev1",
        lang_hint="EN-gb",
        content_hash=content_hash("Body text."),
    )
    assert b.article_id == "a-" + content_hash("No id here.")[:16]
    assert (b.source, b.lang_hint, b.row) == ("Wire", "fr", 2)


def test_ndjson_and_json_variants(tmp_path: Path) -> None:
    nd = write(tmp_path / "a.ndjson", jsonl({"id": "n1", "text": "nd"}))
    arr = write(tmp_path / "b.json", json.dumps([{"id": "j1", "text": "x"}, {"text": "y"}]))
    lines = write(tmp_path / "c.json", jsonl({"id": "l1", "text": "p"}, {"id": "l2", "text": "q"}))
    single = write(tmp_path / "d.json", json.dumps({"id": "s1", "text": "s"}, indent=2))
    assert [a.article_id for a in ingest(nd)] == ["n1"]
    assert [(a.row, a.text) for a in ingest(arr)] == [(1, "x"), (2, "y")]
    assert [(a.article_id, a.row) for a in ingest(lines)] == [("l1", 1), ("l2", 2)]
    assert [(a.article_id, a.row) for a in ingest(single)] == [("s1", 1)]


def test_csv_good_path(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        "ID,Title,Text,Source,URL,published_at,event_id,lang\n"
        "1,First,First text,Daily,https://x.org/1,2023-09-19,e1,de\n"
        "\n"
        "2,,Second text,,,,,\n",
    )
    a, b = ingest(path)
    assert (a.article_id, a.row, a.title, a.text, a.source, a.url) == (
        "1", 1, "First", "First text", "Daily", "https://x.org/1",
    )  # fmt: skip
    assert a.published_at == datetime(2023, 9, 19, tzinfo=UTC)
    assert (a.event_id, a.lang_hint) == ("e1", "de")
    assert (b.article_id, b.row, b.title, b.source, b.lang_hint) == ("2", 2, None, None, None)
    assert all(x.status is Status.PENDING for x in (a, b))


def test_parquet_good_path(tmp_path: Path) -> None:
    path = write_parquet(
        tmp_path / "a.parquet",
        {
            "id": pa.array([1, 2, 3], pa.int64()),
            "text": ["one", "two", "three"],
            "title": ["T1", None, "T3"],
            "published_at": pa.array(
                [datetime(2023, 9, 19, 10), None, datetime(2023, 9, 20)], pa.timestamp("s")
            ),
            "outlet": ["A", "B", "C"],
            "ignored_blob": [b"x", b"y", b"z"],
        },
    )
    arts = ingest(path)
    assert [(a.article_id, a.row, a.text, a.title, a.source) for a in arts] == [
        ("1", 1, "one", "T1", "A"),
        ("2", 2, "two", None, "B"),
        ("3", 3, "three", "T3", "C"),
    ]
    assert arts[0].published_at == datetime(2023, 9, 19, 10, tzinfo=UTC)
    assert arts[1].published_at is None


def test_parquet_nanosecond_timestamps_and_odd_id_types(tmp_path: Path) -> None:
    # pandas writes nanosecond timestamps; datetime cannot hold them without truncation.
    path = write_parquet(
        tmp_path / "ns.parquet",
        {
            "id": pa.array([Decimal("10.5"), Decimal("11.0")], pa.decimal128(5, 1)),
            "Text": pa.array(["a", "b"], pa.large_string()),
            "published_at": pa.array(
                [1695117600123456789, None], pa.timestamp("ns", tz="Europe/Paris")
            ),
        },
    )
    a, b = ingest(path)
    assert (a.article_id, a.text, b.article_id) == ("10.5", "a", "11.0")
    assert a.published_at == datetime(2023, 9, 19, 10, 0, 0, 123456, tzinfo=UTC)
    assert b.published_at is None


def test_parquet_corrupt_in_the_middle_keeps_rows_read_so_far(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    table = pa.table({"text": [f"text number {i} " * 5 for i in range(30_000)]})
    pq.write_table(table, path, row_group_size=10_000, compression="none")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 2000] = b"\xff" * 2000  # wreck the second row group
    path.write_bytes(bytes(data))
    arts = ingest(path)
    *good, last = arts
    assert good
    assert all(a.status is Status.PENDING for a in good)
    assert last.status is Status.REJECTED
    assert last.error is not None
    assert last.error.startswith(f"{path}: cannot read parquet data")
    assert f"stopped after {len(good)} rows" in last.error


def test_parquet_streams_many_row_groups(tmp_path: Path) -> None:
    n = 25_000
    table = pa.table({"id": [f"p{i}" for i in range(n)], "text": [f"text {i}" for i in range(n)]})
    path = tmp_path / "big.parquet"
    pq.write_table(table, path, row_group_size=4_000)
    arts = ingest(path)
    assert len(arts) == n
    assert arts[-1].row == n
    assert arts[-1].article_id == f"p{n - 1}"
    assert all(a.status is Status.PENDING for a in arts)


def test_txt_and_md(tmp_path: Path) -> None:
    txt = write(tmp_path / "a.txt", "\n\n  The Title  \nFirst paragraph.\n\n\n\nSecond.\n")
    md = write(tmp_path / "b.md", "### Markdown *title*\n\nBody **text**.\n")
    t = only(ingest(txt))
    assert (t.title, t.text, t.row) == ("The Title", "First paragraph.\n\nSecond.", None)
    assert t.article_id == "a-" + content_hash(t.text)[:16]
    m = only(ingest(md))
    assert (m.title, m.text, m.status) == ("Markdown *title*", "Body **text**.", Status.PENDING)


def test_html_scripts_and_boilerplate_never_reach_the_text(tmp_path: Path) -> None:
    page = html_page(
        "<nav>Home | World | Sport</nav>"
        '<div class="cookie-banner">We use cookies. <button>Accept</button></div>'
        "<article><h1>Bridge approved</h1>"
        + STORY
        + "<script>document.write('INLINE_SCRIPT')</script></article>"
        "<footer>Copyright Daily Example</footer>",
        title="Bridge approved",
        head="<script>var secret = 'HEAD_SCRIPT';</script><style>.x { color: red }</style>"
        '<meta property="og:site_name" content="Daily Example">',
    ).replace("<html>", '<html lang="en-GB">')
    art = only(ingest(write(tmp_path / "story.html", page)))
    assert art.status is Status.PENDING, art.error
    assert art.text.startswith("Paragraph 0: the city council")  # the <h1> is the title
    assert "Paragraph 4: the city council approved" in art.text
    for junk in ("INLINE_SCRIPT", "HEAD_SCRIPT", "color: red", "document.write", "cookies"):
        assert junk not in art.text
    assert (art.title, art.source, art.lang_hint, art.row) == (
        "Bridge approved", "Daily Example", "en-GB", None,
    )  # fmt: skip
    assert logging.getLogger("trafilatura").level == logging.WARNING


def test_htm_with_legacy_charset(tmp_path: Path) -> None:
    sentence = (
        "\u0433\u043e\u0440\u043e\u0434\u0441\u043a\u043e\u0439 \u0441\u043e\u0432\u0435\u0442 "
        "\u043e\u0434\u043e\u0431\u0440\u0438\u043b \u043d\u043e\u0432\u044b\u0439 "
        "\u043c\u043e\u0441\u0442 \u043f\u043e\u0441\u043b\u0435 "
        "\u0434\u043e\u043b\u0433\u0438\u0445 \u0434\u0435\u0431\u0430\u0442\u043e\u0432."
    )  # Cyrillic: "the city council approved the new bridge after long debates."
    paragraphs = "".join(f"<p>{i}. {sentence} {sentence}</p>" for i in range(5))
    page = html_page(f"<article>{paragraphs}</article>", head='<meta charset="windows-1251">')
    art = only(ingest(write(tmp_path / "ru.htm", page.encode("cp1251"))))
    assert art.status is Status.PENDING, art.error
    assert sentence in art.text
    assert "warnings" not in art.extra


# Legacy 8-bit text without any declaration, as archives hold it. Today's news sentences.
RUSSIAN = (
    "Городской совет Казани одобрил строительство нового моста через реку Казанку. "
    "По словам мэра, работы начнутся весной и продлятся два года. "
    "Жители района выступили против вырубки деревьев на набережной."
)
TURKISH = (
    "Karadeniz Bölgesi'nde şiddetli yağışlar nedeniyle birçok köy yolu ulaşıma kapandı. "
    "Valilik, ekiplerin gece boyunca çalıştığını ve ilk yolların öğleden sonra açılacağını "
    "açıkladı. Üreticiler, fındık hasadının gecikeceğinden endişe ediyor."
)
FRENCH = (
    "Le conseil municipal a approuvé mardi la rénovation de la gare. « Les travaux "
    "commenceront en été », a déclaré la maire, qui évalue le coût à 12 millions d’euros."
)


@pytest.mark.parametrize(
    ("text", "encoding", "lang"),
    [(RUSSIAN, "cp1251", "ru"), (TURKISH, "cp1254", "tr"), (FRENCH, "cp1252", "fr")],
    ids=["ru-cp1251", "tr-cp1254", "fr-cp1252"],
)
def test_legacy_encodings_are_decoded_as_what_they_are(
    tmp_path: Path, text: str, encoding: str, lang: str
) -> None:
    data = f"Title\n{text}\n".encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8: the guess is what is under test
    art = only(ingest(write(tmp_path / "a.txt", data)))
    assert art.status is Status.PENDING, art.error
    assert art.text == text
    assert art.extra["warnings"] == f"decoded as {encoding}"
    assert detect_language(art.text).lang == lang


def test_utf8_is_not_guessed_and_binary_is_still_rejected(tmp_path: Path) -> None:
    art = only(ingest(write(tmp_path / "a.txt", f"Title\n{RUSSIAN}\n".encode())))
    assert art.text == RUSSIAN and "warnings" not in art.extra
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    rejected = only(ingest(write(tmp_path / "b.txt", png)))
    assert rejected.status is Status.REJECTED and "binary file" in (rejected.error or "")


# ---------------------------------------------------------------------------------------------
# Files and folders


def test_ingest_files_names_rows_as_given_and_finds_duplicates_across_them(
    tmp_path: Path,
) -> None:
    first = write(tmp_path / "deep" / "a.jsonl", jsonl({"id": "x-1", "text": "Same story."}))
    second = write(tmp_path / "elsewhere" / "b.txt", "Title\nSame   story.\n")
    arts = ingest_files([(first, "night-1/a.jsonl"), (second, "night-1/b.txt")])
    assert [(a.source_file, a.status) for a in arts] == [
        ("night-1/a.jsonl", Status.PENDING),
        ("night-1/b.txt", Status.DUPLICATE),
    ]
    assert arts[1].duplicate_of == "x-1"
    # The same rows as `ingest` of a folder holding them under those names.
    folder = tmp_path / "inbox" / "night-1"
    write(folder / "a.jsonl", first.read_bytes())
    write(folder / "b.txt", second.read_bytes())
    by_folder = ingest(tmp_path / "inbox")
    assert [a.article_id for a in by_folder] == [a.article_id for a in arts]


def test_files_in_memory_read_as_files_on_disk(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>{i}. The council approved the bridge on Monday.</p>" for i in range(6)
    )
    page = html_page(f"<article>{paragraphs}</article>").encode()
    table = tmp_path / "t.parquet"
    write_parquet(table, {"id": ["p-1"], "text": ["A row from Parquet bytes."]})
    from_memory = ingest_files(
        [
            (MemoryFile("page.html", page), "feed/page"),
            (MemoryFile("t.parquet", table.read_bytes()), "t.parquet"),
            (MemoryFile("empty.txt", b""), "empty.txt"),
        ]
    )
    on_disk = ingest_files(
        [
            (write(tmp_path / "page.html", page), "feed/page"),
            (table, "t.parquet"),
            (write(tmp_path / "empty.txt", b""), "empty.txt"),
        ]
    )
    assert [(a.article_id, a.status, a.text, a.error) for a in from_memory] == [
        (a.article_id, a.status, a.text, a.error) for a in on_disk
    ]
    assert [a.status for a in from_memory] == [Status.PENDING, Status.PENDING, Status.REJECTED]


def test_missing_path_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        ingest(tmp_path / "nope")
    with pytest.raises(InputError):
        iter_input_files(tmp_path / "nope.jsonl")


def test_folder_recursion_with_mixed_formats(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "b.jsonl", jsonl({"id": "b1", "text": "bee"}))
    write(root / "a.csv", "id,text\na1,ay\na2,ay two\n")
    write(root / "sub" / "c.txt", "Sea\nsea text\n")
    write(root / "sub" / "deeper" / "d.md", "# Dee\ndee text\n")
    write_parquet(root / "sub" / "e.parquet", {"id": ["e1"], "text": ["ee"]})
    write(root / "sub" / "f.docx", b"PK\x03\x04")
    write(root / ".hidden.jsonl", jsonl({"text": "hidden"}))
    write(root / ".git" / "x.jsonl", jsonl({"text": "in a hidden folder"}))
    write(root / "README.md", "# About these files\nnot an article\n")

    files = iter_input_files(root)
    assert [f.relative_to(root).as_posix() for f in files] == [
        "a.csv", "b.jsonl", "sub/c.txt", "sub/deeper/d.md", "sub/e.parquet", "sub/f.docx",
    ]  # fmt: skip

    arts = ingest(root)
    assert [(a.source_file, a.row, a.status) for a in arts] == [
        ("a.csv", 1, Status.PENDING),
        ("a.csv", 2, Status.PENDING),
        ("b.jsonl", 1, Status.PENDING),
        ("sub/c.txt", None, Status.PENDING),
        ("sub/deeper/d.md", None, Status.PENDING),
        ("sub/e.parquet", 1, Status.PENDING),
        ("sub/f.docx", None, Status.REJECTED),
    ]
    assert arts[-1].error is not None
    assert arts[-1].error.startswith("sub/f.docx: unsupported")
    assert not any("hidden" in a.text for a in arts)


def test_unreadable_file_in_a_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.jsonl", jsonl({"text": "fine"}))
    (tmp_path / "in" / "b.jsonl").symlink_to(tmp_path / "nowhere.jsonl")  # dangling link
    good, bad = ingest(tmp_path / "in")
    assert good.status is Status.PENDING
    assert bad.status is Status.REJECTED
    assert bad.error == "b.jsonl: cannot read file (No such file or directory)"


def test_single_file_list_and_hidden_file_given_explicitly(tmp_path: Path) -> None:
    path = write(tmp_path / ".x.jsonl", jsonl({"text": "explicit"}))
    assert iter_input_files(path) == [path]
    assert only(ingest(path)).text == "explicit"


def test_empty_folder_gives_no_articles(tmp_path: Path) -> None:
    assert ingest(tmp_path) == []


def test_file_ids_are_stable_and_distinct(tmp_path: Path) -> None:
    write(tmp_path / "x" / "a.txt", b"")
    write(tmp_path / "x" / "b.txt", b"")
    a, b = ingest(tmp_path / "x")
    assert a.article_id != b.article_id
    assert [a.article_id, b.article_id] == [x.article_id for x in ingest(tmp_path / "x")]


SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "articles"


@pytest.mark.skipif(not (SAMPLES / "wire.jsonl").exists(), reason="no sample corpus")
def test_sample_corpus_matches_its_readme() -> None:
    # samples/articles/README.md lists the intended bad rows and the duplicate.
    arts = ingest(SAMPLES)
    by_place = {(a.source_file, a.row): a for a in arts}
    assert by_place[("wire.jsonl", 6)].status is Status.REJECTED
    assert by_place[("wire.jsonl", 7)].status is Status.REJECTED
    assert by_place[("regional.csv", 6)].status is Status.REJECTED
    repost = by_place[("meridian-wire_repost_2023-09-19.txt", None)]
    assert (repost.status, repost.duplicate_of) == (Status.DUPLICATE, "w-001")
    assert not any(a.source_file == "README.md" for a in arts)
    assert sum(a.status is Status.PENDING for a in arts) == 21


# ---------------------------------------------------------------------------------------------
# Speed


def test_hundred_thousand_rows_ingest_quickly(tmp_path: Path) -> None:
    n = 100_000
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            row = {
                "id": f"id{i}",
                "title": f"Headline number {i}",
                "text": f"Article {i}. The council met on Tuesday to discuss the budget, "
                "and members of the public asked questions about schools and roads.",
                "source": "Daily",
                "url": f"https://example.org/{i}",
                "published_at": "2023-09-19T10:00:00Z",
                "lang": "en",
            }
            f.write(json.dumps(row) + "\n")
    started = time.perf_counter()
    arts = ingest(path)
    elapsed = time.perf_counter() - started
    print(f"\ningested {n:,} JSONL rows ({path.stat().st_size:,} bytes) in {elapsed:.2f} s")
    assert len(arts) == n
    assert all(a.status is Status.PENDING for a in arts)
    assert arts[-1].row == n  # speed is a benchmark figure (make bench), not a test
