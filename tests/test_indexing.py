"""Ingest into a real FAISS + SQLite index with the fake embedder."""
import os
import time

import faiss
import numpy as np
import pytest

from rag.errors import IndexBusyError, IndexError_
from rag.fakes import FakeEmbedder
from rag.index import VECTORS_NAME, Index
from rag.indexing import ingest
from rag.retrieve import dense_search

REFUND = "Tuition refunds are granted in full until the end of the second week of term."
PARKING = "Parking permits cost 90 dollars per semester and are sold at the campus security office."


def _consistent(index: Index) -> None:
    """FAISS ids equal SQLite chunk ids, and each document's chunk count matches its record."""
    ids = sorted(r[0] for r in index.db.execute("SELECT id FROM chunks"))
    vec = index.vectors()
    assert sorted(faiss.vector_to_array(vec.id_map).tolist()) == ids
    for d in index.documents():
        n = index.db.execute("SELECT COUNT(*) FROM chunks WHERE doc_id = ?", (d.id,)).fetchone()[0]
        assert n == d.chunks
    fts = index.db.execute("SELECT COUNT(*) FROM chunks_fts").fetchone()[0]
    assert fts == len(ids)


def test_ingest_then_search_finds_the_right_page(cfg, pdf_factory):
    path = pdf_factory("handbook.pdf", ["Welcome to the college.", PARKING, REFUND])
    summary = ingest([str(path)], cfg, FakeEmbedder())
    assert summary.count("added") == 1 and not summary.failed
    index = Index(cfg.index_path)
    hits = dense_search(index, FakeEmbedder(), "when are tuition refunds granted", k=1)
    assert hits[0].file == "handbook.pdf" and hits[0].page_start == 3
    _consistent(index)


def test_second_ingest_is_unchanged_and_embeds_nothing(cfg, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    ingest([str(path)], cfg, FakeEmbedder())
    emb = FakeEmbedder()
    summary = ingest([str(path)], cfg, emb)
    assert summary.count("unchanged") == 1 and emb.calls == 0
    os.utime(path, (time.time() + 5, time.time() + 5))  # touched but same bytes: still unchanged
    assert ingest([str(path)], cfg, emb).count("unchanged") == 1 and emb.calls == 0


def test_the_same_file_from_another_folder_is_not_indexed_twice(cfg, pdf_factory, tmp_path):
    import shutil

    path = pdf_factory("a.pdf", [REFUND, PARKING])
    ingest([str(path)], cfg, FakeEmbedder())
    copy = tmp_path / "elsewhere" / "a-copy.pdf"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    summary = ingest([str(copy)], cfg, FakeEmbedder())
    skipped = [f for f in summary.files if f.status == "skipped"]
    assert [f.path for f in skipped] == [str(copy)] and str(path) in skipped[0].reason and not summary.failed
    assert [d.path for d in Index(cfg.index_path).documents()] == [str(path)]
    # nor two copies given in one ingest; other bytes under the copy's name are a document of their own
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(path, other / "b.pdf")
    shutil.copy(path, other / "c.pdf")
    summary = ingest([str(other / "b.pdf"), str(other / "c.pdf")], cfg, FakeEmbedder())
    assert summary.count("skipped") == 2 and summary.count("added") == 0
    pdf_factory("a.pdf", [REFUND, "Library opens at 7 am on weekdays."])  # the original changed: the copy is new
    assert ingest([str(copy)], cfg, FakeEmbedder()).count("added") == 1


def test_changed_file_replaces_its_chunks(cfg, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    ingest([str(path)], cfg, FakeEmbedder())
    pdf_factory("a.pdf", [REFUND, "Library opens at 7 am on weekdays."])
    emb = FakeEmbedder()
    summary = ingest([str(path)], cfg, emb)
    assert summary.count("updated") == 1
    index = Index(cfg.index_path)
    texts = " ".join(r[0] for r in index.db.execute("SELECT text FROM chunks"))
    assert "Library opens" in texts and "Parking permits" not in texts
    assert index.count_chunks() == summary.files[0].chunks  # replaced, not duplicated
    assert emb.calls == 1  # only the new text was embedded; the refund page reused its stored vector
    _consistent(index)


def test_sync_removes_documents_whose_files_are_gone(cfg, pdf_factory, tmp_path):
    a = pdf_factory("a.pdf", [REFUND])
    pdf_factory("b.pdf", [PARKING])
    folder = str(tmp_path / "docs")
    ingest([folder], cfg, FakeEmbedder())
    a.unlink()
    assert ingest([folder], cfg, FakeEmbedder()).count("removed") == 0  # without --sync: kept
    summary = ingest([folder], cfg, FakeEmbedder(), sync=True)
    assert summary.count("removed") == 1
    index = Index(cfg.index_path)
    assert [d.name for d in index.documents()] == ["b.pdf"]
    _consistent(index)


def test_bad_files_fail_alone(cfg, pdf_factory, tmp_path):
    good = pdf_factory("good.pdf", [REFUND])
    bad = tmp_path / "docs" / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    summary = ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    assert summary.count("added") == 1
    assert [f.path for f in summary.failed] == [str(bad.resolve())]
    assert [d.path for d in Index(cfg.index_path).documents()] == [str(good.resolve())]


def test_other_embedder_is_refused(cfg, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND])
    ingest([str(path)], cfg, FakeEmbedder())
    other = FakeEmbedder(dim=32)
    other.name = "other-model"
    with pytest.raises(IndexError_, match="built with embedder fake"):
        ingest([str(path)], cfg, other)
    with pytest.raises(IndexError_, match="built with embedder fake"):
        dense_search(Index(cfg.index_path), other, "refund", 3)


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexError_, match="rag ingest"):
        Index(tmp_path / "nowhere")


