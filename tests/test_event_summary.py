"""The event stage: answer model, input, map-reduce, checks, rows, writes, and the flow."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import duckdb
import pytest
from pydantic import ValidationError

from newsum import outputs
from newsum.budget import chars_for_tokens
from newsum.config import Capability
from newsum.events import (
    EventBase,
    EventOptions,
    EventStage,
    EventSummary,
    Member,
    check_event_summary,
    event_schema,
    members_from_rows,
    run_event_stage,
    source_entry,
    source_labels,
    split_sources,
    write_event_outputs,
)
from newsum.events.rows import base_row, event_translation_rows
from newsum.llm import LLMClient
from newsum.profile import EMBEDDED
from newsum.rows import REVIEW_COLUMNS, EventArticleRow, EventRow, ReviewColumns, validate
from newsum.summarize import SummaryOptions
from newsum.translate import TranslationOutcome
from tests.support.event_answers import INVENTED_FIGURE, event_responder
from tests.support.fake_openai import FakeOpenAI, Scripted
from tests.support.schema_budget import schema_max_tokens

TARGETS = ["en", "fr", "de"]
DAY = datetime(2024, 3, 12, 9, tzinfo=UTC)

# Two events of the fictional test corpus, summarised in English, plus one single story.
ARTICLES = [
    ("b-1", "Capital Markets Daily", "en", "The Bank of Norvania raised its main interest rate "
     "by 0.5 points to 4.25% on Tuesday, citing inflation of 6.8%, governor Elsa Brandt said."),
    ("b-2", "Finanzblatt", "de", "Norvania's central bank raised its key rate to 4.25%, and its "
     "governor Elsa Brandt pointed to inflation of 6.8%, Finanzblatt reported."),
    ("b-3", "L'Écho des marchés", "fr", "Norvania's central bank raised its policy rate to 4.25%."
     " Trade unions said the decision would weigh on indebted households."),
    ("f-1", "Island Courier", "en", "A wildfire on the island of Thessa forced 1,200 people from "
     "three villages to evacuate, the fire service said."),
    ("f-2", "Méditerranée Info", "fr", "Firefighters said a wildfire fanned by winds forced 1,200 "
     "residents of three villages on Thessa to leave; at least 40 houses burned."),
    ("x-1", "Gadget Weekly", "en", "Lumeo unveiled a folding smartphone priced at 1,299 dollars, "
     "the company said."),
]  # fmt: skip


def _rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    articles, summaries = [], []
    for article_id, outlet, lang, text in ARTICLES:
        articles.append(
            {
                "article_id": article_id,
                "source_file": f"{article_id}.txt",  # the articles dataset's key
                "source_row": None,
                "source": outlet,
                "lang": lang,
                "status": "ok",
                "published_at": DAY,
                "event_id": None,
            }
        )
        claim = {"source": outlet, "claim": text.split(",")[0]}
        summaries.append(
            {
                "article_id": article_id,
                "lang": "en",
                "kind": "summary",
                "text": text,
                "lang_detected": "en",
                "claims_json": json.dumps([claim]),
                "parties_json": "[]",
                "figures_json": "[]",
                "needs_review": False,
                "review_reasons": "",
            }
        )
        for target in ("fr", "de"):
            summaries.append(
                {
                    "article_id": article_id,
                    "lang": target,
                    "kind": "translation",
                    "text": f"[{target}] {text}",
                    "needs_review": False,
                    "review_reasons": "",
                }
            )
    return articles, summaries


def _members() -> list[Member]:
    articles, summaries = _rows()
    return members_from_rows(validate("articles", articles), validate("summaries", summaries), "en")


def _options(context_tokens: int = 16000) -> EventOptions:
    return EventOptions(
        "en",
        TARGETS,
        "batch",
        SummaryOptions("en", context_tokens, 4096, 5),
    )


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(responder=event_responder) as server:
        yield server


def _client(fake: FakeOpenAI) -> LLMClient:
    return LLMClient(
        model="fake-model",
        base_url=fake.base_url,
        api_key="sk-test",
        capability=Capability.JSON_SCHEMA,
        max_attempts=2,
    )


def _stage(fake: FakeOpenAI, context_tokens: int = 16000) -> EventStage:
    async def run() -> EventStage:
        client = _client(fake)
        try:
            return await run_event_stage(_members(), client, _options(context_tokens), "run-1")
        finally:
            await client.aclose()

    return asyncio.run(run())


# --------------------------------------------------------------------------------------------


def test_schema_caps_every_list_and_requires_every_field() -> None:
    schema = event_schema(3)
    for name in ("established", "claims_by_party", "differences"):
        assert schema["properties"][name]["maxItems"] == 3
    assert schema["$defs"]["Statement"]["properties"]["sources"]["maxItems"] == 3
    assert set(schema["required"]) == set(EventSummary.model_fields)


def test_small_model_schema_bounds_every_string() -> None:
    schema = event_schema(2, EMBEDDED)
    assert schema["properties"]["summary"]["maxLength"] == 420
    party = schema["$defs"]["PartyClaims"]["properties"]
    assert 0 < party["claims"]["items"]["maxLength"] <= 120
    assert party["claims"]["maxItems"] == EMBEDDED.event_max_items == 1
    assert 0 < schema["$defs"]["Account"]["properties"]["account"]["maxLength"] <= 120
    assert "maxLength" not in event_schema(2)["properties"]["summary"]


@pytest.mark.parametrize("lang", ["en", "de", "ru", "ar", "hy", "zh", "ka"])
def test_small_model_account_fits_the_embedded_output_budget(lang: str) -> None:
    """Every list full and every string at its cap, costed in the answer's dearest language,
    still closes within the embedded server's max_tokens (the 14-source account once did not)."""
    langs = ("en", lang)
    schema = event_schema(2, EMBEDDED, langs=langs)
    assert EMBEDDED.max_output_tokens is not None
    assert schema_max_tokens(schema, langs) <= EMBEDDED.max_output_tokens
    summary_cap = schema["properties"]["summary"]["maxLength"]
    assert summary_cap == min(420, chars_for_tokens(120, langs))


