"""Cells: the one figure of a results table the question names by its row and its column ("llama 13b humaneval pass@1?":
the row "LLaMA 13B", the column "HumanEval @1"), looked up among the rows ingest.tables.label_heads names column by
column ("LLaMA 13B | HumanEval @1: 15.8 | HumanEval @100: 52.5 | ..."). A small model, shown the labelled row, still
took the @100 column's 52.5 (bench/RESULTS.md, thirty-third session).

A row matches when each of its label's words is in the question (written apart or run together: "BERT-Large" for
"BERTLARGE"), a column when each of its name's words is (or starts one of the question's: "Acc" for "accuracy"). Of the
cells whose row and column both match, the one that matches most of the question's words is taken (a word the question
writes as a name, "CoLA", counting twice a common one, "score"), and only when no other cell matches as well with
another figure: no figure is better than one from the wrong row or column.

Two rows of one column set against each other ("How many points higher is RoBERTa than BERT-Large on CoLA (dev)?")
are two such lookups, each row with the rest of the question, worked out as their difference by the caller
(rag.calculate.work) when both come from one column of one passage.
"""
from __future__ import annotations

import re

from ingest.tables import label_heads
from rag.calculate.formula import Calculation, Formula, Operand, Ref
from rag.calculate.question import SHOTS, YES_NO, same_setting, shot_count, shots_in
from rag.retrieve import Hit
from rag.route import mentions, versions_named

_TOKEN = re.compile(r"[a-z0-9]+")
_CELL = re.compile(r"^(?P<name>[^|:]+?):\s(?P<figure>\S+)$")  # "HumanEval @1: 15.8"
_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")
# a word written as a name, not a common word: a capital after its first letter, or a digit ("SuperGLUE", "GSM8K")
_NAME_LIKE = re.compile(r"\b(?=\w*(?:\w[A-Z]|\d))(?=\w*[A-Za-z])\w+\b")
MIN_PREFIX = 3  # letters: a column's word this long or longer may start a question's word ("acc", "accuracy")


def results_cell(question: str, hits: list[Hit]) -> Calculation | None:
    """The figure of the one results-table cell the question names by row and column (see the module), as a lookup
    whose operand's label is the labelled cell ("LLaMA 13B | HumanEval @1: 15.8"); None when the question asks about two
    figures or a yes or no, or no cell, or cells with other figures, match as well, or the best cell holds no figure
    ("-"), or the question names something the table and the lines around it never write."""
    if YES_NO.match(question) or _two_figures(question):
        return None
    # "in the PAL paper" names the paper, not the row "PAL"
    question = re.sub(r"(?:\s+(?:in|from|of|by))?\s+(?:paper|study|article)\b", "", _DOCUMENT_NAMED.sub(" ", question))
    words = [w for w in _TOKEN.findall(question.lower()) if w not in ("a", "i")]  # an article is no row's "A"
    # a word the question writes as a name ("CoLA", "13b", "GSM8K") tells more than a common one ("score")
    named = {w.lower() for w in re.findall(r"[A-Za-z0-9]+", question) if not w.islower() or any(c.isdigit() for c in w)}
    best: list[tuple[int, str, str, str, int, str]] = []  # (how well it matches, row, column, figure, passage, around)
    for n, hit in enumerate(hits, start=1):
        for row, column, figure, around in _cells(hit):
            row_words, column_words = _TOKEN.findall(row.lower()), _TOKEN.findall(column.lower())
            if _matched(row_words, words, starts=False) and _matched(column_words, words):
                weight = sum(2 if w in named else 1 for w in row_words + column_words)
                best.append((weight, row, column, figure, n, around))
    if not best:
        return None
    top = max(b[0] for b in best)
    # of the cells that match best, those of tables that write every name the question names: "What overall SuperGLUE
    # score does DistilBERT achieve?" is not asked of a GLUE table's "Score", nor TriviaQA's 5-shot of NaturalQuestions'
    chosen = [b for b in best if b[0] == top and _names_written(question, b[1], hits[b[4] - 1].file, b[5])]
    if not chosen:
        return None
    _, row, column, figure, n, around = chosen[0]
    if len({b[3] for b in chosen}) != 1 or not _NUMBER.search(figure.replace("−", "-")):
        return None  # two figures; or the row asked has none ("PaLM-cont 62B | HumanEval @100: -"): no shorter row's
    if _run_otherwise(question, row, hits[n - 1].text):
        return None  # "ChatGPT with 5-shot examples" asked, the passage's "0-shot ChatGPT" found
    ref = Ref(" ".join(question.split()).rstrip("?"))
    value = float(_NUMBER.search(figure.replace("−", "-")).group().replace(",", ""))
    cell = f"{row} | {column}: {figure}"
    return Calculation(Formula(ref, False, stated=True), {ref: Operand(str(ref), cell, figure, value, n)}, figure)


