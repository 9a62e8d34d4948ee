"""`make eval`'s figures (pure functions) and a smoke run of the runner on our own three rows.

The real eval data stays in ../shared/eval (third-party, research-only); nothing here reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import eval as ev
from tests.support.fake_openai import FakeOpenAI


def test_rouge_on_simple_cases() -> None:
    assert ev.rouge_1("the cat sat", "the cat sat") == 1.0
    assert ev.rouge_l("the cat sat", "the cat sat") == 1.0
    assert ev.rouge_1("dogs bark", "the cat sat") == 0.0
    # 2 of 3 candidate words, 2 of 4 reference words: P 2/3, R 1/2, F 4/7.
    assert ev.rouge_1("the cat ran", "the cat sat down") == pytest.approx(4 / 7)
    # LCS of "a b c d" and "a c b d" is 3.
    assert ev.rouge_l("a b c d", "a c b d") == pytest.approx(0.75)
    assert ev.rouge_1("", "x") == 0.0 and ev.rouge_l("x", "") == 0.0


def test_rouge_clips_repeated_words() -> None:
    assert ev.rouge_1("the the the the", "the cat") == pytest.approx(2 * 0.25 * 0.5 / 0.75)


@pytest.mark.parametrize(
    ("candidate", "reference", "expected"),
    [
        ("Президент заявил", "президент ЗАЯВИЛ", 1.0),  # case-folded Cyrillic
        ("राष्ट्रपति ने कहा", "राष्ट्रपति ने", 0.8),  # Hindi words keep their vowel signs
        ("经济增长", "经济下降", 0.5),  # Chinese per character
        ("東京で地震", "東京の地震", 0.8),  # Japanese per character
        ("Straße", "STRASSE", 1.0),  # case folding, not lower()
    ],
)
def test_rouge_is_multilingual(candidate: str, reference: str, expected: float) -> None:
    assert ev.rouge_1(candidate, reference) == pytest.approx(expected)


def test_lcs_length() -> None:
    assert ev.lcs_length(list("ABCBDAB"), list("BDCABA")) == 4
    assert ev.lcs_length([], ["a"]) == 0


ROWS = [
    {
        "id": "own-en-1",
        "lang": "en",
        "title": "Port strike in Kelmar",
        "text": "About 3,000 dock workers at the port of Kelmar began a 48-hour strike over pay "
        "on Wednesday, the KTU union said. Dozens of ships waited offshore.",
        "reference_summary": "Dock workers in Kelmar began a 48-hour strike over pay.",
        "source": "Harbour Post",
    },
    {
        "id": "own-fr-1",
        "lang": "fr",
        "title": "Incendie à Thessa",
        "text": "Un incendie a contraint 1 200 habitants de trois villages de l'île de Thessa à "
        "évacuer mardi, selon les pompiers. Des bombardiers d'eau sont intervenus.",
        "reference_summary": "Un incendie a forcé 1 200 habitants de Thessa à évacuer.",
        "source": "Méditerranée Info",
    },
    {
        "id": "own-zh-1",
        "lang": "zh-Hans",
        "title": "央行加息",
        "text": "诺瓦尼亚中央银行周二将主要利率上调至4.25%。行长表示不排除进一步加息。",
        "reference_summary": "诺瓦尼亚央行加息至4.25%。",
        "source": "财经日报",
    },
]


def test_read_eval_takes_languages_round_robin(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [ROWS[0], {**ROWS[0], "id": "own-en-2"}, ROWS[1], ROWS[2]]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert [r["id"] for r in ev.read_eval(path, limit=3)] == ["own-en-1", "own-fr-1", "own-zh-1"]
    assert len(ev.read_eval(path)) == 4


def test_inputs_are_written_per_language(tmp_path: Path) -> None:
    paths = ev.write_inputs(ROWS, tmp_path)
    assert sorted(paths) == ["en", "fr", "zh"]
    line = json.loads(paths["zh"].read_text(encoding="utf-8"))
    assert line["lang"] == "zh" and "reference_summary" not in line


def test_ci_refuses_a_remote_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    remote = ev.load_settings(base_url="https://api.example.com/v1", api_key="sk-x", model="m")
    with pytest.raises(SystemExit, match="refusing"):
        ev.refuse_paid_endpoint_on_ci(remote)
    ev.refuse_paid_endpoint_on_ci(ev.load_settings(base_url="http://127.0.0.1:9/v1", api_key="x"))
    ev.refuse_paid_endpoint_on_ci(ev.load_settings())  # the embedded model


@pytest.mark.usefixtures("prefect_harness")
def test_runner_smoke_against_the_fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with FakeOpenAI() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("LLM_MODEL", "fake-model")
        monkeypatch.setenv("NEWSUM_PROGRESS", "false")
        tallies, runs, _ = ev.run_eval(ROWS, tmp_path)
    assert len(runs) == 3  # one run per language
    total = tallies["all"]
    assert total.articles == 3 and total.ok == 3
    assert len(total.rouge1) == 3 and all(0 < r <= 1 for r in total.rouge1)
    # The fake's "summary" is the lead, so its figures are in the article.
    assert total.numbers and total.numbers_grounded == total.numbers
    table = ev.markdown(ev.table_rows(tallies))
    assert table.splitlines()[0].startswith("| lang | articles | ok | ROUGE-1 | ROUGE-L")
    assert "| all | 3 | 3 |" in table