def test_source_labels_number_repeated_outlets() -> None:
    members = [
        Member("a", None, "Meridian Wire", "en", None, None),
        Member("b", None, "Meridian Wire", "en", None, None),
        Member("c", None, None, "fr", None, None),
    ]
    assert source_labels(members) == {
        "a": "Meridian Wire",
        "b": "Meridian Wire (2)",
        "c": "article c",
    }


def test_a_member_parses_its_summary_row_once_and_leniently() -> None:
    (row,) = validate(
        "summaries",
        [
            {
                "article_id": "a",
                "lang": "en",
                "kind": "summary",
                "text": "The rate rose.",
                "claims_json": '[{"source": "Bank", "claim": "Rates rose"}, {"claim": null}, 5]',
                "parties_json": "not JSON",
                "figures_json": None,
            }
        ],
    )
    member = Member("a", None, "Daily", "en", None, row)
    assert member.summary is not None and member.summarised
    assert [(c.source, c.claim) for c in member.summary.claims] == [("Bank", "Rates rose")]
    assert member.summary.parties == [] and member.summary.figures == []
    assert member.grouping_text() == "The rate rose.\nRates rose"
    (blank,) = validate(
        "summaries", [{"article_id": "b", "lang": "en", "kind": "summary", "text": ""}]
    )
    empty = Member("b", None, "Daily", "en", None, blank)
    assert empty.summary is None and not empty.summarised and empty.grouping_text() == ""


def test_small_models_read_the_summaries_alone() -> None:
    member = _members()[0]
    full = source_entry(member, "Capital Markets Daily", 2)
    compact = source_entry(member, "Capital Markets Daily", 2, compact=True)
    assert full["claims"] and set(compact) == {"source", "language", "published", "summary"}
    assert compact["summary"] == full["summary"] and compact["published"] == "2024-03-12"


