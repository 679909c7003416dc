"""Pairs built from the indexed chunks (rag/tune/pairs.py, rag/tune/structure.py, `rag tune data build`)."""
import json
from collections import Counter

import pytest
from click.testing import CliRunner

from rag.cli.tune_data import data_group
from rag.fakes import FakeEmbedder, FakeGenerator
from rag.index import Index
from rag.prompt import SYSTEM, user_message
from rag.tune.data import read_jsonl
from rag.tune.pairs import (PAIRS_PROMPT, BuildOptions, BuildSummary, as_hit, build_examples, chunk_examples,
                            parse_pairs, raft_messages, unsupported)
from rag.tune.structure import structural_facts
from tests.conftest import ROOT

CHUNK = ("9.5 Emergency assistance\nStudents facing an unexpected financial crisis may apply to the Student "
         "Emergency Fund for a one-time grant of up to $800 per academic year. Grants do not have to be repaid.")


# -- the support check ----------------------------------------------------------------------------------------
def test_support_check_keeps_a_supported_answer_and_names_what_is_wrong():
    q = "How much can the Student Emergency Fund grant?"
    assert unsupported(q, "A one-time grant of up to $800 per academic year.", CHUNK) is None
    assert unsupported(q, "A one-time grant of up to $1,800 per academic year.", CHUNK) == "number not in the chunk"
    assert unsupported(q, "The Student Emergency Fund grant.", CHUNK) == "answer only repeats the question"
    assert unsupported(q, "Scholarships from the alumni association cover housing and meals.", CHUNK) \
        == "answer words not in the chunk"
    assert unsupported(q, "I don't know.", CHUNK) == "answer declines"
    assert unsupported("", "Up to $800.", CHUNK) == "no question"


def test_parse_pairs_reads_the_fixed_format_with_numbering():
    reply = "1. Q: How much is the grant?\nA: Up to $800\nper academic year.\n\n**Q2:** Must it be repaid?\n**A2:** No."
    assert parse_pairs(reply) == [("How much is the grant?", "Up to $800 per academic year."),
                                  ("Must it be repaid?", "No.")]
    assert parse_pairs("I don't know: the documents don't say.") == []
    assert "Q: <question>\nA: <answer>" in PAIRS_PROMPT


# -- structure ----------------------------------------------------------------------------------------------
TABLE = "8.1 Tuition and mandatory fees\nThe Board set these rates.\nCharge\nAmount\nBasis\n" \
        "Technology fee\n$145\nper semester\nOfficial transcript\n$8\nper copy\nLate registration fee\n$75\nper semester\n" \
        "Laboratory and studio fees are charged automatically when a student registers for a course with a lab."


def test_table_rows_become_pairs_with_their_header_cells_and_unit():
    facts = [f for f in structural_facts(TABLE) if f.kind == "table"]
    by_question = {f.questions[0]: f for f in facts}
    fee = by_question["What is the amount for Technology fee?"]
    assert fee.answer == "Technology fee: $145 (Basis: per semester)"
    assert "According to the table on tuition and mandatory fees, what is the amount for Technology fee?" \
        in fee.questions
    assert by_question["What is the basis for Official transcript?"].answer == "Official transcript: per copy (Amount: $8)"
    assert len(facts) == 6  # 3 rows x 2 value columns


def test_pipe_tables_rules_sections_and_lists():
    text = ("| Day | Opening hours |\n|---|---|\n| Friday | 7:30 a.m. to 8:00 p.m. |\n| Sunday | noon to midnight |\n"
            "3.1.2 Normal load. The normal load is 15 to 16 credits. A load of more than 18 credits is an overload.\n"
            "11.4 Prohibited items\nThe following items are not permitted in residence halls:\n"
            "- candles and incense\n- space heaters\n"
            "Pets are not allowed in residence halls, with one exception: fish in a tank of up to 10 gallons.")
    facts = {(f.kind, f.questions[0]): f.answer for f in structural_facts(text)}
    assert facts[("table", "What is the opening hours for Friday?")] == "Friday: 7:30 a.m. to 8:00 p.m."
    assert facts[("rule", "What does rule 3.1.2 (Normal load) say?")].startswith("The normal load is 15 to 16 credits.")
    lead = "The following items are not permitted in residence halls"
    assert facts[("list", f'What does the list after "{lead}" contain?')] == "candles and incense; space heaters."
    assert facts[("section", "What does section 11.4, Prohibited items, say?")].startswith(lead)


def test_prose_and_a_list_of_names_are_not_tables():
    text = "Alder Hall\nBirchwood Hall\nCedar Court\nWillowmere Hall\nFounders Hall\nKeel Building"
    assert structural_facts(text) == []


# -- the model's pairs, paraphrases, RAFT -----------------------------------------------------------------------
class _Row:
    id, doc_name, doc_path, page_start, page_end, label_start, label_end, doc_id, ord, heading = \
        7, "handbook.pdf", "/docs/handbook.pdf", 15, 15, "12", "12", 1, 3, ""
    text = CHUNK


