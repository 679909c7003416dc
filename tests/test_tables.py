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


# -- period columns (label_columns) --------------------------------------------------------------------------
SPLIT_HEADS = """Net sales by category for the three- and nine-month periods were as follows (in millions):
Three Months Ended Nine Months Ended
July 1,
2023
June 25,
2022 Change
July 1,
2023
June 25,
2022 Change
Net sales by category:
iPhone $ 39,669 $ 40,665 (2)% $ 156,778 $ 162,863 (4)%
Services 21,213 19,604 8 % 62,886 58,941 7 %
Other 12 14 40"""


def test_each_figure_of_a_filing_table_is_written_with_its_period():
    from ingest.tables import label_columns

    out = label_columns(SPLIT_HEADS).split("\n")
    assert out[:11] == SPLIT_HEADS.split("\n")[:11]  # the heads and the text above them as printed
    assert out[11] == ("iPhone | three months 2023: $39,669 | three months 2022: $40,665 | Change: (2)% | "
                       "nine months 2023: $156,778 | nine months 2022: $162,863 | Change: (4)%")
    assert out[12].startswith("Services | three months 2023: 21,213 |") and out[12].endswith("Change: 7%")
    assert out[13] == "Other 12 14 40"  # three figures under six heads: left as printed


def test_month_days_over_years_and_heads_from_the_chunks_heading():
    from ingest.tables import column_heads, label_columns

    text = "Three Months Ended Six Months Ended\nJuly 30, July 31, July 30, July 31,\n2023 2022 2023 2022\n" \
           "Revenue $ 13,507 $ 6,704 $ 20,699 $ 14,992"
    assert label_columns(text).split("\n")[-1] == ("Revenue | three months 2023: $13,507 | three months 2022: "
                                                   "$6,704 | six months 2023: $20,699 | six months 2022: $14,992")
    heading = "Consolidated Condensed Statements of Income Three Months Ended (In Millions; Unaudited) " \
              "Apr 1, 2023 Apr 2, 2022 Operating activities:"  # a chunk cut inside the table carries its heads
    assert column_heads(heading)[0] == ["Three Months Ended Apr 1, 2023", "Three Months Ended Apr 2, 2022"]
    assert label_columns("Net income (loss) (2,768) 8,113", heading) == \
        "Net income (loss) | three months 2023: (2,768) | three months 2022: 8,113"
    # a heading that ends with a group's label and a sub-group's name ("Operating segment revenue: Client Computing")
    nested = "Net revenue and operating income (loss) for each period were as follows: Three Months Ended Nine Months " \
             "Ended (In Millions) Oct 1, 2022 Sep 25, 2021 Oct 1, 2022 Sep 25, 2021 Operating segment revenue: Client " \
             "Computing"
    assert label_columns("Graphics (378) (222) (1,275) (566)", nested, months=3) == \
        "Graphics | three months 2022: (378) million | three months 2021: (222) million"
    balance = "June 24, 2023 December 31, 2022\nTotal assets $ 80,102 $ 76,500"
    assert label_columns(balance).endswith("Total assets | June 24, 2023: $80,102 | December 31, 2022: $76,500")


def test_prose_ends_the_heads_and_other_text_is_left_alone():
    from ingest.tables import label_columns

    text = "Year Ended\nDecember 31, 2023 December 31, 2022\nRevenue 10 12\n" \
           "Revenue rose because customers bought more of everything we sell, mostly in the fourth quarter.\n" \
           "Segment A 5 6"
    out = label_columns(text).split("\n")
    assert out[2] == "Revenue | year 2023: 10 | year 2022: 12"
    assert out[4] == "Segment A 5 6"  # another table after prose: its heads are not known
    calendar = "First day of classes Monday, August 31, 2026\nFall break October 12, 2026 October 13, 2026\nFees 1 2"
    assert label_columns(FEES) == FEES and label_columns(rows_inline(FEES)) == rows_inline(FEES)
    assert label_columns("Due March 1, 2024 and June 1, 2024: pay 400 500") == \
        "Due March 1, 2024 and June 1, 2024: pay 400 500"
    assert label_columns(calendar) == calendar  # two dates after words are a calendar's row, not heads
    # but column names that end in two days, over rows of amounts, are heads: Amazon's notes
    debt = ("Maturities (1) Stated Interest Rates Effective Interest Rates December 31, 2022 June 30, 2023\n"
            "Credit Facility 1,042 972\nTotal face value of long-term debt 70,542 67,472")
    assert label_columns(debt).split("\n")[2] == \
        "Total face value of long-term debt | December 31, 2022: 70,542 | June 30, 2023: 67,472"


def test_with_the_switch_on_the_model_reads_each_figure_with_its_period(monkeypatch):
    import rag.prompt
    from rag.prompt import passage_text
    from rag.retrieve import Hit

    hit = Hit(chunk_id=2, score=1.0, text="Gross margin 35,885 35,255 132,687 117,662\nOperating expenses:",
              file="2022 Q3 AAPL.pdf", path="/q.pdf", page_start=4, page_end=4, label_start="4", label_end="4",
              heading="STATEMENTS OF OPERATIONS (In millions) Three Months Ended Nine Months Ended June 25, 2022 "
                      "June 26, 2021 June 25, 2022 June 26, 2021 Net sales:")
    assert passage_text(hit).split("\n")[2] == hit.text.split("\n")[0]  # off (measured, not kept): as printed
    monkeypatch.setattr(rag.prompt, "LABEL_COLUMNS", True)
    shown = passage_text(hit).split("\n")
    assert shown[0] == hit.heading and shown[1] == "[…]"
    assert shown[2] == ("Gross margin | three months 2022: 35,885 | three months 2021: 35,255 | "
                        "nine months 2022: 132,687 | nine months 2021: 117,662")


