"""From rows (one per question and mode) to results: per-mode means with bootstrap intervals, costs, and
paired tests between modes; and the run folder's results.json and answers.jsonl, written and read back."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

from rag.errors import RagError
from rag.evaluate import stats
from rag.evaluate.metrics import hit_at, reciprocal_rank

HITS = (1, 3, 5, 10)
# key, label, higher is better; the order of the report's tables
METRICS = [
    ("correct", "correct (headline)", True),
    ("exact", "exact match", True),
    ("f1", "token F1", True),
    ("numeric", "numeric match", True),
    ("headline", "headline number", True),
    ("facts", "key facts stated", True),
    ("semantic", "semantic similarity", True),
    ("choice", "multiple choice (log-likelihood)", True),
    ("correct_abstention", "correct abstention (unanswerable)", True),
    ("false_abstention", "false abstention (answerable)", False),
    ("grounded", "grounded sentences", True),
    ("cited_gold", "citations on a gold page", True),
    *((f"page_hit@{k}", f"page hit@{k}", True) for k in HITS), ("page_mrr", "page MRR", True),
    *((f"file_hit@{k}", f"file hit@{k}", True) for k in HITS), ("file_mrr", "file MRR", True),
]
LABELS = {key: label for key, label, _ in METRICS}
TESTED = ("correct", "f1", "numeric", "semantic", "choice", "grounded")  # paired tests between modes


def value(row: dict, key: str) -> float | None:
    """A row's score for a metric; the retrieval ones derived from its ranks."""
    if key.startswith(("page_", "file_")):
        level, metric = key.split("_", 1)
        rank = row[f"rank_{level}"]
        return reciprocal_rank(rank) if metric == "mrr" else hit_at(rank, int(metric.split("@")[1]))
    v = row.get(key)
    return None if v is None else float(v)


def summarize(rows: list[dict], modes: list[str], samples: int = 1000, seed: int = 0,
              training: dict | None = None) -> dict:
    """{"modes": {mode: {"n", "metrics": {key: {"mean", "ci", "n"}}, "cost"}}, "tests": [...]}."""
    out = {"modes": {}, "tests": []}
    for mode in modes:
        mine = [r for r in rows if r["mode"] == mode]
        table = {}
        for key, _, _ in METRICS:
            vals = [v for v in (value(r, key) for r in mine) if v is not None]
            if vals:
                table[key] = {"mean": stats.mean(vals), "ci": list(stats.bootstrap_ci(vals, samples, seed)),
                              "n": len(vals)}
        out["modes"][mode] = {"n": len(mine), "metrics": table,
                              "cost": cost(mine, training if mode.startswith("lora") else None)}
    for key in TESTED:
        for a, b in itertools.combinations(modes, 2):
            pa, pb = _scores(rows, a, key), _scores(rows, b, key)
            both = [q for q in pa if q in pb]
            test = stats.paired_test([pa[q] for q in both], [pb[q] for q in both], samples, seed)
            if test:
                out["tests"].append({"metric": key, "a": a, "b": b, **test.as_dict()})
    return out


def _scores(rows: list[dict], mode: str, key: str) -> dict[str, float]:
    return {r["id"]: v for r in rows if r["mode"] == mode and (v := value(r, key)) is not None}


def cost(rows: list[dict], training: dict | None) -> dict:
    """Latency p50/p95 (s), time to first token p50, mean prompt and new tokens, decode tokens/s over all
    answers (new tokens / generation seconds), and the adapter's training cost (lora modes)."""
    seconds = [r["seconds"] for r in rows]
    generated = [r for r in rows if r["new_tokens"]]
    gen_s = sum(r["generation_seconds"] for r in generated)
    return {
        "latency_p50": stats.percentile(seconds, 50), "latency_p95": stats.percentile(seconds, 95),
        "first_token_p50": stats.percentile([r["first_token_seconds"] for r in generated], 50),
        "prompt_tokens": stats.mean([r["prompt_tokens"] for r in generated]),
        "new_tokens": stats.mean([r["new_tokens"] for r in generated]),
        "tokens_per_second": sum(r["new_tokens"] for r in generated) / gen_s if gen_s > 0 else None,
        "training": training,
    }


def paired_for(results: dict, metric: str, a: str, b: str) -> dict | None:
    """The paired test of metric between modes a and b, oriented a - b."""
    for t in results["tests"]:
        if t["metric"] == metric and {t["a"], t["b"]} == {a, b}:
            if t["a"] == a:
                return t
            return {**t, "a": a, "b": b, "diff": -t["diff"], "ci": [-t["ci"][1], -t["ci"][0]]}
    return None


# -- the run folder ---------------------------------------------------------------------------------------
RESULTS, ANSWERS = "results.json", "answers.jsonl"


def write_run(folder: Path, results: dict, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / RESULTS).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    with open(folder / ANSWERS, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_run(folder: Path) -> tuple[dict, list[dict]]:
    try:
        results = json.loads((folder / RESULTS).read_text(encoding="utf-8"))
        rows = [json.loads(line) for line in (folder / ANSWERS).read_text(encoding="utf-8").splitlines() if line]
    except FileNotFoundError as exc:
        raise RagError(f"{folder} is not an evaluation run: {Path(exc.filename).name} is missing "
                       "(rag eval DATA --out FOLDER writes one)") from None
    except ValueError as exc:
        raise RagError(f"{folder}: unreadable results ({exc})") from None
    return results, rows
