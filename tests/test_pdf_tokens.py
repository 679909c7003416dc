"""The fast content-stream tokenizer must give exactly pypdf's operations and text."""
from __future__ import annotations

import glob

import pytest
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError
from pypdf.generic import ContentStream

from ingest import pdf_tokens
from tests.conftest import SHARED, make_pdf

STREAMS = [
    b"BT /F1 12 Tf 72 712.5 Td (Hello, world) Tj ET",
    b"BT /F1 9.96 Tf -0.5 .25 +3 -.75 TD [(Kern)-120.5(ed) 33 (text)] TJ ET",
    b"<0048 0065 006C> Tj <48656C6C6F>Tj <4 8 6>Tj <> Tj",
    b"(nested (paren) here) Tj (esc\\)aped \\n line\\101) Tj (oct \\0533 and \\\nbreak) Tj",
    b"/Name#20With#20Space gs /Empty / cs /A;B sh",
    b"[1 null 2 % a comment\n 3] 0 d [(a) true false] TJ",
    b"% leading comment\r\n1 0 0 1 0 0 cm % trailing\n q Q",
    b"/P <</MCID 0 /Alt (x)>> BDC EMC /Span <</ActualText <FEFF0041>>> BDC EMC",
    b"1 2 3 ' (quoted) \" true false null",
    b"q 10 0 0 10 0 0 cm BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\xff\x10\x20 EI Q",
    b"BT\x00/F2\t8\x0cTf\r(tabs\tand\x00nul)Tj ET",
    b"[<41 42> (b) -250 <43>] TJ [ ] TJ",
    b"12345678901234567890123 Tz 1.2.3 Tz",
]


def operations(raw: bytes, fast: bool):
    (pdf_tokens.install if fast else pdf_tokens.uninstall)()
    try:
        stream = ContentStream(None, None)
        stream.set_data(raw)
        try:
            return [(_plain(operands), op) for operands, op in stream.operations]
        except Exception as exc:  # both readers must fail the same way
            return f"{type(exc).__name__}: {exc}"
    finally:
        pdf_tokens.uninstall()


def _plain(value):
    if isinstance(value, dict):
        return (type(value).__name__, {str(k): _plain(v) for k, v in value.items()})
    if isinstance(value, list):
        return (type(value).__name__, [_plain(v) for v in value])
    return (type(value).__name__, repr(value))


@pytest.mark.parametrize("raw", STREAMS)
def test_same_operations_as_pypdf(raw):
    ours, theirs = operations(raw, fast=True), operations(raw, fast=False)
    assert not isinstance(theirs, str), theirs  # the cases are valid content
    assert ours == theirs


@pytest.mark.parametrize("raw", [b"(unterminated Tj", b"<41 4G> Tj", b"[1 2 Tj", b"{ x } Tj", b"<</A 1 Tj"])
def test_same_failures_as_pypdf(raw):
    assert operations(raw, fast=True) == operations(raw, fast=False)


def test_limits_are_charged_like_pypdf():
    from pypdf import apply_configuration

    raw = b"1 2 3 4 5 6 cm " * 50  # 350 tokens
    for budget, fails in ((349, True), (350, False)):
        with apply_configuration(stream_parsing_work_maximum_count=budget):
            ours, theirs = operations(raw, fast=True), operations(raw, fast=False)
        assert ours == theirs
        assert isinstance(ours, str) is fails, ours


def test_install_is_reversible():
    original = ContentStream._parse_content_stream
    assert pdf_tokens.install()
    assert ContentStream._parse_content_stream is not original
    pdf_tokens.uninstall()
    assert ContentStream._parse_content_stream is original


def page_texts(path, fast: bool) -> list[str]:
    (pdf_tokens.install if fast else pdf_tokens.uninstall)()
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        out = []
        for page in reader.pages:
            try:
                out.append(page.extract_text())
            except (PdfReadError, LimitReachedError, ValueError, KeyError) as exc:
                out.append(f"failed: {type(exc).__name__}")
        return out
    finally:
        pdf_tokens.uninstall()


def test_same_text_on_generated_pdf(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", ["Tuition (fees) are due\nby week 2 \\ and 3%.", "Page two: [brackets] <x>"])
    assert page_texts(pdf, True) == page_texts(pdf, False)
    assert "Tuition (fees)" in page_texts(pdf, True)[0]


REAL = sorted(glob.glob(str(SHARED / "docugami-sec10q" / "pdfs" / "*.pdf")))[:2] + sorted(
    glob.glob(str(SHARED / "pdf-zoo" / "**" / "*.pdf"), recursive=True))[:12]


@pytest.mark.skipif(not REAL, reason="../shared datasets not present")
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.rsplit("/", 1)[-1])
def test_same_text_on_real_pdfs(path):
    try:
        expected = page_texts(path, False)
    except Exception as exc:  # files pypdf can't open at all are the loader's business
        pytest.skip(f"pypdf can't open it: {type(exc).__name__}")
    assert page_texts(path, True) == expected
