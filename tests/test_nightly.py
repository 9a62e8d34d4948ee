"""The nightly flow in-process (temporary Prefect API) against loopback LLM and news servers."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows import nightly as nightly_module
from flows.nightly import nightly
from flows.settings import NightlySettings
from newsum import outputs
from newsum.errors import PipelineError
from tests.conftest import SAMPLES
from tests.support.fake_openai import FakeOpenAI
from tests.support.feeds import NewsSite

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-nightly")
        monkeypatch.setenv("LLM_MODEL", "fake-model")
        monkeypatch.setenv("NEWSUM_PROGRESS", "false")
        yield server


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite() as server:
        yield server


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    shutil.copytree(SAMPLES, folder)
    return folder


def run(inbox: Path, out: Path, feeds: list[str] | None = None, **kw: Any) -> dict[str, Any]:
    return asyncio.run(
        nightly(inbox=str(inbox), feeds=feeds, output=str(out), targets="en,fr", **kw)
    )


def articles(out: Path) -> list[dict[str, Any]]:
    return outputs.read_dataset(out, "articles").to_pylist()


def test_new_input_then_nothing_new(
    endpoint: FakeOpenAI, site: NewsSite, inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run(inbox, out, [site.rss, site.atom])
    assert first["status"] == "done" and first["new_files"] == 8 and first["new_entries"] == 6
    rows = articles(out)
    assert len(rows) == first["articles"] == 25 + 6
    from_feeds = {(r["source_row"], r["status"]) for r in rows if r["source_file"] == site.rss}
    assert from_feeds == {(1, "ok"), (2, "rejected"), (3, "rejected")}
    # The Atom feed's two sample pages are also in the inbox: recorded as duplicates.
    atom = sorted((r["source_row"], r["status"]) for r in rows if r["source_file"] == site.atom)
    assert atom == [(1, "duplicate"), (2, "rejected"), (3, "duplicate")]
    errors = [r["error"] for r in rows if r["source_file"] in (site.rss, site.atom)]
    assert any(e and "HTTP 500" in e for e in errors)
    assert any(e and "no link to the article page" in e for e in errors)
    calls = endpoint.calls
    assert calls > 0

    second = run(inbox, out, [site.rss, site.atom])
    assert endpoint.calls == calls, "no new input: no LLM call"
    # The 500 page is retried every night until it answers; it is the only thing taken.
    assert second["articles"] == 1 and second["rejected"] == 1

    site.route("/pages/broken.html", 404, "text/plain", b"gone for good")
    third = run(inbox, out, [site.rss, site.atom])
    assert third["articles"] == 1  # recorded once more, now as a permanent failure
    fourth = run(inbox, out, [site.rss, site.atom])
    assert fourth["status"] == "nothing new" and fourth["articles"] == 0
    assert endpoint.calls == calls
    runs = outputs.read_dataset(out, "runs").to_pylist()
    assert sorted(r["articles"] for r in runs) == [0, 1, 1, 31]


def test_next_night_takes_only_the_new_story(
    endpoint: FakeOpenAI, inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(inbox, out)
    calls = endpoint.calls
    (inbox / "night-2").mkdir()
    shutil.copy(inbox / "karadeniz-postasi_2023-09-26.txt", inbox / "night-2" / "repost.txt")
    (inbox / "night-2" / "new.jsonl").write_text(
        '{"id": "n-1", "title": "Bridge reopens", "text": "The Radetzky bridge in Graz '
        "reopened on Tuesday after repairs, the city said. Traffic will be limited to buses "
        'and cyclists until Friday, a spokesperson said."}\n',
        encoding="utf-8",
    )
    result = run(inbox, out)
    assert result["new_files"] == 2 and result["skipped"] == 1
    assert result["articles"] == 1 and result["ok"] == 1
    assert result["status"] == "done" and endpoint.calls > calls
    this_run = [r for r in articles(out) if r["run_id"] == result["run_id"]]
    assert [(r["article_id"], r["status"]) for r in this_run] == [("n-1", "ok")]
    assert 0 < this_run[0]["llm_calls"] <= 2  # summary, translations
    summaries = outputs.read_dataset(out, "summaries").to_pylist()
    assert {r["article_id"] for r in summaries if r["run_id"] == result["run_id"]} == {"n-1"}
    assert run(inbox, out)["status"] == "nothing new"


def test_a_crashed_night_is_taken_again(
    endpoint: FakeOpenAI, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"

    async def crash(*args: object, **kwargs: object) -> dict[str, Any]:
        raise RuntimeError("worker lost")

    monkeypatch.setattr(nightly_module, "run_articles", crash)
    with pytest.raises(RuntimeError, match="worker lost"):
        run(inbox, out)
    monkeypatch.undo()
    monkeypatch.setenv("OPENAI_BASE_URL", endpoint.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-nightly")
    monkeypatch.setenv("LLM_MODEL", "fake-model")
    assert run(inbox, out)["articles"] == 25


def test_shards_need_a_deployment(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="needs a run of a deployment"):
        run(tmp_path, tmp_path / "out", shards=2)


def test_serve_parameters_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSUM_NIGHTLY_INBOX", "/data/inbox")
    monkeypatch.setenv("NEWSUM_NIGHTLY_FEEDS", "http://a/rss, http://b/atom")
    monkeypatch.setenv("NEWSUM_NIGHTLY_TARGETS", "en,de")
    monkeypatch.setenv("NEWSUM_NIGHTLY_OUTPUT", "/data/out")
    monkeypatch.setenv("NEWSUM_NIGHTLY_BATCH", "1")
    assert NightlySettings().parameters() == {
        "inbox": "/data/inbox",
        "feeds": "http://a/rss, http://b/atom",
        "output": "/data/out",
        "targets": "en,de",
        "batch": True,
    }


def test_nightly_settings_reach_make_as_shell_exports(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`make deploy`/`make worker` eval these lines: the defaults live in one place."""
    import subprocess

    monkeypatch.setenv("NEWSUM_NIGHTLY_CRON", "15 4 * * 1-5")
    monkeypatch.setenv("NEWSUM_NIGHTLY_FEEDS", "http://a/rss it's")
    script = NightlySettings().shell_exports() + '\nprintf "%s|%s|%s" "$NEWSUM_NIGHTLY_CRON" '
    script += '"$NEWSUM_NIGHTLY_FEEDS" "$NEWSUM_NIGHTLY_POOL"'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == "15 4 * * 1-5|http://a/rss it's|newsum-process"


