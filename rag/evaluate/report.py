"""The verdict (one paragraph, derived from the numbers) and report.md; report.html is in rag.evaluate.html.

The verdict answers the product's question: on these documents, which mode answers best, by how much,
with what uncertainty, whether the difference from the runner-up is significant, and at what cost.
It ranks modes by the headline metric ("correct", see rag.evaluate.run.is_correct) and says "no
significant difference" when the paired test says so (p >= 0.05). When both are measured, it says
how fine-tuning alone (lora) fares against retrieval alone (rag), losses included.
"""
from __future__ import annotations

from pathlib import Path

from rag.evaluate.summary import LABELS, METRICS, paired_for

HEADLINE = "correct"


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def num(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def ci_text(ci) -> str:
    return f"95% CI {pct(ci[0])}–{pct(ci[1])}" if ci else "no CI"


def headline(results: dict, mode: str) -> dict | None:
    return results["modes"][mode]["metrics"].get(HEADLINE)


def verdict(results: dict) -> str:
    modes = [m for m in results["modes"] if headline(results, m)]
    if not modes:
        return "No question was scored: there is nothing to compare."
    ranked = sorted(modes, key=lambda m: -headline(results, m)["mean"])
    best, h = ranked[0], headline(results, ranked[0])
    n = results["questions"]
    text = [f"On {n} question{'s' * (n != 1)}, **{best}** answers best: {pct(h['mean'])} correct ({ci_text(h['ci'])})."]
    if len(ranked) > 1:
        text.append(_versus(results, best, ranked[1]))
    text.append(_cost(results, best, ranked[1] if len(ranked) > 1 else None))
    if "rag" in modes and "lora" in modes:
        text.append(_tuning_vs_retrieval(results))
    if "rag" in modes and "lora+rag" in modes:
        t = paired_for(results, HEADLINE, "lora+rag", "rag")
        if t:
            text.append(f"Adding the adapter to retrieval (lora+rag vs rag) changes correctness by "
                        f"{_points(t['diff'])} ({_significance(t)}).")
    return " ".join(text)


def _points(diff: float) -> str:
    if round(100 * diff) == 0:
        return "±0 points"
    return f"{'+' if diff > 0 else '−'}{abs(100 * diff):.0f} points"


def _significance(t: dict) -> str:
    span = f"95% CI {_points(t['ci'][0])} to {_points(t['ci'][1])}, p = {t['p_value']:.3g}"
    return f"significant: {span}" if t["significant"] else f"no significant difference: {span}"


def _versus(results: dict, best: str, second: str) -> str:
    t = paired_for(results, HEADLINE, best, second)
    other = pct(headline(results, second)["mean"])
    if not t:
        return f"Next is {second} with {other}."
    if t["significant"]:
        return (f"That is {_points(t['diff'])} over the next best, {second} ({other}); the difference is significant "
                f"(paired sign-flip test on the same questions, 95% CI {_points(t['ci'][0])} to {_points(t['ci'][1])}, "
                f"p = {t['p_value']:.3g}).")
    return (f"The next best, {second}, has {other}: there is no significant difference between {best} and {second} "
            f"(difference {_points(t['diff'])}, 95% CI {_points(t['ci'][0])} to {_points(t['ci'][1])}, "
            f"p = {t['p_value']:.3g}); more questions would be needed to tell them apart.")


def _cost(results: dict, best: str, second: str | None) -> str:
    c = results["modes"][best]["cost"]
    text = f"Its cost: {num(c['latency_p50'], 1)} s per answer (median; p95 {num(c['latency_p95'], 1)} s)"
    if second:
        text += f" against {num(results['modes'][second]['cost']['latency_p50'], 1)} s for {second}"
    training = adapter_training(results)
    if training and training.get("seconds") is not None:
        text += (f"; the adapter took {num(training['seconds'] / 60, 1)} min of training "
                 f"({training.get('train_tokens') or 'n/a'} tokens, {training.get('steps') or 'n/a'} steps)")
    return text + "."


def _tuning_vs_retrieval(results: dict) -> str:
    t = paired_for(results, HEADLINE, "lora", "rag")
    lora, rag = pct(headline(results, "lora")["mean"]), pct(headline(results, "rag")["mean"])
    if t is None:
        return f"Fine-tuning alone (lora) scores {lora}, retrieval alone (rag) {rag}."
    if t["diff"] < 0 and t["significant"]:
        head = f"Fine-tuning loses to retrieval on these facts: lora {lora} vs rag {rag} correct"
    elif t["diff"] < 0:
        head = f"Fine-tuning alone scores below retrieval alone: lora {lora} vs rag {rag} correct"
    elif t["diff"] > 0:
        head = f"Fine-tuning {'beats' if t['significant'] else 'scores above'} retrieval here: lora {lora} vs rag {rag} correct"
    else:
        head = f"Fine-tuning and retrieval score the same: {lora} correct each"
    return f"{head} ({_significance(t)})."


# -- report.md ----------------------------------------------------------------------------------------------
def metric_cell(entry: dict | None, share: bool = True) -> str:
    if not entry:
        return "n/a"
    fmt = pct if share else num
    return f"{fmt(entry['mean'])} [{fmt(entry['ci'][0])}, {fmt(entry['ci'][1])}] (n={entry['n']})"


def metrics_rows(results: dict) -> list[tuple[str, list[str]]]:
    """(label, one cell per mode) for each metric some mode has."""
    modes = list(results["modes"])
    out = []
    for key, label, _ in METRICS:
        cells = [results["modes"][m]["metrics"].get(key) for m in modes]
        if any(cells):
            out.append((label, [metric_cell(c, share=key != "semantic") for c in cells]))
    return out


def cost_rows(results: dict) -> list[tuple[str, list[str]]]:
    modes = results["modes"].values()
    rows = [("latency p50 (s)", [num(m["cost"]["latency_p50"]) for m in modes]),
            ("latency p95 (s)", [num(m["cost"]["latency_p95"]) for m in modes]),
            ("time to first token p50 (s)", [num(m["cost"]["first_token_p50"]) for m in modes]),
            ("prompt tokens (mean)", [num(m["cost"]["prompt_tokens"], 0) for m in modes]),
            ("generated tokens (mean)", [num(m["cost"]["new_tokens"], 0) for m in modes]),
            ("decode tokens/s", [num(m["cost"]["tokens_per_second"], 1) for m in modes])]
    if any(m["cost"].get("training") for m in modes):
        rows.append(("adapter training (s, tokens)", [
            f"{num((m['cost']['training'] or {}).get('seconds'), 0)} s, "
            f"{(m['cost']['training'] or {}).get('train_tokens') or 'n/a'}" if m["cost"].get("training") else "—"
            for m in modes]))
    return rows


def tests_rows(results: dict) -> list[list[str]]:
    return [[LABELS[t["metric"]], f"{t['a']} − {t['b']}", str(t["n"]), f"{100 * t['diff']:+.1f} pts",
             f"{100 * t['ci'][0]:+.1f} to {100 * t['ci'][1]:+.1f}", f"{t['p_value']:.3g}",
             "significant" if t["significant"] else "no significant difference"] for t in results["tests"]]


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    lines = ["| " + " | ".join(map(esc, head)) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(map(esc, r)) + " |" for r in rows])


