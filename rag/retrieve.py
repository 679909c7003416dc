"""Retrieval: rank stored chunks for a query, returning Hits that carry their file and page span.

hybrid_search fuses by reciprocal rank fusion dense search (FAISS, cosine), BM25 (SQLite FTS5)
and, when the question names some documents (rag/route.py: names, periods, dates), dense and BM25
rankings of those documents' chunks alone, asked without the words that named them (the company,
the period: inside the filing they point at the cover, not the answer); hits from other documents
are then demoted. It
optionally reranks with a cross-encoder, then merges hits that are the same passage twice
(identical text), neighbours in one document (overlapping or adjacent chunks) or on one page into
one passage.
"""
from __future__ import annotations

import re
from typing import Callable

from dataclasses import dataclass, field, replace

from rag.embed import Embedder
from rag.index import ChunkRow, Index
from rag.periods import MONTH_NAMES, MONTHS
from rag.route import (SPELL_OUT, STOPWORDS, naming_words, query_terms, route_documents, sole_holders, spelled_out,  # noqa: F401  (STOPWORDS, query_terms: re-exported)
                       with_spellings, without_words)

OUTSIDE_WEIGHT = 0.5  # share of its fused score a hit keeps when the question names other documents
ROUTED_BM25 = True  # also rank the named documents' chunks alone by BM25
STRIP_NAMING = True  # in-document rankings leave out the words that named the documents (route.naming_words)
STRIP_NAMING_DENSE = True  # ... the routed dense ranking too (re-embeds the query without them)
MERGE_SAME_PAGE = True  # join hits on one page into one passage (text between them marked as left out)
GAP = "\n[…]\n"  # between two pieces of one page joined into a passage
# A passage that repeats one already taken from the same document (a filing's two officer certifications, a
# note restated in its discussion) gives its slot to the next: a hit is dropped when this share of its word
# 3-grams (or of the kept one's, the shorter) is in a kept hit of its document. 0: exact repeats only.
# Across documents the repeat stays: another year's filing may be the one asked about. bench/RESULTS.md,
# ninth session: page hit@3, @4, @5 +1 question each on page_qa, no other rank changes; the handbook unchanged.
NEAR_DUPLICATE = 0.9
PAGE_SUPPORT = 0.0  # share of the fused scores of a page's other hits that its hits gain (page-level score)
# A passage many documents of the index print almost word for word (rag.boilerplate: officer certifications, cover
# pages) keeps this share of its fused score. bench/RESULTS.md, fifteenth session: page_qa hit@1 0.500 -> 0.514,
# hit@4 0.795 -> 0.808, no question lost at any k; no change where the index holds few documents.
SOLE_HOLDERS = True  # a routed search also ranks the document that alone prints a name the question writes ("PXC")
BOILERPLATE_WEIGHT = 0.5
# ... except the cover (page 1) of a document the question names: its check boxes are every filing's, its facts
# (office, exchange, state of incorporation) the company's. bench/RESULTS.md, thirty-ninth session: page_qa
# unchanged, gold ranks 1 worse (7 -> 10) of 674, Apple's office answered.
COVERS_KEPT = True
# A contents page's passage ("Storm of the Century ........ 124": is_contents) names what many questions ask about and
# answers none of them: it keeps this share of its fused score. bench/RESULTS.md, thirty-sixth session.
CONTENTS_WEIGHT = 0.5