def test_model_pairs_kept_only_when_supported_and_paraphrased():
    gen = FakeGenerator(script=[
        "Q: How much can a student get from the Student Emergency Fund?\nA: A one-time grant of up to $800 per year.\n"
        "Q: How long is the repayment period?\nA: Grants must be repaid within 36 months.",
        "1. What is the largest Student Emergency Fund grant?\n2. How much can a student get from the Student "
        "Emergency Fund?\n3. What is the Emergency Fund maximum for 2 students?",
    ])
    summary = BuildSummary()
    made = chunk_examples(_Row(), gen, BuildOptions(per_chunk=2, paraphrases=2), summary)
    llm = [(k, q, a) for k, q, a in made if k.startswith("llm")]
    assert llm == [("llm", "How much can a student get from the Student Emergency Fund?",
                    "A one-time grant of up to $800 per year."),
                   ("llm paraphrase", "What is the largest Student Emergency Fund grant?",
                    "A one-time grant of up to $800 per year.")]
    assert summary.dropped == Counter({"number not in the chunk": 1, "paraphrase repeats a question": 1,
                                       "paraphrase changes a number": 1})
    assert "handbook.pdf, p. 15 (labelled 12)" in gen.calls[0][0]["content"] and CHUNK in gen.calls[0][0]["content"]
    assert summary.facts == Counter({"llm": 1, "section": 1})  # the section heading gives a structural pair too


def test_raft_example_holds_the_gold_passage_in_the_answering_prompt():
    gold = as_hit(_Row())
    others = [as_hit(type("R", (_Row,), {"id": i, "text": f"Unrelated passage number {i} about parking."})())
              for i in (20, 21, 22)]
    gen = FakeGenerator()
    messages = raft_messages("How much is the grant?", "Up to $800.", gold, others, gen, seed=0,
                             max_new_tokens=256, max_context_tokens=4096)
    assert messages[0] == {"role": "system", "content": SYSTEM}
    shown = [h for h in [gold, *others] if h.text in messages[1]["content"]]
    assert len(shown) == 4
    order = sorted(shown, key=lambda h: messages[1]["content"].index(h.text))
    assert messages[1]["content"] == user_message("How much is the grant?", order)  # rag/prompt.py's format
    n = order.index(gold) + 1
    assert messages[2] == {"role": "assistant", "content": f"Up to $800. [{n}]"}
    assert messages == raft_messages("How much is the grant?", "Up to $800.", gold, others, gen, seed=0,
                                     max_new_tokens=256, max_context_tokens=4096)  # deterministic


# -- built from a handbook index --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def handbook_index(tmp_path_factory):
    from rag.config import load_config
    from rag.indexing import ingest

    folder = tmp_path_factory.mktemp("handbook-index")
    cfg = load_config(overrides=["embedder.model=fake", "load.reader=thread"], index_dir=str(folder))
    ingest([str(ROOT / "data" / "handbook.pdf")], cfg, FakeEmbedder())
    return folder


def test_build_on_the_handbook_gives_table_pairs_with_headers_and_a_split_by_chunk(handbook_index, tmp_path):
    out = tmp_path / "handbook.jsonl"
    index = Index(handbook_index)
    summary = build_examples(index, FakeGenerator(), BuildOptions(per_chunk=0, paraphrases=1, raft=True,
                                                                  val_fraction=0.2), out)
    examples = read_jsonl(out)
    assert summary.chunks == len(index.chunk_ids()) and summary.train + summary.val == len(examples)
    fee = [ex for ex in examples if ex.kind == "table" and ex.messages[0]["content"] == "What is the amount for Technology fee?"]
    assert fee and fee[0].messages[1]["content"] == "Technology fee: $145 (Basis: per semester)"
    assert fee[0].source["file"] == "handbook.pdf" and fee[0].source["page"] == 13
    chunk = index.chunks([fee[0].source["chunk_id"]])[fee[0].source["chunk_id"]]
    assert "$145" in chunk.text and "Technology fee" in chunk.text
    assert {"table", "rule", "section", "raft"} <= set(summary.kinds)
    sides: dict[int, set] = {}
    for ex in examples:
        sides.setdefault(ex.source["chunk_id"], set()).add(ex.split)
    assert all(len(s) == 1 for s in sides.values()) and {"train", "val"} == set().union(*sides.values())
    raft = next(ex for ex in examples if ex.kind == "raft")
    assert raft.messages[0]["content"] == SYSTEM and raft.messages[-1]["content"].endswith("]")


def _build(*args, index_dir):
    obj = {"config_file": None, "overrides": ["generate.model=fake", "embedder.model=fake"], "index_dir": str(index_dir)}
    return CliRunner().invoke(data_group, ["build", *args], obj=obj)


def test_cli_build_summary_json_and_an_empty_index(handbook_index, tmp_path):
    out = tmp_path / "t.jsonl"
    result = _build("--out", str(out), "--limit", "12", "--per-chunk", "1", index_dir=handbook_index)
    assert result.exit_code == 0, result.output
    assert "read 12 chunks; kept" in result.output and "table" in result.output
    progress = [line for line in result.output.splitlines() if line.startswith("chunk ")]  # a log: every 10
    assert [line.split(" (")[0] for line in progress] == ["chunk 10/12", "chunk 12/12"], result.output
    assert "12 model reply had no Q:/A: pairs" in result.output  # the fake model writes none
    assert f"examples to {out}" in result.output
    report = json.loads(_build("--out", str(out), "--limit", "3", "--per-chunk", "0", "--json",
                               index_dir=handbook_index).output)
    assert report["chunks"] == 3 and report["out"] == str(out)
    missing = _build("--out", str(out), index_dir=tmp_path / "none")
    assert missing.exit_code == 1 and missing.output.startswith("rag: error: no index at")
    Index(tmp_path / "empty", create=True).close()
    empty = _build("--out", str(out), index_dir=tmp_path / "empty")
    assert empty.exit_code == 1 and "holds no chunks" in empty.output
    assert "must be at least 0" in _build("--out", str(out), "--per-chunk", "-1", index_dir=handbook_index).output
