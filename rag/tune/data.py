"""Fine-tuning data: one chat JSONL format, the train/validation split, and `check`'s report.

Every example, imported (rag/tune/formats.py) or built from the index (rag/tune/pairs.py), is one
line of JSON:

    {"messages": [{"role": "user", "content": "When is the refund deadline?"},
                  {"role": "assistant", "content": "Friday, September 4 [1]."}],
     "source": {"file": "handbook.pdf", "page": 14, "chunk_id": 33} | null,
     "split": "train" | "val",
     "kind": "imported" | "section" | "rule" | "list" | "table" | "llm" | "raft"}

messages: an optional system turn, then user/assistant turns ending with the assistant's (the turn
    the loss is computed on). RAFT examples hold rag/prompt.py's system and user turns verbatim.
source: where the answer comes from (any of the three keys may be null); null when unknown.
split: by source chunk when a chunk id is known, else by file and page, else by the normalised
    question: all examples of one group go to the same side, so validation questions are never
    paraphrases of training questions. Deterministic for a seed.
kind: how the example was made; imported ones are "imported".
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from rag.errors import RagError, TuneError
from rag.tune.formats import Row, RowError, _jsonl_rows, file_format, read_rows, to_row

TokenCounter = Callable[[list[dict]], int]  # tokens of a chat-templated example


@dataclass
class Example:
    messages: list[dict]
    source: dict | None = None
    kind: str = "imported"
    split: str = "train"
    where: str = ""  # "line 5" in the file it came from (not written)

    def to_json(self) -> dict:
        return {"messages": self.messages, "source": self.source, "split": self.split, "kind": self.kind}


@dataclass
class CheckReport:
    file: str
    format: str
    rows: int = 0  # rows read, malformed ones included
    examples: int = 0  # written to the output
    malformed: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (where, where its first copy is)
    over_long: list[tuple[str, int]] = field(default_factory=list)  # (where, tokens)
    max_tokens: int = 0
    tokens: dict[str, int] = field(default_factory=dict)  # min, median, p95, max over the distinct examples
    train: int = 0
    val: int = 0
    split_by: str = ""
    out: str = ""

    def to_json(self) -> dict:
        return {"file": self.file, "format": self.format, "rows": self.rows, "examples": self.examples,
                "malformed": [{"where": w, "reason": r} for w, r in self.malformed],
                "duplicates": [{"where": w, "same_as": s} for w, s in self.duplicates],
                "over_long": [{"where": w, "tokens": t} for w, t in self.over_long],
                "max_tokens": self.max_tokens, "tokens": self.tokens,
                "split": {"train": self.train, "val": self.val, "by": self.split_by}, "out": self.out}


def normalised(text: str) -> str:
    """Lower case, whitespace collapsed: what counts as the same text for duplicates and the split."""
    return " ".join(text.lower().split())


# -- import -------------------------------------------------------------------------------------------
def import_file(path: str | Path, strict: bool = False) -> tuple[list[Example], list[tuple[str, str]], int]:
    """(examples, malformed rows as (where, why), rows read). strict: the first malformed row is a RagError."""
    path = Path(path)
    examples, malformed, rows = [], [], 0
    for where, obj in read_rows(path):
        rows += 1
        try:
            row = _row(where, obj)
        except RowError as exc:
            if strict:
                raise RagError(f"{path.name} {where}: {exc}; --strict refuses the import") from None
            malformed.append((where, str(exc)))
            continue
        examples.append(Example(row.messages, row.source, where=row.where))
    return examples, malformed, rows


def _row(where: str, obj: dict | Exception) -> Row:
    """One row read by formats.read_rows as chat messages; RowError, also for a row that wasn't readable."""
    if isinstance(obj, Exception):
        raise obj
    return to_row(where, obj)


def drop_duplicates(examples: list[Example]) -> tuple[list[Example], list[tuple[str, str]]]:
    """Examples whose every turn is the same text (after normalised()) as an earlier one's are dropped."""
    first: dict[tuple, str] = {}
    kept, dropped = [], []
    for ex in examples:
        key = tuple((m["role"], normalised(m["content"])) for m in ex.messages)
        if key in first:
            dropped.append((ex.where, first[key]))
        else:
            first[key] = ex.where
            kept.append(ex)
    return kept, dropped


# -- the split -----------------------------------------------------------------------------------------
def split_key(ex: Example) -> str:
    """The group an example is split with: its source chunk, else its file and page, else its question."""
    s = ex.source or {}
    if s.get("chunk_id") is not None:
        return f"chunk {s['chunk_id']}"
    if s.get("file") is not None or s.get("page") is not None:
        return f"page {s.get('file')}:{s.get('page')}"
    question = next((m["content"] for m in ex.messages if m["role"] == "user"), "")
    return f"question {normalised(question)}"


