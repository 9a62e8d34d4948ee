"""The checks benchmark (bench/eval_checks.py): its set, its scoring, and one real run.

What is asserted is the mechanics (a good answer is never "caught", an untranslated variant is
caught by today's not_translated check, the counts add up), never the scores."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.eval_checks import (
    FAULT_KINDS,
    PIPELINE_LANG,
    SET_ARTICLES_PREFIX,
    SET_DIR,
    SPLITS,
    SUMMARY_KINDS,
    TRANSLATION_LANGS,
    Answer,
    Outcome,
    SetError,
    Variant,
    load_articles,
    main,
    plan_runs,
    read_set,
    run_benchmark,
    score,
    tally,
)
from tests.support.scripted_openai import Script, ScriptedAnswers


@pytest.fixture(scope="module")
def sets() -> dict[str, list[Variant]]:
    return {split: read_set(SET_DIR / f"{split}.jsonl") for split in SPLITS}


def test_splits_cover_every_fault_kind_on_different_articles(
    sets: dict[str, list[Variant]],
) -> None:
    refs = {split: {v.ref for v in variants} for split, variants in sets.items()}
    assert len(refs["dev"]) >= 10 and len(refs["heldout"]) >= 6 and len(refs["test"]) >= 6
    assert all(
        len(refs[split]) >= 8
        for split in ("final", "final2", "final3", "final4", *SPLITS[8:])  # final6 onwards
    )
    assert len(refs["final5"]) >= 7  # its eighth article was final3's under another id
    for i, first in enumerate(SPLITS):  # no article in two splits: a new split stays unseen
        for second in SPLITS[i + 1 :]:
            assert not refs[first] & refs[second], (first, second)
    for split, variants in sets.items():
        kinds = Counter(v.kind for v in variants)
        assert set(kinds) == {"good", *FAULT_KINDS}, split
        assert kinds["good"] == len(refs[split])
        assert all(v.split == split for v in variants)
        # Translation faults are spread over the targets, not piled on one language.
        langs = Counter(
            v.lang for v in variants if v.kind not in SUMMARY_KINDS and v.kind != "good"
        )
        assert set(langs) == set(TRANSLATION_LANGS), split
    # The measuring splits have enough rows per kind for a share to mean something.
    for split in SPLITS[2:]:  # test onwards
        kinds = Counter(v.kind for v in sets[split])
        assert all(kinds[kind] >= (3 if split == "final5" else 4) for kind in FAULT_KINDS), split


def test_the_sets_own_articles_load_each_from_its_file(
    sets: dict[str, list[Variant]], tmp_path: Path
) -> None:
    # Each written split numbers its articles from a-01: ingested as one folder, a run would
    # hold an id twice and reject the second file's articles.
    refs = {v.ref for vs in sets.values() for v in vs if v.ref.startswith(SET_ARTICLES_PREFIX)}
    assert len({ref.partition("#")[0] for ref in refs}) >= 2
    articles = load_articles(refs, tmp_path / "no-eval.jsonl")
    assert set(articles) == refs
    assert len({a.text for a in articles.values()}) == len(refs)


def test_every_fault_changes_exactly_its_row(sets: dict[str, list[Variant]]) -> None:
    for variants in sets.values():
        goods = {v.ref: v.answer for v in variants if v.kind == "good"}
        for v in variants:
            good = goods[v.ref]
            if v.kind == "good":
                continue
            if v.kind in SUMMARY_KINDS:
                assert v.lang == PIPELINE_LANG and v.answer.summary != good.summary, v.name
                assert v.answer.translations == good.translations, v.name
            else:
                assert v.answer.summary == good.summary, v.name
                changed = [
                    lang
                    for lang in TRANSLATION_LANGS
                    if v.answer.translations[lang] != good.translations[lang]
                ]
                assert changed == [v.lang], v.name


def test_a_fault_that_does_not_apply_is_named_by_file_and_line(tmp_path: Path) -> None:
    good = next(
        line
        for line in (SET_DIR / "dev.jsonl").read_text(encoding="utf-8").splitlines()
        if '"kind": "good"' in line
    )
    ref = json.loads(good)["ref"]
    fault = {
        "split": "dev",
        "ref": ref,
        "variant": "translation_changed_figure-fr",
        "kind": "translation_changed_figure",
        "lang": "fr",
        "edits": [{"from": "no such text", "to": "x"}],
    }
    path = tmp_path / "bad.jsonl"
    path.write_text(good + "\n" + json.dumps(fault) + "\n", encoding="utf-8")
    with pytest.raises(SetError, match=r"bad\.jsonl, line 2: edit text not found"):
        read_set(path)


def test_no_run_holds_an_article_twice(sets: dict[str, list[Variant]]) -> None:
    variants = [v for split in SPLITS for v in sets[split]]
    runs = plan_runs(variants)
    assert sum(len(run) for run in runs) == len(variants)
    for run in runs:
        assert len({v.ref for v in run}) == len(run)
    assert all(v.kind == "good" for v in runs[0])


def _variant(name: str, kind: str, lang: str) -> Variant:
    answer = Answer({"summary": "s"}, dict.fromkeys(TRANSLATION_LANGS, "t"))
    return Variant("dev", "ref", name, kind, lang, answer, "test")


def _row(reasons: str) -> dict[str, object]:
    return {"review_reasons": reasons, "text": "t"}


def test_caught_means_a_reason_the_good_row_lacks() -> None:
    good = Outcome(_variant("good", "good", "en"), "ok")
    good.rows = {("en", "summary"): _row("claim_source_mismatch")}
    good.rows.update({(lang, "translation"): _row("") for lang in TRANSLATION_LANGS})
    same = Outcome(_variant("a", "summary_wrong_party", "en"), "ok")
    same.rows = {("en", "summary"): _row("claim_source_mismatch")}
    new = Outcome(_variant("b", "summary_changed_figure", "en"), "ok")
    new.rows = {("en", "summary"): _row("claim_source_mismatch,numbers_ungrounded")}
    gone = Outcome(_variant("c", "translation_cut_off", "fr"), "failed")
    rows = score([good, same, new, gone])
    scored = {s.variant: s for s in rows}
    assert not scored["a"].caught and scored["a"].flagged
    assert scored["b"].caught and scored["b"].new_reasons == ["numbers_ungrounded"]
    assert not scored["c"].caught and not scored["c"].present
    assert len(rows) == 3 + 6 and not any(s.caught for s in rows if s.kind == "good")
    lines = {line.kind: line for line in tally(rows)}
    assert (lines["good summaries"].n, lines["good summaries"].hits) == (1, 1)
    assert (lines["good translations"].n, lines["good translations"].hits) == (5, 0)
    assert (lines["translation_cut_off"].n, lines["translation_cut_off"].missing) == (1, 1)


def test_scripted_answers_follow_the_article_and_the_summary() -> None:
    answers = ScriptedAnswers()
    summary = {"summary": "Scripted summary.", "claims": [], "parties": [], "figures": []}
    answers.load([Script("First article text.", summary, {"fr": "Résumé.", "ru": "Сводка."})])
    asked = {"messages": [{"role": "user", "content": "<article>First  article\ntext.</article>"}]}
    assert json.loads(answers(asked)) == summary
    batch = {
        "messages": [{"role": "user", "content": "<summary>Scripted summary.</summary>"}],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "t", "schema": {"properties": {"ru": {}, "fr": {}}}},
        },
    }
    assert json.loads(answers(batch)) == {"ru": "Сводка.", "fr": "Résumé."}
    unknown = {"messages": [{"role": "user", "content": "<article>Other text.</article>"}]}
    answers(unknown)  # the fake server's default answer
    assert answers.served == Counter(summary=1, translation=1, unknown_article=1)


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_a_real_run_on_one_sample_article(sets: dict[str, list[Variant]], tmp_path: Path) -> None:
    ref = "samples/articles/wire.jsonl#w-002"
    chosen = [
        v
        for v in sets["dev"]
        if v.ref == ref and v.name in ("good", "translation_untranslated-ar", "summary_wrong_party")
    ]
    assert len(chosen) == 3
    outcomes = run_benchmark(chosen, tmp_path)
    assert len(outcomes) == 3 and all(o.status == "ok" for o in outcomes)
    scored = score(outcomes)
    by_name = {(s.variant, s.lang): s for s in scored}
    untranslated = by_name[("translation_untranslated-ar", "ar")]
    assert untranslated.caught and "not_translated" in untranslated.new_reasons
    goods = [s for s in scored if s.kind == "good"]
    assert len(goods) == 1 + len(TRANSLATION_LANGS) and not any(s.caught for s in goods)
    lines = tally(scored)
    assert sum(line.n for line in lines) == len(scored) == 8
    assert all(line.missing == 0 for line in lines)


def test_keep_into_a_folder_with_an_earlier_run_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An earlier run's rows in --keep would be left as they are and scored again: stale."""
    (tmp_path / "run-00").mkdir()
    assert main(["--split", "dev", "--keep", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
