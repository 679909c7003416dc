"""Answer: retrieve, prompt, generate, then turn the [n] markers the model wrote into citations.

Sources come only from the retrieved passages the answer cites, never from text the model writes
about sources. When retrieval finds nothing relevant, or the question is about a name that no indexed
document mentions ("AMD's revenue" over filings that never mention AMD) or that no passage found mentions
(AMD named once, in another company's list of competitors), the model is not asked; when the model says it
doesn't know, the answer says so plainly and no passage is presented as support.

The model's text is held until it has been checked: callers see it (on_token) only once it is
accepted, so nothing is ever shown and then withheld. While they wait, on_status says what is
happening (retrieving, reading the passages, writing n tokens).

With retrieval off (weight changes only: a fine-tuned adapter), the model gets the question alone under
the closed-book rules (rag.prompt); its answer has no passages to be checked against or cited, so it is
returned as written and marked not grounded in the documents.
"""
from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from rag.config import Config
from rag.embed import Embedder
from rag.errors import RagError
from rag.generate import Generation, Generator
from rag.index import Index
import rag.calculate.work as _work
import rag.prompt as _prompt
import rag.route as _route
from rag.calculate import (cased_as_documents, cell_passages, companies_named, company_documents, operand_passages,
                            work_out_each)
from rag.calculate.direction import sign_claimed
from rag.calculate.guidance import guidance_lines
from rag.calculate.question import BARE_NAME, asked as read_formula, larger_of_two, plain_question, segment_asked
from rag.calculate.rows import table_rows
from rag.calculate.stated import FILING_DATE, deal_asked, reason_asked, reason_cut, stated_reason
from rag.calculate.trend import Trend, as_listed, trend_asked, trend_lines
from rag.calculate.versus import business_of, versus_asked
from rag.periods import (DATE, date_tokens, month_ends_as_printed, month_quarters_as_printed, period_tokens,
                         spelled_dates, written_day)
from rag.prompt import DONT_KNOW, build_closed_book_prompt, build_prompt, months_asked
from rag.guard import asks_yes_no, check_answer, restates_question, says_dont_know, states_nothing, words_related
from rag.retrieve import (Hit, adds_whole, chunk_runs, continued, denial_continuations, entry_continuation,
                          figure_continuations, hit_of, hybrid_search, in_place, page_span, phrase_search, stems,
                          with_sections, with_table_heads)
from rag.route import (SPELL_OUT, STOPWORDS, coined_names_unmentioned, filer_documents, latest_documents,
                       names_defined, names_printed_nowhere, naming_words, not_a_filer, not_filers, printed_in_chunks,
                       quarter_not_covered, quarter_reports, route_documents,
                       sources_about_none, spelled_out, things_named, unknown_codes, unknown_names, unknown_things,
                       names_asked, unmentioned_names, unreported_cutoffs, unreported_kind, with_spellings)

# A results table cut across chunks (a paper's): the passage cut from inside it gets the table's head, or the chunk
# after a passage whose rows it continues is added, when the cell the question names is found there and nothing else
# is worked out (rag.calculate.cell_passages). Measured in bench/RESULTS.md, "Thirty-fifth session".
CELL_PASSAGES = True
# The entry a question names, cut by the chunking (its title on the top passage's last lines, the rest in the next
# chunk): that chunk joined to the passage (rag.retrieve.entry_continuation; prose only). Measured in
# bench/RESULTS.md, "Thirty-sixth session".
ENTRY_CONTINUATION = True
# A yes-or-no question's passage that ends inside a sentence saying no ("There were no repurchases of our common stock"
# | "during the three months ended March 31, 2023."): the next chunk joined, so the denial names its period
# (rag.retrieve.denial_continuations). bench/RESULTS.md, forty-eighth session (blind set 27's i06, 28's j21).
DENIAL_CONTINUATION = True
# A passage that ends inside a sentence giving a figure in the question's words, no period named yet ("... an
# approximate $1.6 billion increase to gross margin and an" | "... in the first nine months of 2023."): the next chunk
# joined, so the model sees which period the figure is for (rag.retrieve.figure_continuations). bench/RESULTS.md,
# fifty-fifth session (blind set 38's t06).
FIGURE_CONTINUATION = True
# A why-question's line whose change a passage's last sentence tells, no cause given: the chunk after it joined, where
# the cause opens ("The year-on-year increase was primarily due to ..."; rag.calculate.stated.reason_cut). bench/
# RESULTS.md, forty-ninth session (blind set 29's k22).
REASON_CONTINUATION = True
# Passages of prose of a question of one span carry the heading of the section they stand in where it is in a chunk
# before them (rag.retrieve.with_sections; not shown to the model: prompt.SECTION_SHOWN): a stated figure or reason
# from another span's section is not read for it (rag.calculate.stated.SECTION_SPANS); a why-question of one span
# whose passages give no reason in a section of that span gets the best passage of its documents that does
# (_reason_passages; blind set 38's t25). bench/RESULTS.md, fifty-fourth session; a trend's passages too, and stated
# figures, in the fifty-fifth (blind set 39's u23).
SECTIONS = True
# An acronym the question uses that labels no table row ("DCAI"), read by the calculator as the words the documents
# define it by ("Datacenter and AI (DCAI)", the segment tables' row; rag.route.names_defined), where the question as
# asked reads nothing and so read it does (written out, "IRS" loses a sentence that says "IRS"; "Data Center and AI"
# is read from "DCAI" by its initials already). bench/RESULTS.md, fifty-fifth session (blind set 39's u16).
NAMES_DEFINED = True
# The best passage's cosine under retrieve.min_similarity declines without asking the model, unless one passage prints
# every word the question asks with (two or more: "Who is the director of Residence Life?", 0.18 for a page that says
# "Residence Life is led by Director Rafael Dominguez-Hart"; off-topic questions score 0.07-0.35 on the stored indexes,
# the stored sets' 956 questions all 0.2 or more). bench/RESULTS.md, thirty-ninth session.
WORDS_PASS_GATE = True
# Two companies compared ("which spent more on research and development, Apple or Microsoft"): each passage of a
# report whose cover names one is marked as its (_with_filers), so the calculator tells the reports apart where the
# pages and file names don't say the name. bench/RESULTS.md, forty-first session.
FILERS_MARKED = True
# A question that opens with a filer's name typed bare before its line ("Intel revenue Q2'23 vs Q1'23 ...") is read as
# the filer's (_bare_filer), not as a segment named Intel. bench/RESULTS.md, forty-first session.
BARE_FILER = True
# A line traced over several quarters ("How did Azure and other cloud services revenue growth trend across Microsoft's
# quarters ended Sep 2022, Dec 2022, Mar 2023 and Sep 2023?"): each quarter's own report's passages on the line, each
# quarter's figure read in them (_trend_passages, rag.calculate.trend). bench/RESULTS.md, forty-eighth session.
TREND_PASSAGES = True
# Tried (bench/RESULTS.md, forty-third session): a yes-or-no question whose draft only says yes or no in the question's
# own words (rag.guard.restates_question, withheld: no passage can support it) asked once more with the same passages
# and EVIDENCE_ASKED after it, the guard checking that answer as any other (_with_evidence). On the 15 stored questions
# whose drafts restated so, one more right (Apple's 53-week first quarter, quoted) and three wrong "yes" shown that had
# been withheld (a handbook exam rule, two filings' acquisitions: the model cited an older deal as its fact). Not kept;
# the switch stays for the benchmarks and a stronger model.
YES_NO_EVIDENCE = False
EVIDENCE_ASKED = "Say yes or no, then give the fact from the sources that shows it, with its date or figure."
NOT_GROUNDED = ("answered from the model's weights alone (retrieval off): not grounded in the documents, "
                "no sources")


