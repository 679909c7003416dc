"""Optional loaders: office files through `unstructured`, OCR of scanned PDF pages through Tesseract.

Offline findings (unstructured 0.27.32, spaCy 3.8, Tesseract 5.3 from Debian; see bench/UNSTRUCTURED_NOTES.md):
- `import unstructured` sends a telemetry request to packages.unstructured.io (10 s timeout) and runs
  nvidia-smi, and every partition_* call sends another and prints an advert, unless DO_NOT_TRACK /
  SCARF_NO_ANALYTICS and UNSTRUCTURED_DISABLE_NOTICE are set. We set them before importing it.
- unstructured no longer uses NLTK (no punkt / averaged_perceptron_tagger). Its Title-vs-NarrativeText
  heuristics (partition_docx/html/pptx/email/odt/pdf) run spaCy's en_core_web_sm, and when that model is
  missing unstructured downloads its wheel from GitHub and installs it into site-packages at run time.
  Offline the partition call fails with RuntimeError (or hangs up to 120 s where DNS works but traffic
  is dropped). The model is not on PyPI and no setting or argument skips the heuristics, so when it
  is not installed we swap unstructured's model loader for a blank English pipeline with spaCy's
  rule-based sentencizer. Text is unchanged; POS tags are empty, so elements are typed more coarsely.
- partition_pdf is not used. strategy hi_res (what "auto" picks for scanned pages) fetches the YOLOX
  layout model from the Hugging Face hub; ocr_only works offline but needs the `pdf` extra (torch,
  onnxruntime, opencv, transformers: ~1.8 GB) and pins pypdf<7. Instead we render pages with pypdfium2
  (a dependency of unstructured already, or installed on its own) and pipe PNGs to the `tesseract` CLI.
- Tesseract's OpenMP threads make it 3-5x slower on a 2-vCPU machine, so we run it single-threaded
  (OMP_THREAD_LIMIT=1): about 2 s for a dense page at 300 dpi, 0.3 s for a blank one.
- partition_email imports python-dateutil, which unstructured does not declare as a dependency.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess

from ingest.documents import LoadedDocument, Page
from ingest.install import install_hint

APT_HINT = "apt-get install tesseract-ocr"
OCR_DPI = 300
OCR_MAX_PIXELS = 60_000_000  # cap for huge pages (posters, plans); tesseract rejects sides over 32k
OCR_LANGUAGES = os.environ.get("RAG_OCR_LANGUAGES", "eng")  # e.g. "eng+deu" (apt: tesseract-ocr-deu)
OCR_PAGE_TIMEOUT_S = 300

# extension -> (unstructured partition module, python modules it needs beyond unstructured)
_OFFICE = {
    ".docx": ("docx", ["docx"]),
    ".html": ("html", []),
    ".htm": ("html", []),
    ".eml": ("email", ["dateutil"]),
    ".pptx": ("pptx", ["pptx"]),
    ".odt": ("odt", ["docx", "pypandoc"]),  # needs pandoc: pip install pypandoc-binary
}
_OFFICE_CORE = ["unstructured", "docx", "dateutil"]
_OCR_CORE = ["pypdfium2", "PIL"]


def _missing_modules(names: list[str]) -> list[str]:
    return [n for n in names if importlib.util.find_spec(n) is None]


def available(feature: str | None = None) -> str | None:
    """None when the optional dependencies are importable, else a one-line fix naming the commands.

    feature: "office" (DOCX/HTML/EML), "ocr" (scanned PDF pages) or None for both.
    """
    missing = []
    if feature in (None, "office"):
        missing += _missing_modules(_OFFICE_CORE)
    if feature in (None, "ocr"):
        missing += [m for m in _missing_modules(_OCR_CORE) if m not in missing]
    no_tesseract = feature in (None, "ocr") and shutil.which("tesseract") is None
    if not missing and not no_tesseract:
        return None
    pip_hint = install_hint("ocr" if feature == "ocr" else "unstructured")
    fixes = ([pip_hint] if missing else []) + ([APT_HINT] if no_tesseract else [])
    what = ", ".join(missing + (["tesseract binary"] if no_tesseract else []))
    return f"optional OCR/office support is not installed (missing: {what}); run: {' and '.join(fixes)}"


@functools.lru_cache(maxsize=1)
def _blank_english():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _import_partitioner(kind: str, needs: list[str]):
    """Import unstructured offline-safely and return partition_<kind>; ImportError with a fix otherwise."""
    missing = _missing_modules(["unstructured", *needs])
    if missing:
        hint = "pip install pypandoc-binary" if missing == ["pypandoc"] else install_hint("unstructured")
        raise ImportError(f"reading this file type needs {', '.join(missing)}: run {hint}")
    for var in ("DO_NOT_TRACK", "SCARF_NO_ANALYTICS", "UNSTRUCTURED_DISABLE_NOTICE"):
        os.environ.setdefault(var, "1")
    from unstructured.nlp import tokenize

    if importlib.util.find_spec("en_core_web_sm") is None and hasattr(tokenize, "_get_nlp"):
        tokenize._get_nlp = _blank_english  # never let unstructured download the spaCy model
    module = importlib.import_module(f"unstructured.partition.{kind}")
    return getattr(module, f"partition_{kind}")


def load_office(path: str) -> LoadedDocument:
    """DOCX/HTML/EML/PPTX/ODT -> pages. DOCX saved by Word and PPTX have page (slide) numbers; others
    are one page. E-mail: Subject/From/To/Date lines come first; attachments are not read."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in _OFFICE:
        raise ValueError(f"{path}: not an office file ({', '.join(_OFFICE)})")
    kind, needs = _OFFICE[ext]
    partition = _import_partitioner(kind, needs)
    warnings: list[str] = []
    if kind == "email":
        elements = partition(filename=path, process_attachments=False)
        header, attachments = _email_header(path)
        if attachments:
            warnings.append(f"attachments not indexed: {', '.join(attachments)}")
    else:
        elements = partition(filename=path)
        header = ""
    by_page: dict[int, list[str]] = {}
    for el in elements:
        number = getattr(el.metadata, "page_number", None) or 1
        text = (el.text or "").strip()
        by_page.setdefault(number, [])
        if text:
            by_page[number].append(text)
    if header:
        by_page.setdefault(1, []).insert(0, header)
    last = max(by_page, default=1)
    pages = [Page(number=n, text="\n\n".join(by_page.get(n, []))) for n in range(1, last + 1)]
    empty = [p.number for p in pages if not p.text.strip()]
    return LoadedDocument(path=path, pages=pages, empty_pages=empty, warnings=warnings)