@dataclass
class Hit:
    chunk_id: int
    score: float  # the ranking score (fused RRF score for hybrid search, cosine for dense search)
    text: str
    file: str  # file name, as cited
    path: str  # absolute path
    page_start: int
    page_end: int
    label_start: str
    label_end: str
    similarity: float = 0.0  # cosine between query and chunk: a relevance signal for abstaining
    doc_id: int = 0
    ord_start: int = 0
    ord_end: int = 0
    start: int = 0
    end: int = 0
    ranks: dict[str, int] = field(default_factory=dict)  # why it was retrieved: ranking name -> 1-based rank
    routed: bool = False  # from a document the question names
    chunk_ids: tuple[int, ...] = ()  # the stored chunks joined into this passage
    heading: str = ""  # header rows (periods, units) of the table the passage starts inside, if any
    boilerplate: bool = False  # printed almost word for word by many documents of the index (demoted)
    contents: bool = False  # a contents page's entries and their page numbers (is_contents; demoted)
    continued: bool = False  # joined with the chunk after it, where the entry it names runs on (entry_continuation)
    # companies a question sets against each other whose reports this passage's document is, by its cover
    # (rag.answer._with_filers): "Microsoft" on an MD&A page of "2023 Q1 MSFT.pdf" that never says "Microsoft"
    filers: tuple[str, ...] = ()
    # the day its report's quarter ends ("2023-10-29"), by the cover, on the passages fetched for a line traced over
    # several quarters (rag.answer, rag.calculate.trend): each quarter's figure is read in its own report's passages
    period_end: str = ""
    # the heading of the filing's section a passage of prose stands in, where it is in a chunk before the passage
    # ("Nine Months Ended March 31, 2023 Compared with Nine Months Ended March 31, 2022": with_sections)
    section: str = ""

    @property
    def ids(self) -> set[int]:
        """The stored chunks the passage holds: one, or those joined into it."""
        return set(self.chunk_ids or (self.chunk_id,))

    @property
    def pages(self) -> str:
        return page_span(self.page_start, self.page_end, self.label_start, self.label_end)

    def why(self) -> str:
        """'dense #2, bm25 #5, routed dense #1; named document; fused 0.0331'."""
        ranks = ", ".join(f"{name} #{rank}" for name, rank in self.ranks.items()) or "no ranking"
        return (f"{ranks}{'; named document' if self.routed else ''}"
                f"{'; boilerplate (many documents print it)' if self.boilerplate else ''}"
                f"{'; a contents page' if self.contents else ''}"
                f"{'; the next chunk joined (the entry runs on)' if self.continued else ''}; fused {self.score:.4f}")


def page_span(first: int, last: int, label_first: str, label_last: str) -> str:
    """'p. 3' or 'pp. 3-4', with the printed page labels in brackets where they differ."""
    if first == last or not last:
        text, numbers, labels = f"p. {first}", str(first), label_first
    else:
        text, numbers, labels = f"pp. {first}-{last}", f"{first}-{last}", f"{label_first}-{label_last}"
    return text if not label_first or labels == numbers else f"{text} (labelled {labels})"


def dense_search(index: Index, embedder: Embedder, query: str, k: int) -> list[Hit]:
    """The k chunks whose vectors are nearest the query's (cosine on normalised vectors)."""
    index.check_embedder(embedder.name, embedder.normalize)
    if index.count_chunks() == 0:
        return []
    ranked = index.dense_search(embedder.encode([query])[0], k)
    rows = index.chunks([cid for cid, _ in ranked])
    return [hit_of(rows[cid], score, score) for cid, score in ranked if cid in rows]


