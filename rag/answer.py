"""Answer: retrieve, prompt, generate, then turn the [n] markers the model wrote into citations.

Sources come only from the retrieved passages the answer cites, never from text the model writes
about sources. When retrieval finds nothing relevant, the model is not asked; when the model says
it doesn't know, the answer says so plainly and no passage is presented as support.

The model's text is held until it has been checked: callers see it (on_token) only once it is
accepted, so nothing is ever shown and then withheld. While they wait, on_status says what is
happening (retrieving, reading the passages, writing n tokens).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Callable

from rag.config import Config
from rag.embed import Embedder
from rag.errors import RagError
from rag.generate import Generation, Generator
from rag.index import Index
from rag.prompt import DONT_KNOW, build_prompt
from rag.retrieve import STOPWORDS, Hit, hybrid_search, page_span

_WORD = re.compile(r"\w+")
_LIST_ITEM = re.compile(r"(?m)^\s*\d{1,2}[.)](?=\s)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
ATTRIBUTION_SHARE = 0.5
_MARKER = re.compile(r"\[(\d+(?:\s*(?:[,;]|[-–])\s*\d+)*)\]")
_ABSTAIN = re.compile(
    r"\b(i (?:do not|don't|cannot|can't) (?:know|find|answer|determine|tell)|"
    r"(?:is|are) not (?:mentioned|provided|specified|stated|given|included)|not (?:mentioned|specified|stated) in|"
    r"(?:do|does) not (?:contain|mention|say|specify|provide|include)|"
    r"(?:don't|doesn't) (?:contain|mention|say|specify|provide|include)|no information)", re.I)


@dataclass
class Citation:
    n: int  # the marker number in the answer
    file: str
    page: int  # 1-based first page of the passage
    page_label: str
    score: float
    text: str
    page_end: int = 0
    label_end: str = ""

    @property
    def pages(self) -> str:
        return page_span(self.page, self.page_end, self.page_label, self.label_end)


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation]
    passages: list[Hit]  # everything the model was shown, in [n] order
    abstained: bool
    generation: Generation | None = None
    retrieval_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def sources(self) -> str:
        """'handbook.pdf p. 14, p. 15; fees.pdf p. 2' for the cited passages."""
        by_file: dict[str, list[str]] = {}
        for c in self.citations:
            pages = by_file.setdefault(c.file, [])
            if c.pages not in pages:
                pages.append(c.pages)
        return "; ".join(f"{f} {', '.join(p)}" for f, p in by_file.items())

    def as_dict(self) -> dict:
        return {"question": self.question, "answer": self.answer, "sources": self.sources,
                "citations": [{"file": c.file, "page": c.page, "page_end": c.page_end or c.page,
                               "page_label": c.page_label, "page_label_end": c.label_end or c.page_label,
                               "pages": c.pages, "score": c.score, "text": c.text, "n": c.n}
                              for c in self.citations],
                "passages": [{"n": n, "file": h.file, "pages": h.pages, "page": h.page_start, "page_end": h.page_end,
                              "score": round(h.score, 4), "similarity": round(h.similarity, 4), "ranks": h.ranks,
                              "routed": h.routed, "used": n in self.used}
                             for n, h in enumerate(self.passages, start=1)]}

    @property
    def used(self) -> set[int]:
        """The [n] of the passages the answer rests on (its citations)."""
        return {c.n for c in self.citations}


@dataclass
class Status:
    """Where answer_question is, for a progress display. stage: "retrieving", "preparing" (fitting the
    passages to the model's window), "loading" (the model, on first use), "reading" (the model reads
    the prompt: the long quiet part on a CPU) or "writing" (new_tokens decoded so far, the text not
    yet checked); seconds since the question came in."""

    stage: str
    seconds: float
    passages: int = 0
    prompt_tokens: int = 0
    new_tokens: int = 0

    def __str__(self) -> str:
        return {"retrieving": "retrieving passages",
                "preparing": f"fitting {self.passages} passage(s) to the model's window",
                "loading": "loading the model",
                "reading": f"reading {self.passages} passage(s) ({self.prompt_tokens:,} prompt tokens)",
                "writing": f"writing the answer ({self.new_tokens} tokens)"}.get(self.stage, self.stage)


def answer_question(question: str, index: Index, embedder: Embedder, generator: Generator, cfg: Config,
                    history: list[tuple[str, str]] | None = None,
                    on_token: Callable[[str], None] | None = None, reranker=None,
                    on_status: Callable[[Status], None] | None = None) -> Answer:
    """Retrieve, prompt, generate and check an answer.

    on_token receives the answer's text once, after the checks: the model's words when the passages
    support them, else "I don't know" (the same text as Answer.answer); never text that is then
    withheld. on_status receives a Status at each stage and about once per token the model writes.
    """
    result = _answer(question, index, embedder, generator, cfg, history, reranker, on_status)
    if on_token:
        on_token(result.answer)
    return result


def _answer(question: str, index: Index, embedder: Embedder, generator: Generator, cfg: Config,
            history: list[tuple[str, str]] | None, reranker, on_status: Callable[[Status], None] | None) -> Answer:
    question = " ".join(question.split())
    if not question:
        raise RagError("the question is empty; ask something about your documents")
    if index.count_chunks() == 0:
        raise RagError(f"the index at {index.folder} is empty; add documents with `rag ingest FILE`")
    started = time.perf_counter()

    def report(stage: str, **counts) -> None:
        if on_status:
            on_status(Status(stage, time.perf_counter() - started, **counts))

    report("retrieving")
    queries = [question] + ([f"{history[-1][0]} {question}"] if history else [])
    r = cfg.retrieve
    hits = hybrid_search(index, embedder, queries, r.k, candidates=r.candidates, rrf_k=r.rrf_k, reranker=reranker)
    retrieval_seconds = time.perf_counter() - started
    if not hits or max(h.similarity for h in hits) < r.min_similarity:
        return Answer(question, DONT_KNOW, [], hits, True, None, retrieval_seconds)
    g = cfg.generate
    report("preparing", passages=len(hits))
    prompt = build_prompt(question, hits, generator, g.max_new_tokens, g.max_context_tokens, history)
    shown = dict(passages=len(prompt.hits), prompt_tokens=generator.prompt_tokens(prompt.messages) if on_status else 0)
    report("loading", **shown)

    def progress(n: int) -> None:  # 0: the model starts reading; n: it has written n tokens
        if n == 0:
            report("reading", **shown)
        else:
            report("writing", new_tokens=n, **shown)

    generation = generator.generate(prompt.messages, g.max_new_tokens, on_progress=progress if on_status else None)
    text = generation.text.strip()
    cited = cited_numbers(text, len(prompt.hits)) or attribute(text, prompt.hits)
    if says_dont_know(text) or not text:
        return Answer(question, DONT_KNOW if not text else text, [], prompt.hits, True, generation,
                      retrieval_seconds, prompt.warnings)
    # numbers the user wrote ("10-Q", "2023") or that name the files are not the model's inventions
    given = " ".join([question, *(asked for asked, _ in history or []), *(h.file for h in prompt.hits)])
    missing = unsupported_numbers(text, prompt.hits, given)
    if not cited or missing:
        why = f"states {', '.join(missing)}, found in no passage" if missing else "matches no passage"
        return Answer(question, DONT_KNOW, [], prompt.hits, True, generation, retrieval_seconds,
                      prompt.warnings + [f"the model's answer was withheld: it {why} ({' '.join(text.split())[:200]})"])
    citations = [_citation(n, prompt.hits[n - 1]) for n in cited]
    return Answer(question, text, citations, prompt.hits, False, generation, retrieval_seconds, prompt.warnings)


def cited_numbers(text: str, n_passages: int) -> list[int]:
    """Passage numbers cited as [2], [1, 3] or [1-2], in order of first mention, valid ones only."""
    found: list[int] = []
    for group in _MARKER.findall(text):
        for part in re.split(r"\s*[,;]\s*", group):
            bounds = [int(x) for x in re.split(r"\s*[-–]\s*", part)]
            for n in range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 and bounds[1] - bounds[0] < 10 else bounds:
                if 1 <= n <= n_passages and n not in found:
                    found.append(n)
    return found


def attribute(text: str, hits: list[Hit]) -> list[int]:
    """When the model cites nothing, credit each sentence to the passage that holds most of its
    content words (at least ATTRIBUTION_SHARE of them, and two or more): sources still come from
    the retrieved passages, never from the model's words about sources."""
    found: list[int] = []
    passages = [_content_words(h.text) for h in hits]
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = _content_words(sentence)
        if len(words) < 2:
            continue
        overlaps = [len(words & p) for p in passages]
        best = max(range(len(hits)), key=lambda i: overlaps[i], default=None)
        if best is not None and overlaps[best] >= 2 and overlaps[best] >= ATTRIBUTION_SHARE * len(words):
            if best + 1 not in found:
                found.append(best + 1)
    return found


def unsupported_numbers(text: str, hits: list[Hit], given: str = "") -> list[str]:
    """Numbers in the answer that appear in none of the passages nor in `given` (the question):
    a sign of an invented answer."""
    context = set(" ".join([_numbers(given), *(_numbers(h.text) for h in hits)]).split())
    claims = _LIST_ITEM.sub(" ", _MARKER.sub(" ", text))  # "1." of a numbered list states nothing
    return [n for n in dict.fromkeys(_numbers(claims).split()) if n not in context]


def _numbers(text: str) -> str:
    return " ".join(m.replace(",", "").rstrip(".") for m in _NUMBER.findall(text))


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1}


def says_dont_know(text: str) -> bool:
    """The model declined: a don't-know phrase near the start of its answer."""
    return bool(_ABSTAIN.search(text[:120]))


def _citation(n: int, hit: Hit) -> Citation:
    return Citation(n=n, file=hit.file, page=hit.page_start, page_label=hit.label_start, score=round(hit.score, 4),
                    text=hit.text, page_end=hit.page_end, label_end=hit.label_end)
