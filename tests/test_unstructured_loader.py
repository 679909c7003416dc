"""ingest.unstructured_loader: office files via `unstructured`, OCR via Tesseract.

Tests needing the optional extra skip cleanly when it is absent; OCR tests also need the `tesseract`
binary (apt-get install tesseract-ocr). The autouse no_network fixture (conftest) fails any test that
tries the network, which is what unstructured does by default (telemetry, spaCy model download).
"""
from __future__ import annotations

import shutil
from email.message import EmailMessage

import pytest

from ingest import unstructured_loader as ul


def _needs_office(*modules: str) -> None:
    for name in ("unstructured", *modules):
        pytest.importorskip(name)


def _needs_ocr() -> None:
    pytest.importorskip("pypdfium2")
    pytest.importorskip("PIL")
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract binary not installed (apt-get install tesseract-ocr)")


# --- always run: availability messages and missing-dependency errors -------------------------------

def test_available_is_none_or_one_line_fix():
    for feature in (None, "office", "ocr"):
        msg = ul.available(feature)
        assert msg is None or ("\n" not in msg and "install" in msg)


def test_missing_python_deps_give_pip_command(monkeypatch, tmp_path):
    monkeypatch.setattr(ul, "_missing_modules", lambda names: list(names))
    assert "pip install" in ul.available("office")
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"")
    with pytest.raises(ImportError, match="pip install"):
        ul.load_office(str(doc))
    with pytest.raises(ImportError, match="pip install"):
        ul.ocr_pdf_pages(str(tmp_path / "a.pdf"), [1])


def test_missing_tesseract_gives_apt_command(monkeypatch, tmp_path):
    monkeypatch.setattr(ul, "_missing_modules", lambda names: [])
    monkeypatch.setattr(ul.shutil, "which", lambda name: None)
    assert "apt-get install tesseract-ocr" in ul.available("ocr")
    assert ul.available("office") is None
    with pytest.raises(ImportError, match="apt-get install tesseract-ocr"):
        ul.ocr_pdf_pages(str(tmp_path / "a.pdf"), [1])


def test_unsupported_extension(tmp_path):
    with pytest.raises(ValueError):
        ul.load_office(str(tmp_path / "notes.xyz"))


# --- office formats (need the extra) ----------------------------------------------------------------

def test_docx_pages_follow_rendered_page_breaks(tmp_path):
    _needs_office("docx")
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    d.add_heading("Quarterly Report", 1)
    d.add_paragraph("The committee approved the budget for the new library wing in March.")
    para = d.add_paragraph()
    run = para.add_run("Page two talks about the zebra migration across the plains.")
    run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))  # what Word writes where a page starts
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Lighthouse", "Keeper"
    path = tmp_path / "report.docx"
    d.save(str(path))

    doc = ul.load_office(str(path))
    assert [p.number for p in doc.pages] == [1, 2]
    assert "Quarterly Report" in doc.pages[0].text and "library wing" in doc.pages[0].text
    assert "zebra migration" in doc.pages[1].text and "Lighthouse" in doc.pages[1].text
    assert doc.empty_pages == []


def test_docx_without_page_info_is_one_page(tmp_path):
    _needs_office("docx")
    import docx

    d = docx.Document()
    d.add_paragraph("Only paragraph about quiet harbours.")
    path = tmp_path / "one.docx"
    d.save(str(path))
    doc = ul.load_office(str(path))
    assert len(doc.pages) == 1 and doc.pages[0].number == 1
    assert "quiet harbours" in doc.pages[0].text


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html(tmp_path, suffix):
    _needs_office()
    path = tmp_path / f"manual{suffix}"
    path.write_text(
        "<html><head><title>T</title><script>var secretToken = 1;</script></head><body>"
        "<h1>Harbor Safety Manual</h1><p>All vessels must reduce speed near the northern breakwater.</p>"
        "<ul><li>Wear a life jacket</li></ul><table><tr><td>Berth</td><td>Depth</td></tr></table>"
        "</body></html>", encoding="utf-8")
    doc = ul.load_office(str(path))
    assert len(doc.pages) == 1
    text = doc.pages[0].text
    for words in ("Harbor Safety Manual", "northern breakwater", "life jacket", "Berth"):
        assert words in text
    assert "secretToken" not in text


def test_eml_has_headers_and_body(tmp_path):
    _needs_office("dateutil")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "alice@example.com", "bob@example.com", "Dinner plans"
    msg.set_content("Hi Bob,\n\nShall we meet at the pelican restaurant on Friday at seven?\n")
    msg.add_attachment(b"%PDF-1.4 not really", maintype="application", subtype="pdf", filename="menu.pdf")
    path = tmp_path / "dinner.eml"
    path.write_bytes(bytes(msg))
    doc = ul.load_office(str(path))
    text = doc.pages[0].text
    assert "Subject: Dinner plans" in text and "alice@example.com" in text
    assert "pelican restaurant" in text
    assert any("menu.pdf" in w for w in doc.warnings)


def test_pptx_one_page_per_slide(tmp_path):
    _needs_office("pptx")
    from pptx import Presentation

    prs = Presentation()
    for title, body in [("Solar Panels", "Cells convert sunlight."), ("Wind Turbines", "Blades spin a generator.")]:
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
    path = tmp_path / "energy.pptx"
    prs.save(str(path))
    doc = ul.load_office(str(path))
    assert [p.number for p in doc.pages] == [1, 2]
    assert "Solar Panels" in doc.pages[0].text and "Blades spin" in doc.pages[1].text


# --- OCR (needs pypdfium2, Pillow and tesseract) -------------------------------------------------------

def _image_only_pdf(path, lines_per_page, password=None):
    """A PDF whose pages are pictures of text: no text layer at all."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=48)
    images = []
    for lines in lines_per_page:
        img = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(lines):
            draw.text((100, 150 + i * 90), line, fill=0, font=font)
        images.append(img)
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    if password is not None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(str(path)))
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
        with open(path, "wb") as fh:
            writer.write(fh)
    return path


def test_ocr_reads_image_only_pages(tmp_path):
    _needs_ocr()
    path = _image_only_pdf(tmp_path / "scan.pdf", [
        ["Harbor Logistics Invoice", "Total due within thirty days"],
        ["The pelican delivery arrived", "on Tuesday morning"],
        ["Third page about lighthouses"],
    ])
    pypdf = pytest.importorskip("pypdf")
    assert not pypdf.PdfReader(str(path)).pages[0].extract_text().strip()  # really no text layer

    texts = ul.ocr_pdf_pages(str(path), [3, 1])
    assert sorted(texts) == [1, 3]
    assert "harbor logistics invoice" in texts[1].lower()
    assert "thirty days" in texts[1].lower()
    assert "lighthouses" in texts[3].lower()


def test_ocr_encrypted_pdf_and_bad_page(tmp_path):
    _needs_ocr()
    pytest.importorskip("pypdf")
    pytest.importorskip("cryptography")  # pypdf's AES
    path = _image_only_pdf(tmp_path / "locked.pdf", [["Confidential pelican report"]], password="s3cret")
    texts = ul.ocr_pdf_pages(str(path), [1], password="s3cret")
    assert "pelican report" in texts[1].lower()
    with pytest.raises(ValueError):
        ul.ocr_pdf_pages(str(path), [2], password="s3cret")
