"""Build the sample student handbook PDF from its markdown-ish source.

Reads ``handbook_source.md`` (next to this script) and writes ``handbook.pdf``
with reportlab's platypus layout engine, then uses pypdf to add PDF page
labels: the front matter (title page, foreword, table of contents) is labelled
i, ii, iii, ... and the body 1, 2, 3, ... so that physical page indexes and
page labels differ, exactly as the printed footer numbers do.

Supported source syntax (deliberately tiny):

* a ``---`` delimited header block with ``key: value`` lines
  (``title``, ``subtitle``, ``edition``, ``notice``);
* ``# `` chapter headings (listed in the table of contents), ``## `` section
  headings, plain paragraphs, ``- `` bullet lists, ``|`` pipe tables and
  ``**bold**`` inline markup;
* ``<!-- toc -->`` places the table of contents, ``<!-- body -->`` marks where
  the arabic-numbered body starts.

The output is deterministic (reportlab invariant mode, base-14 fonts only), so
rerunning the script reproduces the same bytes.

Usage: ``python data/make_handbook.py [SOURCE.md] [OUTPUT.pdf]``
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from reportlab import rl_config

rl_config.invariant = 1  # fixed creation date and document ID

from pypdf import PdfReader, PdfWriter  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER  # noqa: E402
from reportlab.lib.pagesizes import LETTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents  # noqa: E402

HERE = Path(__file__).resolve().parent
PAGE_W, PAGE_H = LETTER
MARGIN = 2.3 * cm

_base = getSampleStyleSheet()
STYLES = {
    "body": ParagraphStyle("body", parent=_base["BodyText"], fontName="Helvetica",
                           fontSize=10.5, leading=15, spaceAfter=7),
    "h1": ParagraphStyle("h1", parent=_base["Heading1"], fontName="Helvetica-Bold",
                         fontSize=17, leading=21, spaceBefore=6, spaceAfter=10,
                         textColor=colors.HexColor("#1f3a5f"), keepWithNext=1),
    "h2": ParagraphStyle("h2", parent=_base["Heading2"], fontName="Helvetica-Bold",
                         fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=5,
                         textColor=colors.HexColor("#1f3a5f"), keepWithNext=1),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=12),
    "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=26,
                            leading=32, alignment=TA_CENTER),
    "subtitle": ParagraphStyle("subtitle", fontName="Helvetica", fontSize=17,
                               leading=22, alignment=TA_CENTER, spaceBefore=18),
    "small": ParagraphStyle("small", fontName="Helvetica-Oblique", fontSize=9.5,
                            leading=13, alignment=TA_CENTER),
    "toc0": ParagraphStyle("toc0", fontName="Helvetica", fontSize=11, leading=17),
}


def inline(text: str) -> str:
    """Escape XML special characters and turn **bold** into <b> tags."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)


def to_roman(n: int) -> str:
    values = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, numeral in values:
        while n >= value:
            out, n = out + numeral, n - value
    return out


class BodyStart(Flowable):
    """Zero-size marker recording the physical page where the body begins."""

    def wrap(self, avail_w, avail_h):
        return 0, 0

    def draw(self):
        self.canv._doctemplate.body_start = self.canv.getPageNumber()


