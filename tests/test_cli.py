"""The CLI, run in-process with CliRunner against the fake embedder."""
import json

import pytest
from click.testing import CliRunner

from rag.cli import cli

REFUND = "Tuition refunds are granted in full until the end of the second week of term."
PARKING = "Parking permits cost 90 dollars per semester and are sold at the campus security office."


@pytest.fixture
def run(tmp_path):
    def invoke(*args):
        base = ["--index", str(tmp_path / "index"), "--set", "embedder.model=fake",
                "--set", "split.chunk_tokens=24", "--set", "split.overlap_tokens=4", "--set", "index.lock_timeout_s=0.2"]
        return CliRunner().invoke(cli, base + list(args), catch_exceptions=False)
    return invoke


def test_ingest_list_search_remove(run, pdf_factory):
    path = pdf_factory("handbook.pdf", [PARKING, REFUND])
    result = run("ingest", str(path))
    assert result.exit_code == 0, result.output
    assert "1 added (2 pages, 2 chunks)" in result.stdout
    again = run("ingest", str(path))
    assert "1 unchanged" in again.stdout
    listing = run("list")
    assert "handbook.pdf" in listing.stdout and "1 document(s), 2 chunks" in listing.stdout
    found = run("search", "when are refunds granted", "-k", "1")
    assert found.stdout.startswith("[1] handbook.pdf p. 2  score")
    hits = json.loads(run("search", "parking permit price", "--json").stdout)
    assert hits[0]["page_start"] == 1 and hits[0]["file"] == "handbook.pdf"
    removed = run("remove", "handbook.pdf")
    assert "removed handbook.pdf (2 chunks)" in removed.stdout
    assert "the index is empty" in run("list").stdout


def test_json_summary(run, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND])
    out = json.loads(run("ingest", str(path), "--json").stdout)
    assert out["counts"]["added"] == 1
    assert out["files"][0]["chunks"] == 1 and out["files"][0]["status"] == "added"


def test_bad_file_gets_one_line_and_nonzero_exit(run, pdf_factory, tmp_path):
    pdf_factory("good.pdf", [REFUND])
    (tmp_path / "docs" / "broken.pdf").write_bytes(b"not a pdf")
    locked = pdf_factory("locked.pdf", [PARKING], password="pw")
    result = run("ingest", str(tmp_path / "docs"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(ln.startswith("rag: failed: ") for ln in lines)
    assert "broken.pdf: not a PDF" in result.stderr and "locked.pdf: PDF is password-protected" in result.stderr
    assert "1 added, 2 failed" in result.stdout
    assert "Traceback" not in result.output
    ok = run("ingest", str(locked), "--password", "pw")
    assert ok.exit_code == 0 and "1 added" in ok.stdout


@pytest.mark.parametrize("args, message, code", [
    (["search", "anything"], "no index at", 1),
    (["list"], "no index at", 1),
    (["--set", "split.chunk_tokens=x", "list"], "must be a number", 2),
    (["--config", "/nonexistent.yaml", "list"], "config file /nonexistent.yaml not found", 2),
])
def test_user_errors_are_one_line(run, args, message, code):
    result = run(*args)
    assert result.exit_code == code
    assert result.stderr.startswith("rag: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_path_and_empty_query(run, pdf_factory, tmp_path):
    result = run("ingest", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 1 and "nope.pdf: no such file or folder" in result.stderr
    run("ingest", str(pdf_factory("a.pdf", [REFUND])))
    empty = run("search", "  ")
    assert empty.exit_code == 1 and "query is empty" in empty.stderr


def test_remove_unknown_document(run, pdf_factory):
    run("ingest", str(pdf_factory("a.pdf", [REFUND])))
    result = run("remove", "other.pdf")
    assert result.exit_code == 1 and "other.pdf is not in the index" in result.stderr


def test_help_has_examples():
    for args in ([], ["ingest"], ["search"], ["list"], ["remove"]):
        out = CliRunner().invoke(cli, args + ["--help"]).output
        assert "Examples:" in out, args


EVIL = "evil\x1b[2J\x1b]0;owned\x07\nrag: failed: forged"


def test_names_reach_the_terminal_escaped(run, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / f"{EVIL}.md").write_text(REFUND)
    (docs / f"{EVIL}.pdf").write_bytes(b"not a pdf")
    result = run("ingest", str(docs))
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("rag: failed: ") and "evil\\x1b[2J\\x1b]0;owned\\x07\\x0arag: failed: forged.pdf" in line
    listing = run("list").stdout
    found = run("search", "tuition refunds").stdout
    for out in (listing, found):
        assert "\x1b" not in out and "\x07" not in out and "evil\\x1b[2J" in out
    assert not any(ln.startswith("rag: failed: forged") for ln in listing.splitlines() + found.splitlines())
    assert json.loads(run("list", "--json").stdout)[0]["name"] == f"{EVIL}.md"


def test_progress_bar_escapes_the_name(capsys):
    from rag.cli_ingest import _ProgressBar
    from rag.indexing import Progress

    bar = _ProgressBar()
    bar.update(Progress(0, 2, 0, 0, "a\x1b]0;owned\x07.pdf"))
    assert "\x1b" not in bar._bar.postfix and "a\\x1b]0;owned" in bar._bar.postfix
    bar.close()


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: p.write_bytes(b"split:\n  chunk_tokens: 12\xff\n"), "is not UTF-8 text"),
])
def test_bad_config_file_is_one_line(run, tmp_path, make, message):
    path = tmp_path / "settings.yaml"
    make(path)
    result = run("--config", str(path), "list")
    assert result.exit_code == 2 and result.stderr.startswith("rag: error: config file") and message in result.stderr