def assign_split(examples: list[Example], val_fraction: float, seed: int) -> str:
    """Set each example's split, group by group (split_key); returns what it split by. The groups are
    ordered by a hash of (seed, key) and the first round(val_fraction x groups) go to validation: at
    least one when there are two groups or more and val_fraction > 0, never all of them."""
    groups = sorted({split_key(ex) for ex in examples},
                    key=lambda k: hashlib.sha256(f"{seed}:{k}".encode()).hexdigest())
    n_val = round(val_fraction * len(groups))
    if val_fraction > 0 and len(groups) >= 2:
        n_val = min(max(n_val, 1), len(groups) - 1)
    val = set(groups[:n_val]) if len(groups) >= 2 else set()
    for ex in examples:
        ex.split = "val" if split_key(ex) in val else "train"
    kinds = sorted({k.split(" ", 1)[0] for k in groups})
    names = {"chunk": "source chunk", "page": "source page", "question": "question"}
    return " / ".join(names[k] for k in kinds) + f" ({len(groups)} groups, seed {seed})"


# -- tokens ---------------------------------------------------------------------------------------------
def token_summary(counts: list[int]) -> dict[str, int]:
    if not counts:
        return {}
    ordered = sorted(counts)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]  # noqa: E731
    return {"min": ordered[0], "median": pick(0.5), "p95": pick(0.95), "max": ordered[-1]}


def drop_over_long(examples: list[Example], count: TokenCounter, max_tokens: int
                   ) -> tuple[list[Example], list[tuple[str, int]], list[int]]:
    """(kept, over-long ones as (where, tokens), every example's token count)."""
    kept, over, counts = [], [], []
    for ex in examples:
        n = count(ex.messages)
        counts.append(n)
        if n > max_tokens:
            over.append((ex.where, n))
        else:
            kept.append(ex)
    return kept, over, counts


# -- check ----------------------------------------------------------------------------------------------
def check_file(path: str | Path, out: str | Path | None, count: TokenCounter, max_tokens: int,
               val_fraction: float, seed: int, strict: bool = False) -> CheckReport:
    """Import, normalise and check a file of examples; write the usable ones to `out` (chat JSONL)."""
    path = Path(path)
    report = CheckReport(file=str(path), format=file_format(path), max_tokens=max_tokens)
    examples, report.malformed, report.rows = import_file(path, strict=strict)
    examples, report.duplicates = drop_duplicates(examples)
    examples, report.over_long, counts = drop_over_long(examples, count, max_tokens)
    if not examples:
        raise RagError(f"{path.name}: no usable examples in {report.rows} rows"
                       + (f" (first problem, {report.malformed[0][0]}: {report.malformed[0][1]})"
                          if report.malformed else ""))
    report.tokens = token_summary(counts)
    report.split_by = assign_split(examples, val_fraction, seed)
    report.train = sum(ex.split == "train" for ex in examples)
    report.val = len(examples) - report.train
    report.examples = len(examples)
    if out:
        write_jsonl(examples, out)
        report.out = str(out)
    return report


def write_jsonl(examples: list[Example], out: str | Path) -> None:
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8") as fh:
            for ex in examples:
                fh.write(json.dumps(ex.to_json(), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise RagError(f"cannot write {out} ({exc.strerror}); pass --out with a path you can write to") from None


def read_jsonl(path: str | Path) -> list[Example]:
    """The examples of a chat JSONL file, as write_jsonl writes them: the trainer's reader (rag/tune/train.py).
    Each line goes through the row rules `check` uses (rag/tune/formats.py: to_row) and keeps its split
    ("train" when it has none) and kind; TuneError naming the first bad line. Any file name: the lines
    are JSONL whatever the extension."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TuneError(f"training data {path} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TuneError(f"training data {path} cannot be read ({exc})") from None
    examples = []
    for where, obj in _jsonl_rows(text):
        try:
            row = _row(where, obj)
            split = obj.get("split", "train")
            if split not in ("train", "val"):
                raise RowError(f"split must be train or val, not {split!r}")
        except RowError as exc:
            raise TuneError(f"{path} {where}: {exc}; training reads chat JSONL "
                            "(check and convert a file with `rag tune data check`)") from None
        examples.append(Example(row.messages, row.source, kind=obj.get("kind", "imported"), split=split,
                                where=row.where))
    return examples