# -- the columns of the span a question asks about (PERIOD_COLUMNS) ---------------------------------------------
def test_head_months_reads_the_span_of_a_column():
    from ingest.tables import column_spans, head_months

    assert [head_months(h) for h in ("Three Months Ended July 1, 2023", "Thirty-nine weeks ended Oct 1, 2023",
                                     "13 Weeks Ended", "26 weeks ended", "Six Months Ended", "Year Ended June 30, 2023",
                                     "Quarter Ended", "July 1, 2023", "Change")] == [3, 9, 3, 6, 6, 12, 3, None, None]
    assert column_spans(["Three Months Ended A, 2023", "Three Months Ended A, 2022", "Change",
                         "Nine Months Ended A, 2023", "Change"]) == [3, 3, 3, 9, 9]


def test_a_question_about_one_span_keeps_that_spans_columns():
    from ingest.tables import label_columns

    rows = label_columns(SPLIT_HEADS, months=3).split("\n")  # "... as follows (in millions):"
    assert rows[11] == "iPhone | three months 2023: $39,669 million | three months 2022: $40,665 million | Change: (2)%"
    assert label_columns(SPLIT_HEADS, months=9).split("\n")[12] == \
        "Services | nine months 2023: 62,886 million | nine months 2022: 58,941 million | Change: 7%"
    # no column of the span asked about (a six-month question, a balance sheet): every column is kept
    assert label_columns(SPLIT_HEADS, months=6).replace(" million |", " |") == label_columns(SPLIT_HEADS)
    balance = "June 24, 2023 December 31, 2022\nTotal assets $ 80,102 $ 76,500"
    assert label_columns(balance, months=3) == label_columns(balance)


def test_months_asked_tells_the_span_from_the_name_of_the_report():
    from rag.prompt import months_asked

    assert months_asked("For the latest quarter, what was the total revenue from iPhone sales?") == 3
    assert months_asked("How did NVIDIA's operating expenses compare to its revenues in Q1 2023?") == 3
    assert months_asked("In the first quarter of 2023, how much did Apple spend on R&D?") == 3
    assert months_asked("How much did Microsoft pay in dividends in the three months ended September 30, 2022?") == 3
    assert months_asked("How much did Intel spend on share repurchases in the first half of 2023?") == 6
    assert months_asked("What were Intel's additions to PP&E for the first nine months of 2023?") == 9
    # the report named, not a span: a cash flow statement in "the Q3 2022 10-Q" covers nine months
    assert months_asked("What was Apple's cash flow from operating activities as reported in the Q3 2022 10-Q?") is None
    assert months_asked("What effective tax rate did Apple report in its latest quarterly filing?") is None
    assert months_asked("Compare the three months and the nine months ended July 1, 2023.") is None  # two spans
    assert months_asked("What is the refund deadline?") is None


def test_with_period_columns_the_model_reads_the_span_asked_about_and_the_guard_all(monkeypatch):
    import rag.prompt
    from rag.prompt import passage_text, user_message
    from rag.retrieve import Hit

    hit = Hit(chunk_id=2, score=1.0, text="Gross margin 35,885 35,255 132,687 117,662", file="2022 Q3 AAPL.pdf",
              path="/q.pdf", page_start=4, page_end=4, label_start="4", label_end="4",
              heading="STATEMENTS OF OPERATIONS (In millions) Three Months Ended Nine Months Ended June 25, 2022 "
                      "June 26, 2021 June 25, 2022 June 26, 2021 Net sales:")
    question = "What was Apple's gross margin in the latest quarter?"
    monkeypatch.setattr(rag.prompt, "PERIOD_COLUMNS", False)
    assert "Gross margin 35,885 35,255 132,687 117,662" in user_message(question, [hit])  # off: as printed
    monkeypatch.setattr(rag.prompt, "PERIOD_COLUMNS", True)
    assert "Gross margin | three months 2022: 35,885 million | three months 2021: 35,255 million\n" in \
        user_message(question, [hit]) + "\n"
    assert "132,687" in passage_text(hit)  # what the guard reads (no question): every column
    assert "Gross margin 35,885 35,255 132,687 117,662" in user_message("What was Apple's gross margin?", [hit])


