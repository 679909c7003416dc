from ingest.clean import clean_pages, normalise
from ingest.documents import Page


def test_running_headers_and_footers_are_removed():
    words = "revenue grew in the quarter while costs fell and margins improved across all segments".split()
    body = "\n".join(" ".join(words[j:] + words[:j]) for j in range(6))
    pages = [Page(i, f"ACME Corp Form 10-Q\nSection {i} heading\n{body}\nBody text number {i}.\n{body}\nPage {i} of 9")
             for i in range(1, 10)]
    cleaned = clean_pages(pages)
    for pg in cleaned:
        assert "ACME Corp" not in pg.text and "of 9" not in pg.text
        assert f"Body text number {pg.number}" in pg.text


def test_lines_that_do_not_repeat_are_kept():
    pages = [Page(1, "Intro\nalpha"), Page(2, "Methods\nbeta"), Page(3, "Results\ngamma")]
    assert [p.text for p in clean_pages(pages)] == ["Intro\nalpha", "Methods\nbeta", "Results\ngamma"]


def test_normalise_joins_hyphenated_words_and_blank_runs():
    assert normalise("infor-\nmation\n\n\n\nnext\x00 information") == "information\n\nnext information"


def test_ligatures_are_spelled_out():
    assert normalise("AF is eﬀective; the diﬃculty of ﬁne-tuning is ﬂat, not baﬄing") == \
        "AF is effective; the difficulty of fine-tuning is flat, not baffling"


def test_line_end_hyphen_follows_how_the_document_prints_the_word():
    pages = [Page(1, "Costs include stock-\nbased pay and infor-\nmation."),
             Page(2, "Stock-based pay rose. The information is new.")]
    assert clean_pages(pages)[0].text == "Costs include stock-based pay and information."


def test_hyphen_next_to_a_digit_or_single_letter_is_left_as_printed():
    table = "Grade Points\nA-\n90-92\nB-\n80-82\na grade of C-\nor better\nForm 10-\nK"
    assert normalise(table) == table


def test_unseen_words_follow_the_documents_majority():
    typeset = "proba-\nbility of the curva-\nture; the probability and curvature of discrimi-\nnative"
    assert normalise(typeset).endswith("of discriminative")
    filing = "third-\nparty and long-\nlived; third-party and long-lived assets; write-\ndowns"
    assert normalise(filing).endswith("write-downs")
    assert normalise("new in-\ncontext word") == "new in-context word"  # no evidence: as printed


def test_compounds_and_capitals_keep_their_hyphen():
    assert normalise("non-\nGAAP and state-of-\nthe-art, Video-\nOn-Demand") == \
        "non-GAAP and state-of-the-art, Video-On-Demand"


CASH_FLOWS_HEADS_LAST = """Consolidated Condensed Statements of Cash Flows
Cash and cash equivalents, beginning of period $ 11,144 $ 4,827
Depreciation  1,901  2,847
Income taxes, net of refunds $ 267 $ 335
 Three Months Ended
(In Millions; Unaudited) Apr 1, 2023 Apr 2, 2022
See accompanying notes.
Financial Statements   Consolidated Condensed Statements of Cash Flows 7"""


def test_column_heads_extracted_after_the_rows_are_put_above_them():
    from ingest.clean import heads_first

    lines = heads_first(CASH_FLOWS_HEADS_LAST).split("\n")
    assert lines[:4] == ["Consolidated Condensed Statements of Cash Flows", " Three Months Ended",
                         "(In Millions; Unaudited) Apr 1, 2023 Apr 2, 2022",
                         "Cash and cash equivalents, beginning of period $ 11,144 $ 4,827"]
    assert lines[-2:] == ["See accompanying notes.", "Financial Statements   Consolidated Condensed Statements of Cash Flows 7"]
    assert sorted(lines) == sorted(CASH_FLOWS_HEADS_LAST.split("\n"))  # moved, nothing lost


def test_heads_that_open_the_next_table_or_already_lead_stay_where_they_are():
    from ingest.clean import heads_first

    led = CASH_FLOWS_HEADS_LAST.replace("Cash Flows\n", "Cash Flows\n(In Millions) Apr 1, 2023 Apr 2, 2022\n", 1)
    assert heads_first(led) == led  # the table has heads above its rows: the trailing ones are another table's
    prose = CASH_FLOWS_HEADS_LAST.replace("Income taxes, net of refunds $ 267 $ 335\n",
                                          "Income taxes, net of refunds $ 267 $ 335\nThe next table shows leases.\n")
    assert heads_first(prose) == prose  # not right after a row
    three = CASH_FLOWS_HEADS_LAST.replace("Apr 2, 2022", "Apr 2, 2022 Dec 31, 2021")
    assert heads_first(three) == three  # three years over rows of two figures: not these rows' heads
