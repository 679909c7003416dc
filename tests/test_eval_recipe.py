"""bench/eval_recipe.py with fakes: no LangChain, no model. The recipe's reply becomes rag eval's row,
its sources become citations, a failure counts as wrong, and a rag run merges beside it."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from rag.evaluate.data import Question
from rag.evaluate.summary import write_run
from rag.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def recipe():
    spec = importlib.util.spec_from_file_location("eval_recipe", ROOT / "bench" / "eval_recipe.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_recipe"] = module  # its dataclass looks its module up while being defined
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("eval_recipe", None)


def _doc(source: str, page0: int, text: str):
    return SimpleNamespace(metadata={"source": source, "page": page0}, page_content=text)


class _Index:
    """query_with_sources returns `out` or raises it."""

    def __init__(self, out):
        self.out = out

    def query_with_sources(self, question, llm, **kwargs):
        if isinstance(self.out, Exception):
            raise self.out
        return self.out


class _Timing:
    def reset(self):
        self.prompt = self.reply = self.start = self.first = self.end = None


ANSWERABLE = Question("q1", "When is the fee due?", "The fee is due on March 31, 2027.", [], [2], True,
                      ["March 31, 2027"])
UNANSWERABLE = Question("q2", "What is the mascot?", "The handbook does not say.", [], [], False)
DOCS = [_doc("data/a.pdf", 1, "The fee is due on March 31, 2027."), _doc("data/b.pdf", 4, "Parking costs $90."),
        _doc("data/a.pdf", 7, "Other text.")]


def test_citations_are_the_shown_chunks_of_the_named_files(recipe):
    cited = recipe.citations_for("data/a.pdf", DOCS)
    assert [(c.n, c.file, c.page, c.page_end) for c in cited] == [(1, "a.pdf", 2, 2), (3, "a.pdf", 8, 8)]
    assert recipe.citations_for("", DOCS) == []


def test_an_answer_is_scored_as_rag_eval_scores_it(recipe):
    out = {"answer": " It is due on March 31, 2027.\n", "sources": "data/a.pdf", "source_documents": DOCS}
    reply = recipe.ask(_Index(out), None, None, _Timing(), ANSWERABLE.question, 4)
    row = recipe.recipe_row(ANSWERABLE, reply, 1.5, [("b.pdf", 5, 5), ("a.pdf", 2, 2)], FakeEmbedder())
    assert row["mode"] == "recipe" and row["answer"] == "It is due on March 31, 2027."
    assert row["correct"] == 1 and row["facts"] == 1.0 and not row["abstained"]
    assert row["cited_gold"] == 0.5 and row["rank_page"] == 2 and row["grounded"] == 1.0
    assert row["sources"] == "data/a.pdf" and row["error"] is None and row["seconds"] == 1.5


def test_a_failure_is_an_empty_wrong_answer_not_an_abstention(recipe):
    reply = recipe.ask(_Index(ValueError("bad reply")), None, None, _Timing(), UNANSWERABLE.question, 4)
    assert (reply.answer, reply.error, reply.abstained, reply.generation) == ("", "ValueError", False, None)
    row = recipe.recipe_row(UNANSWERABLE, reply, 2.0, [], FakeEmbedder())
    assert row["correct"] == 0 and row["error"] == "ValueError"


def test_dont_know_is_an_abstention(recipe):
    out = {"answer": " I don't know.", "sources": "", "source_documents": DOCS}
    reply = recipe.ask(_Index(out), None, None, _Timing(), UNANSWERABLE.question, 4)
    assert reply.abstained and reply.citations == []
    assert recipe.recipe_row(UNANSWERABLE, reply, 1.0, [], FakeEmbedder())["correct"] == 1


def test_merge_keeps_the_questions_both_runs_answered(recipe, tmp_path):
    from rag.config import Config
    from rag.evaluate.run import score_row

    embedder = FakeEmbedder()
    rag_reply = recipe.Reply("The fee is due on March 31, 2027.", False, [], None)
    rag_rows = [score_row(q, "rag", rag_reply, 1.0, [], embedder, None) for q in (ANSWERABLE, UNANSWERABLE)]
    settings = {"name": "qa", "data": "qa.jsonl", "modes": ["rag"], "model": "m", "adapter": None,
                "backend": "llama.cpp", "embedder": "fake", "k": 4, "depth": 10, "choices": 0, "bootstrap_samples": 100,
                "seed": 0,
                "date": "2026-01-01", "index": None}
    write_run(tmp_path, {"settings": settings, "questions": 2, "skipped": [], "modes": {"rag": {"cost": {}}}}, rag_rows)
    out = {"answer": "March 31, 2027.", "sources": "", "source_documents": []}
    reply = recipe.ask(_Index(out), None, None, _Timing(), ANSWERABLE.question, 4)
    rows = [recipe.recipe_row(ANSWERABLE, reply, 3.0, [], embedder)]
    results = recipe.recipe_results("qa.jsonl", [ANSWERABLE], [], rows, Config(),
                                    {"model": "m", "backend": "llama.cpp", "k": 4, "embedder": "fake",
                                     "recipe": {"chunks": 3}})
    merged, merged_rows = recipe.merge(tmp_path, results, rows)
    assert list(merged["modes"]) == ["rag", "recipe"] and merged["questions"] == 1
    assert {(r["id"], r["mode"]) for r in merged_rows} == {("q1", "rag"), ("q1", "recipe")}
    assert merged["settings"]["recipe"] == {"data": "qa.jsonl", "model": "m", "backend": "llama.cpp", "k": 4,
                                            "date": results["settings"]["date"], "chunks": 3}
