"""Helpers the CLI commands share: building the Config and the embedder from the global options."""
from __future__ import annotations

import click


def config_from(ctx: click.Context):
    from rag.config import load_config
    from rag.errors import ConfigError

    cfg = load_config(ctx.obj["config_file"], ctx.obj["overrides"], ctx.obj["index_dir"])
    if cfg.index_path.exists() and not cfg.index_path.is_dir():
        where = "--index" if ctx.obj["index_dir"] else "the index folder (index_dir)"
        raise ConfigError(f"{where} {cfg.index_dir} is a file, not a folder; pass a folder")
    return cfg


def embedder_from(cfg):
    from rag.embed import make_embedder

    e = cfg.embedder
    return make_embedder(e.model, device=e.device, batch_size=e.batch_size, normalize=e.normalize, backend=e.backend)


def reranker_from(cfg):
    """The configured cross-encoder, or None (none ships by default)."""
    if not cfg.retrieve.reranker:
        return None
    from rag.errors import ConfigError

    try:
        from sentence_transformers import CrossEncoder

        return CrossEncoder(cfg.retrieve.reranker, device="cpu" if cfg.embedder.device == "cpu" else None)
    except Exception as exc:
        raise ConfigError(f"could not load retrieve.reranker '{cfg.retrieve.reranker}' "
                          f"({' '.join(str(exc).split())[:120]}); pass a local cross-encoder folder") from None


def generator_from(cfg, model: str | None = None, adapter: str | None = None):
    """The configured chat model ("fake" gives the deterministic test generator)."""
    from rag.models import check_folder_exists

    g = cfg.generate
    name = model or g.model
    check_folder_exists(adapter or g.adapter, "adapter")  # before a model conversion that takes a minute
    if name == "fake":
        from rag.fakes import FakeGenerator

        return FakeGenerator(context_window=g.max_context_tokens)
    from rag.generate import make_generator
    from rag.models import lookup, resolve_llm

    if lookup(name):  # the first use converts the model (about a minute): say so
        resolve_llm(name, on_status=lambda msg: click.echo(f"rag: {msg}", err=True))
    return make_generator(name, adapter=adapter or g.adapter, device=g.device, max_context=g.max_context_tokens)
