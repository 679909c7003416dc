"""Answer every question in every mode and score each answer: one row per question and mode.

Modes: closed-book (the base model alone, retrieval off), rag (base model + retrieval: sticky notes),
lora (the adapter, retrieval off: weight changes), lora+rag (both), all on one model and backend
(same_base). Each mode's generator is built once; a model (transformers or llama.cpp) is loaded once per
process and shared by modes with the same adapter. Retrieval ranks (hit@k, MRR) come from
rag.retrieve.hybrid_search at `depth` passages, once per question (they don't depend on the model); the
answer itself uses retrieve.k passages, as `rag ask`.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Callable

from rag.config import Config
from rag.errors import RagError
from rag.evaluate import metrics as m
from rag.evaluate.data import Question


@dataclass(frozen=True)
class Mode:
    name: str
    retrieval: bool  # the answer reads passages (sticky notes)
    tuned: bool  # the answer comes from the model with the LoRA adapter (weight changes)


MODES = {"closed-book": Mode("closed-book", False, False), "rag": Mode("rag", True, False),
         "lora": Mode("lora", False, True), "lora+rag": Mode("lora+rag", True, True)}


def parse_modes(text: str, adapter: str | None) -> list[Mode]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in MODES]
    if unknown or not names:
        raise RagError(f"unknown mode '{unknown[0] if unknown else text}'; modes are {', '.join(MODES)} "
                       "(comma-separated)")
    modes = [MODES[n] for n in dict.fromkeys(names)]
    tuned = [mode.name for mode in modes if mode.tuned]
    if tuned and not adapter:
        raise RagError(f"mode {tuned[0]} needs --adapter NAME (a name from `rag adapters list`, or an adapter folder)")
    return modes


@dataclass
class Progress:
    """For a progress line: the mode, questions done of total, share answered correctly so far."""

    mode: str
    done: int
    total: int
    correct: float


def is_correct(q: Question, abstained: bool, facts: float | None, numeric: float | None, f1: float) -> bool:
    """The headline score. Unanswerable: the model abstained. Answerable: it did not abstain and states
    every key fact (when the set lists them), else every key number (numeric match, when the reference
    has numbers), else its token F1 with the reference is at least 0.5."""
    if not q.answerable:
        return abstained
    if abstained:
        return False
    if facts is not None:
        return facts == 1.0
    return numeric == 1.0 if numeric is not None else f1 >= 0.5


def same_base(cfg: Config, modes: list[Mode], model: str | None, adapter: str | None,
              on_status: Callable[[str], None] | None = None) -> tuple[str | None, str]:
    """(model, backend) for every mode, so the modes differ only in retrieval and weights, not in the model
    or its arithmetic. With an adapter: its own base model (unless --model says otherwise), on the backend
    generate.backend picks for base + adapter (rag.build.backend_for): llama.cpp where it runs the base's
    GGUF and the adapter converts to a GGUF LoRA (closed-book and rag then run that GGUF alone, the lora
    modes with the LoRA), else transformers for every mode; an adapter llama.cpp can't take is said why
    on on_status (else a RuntimeWarning) once, here."""
    if not adapter or not any(mode.tuned for mode in modes) or (model or cfg.generate.model) == "fake":
        return model, cfg.generate.backend
    from rag.build import backend_for
    from rag.tune.adapters import resolve_adapter, trained_base

    folder = resolve_adapter(adapter, cfg.tune.adapters_dir)
    base = model or trained_base(folder)
    g = cfg.generate
    return base, backend_for(base or g.model, str(folder), g.device, g.backend, on_status)


def run_eval(questions: list[Question], modes: list[Mode], cfg: Config, embedder, index, model: str | None,
             backend: str, adapter: str | None = None, depth: int = 10, choices: int = 3,
             on_progress: Callable[[Progress], None] | None = None, seed: int = 0) -> list[dict]:
    """Rows (see score_row) for every question in every mode, mode by mode, on the model and backend
    that same_base resolved for the modes."""
    from rag.build import generator_from
    from rag.evaluate.choice import options_for

    if any(mode.retrieval for mode in modes) and index is None:
        raise RagError("modes with retrieval need an index")
    options = options_for(questions, choices, seed) if choices else {}
    rankings: dict[str, list] = {}
    rows = []
    for mode in modes:
        mode_cfg = dataclasses.replace(cfg, generate=dataclasses.replace(cfg.generate, adapter=None, backend=backend))
        generator = generator_from(mode_cfg, model, adapter if mode.tuned else None)
        scorer = _scorer(generator, options)
        correct = 0
        for done, q in enumerate(questions, start=1):
            if mode.retrieval and q.id not in rankings:
                rankings[q.id] = _ranking(q, index, embedder, cfg, depth)
            row = answer_and_score(q, mode, cfg, generator, embedder, index, rankings.get(q.id) if mode.retrieval else None, scorer,
                                   options.get(q.id))
            rows.append(row)
            correct += row["correct"]
            if on_progress:
                on_progress(Progress(mode.name, done, len(questions), correct / done))
    return rows


def _scorer(generator, options: dict):
    from rag.evaluate.choice import scorer_for

    return scorer_for(generator) if options else None


def _ranking(q: Question, index, embedder, cfg: Config, depth: int) -> list[tuple[str, int, int]]:
    from rag.retrieve import hybrid_search

    r = cfg.retrieve
    hits = hybrid_search(index, embedder, q.question, depth, candidates=max(r.candidates, depth), rrf_k=r.rrf_k)
    return [(h.file, h.page_start, h.page_end) for h in hits]


def answer_and_score(q: Question, mode: Mode, cfg: Config, generator, embedder, index, ranking, scorer,
                     options: list[str] | None) -> dict:
    from rag.answer import answer_question

    started = time.perf_counter()
    result = answer_question(q.question, index, embedder, generator, cfg, retrieval=mode.retrieval)
    seconds = time.perf_counter() - started
    choice = None
    if scorer is not None and options:
        from rag.evaluate.choice import choice_score

        choice = choice_score(scorer, _messages(q, mode, result, generator, cfg), options)
    return score_row(q, mode.name, result, seconds, ranking, embedder, choice)


def _messages(q: Question, mode: Mode, result, generator, cfg: Config) -> list[dict]:
    """The prompt the mode's model read (rebuilt from the passages it was shown)."""
    from rag.periods import spelled_dates
    from rag.prompt import build_closed_book_prompt, build_prompt

    g = cfg.generate
    if mode.retrieval:  # the question as answer_question reads it ("at 7/1/23": "at July 1, 2023")
        return build_prompt(spelled_dates(" ".join(q.question.split())), result.passages, generator, g.max_new_tokens, g.max_context_tokens).messages
    return build_closed_book_prompt(q.question, generator, g.max_new_tokens, g.max_context_tokens).messages