def test_vectors_file_is_rebuilt_from_sqlite(cfg, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    ingest([str(path)], cfg, FakeEmbedder())
    (cfg.index_path / VECTORS_NAME).unlink()
    index = Index(cfg.index_path)
    _consistent(index)
    assert dense_search(index, FakeEmbedder(), "parking permits", 1)[0].page_start == 2


def test_stale_vectors_file_is_reconciled(cfg, pdf_factory):
    a = pdf_factory("a.pdf", [REFUND])
    ingest([str(a)], cfg, FakeEmbedder())
    stale = (cfg.index_path / VECTORS_NAME).read_bytes()
    b = pdf_factory("b.pdf", [PARKING])
    ingest([str(b)], cfg, FakeEmbedder())
    (cfg.index_path / VECTORS_NAME).write_bytes(stale)  # as if killed before the save
    index = Index(cfg.index_path)
    _consistent(index)
    assert dense_search(index, FakeEmbedder(), "parking permits", 1)[0].file == "b.pdf"


def test_second_writer_fails_clearly_while_readers_work(cfg, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND])
    ingest([str(path)], cfg, FakeEmbedder())
    holder = Index(cfg.index_path)
    with holder.writing(timeout_s=1):
        with pytest.raises(IndexBusyError, match=f"pid {os.getpid()}"):
            ingest([str(path)], cfg, FakeEmbedder())
        reader = Index(cfg.index_path)
        assert dense_search(reader, FakeEmbedder(), "refund", 1)[0].file == "a.pdf"


def test_repeated_chunks_are_embedded_once(cfg, pdf_factory):
    path = pdf_factory("rep.pdf", [REFUND, REFUND, REFUND, PARKING])
    emb = FakeEmbedder()
    summary = ingest([str(path)], cfg, emb)
    assert summary.files[0].chunks >= 3
    assert emb.calls < summary.files[0].chunks
    vecs = Index(cfg.index_path).vectors()
    assert vecs.ntotal == summary.files[0].chunks
    stored = vecs.index.reconstruct_n(0, vecs.ntotal)
    assert np.allclose(np.linalg.norm(stored, axis=1), 1.0)


def _chunk_rows(cfg):
    index = Index(cfg.index_path)
    try:
        return sorted(index.db.execute("SELECT d.name, c.text, c.page_start, c.page_end FROM chunks c "
                                       "JOIN documents d ON d.id = c.doc_id"))
    finally:
        index.close()


def test_reader_process_gives_the_same_index_as_a_thread(cfg, pdf_factory, tmp_path):
    pdf_factory("a.pdf", [REFUND, PARKING])
    pdf_factory("b.pdf", [PARKING + " " + REFUND])
    pdf_factory("c.pdf", ["Library hours are eight to late.", REFUND])
    rows = {}
    for reader in ("process", "thread"):
        cfg.load.reader = reader
        cfg.index_dir = str(tmp_path / f"index-{reader}")
        summary = ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
        assert summary.count("added") == 3
        rows[reader] = _chunk_rows(cfg)
    assert rows["process"] == rows["thread"]
    assert len(rows["process"]) >= 6


