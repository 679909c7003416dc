"""A small evaluation end to end: three questions, all four modes, with the fake generator (answers we can
predict, so the scores are exact) and with the tiny random transformers model and LoRA adapter."""
import json
import re
import warnings

import pytest

from rag.evaluate.data import Question
from rag.evaluate.report import render_markdown, verdict, write_reports
from rag.evaluate.run import MODES, evaluate
from rag.evaluate.summary import read_run, write_run
from rag.fakes import FakeEmbedder
from rag.index import Index
from rag.indexing import ingest

REFUND = "Tuition refunds are granted in full until the end of the second week of term."
PARKING = "Parking permits cost 90 dollars per semester and are sold at the campus security office."
LIBRARY = "The library opens at 7 am on weekdays and closes at midnight during exam weeks."
QUESTIONS = [
    Question("q1", "When are tuition refunds granted in full?", REFUND, ["handbook.pdf"], [5]),
    Question("q2", "How much do parking permits cost per semester?", "Parking permits cost 90 dollars per semester.",
             ["handbook.pdf"], [3]),
    # one word the fake model can match (chancellor): it says it does not know
    Question("q3", "Who is the chancellor?", "", [], [], answerable=False),
]


@pytest.fixture
def handbook(cfg, pdf_factory):
    filler = [f"Chapter {n} overview of student services and general campus information." for n in range(4)]
    pages = ["Welcome to the college handbook.", filler[0], PARKING, filler[1], REFUND, filler[2], LIBRARY, filler[3]]
    ingest([str(pdf_factory("handbook.pdf", pages))], cfg, FakeEmbedder())
    cfg.retrieve.min_similarity = -1.0  # the fake embedder's cosines are not calibrated
    cfg.retrieve.k = 2
    cfg.eval.bootstrap_samples = 200
    return Index(cfg.index_path)


def _run(cfg, index, tmp_path, model, adapter):
    results, rows = evaluate("handbook_qa.jsonl", QUESTIONS, list(MODES.values()), cfg, FakeEmbedder(), index,
                             model=model, adapter=str(adapter))
    write_run(tmp_path / "run", results, rows)
    write_reports(tmp_path / "run", results, rows)
    return results, rows


def test_fake_generator_scores_are_exact(cfg, handbook, tmp_path):
    adapter = tmp_path / "adapter"
    adapter.mkdir()  # the fake generator ignores it; the lora modes answer as the base ones
    results, rows = _run(cfg, handbook, tmp_path, "fake", adapter)
    assert {p.name for p in (tmp_path / "run").iterdir()} == {"results.json", "answers.jsonl", "report.md",
                                                              "report.html"}
    assert len(rows) == 12 and results["questions"] == 3
    metric = lambda mode, key: results["modes"][mode]["metrics"].get(key, {}).get("mean")  # noqa: E731
    # closed-book: the fake model sees no passages and says it doesn't know: right only on the unanswerable one
    for mode in ("closed-book", "lora"):
        assert metric(mode, "correct") == pytest.approx(1 / 3)
        assert (metric(mode, "correct_abstention"), metric(mode, "false_abstention")) == (1.0, 1.0)
        assert metric(mode, "page_hit@1") is None and metric(mode, "grounded") is None
    # with retrieval it answers with the best passage's first sentence: all three right, grounded, on the gold page
    for mode in ("rag", "lora+rag"):
        assert metric(mode, "correct") == 1.0
        assert (metric(mode, "correct_abstention"), metric(mode, "false_abstention")) == (1.0, 0.0)
        assert metric(mode, "numeric") == 1.0  # q2's 90; q1 has no number
        assert metric(mode, "page_hit@10") == 1.0 and metric(mode, "file_hit@1") == 1.0
        assert metric(mode, "grounded") == 1.0 and metric(mode, "cited_gold") == 1.0
    assert metric("rag", "choice") is None  # the fake generator has no probabilities: n/a
    row = next(r for r in rows if r["mode"] == "rag" and r["id"] == "q2")
    assert row["cited"] == [["handbook.pdf", 3, 3]] and row["correct"] == 1 and row["rank_page"] >= 1
    assert row["warnings"] == [] and any(r["warnings"] for r in rows if r["mode"] == "closed-book")  # not grounded
    # rag - closed-book on "correct": +1, +1, 0 -> two non-zero differences, p = 2/4: not significant
    test = next(t for t in results["tests"] if t["metric"] == "correct" and {t["a"], t["b"]} == {"rag", "closed-book"})
    assert (test["p_value"], test["significant"]) == (0.5, False)
    text = verdict(results)
    assert text.startswith("On 3 questions, **rag** answers best: 100% correct")
    assert "no significant difference" in text and "Fine-tuning alone scores below retrieval alone" in text
    # report re-rendered from the saved run is the same
    saved, saved_rows = read_run(tmp_path / "run")
    assert render_markdown(saved, saved_rows) == (tmp_path / "run" / "report.md").read_text()
    answers = [json.loads(line) for line in (tmp_path / "run" / "answers.jsonl").read_text().splitlines()]
    assert {"question", "gold", "answer", "correct", "cited", "seconds", "prompt_tokens", "new_tokens"} <= set(answers[0])


