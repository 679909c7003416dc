from pathlib import Path

import pytest

from ingest.errors import LoadError
from ingest.load import load
from tests.tiny_pdf import make_inline_image_pdf


def test_pdf_pages_keep_numbers_and_labels(pdf_factory):
    path = pdf_factory("labels.pdf", ["Title page", "Contents", "Chapter one text", "Chapter two text"],
                       labels=["i", "ii", "1", "2"])
    doc = load(path)
    assert [p.number for p in doc.pages] == [1, 2, 3, 4]
    assert [p.label for p in doc.pages] == ["i", "ii", "1", "2"]
    assert "Chapter two" in doc.pages[3].text


def test_empty_user_password_opens_without_asking(pdf_factory):
    path = pdf_factory("enc.pdf", ["Secret refund schedule"], password="")
    assert "refund" in load(path).pages[0].text


def test_password_protected_pdf_needs_the_password(pdf_factory):
    path = pdf_factory("locked.pdf", ["Locked content here"], password="s3cret")
    with pytest.raises(LoadError, match="--password"):
        load(path)
    with pytest.raises(LoadError, match="wrong password"):
        load(path, password="nope")
    assert "Locked content" in load(path, password="s3cret").pages[0].text


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"hello, I am not a PDF at all", "not a PDF"),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "unreadable PDF"),
])
def test_bad_files_raise_one_line_reasons(tmp_path, content, reason):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(LoadError) as info:
        load(path)
    assert reason in info.value.reason
    assert "\n" not in info.value.reason


def test_truncated_pdf_is_refused_or_loaded_partially(pdf_factory):
    path = pdf_factory("whole.pdf", ["First page words"] * 3)
    data = path.read_bytes()
    cut = path.with_name("cut.pdf")
    cut.write_bytes(data[: len(data) // 3])
    try:
        doc = load(cut)
    except LoadError as exc:
        assert "\n" not in exc.reason
    else:  # pypdf may recover what it can; then pages must still be numbered
        assert all(p.number >= 1 for p in doc.pages)


def test_unsupported_suffix_and_missing_file(tmp_path):
    odd = tmp_path / "data.xyz"
    odd.write_text("x")
    with pytest.raises(LoadError, match="unsupported file type"):
        load(odd)
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path / "nope.pdf")


def test_text_files_split_pages_on_form_feed(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("page one\fpage two")
    doc = load(path)
    assert [(p.number, p.text) for p in doc.pages] == [(1, "page one"), (2, "page two")]


def test_pages_without_text_are_reported(pdf_factory):
    path = pdf_factory("blank.pdf", ["Real text", "", "More text"])
    doc = load(path, ocr=False)
    assert doc.empty_pages == [2]


def test_a_page_that_crashes_extraction_is_skipped_with_a_warning(pdf_factory, monkeypatch):
    from pypdf import PageObject

    path = pdf_factory("crashy.pdf", ["first page", "second page", "third page"])
    real = PageObject.extract_text

    def flaky(self, *args, **kwargs):
        text = real(self, *args, **kwargs)
        if "second" in text:
            raise KeyError("/Font")
        return text

    monkeypatch.setattr(PageObject, "extract_text", flaky)
    doc = load(path)
    assert [p.text.strip() for p in doc.pages] == ["first page", "", "third page"]
    assert doc.warnings == ["page(s) 2: text extraction failed (KeyError: '/Font')"]
    assert doc.failed_pages == [2] and doc.empty_pages == []  # failed, not a scan


def test_pages_failing_alike_give_one_warning(pdf_factory, monkeypatch):
    from pypdf import PageObject

    path = pdf_factory("crashy.pdf", ["one", "two", "three", "four"])
    real = PageObject.extract_text

    def flaky(self, *args, **kwargs):
        text = real(self, *args, **kwargs)
        if "one" not in text:
            raise AttributeError("'ContentStream' object has no attribute '_read_inline_image'")
        return text

    monkeypatch.setattr(PageObject, "extract_text", flaky)
    doc = load(path)
    assert doc.warnings == ["page(s) 2-4: text extraction failed "
                            "(AttributeError: 'ContentStream' object has no attribute '_read_inline_image')"]
    assert doc.failed_pages == [2, 3, 4] and doc.empty_pages == []


def test_pdf_with_an_inline_image_keeps_its_text_with_the_fast_tokenizer(tmp_path):
    from ingest import pdf_tokens

    path = make_inline_image_pdf(tmp_path / "figure.pdf", ["Figure 1 shows the (tiny) inline image."])
    pdf_tokens.install()  # declined on a pypdf without the pieces it needs: the text must be there either way
    try:
        doc = load(path)
    finally:
        pdf_tokens.uninstall()
    assert "Figure 1 shows the (tiny) inline image." in doc.pages[0].text
    assert doc.warnings == [] and doc.failed_pages == [] and doc.empty_pages == []


def test_pypdf_limit_reached_is_retried_with_a_higher_limit(pdf_factory, monkeypatch):
    from pypdf import PdfReader, errors

    if not hasattr(errors, "LimitReachedError"):
        pytest.skip("this pypdf (5) has no parse limits")
    LimitReachedError = errors.LimitReachedError

    path = pdf_factory("big.pdf", ["some text"])
    calls = []
    real_init = PdfReader.__init__

    def strict_once(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise LimitReachedError("Reached maximum array element count.")
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(PdfReader, "__init__", strict_once)
    assert load(path).pages[0].text.strip() == "some text"
    assert len(calls) == 2


def _drawn_word_by_word(path: Path, lines: list[str], letters: bool = False) -> Path:
    """A PDF drawing each word (or, with letters, each letter) on its own, on one baseline a line, as some browsers
    and converters write them: pypdf's reading puts each on a line of its own."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    y = 800
    for line in lines:
        x = 50
        for piece in (line if letters else line.split()):
            c.drawString(x, y, piece)
            x += stringWidth(piece if letters else piece + " ", "Helvetica", 12)
        y -= 14
    c.showPage()
    c.save()
    return path


def test_words_drawn_one_by_one_are_read_as_lines(tmp_path):
    lines = ["The library opens at 7:30 a.m. on weekdays.", "Parking permits cost 90 dollars per semester."] * 6
    doc = load(_drawn_word_by_word(tmp_path / "words.pdf", lines))
    assert doc.pages[0].text.splitlines() == lines
    from pypdf import PdfReader

    from ingest.load import word_per_line
    assert word_per_line(PdfReader(str(tmp_path / "words.pdf")).pages[0].extract_text())  # as pypdf reads it
    # letters drawn one by one are left as pypdf reads them: joining them with spaces would not mend the words
    doc = load(_drawn_word_by_word(tmp_path / "letters.pdf", ["BOLD TEXT"] * 2, letters=True))
    assert doc.pages[0].text.split() == list("BOLDTEXT") * 2
    # an ordinary page is read as before
    assert not word_per_line("\n".join(lines))