@dataclass
class Citation:
    n: int  # the marker number in the answer
    file: str
    page: int  # 1-based first page of the passage
    page_label: str
    score: float
    text: str
    page_end: int = 0
    label_end: str = ""

    @property
    def pages(self) -> str:
        return page_span(self.page, self.page_end, self.page_label, self.label_end)


@dataclass
class Answer:
    question: str  # as answered: a follow-up ("And for part-time students?") rewritten to stand alone
    answer: str
    citations: list[Citation]
    passages: list[Hit]  # everything the model was shown, in [n] order
    abstained: bool
    generation: Generation | None = None
    retrieval_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    grounded: bool = True  # False: retrieval was off, the answer comes from the model's weights alone

    @property
    def sources(self) -> str:
        """'handbook.pdf p. 14, p. 15; fees.pdf p. 2' for the cited passages."""
        by_file: dict[str, list[str]] = {}
        for c in self.citations:
            pages = by_file.setdefault(c.file, [])
            if c.pages not in pages:
                pages.append(c.pages)
        return "; ".join(f"{f} {', '.join(p)}" for f, p in by_file.items())

    def as_dict(self) -> dict:
        return {"question": self.question, "answer": self.answer, "sources": self.sources, "grounded": self.grounded,
                "citations": [{"file": c.file, "page": c.page, "page_end": c.page_end or c.page,
                               "page_label": c.page_label, "page_label_end": c.label_end or c.page_label,
                               "pages": c.pages, "score": c.score, "text": c.text, "n": c.n}
                              for c in self.citations],
                "passages": [{"n": n, "file": h.file, "pages": h.pages, "page": h.page_start, "page_end": h.page_end,
                              "score": round(h.score, 4), "similarity": round(h.similarity, 4), "ranks": h.ranks,
                              "routed": h.routed, "used": n in self.used}
                             for n, h in enumerate(self.passages, start=1)],
                "warnings": list(self.warnings)}  # why an answer was withheld, what was cut to fit, ...

    @property
    def used(self) -> set[int]:
        """The [n] of the passages the answer rests on (its citations)."""
        return {c.n for c in self.citations}


@dataclass
class Status:
    """Where answer_question is, for a progress display. stage: "retrieving", "preparing" (fitting the
    passages to the model's window), "loading" (the model, on first use), "reading" (the model reads
    the prompt: the long quiet part on a CPU) or "writing" (new_tokens decoded so far, the text not
    yet checked); seconds since the question came in."""

    stage: str
    seconds: float
    passages: int = 0
    prompt_tokens: int = 0
    new_tokens: int = 0

    def __str__(self) -> str:
        return {"retrieving": "retrieving passages",
                "preparing": f"fitting {self.passages} passage(s) to the model's window",
                "loading": "loading the model",
                "reading": f"reading {self.passages} passage(s) ({self.prompt_tokens:,} prompt tokens)",
                "writing": f"writing the answer ({self.new_tokens} tokens)"}.get(self.stage, self.stage)


def answer_question(question: str, index: Index, embedder: Embedder, generator: Generator, cfg: Config,
                    history: list[tuple[str, str]] | None = None,
                    on_token: Callable[[str], None] | None = None, reranker=None,
                    on_status: Callable[[Status], None] | None = None, retrieval: bool = True) -> Answer:
    """Retrieve, prompt, generate and check an answer (retrieval=False: the model alone, see _closed_book;
    index and embedder may then be None).

    on_token receives the answer's text once, after the checks: the model's words when the passages
    support them, else "I don't know" (the same text as Answer.answer); never text that is then
    withheld. on_status receives a Status at each stage and about once per token the model writes.
    """
    result = _answer(question, index, embedder, generator, cfg, history, reranker, on_status, retrieval)
    if on_token:
        on_token(result.answer)
    return result


def _answer(question: str, index: Index, embedder: Embedder, generator: Generator, cfg: Config,
            history: list[tuple[str, str]] | None, reranker, on_status: Callable[[Status], None] | None,
            retrieval: bool = True) -> Answer:
    question = spelled_dates(" ".join(question.split()))  # "at 7/1/23": "at July 1, 2023", as the filings print it
    if not question:
        raise RagError("the question is empty; ask something about your documents")
    if retrieval and index.count_chunks() == 0:
        raise RagError(f"the index at {index.folder} is empty; add documents with `rag ingest FILE`")
    started = time.perf_counter()

    def report(stage: str, **counts) -> None:
        if on_status:
            on_status(Status(stage, time.perf_counter() - started, **counts))

    standalone = standalone_question(question, history)
    if standalone != question:  # an elliptical follow-up, now a question of its own: the turns before add nothing
        question, history = standalone, None
    if not retrieval:
        return _closed_book(question, generator, cfg, history, report, on_status is not None)
    report("retrieving")
    queries = [question] + ([f"{history[-1][0]} {question}"] if history else [])
    related = words_related(embedder)  # lazy: a word is embedded when a check first asks
    found = gather(question, index, embedder, cfg, queries, reranker, related)
    hits, asked, calculated = found.hits, found.asked, found.calculated
    retrieval_seconds = time.perf_counter() - started
    if found.declined:
        return Answer(question, found.declined, [], hits, True, None, retrieval_seconds)
    g = cfg.generate
    report("preparing", passages=len(hits))
    prompt = build_prompt(asked, hits, generator, g.max_new_tokens, g.max_context_tokens, history, calculated)
    generation = _generate(generator, prompt.messages, g.max_new_tokens, report, on_status is not None,
                           passages=len(prompt.hits))
    printed = _printed_by(index, prompt.hits)
    prompt = replace(prompt, hits=_of_filers_named(asked, prompt.hits, index))
    text, cited, abstained, warning = check_answer(generation.text, asked, prompt.hits, history, related,
                                                   prompt.worked, calculated, printed)
    if abstained and YES_NO_EVIDENCE and g.second_look and restates_question(generation.text, asked) and \
            asks_yes_no(asked):
        evidence = _with_evidence(asked, prompt.hits, generator, cfg, history, report, on_status is not None,
                                  related, calculated, printed)
        if not evidence[2]:
            generation = _joined(generation, evidence[4])
            text, cited, abstained, warning = evidence[:4]
    if abstained and g.second_look and len(prompt.hits) > 1 and (says_dont_know(generation.text)
                                                                 or states_nothing(generation.text)
                                                                 or restates_question(generation.text, asked)):
        second = _second_look(asked, prompt.hits[0], generator, cfg, history, report, on_status is not None,
                              related, calculated, printed)
        if not second[2]:  # answered, and the guard let it through: [1] is the same passage in both prompts
            generation = _joined(generation, second[4])
            text, cited, abstained, warning = second[:4]
    cited_docs = {prompt.hits[n - 1].doc_id for n in cited}
    if not abstained and (names := sources_about_none(index, question, cited_docs) or
                          coined_names_unmentioned(index, question, cited_docs)):
        # the answer comes from documents about something else: the name is in the index only in passing elsewhere
        warning = f"the model's answer was withheld: the documents it cites never mention {_quoted(names)} " \
                  f"({' '.join(text.split())[:120]})"
        text, cited, abstained = f"I don't know: the documents that would answer this don't mention {_quoted(names)}.", \
            [], True
    if not abstained and _route.INVENTED_NAME_CHECK and \
            (names := names_printed_nowhere(index, text, question, cited_docs)):
        warning = f"the model's answer was withheld: it names {_quoted(names)}, which the documents it cites never " \
                  f"print ({' '.join(text.split())[:120]})"
        text, cited, abstained = DONT_KNOW, [], True
    citations = [_citation(n, prompt.hits[n - 1]) for n in cited]
    return Answer(question, text, citations, prompt.hits, abstained, generation, retrieval_seconds,
                  prompt.warnings + ([warning] if warning else []))


