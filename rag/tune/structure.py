"""Question/answer pairs read off a chunk's structure, no model asked: sections, numbered rules, lists, tables.

Each Fact carries several wordings of its question, made by fixed templates, so `--paraphrases N`
takes the first N+1. The rules, on the chunk's lines:
    section  "2.5 Closures and weather" (a number, a short title, no full stop): the first sentences
             under it answer "What does section 2.5, Closures and weather, say?"
    rule     "3.1.2 Normal load. The normal load is ..." (number, title, full stop, text): its text
             answers "What does rule 3.1.2 (Normal load) say?"
    list     items (bullets, "1." / "1)", or short lines separated by blank lines) after a line
             ending in ":": the items answer a question quoting that line
    table    a run of short lines read one cell a line (as PDF text comes out): the column count is
             the one that makes each column most consistently numeric or not; its first row is the
             header. Pipe (|a|b|) and tab-separated rows are read directly. Each cell of a row
             answers "What is the <column header> for <row label>?", with the row's other cells
             (units, bases) after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.tables import RULE as _RULE, SHORT_LINE, find_tables as _tables, is_section as _is_section

_ITEM = re.compile(r"^\s*(?:[-•*▪]|\(?\d{1,2}[.)])\s+(\S.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\d\"'(])")
ANSWER_WORDS = 80  # a section's or rule's answer: whole sentences up to about this many words


@dataclass
class Fact:
    kind: str  # section | rule | list | table
    questions: list[str]  # the first is the main wording; the others paraphrase it
    answer: str


def structural_facts(text: str, heading: str = "") -> list[Fact]:
    """The facts a chunk's structure states. heading: the header rows of a table the chunk starts
    inside (rag.index.ChunkRow.heading), used as that table's title when no section names it."""
    lines = [" ".join(line.split()) for line in text.replace("\f", "\n").split("\n")]
    facts: list[Fact] = []
    used: set[int] = set()
    for start, end, rows in _tables(lines):
        used.update(range(start, end))
        facts += _table_facts(rows, _section_above(lines, start) or heading)
    facts += _rules(lines, used)
    facts += _lists(lines, used)
    facts += _sections(lines, used)
    return facts


# -- sections and rules --------------------------------------------------------------------------------
def _section_above(lines: list[str], at: int) -> str:
    for line in reversed(lines[:at]):
        m = _is_section(line)
        if m:
            return m.group(2)
    return ""


def _sentences(text: str, words: int = ANSWER_WORDS) -> str:
    """Whole sentences from the start of text, up to about `words` words; "" if none ends."""
    out, count = [], 0
    for sentence in _SENTENCE_END.split(text.strip()):
        if not sentence.endswith((".", "!", "?")) or (out and count + len(sentence.split()) > words):
            break
        out.append(sentence)
        count += len(sentence.split())
    return " ".join(out)


def _lower(title: str) -> str:
    """'Closures and weather' -> 'closures and weather'; 'RidgeCard fees' and 'GPA' stay as they are."""
    first = title.split(" ", 1)[0]
    return title[0].lower() + title[1:] if first[1:].islower() or len(first) == 1 else title


def _sections(lines: list[str], used: set[int]) -> list[Fact]:
    facts = []
    for i, line in enumerate(lines):
        m = _is_section(line)
        if not m:
            continue
        body = []
        for j in range(i + 1, len(lines)):
            if _is_section(lines[j]):
                break
            if j not in used and lines[j]:
                body.append(_RULE.sub(r"\2. \3", lines[j]))
        answer = _sentences(" ".join(body))
        if sum(any(ch.isalpha() for ch in w) for w in answer.split()) < 6:
            continue  # only a table, or cut off by the chunk's end
        num, title = m.groups()
        t = _lower(title)
        facts.append(Fact("section", [f"What does section {num}, {title}, say?", f"What does the document say about {t}?",
                                      f"Summarise the part on {t}.", f"What are the main points about {t}?"], answer))
    return facts


def _rules(lines: list[str], used: set[int]) -> list[Fact]:
    facts = []
    for i, line in enumerate(lines):
        m = _RULE.match(line)
        if not m or i in used:
            continue
        text = [m.group(3)]
        for nxt in lines[i + 1:]:
            if not nxt or _RULE.match(nxt) or _is_section(nxt):
                break
            text.append(nxt)
        answer = _sentences(" ".join(text))
        if not answer:
            continue
        num, title = m.group(1), m.group(2).strip()
        t = _lower(title)
        facts.append(Fact("rule", [f"What does rule {num} ({title}) say?", f"What is the rule on {t}?",
                                   f"Under rule {num}, what applies to {t}?", f"What does the policy say about {t}?"],
                          answer))
    return facts


# -- lists -------------------------------------------------------------------------------------------------
def _lists(lines: list[str], used: set[int]) -> list[Fact]:
    """Items after a line ending with ':': bullets or numbered lines, or short lines set apart by blank lines."""
    facts = []
    for i, line in enumerate(lines):
        if not line.endswith(":") or i in used:
            continue
        items, j = [], i + 1
        while j < len(lines):
            if not lines[j]:
                j += 1
                continue
            m = _ITEM.match(lines[j])
            spaced = j + 1 >= len(lines) or not lines[j + 1]  # a blank line follows it (or the chunk ends)
            if m or (spaced and len(lines[j]) <= 2 * SHORT_LINE and not lines[j].endswith(".")):
                items.append((m.group(1) if m else lines[j]).rstrip(";,"))
                j += 1
            else:
                break
        if len(items) >= 2:
            lead = line[:-1].strip()
            facts.append(Fact("list", [f'What does the list after "{lead}" contain?', f'List the items under "{lead}".',
                                       f'Which items does the document name after "{lead}"?'], "; ".join(items) + "."))
    return facts


# -- tables ------------------------------------------------------------------------------------------------
def _table_facts(rows: list[list[str]], title: str) -> list[Fact]:
    header, facts = rows[0], []
    for row in rows[1:]:
        label = row[0]
        if not label:
            continue
        for c in range(1, len(row)):
            if not row[c]:
                continue
            h = _lower(header[c])
            others = "; ".join(f"{header[o]}: {row[o]}" for o in range(1, len(row)) if o != c and row[o])
            answer = f"{label}: {row[c]}" + (f" ({others})" if others else "")
            questions = [f"What is the {h} for {label}?"]
            if title:
                questions.append(f"According to the table on {_lower(title)}, what is the {h} for {label}?")
            questions += [f"Which {h} is listed for {label}?", f"{label}: what {h} does the document give?"]
            facts.append(Fact("table", questions, answer))
    return facts
