"""The command that installs one of this project's optional extras ("ocr", "unstructured", ...).

`pip install 'rag[ocr]'` would be wrong: "rag" on PyPI is an unrelated project, so that command (or
the same with -U, or in another environment) installs someone else's package. This project is
installed from a checkout, a wheel or a URL, so the hint points there, read from the installed
distribution's direct_url.json (PEP 610). Lives in ingest/ (no rag imports) so that both packages
can use it; only the standard library, and only called when a hint is printed.
"""
from __future__ import annotations

import json
import shlex
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

_CHECKOUT = Path(__file__).resolve().parent.parent  # the source checkout, when running from one


def install_hint(extra: str) -> str:
    """A shell command that installs this project's `extra`, e.g. "pip install -e '/src/rag[ocr]'"."""
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "rag").is_dir():
        return f"pip install -e {shlex.quote(f'{_CHECKOUT}[{extra}]')}"
    dist = _our_distribution()
    if dist is None:
        return f"install the [{extra}] extra of this project from its source (not 'rag' from PyPI: another project)"
    origin = _from_direct_url(dist, extra)
    if origin:
        return origin
    requirements = [r.split(";")[0].strip() for r in dist.requires or []
                    if f'extra == "{extra}"' in r.replace("'", '"')]
    if requirements:  # installed from a package index: name the extra's own packages
        return "pip install " + " ".join(shlex.quote(r.replace(" ", "")) for r in requirements)
    return f"install the [{extra}] extra of {dist.metadata['Name']} from where it was installed"


def _our_distribution():
    """The installed distribution that holds this very package (by module, not by the name "rag")."""
    names = metadata.packages_distributions().get(__name__.split(".")[0], [])
    for name in names:
        try:
            return metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def _from_direct_url(dist, extra: str) -> str | None:
    """pip install from the folder, file or URL it was installed from (PEP 610), else None."""
    try:
        info = json.loads(dist.read_text("direct_url.json") or "null")
    except ValueError:
        return None
    if not isinstance(info, dict) or not info.get("url"):
        return None
    url, name = info["url"], dist.metadata["Name"]
    if "vcs_info" in info:
        vcs = info["vcs_info"]
        ref = f"@{vcs['commit_id']}" if vcs.get("commit_id") else ""
        requirement = f"{name}[{extra}] @ {vcs.get('vcs', 'git')}+{url}{ref}"
        return f"pip install {shlex.quote(requirement)}"
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return f"pip install {shlex.quote(f'{name}[{extra}] @ {url}')}"
    path = unquote(parsed.path)
    editable = "-e " if info.get("dir_info", {}).get("editable") else ""
    return f"pip install {editable}{shlex.quote(f'{path}[{extra}]')}"