# A question that names the cover page ("According to the cover page of Apple's 10-Q ..., how many shares ... were
# outstanding?") is answered there, whatever retrieval ranked first: a filing's cover runs over its first pages
# (Apple's share count is on page 2). bench/RESULTS.md, forty-third session.
COVER_PAGES = 2
# the cover as a page ("the cover page", "the cover date", "on the cover of its annual report"), not the verb ("do the
# studies cover ...?") nor a book's back cover
_COVER = re.compile(r"\bcover\s+(?:page|date)\b|\b(?:the|its|their|front|inside)\s+cover\b(?!\s+(?:letter|charge|story))",
                    re.I)


def _cover_passages(hits: list[Hit], index: Index, question: str) -> list[Hit]:
    """For a question that names the cover page: of each document the passages come from by routing (else the top
    passage's), the chunk of its first COVER_PAGES pages that holds the most of the words of what is asked (not
    those naming the report: its company, its period, "cover page"), put first, unless it is among them already."""
    if not hits or not _COVER.search(question):
        return hits
    what = FILING_DATE.sub(" ", DATE.sub(" ", _COVER.sub(" ", question)))
    named = {w for _, words in names_asked(question) for w in words}
    asked = stems(what, skip=STOPWORDS | named)
    docs = list(dict.fromkeys(h.doc_id for h in hits if h.routed)) or [hits[0].doc_id]
    held = {c for h in hits for c in h.chunk_ids}
    added = []
    for doc in docs[:2]:
        rows = [r for r in index.chunks_at(doc, list(range(COVER_PAGES * 8))).values() if r.page_start <= COVER_PAGES]
        held_words = {r.id: stems(r.text) & asked for r in rows}
        best = max(rows, key=lambda r: (len(held_words[r.id]), -r.ord), default=None)
        if best is not None and held_words[best.id] and best.id not in held:
            added.append(replace(hit_of(best, hits[0].score, hits[0].similarity), routed=hits[0].routed))
    return added + hits


@dataclass
class Gathered:
    """What the stages before the model make of a question (gather)."""

    hits: list[Hit]  # the passages: retrieved, then the other company's, then a formula's missing rows
    asked: str  # the question with its names as the passages print them (what the prompt and the guard read)
    calculated: str  # as the calculator reads it ("Azure's revenue": the Azure revenue, no company's)
    declined: str | None = None  # the answer when no model is to be asked ("I don't know: ..."), else None


