"""Prompt: the retrieved passages, numbered [1]..[k] with file and page, and the rules for answering
(or, with retrieval off, the closed-book rules and the question alone: build_closed_book_prompt).

The whole prompt is visible here on purpose. It is fitted to the model's window in tokens: the
lowest-ranked passages are dropped first, then the last one kept is shortened.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.tables import label_columns, label_heads, rows_inline
from rag import periods
from rag.calculate import Calculation, passages_of, texts_of, work_out_each
from rag.generate import Generator
from rag.retrieve import Hit

# Measured on the handbook subset with the default model, Qwen2.5-Coder-1.5B (bench/RESULTS.md, "Prompt for the
# 1.5B"): telling it to read every source closely (the answer is often one sentence or one table row of a
# long passage), to give figures with their unit and period, and "if none of the sources answers" in place of
# "if the sources do not contain the answer" raised correct answers 0.69 -> 0.83 and right-page citations
# 0.77 -> 0.97, false abstentions 0.17 -> 0.03; it also let one more invention through on 5 unanswerable
# questions. (For the 0.5B, earlier, every added rule made it abstain more: RESULTS, "Answers on the handbook".)
SYSTEM = (
    "You answer questions about the user's documents using only the numbered sources provided. "
    "Cite the source of every fact with its number in square brackets, like [1] or [2]. "
    "Read every source closely: the answer is often one sentence or one table row inside a longer passage. "
    "Give figures exactly as the sources write them, with their unit (such as \"in millions\") and period. "
    "If none of the sources answers the question, reply only: I don't know. "
    "Never use outside knowledge. Answer briefly, in one to three sentences."
)
DONT_KNOW = "I don't know: the indexed documents don't answer this."
# Weight changes only (`rag ask --no-retrieval`): no passages, so nothing to cite; the model answers from
# what fine-tuning put into its weights. Training pairs for closed-book use (rag tune data) are built
# with closed_book_messages too, so the tuned model sees at inference the very prompt it was trained on.
CLOSED_BOOK_SYSTEM = (
    "You answer questions about the user's documents from what you have learned about them. "
    "If you do not know the answer, reply only: I don't know. Answer briefly, in one to three sentences."
)
MIN_PASSAGE_CHARS = 40


@dataclass
class Prompt:
    messages: list[dict]
    hits: list[Hit]  # the passages in the prompt, in [n] order
    warnings: list[str]
    worked: list[Calculation] = field(default_factory=list)  # what the prompt shows worked out (CALCULATE), the
    # guard's too (rag.guard.check_answer)


def source_header(n: int, hit: Hit) -> str:
    """'[2] handbook.pdf, p. 13 (labelled 12)': which document and page the passage is."""
    return f"[{n}] {hit.file}, {hit.pages}"


# Tried (bench/RESULTS.md, "Sixth session"): the question before the sources as well as after them. On the
# handbook subset correct answers rose 28 -> 31 of 35 and right page 0.943 -> 0.971, but correct abstention
# fell 0.40 -> 0.20; on the 10-Qs (page_qa, 40 questions) correct fell 6 -> 4 and false abstention rose
# 0.19 -> 0.24. Not kept; the switch stays for the benchmarks (--patch rag.prompt.QUESTION_FIRST=True).
QUESTION_FIRST = False
# Tried (bench/RESULTS.md, "Seventh session"): each figure of a filing's table written with its period
# (ingest.tables.label_columns: "iPhone | three months 2023: $39,669 | nine months 2023: $156,778 | ..."). On 50
# page_qa questions whose passages it changed, the right headline figure went 12 -> 13, correct answers 8 -> 6,
# and prompts grew 15% (median answer 17.8 -> 21.2 s): the 1.5B still took the nine-month figure for "the latest
# quarter". Not kept; the switch stays for the benchmarks and for a stronger model.
LABEL_COLUMNS = False
# A filing's table of three- and nine-month columns, when the question asks about one span ("the latest quarter",
# "Q2 2023", "the six months ended ..."): the model is shown that span's columns only, each figure with its period
# (label_columns(months=...)); the others stay in the index, in the citations and in the guard's passages.
# Each figure also carries the table's unit ("$39,669 million"; per-share figures, share counts and percentages as
# printed). Measured (bench/RESULTS.md, "Eighth session") on the 38 page_qa questions whose prompt it changes: the
# figure asked for 9 -> 18 of 35 (13 without the unit); prompts +11% on those questions. No handbook question
# names a span, so its prompts are unchanged.
PERIOD_COLUMNS = True
# A question that names one year ("Q1 2023", "as of March 31, 2023"): each row of a filing's table shown with that
# year's cells first (ingest.tables.label_columns(year=...)), nothing left out: Amazon prints "2022 2023", and the
# model read 2022's figure for Q1 2023 (blind set 24's f18). Measured in bench/RESULTS.md, "Forty-fourth session".
ASKED_YEAR_FIRST = True
# A table whose columns are named, not dated ("September 30, 2022" / "Operating Leases Finance Leases Total" over
# "Present value of lease liabilities 64,783 16,631 81,414"): each figure is shown with its column's name and the
# day above it ("... | September 30, 2022 Operating Leases: 64,783 | ..."), whatever the question; the model had
# taken the other day's Total. Measured in bench/RESULTS.md, "Twenty-ninth session".
NAMED_COLUMNS = True
# Tried (bench/RESULTS.md, "Thirty-third session"): a results table whose columns a head line names, as papers print
# them ("Params HumanEval MBPP" / "pass@ @1 @100 @1 @80" over "LaMDA 137B 14.0 47.3 14.8 62.4"), shown with each figure
# beside its column's name ("LaMDA 137B | HumanEval @1: 14.0 | ..."; ingest.tables.label_heads), and a passage cut from
# inside such a table given the head from the chunks above it (rag.retrieve.with_table_heads). On the 25 papers
# questions whose prompts it changed, right answers stayed 6 (the 1.5B still read @100 for @1), one unanswerable
# question was answered (the labelled "HellaSwag: 78.9" given for Llama 2), prompts grew 3-44%. Not kept; what won is
# the lookup of the one cell a question names by row and column (rag.calculate.cells, which reads the rows the same way).
RESULT_COLUMNS = False
# A question that spells out its formula ("the operating margin (operating income divided by revenue)", "A as a
# percentage of B") gets it worked out from the passages' table rows (rag.calculate.work_out), shown after the
# sources: "Worked out from the sources: operating income $6,800 million [4] / revenue $13,507 million [2] = 50.3%".
# A statement line asked for by a common name its row rarely carries ("FY2023 capex", "COGS in fiscal 2022", "net PP&E")
# is looked up the same way: "Looked up in the sources: FY2023 capital expenditure: the row "Purchases of property,
# plant and equipment", 187 million [5]"; so is a line asked for alone by the name its row prints ("Corvane's net
# income in fiscal 2022"), from a row of that very name only. Measured in bench/RESULTS.md, tenth, twelfth and
# fifteenth sessions.
CALCULATE = True
# A question about a fiscal year ("FY2018", "fiscal 2023") counts as asking about twelve months (months_asked), so an
# annual report's table is shown with each figure labelled by its year and unit, as PERIOD_COLUMNS does for quarters.
FISCAL_YEAR = True
# When a term of that formula is in no passage's table rows ("COGS" asked, only the balance sheet retrieved), a search
# for the term and its common names (rag.calculate.operand_passages) adds the best passage that holds its row.
OPERAND_PASSAGES = True
# Where the calculator works out every figure asked (CALCULATE), the prompt shows only the passages its figures come
# from and the top-ranked one (WORKED_KEEP_TOP of them), each renumbered, the calculation read again from them: on a
# CPU the prompt's prefill is most of an answer's time, and the other passages mostly repeat neighbouring tables. Kept
# only where the calculation read from the fewer passages says what it said from all (else every passage is shown).
# Measured (bench/RESULTS.md, forty-ninth session): of page_qa's usual 40, blind set 28's 30 and the handbook's 87, 12,
# 11 and 3 prompts change; asked with and without on the same machine, every one of those 26 answers was as right as
# before (9/12, 4/11 by the scorer, 3/3; the numbers stated the same), their median prompt 2,021-2,274 -> 617-1,215
# tokens and median time per answer 12-28 s -> 5-14 s.
WORKED_PASSAGES_ONLY = True
WORKED_KEEP_TOP = 1


def months_asked(question: str) -> int | None:
    """rag.periods.months_asked, with a fiscal year read as twelve months when FISCAL_YEAR is on."""
    return periods.months_asked(question, fiscal_year=FISCAL_YEAR)


def fiscal_year_asked(question: str) -> str | None:
    """The one fiscal year a question asks figures for ("FY2023", "fiscal 2022", "the year ended June 30,
    2024"), as "2023"; None when it names no fiscal year, a shorter span, or several years."""
    if months_asked(question) != 12 or not periods.FISCAL_YEAR_NAMED.search(question):
        return None
    if spans := periods.fiscal_span_ends(question):
        return spans.pop() if len(spans) == 1 else None  # "FY 2021-22": fiscal 2022
    years = {f"20{m.group(1)}" if len(m.group(1)) == 2 else m.group(1)
             for m in re.finditer(r"\b(?:FY\s?'?)?((?:19|20)\d{2}|(?<=FY)\d{2}|(?<=FY )\d{2}|(?<=FY')\d{2})\b", question)}
    return years.pop() if len(years) == 1 else None


def worked_out(question: str, hits: list[Hit]) -> list[Calculation]:
    """The figures the question asks for, worked out from these passages (rag.calculate.work_out_each) when
    CALCULATE is on."""
    return work_out_each(question, hits, months_asked(question)) if CALCULATE else []


def user_message(question: str, hits: list[Hit], worked: list[Calculation] | None = None) -> str:
    """The user turn: the numbered sources, the question's formula worked out from them (CALCULATE; worked, when
    the caller has it already), then the question (with QUESTION_FIRST, the question before them too)."""
    months = months_asked(question) if PERIOD_COLUMNS else None
    year = periods.year_asked(question) if ASKED_YEAR_FIRST else None
    blocks = [f"{source_header(n, h)}\n{passage_text(h, months, year)}" for n, h in enumerate(hits, start=1)]
    first = f"Question: {question}\n\n" if QUESTION_FIRST else ""
    worked = worked_out(question, hits) if worked is None else worked
    said = "Looked up in" if all(w.formula.lookup for w in worked) else "Worked out from"
    note = f"\n\n{said} the sources: {texts_of(worked)}" if worked else ""
    return first + "Sources:\n\n" + "\n\n".join(blocks) + note + f"\n\nQuestion: {question}"


def passage_text(hit: Hit, months: int | None = None, year: str | None = None) -> str:
    """A passage cut from inside a table starts with the table's header rows (its title, periods and
    units), then […] for the rows left out: without them a figure's year or unit is a guess. A table
    read one cell a line is shown a row a line (ingest.tables.rows_inline). With months (the span the
    question asks about, months_asked), a filing's table shows that span's columns; with year (the one year the
    question names), each row's cells of that year first."""
    text = hit.text.strip()
    text = _no_leaders(rows_inline(label_heads(text, hit.heading) if RESULT_COLUMNS else text))
    if LABEL_COLUMNS or months:
        text = label_columns(text, hit.heading, months, year=year)
    elif NAMED_COLUMNS:
        text = label_columns(text, named_only=True)
    if hit.heading.strip():
        return f"{rows_inline(hit.heading.strip())}\n[…]\n{text}"
    # the section prose stands in (its span), where SECTION_SHOWN
    return f"{hit.section}\n[…]\n{text}" if SECTION_SHOWN and hit.section else text


# A passage of prose shown under the heading of the section it stands in (Hit.section: "Nine Months Ended ... Compared
# with ..."). Off: with it on, blind set 38's t19 ("was Gaming or LinkedIn revenue bigger?") drew a wrong draft where it
# had been right, and nothing was seen to gain; the heading still decides which span's reason is quoted
# (rag.calculate.stated.SECTION_SPANS). bench/RESULTS.md, fifty-fourth session.
SECTION_SHOWN = False
_LEADER = re.compile(r"(?:[ \t]*[.·…][ \t]*){4,}")


def _no_leaders(text: str) -> str:
    """A contents page's dot leaders ("Parking . . . . . . 19") as one " … ": dozens of tokens that say nothing."""
    return _LEADER.sub(" … ", text)


def build_prompt(question: str, hits: list[Hit], generator: Generator, max_new_tokens: int,
                 max_context_tokens: int, history: list[tuple[str, str]] | None = None,
                 calculated: str | None = None) -> Prompt:
    """Messages for the chat template, fitted to min(model window, max_context_tokens) - answer. calculated: the
    question as the calculator reads it, when rag.answer rewrote it ("the Azure revenue" for "Azure's revenue")."""
    budget = min(generator.context_window, max_context_tokens) - max_new_tokens
    warnings: list[str] = []
    fixed = generator.prompt_tokens([{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Sources:"}])
    share = 4 if QUESTION_FIRST else 2  # the question is shown twice, or once: half of what the rules leave in all
    question = _fit_question(question, generator, (budget - fixed) // share, warnings)
    past = []
    for q, a in history or []:
        past += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]

    # per list of passages tried (the window is fitted in steps), the calculation; each list is kept with it, so
    # no passage's id is reused while the cache lives
    calculations: dict[tuple, tuple[list[Hit], list[Calculation]]] = {}

    def worked(passages: list[Hit]) -> list[Calculation]:
        key = tuple(id(h) for h in passages)
        if key not in calculations:
            calculations[key] = (list(passages), worked_out(calculated or question, passages))
        return calculations[key][1]

    def messages(passages: list[Hit], turns: list[dict]) -> list[dict]:
        return [{"role": "system", "content": SYSTEM}, *turns,
                {"role": "user", "content": user_message(question, passages, worked(passages))}]

    while past and generator.prompt_tokens(messages(hits[:1], past)) > budget:
        past = past[2:]  # the oldest turns go first
    shown = _worked_only(hits, worked) if WORKED_PASSAGES_ONLY else list(hits)  # (those left out: not a window's cut)
    kept = list(shown)
    if len(kept) > 1 and generator.prompt_tokens(messages(kept, past)) > budget:
        kept = _operands_kept(kept, worked(kept))  # passages go from the end, those of the calculation's figures last
    while len(kept) > 1 and generator.prompt_tokens(messages(kept, past)) > budget:
        kept.pop()
    if kept and generator.prompt_tokens(messages(kept, past)) > budget:
        kept[-1] = _shorten(kept[-1], question, generator, budget, lambda ps: messages(ps, past), kept)
    if len(kept) < len(shown):
        warnings.append(f"only {len(kept)} of {len(shown)} passages fit the model's context window")
    return Prompt(messages(kept, past), kept, warnings, worked(kept))


def _worked_only(hits: list[Hit], worked) -> list[Hit]:
    """hits less those neither the calculation (worked(hits)) takes a figure from nor among the WORKED_KEEP_TOP
    first, where the calculation read from the passages kept says the same as from all; else hits."""
    done = worked(hits)
    if not done:
        return list(hits)
    used = passages_of(done) | set(range(1, WORKED_KEEP_TOP + 1))
    kept = [h for n, h in enumerate(hits, 1) if n in used]
    if len(kept) == len(hits) or _unmarked(texts_of(worked(kept))) != _unmarked(texts_of(done)):
        return list(hits)
    return kept


def _unmarked(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text)


def _operands_kept(hits: list[Hit], worked: list[Calculation]) -> list[Hit]:
    """hits with the passages the question's calculation (worked, from these hits) takes its figures from moved
    ahead of the others (each group in its order), so fitting the window leaves out others first: a passage fetched
    for a term (rag.calculate.operand_passages) comes last, and without it nothing is worked out."""
    if not worked:
        return hits
    used = passages_of(worked)
    return [h for n, h in enumerate(hits, 1) if n in used] + [h for n, h in enumerate(hits, 1) if n not in used]


def _fit_question(question: str, generator: Generator, limit: int, warnings: list[str]) -> str:
    tokens = generator.count_tokens(question)
    if tokens <= limit:
        return question
    keep = max(1, int(len(question) * limit / tokens * 0.95))
    warnings.append(f"the question is {tokens} tokens long; only its first {limit} tokens were used")
    return question[:keep]


def _shorten(hit: Hit, question: str, generator: Generator, budget: int, build, kept: list[Hit]) -> Hit:
    """Cut the last passage until the prompt fits: by a fifth at a time, down to MIN_PASSAGE_CHARS (a
    model with a small window and long rules gets a scrap of the passage rather than a prompt it can't read)."""
    from dataclasses import replace

    text = hit.text
    while len(text) > MIN_PASSAGE_CHARS:
        text = text[: int(len(text) * 0.8)]
        trial = replace(hit, text=text)
        if generator.prompt_tokens(build(kept[:-1] + [trial])) <= budget:
            return trial
    return replace(hit, text=text)


def closed_book_messages(question: str, history: list[tuple[str, str]] | None = None) -> list[dict]:
    """The prompt without passages (weight changes only): the closed-book rules, earlier turns, the question."""
    past = [{"role": role, "content": text} for q, a in history or [] for role, text in (("user", q), ("assistant", a))]
    return [{"role": "system", "content": CLOSED_BOOK_SYSTEM}, *past, {"role": "user", "content": question}]


def build_closed_book_prompt(question: str, generator: Generator, max_new_tokens: int, max_context_tokens: int,
                             history: list[tuple[str, str]] | None = None) -> Prompt:
    """closed_book_messages fitted to the window: the oldest turns go first, then the question is cut."""
    budget = min(generator.context_window, max_context_tokens) - max_new_tokens
    warnings: list[str] = []
    fixed = generator.prompt_tokens(closed_book_messages(""))
    question = _fit_question(question, generator, budget - fixed, warnings)
    past = list(history or [])
    while past and generator.prompt_tokens(closed_book_messages(question, past)) > budget:
        past = past[1:]
    return Prompt(closed_book_messages(question, past), [], warnings)