def test_a_span_asked_about_writes_the_tables_unit_with_its_figures():
    from ingest.tables import label_columns, table_unit

    assert table_unit("(In millions)") == ("million", False)
    assert table_unit("(In Millions, Except Per Share Amounts; Unaudited)") == ("million", True)
    # a scale for rows of shares: theirs; the amounts' where the bracket does not say which rows are net income's
    assert table_unit("(in millions, except number of shares which are reflected in thousands)") == \
        ("million", True, "thousand")
    assert table_unit("(net income in millions and shares in thousands)") == ("", True, "thousand")
    assert table_unit("(in millions and in thousands)") is None  # two units, neither said of what: none written
    note = "(net income in millions and shares in thousands):\nThree Months Ended\nJune 25, 2022 June 26, 2021\n" \
           "Net income $ 19,442 $ 21,744\nEffect of dilutive securities 99,258 152,364\n" \
           "Weighted-average diluted shares 16,262,203 16,781,735\nDiluted earnings per share $ 1.20 $ 1.30"
    assert label_columns(note, months=3).split("\n")[3:] == [
        "Net income | three months 2022: $19,442 | three months 2021: $21,744",
        "Effect of dilutive securities | three months 2022: 99,258 | three months 2021: 152,364",
        "Weighted-average diluted shares | three months 2022: 16,262,203 thousand | three months 2021: 16,781,735 thousand",
        "Diluted earnings per share | three months 2022: $1.20 | three months 2021: $1.30"]
    assert table_unit("(Dollars in thousands)") == ("thousand", False) and table_unit("Net sales") is None
    text = "(In millions, except per share amounts)\nThree Months Ended Six Months Ended\n" \
           "July 30, July 31, July 30, July 31,\n2023 2022 2023 2022\n" \
           "Revenue $ 13,507 $ 6,704 $ 20,699 $ 14,992\nNet income (loss) (2,768) 8,113 1 2\n" \
           "Diluted $ 1.26 $ 1.20 $ 5.08 $ 4.95\nGross margin 70.1 % 43.5 % 66.8 % 53.4 %\n" \
           "Weighted average shares used in per share computation 2,473 2,495 2,470 2,500"
    rows = label_columns(text, months=3).split("\n")[4:]
    assert rows == ["Revenue | three months 2023: $13,507 million | three months 2022: $6,704 million",
                    "Net income (loss) | three months 2023: (2,768) million | three months 2022: 8,113 million",
                    "Diluted | three months 2023: $1.26 | three months 2022: $1.20",  # excepted: per share
                    "Gross margin | three months 2023: 70.1% | three months 2022: 43.5%",
                    "Weighted average shares used in per share computation | three months 2023: 2,473 | "
                    "three months 2022: 2,495"]
    assert "13,507 million" not in label_columns(text)  # without a span asked about: the figures as labelled before
    heading = "STATEMENTS OF INCOME (In millions) Three Months Ended Nine Months Ended June 25, 2022 June 26, 2021 " \
              "June 25, 2022 June 26, 2021"  # a chunk cut inside the table: the unit from its heading
    assert label_columns("Gross margin 35,885 35,255 132,687 117,662", heading, months=9) == \
        "Gross margin | nine months 2022: 132,687 million | nine months 2021: 117,662 million"


def test_a_unit_whose_bracket_the_pdf_broke_before_it_closed_still_counts():
    from ingest.tables import label_columns, table_unit

    assert table_unit("(In Millions, Except Per Share") == ("million", True)
    assert table_unit("(in thousands") == ("thousand", False) and table_unit("(in the aggregate") is None
    text = ("Consolidated Condensed Results of Operations\nThree Months Ended Nine Months Ended\n"
            "Q3 2023 Q3 2022 YTD 2023 YTD 2022\n(In Millions, Except Per Share\nAmounts) Amount\n% of Net\n"
            "Revenue Amount\n% of Net\nRevenue Amount\n% of Net\nRevenue Amount\n% of Net\nRevenue\n"
            "Net revenue $ 14,158 100.0 % $ 15,338 100.0 % $ 38,822 100.0 % $ 49,012 100.0 %")
    last = label_columns(text, units=True, full_heads=True).split("\n")[-1]
    assert "$38,822 million (100.0%)" in last and "$14,158 million (100.0%)" in last
    assert "million" not in label_columns(text.replace("(In Millions, Except Per Share\nAmounts)", "Amounts"),
                                          units=True, full_heads=True).split("\n")[-1]  # no unit printed: none written


# -- more layouts of a filing's heads (tenth session) -------------------------------------------------------------
def test_heads_with_the_unit_beside_them_or_after_them():
    from ingest.tables import label_columns

    dates_after_unit = ("Consolidated Condensed Statements of Income\n Three Months Ended Nine Months Ended\n"
                        "(In Millions, Except Per Share Amounts; Unaudited) Sep 30, 2023 Oct 1, 2022 Sep 30, 2023 "
                        "Oct 1, 2022\nNet revenue $ 14,158 $ 15,338 $ 38,822 $ 49,012")  # a 96-character head line
    assert label_columns(dates_after_unit, months=3).split("\n")[-1] == \
        "Net revenue | three months 2023: $14,158 million | three months 2022: $15,338 million"
    heading = ("Three Months Ended Nine Months Ended October 30, October 31, October 30, October 31, 2022 2021 2022 "
               "2021 (In millions) Revenue:")  # the unit and a row group's label after the heads
    assert label_columns("Total revenue $ 5,931 $ 7,103 $ 20,923 $ 19,271", heading, months=9) == \
        "Total revenue | nine months 2022: $20,923 million | nine months 2021: $19,271 million"
    assert label_columns("Total revenue 1 2 3 4 5", heading) == "Total revenue 1 2 3 4 5"  # five figures, four heads