def gather(question: str, index: Index, embedder: Embedder, cfg: Config, queries: list[str] | None = None,
           reranker=None, related=None) -> Gathered:
    """The deterministic stages before the model, in order: the declines that need no passage (a name no document
    mentions, a quarter no report covers, a kind of figure none reports), retrieval (queries: the question and,
    in a conversation, the last question with it), the question's names cased as the passages print them, the
    possessive read as a segment for the calculator, the other company's passages when two are compared, the
    rows a formula needs, and the declines the passages decide (nothing similar enough found; a name no passage
    mentions; with related, rag.guard.words_related, a thing no document mentions nor anything like it).
    bench/calc_level.py runs exactly this, so what it measures is what answers get."""
    # "AMD's revenue" over filings that never mention AMD; "error message CFOL040" in a manual that never prints it
    if missing := unknown_names(index, question) + unknown_codes(index, question):
        return Gathered([], question, question,
                        f"I don't know: the indexed documents don't mention {_quoted(missing)}.")
    if cutoffs := unreported_cutoffs(index, question):  # "pass@10" of a paper that reports pass@1 and pass@100
        asked, printed = cutoffs[0]
        metric = asked.split("@")[0].strip()
        return Gathered([], question, question, f"I don't know: the indexed documents report {metric}@ only at "
                        f"{_listed(printed)}, not {asked}.")
    if uncovered := quarter_not_covered(index, question):  # the fourth quarter over a stack of 10-Qs
        what, ends, named = uncovered
        which = f"the reports this question names end {_listed(ends)}" if named else \
            f"the indexed reports end {ends[0]}" if len(ends) == 1 else \
            f"the indexed reports end between {ends[0]} and {ends[-1]}"
        return Gathered([], question, question, f"I don't know: none of the indexed quarterly reports covers {what} "
                        f"({which}).")
    if kind := unreported_kind(index, question):  # a non-GAAP margin of filings that print none
        return Gathered([], question, question,
                        f"I don't know: the documents this question is about report no {kind} figures.")
    r = cfg.retrieve
    hits = hybrid_search(index, embedder, queries or [question], r.k, candidates=r.candidates, rrf_k=r.rrf_k,
                         reranker=reranker)
    if ENTRY_CONTINUATION:
        hits = entry_continuation(hits, index, question)
    if DENIAL_CONTINUATION and asks_yes_no(question):  # a sentence saying no, its period in the next chunk
        hits = denial_continuations(hits, index)
    if FIGURE_CONTINUATION:  # a figure's sentence cut before the period it is for
        hits = figure_continuations(hits, index, question)
    telling = reason_asked(question, hits)  # a why-question's line (its words)
    if REASON_CONTINUATION and telling:  # a line's change told, its cause next
        hits = continued(hits, index, lambda text: reason_cut(text, telling))
    spanned = SECTIONS and bool(months_asked(question))
    one_span = spanned and bool(telling)  # a why-question of one span
    if spanned or _prompt.SECTION_SHOWN:  # passages of prose given the section they stand in ("Nine Months Ended ...
        hits = with_sections(hits, index)  # Compared with ..."): read for a question of one span, unless shown
    if one_span:  # a reason of that span's section (a run holding a passage shown takes its place)
        hits = in_place(hits, _reason_passages(question, telling, hits, index, embedder, r))
    hits = _cover_passages(hits, index, question)  # "according to the cover page of ..., how many shares ..."
    # typed in lower case ("nvda data center rev q1 fy24"): its names as the passages print them, for the calculator,
    # the prompt and the guard; the answer keeps the question as asked
    asked = cased_as_documents(question, [t for h in hits for t in (h.text, h.file, h.heading or "")])
    # "at the end of June 2023": the day the passages print for it ("July 1, 2023", a 52/53-week filer's quarter end)
    printed = [f"{h.heading or ''} {h.text}" for h in hits]
    asked = month_ends_as_printed(asked, printed)
    # two quarters named by their months ("the June 2022 quarter with the July 2023 quarter"): the days they ended
    asked = month_quarters_as_printed(asked, printed)
    # as the calculator reads it: "Azure's revenue" is the Azure revenue, no company's (the model and the guard read
    # the question as asked)
    filed = _filer_then_product(asked, index)  # "Microsoft Azure's revenue": the Microsoft Azure revenue
    calculated = _bare_segment(_as_segments(filed, not_filers(index, filed), hits), index)
    if SPELL_OUT:  # "the CSP (Classification Settlement Program) indicator": the model and the guard read the words
        asked = with_spellings(asked, spelled_out(index, question))  # the page prints (the calculator reads "CSP")
    if TREND_PASSAGES and (traced := _trend_passages(calculated, hits, index, embedder, r)):
        calculated, hits = traced  # one line over several quarters: each quarter's report's passages, its days listed
    each = _each_company(calculated, hits, index, embedder, r)  # two companies compared: each one's passages
    each += _deal_ended(asked, hits + each, index, embedder, r)  # how a deal ended: the latest report's passages
    hits = _with_filers(calculated, hits + each, index)
    if hits and _prompt.CALCULATE and _prompt.OPERAND_PASSAGES:  # a formula's terms the passages lack: fetch their rows
        hits = in_place(hits, operand_passages(calculated, hits, months_asked(calculated),
                                               _term_search(calculated, index, embedder, r, {h.doc_id for h in each}),
                                               lambda hit: chunk_runs(hit, index, ahead=_RUN_AHEAD)))
    if hits and _prompt.CALCULATE and NAMES_DEFINED and (defined := names_defined(index, calculated)) and \
            not work_out_each(calculated, hits, months_asked(calculated)):
        # "Intel's DCAI segment operating margin" read nothing: the rows' "Datacenter and AI", as the reports define
        # it, their rows fetched, where that reads the figure
        named = calculated
        for acronym, name in defined.items():
            named = re.sub(rf"\b{acronym}\b", f"{name} ({acronym})", named)
        more = in_place(hits, operand_passages(named, hits, months_asked(named), _term_search(named, index, embedder, r),
                                               lambda hit: chunk_runs(hit, index, ahead=_RUN_AHEAD)))
        if work_out_each(named, more, months_asked(named)):
            calculated, hits = named, more
    if hits and _prompt.CALCULATE and PREMISE_ROWS and (premise := _premise_question(calculated)):
        # a loss or profit a why-question claims ("Why did Intel swing to a net loss in Q3 2023?"): the rows the
        # guard checks it by (rag.calculate.direction.sign_claimed), where the passages lack them
        hits = in_place(hits, operand_passages(premise, hits, months_asked(premise),
                                               _term_search(premise, index, embedder, r),
                                               lambda hit: chunk_runs(hit, index, ahead=_RUN_AHEAD)))
    if _prompt.RESULT_COLUMNS:  # a passage cut from inside a paper's results table: the table's head
        hits = with_table_heads(hits, index)
    if hits and _prompt.CALCULATE and CELL_PASSAGES:  # the cell a question names, in a table cut across chunks: the
        hits = cell_passages(calculated, hits, index)  # head for the passage that holds it, or the next chunk added
    if spanned:  # the passages added since, their sections too (the nine months' "More Personal Computing Revenue
        hits = with_sections(hits, index)  # decreased $3.3 billion 11%", fetched for the quarter's fall)
    if not hits or max(h.similarity for h in hits) < r.min_similarity and \
            not (WORDS_PASS_GATE and words_printed(question, hits)):
        return Gathered(hits, asked, calculated, DONT_KNOW)
    if missing := unmentioned_names(index, question, [(h.doc_id, h.text) for h in hits]):
        # the passages are about another company: no answer
        return Gathered(hits, asked, calculated, f"I don't know: the passages found for this question don't mention "
                        f"{_quoted(missing)}.")
    if related and (missing := _unknown_things(index, question, hits, related)):  # "the college's mascot" in a
        # handbook that never says "mascot" (nor anything like it)
        return Gathered(hits, asked, calculated, f"I don't know: the indexed documents don't mention "
                        f"{_quoted(missing)}.")
    return Gathered(hits, asked, calculated)


_RUN_AHEAD = 1  # a table's last rows in the chunk after a passage: its runs with the next chunk, tried last
# The rows of a profit line whose sign a why-question claims, fetched where the passages lack them, for the guard's
# SIGN_PREMISE_CHECK: "Why did Intel swing to a net loss in Q3 2023?" drew MD&A prose only (blind set 35's q25). Not
# for a claimed change: fetched for "Why did Apple cut its quarterly dividend ...?", the rows brought "Interest and
# dividend income" ($980 against $722 million), which the calculator then read for the dividend (blind 31's m24 read
# "Dividends and dividend equivalents declared" from the passages retrieval found). bench/RESULTS.md, fifty-second
# session.
PREMISE_ROWS = True


def _premise_question(question: str) -> str | None:
    """The calculator's question for the figure a claimed loss or profit is checked by; None for any other question."""
    sign = sign_claimed(question)
    return sign[0] if sign else None


def words_printed(question: str, hits: list[Hit]) -> bool:
    """Whether one passage prints every word (two or more, stopwords and question words aside) of the question."""
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]{2,}", question)} - STOPWORDS - _QUESTION_WORDS
    return len(words) >= 2 and any(words <= {w.lower() for w in re.findall(r"[A-Za-z][\w-]{2,}", h.text)} for h in hits)


_QUESTION_WORDS = frozenset("who whom whose what which where when why how".split())


# A question naming two filers in a form the calculator does not read as a comparison ("Compare Amazon's AWS segment
# with Microsoft's Intelligent Cloud segment ...") drew only Microsoft's passages and was declined as not mentioning
# Amazon (blind set 25's g02): each filer's report gives its best passages. bench/RESULTS.md, forty-fifth session.
EACH_FILER = True


def _trend_forms(trend: Trend, index: Index) -> list[Trend]:
    """The trend's line as the calculator is asked it, in the order tried: a line that starts with capitalised words
    no filer has is a segment's ("AWS operating margin": "the AWS operating margin", as _bare_segment writes it); a
    filer's bare name before a line in lower case is the filer's own ("Intel net revenue": "Intel's net revenue", as
    _bare_filer writes it; blind set 37's s30); a filer's name before capitalised words is a product named with it
    ("Microsoft Cloud revenue") as written, else the filer's segment ("Intel Data Center and AI (DCAI) net revenue":
    "Intel's Data Center and AI (DCAI) net revenue", blind set 43's y23; the name may hold "and")."""
    forms = _owner_forms(trend, index)
    # "quarterly" said of a line a quarter's report prints as it is ("Amazon's quarterly operating lease cost": the row
    # "Operating lease cost", blind set 44's z22), tried after the line as written
    return forms + [replace(t, line=line) for t in forms if (line := _QUARTERLY.sub("", t.line)) != t.line]


_QUARTERLY = re.compile(r"\bquarterly\s+(?=\w)", re.I)