def test_split_sources_respects_the_budget() -> None:
    entries = [{"source": f"s{i}", "summary": "word " * 200} for i in range(5)]
    groups = split_sources(entries, budget_tokens=600)
    assert [len(g) for g in groups] == [2, 2, 1]
    assert split_sources(entries[:1], budget_tokens=1) == [entries[:1]]  # never empty


def _answer(**changes: Any) -> EventSummary:
    base: dict[str, Any] = {
        "headline": "Norvania raises its main interest rate",
        "summary": "The Bank of Norvania raised its main rate to 4.25%, Capital Markets Daily and "
        "Finanzblatt reported. Trade unions said the decision would weigh on households, "
        "according to L'Écho des marchés. The outlets agree on the size of the increase.",
        "established": [
            {"statement": "The rate rose to 4.25%.", "sources": ["Finanzblatt", "Capital"]}
        ],
        "claims_by_party": [
            {"party": "Trade unions", "claims": ["It hurts"], "sources": ["L'Écho des marchés"]}
        ],
        "differences": [],
    }
    return EventSummary.model_validate({**base, **changes})


SHOWN = "Capital Markets Daily 4.25% 6.8% Finanzblatt L'Écho des marchés"
LABELS = ["Capital Markets Daily", "Finanzblatt", "L'Écho des marchés"]


def test_check_passes_a_grounded_attributed_account() -> None:
    result = check_event_summary(_answer(), SHOWN, LABELS, "en")
    assert result.review_reasons == [] and result.numbers_grounded and result.lang_ok


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"summary": _answer().summary + " Some 3,100 people protested."}, "numbers_ungrounded"),
        (
            {"established": [{"statement": "Rates hit 7.5%.", "sources": ["Finanzblatt"]}]},
            "numbers_ungrounded",
        ),
        (
            {"established": [{"statement": "The rate rose.", "sources": []}]},
            "statements_unattributed",
        ),
        (
            {"established": [{"statement": "The rate rose.", "sources": ["Daily Planet"]}]},
            "sources_unknown",
        ),
        (
            {
                "established": [
                    {"statement": "The occupied region was liberated.", "sources": LABELS}
                ]
            },
            "loaded_terms_unattributed",
        ),
        ({"summary": "Zu kurz auf Deutsch geschrieben, und nicht auf Englisch."}, "wrong_language"),
        (
            {
                "differences": [
                    {"topic": "size", "accounts": [{"source": "Finanzblatt", "account": "x"}]}
                ]
            },
            "statements_unattributed",
        ),
    ],
)
def test_check_flags(changes: dict[str, Any], reason: str) -> None:
    result = check_event_summary(_answer(**changes), SHOWN, LABELS, "en")
    assert reason in result.review_reasons, result.review_reasons


def test_attributed_loaded_term_in_the_summary_is_not_flagged() -> None:
    summary = (
        "Azerbaijan's defence ministry called the operation anti-terrorist measures, Capital "
        "Markets Daily reported. Finanzblatt said the rate rose to 4.25% after the decision."
    )
    result = check_event_summary(_answer(summary=summary), SHOWN, LABELS, "en")
    assert "loaded_terms_unattributed" not in result.review_reasons