def score_row(q: Question, mode: str, result, seconds: float, ranking, embedder, choice: float | None) -> dict:
    """One question in one mode: the answer, its scores (None: not applicable) and its cost."""
    answer = result.answer
    answerable = q.answerable
    facts = m.facts_recall(answer, q.facts) if answerable else None
    numeric = m.numeric_match(answer, q.answer, q.question) if answerable else None
    f1 = m.token_f1(answer, q.answer)
    cited = [(c.file, c.page, c.page_end or c.page) for c in result.citations]
    rank_page = m.first_rank(ranking, q.files, q.pages) if ranking is not None and q.pages else None
    rank_file = m.first_rank(ranking, q.files, []) if ranking is not None and q.files else None
    vectors = embedder.encode([answer, q.answer]) if q.answer.strip() else None
    g = result.generation
    retrieval = ranking is not None
    return {
        "id": q.id, "mode": mode, "question": q.question, "gold": q.answer, "answerable": answerable,
        "gold_files": q.files, "gold_pages": q.pages, "answer": answer, "abstained": result.abstained,
        "correct": int(is_correct(q, result.abstained, facts, numeric, f1)),
        "exact": m.exact_match(answer, q.answer) if answerable else None, "f1": f1 if answerable else None,
        "numeric": numeric, "headline": m.headline_match(answer, q.answer, q.question) if answerable else None,
        "facts": facts,
        "semantic": m.cosine(vectors[0], vectors[1]) if vectors is not None and answerable else None,
        "choice": choice,
        "correct_abstention": float(result.abstained) if not answerable else None,
        "false_abstention": float(result.abstained) if answerable else None,
        "grounded": (m.grounded_share(answer, [c.text for c in result.citations])
                     if retrieval and not result.abstained else None),
        "cited_gold": m.cited_gold_share(cited, q.files, q.pages) if retrieval else None,
        "cited": [list(c) for c in cited], "rank_page": rank_page, "rank_file": rank_file,
        "seconds": round(seconds, 3), "prompt_tokens": g.prompt_tokens if g else 0, "new_tokens": g.new_tokens if g else 0,
        "generation_seconds": round(g.seconds_total, 3) if g else 0.0,
        "first_token_seconds": round(g.seconds_to_first_token, 3) if g else 0.0,
        "warnings": list(getattr(result, "warnings", None) or []),  # why withheld, what the guard set aside
    }