def _owner_forms(trend: Trend, index: Index) -> list[Trend]:
    """_trend_forms' forms of the line's owner."""
    bare = re.match(r"[A-Z][\w.&-]*(?:\s+(?:(?:and|&)\s+)?[A-Z][\w.&-]*)*", trend.line)
    if not bare:
        return [trend]
    if _route.not_a_filer(index, bare.group()):
        return [replace(trend, line=f"the {trend.line}")]
    if re.match(r"\s+[a-z]", trend.line[bare.end():]) and _route.company_reports(index, bare.group()):
        return [replace(trend, line=f"{bare.group()}'s{trend.line[bare.end():]}")]
    if len(words := bare.group().split()) > 1 and _route.company_reports(index, words[0]) and \
            not _route.company_reports(index, bare.group()):
        return [trend, replace(trend, line=f"{words[0]}'s{trend.line[len(words[0]):]}")]
    return [trend]


def _trend_passages(question: str, hits: list[Hit], index: Index, embedder: Embedder, r) -> tuple[str, list[Hit]] | None:
    """A question tracing one company's line over several quarters (rag.calculate.trend: "NVIDIA Data Center revenue
    trend from the Oct 2022 quarter through the Oct 2023 quarter?"): the question in the calculator's form, the
    quarters' days listed (as_listed), and the passages: the best two on the line in each quarter's own report
    (route.quarter_reports; those found already first), and the line's row where those lack it (operand_passages),
    each marked with the day its quarter ends (Hit.period_end); then the others found (first to
    go when the window is full). None for any other question, when fewer than two quarters' reports are found, or when
    the calculator reads no two quarters' figures in them (an answer would otherwise draw on the added passages
    unchecked: blind 27's i13 got "increased by $2.2 billion", a long-term unearned revenue figure of one of them)."""
    trend = trend_asked(question)
    if not trend:
        return None
    # the company: as names_asked reads it ("NVIDIA's ...", "AWS": Amazon's, _filer_of), else a capitalised word of
    # the line that names a filer ("NVIDIA Data Center revenue"), else the one filer whose reports print the line's
    # capitalised words ("How has AWS operating income trended ...?": Amazon's, rag.route.filer_printing)
    capitals = list(dict.fromkeys(re.findall(r"\b[A-Z][\w.&]+", trend.line)))
    named = [_filer_of(index, name) for name, _ in names_asked(trend.line) or names_asked(question)] or \
        [w for w in capitals if _route.company_reports(index, w)] or \
        list(dict.fromkeys(f for w in capitals if (f := _route.filer_printing(index, w))))
    if len(named) != 1 or len(reports := quarter_reports(index, named[0], trend.periods, trend.through, trend.last)) < 2:
        return None
    forms = _trend_forms(trend, index)
    ends = dict(reports)
    have: set[int] = {i for h in hits if h.doc_id in ends for i in h.ids}  # the passages found already: kept below
    for trend in forms:
        whole, *parts = trend_lines(trend.line)
        for lines in ([whole], [whole, *parts]) if parts else ([whole],):  # where the line is not read whole, and it
            # joins two by "and" ("Intel's revenue and gross margin percentage"), each one's passages after its own
            out: list[Hit] = []
            for doc, day in reports:
                kept = [h for h in hits if h.doc_id == doc][:2]  # the report's best two, found already first
                for at, line in enumerate(lines):
                    kept = _line_passages(line, doc, day, kept, have, 2 + at, index, embedder, r)
                out += [replace(h, period_end=day) for h in (with_sections(kept, index) if SECTIONS else kept)]
            listed = as_listed(trend, [day for _, day in reports])
            passages = out + [h for h in hits if h.doc_id not in ends]
            if work_out_each(listed, passages):
                return listed, passages
    return None  # no quarter's figure read: the question's own passages (the reports' others are no support)


# A trend's quarter whose passages kept lack its figure: the first of this many more of the best on the line in that
# report that the calculator reads it in (blind set 39's u23: the report's best two for the whole question were other segments'
# paragraphs, its "Azure and other cloud services revenue grew 31%" never fetched). bench/RESULTS.md, fifty-fifth
# session.
LINE_SEARCHED = True
_MORE_LINE = 2


def _line_passages(line: str, doc: int, day: str, kept: list[Hit], have: set[int], most: int, index: Index,
                   embedder: Embedder, r) -> list[Hit]:
    """A trend's passages in one quarter's report: those kept, then the best on the line not found already, up to most;
    and the line's row where those lack it (operand_passages)."""
    asked = f"What was {line} in the quarter ended {written_day(day)}?"  # the quarter's figure alone

    def search(terms: str) -> list[Hit]:
        return [h for h in hybrid_search(index, embedder, [terms], r.k * (5 if terms != asked else 1),
                                         candidates=r.candidates, rrf_k=r.rrf_k, routed=[doc]) if h.doc_id == doc]
    taken = {i for k in kept for i in k.ids}
    found = [h for h in search(asked) if not h.ids & (have | taken)]
    kept, found = kept + found[:max(0, most - len(kept))], found[max(0, most - len(kept)):]
    if LINE_SEARCHED and _prompt.CALCULATE and not work_out_each(asked, kept, 3):  # those kept lack the quarter's
        # figure (the report's best two found for the whole question, about other lines): the first of the next best
        # on the line that gives it, if one does
        kept += next(([more] for more in found[:_MORE_LINE] if work_out_each(asked, kept + [more], 3)), [])
    if _prompt.CALCULATE and _prompt.OPERAND_PASSAGES:  # the line's row where those passages lack it (a run of
        # chunks that holds a passage kept takes its place: rag.retrieve.in_place)
        kept = in_place(kept, operand_passages(asked, kept, 3, search, lambda hit: chunk_runs(hit, index)))
    return kept


def _reason_passages(question: str, telling: list[str], hits: list[Hit], index: Index, embedder: Embedder,
                     r) -> list[Hit]:
    """For a why-question of one span whose passages give no reason in a section of that span (stated_reason reads
    none), the best passage of the same documents that does, found by a search for the line's words: one or none."""
    if not hits or stated_reason(question, hits):
        return []
    docs = list(dict.fromkeys(h.doc_id for h in hits if h.routed)) or [hits[0].doc_id]
    found = hybrid_search(index, embedder, [" ".join(telling)], r.k * 3, candidates=r.candidates, rrf_k=r.rrf_k,
                          routed=docs)
    routed = any(h.routed for h in hits)
    for hit in with_sections([h for h in found if h.doc_id in docs and adds_whole(h, hits)], index):
        if stated_reason(question, [replace(hit, routed=routed)]):
            return [replace(hit, routed=routed)]
    return []


def _filer_of(index: Index, name: str) -> str:
    """The name, or where it names no filer's reports its first words that do: "Microsoft" of "Microsoft Cloud" (a line
    of Microsoft's, blind set 29's k20); else the filer whose reports print it (rag.route.filer_printing: "AWS",
    Amazon's, blind set 33's o16)."""
    words = name.split()
    return next((" ".join(words[:n]) for n in range(len(words), 0, -1)
                 if _route.company_reports(index, " ".join(words[:n]))), None) or \
        _route.filer_printing(index, name) or name


