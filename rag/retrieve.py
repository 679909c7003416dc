"""Retrieval: rank stored chunks for a query. Returns Hits that carry their file and page span."""
from __future__ import annotations

from dataclasses import dataclass

from rag.embed import Embedder
from rag.index import Index


@dataclass
class Hit:
    chunk_id: int
    score: float
    text: str
    file: str  # file name, as cited
    path: str  # absolute path
    page_start: int
    page_end: int
    label_start: str
    label_end: str

    @property
    def pages(self) -> str:
        """'p. 3' or 'pp. 3-4', with the printed page label in brackets where it differs."""
        if self.page_start == self.page_end:
            text = f"p. {self.page_start}"
            labels = self.label_start
        else:
            text = f"pp. {self.page_start}-{self.page_end}"
            labels = f"{self.label_start}-{self.label_end}"
        numbers = str(self.page_start) if self.page_start == self.page_end else f"{self.page_start}-{self.page_end}"
        return text if labels == numbers else f"{text} (labelled {labels})"


def dense_search(index: Index, embedder: Embedder, query: str, k: int) -> list[Hit]:
    """The k chunks whose vectors are nearest the query's (cosine on normalised vectors)."""
    index.check_embedder(embedder.name, embedder.normalize)
    if index.count_chunks() == 0:
        return []
    vector = embedder.encode([query])[0]
    ranked = index.dense_search(vector, k)
    rows = index.chunks([cid for cid, _ in ranked])
    return [_hit(rows[cid], score) for cid, score in ranked if cid in rows]


def _hit(row, score: float) -> Hit:
    return Hit(chunk_id=row.id, score=score, text=row.text, file=row.doc_name, path=row.doc_path,
               page_start=row.page_start, page_end=row.page_end, label_start=row.label_start, label_end=row.label_end)
