"""The CLI, run in-process with CliRunner against the fake embedder (and as a subprocess for signals)."""
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from rag.cli import cli
from tests.conftest import make_pdf
from tests.test_crash import _children

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
        assert "\x1b" not in out and "\x07" not in out and "owned\\x07\\x0arag: failed: forged.md" in out
    assert not any(ln.startswith("rag: failed: forged") for ln in listing.splitlines() + found.splitlines())
    assert json.loads(run("list", "--json").stdout)[0]["name"] == f"{EVIL}.md"


def test_progress_bar_escapes_the_name(capsys):
    from rag.cli.ingest import _ProgressBar
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
def test_index_that_is_a_file_is_one_line(run, tmp_path, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND])
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("hello")
    for args in (["ingest", str(path)], ["list"], ["ask", "anything?"], ["search", "x"]):
        result = run("--index", str(not_a_folder), *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr == f"rag: error: --index {not_a_folder} is a file, not a folder; pass a folder\n"


def test_ctrl_c_during_ask_says_interrupted_only(run, pdf_factory, monkeypatch):
    from rag.cli import answer as cli_answer

    run("ingest", str(pdf_factory("a.pdf", [REFUND])))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_answer.Session, "ask", interrupted)
    result = run("ask", "When are refunds granted?", "--model", "fake")
    assert result.exit_code == 130 and result.stderr == "rag: interrupted\n"


def test_same_name_in_two_folders(run, tmp_path):
    for folder in ("hr", "it"):
        make_pdf(tmp_path / "docs" / folder / "handbook.pdf", [f"{folder} {REFUND}"])
    run("ingest", str(tmp_path / "docs"))
    rows = run("list").stdout.splitlines()[1:3]
    assert rows[0].startswith("hr/handbook.pdf ") and rows[1].startswith("it/handbook.pdf "), rows
    ambiguous = run("remove", "handbook.pdf")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == ("rag: error: handbook.pdf is ambiguous; pass one of: "
                                f"{tmp_path / 'docs/hr/handbook.pdf'}, {tmp_path / 'docs/it/handbook.pdf'}\n")
    assert run("remove", "it/handbook.pdf").exit_code == 0
    assert run("list").stdout.splitlines()[1].startswith("handbook.pdf ")  # unique again: the name alone


def test_global_options_work_after_the_subcommand(tmp_path, pdf_factory):
    path, index = pdf_factory("a.pdf", [REFUND]), tmp_path / "late-index"
    late = ["--index", str(index), "--set", "embedder.model=fake", "--set", "split.chunk_tokens=24",
            "--set", "split.overlap_tokens=4"]
    result = CliRunner().invoke(cli, ["ingest", str(path), *late])
    assert result.exit_code == 0, result.output
    assert index.is_dir()
    listing = CliRunner().invoke(cli, ["--index", str(tmp_path / "elsewhere"), "list", "--index", str(index)])
    assert "1 document(s)" in listing.stdout  # after the subcommand wins
    config = tmp_path / "c.yaml"
    config.write_text("search:\n  k: 1\n")
    hits = CliRunner().invoke(cli, ["--set", "search.k=3", "search", "refund", "--json", "--config", str(config),
                                    "--index", str(index), "--set", "embedder.model=fake"])
    assert hits.exit_code == 0, hits.output  # --set before and after merge; both override --config
    assert len(json.loads(hits.stdout)) == 1  # the index has one chunk; k=3 asks for up to 3


def test_folder_with_no_supported_files_is_an_error(run, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("a.xyz", "b.xyz", "c.csv"):
        (folder / name).write_text("x")
    result = run("ingest", str(folder))
    assert result.exit_code == 1
    assert f"rag: failed: {folder}: no supported files in this folder (skipped 3 file(s): .csv, .xyz)" \
        in result.stderr
    assert "nothing to do" not in result.stdout


def test_sync_of_an_emptied_folder_is_not_an_error(run, tmp_path, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND])
    run("ingest", str(path.parent))
    path.unlink()
    result = run("ingest", str(path.parent), "--sync")
    assert result.exit_code == 0 and "1 removed" in result.stdout


def test_missing_model_or_adapter_folder_is_named(run, pdf_factory):
    run("ingest", str(pdf_factory("a.pdf", [REFUND])))
    result = run("ask", "When?", "--model", "/no/such/folder")
    assert result.exit_code == 1 and result.stderr == "rag: error: model folder /no/such/folder does not exist\n"
    result = run("ask", "When?", "--model", "fake", "--adapter", "./no/such/adapter")
    assert result.stderr == "rag: error: adapter folder ./no/such/adapter does not exist\n"


def test_no_pointer_to_a_command_that_does_not_exist():
    from tests.conftest import ROOT

    texts = [CliRunner().invoke(cli, args + ["--help"]).output for args in (["ask"], ["chat"])]
    texts.append((ROOT / "configs" / "default.yaml").read_text())
    for text in texts:
        for name in re.findall(r"(?m)(?:^\s*|[`(])rag ([a-z]+)", text):  # commands, not "# rag settings"
            assert name in cli.commands, f"'rag {name}' is named but is no command"


def test_json_output_is_unescaped_utf8(run, tmp_path):
    doc = tmp_path / "docs" / "Größe café.md"
    doc.parent.mkdir()
    doc.write_text("Die Größe des Cafés: zwölf Tische, geöffnet bis achtzehn Uhr an allen Werktagen.")
    ingested = run("ingest", str(doc), "--json")
    listed = run("list", "--json")
    found = run("search", "Größe", "--json")
    for out in (ingested.stdout, listed.stdout, found.stdout):
        assert "Größe" in out and "\\u00" not in out


# `rag` with an embedder slowed down to a real one's pace, so that the readers also sit idle waiting for work
SLOW_RAG = ("import sys, time; from rag import fakes; fast = fakes.FakeEmbedder.encode; "
            "fakes.FakeEmbedder.encode = lambda self, texts: (time.sleep(0.2), fast(self, texts))[1]; "
            "from rag.cli import main; sys.argv[0] = 'rag'; main()")


@pytest.mark.parametrize("signum, delay", [(signal.SIGINT, 0.3), (signal.SIGINT, 1.5), (signal.SIGTERM, 1.5)])
def test_interrupted_folder_ingest_prints_one_line(tmp_path, signum, delay):
    """A real `rag ingest` of a folder (reader processes), stopped like a terminal's Ctrl-C (SIGINT to the
    whole process group) while the readers start (0.3 s) or work, or like `kill` (SIGTERM to rag alone):
    one line, no reader traceback, no leaked semaphores."""
    for i in range(12):
        make_pdf(tmp_path / "docs" / f"doc{i:02d}.pdf", [f"Document {i} page {p}. {REFUND} {PARKING}" * 3
                                                          for p in range(20)])
    cmd = [sys.executable, "-c", SLOW_RAG, "--index", str(tmp_path / "index"), "--set", "embedder.model=fake",
           "--set", "load.reader=process", "--set", "load.readers=2", "ingest", str(tmp_path / "docs")]
    # like a terminal's rag: Ctrl-C not ignored (a shell's background job, e.g. a CI runner started with &,
    # ignores SIGINT, and its children inherit that; Python then never raises KeyboardInterrupt)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 30
    while len(_children(proc.pid)) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the resource tracker and two readers (just spawned: still importing)
    time.sleep(delay)
    assert proc.poll() is None, "ingest finished before the signal; the test did not test anything"
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    word = "interrupted" if signum == signal.SIGINT else "terminated"
    assert err.strip().splitlines() == [f"rag: {word}; documents finished so far are kept"], err
    assert proc.returncode == 128 + signum
