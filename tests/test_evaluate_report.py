"""The verdict's wording follows the numbers: significant wins, "no significant difference", fine-tuning
losing to retrieval; summaries from constructed rows."""
from rag.evaluate.report import render_markdown, verdict
from rag.evaluate.summary import paired_for, summarize


def _row(qid, mode, correct, seconds=1.0):
    return {"id": qid, "mode": mode, "question": f"q{qid}?", "gold": "g", "answer": "a", "correct": correct,
            "abstained": False, "f1": float(correct), "exact": 0.0, "numeric": None, "facts": None, "semantic": None,
            "choice": None, "correct_abstention": None, "false_abstention": 0.0, "grounded": None,
            "cited_gold": None, "cited": [], "rank_page": 1 if mode == "rag" else None, "rank_file": None,
            "seconds": seconds, "prompt_tokens": 10, "new_tokens": 5, "generation_seconds": 0.5,
            "first_token_seconds": 0.1, "gold_pages": [1]}


def _results(scores: dict[str, list[int]], raft: int = 0):
    rows = [_row(str(i), mode, c, seconds=2.0 if mode == "rag" else 1.0)
            for mode, cs in scores.items() for i, c in enumerate(cs)]
    training = {"seconds": 600.0, "train_tokens": 12000, "steps": 40, "train_examples": 300, "raft_examples": raft}
    results = {"settings": {"name": "t", "data": "t.jsonl", "model": "m", "adapter": "hb", "embedder": "e", "k": 4,
                            "bootstrap_samples": 500, "seed": 0, "date": "2026-12-01"},
               "questions": len(next(iter(scores.values()))), "skipped": [],
               **summarize(rows, list(scores), samples=500, seed=0, training=training)}
    return results, rows


def test_a_significant_win_and_fine_tuning_losing():
    results, rows = _results({"rag": [1] * 8, "lora": [0] * 7 + [1]})
    text = verdict(results)
    assert text.startswith("On 8 questions, **rag** answers best: 100% correct (95% CI 100%–100%).")
    assert "That is +88 points over the next best, lora (12%); the difference is significant" in text
    assert "p = 0.0156" in text  # 7 non-zero differences of one sign, exact: 2 / 128
    assert "Fine-tuning loses to retrieval on these facts: lora 12% vs rag 100% correct (significant" in text
    assert "2.0 s per answer" in text and "the adapter took 10.0 min of training (12000 tokens, 40 steps)" in text
    assert results["modes"]["rag"]["cost"]["tokens_per_second"] == 10.0
    assert results["modes"]["rag"]["metrics"]["page_mrr"]["mean"] == 1.0
    t = paired_for(results, "correct", "lora", "rag")
    assert t["diff"] == -0.875 and t["ci"][1] <= 0 and t["a"] == "lora"
    assert "| correct (headline) | rag − lora | 8 | +87.5 pts |" in render_markdown(results, rows)


def test_no_significant_difference_is_said():
    results, _ = _results({"closed-book": [1, 0, 1, 0], "rag": [1, 1, 0, 1]})
    text = verdict(results)
    assert "**rag** answers best: 75% correct" in text
    assert "there is no significant difference between rag and closed-book" in text and "p = 1)" in text  # +1, -1, +1: every flip sums to 1 or more


def test_a_retrieval_aware_adapter_is_named_so():
    plain, rows = _results({"rag": [1, 0], "lora+rag": [1, 1]})
    assert "retrieval-aware" not in render_markdown(plain, rows)
    raft, rows = _results({"rag": [1, 0], "lora+rag": [1, 1]}, raft=120)
    assert "adapter `hb` (retrieval-aware: 120 of 300 training examples are RAFT" in render_markdown(raft, rows)