def hybrid_search(index: Index, embedder: Embedder, queries: list[str] | str, k: int, candidates: int = 40,
                  rrf_k: int = 60, reranker=None, routed: list[int] | None = None) -> list[Hit]:
    """Top k passages for one or more phrasings of a question, dense + BM25 fused by RRF. routed: the
    documents the question names when the caller knows them (a search for one term of a question routed
    already), else routed from the first query (route.route_documents)."""
    queries = [queries] if isinstance(queries, str) else queries
    index.check_embedder(embedder.name, embedder.normalize)
    if index.count_chunks() == 0:
        return []
    # an acronym the documents spell out ("CSP"): its words are searched too, by both rankings (spelled_out)
    spelled = spelled_out(index, queries[0]) if SPELL_OUT else {}
    words = [w.lower() for w in spelled.values()]
    vectors = embedder.encode([with_spellings(query, spelled) for query in queries])
    rankings: dict[str, list[int]] = {}
    for i, (query, vector) in enumerate(zip(queries, vectors)):
        also = "" if i == 0 else " (with the previous question)"
        rankings[f"dense{also}"] = [cid for cid, _ in index.dense_search(vector, candidates)]
        rankings[f"bm25{also}"] = [cid for cid, _ in index.bm25_search(query_terms(query) + words, candidates)]
    named = route_documents(index, queries[0]) if routed is None else routed
    # a word on another card by chance ("command", "run") does not hide the one document that prints the question's
    # name or code ("PXC"): it is ranked with the named ones (only here: they are still what the question names; a
    # caller's own documents are left as they are)
    sole = sole_holders(index, queries[0]) if routed is None and named and SOLE_HOLDERS else []
    routed = named + [d for d in sole if d not in named]
    if routed:  # the question names some documents: also rank the chunks of those alone
        inside = without_words(queries[0], naming_words(index, queries[0], named)) if STRIP_NAMING else queries[0]
        inner = (embedder.encode([with_spellings(inside, spelled)])[0] if STRIP_NAMING_DENSE and inside != queries[0]
                 else vectors[0])
        rankings["routed dense"] = [cid for cid, _ in index.dense_search_in(inner, routed, candidates)]
        if ROUTED_BM25:  # the global BM25 top holds few of their chunks when many documents share the words
            rankings["routed bm25"] = [cid for cid, _ in index.bm25_search_in(query_terms(inside) + words, routed,
                                                                                  candidates)]
    fused = rrf(list(rankings.values()), rrf_k)
    rows = index.chunks(list(fused))
    sims = index.similarities(vectors[0], list(fused))
    positions = {name: {cid: rank for rank, cid in enumerate(ranking, start=1)} for name, ranking in rankings.items()}
    hits = [replace(hit_of(rows[cid], fused[cid], sims[cid]), routed=rows[cid].doc_id in routed,
                    ranks={name: at[cid] for name, at in positions.items() if cid in at})
            for cid in fused if cid in rows]
    hits = demote_outside(hits, routed)
    if BOILERPLATE_WEIGHT < 1:
        hits = demote_boilerplate(hits, index.boilerplate_ids(), routed if COVERS_KEPT else [])
    if CONTENTS_WEIGHT < 1:
        hits = demote_contents(hits)
    if PAGE_SUPPORT:
        hits = support_by_page(hits, PAGE_SUPPORT)
    if reranker is not None:
        hits = rerank(reranker, queries[0], hits)
    return merge_hits(hits, k)


def phrase_search(index: Index, phrase: str, doc_ids: list[int], k: int) -> list[Hit]:
    """The passages of some documents that hold a phrase word for word ("total assets"), by BM25, best first:
    a statement line's name, which the fused search can miss among twenty filings that all print it."""
    found = index.bm25_search_in([" ".join(phrase.split())], doc_ids, k)
    rows = index.chunks([cid for cid, _ in found])
    return merge_hits([hit_of(rows[cid], score, 0.0) for cid, score in found if cid in rows], k)


def demote_outside(hits: list[Hit], routed: list[int]) -> list[Hit]:
    """When the question names documents, a hit from any other keeps OUTSIDE_WEIGHT of its fused
    score: the named documents fill the top, yet a strong match elsewhere still gets in (routing
    can be wrong)."""
    if not routed:
        return hits
    named = set(routed)
    scored = [h if h.doc_id in named else replace(h, score=h.score * OUTSIDE_WEIGHT) for h in hits]
    return sorted(scored, key=lambda h: -h.score)


def demote_boilerplate(hits: list[Hit], common: frozenset[int], routed: list[int] = ()) -> list[Hit]:
    """A hit many documents print almost word for word keeps BOILERPLATE_WEIGHT of its score (and says so in
    --explain): it still answers when nothing else does ("Who signed the certifications?"). The cover (page 1) of
    a routed document keeps its score."""
    if not common or not any(h.chunk_id in common for h in hits):
        return hits
    named = set(routed)
    covers = {h.chunk_id for h in hits if h.doc_id in named and h.page_start == 1}
    hits = [replace(h, score=h.score * BOILERPLATE_WEIGHT, boilerplate=True)
            if h.chunk_id in common and h.chunk_id not in covers else h for h in hits]
    return sorted(hits, key=lambda h: -h.score)


_LEADER_PAGE = re.compile(r"(?:(?:[ \t]*[.·][ \t]*){4,}|[ \t]…)[ \t]*(\d{1,4})[ \t]*$")  # "Parking . . . . 19"
_PAGE_END = re.compile(r"(?<=\D)[ \t]+\d{1,4}[ \t]*$", re.M)  # "7 Conclusion 10", an entry printed without leaders


def is_contents(text: str) -> bool:
    """Whether a passage is a contents page's: three entries or more whose page numbers follow dot leaders ("Storm of
    the Century ...... 124"), in page order, and most of its lines ending in a page number."""
    lines = [line for line in text.split("\n") if line.strip()]
    pages = [int(m.group(1)) for line in lines if (m := _LEADER_PAGE.search(line))]
    return len(pages) >= 3 and all(a <= b for a, b in zip(pages, pages[1:])) and \
        2 * sum(bool(_LEADER_PAGE.search(line) or _PAGE_END.search(line)) for line in lines) >= len(lines)


def without_page_numbers(text: str) -> str:
    """A contents page's text without the page numbers its lines end in ("Storm of the Century … 124")."""
    return _PAGE_END.sub("", text)


def demote_contents(hits: list[Hit]) -> list[Hit]:
    """A contents page's passage keeps CONTENTS_WEIGHT of its score (and says so in --explain): it holds the names a
    question asks about, not what it asks ("the mana cost of Storm of the Century": the entry's page, 124)."""
    found = [is_contents(h.text) for h in hits]
    if not any(found):
        return hits
    hits = [replace(h, score=h.score * CONTENTS_WEIGHT, contents=True) if c else h for h, c in zip(hits, found)]
    return sorted(hits, key=lambda h: -h.score)


def support_by_page(hits: list[Hit], weight: float) -> list[Hit]:
    """A page-level score: each hit gains `weight` times the scores of the other hits on its page,
    so a page several of whose chunks match outranks a page with one chunk that matches a little
    better."""
    totals: dict[tuple[int, int], float] = {}
    for h in hits:
        if h.page_start == h.page_end:
            totals[(h.doc_id, h.page_start)] = totals.get((h.doc_id, h.page_start), 0.0) + h.score
    boosted = [replace(h, score=h.score + weight * (totals.get((h.doc_id, h.page_start), h.score) - h.score))
               if h.page_start == h.page_end else h for h in hits]
    return sorted(boosted, key=lambda h: -h.score)


def rrf(rankings: list[list[int]], k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: score(id) = sum over rankings of 1 / (k + rank), best first."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (k + rank)
    return dict(sorted(scores.items(), key=lambda kv: -kv[1]))


def rerank(reranker, query: str, hits: list[Hit]) -> list[Hit]:
    """Order hits by a sentence-transformers CrossEncoder's scores."""
    if not hits:
        return hits
    scores = reranker.predict([(query, h.text) for h in hits])
    return [replace(h, score=float(s)) for s, h in sorted(zip(scores, hits), key=lambda p: -p[0])]


def merge_hits(hits: list[Hit], k: int) -> list[Hit]:
    """Walk the ranking until k passages are collected: drop repeats of the same text (or, NEAR_DUPLICATE,
    of nearly the same text in the same document), and join a
    hit to a collected one from the same document when the chunks overlap or are neighbours, or
    (MERGE_SAME_PAGE) sit on the same page, so the context never holds one passage twice and k
    passages cover k places. Lower-ranked neighbours are never pulled in."""
    merged: list[Hit] = []
    seen_text: set[str] = set()
    for hit in hits:
        if len(merged) == k:
            break
        key = " ".join(hit.text.split())
        if key in seen_text:
            continue
        seen_text.add(key)
        partner = next((m for m in merged if m.doc_id == hit.doc_id and
                        (_neighbours(m, hit) or MERGE_SAME_PAGE and _same_page(m, hit))), None)
        if partner is None and NEAR_DUPLICATE and any(_near(hit, m) for m in merged):
            continue
        if partner is None:
            merged.append(hit)
        else:
            merged[merged.index(partner)] = _join(partner, hit)
    return merged


def adds_whole(run: Hit, hits: list[Hit]) -> bool:
    """Whether a run of chunks adds some to hits and overlaps none of them but in whole (in_place puts it in their
    place)."""
    return not run.ids <= set().union(set(), *(h.ids for h in hits)) and \
        all(h.ids <= run.ids or not h.ids & run.ids for h in hits)


def in_place(hits: list[Hit], added: list[Hit]) -> list[Hit]:
    """hits with the passages added after them; one that holds passages of hits whole (a run of chunks around one
    shown) takes the place of the first of them and they go, so no chunk is shown twice."""
    out = list(hits)
    for hit in added:
        inside = [n for n, h in enumerate(out) if h.ids <= hit.ids]
        if inside:  # what marks the passage it replaces goes with it: its quarter's day, its filers (blind set 39's u23
            first = out[inside[0]]  # lost a quarter's sentence, its run unmarked, to the trend's reading)
            hit = replace(hit, period_end=hit.period_end or first.period_end, filers=hit.filers or first.filers)
        out = out + [hit] if not inside else \
            [hit if n == inside[0] else h for n, h in enumerate(out) if n == inside[0] or n not in inside]
    return out


# a filing's section heading naming the span its sentences are about (an MD&A's "Three Months Ended March 31, 2023
# Compared with Three Months Ended March 31, 2022", then the same for the nine months, the same sentences again with
# other figures); its span read by section_months
_ENDED = r"(?:Three|Six|Nine|Twelve)\s+Months\s+Ended\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}"
SECTION_HEAD = re.compile(rf"\b(?=(?P<span>Three|Six|Nine|Twelve)\s){_ENDED}\s+Compared\s+(?:with|to)\s+"
                          rf"(?:the\s+)?{_ENDED}")
_CAPS_TITLE = re.compile(r"^[ \t]*[A-Z][A-Z ,&’'\-]{6,}[ \t]*$", re.M)  # "SEGMENT RESULTS OF OPERATIONS": a new part
SECTION_CHUNKS_BACK = 6  # chunks looked back through for the section a passage stands in


def with_sections(hits: list[Hit], index: Index, back: int = SECTION_CHUNKS_BACK) -> list[Hit]:
    """hits, each passage of prose that stands in a section a heading before it names (SECTION_HEAD, in the chunks
    before it, no title in capitals after it) given that heading as its section; a table's passage (with a heading)
    or one that opens with its own section heading as it is."""
    out = []
    for hit in hits:
        first = next((line for line in hit.text.split("\n") if line.strip()), "")
        if hit.heading or hit.section or SECTION_HEAD.match(first.strip()) or _CAPS_TITLE.match(first) or \
                hit.ord_start == 0:  # (its own heading, or a new part's title, first)
            out.append(hit)
            continue
        before = index.chunks_at(hit.doc_id, list(range(max(0, hit.ord_start - back), hit.ord_start)))
        text = "\n".join(before[o].text for o in sorted(before))
        heads = list(SECTION_HEAD.finditer(text))
        if heads and not _CAPS_TITLE.search(text, heads[-1].end()):
            hit = replace(hit, section=" ".join(heads[-1].group().split()))
        out.append(hit)
    return out


def section_months(heading: str) -> int | None:
    """The span in months a section heading names ("Nine Months Ended ...": 9); None for none."""
    from ingest.tables import _SPAN_MONTHS

    m = SECTION_HEAD.search(heading)
    return _SPAN_MONTHS[m.group("span").lower()] if m else None


HEAD_CHUNKS_BACK = 3  # chunks looked back through for the head of a results table a passage starts inside


def with_table_heads(hits: list[Hit], index: Index, back: int = HEAD_CHUNKS_BACK) -> list[Hit]:
    """hits, each that starts inside a results table cut off from its head line (a paper's table split across chunks:
    "DetectGPT 0.99 0.97 ..." under "XSum SQuAD WritingPrompts" / "Method GPT-2 OPT-2.7 ..." two chunks up) given that
    head as its heading (ingest.tables.results_head), so the prompt names each figure's column. A passage with a
    heading (a filing's table: ingest.split) or that starts with anything but such rows is kept as it is."""
    from ingest.tables import result_row, results_head

    out = []
    for hit in hits:
        first = next((line for line in hit.text.split("\n") if line.strip()), "")
        row = result_row(" ".join(first.split()))
        if hit.heading or not row or hit.ord_start == 0:
            out.append(hit)
            continue
        before = index.chunks_at(hit.doc_id, list(range(max(0, hit.ord_start - back), hit.ord_start)))
        text, head = "", None
        for place in sorted(before, reverse=True):
            text = before[place].text + "\n" + text
            if head := results_head(text, len(row[1])):
                break
        out.append(replace(hit, heading=head) if head else hit)
    return out


def table_continuations(hits: list[Hit], index: Index) -> list[Hit]:
    """The chunk after each hit that ends inside a results table (one of its last two lines a row of figures: the
    last may be cut off), when that chunk goes on with such rows, given the table's head (with_table_heads): a paper's
    table split across chunks, its head and first rows in the hit, the row asked in the next chunk. A chunk already
    among hits is not returned again."""
    from ingest.tables import result_row

    have = {(h.doc_id, o) for h in hits for o in range(h.ord_start, h.ord_end + 1)}
    out = []
    for hit in hits:
        last = [" ".join(line.split()) for line in hit.text.split("\n") if line.strip()][-2:]
        if not any(result_row(line) for line in last) or (hit.doc_id, hit.ord_end + 1) in have:
            continue
        nxt = index.chunks_at(hit.doc_id, [hit.ord_end + 1]).get(hit.ord_end + 1)
        if nxt is not None:
            have.add((hit.doc_id, hit.ord_end + 1))
            out.append(hit_of(nxt, hit.score, hit.similarity))
    return [h for h in with_table_heads(out, index) if h.heading]


def chunk_runs(hit: Hit, index: Index, back: int = 2, ahead: int = 0) -> list[Hit]:
    """Passages made of the stored chunks of hit (a search's passage may join chunks of a page with text between
    them left out): each chunk alone, then with the chunk before it, up to back chunks before it, within its page and
    the page before (a table cut across chunks: its title and first rows in the chunks before), smallest first; then,
    with ahead, its last chunk with up to ahead chunks after it (a table's last rows in the next chunk)."""
    ords = list(range(max(0, hit.ord_start - back), hit.ord_end + ahead + 1))
    rows = index.chunks_at(hit.doc_id, ords)
    spans = [(o - extra, o) for extra in range(back + 1) for o in range(hit.ord_start, hit.ord_end + 1)]
    spans += [(hit.ord_end - extra, hit.ord_end + more) for more in range(1, ahead + 1) for extra in range(back + 1)]
    out = []
    for first, last in spans:
        run = [rows.get(i) for i in range(first, last + 1)]
        if None in run or run[0].page_start < run[-1].page_start - 1:
            continue
        joined = hit_of(run[0], hit.score, hit.similarity)
        for row in run[1:]:
            joined = _join(joined, hit_of(row, hit.score, hit.similarity))
        out.append(replace(joined, routed=hit.routed, filers=hit.filers))
    return out


TITLE_WORDS = 10  # words: a line this short, with no sentence's end, may be an entry's title ("Storms of Temptation")
PROSE_ROWS = 0.25  # share of lines with two figures or more below which a passage is prose (a filing's table is not)


def entry_continuation(hits: list[Hit], index: Index, question: str) -> list[Hit]:
    """hits, the first joined with the chunk after it when it holds the title of the entry the question names (a short
    line with two of the question's words, or its one) and that entry runs on to the passage's end (no title after
    it): a manual's or handbook's entry cut by the chunking ("Storms of Temptation" on a page's last lines, the note
    the question asks about in the next chunk). Only within the passage's page or the next; a chunk already among
    hits is not added again. Prose only, on both sides: a table cut across chunks is table_continuations' business
    (and a filing's statements the calculator's)."""
    asked = stems(question, skip=STOPWORDS)
    if not hits or not asked or not _prose(hits[0].text):
        return hits
    top = hits[0]
    lines = [line for line in top.text.split("\n") if line.strip()]
    titles = [i for i, line in enumerate(lines) if _title_like(line)]
    named = [i for i in titles if len(stems(lines[i]) & asked) >= min(2, len(asked))]
    if not named or named[0] != titles[-1] or named[0] == len(lines) - 1:
        return hits
    if any(h.doc_id == top.doc_id and h.ord_start <= top.ord_end + 1 <= h.ord_end for h in hits):
        return hits
    nxt = index.chunks_at(top.doc_id, [top.ord_end + 1]).get(top.ord_end + 1)
    if nxt is None or nxt.page_start > top.page_end + 1 or not _prose(nxt.text):
        return hits
    return [replace(_join(top, hit_of(nxt, top.score, top.similarity)), continued=True)] + hits[1:]


_SAYS_NO = re.compile(r"\b(?:no|not|none|never)\b", re.I)


def denial_continuations(hits: list[Hit], index: Index, limit: int = 2) -> list[Hit]:
    """hits, each that ends inside a sentence saying no ("There were no repurchases of our common stock" on a chunk's
    last line, "during the nine months ended September 30, 2023." opening the next) joined with the chunk after it:
    the period the sentence denies is there. A sentence's start only (not a table's row), within the passage's page or
    the next; at most limit passages; a chunk already among hits is not added again."""
    def cut_denial(text: str) -> bool:
        tail = re.split(r"(?<=[.!?;:])\s+", text)[-1]
        return not text.endswith((".", "!", "?", ";", ":")) and bool(_SAYS_NO.search(tail)) and _sentence_like(tail)
    return continued(hits, index, cut_denial, limit)


# A figure's sentence with no period of its own: "We estimate this change resulted in an approximate $1.6 billion
# increase to gross margin and an" on a chunk's last line, "... in the first nine months of 2023" opening the next.
_FIGURE = re.compile(r"\$\s?\d|\d\s?%|\d\s+percent\b", re.I)
_PERIOD_WORDS = re.compile(r"\b(?:quarters?|months?|years?|fiscal|weeks?|ytd|q[1-4]|(?:19|20)\d\d)\b", re.I)
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTH_NAMES)}|(?:{'|'.join(m.title() for m in MONTHS)}|Sept)\.?)(?!\w)")


_ASKS_FIGURE = re.compile(r"\b(?:how\s+(?:much|many)|what\s+(?:was|were|is|are)|amounts?|trend\w*|track|trace)\b", re.I)
_COMPARING = re.compile(r"\bcompar\w*|\bversus\b|\bvs\b", re.I)


def figure_continuations(hits: list[Hit], index: Index, question: str, limit: int = 2) -> list[Hit]:
    """hits, each that ends inside a sentence of prose giving a figure ($ or %) in one of the
    question's words with no period named yet, joined with the chunk after it: the period the figure is for is
    there, and without it a model reads the figure as the period the question asks (blind set 38's t06 read the nine
    months' "$1.6 billion increase to gross margin" for the quarter's). So is one that ends inside a sentence naming
    the thing asked (two of the question's words) before its figure ("..., those commitments not yet" | "recognized
    were $133.0 billion as of September 30, 2023."; blind set 39's u21). At most limit passages, within the passage's
    page or the next; a chunk already among hits is not added again."""
    asked = stems(question, skip=STOPWORDS)
    figure_asked = bool(_ASKS_FIGURE.search(question)) and not _COMPARING.search(question)

    def cut_figure(text: str) -> bool:
        tail = re.split(r"(?<=[.!?;:])\s+", text)[-1]
        if text.endswith((".", "!", "?", ";", ":")) or len(tail.split()) < 6 or not tail[:1].isupper() or \
                not _prose(tail):
            return False
        if not _FIGURE.search(tail):  # the thing asked named, its figure still to come: "..., those commitments
            # not yet" | "recognized were $133.0 billion as of ..." (u21); only for a figure asked, not a comparison
            # (page_qa's "how does the revenue ... compare with ...": a chart's legend, a note's cross-reference)
            return figure_asked and tail.split()[-1].isalpha() and len(stems(tail) & asked) >= 2
        return not _PERIOD_WORDS.search(tail) and not _MONTH.search(tail) and bool(stems(tail) & asked)
    return continued(hits, index, cut_figure, limit, sentence=True)


def continued(hits: list[Hit], index: Index, wanted: Callable[[str], bool], limit: int = 2,
              sentence: bool = False) -> list[Hit]:
    """hits, each whose text (right-stripped) wanted says goes on in the next chunk joined with it (within its page or
    the next; at most limit passages; a chunk already among hits is not added again). With sentence, only the next
    chunk's text to the end of the sentence the passage ends inside is joined (where it ends there)."""
    out, joined = [], 0
    for h in hits:
        if joined < limit and wanted(h.text.rstrip()) and \
                not any(o.doc_id == h.doc_id and o.ord_start <= h.ord_end + 1 <= o.ord_end for o in hits):
            nxt = index.chunks_at(h.doc_id, [h.ord_end + 1]).get(h.ord_end + 1)
            if nxt is not None and nxt.page_start <= h.page_end + 1:
                more = hit_of(nxt, h.score, h.similarity)
                if sentence:
                    more = _to_sentence_end(more, h.end)
                h = replace(_join(h, more), continued=True)
                joined += 1
        out.append(h)
    return out


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _to_sentence_end(hit: Hit, after: int) -> Hit:
    """hit (a chunk) cut after the first sentence end past document offset after (its whole text where none is);
    its pages those of its first page."""
    m = _SENTENCE_END.search(hit.text, max(0, after - hit.start))
    if m is None:
        return hit
    return replace(hit, text=hit.text[:m.end()], end=hit.start + m.end(), page_end=hit.page_start,
                   label_end=hit.label_start)


