"""Question/answer pairs built from the indexed chunks, each grounded in one chunk and carrying its source.

Per chunk, in order:
  1. structure (rag/tune/structure.py): sections, numbered rules, lists, table rows with their headers;
     paraphrased by fixed templates. No model.
  2. the local model writes `per_chunk` pairs (PAIRS_PROMPT); each is kept only if `unsupported()`
     finds nothing wrong with it, then the model rewords its question `paraphrases` times (PARAPHRASE_PROMPT).
  3. with raft, each fact's question also becomes a RAFT example (Zhang et al. 2024): rag/prompt.py's
     answering prompt holding the chunk (the gold passage) among `distractors` other chunks,
     answered with the fact and the gold passage's [n].

The support check (unsupported), a measurable rule on the answer's text against the chunk's text
(its table header rows included):
  - every number in the answer (commas dropped: 6,840 = 6840) occurs in the chunk;
  - the answer adds something: it has content words (not stopwords) beyond the question's;
  - at least `support_share` (default 0.7) of those new words occur in the chunk (a plural "s" ignored);
  - it is not a refusal ("I don't know", "not mentioned").
"""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rag.errors import IndexError_
from rag.tune.data import Example, assign_split, drop_duplicates, normalised, write_jsonl
from rag.tune.structure import structural_facts

PAIRS_PROMPT = (
    "Write {n} question and answer pairs about the passage below, for a quiz on this document.\n"
    "Each question must be answerable from the passage alone and make sense without it: name what it is about.\n"
    "Each answer must be one or two sentences that use the passage's own words and numbers.\n"
    "Write exactly this format and nothing else:\n"
    "Q: <question>\n"
    "A: <answer>\n\n"
    "Passage ({source}):\n"
    "{text}"
)
PARAPHRASE_PROMPT = (
    "Rewrite the question below in {n} different ways. Keep its meaning and every name and number in it.\n"
    "Write one question a line and nothing else.\n\n"
    "Question: {question}"
)
_LABEL = re.compile(r"^[\s\d.)*#-]*?\b(q|question|a|answer)\s*\d*\s*\**\s*[:.)]\s*\**\s*(.*)$", re.I)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"\w+")


@dataclass
class BuildOptions:
    per_chunk: int = 3
    paraphrases: int = 2
    raft: bool = False
    distractors: int = 3
    limit: int | None = None
    seed: int = 0
    val_fraction: float = 0.1
    support_share: float = 0.7
    max_new_tokens: int = 512  # for the model's pairs and paraphrases
    answer_tokens: int = 256  # RAFT prompts are fitted as at answer time: generate.max_new_tokens ...
    max_context_tokens: int = 4096  # ... and generate.max_context_tokens


@dataclass
class BuildSummary:
    chunks: int = 0
    facts: Counter = field(default_factory=Counter)  # kept facts by kind (section, rule, list, table, llm)
    kinds: Counter = field(default_factory=Counter)  # examples written by kind (paraphrases and RAFT included)
    dropped: Counter = field(default_factory=Counter)  # reason -> count
    train: int = 0
    val: int = 0
    split_by: str = ""
    out: str = ""

    @property
    def kept(self) -> int:
        return sum(self.facts.values())

    def to_json(self) -> dict:
        return {"chunks": self.chunks, "facts": dict(self.facts), "examples": dict(self.kinds),
                "dropped": dict(self.dropped), "split": {"train": self.train, "val": self.val, "by": self.split_by},
                "out": self.out}


# -- the support check ------------------------------------------------------------------------------------
def _numbers(text: str) -> set[str]:
    return {m.replace(",", "").rstrip(".") for m in _NUMBER.findall(text)}


