"""The `rag` command: a thin layer that parses options, calls the library and prints results.

Heavy libraries (torch, faiss, sentence-transformers) load inside the commands that need them,
so `rag --help` answers at once. Library errors (RagError) become one line and an exit code.
"""
from __future__ import annotations

import sys

import click

from rag import cli_answer, cli_ingest, cli_search
from rag.cli_text import safe
from rag.errors import RagError


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RagError as exc:
            click.echo(f"rag: error: {safe(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("rag: interrupted; documents finished so far are kept", err=True)
            ctx.exit(130)


@click.group(cls=_Group, epilog="""\b
Examples:
  rag ingest handbook.pdf             index one file
  rag ingest ~/papers/ --sync         index a folder; drop files that are gone
  rag list                            what is indexed
  rag search "refund deadline" -k 5   the best-matching passages, with pages
  rag ask "When is the refund deadline?"   an answer citing file and page
  rag chat                            a Human:/AI: conversation
  rag remove handbook.pdf             take a document out of the index
""")
@click.option("--config", "config_file", metavar="FILE", help="YAML settings file (see configs/default.yaml).")
@click.option("--set", "overrides", metavar="KEY=VALUE", multiple=True,
              help="Override one setting, e.g. --set split.chunk_tokens=128. Repeatable.")
@click.option("--index", "index_dir", metavar="DIR", help="Index folder (default: $RAG_INDEX or ~/.local/share/rag/index).")
@click.version_option(package_name="rag", message="rag %(version)s")
@click.pass_context
def cli(ctx: click.Context, config_file: str | None, overrides: tuple[str, ...], index_dir: str | None) -> None:
    """rag: ask questions about your own documents, locally and privately."""
    ctx.obj = {"config_file": config_file, "overrides": list(overrides), "index_dir": index_dir}


cli.add_command(cli_ingest.ingest_cmd)
cli.add_command(cli_ingest.list_cmd)
cli.add_command(cli_ingest.remove_cmd)
cli.add_command(cli_search.search_cmd)
cli.add_command(cli_answer.ask_cmd)
cli.add_command(cli_answer.chat_cmd)


def main() -> None:
    cli(prog_name="rag")


if __name__ == "__main__":
    sys.exit(main())
