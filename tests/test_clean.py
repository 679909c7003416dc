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
    assert normalise("infor-\nmation\n\n\n\nnext\x00") == "information\n\nnext"
