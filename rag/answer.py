"""Answer: retrieve, prompt, generate, then turn the [n] markers the model wrote into citations.

Sources come only from the retrieved passages the answer cites, never from text the model writes
about sources. When retrieval finds nothing relevant, the model is not asked; when the model says
it doesn't know, the answer says so plainly and no passage is presented as support.

The model's text is held until it has been checked: callers see it (on_token) only once it is
accepted, so nothing is ever shown and then withheld. While they wait, on_status says what is
happening (retrieving, reading the passages, writing n tokens).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Callable

from rag.config import Config
from rag.embed import Embedder
from rag.errors import RagError
from rag.generate import Generation, Generator
from rag.index import Index
from rag.prompt import DONT_KNOW, build_prompt
from rag.retrieve import STOPWORDS, Hit, hybrid_search, page_span

_WORD = re.compile(r"\w+")
_LIST_ITEM = re.compile(r"(?m)^\s*\d{1,2}[.)](?=\s)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
ATTRIBUTION_SHARE = 0.5  # of a sentence's new content words, for attribute()
_MARKER = re.compile(r"\[(\d+(?:\s*(?:[,;]|[-–])\s*\d+)*)\]")
_ABSTAIN = re.compile(
    r"\b(i (?:do not|don't|cannot|can't) (?:know|find|answer|determine|tell)|"
    r"(?:is|are) not (?:mentioned|provided|specified|stated|given|included)|not (?:mentioned|specified|stated) in|"
    r"(?:do|does) not (?:contain|mention|say|specify|provide|include)|"
    r"(?:don't|doesn't) (?:contain|mention|say|specify|provide|include)|no information)", re.I)


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
        return {"question": self.question, "answer": self.answer, "sources": self.sources,
                "citations": [{"file": c.file, "page": c.page, "page_end": c.page_end or c.page,
                               "page_label": c.page_label, "page_label_end": c.label_end or c.page_label,
                               "pages": c.pages, "score": c.score, "text": c.text, "n": c.n}
                              for c in self.citations],
                "passages": [{"n": n, "file": h.file, "pages": h.pages, "page": h.page_start, "page_end": h.page_end,
                              "score": round(h.score, 4), "similarity": round(h.similarity, 4), "ranks": h.ranks,
                              "routed": h.routed, "used": n in self.used}
                             for n, h in enumerate(self.passages, start=1)]}

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
                    on_status: Callable[[Status], None] | None = None) -> Answer:
    """Retrieve, prompt, generate and check an answer.

    on_token receives the answer's text once, after the checks: the model's words when the passages
    support them, else "I don't know" (the same text as Answer.answer); never text that is then
    withheld. on_status receives a Status at each stage and about once per token the model writes.
    """
    result = _answer(question, index, embedder, generator, cfg, history, reranker, on_status)
    if on_token:
        on_token(result.answer)
    return result


def _answer(question: str, index: Index, embedder: Embedder, generator: Generator, cfg: Config,
            history: list[tuple[str, str]] | None, reranker, on_status: Callable[[Status], None] | None) -> Answer:
    question = " ".join(question.split())
    if not question:
        raise RagError("the question is empty; ask something about your documents")
    if index.count_chunks() == 0:
        raise RagError(f"the index at {index.folder} is empty; add documents with `rag ingest FILE`")
    started = time.perf_counter()

    def report(stage: str, **counts) -> None:
        if on_status:
            on_status(Status(stage, time.perf_counter() - started, **counts))

    report("retrieving")
    standalone = standalone_question(question, history)
    if standalone != question:  # an elliptical follow-up, now a question of its own: the turns before add nothing
        question, history = standalone, None
    queries = [question] + ([f"{history[-1][0]} {question}"] if history else [])
    r = cfg.retrieve
    hits = hybrid_search(index, embedder, queries, r.k, candidates=r.candidates, rrf_k=r.rrf_k, reranker=reranker)
    retrieval_seconds = time.perf_counter() - started
    if not hits or max(h.similarity for h in hits) < r.min_similarity:
        return Answer(question, DONT_KNOW, [], hits, True, None, retrieval_seconds)
    g = cfg.generate
    report("preparing", passages=len(hits))
    prompt = build_prompt(question, hits, generator, g.max_new_tokens, g.max_context_tokens, history)
    shown = dict(passages=len(prompt.hits), prompt_tokens=generator.prompt_tokens(prompt.messages) if on_status else 0)
    report("loading", **shown)

    def progress(n: int) -> None:  # 0: the model starts reading; n: it has written n tokens
        if n == 0:
            report("reading", **shown)
        else:
            report("writing", new_tokens=n, **shown)

    generation = generator.generate(prompt.messages, g.max_new_tokens, on_progress=progress if on_status else None)
    text, cited, abstained, warning = check_answer(generation.text, question, prompt.hits, history)
    citations = [_citation(n, prompt.hits[n - 1]) for n in cited]
    return Answer(question, text, citations, prompt.hits, abstained, generation, retrieval_seconds,
                  prompt.warnings + ([warning] if warning else []))


def check_answer(text: str, question: str, hits: list[Hit], history: list[tuple[str, str]] | None = None
                 ) -> tuple[str, list[int], bool, str | None]:
    """The model's text checked against the passages it was shown: (the answer to show, the passages
    [n] it cites, whether it abstains, why it was withheld or None).

    The model's own "I don't know" stands, citing nothing. Otherwise the answer is withheld (DONT_KNOW)
    when it states a number found in no passage (nor computed from two, when the question asks for
    that) or when no passage supports it (see supporting_passages).
    """
    text = text.strip()
    if not text:
        return DONT_KNOW, [], True, None
    if says_dont_know(text):
        return text, [], True, None
    # numbers the user wrote ("10-Q", "2023") or that name the files are not the model's inventions
    given = " ".join([question, *(asked for asked, _ in history or []), *(h.file for h in hits)])
    missing = unsupported_numbers(text, hits, given, computed=asks_for_arithmetic(question))
    cited = supporting_passages(text, hits, question)
    if not cited or missing:
        why = f"states {', '.join(missing)}, found in no passage" if missing else "matches no passage"
        return DONT_KNOW, [], True, f"the model's answer was withheld: it {why} ({' '.join(text.split())[:200]})"
    return text, cited, False, None


def supporting_passages(text: str, hits: list[Hit], question: str = "") -> list[int]:
    """The passages [n] that support the answer, sentence by sentence, in order of first mention.

    A sentence that states numbers (of two digits or more) is credited to the passages holding them:
    to those its [n] markers name when they hold any of them, else to the passage holding most of
    them (a small model often writes [1] whatever the source, or no marker at all). A sentence without numbers
    keeps its markers or, with none, goes to the passage holding most of its new words (see
    attribute). Sources thus always come from the retrieved passages, never from the model's
    words about sources.
    """
    found: list[int] = []
    asked = set(_numbers(question).split())
    held = [set(_numbers(h.text).split()) for h in hits]
    for sentence in _sentences(text):
        marked = cited_numbers(sentence, len(hits))
        stated = [n for n in dict.fromkeys(_numbers(_claims(sentence)).split()) if n not in asked and _telling(n)]
        counts = [sum(n in p for n in stated) for p in held]
        if stated and max(counts, default=0) > 0:
            chosen = [n for n in marked if counts[n - 1] > 0]
            if not chosen:
                holders = [i for i, c in enumerate(counts) if c == max(counts)]
                chosen = [_most_shared(sentence + " " + question, hits, holders) + 1]
        else:
            chosen = marked or attribute(sentence, hits, question)
        found += [n for n in chosen if n not in found]
    return found


def _telling(n: str) -> bool:
    """A number specific enough to tell passages apart: not 0-9 ("1:1", "3 steps") nor a clock's "00"."""
    return not (n.isdigit() and (len(n) == 1 or n.startswith("0")))


