"""The optional verifier pass (LLM_VERIFY=1): one more structured call per article.

A second reading by the model, in the style of QA/NLI factual-consistency checks (SummaC, QAGS,
FActScore): it lists the summary statements the article does not support and the translation
segments whose meaning differs from the summary. What it lists becomes review reasons of their
own on the rows (`verifier_unsupported`, `verifier_mistranslated`), next to the string checks'
reasons; its tokens count in the article's row. A failed verifier call is a note, not a failed
article: the summary and translations stand without it.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from newsum.errors import LLMError, PipelineError
from newsum.llm import CallStats, LLMClient
from newsum.prompts import as_data, load_prompt
from newsum.rows import SummaryRow


class Unsupported(BaseModel):
    statement: str = Field(description="The summary statement, quoted exactly")
    why: str = Field(description="What the article says instead, briefly")


class Mistranslated(BaseModel):
    lang: str = Field(description="ISO 639-1 code of the translation")
    segment: str = Field(description="The translation's segment, quoted exactly")
    why: str = Field(description="How its meaning differs from the summary, briefly")


class Verdict(BaseModel):
    unsupported: list[Unsupported] = Field(default_factory=list, max_length=20)
    mistranslated: list[Mistranslated] = Field(default_factory=list, max_length=40)


def _translations_block(translations: dict[str, str]) -> str:
    return "\n\n".join(
        f'<translation lang="{lang}">\n{as_data(text, "translation")}\n</translation>'
        for lang, text in translations.items()
    )


async def verify(
    client: LLMClient,
    article_text: str,
    summary_text: str,
    translations: dict[str, str],
    stats: CallStats,
    max_tokens: int = 800,
) -> Verdict:
    prompt = load_prompt("verify").render(
        article=as_data(article_text, "article"),
        summary=as_data(summary_text, "summary"),
        translations=_translations_block(translations),
    )
    return await client.structured(prompt, Verdict, max_tokens=max_tokens, stats=stats)


def apply_verdict(rows: Sequence[SummaryRow], verdict: Verdict) -> None:
    """The verifier's findings as review reasons on the summary row and each translation row."""
    for row in rows:
        if row.kind == "summary" and verdict.unsupported:
            row.flag("verifier_unsupported", [u.model_dump() for u in verdict.unsupported])
        elif row.kind == "translation":
            found = [m for m in verdict.mistranslated if m.lang.strip().lower() == row.lang]
            if found:
                row.flag(
                    "verifier_mistranslated",
                    [{"segment": m.segment, "why": m.why} for m in found],
                )


async def verify_rows(
    client: LLMClient, article_text: str, rows: Sequence[SummaryRow], stats: CallStats
) -> str:
    """Verify one article's rows in place; returns a note for the article row (its cost, or
    why it could not be verified)."""
    summary = next((r.text for r in rows if r.kind == "summary"), None)
    if not summary:
        return "not verified: no summary"
    translations = {r.lang: r.text for r in rows if r.kind == "translation" and r.text}
    call = CallStats()
    try:
        verdict = await verify(client, article_text, summary, translations, call)
    except (LLMError, PipelineError) as exc:
        return f"not verified: {client.redact(str(exc))}"
    finally:
        stats.add(call)
    apply_verdict(rows, verdict)
    return f"verified ({call.prompt_tokens} prompt + {call.completion_tokens} completion tokens)"