def test_stage_groups_summarises_and_translates(fake: FakeOpenAI) -> None:
    stage = _stage(fake)
    events = {row["article_id"]: row["event_id"] for row in stage.link_rows}
    assert events["b-1"] == events["b-2"] == events["b-3"]
    assert events["f-1"] == events["f-2"] != events["b-1"]
    assert events["x-1"] not in (events["b-1"], events["f-1"])
    rows = {(r["event_id"], r["lang"], r["kind"]): r for r in stage.event_rows}
    assert len(rows) == 3 * 3  # three events, each in en + fr + de
    rates = rows[(events["b-1"], "en", "summary")]
    assert rates["method"] == "llm" and rates["status"] == "ok"
    assert rates["n_articles"] == 3 and rates["languages"] == "de,en,fr"
    assert json.loads(rates["established_json"])[0]["sources"] == [
        "Capital Markets Daily",
        "Finanzblatt",
    ]
    assert rates["prompt_name"] == "event_summary" and len(rates["prompt_hash"]) == 16
    # The responder's invented figure is caught.
    assert "numbers_ungrounded" in rates["review_reasons"]
    assert INVENTED_FIGURE in json.loads(rates["review_details"])["numbers_ungrounded"]
    translation = rows[(events["b-1"], "fr", "translation")]
    assert translation["text"].startswith("[fr]") and translation["prompt_name"] == "translate"
    # A single story: the article's own rows, no call.
    phone = rows[(events["x-1"], "en", "summary")]
    assert phone["method"] == "single_article" and phone["n_articles"] == 1
    assert phone["text"] == ARTICLES[-1][3]
    # Two events: one account call and one translation call each.
    assert fake.calls == 4 and stage.stats.calls == 4


def test_stage_map_reduces_when_the_sources_do_not_fit(fake: FakeOpenAI) -> None:
    stage = _stage(fake, context_tokens=3300)  # input budget 256 tokens: two calls or more
    rates = next(r for r in stage.event_rows if r["kind"] == "summary" and r["n_articles"] == 3)
    assert rates["method"] == "map_reduce" and rates["chunks"] >= 2
    assert rates["prompt_name"] == "event_combine"
    assert rates["status"] == "ok"


def test_a_failed_account_is_a_row_not_an_exception() -> None:
    with FakeOpenAI() as fake:
        fake.enqueue(*[Scripted(status=400) for _ in range(4)])
        stage = _stage(fake)
    failed = [r for r in stage.event_rows if r.get("status") == "failed"]
    assert failed and all(r["review_reasons"] == "event_summary_failed" for r in failed)
    assert all("400" in r["error"] for r in failed)
    assert stage.stop_reason is None


def test_quota_stops_the_stage_and_writes_nothing_new() -> None:
    with FakeOpenAI() as fake:
        fake.quota_exhausted = True
        stage = _stage(fake)
    assert stage.stop_reason and "quota" in stage.stop_reason
    assert all(r["method"] == "single_article" for r in stage.event_rows)
    assert len(stage.link_rows) == len(ARTICLES)


def test_a_failed_translation_is_a_typed_row_flagged_for_review() -> None:
    base = base_row("e1", _members()[:2], "run-1", DAY)
    failed = TranslationOutcome(lang="fr", text=None, prompt=None, error="timed out")
    (row,) = event_translation_rows(
        base, [failed], "The rate rose.", "shown", "en", 1, "fake-model"
    )
    assert isinstance(row, EventRow) and row.kind == "translation" and row.status == "failed"
    assert row.error == "timed out" and row.model == "fake-model" and row.prompt_name is None
    review = {name: row[name] for name in REVIEW_COLUMNS}
    assert review == ReviewColumns.unchecked("translation_failed").model_dump()
    assert (row.n_articles, row.languages, row.first_published) == (2, "de,en", DAY)
    with pytest.raises(ValidationError, match="n_article"):
        EventBase(**base.model_dump(), n_article=2)