def _email_header(path: str) -> tuple[str, list[str]]:
    import email
    import email.policy

    with open(path, "rb") as fh:
        msg = email.message_from_binary_file(fh, policy=email.policy.default)
    lines = [f"{k}: {msg[k]}" for k in ("Subject", "From", "To", "Date") if msg[k]]
    attachments = [part.get_filename() or part.get_content_type() for part in msg.iter_attachments()]
    return "\n".join(lines), attachments


def ocr_pdf_pages(path: str, page_numbers: list[int], password: str | None = None) -> dict[int, str]:
    """OCR the given 1-based pages of a PDF with Tesseract; returns {page_number: text}. Offline."""
    missing = _missing_modules(_OCR_CORE)
    if missing:
        raise ImportError(f"OCR needs {', '.join(missing)}: run {install_hint('ocr')}")
    if shutil.which("tesseract") is None:
        raise ImportError(f"OCR needs the tesseract binary: run {APT_HINT}")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path, password=password)
    try:
        wanted = sorted(set(page_numbers))
        bad = [n for n in wanted if not 1 <= n <= len(pdf)]
        if bad:
            raise ValueError(f"{path}: no page(s) {bad} (the PDF has {len(pdf)})")
        # One page at a time: on this project's 2-vCPU machines two tesseract processes side by side
        # took as long as running them one after the other, so a pool only added memory.
        return {n: _tesseract(n, _render_png(pdf[n - 1])) for n in wanted}
    finally:
        pdf.close()


def _render_png(page) -> bytes:
    import io

    width, height = page.get_size()  # PDF points (1/72 inch)
    scale = min(OCR_DPI / 72, (OCR_MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
    image = page.render(scale=scale, grayscale=True).to_pil()
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(scale * 72, scale * 72))  # tesseract reads the dpi from the PNG
    return buf.getvalue()


def _tesseract(page_number: int, png: bytes) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = ["tesseract", "stdin", "stdout", "-l", OCR_LANGUAGES]
    proc = subprocess.run(cmd, input=png, capture_output=True, env=env, timeout=OCR_PAGE_TIMEOUT_S)
    if proc.returncode != 0:
        err = " ".join(proc.stderr.decode(errors="replace").split())[:200]
        raise RuntimeError(f"tesseract failed on page {page_number}: {err}")
    return proc.stdout.decode("utf-8", errors="replace").replace("\f", "").strip()
