"""Consistency of the sample annual report (data/annual_report.pdf, built by data/make_annual_report.py) and its
questions (data/annual_report_qa.jsonl): every key fact of an answerable question is printed on a gold page."""
from __future__ import annotations

import json
import re
from pathlib import Path

from pypdf import PdfReader

DATA = Path(__file__).parent.parent / "data"


def _digits(text: str) -> str:
    return re.sub(r"[^\d.]", "", text)


def test_each_key_fact_or_its_operands_are_on_a_gold_page():
    pages = [re.sub(r"\s+", " ", p.extract_text() or "") for p in PdfReader(DATA / "annual_report.pdf").pages]
    rows = [json.loads(line) for line in (DATA / "annual_report_qa.jsonl").read_text().splitlines()]
    assert len(rows) >= 30 and {r["kind"] for r in rows} >= {"lookup", "formula", "change", "prose", "unanswerable"}
    for row in rows:
        if not row["answerable"]:
            assert row["pages"] == [] and row["key_facts"] == []
            continue
        assert row["pages"] and all(1 <= p <= len(pages) for p in row["pages"]), row["id"]
        if row["kind"] in ("lookup", "prose"):  # a figure read off the page, as printed
            for fact in row["key_facts"]:
                number = _digits(fact).rstrip(".")
                assert any(re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", p.replace(",", ""))
                           for p in (pages[i - 1] for i in row["pages"])), (row["id"], fact)
