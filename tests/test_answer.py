"""Answers with the deterministic FakeGenerator: citations, sources, abstention, prompt fitting."""
import pytest

from rag.answer import answer_question, cited_numbers, says_dont_know
from rag.errors import RagError
from rag.fakes import FakeEmbedder, FakeGenerator
from rag.index import Index
from rag.indexing import ingest
from rag.prompt import DONT_KNOW, build_prompt
from rag.retrieve import Hit

REFUND = "Tuition refunds are granted in full until the end of the second week of term."
PARKING = "Parking permits cost 90 dollars per semester and are sold at the campus security office."
LIBRARY = "The library opens at 7 am on weekdays and closes at midnight during exam weeks."


@pytest.fixture
def handbook(cfg, pdf_factory):
    filler = [f"Chapter {n} overview of student services and general campus information." for n in range(6)]
    pages = ["Welcome to the college handbook.", filler[0], PARKING, filler[1], REFUND, filler[2], LIBRARY, filler[3]]
    path = pdf_factory("handbook.pdf", pages, labels=["i", "1", "2", "3", "4", "5", "6", "7"])
    ingest([str(path)], cfg, FakeEmbedder())
    cfg.retrieve.min_similarity = -1.0  # the fake embedder's cosines are not calibrated
    cfg.retrieve.k = 2
    return Index(cfg.index_path)


def test_answer_cites_the_page_it_came_from(cfg, handbook):
    result = answer_question("When are tuition refunds granted in full?", handbook, FakeEmbedder(), FakeGenerator(), cfg)
    assert not result.abstained
    assert "second week" in result.answer
    assert [(c.file, c.page, c.page_label) for c in result.citations] == [("handbook.pdf", 5, "4")]
    assert result.sources == "handbook.pdf p. 5 (labelled 4)"
    out = result.as_dict()
    assert set(out) == {"question", "answer", "sources", "citations", "passages"}
    assert set(out["citations"][0]) >= {"file", "page", "page_label", "score", "text"}
    assert REFUND in out["citations"][0]["text"]


def test_sources_come_only_from_cited_passages(cfg, handbook):
    gen = FakeGenerator(script=["Parking costs 90 dollars [2]. See also the appendix of other.pdf and [7]."])
    result = answer_question("How much does a parking permit cost?", handbook, FakeEmbedder(), gen, cfg)
    assert len(result.passages) == 2
    cited = result.passages[1]
    assert [(c.n, c.page) for c in result.citations] == [(2, cited.page_start)]
    assert "other.pdf" not in result.sources


def test_model_saying_it_does_not_know_gives_no_sources(cfg, handbook):
    gen = FakeGenerator(script=["I don't know. The sources do not mention a mascot [1]."])
    result = answer_question("What is the mascot?", handbook, FakeEmbedder(), gen, cfg)
    assert result.abstained and result.citations == [] and result.sources == ""


def test_nothing_relevant_means_no_model_call(cfg, handbook):
    cfg.retrieve.min_similarity = 0.99
    gen = FakeGenerator()
    result = answer_question("quantum chromodynamics lattice", handbook, FakeEmbedder(), gen, cfg)
    assert result.abstained and result.answer == DONT_KNOW and gen.calls == []


def test_bad_questions_and_empty_index(cfg, handbook, tmp_path):
    with pytest.raises(RagError, match="question is empty"):
        answer_question("   ", handbook, FakeEmbedder(), FakeGenerator(), cfg)
    empty = Index(tmp_path / "empty", create=True)
    with pytest.raises(RagError, match="is empty"):
        answer_question("anything?", empty, FakeEmbedder(), FakeGenerator(), cfg)


def test_follow_up_uses_the_conversation(cfg, handbook):
    gen = FakeGenerator(script=["Permits cost 90 dollars [1].", "They are sold at the security office [1]."])
    first = answer_question("How much is a parking permit?", handbook, FakeEmbedder(), gen, cfg)
    answer_question("where do I buy one?", handbook, FakeEmbedder(), gen, cfg,
                    history=[(first.question, first.answer)])
    roles = [m["role"] for m in gen.calls[1]]
    assert roles == ["system", "user", "assistant", "user"]
    assert "Parking permits" in gen.calls[1][-1]["content"]  # retrieval used the earlier question too


def _hits(n, words=60):
    return [Hit(chunk_id=i, score=1.0, text=" ".join(f"w{i}_{j}" for j in range(words)), file="f.pdf", path="/f.pdf",
                page_start=i, page_end=i, label_start=str(i), label_end=str(i)) for i in range(1, n + 1)]


def test_prompt_numbers_passages_with_file_and_page():
    prompt = build_prompt("What?", _hits(2), FakeGenerator(), 50, 4096)
    user = prompt.messages[-1]["content"]
    assert "[1] f.pdf, p. 1\n" in user and "[2] f.pdf, p. 2\n" in user and user.endswith("Question: What?")
    assert "only the numbered sources" in prompt.messages[0]["content"]