def test_tiny_model_and_adapter_in_all_four_modes(cfg, handbook, tmp_path):
    pytest.importorskip("peft")
    from tests.tiny_llm import build_tiny_chat_model, build_tiny_lora_adapter

    base = build_tiny_chat_model(tmp_path / "tiny")
    adapter = build_tiny_lora_adapter(base, tmp_path / "tiny-lora")
    cfg.generate.max_new_tokens = 6
    cfg.generate.max_context_tokens = 480
    results, rows = _run(cfg, handbook, tmp_path, str(base), adapter)
    assert len(rows) == 12
    for mode in MODES:  # the multiple-choice score comes from the transformers model in every mode
        choice = results["modes"][mode]["metrics"]["choice"]
        assert choice["n"] == 2 and choice["mean"] in (0.0, 0.5, 1.0)
        assert results["modes"][mode]["cost"]["new_tokens"] == 6
    by = {(r["mode"], r["id"]): r["answer"] for r in rows}
    assert any(by["closed-book", q.id] != by["lora", q.id] for q in QUESTIONS)  # the adapter changes the answers
    html = (tmp_path / "run" / "report.html").read_text()
    assert html.count("<svg") == 3
    assert not re.search(r"""(src|href)=["']?https?:|<link|@import|url\((?!#)""", html)  # self-contained


def test_an_adapter_on_a_model_folder_runs_every_mode_on_transformers(tmp_path):
    from rag.config import load_config
    from rag.errors import ModelError
    from rag.evaluate.run import same_base
    from rag.tune.adapters import base_fingerprint

    base = tmp_path / "base"
    base.mkdir()
    (base / "config.json").write_text("{}")
    adapter = tmp_path / "store" / "hb"
    adapter.mkdir(parents=True)
    (adapter / "adapter_config.json").write_text("{}")
    (adapter / "manifest.json").write_text(json.dumps(
        {"name": "hb", "base_model": {**base_fingerprint(base), "path": str(base)}}))
    cfg = load_config(overrides=[f"tune.adapters_dir={tmp_path / 'store'}"])
    both = [MODES["rag"], MODES["lora"]]
    # llama.cpp runs only the registered models' GGUF files: a folder is transformers, whatever the machine
    assert same_base(cfg, both, None, "hb") == (str(base), "transformers")
    other = tmp_path / "other"
    other.mkdir()
    (other / "config.json").write_text('{"other": 1}')
    assert same_base(cfg, both, str(base.resolve()), "hb") == (str(base.resolve()), "transformers")  # --model wins
    with pytest.raises(ModelError, match="adapter 'hb' was trained on base"):  # but only with the adapter's base
        same_base(cfg, both, str(other), "hb")
    assert same_base(cfg, [MODES["rag"]], None, None) == (None, cfg.generate.backend)  # no adapter: as configured
    assert same_base(cfg, both, "fake", "hb") == ("fake", cfg.generate.backend)


@pytest.fixture
def tiny_store(cfg, tmp_path, monkeypatch):
    """An adapter "hb" in the store, trained on the registered tiny model, whose converted folder (a marker, a
    config and an empty GGUF) stands in for the real one; a CPU machine with llama-cpp-python (world["llama"])
    and the adapter's conversion replaced (world["error"]: why it can't be converted). No model is loaded."""
    import rag.build
    import rag.generate_llama
    import rag.models
    import rag.tune.gguf_lora
    from rag.errors import ModelError

    entry = rag.models.lookup("tiny")
    folder = tmp_path / entry.name
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    (folder / rag.models.MARKER).write_text(json.dumps({"name": entry.name, "sha256": entry.sha256}))
    (folder / entry.gguf_file).write_bytes(b"")
    adapter = tmp_path / "store" / "hb"
    adapter.mkdir(parents=True)
    (adapter / "adapter_config.json").write_text("{}")
    (adapter / "manifest.json").write_text(json.dumps(
        {"name": "hb", "base_model": {"name": entry.name, "hash": entry.sha256, "hash_kind": "gguf-sha256"}}))
    cfg.tune.adapters_dir = str(tmp_path / "store")
    world = {"folder": folder, "gguf": folder / entry.gguf_file, "lora": adapter / "adapter-0123.gguf",
             "llama": True, "error": None, "conversions": 0}

    def converted(adapter, gguf, on_status=None):
        world["conversions"] += 1
        if world["error"]:
            raise ModelError(world["error"])
        return world["lora"]

    monkeypatch.setattr(rag.models, "resolve_llm", lambda name, *a, **kw: folder)
    monkeypatch.setattr(rag.models, "gguf_path", lambda entry, *a, **kw: folder / entry.gguf_file)
    monkeypatch.setattr(rag.generate_llama, "llama_cpp_available", lambda: world["llama"])
    monkeypatch.setattr(rag.build, "_has_cuda_driver", lambda: False)
    monkeypatch.setattr(rag.tune.gguf_lora, "adapter_gguf", converted)
    return world