def _sentences(text: str) -> list[str]:
    """The answer split into sentences; a marker written after the full stop ("... fee. [2]") stays
    with its sentence."""
    out: list[str] = []
    for part in re.split(r"(?<=[.!?])\s+", text):
        if out and re.fullmatch(r"(?:\[[^\]]*\]\s*)+[.!?]?", part.strip()):
            out[-1] += " " + part
        elif part.strip():
            out.append(part)
    return out


def _most_shared(text: str, hits: list[Hit], among: list[int]) -> int:
    """The index (one of `among`) of the passage sharing most content words with text; the first on a tie."""
    words = _content_words(text)
    return max(among, key=lambda i: (len(words & _content_words(hits[i].text)), -i))


def cited_numbers(text: str, n_passages: int) -> list[int]:
    """Passage numbers cited as [2], [1, 3] or [1-2], in order of first mention, valid ones only."""
    found: list[int] = []
    for group in _MARKER.findall(text):
        for part in re.split(r"\s*[,;]\s*", group):
            bounds = [int(x) for x in re.split(r"\s*[-–]\s*", part)]
            for n in range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 and bounds[1] - bounds[0] < 10 else bounds:
                if 1 <= n <= n_passages and n not in found:
                    found.append(n)
    return found


def attribute(text: str, hits: list[Hit], question: str = "") -> list[int]:
    """Credit each sentence to the passage holding most of what it adds to the question (its content
    words not in the question): at least ATTRIBUTION_SHARE of them. A sentence that only restates
    the question, or whose new words are in no passage ("a purple dragon named Sparky"), is
    credited to nothing."""
    found: list[int] = []
    passages = [_content_words(h.text) for h in hits]
    asked = _content_words(question)
    for sentence in _sentences(text):
        words = _content_words(_claims(sentence)) - asked
        if not words:
            continue
        overlaps = [len(words & p) for p in passages]
        best = max(range(len(hits)), key=lambda i: overlaps[i], default=None)
        if best is not None and overlaps[best] >= max(1, ATTRIBUTION_SHARE * len(words)):
            if best + 1 not in found:
                found.append(best + 1)
    return found