class HandbookDoc(BaseDocTemplate):
    """Document template with title, front-matter and body page templates."""

    def __init__(self, target, meta: dict[str, str]):
        super().__init__(target, pagesize=LETTER, leftMargin=MARGIN,
                         rightMargin=MARGIN, topMargin=MARGIN + 0.4 * cm,
                         bottomMargin=MARGIN, title=meta["title"],
                         subject=meta.get("subtitle", ""),
                         author="Office of the Dean of Students",
                         creator="data/make_handbook.py")
        self.meta = meta
        self.body_start = None
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height,
                      id="main")
        self.addPageTemplates([
            PageTemplate("title", [frame]),
            PageTemplate("front", [frame], onPage=self._decorate),
            PageTemplate("body", [frame], onPage=self._decorate),
        ])

    def page_label(self, page: int) -> str:
        """Printed page label of a physical (1-based) page number."""
        if self.body_start is None or page < self.body_start:
            return to_roman(page)
        return str(page - self.body_start + 1)

    def _decorate(self, canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        top = PAGE_H - MARGIN + 0.2 * cm
        canvas.drawString(MARGIN, top, self.meta["title"])
        canvas.drawRightString(PAGE_W - MARGIN, top, self.meta.get("subtitle", ""))
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.line(MARGIN, top - 0.2 * cm, PAGE_W - MARGIN, top - 0.2 * cm)
        if self.body_start is None and doc.pageTemplate.id == "body":
            self.body_start = doc.page  # fallback if the marker is not drawn yet
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(PAGE_W / 2, MARGIN - 1.0 * cm,
                                 f"Page {self.page_label(doc.page)}")
        canvas.restoreState()

    def handle_documentBegin(self):
        self.body_start = None
        super().handle_documentBegin()

    def afterFlowable(self, flowable):
        """Register chapter headings with the TOC and the PDF outline."""
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            text = flowable.getPlainText()
            key = f"ch{self.seq.nextf('chapter')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)
            label = self.page_label(self.page)
            if label.isdigit():
                self.notify("TOCEntry", (0, text, int(label), key))


def parse_header(text: str) -> tuple[dict[str, str], str]:
    """Split off the ``---`` header block and return (metadata, rest)."""
    meta: dict[str, str] = {}
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if match:
        for line in match.group(1).splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        text = text[match.end():]
    return meta, text


def make_table(lines: list[str]) -> Table:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    rows = [r for r in rows if not all(re.fullmatch(r":?-+:?", c) for c in r)]
    data = [[Paragraph(inline(c) if i else f"<b>{inline(c)}</b>", STYLES["cell"])
             for c in row] for i, row in enumerate(rows)]
    ncols = len(rows[0])
    width = PAGE_W - 2 * MARGIN
    if ncols == 4:
        widths = [0.27, 0.22, 0.12, 0.39]
    else:
        longest = [max(len(r[i]) for r in rows) + 6 for i in range(ncols)]
        widths = [n / sum(longest) for n in longest]
    table = Table(data, colWidths=[w * width for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe7f1")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7fa")]),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa8b8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    table.spaceBefore, table.spaceAfter = 4, 10
    return table


def parse_blocks(text: str, toc: TableOfContents) -> list[Flowable]:
    """Convert the markdown-ish source (after the header) into flowables."""
    story: list[Flowable] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line:
            i += 1
            continue
        if line == "<!-- toc -->":
            story += [PageBreak(), Paragraph("Contents", STYLES["h2"]), toc]
            i += 1
        elif line == "<!-- body -->":
            story += [NextPageTemplate("body"), PageBreak(), BodyStart()]
            i += 1
        elif line.startswith("# "):
            if story and not isinstance(story[-1], BodyStart):
                story.append(CondPageBreak(7 * cm))
            story.append(Paragraph(inline(line[2:]), STYLES["h1"]))
            i += 1
        elif line.startswith("## "):
            story += [CondPageBreak(3.5 * cm), Paragraph(inline(line[3:]), STYLES["h2"])]
            i += 1
        elif line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(lines[i])
                i += 1
            story.append(make_table(block))
        elif line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(ListItem(Paragraph(inline(lines[i][2:]), STYLES["body"]),
                                      leftIndent=14))
                i += 1
            story.append(ListFlowable(items, bulletType="bullet", start="\u2022",
                                      leftIndent=14, bulletFontSize=9))
        else:
            para = []
            while i < len(lines) and lines[i].strip() and not re.match(
                    r"(#{1,2} |- |\||<!--)", lines[i]):
                para.append(lines[i].strip())
                i += 1
            story.append(Paragraph(inline(" ".join(para)), STYLES["body"]))
    return story


def title_page(meta: dict[str, str]) -> list[Flowable]:
    return [
        Spacer(1, 6 * cm),
        Paragraph(inline(meta["title"]), STYLES["title"]),
        Paragraph(inline(meta.get("subtitle", "")), STYLES["subtitle"]),
        Spacer(1, 7 * cm),
        Paragraph(inline(meta.get("edition", "")), STYLES["small"]),
        Spacer(1, 0.4 * cm),
        Paragraph(inline(meta.get("notice", "")), STYLES["small"]),
        NextPageTemplate("front"),
        PageBreak(),
    ]


def build(source: Path, output: Path) -> int:
    """Render ``source`` to ``output``; return the number of pages written."""
    meta, text = parse_header(source.read_text(encoding="utf-8"))
    toc = TableOfContents(levelStyles=[STYLES["toc0"]], dotsMinLevel=0)
    buffer = io.BytesIO()
    doc = HandbookDoc(buffer, meta)
    doc.multiBuild(title_page(meta) + parse_blocks(text, toc))
    front_pages = doc.body_start - 1

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    last = len(writer.pages) - 1
    writer.set_page_label(0, front_pages - 1, style="/r", start=1)
    writer.set_page_label(front_pages, last, style="/D", start=1)
    writer.page_mode = "/UseOutlines"
    with open(output, "wb") as fh:
        writer.write(fh)
    return last + 1


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else HERE / "handbook_source.md"
    output = Path(argv[2]) if len(argv) > 2 else HERE / "handbook.pdf"
    pages = build(source, output)
    print(f"wrote {output} ({pages} pages)")


if __name__ == "__main__":
    main(sys.argv)