def _each_company(question: str, hits: list[Hit], index: Index, embedder: Embedder, r) -> list[Hit]:
    """Passages of a company the question sets against another (rag.calculate.companies_named) that retrieval, ranking
    by the whole question, brought none of ("How much more revenue did Microsoft generate than Intel in ...?": Intel's
    report alone): the best two a search for its part of the question finds in its own documents."""
    out: list[Hit] = []
    have = set().union(*(h.ids for h in hits)) if hits else set()
    for name, part in companies_named(question):
        if company_documents(name, hits + out):
            continue
        found = hybrid_search(index, embedder, [part], r.k, candidates=r.candidates, rrf_k=r.rrf_k)
        own = company_documents(name, found)
        add = [h for h in found if h.doc_id in own and not h.ids & have][:2]
        if not add and (filed := filer_documents(index, name)):
            # no passage found names it ("Intel": its report's pages say "we"): its reports by their covers, of the
            # period asked, and their passages that name it: the best two on the figure, else (its pages on the
            # figure never name it) one that does, to tell its report
            docs = [d for d in route_documents(index, question) if d in filed] or filed
            for query, most in ((f"{name} {part}", 2), (name, 1)):
                found = hybrid_search(index, embedder, [query], r.k * 3, candidates=r.candidates, rrf_k=r.rrf_k,
                                      routed=docs)
                if add := [h for h in found if h.doc_id in docs and not h.ids & have and
                           company_documents(name, [h])][:most]:
                    break
        out += add
    if EACH_FILER and not companies_named(question):
        out += _each_filer(question, hits + out, index, embedder, r)
    held = {h.doc_id for h in hits}
    # each line a guidance question sets against its range ("Did Amazon's Q3 2023 net sales land within the guidance
    # ... given in its Q2 2023 10-Q?"), read in the report of its own quarter
    guided = tuple(q for _, q in guidance_lines(question, hits)) if _work.GUIDANCE else ()
    # each business's each line where two are set against each other on several (rag.calculate.versus)
    versus = tuple(versus_asked(question)) if _work.VERSUS else ()
    for part in (larger_of_two(question) or ()) + guided + versus:
        # "which was larger: AWS segment operating income or Microsoft's Intelligent Cloud ...": each line's best two
        # passages from a document retrieval brought none of, or, where the part names its report ("Microsoft's R&D
        # expense in fiscal Q3 2023"), from that report
        routed = route_documents(index, part)
        found = hybrid_search(index, embedder, [part], r.k, candidates=r.candidates, rrf_k=r.rrf_k, routed=routed or None)
        had = have.union(*(h.ids for h in out))
        out += [h for h in found if (h.doc_id in routed if routed else h.doc_id not in held) and not h.ids & had][:2]
    return out


# "Did Intel end up completing its acquisition of Tower Semiconductor?" drew the earlier reports' notes on the pending
# deal, and the model said yes; the latest report says it was terminated (blind sets 25's g15, 27's i16). A question
# on whether a deal was completed that names no period is asked of the latest report too. bench/RESULTS.md,
# forty-seventh session.
DEAL_LATEST = True


def _deal_ended(question: str, hits: list[Hit], index: Index, embedder: Embedder, r) -> list[Hit]:
    """For a question asking whether a deal with a party it names was completed, naming no period (rag.calculate
    .stated.deal_asked), the best two passages of the latest of the reports it names (rag.route) that retrieval
    brought none of: an earlier report says the deal is pending, the latest how it ended."""
    if not DEAL_LATEST or not deal_asked(question) or period_tokens(question) or date_tokens(question):
        return []
    # (no document routed: the question's company files all of them)
    latest = latest_documents(index, route_documents(index, question) or [d.id for d in index.documents()])
    if not latest or any(h.doc_id in latest for h in hits):
        return []
    have = set().union(*(h.ids for h in hits)) if hits else set()
    found = hybrid_search(index, embedder, [question], r.k, candidates=r.candidates, rrf_k=r.rrf_k, routed=latest)
    return [h for h in found if h.doc_id in latest and not h.ids & have][:2]


def _each_filer(question: str, hits: list[Hit], index: Index, embedder: Embedder, r) -> list[Hit]:
    """Where a question names two filers or more, in any form ("Compare Amazon's AWS segment with Microsoft's
    Intelligent Cloud segment for the quarter ended ...: revenue and operating margin."), the best two passages of
    each filer's report (of the period asked, rag.route) for the whole question when retrieval brought none of its
    reports."""
    named = [docs for name, _ in names_asked(question) if (docs := set(filer_documents(index, name)))]
    if len(named) < 2:
        return []
    routed = route_documents(index, question)
    out: list[Hit] = []
    for docs in named:
        if any(h.doc_id in docs for h in hits + out):
            continue
        own = [d for d in routed if d in docs] or sorted(docs)
        had = set().union(*(h.ids for h in hits + out))
        found = hybrid_search(index, embedder, [question], r.k, candidates=r.candidates, rrf_k=r.rrf_k, routed=own)
        out += [h for h in found if h.doc_id in own and not h.ids & had][:2]
    return out


def _of_filers_named(question: str, hits: list[Hit], index: Index) -> list[Hit]:
    """The passages, each of a document whose cover names a thing the question asks about (rag.route.things_named;
    filer_documents) marked as that filer's (Hit.filers), for the guard's THING_CHECK: "Amazon's stake in Rivian" is
    answered from a page of Amazon's report that says "we", never "Amazon". Under FILERS_MARKED."""
    if not FILERS_MARKED:
        return hits
    names = [" ".join(words) for words in things_named(question)]
    return _marked(hits, {name: set(filer_documents(index, name)) for name in names})


def _with_filers(question: str, hits: list[Hit], index: Index) -> list[Hit]:
    """The passages, each of a document whose cover names a company the question sets against another
    (rag.calculate.companies_named; the businesses of rag.calculate.versus; rag.route.filer_documents) marked as that
    company's (Hit.filers): Microsoft's MD&A pages never say "Microsoft", and its file name says "MSFT". Under
    FILERS_MARKED."""
    if not FILERS_MARKED:
        return hits
    names = [name for name, _ in companies_named(question)] + \
        [business_of(part) for part in (versus_asked(question) if _work.VERSUS else [])]
    return _marked(hits, {name: set(docs) for name in dict.fromkeys(names) if (docs := filer_documents(index, name))})


def _marked(hits: list[Hit], filed: dict[str, set[int]]) -> list[Hit]:
    """The passages, each of a document in filed's sets marked as those names' (Hit.filers, after any it has)."""
    return [replace(h, filers=tuple(dict.fromkeys([*h.filers, *(n for n, docs in filed.items() if h.doc_id in docs)])))
            if any(h.doc_id in docs for docs in filed.values()) else h for h in hits]


def _filer_then_product(question: str, index: Index) -> str:
    """The question with a possessive name made of a filer's name and a name no filer has ("Microsoft Azure's revenue")
    written as the product's, without the possessive ("Microsoft Azure revenue"; "Microsoft Cloud revenue", which a
    sentence states): the calculator reads the company's "Revenue" row for the whole name otherwise (blind set 42's
    x21, Azure's revenue, which Microsoft does not report)."""
    for name, _ in names_asked(question):
        possessive = re.compile(rf"(?<![\w&.-]){re.escape(name)}['’]s(?!\w)")
        words = name.split()
        if not possessive.search(question):
            continue
        if any(filer_documents(index, " ".join(words[:k])) and not_a_filer(index, " ".join(words[k:]))
               for k in range(1, len(words))):
            question = possessive.sub(name, question)
    return question


