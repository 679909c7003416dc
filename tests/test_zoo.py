"""Every PDF in ../shared/datasets/pdf-zoo is either ingested or refused with one clear line."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rag.cli import cli
from tests.conftest import SHARED

ZOO = SHARED / "pdf-zoo"

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not ZOO.is_dir(), reason="../shared/datasets/pdf-zoo not present")]


@pytest.mark.parametrize("part", ["py-pdf-sample-files", "pypdf-resources", "unstructured-example-docs"])
def test_zoo_files_are_ingested_or_refused_clearly(tmp_path, part):
    folder = ZOO / part
    pdfs = sorted(p.resolve() for p in folder.rglob("*") if p.suffix.lower() == ".pdf")
    args = ["--index", str(tmp_path / "index"), "--set", "embedder.model=fake", "--set", "load.ocr=off",
            "ingest", str(folder), "--json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert "Traceback" not in result.output
    assert result.stdout.startswith("{"), result.output[-2000:]
    summary = json.loads(result.stdout)
    statuses = {f["path"]: f for f in summary["files"]}
    assert set(str(p) for p in pdfs) <= set(statuses), "some PDFs were not reported"
    failed_lines = [ln for ln in result.stderr.splitlines() if ln.startswith("rag: failed: ")]
    assert len(failed_lines) == summary["counts"]["failed"]
    for line in result.stderr.splitlines():
        assert line.startswith(("rag: failed: ", "rag: warning: ")), f"unexpected output: {line!r}"
    for f in summary["files"]:
        assert f["status"] in ("added", "failed", "skipped")
        if f["status"] == "failed":
            assert f["reason"] and "\n" not in f["reason"]
        elif f["status"] == "skipped":  # a copy of another file of the zoo (pypdf-resources' hello-world/multilang)
            twin = f["reason"].split("the same file as ", 1)[1].split("; not added twice")[0]
            assert statuses[twin]["status"] in ("added", "failed")
            assert Path(twin).read_bytes() == Path(f["path"]).read_bytes()
        else:
            assert f["chunks"] > 0
    assert result.exit_code == (1 if summary["counts"]["failed"] else 0)
    assert summary["counts"]["added"] > summary["counts"]["failed"]