def _words(text: str) -> set[str]:
    from rag.retrieve import STOPWORDS

    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1}


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def unsupported(question: str, answer: str, chunk_text: str, share: float = 0.7) -> str | None:
    """Why the answer is not supported by the chunk (see the module docstring), or None when it is."""
    from rag.guard import says_dont_know

    if not question.strip() or not _words(question):
        return "no question"
    if not answer.strip():
        return "empty answer"
    if says_dont_know(answer):
        return "answer declines"
    if _numbers(answer) - _numbers(chunk_text):
        return "number not in the chunk"
    new = {_stem(w) for w in _words(answer)} - {_stem(w) for w in _words(question)}
    if not new:
        return "answer only repeats the question"
    held = {_stem(w) for w in _words(chunk_text)}
    if len(new & held) < share * len(new):
        return "answer words not in the chunk"
    return None


# -- the model's pairs -------------------------------------------------------------------------------------
def parse_pairs(text: str) -> list[tuple[str, str]]:
    """The (question, answer) pairs in a reply written as Q: ... / A: ... (numbering and bold marks allowed;
    a question or answer may run over several lines)."""
    pairs: list[list[str]] = []
    part = None  # 0: reading a question, 1: an answer
    for line in text.splitlines():
        m = _LABEL.match(line)
        if m:
            part = 0 if m.group(1).lower().startswith("q") else 1
            if part == 0:
                pairs.append([m.group(2), ""])
            elif pairs and not pairs[-1][1]:
                pairs[-1][1] = m.group(2)
            else:
                part = None  # an answer without its question
        elif part is not None and pairs and line.strip():
            pairs[-1][part] += " " + line
    return [(" ".join(q.split()), " ".join(a.split())) for q, a in pairs if q.strip() and a.strip()]


def parse_questions(text: str) -> list[str]:
    """One question a line, without bullets or numbering."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d{1,2}[.)])\s*", "", line).strip()
        if line.endswith("?"):
            out.append(line)
    return out


def model_pairs(generator, passage: str, source: str, n: int, max_new_tokens: int) -> list[tuple[str, str]]:
    prompt = PAIRS_PROMPT.format(n=n, source=source, text=passage)
    reply = generator.generate([{"role": "user", "content": prompt}], max_new_tokens).text
    return parse_pairs(reply)[:n]


def model_paraphrases(generator, question: str, n: int, max_new_tokens: int) -> tuple[list[str], Counter]:
    """Up to n rewordings of question; dropped: the ones that repeat it or change its numbers."""
    reply = generator.generate([{"role": "user", "content": PARAPHRASE_PROMPT.format(n=n, question=question)}],
                               max_new_tokens).text
    seen, kept, dropped = {normalised(question)}, [], Counter()
    for q in parse_questions(reply):
        if normalised(q) in seen:
            dropped["paraphrase repeats a question"] += 1
        elif _numbers(q) != _numbers(question):
            dropped["paraphrase changes a number"] += 1
        else:
            seen.add(normalised(q))
            kept.append(q)
    return kept[:n], dropped


# -- RAFT ---------------------------------------------------------------------------------------------------
def as_hit(row):
    """A stored chunk as rag.prompt shows passages."""
    from rag.retrieve import Hit

    return Hit(chunk_id=row.id, score=0.0, text=row.text, file=row.doc_name, path=row.doc_path,
               page_start=row.page_start, page_end=row.page_end, label_start=row.label_start,
               label_end=row.label_end, doc_id=row.doc_id, ord_start=row.ord, ord_end=row.ord,
               chunk_ids=(row.id,), heading=row.heading)


def raft_messages(question: str, answer: str, gold, distractors: list, generator, seed: int,
                  max_new_tokens: int, max_context_tokens: int) -> list[dict] | None:
    """rag/prompt.py's messages with the gold passage at a seeded place among the distractors, and the
    answer citing it; None when the prompt fitting drops the gold passage."""
    from rag.prompt import build_prompt

    hits = list(distractors)
    hits.insert(random.Random(f"{seed}:{gold.chunk_id}:{question}").randint(0, len(hits)), gold)
    prompt = build_prompt(question, hits, generator, max_new_tokens, max_context_tokens)
    n = next((i for i, h in enumerate(prompt.hits, start=1) if h.chunk_id == gold.chunk_id), None)
    if n is None:
        return None
    return [*prompt.messages, {"role": "assistant", "content": f"{answer.rstrip()} [{n}]"}]


def _distractors(index, ids: list[int], gold_id: int, count: int, seed: int) -> list:
    others = [i for i in ids if i != gold_id]
    chosen = random.Random(f"{seed}:{gold_id}").sample(others, min(count, len(others)))
    rows = index.chunks(chosen)
    return [as_hit(rows[i]) for i in chosen if i in rows]


# -- building -----------------------------------------------------------------------------------------------
def chunk_examples(row, generator, options: BuildOptions, summary: BuildSummary) -> list[tuple[str, str, str]]:
    """(kind, question, answer) for one chunk: structural facts with template paraphrases, then the
    model's checked pairs with its paraphrases. The first wording of each fact is marked with kind."""
    out: list[tuple[str, str, str]] = []
    for fact in structural_facts(row.text, row.heading):
        summary.facts[fact.kind] += 1
        out += [(fact.kind if i == 0 else f"{fact.kind} paraphrase", q, fact.answer)
                for i, q in enumerate(fact.questions[:1 + options.paraphrases])]
    if options.per_chunk == 0:
        return out
    grounding = f"{row.heading}\n{row.text}" if row.heading else row.text
    from rag.retrieve import page_span

    source = f"{row.doc_name}, {page_span(row.page_start, row.page_end, row.label_start, row.label_end)}"
    pairs = model_pairs(generator, grounding, source, options.per_chunk, options.max_new_tokens)
    if not pairs:
        summary.dropped["model reply had no Q:/A: pairs"] += 1
    for question, answer in pairs:
        why = unsupported(question, answer, grounding, options.support_share)
        if why:
            summary.dropped[why] += 1
            continue
        summary.facts["llm"] += 1
        out.append(("llm", question, answer))
        if options.paraphrases:
            extra, dropped = model_paraphrases(generator, question, options.paraphrases, options.max_new_tokens)
            summary.dropped.update(dropped)
            out += [("llm paraphrase", q, answer) for q in extra]
    return out