def test_change_columns_named_in_words_and_printed_above_the_years():
    from ingest.tables import column_heads, column_spans, label_columns

    summary = ("Three Months Ended\n July 30, 2023 April 30, 2023 July 31, 2022\nQuarter-over-Quarter\nChange\n"
               "Year-over-Year\nChange\n($ in millions, except per share data)\n"
               "Operating income $ 6,800 $ 2,140 $ 499 218 % 1,263 %")
    assert label_columns(summary).split("\n")[-1] == (
        "Operating income | Three Months Ended July 30, 2023: $6,800 | Three Months Ended April 30, 2023: $2,140 | "
        "three months 2022: $499 | Quarter-over-Quarter Change: 218% | Year-over-Year Change: 1,263%")
    stacked = ("(In millions, except percentages)\nThree Months Ended\nDecember 31,\nPercentage\nChange\n"
               " Six Months Ended\nDecember 31,\n  Percentage\nChange\n\n     2022  2021      2022   2021\n"
               "   Research and development  $ 6,844  $ 5,758   19%  $ 13,472  $ 11,357   19%")
    heads = column_heads(" ".join(stacked.split("\n")[1:11]))[0]
    assert heads == ["Three Months Ended December 31, 2022", "Three Months Ended December 31, 2021", "Change",
                     "Six Months Ended December 31, 2022", "Six Months Ended December 31, 2021", "Change"]
    assert column_spans(heads) == [3, 3, 3, 6, 6, 6]
    assert label_columns(stacked, months=6).split("\n")[-1] == (
        "Research and development | six months 2022: $13,472 million | six months 2021: $11,357 million | "
        "Change: 19%")
    # the years beside their periods (the usual layout) are not read as stacked
    assert column_heads("Three Months Ended Nine Months Ended July 1, 2023 June 25, 2022 Change July 1, 2023 "
                        "June 25, 2022 Change")[0][2] == "Change"


def test_quarters_year_to_date_and_a_share_beside_each_amount():
    from ingest.tables import column_spans, label_columns

    taxes = ("(In Millions) Q3 2023 Q3 2022 YTD 2023 YTD 2022\n"
             "Effective tax rate 696.2 % 642.0 % 51.4 % (1.3)%")
    assert label_columns(taxes, months=9).split("\n")[-1] == "Effective tax rate | YTD 2023: 51.4% | YTD 2022: (1.3)%"
    assert column_spans(["Q2 2023", "Q2 2022", "YTD 2023", "YTD 2022"]) == [3, 3, 6, 6]
    assert column_spans(["YTD 2023", "YTD 2022"]) == [None, None]  # no quarter named: year to date is not known
    heading = ("Three Months Ended Nine Months Ended Q3 2023 Q3 2022 YTD 2023 YTD 2022 (In Millions, Except Per Share "
               "Amounts) Amount % of Net Revenue Amount % of Net Revenue Amount % of Net Revenue Amount % of Net Revenue")
    rows = "Research and development 3,870 27.3 % 4,302 28.0 % 12,059 31.1 % 13,064 26.7 %\n" \
           "Operating income (loss) (8) (0.1)% (175) (1.1)% (2,492) (6.4)% 3,466 7.1 %\n" \
           "Headcount 1 2 3 4 5 6 7 8"
    out = label_columns(rows, heading, months=3).split("\n")
    assert out[0] == "Research and development | three months 2023: 3,870 million (27.3%) | " \
                     "three months 2022: 4,302 million (28.0%)"
    assert out[1].endswith("three months 2022: (175) million (-1.1%)")
    assert out[2] == "Headcount 1 2 3 4 5 6 7 8"  # eight figures, but not an amount and a share each


def test_a_row_whose_label_holds_figures_is_labelled_by_its_last_figures():
    from ingest.tables import label_columns

    text = ("CONSOLIDATED BALANCE SHEETS\n(In millions, except par value)\nJune 30,\n2024 2023\n"
            "Accounts receivable, less allowance for credit losses of $14 and $12 642 611\nInventories 785 742")
    out = label_columns(text, "", 12)
    assert "Accounts receivable, less allowance for credit losses of $14 and $12 | June 30, 2024: 642 million | " \
           "2023: 611 million" in out
    assert "Inventories | June 30, 2024: 785 million" in out
    assert "Revenue 12 34 56" in label_columns("Three Months Ended\nJuly 30, 2023 July 31, 2022\nRevenue 12 34 56")
    # a bracket of the label that ends in a figure ("..., 2022)") is the label's, not a column's
    intel = ("Consolidated Condensed Balance Sheets\n(In Millions; Unaudited) Sep 30, 2023 Dec 31, 2022\n"
             "Property, plant, and equipment, net of accumulated depreciation of $97,122 ($93,386 as of December 31, "
             "2022) 93,352 80,860\nGoodwill 27,591 27,591")
    assert "2022) | Sep 30, 2023: 93,352 million | Dec 31, 2022: 80,860 million" in label_columns(intel, "", 12)


