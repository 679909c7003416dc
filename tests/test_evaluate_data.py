"""Evaluation inputs: our JSONL, the handbook's and page_qa.jsonl's rows, the two converters, bad rows."""
import json

import pytest

from rag.errors import RagError
from rag.evaluate.choice import kind, options_for
from rag.evaluate.data import Question, clean_answer, in_index, load_questions, spread
from tests.conftest import ROOT, write_rows


def test_the_three_jsonl_shapes(tmp_path):
    path = write_rows(tmp_path / "qa.jsonl", [
        {"question": "When?", "answer": "March 31, 2027.", "page": 2, "key_facts": ["March 31, 2027"]},
        {"question": "Chess?", "answer": "", "page": None, "key_facts": []},
        {"id": "csv-075", "question": "Cash  flow?", "answer": "It was $98,024 million.\n\nSOURCE(S): 2022 Q3 AAPL.pdf",
         "file": "2022 Q3 AAPL.pdf", "pages": [8, 8], "answerable": True, "note": "extra fields are ignored"},
        "",
        {"question": "Plain?", "answer": "Yes."},
    ])
    q = load_questions(path)
    assert [(x.id, x.pages, x.answerable, x.files) for x in q] == [
        ("line-1", [2], True, []), ("line-2", [], False, []), ("csv-075", [8], True, ["2022 Q3 AAPL.pdf"]),
        ("line-5", [], True, [])]
    assert q[0].facts == ["March 31, 2027"] and q[2].answer == "It was $98,024 million." and q[2].question == "Cash flow?"


def test_the_handbook_set_loads():
    q = load_questions(ROOT / "data" / "handbook_qa.jsonl")
    assert len(q) >= 12 and any(not x.answerable for x in q) and all(x.pages or not x.answerable for x in q)


def test_bad_rows_are_named_by_line(tmp_path):
    path = write_rows(tmp_path / "bad.jsonl", [{"question": "ok?", "answer": "yes"}, "{not json", {"answer": "x"},
                                          {"question": "p?", "answer": "x", "pages": [0]}, [1, 2]])
    with pytest.raises(RagError) as err:
        load_questions(path)
    message = str(err.value)
    assert "line 2: Expecting property name" in message and 'line 3: no "question"' in message
    assert "line 4: \"pages\"" in message and "(and 1 more)" in message and "\n" not in message
    with pytest.raises(RagError, match="not found"):
        load_questions(tmp_path / "missing.jsonl")
    with pytest.raises(RagError, match="no questions"):
        load_questions(write_rows(tmp_path / "empty.jsonl", [""]))


def test_docugami_csv_and_aragog_json(tmp_path):
    csv_path = tmp_path / "qna_data.csv"
    csv_path.write_text('Question,Source Docs,Question Type,Source Chunk Type,Answer\n'
                        '"What was revenue?","*2023 Q2 NVDA*",Single-Doc,Table,"It was $13,507 million.\n\nSOURCE(S): x"\n'
                        '"Compare them","*AAPL*, *MSFT*",Multi-Doc,Text,"Both grew."\n', encoding="utf-8")
    q = load_questions(csv_path)
    assert [(x.id, x.files, x.pages, x.answer) for x in q] == [
        ("csv-001", ["*2023 Q2 NVDA*"], [], "It was $13,507 million."), ("csv-002", ["*AAPL*", "*MSFT*"], [], "Both grew.")]
    json_path = tmp_path / "benchmark.json"
    json_path.write_text(json.dumps({"questions": ["What is BERT?"], "ground_truths": ["A bidirectional encoder."]}))
    assert [(x.id, x.files) for x in load_questions(json_path)] == [("aragog-001", [])]
    json_path.write_text(json.dumps({"questions": ["a", "b"], "ground_truths": ["x"]}))
    with pytest.raises(RagError, match="ARAGOG"):
        load_questions(json_path)


def test_shared_page_qa_loads_when_present():
    path = ROOT.parent / "shared" / "datasets" / "docugami-sec10q" / "page_qa.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not here")
    q = load_questions(path)
    assert len(q) == 160 and sum(not x.answerable for x in q) == 12
    assert not any("SOURCE(S)" in x.answer for x in q)


def test_questions_outside_the_index_are_skipped():
    q = [Question("a", "?", "x", ["2023 Q2 NVDA.pdf"]), Question("b", "?", "x", ["*AAPL*"]), Question("c", "?", "x")]
    kept, skipped = in_index(q, ["2023 Q2 NVDA.pdf", "handbook.pdf"])
    assert [x.id for x in kept] == ["a", "c"] and [x.id for x in skipped] == ["b"]


def test_spread_keeps_unanswerable_in_proportion():
    q = [Question(str(i), "?", "x", answerable=i % 5 != 4) for i in range(20)]
    picked = spread(q, 10)
    assert len(picked) == 10 and sum(not x.answerable for x in picked) == 2
    assert spread(q, 0) == q and spread(q, 50) == q


def test_clean_answer_repairs_mojibake():
    assert clean_answer("Managementâ€™s view\n\nSOURCE(S): a.pdf") == "Management’s view"


def test_distractors_are_deterministic_and_of_the_same_kind():
    q = [Question("n1", "?", "It was $5 million."), Question("n2", "?", "Revenue was 7%."),
         Question("n3", "?", "About 12 days."), Question("t1", "?", "The east wing."),
         Question("t2", "?", "The dean decides."), Question("u", "?", "", answerable=False)]
    options = options_for(q, n=2, seed=0)
    assert set(options) == {"n1", "n2", "n3", "t1", "t2"}
    assert options["n1"][0] == "It was $5 million." and all(kind(o) == "numeric" for o in options["n1"])
    assert options["t1"] == ["The east wing.", "The dean decides.", options["t1"][2]]  # one text, then filled up
    assert options == options_for(q, n=2, seed=0) and options_for(q, n=0) == {}
