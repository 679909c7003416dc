"""`rag eval DATA` and `rag eval report DIR` in-process with the fake embedder and generator; the errors."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from rag.cli import cli
from tests.conftest import FAKE_CLI, ROOT, write_rows

FAKE = [*FAKE_CLI, "--set", "eval.bootstrap_samples=200"]  # `indexed`: a fixture of tests/conftest.py


@pytest.fixture
def data(tmp_path):
    rows = [{"question": "How much do parking permits cost per semester?", "answer": "90 dollars per semester.",
             "file": "handbook.pdf", "pages": [2]},
            {"question": "When are tuition refunds granted in full?", "answer": "Until the end of the second week.",
             "page": 4, "key_facts": ["second week"]},
            {"question": "What is in the annex?", "answer": "x", "file": "annex.pdf", "pages": [1]},
            {"question": "Who is the chancellor?", "answer": "", "page": None}]
    return write_rows(tmp_path / "qa.jsonl", rows)


def test_eval_writes_a_run_and_report_rerenders_it(indexed, data, tmp_path):
    out = tmp_path / "run"
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "eval", str(data), "--modes", "closed-book,rag",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 question(s) skipped, their documents are not in the index: annex.pdf" in result.stderr
    assert "rag: eval closed-book: 3/3 questions" in result.stderr and "rag: eval rag: 3/3 questions" in result.stderr
    assert result.stdout.startswith("On 3 questions, rag answers best: 100% correct")
    assert {p.name for p in out.iterdir()} == {"results.json", "answers.jsonl", "report.md", "report.html"}
    results = json.loads((out / "results.json").read_text())
    assert results["settings"]["modes"] == ["closed-book", "rag"] and results["skipped"][0]["files"] == ["annex.pdf"]
    (out / "report.html").unlink()
    again = CliRunner().invoke(cli, ["eval", "report", str(out)])
    assert again.exit_code == 0, again.output
    assert (out / "report.html").exists() and str(out / "report.html") in again.stdout


def test_eval_json_and_default_folder(indexed, data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["--index", indexed, *FAKE, "eval", str(data), "--modes", "rag", "--limit", "2", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    results = json.loads(result.stdout)
    assert results["questions"] == 2 and list(results["modes"]) == ["rag"]
    runs = list((tmp_path / "runs").iterdir())
    assert len(runs) == 1 and runs[0].name.endswith("-qa")
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "runs").iterdir())[1].endswith("-qa-2")  # a second run, beside


@pytest.mark.parametrize("args, message", [
    (["eval", "missing.jsonl"], "evaluation data missing.jsonl not found"),
    (["eval", "DATA", "--modes", "rag,open-book"], "unknown mode 'open-book'; modes are closed-book, rag, lora, lora+rag"),
    (["eval", "DATA", "--modes", "closed-book,lora"], "mode lora needs --adapter NAME"),
    (["eval", "BAD"], 'bad rows: line 2: no "answer" text'),
    (["eval", "report", "nowhere"], "nowhere is not an evaluation run: results.json is missing"),
])
def test_eval_errors_are_one_line(tmp_path, monkeypatch, data, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.jsonl").write_text('{"question": "a?", "answer": "b"}\n{"question": "c?"}\n')
    args = [{"DATA": str(data), "BAD": "bad.jsonl"}.get(a, a) for a in args]
    result = CliRunner().invoke(cli, ["--set", "embedder.model=fake", "--index", str(tmp_path / "none"), *args])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rag: error: ") and message in lines[0], result.stderr


def test_rag_modes_need_an_index(tmp_path, data):
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "none"), *FAKE, "eval", str(data)])
    assert result.exit_code != 0 and "no index at" in result.stderr


def test_eval_help_and_light_import():
    result = CliRunner().invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0 and "rag eval report" in result.output
    assert "eval" in CliRunner().invoke(cli, ["--help"]).output
    code = "import sys, rag.cli; print([m for m in ('matplotlib', 'torch', 'rag.evaluate.run', 'rag.evaluate.metrics') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
