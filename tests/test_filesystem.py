"""Odd file systems: names that aren't UTF-8, folders we may not enter, symlinked folders, unreadable files.

Permissions don't bind root, so those tests run their ingest in a subprocess as an unprivileged user.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from rag.fakes import FakeEmbedder
from rag.index import Index
from rag.indexing import discover, ingest
from tests.conftest import ROOT

REFUND = "Tuition refunds are granted in full until the end of the second week of term."
PARKING = "Parking permits cost 90 dollars per semester and are sold at the campus security office."


@pytest.fixture
def shared_dir():
    """A folder an unprivileged user can reach and write (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="rag-fs-", dir="/tmp"))
    folder.chmod(0o777)
    yield folder
    for sub in folder.rglob("*"):
        if sub.is_dir() and not sub.is_symlink():
            sub.chmod(0o755)
    shutil.rmtree(folder)


def unprivileged(code: str) -> subprocess.CompletedProcess:
    """Run Python code as a user that permissions apply to (nobody, when the tests run as root)."""
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("needs setpriv to drop root")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "HOME": "/tmp"}
    return subprocess.run(prefix + [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


INGEST = """
import json
from rag.config import load_config
from rag.fakes import FakeEmbedder
from rag.indexing import ingest
cfg = load_config(overrides=["embedder.model=fake", "split.chunk_tokens=24", "split.overlap_tokens=4"],
                  index_dir={index!r})
summary = ingest({paths!r}, cfg, FakeEmbedder())
print(json.dumps([[f.path, f.status, f.reason] for f in summary.files]))
"""


def ingest_as_user(index: Path, *paths: Path) -> dict[str, tuple[str, str]]:
    result = unprivileged(INGEST.format(index=str(index), paths=[str(p) for p in paths]))
    assert result.returncode == 0, result.stderr
    return {Path(p).name: (status, reason) for p, status, reason in json.loads(result.stdout)}


def test_a_name_that_is_not_utf8_is_ingested_with_the_rest(cfg, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    odd = Path(os.fsdecode(bytes(docs) + b"/caf\xe9\xff.md"))
    odd.write_text(REFUND)
    (docs / "ok.md").write_text(PARKING)
    summary = ingest([str(docs)], cfg, FakeEmbedder())
    assert summary.count("added") == 2 and not summary.failed
    index = Index(cfg.index_path)
    assert {d.path for d in index.documents()} == {str(odd), str(docs / "ok.md")}
    index.close()
    again = ingest([str(docs)], cfg, FakeEmbedder(), sync=True)  # the stored path still finds the file
    assert again.count("unchanged") == 2 and again.count("removed") == 0


def test_symlinked_folders_are_followed_once_and_loops_end(cfg, tmp_path):
    docs, elsewhere = tmp_path / "docs", tmp_path / "elsewhere"
    docs.mkdir(), elsewhere.mkdir()
    (docs / "a.md").write_text(REFUND)
    (elsewhere / "b.md").write_text(PARKING)
    (docs / "linked").symlink_to(elsewhere)
    (docs / "again").symlink_to(elsewhere)
    (docs / "loop").symlink_to(docs)
    (docs / "gone.md").symlink_to(tmp_path / "nowhere.md")
    files, problems = discover([str(docs)])
    assert sorted(f.name for f in files) == ["a.md", "b.md"]
    assert [(Path(p.path).name, p.status) for p in problems] == [("gone.md", "skipped")]
    assert "broken link" in problems[0].reason


def test_folders_that_cant_be_read_or_entered_are_named_and_the_rest_ingested(shared_dir):
    docs = shared_dir / "docs"
    for sub in ("", "noexec", "closed"):
        (docs / sub).mkdir(parents=True, exist_ok=True)
        (docs / sub / f"{sub or 'top'}.md").write_text(REFUND + " " + sub)
    (docs / "noexec").chmod(0o644)  # can be listed, not entered
    (docs / "closed").chmod(0o000)
    got = ingest_as_user(shared_dir / "index", docs)
    assert got["top.md"][0] == "added"
    assert got["noexec"][0] == got["closed"][0] == "skipped"
    assert "permission denied" in got["noexec"][1] and "chmod u+rx" in got["noexec"][1]
    assert "permission denied" in got["closed"][1] and "not ingested" in got["closed"][1]


def test_unreadable_files_fail_alone(shared_dir):
    docs = shared_dir / "docs"
    (docs / "closed").mkdir(parents=True)
    (docs / "a.md").write_text(REFUND)
    (docs / "b.md").write_text(PARKING)
    (docs / "closed" / "c.md").write_text(REFUND)
    assert ingest_as_user(shared_dir / "index", docs)["b.md"][0] == "added"
    (docs / "b.md").chmod(0o000)  # indexed, then made unreadable and touched
    os.utime(docs / "b.md", (1, 1))
    (docs / "new.md").write_text("A new note about the library hours and the reading room.")
    (docs / "new.md").chmod(0o000)
    (docs / "closed").chmod(0o000)
    got = ingest_as_user(shared_dir / "index", docs, docs / "closed" / "c.md")
    assert got["a.md"][0] == "unchanged"
    for name in ("b.md", "new.md", "c.md"):
        assert got[name][0] == "failed" and got[name][1].startswith("permission denied"), name


def test_an_index_folder_that_cant_be_created_is_one_clear_error(cfg, tmp_path, pdf_factory):
    from rag.errors import IndexError_

    (tmp_path / "file").write_text("not a folder")
    cfg.index_dir = str(tmp_path / "file" / "index")
    with pytest.raises(IndexError_, match="cannot create the index folder .*pass --index DIR"):
        ingest([str(pdf_factory("a.pdf", [REFUND]))], cfg, FakeEmbedder())