def test_lines_that_are_whole_rows_already_are_not_joined_as_cells():
    from ingest.tables import rows_inline

    note = ("(In millions) June 30, 2024 June 30, 2023\nRaw materials 298 281\nWork in process 171 164\n"
            "Finished goods 316 297\nTotal inventories 785 742")
    assert rows_inline(note) == note  # before: "Work in process 171 164 | Finished goods 316 297"
    cells = "Meal plan\nPrice\n14 meals a week\n$2,480\n19 meals a week\n$2,760"
    assert rows_inline(cells) == "Meal plan | Price\n14 meals a week | $2,480\n19 meals a week | $2,760"


def test_a_section_name_after_the_heads_of_a_chunks_heading_is_not_a_head():
    from ingest.tables import column_heads, label_columns

    heading = "CASH FLOWS STATEMENTS (In millions) (Unaudited) Three Months Ended September 30, 2022 2021 Operations"
    assert column_heads(heading)[0] == ["Three Months Ended September 30, 2022", "Three Months Ended 2021"]
    assert "three months 2022: (6,283) million" in label_columns("Additions to property and equipment (6,283) (5,810)",
                                                                  heading, 3)
    assert column_heads("Year Ended June 30, 2024 2023 Change")[0][-1] == "Change"  # a head, kept


def test_long_and_short_term_rows_carry_the_tables_unit_and_a_lease_term_does_not():
    from ingest.tables import label_columns

    text = ("CONSOLIDATED BALANCE SHEETS\n(In millions)\nJune 30,\n2024 2023\nShort-term investments 310 290\n"
            "Long-term debt, less current portion 1,402 1,504\nTerm loan 500 600\n"
            "Weighted-average remaining lease term 6.2 6.8")
    out = label_columns(text, "", 12)
    assert "Long-term debt, less current portion | June 30, 2024: 1,402 million" in out  # "term" names no exception
    assert "Short-term investments | June 30, 2024: 310 million" in out and "Term loan | June 30, 2024: 500 million" in out
    assert "Weighted-average remaining lease term | June 30, 2024: 6.2 |" in out  # years, not millions
    # "operations" holds the letters of "ratio" and is no ratio: Microsoft's cash from operations is in millions
    cash = ("CASH FLOWS STATEMENTS\n(In millions) (Unaudited)\nThree Months Ended September 30, 2023 2022\n"
            "Net income $ 22,291 $ 17,556\nNet cash from operations 30,583 23,198\nCurrent ratio 1.8 1.7")
    out = label_columns(cash, "", 3)
    assert "Net cash from operations | three months 2023: 30,583 million" in out and "2023: 1.8 |" in out
    # a heading cut inside the unit's bracket (the PDF broke "... were as follows (in" / "millions):")
    cut = label_columns("Total net sales $ 81,797 $ 82,959", "millions): Three Months Ended July 1, 2023 June 25, 2022", 3)
    assert cut == "Total net sales | three months 2023: $81,797 million | three months 2022: $82,959 million"
    # ... or inside the passage's text
    assert label_columns("were as follows (in\nmillions):\nThree Months Ended\nApril 1, 2023 March 26, 2022\n"
                         "Total net sales $ 94,836 $ 97,278", "", 3).endswith("three months 2023: $94,836 million | "
                                                                                "three months 2022: $97,278 million")


def test_a_negative_printed_with_a_space_before_its_bracket_is_a_figure():
    from ingest.tables import label_columns
    text = "Three Months Ended September 30, 2023 2022\nAdditions to property and equipment   (9,917 )   (6,283 )"
    labelled = label_columns(text)
    assert "Additions to property and equipment | " in labelled and "(9,917)" in labelled and "(6,283)" in labelled


def test_rows_under_a_heading_of_percentages_are_percentages_not_the_tables_unit():
    from ingest.tables import label_columns

    text = ("Information about operating expenses is as follows (in millions):\nThree Months Ended\nJune 30,\n"
            "Six Months Ended\nJune 30,\n2022 2023 2022 2023\nOperating expenses:\n"
            "Technology and infrastructure 18,072 21,931 32,914 42,381\nYear-over-year Percentage Growth:\n"
            "Cost of sales 4 % 4 % 5 % 3 %\nTechnology and infrastructure 30 21 25 29\nPercent of Net Sales:\n"
            "Technology and infrastructure 14.9 16.3 13.8 16.2")
    rows = [line for line in label_columns(text, units=True).split("\n") if " | " in line]
    assert "21,931 million" in rows[0]
    assert "4%" in rows[1] and "21%" in rows[2] and "million" not in rows[2]  # not "21 million"
    assert "16.3%" in rows[3] and "million" not in rows[3]


LEASES = """Our lease liabilities were as follows (in millions):
December 31, 2021
 Operating Leases Finance Leases Total
Present value of lease liabilities 58,330 23,753 82,083
September 30, 2022
 Operating Leases Finance Leases Total
Present value of lease liabilities 64,783 16,631 81,414"""


