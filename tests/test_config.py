import dataclasses
import re

import pytest
import yaml

from rag.config import Config, load_config
from rag.errors import ConfigError
from tests.conftest import ROOT

DEFAULT_YAML = ROOT / "configs" / "default.yaml"


def test_default_yaml_matches_the_built_in_defaults(monkeypatch):
    monkeypatch.delenv("RAG_INDEX", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert yaml.safe_load(DEFAULT_YAML.read_text()) == dataclasses.asdict(Config())
    assert load_config(str(DEFAULT_YAML)) == Config()


def test_every_setting_in_default_yaml_has_a_comment():
    lines = DEFAULT_YAML.read_text().splitlines()
    for before, line in zip([""] + lines, lines):
        if re.match(r"\s*\w+:\s*[^\s#]", line):  # a key with a value (not a section header)
            assert "#" in line or before.lstrip().startswith("#"), f"setting without a comment: {line!r}"


def test_precedence_file_then_env_then_flag_then_set(tmp_path, monkeypatch):
    path = tmp_path / "c.yaml"
    path.write_text("index_dir: /from/file\nsplit:\n  chunk_tokens: 100\n")
    assert load_config(str(path)).index_dir == "/from/file"
    monkeypatch.setenv("RAG_INDEX", "/from/env")
    assert load_config(str(path)).index_dir == "/from/env"
    assert load_config(str(path), index_dir="/from/flag").index_dir == "/from/flag"
    cfg = load_config(str(path), ["index_dir=/from/set", "split.chunk_tokens=64"], index_dir="/from/flag")
    assert (cfg.index_dir, cfg.split.chunk_tokens) == ("/from/set", 64)


@pytest.mark.parametrize("override, message", [
    (["split.nope=1"], "unknown setting 'split.nope'"),
    (["split.chunk_tokens=abc"], "must be a number"),
    (["split.overlap_tokens=500"], "overlap_tokens"),
    (["embedder.device=tpu"], "embedder.device"),
    (["embedder.normalize=maybe"], "true or false"),
    (["chunk_tokens"], "key=value"),
    (["load.readers=0"], "load.readers"),
    (["embedder.batch_size=0"], "embedder.batch_size"),
    (["load.readers=many"], "load.readers"),
])
def test_bad_settings_are_named(override, message):
    with pytest.raises(ConfigError, match=message):
        load_config(overrides=override)


def test_reader_count(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    auto = load_config().load
    assert [auto.reader_count(n) for n in (1, 2, 9)] == [1, 2, 2]  # 2 on a small machine, never more than files
    monkeypatch.setattr("os.cpu_count", lambda: 32)
    assert auto.reader_count(20) == 8
    assert load_config(overrides=["load.readers=3"]).load.reader_count(20) == 3


def test_bad_config_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("split: [1, 2\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(str(bad))
    with pytest.raises(ConfigError, match="not found"):
        load_config(str(tmp_path / "missing.yaml"))


def test_a_config_that_is_a_folder_or_not_utf8_is_named(tmp_path):
    with pytest.raises(ConfigError, match=f"config file {tmp_path} is a folder"):
        load_config(str(tmp_path))
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("index_dir: /donn\xe9es\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="is not UTF-8 text"):
        load_config(str(latin1))


def test_file_budgets(tmp_path):
    load = load_config(overrides=["load.max_file_seconds=0.5", "load.max_file_memory_mb=0"]).load
    assert (load.max_file_seconds, load.max_file_memory_mb) == (0.5, 0)
    with pytest.raises(ConfigError, match="load.max_file_seconds"):
        load_config(overrides=["load.max_file_seconds=-1"])
