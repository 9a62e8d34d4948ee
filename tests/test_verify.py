"""The optional verifier pass against the loopback fake server, scripted as a verifier."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from newsum.checks import check_summary, check_translation
from newsum.config import Settings
from newsum.llm import CallStats, LLMClient
from newsum.rows import PROMPT_COLUMNS, STAMP_COLUMNS, ArticleRow, SummaryRow
from newsum.summarize import ArticleSummary
from newsum.verify import verify_rows
from tests.support.fake_openai import FakeOpenAI, Scripted
from tests.support.verifier import verifier_responder

ARTICLE = (
    "Azerbaijan's defence ministry said it had begun an operation in Nagorno-Karabakh. An "
    "Armenian human rights group said 27 people were killed and over 200 injured."
)
SUMMARY = (
    "Azerbaijan's defence ministry said it had begun an operation in Nagorno-Karabakh. An "
    "Armenian human rights group said 35 people were killed and over 200 injured."
)
FR = (
    "Le ministère azerbaïdjanais de la Défense a déclaré avoir lancé une opération au "
    "Haut-Karabakh. Un groupe arménien de défense des droits humains a déclaré que 35 personnes "
    "avaient été tuées et plus de 200 blessées."
)
RU = (
    "Министерство обороны Азербайджана заявило о начале операции в Нагорном Карабахе. "
    "Армянская правозащитная группа заявила, что погибли 53 человека и более 200 ранены."
)


def _row(kind: str, lang: str, text: str, review: dict[str, Any]) -> SummaryRow:
    unset = dict.fromkeys(PROMPT_COLUMNS + STAMP_COLUMNS)
    json_columns = dict.fromkeys(("claims_json", "parties_json", "figures_json", "error"))
    return SummaryRow(
        article_id="a1", kind=kind, lang=lang, text=text, **review, **unset, **json_columns
    )


def _rows() -> list[SummaryRow]:
    summary = check_summary(ArticleSummary(summary=SUMMARY), ARTICLE, "en", "en")
    rows = [_row("summary", "en", SUMMARY, summary.columns())]
    for lang, text in (("fr", FR), ("ru", RU)):
        check = check_translation(text, SUMMARY, ARTICLE, lang)
        rows.append(_row("translation", lang, text, check.columns()))
    return rows


def _client(server: FakeOpenAI) -> LLMClient:
    return LLMClient(model="fake-model", base_url=server.base_url, api_key=None, timeout_s=5.0)


def test_findings_become_review_reasons_and_the_call_is_counted() -> None:
    rows, stats = _rows(), CallStats()
    with FakeOpenAI(responder=verifier_responder) as server:
        note = asyncio.run(verify_rows(_client(server), ARTICLE, rows, stats))
        request = server.requests[-1]
    summary, fr, ru = rows
    assert "verifier_unsupported" in summary["review_reasons"].split(",")
    unsupported = json.loads(summary["review_details"])["verifier_unsupported"]
    assert [u["statement"] for u in unsupported] == [SUMMARY.split(". ")[1]]
    assert "verifier_mistranslated" not in fr["review_reasons"]  # faithful to the summary
    assert ru["review_reasons"].split(",")[-1] == "verifier_mistranslated" and ru["needs_review"]
    assert stats.calls == 1 and stats.prompt_tokens > 0 and stats.completion_tokens > 0
    assert note == (
        f"verified ({stats.prompt_tokens} prompt + {stats.completion_tokens} completion tokens)"
    )
    # The texts go to the verifier as delimited data, each translation with its language.
    user = request["messages"][-1]["content"]
    assert f"<article>\n{ARTICLE}\n</article>" in user and '<translation lang="ru">' in user


def test_a_failed_verifier_is_a_note_and_leaves_the_rows_alone() -> None:
    rows, stats = _rows(), CallStats()
    before = [row.as_dict() for row in rows]
    with FakeOpenAI() as server:
        server.enqueue(*[Scripted(content="I cannot answer that.")] * 4)
        note = asyncio.run(verify_rows(_client(server), ARTICLE, rows, stats))
    assert note.startswith("not verified: ")
    assert [row.as_dict() for row in rows] == before


def test_the_setting_is_off_by_default_and_read_from_llm_verify(monkeypatch: Any) -> None:
    assert Settings().verify is False
    monkeypatch.setenv("LLM_VERIFY", "1")
    assert Settings().verify is True


def test_the_article_stage_runs_the_verifier_only_when_asked() -> None:
    from newsum.config import load_settings
    from newsum.endpoint import configured_endpoint
    from newsum.pipeline import Context, article_row, build_client, process_article
    from newsum.pipeline import summary_options as make_summary_options
    from newsum.records import Article

    async def run(verify: bool) -> tuple[ArticleRow, list[SummaryRow], int]:
        with FakeOpenAI(responder=verifier_responder) as fake:
            settings = load_settings(
                base_url=fake.base_url,
                api_key="sk-test",
                model="fake-model",
                use_cache=False,
                progress=False,
                targets="en,fr",
                verify=verify,
            )
            endpoint = configured_endpoint(settings)
            client = build_client(endpoint, settings)
            ctx = Context(settings, client, make_summary_options(endpoint, settings), "batch", "r")
            article = Article(article_id="a1", source_file="wire.jsonl", row=1, text=ARTICLE)
            try:
                result = await process_article(article, ctx)
            finally:
                await client.aclose()
            verify_calls = sum("fact-checking editor" in str(r["messages"]) for r in fake.requests)
        return article_row(result, ctx), result.summary_rows, verify_calls

    row, rows, calls = asyncio.run(run(verify=True))
    assert calls == 1 and row["status"] == "ok", row
    assert "verified (" in (row["notes"] or "") and row["llm_calls"] >= 3
    assert all(r["review_details"] is None or "verifier" not in r["review_details"] for r in rows)
    row, _, calls = asyncio.run(run(verify=False))
    assert calls == 0 and "verified" not in (row["notes"] or "")