def test_a_shard_takes_its_share_of_the_endpoint_concurrency(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two shards side by side put LLM_CONCURRENCY calls on the endpoint, not twice that."""
    with FakeOpenAI(latency=0.3) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-nightly")
        monkeypatch.setenv("LLM_MODEL", "fake-model")
        monkeypatch.setenv("NEWSUM_PROGRESS", "false")
        monkeypatch.setenv("LLM_CONCURRENCY", "4")
        result = run(inbox, tmp_path / "out", shard="0/2")
        assert result["ok"] >= 6, "enough articles to fill 4 slots"
        assert server.max_in_flight == 2


def test_a_night_with_batch_goes_through_the_batch_api(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nightly parameter `batch` (NEWSUM_NIGHTLY_BATCH at deploy) puts the night's calls
    through the endpoint's Batch API; the night's rows are the same."""
    with FakeOpenAI(batch_delay=0.1) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-nightly")
        monkeypatch.setenv("LLM_MODEL", "fake-model")
        monkeypatch.setenv("NEWSUM_PROGRESS", "false")
        monkeypatch.setenv("LLM_BATCH_MIN", "2")
        # Status checks every 0.05 s, not the default 5 s (four batches, each 0.1 s long).
        monkeypatch.setenv("NEWSUM_BATCH_POLL_S", "0.05")
        result = run(inbox, tmp_path / "out", batch=True)
        assert result["status"] == "done" and result["ok"] >= 6
        assert result["batch_ids"] and server.batch.creates >= 2  # summaries, then translations
        assert result["batch_calls"] >= 0.9 * result["llm_calls"]
        assert result["batch_calls"] + result["sync_calls"] == result["llm_calls"]


def test_an_adaptive_shard_learns_under_its_share_of_the_ceiling(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LLM_CONCURRENCY unset: the limit is learnt, and each of 2 shards stays under half of
    LLM_CONCURRENCY_MAX (the runs row records what this shard reached)."""
    with FakeOpenAI(latency=0.3) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-nightly")
        monkeypatch.setenv("LLM_MODEL", "fake-model")
        monkeypatch.setenv("NEWSUM_PROGRESS", "false")
        monkeypatch.delenv("LLM_CONCURRENCY", raising=False)
        monkeypatch.setenv("LLM_CONCURRENCY_MAX", "6")
        result = run(inbox, tmp_path / "out", shard="0/2")
        assert result["ok"] >= 4, "enough articles to fill 3 slots"
        assert server.max_in_flight == 3
        assert result["llm_concurrency"] == 3


def test_serve_has_the_night_limited_to_one_run_and_the_shards_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`make serve` registers what prefect.yaml does (tests/test_nightly_server.py runs that)."""
    import prefect

    served: list[Any] = []
    monkeypatch.setattr(prefect, "serve", lambda *deployments: served.extend(deployments))
    monkeypatch.setenv("NEWSUM_NIGHTLY_CRON", "30 3 * * *")
    nightly_module.serve()
    night, shards = served
    assert (night.name, night.concurrency_limit) == ("nightly", 1)
    assert night.concurrency_options.collision_strategy.value == "ENQUEUE"
    assert [s.schedule.cron for s in night.schedules] == ["30 3 * * *"]
    assert (shards.name, shards.concurrency_limit, shards.schedules) == ("nightly-shard", None, [])
