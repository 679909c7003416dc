"""The fast content-stream tokenizer must give exactly pypdf's operations and text."""
from __future__ import annotations

import glob

import pypdf.errors
import pytest
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ContentStream

from ingest import pdf_tokens
from tests.conftest import SHARED, make_pdf
from tests.tiny_pdf import make_inline_image_pdf

LimitReachedError = getattr(pypdf.errors, "LimitReachedError", PdfReadError)  # pypdf 5 has no parse limits
# pypdf 5 lacks pieces the fast path needs: install() declines, and both ways are pypdf's own parser
needs_fast_path = pytest.mark.skipif(not hasattr(pypdf.errors, "LimitReachedError"),
                                     reason="this pypdf has no parse limits; the fast path is not installed")

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


@needs_fast_path
def test_limits_are_charged_like_pypdf():
    from pypdf import apply_configuration

    raw = b"1 2 3 4 5 6 cm " * 50  # 350 tokens
    for budget, fails in ((349, True), (350, False)):
        with apply_configuration(stream_parsing_work_maximum_count=budget):
            ours, theirs = operations(raw, fast=True), operations(raw, fast=False)
        assert ours == theirs
        assert isinstance(ours, str) is fails, ours


@needs_fast_path
def test_install_is_reversible():
    original = ContentStream._parse_content_stream
    assert pdf_tokens.install()
    assert ContentStream._parse_content_stream is not original
    pdf_tokens.uninstall()
    assert ContentStream._parse_content_stream is original


@needs_fast_path
def test_install_decides_by_features_not_by_version(monkeypatch):
    import pypdf

    monkeypatch.setattr(pypdf, "__version__", "99.0.0")  # a release nobody checked: its pieces decide
    try:
        assert pdf_tokens.install()
    finally:
        pdf_tokens.uninstall()


@needs_fast_path
def test_a_pypdf_without_a_needed_piece_keeps_its_own_parser(monkeypatch):
    import pypdf.generic._utils

    original = ContentStream._parse_content_stream
    monkeypatch.delattr(pypdf.generic._utils, "StreamParsingBudget")  # pypdf 5 has no parsing budget
    try:
        assert not pdf_tokens.install()
        assert ContentStream._parse_content_stream is original
    finally:
        pdf_tokens.uninstall()


def _page_texts_with_fast_path_broken(path, monkeypatch, name: str, value) -> list[str]:
    """Page texts with the fast path installed and then one of its pieces replaced, as a pypdf release might."""
    pdf_tokens.install()
    try:
        with monkeypatch.context() as patch:
            patch.setattr(pdf_tokens, name, value)
            return [page.extract_text() for page in PdfReader(str(path)).pages]
    finally:
        pdf_tokens.uninstall()


@needs_fast_path
def test_a_changed_pypdf_function_falls_back_to_pypdfs_parser(tmp_path, monkeypatch):
    pdf = make_inline_image_pdf(tmp_path / "a.pdf", ["Tuition (fees) are due", "by week 2"])  # escapes: read_object

    def changed(*args, **kwargs):
        raise TypeError("read_object() got an unexpected keyword argument 'parsing_budget'")

    texts = _page_texts_with_fast_path_broken(pdf, monkeypatch, "read_object", changed)
    assert texts == page_texts(pdf, False)
    assert "Tuition (fees) are due" in texts[0]


@needs_fast_path
def test_no_known_inline_image_reader_falls_back_to_pypdfs_parser(tmp_path, monkeypatch):
    pdf = make_inline_image_pdf(tmp_path / "a.pdf", ["Text beside a small inline image"])
    texts = _page_texts_with_fast_path_broken(pdf, monkeypatch, "_inline_image_reader", None)
    assert texts == page_texts(pdf, False)
    assert "beside a small inline image" in texts[0]


def test_inline_image_pages_give_pypdfs_text(tmp_path):
    pdf = make_inline_image_pdf(tmp_path / "a.pdf", ["Text beside a small inline image"])
    assert page_texts(pdf, True) == page_texts(pdf, False)
    assert "inline image" in page_texts(pdf, True)[0]


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
