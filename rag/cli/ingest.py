"""`rag ingest`, `rag list` and `rag remove`."""
from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import click

from ingest.load import page_ranges
from rag.build import embedder_from
from rag.cli.common import config_from
from rag.cli.text import json_text, safe

STATUSES = ("added", "updated", "unchanged", "removed", "failed", "skipped")  # of a FileResult, as counted


@click.command("ingest", epilog="""\b
Examples:
  rag ingest handbook.pdf
  rag ingest ~/papers/ notes.md
  rag ingest ~/papers/ --sync          also drop indexed files that no longer exist
  rag ingest report.pdf --force        re-read it even if unchanged
  rag ingest secret.pdf --password s3cret
  rag --index ./my-index ingest report.pdf --json
""")
@click.argument("paths", nargs=-1, required=True, metavar="FILE_OR_FOLDER...")
@click.option("--sync", is_flag=True, help="Remove indexed documents under these folders whose files are gone.")
@click.option("--password", metavar="PASSWORD", help="Password for encrypted PDFs (the empty one is always tried).")
@click.option("--force", is_flag=True,
              help="Re-read and re-index these files even if unchanged (identical chunks keep their vectors).")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.pass_context
def ingest_cmd(ctx: click.Context, paths: tuple[str, ...], sync: bool, password: str | None, force: bool,
               as_json: bool) -> None:
    """Add or update documents (PDF, TXT, MD; DOCX/HTML/EML with the unstructured extra)."""
    from rag.indexing import ingest

    cfg = config_from(ctx)
    if password is not None:
        cfg.load.password = password
    bar = _ProgressBar() if sys.stderr.isatty() and not as_json else None
    say = lambda msg: click.echo(f"rag: {msg}", err=True)  # noqa: E731
    try:
        summary = ingest(list(paths), cfg, embedder_from(cfg), sync=sync,
                         on_progress=bar.update if bar else None, on_wait=say, force=force)
    finally:
        if bar:
            bar.close()
    for f in summary.failed:
        click.echo(safe(f"rag: failed: {f.path}: {f.reason}"), err=True)
    for f in summary.files:
        if f.status == "skipped":
            click.echo(safe(f"rag: warning: {f.path}: {f.reason}"), err=True)
        for w in f.warnings:  # pages whose extraction failed come here, with the reason
            click.echo(safe(f"rag: warning: {f.path}: {w}"), err=True)
        if f.empty_pages:  # no text layer: a scan, unlike a failed page
            from ingest.install import install_hint

            click.echo(f"rag: warning: {safe(f.path)}: no text on page(s) {page_ranges(f.empty_pages)}; not indexed "
                       f"(for OCR: {install_hint('ocr')} and apt-get install tesseract-ocr)", err=True)
    if as_json:
        click.echo(json_text({
            "index": str(cfg.index_path), "seconds": round(summary.seconds, 3),
            "counts": {s: summary.count(s) for s in STATUSES},
            "files": [asdict(f) for f in summary.files]}))
    else:
        click.echo(_summary_line(summary))
    if summary.failed:
        ctx.exit(1)


@click.command("list", epilog="\b\nExamples:\n  rag list\n  rag list --json")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """Show indexed documents: pages, chunks, when ingested, file hash."""
    from rag.index import Index

    index = Index(config_from(ctx).index_path)
    docs = index.documents()
    if as_json:
        click.echo(json_text([asdict(d) for d in docs]))
        return
    if not docs:
        click.echo("the index is empty; add documents with `rag ingest FILE`")
        return
    shown = _short_names(docs)
    click.echo(f"{'document':40} {'pages':>6} {'chunks':>7}  {'ingested':19}  sha256")
    for d in docs:
        click.echo(f"{_clip_left(safe(shown[d.path]), 40):40} {d.pages:>6} {d.chunks:>7}  {d.ingested_at:19}  {d.sha256[:12]}")
    click.echo(f"{len(docs)} document(s), {sum(d.chunks for d in docs)} chunks in {safe(str(index.folder))}")


@click.command("remove", epilog="\b\nExamples:\n  rag remove handbook.pdf\n  rag remove hr/handbook.pdf"
                                 "      when two folders hold a handbook.pdf\n  rag remove ~/papers/old.pdf notes.md")
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.pass_context
def remove_cmd(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Take documents (by path, or by file name or path ending if unique) out of the index."""
    from rag.index import Index

    cfg = config_from(ctx)
    index = Index(cfg.index_path)
    missing = 0
    with index.writing(cfg.index.lock_timeout_s, on_wait=lambda msg: click.echo(f"rag: {msg}", err=True)):
        docs = index.documents()
        for raw in paths:
            found = _match(raw, docs)
            if len(found) != 1:
                problem = ("is not in the index (see `rag list`)" if not found else
                           "is ambiguous; pass one of: " + ", ".join(d.path for d in found))
                click.echo(safe(f"rag: error: {raw} {problem}"), err=True)
                missing += 1
            else:
                target = found[0]
                index.remove_document(target.path)
                click.echo(f"removed {safe(target.name)} ({target.chunks} chunks)")
    if missing:
        ctx.exit(1)


def _match(raw: str, docs) -> list:
    """The documents raw names: its path, else those whose path ends with it ("handbook.pdf", "hr/handbook.pdf")."""
    resolved = str(Path(raw).expanduser().resolve())
    exact = [d for d in docs if d.path == resolved]
    if exact:
        return exact
    tail = Path(raw).parts
    return [d for d in docs if tail and Path(d.path).parts[-len(tail):] == tail]


def _short_names(docs) -> dict[str, str]:
    """path -> the file name, or as many trailing folders as it takes to tell same-named documents apart."""
    from collections import Counter

    shown, todo, n = {}, [(d.path, Path(d.path).parts) for d in docs], 1
    while todo:  # a tail unique among the still-ambiguous ones is unique among all
        tails = Counter(parts[-n:] for _, parts in todo)
        for path, parts in todo:
            if tails[parts[-n:]] == 1 or n >= len(parts):
                shown[path] = str(Path(*parts[-n:]))
        todo, n = [(path, parts) for path, parts in todo if path not in shown], n + 1
    return shown


def _summary_line(summary) -> str:
    parts = [f"{summary.count(s)} {s}" for s in STATUSES
             if summary.count(s)]
    done = [f for f in summary.files if f.status in ("added", "updated")]
    pages, chunks = sum(f.pages for f in done), sum(f.chunks for f in done)
    detail = f" ({pages} pages, {chunks} chunks)" if done else ""
    return f"{', '.join(parts) or 'nothing to do'}{detail} in {summary.seconds:.1f} s"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _clip_left(text: str, width: int) -> str:
    """Keep the end (the file name and the folders nearest it) of a long name."""
    return text if len(text) <= width else "…" + text[len(text) - width + 1:]


class _ProgressBar:
    """tqdm over files, with pages, chunks and chunk rate in the postfix (terminal only)."""

    def __init__(self) -> None:
        self._bar = None

    def update(self, p) -> None:
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(total=p.files_total, unit="file", file=sys.stderr, dynamic_ncols=True)
        self._bar.n = p.files_done
        rate = p.chunks / max(self._bar.format_dict["elapsed"], 1e-6)
        self._bar.set_postfix_str(f"{p.pages} pages, {p.chunks} chunks, {rate:.0f} chunks/s, {_clip(safe(p.current), 30)}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
