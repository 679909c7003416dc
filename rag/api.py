"""The Python API: LangChain's classic index interface, answered locally.

    from rag import VectorstoreIndexCreator
    from langchain_community.document_loaders import PyPDFLoader
    index = VectorstoreIndexCreator().from_loaders([PyPDFLoader("handbook.pdf")])
    index.query_with_sources("What is the refund policy?")   # {"question", "answer", "sources", "citations"}
    index.query_with_sources(q, adapter="handbook", retrieval=False)   # a fine-tuned adapter alone

or, on an index built by `rag ingest`: rag.open_index(path).query_with_sources(question).
The embedder and the chat model load on first use and are kept for the life of the object.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rag.config import Config, load_config


class LocalIndex:
    """An index on disk plus the models that answer from it."""

    def __init__(self, cfg: Config, embedder=None, generator=None):
        self.cfg = cfg
        self._embedder = embedder
        self._generator = generator
        self._tuned: dict[str, object] = {}  # adapter name or folder -> its generator, built on first use
        self._index = None

    # -- lazily built parts ----------------------------------------------------------------------
    @property
    def embedder(self):
        if self._embedder is None:
            from rag.build import make_embedder

            e = self.cfg.embedder
            self._embedder = make_embedder(e.model, e.device, e.batch_size, e.normalize, e.backend)
        return self._embedder

    @property
    def generator(self):
        if self._generator is None:
            from rag.build import generator_from

            self._generator = generator_from(self.cfg)
        return self._generator

    def generator_with(self, adapter: str | None):
        """The chat model with a LoRA adapter (a name from `rag adapters list`, or a folder); None: as configured."""
        if adapter is None:
            return self.generator
        if adapter not in self._tuned:
            from rag.build import generator_from

            self._tuned[adapter] = generator_from(self.cfg, adapter=adapter)
        return self._tuned[adapter]

    @property
    def index(self):
        if self._index is None:
            from rag.index import Index

            self._index = Index(self.cfg.index_path)
        return self._index

    # -- LangChain's VectorStoreIndexWrapper interface -----------------------------------------------
    def query(self, question: str, adapter: str | None = None, retrieval: bool = True, **_: Any) -> str:
        return self.answer(question, adapter=adapter, retrieval=retrieval).answer

    def query_with_sources(self, question: str, adapter: str | None = None, retrieval: bool = True, **_: Any) -> dict:
        """{"question", "answer", "sources", "grounded", "citations": [{file, page, page_end, page_label,
        page_label_end, pages, score, text, n}], "passages", "warnings"}: page..page_end is the passage's page
        span (1-based), `pages` as sources show it. adapter: a fine-tuned LoRA adapter (a name or a folder);
        retrieval=False: the model alone, without passages (grounded False, no citations). warnings: why the
        model's answer was withheld ("it states 22,608, which the passages give for ..."), or what was cut to
        fit the window."""
        return self.answer(question, adapter=adapter, retrieval=retrieval).as_dict()

    def answer(self, question: str, history: list[tuple[str, str]] | None = None, on_token=None, on_status=None,
               adapter: str | None = None, retrieval: bool = True):
        """The full Answer object (citations, passages shown to the model, timings).

        on_token(text) is called once with the checked answer text (the model's supported answer, or
        "I don't know"), never with text that is then withheld; on_status(rag.answer.Status) reports
        progress meanwhile (retrieving, reading N passages, writing n tokens).
        """
        from rag.answer import answer_question

        return answer_question(question, self.index if retrieval else None, self.embedder if retrieval else None,
                               self.generator_with(adapter), self.cfg, history=history, on_token=on_token,
                               on_status=on_status, retrieval=retrieval)

    def search(self, query: str, k: int | None = None):
        from rag.retrieve import hybrid_search

        r = self.cfg.retrieve
        return hybrid_search(self.index, self.embedder, query, k or r.k, candidates=max(r.candidates, k or 0),
                             rrf_k=r.rrf_k)

    def as_retriever(self, k: int | None = None, **_: Any):
        """A LangChain BaseRetriever over this index (metadata: source, file, page (1-based), page_label, score)."""
        from langchain_core.documents import Document
        from langchain_core.retrievers import BaseRetriever

        owner, top = self, k

        class LocalRetriever(BaseRetriever):
            def _get_relevant_documents(self, query: str, *, run_manager=None) -> list[Document]:
                return [Document(page_content=h.text, metadata={
                    "source": h.path, "file": h.file, "page": h.page_start, "page_end": h.page_end,
                    "page_label": h.label_start, "page_label_end": h.label_end, "score": h.score}) for h in owner.search(query, top)]

        return LocalRetriever()


def open_index(path: str | os.PathLike | None = None, config: str | None = None, **settings: Any) -> LocalIndex:
    """Open an index built by `rag ingest`. settings: dotted overrides, e.g. {"generate.model": "tiny"}."""
    overrides = [f"{k}={v}" for k, v in settings.items()]
    return LocalIndex(load_config(config, overrides, index_dir=str(path) if path else None))


class VectorstoreIndexCreator:
    """Drop-in for langchain_classic.indexes.VectorstoreIndexCreator, backed by rag's own index.

    LangChain's arguments (embedding, text_splitter, vectorstore_cls) are accepted and ignored:
    rag uses its own embedder and token-aware splitter. Documents go into the configured index
    (or `index_dir`), so a second run with the same files re-embeds nothing.
    """

    def __init__(self, *, index_dir: str | None = None, config: str | None = None,
                 settings: dict[str, Any] | None = None, embedding=None, text_splitter=None,
                 vectorstore_cls=None, **_: Any):
        overrides = [f"{k}={v}" for k, v in (settings or {}).items()]
        self.cfg = load_config(config, overrides, index_dir=index_dir)

    def from_loaders(self, loaders: list) -> LocalIndex:
        """Files behind loaders with a file_path are read by rag's own loader; others via loader.load()."""
        from rag.indexing import ingest

        target = LocalIndex(self.cfg)
        files, others = [], []
        for loader in loaders:
            path = getattr(loader, "file_path", None)
            (files if path and Path(str(path)).is_file() else others).append(path or loader)
        if files:
            summary = ingest([str(f) for f in files], self.cfg, target.embedder)
            if summary.failed:
                from rag.errors import RagError

                raise RagError("; ".join(f"{f.path}: {f.reason}" for f in summary.failed))
        documents = [doc for loader in others for doc in loader.load()]
        if documents:
            self._add_documents(documents, target)
        return target

    def from_documents(self, documents: list) -> LocalIndex:
        target = LocalIndex(self.cfg)
        self._add_documents(documents, target)
        return target

    def _add_documents(self, documents: list, target: LocalIndex) -> None:
        from ingest.documents import Page
        from rag.indexing import ingest_pages

        by_source: dict[str, list] = {}
        for doc in documents:
            by_source.setdefault(str(doc.metadata.get("source", "documents")), []).append(doc)
        for source, docs in by_source.items():
            pages = []
            for i, doc in enumerate(docs):
                number = int(doc.metadata["page"]) + 1 if isinstance(doc.metadata.get("page"), int) else i + 1
                pages.append(Page(number, doc.page_content, str(doc.metadata.get("page_label", number))))
            ingest_pages(source, pages, self.cfg, target.embedder)
