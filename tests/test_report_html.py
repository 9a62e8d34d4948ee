"""The review report: escaping and marking, the command, and the page as a browser shows it.

The browser test runs the flow on the samples (fake endpoint, event answers that cite the real
outlets and invent one figure), writes the report, and opens it in headless Chromium (Debian's
package, installed by `make test` through `make chromium`): a screenshot, and the DOM as rendered
checked for the headings, rows and marks a reviewer relies on.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import struct
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import lxml.html
import pytest

from newsum import checks, outputs, report_html
from newsum.report_html import cells, cli, datasets, marks, render
from tests.support.event_answers import INVENTED_FIGURE, event_responder
from tests.support.fake_openai import FakeOpenAI

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def test_number_pattern_is_the_checks_pattern() -> None:
    assert marks.NUMBER.pattern == checks.NUMBER.pattern


def test_mark_numbers_escapes_and_marks_only_ungrounded_figures() -> None:
    text = "At least 27 died and 5,600 fled <b>Stepanakert</b>, said 5 600 sources."
    marked = marks.mark_numbers(text, {"5600"})
    assert "&lt;b&gt;Stepanakert&lt;/b&gt;" in marked
    assert marked.count("<mark") == 2 and ">5,600</mark>" in marked and ">5 600</mark>" in marked
    assert "27" in marked and ">27</mark>" not in marked
    assert marks.mark_numbers(None, {"1"}) == ""


def test_figures_outside_the_text_are_listed_and_marked() -> None:
    row = {"text": "At least 27 died.", "review_details": '{"numbers_ungrounded": ["27", "567"]}'}
    macros = render.environment().get_template("macros.html.j2").module
    cell = macros.text_cell(cells.text_cell(row))
    assert ">27</mark>" in cell
    assert "not in the sources: <mark>567</mark>" in cell
    assert macros.elsewhere(marks.elsewhere({"text": "x", "review_details": None})) == ""


def _write_hostile_output(root: Path) -> None:
    now = datetime.now(UTC)
    day = date(2024, 3, 12)
    article = {
        "article_id": "a1",
        "source_file": "x.jsonl",
        "source_row": 1,
        "title": HOSTILE,
        "source": HOSTILE,
        "url": "javascript:alert(1)",
        "status": "ok",
        "lang": "en",
        "processed_at": now,
    }
    outputs.upsert(root, "articles", [article], day)
    summary = {
        "article_id": "a1",
        "lang": "en",
        "kind": "summary",
        "text": HOSTILE + " 99 people",
        "needs_review": True,
        "review_reasons": "numbers_ungrounded",
        "review_details": '{"numbers_ungrounded": ["99"]}',
        "created_at": now,
    }
    outputs.upsert(root, "summaries", [summary], day)
    link = {"event_id": "e<1>", "article_id": "a1", "grouping": "auto", "created_at": now}
    outputs.upsert(root, "event_articles", [link], day)
    event = {
        "event_id": "e<1>",
        "lang": "en",
        "kind": "summary",
        "text": HOSTILE,
        "headline": HOSTILE,
        "status": "ok",
        "established_json": '[{"statement": "<i>x</i>", "sources": ["<u>s</u>"]}]',
        "created_at": now,
    }
    outputs.upsert(root, "events", [event], day)


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    _write_hostile_output(tmp_path)
    page = report_html.write_report(tmp_path).read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<i>x" not in page
    assert "&lt;script&gt;" in page and "javascript:" not in page
    assert "default-src 'none'" in page  # and nothing may load or run anyway
    assert ">99</mark>" in page


def test_empty_output_renders(tmp_path: Path) -> None:
    page = render.render(datasets.load(tmp_path), tmp_path)
    assert "No events yet." in page and "Nothing is flagged." in page


def test_command_rebuilds_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_hostile_output(tmp_path)
    assert cli.main(["--output", str(tmp_path)]) == 0
    assert (tmp_path / "report.html").is_file()
    assert "report written" in capsys.readouterr().out
    assert cli.main(["--output", str(tmp_path / "missing")]) == 2


# --------------------------------------------------------------------------------------------
# In a browser


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    from flows.summarize import summarize

    out = tmp_path_factory.mktemp("report") / "out"
    with FakeOpenAI(responder=event_responder) as fake, pytest.MonkeyPatch.context() as env:
        env.setenv("OPENAI_BASE_URL", fake.base_url)
        env.setenv("OPENAI_API_KEY", "sk-test")
        env.setenv("LLM_MODEL", "fake-model")
        env.setenv("NEWSUM_PROGRESS", "false")
        asyncio.run(summarize(output=str(out)))
    return out


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed and could not be (run `make chromium`: Debian's package)",
)
def test_report_as_a_browser_shows_it(sample_output: Path, tmp_path: Path) -> None:
    page = sample_output / "report.html"
    assert page.is_file(), "every run writes the report next to the Parquet"
    url = page.resolve().as_uri()

    shot = tmp_path / "report.png"
    result = _chromium(
        "--screenshot=" + str(shot), "--window-size=1280,2000", url, profile=tmp_path / "p1"
    )
    assert shot.is_file(), result.stderr[-2000:]
    assert _png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 30_000, "a blank page compresses to almost nothing"

    dumped = _chromium("--dump-dom", url, profile=tmp_path / "p2")
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = lxml.html.fromstring(dumped.stdout)

    def texts(xpath: str) -> list[str]:
        return [" ".join(e.text_content().split()) for e in dom.xpath(xpath)]

    assert texts("//h1") == ["newsum review report"]
    h2 = texts("//h2")
    assert re.fullmatch(r"Needs review \(\d+\)", h2[0]), h2  # what needs a person comes first
    assert h2[1] == "Events"
    assert any(t.startswith("Articles in no event (4)") for t in h2)  # 3 rejected, 1 duplicate

    sections = dom.xpath("//section[@class='event']")
    assert len(sections) >= 2
    by_size = sorted(sections, key=lambda s: len(s.xpath(".//tr[@class='article-row']")))
    karabakh, flood = by_size[-1], by_size[-2]
    assert len(karabakh.xpath(".//tr[@class='article-row']")) == 18
    assert len(flood.xpath(".//tr[@class='article-row']")) >= 2
    h3 = [" ".join(e.text_content().split()) for e in karabakh.xpath(".//h3|.//h4")]
    for heading in ("Event summary (en)", "Established", "Claims by party"):
        assert heading in h3, h3
    assert "Where the accounts differ" in h3 and "Translations" in h3
    assert "Articles (18)" in h3
    outlets = {
        " ".join(td.text_content().split())
        for td in karabakh.xpath(".//tr[@class='article-row']/td[1]")
    }
    assert {"Meridian Wire", "Արարատ Լուր", "وكالة المشرق للأنباء", "Xəzər Xəbər"} <= outlets
    # The figure nobody reported is marked wherever it shows.
    marks = texts("//mark")
    assert INVENTED_FIGURE in marks
    review_rows = dom.xpath("//table[@class='review']//tr[@class='review-row']")
    assert review_rows and "numbers_ungrounded" in review_rows[0].text_content()
    # Each flagged row says whether it holds a finding or only hints (newsum.review_levels).
    assert all(row.xpath(".//span[contains(@class, 'level')]") for row in review_rows)
    # Every translation of the event account is listed with its language.
    langs = [
        " ".join(td.text_content().split())
        for td in karabakh.xpath(".//table[@class='translations']//tr/td[1]")
    ]
    assert langs == ["ar", "es", "fr", "ru", "zh"]


def test_latest_keeps_the_newest_row_per_key_and_a_missing_stamp_counts_as_oldest() -> None:
    import polars as pl

    frame = pl.DataFrame(
        {
            "article_id": ["a", "a", "b", "b", "c"],
            "processed_at": [datetime(2024, 1, 2, tzinfo=UTC), None, None, None, None],
            "status": ["new", "undated", "first", "second", "only"],
        }
    )
    rows = datasets.latest(frame, "article_id", "processed_at").to_dicts()
    assert {r["article_id"]: r["status"] for r in rows} == {"a": "new", "b": "second", "c": "only"}