# "How many points higher is RoBERTa than BERT-Large on CoLA (dev)?", "How much better does A score than B on C?", "By
# how much does A beat B on C?": two rows of one column; (a, b, the column and the rest, whether a's is the lower)
_RANKED = re.compile(r"^\s*(?:how\s+many\s+(?:points|percentage\s+points)|how\s+much)\s+(?P<way>higher|better|"
                     r"lower|worse)\s+(?:is|was|does|did)\s+(?P<a>.+?)(?:\s+(?:score|get|achieve|do|perform))?\s+"
                     r"than\s+(?P<b>.+?)\s+(?P<on>(?:on|in|at)\s+.+?)\s*\??\s*$", re.I)
_BEATS = re.compile(r"^\s*by\s+how\s+(?:much|many\s+points)\s+(?:does|did|do)\s+(?P<a>.+?)\s+(?P<way>beat|outperform|"
                    r"exceed|trail)\s+(?P<b>.+?)\s+(?P<on>(?:on|in|at)\s+.+?)\s*\??\s*$", re.I)

# "On SVAMP, does PAL beat chain-of-thought with PaLM-540B?", "Does A outperform B on C?": the same, asked yes or no
_BEATS_ASKED = re.compile(r"^\s*(?:(?P<on1>(?:on|in|at)\s+[^,]+),\s*)?(?:does|did|do)\s+(?P<a>.+?)\s+(?P<way>beat|"
                          r"outperform|exceed|trail)\s+(?P<b>.+?)(?:\s+(?P<on>(?:on|in|at)\s+.+?))?\s*\??\s*$", re.I)


def cells_compared(question: str, hits: list[Hit]) -> tuple[Calculation, Calculation] | None:
    """The two results-table cells a question sets against each other, two rows of one column (_RANKED, _BEATS), the
    higher first as asked ("how many points lower is A than B": B's, then A's; asked yes or no, "does A beat B on C?",
    A's first): each looked up as results_cell looks up one ("RoBERTa on CoLA (dev)"); None unless both are found in
    one column of one table (one passage, or two side by side: _one_table)."""
    m = _RANKED.match(question) or _BEATS.match(question) or _BEATS_ASKED.match(question)
    if not m or not (on := m.groupdict().get("on1") or m.group("on")) or m.groupdict().get("on1") and m.group("on"):
        return None
    on = on[0].lower() + on[1:]  # "On SVAMP, does ...": no name "On"
    a, b = (results_cell(f"{who} {on}", hits) for who in (m.group("a"), m.group("b")))
    if not a or not b:
        return None
    (cell_a, n_a), (cell_b, n_b) = ((c.found[c.formula.expr].label, c.found[c.formula.expr].passage) for c in (a, b))
    if not _one_table(hits[n_a - 1], hits[n_b - 1]) or _column(cell_a) != _column(cell_b) or \
            cell_a.split(" | ")[0] == cell_b.split(" | ")[0]:
        return None  # two tables, two columns, or one row found for both
    return (b, a) if m.group("way").lower() in ("lower", "worse", "trail") else (a, b)


def _names_written(question: str, row: str, file: str, around: str) -> bool:
    """Whether a cell's table (its file's name, the table and the lines around it) writes every name the question
    writes as a name (_names_in) and the versions it names ("LLaMA-2 7B" asked, "LLaMA 7B" found: no)."""
    printed = [w.lower() for w in re.findall(r"\w+", f"{file} {around}")]
    held = set(printed) | {a + b for a, b in zip(printed, printed[1:])}  # "OtterSmall" for "Otter-small"
    return all(_held(name.lower(), held) for name in _names_in(question)) and \
        all(mentions(version, f"{row} {around}") for version in versions_named(question))


def _one_table(a: Hit, b: Hit) -> bool:
    """Two passages that can hold one table: the same passage, or one document's chunks side by side (a table cut
    across them: rag.retrieve.table_continuations)."""
    return a is b or a.doc_id == b.doc_id and (a.ord_start == b.ord_end + 1 or b.ord_start == a.ord_end + 1)


def _column(cell: str) -> str:
    """ "Megatron-3.9B | SQuAD 2.0 F1: 91.2" -> "SQuAD 2.0 F1"."""
    return cell.split(" | ", 1)[-1].rsplit(":", 1)[0]