def _generators(monkeypatch, cfg, handbook):
    """evaluate() over all four modes, recording each mode's generator as rag.build built it (unloaded) and
    answering with the fake one: (results, {mode: generator})."""
    import rag.build
    from rag.fakes import FakeGenerator

    built = []
    real = rag.build.generator_from

    def recording(mode_cfg, model=None, adapter=None, on_status=None):
        built.append(real(mode_cfg, model, adapter, on_status))
        return FakeGenerator()

    monkeypatch.setattr(rag.build, "generator_from", recording)
    results, _ = evaluate("handbook_qa.jsonl", QUESTIONS[:1], list(MODES.values()), cfg, FakeEmbedder(), handbook,
                          adapter="hb")
    return results, dict(zip(MODES, built))


def test_with_an_adapter_llama_cpp_takes_every_mode_runs_the_base_gguf_on_llama_cpp(cfg, handbook, tiny_store,
                                                                                     monkeypatch):
    from rag.evaluate.choice import scorer_for
    from rag.evaluate.run import same_base
    from rag.generate_llama import LlamaCppGenerator

    assert same_base(cfg, list(MODES.values()), None, "hb") == ("smollm2-135m", "llama.cpp")
    results, gens = _generators(monkeypatch, cfg, handbook)
    assert results["settings"]["backend"] == "llama.cpp" and results["settings"]["model"] == "smollm2-135m"
    assert all(type(g) is LlamaCppGenerator and g.gguf == tiny_store["gguf"] for g in gens.values())
    # the same GGUF in every mode: alone without the adapter, with its LoRA in the lora modes
    assert {mode: g.lora for mode, g in gens.items()} == {"closed-book": None, "rag": None,
                                                          "lora": tiny_store["lora"], "lora+rag": tiny_store["lora"]}
    assert all(scorer_for(g) is g for g in gens.values())  # the multiple-choice score comes from llama.cpp too


@pytest.mark.parametrize("setting", ["cannot convert", "no llama-cpp-python", "cuda", "backend=transformers"])
def test_with_an_adapter_llama_cpp_cant_take_every_mode_runs_on_transformers(cfg, handbook, tiny_store, monkeypatch,
                                                                             setting):
    import rag.build
    from rag.evaluate.run import same_base
    from rag.generate import TransformersGenerator

    if setting == "cannot convert":
        tiny_store["error"] = "adapter hb: DoRA (use_dora) is not carried to llama.cpp by this conversion"
    elif setting == "no llama-cpp-python":
        tiny_store["llama"] = False
    elif setting == "cuda":
        monkeypatch.setattr(rag.build, "_has_cuda_driver", lambda: True)
    else:
        cfg.generate.backend = "transformers"
    heard = []
    assert same_base(cfg, list(MODES.values()), None, "hb", heard.append) == ("smollm2-135m", "transformers")
    if setting == "cannot convert":  # said once, why
        assert heard == [f"{tiny_store['error']}; the adapter runs on transformers (slower)"]
    else:  # nothing converted for a backend that won't run it
        assert heard == [] and tiny_store["conversions"] == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # evaluate() has no on_status here: the note is a warning
        results, gens = _generators(monkeypatch, cfg, handbook)
    assert results["settings"]["backend"] == "transformers"
    assert all(type(g) is TransformersGenerator for g in gens.values())
    assert [g.adapter is not None for g in gens.values()] == [False, False, True, True]


def test_with_an_adapter_llama_cpp_cant_take_an_explicit_llama_cpp_is_refused(cfg, tiny_store):
    from rag.errors import ConfigError
    from rag.evaluate.run import same_base

    tiny_store["error"] = "adapter hb: DoRA (use_dora) is not carried to llama.cpp by this conversion"
    cfg.generate.backend = "llama.cpp"
    with pytest.raises(ConfigError, match="generate.backend=llama.cpp can't be used: adapter hb: DoRA"):
        same_base(cfg, [MODES["rag"], MODES["lora"]], None, "hb")
