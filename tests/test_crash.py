"""Kill a real `rag ingest` process with SIGKILL mid-way; the index must stay whole.

Every document must be either fully at its old version or fully at its new one, FAISS must hold
exactly the chunk ids SQLite holds, and search must keep working.
"""
import os
import re
import signal
import subprocess
import sys
import time

import faiss

from rag.fakes import FakeEmbedder
from rag.index import Index
from rag.retrieve import dense_search

N_FILES = 40


def _write_corpus(folder, version):
    folder.mkdir(exist_ok=True)
    for i in range(N_FILES):
        paras = [f"Document {i} version {version} paragraph {j}: " + " ".join(f"w{i}x{j}x{k}" for k in range(30))
                 for j in range(60)]
        (folder / f"doc{i:02d}.md").write_text("\n\n".join(paras))


def _ingest_cmd(index_dir, folder):
    return [sys.executable, "-m", "rag", "--index", str(index_dir), "--set", "embedder.model=fake",
            "--set", "split.chunk_tokens=64", "--set", "split.overlap_tokens=8", "ingest", str(folder)]


def _check(index_dir):
    """Return {doc name: version} after asserting the index is consistent."""
    index = Index(index_dir)
    versions = {}
    for doc in index.documents():
        texts = [r[0] for r in index.db.execute("SELECT text FROM chunks WHERE doc_id = ?", (doc.id,))]
        assert len(texts) == doc.chunks
        found = {m for t in texts for m in re.findall(r"version (v\d+) paragraph", t)}
        assert len(found) == 1, f"{doc.name} mixes versions {found}"
        versions[doc.name] = found.pop()
    ids = sorted(r[0] for r in index.db.execute("SELECT id FROM chunks"))
    assert sorted(faiss.vector_to_array(index.vectors().id_map).tolist()) == ids
    assert dense_search(index, FakeEmbedder(), "Document 3 paragraph 7", 1)
    index.close()
    return versions


def _children(pid: int) -> list[int]:
    found = []
    for stat in os.listdir("/proc"):
        if stat.isdigit():
            try:
                with open(f"/proc/{stat}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(stat))
            except (OSError, IndexError, ValueError):
                pass
    return found


def _assert_gone(pids: list[int], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        alive = [p for p in pids if os.path.exists(f"/proc/{p}") and "Z" not in _state(p)]
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not alive, f"processes {alive} outlived the killed ingest"


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_sigkill_mid_ingest_leaves_a_consistent_index(tmp_path):
    folder, index_dir = tmp_path / "docs", tmp_path / "index"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    _write_corpus(folder, "v1")
    started = time.monotonic()
    subprocess.run(_ingest_cmd(index_dir, folder), check=True, env=env, capture_output=True)
    full = time.monotonic() - started
    assert set(_check(index_dir).values()) == {"v1"}

    killed_mid_way = 0
    for attempt in range(10):  # each attempt rewrites every file, then kills the ingest part-way
        _write_corpus(folder, f"v{attempt + 2}")
        proc = subprocess.Popen(_ingest_cmd(index_dir, folder), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full * (0.3, 0.5, 0.7)[attempt % 3])
        children = _children(proc.pid)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_mid_way += 1
        proc.wait()
        _assert_gone(children)  # the PDF reader process must not outlive a killed ingest
        versions = _check(index_dir)
        assert len(versions) == N_FILES  # nothing lost
        if killed_mid_way >= 3:
            break
    assert killed_mid_way >= 2, "ingest finished before any kill; the test did not test anything"

    subprocess.run(_ingest_cmd(index_dir, folder), check=True, env=env, capture_output=True)
    assert set(_check(index_dir).values()) == {f"v{attempt + 2}"}