def test_columns_named_under_a_day_are_labelled_with_both():
    from ingest.tables import label_columns, named_heads

    row = "Gross lease liabilities $ 75,495 $ 18,838 $ 94,333"
    assert named_heads("Operating Leases Finance Leases Total", row) == ["Operating Leases", "Finance Leases", "Total"]
    assert named_heads("Level 1 Level 2 Level 3 Total", "Money market funds $ 1,000 $ 2 $ 3 $ 1,005") == \
        ["Level 1", "Level 2", "Level 3", "Total"]
    # no cut stands out, the row has another count of figures, prose, a period's heads: not named columns
    assert named_heads("Amortized Cost Gross Unrealized Gains Gross Unrealized Losses Fair Value", "Debt 1 2 3 4") is None
    assert named_heads("Operating Leases Finance Leases Total", "Gross lease liabilities $ 75,495 $ 18,838") is None
    assert named_heads("The leases are described below", row) is None
    assert named_heads("July 1, 2023 June 25, 2022", "Net sales 1 2") is None
    # names that share no word at one end, or two ways to cut them: a guess would mislabel every figure
    assert named_heads("Gross Carrying Amount Accumulated Amortization Net Carrying Amount", "Row 1,234 2,234 3,234") \
        is None
    assert named_heads("Risk Factors Risk Factors Summary", "Row 1 2") is None  # two names: a heading, more likely
    lines = label_columns(LEASES, units=True).split("\n")
    assert lines[3] == ("Present value of lease liabilities | December 31, 2021 Operating Leases: 58,330 million | "
                        "December 31, 2021 Finance Leases: 23,753 million | December 31, 2021 Total: 82,083 million")
    assert lines[6].startswith("Present value of lease liabilities | September 30, 2022 Operating Leases: 64,783")
    # without a day above, the names alone
    assert label_columns("Operating Leases Finance Leases Total\nGross lease liabilities 1 2 3") == \
        "Operating Leases Finance Leases Total\nGross lease liabilities | Operating Leases: 1 | Finance Leases: 2 | Total: 3"


def test_named_columns_end_with_their_rows():
    from ingest.tables import label_columns

    text = LEASES + ("\nAcquired intangible assets were as follows (in millions):\nAcquired Intangibles, Gross "
                     "Accumulated Amortization Acquired Intangibles, Net\nMarketing-related $ 2,286 $ (681) $ 1,605")
    for labelled in (label_columns(text, named_only=True), label_columns(text, units=True)):
        assert labelled.split("\n")[-1] == "Marketing-related $ 2,286 $ (681) $ 1,605"  # not a lease liability
        assert "September 30, 2022 Operating Leases: 64,783" in labelled


# -- columns named by a head line (label_heads) ----------------------------------------------------------------
RESULTS = """Table 3: Accuracy on the two code benchmarks.
Size CodeSum ProgFix
acc@ @1 @10 @1 @10
Baseline 9B 11.0 40.2 12.5 51.3
Otter
3B 7.5 30.1 9.9 44.0
9B 13.6 47.9 18.1 60.7
Sizes are parameter counts."""


def test_each_figure_of_a_results_table_is_written_with_its_columns_name_and_group():
    from ingest.tables import label_heads

    lines = label_heads(RESULTS).split("\n")
    assert "Baseline 9B | CodeSum @1: 11.0 | CodeSum @10: 40.2 | ProgFix @1: 12.5 | ProgFix @10: 51.3" in lines
    # the short line over rows names them; the head lines and the prose stay as printed
    assert "Otter 9B | CodeSum @1: 13.6 | CodeSum @10: 47.9 | ProgFix @1: 18.1 | ProgFix @10: 60.7" in lines
    # a group's name goes before the sizes under it, not before a full name; a year in brackets is part of a label
    grouped = label_heads("Model BoolQ PIQA\nGPT-3 60.5 81.0\nOtter\n7B 76.5 79.8\nHuman 89.0 94.9\nBERT (2018) 80.5 86.7")
    assert grouped.split("\n")[3:] == ["Otter 7B | BoolQ: 76.5 | PIQA: 79.8", "Human | BoolQ: 89.0 | PIQA: 94.9",
                           "BERT (2018) | BoolQ: 80.5 | PIQA: 86.7"]
    assert lines[:3] == RESULTS.split("\n")[:3] and lines[-1] == "Sizes are parameter counts."
    # two scores of one task in one cell ("EM/F1")
    assert label_heads("Model IMDb SQuAD\nOtter 93.4 81.2/88.5").endswith("Otter | IMDb: 93.4 | SQuAD: 81.2/88.5")


