"""A small evaluation end to end: three questions, all four modes, with the fake generator (answers we can
predict, so the scores are exact) and with the tiny random transformers model and LoRA adapter."""
import json
import re

import pytest

from rag.evaluate.data import Question
from rag.evaluate.report import render_markdown, verdict, write_reports
from rag.evaluate.run import MODES, evaluate
from rag.evaluate.summary import read_run, write_run
from rag.fakes import FakeEmbedder
from rag.index import Index
from rag.indexing import ingest

REFUND = "Tuition refunds are granted in full until the end of the second week of term."
PARKING = "Parking permits cost 90 dollars per semester and are sold at the campus security office."
LIBRARY = "The library opens at 7 am on weekdays and closes at midnight during exam weeks."
QUESTIONS = [
    Question("q1", "When are tuition refunds granted in full?", REFUND, ["handbook.pdf"], [5]),
    Question("q2", "How much do parking permits cost per semester?", "Parking permits cost 90 dollars per semester.",
             ["handbook.pdf"], [3]),
    # one word the fake model can match (chancellor): it says it does not know
    Question("q3", "Who is the chancellor?", "", [], [], answerable=False),
]


@pytest.fixture
def handbook(cfg, pdf_factory):
    filler = [f"Chapter {n} overview of student services and general campus information." for n in range(4)]
    pages = ["Welcome to the college handbook.", filler[0], PARKING, filler[1], REFUND, filler[2], LIBRARY, filler[3]]
    ingest([str(pdf_factory("handbook.pdf", pages))], cfg, FakeEmbedder())
    cfg.retrieve.min_similarity = -1.0  # the fake embedder's cosines are not calibrated
    cfg.retrieve.k = 2
    cfg.eval.bootstrap_samples = 200
    return Index(cfg.index_path)


def _run(cfg, index, tmp_path, model, adapter):
    results, rows = evaluate("handbook_qa.jsonl", QUESTIONS, list(MODES.values()), cfg, FakeEmbedder(), index,
                             model=model, adapter=str(adapter))
    write_run(tmp_path / "run", results, rows)
    write_reports(tmp_path / "run", results, rows)
    return results, rows


def test_fake_generator_scores_are_exact(cfg, handbook, tmp_path):
    adapter = tmp_path / "adapter"
    adapter.mkdir()  # the fake generator ignores it; the lora modes answer as the base ones
    results, rows = _run(cfg, handbook, tmp_path, "fake", adapter)
    assert {p.name for p in (tmp_path / "run").iterdir()} == {"results.json", "answers.jsonl", "report.md",
                                                              "report.html"}
    assert len(rows) == 12 and results["questions"] == 3
    metric = lambda mode, key: results["modes"][mode]["metrics"].get(key, {}).get("mean")  # noqa: E731
    # closed-book: the fake model sees no passages and says it doesn't know: right only on the unanswerable one
    for mode in ("closed-book", "lora"):
        assert metric(mode, "correct") == pytest.approx(1 / 3)
        assert (metric(mode, "correct_abstention"), metric(mode, "false_abstention")) == (1.0, 1.0)
        assert metric(mode, "page_hit@1") is None and metric(mode, "grounded") is None
    # with retrieval it answers with the best passage's first sentence: all three right, grounded, on the gold page
    for mode in ("rag", "lora+rag"):
        assert metric(mode, "correct") == 1.0
        assert (metric(mode, "correct_abstention"), metric(mode, "false_abstention")) == (1.0, 0.0)
        assert metric(mode, "numeric") == 1.0  # q2's 90; q1 has no number
        assert metric(mode, "page_hit@10") == 1.0 and metric(mode, "file_hit@1") == 1.0
        assert metric(mode, "grounded") == 1.0 and metric(mode, "cited_gold") == 1.0
    assert metric("rag", "choice") is None  # the fake generator has no probabilities: n/a
    row = next(r for r in rows if r["mode"] == "rag" and r["id"] == "q2")
    assert row["cited"] == [["handbook.pdf", 3, 3]] and row["correct"] == 1 and row["rank_page"] >= 1
    # rag - closed-book on "correct": +1, +1, 0 -> two non-zero differences, p = 2/4: not significant
    test = next(t for t in results["tests"] if t["metric"] == "correct" and {t["a"], t["b"]} == {"rag", "closed-book"})
    assert (test["p_value"], test["significant"]) == (0.5, False)
    text = verdict(results)
    assert text.startswith("On 3 questions, **rag** answers best: 100% correct")
    assert "no significant difference" in text and "Fine-tuning alone scores below retrieval alone" in text
    # report re-rendered from the saved run is the same
    saved, saved_rows = read_run(tmp_path / "run")
    assert render_markdown(saved, saved_rows) == (tmp_path / "run" / "report.md").read_text()
    answers = [json.loads(line) for line in (tmp_path / "run" / "answers.jsonl").read_text().splitlines()]
    assert {"question", "gold", "answer", "correct", "cited", "seconds", "prompt_tokens", "new_tokens"} <= set(answers[0])


def test_tiny_model_and_adapter_in_all_four_modes(cfg, handbook, tmp_path):
    pytest.importorskip("peft")
    from tests.tiny_llm import build_tiny_chat_model, build_tiny_lora_adapter

    base = build_tiny_chat_model(tmp_path / "tiny")
    adapter = build_tiny_lora_adapter(base, tmp_path / "tiny-lora")
    cfg.generate.max_new_tokens = 6
    cfg.generate.max_context_tokens = 480
    results, rows = _run(cfg, handbook, tmp_path, str(base), adapter)
    assert len(rows) == 12
    for mode in MODES:  # the multiple-choice score comes from the transformers model in every mode
        choice = results["modes"][mode]["metrics"]["choice"]
        assert choice["n"] == 2 and choice["mean"] in (0.0, 0.5, 1.0)
        assert results["modes"][mode]["cost"]["new_tokens"] == 6
    by = {(r["mode"], r["id"]): r["answer"] for r in rows}
    assert any(by["closed-book", q.id] != by["lora", q.id] for q in QUESTIONS)  # the adapter changes the answers
    html = (tmp_path / "run" / "report.html").read_text()
    assert html.count("<svg") == 3
    assert not re.search(r"""(src|href)=["']?https?:|<link|@import|url\((?!#)""", html)  # self-contained


def test_with_an_adapter_every_mode_runs_its_base_model_on_transformers(tmp_path):
    import json

    from rag.config import load_config
    from rag.evaluate.run import MODES, same_base

    base = tmp_path / "base"
    base.mkdir()
    adapter = tmp_path / "store" / "hb"
    adapter.mkdir(parents=True)
    (adapter / "adapter_config.json").write_text("{}")
    (adapter / "manifest.json").write_text(json.dumps(
        {"name": "hb", "base_model": {"name": "base", "path": str(base), "hash_kind": "files-sha256"}}))
    cfg = load_config(overrides=[f"tune.adapters_dir={tmp_path / 'store'}"])
    both = [MODES["rag"], MODES["lora"]]
    assert same_base(cfg, both, None, "hb") == (str(base), "transformers")
    assert same_base(cfg, both, "/other", "hb") == ("/other", "transformers")  # --model wins
    assert same_base(cfg, [MODES["rag"]], None, None) == (None, cfg.generate.backend)  # no adapter: as configured
