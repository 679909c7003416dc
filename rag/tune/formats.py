"""Reading fine-tuning examples in the formats people have: each row turned into chat messages.

Accepted, by file extension:
    .jsonl / .ndjson   one JSON object a line
    .json              a list of objects (or, when it is not one JSON document, JSONL)
    .csv / .tsv / .tab a header row naming the columns, then one example a row
    .xlsx              the first sheet, the same columns (needs openpyxl)

Accepted row shapes (keys or column names, case-insensitive):
    {"messages": [{"role": "system"|"user"|"assistant", "content": "..."}, ...]}   OpenAI chat
    {"prompt": "...", "completion": "..."}                                         OpenAI completion
    {"instruction": "...", "input": "...", "output": "..."}                        Alpaca, input optional
    {"question": "...", "answer": "..."}                                           question sets (data/handbook_qa.jsonl)
A row may also carry "source" ({"file", "page", "chunk_id"}) or "file" / "page" / "chunk_id": kept as its source.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from rag.errors import RagError

ROLES = ("system", "user", "assistant")
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
           ".xlsx": "xlsx"}


class RowError(ValueError):
    """A row that cannot become an example; the message says why."""


@dataclass
class Row:
    where: str  # "line 5", "row 3", "item 2": how the user finds it in their file
    messages: list[dict]
    source: dict | None


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise RagError(f"{path.name}: unsupported format '{path.suffix or 'no extension'}'; "
                       f"use one of {', '.join(sorted(FORMATS))}")
    return fmt


def read_rows(path: Path) -> Iterator[tuple[str, dict | Exception]]:
    """("line 3", the row as a dict) per row, or ("line 3", the error) for a row that isn't readable."""
    fmt = file_format(path)
    if not path.is_file():
        raise RagError(f"{path} does not exist" if not path.exists() else f"{path} is not a file")
    if fmt == "xlsx":
        yield from _xlsx_rows(path)
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RagError(f"{path.name} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise RagError(f"{path} cannot be read ({exc.strerror})") from None
    if fmt == "json" and text.lstrip().startswith("["):
        yield from _json_list_rows(path, text)
    elif fmt in ("jsonl", "json"):
        yield from _jsonl_rows(text)
    else:
        yield from _table_rows(csv.reader(io.StringIO(text, newline=""), delimiter="," if fmt == "csv" else "\t"))


def _jsonl_rows(text: str) -> Iterator[tuple[str, dict | Exception]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {number}", RowError(f"not valid JSON ({exc.msg}, column {exc.colno})")


def _json_list_rows(path: Path, text: str) -> Iterator[tuple[str, dict | Exception]]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RagError(f"{path.name} is not valid JSON ({exc.msg}, line {exc.lineno}); "
                       "pass a list of objects, or one object a line as .jsonl") from None
    for number, item in enumerate(items, start=1):
        yield f"item {number}", item


def _table_rows(rows) -> Iterator[tuple[str, dict | Exception]]:
    """Rows of a sheet as dicts keyed by the header's column names; row numbers as a spreadsheet shows them."""
    header: list[str] | None = None
    for number, cells in enumerate(rows, start=1):
        cells = ["" if c is None else str(c) for c in cells]
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            yield f"row {number}", RowError(f"{len(cells)} cells but the header names {len(header)} columns")
            continue
        yield f"row {number}", {name: value for name, value in zip(header, cells) if name}


def _xlsx_rows(path: Path) -> Iterator[tuple[str, dict | Exception]]:
    try:
        import openpyxl
    except ImportError:
        raise RagError(f"reading {path.name} needs openpyxl: pip install openpyxl "
                       "(or save the sheet as CSV)") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  (zip, XML and openpyxl errors alike)
        raise RagError(f"{path.name} is not a readable XLSX file ({' '.join(str(exc).split())[:120]})") from None
    try:
        yield from _table_rows(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


# -- one row to chat messages ----------------------------------------------------------------------------
def to_row(where: str, obj: object) -> Row:
    """The row as chat messages (ending with the assistant's turn) and its source; RowError if it can't be."""
    if not isinstance(obj, dict):
        raise RowError(f"expected an object with prompt/completion, messages, instruction/output or "
                       f"question/answer, got {type(obj).__name__}")
    obj = {str(k).strip().lower(): v for k, v in obj.items()}
    if "messages" in obj:
        messages = _chat(obj["messages"])
    elif "prompt" in obj or "completion" in obj:
        messages = _pair(obj, "prompt", "completion")
    elif "instruction" in obj or "output" in obj:
        instruction, extra = _text(obj, "instruction"), _optional(obj, "input")
        messages = _pair({"instruction": f"{instruction}\n\n{extra}" if extra else instruction,
                          "output": obj.get("output")}, "instruction", "output")
    elif "question" in obj or "answer" in obj:
        messages = _pair(obj, "question", "answer")
    else:
        names = ", ".join(sorted(obj)) or "none"
        raise RowError(f"no known fields (has {names}); expected prompt/completion, messages, "
                       "instruction/input/output or question/answer")
    return Row(where, messages, _source(obj))


def _pair(obj: dict, ask: str, reply: str) -> list[dict]:
    return [{"role": "user", "content": _text(obj, ask)}, {"role": "assistant", "content": _text(obj, reply)}]


def _text(obj: dict, key: str) -> str:
    value = obj.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RowError(f"'{key}' is missing or empty")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise RowError(f"'{key}' must be text, not {type(value).__name__}")
    return str(value).strip()


def _optional(obj: dict, key: str) -> str:
    value = obj.get(key)
    return "" if value is None else str(value).strip()


def _chat(value: object) -> list[dict]:
    if isinstance(value, str):  # a messages column in a sheet holds JSON text
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise RowError("'messages' is not a JSON list") from None
    if not isinstance(value, list) or not value:
        raise RowError("'messages' must be a non-empty list")
    out = []
    for i, m in enumerate(value, start=1):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise RowError(f"message {i} needs a role of {', '.join(ROLES)}")
        if not isinstance(m.get("content"), str) or not m["content"].strip():
            raise RowError(f"message {i} ({m['role']}) has no text content")
        out.append({"role": m["role"], "content": m["content"].strip()})
    if out[-1]["role"] != "assistant":
        raise RowError("the last message must be the assistant's (the answer to learn)")
    if not any(m["role"] == "user" for m in out):
        raise RowError("no user message")
    return out


def _source(obj: dict) -> dict | None:
    given = obj.get("source")
    if isinstance(given, dict):
        obj = {**obj, **{k: given.get(k) for k in ("file", "page", "chunk_id")}}
    source = {"file": _blank(obj.get("file")), "page": _number(obj.get("page")), "chunk_id": _number(obj.get("chunk_id"))}
    return source if any(v is not None for v in source.values()) else None


def _blank(value: object) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _number(value: object) -> int | None:
    text = _blank(value)
    if text is None:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None
