"""The index database under trouble: no write access, a damaged file, a full disk."""
import sqlite3

import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.fakes import FakeEmbedder
from rag.index import DB_NAME, Index
from rag.indexing import ingest
from tests.test_filesystem import shared_dir, unprivileged  # noqa: F401  (a fixture)

REFUND = "Tuition refunds are granted in full until the end of the second week of term."
PARKING = "Parking permits cost 90 dollars per semester and are sold at the campus security office."


def rag(index, *args):
    base = ["--index", str(index), "--set", "embedder.model=fake", "--set", "split.chunk_tokens=24",
            "--set", "split.overlap_tokens=4", "--set", "index.lock_timeout_s=0.2"]
    return CliRunner().invoke(cli, base + list(args), catch_exceptions=False)


def test_a_read_only_index_can_be_searched_but_not_written(shared_dir):  # noqa: F811
    docs, index = shared_dir / "docs", shared_dir / "index"
    docs.mkdir()
    (docs / "a.md").write_text(PARKING)
    assert rag(index, "ingest", str(docs)).exit_code == 0
    for path in [index, *index.iterdir()]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    search = unprivileged(f"import sys; from rag.cli import main; sys.argv = ['rag', '--index', {str(index)!r}, "
                          "'--set', 'embedder.model=fake', 'search', 'parking permit price']; main()")
    assert search.returncode == 0, search.stderr
    assert search.stdout.startswith("[1] a.md p. 1")
    add = unprivileged(f"import sys; from rag.cli import main; sys.argv = ['rag', '--index', {str(index)!r}, "
                       f"'--set', 'embedder.model=fake', 'ingest', {str(docs / 'a.md')!r}]; main()")
    assert add.returncode == 1
    assert add.stderr.startswith(f"rag: error: index at {index} is read-only for you")
    assert len(add.stderr.strip().splitlines()) == 1


def _damage(db_file):
    data = bytearray(db_file.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):  # the b-tree page headers from page 4 on
        data[offset:offset + 8] = b"\xaa" * 8
    db_file.write_bytes(bytes(data))


def test_a_damaged_database_is_one_line_for_search_and_ingest(tmp_path):
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    for i in range(3):
        (docs / f"f{i}.md").write_text("\n".join(f"file {i} parking refund line {n}" for n in range(400)))
    assert rag(index, "ingest", str(docs)).exit_code == 0
    _damage(index / DB_NAME)
    (docs / "f0.md").write_text("A changed note about the library.")
    for args in (["search", "parking refund"], ["ingest", str(docs)], ["list"]):
        result = rag(index, *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"rag: error: the index database {index / DB_NAME} is damaged"), result.stderr
        assert "re-ingest" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_full_disk_is_one_line_and_keeps_what_was_stored(tmp_path, monkeypatch):
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "a.md").write_text(REFUND)
    assert rag(index, "ingest", str(docs)).exit_code == 0
    connect = sqlite3.connect

    def small_disk(*args, **kwargs):  # the database may not grow: SQLite answers "database or disk is full"
        conn = connect(*args, **kwargs)
        conn.execute(f"PRAGMA max_page_count={conn.execute('PRAGMA page_count').fetchone()[0]}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", small_disk)
    (docs / "b.md").write_text("\n".join(f"{PARKING} line {n}" for n in range(300)))
    result = rag(index, "ingest", str(docs))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"rag: error: could not write to the index at {index}: the disk is full")
    assert "cannot rollback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    monkeypatch.undo()
    assert [d.name for d in Index(index).documents()] == ["a.md"]


def test_a_failed_commit_is_rolled_back_and_reported(cfg, tmp_path):
    from rag.errors import IndexError_

    class FullAtCommit:
        def __init__(self, db):
            self._db = db

        def execute(self, sql, *args):
            if sql == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return self._db.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._db, name)

    (tmp_path / "a.md").write_text(REFUND)
    ingest([str(tmp_path / "a.md")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    real, index.db = index.db, FullAtCommit(index.db)
    with pytest.raises(IndexError_, match="the disk is full"), index.writing():
        index.remove_document(str(tmp_path / "a.md"))
    assert not real.in_transaction
    index.db = real
    assert [d.name for d in index.documents()] == ["a.md"]