def unsupported_numbers(text: str, hits: list[Hit], given: str = "", computed: bool = False) -> list[str]:
    """Numbers in the answer that appear in none of the passages nor in `given` (the question): a
    sign of an invented answer. A passage's number rounded as the model writes it ("12.3" for 12.34)
    counts as found. With computed=True (the question asks for a change, a total, a ratio...) so does
    a number worked out from two found ones, rounded as the model writes it (see _computed_from)."""
    found = _numbers(" ".join([given, *(h.text for h in hits)])).split()
    operands = sorted({float(n) for n in found})
    per_passage = [sorted({float(n) for n in _numbers(h.text).split()}) for h in hits]
    claims = _claims(text)
    missing: list[str] = []
    for m in _NUMBER.finditer(claims):
        n = m.group().replace(",", "").rstrip(".")
        if n in missing or float(n) in operands or _rounded_from(n, operands):
            continue
        percent = bool(re.match(r"\s*(?:%|percent|per cent)", claims[m.end():], re.I))
        if not (computed and _computed_from(n, percent, operands, per_passage)):
            missing.append(n)
    return missing


_ARITHMETIC = re.compile(
    r"\b(?:differ|chang|increas|decreas|grow|grew|declin|rise|rose|drop|fell|fall|more|less|fewer|higher|lower|"
    r"larger|smaller|bigger|total|combined|sum|together|altogether|ratio|percent|share|proportion|compar|versus|"
    r"vs|between|margin|gap|times|average)\w*", re.I)


def asks_for_arithmetic(question: str) -> bool:
    """Does the question ask for a number worked out from others (a change, a total, a ratio)?"""
    return bool(_ARITHMETIC.search(question))


def _decimals(n: str) -> int:
    return len(n.split(".")[1]) if "." in n else 0


def _close(value: float, n: str) -> bool:
    """value written to n's precision reads n (12.345 as "12.3", -1234.6 as "1235")."""
    return abs(abs(value) - float(n)) <= 0.5 * 10 ** -_decimals(n) + 1e-9


def _rounded_from(n: str, operands: list[float]) -> bool:
    """n is a passage's number with fewer decimals (an integer stays itself: "90" is not 89.6 or 90.4
    rounded unless the passage wrote decimals)."""
    return any(x != int(x) and _decimals(str(x)) > _decimals(n) and _close(x, n) for x in operands)


def _computed_from(n: str, percent: bool, operands: list[float], per_passage: list[list[float]]) -> bool:
    """n is worked out from two distinct numbers of the passages, rounded as written.

    Sums, differences and ratios of any two count only for a number written to within 1% (three
    significant figures: "$1,162", "2.34 times"), since small ones are some sum or difference of
    any passage's numbers by chance ("14" = 30 - 16). A percentage or percentage change ("1.4%")
    counts from two numbers of one passage (a table row), where coincidences are few.
    """
    value = float(n)
    if percent:
        for xs in per_passage:
            for a in xs:
                for b in xs:
                    if a and a != b and (_close(100 * b / a, n) or _close(100 * (b - a) / a, n)):
                        return True
        return False
    if not value or 0.5 * 10 ** -_decimals(n) / value > 0.01:
        return False
    xs = operands[:300]  # a few tables' worth; the check stays well under a second
    for i, a in enumerate(xs):
        for b in xs[i + 1:]:
            if _close(a + b, n) or _close(b - a, n) or (a and _close(b / a, n)) or (b and _close(a / b, n)):
                return True
    return False


def _claims(text: str) -> str:
    """The answer without its [n] markers and numbered-list labels ("1." of a list states nothing)."""
    return _LIST_ITEM.sub(" ", _MARKER.sub(" ", text))


def _numbers(text: str) -> str:
    return " ".join(m.replace(",", "").rstrip(".") for m in _NUMBER.findall(text))


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1}


def says_dont_know(text: str) -> bool:
    """The model declined: a don't-know phrase near the start of its answer."""
    return bool(_ABSTAIN.search(text[:120]))


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