def test_a_two_line_head_that_ingest_joined_and_lines_between_the_head_and_the_rows():
    from ingest.tables import label_heads

    # groups over the head, one of them a plain word ("Overall"); a line of split sizes and a one-figure row between
    # the head and the rows (HellaSwag's Table 1)
    groups = "Overall In-Domain Zero-Shot"
    head = "Model Val Test Val Test Val Test"
    rows = "Split Size 10K 10K 5K 5K 5K 5K\nChance 25.0\nBERT-Base 39.5 40.5 42.9 42.8 36.1 38.3"
    labelled = "BERT-Base | Overall Val: 39.5 | Overall Test: 40.5 | In-Domain Val: 42.9 | In-Domain Test: 42.8 | " \
               "Zero-Shot Val: 36.1 | Zero-Shot Test: 38.3"
    assert label_heads(f"{groups}\n{head}\n{rows}").split("\n")[-1] == labelled
    # a passage further down the table, its heading the two lines joined into one by ingest.split, a title before
    assert label_heads("BERT-Base 39.5 40.5 42.9 42.8 36.1 38.3", f"Table 1 {groups} {head}") == labelled
    assert label_heads("Otter 1.0 2.0", "Results Model Dev Test") == "Otter | Dev: 1.0 | Test: 2.0"
    # a head of models' sizes is a head, not a line of split sizes between the head and the rows
    assert label_heads("Prose ends here.\n7B 13B 33B 65B\nAll 66.0 64.7 69.0 77.5").endswith("All | 7B: 66.0 | 13B: 64.7 | "
                                                                                        "33B: 69.0 | 65B: 77.5")
    # a group's name between the head and the rows (a chunk that starts there, its heading the head)
    assert label_heads("LLaMA\n7B 76.5 79.8\n65B 85.3 82.8", "BoolQ PIQA").split("\n")[1:] == \
        ["LLaMA 7B | BoolQ: 76.5 | PIQA: 79.8", "LLaMA 65B | BoolQ: 85.3 | PIQA: 82.8"]
    # a head word that adds to the column before it ("+maj1@k"), under a line of prose (no line of groups)
    maj = "code with the textual description and tests in a\nMATH +maj1@k GSM8k +maj1@k\nLLaMA\n65B 10.6 20.5 50.9 69.7"
    assert label_heads(maj).split("\n")[-1] == \
        "LLaMA 65B | MATH: 10.6 | MATH +maj1@k: 20.5 | GSM8k: 50.9 | GSM8k +maj1@k: 69.7"
    # a row of fewer figures that is no line between a head and rows: the head is the line right above the rows
    assert label_heads("Model Dev Test\nOtter 1.0 2.0 3.0\nBERT 4.0 5.0 6.0") == \
        "Model Dev Test\nOtter 1.0 2.0 3.0\nBERT 4.0 5.0 6.0"
    # groups that are a title's words, not benchmarks ("Main Results"), group no columns even in a joined heading
    assert label_heads("Otter 1.0 2.0 3.0 4.0", "Main Results Model Dev Test Dev Test") == "Otter 1.0 2.0 3.0 4.0"


def test_rows_after_a_gap_in_a_joined_passage_take_the_head_of_the_table_read_above_it():
    from ingest.tables import label_heads

    text = "Model Dev Test\nOtter 1.0 2.0\n[…]\nProse between the pieces of the page.\n[…]\nBERT 3.0 4.0"
    assert label_heads(text).split("\n")[-1] == "BERT | Dev: 3.0 | Test: 4.0"
    # rows of another width, or rows after prose with no gap between: not that table's
    assert label_heads(text.replace("BERT 3.0 4.0", "BERT 3.0 4.0 5.0")).endswith("\nBERT 3.0 4.0 5.0")
    assert label_heads(text.replace("[…]\nBERT", "BERT")).endswith("\nBERT 3.0 4.0")


def test_a_head_whose_words_do_not_fit_the_figures_is_left_as_printed():
    from ingest.tables import label_heads

    two_word_name = "Model Arts Social Science Maths\nOtter 3B 41.0 38.5 29.9\nOtter 9B 52.2 49.0 40.3"
    wrapped_head = "Parameter Layers Hidden Total\nCount Size GPUs\n336M 24 1024 128\n1.3B 24 2048 256"
    row_group = "Published 71.3 80.0\nFine-tuning approach\nOtter 9B 96.6 92.8"
    filing = ("For the Fiscal Quarter Ended June 25, 2022\nNon-current assets:\nMarketable securities 131,077 127,877\n"
              "Three Months Ended\nNet sales 81,797 82,959")
    cut_head = "Count Size Heads GPUs\n336M 24 1024 16 128\n1.3B 24 2048 32 256"  # its first line may be half a head
    # a title over the head, words that group no columns ("Dev Test" over metrics: how many each spans is unknown)
    titled = "Main Results\nModel BoolQ PIQA HellaSwag WinoGrande\nOtter 1.0 2.0 3.0 4.0"
    metrics = "Model Dev Test\nEM F1 Acc EM F1 Acc\nOtter 80.1 85.2 90.3 81.4 86.5 91.6"
    dated = "As of\nCurrent Prior\nCash 100 200"
    for text in (two_word_name, wrapped_head, row_group, filing, cut_head, titled, metrics, dated):
        assert label_heads(text) == text, text


def test_a_passage_cut_from_inside_a_results_table_takes_its_head_from_the_text_above():
    from ingest.tables import label_heads, results_head

    above = "prose before the table ends here.\nXSum CNN-DM\nMethod S M L S M L\nlog p 0.81 0.77 0.70 0.92 0.90 0.88"
    head = results_head(above + "\nRank 0.79 0.76 0", 6)  # (the last row is cut off where the chunk ends)
    assert head == "XSum CNN-DM\nMethod S M L S M L"
    assert label_heads("Otter 0.99 0.97 0.95 0.98 0.96 0.93\nThe best method is Otter.", head).split("\n")[0] == \
        "Otter | XSum S: 0.99 | XSum M: 0.97 | XSum L: 0.95 | CNN-DM S: 0.98 | CNN-DM M: 0.96 | CNN-DM L: 0.93"
    assert results_head("Otter 0.99 0.97 0.95 0.98 0.96 0.93", 6) is None  # rows only: the head is further up
    assert results_head(above, 4) is None  # rows of another width
    # a filing's heading of periods is not a results head: the passage is left to label_columns
    assert label_heads("Net sales 81,797 82,959", "Three Months Ended July 1, 2023 June 25, 2022") == \
        "Net sales 81,797 82,959"


