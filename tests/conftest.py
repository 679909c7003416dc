"""Shared fixtures: no network, a private model cache, small PDFs built on the fly, a fake-embedder config,
a tiny handbook indexed through the CLI; write_rows, a JSONL file of rows."""
from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from rag.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "datasets"

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


def _use_test_cache() -> None:
    """Converted chat models (rag.models: $RAG_MODELS_DIR) and int8 ONNX embedders (rag.embed_onnx:
    $XDG_CACHE_HOME/rag/onnx) go to a folder of the test run's own, removed at exit, never the user's
    ~/.cache/rag. RAG_TEST_CACHE=DIR keeps them in DIR instead, so CI can reuse conversions between
    runs. Hugging Face's own cache stays where it was (HF_HOME is pinned before XDG_CACHE_HOME moves)."""
    base = os.environ.get("RAG_TEST_CACHE")
    if base:
        root = Path(os.path.expanduser(base))
    else:
        _reap_stale_caches(Path(tempfile.gettempdir()))
        root = Path(tempfile.mkdtemp(prefix=f"rag-test-cache-{os.getpid()}-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache")
    os.environ.setdefault("HF_HOME", os.path.expanduser(os.path.join(xdg, "huggingface")))
    os.environ["XDG_CACHE_HOME"] = str(root)  # subprocesses (tests/test_crash.py) inherit it too
    os.environ["RAG_MODELS_DIR"] = str(root / "rag" / "models")


def _reap_stale_caches(tmp: Path, *, hours: float = 2) -> None:
    """A killed test run leaves its cache (a converted 1.5B model is about 4.5 GB) behind, and a machine that
    runs the suite again and again fills up: remove those older than `hours` (longer than CI may run) whose
    process is gone."""
    from rag.models import abandoned

    for folder in tmp.glob("rag-test-cache-*"):
        if abandoned(folder, folder.name.split("-")[3], hours * 3600):
            shutil.rmtree(folder, ignore_errors=True)


_use_test_cache()


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise NetworkBlocked(f"tests must not use the network (attempted {args[1:] or kwargs})")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def cfg(tmp_path) -> Config:
    """Settings for unit tests: the deterministic fake embedder and a private index."""
    return load_config(overrides=["embedder.model=fake", "split.chunk_tokens=24", "split.overlap_tokens=4",
                                  "index.lock_timeout_s=0.5"], index_dir=str(tmp_path / "index"))


def make_pdf(path: Path, pages: list[str], labels: list[str] | None = None, password: str | None = None,
             header: str | None = None) -> Path:
    """Write a PDF with one page per string (lines wrap at ~90 characters), optionally encrypted."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for i, text in enumerate(pages):
        y = 800
        if header:
            c.drawString(50, 820, header)
        for para in text.split("\n"):
            words, line = para.split(), ""
            for w in words:
                if len(line) + len(w) > 90:
                    c.drawString(50, y, line)
                    y -= 14
                    line = ""
                line = f"{line} {w}".strip()
            c.drawString(50, y, line)
            y -= 14
        if header:
            c.drawString(280, 30, f"Page {i + 1}")
        c.showPage()
    c.save()
    if labels or password is not None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(str(path)))
        if labels:
            # labels like ["i", "ii", "1", "2"]: roman front matter then arabic
            roman = sum(1 for lab in labels if not lab.isdigit())
            if roman:
                writer.set_page_label(0, roman - 1, style="/r")
            if roman < len(labels):
                writer.set_page_label(roman, len(labels) - 1, style="/D", start=int(labels[roman]))
        if password is not None:
            writer.encrypt(user_password=password, owner_password="owner-secret", algorithm="AES-128")
        with open(path, "wb") as fh:
            writer.write(fh)
    return path


def quarterly_reports(pdf_factory, body: str = "net revenue was 40 million dollars.") -> None:
    """Acme's three 10-Qs of fiscal 2023 (quarters ended April 1, July 1 and September 30, 2023), files named by
    date, the quarter's number only in their year-to-date columns; and three other companies' annual reports."""
    for name, day, months in [("acme-20230401.pdf", "April 1, 2023", ""), ("acme-20230701.pdf", "July 1, 2023", "Six"),
                              ("acme-20230930.pdf", "September 30, 2023", "Nine")]:
        ytd = f" {months} Months Ended" if months else ""
        pdf_factory(name, [f"Acme Inc. Quarterly report on FORM 10-Q for the quarterly period ended {day}.",
                           f"Three Months Ended{ytd}\n{day.split(',')[0]}, 2023 {body}"])
    for other in ("Bolt", "Volt", "Kolt"):
        pdf_factory(f"{other}.pdf", [f"{other} Inc. annual report.", f"Net revenue and gross margin: {body}"])


@pytest.fixture
def pdf_factory(tmp_path):
    def build(name: str, pages: list[str], **kwargs) -> Path:
        return make_pdf(tmp_path / "docs" / name, pages, **kwargs)

    return build


# The CLI on the fake embedder and generator over a tiny index (tests of rag ask, rag chat, rag eval).
FAKE_CLI = ["--set", "embedder.model=fake", "--set", "generate.model=fake", "--set", "retrieve.min_similarity=-1",
            "--set", "retrieve.k=2", "--set", "split.chunk_tokens=16", "--set", "split.overlap_tokens=4"]


@pytest.fixture
def indexed(tmp_path, pdf_factory) -> str:
    """An index folder holding handbook.pdf, ingested by `rag ingest` with FAKE_CLI: parking permits on
    page 2, tuition refunds on page 4, filler on the others."""
    from click.testing import CliRunner

    from rag.cli import cli

    filler = [f"Chapter {n} overview of student services and general campus information." for n in range(4)]
    pages = [filler[0], "Parking permits cost 90 dollars per semester at the security office.", filler[1],
             "Tuition refunds are granted in full until the end of the second week of term.", filler[2]]
    index = str(tmp_path / "index")
    result = CliRunner().invoke(cli, ["--index", index, *FAKE_CLI, "ingest", str(pdf_factory("handbook.pdf", pages))])
    assert result.exit_code == 0, result.output
    return index


def write_rows(path: Path, rows: list) -> Path:
    """One row a line: a dict as JSON, a string as it is (a malformed line on purpose)."""
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path