def adapter_cost(cfg: Config, adapter: str | None) -> dict | None:
    """The adapter's training cost from its manifest (seconds, tokens, steps, peak memory) and how many of its
    training examples were retrieval-aware (RAFT: the answer among distractor passages), or None."""
    if not adapter:
        return None
    from rag.tune.adapters import read_manifest, resolve_adapter

    try:
        manifest = read_manifest(resolve_adapter(adapter, cfg.tune.adapters_dir)) or {}
    except RagError:
        return None
    cost = dict(manifest.get("cost") or {})
    metrics = manifest.get("metrics") or {}
    if not cost and not metrics:
        return None
    data = manifest.get("data") or {}
    return {**cost, "steps": metrics.get("steps"), "best_val_loss": metrics.get("best_val_loss"),
            "train_examples": data.get("train_examples"), "raft_examples": (data.get("kinds") or {}).get("raft", 0)}


def evaluate(data: str, questions: list[Question], modes: list[Mode], cfg: Config, embedder, index=None,
             model: str | None = None, adapter: str | None = None, skipped: list[Question] | None = None,
             on_progress: Callable[[Progress], None] | None = None,
             on_status: Callable[[str], None] | None = None) -> tuple[dict, list[dict]]:
    """Run every mode over the questions and summarize: (results, rows) as results.json and answers.jsonl
    hold them. on_status hears why an adapter runs on transformers when llama.cpp can't take it (see same_base)."""
    from datetime import date
    from pathlib import Path

    from rag.evaluate.summary import summarize

    e = cfg.eval
    model, backend = same_base(cfg, modes, model, adapter, on_status)
    rows = run_eval(questions, modes, cfg, embedder, index, model, backend, adapter, e.depth, e.choices, on_progress,
                    e.seed)
    settings = {"name": Path(data).stem, "data": str(data), "modes": [mode.name for mode in modes],
                "model": model or cfg.generate.model, "adapter": adapter, "backend": backend,
                "embedder": getattr(embedder, "name", "?"), "k": cfg.retrieve.k, "depth": e.depth,
                "choices": e.choices, "bootstrap_samples": e.bootstrap_samples, "seed": e.seed,
                "date": date.today().isoformat(), "index": str(cfg.index_path) if index is not None else None}
    training = adapter_cost(cfg, adapter) if any(mode.tuned for mode in modes) else None
    results = {"settings": settings, "questions": len(questions),
               "skipped": [{"id": q.id, "question": q.question, "files": q.files} for q in skipped or []],
               **summarize(rows, settings["modes"], e.bootstrap_samples, e.seed, training)}
    return results, rows


def default_folder(cfg: Config, data: str) -> "Path":
    """runs_dir/<date>-<data file stem>/, with -2, -3... when that folder holds a run already."""
    import os
    from datetime import date
    from pathlib import Path

    base = Path(os.path.expanduser(cfg.eval.runs_dir)) / f"{date.today().isoformat()}-{Path(data).stem}"
    folder, n = base, 1
    while (folder / "results.json").exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder
