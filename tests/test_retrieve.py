from dataclasses import replace

from rag.config import load_config
from rag.fakes import FakeEmbedder
from rag.index import Index
from rag.indexing import ingest
from rag.retrieve import (GAP, Hit, demote_outside, hybrid_search, in_place, merge_hits, query_terms, route_documents,
                          rrf)
from rag.periods import period_tokens, spelled_dates
from rag.route import sole_holders, things_asked, unknown_names, unmentioned_names
from tests.conftest import quarterly_reports


def _hit(cid, doc, ord_, start, end, text, page=1):
    return Hit(chunk_id=cid, score=1.0, text=text, file=f"d{doc}.pdf", path=f"/d{doc}.pdf", page_start=page,
               page_end=page, label_start=str(page), label_end=str(page), doc_id=doc, ord_start=ord_,
               ord_end=ord_, start=start, end=end)


def test_a_run_added_takes_the_place_of_the_passages_it_holds():
    a, b, c = _hit(1, 7, 3, 0, 10, "a"), _hit(2, 7, 9, 0, 10, "b"), _hit(3, 8, 0, 0, 10, "c")
    run = replace(_hit(5, 7, 8, 0, 20, "x b"), chunk_ids=(5, 2))  # holds b whole
    both = replace(_hit(6, 7, 2, 0, 20, "x a b"), chunk_ids=(6, 1, 2))
    assert [h.chunk_id for h in in_place([a, b, c], [run])] == [1, 5, 3]
    assert [h.chunk_id for h in in_place([a, b, c], [both])] == [6, 3]
    assert [h.chunk_id for h in in_place([a, c], [run])] == [1, 3, 5]  # holds none: after them
    # the day of its report's quarter (a trend's passage) and its filers go with the run: the quarter's figure is
    # still read in its own report's passages
    dated = replace(b, period_end="2022-12-31", filers=("Corvane",))
    placed = in_place([a, dated, c], [run])[1]
    assert (placed.chunk_id, placed.period_end, placed.filers) == (5, "2022-12-31", ("Corvane",))


def test_rrf_rewards_agreement():
    fused = rrf([[1, 2, 3], [3, 1, 4]], k=60)
    assert list(fused)[:2] == [1, 3]
    assert abs(fused[1] - (1 / 61 + 1 / 62)) < 1e-12


def test_query_terms_drop_stopwords_but_never_everything():
    assert query_terms("When is the refund deadline?") == ["refund", "deadline"]
    assert query_terms("Who are you?") == ["who", "are", "you"]


def test_merge_joins_overlapping_neighbours_and_drops_repeats():
    a = _hit(1, 7, 3, 100, 160, "alpha beta gamma delta", page=2)
    b = _hit(2, 7, 4, 150, 200, "ta gamma delta epsilon zeta", page=3)  # overlaps a by 10 chars
    same_text = _hit(3, 8, 0, 0, 22, "alpha beta gamma delta")
    other = _hit(4, 9, 0, 0, 5, "omega")
    merged = merge_hits([a, b, same_text, other], k=4)
    assert len(merged) == 2
    assert merged[0].text == "alpha beta gamma delta" + "ta gamma delta epsilon zeta"[10:]
    assert (merged[0].page_start, merged[0].page_end) == (2, 3)
    assert merged[1].chunk_id == 4


CERTIFICATION = ("I have reviewed this Form 10-Q; based on my knowledge this report does not contain any untrue "
                 "statement of a material fact or omit to state a material fact necessary to make the statements made "
                 "not misleading with respect to the period covered by this report")


def test_merge_gives_a_near_repeat_in_the_same_document_s_slot_to_the_next_hit():
    first = _hit(1, 7, 40, 0, 300, "Exhibit 31.1 " + CERTIFICATION, page=48)
    second = _hit(2, 7, 42, 0, 300, "Exhibit 31.2 " + CERTIFICATION, page=49)  # the other officer's, same words
    elsewhere = _hit(3, 8, 40, 0, 300, "Exhibit 32.1 " + CERTIFICATION, page=48)  # another filing's: kept
    answer = _hit(4, 7, 5, 0, 60, "Net sales by category: iPhone $ 39,669", page=7)
    assert [h.chunk_id for h in merge_hits([first, second, elsewhere, answer], k=3)] == [1, 3, 4]
    # a passage sharing a sentence or two is not a repeat
    partly = _hit(5, 7, 44, 0, 300, CERTIFICATION[:60] + " and the controls over financial reporting are "
                  "described in Item 4 with the changes made during the quarter and their effect", page=50)
    assert [h.chunk_id for h in merge_hits([first, partly], k=2)] == [1, 5]


def test_passages_many_documents_print_alike_are_boilerplate_and_rank_below_the_rest(cfg, pdf_factory, tmp_path,
                                                                                      monkeypatch):
    from rag.boilerplate import DOCUMENTS, boilerplate

    companies = ["Apple", "Intel", "NVIDIA", "Amazon", "Microsoft", "Oracle", "Adobe"]
    own = {c: f"{c} reported quarterly revenue of {100 + i} million driven by " +
           " ".join(f"{c.lower()}{k} item{i}x{k}" for k in range(60)) for i, c in enumerate(companies)}
    certification = (f"{CERTIFICATION}; the financial statements and other financial information included in this "
                     "report fairly present in all material respects the financial condition results of operations "
                     "and cash flows of the registrant as of and for the periods presented in this report")
    chunks = [(10 * i + 1, i, own[c]) for i, c in enumerate(companies)] + \
             [(10 * i + 2, i, f"Exhibit 31.1 {c} {certification}") for i, c in enumerate(companies)]
    assert boilerplate(chunks) == {10 * i + 2 for i in range(len(companies))}  # the certifications only
    assert boilerplate([c for c in chunks if c[1] < DOCUMENTS]) == set()  # too few documents to tell
    # in an index: recorded at the end of the ingest, and demoted in the ranking (shown in --explain)
    cfg = load_config(overrides=["embedder.model=fake", "split.chunk_tokens=120"], index_dir=str(cfg.index_path))
    for c in companies:
        pdf_factory(f"{c.lower()}-10q.pdf", [own[c], f"Exhibit 31.1 {c} {certification}"])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    common = index.boilerplate_ids()
    assert common and '"ids"' in index.meta()["boilerplate"]
    rows = index.chunks(index.chunk_ids())
    assert {row.page_start for row in rows.values() if row.id in common} == {2}  # the certifications' page
    assert {row.doc_id for row in rows.values() if row.id in common} == {d.id for d in index.documents()}
    question = "Did this quarterly report state the material facts of the period?"  # the certification's words
    hits = hybrid_search(index, FakeEmbedder(), question, k=20)
    assert not hits[0].boilerplate and any(h.boilerplate and "boilerplate" in h.why() for h in hits)
    monkeypatch.setattr("rag.retrieve.BOILERPLATE_WEIGHT", 1.0)  # without the demotion a certification leads
    assert hybrid_search(index, FakeEmbedder(), question, k=1)[0].chunk_id in common


def test_the_cover_of_a_document_the_question_names_is_not_demoted_as_boilerplate():
    """A filing's cover shares its check boxes with every filing, yet holds the facts asked of the company named
    (its office, its exchange); another company's cover, and the named one's other common passages, stay demoted."""
    from rag.retrieve import demote_boilerplate

    cover = "Common stock CORV NASDAQ Address of principal executive offices One Corvane Way"
    hits = [replace(_hit(1, 1, 0, 0, 10, "Revenue was $5 million", page=7), score=0.6),
            replace(_hit(2, 1, 0, 0, 10, cover), score=0.9),
            replace(_hit(3, 2, 0, 0, 10, cover.replace("CORV", "ZETA")), score=0.8),
            replace(_hit(4, 1, 5, 0, 10, "Certification of the chief executive officer", page=40), score=0.85)]
    common = frozenset({2, 3, 4})
    kept = demote_boilerplate(hits, common, routed=[1])
    assert [h.chunk_id for h in kept] == [2, 1, 4, 3] and [h.boilerplate for h in kept] == [False, False, True, True]
    unrouted = demote_boilerplate(hits, common)
    assert [h.chunk_id for h in unrouted] == [1, 2, 4, 3] and all(h.boilerplate for h in unrouted[1:])


def test_merge_stops_at_k_without_pulling_in_lower_neighbours():
    hits = [_hit(1, 1, 0, 0, 10, "one"), _hit(2, 2, 0, 0, 10, "two"), _hit(3, 1, 1, 10, 20, "three")]
    assert [h.chunk_id for h in merge_hits(hits, k=2)] == [1, 2]


def test_hybrid_finds_exact_terms_dense_misses(cfg, pdf_factory):
    pages = [f"General information paragraph {i} about student life and campus services." for i in range(8)]
    pages.append("Form HR-7731 must be filed with the registrar.")
    ingest([str(pdf_factory("h.pdf", pages))], cfg, FakeEmbedder())
    hits = hybrid_search(Index(cfg.index_path), FakeEmbedder(), "HR-7731", k=1)
    assert hits[0].page_start == 9
    assert -1.0 <= hits[0].similarity <= 1.0


def _library(cfg, pdf_factory, tmp_path):
    pdf_factory("apple-10q.pdf", ["Apple Inc. quarterly report. Net sales of iPhone rose.", "Apple liquidity and cash."])
    pdf_factory("intel-10q.pdf", ["Intel Corporation quarterly report. Net sales of chips fell.", "Intel liquidity."])
    pdf_factory("nvidia-10q.pdf", ["NVIDIA Corporation quarterly report. Net sales of GPUs rose.", "NVIDIA cash."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    return index, {d.id: d.name for d in index.documents()}


def test_route_documents_follows_the_named_document(cfg, pdf_factory, tmp_path):
    index, names = _library(cfg, pdf_factory, tmp_path)
    assert [names[d] for d in route_documents(index, "How did Intel's net sales change?")] == ["intel-10q.pdf"]
    # words every document shares name none of them; nor does a question about nothing in particular
    assert route_documents(index, "How did net sales change in the quarterly report?") == []
    assert route_documents(index, "What is the weather like?") == []


def _ten_filers(cfg, pdf_factory, tmp_path, apple_page: str, intel_page: str, three_cover: str = "",
                three_page: str = "Sales rose."):
    """Apple's, Intel's and eight other filings, each cover a chunk of its own; the first three others' covers start
    with three_cover and their second page is three_page."""
    cover = " ".join(f"Risk factor {i} concerns supply, demand and pricing." for i in range(40))
    pdf_factory("apple-10q.pdf", [f"Apple Inc. quarterly report. {cover}", apple_page])
    pdf_factory("intel-10q.pdf", [f"Intel Corporation quarterly report. {cover}", intel_page])
    for i, name in enumerate(["Acme", "Bolt", "Crux", "Dyne", "Epoch", "Flux", "Gale", "Helix"]):
        pdf_factory(f"{name.lower()}-10q.pdf", [f"{name} Corporation quarterly report. {three_cover if i < 3 else ''}"
                                                f"{cover}", three_page if i < 3 else "Sales rose."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    return index, {d.id: d.name for d in index.documents()}


def test_a_question_naming_two_filers_routes_to_both(cfg, pdf_factory, tmp_path):
    """Apple is named in other filings too (a customer, a rival), so its name weighs less than Intel's, which no
    other filing names; a question about both still names Apple's filing as well as Intel's."""
    index, names = _ten_filers(cfg, pdf_factory, tmp_path, "Net sales of iPhone rose.", "Net sales of chips fell.",
                               three_page="Apple is a customer.")
    assert {names[d] for d in route_documents(index, "How much more net sales did Apple make than Intel?")} == \
        {"apple-10q.pdf", "intel-10q.pdf"}
    assert [names[d] for d in route_documents(index, "How did Intel's net sales change?")] == ["intel-10q.pdf"]
    assert [names[d] for d in route_documents(index, "How did Apple's net sales change?")] == ["apple-10q.pdf"]


def test_a_rare_word_on_other_covers_routes_no_second_filer(cfg, pdf_factory, tmp_path):
    """"former" on three other companies' covers is no filer the question names: Apple's question stays Apple's."""
    index, names = _ten_filers(cfg, pdf_factory, tmp_path, "Severance paid to employees.",
                               "Severance paid to employees.", three_cover="Formerly known as Old Works. ")
    assert [names[d] for d in route_documents(index, "How much did Apple pay formerly employed staff?")] == \
        ["apple-10q.pdf"]
    assert {names[d] for d in route_documents(index, "How much more severance did Apple pay than Intel?")} == \
        {"apple-10q.pdf", "intel-10q.pdf"}


def test_a_name_one_document_alone_prints_is_searched_with_the_routed(cfg, pdf_factory, tmp_path):
    """A word of a question on another document's card by chance ("command" on a manual's cover) routes there; the
    guide that alone prints the code the question writes ("PXC"), past its cover, is ranked with it, not demoted."""
    pdf_factory("manual.pdf", ["Command reference manual. Each command is listed.", "Appendix of tables."])
    cover = " ".join(f"Interface note {i} concerns ports, links and speeds." for i in range(40))
    pdf_factory("guide.pdf", [f"Interface guide. {cover}", "To set up an internal PXC, run show datapath."])
    pdf_factory("memo.pdf", ["Memo to staff about the holiday schedule."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    names = {d.id: d.name for d in index.documents()}
    asked = "For an internal PXC, which command do I run?"
    assert [names[d] for d in route_documents(index, asked)] == ["manual.pdf"]  # what the question names
    assert [names[d] for d in sole_holders(index, asked)] == ["guide.pdf"]
    hits = hybrid_search(index, FakeEmbedder(), asked, k=3)
    assert {names[h.doc_id] for h in hits if h.routed} == {"manual.pdf", "guide.pdf"}  # ranked with it, not demoted
    # a word written as a plain word is no name ("memo" alone on one card names that one, as before)
    assert sole_holders(index, "which holiday does the staff schedule name?") == []
    import rag.retrieve
    rag.retrieve.SOLE_HOLDERS = False
    try:
        assert {names[h.doc_id] for h in hybrid_search(index, FakeEmbedder(), asked, k=3) if h.routed} == \
            {"manual.pdf"}
    finally:
        rag.retrieve.SOLE_HOLDERS = True


def test_routing_lifts_the_named_documents_chunks(cfg, pdf_factory, tmp_path):
    index, names = _library(cfg, pdf_factory, tmp_path)
    hits = hybrid_search(index, FakeEmbedder(), "NVIDIA liquidity", k=1)
    assert hits[0].file == "nvidia-10q.pdf"


def test_a_caller_that_knows_the_documents_routes_the_search_to_them(cfg, pdf_factory, tmp_path):
    index, names = _library(cfg, pdf_factory, tmp_path)
    intel = next(d for d, n in names.items() if n == "intel-10q.pdf")
    # a term searched for a question about Intel: "NVIDIA liquidity" would route to NVIDIA's filing on its own
    hits = hybrid_search(index, FakeEmbedder(), "NVIDIA liquidity", k=1, routed=[intel])
    assert hits[0].file == "intel-10q.pdf" and hits[0].routed
    assert hybrid_search(index, FakeEmbedder(), "NVIDIA liquidity", k=1)[0].file == "nvidia-10q.pdf"


def test_dense_search_in_ranks_only_the_given_documents(cfg, pdf_factory, tmp_path):
    index, names = _library(cfg, pdf_factory, tmp_path)
    intel = next(d for d, n in names.items() if n == "intel-10q.pdf")
    vector = FakeEmbedder().encode(["Apple liquidity and cash."])[0]
    ranked = index.dense_search_in(vector, [intel], 10)
    rows = index.chunks([cid for cid, _ in ranked])
    assert ranked and {rows[cid].doc_name for cid, _ in ranked} == {"intel-10q.pdf"}
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_period_tokens_normalise_years_and_quarters():
    assert period_tokens("What did FY2023 third quarter show?") == {"2023", "q3"}
    assert period_tokens("fiscal 2018 and Q4 FY22") == {"2018", "q4", "2022"}
    assert period_tokens("2023 Q1 AAPL | Apple Inc. | Q1 2023 Form 10-Q") == {"2023", "q1"}
    assert period_tokens("10 of 80 pages, 3Q results") == {"q3"}


def _filings(cfg, pdf_factory, tmp_path):
    """Four quarterly filings of two companies; every filing's text talks about cash flows, but only
    two cover pages happen to list "Statements of Cash Flows" (as a table of contents would)."""
    body = ["Net income, cash flows from operating activities and total revenue are discussed here.",
            "Liquidity: cash, cash equivalents and the outstanding debt."]
    for name, cover in [("2022 Q3 ACME.pdf", "Acme Corp quarterly report. Statements of Cash Flows, page 5."),
                        ("2023 Q3 ACME.pdf", "Acme Corp report for the period ended September 30, 2023."),
                        ("2022 Q3 BOLT.pdf", "Bolt Industries quarterly report. Statements of Cash Flows, page 6."),
                        ("2023 Q3 BOLT.pdf", "Bolt Industries quarterly report for the period.")]:
        pdf_factory(name, [cover, *body])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    return index, {d.id: d.name for d in index.documents()}


def test_routing_ignores_words_every_document_uses(cfg, pdf_factory, tmp_path):
    index, names = _filings(cfg, pdf_factory, tmp_path)
    # "cash" and "flows" are on two of four cards, but in all four documents' text: they name none
    assert route_documents(index, "What were the cash flows from operating activities?") == []
    assert {names[d] for d in route_documents(index, "What were Bolt's cash flows?")} == \
        {"2022 Q3 BOLT.pdf", "2023 Q3 BOLT.pdf"}


def test_routing_matches_periods_however_written(cfg, pdf_factory, tmp_path):
    index, names = _filings(cfg, pdf_factory, tmp_path)
    for question in ["What was Acme's net income in Q3 2022?", "Acme net income, third quarter of fiscal 2022",
                     "Acme's FY2023 Q3 net income"]:
        year = "2023" if "2023" in question else "2022"
        assert [names[d] for d in route_documents(index, question)] == [f"{year} Q3 ACME.pdf"], question


def test_routing_by_date_and_by_latest(cfg, pdf_factory, tmp_path):
    index, names = _filings(cfg, pdf_factory, tmp_path)
    assert [names[d] for d in route_documents(index, "Acme, quarter ended Sept. 30, 2023?")] == ["2023 Q3 ACME.pdf"]
    assert [names[d] for d in route_documents(index, "In Bolt's most recent report, what was net income?")] == \
        ["2023 Q3 BOLT.pdf"]
    # a period alone routes to the documents whose names state it
    assert {names[d] for d in route_documents(index, "What was net income in Q3 2022?")} == \
        {"2022 Q3 ACME.pdf", "2022 Q3 BOLT.pdf"}


_CONTOSO = [("2022 Q4", "20220930", "September 30, 2022", 1), ("2023 Q1", "20221231", "December 31, 2022", 2),
            ("2023 Q2", "20230331", "March 31, 2023", 3), ("2023 Q4", "20230930", "September 30, 2023", 1)]


def _contoso_reports(pdf_factory, named_by_date: bool = False) -> None:
    """Four 10-Qs of a company whose fiscal year ends June 30, its files named by the calendar quarter they were
    filed in (as docugami names Microsoft's), or by their period's end ("contoso-20230930.pdf")."""
    statements = {1: "Three Months Ended\nSeptember 30,", 2: "Three Months Ended Six Months Ended\nDecember 31,",
                  3: "Three Months Ended Nine Months Ended\nMarch 31,"}
    for quarter, stamp, day, n in _CONTOSO:
        pdf_factory(f"contoso-{stamp}.pdf" if named_by_date else f"{quarter} CONTOSO.pdf",
                    [f"Contoso Corp FORM 10-Q. For the quarterly period ended {day}.",
                     f"Income statements. {statements[n]} Revenue and operating income by quarter.",
                     "Our fiscal year ends June 30."])


def _fiscal_filings(cfg, pdf_factory, tmp_path):
    """Contoso's 10-Qs (_contoso_reports) and its 10-K."""
    _contoso_reports(pdf_factory)
    pdf_factory("Contoso 10-K 2023.pdf", ["Contoso Corp FORM 10-K. For the fiscal year ended June 30, 2023.",
                                          "Income statements. Year Ended June 30, revenue. Nine months ended March 31."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    return index, {d.id: d.name for d in index.documents()}


def test_a_fiscal_quarter_routes_to_the_report_whose_period_ends_it(cfg, pdf_factory, tmp_path):
    index, names = _fiscal_filings(cfg, pdf_factory, tmp_path)
    # the quarter's number is read from the year-to-date columns, its fiscal year from the period's end: the
    # second quarter of fiscal 2023 ended December 31, 2022, whatever "Q1" the file's name holds
    for question, expected in [("What was Contoso's revenue in the second quarter of fiscal year 2023?", "2023 Q1"),
                               ("Contoso operating income, Q1 fiscal 2024", "2023 Q4"),
                               ("Contoso's revenue in fiscal Q3 2023?", "2023 Q2"),
                               ("Contoso revenue for Q1 FY23", "2022 Q4")]:
        assert [names[d] for d in route_documents(index, question)] == [f"{expected} CONTOSO.pdf"], question
    # not named fiscal, and named by a file: the file's name still routes ("Q1 2023" is the file called so)
    assert [names[d] for d in route_documents(index, "What was Contoso's revenue in the Q1 2023 10-Q?")] == \
        ["2023 Q1 CONTOSO.pdf"]
    # a report named by its fiscal quarter is the report ending that quarter, whatever its file is called (blind set
    # 22's d07: "the cover page of the Q1 FY23 10-Q" of Microsoft is "2022 Q3 MSFT.pdf")
    assert [names[d] for d in route_documents(index, "How many Contoso shares were outstanding according to the cover "
                                                     "page of the Q2 FY23 10-Q?")] == ["2023 Q1 CONTOSO.pdf"]


def test_a_quarter_not_called_fiscal_may_be_a_calendar_or_a_fiscal_quarter(cfg, pdf_factory, tmp_path):
    _contoso_reports(pdf_factory, named_by_date=True)
    for other in ("Bolt", "Volt", "Kolt", "Jolt"):
        pdf_factory(f"{other}.pdf", [f"{other} Inc. annual report.", "Revenue and operating income."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    names = {d.id: d.name for d in index.documents()}
    # Contoso's "Q3 2023" is the calendar quarter ended September 30, 2023 (its fiscal Q1 2024) or its fiscal third
    # quarter, ended March 31, 2023: both reports are routed; called fiscal, only the second
    assert {names[d] for d in route_documents(index, "Contoso's revenue in Q3 2023?")} == \
        {"contoso-20230930.pdf", "contoso-20230331.pdf"}
    assert [names[d] for d in route_documents(index, "Contoso's revenue in Q3 fiscal 2023?")] == ["contoso-20230331.pdf"]


def test_a_quarter_no_file_name_states_routes_by_the_period_ended(cfg, pdf_factory, tmp_path):
    quarterly_reports(pdf_factory, "net revenue and gross margin.")
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    names = {d.id: d.name for d in index.documents()}
    assert [names[d] for d in route_documents(index, "Acme's net revenue in the second quarter of 2023?")] == \
        ["acme-20230701.pdf"]
    assert [names[d] for d in route_documents(index, "What was Acme's gross margin in Q3 2023?")] == ["acme-20230930.pdf"]
    # a quarter named by the month and year it ends, no day: the report whose period ends that month
    assert [names[d] for d in route_documents(index, "Acme capex for the July 2023 quarter?")] == ["acme-20230701.pdf"]
    assert [names[d] for d in route_documents(index, "Acme's net revenue, quarter ended September 2023?")] == \
        ["acme-20230930.pdf"]
    # the latest report is the one whose period ends last (the names state no period)
    assert [names[d] for d in route_documents(index, "Acme's net revenue in its latest 10-Q?")] == ["acme-20230930.pdf"]
    # a quarter no report ends routes by name alone
    assert {names[d] for d in route_documents(index, "Acme's net revenue in Q4 2023?")} == \
        {"acme-20230401.pdf", "acme-20230701.pdf", "acme-20230930.pdf"}


def test_hits_on_one_page_become_one_passage_with_the_gap_marked():
    top = _hit(1, 7, 0, 0, 40, "revenue table part one", page=5)
    elsewhere = _hit(2, 8, 0, 0, 10, "other", page=1)
    same_page = _hit(3, 7, 4, 200, 240, "revenue table part five", page=5)
    merged = merge_hits([top, elsewhere, same_page, _hit(4, 9, 0, 0, 5, "third")], k=3)
    assert [m.chunk_id for m in merged] == [1, 2, 4]
    assert merged[0].text == "revenue table part one" + GAP + "revenue table part five"
    assert (merged[0].ord_start, merged[0].ord_end) == (0, 4)


def test_hits_outside_the_named_documents_are_demoted():
    named, other = _hit(1, 7, 0, 0, 5, "a"), _hit(2, 8, 0, 0, 5, "b")
    named.score, other.score = 0.03, 0.05
    assert [h.chunk_id for h in demote_outside([other, named], [7])] == [1, 2]
    assert [h.chunk_id for h in demote_outside([other, named], [])] == [2, 1]


def test_bm25_search_in_ranks_only_the_given_documents(cfg, pdf_factory, tmp_path):
    index, names = _library(cfg, pdf_factory, tmp_path)
    nvidia = next(d for d, n in names.items() if n == "nvidia-10q.pdf")
    ranked = index.bm25_search_in(["net", "sales"], [nvidia], 10)
    rows = index.chunks([cid for cid, _ in ranked])
    assert ranked and {rows[cid].doc_name for cid, _ in ranked} == {"nvidia-10q.pdf"}


def test_a_merged_passage_keeps_each_searchs_best_rank_and_its_chunks():
    from dataclasses import replace

    a = replace(_hit(1, 1, 0, 0, 10, "Parking permits cost"), ranks={"dense": 3, "bm25": 1}, chunk_ids=(1,))
    b = replace(_hit(2, 1, 1, 10, 20, " 90 dollars."), ranks={"dense": 1, "routed dense": 2}, chunk_ids=(2,))
    [merged] = merge_hits([a, b], k=2)
    assert merged.ranks == {"dense": 1, "bm25": 1, "routed dense": 2} and merged.chunk_ids == (1, 2)
    assert merged.why().startswith("dense #1, bm25 #1, routed dense #2; fused ")


def test_naming_words_are_the_words_that_routed(cfg, pdf_factory, tmp_path):
    from rag.route import naming_words, without_words
    index, names = _filings(cfg, pdf_factory, tmp_path)
    question = "What were Acme's cash flows in the third quarter of 2023?"
    routed = route_documents(index, question)
    assert [names[d] for d in routed] == ["2023 Q3 ACME.pdf"]
    words = naming_words(index, question, routed)
    # the company and the period named the filing; "cash", "flows" are in every filing's text
    assert {"acme", "third", "quarter", "2023"} <= words and not words & {"cash", "flows"}
    assert without_words(question, words) == "What were cash flows in the of ?"
    assert naming_words(index, "What were the cash flows?", []) == set()


def test_another_quarter_than_the_filing_s_own_is_no_naming_word(cfg, pdf_factory, tmp_path):
    from rag.route import naming_words
    for name, cover in [("2023 Q3 ACME.pdf", "Acme Corp quarterly report for the period ended September 30, 2023."),
                        ("2023 Q3 BOLT.pdf", "Bolt Industries quarterly report for the period ended September 30, 2023.")]:
        pdf_factory(name, [cover, "Three Months Ended Nine Months Ended September 30, 2023 Revenue 10 30",
                           "Fourth Quarter 2023 Guidance: operating income is expected to be between 7 and 11."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    question = "In its Q3 2023 10-Q, what operating income did Acme guide to for the fourth quarter of 2023?"
    routed = route_documents(index, question)
    assert len(routed) == 1
    # the filing's own quarter names it; the fourth quarter, which it forecasts, is what the pages are about
    assert not {"fourth", "quarter"} & naming_words(index, question, routed)
    assert {"third", "quarter"} <= naming_words(index, "What was Acme's revenue in the third quarter of 2023?", routed)


def test_in_document_rankings_leave_the_naming_words_out(cfg, pdf_factory, tmp_path, monkeypatch):
    """Inside the named filing, "Acme" and "2023" are on the cover page only: ranked with them,
    the cover outranks the page that answers; without them, the answer's page comes first."""
    import rag.retrieve as retrieve
    for name, cover in [("2023 Q3 ACME.pdf", "Acme Corp quarterly report 2023 for Acme holders, Acme 2023."),
                        ("2023 Q3 BOLT.pdf", "Bolt Industries quarterly report 2023.")]:
        pdf_factory(name, [cover, "Revenue grew. Inventories rose to 40 units on supply chain caution.",
                           "Liquidity: cash and debt."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    question = "How did Acme's inventories change in 2023?"

    def routed_top(strip: bool) -> int:
        monkeypatch.setattr(retrieve, "STRIP_NAMING", strip)
        hits = hybrid_search(index, FakeEmbedder(), question, k=1)
        assert hits[0].file == "2023 Q3 ACME.pdf"
        return hits[0].ranks["routed bm25"], hits[0].page_start

    assert routed_top(True) == (1, 2)
    _, page = routed_top(False)
    assert page == 1  # the cover, by its names alone: what stripping avoids


def test_page_support_lifts_a_page_several_of_whose_chunks_match():
    from dataclasses import replace

    from rag.retrieve import support_by_page

    one = replace(_hit(1, 1, 0, 0, 10, "a", page=3), score=0.030)  # the best single chunk, alone on page 3
    two = [replace(_hit(2, 1, 5, 50, 60, "b", page=7), score=0.025),
           replace(_hit(3, 1, 6, 60, 70, "c", page=7), score=0.020)]
    other = replace(_hit(4, 2, 0, 0, 10, "d", page=7), score=0.024)  # page 7 of another document: not the same page
    hits = [one, two[0], other, two[1]]
    assert [h.chunk_id for h in support_by_page(hits, 0.0)] == [1, 2, 4, 3]
    lifted = support_by_page(hits, 0.5)  # page 7 of d1: 0.025 + 0.5 * 0.020 = 0.035 and 0.020 + 0.5 * 0.025 > 0.030
    assert [h.chunk_id for h in lifted] == [2, 3, 1, 4] and abs(lifted[0].score - 0.035) < 1e-12


def test_unknown_names_are_the_named_ones_no_document_mentions(cfg, pdf_factory, tmp_path):
    index, names = _library(cfg, pdf_factory, tmp_path)
    assert unknown_names(index, "What were AMD's net sales?") == ["AMD"]
    assert unknown_names(index, "What was the FY2019 revenue for Activision Blizzard?") == ["Activision Blizzard"]
    assert unknown_names(index, "What were Berkshire Hathaway's Q3 2023 net sales?") == ["Berkshire Hathaway"]
    assert unknown_names(index, "What were Novartis's net sales in March?") == ["Novartis"]  # not a month's name
    # a name one word of which is mentioned is not unknown; periods, months, titles and contractions name no one
    for question in ["What were Apple Computer's net sales?", "What's Intel's liquidity?", "Let's see NVIDIA's cash",
                     "What did the CEO's letter say in Q3's report?", "What were net sales of June 2023?",
                     "How did net sales change?"]:
        assert unknown_names(index, question) == [], question


def test_unknown_codes_are_the_codes_no_document_prints(cfg, pdf_factory, tmp_path):
    from rag.route import unknown_codes
    pdf_factory("manual.pdf", ["Messages. CFOL038 means the module was requested. CFOL039 means the definer is invalid.",
                               "CFOL041 means an invalid check number. See IRC 965 for the schedule."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    assert unknown_codes(index, "What does error message CFOL040 mean?") == ["CFOL040"]
    assert unknown_codes(index, "what does cfol039 mean, and CFOL077?") == ["CFOL077"]
    # printed (run together or apart), a period, a version or one digit: no unknown code
    assert unknown_codes(index, "Does it run on H100 cards?") == ["H100"]  # a part's number, not a half-year
    for question in ["What does CFOL041 mean?", "What does IRC965 schedule?", "What was FY2024 revenue?",
                     "CY2023, H12023 and Q32023 results", "What changed in v13.5?", "Is there a W2 form?"]:
        assert unknown_codes(index, question) == [], question


def test_unreported_cutoffs_are_metrics_printed_only_at_other_cutoffs(cfg, pdf_factory, tmp_path):
    from rag.answer import gather
    from rag.route import unreported_cutoffs
    pdf_factory("paper.pdf", ["Table 8: Model performance for code generation. HumanEval MBPP\n"
                              "pass@ @1 @100 @1 @80\n13B 15.8 52.5 22.0 64.0",
                              "We report MAP@R and recall at 10 documents."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    assert unreported_cutoffs(index, "what is llama-13b's pass@10 on humaneval?") == [("pass@10", ["@1", "@80", "@100"])]
    # printed at that cut-off, a cut-off by letter, a metric never printed with "@": not judged
    for question in ["LLaMA-13B pass@80 on MBPP?", "pass @1 on HumanEval?", "MAP@R on the test set?", "recall@10?"]:
        assert unreported_cutoffs(index, question) == [], question
    found = gather("LLaMA-13B HumanEval pass@10?", index, FakeEmbedder(), cfg)
    assert found.declined == "I don't know: the indexed documents report pass@ only at @1; @80 and @100, not pass@10."


def _manual(cfg, pdf_factory, tmp_path, pages):
    pdf_factory("manual.pdf", pages)
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    return Index(cfg.index_path)


def test_spelled_out_reads_an_acronym_from_the_words_the_documents_spell_it_in(cfg, pdf_factory, tmp_path):
    from rag.route import spelled_out, with_spellings
    index = _manual(cfg, pdf_factory, tmp_path, [
        "Material changes. Added 1 new field CSP IND on line 15 of the entity screen.",
        "Entity screen layout. 15 38 Classification Settlement Program Indicator. 16 23 Form 940 EFTPS Indicator.",
        "Contact the user support desk. The USD rate is in dollars."])
    assert spelled_out(index, "where is the CSP indicator (line and position)?") == {
        "CSP": "Classification Settlement Program"}
    assert with_spellings("where is the CSP indicator? CSPs", {"CSP": "Classification Settlement Program"}) == (
        "where is the CSP (Classification Settlement Program) indicator? CSPs (Classification Settlement Program)")
    # "user support desk" is not written with capitals; EFTPS is spelled out nowhere; a question typed in capitals
    # has no acronyms to tell
    assert spelled_out(index, "What is the USD rate and the EFTPS flag?") == {}
    assert spelled_out(index, "WHERE IS THE CSP INDICATOR?") == {}


def test_spelled_out_needs_one_spelling_and_lets_definitions_decide(cfg, pdf_factory, tmp_path):
    from rag.route import spelled_out
    index = _manual(cfg, pdf_factory, tmp_path, [
        "Statements of Operations (In Millions, Except Per Share Amounts). See the RSU and EPS notes.",
        "Balance Sheets (In Millions, Except Per Share Amounts). Net income rose.",
        "Basic earnings per share (\u201cEPS\u201d) is net income over the weighted shares.",
        "Diluted earnings per share adds the effect of options.",
        "Grants of Restricted Stock Units. The Revenue Share Units are separate. RSU vesting is quarterly.",
        "Amazon Web Services grew in every region this year, with new customers and larger contracts. AWS sales rose.",
        "AWS margin fell in the quarter as the company added data centers and hired engineers. AWS backlog grew."])
    # a definition outweighs two runs of capitals ("Except Per Share"); the words are printed as often as "EPS"
    assert spelled_out(index, "What was diluted EPS?") == {"EPS": "earnings per share"}
    # two spellings, once each: no one meaning
    assert spelled_out(index, "How do RSU grants vest?") == {}
    # the documents print "AWS" more often than its words: searching for "AWS" finds them
    assert spelled_out(index, "What did AWS earn?") == {}


def test_hybrid_search_finds_the_page_that_only_spells_the_acronym_out(cfg, pdf_factory, tmp_path, monkeypatch):
    import rag.retrieve as retrieve
    from rag.answer import gather
    index = _manual(cfg, pdf_factory, tmp_path, [
        "Material changes. Added 1 new field CSP IND to the screen.",
        "Entity screen layout. 15 38 Classification Settlement Program Indicator.",
        "Filler about the weather and the seasons in the valley."])
    question = "Which line is the CSP on?"
    assert [h.page_start for h in hybrid_search(index, FakeEmbedder(), question, 1)] == [2]
    # the model and the guard read the words too
    assert gather(question, index, FakeEmbedder(), cfg).asked == (
        "Which line is the CSP (Classification Settlement Program) on?")
    monkeypatch.setattr(retrieve, "SPELL_OUT", False)
    assert [h.page_start for h in hybrid_search(index, FakeEmbedder(), question, 1)] == [1]


def test_unmentioned_names_are_the_named_ones_no_passage_found_mentions(cfg, pdf_factory, tmp_path):
    pdf_factory("apple-10q.pdf", ["Apple Inc. quarterly report.", "Net sales of iPhone rose 5 percent."])
    pdf_factory("nvidia-10q.pdf", ["NVIDIA Corporation quarterly report.", "Our competitors include AMD and Intel."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    ids = {d.name: d.id for d in index.documents()}
    apple_sales = [(ids["apple-10q.pdf"], "Net sales of iPhone rose 5 percent.")]
    assert unknown_names(index, "What were AMD's net sales?") == []  # mentioned, once
    assert unmentioned_names(index, "What were AMD's net sales?", apple_sales) == ["AMD"]
    assert unmentioned_names(index, "What were AMD's net sales?",
                             apple_sales + [(ids["nvidia-10q.pdf"], "Our competitors include AMD and Intel.")]) == []
    # the passage's document names the company on its cover: a page that never says "Apple" is still Apple's
    assert unmentioned_names(index, "What were Apple's net sales?", apple_sales) == []
    assert unmentioned_names(index, "What were net sales in the MD&A of the report?", apple_sales) == []


def test_things_asked_are_the_head_nouns_of_what_a_question_asks_about():
    assert things_asked("What is the college's mascot?") == ["college", "mascot"]
    assert things_asked("What are the campus bookstore's opening hours?") == ["bookstore", "hours"]
    # a place named by what it is for: the word before "center" tells which
    assert things_asked("Is there a childcare center on campus for students with kids?") == ["childcare", "center"]
    assert things_asked("Is there an absolute cap on how many credits I can take?") == ["cap"]  # not "absolute"
    assert things_asked("What's the name of the student newspaper?") == ["newspaper"]
    assert things_asked("What was Apple's revenue in 2023?") == []  # a name: unknown_names reads those
    assert things_asked("How did tuition change?") == []
    assert things_asked("When does the library's exam week begin?") == ["library"]  # "begin" is the question's verb
    # what a question asks the place of
    assert things_asked("Where is the campus planetarium?") == ["planetarium"]
    assert things_asked("Where can I find the student health center?") == ["health", "center"]
    assert things_asked("Where did the former templar tell the story?") == []  # where something happened


def test_dates_written_in_figures_are_spelled_as_filings_print_them():
    # month first, as US filings and analysts write dates; two-digit years are this century's
    assert spelled_dates("AAPL unrecognized comp cost at 7/1/23, and over what period?") == \
        "AAPL unrecognized comp cost at July 1, 2023, and over what period?"
    assert spelled_dates("as of 07/01/2023 and 2022-12-31") == "as of July 1, 2023 and December 31, 2022"
    assert spelled_dates("AMZN ads net sales, 6M ended Jun 30 2023?") == "AMZN ads net sales, six months ended Jun 30 2023?"
    # not dates: left as written
    for text in ("13/1/23", "2/30/2023", "a ratio of 3/4", "pages 1/2/3", "RSUs/options", "v2023-07-01", "a 6M loan"):
        assert spelled_dates(text) == text


def test_fiscal_quarters_in_analysts_shorthand_are_spelled_out():
    from rag.periods import quarter_asked
    for short, spelled in (("FQ3'24", "Q3 FY24"), ("FQ1 FY24", "Q1 FY24"), ("FQ2 2023", "Q2 FY2023"),
                           ("3QFY24", "Q3 FY24"), ("Q1FY24", "Q1 FY24"), ("fq4’23", "Q4 FY23")):
        question = spelled_dates(f"NVDA revenue in {short}?")
        assert question == f"NVDA revenue in {spelled}?"
        assert quarter_asked(question)[::2] == (int(spelled[1]), True)
    assert spelled_dates("R&D in the April '23 quarter") == "R&D in the April 2023 quarter"
    assert spelled_dates("the 2Q23 margin vs Q2'22") == "the Q2 2023 margin vs Q2 2022"
    for text in ("FAQ3 notes", "Q3 2023", "Form 10-Q'23"):
        assert spelled_dates(text) == text


def test_balances_at_the_ends_of_two_fiscal_quarters_route_to_both_reports(cfg, pdf_factory, tmp_path):
    index, names = _fiscal_filings(cfg, pdf_factory, tmp_path)
    # a flow of Q1 FY24 vs Q1 FY23: the later report prints both; a balance at each quarter's end: each report its own
    assert [names[d] for d in route_documents(index, "Contoso revenue, Q1 FY24 vs Q1 FY23?")] == ["2023 Q4 CONTOSO.pdf"]
    question = "How much did Contoso's inventory change from the end of Q1 FY23 to the end of Q1 FY24?"
    assert {names[d] for d in route_documents(index, question)} == {"2022 Q4 CONTOSO.pdf", "2023 Q4 CONTOSO.pdf"}


def test_spans_of_a_year_so_far_in_analysts_shorthand_are_spelled_out():
    from rag.periods import months_asked
    for short, spelled, months in (("9M FY23", "the first nine months of FY23", 9), ("9M23", "the first nine months of 2023", 9),
                                   ("1H FY24", "the first half of FY24", 6), ("H1 2023", "the first half of 2023", 6),
                                   ("6M 2023", "the first six months of 2023", 6)):
        question = spelled_dates(f"Apple free cash flow for {short}?")
        assert question == f"Apple free cash flow for {spelled}?"
        assert months_asked(question) == months
    assert spelled_dates("revenue in the 9M FY23") == "revenue in the first nine months of FY23"
    assert spelled_dates("the 9M ended June 30") == "the nine months ended June 30"  # as before
    for text in ("How many H100 GPUs did NVIDIA ship in 2023?", "3M revenue 2023", "6M users"):
        assert spelled_dates(text) == text  # a product, a company, a count
    # a span the question sets aside is not the span asked
    assert months_asked("AMZN free cash flow for Q1 2023 on its own (not the TTM number)?") == 3


def test_a_span_ended_in_a_month_named_without_its_day():
    from rag.periods import month_quarters
    assert month_quarters("msft cash from operations six months ended dec 2022") == {"2022-12"}
    assert month_quarters("revenue for the quarter ended Dec 2022") == {"2022-12"}
    assert month_quarters("six months ended December 31, 2022") == set()  # a full date is read as a date


def test_a_possessive_that_names_no_filer_is_read_as_the_segment_it_names(cfg, pdf_factory, tmp_path):
    from rag.answer import _as_segments
    from rag.route import not_filers
    pdf_factory("2023 Q3 MSFT.pdf", ["Microsoft Corporation quarterly report for the quarter ended September 30, 2023.",
                                     "Azure and other cloud services revenue grew 29%. Revenue was $56,517 million."])
    pdf_factory("2023 Q3 INTC.pdf", ["Intel Corporation quarterly report for the quarter ended September 30, 2023.",
                                     "Net revenue was $14,158 million."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    question = "What was Azure's revenue in dollars for the September 2023 quarter?"
    assert not_filers(index, question) == ["Azure"]  # mentioned, on no cover: a product, not a filer
    assert _as_segments(question, ["Azure"]) == "What was the Azure revenue in dollars for the September 2023 quarter?"
    assert not_filers(index, "What was Microsoft's revenue in the September 2023 quarter?") == []  # on its cover
    assert not_filers(index, "What was AMD's revenue?") == []  # mentioned nowhere: unknown_names declines it
    # the filer's name and the product's as one possessive name: the product's line, not the company's (blind set 42's
    # x21); a filer's own possessive, or a name no document prints, as written
    from rag.answer import _filer_then_product
    assert _filer_then_product("What was Microsoft Azure's revenue in Q1 FY24?", index) == \
        "What was Microsoft Azure revenue in Q1 FY24?"
    for q in ("What was Microsoft's revenue in Q1 FY24?", "What was Microsoft Foo's revenue in Q1 FY24?",
              "What was Intel Microsoft's revenue?"):
        assert _filer_then_product(q, index) == q, q
    # typed bare before its line, with the company's ticker after it: the segment, as a possessive would be
    from rag.answer import _bare_segment
    assert _bare_segment("Azure revenue in dollars for MSFT fy24 q1?", index) == \
        "the Azure revenue in dollars for MSFT fy24 q1?"
    # a filer's name typed bare is the filer's (blind set 21's c17: "Intel revenue" was read as a segment named Intel)
    assert _bare_segment("Microsoft revenue in dollars for fy24 q1?", index) == "Microsoft's revenue in dollars for fy24 q1?"
    assert _bare_segment("Intel revenue Q2 2023 vs Q1 2023, up or down sequentially, and by how much?", index) == \
        "Intel's revenue Q2 2023 vs Q1 2023, up or down sequentially, and by how much?"
    assert _bare_segment("What was Intel's revenue?", index) == "What was Intel's revenue?"
    assert _bare_segment("Corporation revenue?", index) == "Corporation revenue?"  # on every cover: no one filer
    for q in ("Intel booked a big tax benefit in the September 2022 quarter. How big was it?",  # a verb after it
              "Microsoft vs Intel revenue for the quarter ended September 30, 2023?"):  # two companies compared
        assert _bare_segment(q, index) == q
    # through the answer path: no company's "Revenue" is worked out as Azure's; the guard reads the question as asked
    from rag.answer import answer_question
    from rag.fakes import FakeGenerator
    gen = FakeGenerator(context_window=32768, script=["Revenue was $56,517 million [1]."] * 3)
    answer = answer_question(question, index, FakeEmbedder(), gen, cfg)
    assert "56,517" not in answer.answer and answer.abstained
    assert "Looked up in the sources" not in gen.calls[0][-1]["content"]  # no company line shown as Azure's

    # two companies set against each other: a passage of the one retrieval left out is fetched from its own report
    from rag.answer import _each_company
    intel = [h for h in hybrid_search(index, FakeEmbedder(), "Intel net revenue", k=4) if h.file == "2023 Q3 INTC.pdf"]
    each = _each_company("How much more revenue did Microsoft generate than Intel in the quarter ended September 30, "
                         "2023?", intel[:1], index, FakeEmbedder(), cfg.retrieve)
    assert each and {h.file for h in each} == {"2023 Q3 MSFT.pdf"}
    assert _each_company("What was Intel's net revenue in the quarter ended September 30, 2023?", intel[:1], index,
                         FakeEmbedder(), cfg.retrieve) == []  # no comparison: nothing added
    # two filers named in a form the calculator reads as no comparison: each filer's report gives its passages
    q = "Compare Microsoft's cloud business with Intel's for the quarter ended September 30, 2023: revenue and growth."
    each = _each_company(q, intel[:1], index, FakeEmbedder(), cfg.retrieve)
    assert each and {h.file for h in each} == {"2023 Q3 MSFT.pdf"}
    import rag.answer as answer_module
    answer_module.EACH_FILER = False
    try:
        assert _each_company(q, intel[:1], index, FakeEmbedder(), cfg.retrieve) == []
    finally:
        answer_module.EACH_FILER = True
    # a filer's documents by their covers, when its file names say only its ticker
    from rag.route import filer_documents
    ids = {d.name: d.id for d in index.documents()}
    assert filer_documents(index, "Intel") == [ids["2023 Q3 INTC.pdf"]]
    assert filer_documents(index, "Corporation") == []  # on every cover: names no one filer
    # two companies compared: each passage of a report whose cover names one is marked as its
    from rag.answer import _with_filers
    hits = hybrid_search(index, FakeEmbedder(), "net revenue Azure", k=4)
    q = "In the quarter ended September 30, 2023, which had more revenue, Microsoft or Intel?"
    marked = {h.file: h.filers for h in _with_filers(q, hits, index)}
    assert marked["2023 Q3 INTC.pdf"] == ("Intel",) and marked["2023 Q3 MSFT.pdf"] == ("Microsoft",)
    assert all(h.filers == () for h in _with_filers("What was Intel's net revenue?", hits, index))  # none compared
    # a thing the question asks about that a report's cover names ("intel's", typed lower case): its passages are
    # marked as that filer's for the guard (the page says "we"); a thing no cover names marks none
    from rag.answer import _of_filers_named
    marked = {h.file: h.filers for h in _of_filers_named("what was intel's stake in mobileye?", hits, index)}
    assert marked["2023 Q3 INTC.pdf"] == ("intel",) and marked["2023 Q3 MSFT.pdf"] == ()
    assert all(h.filers == () for h in _of_filers_named("What is the campus bookstore's address?", hits, index))


def _indexed(cfg, pdf_factory, tmp_path, docs: dict[str, list[str]]) -> tuple[Index, dict[str, int]]:
    """Each document (name: its pages) written as a PDF and ingested: the index, and each document's id by name."""
    for name, pages in docs.items():
        pdf_factory(name, pages)
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    return index, {d.name: d.id for d in index.documents()}


def test_sources_about_none_are_cited_documents_that_never_mention_the_name(cfg, pdf_factory, tmp_path):
    from rag.route import sources_about_none
    index, ids = _indexed(cfg, pdf_factory, tmp_path, {
        "bert.pdf": ["BERT: pre-training of deep bidirectional transformers.",
                     "We pre-train BERT with a masked language model objective."],
        "survey.pdf": ["A survey of language models.", "Other open models include GLM-130B and BLOOM."]})
    q = "What is GLM-130B's pre-training objective?"
    assert unknown_names(index, q) == []  # the survey names it in passing
    assert sources_about_none(index, q, {ids["bert.pdf"]}) == ["GLM-130B"]
    assert sources_about_none(index, q, {ids["bert.pdf"], ids["survey.pdf"]}) == []
    assert sources_about_none(index, "What is BERT's pre-training objective?", {ids["bert.pdf"]}) == []
    assert sources_about_none(index, "What is the pre-training objective?", {ids["bert.pdf"]}) == []  # names nothing
    # a fiscal quarter is no name: "for FQ2 2023"
    assert sources_about_none(index, "What was BERT's score for FQ2 2023?", {ids["bert.pdf"]}) == []


def test_coined_names_the_cited_documents_never_mention(cfg, pdf_factory, tmp_path):
    from rag.route import coined_names, coined_names_unmentioned
    index, ids = _indexed(cfg, pdf_factory, tmp_path, {
        "detect.pdf": ["DetectGPT: zero-shot detection of machine-generated text.",
                       "DetectGPT reaches an AUROC of 0.84 on text generated by GPT-NeoX."],
        "llama.pdf": ["LLaMA: open and efficient foundation language models.", "LLaMA-13B outperforms GPT-3."]})
    assert coined_names("What AUROC does DetectGPT get on text generated by LLaMA-13B and GPT-3?") == \
        [("DetectGPT", "detectgpt"), ("LLaMA", "llama"), ("GPT-3", "gpt 3")]
    assert coined_names("What was the company's revenue in Q3 2023?") == []  # no word of unusual case, no version
    q = "What AUROC does DetectGPT get on text generated by LLaMA?"
    assert coined_names_unmentioned(index, q, {ids["detect.pdf"]}) == ["LLaMA"]
    assert coined_names_unmentioned(index, q, {ids["detect.pdf"], ids["llama.pdf"]}) == []
    assert coined_names_unmentioned(index, "What AUROC does DetectGPT get on GPT-NeoX text?", {ids["detect.pdf"]}) == []
    # a name no indexed document mentions is not this check's to decline (unknown_names reads the question's names)
    assert coined_names_unmentioned(index, "What AUROC does DetectGPT get on PaLM text?", {ids["detect.pdf"]}) == []
    assert coined_names_unmentioned(index, q, set()) == []


def test_a_name_with_its_version_number_is_one_name(cfg, pdf_factory, tmp_path):
    from rag.route import mentions, names_asked
    pdf_factory("mmlu.pdf", ["Measuring massive multitask language understanding (MMLU).",
                             "The largest GPT-3 model reaches 43.9% accuracy; GPT 2 does worse."])
    ingest([str(tmp_path / "docs")], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    assert names_asked("What does GPT-4 score on MMLU?") == [("GPT-4", ["gpt 4"])]
    assert unknown_names(index, "What does GPT-4 score on MMLU?") == ["GPT-4"]  # GPT-3 is no GPT-4
    assert unknown_names(index, "What does GPT-3 score on MMLU?") == []
    assert unknown_names(index, "What does GPT-2 score on MMLU?") == []  # written "GPT 2"
    ids = [d.id for d in index.documents()]
    text = "The largest GPT-3 model reaches 43.9% accuracy."
    assert unmentioned_names(index, "What does GPT-3 score?", [(ids[0], text)]) == []
    assert unmentioned_names(index, "What does GPT-4 score?", [(ids[0], text)]) == ["GPT-4"]
    # a size after the number is part of a model's name as before, word by word ("LLaMA-65B": llama, 65b)
    assert names_asked("What is LLaMA-65B's score?") == [("LLaMA-65B", ["llama", "65b"])]
    assert mentions("covid 19", "the COVID-19 pandemic") and not mentions("gpt 4", "GPT-40 and GPT-3")


def test_authors_named_with_their_affiliation_marks_are_mentioned_on_the_papers_cover(cfg, pdf_factory, tmp_path):
    from rag.route import names_asked, words_of
    index, ids = _indexed(cfg, pdf_factory, tmp_path, {
        "prompts.pdf": ["Do Models Understand Their Prompts?\nAnna Kowal1,2 and Ben Oduya1\n{anna_kowal}",
                        "The baseline is the adapted language model."],
        "other.pdf": ["Another paper.", "Kowal and Oduya (2022) study prompts."]})
    q = "In Kowal & Oduya's paper, which model is the baseline?"
    assert names_asked(q) == [("Kowal & Oduya", ["kowal", "oduya"])]  # not "In Kowal & Oduya"
    page = [(ids["prompts.pdf"], "The baseline is the adapted language model.")]
    assert unmentioned_names(index, q, page) == []  # the cover names them, each with a mark after it
    assert {"kowal", "oduya", "anna"} <= words_of("Anna Kowal1,2 and Ben Oduya1 {anna_kowal}")
    assert "gpt" not in words_of("GPT3 and LLaMA2") and "llama" not in words_of("LLaMA2")  # versions, not marks
    assert unmentioned_names(index, "In Zhou's paper, which model is the baseline?", page) == ["Zhou"]


def test_a_company_to_be_acquired_is_a_name_the_answers_documents_must_mention(cfg, pdf_factory, tmp_path):
    # blind set 20's b21: NVIDIA's filings never mention Tower Semiconductor (Intel's deal); its Arm fee was given
    from rag.route import names_asked, sources_about_none
    index, ids = _indexed(cfg, pdf_factory, tmp_path, {
        "otter-10q.pdf": ["Otter Inc. quarterly report.", "We recorded an acquisition termination cost of $1.35 billion."],
        "heron-10q.pdf": ["Heron Corp. quarterly report.",
                          "We terminated our agreement to acquire Pike Semiconductor and paid a fee of $353 million."]})
    q = "What termination fee did Otter pay when its deal to acquire Pike Semiconductor was called off?"
    assert names_asked(q) == [("Otter", ["otter"]), ("Pike Semiconductor", ["pike", "semiconductor"])]
    assert sources_about_none(index, q, {ids["otter-10q.pdf"]}) == []  # Otter's documents mention Otter
    assert unmentioned_names(index, q, [(ids["otter-10q.pdf"], "We recorded an acquisition termination cost.")]) == \
        ["Pike Semiconductor"]
    assert unmentioned_names(index, q.replace("Otter", "Heron"), [(ids["heron-10q.pdf"], "We terminated our agreement "
                                                                  "to acquire Pike Semiconductor.")]) == []
    for q in ("How much did Otter pay to buy Pike Semiconductor?", "When did Otter complete its merger with Pike?"):
        assert names_asked(q)[-1][0] in ("Pike Semiconductor", "Pike"), q


def test_words_after_on_are_no_names_a_passage_must_mention(cfg, pdf_factory, tmp_path):
    # tried: a benchmark after "on" ("perplexity on Penn Treebank") as a name; an analyst's "spend on Capex", "on a
    # GAAP basis", "effect on EPS" name no company either, and filings spell those out (bench/RESULTS.md,
    # thirty-third session)
    from rag.route import names_asked
    index, _ = _indexed(cfg, pdf_factory, tmp_path,
                        {"otter-10q.pdf": ["Otter Inc. quarterly report.", "Capital expenditures were $4 million."]})
    assert names_asked("How much did Otter spend on Capex in Q3 2022?") == [("Otter", ["otter"])]  # not "Capex"
    assert unknown_names(index, "How much did Otter spend on Capex in Q3 2022?") == []
    assert names_asked("What are the library's hours for Sundays?") == []  # a day says when, it names nothing
    # a preposition that starts the question is no part of a name; a company's own "Under" or "On" is
    assert names_asked("For Otter's 8B model, what perplexity?") == [("Otter", ["otter"])]
    assert names_asked("What was Under Armour's revenue?") == [("Under Armour", ["armour"])]  # ("under": a stopword)
    # a request that starts the question is no part of the name (blind set 20's b06: "Compare Intel" was declined)
    assert names_asked("Compare Otter's revenue with Heron's. Which was larger?") == [("Otter", ["otter"]),
                                                                                 ("Heron", ["heron"])]


_CONTENTS = """SPELL COMBINATIONS ..........................  123
Grease Fire ............................................  123
Entropic Death .......................................  124
Storm of the Century .............................  124"""


def test_a_contents_page_is_told_by_its_leaders_and_ranks_below_the_passages():
    from rag.retrieve import demote_contents, is_contents
    assert is_contents(_CONTENTS)
    assert is_contents("Contents\n1 Introduction 1\n2.1 Prompt-Based Models . . . . . . 2\n2.2 Analyses . . . . . . . 2\n"
                       "3 Overall Setup 3\n4.1 Method . . . . . . . . 4")
    # dot leaders in a fee table, figures out of page order, or a few leaders in prose: no contents page
    assert not is_contents("Single room ........ 2480\nDouble room ........ 1950\nMeal plan ........ 1200")
    assert not is_contents("Application fee ........ $50\nTuition ........ $465\nSingle room ........ $2,480")
    assert not is_contents("Fees are listed below.\nTuition ...... 465\nThe rest is due in August, as the bursar "
                           "writes each year.\nSee page 4 .... 4\nParking ..... 19\nAnd more text follows here.\n"
                           "Another line of prose.\nAnd another one.")
    passage = _hit(2, 1, 1, 0, 10, "Storm of the Century\nWhen two storm systems collide, chaos ensues.", page=124)
    contents = _hit(1, 1, 0, 0, 10, _CONTENTS, page=3)
    ranked = demote_contents([contents, passage])
    assert [h.chunk_id for h in ranked] == [2, 1] and ranked[1].contents and not ranked[0].contents
    assert "a contents page" in ranked[1].why()


class _Chunks:
    """chunks_at over a few stored chunks of one document (rag.index.Index's, without a database)."""

    def __init__(self, rows):
        self.rows = rows

    def chunks_at(self, doc_id, ords):
        return {r.ord: r for r in self.rows if r.doc_id == doc_id and r.ord in ords}


def test_an_entry_cut_by_the_chunking_gets_the_chunk_after_it():
    from rag.index import ChunkRow
    from rag.retrieve import entry_continuation
    top_text = ("Enjoy the book, my dear! It is his most ambitious yet.\nI doubt that will put you off.\n"
                "Storms of Temptation Tales\nThis tattered novel bills itself as a sweeping romance.\n"
                "The cover shows an elf hanging from the mast of his ship.\nFor the first elven captain, the "
                "assignment was a routine trading mission")
    rest = ("down to Wycome, with a passenger heir to a fortune.\nThere is a note scribbled on the inside cover:\n"
            "If found, please return to Lady Yvette Montilyet")
    top = Hit(chunk_id=7, score=1.0, text=top_text, file="m.pdf", path="/m.pdf", page_start=619, page_end=619,
              label_start="619", label_end="619", doc_id=1, ord_start=7, ord_end=7, start=0, end=len(top_text))
    other = replace(top, chunk_id=3, text="Another entry on dragons.", ord_start=3, ord_end=3)
    index = _Chunks([ChunkRow(8, "/m.pdf", "m.pdf", rest, len(top_text) + 1, len(top_text) + 1 + len(rest), 619,
                              619, "619", "619", doc_id=1, ord=8)])
    question = "Whose copy of the novel Storms of Temptation is it?"
    joined = entry_continuation([top, other], index, question)
    assert "Lady Yvette Montilyet" in joined[0].text and joined[0].ord_end == 8 and joined[1] is other
    assert "the next chunk joined" in joined[0].why() and not top.continued  # rag ask --explain says so
    # the title asked in no passage, another title after it (the entry ends inside), the chunk already among the
    # hits, a table, or a chunk two pages on: left as they were
    for hits, asked in [([top, other], "What is the Chantry's hierarchy?"),
                        ([replace(top, text=top_text + "\nThe Qunari\nA people of the north"), other], question),
                        ([top, replace(other, ord_start=8, ord_end=8)], question)]:
        assert entry_continuation(hits, index, asked) is hits
    table = _Chunks([replace(index.rows[0], text="Revenue 1,200 1,100\nCost 800 700\nProfit 400 400")])
    far = _Chunks([replace(index.rows[0], page_start=621, page_end=621)])
    assert entry_continuation([top, other], table, question)[0] is top
    assert entry_continuation([top, other], far, question)[0] is top


def test_a_passages_runs_of_stored_chunks_are_each_chunk_then_with_those_before_it():
    from rag.index import ChunkRow
    from rag.retrieve import chunk_runs
    texts = ["Note 2: Segments\nNet revenue:\nClient 7,867", "Data Center 3,814\nTotal net revenue $ 11,681",
             "Operating income (loss):\nClient $ 2,073", "Far away on page 9"]
    rows, at = [], 0
    for o, text in enumerate(texts):
        page = 12 if o < 3 else 15
        rows.append(ChunkRow(o + 1, "/f.pdf", "f.pdf", text, at, at + len(text), page, page, str(page), str(page),
                             doc_id=1, ord=o))
        at += len(text) + 1
    hit = Hit(chunk_id=2, score=1.0, text=texts[1], file="f.pdf", path="/f.pdf", page_start=12, page_end=12,
              label_start="12", label_end="12", doc_id=1, ord_start=1, ord_end=2, start=rows[1].start,
              end=rows[2].end, routed=True)
    runs = chunk_runs(hit, _Chunks(rows))
    assert [(r.ord_start, r.ord_end) for r in runs] == [(1, 1), (2, 2), (0, 1), (1, 2), (0, 2)]
    assert runs[2].text == texts[0] + "\n" + texts[1] and all(r.routed for r in runs)
    # a chunk two pages before is not joined
    last = replace(hit, ord_start=3, ord_end=3, page_start=15, page_end=15)
    assert [(r.ord_start, r.ord_end) for r in chunk_runs(last, _Chunks(rows))] == [(3, 3)]


def test_a_passage_of_prose_carries_the_section_heading_before_it():
    from rag.index import ChunkRow
    from rag.prompt import passage_text
    from rag.retrieve import section_months, with_sections

    def row(ord_, text):
        return ChunkRow(ord_, "/q.pdf", "q.pdf", text, 0, len(text), 39, 39, "39", "39", doc_id=1, ord=ord_)
    index = _Chunks([row(4, "Operating income increased $1.1 billion or 13%.\nNine Months Ended March 31, 2023 "
                            "Compared with Nine Months Ended March 31, 2022\nRevenue increased $4.2 billion or 9%."),
                     row(5, "Office Commercial revenue increased $2.5 billion or 9%."),
                     row(8, "SEGMENT RESULTS OF OPERATIONS\nTotal $ 52,857 $ 49,360")])
    hit = Hit(chunk_id=6, score=1.0, text="• Windows revenue decreased $2.9 billion or 16% driven by Windows OEM.",
              file="q.pdf", path="/q.pdf", page_start=40, page_end=40, label_start="40", label_end="40", doc_id=1,
              ord_start=6, ord_end=6)
    after_title = replace(hit, chunk_id=9, ord_start=9, ord_end=9)
    sectioned, untouched = with_sections([hit, after_title], index)
    assert sectioned.section == "Nine Months Ended March 31, 2023 Compared with Nine Months Ended March 31, 2022"
    assert section_months(sectioned.section) == 9 and untouched.section == ""  # a new part's title since
    assert passage_text(sectioned) == hit.text  # not shown (SECTION_SHOWN off) ...
    import rag.prompt
    rag.prompt.SECTION_SHOWN = True  # ... unless switched on
    try:
        assert passage_text(sectioned).startswith("Nine Months Ended March 31, 2023 Compared with") and \
            passage_text(hit) == hit.text
    finally:
        rag.prompt.SECTION_SHOWN = False


def test_an_acronym_that_labels_no_row_is_read_as_the_words_that_define_it(cfg, pdf_factory, tmp_path):
    from rag.route import names_defined
    index = _manual(cfg, pdf_factory, tmp_path, [
        "We manage our business through operating segments: Client Computing (CCG) and Datacenter and AI (DCAI).",
        "Operating income (loss):\nClient Computing $ 1,655 $ 3,592\nDatacenter and AI 17 2,293\nTotal $ 1,672",
        "DCAI revenue was $4.2 billion, down from a year ago. AWS\n AWS 5,403 4,883"])
    assert names_defined(index, "What was Corvane's DCAI operating income in Q3 2022?") == {"DCAI": "Datacenter and AI"}
    # one that labels a row ("AWS 5,403 ..."), or that the documents define nowhere, stays as it is
    assert names_defined(index, "AWS operating income?") == {} and names_defined(index, "NEX revenue?") == {}
    # written out by the question itself: nothing to add
    assert names_defined(index, "What was the Datacenter and AI (DCAI) operating income?") == {}