def _as_segments(question: str, names: list[str], hits: list[Hit] | None = None) -> str:
    """The question with each possessive name that is no filer's (rag.route.not_filers) written as the segment it
    names, as the calculator reads one: "What was Azure's revenue ...?" -> "What was the Azure revenue ...?" (only
    the Azure rows answer it; the company's "Revenue" row does not). Not a name that heads several of the passages'
    row labels and labels none alone: the filer's brand ("Google" over "Google Services" and "Google Cloud"); nor one
    before another name ("AMD's Data Center segment": another company's segment, AMD named in a list of competitors)."""
    if not names:
        return question  # (the passages' rows are read only when a name is to be checked against them)
    labels = {row[4] for n, h in enumerate(hits or [], start=1) for row in table_rows(h, n)}
    for name in names:
        heads = {label for label in labels if label.lower().startswith(name.lower() + " ")}
        if len(heads) > 1 and not any(label.lower() == name.lower() for label in labels) or \
                re.search(rf"(?<![\w&.-]){re.escape(name)}['’]s\s+(?!Q[1-4]\b|FY|Fiscal\b)[A-Z]", question):
            continue  # nor a name before another ("AMD's Data Center segment"): a company's, not a product's
        question = re.sub(rf"(?<=['’]s\s){re.escape(name)}['’]s(?!\w)", name, question)  # "Amazon's AWS's": AWS
        question = re.sub(rf"(?:\b(?i:the)\s+)?(?<![\w&.-]){re.escape(name)}['’]s(?!\w)", f"the {name}", question)
    return question


def _bare_segment(question: str, index: Index) -> str:
    """The question with a name typed bare before its line ("Azure revenue in dollars for MSFT fy24 q1?"), which may
    name the company ("NVIDIA total revenue"), written as the segment it names ("the Azure revenue") when it names
    no filer (rag.route.not_a_filer): Microsoft's total revenue is no answer."""
    plain = plain_question(question)
    seg = segment_asked(plain)
    if not seg and (read := read_formula(plain)) and read.segment and read.owner == read.segment:
        seg = (read.segment, "", True)  # a measure of a segment's lines: "AWS operating margin in Q3 2023?"
    if not seg or not seg[2] or not not_a_filer(index, seg[0]):
        return _bare_filer(question, index) if BARE_FILER else question
    return re.sub(rf"(?<![\w&.-])(?<!\bthe\s){re.escape(seg[0])}(?![\w&])", f"the {seg[0]}", question, count=1)


_MARGIN_DID_FILER = re.compile(r"\b(?i:what)\s+(?P<level>(?i:gross|operating|net\s+profit|net|profit))\s+(?i:margin)"
                               r"(?P<pct>\s+(?i:percentage|percent|%))?\s+(?i:did|does)\s+(?P<name>[A-Z][\w.&-]*)\s+"
                               r"(?i:earn|have|report|post|deliver|generate|achieve|record)\b")


def _bare_filer(question: str, index: Index) -> str:
    """A terse question that opens with a filer's name typed bare before its line ("Intel revenue Q2 2023 vs Q1 2023,
    up or down sequentially, and by how much?") written with the name as the filer's possessive ("Intel's revenue
    ..."), so the calculator reads the company's line, not a segment named Intel."""
    if (did := _MARGIN_DID_FILER.search(question)) and filer_documents(index, did.group("name")):
        # "What operating margin did Apple earn in ...?": the company's margin, not a segment named Apple (blind set
        # 29's k13)
        return f"{question[:did.start()]}What was {did.group('name')}'s {did.group('level')} margin" \
               f"{did.group('pct') or ''}{question[did.end():]}"
    m = BARE_NAME.match(question)
    read = read_formula(plain_question(question)) if m else None
    # only where the calculator would read the name as a segment's (not "Intel booked a big tax benefit ...", "AMZN vs
    # MSFT operating income ...", "Per the leases note ...")
    if not read or not read.segment or read.segment.split()[0] != m.group(1) or not filer_documents(index, m.group(1)):
        return question
    return f"{m.group(1)}'s {question[m.end():]}"


def _unknown_things(index: Index, question: str, hits: list[Hit], related) -> list[str]:
    """rag.route.unknown_things that no word of the passages is like either: a question about a "fee" is asked
    as usual over a handbook that says what things "cost" (a word is embedded only when some thing is unknown)."""
    unknown = unknown_things(index, question)
    if not unknown:
        return []
    seen = {w.lower() for h in hits for w in re.findall(r"[A-Za-z]{3,}", h.text)} - STOPWORDS
    return [thing for thing in unknown if not related({thing}, seen)]


def _quoted(names: list[str]) -> str:
    return " or ".join(f'"{n}"' for n in names)