def build_examples(index, generator, options: BuildOptions, out: str | Path,
                   on_progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    """Examples from every chunk of the index (the first `limit`), split by chunk and written to `out`."""
    ids = index.chunk_ids()
    if not ids:
        raise IndexError_(f"the index at {index.folder} holds no chunks; run `rag ingest FILE` first")
    todo = ids[:options.limit] if options.limit else ids
    summary, examples = BuildSummary(chunks=len(todo)), []
    for start in range(0, len(todo), 100):
        rows = index.chunks(todo[start:start + 100])
        for done, cid in enumerate(todo[start:start + 100], start=start + 1):
            row = rows[cid]
            src = {"file": row.doc_name, "page": row.page_start, "chunk_id": row.id}
            made = chunk_examples(row, generator, options, summary)
            examples += [Example(_turns(q, a), dict(src), kind.split()[0], where=f"chunk {cid}") for kind, q, a in made]
            if options.raft:
                examples += _raft(index, ids, row, made, generator, options, summary, src)
            if on_progress:
                on_progress(done, len(todo))
    examples, duplicates = drop_duplicates(examples)
    if duplicates:
        summary.dropped["duplicate"] += len(duplicates)
    summary.kinds = Counter(ex.kind for ex in examples)
    summary.split_by = assign_split(examples, options.val_fraction, options.seed)
    summary.train = sum(ex.split == "train" for ex in examples)
    summary.val = len(examples) - summary.train
    write_jsonl(examples, out)
    summary.out = str(out)
    return summary


def _turns(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def _raft(index, ids, row, made, generator, options, summary, src) -> list[Example]:
    gold = as_hit(row)
    distractors = _distractors(index, ids, row.id, options.distractors, options.seed)
    out = []
    for kind, question, answer in made:
        if "paraphrase" in kind:
            continue  # one RAFT example per fact, in its first wording
        messages = raft_messages(question, answer, gold, distractors, generator, options.seed,
                                 options.answer_tokens, options.max_context_tokens)
        if messages is None:
            summary.dropped["RAFT: gold passage did not fit the prompt"] += 1
            continue
        out.append(Example(messages, dict(src), "raft", where=f"chunk {row.id}"))
    return out