def pages_text(cited: list) -> str:
    return ", ".join(f"{f} p. {a}" if a == b else f"{f} pp. {a}-{b}" for f, a, b in cited) or "—"


def settings_line(results: dict) -> str:
    s = results["settings"]
    return (f"data `{s['data']}` · {results['questions']} questions · model `{s['model']}`"
            f"{' · adapter `' + s['adapter'] + '`' + _adapter_kind(results) if s.get('adapter') else ''} · "
            f"embedder `{s['embedder']}` · "
            f"k={s['k']} · bootstrap {s['bootstrap_samples']} samples, seed {s['seed']} · {s['date']}")


def adapter_training(results: dict) -> dict | None:
    """The adapter's training cost and data (rag.evaluate.run.adapter_cost), as the lora modes carry it."""
    return next((results["modes"][m]["cost"].get("training") for m in results["modes"] if m.startswith("lora")
                 and results["modes"][m]["cost"].get("training")), None)


def _adapter_kind(results: dict) -> str:
    """" (retrieval-aware: ...)" when RAFT examples trained the adapter: its lora+rag is the RAFT mode."""
    training = adapter_training(results)
    raft = (training or {}).get("raft_examples") or 0
    if not raft:
        return ""
    return (f" (retrieval-aware: {raft} of {training.get('train_examples') or '?'} training examples are RAFT, "
            "the answer among distractor passages; lora+rag is the RAFT mode)")


def render_markdown(results: dict, rows: list[dict]) -> str:
    modes = list(results["modes"])
    parts = [f"# Evaluation: {results['settings']['name']}", verdict(results), settings_line(results),
             "## Metrics (mean [95% CI] (questions scored))",
             _md_table(["metric", *modes], [[label, *cells] for label, cells in metrics_rows(results)]),
             "## Cost", _md_table(["", *modes], [[label, *cells] for label, cells in cost_rows(results)]),
             "## Paired tests (same questions, sign-flip permutation test)",
             _md_table(["metric", "modes", "n", "difference", "95% CI", "p", ""], tests_rows(results))]
    if results.get("skipped"):
        parts += ["## Skipped (documents not in the index)",
                  "\n".join(f"- {s['id']}: {s['question']} ({', '.join(s['files'])})" for s in results["skipped"])]
    by_q: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_q.setdefault(r["id"], {})[r["mode"]] = r
    table = []
    for answers in by_q.values():
        first = next(iter(answers.values()))
        cells = [f"{'✓' if a['correct'] else '✗'} {a['answer'][:200]} ({pages_text(a['cited'])})" if a else ""
                 for a in (answers.get(m) for m in modes)]
        table.append([first["question"], first["gold"][:200] or "(unanswerable)", *cells])
    parts += ["## Answers", _md_table(["question", "gold", *modes], table)]
    return "\n\n".join(parts) + "\n"


def write_reports(folder: Path, results: dict, rows: list[dict]) -> list[Path]:
    from rag.evaluate.html import render_html

    md, html = folder / "report.md", folder / "report.html"
    md.write_text(render_markdown(results, rows), encoding="utf-8")
    html.write_text(render_html(results, rows), encoding="utf-8")
    return [md, html]
