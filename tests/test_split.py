from ingest.documents import Page
from ingest.split import join_pages, split_pages
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
