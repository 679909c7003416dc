"""ingest.install.install_hint: the command names this project's extra where it was installed from,
never `pip install 'rag[...]'` ("rag" on PyPI is an unrelated project)."""
import json
import shlex

import pytest

from ingest import install
from ingest.install import install_hint


class FakeDist:
    def __init__(self, direct_url: dict | None, requires: list[str] | None = None):
        self._direct_url = direct_url
        self.requires = requires
        self.metadata = {"Name": "rag"}

    def read_text(self, name):
        assert name == "direct_url.json"
        return None if self._direct_url is None else json.dumps(self._direct_url)


def test_from_a_source_checkout_it_installs_the_checkout_editable():
    hint = install_hint("ocr")
    assert hint == f"pip install -e {shlex.quote(str(install._CHECKOUT) + '[ocr]')}"
    assert shlex.split(hint)[-1].endswith("[ocr]")


@pytest.fixture
def installed(monkeypatch, tmp_path):
    """Pretend the code runs from site-packages, installed as `dist`."""
    monkeypatch.setattr(install, "_CHECKOUT", tmp_path / "site-packages")

    def use(dist):
        monkeypatch.setattr(install, "_our_distribution", lambda: dist)
    return use


@pytest.mark.parametrize("direct_url, hint", [
    ({"url": "file:///src/my%20rag", "dir_info": {"editable": True}}, "pip install -e '/src/my rag[ocr]'"),
    ({"url": "file:///src/rag", "dir_info": {}}, "pip install '/src/rag[ocr]'"),
    ({"url": "file:///tmp/rag-0.1.0-py3-none-any.whl", "archive_info": {}},
     "pip install '/tmp/rag-0.1.0-py3-none-any.whl[ocr]'"),
    ({"url": "https://example.org/rag-0.1.0.tar.gz", "archive_info": {}},
     "pip install 'rag[ocr] @ https://example.org/rag-0.1.0.tar.gz'"),
    ({"url": "https://github.com/o/rag", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
     "pip install 'rag[ocr] @ git+https://github.com/o/rag@abc123'"),
])
def test_installed_from_a_folder_file_or_url(installed, direct_url, hint):
    installed(FakeDist(direct_url))
    assert install_hint("ocr") == hint


def test_installed_from_an_index_names_the_extras_packages(installed):
    installed(FakeDist(None, ['pypdfium2>=4.30; extra == "ocr"', "pillow >=10 ; extra == 'ocr'",
                              'pyyaml>=6', 'unstructured<0.28; extra == "unstructured"']))
    assert install_hint("ocr") == "pip install 'pypdfium2>=4.30' 'pillow>=10'"


def test_unknown_origin_still_warns_off_the_pypi_name(installed):
    installed(None)
    assert "not 'rag' from PyPI" in install_hint("ocr")


def test_no_hint_in_the_code_names_the_pypi_rag():
    from tests.conftest import ROOT

    for folder in ("rag", "ingest"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name != "install.py":  # its docstring says why not
                assert "'rag[" not in path.read_text().replace('"rag[', "'rag["), path


def test_optional_support_hints_use_it(monkeypatch):
    from ingest import unstructured_loader

    monkeypatch.setattr(unstructured_loader, "_missing_modules", lambda names: list(names))
    assert install_hint("ocr") in unstructured_loader.available("ocr")
    assert install_hint("unstructured") in unstructured_loader.available("office")
