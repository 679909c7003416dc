"""ingest.tables: tables that PDF text gives one cell a line, found and put back a row a line."""
from __future__ import annotations

from ingest.tables import cells_to_rows, find_tables, rows_inline

FEES = """8.1 Tuition and mandatory fees
The Board of Trustees set the following rates.
Charge
Amount
Basis
Tuition, 1-11 credits
$465
per credit
Tuition, 12-18 credits (flat rate)
$6,420
per semester
Tuition, each credit above 18
$390
per credit
Students who register late pay a fee."""


def test_a_fee_table_is_shown_a_row_a_line_and_the_prose_around_it_is_kept():
    out = rows_inline(FEES).split("\n")
    assert out[:2] == FEES.split("\n")[:2] and out[-1] == "Students who register late pay a fee."
    assert out[2:6] == ["Charge | Amount | Basis", "Tuition, 1-11 credits | $465 | per credit",
                        "Tuition, 12-18 credits (flat rate) | $6,420 | per semester",
                        "Tuition, each credit above 18 | $390 | per credit"]


def test_dates_are_values_and_labels_with_digits_are_labels():
    calendar = ["Event", "Date", "First day of classes", "Monday, August 31, 2026", "Last day to add a course",
                "Friday, September 4, 2026", "Labor Day, no classes", "Monday, September 7, 2026"]
    assert cells_to_rows(calendar)[1] == ["First day of classes", "Monday, August 31, 2026"]
    plans = ["Meal plan", "Included", "Price", "Ridge 19", "19 meals a week", "$2,480", "Ridge 14",
             "14 meals a week", "$2,260", "Block 160", "160 meals a semester", "$2,090"]
    assert cells_to_rows(plans) == [["Meal plan", "Included", "Price"], ["Ridge 19", "19 meals a week", "$2,480"],
                                    ["Ridge 14", "14 meals a week", "$2,260"],
                                    ["Block 160", "160 meals a semester", "$2,090"]]


def test_what_cannot_be_read_for_sure_is_left_as_it_is():
    cut_inside = "3.7\nB+\n87-89\n3.3\nB\n83-86\n3.0\nB-\n80-82\n2.7"  # no header: a chunk cut inside a table
    assert rows_inline(cut_inside) == cut_inside
    header_lost = "Included\nPrice\nRidge 19\n19 meals a week\n$2,480\nRidge 14\n14 meals a week\n$2,260"
    assert rows_inline(header_lost) == header_lost  # two columns would pair a price with the next plan's name
    names = "Our staff\nAnna Berg\nCarl Dunn\nEva Fisk\nGus Hale"
    assert rows_inline(names) == names  # no column of values: a list, not a table
    piped = "Year | Revenue\n2023 | 10\n2024 | 12"
    assert rows_inline(piped) == piped and find_tables(piped.split("\n"))[0][2][2] == ["2024", "12"]


def test_the_model_reads_table_rows_in_its_passages():
    from rag.prompt import passage_text
    from rag.retrieve import Hit

    hit = Hit(chunk_id=1, score=1.0, text=FEES, file="handbook.pdf", path="/handbook.pdf", page_start=13,
              page_end=13, label_start="10", label_end="10")
    assert "Tuition, 1-11 credits | $465 | per credit" in passage_text(hit)
