"""A passage cut from inside a table reaches the model with the table's header rows (title, periods,
units), and the guard counts the numbers in them as the passage's own."""
from ingest.documents import Page
from rag.fakes import FakeEmbedder
from rag.guard import unsupported_numbers
from rag.index import Index
from rag.indexing import ingest_pages
from rag.prompt import passage_text, user_message
from rag.retrieve import hybrid_search
from tests.test_split import PROSE, STATEMENT

ROWS = "Line item number of the statement"


def _index(cfg):
    cfg.split.chunk_tokens = 60
    cfg.split.overlap_tokens = 0
    embedder = FakeEmbedder()
    pages = [Page(1, PROSE), Page(2, STATEMENT), Page(3, PROSE)]
    assert ingest_pages("acme-10q", pages, cfg, embedder).status == "added"
    return Index(cfg.index_path), embedder


def test_a_row_deep_in_a_table_is_read_under_its_header(cfg):
    index, embedder = _index(cfg)
    [hit] = hybrid_search(index, embedder, ROWS, k=1)  # k=1: nothing else on the page joins it
    assert hit.text.startswith("Line item number")  # from inside the table, below its header
    assert "STATEMENTS OF CASH FLOWS" in hit.heading and "June 24, 2023 June 25, 2022" in hit.heading
    assert "June 24, 2023" not in hit.text  # the rows alone would not say which column is which year
    shown = user_message("What was line item 5 in 2023?", [hit])
    assert shown.index("June 24, 2023 June 25, 2022") < shown.index("[…]") < shown.index(hit.text.split("\n")[0])


def test_the_guard_reads_the_header_rows_too(cfg):
    index, embedder = _index(cfg)
    [hit] = hybrid_search(index, embedder, ROWS, k=1)
    value = hit.text.split("\n")[0].split()[-2]  # the row's 2023 figure
    answer = f"For the nine months ended June 24, 2023, it was {value} [1]."
    assert unsupported_numbers(answer, [hit]) == []
    assert passage_text(hit).startswith(hit.heading.strip())


def test_an_index_from_before_headings_were_stored_still_opens(cfg):
    index, _ = _index(cfg)
    index.db.execute("ALTER TABLE chunks DROP COLUMN heading")
    index.close()
    reopened = Index(cfg.index_path)
    rows = reopened.chunks([cid for (cid,) in reopened.db.execute("SELECT id FROM chunks")])
    assert rows and all(r.heading == "" for r in rows.values())
