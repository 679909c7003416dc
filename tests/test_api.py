"""The Python API: open_index, query_with_sources, as_retriever, and the VectorstoreIndexCreator drop-in."""
import pytest

import rag
from rag.fakes import FakeEmbedder, FakeGenerator

SETTINGS = {"embedder.model": "fake", "generate.model": "fake", "retrieve.min_similarity": -1, "retrieve.k": 1,
            "split.chunk_tokens": 16, "split.overlap_tokens": 4}
PAGES = ["Chapter 0 overview of student services and general campus information.",
         "Parking permits cost 90 dollars per semester at the security office.",
         "Chapter 1 overview of student services and general campus information.",
         "Tuition refunds are granted in full until the end of the second week of term."]


def test_import_is_lazy():
    import subprocess
    import sys

    code = "import sys, rag; assert 'torch' not in sys.modules and 'faiss' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_from_loaders_with_langchains_pdf_loader(tmp_path, pdf_factory):
    loaders = pytest.importorskip("langchain_community.document_loaders")
    path = pdf_factory("handbook.pdf", PAGES)
    creator = rag.VectorstoreIndexCreator(index_dir=str(tmp_path / "idx"), settings=SETTINGS)
    index = creator.from_loaders([loaders.PyPDFLoader(str(path))])
    out = index.query_with_sources("When are tuition refunds granted in full?")
    assert list(out)[:3] == ["question", "answer", "sources"]
    assert "second week" in out["answer"] and out["sources"] == "handbook.pdf p. 4"
    assert out["citations"][0]["page"] == 4 and out["citations"][0]["file"] == "handbook.pdf"


def test_from_documents_and_plain_loaders(tmp_path):
    from langchain_core.documents import Document

    class MemoryLoader:  # a loader with no file behind it
        def load(self):
            return [Document(page_content=text, metadata={"source": "notes", "page": i}) for i, text in enumerate(PAGES)]

    index = rag.VectorstoreIndexCreator(index_dir=str(tmp_path / "idx"), settings=SETTINGS).from_loaders([MemoryLoader()])
    out = index.query_with_sources("How much do parking permits cost?")
    assert out["citations"][0]["file"] == "notes" and out["citations"][0]["page"] == 2
    assert index.query("How much do parking permits cost?").startswith("Parking permits cost 90 dollars")


def test_open_index_and_retriever(tmp_path, pdf_factory):
    from click.testing import CliRunner

    from rag.cli import cli

    index_dir = str(tmp_path / "idx")
    args = ["--index", index_dir] + [x for k, v in SETTINGS.items() for x in ("--set", f"{k}={v}")]
    assert CliRunner().invoke(cli, args + ["ingest", str(pdf_factory("h.pdf", PAGES))]).exit_code == 0
    index = rag.open_index(index_dir, **SETTINGS)
    assert index.query_with_sources("When are tuition refunds granted in full?")["citations"][0]["page"] == 4
    docs = index.as_retriever(k=2).invoke("parking permits")
    assert docs[0].metadata["page"] == 2 and docs[0].metadata["file"] == "h.pdf"
    assert "Parking permits" in docs[0].page_content


def test_injected_models_are_used(tmp_path, pdf_factory):
    from rag.api import LocalIndex
    from rag.config import load_config
    from rag.indexing import ingest

    cfg = load_config(overrides=[f"{k}={v}" for k, v in SETTINGS.items()], index_dir=str(tmp_path / "i"))
    ingest([str(pdf_factory("h.pdf", PAGES))], cfg, FakeEmbedder())
    gen = FakeGenerator(script=["Ninety dollars [1]."])
    assert LocalIndex(cfg, FakeEmbedder(), gen).query("parking permit cost?") == "Ninety dollars [1]."
    assert len(gen.calls) == 1


def test_streaming_callback_gets_only_the_checked_answer(tmp_path, pdf_factory):
    from rag.api import LocalIndex
    from rag.config import load_config
    from rag.indexing import ingest
    from rag.prompt import DONT_KNOW

    cfg = load_config(overrides=[f"{k}={v}" for k, v in SETTINGS.items()], index_dir=str(tmp_path / "i"))
    ingest([str(pdf_factory("h.pdf", PAGES))], cfg, FakeEmbedder())
    gen = FakeGenerator(script=["The college's mascot is a lion.", "Parking permits cost 90 dollars [1]."])
    index, pieces = LocalIndex(cfg, FakeEmbedder(), gen), []
    assert index.answer("What is the college mascot?", on_token=pieces.append).answer == DONT_KNOW
    assert pieces == [DONT_KNOW]  # the invented answer never reached the callback
    pieces.clear()
    result = index.answer("How much do parking permits cost?", on_token=pieces.append)
    assert pieces == [result.answer] == ["Parking permits cost 90 dollars [1]."]


def test_citations_carry_the_passages_page_span(tmp_path, pdf_factory):
    """Two short pages share one chunk: the citation says pp. 1-2, in the dict as in the sources text."""
    from rag.config import load_config
    from rag.indexing import ingest

    settings = {**SETTINGS, "split.chunk_tokens": 64}
    path = pdf_factory("short.pdf", ["Tuition refunds are granted", "in full until the second week."])
    cfg = load_config(overrides=[f"{k}={v}" for k, v in settings.items()], index_dir=str(tmp_path / "idx"))
    assert ingest([str(path)], cfg, FakeEmbedder()).count("added") == 1
    index = rag.open_index(str(tmp_path / "idx"), **settings)
    out = index.query_with_sources("When are tuition refunds granted in full?")
    [citation] = out["citations"]
    assert (citation["page"], citation["page_end"], citation["pages"]) == (1, 2, "pp. 1-2")
    assert citation["page_label"] == "1" and citation["page_label_end"] == "2"
    assert out["sources"] == "short.pdf pp. 1-2"
