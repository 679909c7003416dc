"""`rag ingest`: failed pages, --force and inline images, run in-process with CliRunner."""

from tests.test_cli import PARKING, REFUND, run  # noqa: F401  (run: the shared CLI fixture)
from tests.tiny_pdf import make_inline_image_pdf


def _failing_pages(monkeypatch, marker: str) -> None:
    from pypdf import PageObject

    real = PageObject.extract_text

    def flaky(self, *args, **kwargs):
        text = real(self, *args, **kwargs)
        if marker in text:
            raise RuntimeError("boom")
        return text

    monkeypatch.setattr(PageObject, "extract_text", flaky)


def test_a_failed_page_is_reported_as_failed_with_its_reason_not_as_a_scan(run, pdf_factory, monkeypatch):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    _failing_pages(monkeypatch, "Parking")
    result = run("ingest", str(path))
    assert result.exit_code == 0, result.output
    assert f"rag: warning: {path}: page(s) 2: text extraction failed (RuntimeError: boom)" in result.stderr
    assert "OCR" not in result.stderr and "no text on page" not in result.stderr


def test_a_file_whose_pages_all_failed_says_so(run, pdf_factory, monkeypatch):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    _failing_pages(monkeypatch, "")
    result = run("ingest", str(path))
    assert result.exit_code == 1
    assert (f"rag: failed: {path}: no text to index: page(s) 1-2: text extraction failed (RuntimeError: boom)"
            in result.stderr)
    assert "OCR" not in result.stderr and "scanned" not in result.stderr


def test_force_rereads_unchanged_files(run, pdf_factory):
    path = pdf_factory("a.pdf", [REFUND, PARKING])
    assert "1 added" in run("ingest", str(path)).stdout
    assert "1 unchanged" in run("ingest", str(path)).stdout
    forced = run("ingest", str(path), "--force")
    assert forced.exit_code == 0 and "1 updated (2 pages," in forced.stdout


def test_a_pdf_with_text_and_an_inline_image_ingests(run, tmp_path):
    path = make_inline_image_pdf(tmp_path / "figure.pdf", [REFUND, "See the (small) image below."])
    result = run("ingest", str(path))
    assert result.exit_code == 0, result.output
    assert "1 added (1 pages" in result.stdout and "warning" not in result.stderr
    assert "figure.pdf p. 1" in run("search", "when are tuition refunds granted", "-k", "1").stdout
