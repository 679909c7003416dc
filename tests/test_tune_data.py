"""Importing and checking fine-tuning examples (rag/tune/data.py, rag/tune/formats.py, `rag tune data check`)."""
import json

import pytest
from click.testing import CliRunner

from rag.cli.tune_data import data_group
from rag.errors import RagError, TuneError
from rag.fakes import FakeGenerator
from rag.tune.data import Example, assign_split, check_file, import_file, read_jsonl
from tests.conftest import ROOT, write_rows

COUNT = FakeGenerator().prompt_tokens
USER_ASSISTANT = [{"role": "user", "content": "When is the refund deadline?"},
                  {"role": "assistant", "content": "Friday, September 4."}]


def _messages(path, **kwargs):
    examples, malformed, _ = import_file(path, **kwargs)
    return [ex.messages for ex in examples], malformed


def test_openai_prompt_completion_and_messages(tmp_path):
    path = write_rows(tmp_path / "a.jsonl", [
        {"prompt": "When is the refund deadline?", "completion": " Friday, September 4."},
        {"messages": [{"role": "system", "content": "Be brief."}, *USER_ASSISTANT]},
    ])
    got, malformed = _messages(path)
    assert got == [USER_ASSISTANT, [{"role": "system", "content": "Be brief."}, *USER_ASSISTANT]]
    assert malformed == []


def test_alpaca_with_and_without_input(tmp_path):
    path = tmp_path / "alpaca.json"
    path.write_text(json.dumps([
        {"instruction": "Give the refund deadline.", "input": "", "output": "Friday, September 4."},
        {"instruction": "Summarise the rule.", "input": "Rule 3.1.2: the normal load is 15 to 16 credits.",
         "output": "Students normally take 15 to 16 credits."},
    ]))
    got, _ = _messages(path)
    assert got[0][0] == {"role": "user", "content": "Give the refund deadline."}
    assert got[1][0]["content"] == "Summarise the rule.\n\nRule 3.1.2: the normal load is 15 to 16 credits."
    assert got[1][1] == {"role": "assistant", "content": "Students normally take 15 to 16 credits."}


def test_csv_and_tsv_with_row_numbers(tmp_path):
    (tmp_path / "q.csv").write_text('Question,Answer\n"When is the refund deadline?","Friday, September 4."\n'
                                    ",no question here\n")
    got, malformed = _messages(tmp_path / "q.csv")
    assert got == [USER_ASSISTANT]
    assert malformed == [("row 3", "'question' is missing or empty")]
    (tmp_path / "p.tsv").write_text("prompt\tcompletion\nWhen is the refund deadline?\tFriday, September 4.\n")
    assert _messages(tmp_path / "p.tsv")[0] == [USER_ASSISTANT]


def test_handbook_question_set_keeps_its_pages(tmp_path):
    examples, malformed, rows = import_file(ROOT / "data" / "handbook_qa.jsonl")
    assert rows == len(examples) >= 40 and malformed == []
    assert examples[1].source == {"file": None, "page": 4, "chunk_id": None}
    assert examples[1].messages[0]["content"].startswith("When was Halverton Ridge founded")


def test_malformed_rows_are_reported_with_line_numbers_and_skipped(tmp_path):
    path = write_rows(tmp_path / "m.jsonl", [
        {"prompt": "When is the refund deadline?", "completion": "Friday, September 4."},
        "{not json",
        "",
        {"messages": [{"role": "assistant", "content": "no question"}]},
        {"messages": [{"role": "user", "content": "hi"}]},
        {"title": "neither"},
        ["a list"],
    ])
    got, malformed = _messages(path)
    assert len(got) == 1
    assert [w for w, _ in malformed] == ["line 2", "line 4", "line 5", "line 6", "line 7"]
    assert "not valid JSON" in malformed[0][1] and "no user message" in malformed[1][1]
    assert "last message must be the assistant's" in malformed[2][1] and "no known fields" in malformed[3][1]
    with pytest.raises(RagError, match=r"m.jsonl line 2: not valid JSON.*--strict refuses the import"):
        import_file(path, strict=True)


def test_xlsx_needs_openpyxl_or_reads_the_sheet(tmp_path):
    path = tmp_path / "q.xlsx"
    try:
        import openpyxl
    except ImportError:
        path.write_bytes(b"PK")
        with pytest.raises(RagError, match="pip install openpyxl"):
            import_file(path)
        return
    book = openpyxl.Workbook()
    book.active.append(["question", "answer"])
    book.active.append(["When is the refund deadline?", "Friday, September 4."])
    book.save(path)
    assert _messages(path)[0] == [USER_ASSISTANT]


def test_unsupported_or_missing_files_are_one_clear_error(tmp_path):
    with pytest.raises(RagError, match="unsupported format '.txt'"):
        import_file(tmp_path / "notes.txt")
    with pytest.raises(RagError, match="does not exist"):
        import_file(tmp_path / "gone.jsonl")


def test_check_reports_duplicates_over_long_tokens_and_split(tmp_path):
    rows = [{"question": f"What is fact {i}?", "answer": f"Fact {i} is true."} for i in range(20)]
    rows += [{"question": "  WHAT is fact 3? ", "answer": "fact 3 is   true."},  # line 21: same as line 4
             {"question": "Tell me everything.", "answer": "word " * 300}]  # line 22: over-long
    path = write_rows(tmp_path / "d.jsonl", rows)
    out = tmp_path / "out" / "d.jsonl"
    report = check_file(path, out, COUNT, max_tokens=100, val_fraction=0.2, seed=0)
    assert report.duplicates == [("line 21", "line 4")]
    assert [w for w, _ in report.over_long] == ["line 22"] and report.over_long[0][1] > 300
    assert report.tokens["min"] <= report.tokens["median"] <= report.tokens["p95"] <= report.tokens["max"]
    assert (report.train, report.val, report.examples) == (16, 4, 20)
    written = read_jsonl(out)
    assert len(written) == 20 and {ex.split for ex in written} == {"train", "val"}
    line = json.loads(out.read_text().splitlines()[0])
    assert set(line) == {"messages", "source", "split", "kind"} and line["kind"] == "imported"