def _listed(items: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return " and ".join(items) if len(items) < 3 else f"{'; '.join(items[:-1])} and {items[-1]}"


def _term_search(question: str, index: Index, embedder: Embedder, r, also: set[int] = frozenset()
                 ) -> Callable[[str], list[Hit]]:
    """A search for a formula's term in the documents the question names: the term with the words that named
    them (the company, the period), passages of other documents left out. With several documents and none
    named (a company the index doesn't hold), nothing is searched: another company's row is no answer. Routing
    runs only when a term is searched for: most questions spell out no formula."""
    @functools.cache
    def named() -> tuple[tuple[int, ...], str, tuple[int, ...]]:
        """(the documents named, the words that named them, the documents to search: the named ones, else all of
        an index of one document, else none): once, at the first search. also: documents searched beside the
        routed ones (the other company's report of a comparison, found by _each_company)."""
        routed = route_documents(index, question)
        routed += sorted(d for d in also if routed and d not in routed)  # the other company's report (_each_company)
        words = " ".join(sorted(naming_words(index, question, routed))) if routed else ""
        documents = [d.id for d in index.documents()] if not routed else []
        return tuple(routed), words, tuple(routed) if routed else tuple(documents) if len(documents) <= 1 else ()

    def search(terms: str) -> list[Hit]:
        routed, words, within = named()
        if not within:
            return []
        hits = hybrid_search(index, embedder, f"{words} {terms}".strip(), r.k * 5, candidates=r.candidates,
                             rrf_k=r.rrf_k, routed=list(routed))  # the question's documents, not the term's
        hits = [h for h in hits if not routed or h.doc_id in routed]
        have = {c for h in hits for c in h.chunk_ids}
        # then the passages that print the term word for word ("Total assets" on the balance sheet page)
        return hits + [h for h in phrase_search(index, terms, list(within), r.k * 5) if not set(h.chunk_ids) & have]
    return search


def _generate(generator: Generator, messages: list[dict], max_new_tokens: int, report, reporting: bool,
              passages: int = 0) -> Generation:
    """generator.generate, reporting "loading", then "reading" and "writing" n tokens."""
    shown = dict(passages=passages, prompt_tokens=generator.prompt_tokens(messages) if reporting else 0)
    report("loading", **shown)

    def progress(n: int) -> None:  # 0: the model starts reading; n: it has written n tokens
        if n == 0:
            report("reading", **shown)
        else:
            report("writing", new_tokens=n, **shown)

    return generator.generate(messages, max_new_tokens, on_progress=progress if reporting else None)


def _with_evidence(question: str, hits: list[Hit], generator: Generator, cfg: Config, history, report,
                   reporting: bool, related=None, calculated: str | None = None, printed=None):
    """A yes-or-no question asked again with the same passages, the model told to give the fact that shows its
    answer (EVIDENCE_ASKED): a small model's "Yes, Microsoft closed the deal" says nothing a passage can support, its
    "Yes: on October 13, 2023 Microsoft completed the acquisition [1]" does. The guard checks it against the
    question as asked. (text, cited, abstained, warning, generation), as _second_look."""
    return _asked_again(f"{question} {EVIDENCE_ASKED}", question, hits, generator, cfg, history, report, reporting,
                        related, calculated, printed)


def _second_look(question: str, best: Hit, generator: Generator, cfg: Config, history, report, reporting: bool,
                 related=None, calculated: str | None = None, printed=None):
    """The question again with the top-ranked passage alone, as [1]: a small model that says "I don't know"
    to four long passages often answers from the one that holds the answer. Measured in bench/RESULTS.md
    ("Second look"). (text, cited, abstained, warning, generation); the guard checks it like any answer."""
    return _asked_again(question, question, [best], generator, cfg, history, report, reporting, related, calculated,
                        printed)


def _asked_again(prompted: str, question: str, hits: list[Hit], generator: Generator, cfg: Config, history, report,
                 reporting: bool, related=None, calculated: str | None = None, printed=None):
    """The model asked once more (prompted: the question as the prompt puts it) over these passages, its answer checked
    against the question: (text, cited, abstained, warning, generation)."""
    g = cfg.generate
    prompt = build_prompt(prompted, hits, generator, g.max_new_tokens, g.max_context_tokens, history, calculated)
    generation = _generate(generator, prompt.messages, g.max_new_tokens, report, reporting, passages=len(hits))
    return (*check_answer(generation.text, question, prompt.hits, history, related, prompt.worked, calculated,
                          printed), generation)


def _printed_by(index: Index, hits: list[Hit]) -> Callable[[str], bool]:
    """Whether any document of these passages prints a name, in any chunk (rag.guard.COINED_NAME_CHECK): "ChatGPT",
    named once in the DetectGPT paper's introduction, is a name the paper's results tables could have printed."""
    docs = {h.doc_id for h in hits}
    return lambda name: printed_in_chunks(index, name, docs)


def _joined(first: Generation, second: Generation) -> Generation:
    """One Generation for two model calls: the second's text, both calls' tokens and time."""
    return Generation(second.text, first.prompt_tokens + second.prompt_tokens, first.new_tokens + second.new_tokens,
                      first.seconds_total + second.seconds_to_first_token, first.seconds_total + second.seconds_total)


def _closed_book(question: str, generator: Generator, cfg: Config, history: list[tuple[str, str]] | None,
                 report, reporting: bool) -> Answer:
    """Weight changes only: the question under the closed-book rules, no passages. There is nothing to
    check the answer against nor to cite, so the guard's passage checks don't apply (they would withhold
    every answer); it is returned as written, marked not grounded (Answer.grounded, a warning)."""
    g = cfg.generate
    prompt = build_closed_book_prompt(question, generator, g.max_new_tokens, g.max_context_tokens, history)
    generation = _generate(generator, prompt.messages, g.max_new_tokens, report, reporting)
    text = generation.text.strip() or "I don't know."
    return Answer(question, text, [], [], says_dont_know(text), generation, 0.0,
                  prompt.warnings + [NOT_GROUNDED], grounded=False)


# -- follow-ups: "And for part-time students?" after "How much is full-time tuition?" -----------------------
_OPENER = re.compile(r"^(?:(?:and|but|also|so|ok(?:ay)?|then)\b[\s,]*)*(?:(?:what|how) about|what of|same for|"
                     r"(?:and|but) (?:what|how) about)?\s*", re.I)
_PREPOSITION = re.compile(r"^(?:for|in|on|at|during|after|before|with|without|from|by|to|of|under|over)\b", re.I)
_WH = re.compile(r"^(?:who|whom|whose|what|when|where|which|why|how|is|are|was|were|do|does|did|can|could|"
                 r"should|will|would|may|must|has|have|had)\b", re.I)
# words that stand in for one another: a follow-up naming one replaces the other in the earlier question
_ALTERNATIVES = [set(group.split()) for group in (
    "fall autumn spring summer winter",
    "monday tuesday wednesday thursday friday saturday sunday weekday weekdays weekend weekends",
    "morning afternoon evening night",
    "undergraduate undergraduates graduate graduates",
    "first second third fourth fifth final last",
    "q1 q2 q3 q4",
)]


def standalone_question(question: str, history: list[tuple[str, str]] | None) -> str:
    """The question rewritten to stand alone when it is an elliptical follow-up of the last one.

    A follow-up opens with "and", "what about", "how about" or a preposition, or is a bare phrase of
    at most three words ("Spring?"). Words of the earlier question it replaces go ("full-time" for
    "part-time": compounds sharing a part; "fall" for "spring"; one year for another), and the rest
    is joined: "How much is full-time tuition?" + "And for part-time students?" -> "How much is
    tuition for part-time students?". Anything else is returned unchanged: a full question, or one
    leaning on a pronoun ("Where do I buy one?"), is answered with the conversation in the prompt.
    """
    if not history:
        return question
    opener = _OPENER.match(question)
    rest = question[opener.end():].strip(" ?.!")
    opened = bool(opener.group().strip())
    if not rest or _WH.match(rest) or not (opened or _PREPOSITION.match(rest) or len(rest.split()) <= 3):
        return question  # a question of its own ("And how long does it take?"), pronouns and all
    if _PREPOSITION.match(rest) or re.match(r"(?:the|a|an)\b", rest, re.I):  # "For part-time?": not a name
        rest = rest[0].lower() + rest[1:]
    earlier = history[-1][0].strip().rstrip("?.! ")
    words = earlier.split()
    new = {w.lower(): w for w in re.findall(r"\w[\w-]*", rest)}
    attached = bool(_PREPOSITION.match(rest))  # "for part-time students" joins the question; "spring" replaces
    replaced = False
    for i, w in enumerate(words):
        key = w.lower().strip(",;:")
        clash = next((n for n in new if n != key and _replaces(n, key)), None)
        if clash is not None:
            words[i], replaced = ("" if attached else new[clash]), True
    base = " ".join(w for w in words if w)
    return f"{base}?" if replaced and not attached else f"{base} {rest}?"


def _replaces(new: str, old: str) -> bool:
    """Do the two words stand for alternatives of one thing (part-time / full-time, fall / spring, 2022 / 2023)?"""
    if "-" in new and "-" in old:
        a, b = new.split("-"), old.split("-")
        return len(a) == len(b) and sum(x == y for x, y in zip(a, b)) == len(a) - 1
    if new.isdigit() and old.isdigit():
        return len(new) == len(old) == 4  # years
    return any(new in g and old in g for g in _ALTERNATIVES)


def _citation(n: int, hit: Hit) -> Citation:
    return Citation(n=n, file=hit.file, page=hit.page_start, page_label=hit.label_start, score=round(hit.score, 4),
                    text=hit.text, page_end=hit.page_end, label_end=hit.label_end)
