"""`rag ask` and `rag chat` with the fake embedder and fake generator, in-process and through a pty."""
import io
import json
import os
import pty
import select
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.fakes import FakeGenerator
from rag.prompt import DONT_KNOW
from tests.conftest import FAKE_CLI as FAKE, ROOT

CLEAR_LINE = "\x1b[K"  # the terminal's erase-to-end-of-line
# `indexed` (a tiny handbook index) is a fixture of tests/conftest.py, shared with test_evaluate_cli.py


def test_ask_streams_the_answer_then_sources(indexed):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", "When are tuition refunds granted in full?"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert "second week of term" in lines[0] and lines[0].endswith("[1]")
    assert lines[1] == "[1] handbook.pdf p. 4"


@pytest.fixture
def inventing(monkeypatch):
    """The fake model answers every question with its own words: sentences that match no passage."""
    monkeypatch.setattr(FakeGenerator, "_answer", lambda self, prompt: "The college's mascot is a lion.")


@pytest.mark.parametrize("question, reply", [
    ("What is the college mascot?", None),  # the fixture's invention, matching no passage
    ("How much do parking permits cost?", "Parking permits cost 120 dollars per semester [1]."),  # no passage says 120
])
def test_ask_never_prints_an_answer_it_withholds(indexed, inventing, monkeypatch, question, reply):
    if reply:
        monkeypatch.setattr(FakeGenerator, "_answer", lambda self, prompt: reply)
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", question])
    assert result.exit_code == 0, result.output
    assert result.stdout == DONT_KNOW + "\n"
    assert "withheld" in result.stderr


def test_chat_never_prints_an_answer_it_withholds(indexed, inventing):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "chat"], input="What is the college mascot?\nbye\n")
    assert result.exit_code == 0, result.output
    assert f"AI: {DONT_KNOW}\n" in result.stdout and "lion" not in result.stdout
    assert "withheld" in result.stderr


def test_status_line_on_a_terminal_is_gone_before_the_answer(indexed, monkeypatch):
    monkeypatch.setattr("rag.cli.answer._is_terminal", lambda stream: True)
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", "When are tuition refunds granted in full?"])
    assert result.exit_code == 0, result.output
    assert "\rrag: retrieving passages, 0 s" + CLEAR_LINE in result.stderr
    assert "\rrag: reading 2 passage(s) (" in result.stderr and "\rrag: writing the answer (3 tokens)" in result.stderr
    assert result.stderr.endswith("\r" + CLEAR_LINE)
    assert result.output.rindex(CLEAR_LINE) < result.output.index("Tuition refunds are granted")
    assert result.stdout.startswith("Tuition refunds are granted") and "\r" not in result.stdout


def test_no_status_line_in_a_pipe(indexed):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", "When are tuition refunds granted in full?"])
    assert result.exit_code == 0 and result.stderr == ""


def test_status_line_ticks_then_stops_and_clears():
    from rag.cli.answer import StatusLine

    stream = io.StringIO()
    line = StatusLine(stream, tick=0.01)
    line.update("reading 4 passage(s) (1,234 prompt tokens)")
    time.sleep(0.1)
    line.close()
    written = stream.getvalue()
    assert written.count("\rrag: reading 4 passage(s) (1,234 prompt tokens), 0 s" + CLEAR_LINE) >= 3  # redrawn
    assert written.endswith("\r" + CLEAR_LINE) and not line._ticker.is_alive()
    time.sleep(0.05)
    assert stream.getvalue() == written  # nothing after close


def test_ask_json(indexed):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", "How much do parking permits cost?", "--json", "-k", "1"])
    out = json.loads(result.stdout)
    assert set(out) == {"question", "answer", "sources", "grounded", "citations", "passages", "warnings"}
    assert out["sources"] == "handbook.pdf p. 2" and out["citations"][0]["page"] == 2
    [passage] = out["passages"]
    assert passage["used"] and passage["page"] == 2 and passage["ranks"]["bm25"] == 1 and "dense" in passage["ranks"]


def test_ask_explain_lists_every_passage_with_why(indexed):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", "How much do parking permits cost?", "--explain"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    listed = [ln for ln in lines[lines.index(next(ln for ln in lines if ln.startswith("passages"))) + 1:]]
    assert len(listed) == 2  # retrieve.k=2: both passages the model read
    assert listed[0].startswith("  [1] handbook.pdf p. 2: ") and "bm25 #1" in listed[0] and listed[0].endswith("; used")
    assert listed[1].endswith("; not used") and "fused " in listed[1]


@pytest.mark.parametrize("args, message", [
    (["ask", ""], "question is empty"),
    (["ask", "anything", "-k", "0"], "Invalid value"),
])
def test_ask_bad_input(indexed, args, message):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, *args])
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output


def test_ask_without_an_index(tmp_path):
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "none"), *FAKE, "ask", "hi?"])
    assert result.exit_code == 1 and result.stderr.startswith("rag: error: no index at")


def test_chat_through_a_pipe(indexed):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "chat", "-k", "1"],
                                input="How much do parking permits cost?\n\nquit\nnever asked\n")
    assert result.exit_code == 0
    assert result.stdout.count("Human: ") == 3  # the blank line re-prompts; "quit" ends before the last
    assert "AI: Parking permits cost 90 dollars" in result.stdout
    assert "    [1] handbook.pdf p. 2" in result.stdout
    assert "never asked" not in result.stdout


def _read_until(fd, marker: bytes, timeout=60.0) -> bytes:
    out, deadline = b"", time.monotonic() + timeout
    while marker not in out:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"timed out waiting for {marker!r}; got {out[-500:]!r}")
        out += os.read(fd, 4096)
    return out


def test_chat_in_a_terminal(indexed):
    parent, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "rag", "--index", indexed, *FAKE, "chat"], stdin=child,
                            stdout=child, stderr=child, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    os.close(child)
    try:
        _read_until(parent, b"Human: ")
        os.write(parent, b"When are tuition refunds granted in full?\n")
        answer = _read_until(parent, b"Human: ")
        assert b"AI: Tuition refunds are granted in full" in answer and b"[1] handbook.pdf p. 4" in answer
        assert b"\rrag: reading 2 passage(s)" in answer  # the status line, wiped before the answer
        assert answer.rindex(b"\r\x1b[K") < answer.index(b"AI: ")
        os.write(parent, b"and what about parking permits?\n")  # a follow-up
        answer = _read_until(parent, b"Human: ")
        assert b"AI: " in answer
        os.write(parent, b"\x04")  # Ctrl-D
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        os.close(parent)


def test_the_first_models_conversion_is_announced_on_stderr(indexed, monkeypatch):
    """generator_from tells on_status about a conversion (a minute or two); rag ask prints it."""
    import rag.build
    import rag.models

    heard = []
    monkeypatch.setattr(rag.models, "lookup", lambda name: name == "fakey")
    monkeypatch.setattr(rag.models, "resolve_llm", lambda name, on_status=None, **kw: on_status(f"converting {name}"))
    monkeypatch.setattr(rag.build, "make_generator", lambda *a, **kw: FakeGenerator())
    from rag.config import load_config

    rag.build.generator_from(load_config(), "fakey", on_status=heard.append)
    assert heard == ["converting fakey"]

    def announcing(cfg, model=None, adapter=None, on_status=None):
        on_status("converting qwen (only once; a minute or two)")
        return FakeGenerator()

    monkeypatch.setattr("rag.cli.answer.generator_from", announcing)
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", "How much do parking permits cost?"])
    assert result.exit_code == 0, result.output
    assert "rag: converting qwen (only once; a minute or two)" in result.stderr
