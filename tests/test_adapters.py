"""The adapter store (--adapter NAME|PATH), base-model fingerprints, and answers with retrieval off.

No training here (tests/test_tune_train.py trains): folders with the files that matter are written by hand.
"""
from __future__ import annotations

import json

import pytest

from rag.answer import NOT_GROUNDED, answer_question
from rag.config import load_config
from rag.errors import ModelError, TuneError
from rag.fakes import FakeGenerator
from rag.prompt import CLOSED_BOOK_SYSTEM
from rag.tune import adapters


def _adapter(folder, base_hash="abc", base_name="smollm2-135m"):
    folder.mkdir(parents=True)
    (folder / "adapter_config.json").write_text("{}")
    adapters.write_manifest(folder, {"name": folder.name, "base_model": {"name": base_name, "hash": base_hash},
                                     "data": {"path": "/data/qa.jsonl"}, "created": "2026-12-01T10:00:00+00:00",
                                     "metrics": {"steps": 40, "best_val_loss": 1.25}})
    return folder


def _model(folder, config=None, weights=b"w" * 10):
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps(config or {"model_type": "llama", "hidden_size": 32}))
    (folder / "model.safetensors").write_bytes(weights)
    return folder


def test_a_bare_name_is_the_stores_and_a_path_is_a_folder(tmp_path, monkeypatch):
    store = tmp_path / "store"
    stored = _adapter(store / "handbook")
    assert adapters.resolve_adapter("handbook", str(store)) == stored
    assert adapters.resolve_adapter("./somewhere/else", str(store)).name == "else"  # a path: not looked up
    with pytest.raises(ModelError, match=r"^no adapter named 'nope' in .*store \(rag adapters list"):
        adapters.resolve_adapter("nope", str(store))
    monkeypatch.chdir(tmp_path)
    _adapter(tmp_path / "local")  # a folder here, as --adapter worked before the store
    assert adapters.resolve_adapter("local", str(store)).name == "local"


def test_listing_skips_unfinished_runs_and_removing_takes_the_run_too(tmp_path):
    store = tmp_path / "store"
    _adapter(store / "b-second")
    _adapter(store / "a-first")
    (store / ".runs" / "a-first" / "checkpoint-2").mkdir(parents=True)
    found = adapters.list_adapters(str(store))
    assert [a.name for a in found] == ["a-first", "b-second"]
    first = found[0]
    assert (first.base, first.data, first.steps, first.best_val_loss) == ("smollm2-135m", "qa.jsonl", 40, 1.25)
    adapters.remove_adapter(str(store), "a-first")
    assert not (store / "a-first").exists() and not (store / ".runs" / "a-first").exists()
    with pytest.raises(TuneError, match="not usable"):
        adapters.remove_adapter(str(store), "../escape")
    assert adapters.list_adapters(str(tmp_path / "missing")) == []


def test_fingerprint_tells_models_apart_and_uses_the_registry_hash(tmp_path):
    one = adapters.base_fingerprint(_model(tmp_path / "one"))
    assert one["hash_kind"] == "files-sha256" and one["name"] == "one"
    assert adapters.base_fingerprint(_model(tmp_path / "copy"))["hash"] == one["hash"]  # a copy is the same base
    wider = _model(tmp_path / "wider", {"model_type": "llama", "hidden_size": 48})
    assert adapters.base_fingerprint(wider)["hash"] != one["hash"]
    assert adapters.base_fingerprint(_model(tmp_path / "tuned", weights=b"v" * 10))["hash"] != one["hash"]
    registered = _model(tmp_path / "reg")
    (registered / "rag-model.json").write_text(json.dumps({"name": "smollm2-135m", "sha256": "b179c9"}))
    assert adapters.base_fingerprint(registered) == {"name": "smollm2-135m", "hash": "b179c9",
                                                     "hash_kind": "gguf-sha256"}


def test_check_base_refuses_another_model_and_lets_foreign_adapters_through(tmp_path):
    model = _model(tmp_path / "model")
    right = _adapter(tmp_path / "right", base_hash=adapters.base_fingerprint(model)["hash"])
    adapters.check_base(right, model)
    wrong = _adapter(tmp_path / "wrong", base_hash="0123456789abcdef")
    with pytest.raises(ModelError, match=r"^adapter 'wrong' was trained on smollm2-135m \(base hash 0123456789ab\), "
                                         r"not on model .*pass --model smollm2-135m"):
        adapters.check_base(wrong, model)
    foreign = tmp_path / "foreign"  # made by another tool: no manifest, shapes are compared at load
    foreign.mkdir()
    adapters.check_base(foreign, model)


def test_retrieval_off_asks_the_model_alone_and_marks_the_answer_ungrounded():
    cfg = load_config(overrides=["generate.model=fake"])
    model = FakeGenerator(script=["Refunds take 21 days."])  # a number in no passage: the guard would withhold it
    result = answer_question("How long do refunds take?", None, None, model, cfg, retrieval=False)
    assert result.answer == "Refunds take 21 days." and not result.abstained
    assert result.citations == [] and result.passages == [] and result.grounded is False
    assert NOT_GROUNDED in result.warnings and result.as_dict()["grounded"] is False
    assert model.calls[0] == [{"role": "system", "content": CLOSED_BOOK_SYSTEM},
                              {"role": "user", "content": "How long do refunds take?"}]


def test_retrieval_off_keeps_the_conversation_and_its_dont_know():
    cfg = load_config(overrides=["generate.model=fake"])
    model = FakeGenerator(script=["I don't know."])
    result = answer_question("Where do I buy one?", None, None, model, cfg, retrieval=False,
                             history=[("How much is a parking permit?", "90 dollars.")])
    assert result.abstained and result.answer == "I don't know."
    assert [m["role"] for m in model.calls[0]] == ["system", "user", "assistant", "user"]
