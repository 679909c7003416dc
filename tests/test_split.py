from ingest.documents import Page
from ingest.split import join_pages, split_pages, table_headers
from rag.fakes import FakeEmbedder


def _pages():
    return [Page(n, " ".join(f"p{n}w{i}" for i in range(150)), label=f"L{n}") for n in range(1, 5)]


def test_chunks_fit_the_token_budget_and_map_back_to_text():
    pages = _pages()
    count = FakeEmbedder().count_tokens
    chunks = split_pages(pages, count, chunk_tokens=40, overlap_tokens=5)
    text, _ = join_pages(pages)
    assert len(chunks) > 10
    for c in chunks:
        assert count(c.text) <= 40
        assert text[c.start:c.end] == c.text


def test_page_spans_and_labels():
    pages = _pages()
    chunks = split_pages(pages, FakeEmbedder().count_tokens, chunk_tokens=40, overlap_tokens=0)
    for c in chunks:
        words = c.text.split()
        first, last = int(words[0][1:].split("w")[0]), int(words[-1][1:].split("w")[0])
        assert (c.page_start, c.page_end) == (first, last)
        assert c.label_start == f"L{first}"
    assert any(c.page_start != c.page_end for c in split_pages(pages, FakeEmbedder().count_tokens, 1000, 0))


def test_empty_pages_give_no_chunks():
    assert split_pages([Page(1, "  "), Page(2, "")], FakeEmbedder().count_tokens, 40, 5) == []


STATEMENT = "\n".join([
    "ACME CORP",
    "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS",
    "(In millions)",
    "Nine Months Ended",
    "June 24, 2023 June 25, 2022",
    *[f"Line item number {i} of the statement {1000 + 37 * i:,} {2000 + 41 * i:,}" for i in range(60)],
])
PROSE = "\n".join(" ".join(f"The company discussed item {i}.{j} at length here." for j in range(3))
                  for i in range(20))  # lines of ~110 characters: the page width


def test_table_header_rows_are_carried_into_every_later_chunk():
    count = FakeEmbedder().count_tokens
    pages = [Page(1, PROSE), Page(2, STATEMENT), Page(3, PROSE)]
    chunks = split_pages(pages, count, chunk_tokens=60, overlap_tokens=0, headings=True)
    on_statement = [c for c in chunks if c.page_start == 2]
    assert len(on_statement) > 3
    assert on_statement[0].heading == ""  # it holds the header itself
    for c in on_statement[1:]:
        assert "STATEMENTS OF CASH FLOWS" in c.heading and "Nine Months Ended June 24, 2023" in c.heading
        assert count(c.heading) + 1 + count(c.text) <= 60  # room was kept for the heading
    assert all(c.heading == "" for c in chunks if c.page_start != 2)  # prose gets none
    assert all(c.heading == "" for c in split_pages(pages, count, 60, 0))  # off by default


def test_table_headers_find_the_header_above_a_table_mid_page():
    line = PROSE.split("\n")[0]  # a prose line, ~110 characters
    text = "\n".join([line, line, "Operating income by segment (in millions):", "2023 2022",
                      "North America 4,307 (412)", "AWS 6,976 5,403", line])
    count = FakeEmbedder().count_tokens
    [table] = table_headers(text, 100, count)
    assert table.heading == "Operating income by segment (in millions): 2023 2022"
    assert text[table.data_start:].startswith("North America")
    assert text[table.end:] == line


def test_the_short_last_line_of_a_paragraph_is_not_a_header_row():
    line = PROSE.split("\n")[0]
    text = "\n".join([line, "which ended the period.", "Note 6 : Restructuring Charges", "(In millions) 2023 2022",
                      "Employee severance 59 607", "Asset impairment 35 89", line])
    [table] = table_headers(text, 100, FakeEmbedder().count_tokens)
    assert table.heading == "Note 6 : Restructuring Charges (In millions) 2023 2022"
    assert text[table.header_start:].startswith("Note 6")


def test_long_rows_and_wrapped_labels_stay_in_the_table_and_the_unit_stays_in_the_heading():
    line = PROSE.split("\n")[0]  # prose, ~110 characters: the page width
    count = FakeEmbedder().count_tokens
    long_row = "CASH, CASH EQUIVALENTS, AND RESTRICTED CASH, BEGINNING OF PERIOD AS REPORTED $ 37,700 $ 50,067"
    text = "\n".join([line, "AMAZON.COM, INC.", "CONSOLIDATED STATEMENTS OF CASH FLOWS", "(in millions)",
                      "Three Months Ended September 30,", "2022 2023", long_row, "OPERATING ACTIVITIES:",
                      "Net income (loss) 2,872 9,879",
                      "Depreciation and amortization of property and equipment and capitalized content costs, lease",
                      "assets, and other 10,327 12,131", "Stock-based compensation 5,556 5,829", line])
    assert len(long_row) > 90 and len(text.split("\n")[9]) > 90
    [table] = table_headers(text, 90, count)  # one table: neither the long row nor the wrapped label ends it
    assert table.heading.startswith("AMAZON.COM, INC. CONSOLIDATED STATEMENTS OF CASH FLOWS (in millions)")
    assert text[table.data_start:].startswith("CASH, CASH") and text[table.end:] == line
    # a heading too long for its budget loses lines from the top, but never the unit's
    periods = [f"Period {i} Ended September 30," for i in range(12)]
    tall = "\n".join([line, "CONSOLIDATED STATEMENTS OF CASH FLOWS", "(in millions)", *periods[:10],
                      "Net income (loss) 2,872 9,879 1,234", line])
    [table] = table_headers(tall, 90, count)
    assert "(in millions)" in table.heading and "Period 0 " not in table.heading
    assert count(table.heading) <= 64


def test_a_lead_in_sentence_that_gives_the_unit_heads_the_table_it_runs_into():
    line = PROSE.split("\n")[0]
    lead = ("Share repurchase activity during the three months ended April 1, 2023 was as follows (in millions, "
            "except number of shares, which are reflected in thousands,")
    text = "\n".join([line, lead, "and per share amounts):", "Periods", "Total Number of Shares",
                      "January 1, 2023 to February 4, 2023:", "Open market purchases 36,980 $ 135.21 36,980", line])
    count = FakeEmbedder().count_tokens
    [table] = table_headers(text, 100, count)
    assert table.heading.startswith(lead + " and per share amounts):")
    assert text[table.header_start:].startswith("Share repurchase activity")
    # a chunk cut right after the lead-in sentence starts inside the table: it carries the unit
    pages = [Page(1, text)]
    cut = [c for c in split_pages(pages, count, chunk_tokens=40, overlap_tokens=0, headings=True)
           if c.text.startswith("and per share")]
    assert cut and "reflected in thousands" in cut[0].heading
    # the same sentence ending in a full stop is prose: it heads nothing
    closed = text.replace("reflected in thousands,\nand per share amounts):", "reflected in thousands.\nx")
    assert all("thousands" not in t.heading for t in table_headers(closed, 100, count))


def test_a_long_lead_in_gives_way_to_its_unit_before_the_period_rows_are_dropped():
    lead = " ".join(["The following table shows net sales by category for the three- and nine-month periods"] * 3) \
        + " (dollars in millions):"
    text = "\n".join([lead, "Three Months Ended Nine Months Ended", "June 25, 2022 June 26, 2021",
                      "iPhone 40,665 39,570"])
    count = FakeEmbedder().count_tokens
    [table] = table_headers(text, 100, count)
    assert table.heading == "(dollars in millions): Three Months Ended Nine Months Ended June 25, 2022 June 26, 2021"