def test_with_the_switch_on_the_model_reads_a_results_table_cut_across_chunks_with_its_columns_names(tmp_path,
                                                                                                   monkeypatch):
    import rag.prompt
    from rag.config import load_config
    from rag.fakes import FakeEmbedder
    from rag.index import Index
    from rag.indexing import ingest
    from rag.prompt import passage_text
    from rag.retrieve import hit_of as _hit, with_table_heads

    # a head the splitter does not carry into the chunks below it (a paper's wide table prints it on a long line)
    cfg = load_config(overrides=["embedder.model=fake", "split.chunk_tokens=24", "split.overlap_tokens=4",
                                 "split.table_headings=false"], index_dir=str(tmp_path / "index"))
    rows = "\n".join(f"Method{i} 0.{i}1 0.{i}2 0.{i}3" for i in range(1, 3))
    doc = tmp_path / "docs" / "paper.txt"
    doc.parent.mkdir()
    doc.write_text(f"Results of the study are reported below in full detail.\n\nModel Easy Medium Hard\n{rows}\n"
                   "Otter 0.97 0.88 0.79\n")
    ingest([doc], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    chunks = index.chunks(index.chunk_ids())
    last = max(chunks.values(), key=lambda c: c.ord)
    assert "Model" not in last.text and not last.heading and last.ord >= 2  # the head is chunks away
    hit = with_table_heads([_hit(last, 1.0, 1.0)], index)[0]
    assert hit.heading == "Model Easy Medium Hard"
    assert "Otter | Easy: 0.97" not in passage_text(hit)  # off by default (bench/RESULTS.md, thirty-third session)
    monkeypatch.setattr(rag.prompt, "RESULT_COLUMNS", True)
    assert "Otter | Easy: 0.97 | Medium: 0.88 | Hard: 0.79" in passage_text(hit)
    first = next(c for c in chunks.values() if c.text.startswith("Model"))
    assert not with_table_heads([_hit(first, 1.0, 1.0)], index)[0].heading  # it holds its head: nothing to add


def test_the_cell_asked_in_the_chunk_after_a_passage_that_a_results_table_runs_past_is_added(tmp_path):
    from rag.calculate import cell_passages, work_out_each
    from rag.config import load_config
    from rag.fakes import FakeEmbedder
    from rag.index import Index
    from rag.indexing import ingest
    from rag.retrieve import hit_of as _hit

    cfg = load_config(overrides=["embedder.model=fake", "split.chunk_tokens=24", "split.overlap_tokens=4",
                                 "split.table_headings=false"], index_dir=str(tmp_path / "index"))
    rows = "\n".join(f"Method{i} 0.{i}1 0.{i}2 0.{i}3" for i in range(1, 3))
    doc = tmp_path / "docs" / "paper.txt"
    doc.parent.mkdir()
    doc.write_text(f"Results of the study are reported below in full detail.\n\nModel Easy Medium Hard\n{rows}\n"
                   "Otter 0.97 0.88 0.79\n")
    ingest([doc], cfg, FakeEmbedder())
    index = Index(cfg.index_path)
    chunks = sorted(index.chunks(index.chunk_ids()).values(), key=lambda c: c.ord)
    head = next(c for c in chunks if "Model Easy" in c.text)
    assert "Otter" not in head.text  # the row asked is in a later chunk
    hits = [_hit(head, 1.0, 1.0)]
    q = "What is Otter's Medium score?"
    assert work_out_each(q, hits) == []
    added = cell_passages(q, hits, index)
    assert added[0] == hits[0] and len(added) >= 2 and "Otter 0.97" in added[-1].text
    assert [w.result for w in work_out_each(q, added)] == ["0.88"]
    assert cell_passages("What is GPT-3's Medium score?", hits, index) == hits  # no such row: nothing added


def test_the_year_asked_comes_first_in_each_row():
    from ingest.tables import label_columns

    text = "Operating income (loss) by segment (in millions):\nThree Months Ended\nMarch 31,\n2022 2023\n" \
           "North America $ (1,568) $ 898\nAWS 6,518 5,123"
    rows = label_columns(text, months=3, year="2023").split("\n")[-2:]
    assert rows == ["North America | three months 2023: $898 million | three months 2022: $(1,568) million",
                    "AWS | three months 2023: 5,123 million | three months 2022: 6,518 million"]
    assert label_columns(text, months=3).split("\n")[-1] == \
        "AWS | three months 2022: 6,518 million | three months 2023: 5,123 million"  # as printed without a year
    assert label_columns(text, months=3, year="2019") == label_columns(text, months=3)  # a year no head names
    from rag.periods import year_asked
    assert year_asked("What was AWS operating income in Q1 2023 (quarter ended March 31, 2023)?") == "2023"
    assert year_asked("How did AWS operating income change from Q1 2022 to Q1 2023?") is None  # two years
