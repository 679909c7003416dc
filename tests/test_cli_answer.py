"""`rag ask` and `rag chat` with the fake embedder and fake generator, in-process and through a pty."""
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
from tests.conftest import ROOT

FAKE = ["--set", "embedder.model=fake", "--set", "generate.model=fake", "--set", "retrieve.min_similarity=-1",
        "--set", "retrieve.k=2", "--set", "split.chunk_tokens=16", "--set", "split.overlap_tokens=4"]


@pytest.fixture
def indexed(tmp_path, pdf_factory):
    filler = [f"Chapter {n} overview of student services and general campus information." for n in range(4)]
    pages = [filler[0], "Parking permits cost 90 dollars per semester at the security office.", filler[1],
             "Tuition refunds are granted in full until the end of the second week of term.", filler[2]]
    index = str(tmp_path / "index")
    path = pdf_factory("handbook.pdf", pages)
    result = CliRunner().invoke(cli, ["--index", index, *FAKE, "ingest", str(path)])
    assert result.exit_code == 0, result.output
    return index


def test_ask_streams_the_answer_then_sources(indexed):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", "When are tuition refunds granted in full?"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert "second week of term" in lines[0] and lines[0].endswith("[1]")
    assert lines[1] == "[1] handbook.pdf p. 4"


def test_ask_json(indexed):
    result = CliRunner().invoke(cli, ["--index", indexed, *FAKE, "ask", "How much do parking permits cost?", "--json", "-k", "1"])
    out = json.loads(result.stdout)
    assert set(out) == {"question", "answer", "sources", "citations"}
    assert out["sources"] == "handbook.pdf p. 2" and out["citations"][0]["page"] == 2


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
        os.write(parent, b"and what about parking permits?\n")  # a follow-up
        answer = _read_until(parent, b"Human: ")
        assert b"AI: " in answer
        os.write(parent, b"\x04")  # Ctrl-D
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        os.close(parent)