def _sentence_like(text: str) -> bool:
    """Whether text reads as the start of a sentence, not a table's row: one line of four or more words, opening on a
    capital, at most one figure."""
    return "\n" not in text and len(text.split()) >= 4 and text[:1].isupper() and \
        len(re.findall(r"\d[\d,.]*", text)) <= 1


def stems(text: str, skip: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """The first five letters of text's words of four letters or more, but those in skip."""
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in skip}


def _prose(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    return sum(len(re.findall(r"\d[\d,.]*", line)) >= 2 for line in lines) < PROSE_ROWS * max(1, len(lines))


def _title_like(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= TITLE_WORDS and not line.rstrip().endswith((".", ",", ";", ":", "!", "?", "-")) and \
        line.lstrip()[0].isupper() and not re.search(r"\d[\d,.]*\s*$", line)


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def _near(hit: Hit, kept: Hit) -> bool:
    """hit repeats kept, a passage of the same document, but for a few words (NEAR_DUPLICATE)."""
    if hit.doc_id != kept.doc_id:
        return False
    a, b = _grams(hit.text), _grams(kept.text)
    return len(a & b) >= NEAR_DUPLICATE * min(len(a), len(b))


def _neighbours(a: Hit, b: Hit) -> bool:
    return b.ord_start - 1 <= a.ord_end and a.ord_start - 1 <= b.ord_end


def _same_page(a: Hit, b: Hit) -> bool:
    return b.page_start == b.page_end and a.page_start <= b.page_start <= a.page_end


def _join(a: Hit, b: Hit) -> Hit:
    first, second = (a, b) if a.start <= b.start else (b, a)
    if second.text in first.text:
        text = first.text  # contained
    elif second.start < first.end < second.end:  # overlapping (a passage's text always ends at its end)
        text = first.text + second.text[first.end - second.start:]
    elif _neighbours(a, b) and second.start >= first.end:
        text = first.text + "\n" + second.text
    else:  # same page, with text between them left out
        text = first.text + GAP + second.text
    return replace(a, text=text, start=first.start, end=max(first.end, second.end),
                   page_start=first.page_start, page_end=max(first.page_end, second.page_end),
                   label_start=first.label_start,
                   label_end=(second if second.page_end >= first.page_end else first).label_end,
                   ord_start=min(a.ord_start, b.ord_start), ord_end=max(a.ord_end, b.ord_end),
                   similarity=max(a.similarity, b.similarity), chunk_ids=a.chunk_ids + b.chunk_ids,
                   heading=first.heading,
                   ranks={name: min(a.ranks.get(name, rank), rank) for name, rank in {**a.ranks, **b.ranks}.items()})


def hit_of(row: ChunkRow, score: float, similarity: float) -> Hit:
    """A stored chunk as a passage."""
    return Hit(chunk_id=row.id, score=score, text=row.text, file=row.doc_name, path=row.doc_path,
               page_start=row.page_start, page_end=row.page_end, label_start=row.label_start,
               label_end=row.label_end, similarity=similarity, doc_id=row.doc_id, ord_start=row.ord,
               ord_end=row.ord, start=row.start, end=row.end, chunk_ids=(row.id,), heading=row.heading)
