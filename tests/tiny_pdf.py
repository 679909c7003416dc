"""A one-page PDF written by hand: Helvetica text lines plus a 2x2 inline image (BI ... ID ... EI).

reportlab draws inline images only from Pillow images; this needs nothing.
"""
from __future__ import annotations

from pathlib import Path

INLINE_IMAGE = b"q 20 0 0 20 72 600 cm BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\xff\x10\x20 EI Q"


def make_inline_image_pdf(path: Path, lines: list[str]) -> Path:
    """Text lines (parentheses and backslashes escaped, as a PDF writer would) around an inline image."""
    shown = [b"(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1") + b") Tj"
             for line in lines]
    content = (b"BT /F1 12 Tf 14 TL 72 720 Td " + b" T* ".join(shown) + b" ET\n" + INLINE_IMAGE + b"\n")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path
