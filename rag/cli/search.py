"""`rag search`: retrieval only, ranked chunks with file, page and score."""
from __future__ import annotations

import textwrap
from dataclasses import asdict

import click

from rag.build import embedder_from, reranker_from
from rag.cli.common import config_from
from rag.cli.text import json_text, safe


@click.command("search", epilog="""\b
Examples:
  rag search "tuition refund deadline"
  rag search "revenue by segment" -k 10 --json
""")
@click.argument("query")
@click.option("-k", "k", type=int, help="Number of chunks (default: search.k).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def search_cmd(ctx: click.Context, query: str, k: int | None, as_json: bool) -> None:
    """Find the passages that best match QUERY (no answer generation)."""
    from rag.errors import RagError
    from rag.index import Index
    from rag.retrieve import hybrid_search

    cfg = config_from(ctx)
    if not query.strip():
        raise RagError("the query is empty; pass some words to search for")
    if k is not None and k < 1:
        raise RagError(f"-k must be at least 1, not {k}")
    r = cfg.retrieve
    hits = hybrid_search(Index(cfg.index_path), embedder_from(cfg), query, k or cfg.search.k,
                         candidates=r.candidates, rrf_k=r.rrf_k, reranker=reranker_from(cfg))
    if as_json:
        click.echo(json_text([{**asdict(h), "pages": h.pages} for h in hits]))
        return
    if not hits:
        click.echo("no matches: the index is empty")
        return
    for rank, h in enumerate(hits, start=1):
        click.echo(f"[{rank}] {safe(h.file)} {h.pages}  score {h.score:.4f}  similarity {h.similarity:.3f}")
        snippet = safe(" ".join(h.text.split()))
        click.echo(textwrap.indent(textwrap.fill(snippet[:400] + ("…" if len(snippet) > 400 else ""), 96), "    "))
