"""Consistency checks for the sample handbook PDF and its question set.

The handbook (data/handbook.pdf, built by data/make_handbook.py) and the
questions (data/handbook_qa.jsonl) are evaluation fixtures: every answerable
question cites the 1-based *physical* page that holds its answer, and each of
its key facts must be extractable from exactly that page.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from pypdf import PdfReader

DATA = Path(__file__).parent.parent / "data"
PDF_PATH = DATA / "handbook.pdf"
QA_PATH = DATA / "handbook_qa.jsonl"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=1)
def reader() -> PdfReader:
    return PdfReader(PDF_PATH)


@lru_cache(maxsize=1)
def page_texts() -> tuple[str, ...]:
    return tuple(normalise(page.extract_text() or "") for page in reader().pages)


@lru_cache(maxsize=1)
def questions() -> tuple[dict, ...]:
    lines = QA_PATH.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def answerable() -> list[dict]:
    return [q for q in questions() if q["page"] is not None]


def unanswerable() -> list[dict]:
    return [q for q in questions() if q["page"] is None]


def test_page_count_in_range():
    assert 20 <= len(reader().pages) <= 40


def test_question_counts():
    assert len(questions()) >= 40
    assert len(unanswerable()) >= 6


def test_question_schema():
    for q in questions():
        assert {"question", "answer", "page", "key_facts"} <= q.keys(), q
        assert isinstance(q["question"], str) and q["question"].strip()
        assert isinstance(q["answer"], str) and q["answer"].strip()
        assert isinstance(q["key_facts"], list)
        assert all(isinstance(f, str) and f.strip() for f in q["key_facts"])
    texts = [normalise(q["question"]) for q in questions()]
    assert len(texts) == len(set(texts)), "duplicate questions"


@pytest.mark.parametrize("q", answerable(), ids=lambda q: q["question"][:50])
def test_key_facts_on_cited_page(q):
    n_pages = len(reader().pages)
    assert isinstance(q["page"], int) and 1 <= q["page"] <= n_pages
    assert 1 <= len(q["key_facts"]) <= 3
    text = page_texts()[q["page"] - 1]
    for fact in q["key_facts"]:
        assert normalise(fact) in text, f"{fact!r} not found on page {q['page']}"


@pytest.mark.parametrize("q", answerable(), ids=lambda q: q["question"][:50])
def test_key_facts_only_on_cited_page(q):
    """A cited fact must not also appear elsewhere, so the page is unambiguous."""
    for fact in q["key_facts"]:
        hits = [i + 1 for i, t in enumerate(page_texts()) if normalise(fact) in t]
        assert hits == [q["page"]], f"{fact!r} found on pages {hits}"


def test_unanswerable_questions_have_no_page_or_facts():
    for q in unanswerable():
        assert q["page"] is None and q["key_facts"] == [], q


def test_front_matter_labels_differ_from_physical_numbers():
    labels = reader().page_labels
    assert len(labels) == len(reader().pages)
    assert labels[0] == "i"
    body_start = labels.index("1")
    assert 2 <= body_start <= 4, "expected 2-4 front matter pages"
    for index in range(body_start):
        assert labels[index] != str(index + 1)
    assert labels[body_start:] == [str(n) for n in range(1, len(labels) - body_start + 1)]


def test_printed_footer_matches_page_label():
    labels = reader().page_labels
    for index, text in enumerate(page_texts()[1:], start=1):  # title page has no footer
        footer = rf"\bpage {re.escape(labels[index])}\b"
        assert re.search(footer, text), f"physical page {index + 1}"