def test_split_keeps_each_source_chunk_on_one_side_and_is_seeded():
    examples = [Example([{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": "a"}],
                        {"file": "h.pdf", "page": 1, "chunk_id": i % 7}) for i in range(70)]
    by = assign_split(examples, 0.3, seed=1)
    assert "source chunk" in by
    sides: dict[int, set] = {}
    for ex in examples:
        sides.setdefault(ex.source["chunk_id"], set()).add(ex.split)
    assert all(len(s) == 1 for s in sides.values())
    assert sum(s == {"val"} for s in sides.values()) == 2  # round(0.3 x 7 chunks)
    first = [ex.split for ex in examples]
    assign_split(examples, 0.3, seed=1)
    assert [ex.split for ex in examples] == first

    def sides_for(seed):
        assign_split(examples, 0.3, seed=seed)
        return [ex.split for ex in examples]
    assert any(sides_for(s) != first for s in range(2, 8))  # another seed, another split


def test_without_a_source_the_split_is_by_normalised_question():
    def ex(q):
        return Example([{"role": "user", "content": q}, {"role": "assistant", "content": "a"}])
    examples = [ex(f"Question {i}?") for i in range(10)] + [ex("  QUESTION 0? ")]
    assert "question" in assign_split(examples, 0.5, seed=0)
    assert examples[0].split == examples[-1].split



def test_read_jsonl_is_the_trainers_reader(tmp_path):
    """Lines of any file name, each keeping its split (train when unmarked) and kind; a bad line is a
    TuneError naming it."""
    path = write_rows(tmp_path / "d.txt", [{"messages": USER_ASSISTANT, "split": "val", "kind": "rule"},
                                           {"prompt": "When is the refund deadline?", "completion": "Friday."}])
    assert [(ex.split, ex.kind) for ex in read_jsonl(path)] == [("val", "rule"), ("train", "imported")]
    bad = write_rows(tmp_path / "bad.jsonl", [{"messages": USER_ASSISTANT},
                                              {"messages": USER_ASSISTANT, "split": "test"}])
    with pytest.raises(TuneError, match=r"bad.jsonl line 2: split must be train or val, not 'test'; training reads"):
        read_jsonl(bad)
    with pytest.raises(TuneError, match="training data .*gone.jsonl not found"):
        read_jsonl(tmp_path / "gone.jsonl")

# -- the CLI ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny_tokenizer(tmp_path_factory):
    """A model folder with just the tiny test tokenizer and a config: enough to count tokens."""
    from tests.tiny_llm import build_tokenizer

    folder = tmp_path_factory.mktemp("tiny-tok")
    build_tokenizer().save_pretrained(folder)
    (folder / "config.json").write_text('{"model_type": "llama", "max_position_embeddings": 512}')
    return folder


def _check(*args, tmp_path):
    obj = {"config_file": None, "overrides": ["generate.model=fake"], "index_dir": str(tmp_path / "index")}
    return CliRunner().invoke(data_group, ["check", *args], obj=obj)


def test_cli_check_text_and_json_with_the_models_tokens(tmp_path, tiny_tokenizer):
    path = write_rows(tmp_path / "d.jsonl", [{"prompt": "When is the refund deadline?", "completion": "Friday."},
                                         {"prompt": "When is the refund deadline?", "completion": "Friday."},
                                         "oops"])
    out = tmp_path / "clean.jsonl"
    result = _check(str(path), "--out", str(out), "--model", str(tiny_tokenizer), tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    assert "read 3 rows from" in result.output and "1 malformed, skipped:\n  line 3: not valid JSON" in result.output
    assert "1 duplicates, skipped:\n  line 2 (same as line 1)" in result.output
    assert "split: 1 train, 0 val" in result.output and f"wrote 1 examples to {out}" in result.output
    from rag.generate import TransformersGenerator

    tokens = TransformersGenerator(tiny_tokenizer).prompt_tokens(read_jsonl(out)[0].messages)
    report = json.loads(_check(str(path), "--model", str(tiny_tokenizer), "--json", tmp_path=tmp_path).output)
    assert report["tokens"] == {"min": tokens, "median": tokens, "p95": tokens, "max": tokens}
    assert report["duplicates"] == [{"where": "line 2", "same_as": "line 1"}] and report["out"] == ""


def test_cli_check_strict_and_errors_are_one_line(tmp_path):
    path = write_rows(tmp_path / "d.jsonl", [{"prompt": "q?", "completion": "a"},
                                             {"prompt": "", "completion": "a"}])
    result = _check(str(path), "--strict", tmp_path=tmp_path)
    assert result.exit_code == 1
    assert result.output.strip() == "rag: error: d.jsonl line 2: 'prompt' is missing or empty; --strict refuses the import"
    bad = _check(str(tmp_path / "x.docx"), tmp_path=tmp_path)
    assert bad.exit_code == 1 and "unsupported format '.docx'" in bad.output and "Traceback" not in bad.output
    model = _check(str(path), "--model", str(tmp_path / "no-such-model"), tmp_path=tmp_path)
    assert model.exit_code == 1 and model.output.count("\n") == 1 and "does not exist" in model.output
    empty = write_rows(tmp_path / "e.jsonl", ["{}"])
    assert "no usable examples in 1 rows" in _check(str(empty), tmp_path=tmp_path).output