def test_write_replaces_an_event_whole_and_drops_orphans(tmp_path: Path) -> None:
    now = datetime.now(UTC)

    def row(event_id: str, lang: str, kind: str) -> EventRow:
        data = {"event_id": event_id, "lang": lang, "kind": kind, "run_id": "r", "created_at": now}
        return cast(EventRow, validate("events", [data])[0])

    def link(event_id: str, article_id: str) -> EventArticleRow:
        data = {"event_id": event_id, "article_id": article_id, "grouping": "auto"}
        return cast(EventArticleRow, validate("event_articles", [data])[0])

    day = date(2024, 3, 12)
    first = EventStage(
        event_rows=[
            row("e1", "en", "summary"),
            row("e1", "fr", "translation"),
            row("e2", "en", "summary"),
        ],
        link_rows=[link("e1", "a"), link("e2", "b")],
    )
    write_event_outputs(tmp_path, first, day)
    # Rerun: e1's account failed (no translation any more); b moved into e1, so e2 is gone.
    second = EventStage(
        event_rows=[row("e1", "en", "summary")], link_rows=[link("e1", "a"), link("e1", "b")]
    )
    write_event_outputs(tmp_path, second, day)
    keys = sorted(
        (r["event_id"], r["lang"], r["kind"])
        for r in outputs.read_dataset(tmp_path, "events").to_pylist()
    )
    assert keys == [("e1", "en", "summary")]
    links = outputs.read_dataset(tmp_path, "event_articles").to_pylist()
    assert sorted((r["article_id"], r["event_id"]) for r in links) == [("a", "e1"), ("b", "e1")]


# --------------------------------------------------------------------------------------------
# The flow on the samples


@pytest.mark.usefixtures("prefect_harness")
def test_flow_writes_events_for_the_samples(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from flows.summarize import summarize

    out = tmp_path / "out"
    with FakeOpenAI(responder=event_responder) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("LLM_MODEL", "fake-model")
        monkeypatch.setenv("NEWSUM_PROGRESS", "false")
        run = asyncio.run(summarize(output=str(out)))
        calls = fake.calls
        assert run["llm_calls"] == calls
        rerun = asyncio.run(summarize(output=str(out)))
        assert fake.calls == calls and rerun["llm_calls"] == 0, "events come from the cache too"

    con = duckdb.connect()
    for name in ("events", "event_articles"):
        con.execute(
            f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{out}/{name}/**/*.parquet', "
            "hive_partitioning=true)"
        )
    summaries = dict(
        con.execute(
            "SELECT event_id, n_articles FROM events WHERE kind = 'summary' AND method <> "
            "'single_article'"
        ).fetchall()
    )
    assert summaries["karabakh-2023-09"] >= 17 and summaries["flood-graz-2023-09"] >= 2
    langs = con.execute(
        "SELECT list(lang ORDER BY lang) FROM events WHERE event_id = 'karabakh-2023-09'"
    ).fetchone()
    assert langs is not None and langs[0] == sorted(["en", "fr", "ru", "es", "ar", "zh"])
    assert con.execute(
        "SELECT count(*), count(DISTINCT article_id) FROM event_articles"
    ).fetchone() == (
        21,
        21,
    )
    given = con.execute(
        "SELECT grouping, count(*) FROM event_articles GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert given == [("auto", 10), ("given", 11)]
    assert (
        con.execute(
            "SELECT count(*) FROM events GROUP BY event_id, lang, kind HAVING count(*) > 1"
        ).fetchall()
        == []
    )
    assert (out / "report.html").is_file()


def test_refresh_events_over_an_output_folder(tmp_path: Path) -> None:
    """The event stage alone, for rows other processes wrote (a nightly run's shards)."""
    from newsum.config import load_settings
    from newsum.events.run import refresh_events

    articles, summaries = _rows()
    day = DAY.date()
    outputs.upsert(tmp_path, "articles", articles, day)
    outputs.upsert(tmp_path, "summaries", summaries, day)
    with FakeOpenAI(responder=event_responder) as fake:
        settings = load_settings(
            base_url=fake.base_url,
            api_key="sk-test",
            model="fake-model",
            output=str(tmp_path),
            targets="en,fr,de",
            progress=False,
        )
        stage = asyncio.run(refresh_events(settings))
        assert fake.calls == 4  # two events of several articles: account + translations each
    written = outputs.read_dataset(tmp_path, "events").to_pylist()
    assert len(written) == len(stage.event_rows) == 9
    assert len(outputs.read_dataset(tmp_path, "event_articles")) == len(ARTICLES)
    assert (tmp_path / "report.html").is_file()