class _ReaderKiller(FakeEmbedder):
    def token_counter(self):
        from rag.fakes import count_tokens_or_exit

        return count_tokens_or_exit


@pytest.mark.parametrize("readers", ["1", "3"])
def test_a_crashed_reader_fails_its_file_and_the_rest_still_load(cfg, pdf_factory, tmp_path, readers):
    pdf_factory("a.pdf", [REFUND] * 200)  # slow to read: b's reader dies while a's is still at work
    pdf_factory("b.pdf", ["EXIT_THE_READER now"])
    pdf_factory("c.pdf", [PARKING])
    cfg.load.reader, cfg.load.readers = "process", readers  # with 3, a and c were being read when b crashed
    summary = ingest([str(tmp_path / "docs")], cfg, _ReaderKiller())
    assert summary.count("added") == 2
    [failed] = summary.failed
    assert failed.path.endswith("b.pdf") and "crashed" in failed.reason
    assert {d.name for d in Index(cfg.index_path).documents()} == {"a.pdf", "c.pdf"}


def test_reader_process_is_automatic_only_from_the_rag_cli(monkeypatch):
    import sys
    import types

    from rag.indexing import _main_is_rag_cli

    assert not _main_is_rag_cli()  # pytest's main: a user's script would be re-imported by spawn
    monkeypatch.setitem(sys.modules, "__main__", types.SimpleNamespace(__file__="/venv/bin/rag", __spec__=None))
    assert _main_is_rag_cli()


def shared_stream_pdf(path, pages: int, lines: int = 1000):
    """A small PDF whose pages all draw one long content stream: each page costs the whole stream."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    w = PdfWriter()
    font = w._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                           NameObject("/Subtype"): NameObject("/Type1"),
                                           NameObject("/BaseFont"): NameObject("/Helvetica")}))
    content = StreamObject()
    content.set_data(b"".join(b"BT /F1 9 Tf 20 %d Td (line %d of the shared stream) Tj ET\n" % (i % 700, i)
                              for i in range(lines)))
    ref = w._add_object(content.flate_encode())
    for _ in range(pages):
        page = w.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        page[NameObject("/Contents")] = ref
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        w.write(fh)
    return path


def sparse_pdf(path, mb: int):
    """A file of `mb` MB of holes behind a %PDF header: instant to make, slow and big for pypdf."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(mb * 1024 * 1024)
    return path


@pytest.mark.parametrize("reader", ["thread", "process"])
def test_a_file_past_its_time_budget_is_refused_and_the_rest_load(cfg, pdf_factory, tmp_path, reader):
    shared_stream_pdf(tmp_path / "docs" / "slow.pdf", pages=200)  # ~20 s to read in full
    pdf_factory("good.pdf", [REFUND])
    # a budget of seconds, not tenths: on a machine whose cores are saturated even good.pdf's few pages
    # took longer than 0.3 s to parse, and the test failed for the wrong file
    cfg.load.reader, cfg.load.max_file_seconds = reader, 3
    started = time.monotonic()
    summary = ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    assert time.monotonic() - started < 15  # room for a loaded machine, well short of reading it all
    [failed] = summary.failed
    assert failed.path.endswith("slow.pdf")
    assert failed.reason == ("took longer than load.max_file_seconds (3 s); "
                             "raise it with --set load.max_file_seconds=N")
    assert [d.name for d in Index(cfg.index_path).documents()] == ["good.pdf"]


def test_a_lone_hostile_file_is_interrupted_outside_the_page_loop(cfg, tmp_path):
    # pypdf spends its time in PdfReader() here, before any page: only the reader process's timer stops it
    path = sparse_pdf(tmp_path / "docs" / "sparse.pdf", 200)  # ~13 s for pypdf to give up on
    cfg.load.reader, cfg.load.max_file_seconds = "process", 0.5
    started = time.monotonic()
    [result] = ingest([str(path)], cfg, FakeEmbedder()).files
    assert time.monotonic() - started < 8  # room for a loaded machine, well short of the 13 s
    assert result.status == "failed" and result.reason.startswith("took longer than load.max_file_seconds (0.5 s)")


def test_a_file_past_its_memory_budget_is_refused_and_the_rest_load(cfg, pdf_factory, tmp_path):
    sparse_pdf(tmp_path / "docs" / "huge.pdf", 120)  # pypdf reads it whole: 120 MB and more
    pdf_factory("good.pdf", [REFUND])
    cfg.load.reader, cfg.load.max_file_memory_mb, cfg.load.max_file_seconds = "process", 60, 0
    summary = ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    [failed] = summary.failed
    assert failed.path.endswith("huge.pdf")
    assert failed.reason == ("needed more memory than load.max_file_memory_mb (60 MB); "
                             "raise it with --set load.max_file_memory_mb=N")
    assert [d.name for d in Index(cfg.index_path).documents()] == ["good.pdf"]