def test_prompt_is_fitted_to_the_window():
    gen = FakeGenerator(context_window=400)
    prompt = build_prompt("What?", _hits(8), gen, max_new_tokens=100, max_context_tokens=4096)
    assert gen.prompt_tokens(prompt.messages) <= 300
    assert 1 <= len(prompt.hits) < 8 and prompt.warnings
    long_q = build_prompt("why " * 1000, _hits(1), gen, 100, 4096)
    assert any("question is" in w for w in long_q.warnings)
    assert gen.prompt_tokens(long_q.messages) <= 300


def test_citation_markers_and_dont_know_phrases():
    assert cited_numbers("A [2]. B [1, 3]. C [2-3]. D [12].", 4) == [2, 1, 3]
    assert says_dont_know("I don't know.") and says_dont_know("The sources do not mention it.")
    assert not says_dont_know("Refunds take 21 business days [1].")


def test_uncited_answer_is_attributed_to_the_passage_it_repeats(cfg, handbook):
    gen = FakeGenerator(script=["Tuition refunds are granted in full until the end of the second week."])
    result = answer_question("When are tuition refunds granted?", handbook, FakeEmbedder(), gen, cfg)
    assert not result.abstained
    assert [c.page for c in result.citations] == [5]


def test_answer_matching_no_passage_is_withheld(cfg, handbook):
    gen = FakeGenerator(script=["The mascot is a purple dragon named Sparky."])
    result = answer_question("What is the college mascot?", handbook, FakeEmbedder(), gen, cfg)
    assert result.abstained and result.answer == DONT_KNOW and result.citations == []
    assert "matches no passage" in result.warnings[-1]


def test_numbers_found_in_no_passage_are_withheld(cfg, handbook):
    gen = FakeGenerator(script=["Parking permits cost 120 dollars per semester [1]."])
    result = answer_question("How much does a parking permit cost?", handbook, FakeEmbedder(), gen, cfg)
    assert result.abstained and "120" in result.warnings[-1]
    ok = FakeGenerator(script=["Parking permits cost 90 dollars per semester [1]."])
    assert not answer_question("How much does a parking permit cost?", handbook, FakeEmbedder(), ok, cfg).abstained


def test_numbers_from_the_question_are_not_inventions(cfg, handbook):
    reply = "No, the 2024 form 10 lists no change to the parking permit cost of 90 dollars [1]."
    asked = "Did the 2024 form 10 change what a parking permit costs?"
    result = answer_question(asked, handbook, FakeEmbedder(), FakeGenerator(script=[reply]), cfg)
    assert not result.abstained, result.warnings
    other = "Does the handbook change what a parking permit costs?"  # 2024 and 10 now come from nowhere
    result = answer_question(other, handbook, FakeEmbedder(), FakeGenerator(script=[reply]), cfg)
    assert result.abstained and "2024" in result.warnings[-1]


def test_numbered_list_markers_are_not_numbers_the_model_states(cfg, handbook):
    reply = "Parking permits:\n1. cost 90 dollars per semester [1]\n2. are sold at the security office [1]"
    result = answer_question("What should I know about parking permits?", handbook, FakeEmbedder(),
                             FakeGenerator(script=[reply]), cfg)
    assert not result.abstained, result.warnings
    invented = "Parking permits:\n1. cost 95 dollars per semester [1]"
    result = answer_question("What should I know about parking permits?", handbook, FakeEmbedder(),
                             FakeGenerator(script=[invented]), cfg)
    assert result.abstained and "95" in result.warnings[-1]


def test_on_token_gets_the_checked_answer_only(cfg, handbook):
    pieces = []
    gen = FakeGenerator(script=["The mascot is a purple dragon named Sparky."])
    result = answer_question("What is the college mascot?", handbook, FakeEmbedder(), gen, cfg, on_token=pieces.append)
    assert pieces == [DONT_KNOW] == [result.answer]
    pieces.clear()
    result = answer_question("When are tuition refunds granted in full?", handbook, FakeEmbedder(), FakeGenerator(),
                             cfg, on_token=pieces.append)
    assert pieces == [result.answer] and "second week" in result.answer


def test_status_reports_each_stage_and_the_tokens_written(cfg, handbook):
    events = []
    result = answer_question("When are tuition refunds granted in full?", handbook, FakeEmbedder(), FakeGenerator(),
                             cfg, on_status=events.append)
    assert [e.stage for e in events[:4]] == ["retrieving", "preparing", "loading", "reading"]
    assert {e.stage for e in events[4:]} == {"writing"}
    reading = events[3]
    assert reading.passages == 2 and reading.prompt_tokens == result.generation.prompt_tokens > 20
    assert str(reading) == f"reading 2 passage(s) ({reading.prompt_tokens:,} prompt tokens)"
    assert [e.new_tokens for e in events[4:]] == list(range(1, result.generation.new_tokens + 1))
    assert str(events[-1]) == f"writing the answer ({result.generation.new_tokens} tokens)"
    assert all(a.seconds <= b.seconds for a, b in zip(events, events[1:]))
