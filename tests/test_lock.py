"""The lock: configs/constraints.txt pins every dependency, within pyproject's ranges, and the suite runs
with exactly those versions (make test and CI install through it; make test-latest sets
RAG_UNLOCKED=1 because it tests the newest releases on purpose)."""
from __future__ import annotations

import os
import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

CONSTRAINTS = ROOT / "configs" / "constraints.txt"


def _pins() -> dict[str, Version]:
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line).groups()
            pins[canonicalize_name(name)] = Version(version)
    return pins


def _requirements(extras: tuple[str, ...] = ("dev", "models", "langchain", "tune", "fast")) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return reqs


def test_every_dependency_is_pinned_within_its_range():
    pins = _pins()
    for req in _requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in configs/constraints.txt (run make test-latest, then make lock)"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req.name}=={pins[name]} is outside {req}"


def test_the_suite_runs_with_the_locked_versions():
    if os.environ.get("RAG_UNLOCKED"):
        pytest.skip("make test-latest: the newest releases, on purpose")
    drift = []
    for name, pinned in _pins().items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            continue  # an extra this environment doesn't have (make bench's langchain)
        if installed.public != pinned.public:
            drift.append(f"{name} {installed} (locked {pinned})")
    assert not drift, "installed versions differ from configs/constraints.txt: " + ", ".join(drift) + \
        " (reinstall with make install, or run make test-latest to test the newest on purpose)"
