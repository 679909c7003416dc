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
