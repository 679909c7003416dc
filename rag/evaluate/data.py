"""Evaluation questions in: JSONL of {question, answer, file?, pages?, answerable?}, and converters.

Accepted JSONL rows (one object a line):
- ours: {"question", "answer", "file"?, "pages"?: [1-based PDF pages], "answerable"?: bool, "id"?}
- the handbook's (data/handbook_qa.jsonl): {"question", "answer", "key_facts", "page"}: page -> pages=[page];
  page null -> answerable false; key_facts are kept (a correct answer states them all)
- page_qa.jsonl's (shared docugami-sec10q): {"id", "question", "answer", "file", "pages", "answerable", ...};
  the answer's trailing "SOURCE(S): ..." line is dropped, cp1252-decoded UTF-8 ("â€™") repaired
Converters for the development sets without pages, picked by the file's suffix:
- .csv: Docugami's qna_data.csv (Question, Answer, Source Docs globs such as "*2023 Q2 NVDA*")
- .json: ARAGOG's benchmark.json ({"questions": [...], "ground_truths": [...]}: no files, no pages)
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import RagError
from rag.evaluate.metrics import file_matches


@dataclass
class Question:
    id: str
    question: str
    answer: str  # the reference answer
    files: list[str] = field(default_factory=list)  # names or globs of the documents holding it; [] unknown
    pages: list[int] = field(default_factory=list)  # 1-based PDF pages holding the evidence; [] unknown
    answerable: bool = True  # False: the right reply is "the documents don't say"
    facts: list[str] = field(default_factory=list)  # key facts a correct answer must state (handbook format)


def load_questions(path: str | Path) -> list[Question]:
    path = Path(path)
    if not path.is_file():
        raise RagError(f"evaluation data {path} not found" + (" (it is a folder)" if path.is_dir() else ""))
    if path.suffix.lower() == ".csv":
        return read_docugami_csv(path)
    if path.suffix.lower() == ".json":
        return read_aragog_json(path)
    return read_jsonl(path)


def read_jsonl(path: Path) -> list[Question]:
    """Every row checked; bad rows are named by line number in one error."""
    questions, problems = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise RagError(f"{path} is not UTF-8 text; save it as UTF-8") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(question_from_row(json.loads(line), f"line-{number}"))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            problems.append(f"line {number}: {str(exc).split(':')[0] if isinstance(exc, json.JSONDecodeError) else exc}")
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise RagError(f"{path}: bad rows: {'; '.join(problems[:3])}{more}")
    if not questions:
        raise RagError(f"{path} holds no questions")
    return questions


def question_from_row(row, default_id: str) -> Question:
    """One JSONL object as a Question; ValueError saying what is wrong."""
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    question, answer = row.get("question"), row.get("answer")
    if not isinstance(question, str) or not question.strip():
        raise ValueError('no "question" text')
    if not isinstance(answer, str):
        raise ValueError('no "answer" text (use "" for an unanswerable question)')
    pages = row.get("pages", [row["page"]] if row.get("page") is not None else [])
    if not isinstance(pages, list) or not all(isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in pages):
        raise ValueError('"pages" must be a list of 1-based page numbers')
    file = row.get("file")
    if file is not None and not isinstance(file, str):
        raise ValueError('"file" must be a file name')
    answerable = row.get("answerable", not ("page" in row and row["page"] is None))
    if not isinstance(answerable, bool):
        raise ValueError('"answerable" must be true or false')
    facts = row.get("key_facts") or []
    if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts):
        raise ValueError('"key_facts" must be a list of strings')
    return Question(str(row.get("id") or default_id), " ".join(question.split()), clean_answer(answer),
                    [file] if file else [], sorted(set(pages)), answerable, facts)


_SOURCES = re.compile(r"\n\s*SOURCE\(S\):.*\Z", re.S)


def clean_answer(text: str) -> str:
    """The reference without its "SOURCE(S): file" trailer, mojibake ("â€™" for "'") repaired."""
    if "â€" in text or "Ã" in text:
        try:
            text = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return _SOURCES.sub("", text).strip()


def read_docugami_csv(path: Path) -> list[Question]:
    """Docugami KG-RAG qna_data.csv: files from the Source Docs globs, no pages."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"Question", "Answer", "Source Docs"} - set(reader.fieldnames or [])
        if missing:
            raise RagError(f"{path}: not a Docugami qna_data.csv (no column {', '.join(sorted(missing))})")
        rows = list(reader)
    return [Question(f"csv-{n:03d}", " ".join(r["Question"].split()), clean_answer(r["Answer"]),
                     [g.strip() for g in re.split(r"[,\n]", r["Source Docs"]) if g.strip()])
            for n, r in enumerate(rows, start=1) if r["Question"].strip()]


def read_aragog_json(path: Path) -> list[Question]:
    """ARAGOG benchmark.json: questions and ground truths, no files, no pages."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pairs = list(zip(data["questions"], data["ground_truths"], strict=True))
    except (ValueError, KeyError, TypeError) as exc:
        raise RagError(f"{path}: not an ARAGOG benchmark.json ({{questions, ground_truths}} of equal length: "
                       f"{type(exc).__name__})") from None
    return [Question(f"aragog-{n:03d}", " ".join(q.split()), a.strip()) for n, (q, a) in enumerate(pairs, start=1)]


def in_index(questions: list[Question], names: list[str]) -> tuple[list[Question], list[Question]]:
    """(questions whose documents are indexed or unknown, questions whose documents are not)."""
    kept, skipped = [], []
    for q in questions:
        (kept if not q.files or any(file_matches(n, q.files) for n in names) else skipped).append(q)
    return kept, skipped


def spread(questions: list[Question], limit: int) -> list[Question]:
    """A fixed subset of `limit` questions spread over the set: every n-th answerable one and every m-th
    unanswerable one, in their share of the set (at least one unanswerable when there are any)."""
    if not limit or limit >= len(questions):
        return questions
    yes = [q for q in questions if q.answerable]
    no = [q for q in questions if not q.answerable]
    n_no = min(len(no), max(1 if no else 0, round(limit * len(no) / len(questions))))
    picked = {id(q) for q in _every(yes, limit - n_no) + _every(no, n_no)}
    return [q for q in questions if id(q) in picked]


def _every(items: list, n: int) -> list:
    if n <= 0:
        return []
    step = max(1, len(items) // n)
    return items[::step][:n]