# the name of the document the question is about: "the PAL paper", "Webson and Pavlick's paper", "the red-teaming study"
_DOCUMENT_NAMED = re.compile(r"(?:\b(?:the|a|an)\s+(?:[\w.&-]+\s+){1,2}|(?:[\w.-]+\s+(?:and|&)\s+)?[\w.-]+(?:'s|’s)\s+)"
                             r"(?=(?:paper|study|article)\b)", re.I)
AROUND = 6  # lines above and below a table's rows that belong to it: its head, title and caption


def _run_otherwise(question: str, row: str, text: str) -> bool:
    """The question asks for a prompting setting ("5-shot") that the passage pairs the row's model only with another
    in ("0-shot ChatGPT", "ChatGPT (zero-shot)"): its row is that setting's, not the one asked."""
    asked = shots_in(question)
    if not asked or not row.strip():
        return False
    name = re.escape(row.split()[-1])
    paired = re.findall(rf"{SHOTS.pattern}\s+{name}\b|\b{name}\s*\(?\s*{SHOTS.pattern}", text, re.I)
    said = {shot_count(w) for pair in paired for w in pair if w}
    return bool(said) and not same_setting(asked, said)


def _names_in(question: str) -> list[str]:
    """The question's words written as names: a capital inside or a digit ("SuperGLUE", "GSM8K"), or a capital that
    does not start the question ("Natural Questions", "Codex")."""
    first = re.match(r"\s*\w+", question)
    rest = question[first.end():] if first else question
    return _NAME_LIKE.findall(question) + [w for w in re.findall(r"\b[A-Z][a-z]+\b", rest)]


def _held(name: str, held: set[str]) -> bool:
    """name is one of the table's words, or the start or end of one ("BERT" or "Large" of "BERTLARGE")."""
    return name in held or len(name) >= MIN_PREFIX and any(w.startswith(name) or w.endswith(name) for w in held)


def _two_figures(question: str) -> bool:
    """ "by how much", "how many points", "difference", "faster than", "instead of", "how much does X improve": two
    figures, or another setting's, not one cell."""
    return bool(re.search(r"\bby\s+how\s+(?:much|many)\b|\bhow\s+many\s+points\b|\bdifferen\w*|\bvs\.?\b|\bversus\b|"
                          r"\bcompared?\b|\bbeat\b|\bwhich\b|\bthan\b|\binstead\b|\bimprov\w*|\bgains?\b|\bboosts?\b",
                          question, re.I))


def _matched(label_words: list[str], words: list[str], starts: bool = True) -> bool:
    """Each of a label's words is one of the question's, two of them run together ("bertlarge"; or two of the label's
    are one of the question's), their initials ("em" of "exact match"), or, with starts (a column's: not a row's,
    whose "PAL" is no "PaLM"), (MIN_PREFIX letters or more) the start of one ("acc" of "accuracy")."""
    if not label_words:
        return False
    joined = {a + b for a, b in zip(words, words[1:])}
    initials = {"".join(q[0] for q in words[i:i + k]) for k in (2, 3, 4) for i in range(len(words) - k + 1)}
    i = 0
    while i < len(label_words):
        w = label_words[i]
        if i + 1 < len(label_words) and w + label_words[i + 1] in words:  # "Otter-small" asked as "OtterSmall"
            i += 2
            continue
        if not (w in words or w in joined or starts and len(w) >= MIN_PREFIX and not w.isdigit() and
                any(q.startswith(w) for q in words) or w in initials and w.isalpha()):
            return False
        i += 1
    return True


def _cells(hit: Hit) -> list[tuple[str, str, str, str]]:
    """(row, column, figure, the table's lines with AROUND lines either side) of each cell of the passage's labelled
    results rows."""
    lines = label_heads(hit.text, hit.heading).split("\n")
    if hit.heading:
        lines = hit.heading.split("\n") + lines
    out = []
    for i, line in enumerate(lines):
        parts = line.split(" | ")
        if len(parts) < 3:
            continue
        cells = [_CELL.match(p.strip()) for p in parts[1:]]
        if all(cells):
            first = last = i
            while first > 0 and " | " in lines[first - 1]:
                first -= 1
            while last + 1 < len(lines) and " | " in lines[last + 1]:
                last += 1
            around = "\n".join(lines[max(0, first - AROUND):last + 1 + AROUND])
            out += [(parts[0].strip(), c.group("name"), c.group("figure"), around) for c in cells]
    return out