def test_force_rereads_an_unchanged_file_and_reuses_its_vectors(cfg, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    first = ingest([str(path)], cfg, FakeEmbedder()).files[0]
    emb = FakeEmbedder()
    summary = ingest([str(path)], cfg, emb, force=True)
    assert summary.count("updated") == 1 and summary.files[0].chunks == first.chunks
    assert emb.calls == 0  # same chunk texts: stored vectors
    _consistent(Index(cfg.index_path))


def _failing_page(monkeypatch, marker: str, error: Exception) -> None:
    """Text extraction raises on pages whose text holds marker (as on pypdf 7 with an inline image)."""
    from pypdf import PageObject

    real = PageObject.extract_text

    def flaky(self, *args, **kwargs):
        text = real(self, *args, **kwargs)
        if marker in text:
            raise error
        return text

    monkeypatch.setattr(PageObject, "extract_text", flaky)


def test_failed_pages_are_reread_when_the_reader_changes(cfg, pdf_factory, monkeypatch):
    from ingest import pdf_tokens
    from ingest.load import reader_signature

    path = pdf_factory("a.pdf", [REFUND, PARKING])
    with monkeypatch.context() as broken:
        _failing_page(broken, "Parking", AttributeError("no attribute '_read_inline_image'"))
        [result] = ingest([str(path)], cfg, FakeEmbedder()).files
        assert result.status == "added" and result.failed_pages == [2] and result.empty_pages == []
        assert Index(cfg.index_path).document(str(path)).reader == reader_signature(cfg.load.fast_pdf)
    # the same reader again: unchanged (a page that truly fails is not re-read on every ingest)
    assert ingest([str(path)], cfg, FakeEmbedder()).files[0].status == "unchanged"
    monkeypatch.setattr(pdf_tokens, "VERSION", "tokens-next")  # a fixed tokenizer (or another pypdf)
    emb = FakeEmbedder()
    [result] = ingest([str(path)], cfg, emb).files
    assert result.status == "updated" and result.failed_pages == []
    record = Index(cfg.index_path).document(str(path))
    assert record.reader == "" and record.warnings == []
    assert any("Parking permits" in text for _, text, _, _ in _chunk_rows(cfg))
    assert ingest([str(path)], cfg, FakeEmbedder()).files[0].status == "unchanged"


def test_an_index_from_before_reader_records_rereads_documents_with_failed_pages(cfg, pdf_factory, monkeypatch):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    with monkeypatch.context() as broken:
        _failing_page(broken, "Parking", AttributeError("no attribute '_read_inline_image'"))
        ingest([str(path)], cfg, FakeEmbedder())
    index = Index(cfg.index_path)  # make it what an older rag wrote: no reader column, its own warning
    index.db.execute("ALTER TABLE documents DROP COLUMN reader")
    index.db.execute("""UPDATE documents SET warnings = '["page 2: text extraction failed (x); page skipped"]'""")
    index.close()
    assert Index(cfg.index_path).document(str(path)).reader == "unrecorded"
    [result] = ingest([str(path)], cfg, FakeEmbedder()).files
    assert result.status == "updated" and result.failed_pages == []


def test_a_document_whose_pages_all_failed_is_not_called_a_scan(cfg, pdf_factory, monkeypatch):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    _failing_page(monkeypatch, "", RuntimeError("boom"))
    [failed] = ingest([str(path)], cfg, FakeEmbedder()).failed
    assert failed.reason == "no text to index: page(s) 1-2: text extraction failed (RuntimeError: boom)"
    assert "OCR" not in failed.reason and "scanned" not in failed.reason


def test_a_pdf_with_an_inline_image_is_indexed_with_the_fast_tokenizer(cfg, tmp_path):
    from tests.tiny_pdf import make_inline_image_pdf

    assert cfg.load.fast_pdf
    path = make_inline_image_pdf(tmp_path / "docs" / "figure.pdf", [REFUND])
    [result] = ingest([str(path)], cfg, FakeEmbedder()).files
    assert result.status == "added" and result.failed_pages == [] and result.warnings == []
    assert any("Tuition refunds" in text for _, text, _, _ in _chunk_rows(cfg))
