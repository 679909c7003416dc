"""rag.calculate: a ratio the question spells out, worked out from the passages' table rows."""
from dataclasses import replace

from rag.calculate import asked, formula_asked, work_out, work_out_each
from rag.retrieve import Hit

INCOME = """CONDENSED CONSOLIDATED STATEMENTS OF INCOME
(In millions, except per share data)
Three Months Ended Six Months Ended
July 30, July 31, July 30, July 31,
2023 2022 2023 2022
Revenue $ 13,507 $ 6,704 $ 20,699 $ 14,992
Cost of revenue 4,045 3,789 6,589 5,646
Gross profit 9,462 2,915 14,110 9,346
Operating income 6,800 499 8,940 2,367"""

SEGMENTS = """Net sales by category (in millions):
Three Months Ended
April 1, 2023 March 26, 2022
Net sales:
Products $ 73,929 $ 77,457
Services 20,907 19,821
Cost of sales:
Products 46,795 49,290
Services 6,065 5,429"""


def _hit(text: str, n: int = 1) -> Hit:
    return Hit(chunk_id=n, score=1.0, text=text, file="q.pdf", path="/q.pdf", page_start=n, page_end=n,
               label_start=str(n), label_end=str(n))


def test_formulas_are_read_from_the_question():
    f = formula_asked("What was the operating margin (operating income divided by revenue) for the quarter?")
    assert str(f.expr) == "operating income / revenue" and f.percent
    f = formula_asked("What was Apple's current ratio (total current assets divided by total current liabilities) "
                      "as of June 25, 2022? Round to two decimals.")
    assert str(f.expr) == "total current assets / total current liabilities" and not f.percent and f.decimals == 2
    f = formula_asked("What was the Services gross margin percentage ((Services net sales - Services cost of sales) "
                      "/ Services net sales)?")
    assert str(f.expr) == "(Services net sales - Services cost of sales) / Services net sales" and f.percent
    f = formula_asked("What were Intel's additions to property, plant, and equipment as a percentage of net revenue "
                      "for the first nine months of 2023?")
    assert str(f.expr) == "additions to property, plant, and equipment / net revenue"
    f = formula_asked("Compute days sales outstanding (accounts receivable, net divided by quarterly revenue, times "
                      "91 days).")
    assert (str(f.expr), f.unit, f.percent) == ("accounts receivable, net / quarterly revenue * 91", "days", False)
    # an operating margin is a percentage; a gross margin asked bare, which may be an amount (Apple's "Gross margin"
    # row), too: its worked step gives the amount ("gross profit 36,413 million / ..."), so either reading is answered
    assert formula_asked("What was NVIDIA's operating margin?").percent
    f = formula_asked("What was NVIDIA's gross margin?")
    assert str(f.expr) == "gross profit / revenue" and f.percent
    for plain in ("How much is the technology fee (per semester)?", "What is the student-to-faculty ratio?"):
        assert formula_asked(plain) is None


def test_the_ratio_is_worked_out_from_the_rows_and_the_column_of_the_period_asked():
    q = "What was the operating margin (operating income divided by revenue) for the quarter ended July 30, 2023?"
    worked = work_out(q, [_hit("Some prose first."), _hit(INCOME, 2)], months=3)
    assert worked.result == "50.3%"  # 6,800 / 13,507; not the gross profit, not the six months, not 2022
    assert worked.text() == "operating income 6,800 million [2] / revenue $13,507 million [2] = 50.3%"
    six = work_out(q.replace("quarter ended", "six months ended"), [_hit(INCOME)], months=6)
    assert six.result == "43.2%"  # 8,940 / 20,699
    last_year = work_out(q.replace("July 30, 2023", "July 31, 2022"), [_hit(INCOME)], months=3)
    assert last_year.result == "7.4%"  # 499 / 6,704


def test_a_row_is_found_under_its_group_and_a_difference_over_a_row():
    q = ("Using the statement of operations for the quarter ended April 1, 2023, what was the Services gross "
         "margin percentage ((Services net sales - Services cost of sales) / Services net sales)?")
    assert work_out(q, [_hit(SEGMENTS)], months=3).result == "71.0%"  # (20,907 - 6,065) / 20,907


def test_nothing_is_worked_out_from_cells_it_cannot_tell_apart():
    q = "What was the operating margin (operating income divided by revenue) for the quarter ended July 30, 2023?"
    assert work_out(q, [_hit(INCOME.replace("Operating income", "Gross margin"))], months=3) is None  # no such row
    twice = INCOME + "\n" + INCOME.replace("6,800", "7,000").replace("Operating income", "Operating income adjusted")
    assert work_out(q, [_hit(twice)], months=3).result == "50.3%"  # the row that names it with no other word
    rivals = INCOME.replace("Revenue $", "Product revenue $").replace("Cost of revenue", "Service revenue")
    assert work_out(q, [_hit(rivals)], months=3) is None  # two rows name "revenue" equally well
    nine = "What was the operating margin (operating income divided by revenue) for the first nine months of 2023?"
    assert work_out(nine, [_hit(INCOME)], months=9) is None  # a six-month column is not a nine-month one
    assert work_out("Why did revenue rise in 2023?", [_hit(INCOME)], months=3) is None  # no formula, no line asked


def test_the_model_reads_the_calculation_and_the_guard_lets_its_result_through(monkeypatch):
    import rag.prompt
    from rag.guard import check_answer
    from rag.prompt import user_message

    q = "What was the operating margin (operating income divided by revenue) for the quarter ended July 30, 2023?"
    hits = [_hit(INCOME)]
    assert "Worked out from the sources: operating income 6,800 million [1] / revenue $13,507 million [1] = 50.3%" \
           in user_message(q, hits)
    text, cited, abstained, _ = check_answer("The operating margin was 50.3% [1].", q, hits)
    assert not abstained and cited == [1]
    text, cited, withheld, why = check_answer("The operating margin was 61.2% [1].", q, hits)
    assert (text, cited, withheld) == ("50.3% (operating income 6,800 million [1] / revenue $13,507 million [1] = "
                                       "50.3%)", [1], False)  # the worked-out figure, not the model's
    assert "did not give the figure worked out" in why and "61.2%" in why
    monkeypatch.setattr(rag.guard, "WORKED_ANSWER", False)
    wrong, _, withheld, why = check_answer("The operating margin was 61.2% [1].", q, hits)
    assert withheld and "61.2" in why  # a margin no two figures give is still withheld
    monkeypatch.setattr(rag.prompt, "CALCULATE", False)
    assert "Worked out" not in user_message(q, hits)


def test_the_guard_checks_the_calculation_the_prompt_showed():
    from rag.fakes import FakeGenerator
    from rag.guard import check_answer
    from rag.prompt import build_prompt

    q = "What was the operating margin (operating income divided by revenue) for the quarter ended July 30, 2023?"
    hits = [_hit(INCOME)]
    prompt = build_prompt(q, hits, FakeGenerator(4096), 64, 4096)
    assert [w.result for w in prompt.worked] == ["50.3%"] and "= 50.3%" in prompt.messages[-1]["content"]
    # given the prompt's calculation, the guard takes it; given none, it replaces no answer with a worked figure
    assert check_answer("The operating margin was 61.2% [1].", q, hits, worked=prompt.worked)[0].startswith("50.3%")
    assert check_answer("The operating margin was 61.2% [1].", q, hits, worked=[])[2]  # withheld: 61.2 is in no passage


def test_a_result_no_two_passage_figures_give_is_let_through_when_it_was_worked_out(monkeypatch):
    import rag.prompt
    from rag.guard import check_answer

    balance = "BALANCE SHEETS (In millions)\nJuly 30, 2023 January 29, 2023\nAccounts receivable, net 7,066 3,827"
    q = ("Compute days sales outstanding for the quarter ended July 30, 2023 (accounts receivable, net divided by "
         "quarterly revenue, times 91 days).")
    hits = [_hit(INCOME), _hit(balance, 2)]
    worked = work_out(q, hits, months=3)
    assert worked.text() == ("accounts receivable, net 7,066 million [2] / revenue $13,507 million [1] "
                             "x 91 days = 47.6 days")
    assert not check_answer("Days sales outstanding were 47.6 days [1][2].", q, hits)[2]
    monkeypatch.setattr(rag.prompt, "CALCULATE", False)  # three figures: the guard alone can't tell where it's from
    assert check_answer("Days sales outstanding were 47.6 days [1][2].", q, hits)[2]


def test_the_result_alone_without_a_marker_is_credited_to_its_operands_passages():
    from rag.guard import check_answer

    q = "What was the operating margin (operating income divided by revenue) for the quarter ended July 30, 2023?"
    hits = [_hit("Revenue grew on demand for data center products."), _hit(INCOME, 2)]
    text, cited, abstained, _ = check_answer("50.3%", q, hits)
    assert (cited, abstained) == ([2], False)
    assert text == "50.3% (operating income 6,800 million [2] / revenue $13,507 million [2] = 50.3%)"
    shown = "The operating margin was 6,800 / 13,507 = 50.3% [2]."
    assert check_answer(shown, q, hits)[0] == shown  # the answer shows its operands: nothing added
    said = "Operating income of $6,800 million over revenue of $13,507 million gives a margin of 50.3% [2]."
    assert check_answer(said, q, hits)[0] == said  # the operands first, the result in the same sentence
    # an operand given as the answer, the result as an aside in a later sentence: the worked-out figure instead
    aside = "The operating margin was 6,800 million [2]. Revenue was $13,507 million, a margin of 50.3%."
    assert check_answer(aside, q, hits)[0].startswith("50.3% (")
    assert check_answer("50.4%", q, hits)[0].startswith("50.3% (")  # not the worked result: the result instead
    assert check_answer("I don't know.", q, hits)[0].startswith("50.3% (")  # nor "I don't know" beside it


def test_a_share_asked_in_words_is_worked_out_too():
    market = ("Revenue by market (In millions)\nThree Months Ended\nOctober 29, October 30,\n2023 2022\n"
              "Data Center $ 14,514 $ 3,833\nGaming 2,856 1,574\nTotal revenue $ 18,120 $ 5,931")
    q = "For Q3 2023, what proportion of NVIDIA's revenue was generated by its data center business?"
    f = formula_asked(q)
    assert (str(f.expr), f.percent) == ("data center business revenue / revenue", True)  # the business's revenue
    assert work_out(q, [_hit(market)], months=3).result == "80.1%"  # 14,514 / 18,120
    q = "What percentage of the company's total revenue did the Gaming segment contribute in 2022?"
    assert work_out(q, [_hit(market)], months=3).result == "26.5%"  # 1,574 / 5,931
    assert formula_asked("How much of Microsoft's revenue was attributed to its Personal Computing segment?") is None


def test_a_share_of_revenue_takes_the_named_lines_sales_not_its_cost():
    # "Services" is a row under "Net sales:" and under "Cost of sales:"; its share of revenue is of its sales
    table = SEGMENTS + "\nTotal net sales 94,836 97,278"
    q = "What percentage of Apple's total revenue did the Services segment contribute in the quarter ended April 1, 2023?"
    assert str(formula_asked(q).expr) == "Services segment revenue / total revenue"
    assert work_out(q, [_hit(table)], months=3).result == "22.0%"  # 20,907 / 94,836
    q = "What percentage of Apple's total revenue did Services cost of sales account for in the quarter ended April 1, 2023?"
    assert str(formula_asked(q).expr) == "Services cost of sales / total revenue"  # a measure named: kept as asked


def test_a_row_named_alike_under_two_groups_is_not_guessed():
    q = ("For the quarter ended April 1, 2023, what was the operating margin (Services divided by Products)?")
    assert work_out(q, [_hit(SEGMENTS)], months=3) is None  # "Services" under "Net sales:" and "Cost of sales:"
    same = SEGMENTS.replace("Services 6,065 5,429", "Services 20,907 19,821")
    assert work_out(q.replace("Products", "Services"), [_hit(same)], months=3).result == "100.0%"  # same figure


def test_a_formula_defined_in_words_without_brackets():
    q = ("What was the operating margin, defined as operating income divided by revenue, for the quarter ended "
         "July 30, 2023?")
    f = formula_asked(q)
    assert (str(f.expr), f.percent) == ("operating income / revenue", True)
    assert work_out(q, [_hit(INCOME)], months=3).result == "50.3%"
    assert formula_asked("Revenue, as defined by the company, grew; how was it divided by segment?") is None


# An annual report's statements: fiscal years as columns, as pypdf reads a 10-K.
ANNUAL_INCOME = """Consolidated Statements of Income
Years Ended June 30,
(In millions, except per share amounts) 2024 2023 2022
Net sales $ 4,210 $ 3,905 $ 3,640
Cost of sales 2,650 2,480 2,300
Gross profit 1,560 1,425 1,340
Operating income 610 540 505
Net income $ 402 $ 371 $ (35)"""
ANNUAL_BALANCE = """Consolidated Balance Sheets
(In millions) June 30, 2024 June 30, 2023
Inventories 720 680
Total current assets 2,100 1,950
Property, plant and equipment, net 1,330 1,270
Total assets $ 5,400 $ 5,100
Accounts payable 390 360
Total current liabilities 1,400 1,500"""
ANNUAL_CASH = """Consolidated Statements of Cash Flows
Years Ended June 30,
(In millions) 2024 2023 2022
Net cash provided by operating activities 655 590 480
Purchases of property, plant and equipment (210) (190) (175)
Dividends paid (120) (110) (100)"""


def _annual() -> list[Hit]:
    return [_hit(ANNUAL_INCOME, 1), _hit(ANNUAL_BALANCE, 2), _hit(ANNUAL_CASH, 3)]


def test_a_formula_defined_after_its_name_with_averages_and_years_of_its_own():
    q = ("What is Corvane's FY2024 inventory turnover ratio? Inventory turnover ratio is defined as: (FY2024 COGS) "
         "/ (average inventory between FY2023 and FY2024). Round your answer to two decimal places.")
    f = formula_asked(q)
    assert str(f.expr) == "FY2024 COGS / ((FY2023 inventory + FY2024 inventory) / 2)" and f.decimals == 2
    worked = work_out(q, _annual())
    assert worked.result == "3.79"  # 2,650 / ((680 + 720) / 2): COGS is the acronym of no row, "Cost of sales" its name
    assert worked.text() == ("FY2024 COGS 2,650 million [1] / ((FY2023 inventory 680 million [2] + "
                             "FY2024 inventory 720 million [2]) "
                             "/ 2) = 3.79")
    dpo = ("What is the FY2024 DPO? DPO is defined as: 365 * (average accounts payable between FY2023 and FY2024) / "
           "(FY2024 COGS + change in inventory between FY2023 and FY2024). Round your answer to two decimal places.")
    assert work_out(dpo, _annual()).result == "50.88"  # 365 * 375 / (2,650 + 40)
    roa = ("What is the FY2024 return on assets (ROA)? ROA is defined as: FY2024 net income / (average total assets "
           "between FY2023 and FY2024). Round your answer to two decimal places.")
    assert work_out(roa, _annual()).result == "0.08"  # 402 / 5,250
    # the figure's year comes from the question, outside its definition: FY2023's, not the latest
    ratio = ("What is the FY2023 operating cash flow ratio? The operating cash flow ratio is defined as: cash from "
             "operations / total current liabilities. Round your answer to two decimal places.")
    assert work_out(ratio, _annual()).result == "0.39"  # 590 / 1,500
    # FY2022 assets are not in the passages: nothing is worked out
    assert work_out(roa.replace("FY2024", "FY2023").replace("FY2023 and FY2023", "FY2022 and FY2023"), _annual()) is None


def test_changes_between_years_and_words_read_in_the_order_they_are_said():
    yoy = ("What is the year-over-year change in revenue from FY2023 to FY2024 (in units of percents and round to "
           "one decimal place)?")
    assert work_out(yoy, _annual()).result == "7.8%"  # (4,210 - 3,905) / 3,905; "revenue" is the row "Net sales"
    amount = "By how much did operating income change between fiscal 2022 and fiscal 2023, in USD millions?"
    assert work_out(amount, _annual()).result == "35 million"  # 540 - 505
    assert work_out("What was Corvane's revenue growth from FY2022 to FY2024?", _annual()).result == "15.7%"
    words = "What is the FY2023 gross margin (net sales minus cost of sales divided by net sales)?"
    assert work_out(words, _annual()).result == "36.5%"  # (3,905 - 2,480) / 3,905, not 3,905 - 2,480 / 3,905
    # a cash outflow printed in brackets is its size in a ratio; a loss stays a loss
    capex = "What is the FY2022 capex as a percentage of revenue?"
    assert work_out(capex, _annual()).text() == "FY2022 capex 175 million [3] / revenue $3,640 million [1] = 4.8%"
    margin = "What was the FY2022 net margin (net income divided by net sales)?"
    assert work_out(margin, _annual()).result == "-1.0%"  # (35) / 3,640
    assert formula_asked("How did revenue change from Q3 2022 to Q3 2023?") is None  # quarters: no year columns


def test_the_guard_takes_an_operand_for_the_term_the_calculation_found_it_under():
    from rag.guard import check_answer

    q = ("What is Corvane's FY2024 inventory turnover ratio? Inventory turnover ratio is defined as: (FY2024 COGS) "
         "/ (average inventory between FY2023 and FY2024). Round your answer to two decimal places.")
    text, cited, abstained, _ = check_answer("COGS of $2,650 million over average inventory gives 3.79.", q, _annual())
    assert not abstained and cited == [1, 2]  # "COGS" names no row; the calculation read it as "Cost of sales"
    assert text.endswith("(FY2024 COGS 2,650 million [1] / ((FY2023 inventory 680 million [2] + FY2024 inventory 720 "
                         "million [2]) / 2) = 3.79)")  # a fiscal year asked: figures with their unit
    # an operand the calculation did not use: the model's text is set aside for the worked-out figure (not withheld)
    text, _, abstained, why = check_answer("Operating income of $1,560 million gives 3.79.", q, _annual())
    assert not abstained and text.startswith("3.79 (FY2024 COGS") and "1,560, which the passages give for" in why
    assert check_answer("Operating income of $1,560 million gives 3.79.", q, _annual(), worked=[])[2]  # else withheld


def test_a_stated_figure_in_the_chunk_before_one_shown_is_fetched_with_its_run():
    from dataclasses import replace

    from rag.calculate import operand_passages
    from rag.retrieve import in_place

    shown = replace(_hit("Seasonality\nOur revenue fluctuates quarterly and is generally higher in the second quarter.",
                         31), chunk_id=3600)
    run = replace(_hit("Highlights included:\n• Corvane Cloud revenue increased 24% to $31.8 billion.\n"
                       "Seasonality\nOur revenue fluctuates quarterly and is generally higher in the second quarter.",
                       30), chunk_id=3596, chunk_ids=(3596, 3600))
    overlapping = replace(run, chunk_ids=(3600, 3601))  # holds a shown chunk and another shown's part: never added
    q = "What was Corvane Cloud revenue in the quarter ended September 30, 2023?"
    assert work_out(q, [shown]) is None
    found = operand_passages(q, [shown], 3, lambda terms: [run])
    assert [h.ids for h in found] == [{3596, 3600}]  # the run that holds the passage shown, with the sentence
    assert "$31.8 billion" in work_out(q, in_place([shown], found)).text()
    assert in_place([shown], found) == found  # in its place: no chunk shown twice
    other = replace(shown, chunk_id=3601)
    assert operand_passages(q, [shown, other], 3, lambda terms: [overlapping]) == []


def test_terms_the_passages_lack_are_fetched_by_a_search_of_their_own():
    from rag.calculate import operand_passages

    q = ("What is Corvane's FY2024 inventory turnover ratio? Inventory turnover ratio is defined as: (FY2024 COGS) "
         "/ (average inventory between FY2023 and FY2024). Round your answer to two decimal places.")
    balance, income, cash = _annual()[1], _annual()[0], _annual()[2]
    asked = []

    def search(terms: str) -> list[Hit]:
        asked.append(terms)
        return [cash, income]  # ranked: the cash flow statement names no cost of sales, the income statement does

    assert work_out(q, [balance]) is None  # the balance sheet alone has no cost of sales
    found = operand_passages(q, [balance], 12, search)
    assert [h.text for h in found] == [income.text] and found[0].why().startswith("search for 'COGS' #2")
    assert asked == ["COGS cost of sales cost of revenue cost of goods sold cost of products sold"]
    assert work_out(q, [balance] + found).result == "3.79"
    assert operand_passages(q, [balance, income], 12, search) == []  # every term is in a passage already
    assert operand_passages("Why did revenue rise in FY2024?", [balance], 12, search) == []  # no formula
    # a line asked for by its own name that the passages lack: the statement that prints it is fetched
    assert [h.text for h in operand_passages("What was revenue in FY2024?", [balance], 12, search)] == [income.text]

    def by_name(terms: str) -> list[Hit]:  # all the names together find notes; "cost of sales" alone, the statement
        asked.append(terms)
        return [income] if terms == "cost of sales" else [balance]

    asked.clear()
    assert [h.text for h in operand_passages(q, [balance], 12, by_name)] == [income.text]
    assert asked[0].startswith("COGS cost of sales") and asked[1:] == ["COGS", "cost of sales"]  # then it stops


def test_rows_that_only_look_like_the_term_are_not_taken():
    cash = ("Consolidated Statements of Cash Flows\nYears Ended June 30,\n(In millions) 2024 2023 2022\n"
            "Cash flows from operating activities:\nNet income $ 402 $ 371 $ (35)\n"
            "Changes in operating assets and liabilities:\nAccounts receivable (31) (22) (9)\n"
            "Net cash provided by operating activities 655 590 480")
    q = "What was the FY2024 operating margin (operating income divided by net sales)?"
    assert work_out(q, [_hit(cash), _hit(ANNUAL_INCOME, 2)]).text() == \
        "operating income 610 million [2] / net sales $4,210 million [2] = 14.5%"  # not the section's net income
    assert work_out(q, [_hit(cash)]) is None
    dso = "What were FY2024 days sales outstanding? Define it as 365 * accounts receivable / net sales."
    assert work_out(dso, [_hit(cash), _hit(ANNUAL_INCOME, 2)]) is None  # a change in receivables is not a balance
    debt = ANNUAL_BALANCE + ("\nLess: current portion of long-term debt (50) (50)\n"
                             "Long-term debt, less current portion 1,402 1,504\nTotal stockholders' equity 2,303 2,072")
    lev = ("What is the FY2024 debt-to-equity ratio? Define it as (current portion of long-term debt + long-term debt, "
           "less current portion) / total stockholders' equity.")
    balance = debt.replace("Accounts payable 390 360", "Accounts payable 390 360\nCurrent portion of long-term debt 50 50")
    worked = work_out(lev, [_hit(balance)])
    assert worked.result == "0.63"  # (50 + 1,402) / 2,303: the row named exactly, not "Less: current portion ..."
    assert formula_asked("Which segment had the highest operating margin (operating income divided by net sales)?") \
        is None  # a choice among rows


def test_dates_asides_and_compound_growth():
    inv = "How much did Corvane's inventories increase from June 30, 2023 to June 30, 2024, in USD millions?"
    assert work_out(inv, _annual()).result == "40 million"  # 720 - 680, the columns of those dates
    ebit = ("What is the FY2024 EBIT margin, calculated as operating income (as reported, from the income statement) "
            "divided by net sales?")
    assert str(formula_asked(ebit).expr) == "operating income / net sales"  # the aside is not a term
    cagr = "What is the compound annual growth rate (CAGR) of net sales from FY2022 to FY2024, in percent?"
    assert work_out(cagr, _annual()).result == "7.5%"  # (4,210 / 3,640) ^ (1 / 2) - 1


def test_a_statement_line_asked_for_by_its_common_name_is_looked_up_in_its_year():
    from rag.calculate import lookup_asked
    from rag.prompt import user_message

    capex = ("What is the FY2023 capital expenditure amount (in USD millions) for Corvane? Give a response to the "
             "question by relying on the details shown in the cash flow statement.")
    worked = work_out(capex, _annual(), months=12)
    assert worked.result == "190 million"  # FY2023's column, not the latest; an outflow by its size
    assert worked.text() == 'FY2023 capital expenditure: the row "Purchases of property, plant and equipment", ' \
                            '190 million [3]'
    ppe = "What is the year end FY2023 net PP&E for Corvane? Answer in USD billions."
    assert work_out(ppe, _annual(), months=12).result == "1.27 billion"  # 1,270 million, in the scale asked
    cogs = "How much was Corvane's COGS in fiscal year 2022?"
    assert "Looked up in the sources: fiscal year 2022 COGS: the row \"Cost of sales\", 2,300 million [1]" in \
           user_message(cogs, _annual())
    # not lookups: a qualified line, a ratio, a change, two periods, a choice, a name the rows carry themselves
    for q in ("What were the Services segment COGS in fiscal 2023?", "What is the FY2023 operating cash flow ratio?",
              "How did capex change from FY2022 to FY2023?", "What was COGS in FY2022 and FY2023?",
              "Which year had the highest capex?",
              "Why did COGS rise in fiscal 2023?", "What capital expenditures does Corvane plan for fiscal 2025?"):
        assert lookup_asked(q) is None, q
    # a name no row answers to is not looked up: nothing shown rather than a guess
    assert work_out("What was Corvane's SG&A in fiscal 2023?", _annual(), months=12) is None


def test_a_statement_line_asked_for_by_its_own_name_is_looked_up_only_where_a_row_prints_that_name():
    from rag.calculate.question import line_asked
    from rag.calculate.rows import cell_for

    worked = work_out("What was Corvane's net income in fiscal 2022?", _annual())
    assert worked.text() == 'fiscal 2022 net income: the row "Net income", $(35) million [1] = -$35 million'
    assert work_out("What were Corvane's total assets as of June 30, 2023?", _annual()).result == "$5,100 million"
    assert work_out("What was Corvane's total revenue in fiscal 2023?", _annual()).result == "$3,905 million"  # a
    # common name of "Net sales"; a name no row prints is not taken for the nearest row ("Operating income")
    assert work_out("What was Corvane's operating profit in fiscal 2023?", _annual()) is None
    assert work_out("What was Corvane's income in fiscal 2023?", _annual()) is None  # three rows hold "income"
    # not a line asked alone: a segment's, a product's, a second figure, a reason, a name that runs on
    for q in ("What was the revenue from Corvane's Flow Control segment in fiscal 2023?",
              "What were Corvane's iPhone net sales in fiscal 2023?",
              "What was Corvane's net income and its diluted EPS in fiscal 2023?",
              "What were the main contributors to Corvane's net income in fiscal 2023?",
              "What was the net income of the Flow Control segment in fiscal 2023?"):
        assert line_asked(q) == [], q
    for q, name in (("What is the FY2023 total current assets (in USD millions) for Corvane?", "total current assets"),
                    ("What is the year end FY2023 total amount of inventories for Corvane?", "inventories"),
                    ("What were the total assets of Corvane as of June 30, 2023?", "total assets"),
                    ("How much cash and cash equivalents did Corvane have as of June 30, 2023?",
                     "cash and cash equivalents"),
                    ("What was the cost of sales of Corvane in fiscal 2023?", "cost of sales")):
        assert line_asked(q) == [name], q
    # the ways analysts ask for one line: no "What was", "Give", "did ... report", "spend on", a clause before
    for q, result in (("Corvane's total current liabilities at June 30, 2024?", "1,400 million"),
                      ("Give Corvane's total assets as of June 30, 2023.", "$5,100 million"),
                      ("What operating income did Corvane report for fiscal 2023?", "540 million"),
                      ("How much did Corvane spend on purchases of property, plant and equipment in fiscal 2023?",
                       "190 million"),  # "plant" is no plan
                      ("In the annual report for the year ended June 30, 2024, what net income did Corvane report?",
                       "$402 million"),
                      ("What was Corvane's net cash provided by (used in) operating activities in fiscal 2022?",
                       "480 million")):
        assert work_out(q, _annual()).result == result, q
    # asked as of a day: the balance sheet's row, not the cash flow statement's change in it that year
    cash = ANNUAL_CASH.replace("Purchases of", "Accounts payable 30 25 20\nPurchases of")  # its section's head cut off
    assert work_out("What were Corvane's accounts payable as of June 30, 2023?",
                    [_hit(cash, 1), _hit(ANNUAL_BALANCE, 2)]).result == "360 million"
    # "for" a name is a company's only after the period: "the revenue for Azure" may be a product's
    assert line_asked("What was the revenue for Azure?") == [] and \
        line_asked("What is the FY2023 net income for Corvane?") == ["net income"]
    # a quarter named by its name; the segments' "Net sales" rows are not the total the question asks for
    income = ("Consolidated Statements of Operations\n(in millions)\nThree Months Ended September 30,\n2022 2023\n"
              "Net product sales $ 59,340 $ 63,171\nNet service sales 67,761 79,912\nTotal net sales 127,101 143,083")
    segments = ("Segment Information\n(in millions)\nThree Months Ended September 30,\n2022 2023\nNorth America\n"
                "Net sales $ 78,843 $ 87,887\nOperating income 2,600 4,300\nInternational\nNet sales 27,720 32,137\n"
                "Operating income (2,500) (95)")
    q = "What were Amazon's net sales in Q3 2023?"
    assert work_out(q, [_hit(segments, 1), _hit(income, 2)], months=3).text() == \
        'Q3 2023 net sales: the row "Total net sales", 143,083 million [2]'
    assert work_out(q, [_hit(segments, 1)], months=3) is None  # a segment's is no answer
    # two columns headed by the same date with different figures (a hedge's carrying amount and its adjustment)
    cells = [("Sep 30, 2023", "$(11,032) million"), ("Dec 31, 2022", "$(11,221) million"),
             ("Sep 30, 2023", "$965 million"), ("Dec 31, 2022", "$776 million")]
    assert cell_for(cells, ("September 30, 2023", "2023")) is None
    # columns named under the day (ingest.tables.named_heads): which one is asked is not the period's to say
    named = [("September 30, 2022 Operating Leases", "64,783 million"), ("September 30, 2022 Finance Leases",
             "16,631 million"), ("September 30, 2022 Total", "81,414 million")]
    assert cell_for(named, ("2022-09-30", "2022")) is None and cell_for(named[:1], ("2022-09-30", "2022")) == named[0]


def test_the_guard_checks_a_looked_up_figure_by_its_year():
    from rag.guard import check_answer

    q = "How much was Corvane's COGS in fiscal year 2022?"
    text, cited, abstained, _ = check_answer("Corvane's COGS in fiscal 2022 was $2,300 million [1].", q, _annual())
    assert not abstained and cited == [1]
    text, cited, withheld, why = check_answer("COGS was $2,480 million [1].", q, _annual())
    assert text.startswith("2,300 million (fiscal year 2022 COGS") and "2,480" in why  # the looked-up figure
    assert not check_answer("Yes, 2,480.", "Was COGS in fiscal year 2022 $2,480 million?", _annual())[0].startswith(
        "2,300")  # a yes or no stands


def test_a_span_average_of_a_ratio_and_a_percent_margin_are_worked_out_year_by_year():
    cash = ANNUAL_CASH + "\nDepreciation and amortization 150 140 130"
    hits = [_hit(ANNUAL_INCOME, 1), _hit(ANNUAL_BALANCE, 2), _hit(cash, 3)]
    capex = ("What is the FY2022 - FY2024 3 year average of capex as a % of revenue for Corvane? Answer in units of "
             "percents and round to one decimal place. Calculate (or extract) the answer from the statement of income "
             "and the cash flow statement.")
    assert str(formula_asked(capex).expr) == ("(FY2022 capex / FY2022 revenue + FY2023 capex / FY2023 revenue + "
                                              "FY2024 capex / FY2024 revenue) / 3")
    assert work_out(capex, hits).result == "4.9%"  # (175 / 3,640 + 190 / 3,905 + 210 / 4,210) / 3
    net = "What is the FY2022 - FY2024 3 year average net profit margin (as a %) for Corvane?"
    assert work_out(net, hits).result == "6.0%"  # net income over revenue, a loss year included
    # a name the question defines is replaced by its definition in every year
    ebitda = ("What is the FY2022 - FY2024 3 year average unadjusted EBITDA % margin for Corvane? Define unadjusted "
              "EBITDA as unadjusted operating income + depreciation and amortization from the cash flow statement. "
              "Answer in units of percents and round to one decimal place.")
    assert work_out(ebitda, hits).result == "17.6%"  # ((505 + 130) / 3,640 + (540 + 140) / 3,905 + ...) / 3
    cogs = "What is the FY2024 COGS % margin for Corvane? Calculate what was asked from the income statement."
    assert work_out(cogs, hits).text() == "FY2024 COGS 2,650 million [1] / FY2024 revenue $4,210 million [1] = 62.9%"
    # a year missing from the passages: nothing is worked out
    assert work_out(capex.replace("FY2022 - FY2024", "FY2021 - FY2023"), hits) is None
    # a gross margin asked bare: the percentage, its worked step giving the amount too
    assert formula_asked("What is Corvane's FY2023 gross margin?").percent


def test_a_figure_made_of_names_the_question_defines_and_sections_closed_by_their_total():
    cash = ("Consolidated Statements of Cash Flows\nYears Ended June 30,\n(In millions) 2024 2023 2022\n"
            "Net income $ 402 $ 371 $ (35)\nDepreciation 138 131 124\nAmortization of intangible assets 41 43 44\n"
            "Changes in operating assets and liabilities:\nAccounts receivable (31) (22) (9)\n"
            "Net cash provided by operating activities 655 590 480\n"
            "Purchases of property, plant and equipment (210) (190) (175)")
    hits = [_hit(ANNUAL_INCOME, 1), _hit(cash, 2)]
    q = ("What is Corvane's FY2023 unadjusted EBITDA less capex? Define unadjusted EBITDA as unadjusted operating "
         "income + depreciation and amortization from the cash flow statement, where depreciation and amortization "
         "is the Depreciation row plus the Amortization of intangible assets row. Answer in USD millions.")
    assert str(formula_asked(q).expr) == ("FY2023 unadjusted operating income + FY2023 Depreciation + FY2023 "
                                          "Amortization of intangible assets - FY2023 capex")
    assert work_out(q, hits).result == "524 million"  # 540 + 131 + 43 - 190
    # the section's total is not one of the changes listed under "Changes in ...:"
    ops = "How much cash from operations did Corvane generate in FY2022? Answer in USD millions."
    assert work_out(ops, hits, months=12).text() == \
        'FY2022 cash from operations: the row "Net cash provided by operating activities", 480 million [2]'
    apple = cash.replace("Net cash provided by operating activities", "Cash generated by operating activities")
    assert work_out(ops, [_hit(apple, 2)], months=12).result == "480 million"  # a section total by other words
    # the span named apart from the average, and a line named with "net" and "expense" around its common name
    avg = ("Across fiscal 2022 through fiscal 2024, what was Corvane's average capex as a percentage of net sales? "
           "Take the mean of the three annual percentages.")
    assert work_out(avg, hits).result == "4.9%"
    assert lookup_asked_term("What is Corvane's net AR at year end FY2023?") == "FY2023 net AR"


def lookup_asked_term(question: str) -> str | None:
    from rag.calculate import lookup_asked

    found = lookup_asked(question)
    return str(found.expr) if found else None


def test_a_lookup_takes_the_date_when_the_question_names_its_year_twice():
    q = "What was Intel's capex in the first nine months of 2023 (nine months ended September 30, 2023)?"
    assert lookup_asked_term(q) == "September 30, 2023 capex"
    assert lookup_asked_term("What was capex in fiscal 2023 and fiscal 2024?") is None  # two years: a comparison


def test_names_defined_in_terms_of_other_defined_names_and_a_margin_asked_in_percent():
    balance = (ANNUAL_BALANCE.replace("June 30, 2023", "June 30, 2023 June 30, 2022")
               .replace("Inventories 720 680", "Inventories 720 680 650")
               .replace("Accounts payable 390 360", "Accounts payable 390 360 340")
               + "\nAccounts receivable, net 500 470 450")
    hits = [_hit(ANNUAL_INCOME, 1), _hit(balance, 2)]
    ccc = ("What is the FY2024 cash conversion cycle (CCC) for Corvane? CCC is defined as: DIO + DSO - DPO. DIO is "
           "defined as: 365 * (average inventory between FY2023 and FY2024) / (FY2024 COGS). DSO is defined as: 365 * "
           "(average accounts receivable between FY2023 and FY2024) / (FY2024 Revenue). DPO is defined as: 365 * "
           "(average accounts payable between FY2023 and FY2024) / (FY2024 COGS + change in inventory between FY2023 "
           "and FY2024). Round your answer to two decimal places.")
    assert work_out(ccc, hits).result == "87.58"  # 365 * 700 / 2,650 + 365 * 485 / 4,210 - 365 * 375 / 2,690
    assert work_out("What is Corvane's FY2023 net profit margin as a percentage?", hits).result == "9.5%"  # 371 / 3,905
    assert formula_asked("What was Corvane's gross margin in fiscal 2023?").percent  # with the amount in its step


def test_a_measure_with_one_textbook_definition_is_worked_out_when_named_alone():
    assert work_out("Does Corvane have positive working capital based on FY2023 data?", _annual()).text() == \
        "total current assets 1,950 million [2] - total current liabilities 1,500 million [2] = 450 million"
    assert work_out("What was Corvane's free cash flow in fiscal 2023?", _annual()).result == "400 million"  # 590 - 190
    assert work_out("What was the current ratio at June 30, 2024?", _annual()).result == "1.50"
    # the effective tax rate: the income tax line over the income before it, whatever each is called; a row of the
    # rate, where a filing prints one, is read instead (blind set 22's d16)
    taxes = _hit("CONSOLIDATED STATEMENTS OF OPERATIONS (in millions)\nThree Months Ended June 30,\n2022 2023\n"
                 "Operating income 3,317 7,681\nIncome (loss) before income taxes (2,653) 7,563\n"
                 "Benefit (provision) for income taxes 637 (804)\nNet income (loss) $ (2,028) $ 6,750")
    assert work_out("What was Corvane's effective tax rate in the quarter ended June 30, 2023?", [taxes],
                    months=3).result == "10.6%"  # 804 / 7,563, not 7,563 / 7,563 ("income tax" in "before income taxes")
    stated = _hit("Income Taxes (in millions)\nThree Months Ended\nJuly 1, 2023 June 25, 2022\n"
                  "Provision for income taxes $ 2,852 $ 3,624\nEffective tax rate 12.5 % 16.2 %")
    assert work_out("What was Corvane's effective tax rate for the quarter ended July 1, 2023?", [stated],
                    months=3).result == "12.5%"
    # two of them compared, or a measure whose definition varies: nothing worked out
    assert formula_asked("How did working capital change from FY2023 to FY2024?") is None
    assert formula_asked("What was Corvane's quick ratio in FY2024?") is None
    assert work_out("What was Corvane's capex as a % of revenue in FY2022?", _annual()).result == "4.8%"  # 175 / 3,640
    assert formula_asked("What are Corvane's working capital requirements for fiscal 2025?") is None  # words, not a sum


def test_fitting_the_window_leaves_out_passages_the_calculation_does_not_use_first():
    from rag.fakes import FakeGenerator
    from rag.prompt import build_prompt

    q = "What was Corvane's capex as a % of revenue in FY2022?"
    filler = [_hit(" ".join(f"word{i}_{j}" for j in range(120)), n) for i, n in enumerate((4, 5, 6))]
    hits = filler + [_hit(ANNUAL_INCOME, 1), _hit(ANNUAL_CASH, 3)]  # the figures' passages ranked last
    gen = FakeGenerator(context_window=560)
    prompt = build_prompt(q, hits, gen, max_new_tokens=60, max_context_tokens=4096)
    assert len(prompt.hits) < len(hits) and [h.page_start for h in prompt.hits[:2]] == [1, 3]
    assert "Worked out from the sources: capex 175 million [2] / revenue $3,640 million [1] = 4.8%" in \
        prompt.messages[-1]["content"]


def test_a_term_joining_two_rows_with_and_is_their_sum():
    cash = ("Consolidated Statements of Cash Flows\nYears Ended June 30,\n(In millions) 2024 2023 2022\n"
            "Net income $ 402 $ 371 $ (35)\nDepreciation 138 131 124\nAmortization of intangible assets 41 43 44\n"
            "Net cash provided by operating activities 655 590 480\n")
    hits = [_hit(ANNUAL_INCOME, 1), _hit(cash, 2)]
    q = ("What is Corvane's FY2024 EBITDA, calculated as unadjusted operating income plus depreciation and "
         "amortization? Answer in USD millions.")
    assert work_out(q, hits).text().endswith(
        "+ depreciation 138 million [2] + amortization 41 million [2] = 789 million")
    assert work_out("What was Corvane's FY2023 D&A?", hits).result == "174 million"  # by its common name too
    # a row of both names is taken as it is
    both = cash.replace("Depreciation 138 131 124\n", "Depreciation and amortization 179 174 168\n")
    assert work_out("What was Corvane's FY2022 D&A?", [_hit(both, 2)]).text() == \
        'FY2022 D&A: the row "Depreciation and amortization", 168 million [1]'
    # two rows that each could be the "amortization" with different figures: nothing is added up
    two = cash.replace("Net income", "Amortization of capitalized software 7 6 5\nNet income")
    assert work_out("What was Corvane's FY2023 D&A?", [_hit(two, 2)]) is None


def test_the_sum_of_two_names_and_a_figure_defined_in_steps():
    assert str(formula_asked("What was total debt (the sum of short-term debt and long-term debt) in FY2023?").expr) \
        == "short-term debt + long-term debt"
    q = ("What was Corvane's net debt at the end of FY2023? Define total debt as the sum of short-term debt and "
         "long-term debt; net debt is total debt minus cash and cash equivalents.")
    # the period after "at the end of" is the figure's period, not a company's name
    assert str(formula_asked(q).expr) == ("FY2023 short-term debt + FY2023 long-term debt - FY2023 cash and cash "
                                          "equivalents")
    sheet = ("Consolidated Balance Sheets\n(In millions) June 30, 2024 June 30, 2023\nCash and cash equivalents $ 402 $ 319\n"
             "Short-term debt 50 50\nLong-term debt 1,402 1,504")
    assert work_out(q, [_hit(sheet, 1)]).result == "$1,235 million"  # 50 + 1,504 - 319


def test_a_line_repeated_under_each_segment_is_no_total_and_spending_is_no_balance():
    regions = ("Net sales and operating income by reportable segment (in millions):\nThree Months Ended\n"
               "July 1, 2023 June 25, 2022\nJapan:\nNet sales $ 4,821 $ 5,446\nOperating income $ 2,443 $ 2,418\n"
               "Greater China:\nNet sales $ 15,758 $ 14,604\nOperating income $ 6,207 $ 5,760")
    income = ("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n(In millions)\nThree Months Ended\n"
              "July 1, 2023 June 25, 2022\nTotal net sales 81,797 82,959\nOperating income 22,998 23,076")
    q = ("What was the operating margin (operating income divided by total net sales) for the three months ended "
         "July 1, 2023?")
    assert work_out(q, [_hit(regions, 1)]) is None  # Japan's, or Greater China's? neither is the company's
    assert work_out(q, [_hit(regions, 1), _hit(income, 2)]).result == "28.1%"  # 22,998 / 81,797
    cash = ("Consolidated Statements of Cash Flows\n(In millions) Nine Months Ended\nSep 30, 2023 Oct 1, 2022\n"
            "Additions to property, plant, and equipment (19,054) (18,097)")
    assert work_out("What was net PP&E as of September 30, 2023?", [_hit(cash, 1)]) is None
    assert work_out("What was capex in the nine months ended September 30, 2023?", [_hit(cash, 1)]).result == \
        "19,054 million"


def test_segments_named_by_a_bare_heading_line_and_an_acronym_asked_for_by_segment():
    amzn = ("Information on reportable segments (in millions):\nThree Months Ended\nMarch 31,\n2022 2023\n"
            "North America\nNet sales $ 69,244 $ 76,881\nOperating income (loss) $ (1,568) $ 898\nAWS\n"
            "Net sales $ 18,441 $ 21,354\nOperating income $ 6,518 $ 5,123\nConsolidated\n"
            "Net sales $ 116,444 $ 127,358\nOperating income 3,669 4,774")
    q = ("What was Amazon's AWS operating margin (AWS operating income divided by AWS net sales) for the three "
         "months ended March 31, 2023?")
    assert work_out(q, [_hit(amzn, 1)]).result == "24.0%"  # 5,123 / 21,354
    # the company's own, asked without a segment: AWS's or the consolidated line? not told apart, nothing worked out
    assert work_out("What was the operating margin (operating income divided by net sales) for the three months "
                    "ended March 31, 2023?", [_hit(amzn, 1)]) is None
    # "R&D as a percentage of ..." (an ampersand in the name)
    assert str(formula_asked("What was Intel's R&D as a percentage of net revenue in Q1 2023?").expr) == \
        "R&D / net revenue"


def test_a_year_over_year_change_compares_the_period_named_with_the_same_span_a_year_earlier():
    q = "What was the year-over-year change in Services net sales for the three months ended April 1, 2023?"
    assert work_out(q, [_hit(SEGMENTS, 1)]).result == "1,086 million"  # 20,907 - 19,821
    growth = "What was the year-over-year growth in revenue for the three months ended July 30, 2023?"
    # 13,507 / 6,704 - 1: of the three-month columns, the span the question names (rag.prompt.months_asked)
    assert work_out(growth, [_hit(INCOME, 1)], months=3).result == "101.5%"
    assert work_out(growth, [_hit(INCOME, 1)]) is None  # 2022's three or six months? not told apart
    assert formula_asked("What was the year-over-year change in revenue?") is None  # no period: which one?
    assert str(formula_asked("What was Microsoft's year-over-year revenue growth for the three months ended "
                             "September 30, 2023?").expr) == \
        "(September 30, 2023 revenue - 2022 revenue) / 2022 revenue"


def test_a_fetched_passage_naming_the_term_twice_equally_well_is_taken():
    from rag.calculate import operand_passages
    both = _hit("Statements of Income\nYears Ended June 30,\n(In millions) 2023 2022\nRevenue 500 400\nNet sales 500 400", 2)
    q = "What was the operating margin (operating income divided by revenue) in fiscal 2023?"
    other = _hit("Statements of Income\nYears Ended June 30,\n(In millions) 2023 2022\nOperating income 50 40", 1)
    # "revenue" and its common name "net sales" both name a row word for word: ranked alike, no error
    assert operand_passages(q, [other], None, lambda terms: [both]) and work_out(q, [other, both]).result == "10.0%"


def test_a_share_of_revenue_is_not_mixed_with_an_amount():
    shares = ("Three Months Ended\nJuly 30, 2023 July 31, 2022\nIncome before income tax 51.6 7.1\n"
              "Income tax expense (benefit) 5.9 (2.7)\nNet income 45.7 % 9.8 %")
    q = "What was income tax expense as a percentage of revenue for the three months ended July 30, 2023?"
    assert work_out(q, [_hit(shares, 1), _hit(INCOME, 2)], months=3) is None  # 5.9 / $13,507 million
    rate = ("What was the effective tax rate (income tax expense divided by income before income tax) for the three "
            "months ended July 30, 2023?")
    assert work_out(rate, [_hit(shares, 1)], months=3).result == "11.4%"  # shares of one total: their ratio holds


def test_a_common_names_row_beats_a_match_through_the_groups_words_and_deductions_count_by_size():
    cash = ("Consolidated Statements of Cash Flows\nYears Ended June 30,\n(In millions) 2024 2023\n"
            "Net cash provided by operating activities 655 590\nSupplemental cash flow information:\n"
            "Cash paid for operating leases 91 88")
    # "operating cash flow" is in "Cash paid for operating leases" under "... cash flow information:" too
    assert work_out("What was the FY2024 operating cash flow?", [_hit(cash, 1)]).result == "655 million"
    income = ("Statements of Income\nYears Ended June 30,\n(In millions) 2024 2023\nOperating income 1,042 980\n"
              "Interest expense (63) (65)\nResearch and development expense (742) (697)\nTotal operating expenses 1,400 1,300")
    q = "What was the FY2024 interest coverage ratio (operating income divided by interest expense)? Round to one decimal."
    assert work_out(q, [_hit(income, 1)]).result == "16.5"  # 1,042 / 63, not -16.5
    assert work_out("What was the FY2024 R&D expense as a percentage of total operating expenses?",
                    [_hit(income, 1)]).result == "53.0%"
    # amounts before shares of revenue among rows of the same name
    shares = ("Three Months Ended\nApril 30, 2023 May 1, 2022\nRevenue 100.0 % 100.0 %\nGross profit 64.6 65.5")
    amounts = ("Statements of Income\n(In millions)\nThree Months Ended\nApril 30, 2023 May 1, 2022\n"
               "Revenue $ 7,192 $ 8,288\nGross profit 4,648 5,431")
    assert work_out("What was the gross margin (gross profit divided by revenue) for the three months ended April 30, "
                    "2023?", [_hit(shares, 1), _hit(amounts, 2)], months=3).result == "64.6%"
    # an amount over a share ("$17,475 million" / "100.0%"): not one measure, nothing worked out
    net = "Statements of Income\n(In millions)\nThree Months Ended\nApril 30, 2023 May 1, 2022\nNet income 2,043 1,618"
    assert work_out("What was the net income margin (net income divided by revenue) for the three months ended April "
                    "30, 2023?", [_hit(shares, 1), _hit(net, 2)], months=3) is None


def test_an_acronym_takes_the_row_a_common_name_names_exactly():
    sheet = ("Consolidated Balance Sheets\nJune 30,\n(In millions) 2024 2023\nCurrent portion of long-term debt 50 50\n"
             "Long-term debt, less current portion 1,402 1,504")
    # "LTD" has the initials of both rows; "long-term debt, less current portion" is one row's very label
    assert work_out("What was Corvane's LTD as of June 30, 2024?", [_hit(sheet, 1)]).text().startswith(
        'June 30, 2024 LTD: the row "Long-term debt, less current portion", 1,402')


def test_a_row_that_only_holds_the_terms_words_sends_for_the_row_of_its_name():
    from rag.calculate import operand_passages
    top = _hit("BALANCE SHEETS\n(In millions)\nDecember 31, 2022 June 30, 2022\nCurrent assets:\n"
               "Inventories 2,980 3,742\nOther current assets 19,502 16,924", 1)
    rest = _hit("BALANCE SHEETS\n(In millions)\nDecember 31, 2022 June 30, 2022\nGoodwill 67,905 67,524\n"
                "Total assets $ 364,552 $ 364,840", 2)
    debt = _hit("(In millions)\nDecember 31, 2022 June 30, 2022\nTotal debt 48,116 49,781", 3)
    q = "What was the debt to assets ratio (total debt divided by total assets) as of December 31, 2022?"
    # "Other current assets" holds the words of "total assets" ("total" says how much, not which row): a search
    # for the term fetches the row of its very name, which then wins
    assert work_out(q, [debt, top]).result == "2.47"  # 48,116 / 19,502: what happens without the fetch
    found = operand_passages(q, [debt, top], None, lambda terms: [rest])
    assert [h.text for h in found] == [rest.text]
    assert work_out(q, [debt, top] + found).result == "0.13"
    # a row whose name leads its label ("..., net of proceeds from sales and incentives") is the company's own
    # line: nothing is fetched for it
    fcf = _hit("Twelve Months Ended March 31,\n(In millions) 2023 2022\nNet cash provided by operating activities "
               "$ 54,330 $ 39,324\nPurchases of property and equipment, net of proceeds from sales and incentives "
               "(57,649) (57,951)", 1)
    statement = _hit("Twelve Months Ended March 31,\n(In millions) 2023 2022\nPurchases of property and equipment "
                     "(62,901) (63,922)", 2)
    q = "What was free cash flow for the twelve months ended March 31, 2023?"
    assert operand_passages(q, [fcf], 12, lambda terms: [statement]) == []
    assert work_out(q, [fcf], 12).result == "-$3,319 million"


def test_a_measure_the_filing_reports_is_taken_as_it_reports_it():
    statement = _hit("Twelve Months Ended March 31,\n(In millions) 2023 2022\nNet cash provided by operating activities "
                     "54,330 39,324\nPurchases of property and equipment (62,901) (63,922)", 1)
    reconciliation = _hit("Twelve Months Ended March 31,\n(In millions) 2023 2022\nNet cash provided by (used in) "
                          "operating activities $ 54,330 $ 39,324\nPurchases of property and equipment, net of proceeds "
                          "from sales and incentives (57,649) (57,951)\nFree cash flow $ (3,319) $ (18,627)", 2)
    q = "What was free cash flow for the twelve months ended March 31, 2023?"
    assert work_out(q, [statement], 12).result == "-8,571 million"  # the textbook definition, from the statement
    # the filing's own "Free cash flow" row: worked out from its own table's rows, which give the same figure
    assert work_out(q, [statement, reconciliation], 12).text() == \
        "cash from operations $54,330 million [2] - capital expenditures 57,649 million [2] = -$3,319 million"
    # a reported figure its table's rows don't give (other adjustments): looked up as reported
    adjusted = _hit(reconciliation.text.replace("$ (3,319)", "$ (3,100)"), 2)
    assert work_out(q, [statement, adjusted], 12).text() == \
        'free cash flow: the row "Free cash flow", $(3,100) million [2] = -$3,100 million'


MSFT_INCOME = """INCOME STATEMENTS
(In millions, except per share amounts) (Unaudited)
Three Months Ended September 30,
2023 2022
Total revenue 56,517 50,122
Operating income 26,895 21,518
Net income $ 22,291 $ 17,556
Earnings per share:
Basic $ 3.00 $ 2.35
Diluted $ 2.99 $ 2.35"""

APPLE_CASH = """CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS (Unaudited)
(In millions)
Three Months Ended
December 31, 2022 December 25, 2021
Net income $ 29,998 $ 34,630
Cash generated by operating activities 34,005 46,966
Cash used in investing activities (1,445) (9,565)"""

NVDA_INCOME = """CONDENSED CONSOLIDATED STATEMENTS OF INCOME
(In millions, except per share data)
Three Months Ended Nine Months Ended
Oct 29, 2023 Oct 30, 2022 Oct 29, 2023 Oct 30, 2022
Revenue $ 18,120 $ 5,931 $ 38,819 $ 21,448
Net income $ 9,243 $ 680 $ 15,486 $ 2,336
Net income per share:
Basic $ 3.75 $ 0.27 $ 6.28 $ 0.94
Diluted $ 3.71 $ 0.27 $ 6.23 $ 0.93
Weighted average shares used in per share computation:
Basic 2,467 2,489 2,466 2,495
Diluted 2,494 2,499 2,488 2,513"""


def test_a_quarter_is_named_by_number_and_fiscal_year():
    from rag.periods import quarter_asked

    assert quarter_asked("What was Microsoft's operating income for the first quarter of fiscal year 2024?") == \
        (1, "2024", True)
    assert quarter_asked("NVIDIA's revenue in Q2 FY24?") == (2, "2024", True)
    assert quarter_asked("Revenue in fiscal Q3 2023") == (3, "2023", True)
    assert quarter_asked("Amazon's net income in 1Q23") == (1, "2023", False)
    assert quarter_asked("What was the revenue in Q3 2023?") == (3, "2023", False)
    assert quarter_asked("FY2024 Q1 revenue") == (1, "2024", True)
    assert quarter_asked("the revenue in the Q3 2022 10-Q") is None  # the report, not the figures' quarter
    assert quarter_asked("revenue in Q1 2023 and Q2 2023") is None  # two quarters
    assert quarter_asked("revenue of 24 million in Q1") is None  # no year


def test_a_quarter_of_a_fiscal_year_ends_three_months_apart_counted_back_from_that_years_end():
    from rag.periods import quarter_ends

    assert quarter_ends("2023-09-30", 1, "2024")  # Microsoft: the year ends June 30, 2024
    assert not quarter_ends("2022-09-30", 1, "2024")
    assert quarter_ends("2023-04-30", 1, "2024")  # NVIDIA: the year ends January 28, 2024
    assert quarter_ends("2022-12-31", 1, "2023")  # Apple: the year ends in September 2023
    assert quarter_ends("2023-04-01", 1, "2023")  # Intel: April 1 is March's quarter; the year ends December 30
    assert quarter_ends("2023-06-30", 2, "2023") and not quarter_ends("2023-06-30", 2, "2024")


def test_a_line_asked_for_a_fiscal_quarter_takes_the_column_that_quarter_ends():
    q = "What was Microsoft's operating income for the first quarter of fiscal year 2024?"
    assert work_out(q, [_hit(MSFT_INCOME)], months=3).result == "26,895 million"
    q = "What was Microsoft's operating income for the first quarter of fiscal year 2023?"
    assert work_out(q, [_hit(MSFT_INCOME)], months=3).result == "21,518 million"
    # no column ends that fiscal quarter: nothing looked up, though a column of calendar 2022 is there
    q = "What was Microsoft's operating income for Q2 fiscal 2022?"
    assert work_out(q, [_hit(MSFT_INCOME)], months=3) is None
    # the nine months beside it say October 29, 2023 ends a third quarter: no second quarter of fiscal 2024
    assert work_out("What was NVIDIA's revenue in Q3 FY2024?", [_hit(NVDA_INCOME)], months=3).result == \
        "$18,120 million"
    assert work_out("What was NVIDIA's revenue in Q2 FY2024?", [_hit(NVDA_INCOME)], months=3) is None
    # "Q1 2023" not called fiscal: a column of 2023 first; none here, so the quarter that ends a 2023 year
    q = "How much cash did Apple generate from operating activities in Q1 2023?"
    assert work_out(q, [_hit(APPLE_CASH)], months=3).result == "34,005 million"
    q = "How much cash did Apple generate from operating activities in the first quarter of fiscal 2023?"
    assert work_out(q, [_hit(APPLE_CASH)], months=3).result == "34,005 million"


def test_earnings_per_share_is_the_row_under_its_group_and_a_day_with_a_span_takes_that_spans_column():
    q = "What were NVIDIA's diluted earnings per share for the three months ended October 29, 2023?"
    assert work_out(q, [_hit(NVDA_INCOME)], months=3).result == "$3.71"
    q = "What was NVIDIA's diluted EPS for the nine months ended October 29, 2023?"
    assert work_out(q, [_hit(NVDA_INCOME)], months=9).result == "$6.23"
    q = "What were Microsoft's basic earnings per share in the first quarter of fiscal 2024?"
    assert work_out(q, [_hit(MSFT_INCOME)], months=3).result == "$3.00"
    # basic and diluted differ: "earnings per share" alone names neither
    assert work_out("What were Microsoft's earnings per share in Q1 fiscal 2024?", [_hit(MSFT_INCOME)], months=3) is None
    # a day that ends both a quarter and nine months, no span asked: which column is not said
    assert work_out("What was NVIDIA's revenue as of October 29, 2023?", [_hit(NVDA_INCOME)]) is None
    # a ratio per share is no line
    assert work_out("What was NVIDIA's book value per share in Q3 FY2024?", [_hit(NVDA_INCOME)], months=3) is None


def test_a_share_count_is_the_count_of_shares_not_the_per_share_amount_of_the_same_label():
    # "Diluted" is printed under "Net income per share:" ($3.71) and under "Weighted average shares used ..." (2,494)
    q = "What was NVIDIA's diluted share count for the three months ended October 29, 2023?"
    assert work_out(q, [_hit(NVDA_INCOME)], months=3).result == "2,494 million"
    q = "What were NVIDIA's basic shares for the three months ended October 29, 2023?"
    assert work_out(q, [_hit(NVDA_INCOME)], months=3).result == "2,467 million"
    # the MD&A prints the per-share amount without a dollar sign; a count's own row names it with other words
    mdna = """SUMMARY RESULTS OF OPERATIONS
(In millions, except per share amounts)
Three Months Ended
March 31, 2023 March 31, 2022
Diluted earnings per share 2.45 2.22"""
    q = "What was Microsoft's diluted share count in the quarter ended March 31, 2023?"
    assert work_out(q, [_hit(mdna)], months=3) is None
    note = """Three Months Ended
April 1, 2023 March 26, 2022
Weighted-average basic shares outstanding 15,787,154 16,278,805
Effect of dilutive share-based awards 59,896 124,511
Weighted-average diluted shares 15,847,050 16,403,316
Diluted earnings per share $ 1.52 $ 1.52"""
    q = "What was Apple's diluted share count for the quarter ended April 1, 2023?"
    assert work_out(q, [_hit(note)], months=3).result == "15,847,050"
    # the per-share amount is still found by its own name
    q = "What were Apple's diluted earnings per share for the quarter ended April 1, 2023?"
    assert work_out(q, [_hit(note)], months=3).result == "$1.52"


def test_a_company_named_before_the_line_without_a_possessive_but_not_a_segment_of_the_rows():
    from rag.calculate.question import asked

    assert asked("NVIDIA total current assets as of October 29, 2023").owner == "NVIDIA"
    assert asked("What was Apple's net income in Q3 2023?").owner == ""
    assert asked("How much is the Ridge Founders Scholarship worth?") is None  # a name after "How much is": no line
    assert asked("What was Intel's net income (loss) attributable to Intel and its diluted EPS for the quarter ended "
                 "April 1, 2023?") is None  # two figures asked
    assert asked("Intel diluted EPS for the quarter ended July 1, 2023").owner == "Intel"
    # the period in brackets restates the one outside them: one period, not a comparison
    assert asked("NVIDIA total liabilities at April 30, 2023 (end of Q1 fiscal 2024)?").expr.date == "2023-04-30"
    q = "NVIDIA net income for the three months ended October 29, 2023"
    assert work_out(q, [_hit(NVDA_INCOME)], months=3).result == "$9,243 million"
    segments = ("Segment Information\n(in millions)\nThree Months Ended September 30,\n2022 2023\nAWS\n"
                "Net sales $ 20,538 $ 23,059\nOperating income 5,403 6,976\nTotal\n"
                "Net sales $ 127,101 $ 143,083\nOperating income 2,525 11,188")
    # the words before the line head rows: a segment's line, read from its rows (not the company's 11,188)
    assert work_out("AWS operating income in Q3 2023?", [_hit(segments)], months=3).result == "6,976 million"
    intel = ("CONSOLIDATED CONDENSED STATEMENTS OF INCOME\n(In Millions, Except Per Share Amounts; Unaudited)\n"
             "Three Months Ended\nJul 1, 2023 Jul 2, 2022\nNet revenue $ 12,949 $ 15,321\n"
             "Net income (loss) attributable to Intel $ 1,481 $ (454)\n"
             "Earnings (loss) per share attributable to Intel—diluted $ 0.35 $ (0.11)")
    assert work_out("Intel diluted EPS for the quarter ended July 1, 2023", [_hit(intel)], months=3).result == "$0.35"


def test_margins_named_by_their_level_and_lines_reported_as_or_spent_on_with_to():
    from rag.calculate.question import asked

    apple = ("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (Unaudited)\n(In millions)\nThree Months Ended\n"
             "July 1, 2023 June 25, 2022\nTotal net sales 81,797 82,959\nGross margin 36,413 35,885\n"
             "Operating expenses:\nResearch and development 7,442 6,797\nTotal operating expenses 13,415 12,809\n"
             "Operating income 22,998 23,076")
    q = "What was Apple's gross margin percentage for the quarter ended July 1, 2023?"
    assert work_out(q, [_hit(apple)], months=3).result == "44.5%"
    # asked bare (an amount, maybe): the percentage, its step giving the row's amount
    worked = work_out("What was Apple's gross margin for the quarter ended July 1, 2023?", [_hit(apple)], months=3)
    assert worked.result == "44.5%" and "36,413" in worked.text()
    q = "What was Apple's operating margin for the three months ended July 1, 2023, as a percentage?"
    assert work_out(q, [_hit(apple)], months=3).result == "28.1%"
    assert asked("Why did Apple's operating margin decline in the quarter?") is None
    q = "What did Apple report as research and development expense for the three months ended July 1, 2023?"
    assert work_out(q, [_hit(apple)], months=3).result == "7,442 million"
    cash = ("CONSOLIDATED CONDENSED STATEMENTS OF CASH FLOWS\n(In Millions; Unaudited)\nNine Months Ended\n"
            "Oct 1, 2022 Sep 25, 2021\nAdditions to property, plant, and equipment (19,145) (13,302)")
    q = "How much did Intel spend on additions to property, plant, and equipment during the nine months ended October 1, 2022?"
    assert work_out(q, [_hit(cash)], months=9).result == "19,145 million"


def test_a_day_no_column_prints_is_not_its_years_column_and_a_common_names_own_row_beats_a_longer_label():
    q = "What was Microsoft's total revenue for the three months ended June 30, 2023?"
    assert work_out(q, [_hit(MSFT_INCOME)], months=3) is None  # September 30, 2023 is another quarter of 2023
    q = "What was Microsoft's total revenue for the three months ended September 30, 2022?"
    assert work_out(q, [_hit(MSFT_INCOME)], months=3).result == "50,122 million"  # the day printed once, over both
    amzn = ("CONSOLIDATED STATEMENTS OF CASH FLOWS\n(in millions)\nThree Months Ended\nJune 30,\n2022 2023\n"
            "Unearned revenue 321 156\nCONSOLIDATED STATEMENTS OF OPERATIONS\nTotal net sales 121,234 134,383\n"
            "Net income (loss) (2,028) 6,750")
    q = ("What was Amazon's net profit margin for the three months ended June 30, 2023? Express it as a percentage "
         "rounded to one decimal place.")
    assert work_out(q, [_hit(amzn)], months=3).result == "5.0%"  # "Total net sales", not "Unearned revenue"


SEGMENT_TABLES = (
    # a measure over its segments' rows (Microsoft), with a bracketed "(Loss)" (Amazon's MD&A)
    "Segment results\n(In millions)\nThree Months Ended September 30,\n2023 2022\nRevenue\n\n"
    "Productivity and Business Processes $ 18,592 $ 16,465\nIntelligent Cloud 24,259 20,325\n"
    "Total $ 42,851 $ 36,790\n\nOperating Income (Loss)\n\nProductivity and Business Processes $ 9,970 $ 8,323\n"
    "Intelligent Cloud 11,751 8,978\nTotal $ 21,721 $ 17,301",
    # a segment's name over its rows (Amazon's note)
    "Segment Information\n(in millions)\nThree Months Ended September 30,\n2022 2023\nNorth America\n"
    "Net sales $ 78,843 $ 87,887\nOperating income 2,600 4,300\nAWS\nNet sales 20,538 23,059\n"
    "Operating income 5,403 6,976",
    # a product line's row under the statement's "Net sales:" and again under "Cost of sales:" (Apple)
    "Condensed Consolidated Statements of Operations\n(In millions)\nThree Months Ended\nApril 1, 2023 March 26, 2022\n"
    "Net sales:\nProducts $ 73,929 $ 77,457\nServices 20,907 19,821\nTotal net sales 94,836 97,278\n"
    "Cost of sales:\nProducts 46,795 49,290\nServices 6,065 5,429\nTotal cost of sales 52,860 54,719",
)


def test_a_segments_line_is_looked_up_among_its_rows_only():
    from rag.calculate.question import segment_asked
    hits = [_hit(text, n) for n, text in enumerate(SEGMENT_TABLES, start=1)]
    for q, text in (
            ("What was Microsoft's Intelligent Cloud revenue in the quarter ended September 30, 2023?",
             'September 30, 2023 Intelligent Cloud revenue: the row "Intelligent Cloud", 24,259 million [1]'),
            ("What was the operating income of the Intelligent Cloud segment for the three months ended September 30, "
             "2023?", 'September 30, 2023 Intelligent Cloud operating income: the row "Intelligent Cloud", 11,751 '
                      'million [1]'),
            ("What was Amazon's AWS segment operating income in 2023?",
             '2023 AWS operating income: the row "Operating income", 6,976 million [2]'),
            ("What were North America net sales in 2023?",
             '2023 North America net sales: the row "Net sales", $87,887 million [2]'),
            # the Services row under "Net sales:", not the one under "Cost of sales:"
            ("How much Services revenue did Apple book in Q2 fiscal 2023?",
             'Q2 fiscal 2023 Services revenue: the row "Services", 20,907 million [3]'),
            ("What was Apple's Services cost of sales for the quarter ended April 1, 2023?",
             'April 1, 2023 Services cost of sales: the row "Services", 6,065 million [3]')):
        worked = work_out(q, hits, months=3)
        assert worked and worked.text() == text, q
    # no row of the segment in the passages: nothing looked up (not the company's total)
    assert work_out("What was Apple's Wearables revenue in Q2 fiscal 2023?", hits, months=3) is None
    # words that may be the company's name: its own line when no row is theirs, nothing when some are
    assert segment_asked("NVIDIA total revenue for fiscal Q3 2023") == ("NVIDIA", "total revenue", True)
    assert segment_asked("What was Apple's Services revenue in 2023?") == ("Services", "revenue", False)
    assert segment_asked("What was Apple's Total net sales in 2023?") is None  # a line's own capital, no segment
    assert work_out("What were Apple's Services and Products revenue in 2023?", hits) is None  # two segments
    assert work_out("Contoso total revenue in 2023?",
                    [_hit(SEGMENT_TABLES[0].replace("Total $ 42,851", "Total revenue $ 42,851"), 1)]).result == \
        "$42,851 million"


def test_lines_asked_with_where_they_are_printed_or_with_expense_or_per_share():
    income = ("Consolidated Condensed Statements of Income\n(In Millions, Except Per Share Amounts)\n"
              "Three Months Ended Nine Months Ended\nSep 30, 2023 Oct 1, 2022 Sep 30, 2023 Oct 1, 2022\n"
              "Net revenue $ 14,158 $ 15,338 $ 38,822 $ 49,012\nResearch and development 3,870 4,302 12,059 13,064\n"
              "Cash dividends declared per common share $ 0.125 $ 0.365 $ 0.490 $ 1.095")
    balance = ("Condensed Consolidated Balance Sheets\n(In millions)\nJune 25, 2022 September 25, 2021\n"
               "Current liabilities:\nAccounts payable $ 48,343 $ 54,763\nCommercial paper 10,982 6,000\n"
               "Total current liabilities 129,873 125,481")
    # "research and development expense" is the row "Research and development" (not only under "Operating expenses:")
    assert work_out("For Intel, what was research and development expense as a percentage of net revenue for the nine "
                    "months ended September 30, 2023? Round to one decimal place.", [_hit(income)], months=9).result \
        == "31.1%"
    # a per-share line that is no EPS, asked alone; a ratio per share is still no line
    assert work_out("What were Intel's cash dividends declared per share for the nine months ended September 30, "
                    "2023?", [_hit(income)], months=9).result == "$0.490"
    assert asked("What was Intel's book value per share in 2023?") is None
    # where the line is printed is not part of its name
    assert work_out("What was the commercial paper balance on Apple's balance sheet at June 25, 2022?",
                    [_hit(balance)]).result == "10,982 million"
    from rag.calculate.question import line_asked
    assert line_asked("What was the inventory in the consolidated statements of cash flows for 2023?") == ["inventory"]


def test_more_ways_analysts_ask_for_a_line_a_segment_or_a_change():
    from rag.calculate.question import segment_asked
    # a clause first, "how much ... report for", "what did ... spend on", "GAAP", "attributable to"
    for q, result in (("For the fiscal year 2023, what operating income did Corvane report?", "540 million"),
                      ("In the year ended June 30, 2023, how much did Corvane report for net income?", "$371 million"),
                      ("What did Corvane spend on purchases of property, plant and equipment in fiscal 2023?",
                       "190 million")):
        assert work_out(q, _annual()).result == result, q
    assert str(asked("What was Intel's GAAP diluted earnings per share attributable to Intel for the three months "
                     "ended September 30, 2023?").expr) == "September 30, 2023 diluted earnings per share"
    # segments asked with the segment as the subject, after the measure, or for the company after a comma
    for q, segment in (("How much operating income did the AWS segment deliver in the three months ended September "
                        "30, 2023?", "AWS"),
                       ("For the nine months ended October 29, 2023, what operating income did NVIDIA's Graphics "
                        "segment report?", "Graphics"),
                       ("What was Microsoft's revenue from the Intelligent Cloud segment in Q3 of fiscal year 2023?",
                        "Intelligent Cloud"),
                       ("Greater China net sales for Apple, Q3 FY23?", "Greater China")):
        assert segment_asked(q)[0] == segment, q
    # a change spelled out with quarters in its terms, in percent
    income = ("Consolidated Condensed Statements of Income\n(In Millions)\nThree Months Ended\nApr 1, 2023 Apr 2, 2022\n"
              "Net revenue $ 11,715 $ 18,353")
    q = ("Calculate Intel's year-over-year change in net revenue for Q1 2023 as (Q1 2023 net revenue - Q1 2022 net "
         "revenue) / Q1 2022 net revenue, rounded to one decimal place.")
    assert work_out(q, [_hit(income)], months=3).result == "-36.2%"


def test_a_line_looked_up_is_an_amount_in_a_column_of_the_span_asked():
    shares = ("Three Months Ended\nApril 30, 2023 May 1, 2022\nRevenue 100.0 % 100.0 %\n"
              "Research and development 26.1 19.5")
    stock = ("Stock-based compensation by line\nApril 30, 2023 May 1, 2022\nResearch and development 524 384")
    income = ("Condensed Consolidated Statements of Income\n(In millions)\nThree Months Ended\nApril 30, 2023 May 1, 2022\n"
              "Revenue $ 7,192 $ 8,288\nResearch and development 1,875 1,618")
    q = "NVDA R&D expense, three months ended April 30, 2023"
    assert work_out(q, [_hit(shares, 1)], months=3) is None  # R&D's share of revenue is not the expense asked
    # the column headed "Three Months Ended" over one headed by the day alone (stock-based compensation in R&D)
    assert work_out(q, [_hit(stock, 1), _hit(income, 2)], months=3).result == "1,875 million"


# Amazon's note: rows with footnote marks, three- and nine-month columns; Microsoft's revenue by product without its
# heading; Apple's cash flow statement
SALES_TABLES = (
    "Net sales by groups of similar products and services is as follows (in millions):\nThree Months Ended\n"
    "September 30,\nNine Months Ended\nSeptember 30,\n2022 2023 2022 2023\nNet Sales:\n"
    "Online stores (1) $ 53,489 $ 57,267 $ 155,473 $ 161,329\nAdvertising services (5) 9,548 12,060 26,182 32,252\n"
    "Consolidated $ 127,101 $ 143,083 $ 364,779 $ 404,824",
    "(In millions)\nThree Months Ended September 30, 2022 2021\nServer products and cloud services $ 20,994 $ 16,860\n"
    "Gaming 3,610 3,593\nTotal $ 50,122 $ 45,317",
    "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS\n(In millions)\nNine Months Ended\nJune 25, 2022 June 26, 2021\n"
    "Payments for dividends and dividend equivalents (11,138) (10,827)\nRepurchases of common stock (64,974) (63,547)",
    "CONDENSED CONSOLIDATED BALANCE SHEETS\n(In millions)\nDecember 31, 2022 September 24, 2022\nCurrent liabilities:\n"
    "Accounts payable $ 57,918 $ 64,115\nDeferred revenue 7,992 7,912\nTotal current liabilities 137,286 153,982",
)


def test_lines_asked_in_other_words_are_looked_up():
    hits = [_hit(text, n) for n, text in enumerate(SALES_TABLES, start=1)]
    for q, text in (
            # a product line: what the company earned from it, year to date (the nine months, not the quarter)
            ("Year-to-date through September 30, 2023, how much did Amazon earn from advertising services?",
             'September 30, 2023 advertising services revenue: the row "Advertising services (5)", 32,252 million [1]'),
            # a table of revenue by product that lost its heading: the row names no other measure
            ("Microsoft's Gaming revenue for the three months ended September 30, 2022?",
             'September 30, 2022 Gaming revenue: the row "Gaming", 3,610 million [2]'),
            # a payment asked as what was paid
            ("How much cash did Apple pay out in dividends and dividend equivalents during the nine months ended "
             "June 25, 2022?", 'June 25, 2022 payments for dividends and dividend equivalents: the row "Payments for '
                               'dividends and dividend equivalents", 11,138 million [3]'),
            ("Apple's year-to-date cash outflow for repurchases of common stock through June 25, 2022, per the cash "
             "flow statement.", 'June 25, 2022 repurchases of common stock: the row "Repurchases of common stock", '
                                '64,974 million [3]'),
            # a use of cash asked as what the cash was used to do: the row of that use (a buyback by its common names)
            ("According to the statement of cash flows, how much cash did Apple use to repurchase common stock in the "
             "nine months ended June 25, 2022, in USD millions?",
             'June 25, 2022 share repurchases: the row "Repurchases of common stock", 64,974 million [3]'),
            # a product line's revenue "generated from" its sales
            ("For the three months ended September 30, 2022, what was the total revenue generated from Microsoft's "
             "Gaming sales?", 'September 30, 2022 Gaming total revenue: the row "Gaming", 3,610 million [2]'),
            # a balance sheet's group in the line's name: "Deferred revenue" under "Current liabilities:"
            ("Pull Apple's current deferred revenue as of December 31, 2022.",
             'December 31, 2022 current deferred revenue: the row "Deferred revenue", 7,992 million [4]')):
        worked = work_out(q, hits)
        assert worked and worked.text() == text, q
    # where the line sits, what went to it, a region's customers: the line looked up all the same
    for q, figure in (("How much deferred revenue was sitting on Apple's balance sheet at December 31, 2022?", "7,992"),
                      ("For the three months ended September 30, 2022, how much revenue was attributed to customers "
                       "billed in Gaming?", "3,610")):
        worked = work_out(q, hits, months=3 if "three" in q else None)
        assert (worked and worked.result.split()[0].lstrip("$")) == figure, q
    rd = _hit("INCOME STATEMENTS\n(In millions)\nThree Months Ended September 30, 2023 2022\n"
              "Research and development 6,659 6,628\nOperating income 26,895 21,518", 5)
    q = "Microsoft, three months to September 30, 2023: how much went to R&D on the income statement?"
    assert work_out(q, [rd], months=3).result == "6,659 million"
    # a question in two sentences: the one that names its period is asked alone
    q = ("Did Apple pay its shareholders? Give payments for dividends and dividend equivalents for the nine months "
         "ended June 25, 2022.")
    assert [w.result for w in work_out_each(q, hits)] == ["11,138 million"]
    # the part of revenue attributed to a segment: that segment's revenue
    assert "3,610 million" in work_out("How much of Microsoft's total revenue was attributed to its Gaming segment in "
                                      "the three months ended September 30, 2022?", hits, months=3).text()
    # operating income asked of a product's rows that print no measure: not their revenue
    assert work_out("Microsoft's Gaming operating income for the three months ended September 30, 2022?", hits) is None
    # the quarter's column when the quarter is asked
    assert "12,060" in work_out("How much did Amazon earn from advertising services in the three months ended "
                                "September 30, 2023?", hits, months=3).text()


def test_a_which_or_where_question_after_a_preposition_is_no_terse_figure_question():
    """"On which exchange is X traded?" opens with no question word yet asks one: the cover's par value is no answer."""
    from rag.calculate.stated import stated_asked
    cover = ("Title of each class Trading Symbol Name of each exchange on which registered Common stock, $0.00000625 "
             "par value per share CORV NASDAQ 3.125% Notes due 2028 CORV NASDAQ")
    for q in ("On which exchange is Corvane's common stock traded?", "In what state is Corvane incorporated?",
              "At which address are Corvane's principal executive offices?"):
        assert stated_asked(q) is None and work_out(q, [_hit(cover, 1)]) is None, q
    assert stated_asked("CORV: total unrecognized comp cost at July 1, 2023?") is not None  # terse: no question word


def test_terse_and_reordered_questions_name_their_line():
    for q, term, when in (
            ("NVDA revenue Q2 FY24?", "revenue", "Q2 FY24"),
            ("Intel depreciation, three months ended April 1, 2023, per the cash flow statement?", "depreciation",
             "April 1, 2023"),
            ("In Q1 fiscal 2023, what did Microsoft record as its provision for income taxes?",
             "provision for income taxes", "Q1 fiscal 2023"),
            ("As of March 31, 2023, how much goodwill did Microsoft carry?", "goodwill", "March 31, 2023"),
            ("Intel's provision for (benefit from) taxes, three months ended Sept 30, 2023?", "provision for taxes",
             "Sept 30, 2023"),
            ("Pull the stock-based compensation add-back from Amazon's cash flow statement for Q1 2023 (three months "
             "ended March 31, 2023).", "stock-based compensation", "March 31, 2023"),
            ("Cash dividends declared per common share by Microsoft for the six months ended December 31, 2022?",
             "Cash dividends declared per common share", "December 31, 2022"),
            ("Give me Amazon's capex line: purchases of property and equipment for the six months ended June 30, "
             "2023.", "capex", "June 30, 2023")):
        f = asked(q)
        assert f and str(f.expr) == f"{when} {term}", (q, f)
    f = asked("By what percent did Amazon's interest expense rise year over year for the nine months ended "
              "September 30, 2023? One decimal, please.")
    assert str(f.expr) == "(September 30, 2023 interest expense - 2022 interest expense) / 2022 interest expense"
    assert f.percent
    f = asked("MSFT operating margin for the six months ended Dec 31, 2022 - operating income over total revenue, in "
              "percent to one decimal?")
    assert str(f.expr) == "operating income / total revenue" and f.percent  # its own formula, after the dash


NVIDIA_SEGMENTS = ("Compute &\nNetworking Graphics All Other Consolidated\n (In millions)\n"
                   "Nine Months Ended October 29, 2023\nRevenue $ 27,991 $ 10,832 $ — $ 38,823\n"
                   "Operating income (loss) $ 19,149 $ 3,751 $ (3,466) $ 19,434\n"
                   "Nine Months Ended October 30, 2022\nRevenue $ 11,314 $ 9,637 $ — $ 20,951\n"
                   "Operating income (loss) $ 4,599 $ 1,827 $ (4,140) $ 2,286")


def test_a_table_whose_columns_are_segments_is_read_by_column():
    from rag.calculate.rows import segment_columns

    hits = [_hit(NVIDIA_SEGMENTS)]
    worked = work_out("For the nine months ended October 29, 2023, what operating income did NVIDIA's Graphics "
                      "segment report?", hits)
    assert worked.text() == 'October 29, 2023 Graphics operating income: the row "Graphics", $3,751 million [1]'
    worked = work_out("NVIDIA Compute & Networking segment revenue, nine months ended October 30, 2022?", hits)
    assert worked.text().endswith('the row "Compute & Networking", $11,314 million [1]')
    # where the heads' words leave a name's column open, no row is read under it: "A B C" over two figures
    rows = segment_columns("Alpha Beta Gamma\n(In millions)\nThree Months Ended March 31, 2023\nRevenue $ 1 $ 2", 1)
    assert {r[4] for r in rows} == {"Alpha", "Gamma", "Alpha Beta", "Beta Gamma"}  # never Beta alone


def test_a_product_line_inside_a_segment_and_a_trailing_twelve_months_column():
    from rag.prompt import months_asked
    segment = ("Net revenue by operating segment\n(In Millions)\nThree Months Ended Six Months Ended\n"
               "Jul 1, 2023 Jul 2, 2022 Jul 1, 2023 Jul 2, 2022\nNet revenue:\nClient Computing\n"
               "Desktop $ 2,071 $ 2,503 $ 3,926 $ 5,433\nNotebook 3,896 4,751 7,303 10,710\n"
               "Total Client Computing 6,784 7,735 12,551 16,897\nTotal net revenue $ 12,949 $ 15,321 $ 24,664 $ 33,674")
    ttm = ("(in millions)\nTwelve Months Ended\nSeptember 30,\n2021 2022\nNet cash provided by (used in) operating activities "
           "$ 54,671 $ 39,665\nPurchases of property and equipment (59,017) (64,393)")
    # "Within X's segment, how much ... did Notebook generate": the product line's row, not the company's total
    q = ("Within Intel's Client Computing segment, how much net revenue did Notebook generate in the quarter ended "
         "July 1, 2023?")
    assert work_out(q, [_hit(segment)], months=3).result == "3,896 million"
    assert work_out("How much net revenue did Intel's Notebook generate in the quarter ended July 1, 2023?",
                    [_hit(segment)], months=3).result == "3,896 million"
    # the company as the subject is still the company's own line, though a heading starts with its name
    owned = segment.replace("Net revenue:\n", "Net revenue:\nIntel Products:\n")
    for q in ("How much net revenue did Intel generate in the quarter ended July 1, 2023?",
              "What net revenue did Intel report for the three months ended July 1, 2023?"):
        assert work_out(q, [_hit(owned)], months=3).result == "$12,949 million", q
    # trailing twelve months: the twelve-month column
    for q in ("What was Amazon's net cash provided by operating activities for the trailing twelve months ended "
              "September 30, 2022?", "Amazon's TTM net cash provided by operating activities as of September 30, 2022?"):
        assert months_asked(q) == 12
        assert work_out(q, [_hit(ttm)], months=12).result == "$39,665 million", q


def test_a_segments_margin_a_fall_and_terse_changes_are_worked_out():
    msft = ("Segment revenue and operating income were as follows (In millions)\nThree Months Ended September 30, "
            "2022 2021\nRevenue\nProductivity and Business Processes $ 16,465 $ 15,039\nIntelligent Cloud 20,325 16,912\n"
            "Total $ 50,122 $ 45,317\nOperating Income\nProductivity and Business Processes $ 8,323 $ 7,140\n"
            "Intelligent Cloud 8,978 7,681\nTotal $ 21,518 $ 20,238")
    # a segment's margin: its rows, not the company's total (21,518 / 50,122 = 42.9%)
    q = ("What was the operating margin of Microsoft's Intelligent Cloud segment in the quarter ended September 30, "
         "2022? Give it as a percentage to one decimal place.")
    assert work_out(q, [_hit(msft)], months=3).result == "44.2%"  # 8,978 / 20,325
    assert work_out("What was Microsoft's Intelligent Cloud operating margin percentage for the quarter ended "
                    "September 30, 2022?", [_hit(msft)], months=3).result == "44.2%"
    # named without "segment", after "of" and the company's name: the part's rows too
    for q in ("Compute the operating margin of Microsoft's Intelligent Cloud for the three months ended September 30, "
              "2022.", "What was the operating margin of Microsoft's Intelligent Cloud Group in the quarter ended "
              "September 30, 2022?"):
        assert work_out(q, [_hit(msft)], months=3).result == "44.2%", q
    # how much a line fell: the fall, not a negative change
    balance = ("CONDENSED CONSOLIDATED BALANCE SHEETS\n(In millions)\nJuly 1, 2023 December 31, 2022\n"
               "Accounts payable $ 46,699 $ 57,918")
    q = "By how much did Apple's accounts payable decline between December 31, 2022 and July 1, 2023?"
    assert work_out(q, [_hit(balance)]).result == "$11,219 million"
    # a terse change between two quarters, the ticker lowercase (a word of the file's name and of no row)
    income = ("Consolidated Statements of Operations\n(in millions)\nThree Months Ended\nMarch 31,\n2022 2023\n"
              "Net product sales $ 56,455 $ 56,981\nNet service sales 59,989 70,377")
    hit = replace(_hit(income), file="2023 Q1 AMZN.pdf")
    assert work_out("amzn net service sales increase, Q1 2023 vs Q1 2022, in $M?", [hit]).result == "10,388 million"
    assert work_out("amzn net service sales increase, Q1 2023 vs Q1 2022, in $M?", [_hit(income)]) is None
    # a product line's year-over-year change, its parent segment in brackets
    intel = ("Net revenue by operating segment\n(In Millions)\nThree Months Ended\nApr 1, 2023 Apr 2, 2022\n"
             "Client Computing\nDesktop $ 2,101 $ 2,983\nNotebook 3,407 5,959\nTotal net revenue $ 11,715 $ 18,353")
    q = ("By what percentage did Intel's Notebook revenue (Client Computing) change year over year in the quarter ended "
         "April 1, 2023? Round to one decimal.")
    assert work_out(q, [_hit(intel)], months=3).result == "-42.8%"  # (3,407 - 5,959) / 5,959


def test_shorthand_asides_and_the_statement_named_choose_the_row():
    from rag.retrieve import GAP
    # "op income" is operating income; a ticker before a segment's name
    amzn = ("Segment Information (in millions)\nThree Months Ended\nSeptember 30,\n2021 2022\nAWS\n"
            "Net sales $ 16,110 $ 20,538\nOperating income $ 4,883 $ 5,403\nConsolidated\n"
            "Operating income $ 4,852 $ 2,525")
    assert work_out("AMZN AWS op income Q3'22?", [_hit(amzn)], months=3).result == "$5,403 million"
    # an em dash for a comma, "(losses)" and ", net" in the row's own name, the "Total" row of it
    intel = ("Gains (losses) on equity investments, net\n(In Millions)\nThree Months Ended Six Months Ended\n"
             "Jul 1, 2023 Jul 2, 2022 Jul 1, 2023 Jul 2, 2022\nOngoing mark-to-market adjustments $ (39) $ (198) $ (50) "
             "$ (515)\nTotal gains (losses) on equity investments, net $ (24) $ (90) $ 145 $ 4,233")
    assert work_out("Intel gains (losses) on equity investments, net — first six months of 2023?", [_hit(intel)],
                    months=6).result == "$145 million"
    # a contrasting aside is no part of the name: Microsoft's "Product" row under "Revenue:"
    msft = ("INCOME STATEMENTS\n(In millions)\nThree Months Ended December 31, 2022 2021\nRevenue:\n"
            "Product $ 16,517 $ 20,779\nService and other 36,240 30,949\nTotal revenue 52,747 51,728")
    assert work_out("What was Microsoft's Product revenue (as opposed to Service and other) for the three months ended "
                    "December 31, 2022?", [_hit(msft)], months=3).result == "$16,517 million"
    # customers billed in a region
    nvda = ("Revenue by geographic area (In millions)\nThree Months Ended\nOct 29, 2023 Oct 30, 2022\n"
            "United States $ 6,302 $ 1,396\nSingapore 2,702 1,141\nTotal revenue $ 18,120 $ 5,931")
    assert work_out("How much of NVIDIA's revenue for the three months ended October 29, 2023 came from customers "
                    "billed in Singapore?", [_hit(nvda)], months=3).result == "2,702 million"
    # paid down, net, "according to its cash flow statement": the statement's row (its size), not a note's row of
    # the same name; a section heading left out ("[…]") no longer makes the row part of "Changes in ...:"
    note = ("Note 4 – Commercial Paper\n(In millions)\nThree Months Ended\nDecember 31, 2022 December 25, 2021\n"
            "Maturities greater than 90 days:\nRepayments of commercial paper, net (2,645) (2,339)")
    cash = ("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS\n(In millions)\nThree Months Ended\n"
            "December 31, 2022 December 25, 2021\nChanges in operating assets and liabilities:\n"
            f"Accounts payable (6,075) 19,813{GAP}Repayments of commercial paper, net (8,214) (1,000)")
    q = ("How much did Apple pay down in commercial paper (net) during the three months ended December 31, 2022, "
         "according to its cash flow statement?")
    assert work_out(q, [_hit(note, 1), _hit(cash, 2)], months=3).result == "8,214 million"


def _doc_hit(text: str, n: int, doc: int, routed: bool) -> Hit:
    return replace(_hit(text, n), doc_id=doc, routed=routed, file=f"doc{doc}.pdf")


def test_a_figure_one_sentence_states_is_looked_up():
    from rag.calculate.stated import stated_asked
    note = ("Note 3: Non-Controlling Interests. In 2022 we entered into a co-investment program with a partner. We have "
            "an unrecognized commitment to fund our respective share of the total construction costs of Ridge Fab of "
            "$29.0 billion. Our partner holds a 49% interest in the arrangement and pays its share of the costs.")
    q = ("In its 10-Q for the quarter ended September 30, 2023, what unrecognized commitment did Corvane disclose to "
         "fund its share of the total construction costs of Ridge Fab?")
    assert "corvane" not in stated_asked(q).words and "unrecognized" in stated_asked(q).words
    worked = work_out(q, [_hit("Revenue $ 14,158 $ 15,338 Gross margin 6,018 6,034", 1), _hit(note, 2)])
    assert worked.result == "$29.0 billion" and worked.passages() == {2}
    assert worked.text().startswith('"We have an unrecognized commitment') and worked.text().endswith('[2]')
    # a count of shares on a cover page, with the date it is given for
    cover = ("Indicate by check mark whether the registrant is a shell company. Yes ☐ No ☒ 10,334,030,586 shares of "
             "common stock, par value $0.01 per share, outstanding as of October 18, 2023")
    assert work_out("How many shares of Corvane common stock were outstanding as of October 18, 2023?",
                    [_hit(cover)]).result == "10,334,030,586"
    # another date than the one asked, two sentences that disagree, a change or a second thing asked: nothing
    assert work_out("How many shares of Corvane common stock were outstanding as of July 19, 2023?",
                    [_hit(cover)]) is None
    assert work_out("How many shares of Corvane common stock were outstanding as of the cover date of its 10-Q for the "
                    "quarter ended September 30, 2023?", [_hit(cover + "\nCORVANE, INC.\nFORM 10-Q")]
                    ).result == "10,334,030,586"
    other = note.replace("$29.0 billion", "$27.5 billion")
    assert work_out(q, [_hit(note, 1), _hit(other, 2)]) is None
    assert work_out("How much did the unrecognized commitment to fund the construction costs of Ridge Fab increase?",
                    [_hit(note)]) is None
    assert work_out(q.replace("?", ", and why did the company enter the program?"), [_hit(note)]) is None
    # a second thing asked is looked up with the first only when the same sentence holds it ("..., and over what
    # period?"); a terse question without a question word reads the same
    comp = ("Balance as of July 1, 2023 184,716 $ 135.08 $ 35,829\nThe fair value of vested RSUs was $7.0 billion, "
            "[…] As of July 1, 2023, the total unrecognized compensation cost related to "
            "outstanding RSUs and stock options was $20.9 billion, which the Company expects to recognize over a "
            "weighted-average period of 2.7 years. The Company grants RSUs to employees and directors.")
    terse = "CORV: total unrecognized comp cost on outstanding RSUs/options at July 1, 2023, and over what weighted-avg period?"
    worked = work_out(terse, [_hit(comp)])
    assert worked.result == "$20.9 billion" and "2.7 years" in worked.text()
    assert work_out(terse.replace("weighted-avg period", "vesting schedule"), [_hit(comp)]) is None
    assert work_out(q.replace("?", ", and what share of the arrangement does the partner hold?"), [_hit(note)]) is None
    # a change asked for is the figure after "grew", "decreased", ...; a level is not one
    growth = ("Intelligent Cloud revenue increased $3.9 billion or 21% to $24.3 billion. Azure and other cloud "
              "services revenue grew 29% driven by growth in our consumption-based services.")
    assert work_out("CORV Azure & other cloud services revenue growth, quarter ended Sept 30, 2023?",
                    [_hit(growth)]).result == "29%"
    both = "Server products and cloud services revenue increased 21% driven by Azure and other cloud services growth of 29%."
    # of two growths, the one whose own words name the thing asked (it was None before the sixteenth blind set)
    assert work_out("CORV Azure & other cloud services revenue growth, quarter ended Sept 30, 2023?",
                    [_hit(both)]).result == "29%"
    assert work_out("CORV server products and cloud services revenue growth, quarter ended Sept 30, 2023?",
                    [_hit(both)]).result == "21%"
    assert work_out("By how much did Corvane's Intelligent Cloud revenue increase in the quarter?",
                    [_hit(growth)]).result == "$3.9 billion"
    assert work_out("What was Corvane's Intelligent Cloud revenue in the quarter, in dollars?",
                    [_hit(growth)]).result == "$24.3 billion"
    # a bullet ends a sentence; two telling words ("Azure revenue") are in too many sentences to look one up
    bullets = ("Highlights included: • Cloud revenue increased 24% to $31.8 billion. • Azure and other cloud services "
               "revenue grew 29% driven by growth in consumption-based services.")
    assert work_out("What was the revenue from Corvane's cloud services, including Azure, in the latest quarter?",
                    [_hit(bullets)]) is None
    assert work_out("What was Corvane's Azure revenue for the quarter?", [_hit(bullets)]) is None
    # by how much a line changed is not its level
    changed = ("Server products and cloud services revenue increased $3.9 billion or 21% driven by Azure and other "
               "cloud services.")
    assert work_out("What was the revenue from Corvane's server products and cloud services in the latest quarter?",
                    [_hit(changed)]) is None
    assert work_out("What was the revenue from Corvane's server products and cloud services in the latest quarter?",
                    [_hit(changed.replace("increased $3.9 billion or 21%", "was $21.7 billion, up 21%,"))]
                    ).result == "$21.7 billion"
    # the one telling word that may be missing is never one of the thing asked: a price paid is no goodwill
    deal = _hit("Note 7. On October 13, 2023, we completed our acquisition of Pellam Games, Inc. (“Pellam Games”) for "
                "a cash payment of $61.8 billion, net of cash acquired. The purchase price allocation is not complete.")
    assert work_out("How much goodwill did Corvane record for the Pellam Games acquisition in the quarter?",
                    [deal]) is None
    assert work_out("How much cash did Corvane pay for the Pellam Games acquisition in the quarter?",
                    [deal]).result == "$61.8 billion"
    # when some passage comes from a document the question names, another document's sentence does not count
    hits = [_doc_hit("Revenue $ 14,158 $ 15,338 Gross margin 6,018 6,034", 1, 7, True), _doc_hit(other, 2, 8, False)]
    assert work_out(q, hits) is None
    assert work_out(q, hits + [_doc_hit(note, 3, 7, True)]).result == "$29.0 billion"


def test_the_passage_stating_the_figure_is_fetched_when_none_shown_states_it():
    from rag.calculate import operand_passages
    note = ("We have an unrecognized commitment to fund our respective share of the total construction costs of Ridge "
            "Fab of $29.0 billion. Our partner holds a 49% interest in the arrangement.")
    q = "What unrecognized commitment did Corvane disclose to fund its share of the construction costs of Ridge Fab?"
    shown = [_hit("Liquidity and capital resources: we believe our cash will be sufficient for the next twelve months "
                  "of operations and planned investments.", 1)]
    searched = []

    def search(terms: str) -> list[Hit]:
        searched.append(terms)
        return [_hit("Risk factors: construction of new factories may be delayed by many causes beyond our control.",
                     5), _hit(note, 6)]
    added = operand_passages(q, shown, None, search)
    assert [h.chunk_id for h in added] == [6] and "commitment" in searched[0]
    assert work_out(q, shown + added).result == "$29.0 billion"
    assert operand_passages(q, shown + added, None, search) == []  # shown already
    # the passages searched disagree: both are added, and nothing is looked up
    rivals = [_hit(note, 6), _hit(note.replace("29.0", "31.2"), 7)]
    added = operand_passages(q, shown, None, lambda terms: rivals)
    assert [h.chunk_id for h in added] == [6, 7] and work_out(q, shown + added) is None
    # a sentence shown lacks one telling word ("outstanding"): the search looks for one that holds them all, which
    # then stands (the cover page's count, not the shares repurchased)
    bought = _hit("We repurchased 46.2 million shares of our common stock for $6.0 billion during the nine months "
                  "ended September 30, 2022 under these programs.", 1)
    cover = _hit("Indicate by check mark whether the registrant is a shell company. Yes ☐ No ☒ 10,334,030,586 shares "
                 "of common stock, par value $0.01 per share, outstanding as of October 18, 2023", 9)
    shares = "How many shares of Corvane common stock were outstanding as of the cover date of its latest 10-Q?"
    assert work_out(shares, [bought]).result == "46.2 million"  # all it has: three of the four words
    added = operand_passages(shares, [bought], None, lambda terms: [cover])
    assert [h.chunk_id for h in added] == [9] and work_out(shares, [bought] + added).result == "10,334,030,586"


def test_the_stated_figure_is_shown_to_the_model_and_stands_in_its_answer():
    from rag.guard import check_answer
    from rag.prompt import user_message

    note = ("We have an unrecognized commitment to fund our respective share of the total construction costs of Ridge "
            "Fab of $29.0 billion. Our partner holds a 49% interest in the arrangement.")
    other = "Purchases of property, plant and equipment were $19.1 billion in the first nine months of the year."
    q = "What unrecognized commitment did Corvane disclose to fund its share of the construction costs of Ridge Fab?"
    hits = [_hit(other), _hit(note, 2)]
    sentence = '"We have an unrecognized commitment to fund our respective share of the total construction costs of ' \
               'Ridge Fab of $29.0 billion." [2]'
    assert f"Looked up in the sources: {sentence}" in user_message(q, hits)
    text, cited, abstained, _ = check_answer("Corvane disclosed a commitment of $29.0 billion [2].", q, hits)
    assert (cited, abstained) == ([2], False) and text.startswith("Corvane disclosed")
    text, cited, abstained, why = check_answer("Corvane disclosed a commitment of $19.1 billion [1].", q, hits)
    assert (text, cited, abstained) == (f"$29.0 billion ({sentence})", [2], False) and "19.1" in why


def test_a_figure_stated_for_two_spans_or_periods_respectively_is_the_one_asked():
    note = ("Intangible assets amortization expense was $612 million and $1.9 billion for the three and nine months "
            "ended March 31, 2023, respectively, and $502 million and $1.4 billion for the three and nine months ended "
            "March 31, 2022, respectively. The following table outlines the estimated future amortization expense.")
    q = "What was Corvane's intangible assets amortization expense for the nine months ended March 31, 2023?"
    assert work_out(q, [_hit(note)], months=9).result == "$1.9 billion"
    assert work_out(q.replace("nine", "three"), [_hit(note)], months=3).result == "$612 million"
    assert work_out(q.replace("2023", "2022"), [_hit(note)], months=9).result == "$1.4 billion"
    assert work_out(q, [_hit(note)]) is None  # no span asked: two figures
    fiscal = ("Amortization expense associated with intangible assets was $144 million and $471 million for the third "
              "quarter and first nine months of fiscal year 2024, respectively, and $181 million and $518 million for "
              "the third quarter and first nine months of fiscal year 2023, respectively.")
    assert work_out("Corvane amortization expense on intangible assets for the first nine months of fiscal 2024 "
                    "(through October 29, 2023)?", [_hit(fiscal)], months=9).result == "$471 million"
    # a verb asked in one form, the sentence's in another ("pay", "we paid": blind set 42's x24)
    paid = _hit("During the third quarter and first nine months of fiscal year 2024, we paid $99 million and $296 million "
                "in cash dividends to our shareholders, respectively.")
    assert work_out("How much did Corvane pay in cash dividends during the third quarter of fiscal 2024?", [paid],
                    months=3).result == "$99 million"
    assert work_out("How much did Corvane spend on cash dividends during the third quarter of fiscal 2024?", [paid],
                    months=3) is None  # spent is not paid
    # a figure the question gives is not the one it asks for
    loan = _hit("In January 2023, we entered into an $8.0 billion unsecured 364-day term loan with a syndicate of "
                "lenders, which matures in January 2024. As of September 30, 2023, $5.0 billion of the Term Loan was "
                "outstanding, which was included in accrued expenses.")
    assert work_out("How much was outstanding on Corvane's $8.0 billion 364-day term loan as of September 30, 2023?",
                    [loan]).result == "$5.0 billion"


def test_a_total_s_parts_a_line_in_lower_case_and_year_ago_changes_are_read():
    inventories = _hit("Note 4 – Inventories (in millions)\nDecember 31, 2022 September 24, 2022\n"
                       "Components $ 2,513 $ 1,637\nFinished goods 4,307 3,309\nTotal inventories $ 6,820 $ 4,946")
    worked = work_out("CORV finished goods inventory as of December 31, 2022, $M?", [inventories])
    assert worked.result == "4,307 million"
    assert work_out("What were Corvane's total inventories as of December 31, 2022?", [inventories]).result == \
        "$6,820 million"
    # the parts of a total under a heading of their own keep that heading
    headed = _hit("Balance as of (in millions)\nDecember 31, 2022 September 24, 2022\nInventories:\n"
                  "Finished goods 4,307 3,309\nTotal inventories $ 6,820 $ 4,946")
    assert work_out("CORV finished goods inventory as of December 31, 2022, $M?", [headed]).result == "4,307 million"
    sales = _hit("Net sales by category (in millions)\nThree Months Ended\nDecember 31, 2022 December 25, 2021\n"
                 "iPhone $ 65,775 $ 71,628\nMac 7,735 10,852\nTotal net sales $ 117,154 $ 123,945")
    q = ("By what percentage did Corvane's Mac net sales change in the first fiscal quarter of 2023 (quarter ended "
         "December 31, 2022) compared with the same quarter a year earlier?")
    assert work_out(q, [sales], months=3).result == "-28.7%"
    ads = _hit("Net sales by groups of similar products (in millions)\nThree Months Ended\n"
               "September 30, 2021 September 30, 2022\nNet sales:\nOnline stores $ 49,942 $ 53,489\n"
               "Advertising services 7,612 9,548\nTotal net sales $ 110,812 $ 127,101")
    q = "How fast did Corvane's advertising services revenue grow year over year in the three months ended September 30, 2022?"
    assert work_out(q, [ads], months=3).result == "25.4%"
    # a company's own lines are not a product line's
    assert work_out("How fast did Corvane's net sales grow year over year in the three months ended September 30, "
                    "2022?", [ads], months=3).result == "14.7%"


def test_a_change_named_after_the_two_periods_is_worked_out():
    income = replace(_hit("Consolidated Statements of Operations\n(in millions)\nThree Months Ended\nMarch 31,\n"
                          "2022 2023\nNet product sales $ 56,455 $ 56,981\nNet service sales 59,989 70,377"),
                     file="2023 Q1 CORV.pdf")
    assert work_out("Corvane's net service sales in Q1 2023 versus Q1 2022: what was the percentage change?",
                    [income]).result == "17.3%"
    assert work_out("CORV net service sales, Q1 2023 vs Q1 2022, % change?", [income]).result == "17.3%"
    assert work_out("CORV net service sales, Q1 2023 vs Q1 2022, change?", [income]).result == "10,388 million"


def test_a_line_named_in_another_word_order_or_with_the_total_it_is_part_of():
    from rag.calculate.names import same_name
    assert same_name("Diluted weighted average shares", "weighted-average diluted shares")
    assert not same_name("Diluted weighted average shares", "basic weighted-average shares")
    shares = _hit("Denominator:\nThree Months Ended\nApril 30, 2023 May 1, 2022\nBasic weighted average shares 2,470 2,500\n"
                  "Diluted weighted average shares 2,490 2,537")
    assert work_out("CORV weighted-average diluted shares, quarter ended April 30, 2023?", [shares],
                    months=3).result == "2,490"
    accrued = _hit("Accrued and Other Current Liabilities (in millions)\nOctober 30, 2022 January 30, 2022\n"
                   "Customer program accruals $ 1,201 $ 1,000\nExcess inventory purchase obligations 1,181 196\n"
                   "Total accrued and other current liabilities $ 4,120 $ 4,335")
    assert work_out("What were Corvane's excess inventory purchase obligations within accrued and other current "
                    "liabilities as of October 30, 2022?", [accrued]).result == "1,181 million"


def test_a_region_s_revenue_asked_as_what_was_billed_to_customers_there():
    regions = _hit("Revenue by geographic area (in millions)\nThree Months Ended\nJuly 30, 2023 July 31, 2022\n"
                   "United States $ 6,043 $ 1,988\nTaiwan 2,839 1,688\nTotal revenue $ 13,507 $ 6,704")
    q = "How much revenue did Corvane bill to customers in the United States in the three months ended July 30, 2023?"
    assert work_out(q, [regions], months=3).result == "$6,043 million"
    assert work_out(q.replace("United States", "Taiwan"), [regions], months=3).result == "2,839 million"


def test_a_product_line_s_revenue_row_is_fetched_from_a_table_of_revenue_by_product():
    from rag.calculate import operand_passages

    md_a = replace(_hit("More Personal Computing\nWindows revenue decreased $2.1 billion or 18% driven by Windows OEM."),
                   file="2023 Q1 CORV.pdf")
    products = replace(_hit("Revenue, classified by significant product and service offerings, was as follows:\n"
                            "(In millions)\nThree Months Ended\nDecember 31,\nSix Months Ended\nDecember 31,\n\n"
                            "  2022  2021  2022  2021\n\nServer products and cloud services  $ 19,594  $ 16,382  "
                            "$ 37,982  $ 31,452\nWindows   4,808   6,594   10,121   12,268\n"
                            "Total  $ 52,747  $ 51,728  $ 102,869  $ 97,045", 2), file="2023 Q1 CORV.pdf")
    q = "CORV Windows revenue, Q2 FY23 vs Q2 FY22, % change?"
    assert work_out(q, [md_a], months=3) is None
    found = operand_passages(q, [md_a], 3, lambda terms: [md_a, products])
    assert [h.text for h in found] == [products.text]  # once, though two periods' terms asked for it
    assert work_out(q, [md_a] + found, months=3).result == "-27.1%"


def test_the_report_s_period_and_a_year_naming_a_programme_are_not_the_figure_s_period():
    regions = _hit("Revenue by geographic area (in millions)\nThree Months Ended Nine Months Ended\n"
                   "October 29, 2023 October 30, 2022 October 29, 2023 October 30, 2022\n"
                   "Singapore 2,702 536 4,506 1,963\nTotal revenue $ 18,120 $ 5,931 $ 38,819 $ 21,446")
    q = ("In Corvane's 10-Q for the quarter ended October 29, 2023, what revenue from Singapore is shown for the same "
         "quarter a year earlier (three months ended October 30, 2022)?")
    assert work_out(q, [regions], months=3).result == "536 million"
    # a roll-forward's rows labelled with their dates
    note = _hit("Restructuring activity for the 2022 Restructuring Program during the first six months of 2023 was as "
                "follows:\n(In Millions)\nAccrued restructuring balance as of December 31, 2022 $ 873\n"
                "Additional accruals 101\nCash payments (742)\nAccrued restructuring balance as of July 1, 2023 $ 258")
    q = ("In its 10-Q for the quarter ended July 1, 2023, what accrued restructuring balance did Corvane report for the "
         "2022 Restructuring Program?")
    assert work_out(q, [note], months=3).result == "$258 million"
    assert work_out(q.replace("July 1, 2023", "December 31, 2022"), [note]).result == "$873 million"


def test_a_quarter_compared_with_the_year_before_is_read_from_the_later_report():
    from rag.periods import quarter_asked, quarter_reported
    assert quarter_asked("CORV Windows revenue, Q2 FY23 vs Q2 FY22, % change?") is None  # two quarters
    assert quarter_reported("CORV Windows revenue, Q2 FY23 vs Q2 FY22, % change?") == (2, "2023", True)
    assert quarter_reported("Windows revenue in Q2 FY23?") == (2, "2023", True)
    assert quarter_reported("Windows revenue, Q2 FY23 vs Q3 FY22?") is None  # not the same quarter
    assert quarter_reported("Windows revenue, Q2 FY23 vs Q2 FY21?") is None  # not a year apart


def test_margins_asked_bare_tersely_or_by_what_a_segment_earned():
    income = _hit("Condensed Consolidated Statements of Income\n(In millions)\nThree Months Ended Nine Months Ended\n"
                  "October 29, 2023 October 30, 2022 October 29, 2023 October 30, 2022\n"
                  "Revenue $ 18,120 $ 5,931 $ 38,819 $ 21,446\nGross profit 13,400 3,177 27,927 12,001\n"
                  "Operating income 10,417 601 19,358 3,034")
    q = "What was Corvane's operating margin for the nine months ended October 29, 2023?"
    assert work_out(q, [income], months=9).result == "49.9%"  # an operating margin is a percentage, asked so or not
    # a gross margin may be an amount (a row of that name): the percentage, with the amount in its step
    worked = work_out("What was Corvane's gross margin for the nine months ended October 29, 2023?", [income], months=9)
    assert worked.result == "71.9%" and "27,927" in worked.text()
    assert work_out("CORV Q3 FY24 gross margin %?", [replace(income, file="2023 Q3 CORV.pdf")], months=3).result == \
        "74.0%"  # asked tersely: the company, the quarter, then the margin
    segments = _hit("Note 10 – Segment Information (in millions)\nThree Months Ended\nJuly 1, 2023 June 25, 2022\n"
                    "Americas:\nNet sales $ 35,383 $ 37,472\nOperating income $ 14,063 $ 13,371\nGreater China:\n"
                    "Net sales $ 15,758 $ 14,604\nOperating income $ 6,207 $ 5,576")
    q = "What operating margin did Corvane's Greater China segment earn in the quarter ended July 1, 2023?"
    assert work_out(q, [segments], months=3).result == "39.4%"


def test_terse_and_how_much_year_over_year_growth():
    sales = replace(_hit("Net sales by category (in millions)\nThree Months Ended\nDecember 31, 2022 December 25, 2021\n"
                         "iPhone $ 65,775 $ 71,628\nMac 7,735 10,852\nTotal net sales $ 117,154 $ 123,945"),
                    file="2023 Q1 CORV.pdf")
    assert work_out("CORV Q1 FY23 iPhone revenue growth y/y, in %?", [sales], months=3).result == "-8.2%"
    cash = _hit("CASH FLOWS STATEMENTS\n(In millions) (Unaudited)\nThree Months Ended September 30, 2023 2022\n"
                "Investing\nAdditions to property and equipment (9,917 ) (6,283 )\n"
                "Purchases of investments (8,460 ) (5,013 )")
    q = "How much did Corvane's capex grow year over year in the September 2023 quarter (fiscal Q1 2024)?"
    assert work_out(q, [cash], months=3).result == "57.8%"


def test_sbc_and_receivables_are_looked_up_by_their_common_names():
    cash = _hit("Condensed Consolidated Statements of Cash Flows (In millions)\nNine Months Ended\n"
                "October 29, 2023 October 30, 2022\nStock-based compensation expense 2,465 1,906\n"
                "Changes in operating assets and liabilities, net of acquisitions:\nAccounts receivable (4,482) (258)\n"
                "Inventories (1,554) (3,360)", 1)
    balance = _hit("Condensed Consolidated Balance Sheets (In millions)\nOctober 29, 2023 January 29, 2023\n"
                   "Current assets:\nCash and cash equivalents $ 5,525 $ 3,389\nAccounts receivable, net 8,309 3,827", 2)
    assert work_out("CORV SBC for the nine months ended October 29, 2023?", [cash], months=9).result == "2,465 million"
    # the cash flow statement's change in receivables is no balance
    assert work_out("CORV receivables on the balance sheet as of Oct 29, 2023?", [cash, balance]).result == \
        "8,309 million"


def test_a_line_asked_after_a_clause_naming_where_to_read_it():
    leases = _hit("Lease cost recognized in our consolidated statements of operations is summarized as follows (in "
                  "millions):\nThree Months Ended September 30, Nine Months Ended September 30,\n2022 2023 2022 2023\n"
                  "Operating lease cost $ 2,236 $ 2,679 $ 6,472 $ 7,799\nTotal lease cost $ 4,279 $ 4,759 $ 12,740 "
                  "$ 14,132")
    for clause in ("Per the leases note in Corvane's Q3 2023 10-Q", "According to the leases note"):
        q = f"{clause}, what was total lease cost for the nine months ended September 30, 2023?"
        assert work_out(q, [leases], months=9).result == "$14,132 million"


def test_payments_named_after_what_was_paid_are_the_cash_flow_statement_s_payment_row():
    from rag.calculate.names import aliases_of
    assert "payment of dividends" in aliases_of("cash dividend payments")
    cash = _hit("Consolidated Condensed Statements of Cash Flows (In Millions)\nNine Months Ended\n"
                "Sep 30, 2023 Oct 1, 2022\nCash flows provided by (used for) financing activities:\n"
                "Payment of dividends to stockholders (2,561) (4,488)\nOther financing 1,234 (1,108)")
    q = ("By what percentage did Corvane's cash dividend payments fall in the first nine months of 2023 versus the "
         "same period of 2022?")
    assert work_out(q, [cash], months=9).result == "-42.9%"


def test_a_line_compared_to_another_a_figure_asked_beside_words_and_a_report_named_as_revealed():
    income = _hit("Condensed Consolidated Statements of Income (In millions)\nThree Months Ended\n"
                  "April 30, 2023 May 1, 2022\nRevenue $ 7,192 $ 8,288\nResearch and development 1,875 1,618\n"
                  "Total operating expenses 2,508 3,563\nOperating income 2,140 1,868")
    q = "How did Corvane's operating expenses compare to its revenues in the quarter ended April 30, 2023?"
    worked = work_out(q, [income], months=3)
    assert worked.result == "34.9%" and "2,508" in worked.text() and "7,192" in worked.text()  # both lines stated
    for vague in ("How did Corvane's operating expenses stack up against its earnings in the quarter?",
                  "How did Corvane's revenue compare to the prior year?"):
        assert formula_asked(vague) is None  # "earnings": net income or sales? "the prior year": a period
    q = ("How much did Corvane allocate to research and development in the quarter ended April 30, 2023, and what "
         "were the key areas of focus?")
    assert work_out(q, [income], months=3).result == "1,875 million"  # the figure; the model answers the rest
    q = "What was Corvane's revenue in the quarter ended April 30, 2023, and how does it compare to a year earlier?"
    assert work_out(q, [income], months=3).result == "$7,192 million"
    assert asked("What was Corvane's net income, and what was its revenue?") is None  # two figures: not cut
    cash = _hit("Condensed Consolidated Statements of Cash Flows (In millions)\nNine Months Ended\n"
                "October 30, 2022 October 31, 2021\nNet cash provided by operating activities 3,393 6,075")
    for q in ("What was Corvane's operating cash flow as revealed in its 10-Q for the nine months ended October 30, "
              "2022?", "What were the cash flow from operations figures for Corvane for the nine months ended "
              "October 30, 2022?"):
        assert work_out(q, [cash], months=9).result == "3,393 million"


def test_terse_shares_quoted_names_shorthand_spans_and_what_a_product_brought_in():
    from rag.periods import quarter_asked
    assert quarter_asked("INTC Q2'23 R&D as % of revenue?") == (2, "2023", False)
    income = _hit("Consolidated Condensed Statements of Income (In Millions)\nThree Months Ended Six Months Ended\n"
                  "Jul 1, 2023 Jul 2, 2022 Jul 1, 2023 Jul 2, 2022\nNet revenue $ 12,949 $ 15,321 $ 24,664 $ 33,674\n"
                  "Research and development 4,080 4,400 8,189 8,762")
    assert work_out("CORV Q2'23 R&D as % of revenue?", [income], months=3).result == "31.5%"
    assert work_out("What was Corvane's R&D as % of net revenue for the six months ended Jul 1, 2023?", [income],
                    months=6).result == "33.2%"
    revenue = _hit("INCOME STATEMENTS (In millions)\nThree Months Ended Nine Months Ended\nMarch 31, 2023 2022 2023 "
                   "2022\nRevenue:\nProduct $ 15,588 $ 17,366 $ 49,849 $ 54,229\nService and other 37,269 31,994 "
                   "107,880 91,629\nTotal revenue 52,857 49,360 157,729 145,858")
    q = "By what percentage did Corvane's 'Service and other' revenue grow year over year in the nine months ended " \
        "March 31, 2023?"
    assert work_out(q, [revenue], months=9).result == "17.7%"  # the name in quotes is the row's
    by_product = _hit("Revenue, classified by significant product and service offerings, was as follows:\n(In "
                      "millions) Three Months Ended September 30, 2022 2021\nServer products and cloud services "
                      "$ 20,325 $ 16,937\nLinkedIn 3,663 3,136\nTotal $ 50,122 $ 45,317")
    q = "How much revenue did LinkedIn bring Corvane in the three months ended September 30, 2022?"
    assert work_out(q, [by_product], months=3).result == "3,663 million"
    sales = _hit("Net sales by groups of similar products and services (in millions):\nThree Months Ended June 30, "
                 "Six Months Ended June 30,\n2022 2023 2022 2023\nNet sales:\nOnline stores $ 50,855 $ 52,966 $ "
                 "101,930 $ 104,307\nThird-party seller services 27,376 32,332 53,075 61,672")
    from rag.periods import spelled_dates
    from rag.prompt import months_asked
    q = spelled_dates("Corvane online stores net sales, 6M ended Jun 30 2023?")  # as rag.answer reads it
    assert work_out(q, [sales], months_asked(q)).result == "$104,307 million"  # six months, not the quarter
    segments = _hit("Segment Information (In millions)\nThree Months Ended Nine Months Ended\nOct 1, 2022 Sep 25, "
                    "2021 Oct 1, 2022 Sep 25, 2021\nRestructuring and other charges:\nEmployee severance $ 202 $ 3 "
                    "$ 650 $ 13\nTotal restructuring and other charges $ 664 $ 1,009 $ (460) $ 2,247")
    q = ("What were Corvane's total restructuring and other charges for the nine months ended October 1, 2022, and "
         "why was the figure negative?")
    assert work_out(q, [segments], months=9).result == "-$460 million"  # the figure; the model says why


def test_two_figures_asked_together_are_each_worked_out():
    from rag.calculate import parts_asked, work_out_each

    q = "What were NVIDIA's revenue and operating income for the quarter ended July 30, 2023?"
    assert parts_asked(q) == ["What were NVIDIA's revenue for the quarter ended July 30, 2023?",
                              "What were NVIDIA's operating income for the quarter ended July 30, 2023?"]
    assert parts_asked("How much did Intel spend on R&D and on SG&A in Q1 2023?") == [
        "How much did Intel spend on R&D in Q1 2023?", "How much did Intel spend on SG&A in Q1 2023?"]
    assert parts_asked("MSFT revenue and net income Q1 FY24?") == ["MSFT revenue Q1 FY24?", "MSFT net income Q1 FY24?"]
    # the two names before the verb and its subject: "What A and B did X report ..." (blind set 32's n05)
    assert parts_asked("What revenue and operating income did Corvane's Mobileye segment report for Q3 2023?") == [
        "What revenue did Corvane's Mobileye segment report for Q3 2023?",
        "What operating income did Corvane's Mobileye segment report for Q3 2023?"]
    # one name holding "and", a formula's own "and", one figure asked, a second part asking for no figure
    for one in ("What were Amazon's cash and cash equivalents as of March 31, 2023?",
                "What was the average inventory between FY2023 and FY2024?",
                "What was NVIDIA's revenue for the quarter ended July 30, 2023?",
                "What was NVIDIA's revenue and how did it change?"):
        assert parts_asked(one) == [], one
    worked = work_out_each(q, [_hit("Some prose first."), _hit(INCOME, 2)], months=3)
    assert [w.result for w in worked] == ["$13,507 million", "6,800 million"]  # not the six months, not 2022
    # both or neither: a second line no passage prints leaves the model to answer
    assert work_out_each(q.replace("operating income", "free cash flow margin"), [_hit(INCOME)], months=3) == []
    # a name that is one row is read whole, not split into "cost" and "revenue"
    one = work_out_each("What was NVIDIA's cost of revenue and gross profit in the quarter ended July 30, 2023?",
                        [_hit(INCOME)], months=3)
    assert [w.result for w in one] == ["4,045 million", "9,462 million"]


def test_two_figures_asked_together_are_both_stated_or_both_shown():
    from rag.guard import check_answer
    from rag.prompt import user_message

    q = "What were NVIDIA's revenue and operating income for the quarter ended July 30, 2023?"
    hits = [_hit("Revenue grew on demand for data center products."), _hit(INCOME, 2)]
    both = "Revenue was $13,507 million and operating income was $6,800 million [2]."
    text, cited, abstained, why = check_answer(both, q, hits)
    assert (text, cited, abstained, why) == (both, [2], False, None)
    # one of the two given (or the six months' figure for the other): both worked-out figures instead
    for partial in ("Revenue was $13,507 million [2].", "Revenue was $13,507 million and operating income $8,940 "
                    "million [2]."):
        text, cited, abstained, why = check_answer(partial, q, hits)
        assert text.startswith("$13,507 million and 6,800 million (") and "the row \"Operating income\"" in text
        assert (cited, abstained) == ([2], False) and "figures worked out" in why
    shown = user_message(q, hits)
    assert "Looked up in the sources: " in shown and shown.count("the row ") == 2
    # a figure and how another went, asked together: no one sentence's change answers both (blind set 30's l08)
    from rag.calculate.stated import stated_figure
    mdna = _hit("CCG revenue decreased 17% from Q3 2021 due to lower Notebook volume in the consumer and education "
                "market segments, though Notebook ASPs increased due to a resulting change in product mix.")
    q = ("What was Corvane's notebook revenue in Q3 2022, and how did notebook unit volume change year over year?")
    assert stated_figure(q, [mdna]) is None


def test_two_figures_of_segments_in_analysts_forms():
    from rag.calculate import parts_asked, work_out_each
    from rag.calculate.question import plain_question

    hits = [_hit(text, n) for n, text in enumerate(SEGMENT_TABLES, start=1)]
    # two segments of one measure; a segment named in an opening clause; a terse topic before a colon, its segment
    # named in full ("Amazon Web Services": the rows under "AWS")
    for q, results in (
            ("What operating income did Microsoft's Productivity and Business Processes and Intelligent Cloud "
             "segments generate in the quarter ended September 30, 2023?", ["$9,970 million", "11,751 million"]),
            ("For Amazon's North America segment in the three months ended September 30, 2023, what were net sales "
             "and operating income?", ["$87,887 million", "4,300 million"]),
            ("Amazon Web Services in Q3 2023 (three months ended September 30, 2023): net sales and operating "
             "income?", ["23,059 million", "6,976 million"])):
        assert [w.result for w in work_out_each(q, hits, months=3)] == results, q
    # the year-ago column asked as "the comparable quarter a year earlier", after "Looking at its 10-Q for Q3 2023, "
    q = ("Looking at Amazon's 10-Q for Q3 2023, what AWS net sales did the company report for the comparable quarter a "
         "year earlier (three months ended September 30, 2022)?")
    assert [w.result for w in work_out_each(q, hits, months=3)] == ["20,538 million"]
    # the clause alone: the segment's net sales, never the company's
    assert plain_question("For Apple's Greater China segment in the quarter ended April 1, 2023, what were net "
                          "sales?") == "What were Apple's Greater China segment net sales in the quarter ended April " \
                                      "1, 2023?"
    assert asked("For the Greater China segment, what were net sales in the quarter ended April 1, 2023?").segment == \
        "Greater China"
    assert asked("What were net sales in the quarter ended April 1, 2023 (Greater China segment)?") is None
    # shorthand: a ticker and quarter before a colon; a topic before a dash that the question says again
    assert parts_asked("NVDA Q2 FY24 (quarter ended July 30, 2023): revenue and net income?") == [
        "What were NVDA's revenue in Q2 FY24 (quarter ended July 30, 2023)?",
        "What were NVDA's net income in Q2 FY24 (quarter ended July 30, 2023)?"]
    assert plain_question("MSFT Q1 FY24 capex — what were additions to property and equipment for the quarter ended "
                          "September 30, 2023?") == "What were additions to property and equipment for the quarter " \
                                                    "ended September 30, 2023?"
    # names holding "and": the "and" that repeats the preposition joins the two
    assert parts_asked("How much did Apple spend on research and development and on selling, general and "
                       "administrative expenses in the three months ended June 25, 2022?") == [
        "How much did Apple spend on research and development in the three months ended June 25, 2022?",
        "How much did Apple spend on selling, general and administrative expenses in the three months ended June "
        "25, 2022?"]


def test_buybacks_cash_on_hand_a_dated_span_and_a_line_shown_for_a_year_earlier():
    cash = ("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS\n(In millions)\nNine Months Ended\n"
            "July 1, 2023 June 25, 2022\nRepurchases of common stock (56,547) (64,974)\n"
            "Cash and cash equivalents, end of period $ 28,408 $ 27,502")
    for q, text in (
            ("How much cash did Apple spend on buybacks in the nine months ended July 1, 2023?",
             'July 1, 2023 buybacks: the row "Repurchases of common stock", 56,547 million [1]'),
            # the dated span in brackets, not fiscal 2023's year, picks the column
            ("How much did Apple spend on share repurchases in the first nine months of fiscal 2024 (nine months "
             "ended July 1, 2023)?",
             'July 1, 2023 share repurchases: the row "Repurchases of common stock", 56,547 million [1]')):
        assert work_out(q, [_hit(cash)], months=9).text() == text
    balance = "CONSOLIDATED BALANCE SHEETS\n(In millions)\nSep 30, 2023 Dec 31, 2022\nCash and cash equivalents $ 7,621 " \
              "$ 11,144\nTotal assets 191,573 182,103"
    assert work_out("How much cash on hand did Intel have at September 30, 2023?", [_hit(balance)]).result == \
        "$7,621 million"
    q = ("In NVIDIA's Q3 FY2024 10-Q, what net income is shown for the same quarter a year earlier (the three months "
         "ended October 30, 2022)?")
    assert work_out(q, [_hit(NVDA_INCOME)], months=3).result == "$680 million"


def test_by_how_much_one_line_exceeded_another():
    q = "By how much did NVIDIA's gross profit exceed its operating income in the quarter ended July 30, 2023?"
    assert str(asked(q).expr) == "gross profit - operating income"
    assert work_out(q, [_hit(INCOME)], months=3).result == "2,662 million"  # 9,462 - 6,800


def test_a_sentence_must_hold_the_last_word_of_the_name_asked():
    from rag.calculate.stated import stated_figure

    leases = ("In addition, we have operating leases, primarily for our data centers, that are expected to commence "
              "in fiscal year 2025 with lease terms of 2 to 8 years for $361 million.")
    q = "What was NVIDIA's Data Center operating income for the first quarter of fiscal 2024?"
    assert stated_figure(q, [_hit(leases)]) is None  # "operating ... data centers", but no "income"
    severance = ("For the three months ended March 31, 2023, we recorded approximately $470 million of estimated "
                 "severance costs primarily related to planned role eliminations.")
    other = "We recorded approximately $120 million of costs related to planned role eliminations in stores."
    q = "What severance costs did Amazon book in Q1 2023 for its planned role eliminations?"
    assert stated_figure(q, [_hit(other), _hit(severance, 2)]).result == "$470 million"


INTEL_SEGMENTS = """Net revenue and operating income (loss) for each period were as follows:
Three Months Ended Nine Months Ended
(In Millions) Sep 30, 2023 Oct 1, 2022 Sep 30, 2023 Oct 1, 2022
Net revenue:
Client Computing
Desktop $ 2,753 $ 3,222 $ 7,002 $ 8,152
Notebook 4,503 4,408 11,806 15,118
Other 611 498 1,606 1,858
7,867 8,128 20,414 25,128
Data Center and AI 3,814 4,255 11,536 15,024
Network and Edge 1,450 2,133 4,303 6,483
Total net revenue $ 14,158 $ 15,338 $ 38,822 $ 49,012
Operating income (loss):
Client Computing $ 2,073 $ 1,447 $ 3,632 $ 5,045
Data Center and AI 71 (139) (608) 1,174"""


def test_a_segments_total_printed_without_a_label_is_the_segments_row():
    from rag.calculate.rows import table_rows

    rows = {(text, frozenset(group)): cells[0][1] for _, group, cells, _, text in table_rows(_hit(INTEL_SEGMENTS), 1)}
    assert rows[("Client Computing", frozenset({"net", "reven"}))] == "7,867 million"  # the line of figures alone
    assert rows[("Data Center and AI", frozenset({"net", "reven"}))] == "3,814 million"  # not under Client Computing
    assert rows[("Notebook", frozenset({"clien", "compu"}))] == "4,503 million"
    q = ("By how much did Intel's Client Computing revenue exceed its Data Center and AI revenue in the three months "
         "ended September 30, 2023?")
    assert work_out(q, [_hit(INTEL_SEGMENTS)], months=3).result == "4,053 million"  # 7,867 - 3,814


def test_words_two_figures_share_are_read_with_each():
    from rag.calculate import parts_asked, work_out_each

    assert parts_asked("What were NVIDIA's basic and diluted EPS for the quarter ended July 30, 2023?") == [
        "What were NVIDIA's basic EPS for the quarter ended July 30, 2023?",
        "What were NVIDIA's diluted EPS for the quarter ended July 30, 2023?"]
    q = "What were Apple's Products and Services net sales for the quarter ended April 1, 2023?"
    assert parts_asked(q)[0] == "What were Apple's Products net sales for the quarter ended April 1, 2023?"
    assert [w.result for w in work_out_each(q, [_hit(SEGMENTS)], months=3)] == ["$73,929 million", "20,907 million"]
    # a ratio after the second name: of both, or of the second alone? Not split
    assert parts_asked("What were Apple's net sales and operating income margin for the quarter ended April 1, "
                       "2023?") == []
    assert parts_asked("What was NVIDIA's revenue and operating income growth in the quarter ended July 30, "
                       "2023?") in ([], ["What was NVIDIA's revenue growth in the quarter ended July 30, 2023?",
                                         "What was NVIDIA's operating income growth in the quarter ended July 30, "
                                         "2023?"])


def test_a_balance_grown_between_two_days_is_an_amount_and_a_rate_must_be_the_one_named():
    from rag.calculate.stated import stated_figure

    balance = ("CONSOLIDATED BALANCE SHEETS\n(In millions)\nOct 1, 2022 Dec 25, 2021\nInventories $ 12,831 $ 10,776\n"
               "Total assets 180,955 168,406")
    q = "By how much did Corvane's inventories grow between December 25, 2021 and October 1, 2022?"
    assert work_out(q, [_hit(balance)]).result == "$2,055 million"
    assert work_out(q.replace("?", ", in percent?"), [_hit(balance)]).result == "19.1%"
    projected = ("Beginning in 2023, income tax effects are calculated using a fixed long-term projected tax rate of 13% "
                 "across all adjustments.")
    assert stated_figure("CORV, quarter ended Sep 30, 2023: effective tax rate per the income tax note?",
                         [_hit(projected)]) is None
    assert stated_figure("CORV: projected tax rate for adjustments?",
                         [_hit(projected)]).result == "13%"


def test_two_figures_asked_politely_as_well_as_that_segment_s_and_two_periods():
    from rag.calculate import parts_asked, work_out_each

    hits = [_hit(text, n) for n, text in enumerate(SEGMENT_TABLES, start=1)]
    for q, results in (
            # "both", asked politely, the second's bracketed "(loss)" its own
            ("Could you give me both the net sales and the operating income (loss) of Amazon's North America segment "
             "for the three months ended September 30, 2023?", ["$87,887 million", "4,300 million"]),
            # "as well as that segment's"
            ("In its 10-Q for the quarter ended September 30, 2023, what did Microsoft report as Intelligent Cloud "
             "revenue, as well as that segment's operating income?", ["24,259 million", "11,751 million"]),
            # two segments named before "segments" after "in the"
            ("For the quarter ended September 30, 2023, what was revenue in the Productivity and Business Processes "
             "and Intelligent Cloud segments?", ["$18,592 million", "24,259 million"])):
        assert [w.result for w in work_out_each(q, hits, months=3)] == results, q
    # a ticker before a colon, one line in two periods
    assert parts_asked("AMZN: AWS segment operating income, Q3 2022 vs Q3 2021?") == [
        "AMZN AWS segment operating income Q3 2022?", "AMZN AWS segment operating income Q3 2021?"]


def test_a_share_that_came_from_a_line_what_the_company_recognized_and_take_a_and_subtract_b():
    markets = ("Revenue by specialized markets:\n(In millions)\nThree Months Ended\nJul 30, 2023 Jul 31, 2022\n"
               "Data Center $ 10,323 $ 3,806\nGaming 2,486 2,042\nTotal revenue $ 13,507 $ 6,704")
    q = "What share of NVIDIA's total revenue came from Data Center in the quarter ended July 30, 2023?"
    assert work_out(q, [_hit(markets)], months=3).result == "76.4%"  # 10,323 / 13,507
    # from outside the home country: the whole less the home country's row, not one row of several others (blind set
    # 38's t15)
    countries = _hit("Revenue by geographic areas (In millions)\nThree Months Ended\nOct 29, 2023 Oct 30, 2022\n"
                     "Revenue:\nUnited States $ 6,302 $ 2,148\nTaiwan 4,333 1,153\nOther countries 753 946\n"
                     "Total revenue $ 11,388 $ 4,247")
    q = ("What share of NVIDIA's revenue for the quarter ended October 29, 2023 came from customers outside the United "
         "States?")
    assert str(asked(q).expr) == "(revenue - United States revenue) / revenue"
    assert work_out(q, [countries], months=3).result == "44.7%"  # (11,388 - 6,302) / 11,388
    q = "What operating income did the company recognize for the three months ended September 30, 2023?"
    assert str(asked(q).expr) == "September 30, 2023 operating income"
    q = ("Take NVIDIA's gross profit for the quarter ended July 30, 2023 (three months ended July 30, 2023) and "
         "subtract its operating income. What's left?")
    assert str(asked(q).expr) == "gross profit - operating income"
    assert work_out(q, [_hit(INCOME)], months=3).result == "2,662 million"


def test_one_line_asked_for_two_spans_is_looked_up_in_each():
    table = _hit("Net sales by category (in millions):\nThree Months Ended Six Months Ended\n"
                 "April 1, 2023 March 26, 2022 April 1, 2023 March 26, 2022\n"
                 "iPhone $ 51,334 $ 50,570 $ 117,109 $ 122,198\nMac 7,168 10,435 14,903 21,287\n"
                 "Total net sales $ 94,836 $ 97,278 $ 211,990 $ 221,223")
    q = "Apple's Mac net sales for both the three months and the six months ended April 1, 2023?"
    worked = work_out_each(q, [table])
    assert [w.result for w in worked] == ["7,168 million", "14,903 million"]
    assert "(three months)" in worked[0].text() and "(six months)" in worked[1].text()  # told apart for the reader
    # one span asked: one figure
    assert [w.result for w in work_out_each("Apple's Mac net sales for the six months ended April 1, 2023?",
                                            [table], 6)] == ["14,903 million"]


def test_of_two_figures_in_a_sentence_the_one_right_after_the_name_asked():
    from rag.calculate.stated import stated_figure
    text = ("Manufacturing Purchase Obligations. The Company utilizes several outsourcing partners to manufacture "
            "its products. As of June 25, 2022, the Company had manufacturing purchase obligations of $43.1 billion, "
            "with $43.0 billion payable within 12 months. Other obligations are described in the 2021 Form 10-K.")
    q = ("According to Corvane's 10-Q for the quarter ended June 25, 2022, how large were the company's manufacturing "
         "purchase obligations at quarter end?")
    assert stated_figure(q, [_hit(text)]).result == "$43.1 billion"
    # no figure right after the name: two figures, none told apart
    both = text.replace("obligations of $43.1 billion, with", "obligations with $43.1 billion in total and")
    assert stated_figure(q, [_hit(both)]) is None
    # a comparison of two periods in one sentence: not told apart by the name alone
    compared = ("Income taxes. The effective income tax rate was 22.0% in fiscal 2024 compared with 22.8% in fiscal "
                "2023, due to lower state taxes and the tax effect of share-based awards.")
    assert stated_figure("What was Corvane's effective income tax rate in fiscal 2023?", [_hit(compared)]) is None


def test_a_figure_asked_with_its_change_over_the_year_or_its_value_a_year_earlier():
    from rag.calculate.question import with_year_before
    table = _hit("Segment Information (in millions)\nThree Months Ended Nine Months Ended\n"
                 "June 30, 2022 June 30, 2023 June 30, 2022 June 30, 2023\nNorth America\n"
                 "Net sales $ 74,430 $ 82,546 $ 216,100 $ 245,077\nOperating income (loss) $ (627) $ 3,211 $ (2,148) $ 4,093")
    q = ("What operating income did Amazon's North America segment report for the three months ended June 30, 2023, "
         "and what was it a year earlier?")
    assert with_year_before(q) == ("What operating income did Amazon's North America segment report for the three "
                                   "months ended June 30, 2023?", "before", set())
    assert [w.result for w in work_out_each(q, [table], 3)] == ["$3,211 million", "-$627 million"]
    q = "Amazon's North America net sales for the three months ended June 30, 2023 and growth vs the prior-year quarter?"
    assert [w.result for w in work_out_each(q, [table], 3)] == ["$82,546 million", "10.9%"]  # 82,546 / 74,430 - 1
    q = "Amazon's North America net sales for the three months ended June 30, 2023, and the change in dollars?"
    assert [w.result for w in work_out_each(q, [table], 3)][1] == "$8,116 million"
    # the figure alone can't be found: neither is given
    assert work_out_each(q.replace("North America", "International"), [table], 3) == []
    assert with_year_before("What were Amazon's net sales and operating income in Q2 2023?") is None
    # against a period named by its year: the year before, or nothing
    q = "Amazon's North America net sales, first six months of 2023 (through June 30, 2023) — percent change vs the " \
        "first six months of 2022?"
    assert with_year_before(q)[1:] == ("growth only", {"2022"})  # the change asked, after a dash
    q = "Amazon's North America net sales for the three months ended June 30, 2023 and growth vs the quarter of 2021?"
    assert with_year_before(q)[2] == {"2021"} and work_out_each(q, [table], 3) == []  # 2021 is not the year before


def test_a_share_asked_tersely_after_the_company_name():
    q = "Intel R&D spend as a percentage of revenue for the quarter ended April 1, 2023?"
    assert str(formula_asked(q).expr) == "R&D spend / revenue"
    # a line's own capitalised first word is no company: "Operating" is not one, the line is read whole
    assert str(formula_asked("Operating income as a percentage of revenue for Q1 2023?").expr) == \
        "Operating income / revenue"
    assert formula_asked("For Intel, what was research and development expense as a percentage of net revenue for "
                         "Q1 2023?") is not None


def test_a_product_named_after_a_ticker_is_never_read_as_the_company():
    # "AAPL Mac revenue": the Mac rows, or nothing; not the company's total net sales
    income = _hit("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n(In millions)\nThree Months Ended\n"
                  "December 31, 2022 December 25, 2021\nTotal net sales 117,154 123,945")
    assert work_out("AAPL Mac revenue for the quarter ended December 31, 2022?", [income], 3) is None
    # a company's name alone before its line still is: "NVIDIA total revenue"
    assert work_out("NVIDIA total net sales for the quarter ended December 31, 2022?", [income], 3).result == \
        "117,154 million"


def test_a_figure_asked_with_its_change_fetches_the_figures_rows():
    from rag.calculate import operand_passages
    income = _hit("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n(In millions)\nThree Months Ended\n"
                  "December 31, 2022 December 25, 2021\nTotal net sales 117,154 123,945", 1)
    note = _hit("Net sales by category (in millions):\nThree Months Ended\nDecember 31, 2022 December 25, 2021\n"
                "iPhone $ 65,775 $ 71,628\nMac 7,735 10,852\nTotal net sales $ 117,154 $ 123,945", 2)
    q = "AAPL Mac revenue for the quarter ended December 31, 2022 and the y/y change?"
    assert work_out_each(q, [income], 3) == []  # the Mac rows are in no passage
    found = operand_passages(q, [income], 3, lambda terms: [note])
    assert [h.text for h in found] == [note.text]
    assert [w.result for w in work_out_each(q, [income] + found, 3)] == ["7,735 million", "-28.7%"]


def test_a_balance_with_its_value_a_year_earlier_is_not_read_from_the_last_year_end():
    balance = _hit("CONDENSED CONSOLIDATED BALANCE SHEETS\n(In millions)\nJune 30, 2023 December 31, 2022\n"
                   "Total current liabilities 139,000 155,393")
    q = "What were Amazon's total current liabilities at June 30, 2023, and what were they a year earlier?"
    assert work_out_each(q, [balance]) == []  # December 31, 2022 is not a year before June 30, 2023


def test_a_question_typed_in_lower_case_names_its_segment_before_the_noun():
    from rag.calculate.question import plain_question
    q = "nvda compute & networking segment operating income, nine months ended october 29, 2023?"
    assert plain_question(q).startswith("Nvda Compute & Networking segment operating income")  # the ticker: dropped
    assert work_out(q, [_hit(NVIDIA_SEGMENTS)]).result == "$19,149 million"
    # question words, articles and measures before the noun are no name; a question with capitals is left as typed
    assert plain_question("what was the total segment operating income?") == "what was the total segment operating income?"
    assert "Intelligent Cloud" in plain_question("what was the operating income of the intelligent cloud segment?")
    assert plain_question("What was the data center segment revenue?") == "What was the data center segment revenue?"


def test_forms_of_this_session_do_not_overreach():
    from rag.calculate.question import line_asked, plain_question, sentences_asking, with_year_before
    # a setup sentence is not asked alone; a request is
    assert sentences_asking("Consider NVIDIA's operating income for Q2 FY24. How does management explain it?") == []
    # a line held "in the quarter ... from" something is a part of it, not the line
    assert line_asked("How much revenue was recorded in the quarter ended July 30, 2023 from performance obligations "
                      "satisfied in previous periods?") == []
    # a capitalised line is no company before a terse share: the line is read whole
    assert str(formula_asked("Net Income as a percentage of Revenue for the quarter ended July 30, 2023?").expr) == \
        "Net Income / Revenue"
    # another quarter, or the quarter before, is no year before; a change without "%" or "growth" is an amount;
    # "versus the year-ago quarter" asks both, the figure first
    assert with_year_before("NVIDIA revenue in Q2 2023 and the growth vs Q4 2022?") is None
    assert with_year_before("NVIDIA revenue for the quarter ended July 30, 2023 and the growth vs the quarter before?") \
        is None
    assert with_year_before("NVIDIA revenue for the quarter ended July 30, 2023, and the change from the prior-year "
                            "quarter?")[1] == "change"
    assert with_year_before("NVIDIA revenue for the quarter ended July 30, 2023 and the y/y change?")[1] == "growth"
    assert with_year_before("NVIDIA revenue for the quarter ended July 30, 2023 versus the year-ago quarter?")[1] == \
        "before"
    # lower case: the name is the words right before the noun, after any measure or preposition
    assert plain_question("what was revenue in the graphics segment in q2?") == \
        "what was revenue in the Graphics segment in q2?"
    assert plain_question("what was microsoft's intelligent cloud segment revenue in q3 fy23?") == \
        "what was microsoft's Intelligent Cloud segment revenue in q3 fy23?"


def test_the_income_tax_line_by_its_common_names_with_the_sign_its_brackets_give():
    def income(label, now, before):
        return _hit("Condensed Consolidated Statements of Income\n(In millions)\nThree Months Ended\n"
                    f"September 30, 2023 October 1, 2022\nIncome before taxes 310 1,002\n{label} {now} {before}\n"
                    "Net income 672 1,019")
    q = "What was Corvane's {} for the quarter ended September 30, 2023?"
    provision = income("Provision for income taxes", "(362)", "(17)")
    assert work_out(q.format("income tax expense"), [income("Provision for income taxes", "52", "60")],
                    months=3).result == "52 million"  # "taxes" and "tax" name the same row
    intel = income("Provision for (benefit from) taxes", "(362)", "(17)")
    assert work_out(q.format("income tax benefit"), [intel], months=3).result == "362 million"
    assert work_out(q.format("tax provision"), [intel], months=3).result == "-362 million"
    amazon = income("Benefit (provision) for income taxes", "(948)", "1,422")
    assert work_out(q.format("provision for income taxes"), [amazon], months=3).result == "948 million"
    assert work_out(q.format("income tax benefit"), [provision], months=3) is None  # no benefit printed
    assert work_out(q.format("net loss"), [income("Net income (loss)", "(25)", "7")], months=3).result == "25 million"


def test_by_how_much_a_line_declined_y_slash_y():
    sales = _hit("Net sales by category (in millions)\nThree Months Ended\nApril 1, 2023 March 26, 2022\n"
                 "Mac $ 7,168 $ 10,435\nTotal net sales $ 94,836 $ 97,278")
    q = "By how much did Corvane's Mac net sales decline y/y in the quarter ended April 1, 2023?"
    assert work_out(q, [sales], months=3).result == "$3,267 million"
    # "how much" may mean the amount or the percentage: both (the percentage signed, as growth is written)
    assert [w.result for w in work_out_each(q, [sales], months=3)] == ["$3,267 million", "-31.3%"]
    assert [w.result for w in work_out_each(q.replace("By how much", "By what percent"), [sales], months=3)] == \
        ["-31.3%"]
    assert [w.result for w in work_out_each(q.replace("?", ", in dollars?"), [sales], months=3)] == ["$3,267 million"]


def test_a_segments_line_from_a_table_whose_title_only_the_heading_keeps():
    note = replace(_hit("(In millions)\nSeptember 30,\n2022\nJune 30,\n2022\n"
                        "Productivity and Business Processes $ 22,405 $ 24,558\nIntelligent Cloud 17,294 19,371\n"
                        "Total $ 43,889 $ 48,408\nChanges in unearned revenue were as follows:\n(In millions)\n"
                        "Three Months Ended September 30, 2022\nBalance, beginning of period $ 48,408"),
                   heading="NOTE 12 — UNEARNED REVENUE Unearned revenue by segment was as follows: (In millions)")
    for q in ("Intelligent Cloud unearned revenue at CORV as of Sep 30, 2022?",
              "Corvane's unearned revenue for the Intelligent Cloud segment at September 30, 2022?"):
        assert work_out(q, [note]).result == "17,294 million"
    prose = replace(note, text="Our unearned revenue is recognized over the contract period as services are delivered."
                               "\n" + note.text)  # the heading's table is not the one printed
    assert work_out("Intelligent Cloud unearned revenue at CORV as of Sep 30, 2022?", [prose]) is None
    untitled = replace(note, heading="NOTE 12 — UNEARNED REVENUE")
    assert work_out("Intelligent Cloud unearned revenue at CORV as of Sep 30, 2022?", [untitled]) is None


def test_a_setup_clause_before_a_dash_then_the_question():
    income = _hit("Consolidated Condensed Statements of Income (In Millions)\nThree Months Ended\nJul 1, 2023 Jul 2, 2022\n"
                  "Operating income (loss) (1,016) (175)\nProvision for (benefit from) taxes (2,289) (200)\n"
                  "Net income (loss) attributable to Corvane 1,481 (454)")
    q = ("Corvane swung to a profit in Q2 2023 despite an operating loss — what was the income tax benefit and net "
         "income attributable to Corvane for the three months ended July 1, 2023?")
    assert [w.result for w in work_out_each(q, [income], months=3)] == ["2,289 million", "1,481 million"]


def test_a_product_line_named_after_its_segment():
    note = _hit("Note 2: Operating Segments (In Millions)\nThree Months Ended\nApr 1, 2023 Apr 2, 2022\n"
                "Client Computing\nDesktop $ 2,142 $ 3,025\nNotebook 3,407 5,959\nOther 218 557\n"
                "Data Center and AI 3,719 6,075")
    q = "How much did Corvane's Client Computing notebook revenue decline year over year in Q1 2023?"
    assert [w.result for w in work_out_each(q, [note], months=3)] == ["2,552 million", "-42.8%"]


def test_a_lines_part_recorded_in_another_line():
    note = _hit("Common shares outstanding totaled 10.5 billion. Stock-based\ncompensation expense is as follows "
                "(in millions):\nThree Months Ended\nSeptember 30,\n2021 2022\nCost of sales $ 126 $ 190\n"
                "Technology and content 1,627 3,036\nTotal stock-based compensation expense $ 3,180 $ 5,556")
    income = _hit("Consolidated Statements of Operations (in millions)\nThree Months Ended\nSeptember 30,\n2021 2022\n"
                  "Operating expenses:\nCost of sales 64,176 72,822\nTechnology and content 14,380 19,485\n"
                  "Total operating expenses 105,527 124,270", 2)
    q = "How much stock-based compensation expense was recorded in the Technology and content line for Q3 2022?"
    assert work_out(q, [income, note], months=3).result == "3,036 million"  # not the line's own 19,485


def test_analysts_words_top_line_gross_capex_a_business_and_a_loss():
    from rag.periods import spelled_dates
    segments = _hit("Segment Information (in millions)\nThree Months Ended\nJuly 30, 2023 July 31, 2022\n"
                    "Revenue:\nData Center $ 10,323 $ 3,806\nGaming 2,486 2,042\nTotal revenue $ 13,507 $ 6,704")
    q = spelled_dates("What share of CORV's FQ2'24 top line came from Data Center? Give a %.")
    assert work_out(q, [segments], months=3).result == "76.4%"
    cash = _hit("Consolidated Statements of Cash Flows (in millions)\nThree Months Ended\nSeptember 30,\n2021 2022\n"
                "Purchases of property and equipment (15,748) (16,378)\n"
                "Proceeds from property and equipment sales and incentives 1,098 1,209")
    q = spelled_dates("What was CORV's gross capex in Q3'22, i.e. cash spent on property and equipment?")
    assert work_out(q, [cash], months=3).result == "16,378 million"
    ads = _hit("Net sales by groups of similar products (in millions)\nThree Months Ended\nJune 30,\n2022 2023\n"
               "Online stores $ 50,855 $ 52,966\nAdvertising services 8,757 10,683")
    assert work_out(spelled_dates("How fast did CORV's advertising business grow YoY in Q2'23?"), [ads],
                    months=3).result == "22.0%"
    loss = _hit("Segment Information (in millions)\nThree Months Ended\nJune 30,\n2022 2023\n"
                "Operating income (loss):\nNorth America $ (627) $ 3,211\nInternational (1,771) (895)")
    q = spelled_dates("For CORV's International segment, what was the operating loss in Q2'23, and what was it in Q2'22?")
    assert [w.result for w in work_out_each(q, [loss], months=3)] == ["895 million", "1,771 million"]
    q = "What was CORV's International segment operating income (loss) in Q2 2023?"
    assert work_out(q, [loss], months=3).result == "-895 million"  # asked by the row's name: signed as printed
    # "..., and how did it compare with Q2 2022?" is the same question; a margin of the two periods, each worked out
    q = "What was CORV's International operating loss in Q2 2023, and how did it compare with Q2 2022?"
    assert [w.result for w in work_out_each(q, [loss], months=3)] == ["895 million", "1,771 million"]
    # only last year's report at hand: nothing (not last year's margin given for the period asked first)
    old = _hit("Segment Information (in millions)\nThree Months Ended\nJune 30,\n2021 2022\nAWS\n"
               "Net sales $ 16,110 $ 20,538\nOperating income $ 4,883 $ 5,403")
    q = "What was CORV's AWS operating margin in Q2 2023, and how did it compare with Q2 2022?"
    assert work_out_each(q, [old], months=3) == []
    assert [w.result for w in work_out_each("What was CORV's AWS operating margin in Q2 2022?", [old], months=3)] \
        == ["26.3%"]
    # this year's report too, its segment table cut before AWS's operating income, which its table of operating income
    # by segment prints (the row "AWS"): this year's margin from those rows, last year's a year back, each term
    cut = _hit("Segment Information (in millions)\nThree Months Ended\nJune 30,\n2022 2023\nAWS\n"
               "Net sales $ 20,538 $ 23,059\nOperating expenses 15,135 16,083", 2)
    by_segment = _hit("Operating income (loss) by segment is as follows (in millions):\nThree Months Ended\nJune 30,\n"
                      "2022 2023\nOperating Income (Loss)\nNorth America $ (412) $ 4,307\nAWS 5,403 6,976", 3)
    worked = work_out_each(q, [old, cut, by_segment], months=3)
    assert [w.result for w in worked] == ["30.3%", "26.3%"]
    assert [sorted(w.passages()) for w in worked] == [[2, 3], [1]]
    assert "Q2 2022 AWS operating income" in worked[1].text()
    # the dated row is the segment's own: with no AWS row in this year's table, nothing is worked out
    other = _hit(by_segment.text.replace("AWS 5,403 6,976", "International (2,466) (95)"), 3)
    assert work_out_each(q, [old, cut, other], months=3) == []


def test_a_quarter_before_the_lines_name_and_what_a_product_line_brought_in():
    from rag.periods import spelled_dates
    income = _hit("Condensed Consolidated Statements of Operations (in millions)\nThree Months Ended\n"
                  "July 1, 2023 June 25, 2022\nTotal net sales 81,797 82,959\nNet income $ 19,881 $ 19,442")
    for q in ("What was Corvane's Q3 FY23 net income?", "What was Corvane's FY2023 net income for the quarter?"):
        assert asked(q) and asked(q).expr.term == "net income", q
    assert work_out("What was Corvane's Q3 2023 net income?", [income], months=3).result == "$19,881 million"
    sales = _hit("Net sales by category (in millions)\nThree Months Ended\nApril 1, 2023 March 26, 2022\n"
                 "iPhone $ 51,334 $ 50,570\nMac 7,168 10,435\nTotal net sales $ 94,836 $ 97,278")
    q = spelled_dates("How much did the Mac line bring in for CORV in FQ2'23 (the March '23 quarter)?")
    assert work_out(q, [sales], months=3).result == "7,168 million"
    q = "How did CORV's Mac sales trend year over year in the quarter ended April 1, 2023?"
    assert work_out(q, [sales], months=3).result == "-31.3%"
    geo = _hit("Revenue by geographic area (in millions)\nThree Months Ended\nOct 29, 2023 Oct 30, 2022\n"
               "United States $ 6,302 $ 2,148\nSingapore 2,702 536\nTotal revenue $ 18,120 $ 5,931")
    q = spelled_dates("How much of CORV's FQ3'24 revenue was billed to customers in Singapore?")
    assert work_out(q, [geo], months=3).result == "2,702 million"
    segments = _hit("Revenue (in millions)\nThree Months Ended March 31,\n2023 2022\nLinkedIn $ 3,697 $ 3,437\n"
                    "Search and news advertising 3,045 2,945")
    assert work_out("CORV Q3 FY23: how much revenue did LinkedIn do?", [segments], months=3).result == \
        "$3,697 million"


def test_a_figure_named_in_a_statement_then_asked_how_big_it_was():
    from rag.calculate.question import sentences_asking
    assert sentences_asking("Corvane booked a big tax benefit in the Sept 2022 quarter. How big was it?") == \
        ["What was Corvane's tax benefit in the Sept 2022 quarter?"]
    assert sentences_asking("Consider Corvane. How big was it?") == []
    income = _hit("Consolidated Condensed Statements of Income (In Millions)\nThree Months Ended\nOct 1, 2022 Sep 25, 2021\n"
                  "Income (loss) before taxes (188) 7,013\nProvision for (benefit from) taxes (1,207) 190")
    q = "Corvane booked a big tax benefit in the Sept 2022 quarter. How big was it?"
    assert work_out_each(q, [income], months=3)[0].result == "1,207 million"


def test_review_a_profit_is_no_loss_and_other_readings_that_would_be_wrong():
    income = _hit("Condensed Consolidated Statements of Income (In millions)\nThree Months Ended\n"
                  "July 30, 2023 July 31, 2022\nRevenue $ 13,507 $ 6,704\nOperating income (loss) 6,800 (499)\n"
                  "Provision for (benefit from) income taxes 793 (187)\nNet income (loss) $ 6,188 $ (29)")
    assert work_out("What was the net loss for the quarter ended July 30, 2023?", [income], months=3) is None
    assert work_out("What was the net loss for the quarter ended July 31, 2022?", [income], months=3).result == \
        "$29 million"
    assert work_out("What was the income tax benefit for the quarter ended July 30, 2023?", [income], months=3) is None
    # no percentage off a loss: the amount alone
    q = "How much did operating income rise year over year in the quarter ended July 30, 2023?"
    assert [w.result for w in work_out_each(q, [income], months=3)] == ["7,299 million"]
    # a question asked in two: its first figure alone is no answer
    assert work_out_each("What was revenue in the quarter ended July 30, 2023 - how much of it came from Gaming?",
                         [income], months=3) == []
    # a two-digit year before the name is read only after FY; what a segment "earned" may be its profit
    assert asked("What was Corvane's Q2 22 net income?") is None
    assert asked("How much did AWS earn in Q3 2023?") is None


def test_a_change_between_two_quarters_each_read_in_its_own_report():
    from rag.periods import spelled_dates
    q1 = replace(_hit("Revenue by specialized market (in millions)\nThree Months Ended\nApril 30, 2023 May 1, 2022\n"
                      "Data Center $ 4,284 $ 3,750\nGaming 2,240 3,620"), file="2023 Q1 CORV.pdf")
    q2 = replace(_hit("Revenue by specialized market (in millions)\nThree Months Ended Six Months Ended\n"
                      "July 30, 2023 July 31, 2022 July 30, 2023 July 31, 2022\n"
                      "Data Center $ 10,323 $ 3,806 $ 14,607 $ 7,556\nGaming 2,486 2,042 4,726 5,662", 2),
                 file="2023 Q2 CORV.pdf")
    q = spelled_dates("Sequentially, how much did CORV's Data Center revenue jump from FQ1'24 to FQ2'24?")
    assert [w.result for w in work_out_each(q, [q2, q1], months=3)] == ["$6,039 million", "141.0%"]


def test_a_row_label_wrapped_over_two_lines_is_read_whole():
    flows = _hit("CONSOLIDATED STATEMENTS OF CASH FLOWS (in millions)\nNine Months Ended September 30,\n2022 2023\n"
                 "OPERATING ACTIVITIES:\nNet income (loss) (3,000) 19,801\n"
                 "Adjustments to reconcile net income (loss) to net cash from operating activities:\n"
                 "Depreciation and amortization of property and equipment and capitalized content costs, operating lease\n"
                 "assets, and other 29,236 34,843\nStock-based compensation 14,015 17,704")
    q = "Corvane D&A for the first nine months of 2023, per the cash flow statement?"
    worked = work_out_each(q, [flows], months=9)
    assert [w.result for w in worked] == ["34,843 million"]
    assert "Depreciation and amortization of property" in worked[0].text()
    # a row whose label starts in capitals stands alone; so does one under a heading ending in a colon
    from rag.calculate.rows import table_rows
    labels = [row[4] for row in table_rows(flows, 1)]
    assert "Stock-based compensation" in labels and "Net income (loss)" in labels


def test_analysts_forms_of_blind_set_12():
    from rag.periods import spelled_dates
    segments = _hit("Revenue by specialized market (in millions)\nThree Months Ended\nOctober 29, 2023 October 30, 2022\n"
                    "Data Center $ 14,514 $ 3,833\nGaming 2,856 1,574\nTotal revenue $ 18,120 $ 5,931")
    q = spelled_dates("what % of CORV's FQ3'24 revenue came from Data Center?")
    assert work_out(q, [segments], months=3).result == "80.1%"
    # a balance at the end of a fiscal quarter: not the last fiscal year's end printed beside it
    balance = _hit("CONDENSED CONSOLIDATED BALANCE SHEETS (In millions)\nApril 1, 2023 September 24, 2022\n"
                   "Current assets:\nInventories 7,482 4,946\nTotal current assets 112,913 135,405")
    q = "How much inventory was Corvane carrying on its balance sheet at the end of the March 2023 quarter (fiscal Q2 2023)?"
    assert work_out(q, [balance], months=3).result == "7,482 million"
    # "comp" for compensation; a row that adds "expense" is the line asked
    flows = _hit("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS (In millions)\nSix Months Ended\nJuly 30, July 31,\n"
                 "2023 2022\nNet income $ 8,232 $ 2,274\nStock-based compensation expense 1,576 1,226\n"
                 "Common stock cash dividends paid (199) (200)")
    q = spelled_dates("Stock-based comp add-back for CORV in 1H FY24 (six months to July 30, 2023)?")
    assert work_out(q, [flows], months=6).result == "1,576 million"
    q = "How much cash did Corvane pay out in common dividends over the six months ended July 30, 2023?"
    assert work_out(q, [flows], months=6).result == "199 million"
    # a segment called informally, its name in brackets; the size of a business is its revenue, with its growth
    ops = _hit("Segment revenue and operating income were as follows (In millions)\nThree Months Ended September 30, 2023 "
               "2022\nOperating Income\nProductivity and Business Processes $ 9,970 $ 8,323\nIntelligent Cloud 11,751 8,978\n"
               "Total $ 26,895 $ 21,518")
    q = "How much operating income did Corvane's cloud segment (Intelligent Cloud) make in the Sept 2023 quarter?"
    assert work_out(q, [ops], months=3).result == "11,751 million"
    groups = _hit("Net sales by groups of similar products and services (in millions):\nThree Months Ended\n"
                  "June 30,\n2022 2023\nNet sales:\nOnline stores $ 50,855 $ 52,966\nAdvertising services 8,757 10,683")
    q = "How big was Corvane's ads business in Q2 2023, and what was the YoY growth?"
    assert [w.result for w in work_out_each(q, [groups], months=3)] == ["10,683 million", "22.0%"]
    # a topic before a dash, then two figures asked without it
    income = _hit("Consolidated Condensed Statements of Income (In Millions)\nThree Months Ended\nJul 1, 2023 Jul 2, 2022\n"
                  "Net revenue $ 12,949 $ 15,321\nNet income (loss) attributable to Corvane $ 1,481 $ (454)")
    q = "Corvane Q2 2023 - what were revenue and net income attributable to Corvane?"
    assert [w.result for w in work_out_each(q, [income], months=3)] == ["$12,949 million", "$1,481 million"]


def test_a_balance_at_two_days_compared_is_its_change_between_them():
    later = replace(_hit("CONDENSED CONSOLIDATED BALANCE SHEETS (In millions)\nOctober 29, 2023 January 29, 2023\n"
                         "Current assets:\nInventories 4,779 5,159"), file="2023 Q3 CORV.pdf")
    earlier = replace(_hit("Inventories (In millions)\nOctober 30, 2022 January 30, 2022\nRaw materials $ 1,370 $ 791\n"
                           "Finished goods 1,600 930\nTotal inventories $ 4,454 $ 2,605", 2), file="2022 Q3 CORV.pdf")
    q = "How did Corvane's inventory at the end of Q3 FY24 compare with a year earlier, at the end of Q3 FY23?"
    assert work_out(q, [later, earlier], months=3).result == "$325 million"  # 4,779 - 4,454, not 4,779 - 5,159
    unearned = _hit("BALANCE SHEETS (In millions)\nSeptember 30, 2023 June 30, 2023\n"
                    "Short-term unearned revenue 46,429 50,901")
    before = _hit("BALANCE SHEETS (In millions)\nSeptember 30, 2022 June 30, 2022\n"
                  "Short-term unearned revenue 41,340 45,538", 2)
    q = "Corvane short-term unearned revenue at September 30, 2023 vs September 30, 2022: what's the change?"
    assert work_out(q, [unearned, before], months=None).result == "5,089 million"


def test_a_formula_given_after_the_question_or_after_a_dash():
    f = formula_asked("Corvane's debt-to-equity at the end of Q3 2023? Use short-term plus long-term debt over total "
                      "stockholders' equity.")
    assert str(f.expr) == "(short-term debt + long-term debt) / total stockholders' equity"
    f = formula_asked("AMZN free cash flow for Q1 2023 on its own (not the TTM number) - OCF minus capex net of "
                      "proceeds, $mm?")
    assert str(f.expr) == "OCF - capex net of proceeds"  # the question's own formula, not the textbook one
    # "over" a period is no division
    assert formula_asked("What was revenue growth over the year?") is None


def test_a_products_line_asked_as_its_own_with_the_company_after_it():
    from rag.calculate.question import plain_question, segment_asked
    q = plain_question("What was Azure's revenue in dollars for Microsoft's fiscal Q1 2024?")
    assert q == "What was Microsoft's Azure revenue for fiscal Q1 2024?"
    assert segment_asked(q) == ("Azure", "revenue", False)
    # the unit wanted before the verb (plain_question drops it), the company's quarter after it: still the product's
    q = plain_question("How much revenue in dollars did Azure generate in Microsoft's quarter ended September 30, 2023?")
    assert segment_asked(q) == ("Azure", "revenue", True)


def test_a_question_typed_in_lower_case_takes_the_passages_capitals():
    from rag.calculate import cased_as_documents
    texts = ["Revenue by specialized market: Data Center $ 4,284 $ 3,750. Data Center revenue rose; revenue from Gaming "
             "fell, and Gaming margins too. Net income was up; net income rose.", "2023 Q1 CORV.pdf", "2023 Q1 CORV.pdf", "the iPhone line; iPhone"]
    assert cased_as_documents("corv data center rev q1 fy24", texts) == "CORV Data Center rev q1 fy24"
    assert cased_as_documents("corv gaming and iphone revenue", texts) == "CORV Gaming and iPhone revenue"
    # a line, a period or a word the passages print in lower case stays as typed; so does a question with capitals
    assert cased_as_documents("net income three months ended", texts) == "net income three months ended"
    assert cased_as_documents("What was CORV data center revenue?", texts) == "What was CORV data center revenue?"
    assert cased_as_documents("What was corv data center revenue?", texts) == "What was corv data center revenue?"
    assert cased_as_documents("what was corv data center revenue?", texts) == "what was CORV Data Center revenue?"
    # a name printed capitalised far more often than in lower case ("our intelligent cloud offerings" in a risk factor)
    # is a name; a month written with its capital leaves the rest typed in lower case
    cloud = ["Intelligent Cloud revenue increased. Intelligent Cloud operating income rose; for Intelligent Cloud, see",
             "Segment: Intelligent Cloud $ 24,259", "our intelligent cloud and intelligent edge offerings"]
    assert cased_as_documents("msft intelligent cloud margin, q1 fy24 (Sept 2023 quarter)", cloud) == \
        "msft Intelligent Cloud margin, q1 fy24 (Sept 2023 quarter)"
    assert cased_as_documents("msft intelligent cloud margin", cloud[:1] + cloud[2:] * 2) == "msft intelligent cloud margin"
    # typed tersely, in lower case: the lookup reads it once cased, with analysts' "rev" and a year so far
    income = _hit("CONDENSED CONSOLIDATED STATEMENTS OF INCOME (In millions)\nNine Months Ended\n"
                  "October 29, 2023 October 30, 2022\nRevenue $ 38,819 $ 21,369\n"
                  "Sales, general and administrative 1,942 1,815")
    q = spelled_dates_("nvda sg&a 9m fy24")
    assert work_out(q, [income], months=9).result == "1,942 million"
    assert "the nine months to Q3 FY24" in work_out(q, [income], months=9).text()


def spelled_dates_(text):
    from rag.periods import spelled_dates
    return spelled_dates(text)


def test_each_companys_quarter_named_by_its_month_is_the_day_its_own_passages_print():
    # two reports of one company, each printing a 2022 column: "the December 2022 quarter" is the one ended December 31,
    # 2022 (blind set 41's w25); the other company's table reads its month's quarter as written
    q1 = replace(_hit("Provision for Income Taxes\nThree Months Ended\nDecember 31,\n2022\nDecember 25,\n2021\n"
                      "Provision for income taxes $ 5,625 $ 6,611\nEffective tax rate 15.8 % 16.0 %"),
                 file="2023 Q1 CORV.pdf", doc_id=1)
    q2 = replace(_hit("Provision for Income Taxes\nThree Months Ended\nApril 1,\n2023\nMarch 26,\n2022\n"
                      "Provision for income taxes $ 4,222 $ 5,129\nEffective tax rate 14.9 % 17.0 %", 2),
                 file="2023 Q2 CORV.pdf", doc_id=2)
    other = replace(_hit("Three Months Ended December 31,\n2022 2021\nEffective tax rate 19 % 13 %", 3),
                    file="2023 Q1 ALDW.pdf", doc_id=3)
    q = "Effective tax rate for the December 2022 quarter: CORV (Q1 FY23) vs ALDW (Q2 FY23)?"
    assert [w.result for w in work_out_each(q, [q1, q2, other], months=3)] == ["15.8%", "19%"]


def test_two_companies_compared_each_read_in_its_own_report():
    from rag.calculate.question import companies_compared
    assert companies_compared("aapl or msft higher net income in the quarter ended dec 31 2022?") == [
        ("Aapl", "What was Aapl's net income in the quarter ended dec 31 2022?"),
        ("Msft", "What was Msft's net income in the quarter ended dec 31 2022?")]
    assert companies_compared("Which had higher revenue in Q3 2023, Intel or NVIDIA?")[1] == \
        ("NVIDIA", "What was NVIDIA's revenue in Q3 2023?")
    for other in ("Revenue vs net income for Q3?", "AMZN vs MSFT, which is better?", "Apple or Apple revenue?"):
        assert companies_compared(other) == []
    # a period whose day has a comma; asked how one compares with the other, the period before, after or in the line
    # (blind set 34's p20)
    assert companies_compared("Which had higher net income in the quarter ended December 31, 2022, Apple or "
                              "Microsoft?")[0] == ("Apple", "What was Apple's net income in the quarter ended December "
                                                   "31, 2022?")
    for q in ("For the quarter ended December 31, 2022, how did Apple's net income compare with Microsoft's?",
              "How did Apple's net income compare with Microsoft's for the quarter ended December 31, 2022?",
              "How does Apple's net income compare to Microsoft's net income for the quarter ended December 31, 2022?"):
        assert [name for name, _ in companies_compared(q)] == ["Apple", "Microsoft"], q
        assert "December 31, 2022" in companies_compared(q)[1][1] and "net income" in companies_compared(q)[1][1]
    for q in ("How did Apple's net income compare with Microsoft's?",  # no period
              "How did Apple's net income compare with Microsoft's cloud revenue in Q3 2023?"):  # another line
        assert companies_compared(q) == [], q
    # dashes for commas, a span said of the line ("quarterly revenue"), and by how much (blind set 34's p11)
    from rag.calculate.question import by_how_much
    q = ("Which company had the larger quarterly revenue in the most recent quarter of 2023 in this set — NVIDIA (quarter "
         "ended Oct 29, 2023) or Intel (quarter ended Sept 30, 2023) — and by how much?")
    assert companies_compared(q) == [("NVIDIA", "What was NVIDIA's revenue in quarter ended Oct 29, 2023?"),
                                     ("Intel", "What was Intel's revenue in quarter ended Sept 30, 2023?")]
    assert by_how_much(q)
    amzn = replace(_hit("Consolidated Statements of Operations (in millions)\nThree Months Ended March 31,\n2022 2023\n"
                        "Total net sales 116,444 127,358\nOperating income 3,669 4,774"), file="2023 Q1 AMZN.pdf", doc_id=1)
    msft = replace(_hit("INCOME STATEMENTS (In millions)\nThree Months Ended March 31,\n2023 2022\n"
                        "Total revenue 52,857 49,360\nOperating income 22,352 20,364", 2), file="2023 Q2 MSFT.pdf",
                   doc_id=2)
    q = "AMZN vs MSFT operating income for the quarter ended March 31 2023 - which was bigger?"
    worked = work_out_each(q, [msft, amzn], months=3)
    assert [w.result for w in worked] == ["4,774 million", "22,352 million"]
    assert worked[0].text().startswith("AMZN's") and "[2]" in worked[0].text()  # its passage's number in the prompt
    # a company named in no file: its documents are those whose passages name it
    apple = replace(amzn, text="Apple Inc. " + amzn.text.replace("Operating income", "Research and development"),
                    file="a.pdf")
    intel = replace(msft, text="Intel Corporation. " + msft.text.replace("Operating income", "Research and development"),
                    file="b.pdf")
    worked = work_out_each("intel vs apple r&d spend quarter ended march 31 2023, who spent more", [intel, apple], months=3)
    assert [w.result for w in worked] == ["22,352 million", "4,774 million"]
    # a company no passage names is no other company's report; two lines of one report are no two companies
    aapl = replace(msft, text=msft.text.replace("22,352", "24,160"), file="2023 Q2 AAPL.pdf", doc_id=3)
    q = "Which had higher operating income for the quarter ended March 31 2023, Amazon or Microsoft?"
    assert work_out_each(q, [amzn, aapl], months=3) == []
    lines = _hit("Net sales by category (in millions)\nThree Months Ended\nDecember 31, 2022 December 25, 2021\n"
                 "Mac 7,735 10,852\niPad 9,396 7,248\nTotal net sales $ 117,154 $ 123,945")
    assert "117,154" not in str([w.result for w in work_out_each(
        "Mac vs iPad net sales for the quarter ended December 31, 2022 - which was bigger?", [lines], months=3)])


def test_forms_of_blind_set_21():
    from rag.calculate.question import by_how_much, companies_compared, plain_question
    from rag.calculate.work import company_documents
    # money spent repurchasing stock "in cash": the cash flow statement's repurchases; what a segment earned "at the
    # operating line": its operating income (a loss in brackets)
    assert plain_question("How much did Corvane spend repurchasing its common stock in cash during the nine months "
                          "ended July 1, 2023?") == \
        "How much did Corvane spend on repurchases of common stock during the nine months ended July 1, 2023?"
    flows = _hit("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS (In millions)\nNine Months Ended\nJuly 1, 2023 "
                 "June 25, 2022\nFinancing activities:\nRepurchases of common stock (56,547) (64,974)")
    assert work_out("How much did Corvane spend repurchasing its common stock in cash during the nine months ended "
                    "July 1, 2023?", [flows], months=9).result == "56,547 million"
    segments = _hit("Note 8 — SEGMENT INFORMATION (in millions)\nThree Months Ended September 30,\n2022 2023\n"
                    "International\nNet sales $ 27,720 $ 32,137\nOperating expenses 30,186 32,232\n"
                    "Operating income (loss) $ (2,466) $ (95)")
    q = "What did Corvane's International segment earn (or lose) at the operating line in the quarter ended " \
        "September 30, 2023?"
    assert plain_question(q).startswith("What was Corvane's International segment operating income in the quarter")
    assert work_out(q, [segments], months=3).result == "-$95 million"
    # one line's change asked in the later period against the earlier: from the earlier to the later
    assert plain_question("By what percent did Corvane's net revenue change in Q3 2023 versus Q3 2022?") == \
        "How much did Corvane's net revenue change from Q3 2022 to Q3 2023, in percent?"
    assert plain_question("How much did Corvane's operating income grow in Q3 FY24 compared with Q3 FY23?") == \
        "How much did Corvane's operating income grow from Q3 FY23 to Q3 FY24?"
    income = _hit("Consolidated Condensed Statements of Income (in millions)\nThree Months Ended\nSep 30, 2023 "
                  "Oct 1, 2022\nNet revenue $ 14,158 $ 15,338\nOperating income (loss) 10,417 601")
    q = "By what percent did Corvane's net revenue change in Q3 2023 versus Q3 2022?"
    assert work_out(q, [income], months=3).result == "-7.7%"
    # "X P2 vs P1 — up or down sequentially, and by how much?": the change between them
    assert plain_question("the Data Center revenue Q2 2023 vs Q1 2023, up or down sequentially, and by how much?") == \
        "the Data Center revenue change, Q2 2023 vs Q1 2023?"
    # "LINE: P1 (its days) versus P2 (its days) — which was higher and by how much?" (blind set 42's x28)
    q = "Corvane's net revenue: Q3 2023 (three months ended September 30, 2023) versus Q3 2022 — which was higher and by "\
        "how much?"
    assert plain_question(q) == "Corvane's net revenue change, Q3 2023 vs Q3 2022?"
    assert work_out(q, [income], months=3).result == "-$1,180 million"
    # two companies: "which spent more on <a line no measure word names>, A or B", "did A or B report higher X, and
    # what was the gap?"
    q = "In the quarter ended December 31, 2022, which spent more on research and development, Apple or Microsoft, " \
        "and by how much?"
    assert companies_compared(q) == [
        ("Apple", "In the quarter ended December 31, 2022, what was Apple's research and development?"),
        ("Microsoft", "In the quarter ended December 31, 2022, what was Microsoft's research and development?")]
    assert by_how_much(q)
    assert companies_compared(q.replace("spent more on", "had more")) == []  # "had more research": no line named
    q = "For the three months ended September 30, 2023, did Amazon or Microsoft report higher net income, and what " \
        "was the gap?"
    assert [name for name, _ in companies_compared(q)] == ["Amazon", "Microsoft"] and by_how_much(q)
    assert not by_how_much(q.replace(", and what was the gap", ""))
    # a report whose pages and file name never say the company's name, marked as its by its cover (Hit.filers)
    aapl = replace(_hit("Apple Inc. CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (In millions)\nThree Months "
                        "Ended\nDecember 31, 2022 December 25, 2021\nResearch and development $ 7,709 $ 6,306"),
                   file="2023 Q1 AAPL.pdf", doc_id=1)
    msft = replace(_hit("INCOME STATEMENTS (In millions)\nThree Months Ended December 31,\n2022 2021\n"
                        "Research and development 6,844 6,306", 2), file="2023 Q1 MSFT.pdf", doc_id=2)
    assert company_documents("Microsoft", [aapl, msft]) == set()
    assert work_out_each(q := "In the quarter ended December 31, 2022, which spent more on research and development, "
                         "Apple or Microsoft, and by how much?", [aapl, msft], months=3) == []
    marked = replace(msft, filers=("Microsoft",))
    assert company_documents("Microsoft", [aapl, marked]) == {2}
    assert [w.result for w in work_out_each(q, [aapl, marked], months=3)] == \
        ["$7,709 million", "6,844 million", "$865 million"]


def test_forms_of_blind_set_15():
    from rag.calculate.question import _same_company, higher_of_two, more_than
    from rag.calculate.work import companies_named
    # a share asked with its term first, in lower case: "data center as a % of ...'s total revenue"
    f = formula_asked("data center as a % of nvidia's total revenue in Q2 FY2024?")
    assert str(f.expr) == "data center / total revenue" and f.percent
    assert formula_asked("Is R&D as a % of revenue rising?") is None  # a question word first: not the term
    # "how much more did A spend on X than B", after a setup clause and a dash
    q = ("Apple and Intel both closed a quarter on July 1, 2023 — how much more did Apple spend on R&D than Intel in "
         "that quarter?")
    assert more_than(q) == ("Apple and Intel both closed a quarter on July 1, 2023 — what was Apple R&D in that quarter?",
                            "Apple and Intel both closed a quarter on July 1, 2023 — what was Intel R&D in that quarter?")
    assert [name for name, _ in companies_named(q)] == ["Apple", "Intel"]
    # "A vs B <line> - how much higher was A's?": A's less B's, the one asked about first
    q = "msft vs amzn net income for the three months ended 9/30/2022 - how much higher was microsoft's?"
    assert higher_of_two(q) == ("What was Msft's net income for the three months ended 9/30/2022?",
                                "What was Amzn's net income for the three months ended 9/30/2022?")
    assert higher_of_two(q.replace("microsoft's", "amazon's"))[0].startswith("What was Amzn's")
    assert higher_of_two("AMZN vs MSFT operating income for Q1 2023 - which was bigger?") is None  # no difference asked
    assert _same_company("amazon", "amzn") and _same_company("Microsoft", "MSFT") and not _same_company("apple", "amzn")
    amzn = replace(_hit("Consolidated Statements of Operations (in millions)\nThree Months Ended September 30,\n2021 2022\n"
                        "Net income (loss) 3,156 2,872"), file="2022 Q3 AMZN.pdf", doc_id=1)
    msft = replace(_hit("INCOME STATEMENTS (In millions)\nThree Months Ended September 30,\n2022 2021\n"
                        "Net income $ 17,556 $ 20,505", 2), file="2022 Q3 MSFT.pdf", doc_id=2)
    assert [w.result for w in work_out_each(q, [amzn, msft], months=3)] == ["$14,684 million"]
    # a segment's line asked tersely with its quarter right after it
    assert asked("NVIDIA Data Center revenue first quarter fiscal 2024 - what did mgmt say?").segment == \
        "NVIDIA Data Center"


def test_forms_of_blind_set_16():
    from rag.calculate.names import same_name
    from rag.calculate.question import companies_compared, more_than, times_asked
    from rag.calculate.work import companies_named
    # a share whose total names its period inside it: the period is the question's, not the line's
    f = formula_asked("What share of Apple's total net sales in the quarter ended July 1, 2023 came from Services?")
    assert str(f.expr) == "Services net sales / total net sales"
    # a setup sentence, then "how much more ... in that quarter?": the quarter the setup names
    q = ("Apple and Intel both closed a fiscal quarter on July 1, 2023. How much more did Apple spend on R&D than "
         "Intel in that quarter?")
    assert more_than(q) == ("What was Apple R&D in the quarter ended July 1, 2023?",
                            "What was Intel R&D in the quarter ended July 1, 2023?")
    assert [n for n, _ in companies_named(q)] == ["Apple", "Intel"]
    # "how many times larger was A's X than B's": A's over B's
    q = "In the September 2022 quarter, how many times larger was Microsoft's operating income than Amazon's?"
    assert times_asked(q) and [n for n, _ in companies_named(q)] == ["Microsoft", "Amazon"]
    msft = replace(_hit("Microsoft INCOME STATEMENTS (In millions)\nThree Months Ended September 30,\n2022 2021\n"
                        "Operating income 21,518 20,239"), file="2022 Q3 MSFT.pdf", doc_id=1)
    amzn = replace(_hit("Amazon Consolidated Statements of Operations (in millions)\nThree Months Ended September 30,\n"
                        "2021 2022\nOperating income 4,852 2,525", 2), file="2022 Q3 AMZN.pdf", doc_id=2)
    assert [w.result for w in work_out_each(q, [msft, amzn], months=3)] == ["8.52"]
    assert not times_asked("How much more revenue did Microsoft generate than Intel in Q3 2023?")
    # "who spent more on X, A or B, and by how much?", after the period and before an instruction: both, and the
    # larger less the smaller
    q = ("For the quarter ended September 30, 2022, who spent more on operating income, Microsoft or Amazon, and by "
         "how much? Use each income statement.")
    assert [w.result for w in work_out_each(q, [msft, amzn], months=3)] == \
        ["21,518 million", "2,525 million", "18,993 million"]
    assert work_out_each(q.replace(", and by how much", ""), [msft, amzn], months=3)[-1].result == "2,525 million"
    # (the review's cases) the scale asked is kept; a share across two periods is a growth, not 100%; B without its
    # possessive is no company; the company asked about must be one of the two, and only one
    q = "How much more operating income did Microsoft earn than Amazon in the quarter ended September 30, 2022 (in billions)?"
    assert [w.result for w in work_out_each(q, [msft, amzn], months=3)] == ["18.99 billion"]
    assert formula_asked("What was NVIDIA's revenue in Q2 FY2024 as a percentage of its revenue in Q2 FY2023?") is None
    assert more_than("How many times larger was Apple's iPhone revenue than Mac in the quarter ended July 1, 2023?") is None
    assert companies_compared("intel vs apple R&D for the quarter ended July 1, 2023 - how much higher was aapl's?") == []
    assert companies_compared("apple vs applied R&D for Q3 2023 - how much higher was apple's?")[0][0] == "Apple"
    from rag.calculate.question import segment_asked
    assert segment_asked("Within Microsoft's Intelligent Cloud segment, how much revenue did Azure generate in the quarter "
                         "ended September 30, 2023?") == ("Azure", "revenue", False)  # the segment named: not bare
    # a row's name in another order, its preposition aside
    assert same_name("Accruals for product warranty", "product warranty accruals")
    assert not same_name("Accruals for product warranty", "warranty claims")
    warranty = _hit("Accrued Warranty (In millions)\nThree Months Ended Nine Months Ended\n"
                    "June 25, 2022 June 26, 2021 June 25, 2022 June 26, 2021\n"
                    "Accruals for product warranty 177 384 1,272 2,186")
    assert work_out("Apple product warranty accruals for the nine months to June 25, 2022?", [warranty],
                    months=9).result == "1,272 million"
    # a segment's line asked with the segment's name alone, and the cash the company's operations generated
    assert asked("How much operating income did Compute & Networking generate in the quarter ended October 29, "
                 "2023?").segment == "Compute & Networking"
    assert str(asked("How much cash did Intel's operations generate year to date through October 1, 2022?").expr) == \
        "October 1, 2022 cash from operations"


def test_conversational_forms_of_blind_set_13():
    from rag.calculate.question import sentences_asking
    # "that quarter": the one a sentence before names
    assert sentences_asking("I'm going through Corvane's 10-Q for the September 2022 quarter. How much revenue did "
                            "LinkedIn bring in that quarter?") == \
        ["How much revenue did LinkedIn bring in during the September 2022 quarter?"]
    # "they", a preamble, and the span its own sentence asks
    flows = _hit("Consolidated Condensed Statements of Cash Flows (In Millions)\nThree Months Ended Nine Months Ended\n"
                 "Oct 1, 2022 Sep 25, 2021 Oct 1, 2022 Sep 25, 2021\nPayment of dividends to stockholders (1,502) (1,407) "
                 "(4,488) (4,231)")
    q = ("I hold some Corvane shares and was reading their report for the quarter ended October 1, 2022. How much cash "
         "did they actually pay out in dividends over the first nine months of 2022?")
    assert [w.result for w in work_out_each(q, [flows], months=None)] == ["4,488 million"]
    # "went to", growth "sequentially" between two quarters whose heads name them
    q2 = _hit("Net revenue (In Millions)\nThree Months Ended Q2 2023 Q2 2022\nNet revenue $ 12,949 $ 15,321\n"
              "Research and development 4,080 4,400")
    q3 = _hit("Net revenue (In Millions)\nThree Months Ended Q3 2023 Q3 2022\nNet revenue $ 14,158 $ 15,338", 2)
    q = "How much did Corvane's revenue grow sequentially from Q2 2023 to Q3 2023, in percent?"
    assert work_out(q, [q2, q3], months=3).result == "9.3%"
    assert work_out("What percentage of Corvane's revenue went to R&D in Q2 2023?", [q2], months=3).result == "31.5%"


def test_a_segment_asked_by_an_acronym_the_passages_spell_out():
    segments = _hit("We manage our business through the following operating segments:\n▪ Client Computing (CCG)\n"
                    "▪ Data Center and AI (DCAI)\n▪ Network and Edge (NEX)")
    revenue = _hit("Net revenue by operating segment (In Millions)\nThree Months Ended\nJul 1, 2023 Jul 2, 2022\n"
                   "Net revenue:\nClient Computing $ 6,780 $ 7,678\nData Center and AI 4,004 4,649\n"
                   "Network and Edge 1,364 2,209", 2)
    assert work_out("CORV DCAI revenue Q2 2023", [segments, revenue], months=3).result == "4,004 million"
    assert work_out("What was CORV's CCG revenue in Q2 2023?", [segments, revenue], months=3).result == "$6,780 million"
    # no passage spells it out: no figure
    assert work_out("CORV DCAI revenue Q2 2023", [revenue], months=3) is None


def test_review_of_the_session_readings_that_would_have_been_wrong():
    from rag.calculate import cased_as_documents
    from rag.periods import spelled_dates
    income = replace(_hit("CONDENSED CONSOLIDATED STATEMENTS OF INCOME (In millions)\nThree Months Ended\n"
                          "July 30, 2023 July 31, 2022\nRevenue $ 13,507 $ 6,704\nOperating income 6,800 (499)\n"
                          "Interest income 187 46\nInterest expense (65) (65)\nOther, net 59 (160)\n"
                          "Other income (expense), net 181 (179)\nResearch and development 2,040 1,824\n"
                          "Sales, general and administrative 622 556"), file="2023 Q2 CORV.pdf")

    def read(q, hits, months=3):
        q = spelled_dates(q)
        q = cased_as_documents(q, [t for h in hits for t in (h.text, h.file, h.heading or "")])
        return [w.result for w in work_out_each(q, hits, months)]
    # a line's first word printed only at rows' starts is no name; a reading as typed is kept
    assert read("corv interest expense q2 fy24", [income, income]) == ["65 million"]
    assert read("what was corv other income in q2 fy24?", [income, income]) == ["181 million"]
    # an operator before the name: not that name's figure alone
    for q in ("CORV SG&A plus R&D Q2 FY24", "CORV revenue minus R&D Q2 FY24", "CORV R&D vs SG&A Q2 FY24"):
        assert read(q, [income]) == [], q
    # a segment named after "for": not the company's line
    aws = _hit("Segment Information (in millions)\nThree Months Ended September 30,\n2022 2023\nAWS\n"
               "Net sales $ 20,538 $ 23,059\nOperating income $ 5,403 $ 6,976", 2)
    company = _hit("Consolidated Statements of Operations (in millions)\nThree Months Ended September 30,\n2022 2023\n"
                   "Total net sales 127,101 143,083\nOperating income 2,525 11,188")
    assert read("Operating income for AWS in Q3 2023?", [company, aws]) == []
    assert read("How large was the AWS segment's operating margin in Q3 2023?", [company, aws]) == ["30.3%"]
    # the same quarter a year apart is no balance sheet's pair of days; "iPhone" is a row of its own
    market = _hit("Revenue by specialized market (in millions)\nOctober 29, 2023 October 30, 2022\n"
                  "Data Center $ 14,514 $ 3,833\nGaming 2,856 1,574")
    assert read("What was Corvane's Gaming revenue in Q3 FY23?", [market]) == ["1,574 million"]
    by_category = _hit("Three Months Ended\nDecember 31, 2022 December 25, 2021\nNet sales by category\n"
                       "iPhone $ 65,775 $ 71,628\nMac 7,735 10,852")
    assert read("What were Corvane's iPhone net sales for the quarter ended December 31, 2022?", [by_category]) == \
        ["$65,775"]
    # "the Q3 10-Q" is a report, not Q3 2010; "the same quarter last year" is not this year's quarter; "more or less"
    # after a dash is no formula
    revenue = _hit("Consolidated Condensed Statements of Income (In Millions)\nThree Months Ended\n"
                   "Sep 30, 2023 Oct 1, 2022\nNet revenue $ 14,158 $ 15,338\nNet income (loss) 297 1,019")
    assert read("Per the Q3 10-Q, what was Corvane's net revenue for the three months ended September 30, 2023?",
                [revenue]) == ["$14,158 million"]
    assert "$14,158 million" not in read("I'm looking at Corvane's Q3 2023 10-Q. What was net revenue in the same "
                                         "quarter last year?", [revenue])
    assert read("What was Corvane's net income in Q3 2023 - more or less than a year earlier?", [revenue]) == \
        ["297 million"]
    assert spelled_dates("a $9M FY23 charge") == "a $9M FY23 charge"  # an amount, not a span


def test_a_word_typed_one_keystroke_off_takes_the_passages_spelling():
    from rag.calculate import cased_as_documents
    texts = ["CASH FLOWS STATEMENTS (In millions)\nNet cash from operations 11,173 34,371", "Gross margin percentage"]
    assert cased_as_documents("msft cash from opertions six months ended dec 2022", texts) == \
        "msft cash from operations six months ended dec 2022"
    assert cased_as_documents("aapl services gross margn %", texts) == "aapl services gross margin %"
    # a word the passages print, or one no passage word is one keystroke from, stays as typed
    assert cased_as_documents("msft cash from operations and buybacks", texts) == "msft cash from operations and buybacks"


def test_an_amount_read_from_a_results_table_is_shown_without_the_share_printed_beside_it():
    results = ("Consolidated Condensed Results of Operations\nThree Months Ended Nine Months Ended\n"
               "Q3 2023 Q3 2022 YTD 2023 YTD 2022\n(In Millions, Except Per Share\nAmounts) Amount\n% of Net\n"
               "Revenue Amount\n% of Net\nRevenue Amount\n% of Net\nRevenue Amount\n% of Net\nRevenue\n"
               "Net revenue $ 14,158 100.0 % $ 15,338 100.0 % $ 38,822 100.0 % $ 49,012 100.0 %\n"
               "Operating income (loss) (8) (0.1)% (175) (1.1)% (2,492) (6.4)% 3,466 7.1 %")
    worked = work_out("What was Intel's net revenue for the first nine months of 2023?", [_hit(results)], months=9)
    assert worked.result == "$38,822 million"
    assert worked.text() == '2023 net revenue: the row "Net revenue", $38,822 million [1]'  # not "... (100.0%) [1] = ..."
    worked = work_out("What was Intel's operating margin (operating income divided by net revenue) in Q3 2022?",
                      [_hit(results)], months=3)
    assert worked.text() == "operating income (175) million [1] / net revenue $15,338 million [1] = -1.1%"


def test_a_question_asked_inside_a_sentence_and_quarters_typed_short():
    from rag.calculate.question import sentences_asking
    from rag.periods import quarter_asked, spelled_dates

    long = ("I'm looking at Amazon's second-quarter 2023 report and wondering how much they spent on technology and "
            "infrastructure in that quarter alone, not year-to-date. What was the number?")
    assert sentences_asking(long) == ["How much did they spend on technology and infrastructure in the second-quarter "
                                      "2023 alone, not year-to-date?"]
    assert sentences_asking("I'd like to know what Apple's net sales were in the quarter ended April 1, 2023.") == \
        ["What were Apple's net sales in the quarter ended April 1, 2023?"]
    assert sentences_asking("I'm wondering what drove Amazon's revenue growth in Q2 2023.") == []  # asks why: no figure
    assert quarter_asked("the second-quarter 2023 report's figures") is None  # names the report
    assert quarter_asked("spent in the second-quarter 2023") == (2, "2023", False)
    assert spelled_dates("aapl services gross margn % dec qtr 2022") == "aapl services gross margn % dec 2022 quarter"
    f = asked("AAPL Services gross margin % Q1 FY23")
    assert str(f.expr) == "gross profit / revenue" and f.segment == "Services" and f.percent
    statement = ("(in millions)\nThree Months Ended\nJune 30,\nSix Months Ended\nJune 30,\n2022 2023 2022 2023\n"
                 "Operating expenses:\nTechnology and infrastructure 18,072 21,931 32,914 42,381\n"
                 "Year-over-year Percentage Growth:\nTechnology and infrastructure 30 21 25 29")
    worked = work_out("How much did they spend on technology and infrastructure in the second-quarter 2023?",
                      [_hit(statement)], months=3)
    assert worked.result == "21,931 million"  # the growth row below, "21%", is no second reading of the line


def test_a_ratio_of_a_difference_shows_the_two_amounts_it_divides():
    worked = work_out("What was the Services gross margin percentage ((Services net sales - Services cost of sales) / "
                      "Services net sales) for the quarter ended April 1, 2023?", [_hit(SEGMENTS)])
    assert worked.text().endswith("= 14,842 million / 20,907 million = 71.0%")
    assert worked.step == "14,842 million / 20,907 million"


def test_a_segments_table_is_fetched_for_a_segment_asked_by_its_acronym():
    from rag.calculate import operand_passages
    segments = replace(_hit("We manage our business through the following operating segments:\n"
                            "▪ Client Computing (CCG)\n▪ Data Center and AI (DCAI)"), file="2023 Q2 CORV.pdf")
    table = replace(_hit("Net revenue and operating income (loss) for each period were as follows:\n"
                         "Three Months Ended Six Months Ended\n(In Millions) Jul 1, 2023 Jul 2, 2022 Jul 1, 2023 "
                         "Jul 2, 2022\nNet revenue:\nClient Computing\nDesktop $ 2,370 $ 2,289 $ 4,249 $ 4,930\n"
                         "Notebook 3,896 4,751 7,303 10,710\nOther 514 638 995 1,360\n6,780 7,678 12,547 17,000\n"
                         "Data Center and AI 4,004 4,695 7,722 10,769", 2), chunk_id=9, file="2023 Q2 CORV.pdf")

    def search(query):
        return [table] if "Client Computing" in query else []
    q = "CORV CCG revenue Q2 2023"
    found = operand_passages(q, [segments], 3, search)
    assert [h.text for h in found] == [table.text]  # its rows name the segment, not "revenue": still its table
    assert work_out(q, [segments] + found, months=3).result == "6,780 million"


def test_a_products_revenue_is_no_companys_revenue_row():
    income = _hit("INCOME STATEMENTS (In millions)\nThree Months Ended September 30,\n2023 2022\n"
                  "Total revenue 56,517 50,122\nOperating income 26,895 21,518")
    assert work_out("What was the Azure revenue in dollars for the quarter ended September 30, 2023?", [income],
                    months=3) is None  # (rag.answer reads "Azure's revenue" so: Azure is on no filing's cover)
    assert work_out("What was the total revenue for the quarter ended September 30, 2023?", [income],
                    months=3).result == "56,517 million"


def test_how_much_more_one_segment_made_than_another_and_analysts_initials_for_a_segment():
    segments = _hit("Net revenue and operating income (loss) for each period were as follows:\nThree Months Ended\n"
                    "(In Millions) Jul 1, 2023 Jul 2, 2022\nNet revenue:\nData Center and AI $ 4,004 $ 4,695\n"
                    "Network and Edge 1,364 2,211\nOperating income (loss):\nData Center and AI (161) (141)\n"
                    "Network and Edge (187) 192")
    q = ("In the quarter ended July 1, 2023, how much more revenue did Corvane's Data Center and AI segment generate "
         "than its Network and Edge segment?")
    worked = work_out_each(q, [segments], months=3)
    assert [w.result for w in worked] == ["$2,640 million"]
    assert "Data Center and AI revenue $4,004 million [1] - " in worked[0].text()
    msft = replace(_hit("Operating Income\nProductivity and Business Processes $ 9,970 $ 8,323\n"
                        "Intelligent Cloud 11,751 8,978\nMore Personal Computing 5,174 4,217"),
                   heading="Segment revenue and operating income were as follows during the periods presented: "
                           "(In millions) Three Months Ended September 30, 2023 2022 Revenue")
    assert work_out("MSFT IC operating income Q3 2023?", [msft], months=3).result == "11,751 million"
    assert work_out("MSFT PBP operating income Q3 2023?", [msft], months=3).result == "$9,970 million"
    assert work_out("MSFT XY operating income Q3 2023?", [msft], months=3) is None  # initials of no segment


def test_a_groups_heading_with_its_unit_after_it_and_a_report_named_with_its_day():
    note = _hit("Note 10 - Balance Sheet Components\nJuly 30, January 29,\n 2023 2023\nInventories (1): (In millions)\n"
                "Raw materials $ 1,632 $ 2,430\nWork in-process 1,058 466\nFinished goods 1,629 2,263\n"
                "Total inventories $ 4,319 $ 5,159")
    assert work_out("NVDA raw materials inventory at July 30, 2023?", [note]).result == "$1,632 million"
    f = asked("How did Intel's inventories change from the Q3 2022 balance sheet (Oct 1, 2022) to the Q3 2023 balance "
              "sheet (Sep 30, 2023)?")
    assert str(f.expr) == "Sep 30, 2023 inventories - Oct 1, 2022 inventories"


def test_a_rate_looked_up_by_its_row_and_a_quarter_named_by_its_month():
    from rag.periods import spelled_dates
    taxes = _hit("(In Millions, Except Percentages)\nThree Months Ended Nine Months Ended\nSep 30, 2023 Oct 1, 2022 "
                 "Sep 30, 2023 Oct 1, 2022\nIncome (loss) before taxes $ (52) $ (188) $ (2,026) $ 8,564\n"
                 "Provision for (benefit from) taxes $ (362) $ (1,207) $ (1,041) $ (114)\n"
                 "Effective tax rate 696.2 % 642.0 % 51.4 % (1.3)%")
    worked = work_out("What effective tax rate did Corvane report for the quarter ended September 30, 2023?", [taxes],
                      months=3)
    assert worked.result == "696.2%"
    assert spelled_dates("net sales in the June quarter of 2023?") == "net sales in the June 2023 quarter?"


def test_review_of_the_twenty_eighth_sessions_readings_that_would_have_been_wrong():
    from ingest.tables import label_columns
    from rag.answer import _as_segments
    from rag.calculate.question import sentences_asking
    from rag.guard import no_figure_for_a_line
    from rag.periods import spelled_dates
    # a figure's line asked, answered without one: withheld; not a policy, a driver, a "how much" answered "free"
    assert no_figure_for_a_line("It was due to increased unit sales [1].", "What was AWS operating income in Q3 2023?")
    for q, a in [("What was Apple's revenue recognition policy?", "Apple recognizes revenue when control passes [1]."),
                 ("What were Nvidia's revenue drivers in Q2 FY24?", "Data Center demand drove it [1]."),
                 ("How much does interlibrary loan cost?", "It is available at no charge [1]."),
                 ("How much term debt did Apple issue in Q3 2023?", "Apple did not issue any term debt [1]."),
                 ("What was Amazon's net income in Q1 2022?", "Amazon reported a net loss [1].")]:
        assert not no_figure_for_a_line(a, q), q
    # a setup that scopes the question keeps it whole: the company's total is no segment's figure
    for q in ["For the Intelligent Cloud segment, I'd like to know what operating income was in the quarter ended "
              "September 30, 2023.", "Excluding Intelligent Cloud, I want to know what operating income was in Q3 2023.",
              "I'm looking at Intelligent Cloud and wondering what operating income was in Q3 2023."]:
        assert sentences_asking(q) == [], q
    assert sentences_asking("Reading the AMZN 10-Q, I'm wondering how much they spent on technology and "
                            "infrastructure in Q2 2023.") == ["How much did they spend on technology and infrastructure "
                                                              "in Q2 2023?"]
    # a brand over several of the filer's segments is the filer ("Google" over "Google Services", "Google Cloud")
    seg = _hit("Information about segments (in millions):\nThree Months Ended September 30,\n2022 2023\nRevenues:\n"
               "Google Services $ 61,377 $ 67,986\nGoogle Cloud 6,868 8,411\nTotal revenues $ 69,092 $ 76,693")
    q = "What was Google's revenue in the quarter ended September 30, 2023?"
    assert _as_segments(q, ["Google"], [seg]) == q
    assert _as_segments("What was Amazon's AWS's operating income?", ["AWS"]) == "What was Amazon's AWS operating income?"
    assert _as_segments("What was AWS's Q3 2023 operating income?", ["AWS"]) == "What was the AWS Q3 2023 operating income?"
    q = "What were AMD's Data Center segment revenues for Q3 2023?"  # AMD in a list of competitors: another company
    assert _as_segments(q, ["AMD"]) == q
    # initials that a one-word name among the rows abbreviates too: "CN" may be China
    rows = _hit("(In millions)\nThree Months Ended\nJul 30, 2023 Jul 31, 2022\nRevenue by geography:\n"
                "United States $ 6,043 $ 2,209\nChina (including Hong Kong) 2,740 1,602\nRevenue by segment:\n"
                "Compute & Networking $ 10,402 $ 3,806\nGraphics 3,105 2,898")
    assert work_out("What was NVIDIA's CN revenue for the quarter ended July 30, 2023?", [rows], months=3) is None
    # percentages end at the next heading of amounts
    text = ("(in millions)\nThree Months Ended\nSeptember 30,\n2023 2022\nPercent change:\nAmericas 5 3\n"
            "Operating income:\nAmericas 4,310 4,200")
    assert label_columns(text, units=True).split("\n")[-1].endswith("4,200 million")
    assert spelled_dates("as of Sep-30, 2023") == "as of Sep-30, 2023" and spelled_dates("May-15") == "May-15"


def test_how_much_more_one_company_made_than_another_each_from_its_own_report():
    msft = replace(_hit("INCOME STATEMENTS (In millions)\nThree Months Ended September 30,\n2023 2022\n"
                        "Total revenue 56,517 50,122\nOperating income 26,895 21,518"), file="2023 Q3 MSFT.pdf", doc_id=1)
    aapl = replace(_hit("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (In millions)\nThree Months Ended\n"
                        "September 30, 2023 September 24, 2022\nTotal net sales 89,498 90,146\n"
                        "Operating income 26,969 24,894", 2), file="2023 Q4 AAPL.pdf", doc_id=2)
    worked = work_out_each("How much more operating income did MSFT earn than AAPL in the quarter ended September 30, "
                           "2023?", [msft, aapl], months=3)
    assert [w.result for w in worked] == ["-74 million"]  # 26,895 - 26,969: less, in fact
    assert "MSFT's" in worked[0].text() and "AAPL's" in worked[0].text()
    assert work_out_each("How much more operating income did MSFT earn than MSFT in the quarter ended September 30, "
                         "2023?", [msft, aapl], months=3) == []


LEASE_NOTE = """Our lease liabilities were as follows (in millions):
December 31, 2021
 Operating Leases Finance Leases Total
Gross lease liabilities $ 66,269 $ 25,866 $ 92,135
Present value of lease liabilities 58,330 23,753 82,083
September 30, 2022
 Operating Leases Finance Leases Total
Gross lease liabilities $ 75,495 $ 18,838 $ 94,333
Present value of lease liabilities 64,783 16,631 81,414
Total long-term lease liabilities $ 57,737 $ 11,595 $ 69,332"""


def test_a_column_named_not_dated_is_read_by_its_name_and_the_day():
    hits = [_hit("Revenue grew.", 1), _hit(LEASE_NOTE, 2)]
    [worked] = work_out_each("What was the present value of Acme's operating lease liabilities at September 30, 2022?",
                             hits)
    assert worked.result == "64,783 million" and worked.passages() == {2}
    assert worked.text() == ('September 30, 2022 Operating Leases: the row "Present value of lease liabilities, '
                             'Operating Leases", 64,783 million [2]')
    assert work_out_each("Acme's finance leases: present value of lease liabilities as of Dec 31, 2021?",
                         hits)[0].result == "23,753 million"
    # several columns named: each, in the table's order, and the Total asked beside them (blind set 42's x11)
    q = "Acme lease liabilities as of September 30, 2022: the present value of operating and finance leases, and the total?"
    assert [w.result for w in work_out_each(q, hits)] == ["64,783 million", "16,631 million", "81,414 million"]
    assert [w.result for w in work_out_each("What was the present value of Acme's finance and operating lease "
                                            "liabilities at September 30, 2022?", hits)] == ["64,783 million",
                                                                                            "16,631 million"]
    # a row the question doesn't name whole, no column named, no day or two: nothing rather than a guess
    for q in ("What were Acme's operating lease liabilities at September 30, 2022?",
              "What was the present value of Acme's lease liabilities at September 30, 2022?",
              "What was the present value of Acme's operating lease liabilities?",
              "What was the present value of Acme's operating lease liabilities at September 30, 2022 and "
              "December 31, 2021?"):
        assert work_out_each(q, hits) == [], q


def test_a_rate_of_growth_asked_of_one_period_is_year_over_year_or_the_sentence_that_states_it():
    ads = _hit("Net sales by groups of similar products (in millions)\nThree Months Ended\n"
               "September 30, 2021 September 30, 2022\nNet sales:\nOnline stores $ 49,942 $ 53,489\n"
               "Advertising services 7,612 9,548\nTotal net sales $ 110,812 $ 127,101")
    q = "How fast did Corvane's advertising services revenue grow in the three months ended September 30, 2022?"
    assert work_out(q, [ads], months=3).result == "25.4%"
    assert work_out("By what percentage did Corvane's online stores net sales increase in the three months ended "
                    "September 30, 2022?", [ads], months=3).result == "7.1%"
    # sequentially, or against a period the question names, is not a year's growth
    assert work_out("How fast did Corvane's advertising services revenue grow sequentially in the three months ended "
                    "September 30, 2022?", [ads], months=3) is None
    from rag.calculate.stated import stated_figure

    prose = _hit("Server products and cloud services revenue increased 21% driven by Azure and other cloud services "
                 "growth of 29%. Office Commercial revenue grew 15%.")
    q = "How fast did Azure and other cloud services revenue grow in Corvane's fiscal 2024 first quarter?"
    assert stated_figure(q, [prose]).result == "29%"
    q = "By what percentage did Corvane's server products and cloud services revenue increase in the first quarter?"
    assert stated_figure(q, [prose]).result == "21%"
    # two figures whose own words hold the thing asked alike: neither
    both = _hit("Cloud services revenue increased 21% driven by cloud services growth of 29% in the quarter.")
    assert stated_figure("How fast did Corvane's other cloud services revenue grow in the first quarter?", [both]) is None


def test_forms_of_blind_set_17():
    from rag.calculate.question import by_how_much, companies_compared, more_than, sentences_asking
    from rag.calculate.stated import stated_figure
    # a balance at a month's end is at the day the passages print for it (rag.answer.gather)
    from rag.periods import month_ends_as_printed
    assert month_ends_as_printed("short-term debt at the end of September 2023?", ["September 30, 2023"]) == \
        "short-term debt at September 30, 2023?"
    assert month_ends_as_printed("cash at the end of Feb 2024", ["February 29, 2024"]) == "cash at February 29, 2024"
    sheet = _hit("BALANCE SHEETS (In millions)\nSeptember 30, 2023 June 30, 2023\nCurrent liabilities:\n"
                 "Accounts payable $ 19,307 $ 18,095\nShort-term debt 25,808 0\n"
                 "Inventories:\nRaw materials 1,100 900\nWork in-process 1,058 466\nFinished goods 2,000 1,700\n"
                 "Total inventories 4,158 3,066")
    q = month_ends_as_printed("How much short-term debt was sitting on Corvane's balance sheet at the end of September "
                              "2023?", [sheet.text])
    assert work_out(q, [sheet]).result == "25,808 million"
    # "how much of X's balance was Y": the part's row
    assert work_out("How much of Corvane's inventory at September 30, 2023 was work in process?",
                    [sheet]).result == "1,058 million"
    # the line named after "i.e."
    assert work_out("What did Corvane owe its suppliers at September 30, 2023, i.e. the accounts payable balance?",
                    [sheet]).result == "$19,307 million"
    # the lines named after a dash: "What did X earn in <period> — A and B?" asks A and B (not a second question)
    income = _hit("STATEMENTS OF OPERATIONS (in millions, except per share data)\nThree Months Ended June 30,\n2022 2023\n"
                  "Net income (loss) $ (2,028) $ 6,750\nBasic earnings per share $ (0.20) $ 0.66\n"
                  "Diluted earnings per share $ (0.20) $ 0.65")
    from rag.calculate.question import plain_question
    q = "What did Corvane earn in Q2 2023 — net income and diluted EPS?"
    assert plain_question(q) == "What were Corvane's net income and diluted EPS in Q2 2023?"
    assert [w.result for w in work_out_each(q, [income])] == ["$6,750 million", "$0.65"]
    # a statement named with the company and its day, the lines after a colon (blind set 42's x20)
    q = "Corvane income statement for Q2 2023: net income and diluted EPS (in $ millions)?"
    assert plain_question(q) == "What were Corvane's net income and diluted EPS for Q2 2023?"
    assert [w.result for w in work_out_each(q, [income])] == ["$6,750 million", "$0.65"]
    for other in ("Corvane income statement for Q2 2023: what was net income?", "Corvane balance sheet: cash and debt?"):
        assert not plain_question(other).startswith("What were"), other
    # a terse segment margin whose company is named after it: the first word is the segment's (blind set 35's q08)
    seg = _hit("Segment revenue and operating income (In millions)\nThree Months Ended March 31,\n2023 2022\nRevenue:\n"
               "Productivity and Business Processes $ 17,516 $ 15,793\nIntelligent Cloud 22,081 18,987\n"
               "Operating income:\nProductivity and Business Processes $ 8,640 $ 7,184\nIntelligent Cloud 9,476 8,391")
    assert work_out("Intelligent Cloud operating margin for Corvane's quarter ended March 31, 2023?",
                    [seg]).result == "42.9%"
    # one line in two periods, "compared to" and a bracket after the first (blind set 35's q14)
    from rag.calculate.question import parts_asked, two_periods_asked
    q = "What was Corvane's operating margin in Q3 FY24 (quarter ended Oct 29, 2023) compared to Q3 FY23?"
    assert parts_asked(q) == ["What was Corvane's operating margin in Q3 FY24?",
                              "What was Corvane's operating margin in Q3 FY23?"]
    assert two_periods_asked(q) == ("Q3 FY24", "Q3 FY23")
    assert two_periods_asked("What were Corvane's net sales and net income in Q3 2023?") is None
    # a span or a source said of a profit line is no part of its row's name (blind set 34's p24)
    assert work_out("What was Corvane's quarterly net income in Q2 2023?", [income]).result == "$6,750 million"
    assert work_out("What was Corvane's reported net income in Q2 2023?", [income]).result == "$6,750 million"
    for other in ("What did Corvane report in Q2 2023, and how did it compare?", "What did Corvane earn in Q2 2023, in "
                  "millions?", "What did Corvane earn in Q2 2023 — did it beat Q1?"):
        assert not plain_question(other).startswith("What were"), other
    # "stock comp" is stock-based compensation, whatever the row calls it
    flows = replace(_hit("Consolidated Statements of Cash Flows (in millions)\nThree Months Ended March 31,\n2022 2023\n"
                         "Stock-based compensation 3,246 4,748"), file="2023 Q1 CORV.pdf")
    assert work_out("corv stock comp q1 2023?", [flows]).result == "4,748 million"
    # a segment's operating income or loss; a later sentence that says "the segment" and "the quarter"
    seg = _hit("Segment Information (in millions)\nThree Months Ended September 30,\n2022 2023\n"
               "Operating income (loss):\nNorth America $ (412) $ 4,307\nInternational (2,466) (95)\nAWS 5,403 6,976")
    q = "What was Corvane's International segment operating income or loss in Q3 2023?"
    assert work_out(q, [seg]).result == "-95 million"
    q = ("Was Corvane's International segment profitable in Q3 2023? Give the segment's operating income or loss for "
         "the quarter.")
    assert sentences_asking(q)[0] == "Give Corvane's International segment's operating income or loss for Q3 2023."
    assert work_out_each(q, [seg])[0].result == "-95 million"
    # terse: the line, its change, then "year over year in <period>"
    assert work_out("Corvane AWS operating income change year over year in Q3 2023, in percent?",
                    [seg]).result == "29.1%"
    # two companies, each with its own quarter, and by how much
    q = ("Corvane's Q3 FY2024 (quarter ended Oct 29, 2023) vs Beltra's Q3 2023 (quarter ended Sept 30, 2023): which "
         "company had higher revenue, and by how much?")
    assert companies_compared(q) == [
        ("Corvane", "What was Corvane's revenue in Q3 FY2024 (quarter ended Oct 29, 2023)?"),
        ("Beltra", "What was Beltra's revenue in Q3 2023 (quarter ended Sept 30, 2023)?")]
    # ... or which had more, then each company with its period in brackets
    q = ("Which company had higher revenue in its Q3 2023 reporting quarter, Beltra (quarter ended Sept 30, 2023) or "
         "Corvane (quarter ended Oct 29, 2023), and by how much?")
    assert companies_compared(q) == [("Beltra", "What was Beltra's revenue in quarter ended Sept 30, 2023?"),
                                     ("Corvane", "What was Corvane's revenue in quarter ended Oct 29, 2023?")]
    # ... or asked to compare them, each with its period, then which was larger (blind set 20's b06)
    q = ("Compare Beltra's revenue for its quarter ended September 30, 2023 with Corvane's revenue for its quarter "
         "ended October 29, 2023. Which was larger and by how much?")
    assert companies_compared(q) == [
        ("Beltra", "What was Beltra's revenue in its quarter ended September 30, 2023?"),
        ("Corvane", "What was Corvane's revenue in its quarter ended October 29, 2023?")] and by_how_much(q)
    assert not by_how_much(q.replace(" and by how much", ""))
    # "how much more did A spend on X than B spent on Y", after a label naming the quarter: each its own line
    q = ("Capex check for the quarter ended September 30, 2023: how much more did Corvane spend on purchases of "
         "property and equipment than Beltra spent on additions to property and equipment (gross, as shown)?")
    assert more_than(q) == (
        "What was Corvane purchases of property and equipment for the quarter ended September 30, 2023?",
        "What was Beltra additions to property and equipment for the quarter ended September 30, 2023?")
    # a count a sentence says something grew to; two telling words are enough for a count
    prose = _hit("Office Consumer products and cloud services revenue decreased 2% and Corvane 365 Consumer "
                 "subscribers increased to 63.2 million.")
    assert stated_figure("How many Corvane 365 Consumer subscribers did Corvane have in the quarter?",
                         [prose]).result == "63.2 million"


def test_a_word_only_the_start_of_another_is_not_in_the_sentence_nor_a_product_a_company():
    from rag.calculate.stated import stated_figure
    # "international" is no "intercompany": a hypothetical loss on intercompany balances is no segment's loss
    fx = _hit("Based on the intercompany balances as of September 30, 2023, an assumed 5%, 10%, and 20% adverse change "
              "to foreign exchange rates would result in losses of $270 million, $545 million, and $1.1 billion, "
              "recorded to “Other income (expense), net.” See Results of Operations.")
    assert stated_figure("What was Corvane's International segment operating loss in Q3 2023?", [fx]) is None
    # a product named before the line, read as the segment it names (rag.answer._bare_segment): its total is no answer
    income = replace(_hit("INCOME STATEMENTS (In millions)\nThree Months Ended September 30,\n2023 2022\n"
                          "Revenue $ 56,517 $ 50,122\nOperating income 26,895 21,518\n"
                          "Revenue from Server products and cloud services, including Azure and other cloud services"),
                     file="2023 Q3 CORV.pdf")
    assert work_out("the Azure revenue in dollars for CORV fy24 q1?", [income]) is None
    assert work_out("corv revenue for the three months ended September 30, 2023?", [income]).result == "$56,517 million"


def test_a_line_no_row_of_its_very_name_has_the_period_of_is_read_from_its_total_row():
    # the first quarter's report prints "Revenue"; the second's passage only its segment note's "Total revenue"
    q1 = replace(_hit("CONDENSED CONSOLIDATED STATEMENTS OF INCOME (In millions)\nThree Months Ended\nApril 30, May 1,\n"
                      "2023 2022\nRevenue $ 7,192 $ 8,288\nCost of revenue 2,544 2,857"), file="2023 Q1 CORV.pdf", doc_id=1)
    q2 = replace(_hit("Segment Information (In millions)\nThree Months Ended\nJuly 30, 2023 July 31, 2022\n"
                      "Compute & Networking $ 10,402 $ 3,830\nGraphics 3,105 2,874\nTotal revenue $ 13,507 $ 6,704", 2),
                 file="2023 Q2 CORV.pdf", doc_id=2)
    q = "Quarter over quarter, how much did Corvane's revenue grow from Q1 FY2024 to Q2 FY2024?"
    assert work_out(q, [q2, q1]).result == "87.8%"
    # two quarters named by ordinals of one fiscal year, or as "Q1 fiscal 2024" (blind set 20's b19); a segment's line
    from rag.calculate.question import plain_question
    # (the third quarter's report prints its nine months beside it: its quarter is the third, not a first of a year
    # ending in the summer)
    q3 = replace(_hit("Revenue by Reportable Segments (In millions)\nThree Months Ended Nine Months Ended\n"
                      "October 29, 2023 October 30, 2022 October 29, 2023 October 30, 2022\n"
                      "Data Center $ 14,514 $ 3,833 $ 29,121 $ 11,408\nGaming 2,856 1,574 7,545 6,206", 3),
                 file="2023 Q3 CORV.pdf", doc_id=3)
    q1_sales = replace(_hit("Revenue by Reportable Segments (In millions)\nThree Months Ended\nApril 30, 2023 May 1, "
                            "2022\nData Center $ 4,284 $ 3,750\nGaming 2,240 3,620"), file="2023 Q1 CORV.pdf", doc_id=1)
    for q in ("How much did Corvane's Data Center revenue grow between the first and third quarters of fiscal 2024?",
              "How much did Corvane's Data Center revenue grow from Q1 fiscal 2024 to Q3 fiscal 2024?"):
        assert plain_question(q).endswith("Q1 fiscal 2024 and Q3 fiscal 2024?") or "from Q1 fiscal 2024" in q
        assert work_out(q, [q3, q1_sales], months=3).result == "238.8%", q
    assert plain_question("the first and third quarters of 2023 revenue?") == "Q1 2023 and Q3 2023 revenue?"


def test_the_forms_of_blind_set_17_leave_alone_what_they_do_not_fit():
    # (review) a month's end is written as the day the passages print for it: a 52/53-week filer's July 1
    from rag.periods import month_ends_as_printed
    assert month_ends_as_printed("cash at the end of June 2023?", ["Balance Sheets July 1, 2023 Dec 31, 2022"]) == \
        "cash at July 1, 2023?"
    assert month_ends_as_printed("cash at the end of June 2023?", ["June 30, 2023 and July 1, 2023"]) == \
        "cash at June 30, 2023?"
    assert month_ends_as_printed("cash at the end of June 2023?", ["June 24, 2023 and July 1, 2023"]) == \
        "cash at the end of June 2023?"  # two days near it: neither
    # a growth asked against another period, excluding currency, or of a balance: not the year-over-year growth
    sales = _hit("Consolidated Statements of Operations (in millions)\nThree Months Ended September 30,\n2022 2023\n"
                 "Total net sales 127,101 143,083\nInventories 38,000 41,847")
    for q in ("How fast did Corvane's total net sales grow in Q3 2023 over the prior quarter?",
              "How fast did Corvane's total net sales grow in Q3 2023, excluding changes in foreign exchange rates?",
              "How fast did Corvane's inventories grow in Q3 2023?"):
        assert work_out(q, [sales]) is None, q
    assert work_out("How fast did Corvane's total net sales grow in Q3 2023?", [sales]).result == "12.6%"
    # "i.e." that gives a unit, a way to work it out or a restatement names no line
    income = _hit("Condensed Consolidated Statements of Operations (in millions)\nThree Months Ended\n"
                  "July 1, 2023 June 25, 2022\nOperating income 22,998 23,076\nNet income 19,881 19,442")
    assert work_out("Give Corvane's operating income in the quarter ended July 1, 2023, i.e. in millions",
                    [income]).result == "22,998 million"
    from rag.calculate.question import plain_question
    assert plain_question("What did Corvane earn in Q3 2023 (i.e., after taxes)?") == \
        "What did Corvane earn in Q3 2023 (i.e., after taxes)?"
    # "the quarter before" is no reference back to the quarter a sentence before names
    from rag.calculate.question import sentences_asking
    assert sentences_asking("Corvane reported Q3 2023 results. What was net revenue in the quarter before that?") == []
    # a figure a sentence gives for another span than the one asked
    from rag.calculate.stated import stated_figure
    bought = _hit("During the nine months ended July 1, 2023, the Company repurchased 371 million shares of its common "
                  "stock for $56.0 billion.")
    assert stated_figure("How many shares did Corvane repurchase in Q3 2023?", [bought], 3) is None
    assert stated_figure("How many shares did Corvane repurchase in the nine months ended July 1, 2023?", [bought],
                         9).result == "371 million"
    # a cap is no amount done: "authorized ... to repurchase up to $90 billion" answers no "how much did it repurchase"
    cap = _hit("On May 4, 2023, the Board of Directors authorized an additional program to repurchase up to $90 billion "
               "of the Company's common stock.")
    assert stated_figure("How much common stock did Corvane repurchase during the third quarter of fiscal 2023?",
                         [cap], 3) is None
    fund = _hit("Students facing an unexpected financial crisis may apply to the Student Emergency Fund for a one-time "
                "grant of up to $800 per academic year.")
    assert stated_figure("How much can I get from the Student Emergency Fund?", [fund]).result == "$800"  # a cap asked
    # a growth of another measure than the one asked: seats, not revenue
    seats = _hit("Office 365 Commercial revenue grew 18% driven by seat growth of 10% and higher revenue per user.")
    assert stated_figure("By what percentage did Corvane's Office 365 Commercial seat count grow in the first "
                         "quarter?", [seats]).result == "10%"


def test_forms_of_blind_set_18():
    from rag.calculate.stated import stated_figure
    # a sum whose last two terms share their noun ("current and non-current term debt"), and a balance sheet whose
    # two "Term debt" rows are told apart by their groups; a note's "Current and non-current term debt" is both
    sheet = _hit("BALANCE SHEETS (In millions)\nJuly 1, 2023 September 24, 2022\nCurrent liabilities:\n"
                 "Commercial paper 3,993 9,982\nTerm debt 7,216 11,128\nTotal current liabilities 124,963 153,982\n"
                 "Non-current liabilities:\nTerm debt 98,071 98,959\nTotal non-current liabilities 149,801 148,101")
    hedge = _hit("Hedged items (In millions)\nJuly 1, 2023 September 24, 2022\n"
                 "Current and non-current term debt $ (17,986) $ (18,739)", 2)
    f = formula_asked("AAPL total debt (commercial paper + current and non-current term debt) as of July 1, 2023?")
    assert str(f.expr) == "commercial paper + current term debt + non-current term debt"
    assert work_out("Corvane total debt (commercial paper + current and non-current term debt) as of July 1, 2023?",
                    [sheet, hedge]).result == "109,280 million"
    assert work_out("Corvane current term debt as of July 1, 2023?", [hedge, sheet]).result == "7,216 million"
    # an "and" among sums adds
    assert str(formula_asked("Use current and non-current term debt plus leases.").expr) == \
        "current term debt + non-current term debt + leases"
    # a highlight's short sentence states a figure; of two sentences with the words, the one naming the thing as the
    # question does
    mdna = replace(_hit("Highlights\n• Office Consumer products and cloud services revenue increased 1% and Microsoft 365 "
                        "Consumer subscribers increased to 65.4 million.\n• Microsoft Cloud revenue increased 22% to "
                        "$28.5 billion.\n"), file="2023 Q2 MSFT.pdf")
    worked = stated_figure("What was Microsoft Cloud revenue in fiscal Q3 2023 and how fast did it grow?", [mdna])
    assert worked.result == "22%" and "$28.5 billion" in worked.text()
    # a table's row is no sentence
    rows = _hit("Revenue by segment (In millions)\nMicrosoft Cloud revenue 28,500 23,400\nOther revenue 1,000 900")
    assert stated_figure("How much did Microsoft Cloud revenue grow in fiscal Q3 2023?", [rows]) is None


def test_forms_of_blind_set_18_asked():
    from rag.calculate.question import asked, plain_question
    # "How much did X increase in P1 compared with P2": X, not the words before it
    f = asked("How much did Microsoft's additions to property and equipment increase in Q1 FY2024 compared with "
              "Q1 FY2023?")
    assert str(f.expr) == "Q1 FY2024 additions to property and equipment - Q1 FY2023 additions to property and equipment"
    # "gross purchases": the purchases' own row, which need not print "gross"
    flows = _hit("Consolidated Statements of Cash Flows (in millions)\nThree Months Ended June 30,\n2022 2023\n"
                 "Purchases of property and equipment (15,724) (11,455)")
    assert work_out("Amazon gross purchases of property and equipment, three months ended June 30, 2023?", [flows],
                    months=3).result == "11,455 million"
    # a flow compared between two periods is its change
    assert plain_question("How did AWS operating income in Q1 2023 compare with Q1 2022?") == \
        "How much did AWS operating income change from Q1 2022 to Q1 2023?"
    assert plain_question("How did Apple net sales in Q1 2023 compare with the same quarter of 2022?") == \
        "How much did Apple net sales change from Q1 2022 to Q1 2023?"
    assert plain_question("How did Apple net sales compare with Mac net sales?") == \
        "How did Apple net sales compare with Mac net sales?"  # two lines, not two periods
    # "..., P1 vs P2 — how much growth?"
    assert plain_question("nvda data center rev q2 fy24 vs q2 fy23 — how much growth?") == \
        "nvda data center revenue growth, q2 fy24 vs q2 fy23?"
    assert asked("nvda data center rev q2 fy24 vs q2 fy23 — how much growth?").percent
    # an acronym with its name spelled out in brackets is the acronym's segment (the guard then withholds another
    # segment's figure: rag.guard)
    from rag.calculate.question import segment_asked
    q = plain_question("What revenue did Intel's AXG (Accelerated Computing Systems and Graphics) segment report for the "
                       "quarter ended September 30, 2023?")
    assert q == "What revenue did Intel's AXG segment report for the quarter ended September 30, 2023?"
    assert segment_asked(q) == ("AXG", "revenue", False)
    assert plain_question("What was NVIDIA (NVDA) revenue?") == "What was NVIDIA (NVDA) revenue?"  # not its spelling
    # ... or the acronym in brackets after the name (blind set 38's t23): the name
    assert plain_question("What was Intel's Data Center and AI (DCAI) segment operating income (loss) in Q3 2023?") == \
        "What was Intel's Data Center and AI segment operating income in Q3 2023?"


def test_the_forms_of_blind_set_18_leave_alone_what_they_do_not_fit():
    from rag.calculate.parse import parse
    from rag.calculate.question import plain_question
    from rag.calculate.stated import stated_figure
    # a shared noun ends before its period or source: "short-term plus long-term debt at June 30"
    assert str(parse("short-term plus long-term debt at June 30")[0]) == "short-term debt + long-term debt at June 30"
    sheet = _hit("BALANCE SHEETS (In millions)\nSeptember 30, 2023 December 31, 2022\n"
                 "Short-term investments 1,000 900\nShort-term debt 5,224 4,000\nLong-term debt 41,946 40,000")
    assert work_out("Total debt (short-term plus long-term debt from the balance sheet) at September 30, 2023?",
                    [sheet]).result == "47,170 million"
    # "gross" purchases are never a netted row; a row may print "Gross" itself
    netted = _hit("Consolidated Statements of Cash Flows (in millions)\nThree Months Ended June 30,\n2022 2023\n"
                  "Purchases of property and equipment, net of proceeds from sales and incentives (14,619) (10,203)")
    assert work_out("Amazon gross purchases of property and equipment, three months ended June 30, 2023?",
                    [netted], months=3) is None
    goodwill = _hit("Goodwill (In millions)\nJuly 1, 2023 December 31, 2022\nGross additions 1,200 800")
    assert work_out("What were gross additions at July 1, 2023?", [goodwill]).result == "1,200 million"
    # "the same quarter of FY2023" is Q2 FY2023, not the year; a percentage compared is left alone (points, not growth)
    assert plain_question("How did NVIDIA Data Center revenue in Q2 FY2024 compare with the same quarter of FY2023?") == \
        "How much did NVIDIA Data Center revenue change from Q2 FY2023 to Q2 FY2024?"
    assert plain_question("How did Apple net sales in fiscal Q3 2023 compare with the same quarter of fiscal 2022?") == \
        "How much did Apple net sales change from fiscal Q3 2022 to fiscal Q3 2023?"
    for q in ("How did the gross margin percentage in Q3 2023 compare with Q3 2022?",
              "How did Apple's effective tax rate in Q3 2023 compare with Q3 2022?"):
        assert plain_question(q) == q
    # a segment named after a ticker in brackets is no spelling of the ticker
    for q in ("What was GOOGL (Google Cloud) operating income in Q3 2023?", "What was MSFT (Microsoft Cloud) revenue?",
              "What was Intel's revenue from CCG (Client Computing) in Q3 2023?"):
        assert plain_question(q) == q
    assert plain_question("What was Intel's DCAI (Data Center and AI) revenue?") == "What was Intel's DCAI revenue?"
    # a full sentence states the figure over a short one that names another ("Prior year ...")
    mdna = _hit("Highlights\n• Data Center revenue was a record $10.32 billion, up 171% from a year ago.\n"
                "• Prior year Data Center revenue was $3.81 billion.\n")
    assert stated_figure("What was Data Center revenue in Q2 FY2024?", [mdna]).result == "$10.32 billion"


# -- a results table's cell named by row and column (rag.calculate.cells) ----------------------------------------
SCORES = ("Table 2: Results on the dev sets.\nModel Score CoLA MNLI EM\nELMo 68.7 44.1 68.6 0.51\n"
          "Otter-base 79.5 56.3 86.7 0.62\nOtter-small 77.0 51.3 82.2 0.60\nThe small model keeps most of the score.")


def test_a_results_tables_cell_named_by_its_row_and_column_is_looked_up():
    hits = [_hit("Otter-small is trained on the same corpus."), _hit(SCORES, 2)]
    worked = work_out_each("What CoLA score does Otter-small get on the dev set?", hits)
    assert [w.result for w in worked] == ["51.3"] and worked[0].passages() == {2}
    assert worked[0].text() == '"Otter-small | CoLA: 51.3" [2]'
    # the column by its initials, a row written run together
    assert [w.result for w in work_out_each("otter base exact match?", hits)] == ["0.62"]
    assert [w.result for w in work_out_each("What is OtterSmall's MNLI accuracy?", hits)] == ["82.2"]


def test_one_cell_is_looked_up_where_the_question_names_one_and_two_are_set_against_each_other():
    hits = [_hit(SCORES)]
    assert [w.result for w in work_out_each("What score does Otter-small get?", hits)] == ["77.0"]  # the Score column
    # two cells: their difference (a yes or no, its margin)
    assert [w.result for w in work_out_each("By how much did Otter-base beat ELMo on CoLA?", hits)] == ["12.2"]
    assert [w.result for w in work_out_each("Does Otter-small beat ELMo on CoLA?", hits)] == ["7.2"]
    assert work_out_each("Is Otter-small better than ELMo on CoLA?", hits) == []  # a yes or no of another form
    assert work_out_each("What CoLA score does Otter get?", hits) == []  # two Otters, two figures
    assert work_out_each("What CoLA score does GPT-3 get?", hits) == []  # no such row


def test_two_rows_of_one_column_set_against_each_other_are_worked_out_as_a_difference():
    hits = [_hit("Otter-base is the larger model."), _hit(SCORES, 2)]
    worked = work_out_each("How many points higher is Otter-base than ELMo on CoLA in the Otter paper?", hits)
    assert [w.text() for w in worked] == ["Otter-base on CoLA 56.3 [2] - ELMo on CoLA 44.1 [2] = 12.2"]
    # lower: the other row first, so that the difference is the size asked
    assert [w.result for w in work_out_each("How much lower is ELMo than Otter-small on MNLI?", hits)] == ["13.6"]
    assert [w.result for w in work_out_each("How much better does Otter-small score than ELMo on EM?", hits)] == \
        ["0.09"]
    # the two rows' names run together in the table ("BERTLARGE") and a second word of one of them ("Large")
    glue = "CoLA SST Avg\nSingle models on dev\nBERTLARGE 60.6 93.2 -\nOtter 68.0 96.4 -"
    assert [w.result for w in work_out_each("How many points higher is Otter than BERT-Large on CoLA?",
                                            [_hit(glue)])] == ["7.4"]
    # asked yes or no: the first named less the second
    assert [w.result for w in work_out_each("On CoLA, does ELMo beat Otter-small?", hits)] == ["-7.2"]
    assert [w.result for w in work_out_each("Does ELMo trail Otter-small on CoLA?", hits)] == ["7.2"]
    # a table cut across two chunks of one document side by side, the second given the head: one table; two chunks
    # apart, or two documents: two tables
    from dataclasses import replace
    top = replace(_hit("Model CoLA MNLI\nELMo 44.1 68.6\nOtter", 1), doc_id=3, ord_start=4, ord_end=4)
    rest = replace(_hit("Otter\n7B 56.3 86.7", 2), doc_id=3, ord_start=5, ord_end=5, heading="Model CoLA MNLI")
    q = "How many points higher is Otter 7B than ELMo on CoLA?"
    assert [w.result for w in work_out_each(q, [top, rest])] == ["12.2"]
    assert work_out_each(q, [top, replace(rest, ord_start=6, ord_end=6)]) == []
    assert work_out_each(q, [top, replace(rest, doc_id=4)]) == []
    # one row found for both, two columns, or a row missing: nothing worked out
    assert work_out_each("How much higher is Otter than Otter-small on CoLA?", hits) == []
    assert work_out_each("How much higher is Otter-base than GPT-3 on CoLA?", hits) == []
    assert work_out_each("How much faster is Otter-small than ELMo on CoLA?", hits) == []
    assert work_out_each("How much does distillation improve Otter-small on CoLA?", hits) == []  # a change: two cells


def test_no_cell_is_looked_up_for_a_setting_the_table_is_not_about():
    hits = [_hit(SCORES)]
    # a name the passage never writes: the table is another benchmark's
    assert work_out_each("What CoLA score does Otter-small get on SuperGLUE?", hits) == []
    assert work_out_each("What CoLA score does Otter-small get when run on GPU instead of CPU?", hits) == []
    assert work_out_each("How much faster is Otter-small than ELMo on CoLA?", hits) == []


def test_no_cell_is_looked_up_for_a_prompting_setting_the_passage_runs_that_model_in_only_otherwise():
    bbq = ("We compare 0-shot Otter with 5-shot Heron and 5-shot GPT-3.\nModel EM BSamb\nOtter 0.904 -0.033\n"
           "Heron 0.883 0.038\nGPT-3 0.392 -0.048\nTABLE I: Evaluation results of BBQ.")
    hits = [_hit(bbq)]
    assert work_out_each("What EM does Otter get on BBQ with 5-shot in-context examples?", hits) == []
    assert work_out_each("What few-shot EM does Otter reach on BBQ?", hits) == []
    assert [w.result for w in work_out_each("What zero-shot EM does Otter get on BBQ?", hits)] == ["0.904"]
    assert [w.result for w in work_out_each("What EM does Heron get on BBQ in the 5-shot setting?", hits)] == ["0.883"]
    assert [w.result for w in work_out_each("What EM does Otter get on BBQ?", hits)] == ["0.904"]  # no setting asked


def test_no_cell_is_looked_up_from_another_benchmarks_table_a_dash_or_another_version():
    trivia = ("Table 4: TriviaQA. Zero-shot and few-shot exact match.\n0-shot 1-shot 5-shot\nGopher 43.5 - 57.0\n"
              "Otter 65B 68.2 71.6 72.6\nOn Natural Questions, Otter 65B reaches 35.0 in the 5-shot setting.")
    hits = [_hit(trivia)]
    assert [w.result for w in work_out_each("What is Otter 65B's 5-shot exact match on TriviaQA?", hits)] == ["72.6"]
    # the table is TriviaQA's; Natural Questions is named in prose below it, not by the table
    far = trivia.replace("\nOn Natural", "\n" + "More prose.\n" * 8 + "On Natural")
    assert work_out_each("What is Otter 65B's 5-shot exact match on Natural Questions?", [_hit(far)]) == []
    # the row asked has no figure in the column: no shorter row's figure instead
    assert work_out_each("What is Gopher's 1-shot exact match on TriviaQA?", hits) == []
    # two tables of the same rows and columns: the one that writes the benchmark the question names
    nq = trivia.replace("TriviaQA", "NaturalQuestions").replace("68.2 71.6 72.6", "20.1 23.4 28.1")
    for both in ([_hit(nq), _hit(trivia, 2)], [_hit(trivia), _hit(nq, 2)]):
        assert [w.result for w in work_out_each("What is Otter 65B's 5-shot exact match on TriviaQA?", both)] == \
            ["72.6"]
    # "Otter-2 65B" is another model than "Otter 65B"
    assert work_out_each("What is Otter-2 65B's 5-shot exact match on TriviaQA?", hits) == []


def test_the_paper_a_question_names_is_no_row_of_its_table():
    solve = ("Table 1: Problem solve rate (%).\nGSM8K GSM-HARD SVAMP\nCOT PaLM-540B 56.9 - 79.0\n"
             "COT Codex 65.6 23.1 74.8\nOtter 72.0 61.2 79.4\nThe results for PaLM-540B are from earlier work.")
    hits = [_hit(solve)]
    # "the Otter paper" names the document: the row asked is PaLM-540B's, which has no figure for GSM-HARD
    assert work_out_each("What solve rate does PaLM-540B reach on GSM-HARD in the Otter paper?", hits) == []
    assert [w.result for w in work_out_each("What solve rate does COT PaLM-540B reach on SVAMP in the Otter "
                                            "paper?", hits)] == ["79.0"]
    assert [w.result for w in work_out_each("What solve rate does Otter reach on GSM-HARD?", hits)] == ["61.2"]
    # nor is a row whose name starts a longer one: "PAL" is no "PaLM"
    pal = solve.replace("Otter 72.0", "PAL 72.0")
    assert work_out_each("What solve rate does PaLM-540B reach on GSM-HARD?", [_hit(pal)]) == []


def test_long_term_lines_are_read_from_the_balance_sheets_non_current_section():
    # Intel prints its long-term debt as "Debt" right after "Total current liabilities", under no heading; a hedge
    # note's "Long-term debt" row has two figures for the day (carrying amount, hedge adjustment): neither is asked
    sheet = _hit("Consolidated Condensed Balance Sheets (In Millions)\nJul 1, 2023 Dec 31, 2022\nCurrent liabilities:\n"
                 "Short-term debt $ 2,711 $ 4,367\nAccounts payable 8,757 9,595\n"
                 "Total current liabilities 27,180 32,155\nDebt 46,335 37,684\n"
                 "Other long-term liabilities 7,643 8,978\nStockholders' equity:\nRetained earnings 67,231 70,405")
    hedge = _hit("(In Millions) Jul 1, 2023 Dec 31, 2022 Jul 1, 2023 Dec 31, 2022\n"
                 "Long-term debt $ (11,200) $ (11,221) $ 797 $ 776", 2)
    assert work_out("What long-term debt did Corvane carry at the end of Q2 2023 (July 1, 2023)?",
                    [hedge, sheet]).result == "46,335 million"
    assert work_out("Corvane's short-term debt as of July 1, 2023?", [hedge, sheet]).result == "$2,711 million"
    # the rows after the total are non-current ones: "Debt" is not current debt
    assert work_out("Corvane's current debt as of July 1, 2023?", [sheet]) is None
    # Apple's "Term debt" under "Non-current liabilities:" is its long-term debt; the current one is not
    apple = _hit("BALANCE SHEETS (In millions)\nJuly 1, 2023 September 24, 2022\nCurrent liabilities:\n"
                 "Commercial paper 3,993 9,982\nTerm debt 7,216 11,128\nTotal current liabilities 124,963 153,982\n"
                 "Non-current liabilities:\nTerm debt 98,071 98,959\nTotal non-current liabilities 149,801 148,101")
    assert work_out("What was Corvane's long-term debt as of July 1, 2023?", [apple]).result == "98,071 million"


def test_a_bracket_of_balance_sheet_parts_splits_the_line_named_before_it():
    # page_qa's new-23: "total term debt (current plus non-current, from the balance sheet)" is the current term debt
    # plus the non-current one, not the bare "current" and "non-current"
    f = formula_asked("As of July 1, 2023, what was Corvane's total term debt (current plus non-current, from the "
                      "balance sheet)?")
    assert str(f.expr) == "current term debt + non-current term debt"
    sheet = _hit("BALANCE SHEETS (In millions)\nJuly 1, 2023 September 24, 2022\nCurrent liabilities:\n"
                 "Term debt 7,216 11,128\nTotal current liabilities 124,963 153,982\n"
                 "Non-current liabilities:\nTerm debt 98,071 98,959\nTotal non-current liabilities 149,801 148,101")
    assert work_out("As of July 1, 2023, what was Corvane's total term debt (current plus non-current)?",
                    [sheet]).result == "105,287 million"
    # a bracket of whole lines is read as written
    assert str(formula_asked("What was the margin (operating income divided by revenue) in Q3?").expr) == \
        "operating income / revenue"


def test_forms_of_blind_set_22():
    from rag.calculate.question import by_how_much, companies_compared, plain_question
    # the line and its period first, then the two companies; a company's own quarter in brackets after its name
    q = "Net income for the September 2023 quarter: AMZN vs MSFT - who earned more and what's the gap?"
    assert companies_compared(q) == [("AMZN", "What was AMZN's net income for the September 2023 quarter?"),
                                     ("MSFT", "What was MSFT's net income for the September 2023 quarter?")]
    assert by_how_much(q) and not by_how_much(q.replace(" and what's the gap", ""))
    q = "For the quarter ended December 31, 2022, which spent more on R&D, Apple (Q1 FY23) or Microsoft (Q2 FY23), " \
        "and by how much?"
    assert [name for name, _ in companies_compared(q)] == ["Apple", "Microsoft"] and by_how_much(q)
    # a change named after the line, tersely: y/y for one period, or between two
    assert plain_question("Corvane total opex growth y/y for Q2 2023?") == \
        "What was the year-over-year growth in Corvane's total operating expenses for Q2 2023?"
    assert plain_question("CORV Data Center revenue sequential growth from Q2 FY24 to Q3 FY24?") == \
        "How much did CORV Data Center revenue grow from Q2 FY24 to Q3 FY24?"
    # a non-GAAP figure asked: a row that does not say non-GAAP is no answer
    income = _hit("Consolidated Condensed Statements of Income (In Millions, Except Per Share Amounts)\nThree Months "
                  "Ended\nJul 1, 2023 Jul 2, 2022\nEarnings (loss) per share attributable to Intel—diluted $ 0.35 $ "
                  "(0.11)")
    assert work_out_each("Corvane's diluted EPS for Q2 2023?", [income], 3)[0].result == "$0.35"
    assert work_out_each("Corvane's non-GAAP diluted EPS for Q2 2023?", [income], 3) == []
    # a topic after the period that says again what is asked; the parts of a figure listed after it; each company with
    # its own period, then how far apart they were
    flows = _hit("Consolidated Statements of Cash Flows (in millions)\nThree Months Ended March 31,\n2022 2023\n"
                 "INVESTING ACTIVITIES:\nPurchases of property and equipment (14,951) (14,207)")
    assert work_out_each("CORV Q1'23 capex - what were gross purchases of property and equipment on the cash flow "
                         "statement?".replace("Q1'23", "Q1 2023"), [flows], 3)[0].result == "14,207 million"
    note = _hit("Share Repurchase Program\nDuring the nine months ended June 25, 2022, the Company repurchased 408 million "
                "shares of its common stock for $65.0 billion under a share repurchase program, including 35 million "
                "shares delivered under accelerated share repurchase agreements totaling $6.0 billion.")
    worked = work_out_each("How many shares did Corvane repurchase in the first nine months of FY22, and for how much?",
                           [note], 9)
    assert [w.result for w in worked] == ["408 million"] and "$65.0 billion" in worked[0].text()
    q = "Gross margin %, Intel Q2 2023 vs NVIDIA Q2 FY24 - how far apart were they?"
    assert companies_compared(q) == [("Intel", "What was Intel's gross margin % in Q2 2023?"),
                                     ("NVIDIA", "What was NVIDIA's gross margin % in Q2 FY24?")] and by_how_much(q)
    assert companies_compared("Intel Q2 2023 vs NVIDIA Q2 FY24 - how far apart were they?") == []  # no line named


def test_a_quarter_named_is_no_other_quarter_s_column_of_its_year():
    from rag.calculate.rows import cell_for
    cells = [("Three Months Ended September 30, 2021", "(1,000)"), ("Three Months Ended September 30, 2022", "2,944")]
    assert cell_for(cells, (None, "2022", (1, False)), 3) is None  # Q1 2022: not the quarter ended September 30
    assert cell_for(cells, (None, "2022", (3, False)), 3) == cells[1]
    # a quarter ending a month after the calendar quarter's (NVIDIA's July 30, 2023 "Q2 2023") is still taken
    nvidia = [("Three Months Ended July 31, 2022", "6,704"), ("Three Months Ended July 30, 2023", "13,507")]
    assert cell_for(nvidia, (None, "2023", (2, False)), 3) == nvidia[1]


def test_forms_of_blind_set_23():
    from rag.calculate.parse import clean_term
    # a percentage of change from one quarter to the next, asked "by what percentage"
    f = formula_asked("By what percentage did Corvane's revenue grow sequentially from Q1 FY24 to Q2 FY24?")
    assert str(f.expr) == "(Q2 FY24 revenue - Q1 FY24 revenue) / Q1 FY24 revenue" and f.percent
    f = formula_asked("By what percent did Corvane's revenue decrease from Q1 FY24 to Q2 FY24?")
    assert f.percent  # a fall asked in percent: the rate, not the amount
    # a share of revenue "billed to" a region whose name holds a bracket
    assert clean_term("China (including Hong Kong)") == "China (including Hong Kong)"
    assert clean_term("the revenue (") == "revenue"  # an unclosed bracket is cut
    geo = _hit("Revenue by geographic region (in millions)\nThree Months Ended\nOct 29, 2023 Oct 30, 2022\n"
               "Revenue:\nUnited States $ 6,302 $ 2,148\nTaiwan 4,333 1,153\nChina (including Hong Kong) 4,030 1,148\n"
               "Other countries 3,455 1,482\nTotal revenue $ 18,120 $ 5,931")
    worked = work_out("What share of Corvane's Q3 FY24 revenue was billed to China (including Hong Kong)?", [geo], 3)
    assert worked.result == "22.2%"  # 4,030 / 18,120
    # a rate of change in one period against the same rate in another: each period's rate, each from its own columns
    from rag.calculate.question import rates_asked
    q = "Corvane advertising services revenue growth y/y in Q3 2023 vs the growth rate in Q3 2022?"
    assert [p.split(" in ")[-1] for p in rates_asked(q)] == ["Q3 2023?", "Q3 2022?"]
    assert rates_asked("Corvane advertising services revenue in Q3 2023 vs Q3 2022?") == []  # no rate: a change
    new = _hit("Net sales by groups of similar products (in millions)\nThree Months Ended September 30,\n2022 2023\n"
               "Advertising services (5) 9,548 12,060", 1)
    old = _hit("Net sales by groups of similar products (in millions)\nThree Months Ended September 30,\n2021 2022\n"
               "Advertising services (5) 7,612 9,548", 2)
    assert [w.result for w in work_out_each(q, [new, old], 3)] == ["26.3%", "25.4%"]
    assert work_out_each(q, [new], 3) == []  # one rate alone is not the answer: neither
    # two lines named whole with their owners, which was larger and by how much: both, and the larger less the other
    from rag.calculate.question import larger_of_two
    q = "For the quarter ended September 30, 2023, which was larger: AWS segment operating income or Microsoft's " \
        "Intelligent Cloud segment operating income, and by how much?"
    assert larger_of_two(q) == ("For the quarter ended September 30, 2023, what was AWS segment operating income?",
                                "For the quarter ended September 30, 2023, what was Microsoft's Intelligent Cloud "
                                "segment operating income?")
    assert larger_of_two("Which was larger: Apple or Microsoft, and by how much?") is None  # no line named
    # one line of two places, "was X billed to A or to B larger?" (blind set 38's t20): each place's row, and the
    # larger less the other
    billed = ("For Corvane's quarter ended October 29, 2023, was revenue billed to Taiwan or to China (including Hong "
              "Kong) larger?")
    assert larger_of_two(billed) == ("For Corvane's quarter ended October 29, 2023, what was revenue from Taiwan?",
                                "For Corvane's quarter ended October 29, 2023, what was revenue from China (including "
                                "Hong Kong)?")
    places = _hit("Revenue by geographic areas (In millions)\nThree Months Ended\nOctober 29, 2023 October 30, 2022\n"
                  "Revenue:\nUnited States $ 6,302 $ 2,148\nTaiwan 4,333 1,153\n"
                  "China (including Hong Kong) 4,030 1,148")
    assert [w.result for w in work_out_each(billed, [places])] == ["4,333 million", "4,030 million", "303 million"]
    assert larger_of_two("Was Taiwan or China larger?") is None  # no line named
    amzn = replace(_hit("Operating income (loss) by segment is as follows (in millions):\nThree Months Ended\n"
                        "September 30,\n2022 2023\nOperating Income (Loss)\nNorth America $ (412) $ 4,307\n"
                        "International (2,466) (95)\nAWS 5,403 6,976\nConsolidated $ 2,525 $ 11,188", 1), doc_id=1)
    msft = replace(_hit("Segment revenue and operating income (In millions)\nThree Months Ended September 30, 2023 2022\n"
                        "Operating Income\nProductivity and Business Processes $ 9,970 $ 8,323\nIntelligent Cloud "
                        "11,751 8,978\nMore Personal Computing 5,174 4,217\nTotal $ 26,895 $ 21,518", 2), doc_id=2)
    worked = work_out_each(q, [msft, amzn], 3)
    assert [w.result for w in worked] == ["6,976 million", "11,751 million", "4,775 million"]
    assert worked[2].text().startswith("September 30, 2023 Intelligent Cloud operating income 11,751")  # larger first
    # ... unless a part is what is asked: then not the whole's figure (two figures: none looked up)
    sales = _hit("Microsoft Cloud revenue was $31.8 billion for the quarter ended September 30, 2023, including "
                 "$2.1 billion of Dynamics 365 revenue from new customers.")
    assert work_out("How much Dynamics 365 revenue from new customers did Corvane report for the quarter ended "
                    "September 30, 2023?", [sales]) is None


def test_forms_of_blind_set_24():
    from rag.calculate.question import larger_of_two, plain_question, quarters_numbered, rate_too
    # quarters in words as numbers; two fiscal quarters each with its day: the days left out, the names read
    q = ("How much did Corvane's Data Center revenue grow from the second quarter of fiscal 2024 (ended July 30, 2023) "
         "to the third quarter of fiscal 2024 (ended October 29, 2023)?")
    assert quarters_numbered(q) == "How much did Corvane's Data Center revenue grow from Q2 FY2024 to Q3 FY2024?"
    f = asked(q)
    assert str(f.expr) == "(Q3 FY2024 revenue - Q2 FY2024 revenue) / Q2 FY2024 revenue" and f.segment == "Data Center"
    # one quarter keeps its day (the surer of the two); a calendar quarter's number is read from its words
    one = "What was Corvane's revenue in the third quarter of 2022 (quarter ended October 1, 2022)?"
    assert quarters_numbered(one) == "What was Corvane's revenue in Q3 2022 (quarter ended October 1, 2022)?"
    # which company spent more, each with its own fiscal quarter in brackets; a comparison asked as "Compare ..."
    q = ("For the quarter ending around March 31, 2023, which company spent more on research and development: Apple "
         "(fiscal Q2 2023, ended April 1, 2023) or Microsoft (fiscal Q3 2023, ended March 31, 2023), and by how much?")
    assert larger_of_two(q) == ("What was Apple's research and development expense in fiscal Q2 2023?",
                                "What was Microsoft's research and development expense in fiscal Q3 2023?")
    q = ("Compare Intel's net revenue for the quarter ended September 30, 2023 with NVIDIA's revenue for its fiscal "
         "third quarter of 2024 (ended October 29, 2023). Which was larger and by how much?")
    from rag.calculate.question import companies_compared
    assert companies_compared(q) == [("Intel", "What was Intel's net revenue in the quarter ended September 30, 2023?"),
                                     ("NVIDIA", "What was NVIDIA's revenue in Q3 FY2024 (ended October 29, 2023)?")]
    intel = replace(_hit("Consolidated Condensed Statements of Income (In Millions)\nThree Months Ended\n"
                         "Sep 30, 2023 Oct 1, 2022\nNet revenue $ 14,158 $ 15,338", 1), doc_id=1, file="INTC.pdf")
    nvda = replace(_hit("Condensed Consolidated Statements of Income (In millions)\nThree Months Ended\n"
                        "Oct 29, 2023 Oct 30, 2022\nRevenue $ 18,120 $ 5,931", 2), doc_id=2, file="NVDA.pdf")
    worked = work_out_each(q.replace("Intel", "Corvane").replace("NVIDIA", "Brightwell"),
                           [replace(intel, text="Corvane Inc.\n" + intel.text),
                            replace(nvda, text="Brightwell Corp.\n" + nvda.text)], 3)
    # both, each with the line its own statements print (Brightwell's "Revenue", not Corvane's "Net revenue"), and
    # the larger less the smaller
    assert [w.result for w in worked] == ["$14,158 million", "$18,120 million", "$3,962 million"]
    # a change asked both in dollars and in percent: both worked out
    q = ("How much did Corvane's More Personal Computing segment revenue change, in dollars and percent, in the quarter "
         "ended December 31, 2022 versus the same quarter a year earlier?")
    assert rate_too(q) and rate_too(plain_question(q))
    assert not rate_too("By what percent did Corvane's revenue change year over year in Q3 2023?")


def test_a_line_asked_with_expense_fetches_the_row_printed_without_it():
    from rag.calculate.work import operand_passages
    prose = _hit("Research and development expenses include payroll, employee benefits and other headcount-related "
                 "expenses associated with product development.", 1)
    table = _hit("Research and Development (In millions, except percentages)\nThree Months Ended March 31,\n"
                 "2023 2022\nResearch and development $ 6,984 $ 6,306", 2)
    q = "What was Corvane's research and development expense for the three months ended March 31, 2023?"
    found = operand_passages(q, [prose], 3, lambda query: [prose, table])
    assert [h.chunk_id for h in found] == [2]
    assert work_out(q, [prose] + found, 3).result == "$6,984 million"


def test_figures_given_for_two_days_respectively_and_the_sentence_that_says_the_question_s_words():
    from rag.calculate.stated import stated_figure
    note = _hit("Our equity investment in Rivian had a fair value of $15.6 billion and $5.2 billion as of December 31, "
                "2021 and September 30, 2022, respectively. The investment is recorded at fair value.", 1)
    risk = _hit("Our equity and equity warrant investments in publicly traded companies, which primarily relate to "
                "Rivian, represent $7.8 billion of our investments as of September 30, 2022, and are recorded at fair "
                "value, which is subject to market price volatility.", 2)
    q = "What was the fair value of Corvane's equity investment in Rivian at September 30, 2022?"
    assert stated_figure(q, [note]).result == "$5.2 billion"  # the day asked, of the two given respectively
    q21 = "What was the fair value of Corvane's equity investment in Rivian at December 31, 2021?"
    assert stated_figure(q21, [note]).result == "$15.6 billion"
    # two sentences, two figures: the one that says the question's words as it says them
    assert stated_figure(q, [risk, note]).result == "$5.2 billion"


def test_a_term_no_row_names_is_read_from_the_sentence_that_states_it():
    # "What share of total revenue came from Corvane Cloud": no row is "Corvane Cloud revenue"; the MD&A's sentence
    # states it in billions beside the income statement's rows in millions
    income = _hit("Income Statements\n(In millions)\nThree Months Ended September 30,\n2022 2021\nRevenue\n"
                  "Product $ 16,171 $ 15,092\nService and other 33,951 30,225\nTotal revenue 50,122 45,317", 1)
    highlights = _hit("Highlights from the first quarter of fiscal year 2023 compared with the first quarter of fiscal "
                      "year 2022 included:\n• Corvane Cloud revenue increased 24% to $25.7 billion.\n• Office "
                      "Commercial products revenue increased 7%.", 2)
    q = ("What share of Corvane's total revenue came from Corvane Cloud in the first quarter of fiscal year 2023 "
         "(quarter ended September 30, 2022)?")
    worked = work_out(q, [income, highlights])
    assert worked.result == "51.3%"  # 25,700 / 50,122, not 25.7 / 50,122
    assert "$25.7 billion [2]" in worked.text() and "50,122 million [1]" in worked.text()
    assert work_out(q, [income]) is None  # no sentence states it: nothing worked out
    import rag.calculate.work as work
    work.STATED_OPERAND = False
    try:
        assert work_out(q, [income, highlights]) is None  # the switch is what finds it
    finally:
        work.STATED_OPERAND = True
    # a sentence giving one figure for both terms gives their whole, not one term: nothing is worked out
    both = _hit("As of October 29, 2023, we had outstanding inventory purchase and long-term supply and capacity "
                "obligations totaling $17.11 billion.", 3)
    rows = _hit("Purchase obligations (In millions)\nOctober 29, 2023\nExcess inventory purchase obligations 1,280", 4)
    q = "How large were Corvane's supply commitments (inventory purchases plus long-term supply and capacity deals)?"
    assert work_out(q, [rows, both]) is None
    # a sum shows its result in the rows' scale and places: 16,171 + 25,700 = 41,871 million
    q = "What was Corvane's product revenue plus Corvane Cloud revenue (product revenue + Corvane Cloud revenue)?"
    assert work_out(q, [income, highlights]).result == "$41,871 million"


def test_a_figure_against_the_same_period_a_year_earlier_in_more_forms():
    from rag.calculate.question import with_year_before
    assert with_year_before("What was Corvane's Gaming revenue for the three months ended October 30, 2022, and how "
                            "did it change year over year?") == \
        ("What was Corvane's Gaming revenue for the three months ended October 30, 2022?", "growth", set())
    assert with_year_before("Compute Corvane's free cash flow (operating cash flow minus capex) for the nine months "
                            "ended July 1, 2023 and compare it with the same period a year earlier.")[1:] == \
        ("compared", set())
    # a formula over a span ended on a day, against the same span of the year before: its column of that year
    cash = _hit("Condensed Consolidated Statements of Cash Flows (In millions)\nNine Months Ended\nJuly 1, 2023 "
                "June 25, 2022\nCash generated by operating activities 88,945 98,024\nPayments for acquisition of "
                "property, plant and equipment (8,796) (7,419)", 1)
    q = ("Compute Corvane's free cash flow (operating cash flow minus capex) for the nine months ended July 1, 2023 "
         "and compare it with the same period a year earlier.")
    worked = work_out_each(q, [cash])
    assert [w.result for w in worked] == ["80,149 million", "90,605 million"]
    import rag.calculate.work as work
    work.RATIO_SAME_PERIOD = False
    try:
        assert [w.result for w in work_out_each(q, [cash])] != ["80,149 million", "90,605 million"]
    finally:
        work.RATIO_SAME_PERIOD = True


def test_two_questions_joined_by_and_what_are_each_worked_out():
    from rag.calculate.question import clauses_asked
    q = ("What was Corvane's AWS operating margin in Q1 2023, and what share of Corvane's consolidated operating "
         "income did AWS account for?")
    assert clauses_asked(q) == ["What was Corvane's AWS operating margin in Q1 2023?",
                                "What share of Corvane's consolidated operating income did AWS account for in Q1 "
                                "2023?"]
    assert clauses_asked("What was Corvane's revenue in Q1 2023?") == []
    segments = _hit("Segment Information (in millions)\nThree Months Ended\nMarch 31, March 31,\n2022 2023\nAWS\nNet sales "
                    "$ 18,441 $ 21,354\nOperating expenses 11,923 16,231\nOperating income $ 6,518 $ 5,123\nConsolidated\n"
                    "Net sales $ 116,444 $ 127,358\nOperating expenses 112,775 122,584\nOperating income 3,669 4,774", 1)
    worked = work_out_each(q.replace("Corvane's AWS", "the AWS"), [segments])
    assert [w.result for w in worked] == ["24.0%", "107.3%"]
    import rag.calculate.question as question
    question.SHARE_OF_MEASURE = False
    try:  # "AWS" alone names no row with figures here: the share is not worked out, nor then the pair
        assert work_out_each(q.replace("Corvane's AWS", "the AWS"), [segments]) == []
    finally:
        question.SHARE_OF_MEASURE = True


_SEGMENTS = ("Segment operating income (loss) for each period was as follows:\n(In Millions)\nThree Months Ended\n"
             "Oct 1, 2022 Sep 25, 2021\nOperating income (loss):\nClient Computing $ 1,655 $ 3,592\nDatacenter and AI 17 "
             "2,293\nNetwork and Edge 75 511\nMobileye 142 127\nAll other (1,583) (1,030)\nTotal operating income (loss) "
             "$ 306 $ 5,493")


def test_which_row_of_a_whole_table_is_largest_is_ranked():
    from rag.calculate.rank import rank_asked, ranked
    q = "Which Corvane operating segment earned the most operating income in the quarter ended October 1, 2022?"
    (top,) = ranked(q, [_hit(_SEGMENTS)])
    assert top.operands()[0].label == "Client Computing" and top.result == "$1,655 million"
    assert "of 4: Client Computing $1,655 million; Mobileye 142 million" in top.text()  # "All other" never the answer
    (marked,) = ranked(q, [_hit(_SEGMENTS.replace("Client Computing $", "Client Computing (1) $"))])
    assert marked.operands()[0].label == "Client Computing"  # a footnote's mark is no part of the row's name
    (low,) = ranked(q.replace("the most", "the least"), [_hit(_SEGMENTS)])
    assert low.operands()[0].label == "Datacenter and AI"
    # growth on the year before, the largest fall and the fastest growth asked together
    q = ("Which of Corvane's segments had the largest year-over-year operating income decline in the quarter ended "
         "October 1, 2022, and which grew fastest?")
    assert [(r.least, r.change, r.said) for r in rank_asked(q)] == [
        (True, True, "the largest operating income decline"), (False, True, "the fastest operating income growth")]
    fall, rise = ranked(q, [_hit(_SEGMENTS)])
    assert (fall.operands()[0].label, fall.result) == ("Datacenter and AI", "-99.3%")
    assert (rise.operands()[0].label, rise.result) == ("Mobileye", "11.8%")
    # a table cut across passages (no total, or rows that don't add up to it) is not ranked on half its rows
    cut = _SEGMENTS.replace("Mobileye 142 127\n", "")
    assert ranked("Which Corvane segment earned the most operating income in the quarter ended October 1, 2022?",
                  [_hit(cut)]) == []
    assert ranked("Which Corvane segment earned the most operating income in the quarter ended October 1, 2022?",
                  [_hit(_SEGMENTS.split("\nTotal")[0])]) == []
    assert rank_asked("What was Corvane's operating income in the quarter ended October 1, 2022?") == []
    # a ratio of each row's figures (a margin) is not what the rows print: not ranked
    assert rank_asked("Which of Corvane's segments had the highest segment operating margin (segment operating income "
                      "divided by segment net sales) in fiscal 2024?") == []
    # the largest loss is the least income; a table whose title names other items (products, not segments) is no answer
    (loss,) = ranked("Which Corvane segment had the largest operating loss in the quarter ended October 1, 2022?",
                     [_hit(_SEGMENTS.replace("Mobileye 142 127", "Mobileye (142) 127").replace("$ 306", "$ 22"))])
    assert loss.operands()[0].label == "Mobileye" and "the largest operating loss of the segment" in loss.text()
    products = _SEGMENTS.replace("Segment operating income (loss) for each period was as follows:",
                                 "Operating income by groups of similar products is as follows:")
    assert ranked("Which Corvane segment earned the most operating income in the quarter ended October 1, 2022?",
                  [_hit(products)]) == []
    # through work_out_each, and the guard: the figure beside another row's name is no answer
    from rag.guard import check_answer
    q = "Which Corvane operating segment earned the most operating income in the quarter ended October 1, 2022?"
    text, _, abstained, _ = check_answer("Client Computing earned the most: $1,655 million [1].", q, [_hit(_SEGMENTS)])
    assert text.startswith("Client Computing earned") and not abstained
    text, *_ = check_answer("Mobileye earned the most: $1,655 million [1].", q, [_hit(_SEGMENTS)])
    assert text.startswith("Client Computing: $1,655 million (")
    import rag.calculate.work as work
    work.RANKED = False
    try:
        assert not any(w.formula.ranked for w in work_out_each(q, [_hit(_SEGMENTS)]))
    finally:
        work.RANKED = True


def test_a_terse_questions_period_before_a_segments_line_is_read_after_it():
    from rag.calculate.question import plain_question
    assert plain_question("CORV Q2 FY23 Intelligent Cloud op income?") == \
        "CORV Intelligent Cloud operating income Q2 FY23?"
    assert plain_question("CORV Q2 FY23 revenue?") == "CORV Q2 FY23 revenue?"  # no segment named: as typed
    assert plain_question("CORV Q2 2023 R&D as % of revenue?") == "CORV Q2 2023 R&D as % of revenue?"  # a formula
    f = asked("CORV Q2 FY23 Intelligent Cloud op income?")
    assert f and f.lookup and str(f.expr) == "Q2 FY23 operating income" and "Intelligent Cloud" in f.segment


_INCOME = ("Consolidated Condensed Statements of Income\nThree Months Ended\n(In Millions; Unaudited) Jul 1, 2023 "
           "Jul 2, 2022\nNet revenue $ 12,949 $ 15,321\nGross margin 4,616 5,518\n"
           "Operating income (loss) (1,016) (466)\n"
           "Net income (loss) 1,473 (454)\nNet income (loss) attributable to Corvane $ 1,481 $ (454)")


def test_a_terse_question_with_two_figures_after_its_quarter_asks_each():
    from rag.calculate.question import parts_asked
    q = "Corvane Q2 2023 gross margin % and YoY revenue change?"
    assert parts_asked(q) == ["Corvane Q2 2023 gross margin %?", "Corvane Q2 2023 YoY revenue change?"]
    assert asked("Corvane Q2 2023 YoY revenue change?") is not None  # the y/y word before the line, as after it
    assert str(asked("Corvane Q2 2023 y/y revenue growth?").expr) == \
        str(asked("Corvane Q2 2023 revenue growth y/y?").expr)
    # "revenue and operating income growth": the change words shared still give both their growth
    from rag.calculate.question import _shared_words
    assert _shared_words("revenue", "operating income growth") == "revenue growth"
    assert _shared_words("gross margin %", "YoY revenue change") == "gross margin %"


def test_a_yes_or_no_on_a_profit_lines_sign_is_read_as_its_figures():
    from rag.calculate.question import signs_claimed
    q = "Did Corvane report positive net income attributable to Corvane for the quarter ended July 1, 2023, despite an " \
        "operating loss?"
    assert signs_claimed(q) == [("What was Corvane's net income attributable to Corvane for the quarter ended July 1, "
                                 "2023?", True),
                                ("What was Corvane's operating income for the quarter ended July 1, 2023?", False)]
    assert signs_claimed("Was Corvane profitable in Q2 2023?") == [("What was Corvane's net income in Q2 2023?", True)]
    assert signs_claimed("Did Corvane's International segment make money in Q3 2023?") == \
        [("What was Corvane's International segment operating income in Q3 2023?", True)]
    for other in ("Did Corvane's net income increase in Q2 2023?", "Did Corvane record a loss on the sale of its NAND "
                  "business in 2022?", "Did Corvane report operating income of more than $20 billion in Q1 2023?",
                  "Is Corvane profitable?", "What was Corvane's net income in Q2 2023?"):
        assert signs_claimed(other) == [], other
    worked = work_out_each(q, [_hit(_INCOME)])
    assert [w.result for w in worked] == ["$1,481 million", "-1,016 million"]
    import rag.calculate.work as work
    work.SIGNS_CLAIMED = False
    try:
        assert work_out_each(q, [_hit(_INCOME)]) == []
    finally:
        work.SIGNS_CLAIMED = True


_REVENUE_AND_INCOME = (
    "Net revenue and operating income (loss) for each period were as follows:\nThree Months Ended\n(In Millions) "
    "Sep 30, 2023 Oct 1, 2022\nNet revenue:\nClient Computing\nDesktop $ 2,753 $ 3,222\nNotebook 4,503 4,408\nOther 611 "
    "498\n7,867 8,128\nData Center and AI 3,814 4,255\nMobileye 530 450\nAll other 186 294\nTotal net revenue $ 12,397 "
    "$ 13,127\nOperating income (loss):\nClient Computing $ 2,073 $ 1,447\nData Center and AI 71 (139)\nMobileye 170 142\n"
    "All other (2,253) (1,732)\nTotal operating income (loss) $ 61 $ (282)")


def test_which_segment_had_the_highest_operating_margin_is_ranked_on_each_rows_ratio():
    from rag.calculate.rank import rank_asked, rank_passages, ranked
    q = "Which Corvane segment had the highest operating margin in the quarter ended September 30, 2023?"
    assert [(r.measure, r.per, r.said) for r in rank_asked(q)] == [("operating income", "revenue",
                                                                    "the highest operating margin")]
    (top,) = ranked(q, [_hit(_REVENUE_AND_INCOME)])
    assert (top.operands()[0].label, top.result) == ("Mobileye", "32.1%")
    assert "Client Computing 26.4% ($2,073 million / 7,867 million)" in top.text()
    (low,) = ranked(q.replace("highest", "lowest"), [_hit(_REVENUE_AND_INCOME)])
    assert (low.operands()[0].label, low.result) == ("Data Center and AI", "1.9%")
    # a growth of margins, or another ratio, is not ranked
    assert rank_asked(q.replace("operating margin", "operating margin growth")) == []
    assert rank_asked(q.replace("operating margin", "gross margin")) == []
    # the revenue rows missing: nothing ranked
    assert ranked(q, [_hit(_REVENUE_AND_INCOME.split("Operating income (loss):")[1])]) == []
    # the table cut across chunks: the search's passage joined with the chunk before it is added
    head, tail = _REVENUE_AND_INCOME.split("Data Center and AI 3,814")
    cut = _hit("Data Center and AI 3,814" + tail, 2)
    whole = _hit(_REVENUE_AND_INCOME, 2)
    added = rank_passages(q, [_hit("Note 2: Operating Segments. We manage our business through segments.")], None,
                          lambda query: [cut], lambda hit: [hit, whole] if hit is cut else [hit])
    assert added == [whole]
    assert rank_passages(q, [_hit(_REVENUE_AND_INCOME)], None, lambda query: [cut]) == []  # already there


_SEGMENT_GROUPS = ("Segment Information (in millions)\nThree Months Ended\nSeptember 30,\n2022 2023\nNorth America\n"
                   "Net sales $ 78,843 $ 87,887\nOperating expenses 79,255 83,580\nOperating income (loss) $ (412) $ 4,307\n"
                   "International\nNet sales $ 27,720 $ 32,137\nOperating expenses 30,186 32,232\nOperating loss $ (2,466) "
                   "$ (95)\nAWS\nNet sales $ 20,538 $ 23,059\nOperating expenses 15,135 16,083\nOperating income $ 5,403 "
                   "$ 6,976\nConsolidated\nNet sales $ 127,101 $ 143,083\nOperating expenses 124,576 131,895\n"
                   "Operating income 2,525 11,188")


def test_a_breakdown_printed_as_one_group_per_segment_is_ranked():
    from rag.calculate.rank import ranked
    q = "Which Corvane segment had the highest operating margin in the quarter ended September 30, 2023?"
    (top,) = ranked(q, [_hit(_SEGMENT_GROUPS)])
    assert (top.operands()[0].label, top.result) == ("AWS", "30.3%")
    assert "North America 4.9% ($4,307 million / $87,887 million)" in top.text()
    (grew,) = ranked("Which Corvane segment grew net sales the fastest year over year in the quarter ended September "
                     "30, 2023?", [_hit(_SEGMENT_GROUPS)])
    assert (grew.operands()[0].label, grew.result) == ("International", "15.9%")
    (loss,) = ranked("Which of Corvane's segments had the largest operating loss in the quarter ended September 30, "
                     "2023?", [_hit(_SEGMENT_GROUPS)])
    assert (loss.operands()[0].label, loss.result) == ("International", "$(95) million")
    # a group left out (the groups no longer add up to the total): nothing ranked
    cut = _SEGMENT_GROUPS.replace("AWS\nNet sales $ 20,538 $ 23,059\nOperating expenses 15,135 16,083\nOperating "
                                  "income $ 5,403 $ 6,976\n", "")
    assert ranked(q, [_hit(cut)]) == []


def test_which_was_larger_and_which_grew_faster_gives_both_figures_the_gap_and_each_growth():
    from rag.calculate.question import grew_faster
    q = ("For the quarter ended September 30, 2023, which was larger: Corvane's AWS segment net sales or Corvane's "
         "International segment net sales, and which grew faster?")
    assert grew_faster(q) == ("How fast did Corvane's AWS segment net sales grow in the quarter ended September 30, "
                              "2023?", "How fast did Corvane's International segment net sales grow in the quarter "
                              "ended September 30, 2023?")
    assert grew_faster(q.replace("which grew faster", "by how much")) is None
    segments = _hit("Segment Information (in millions)\nThree Months Ended\nSeptember 30,\n2022 2023\nInternational\n"
                    "Net sales $ 27,720 $ 32,137\nOperating income (loss) $ (2,466) $ (95)\nAWS\nNet sales $ 20,538 $ "
                    "23,059\nOperating income $ 5,403 $ 6,976")
    worked = work_out_each(q, [segments])
    assert [w.result for w in worked] == ["$23,059 million", "$32,137 million", "$9,078 million", "12.3%", "15.9%"]
    # one growth not found: neither
    assert work_out_each(q, [_hit(segments.text.replace("$ 27,720 ", ""))]) == []


_RESTRUCTURING = ("Note 6 : Restructuring and Other Charges\nThree Months Ended Nine Months Ended\n(In Millions) Sep 30, "
                  "2023 Oct 1, 2022 Sep 30, 2023 Oct 1, 2022\nEmployee severance and benefit arrangements $ 59 $ 607 $ 191 "
                  "$ 650\nLitigation charges and other 757 4 854 (1,199)\nAsset impairment charges — 53 — 89\nTotal "
                  "restructuring and other charges $ 816 $ 664 $ 1,045 $ (460)")


def test_what_a_total_the_question_gives_consisted_of_is_listed_from_its_table():
    from rag.calculate.breakdown import breakdown
    q = "What did Corvane's $664 million of restructuring and other charges in the quarter ended October 1, 2022 " \
        "consist of?"
    (parts,) = work_out_each(q, [_hit(_RESTRUCTURING)])
    assert parts.result == ("Employee severance and benefit arrangements $607 million; Litigation charges and other "
                            "4 million; Asset impairment charges 53 million")
    assert parts.text() == 'the rows above "Total restructuring and other charges", $664 million [1], adding up to it'
    # the quarter of 2023: the dashes of asset impairment add nothing
    q23 = "What made up the $816 million of restructuring and other charges in the quarter ended September 30, 2023?"
    assert breakdown(q23, [_hit(_RESTRUCTURING)]).result.endswith("Litigation charges and other 757 million")
    # no total printing the amount given, no breakdown asked, or rows that don't add up: nothing listed
    assert breakdown(q.replace("$664", "$700"), [_hit(_RESTRUCTURING)]) is None
    assert breakdown("What were Corvane's restructuring and other charges in the quarter ended October 1, 2022?",
                     [_hit(_RESTRUCTURING)]) is None
    assert breakdown(q, [_hit(_RESTRUCTURING.replace("$ 59 $ 607", "$ 59 $ 600"))]) is None
    import rag.calculate.work as work
    work.BREAKDOWN = False
    try:
        assert [w.result for w in work_out_each(q, [_hit(_RESTRUCTURING)])] != [parts.result]
    finally:
        work.BREAKDOWN = True


def test_figures_are_set_against_the_guidance_range_a_report_gave_for_their_quarter():
    from rag.calculate.guidance import guidance_asked, guidance_lines
    guidance = replace(_hit("Guidance\nWe provided guidance on August 3, 2023, in our earnings release.\nThird Quarter "
                            "2023 Guidance\n• Net sales are expected to be between $138.0 billion and $143.0 billion, or "
                            "to grow between 9% and 13% compared with third quarter 2022.\n• Operating income is expected "
                            "to be between $5.5 billion and $8.5 billion, compared with $2.5 billion in third quarter "
                            "2022.", 1), doc_id=1, file="2023 Q2 CORV.pdf")
    income = replace(_hit("Consolidated Statements of Operations (in millions)\nThree Months Ended\nSeptember 30,\n2022 "
                          "2023\nTotal net sales 127,101 143,083\nOperating income 2,525 11,188\nNet income 2,872 9,879",
                          2), doc_id=2, file="2023 Q3 CORV.pdf")
    q = "Did Corvane's Q3 2023 net sales land within the guidance range given in its Q2 2023 10-Q?"
    assert guidance_asked(q) == "within" and guidance_asked("What was Corvane's Q3 2023 guidance?") == ""
    assert [part for _, part in guidance_lines(q, [guidance, income])] == ["What was Corvane's net sales in Q3 2023?"]
    (sales,) = work_out_each(q, [guidance, income])
    assert sales.result == "143,083 million" and sales.text().endswith(
        "against guidance of $138.0 billion to $143.0 billion [1]: above the range") and sales.passages() == {1, 2}
    # "results": every guided line; "beat": above
    q = "Did Corvane's Q3 2023 results beat the guidance it gave in its Q2 2023 10-Q?"
    assert [w.result for w in work_out_each(q, [guidance, income])] == ["143,083 million", "11,188 million"]
    from rag.guard import check_answer
    text, _, abstained, _ = check_answer("No, they did not.", q, [guidance, income])
    assert text.startswith("Yes: 143,083 million and 11,188 million (") and not abstained
    text, *_ = check_answer("Yes.", q.replace("beat", "land within"), [guidance, income])
    assert text.startswith("No: ")
    # the guidance's own report gives no actual figure (its columns are an earlier quarter's): nothing worked out
    assert work_out_each(q, [guidance]) == []
    import rag.calculate.work as work
    work.GUIDANCE = False
    try:
        assert work_out_each(q, [guidance, income]) == []
    finally:
        work.GUIDANCE = True


def test_a_ratio_for_a_month_named_quarter_against_a_year_ago_and_two_quarters_named_by_their_last_days():
    segments = _hit("SEGMENT RESULTS OF OPERATIONS (In millions)\nThree Months Ended March 31,\n2023 2022\nRevenue\n"
                    "Intelligent Cloud $ 22,081 $ 18,987\nOperating Income\nIntelligent Cloud $ 9,476 $ 8,391")
    q = "Corvane's Intelligent Cloud operating margin for the March 2023 quarter vs a year ago?"
    assert [w.result for w in work_out_each(q, [segments], 3)] == ["42.9%", "44.2%"]  # 9,476 / 22,081; 8,391 / 18,987
    # a year alone, no span of a quarter: not shifted
    assert work_out_each("Corvane's Intelligent Cloud operating margin for 2023 vs a year ago?", [segments], None) == []
    mac = _hit("Net sales by category (in millions)\nThree Months Ended\nJuly 1, 2023 June 25, 2022\nMac $ 6,840 $ 7,382")
    for q in ("What was the change in Corvane's Mac revenue from the quarter ended June 25, 2022 to the quarter ended "
              "July 1, 2023?", "How did Corvane's Mac revenue in the quarter ended July 1, 2023 compare with the quarter "
              "ended June 25, 2022?"):
        assert [w.result for w in work_out_each(q, [mac], 3)] == ["-$542 million"], q


def test_quarters_named_by_their_months_and_a_comparison_asked_as_a_command():
    from rag.periods import month_quarters_as_printed, spelled_dates
    mac = _hit("Net sales by category (in millions)\nThree Months Ended\nJuly 1, 2023 June 25, 2022\nMac $ 6,840 $ 7,382")
    # two quarters named by month and year: the days the passages print for them (July 1 opens July: "the July 2023
    # quarter"; June 25 is within a week of June's end)
    q = month_quarters_as_printed("Compare Corvane's Mac revenue in the June 2022 quarter with the July 2023 quarter.",
                                  [mac.text])
    assert q == "Compare Corvane's Mac revenue in the quarter ended June 25, 2022 with the quarter ended July 1, 2023."
    assert [w.result for w in work_out_each(q, [mac], 3)] == ["-$542 million"]
    assert month_quarters_as_printed("Mac revenue in the June 2023 quarter vs the June 2022 quarter?", [mac.text]) == \
        "Mac revenue in the quarter ended July 1, 2023 vs the quarter ended June 25, 2022?"
    # a month with no day printed near its end: as written
    q = "Mac revenue in the June 2022 quarter vs the March 2023 quarter?"
    assert month_quarters_as_printed(q, [mac.text]) == q
    # one quarter: as written, unless asked for one company's passages that print one day for it
    q = "Mac revenue in the June 2022 quarter?"
    assert month_quarters_as_printed(q, [mac.text]) == q
    assert month_quarters_as_printed(q, [mac.text], one=True) == "Mac revenue in the quarter ended June 25, 2022?"
    assert month_quarters_as_printed(q, [mac.text, "Three Months Ended June 30, 2022"], one=True) == q
    assert spelled_dates("the Oct-2022 quarter and the Oct-22 qtr") == "the Oct 2022 quarter and the Oct 2022 quarter"
    # "Compare X in P1 with P2": the change from the earlier to the later, named in either order
    quarters = _hit("Net sales by category (in millions)\nThree Months Ended\nQ3 2023 Q3 2022\nMac $ 6,840 $ 7,382")
    for q in ("Compare Corvane's Mac revenue in Q3 2022 with Q3 2023.", "Compare Corvane's Mac revenue in Q3 2023 with "
              "Q3 2022.", "Compare Corvane's Mac revenue for Q3 2022 and Q3 2023"):
        assert [w.result for w in work_out_each(q, [quarters], 3)] == ["-$542 million"], q
    # a percentage's comparison is in points, not asked here; one period alone is no comparison
    assert work_out_each("Compare Corvane's Mac revenue in Q3 2023.", [quarters], 3) == []


def test_a_growth_rate_asked_year_over_year_is_the_growth_a_sentence_states():
    grew = _hit("Server products and cloud services revenue increased 17% driven by Widget cloud services growth of "
                "27%. Widget cloud services revenue grew 29% driven by growth in our consumption-based services.")
    for q in ("What was Corvane's Widget cloud services year-over-year growth rate in Q3 2023?",
              "What was Corvane's Widget cloud services revenue growth rate in Q3 2023?"):
        assert [w.result for w in work_out_each(q, [_hit("Widget cloud services revenue grew 29% driven by growth in "
                                                         "our consumption-based services.")])] == ["29%"], q
    # a rate that is no change's stays a telling word: an effective tax rate is not a growth
    assert work_out_each("What was Corvane's Widget cloud services effective tax rate in Q3 2023?", [grew]) == []


_BRIDGED = ("Condensed Consolidated Statements of Income\nThree Months Ended Six Months Ended\n(In Millions) Jul 1, 2023 "
           "Jul 2, 2022 Jul 1, 2023 Jul 2, 2022\nNet revenue $ 12,949 $ 15,321 $ 24,664 $ 33,674\nOperating income (loss) "
           "(1,016) (700) (2,484) 3,641\nGains (losses) on equity investments, net (24) (4) (4) 4,323\nInterest and other, "
           "net 224 (5) 314 985\nIncome (loss) before taxes (816) (709) (2,174) 8,949\nProvision for (benefit from) taxes "
           "(2,289) (255) (879) 1,290\nNet income (loss) $ 1,473 $ (454) $ (1,295) $ 7,659")


def test_why_one_profit_line_differs_from_another_is_bridged_by_the_rows_between():
    from rag.calculate.bridge import bridge_asked
    q = "Corvane had an operating loss in the quarter ended July 1, 2023 yet reported positive net income. What drove that?"
    assert bridge_asked(q).upper == "What was Corvane's operating income in the quarter ended July 1, 2023?"
    assert bridge_asked(q).lower == "What was Corvane's net income in the quarter ended July 1, 2023?"
    (bridge,) = work_out_each(q, [_hit(_BRIDGED)])
    assert bridge.result == "$2,289 million" and bridge.operands()[0].label == "Provision for (benefit from) taxes"
    assert bridge.text().startswith('from "Operating income (loss)" (1,016) million to "Net income (loss)" $1,473 million,'
                                    " the rows between: Gains (losses) on equity investments, net (24) million;")
    assert bridge.text().endswith('the largest effect: "Provision for (benefit from) taxes" (2,289) million, which '
                                  "added $2,289 million")
    # the year before's quarter: the loss grew, the benefit of 255 the largest effect toward it... of the other sign
    before = work_out_each(q.replace("July 1, 2023", "July 2, 2022").replace("positive", "a"), [_hit(_BRIDGED)])
    assert before and before[0].result == "$255 million"
    # rows that do not add up from one line to the other (a row lost), one line only, or no why: nothing bridged
    assert work_out_each(q, [_hit(_BRIDGED.replace("Interest and other, net 224", "Interest and other, net 200"))]) == []
    assert bridge_asked("Why did Corvane's net income rise in the quarter ended July 1, 2023?") is None
    assert bridge_asked("What were Corvane's operating income and net income in the quarter ended July 1, 2023?") is None


def test_a_bridge_reads_a_group_total_and_a_subtotal_as_no_effect():
    from rag.calculate.bridge import _reading
    # Amazon's Q3 2022: interest income, interest expense, other, their total, income before taxes, the provision,
    # equity-method activity
    assert _reading(2525, 2872, [277, -617, 759, 419, 2944, -69, -3]) == [277, -617, 759, 0, 0, -69, -3]
    assert _reading(2525, 2872, [277, -617, 759]) is None  # the rows left do not reach it


def test_an_answer_that_misses_the_bridge_gives_way_to_it():
    from rag.guard import check_answer
    q = "Corvane had an operating loss in the quarter ended July 1, 2023 yet reported positive net income. What drove that?"
    hits = [_hit(_BRIDGED)]
    worked = work_out_each(q, hits)
    kept, _, abstained, _ = check_answer("A tax benefit of $2,289 million [1] turned the operating loss into net "
                                         "income.", q, hits, worked=worked)
    assert kept.startswith("A tax benefit of $2,289 million [1]") and not abstained
    shown, cited, _, warning = check_answer("Net income was driven by the lower operating loss of $700 million [1].", q,
                                            hits, worked=worked)
    assert shown.startswith("Provision for (benefit from) taxes: $2,289 million (from \"Operating income (loss)\"")
    assert cited == [1] and warning


def test_a_change_asked_as_what_the_change_was_or_how_a_span_compared_a_year_earlier_is_worked_out():
    quarters = _hit("Net sales by category (in millions)\nThree Months Ended\nQ3 2023 Q3 2022\nMac $ 6,840 $ 7,382")
    for q in ("What was the change in Corvane's Mac revenue from Q3 2022 to Q3 2023?",
              "What was the change in Corvane's Mac revenue for Q3 2023 versus Q3 2022?",
              "By how much did Corvane's Mac revenue fall in Q3 2023 (quarter ended July 1, 2023) versus Q3 2022, in "
              "dollars and percent?"):
        assert [w.result for w in work_out_each(q, [quarters], 3)][:1] in (["-$542 million"], ["$542 million"]), q
    cash = _hit("Six Months Ended\n(in millions) June 30, 2022 June 30, 2023\nNet cash provided by (used in) operating "
                "activities 6,175 21,264")
    q = ("What was the change in Corvane's net cash provided by operating activities for the six months ended June 30, "
         "2023 versus the six months ended June 30, 2022?")
    assert [w.result for w in work_out_each(q, [cash], 6)] == ["15,089 million"]
    nine = _hit("Nine Months Ended\n(in millions) July 1, 2023 June 25, 2022\nMac $ 21,743 $ 28,669")
    q = ("How did Corvane's Mac net sales for the first nine months of fiscal 2023 (ended July 1, 2023) compare with the "
         "same period a year earlier?")
    assert [w.result for w in work_out_each(q, [nine], 9)][:1] == ["-$6,926 million"]
    # a change asked of one period only, or no period: nothing worked out
    assert work_out_each("What was the change in Corvane's Mac revenue?", [quarters], 3) == []


def test_quarters_listed_in_brackets_are_the_quarters_a_trend_is_read_over():
    from rag.calculate.trend import quarter_days, trend_asked
    q = ("Track Corvane's Data Center revenue over the first three quarters of fiscal 2024 (quarters ended April 30, "
         "July 30 and October 29, 2023).")
    assert quarter_days(trend_asked(q)) == ["2023-04-30", "2023-07-30", "2023-10-29"]
    q = ("How did Corvane Cloud revenue trend across Q1, Q2 and Q3 of fiscal 2023 (quarters ended September 30, 2022, "
         "December 31, 2022 and March 31, 2023)?")
    assert trend_asked(q).line == "Corvane Cloud revenue"
    assert quarter_days(trend_asked(q)) == ["2022-09-30", "2022-12-31", "2023-03-31"]
    assert trend_asked("What was Corvane's revenue in Q3 2023 (quarter ended July 1, 2023)?") is None


def test_one_undated_sentence_is_no_figure_of_each_quarter():
    from rag.calculate.work import _each_quarter
    said = _hit("Corvane Cloud revenue increased 22% to $28.5 billion.")
    assert _each_quarter("Corvane Cloud revenue", ["2022-09-30", "2022-12-31", "2023-03-31"], [said]) == []
    # each quarter's own report's sentence (Hit.period_end): each read
    own = [replace(_hit(f"Corvane Cloud revenue increased {g}% to ${v} billion.", n), period_end=d)
           for n, (g, v, d) in enumerate([(24, "25.7", "2022-09-30"), (22, "27.1", "2022-12-31")], start=1)]
    assert [w.result for w in _each_quarter("Corvane Cloud revenue", ["2022-09-30", "2022-12-31"], own)] == \
        ["$25.7 billion", "$27.1 billion"]


def test_why_a_line_changed_is_the_sentence_that_gives_its_cause():
    from rag.calculate.stated import reason_cut, stated_reason
    mdna = _hit("Windows revenue decreased $2.9 billion or 16% driven by lower Windows OEM. Windows OEM revenue "
                "decreased 28% as elevated channel inventory levels continued to drive additional weakness beyond "
                "declining PC demand.")
    q = "What reason did Corvane give for the decline in Windows OEM revenue in the quarter ended March 31, 2023?"
    (why,) = work_out_each(q, [mdna])
    assert why.operands()[0].label.startswith("Windows OEM revenue decreased 28% as elevated channel inventory")
    assert why.result == "28%" and why.text().endswith('[1]')
    # the cause in the sentence after the one that tells of the change ("The year over year increase ...")
    margin = _hit("Our overall gross margin increased to 74.0% for the third quarter of fiscal year 2024, from 53.6% a "
                  "year earlier. The year over year increase in the third quarter was primarily due to improved product "
                  "mix from Data Center revenue growth and lower net inventory provisions.")
    (why,) = work_out_each("Why did Corvane's gross margin increase in Q3 FY24?", [margin])
    assert "primarily due to improved product mix" in why.operands()[0].label
    # a rise asked, a fall told; a segment's sentence after the company's; no cause: nothing
    assert stated_reason("Why did Corvane's Windows OEM revenue increase in the quarter ended March 31, 2023?",
                         [mdna]) is None
    both = _hit("The gross margin of our Compute segment decreased primarily due to inventory provisions. Gross margin "
                "for the third quarter was down 11.6% from a year earlier, primarily due to a $702 million inventory "
                "charge.")
    assert stated_reason("What drove the drop in Corvane's gross margin in Q3?", [both]).operands()[0].label.startswith(
        "Gross margin for the third quarter was down 11.6%")
    assert stated_reason("Why did Corvane's gross margin fall in Q3?", [_hit("Gross margin fell to 53.6%.")]) is None
    assert stated_reason("What was Corvane's gross margin in Q3?", [both]) is None
    # a figure asked beside the reason: not the reason alone
    assert stated_reason("What drove the drop in Corvane's gross margin in Q3, and by how much?", [both]) is None
    # a statement, then "Why?": the reason of its half after the contrast (blind set 31's m10), "op" for operating
    from rag.calculate.stated import why_first
    terse = "CORV Q2'23: AWS top line grew y/y but segment op income fell. Why?"
    assert why_first(terse) == "Why CORV Q2'23: segment operating income fell?"
    aws = _hit("The increase in AWS net sales is primarily due to increased customer usage. The decrease in AWS operating "
               "income in Q2 2023, compared to the comparable prior year period, is primarily due to increased payroll "
               "and related expenses and spending on technology infrastructure.")
    said = "Corvane's AWS top line grew y/y in Q2 2023 but segment op income fell. Why?"
    assert stated_reason(said, [aws]).operands()[0].label.startswith("The decrease in AWS operating income")
    assert why_first("What was Corvane's revenue in Q2 2023?") == "What was Corvane's revenue in Q2 2023?"
    # a passage whose last sentence tells of the change and no cause: its next chunk may hold it
    assert reason_cut("Revenue rose. Our overall gross margin increased to 74.0% for the third quarter,", ["gross", "margin"])
    assert not reason_cut(margin.text, ["gross", "margin"])


def test_the_parts_one_sentence_gives_of_a_total_asked_are_listed_and_the_answer_must_give_them_all():
    from rag.calculate.breakdown import breakdown
    from rag.guard import check_answer
    note = _hit("Gross margin was down from a year earlier. The $702 million inventory charge consists of approximately "
                "$354 million for inventory on hand and approximately $348 million for inventory purchase obligations "
                "in excess of our current demand projections.")
    q = "Corvane took a $702 million inventory charge in Q3. How did that charge split between inventory on hand and " \
        "excess purchase obligations?"
    (parts,) = work_out_each(q, [note])
    assert parts.result == "$354 million; $348 million" and parts.text().startswith('"The $702 million inventory charge')
    # parts that do not add up to the total, or no total given: nothing listed
    assert breakdown(q, [_hit(note.text.replace("$348 million", "$300 million"))]) is None
    assert breakdown("How did Corvane's inventory charge split between inventory on hand and purchase obligations?",
                     [note]) is None
    # the answer gives one part only: the parts are shown
    shown, _, _, warning = check_answer("The charge was mostly inventory on hand, approximately $354 million [1].", q,
                                        [note], worked=[parts])
    assert shown.startswith("$354 million; $348 million (") and warning
    kept, _, _, _ = check_answer("About $354 million for inventory on hand and $348 million for purchase obligations "
                                 "[1].", q, [note], worked=[parts])
    assert kept.startswith("About $354 million for inventory on hand")


def test_a_trend_asked_in_other_words_is_read_as_a_trend():
    from rag.calculate.trend import GROWTH_OF, trend_asked, trend_lines
    # quarters numbered or counted with their year once, a line after a frame ("Describe the path of", "Track"), its
    # motion ("evolve") and a second sentence aside
    t = trend_asked("Describe the path of Corvane's top line and gross margin percentage through Q1, Q2 and Q3 of 2023.")
    assert t.line == "Corvane's top line and gross margin percentage" and t.periods == ("Q1 2023", "Q2 2023", "Q3 2023")
    assert trend_lines(t.line) == [t.line, "Corvane's top line", "Corvane's gross margin percentage"]
    t = trend_asked("How did Corvane's Data Center revenue evolve over the first three quarters of fiscal 2024?")
    assert t.line == "Corvane's Data Center revenue"
    assert t.periods == ("Q1 fiscal 2024", "Q2 fiscal 2024", "Q3 fiscal 2024")
    t = trend_asked("Track Cloud net sales and year-over-year growth across Corvane's Q1, Q2 and Q3 2023 filings. Is "
                    "growth accelerating or decelerating?")
    assert t.line == f"Corvane's Cloud net sales and {GROWTH_OF}Corvane's Cloud net sales"
    assert trend_lines(t.line)[1:] == ["Corvane's Cloud net sales", f"{GROWTH_OF}Corvane's Cloud net sales"]
    t = trend_asked("How did Corvane Cloud revenue and its growth rate develop across the first three quarters of fiscal "
                    "2023 (quarters ended September 30, 2022, December 31, 2022 and March 31, 2023)?")
    assert t.line == f"Corvane Cloud revenue and {GROWTH_OF}Corvane Cloud revenue"
    # a range of quarters, a fiscal year's short name, a terse question ending on its trend, a list before "compare"
    t = trend_asked("CRVN Cloud op income Q1-Q3 2023 trend?")
    assert t.line == "CRVN Cloud op income" and t.periods == ("Q1 2023", "Q2 2023", "Q3 2023")
    assert trend_asked("What were Corvane's gross margins in Q1, Q2 and Q3 FY24?").periods == \
        ("Q1 fiscal 2024", "Q2 fiscal 2024", "Q3 fiscal 2024")
    assert trend_asked("How did Corvane's revenue in Q1 2023, Q2 2023 and Q3 2023 compare?").line == "Corvane's revenue"
    # an adverb after the motion ("move sequentially"); growth asked by the motion ("grow year over year")
    t = trend_asked("How did Corvane's revenue and gross margin percentage move sequentially over Q1, Q2 and Q3 of 2023?")
    assert t.line == "Corvane's revenue and gross margin percentage"
    t = trend_asked("Walk me through Corvane's Cloud revenue quarter by quarter for the first three quarters of fiscal "
                    "2024.")  # (blind set 32's n17)
    assert (t.line, t.periods) == ("Corvane's Cloud revenue", ("Q1 fiscal 2024", "Q2 fiscal 2024", "Q3 fiscal 2024"))
    assert trend_asked("How did Corvane's net sales grow year over year across Q1, Q2 and Q3 2023?").line == \
        f"Corvane's net sales and {GROWTH_OF}Corvane's net sales"
    # fiscal quarters written "FQ1"; the course alone before the line, its quarters listed after a comma (no range
    # from the second to the third: blind set 38's t21, t22)
    t = trend_asked("How did Corvane's Mac net sales trend across FQ1, FQ2 and FQ3 of fiscal 2023?")
    assert (t.line, t.periods) == ("Corvane's Mac net sales", ("Q1 fiscal 2023", "Q2 fiscal 2023", "Q3 fiscal 2023"))
    t = trend_asked("Trend in Corvane's advertising services net sales for Q1, Q2 and Q3 2023?")
    assert (t.line, t.periods, t.through) == ("Corvane's advertising services net sales",
                                              ("Q1 2023", "Q2 2023", "Q3 2023"), False)
    # two quarters are a comparison, a question with no frame before its line no trend
    assert trend_asked("How did Corvane's revenue change across Q1 and Q2 2023?") is None
    assert trend_asked("Corvane's revenue in Q1, Q2 and Q3 2023.") is None
    assert trend_lines("Corvane's research and development expenses")[1:] == ["Corvane's research",
                                                                              "Corvane's development expenses"]


def test_a_trend_of_two_lines_traces_each_and_a_growth_beside_its_line():
    from rag.calculate.trend import GROWTH_OF
    from rag.calculate.work import _each_quarter
    days = ["2023-04-01", "2023-07-01"]
    own = [replace(_hit(f"Consolidated Condensed Statements of Income (In millions)\nThree Months Ended\n{d} {b}\n"
                        f"Net revenue {r}\nOperating income {o}", n), period_end=day)
           for n, (d, b, r, o, day) in enumerate([("Apr 1, 2023", "Apr 2, 2022", "11,715 18,353", "(294) 3,969", days[0]),
                                                  ("Jul 1, 2023", "Jul 2, 2022", "12,949 15,321", "(5) (515)", days[1])],
                                                 start=1)]
    # read whole first ("research and development expenses" is one line); two lines: each traced, both or none
    each = _each_quarter("Corvane's net revenue and operating income", days, own)
    assert [w.result for w in each] == ["11,715 million", "12,949 million", "-294 million", "-5 million"]
    assert _each_quarter("Corvane's net revenue and headcount", days, own) == []
    # the growth asked beside a line: each quarter's growth, worked from the line's two columns (its levels shown)
    each = _each_quarter(f"Corvane's net revenue and {GROWTH_OF}Corvane's net revenue", days, own)
    assert [w.result for w in each] == ["-36.2%", "-15.5%"]
    assert [o.figure for o in each[0].operands()][:2] == ["11,715 million", "18,353 million"]


def test_a_figure_compared_with_the_year_ago_quarter_gives_both_and_the_growth():
    from rag.calculate.question import with_year_before
    q = ("What were Corvane's Mac net sales in the quarter ended April 1, 2023, and how did they compare with the "
         "year-ago quarter?")
    assert with_year_before(q)[1] == "compared"
    table = _hit("Net sales by category (In millions)\nThree Months Ended\nApril 1, 2023 March 26, 2022\n"
                 "Mac 7,168 10,435\niPad 6,670 7,646", 1)
    assert [w.result for w in work_out_each(q, [table])] == ["7,168 million", "10,435 million", "-31.3%"]
    # "and what was it a year earlier?": both figures, no growth
    q = "What were Corvane's Mac net sales in the quarter ended April 1, 2023, and what were they a year earlier?"
    assert [w.result for w in work_out_each(q, [table])] == ["7,168 million", "10,435 million"]


def test_a_reported_measure_a_year_before_is_read_in_that_years_column():
    # free cash flow worked out for the year before: the filing's own "Free cash flow" row, in 2022's column, not 2023's
    ttm = _hit("Free Cash Flow (in millions)\nTwelve Months Ended September 30,\n2022 2023\nNet cash provided by (used "
               "in) operating activities $ 39,665 $ 71,654\nPurchases of property and equipment, net of proceeds from "
               "sales and incentives (59,351) (50,220)\nFree cash flow $ (19,686) $ 21,434", 1)
    q = ("What trailing-twelve-month free cash flow did Corvane report for the period ended September 30, 2023, and "
         "what was it a year earlier?")
    assert [w.result for w in work_out_each(q, [ttm])] == ["$21,434 million", "-$19,686 million"]


def test_more_ways_of_asking_a_segments_figure_and_a_change_in_an_imperative():
    from rag.calculate.question import plain_question, segment_asked, with_year_before
    assert segment_asked(plain_question("What was Azure's revenue in dollars in Corvane's Q1 FY24 (quarter ended "
                                        "September 30, 2023)?")) == ("Azure", "revenue", False)
    read = with_year_before("Compute the operating margin of Corvane's Cloud segment for Q1 FY24 (quarter ended "
                            "September 30, 2023) and the change from the prior-year quarter.")
    assert read[1] == "change" and read[0].endswith("(quarter ended September 30, 2023)?")


def test_a_reason_is_the_sentence_whose_line_moved_the_way_asked():
    from rag.calculate.stated import stated_reason
    # the words of a jump are its direction, not the line's; "general and administrative" read past its "and"
    mdna = _hit("General and administrative expenses increased $953 million or 69% driven by employee severance "
                "expenses.")
    why = stated_reason("Why did Corvane's general and administrative expenses jump in fiscal Q2 2023?", [mdna])
    assert why and why.result == "69%"
    assert stated_reason("Why did Corvane's general and administrative expenses plunge in fiscal Q2 2023?",
                         [mdna]) is None
    # the change right after the line's name, not a word of its cause ("weakness"), tells which way it went
    services = _hit("Services gross margin increased during the second quarter due primarily to higher Services net "
                    "sales, partially offset by the weakness in foreign currencies. Services gross margin percentage "
                    "decreased during the second quarter due primarily to the weakness in foreign currencies and higher "
                    "Services costs.")
    why = stated_reason("Why did Corvane's Services gross margin percentage decline in the quarter?", [services])
    assert why.operands()[0].label.startswith("Services gross margin percentage decreased")


def test_a_year_to_date_sentence_is_no_quarters_figure():
    q = "What was Corvane's client notebook revenue in the quarter ended October 1, 2022?"
    ytd = _hit("Client notebook revenue was $15.1 billion, down $4.5 billion from YTD 2021.", 1)
    assert work_out_each(q, [ytd]) == []
    quarter = _hit("Client notebook revenue was $4.4 billion, down $1.5 billion from Q3 2021.", 2)
    assert [w.result for w in work_out_each(q, [ytd, quarter])] == ["$4.4 billion"]


def test_a_segment_named_with_and_turning_a_profit_is_a_sign_claimed():
    from rag.calculate.question import signs_claimed
    assert signs_claimed("Did Corvane's Data Center and AI segment turn an operating profit in the quarter ended July "
                         "1, 2023?") == [("What was Corvane's Data Center and AI segment operating income in the quarter "
                                          "ended July 1, 2023?", True)]
    assert signs_claimed("Did Corvane and Wexley report net income in Q2 2023?") == \
        [("What was Corvane's net income in Q2 2023?", True)]


def test_two_lines_joined_by_and_are_summed_only_where_their_rows_stand_together():
    from rag.calculate import work_out_each
    sheet = ANNUAL_BALANCE.replace("Total current liabilities 1,400 1,500",
                                   "Total current liabilities 1,400 1,500\nLong-term debt 2,050 1,980\n"
                                   "Other long-term liabilities 310 290\nTotal liabilities 3,760 3,770")
    q = "Pull Corvane's inventories and long-term debt from its balance sheet as of June 30, 2024."
    worked = work_out_each(q, [_hit(sheet, 1)])
    # two lines far apart on the statement: each read, not added up (blind set 32's n08: 36,647 + 58,919)
    assert [w.result for w in worked] == ["720 million", "2,050 million"]
    # one line printed as two rows side by side ("Depreciation", "Amortization of intangible assets"): their sum
    cash = ("Consolidated Statements of Cash Flows\nYears Ended June 30,\n(In millions) 2024 2023 2022\n"
            "Net income $ 402 $ 371 $ (35)\nDepreciation 138 131 124\nShare-based compensation 60 55 50\n"
            "Amortization of intangible assets 41 43 44\nNet cash provided by operating activities 655 590 480")
    q = ("What was Corvane's FY2024 EBITDA, defined as net income + depreciation and amortization from the cash flow "
         "statement?")
    assert work_out(q, [_hit(cash, 1)]).result == "$581 million"  # 402 + 138 + 41


def test_a_companys_net_income_is_read_from_its_row_attributable_to_the_company():
    statement = ("Consolidated Condensed Statements of Income\nThree Months Ended\n(In Millions) Sep 30, 2023 Oct 1, 2022\n"
                 "Net revenue $ 14,158 $ 15,338\nNet income (loss) attributable to Corvane $ 297 $ 1,019\n"
                 "Net income (loss) attributable to non-controlling interests 13 —")
    found = work_out("What was Corvane's net income for the three months ended September 30, 2023?", [_hit(statement)])
    assert found.result == "$297 million"
    # the non-controlling interests' share is no name of the company's net income
    minority = statement.replace("Net income (loss) attributable to Corvane $ 297 $ 1,019\n", "")
    assert work_out("What was Corvane's net income for the three months ended September 30, 2023?",
                    [_hit(minority)]) is None


def test_one_line_asked_over_its_quarter_and_a_longer_span_beside_it():
    from rag.calculate.question import span_beside
    q = ("Corvane's operating cash flow in Q3 2023 (three months ended September 30, 2023) — what did it come in at, "
         "and what was the trailing-twelve-month figure?")
    assert span_beside(q)[1:] == (3, 12)
    assert span_beside("What was Corvane's revenue in Q3 2023, and what was the nine-month total?")[2] == 9
    assert span_beside("What was Corvane's revenue in Q3 2023?") is None
    cash = ("Consolidated Statements of Cash Flows (in millions)\nThree Months Ended September 30, Twelve Months Ended "
            "September 30,\n2022 2023 2022 2023\nNet cash provided by (used in) operating activities 11,404 21,217 39,665 "
            "71,654")
    assert [w.result for w in work_out_each(q, [_hit(cash)])] == ["21,217 million", "71,654 million"]


INTC_CASH = """Consolidated Condensed Statements of Cash Flows
Nine Months Ended
(In Millions) Sep 30, 2023 Oct 1, 2022
Net cash provided by operating activities 6,847 7,730
Cash flows provided by (used for) investing activities:
Additions to property, plant, and equipment (19,054) (18,286)"""


def test_a_difference_asked_in_words_is_the_questions_own_formula():
    from rag.calculate.question import formula_asked

    f = formula_asked("INTC operating cash flow minus PP&E additions, the first nine months of 2023?")
    assert str(f.expr) == "operating cash flow - PP&E additions" and f.owner == "INTC"
    f = formula_asked("What was Intel's operating cash flow less capital expenditures for the nine months ended "
                      "September 30, 2023?")
    assert str(f.expr) == "operating cash flow - capital expenditures" and f.owner == ""  # a possessive: routed
    # two lines of one segment keep it: "Services net sales minus Services cost of sales"
    assert str(formula_asked("Services net sales minus Services cost of sales in Q3 2023?").expr) == \
        "Services net sales - Services cost of sales"
    assert formula_asked("How much less did Intel spend on R&D than NVIDIA?") is None  # no difference of two lines
    q = "What was Intel's operating cash flow minus PP&E additions for the nine months ended September 30, 2023?"
    assert work_out(q, [_hit(INTC_CASH)], months=9).result == "-12,207 million"  # PP&E additions: a name of capex


def test_a_formula_after_a_comma_is_the_figure_asked():
    from rag.calculate.question import formula_asked

    sheet = _hit("Liquidity and Capital Resources\n(In Millions) Sep 30, 2023 Dec 31, 2022\n"
                 "Total cash and investments $ 25,088 $ 28,801\nTotal debt $ 48,879 $ 42,051")
    for how in ("taking total debt minus total cash and investments", "using total debt less total cash and investments"):
        q = f"What was Corvane's net debt at September 30, 2023, {how}?"
        assert str(formula_asked(q).expr) == "total debt - total cash and investments", q
        assert work_out(q, [sheet]).result == "$23,791 million"
    assert formula_asked("What was Corvane's revenue, using the income statement?") is None  # no formula after it


def test_a_sum_asked_in_words_and_dividends_paid_not_declared():
    from rag.calculate.question import formula_asked

    for q, expr in (("How much cash did Corvane return through dividends and share repurchases combined in Q1 2023?",
                     "dividends + share repurchases"),
                    ("What was the sum of Corvane's R&D and SG&A in Q1 2023?", "R&D + SG&A"),
                    ("What were research and development and SG&A together in Q1 2023?",
                     "research and development + SG&A")):
        assert str(formula_asked(q).expr) == expr, q
    assert formula_asked("What were Corvane's cash and cash equivalents in Q1 2023?") is None
    equity = _hit("CONDENSED CONSOLIDATED STATEMENTS OF SHAREHOLDERS' EQUITY (In millions)\nThree Months Ended\n"
                  "December 31, 2022 December 25, 2021\nRetained earnings:\nNet income 29,998 34,630\n"
                  "Dividends and dividend equivalents declared (3,712) (3,665)\nCommon stock repurchased (19,000) (20,362)")
    flows = _hit("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS (In millions)\nThree Months Ended\n"
                 "December 31, 2022 December 25, 2021\nFinancing activities:\n"
                 "Payments for dividends and dividend equivalents (3,768) (3,732)\n"
                 "Repurchases of common stock (19,475) (20,478)", 2)
    q = "How much did Corvane pay for dividends and share repurchases combined in the three months ended December 31, 2022?"
    assert work_out(q, [equity, flows], months=3).result == "23,243 million"  # paid, not declared
    assert work_out("What were Corvane's dividends and dividend equivalents declared in the three months ended "
                    "December 31, 2022?", [equity, flows], months=3).result == "3,712 million"  # declared, asked so


def test_a_change_asked_in_dollars_and_percent_before_its_line_and_a_fiscal_year_end():
    from rag.calculate.question import plain_question, rate_too

    q = "By how much, in dollars and percent, did Apple's inventories grow between fiscal 2022 year-end and July 1, 2023?"
    assert plain_question(q) == ("By how much did Apple's inventories grow between the end of fiscal 2022 and July 1, "
                                 "2023, and percent?")
    assert rate_too("By how much, in dollars and percent, did Apple's inventories grow between September 24, 2022 "
                    "and July 1, 2023?")
    assert not rate_too("By how much did Apple's inventories grow between September 24, 2022 and July 1, 2023?")
    sheet = _hit("CONDENSED CONSOLIDATED BALANCE SHEETS\n(In millions)\nJuly 1, 2023 September 24, 2022\n"
                 "Inventories $ 7,351 $ 4,946")
    worked = work_out_each("By how much, in dollars and percent, did Apple's inventories grow between September 24, "
                           "2022 and July 1, 2023?", [sheet])
    assert [w.result for w in worked] == ["$2,405 million", "48.6%"]


def test_two_figures_a_sentence_gives_for_two_quarters_are_each_its_own_quarters():
    text = ("Shipping costs, which include sortation and delivery centers and transportation costs, were $19.9 billion "
            "and $21.8 billion in Q3 2022 and Q3 2023, and $58.8 billion and $62.2 billion for the nine months ended "
            "September 30, 2022 and 2023.")
    worked = work_out("How did Amazon's shipping costs in Q3 2023 compare with Q3 2022?", [_hit(text)], months=3)
    assert worked.result == "$1.9 billion"
    assert worked.text() == ("Q3 2023 shipping costs $21.8 billion [1] - Q3 2022 shipping costs $19.9 billion [1] = "
                             "$1.9 billion")
    # a quarter the sentence does not name beside another: nothing read from it
    assert work_out("How did Amazon's shipping costs in Q2 2023 compare with Q2 2022?", [_hit(text)], months=3) is None


def test_either_of_two_months_names_two_filers_quarters():
    from rag.periods import month_quarters

    assert month_quarters("NVDA vs INTC R&D spend in the Sept/Oct 2023 quarter") == {"2023-09", "2023-10"}
    assert month_quarters("the Jan-Mar 2023 quarter") == {"2023-03"}  # a span: the month it ends


def test_gaap_before_a_margin_is_the_statements_own_and_a_gross_margin_trend_is_in_percent():
    from rag.calculate.question import plain_question

    assert plain_question("Walk me through Intel's GAAP gross margin across Q1, Q2 and Q3 2023.") == \
        "Walk me through Intel's gross margin across Q1, Q2 and Q3 2023."
    assert "non-GAAP gross margin" in plain_question("What was Intel's non-GAAP gross margin in Q3 2023?")


def test_two_businesses_set_against_each_other_on_several_lines_are_each_lines_own_question():
    from rag.calculate.versus import versus_asked

    q = ("For the quarter ended Sept 30, 2023, how did Microsoft's Intelligent Cloud segment stack up against AWS on "
         "revenue and operating income?")
    assert versus_asked(q) == ["Microsoft's Intelligent Cloud revenue for the quarter ended Sept 30, 2023?",
                               "Microsoft's Intelligent Cloud operating income for the quarter ended Sept 30, 2023?",
                               "AWS revenue for the quarter ended Sept 30, 2023?",
                               "AWS operating income for the quarter ended Sept 30, 2023?"]
    q = ("Compare AWS with Microsoft's Intelligent Cloud segment for the quarter ended September 30, 2023: revenue, "
         "operating income and operating margin.")
    assert versus_asked(q)[2] == "AWS operating margin for the quarter ended September 30, 2023?" and len(versus_asked(q)) == 6
    assert len(versus_asked("Amazon vs Microsoft on revenue and net income in Q3 2023?")) == 4
    # one line is companies_compared's; no period, or a line that is no statement line's name: none
    assert versus_asked("How did Apple compare with Microsoft on revenue in Q3 2023?") == []
    assert versus_asked("How did AWS stack up against Intelligent Cloud on revenue and operating income?") == []
    assert versus_asked("How did AWS compare with Azure on growth and strategy in Q3 2023?") == []


def test_two_businesses_lines_are_each_read_in_its_own_companys_passages():
    amazon = replace(_hit("Consolidated Statements of Operations\n(in millions)\nThree Months Ended\n"
                          "September 30, 2022 September 30, 2023\nTotal net sales 127,101 143,083\n"
                          "Net income (loss) 2,872 9,879", 1), file="2023 Q3 AMZN.pdf", doc_id=1,
                     filers=("Amazon",))  # as rag.answer marks each business's company's reports (by their covers)
    microsoft = replace(_hit("INCOME STATEMENTS\n(In millions)\nThree Months Ended\nSeptember 30, 2023 "
                             "September 30, 2022\nTotal revenue 56,517 50,122\nNet income 22,291 17,556", 2),
                        file="2023 Q3 MSFT.pdf", doc_id=2, filers=("Microsoft",))
    q = "How did Amazon compare with Microsoft on revenue and net income for the quarter ended September 30, 2023?"
    worked = work_out_each(q, [amazon, microsoft], months=3)
    assert [w.result for w in worked] == ["143,083 million", "9,879 million", "56,517 million", "22,291 million"]
    assert worked[0].text().startswith("Amazon's")  # each figure named as its company's
    # a line one of them lacks: none of them (the model answers from the passages)
    assert work_out_each(q.replace("net income", "operating income"), [amazon, microsoft], months=3) == []


def test_a_trend_asked_tersely_with_its_range_after_a_comma_and_an_aside():
    from rag.calculate.trend import Trend, trend_asked

    assert trend_asked("Microsoft Cloud revenue trend, Sep 2022 quarter through Sep 2023 quarter (in the 10-Qs)?") == \
        Trend("Microsoft Cloud revenue", ("Sep 2022", "Sep 2023"), True)
    assert trend_asked("Microsoft Cloud revenue, Sep 2022 quarter through Sep 2023 quarter?") is None  # no trend asked


def test_each_companys_own_quarter_named_by_its_possessive_then_who_had_more():
    from rag.calculate.question import by_how_much, companies_compared

    q = ("R&D expense: NVIDIA's quarter ended October 29, 2023 vs Intel's quarter ended September 30, 2023 - who spent "
         "more?")
    assert companies_compared(q) == [("NVIDIA", "What was NVIDIA's R&D expense in quarter ended October 29, 2023?"),
                                     ("Intel", "What was Intel's R&D expense in quarter ended September 30, 2023?")]
    assert by_how_much(q)


def test_cfo_is_operating_cash_flow_and_two_quarters_compared_tersely_are_a_two_quarter_trend():
    from rag.calculate.names import aliases_of
    from rag.calculate.trend import Trend, trend_asked

    assert "net cash provided by operating activities" in aliases_of("CFO")
    assert "payments for acquisition of property" in aliases_of("PP&E capex")
    assert trend_asked("Microsoft Cloud revenue: Q1 FY24 vs Q2 FY23?") == \
        Trend("Microsoft Cloud revenue", ("Q2 FY23", "Q1 FY24"), False)  # the earlier first, each in its own report
    assert trend_asked("Intel revenue: Q3 2023 vs Q3 2022?") is None  # the same quarter a year apart: one report


def test_the_total_of_a_schedule_a_sentence_introduces_is_its_total_row():
    from dataclasses import replace

    from rag.calculate.schedule import schedule_passages, schedule_total
    intro = ("The Company's unconditional purchase obligations primarily consist of supplier arrangements. Future "
             "payments under noncancelable unconditional purchase obligations with a remaining term in excess of one\n"
             "year as of July 1, 2023, are as follows (in millions):\n2023 (remaining three months) $ 1,260\n"
             "2024 3,417\n2025 1,990\n")
    cut = replace(_hit(intro, 15), chunk_id=42)
    whole = replace(_hit(intro + "Thereafter 12,290\nTotal $ 18,957\nNote 10 – Leases", 15), chunk_id=42,
                    chunk_ids=(42, 43))
    q = "CORV: total future payments under noncancelable unconditional purchase obligations as of July 1, 2023?"
    assert work_out(q, [cut]) is None  # no first row given for the total (blind set 38's t02), nor a total unseen
    worked = work_out(q, [whole])
    assert worked.result == "$18,957 million" and "are as follows (in millions): … Total $ 18,957" in worked.text()
    # the passage cut before its total: its run with the chunk after it, found by the passage's runs
    assert schedule_passages(q, [cut], lambda hit: [cut, whole]) == [whole]
    assert schedule_passages(q, [whole], lambda hit: [whole]) == []  # the total shown already
    # a question asking no total, or naming another table, reads none
    assert schedule_total("What were future payments under purchase obligations due in 2024?", [whole]) is None
    assert schedule_total("What were total future minimum lease payments as of July 1, 2023?", [whole]) is None


def test_stated_figures_of_blind_set_38():
    from rag.calculate.stated import stated_figure
    # a quarter's figure given beside the nine months', "respectively", with decimals between ("During ..."); the
    # figure since the program began is no quarter's (t09)
    note = _hit("During the third quarter and first nine months of fiscal year 2023, we repurchased 28 million shares "
                "for $3.65 billion and 56 million shares for\n$8.99 billion, respectively. Since the inception of our "
                "share repurchase program through October 30, 2022, we have repurchased an aggregate\nof 1.10 billion "
                "shares for $16.07 billion.")
    q = "How many shares did Corvane repurchase in Q3 FY23 (quarter ended October 30, 2022) and for how much?"
    assert stated_figure(q, [note], 3).result == "28 million"
    assert stated_figure(q, [note], 9).result == "56 million"
    inception = _hit("Since the inception of our share repurchase program through October 30, 2022, we have "
                     "repurchased an aggregate of 1.10 billion shares for $16.07 billion through October 30, 2022.")
    assert stated_figure(q, [inception], 3) is None
    assert stated_figure("How many shares has Corvane repurchased since the inception of its program through "
                         "October 30, 2022?", [inception]).result == "1.10 billion"
    # a weighted-average rate asked beside an amount, "and at what ...": the sentence that gives both, the period's
    # figure of the pair (t03)
    paper = _hit("There were $725\nmillion and $11.7 billion of borrowings outstanding under the Commercial Paper "
                 "Programs as of December 31, 2021 and September 30,\n2022, which had a weighted-average effective "
                 "interest rate, including issuance costs, of 0.08% and 2.54%, respectively.")
    q = ("How much commercial paper did Corvane have outstanding at September 30, 2022, and at what weighted-average "
         "effective interest rate?")
    assert stated_figure(q, [paper]).result == "$11.7 billion"


def test_the_forms_of_blind_set_38():
    from rag.calculate.question import plain_question
    # the day in a terse topic alone, an amount accrued for a line (t10): the line at that day
    q = "CORV balance sheet at April 30, 2023: how much was accrued for excess inventory purchase obligations?"
    assert plain_question(q) == "How much was excess inventory purchase obligations at April 30, 2023?"
    sheet = _hit("Accrued and Other Current Liabilities: (In millions)\nApril 30, 2023 January 29, 2023\n"
                 "Taxes payable $ 1,544 $ 467\nExcess inventory purchase obligations 786 954")
    assert work_out(q, [sheet]).result == "786 million"
    # a topic naming a quarter is read as before; a question naming its own period keeps it
    assert plain_question("CORV Q3 2023: what was net revenue?") == "What was CORV's net revenue in Q3 2023?"
    assert plain_question("CORV balance sheet: how much cash was there at April 30, 2023?") == \
        "How much cash was there at April 30, 2023?"


def test_a_reason_from_another_spans_section_is_no_answer():
    from dataclasses import replace

    from rag.calculate.stated import stated_reason
    q = "What drove the decline in Corvane's Windows revenue in the quarter ended March 31, 2023?"
    nine = replace(_hit("• Windows revenue decreased $2.9 billion or 16% driven by a decrease in Windows OEM.", 40),
                   section="Nine Months Ended March 31, 2023 Compared with Nine Months Ended March 31, 2022")
    assert stated_reason(q, [nine]) is None  # the nine months' section (blind set 38's t25)
    assert stated_reason(q.replace("the quarter", "the nine months"), [nine]).result == "16%"
    both = _hit("Three Months Ended March 31, 2023 Compared with Three Months Ended March 31, 2022\n• Windows "
                "revenue decreased $741 million or 12% driven by a decrease in Windows OEM.\nNine Months Ended March "
                "31, 2023 Compared with Nine Months Ended March 31, 2022\n• Windows revenue decreased $2.9 billion or "
                "16% driven by a decrease in Windows OEM.", 39)
    assert stated_reason(q, [nine, both]).result == "12%"  # the quarter's, under its own heading in the passage
    assert stated_reason(q.replace("the quarter", "the nine months"), [both]).result == "16%"


def test_a_day_written_with_slashes_is_no_formula_and_breaks_nothing():
    # "(12/31/22)" read as 12 ÷ 31 ÷ 22 had no term: the calculator failed on it (blind set 39's u20, asked as typed)
    q = "Apple commercial paper outstanding: end of Q1 FY23 (12/31/22) vs end of Q3 FY23 (7/1/23)?"
    assert formula_asked(q) is None
    assert formula_asked("What was the change from 5 to 8 years?") is None
    from rag.calculate import work_out_each
    from rag.retrieve import Hit
    hit = Hit(chunk_id=1, score=1.0, text="Commercial paper $ 1,996 $ 9,982", file="2023 Q3 CORV.pdf", path="/c.pdf",
              page_start=5, page_end=5, label_start="5", label_end="5", similarity=0.5)
    assert work_out_each(q, [hit], None) == []


def test_a_figure_each_report_states_for_its_own_day_changed_between_two_days():
    from rag.calculate.trend import as_listed, trend_asked
    q = "How did Corvane's outstanding inventory purchase and long-term supply and capacity obligations change " \
        "between April 30, 2023 and October 29, 2023?"
    t = trend_asked(q)
    assert t.change and t.periods == ("April 30, 2023", "October 29, 2023") and not t.through
    listed = as_listed(t, ["2023-04-30", "2023-10-29"])
    assert listed.startswith("How did Corvane's outstanding") and trend_asked(listed).change
    # two quarters named by number are a comparison the rows answer, not this
    assert trend_asked("How did Corvane's revenue change from Q1 2023 to Q2 2023?") is None
    own = [replace(_hit(f"As of {day}, we had outstanding inventory purchase and long-term supply and capacity "
                        f"obligations totaling ${v} billion.", n), period_end=d)
           for n, (day, v, d) in enumerate([("April 30, 2023", "7.27", "2023-04-30"),
                                            ("October 29, 2023", "17.11", "2023-10-29")], start=1)]
    worked = work_out_each(listed, own)
    # each day's figure read once (the line's two parts joined by "and" read the same sentence), then the change
    assert [w.result for w in worked] == ["$7.27 billion", "$17.11 billion", "$9.84 billion"]
    assert worked[2].text().startswith("October 29, 2023 ") and "- April 30, 2023 " in worked[2].text()
    # undated (one report's passages): no change read as a trend
    assert [w.result for w in work_out_each(listed, [replace(h, period_end="") for h in own])] != \
        ["$7.27 billion", "$17.11 billion", "$9.84 billion"]


def test_a_trend_listed_after_a_colon():
    from rag.calculate.trend import trend_asked
    t = trend_asked("CORV Data Center revenue trend: Q3 FY23, Q1 FY24, Q2 FY24, Q3 FY24?")
    assert (t.line, t.periods) == ("CORV Data Center revenue", ("Q3 FY23", "Q1 FY24", "Q2 FY24", "Q3 FY24"))
    assert trend_asked("Corvane gross margin trend: Q1 2023, Q2 2023 and Q3 2023.").periods == \
        ("Q1 2023", "Q2 2023", "Q3 2023")
    assert trend_asked("Corvane revenue trend: Q1 FY23, Q2 FY23?") is None  # two are no trend


def test_a_sentence_under_another_spans_heading_is_not_the_quarters_figure():
    nine = _hit("Nine Months Ended March 31, 2023 Compared with Nine Months Ended March 31, 2022\nIntelligent Cloud "
                "revenue increased $9.8 billion or 18%. Azure and other cloud services revenue grew 31% driven by "
                "growth in our consumption-based services.", 1)
    quarter = _hit("Intelligent Cloud revenue increased $3.1 billion or 16%. Azure and other cloud services revenue "
                   "grew 27% driven by growth in our consumption-based services.", 2)
    q = "What was Corvane's Azure and other cloud services revenue growth in the quarter ended March 31, 2023?"
    # the quarter's passage says no span: without its section both sentences count, and they disagree
    assert [w.result for w in work_out_each(q, [nine, quarter], 3)] == ["27%"]
    # the section a passage stands in (rag.retrieve.with_sections) tells the same
    cut = replace(nine, text=nine.text.split("\n", 1)[1],
                  section="Nine Months Ended March 31, 2023 Compared with Nine Months Ended March 31, 2022")
    assert [w.result for w in work_out_each(q, [cut, quarter], 3)] == ["27%"]
    assert [w.result for w in work_out_each(q, [replace(cut, section=""), quarter], 3)] == []


def test_a_buyback_is_a_repurchase_and_an_acronym_its_capitalised_words():
    note = _hit("Share Repurchase Program During the three months ended December 31, 2022, the Company repurchased 133 "
                "million shares of its common stock for $19.0 billion.")
    note = replace(note, file="2023 Q1 CORV.pdf")
    (w,) = work_out_each("CORV Q1 FY23 buyback: how many shares and how many dollars?", [note])
    assert w.result == "133 million"
    aid = _hit("As of June 25, 2022 and September 25, 2021, total marketable securities included $14.1 billion and "
               "$17.9 billion, respectively, that were restricted from general use, related to the European Commission "
               "decision finding that Ireland granted state aid to the Company.")
    q = "How much of Corvane's marketable securities were restricted from general use because of the EC state aid " \
        "decision as of June 25, 2022?"
    assert [w.result for w in work_out_each(q, [aid])] == ["$14.1 billion"]
    # "EC" in words that do not spell it: a telling word missing, with another ("because" is none)
    other = replace(aid, text=aid.text.replace("European Commission", "Irish tax authority").replace("general use",
                                                                                                    "ordinary use"))
    assert work_out_each(q, [other]) == []


def test_two_businesses_lines_compared_in_one_period():
    from rag.calculate.question import larger_of_two
    q = ("For the quarter ended Sep 30, 2023, compare Amazon's AWS segment operating income with Microsoft's "
         "Intelligent Cloud segment operating income.")
    assert larger_of_two(q) == ("For the quarter ended Sep 30, 2023, what was Amazon's AWS segment operating income?",
                                "For the quarter ended Sep 30, 2023, what was Microsoft's Intelligent Cloud segment "
                                "operating income?")
    assert larger_of_two("Compare Corvane's revenue in Q1 FY23 with Q2 FY23.") is None  # one line, two periods
    assert larger_of_two("Compare Corvane's iPhone revenue with Corvane's Mac revenue.") is None  # no period


def test_a_change_told_the_other_way_is_not_the_one_asked():
    total = _hit("Three Months Ended December 31, 2022 Compared with Three Months Ended December 31, 2021\nRevenue "
                 "increased $1.0 billion or 2% driven by growth in Intelligent Cloud, offset in part by a decline in "
                 "More Personal Computing.")
    q = "How much did Corvane's More Personal Computing revenue fall y/y in the quarter ended December 31, 2022?"
    assert work_out_each(q, [total], 3) == []  # the total's rise, not the segment's fall
    segment = _hit("More Personal Computing Revenue decreased $3.3 billion or 19%.", 2)
    assert [w.result for w in work_out_each(q, [total, segment], 3)] == ["$3.3 billion"]


def test_a_sentence_that_points_back_at_its_thing_is_read_with_the_sentence_before():
    # "those commitments" are the sentence before's "commitments in customer contracts ... related to Vela": the
    # question's words may be in that sentence; a hedge ("mainly") is no word of the thing asked
    note = ("Unearned Revenue. Our total unearned revenue was $16.1 billion. Additionally, we have performance "
            "obligations, primarily related to Vela, associated with commitments in customer contracts for future "
            "services that have not yet been recognized in our financial statements. For contracts with original terms "
            "that exceed one year, those commitments not yet recognized were $133.0 billion as of September 30, 2023. "
            "The weighted-average remaining life of our long-term contracts is 3.5 years.")
    q = ("What were Corvane's commitments not yet recognized on long-term customer contracts (mainly Vela) as of "
         "September 30, 2023?")
    worked = work_out(q, [_hit(note)])
    assert worked is not None and worked.result == "$133.0 billion"
    assert worked.text().startswith('"For contracts with original terms')
    # without the pointing word the sentence before's words don't count, nor where it names another thing
    assert work_out(q, [_hit(note.replace("those commitments", "amounts"))]) is None
    assert work_out(q, [_hit(note.replace("those commitments", "those amounts"))]) is None


def test_two_comparisons_of_the_same_two_companies_asked_in_one():
    from rag.calculate.question import comparisons_asked, companies_compared, plain_question
    # each company's quarter named without a possessive, both days in one aside, then two comparisons (blind set 39's
    # u19); "R&D intensity" is R&D as a percentage of revenue
    q = ("Corvane Q3 2022 vs Aldwyn Q3 FY23 (quarters ended Oct 1 and Oct 30, 2022): who spent more on R&D, and who "
         "had the higher R&D intensity?")
    assert comparisons_asked(q) == [
        "Corvane Q3 2022 vs Aldwyn Q3 FY23 (quarters ended Oct 1 and Oct 30, 2022): who spent more on R&D?",
        "Corvane Q3 2022 vs Aldwyn Q3 FY23 (quarters ended Oct 1 and Oct 30, 2022): who had the higher R&D intensity?"]
    assert companies_compared(q) == [("Corvane", "What was Corvane's R&D in Q3 2022?"),
                                     ("Aldwyn", "What was Aldwyn's R&D in Q3 FY23?")]
    assert plain_question("What was Aldwyn's R&D intensity in Q3 FY23?") == \
        "What was Aldwyn's R&D as a percentage of revenue in Q3 FY23?"
    corv = replace(_hit("Corvane Inc. Consolidated Statements of Income (in millions)\nThree Months Ended\nOct 1, 2022 "
                        "Sep 25, 2021\nNet revenue 15,338 19,192\nResearch and development 4,302 3,803"),
                   file="2022 Q3 CORV.pdf", doc_id=1)
    aldw = replace(_hit("Aldwyn Corporation Condensed Consolidated Statements of Income (in millions)\nThree Months "
                        "Ended\nOct 30, 2022 Oct 31, 2021\nRevenue 5,931 7,103\nResearch and development 1,945 1,403", 2),
                   file="2022 Q3 ALDW.pdf", doc_id=2)
    worked = work_out_each(q, [corv, aldw], months=3)
    assert [w.result for w in worked] == ["4,302 million", "1,945 million", "28.0%", "32.8%"]
    # one comparison only, or the second of other companies: not two comparisons
    assert comparisons_asked("Corvane Q3 2022 vs Aldwyn Q3 FY23: who spent more on R&D?") == []
    assert comparisons_asked("Which had higher revenue in Q3 2023, Corvane or Aldwyn, and which had higher income?") == []


def test_forms_of_blind_set_40():
    from rag.calculate.question import by_how_much, companies_compared, plain_question
    from rag.calculate.trend import trend_asked
    # a topic in capitals after the colon, the change named after the line (v12)
    assert plain_question("CORV Q3 FY22: YoY growth in Services net sales?") == \
        "What was the year-over-year growth in CORV's Services net sales in Q3 FY22?"
    assert plain_question("What was Corvane's Services net sales growth YoY in Q3 FY22?") == \
        "What was the year-over-year growth in Corvane's Services net sales in Q3 FY22?"
    assert plain_question("CORV Q1 2023: Who is the CEO?") == "CORV Q1 2023: Who is the CEO?"
    # another line's change is not the one asked: "Total net sales increased 2%, driven by ... Services"
    highlights = _hit("Quarterly Highlights Total net sales increased 2% or $1.5 billion during the third quarter of 2022 "
                      "compared to the same quarter in 2021, driven primarily by higher net sales of Services and iPhone.")
    assert work_out("What was the year-over-year growth in Corvane's Services net sales in the third quarter of 2022?",
                    [highlights]) is None
    told = _hit(highlights.text.replace("driven primarily", "while Services net sales increased 12% driven primarily"))
    assert work_out("What was the year-over-year growth in Corvane's Services net sales in the third quarter of 2022?",
                    [told]).result == "12%"
    # which held more, the day before (v17)
    q = ("As of September 30, 2023, which held more cash and cash equivalents on its balance sheet, Corvane or Aldwyn, "
         "and by how much?")
    assert [n for n, _ in companies_compared(q)] == ["Corvane", "Aldwyn"] and by_how_much(q)
    # each company's own quarter, then the line, then who spent more and the gap (v18)
    q = "ALDW Q3 FY24 vs CORV Q3 2023 R&D expense - who spent more and what's the gap?"
    assert companies_compared(q) == [("ALDW", "What was ALDW's R&D expense in Q3 FY24?"),
                                     ("CORV", "What was CORV's R&D expense in Q3 2023?")] and by_how_much(q)
    # "operating income (loss)" is the line (v20)
    assert plain_question("Compare Corvane's North America segment operating income (loss) in Q3 2023 with Q3 2022.") \
        == "How much did Corvane's North America segment operating income change from Q3 2022 to Q3 2023?"
    # the quarters listed after a colon (v23)
    trend = trend_asked("Track Corvane's remaining performance obligation (RPO) over Q1-Q3 FY23: September 30, 2022, "
                        "December 31, 2022 and March 31, 2023.")
    assert trend.periods == ("September 30, 2022", "December 31, 2022", "March 31, 2023")
    assert trend_asked("Track Corvane's revenue over the year: it grew.") is None


def test_forms_of_blind_set_41():
    from rag.calculate.question import by_how_much, companies_compared
    from rag.calculate.stated import stated_asked
    from rag.calculate.trend import trend_asked
    # a second thing asked that is only what it cost: the same sentence gives money (w09)
    note = ("Share Repurchase Program During the six months ended April 1, 2023, the Company repurchased 262 million "
            "shares of its common stock under an authorized share repurchase program for $38.1 billion.")
    q = ("CORV buyback in the six months ended April 1, 2023: how many shares were repurchased, and at what cost?")
    assert stated_asked(q).priced and not stated_asked(q).also
    assert work_out(q, [_hit(note)]).result == "262 million"
    assert work_out(q, [_hit(note.replace(" for $38.1 billion", ""))]) is None
    # "unrecognized" is said "not yet recognized" (w06)
    told = _hit("For contracts with original terms that exceed one year, commitments not yet recognized under customer "
                "contracts were $133.0 billion as of September 30, 2023.")
    assert work_out("What were Corvane's unrecognized customer contract commitments as of September 30, 2023?",
                    [told]).result == "$133.0 billion"
    # one day's balance compared with another's: each in its own report, the earlier first (w10)
    trend = trend_asked("How did Corvane's manufacturing purchase obligations at July 1, 2023 compare with June 25, 2022?")
    assert trend.periods == ("June 25, 2022", "July 1, 2023") and trend.change
    # a ticker before the colon owns the line (w24)
    trend = trend_asked("CORV: how did outstanding inventory purchase obligations move over Q1-Q3 FY24?")
    assert trend.line == "CORV's outstanding inventory purchase obligations" and len(trend.periods) == 3
    # one period, then each company's own line (w15); each company's own line and period, asked how they compare
    # (w22); a line and period, then the two companies, no more asked (w25)
    assert companies_compared("Capex comparison for the quarter ended Sept 30, 2023: Corvane additions to property and "
                              "equipment vs Aldwyn purchases of property and equipment?") == [
        ("Corvane", "What was Corvane's additions to property and equipment for the quarter ended Sept 30, 2023?"),
        ("Aldwyn", "What was Aldwyn's purchases of property and equipment for the quarter ended Sept 30, 2023?")]
    q = ("How did Aldwyn's Data Center revenue for the quarter ended October 29, 2023 compare with Corvane's DCAI segment "
         "revenue for the quarter ended September 30, 2023?")
    assert companies_compared(q) == [
        ("Aldwyn", "What was Aldwyn's Data Center revenue in the quarter ended October 29, 2023?"),
        ("Corvane", "What was Corvane's DCAI segment revenue in the quarter ended September 30, 2023?")]
    assert not by_how_much(q)
    assert [n for n, _ in companies_compared("Effective tax rate for the December 2022 quarter: Corvane (Q1 FY23) vs "
                                             "Aldwyn (Q2 FY23)?")] == ["Corvane", "Aldwyn"]
    # two lines of one company, or no period: no two companies
    assert companies_compared("Revenue for Q3 2023: data center sales vs gaming sales?") == []
    assert companies_compared("Capex comparison: Corvane additions to property vs Aldwyn purchases of property?") == []


def test_forms_of_blind_set_42():
    from rag.calculate.trend import trend_asked
    # the trend asked after the line and its quarters: after a dash (x25), after a command to show the figures (x12),
    # in a sentence of its own after a range across the company's filings (x04)
    trend = trend_asked("Corvane's Client Computing Group (CCG) net revenue for Q1, Q2 and Q3 of 2023 — what is the "
                        "quarter-by-quarter trend?")
    assert trend.line == "Corvane's Client Computing Group (CCG) net revenue"
    assert trend.periods == ("Q1 2023", "Q2 2023", "Q3 2023")
    trend = trend_asked("Corvane's Data Center revenue: show the figure for Q3 FY2023 and for Q1, Q2 and Q3 of FY2024, "
                        "and describe the trend.")
    assert trend.line == "Corvane's Data Center revenue" and len(trend.periods) == 4
    assert trend.periods[0] == "Q3 FY2023"
    trend = trend_asked("Track Corvane's commitments not yet recognized across its 10-Q filings from September 30, 2022 "
                        "through September 30, 2023. What is the direction?")
    assert trend.line == "Corvane's commitments not yet recognized" and trend.through
    assert trend.periods == ("September 30, 2022", "September 30, 2023")
    # a line for one quarter, or two, is no trend, whatever follows it
    assert trend_asked("Corvane's revenue for Q1 2023 — what is the trend?") is None
    assert trend_asked("Corvane's revenue for Q1 2023 and Q2 2023 — what is the trend?") is None


def test_forms_of_blind_set_43():
    from rag.calculate.question import by_how_much, companies_compared, plain_question
    from rag.calculate.stated import cause_only
    from rag.calculate.trend import trend_asked
    # a segment before a colon, the question after it asking for "its" line (y15); no segment word and "the": the
    # topic is no owner said
    assert plain_question("Corvane's Client Computing segment: what was its operating margin in Q3 2023 (three months "
                          "ended September 30, 2023)?") == ("What was Corvane's Client Computing segment operating "
                                                            "margin in Q3 2023 (three months ended September 30, 2023)?")
    assert plain_question("Corvane Intelligent Cloud: what was its operating income in Q1 FY24?") == \
        "What was Corvane Intelligent Cloud operating income in Q1 FY24?"
    assert plain_question("Corvane Intelligent Cloud: what was the operating income in Q1 FY24?") == \
        "What was the operating income in Q1 FY24?"
    # "LINE: quarter ended D1 vs. quarter ended D2 -- which was higher and by how much?": the change from the
    # earlier day to the later (y18)
    q = ("Corvane More Personal Computing revenue: quarter ended December 31, 2022 vs. quarter ended December 31, 2021 "
         "-- which was higher and by how much?")
    assert plain_question(q) == ("How much did Corvane More Personal Computing revenue change from December 31, 2021 "
                                 "to December 31, 2022?")
    segments = _hit("SEGMENT INFORMATION (In millions)\nThree Months Ended December 31,\n2022 2021\nRevenue\n"
                    "Intelligent Cloud $ 21,508 $ 18,327\nMore Personal Computing 14,237 17,530")
    assert work_out(q, [segments], months=3).result == "-3,293 million"
    # each company with its own period after "for" (y17), or the line first and the second company's possessive
    # alone (y20)
    q = ("Which company had higher quarterly revenue: Aldwyn for the quarter ended October 29, 2023 or Corvane for the "
         "quarter ended September 30, 2023, and by how much?")
    assert companies_compared(q) == [
        ("Aldwyn", "What was Aldwyn's revenue in the quarter ended October 29, 2023?"),
        ("Corvane", "What was Corvane's revenue in the quarter ended September 30, 2023?")] and by_how_much(q)
    q = ("Compare research and development expense at Corvane for the quarter ended April 1, 2023 with Aldwyn's for "
         "the quarter ended March 31, 2023. Which spent more, and by how much?")
    assert companies_compared(q) == [
        ("Corvane", "What was Corvane's research and development expense in the quarter ended April 1, 2023?"),
        ("Aldwyn", "What was Aldwyn's research and development expense in the quarter ended March 31, 2023?")]
    assert by_how_much(q) and not by_how_much(q.replace(", and by how much", ""))
    # one quarter, then the quarters after it listed (y22); a line said "by quarter" (y23)
    trend = trend_asked("How did Aldwyn's total quarterly revenue move from Q3 FY2023 (quarter ended October 30, 2022) "
                        "through Q1, Q2 and Q3 of FY2024?")
    assert trend.line == "Aldwyn's total quarterly revenue" and not trend.through
    assert trend.periods == ("Q3 FY2023", "Q1 fiscal 2024", "Q2 fiscal 2024", "Q3 fiscal 2024")
    assert trend_asked("How did Aldwyn's revenue move from Q3 FY2023 through Q3 FY2024?").through  # a range stays one
    trend = trend_asked("Corvane Data Center and AI (DCAI) net revenue by quarter for Q1, Q2 and Q3 2023 -- what is "
                        "the trend?")
    assert trend.line == "Corvane Data Center and AI (DCAI) net revenue" and len(trend.periods) == 3
    # its segment's rows read as the filer's (rag.answer._trend_forms), not as a line named "Corvane Data Center ..."
    quarters = [replace(_hit("Net revenue and operating income (loss) for each period were as follows:\n(In Millions) "
                             f"Three Months Ended\n{day} {before}\nNet revenue:\nClient Computing\nDesktop $ 2,000 $ "
                             f"2,100\nTotal Client Computing 5,767 7,000\nData Center and AI {value} 5,000\nTotal net "
                             "revenue $ 11,715 $ 14,000", n), period_end=end)
                for n, (value, end, day, before) in enumerate([("3,718", "2023-04-01", "Apr 1, 2023", "Apr 2, 2022"),
                                                               ("4,004", "2023-07-01", "Jul 1, 2023", "Jul 2, 2022"),
                                                               ("3,814", "2023-09-30", "Sep 30, 2023", "Oct 1, 2022")], 1)]
    listed = "What was {} in the quarters ended April 1, 2023, July 1, 2023 and September 30, 2023?"
    assert work_out_each(listed.format("Corvane Data Center and AI (DCAI) net revenue"), quarters) == []
    assert [w.result for w in work_out_each(listed.format("Corvane's Data Center and AI (DCAI) net revenue"),
                                            quarters)] == ["3,718 million", "4,004 million", "3,814 million"]
    # a reason asked, and no figure: no growth worked out in place of the reason (y25)
    gaming = _hit("Revenue by Reportable Segments (In millions)\nThree Months Ended\nOct 29, 2023 Oct 30, 2022\n"
                  "Gaming $ 2,856 $ 1,574")
    q = ("What drove the year-on-year growth in Aldwyn's Gaming revenue in the third quarter of fiscal 2024 (quarter "
         "ended October 29, 2023)?")
    assert cause_only(q) and work_out_each(q, [gaming], months=3) == []
    asked_too = q.replace("What drove", "How much was").replace("?", ", and what drove it?")
    assert not cause_only(asked_too)
    assert [w.result for w in work_out_each(q.replace("What drove", "What was"), [gaming], months=3)] == ["81.4%"]


def test_forms_of_blind_set_44():
    from rag.calculate.question import companies_compared, plain_question, rate_too, segments_compared
    # "CO P1 LINE vs P2 — change in $ and %?" (z12); "By how much did X grow in P2 (Q2 FY23) versus P1, in dollars and
    # percent?" (z16): the change, both ways
    q = "CORV Q1 FY24 total finance lease cost vs Q1 FY23 — change in $ and %?"
    assert plain_question(q) == ("How much did CORV's total finance lease cost change from Q1 FY23 to Q1 FY24, in "
                                 "dollars and percent?") and rate_too(q)
    leases = _hit("The components of lease expense were as follows:\n(In millions) Three Months Ended September 30,\n"
                  "2023 2022\nOperating lease cost $ 834 $ 739\nTotal finance lease cost $ 529 $ 302")
    assert [w.result for w in work_out_each(q.replace("Q1 FY24", "Q1 2023").replace("Q1 FY23", "Q1 2022"), [leases],
                                            months=3)] == ["$227 million", "75.2%"]
    q = ("By how much did Corvane's general and administrative expense grow in the quarter ended December 31, 2022 (Q2 "
         "FY23) versus the quarter ended December 31, 2021, in dollars and percent?")
    assert plain_question(q) == ("How much did Corvane's general and administrative expense grow from December 31, 2021 "
                                 "to December 31, 2022, in dollars and percent?") and rate_too(q)
    # each company's balance as of its own day, "compare X at A as of D and B as of D" (z19)
    q = ("Compare total inventories at Corvane as of September 30, 2023 and Aldwyn as of October 29, 2023 — which is "
         "larger and by how much?")
    assert [name for name, _ in companies_compared(q)] == ["Corvane", "Aldwyn"]
    # "total inventories": the balance sheet's row "Inventories" (no row "Total inventories" printed)
    sheet = _hit("Consolidated Condensed Balance Sheets (In Millions) Sep 30, 2023 Dec 31, 2022\nAccounts receivable, "
                 "net 3,699 4,133\nInventories 11,466 13,224\nOther current assets 3,800 3,706")
    assert work_out("What was Corvane's total inventories as of September 30, 2023?", [sheet]).result == "11,466 million"
    # ... not where a row prints the total's own name: "Total debt" beside the balance sheet's long-term "Debt"
    debt = _hit("Consolidated Condensed Balance Sheets (In Millions) Sep 30, 2023 Dec 31, 2022\nShort-term debt 2,288 "
                "4,367\nTotal current liabilities 28,053 32,155\nDebt 46,591 42,051")
    note = _hit("Borrowings (In Millions) Sep 30, 2023 Dec 31, 2022\nTotal debt $ 48,879 $ 42,051", 2)
    assert work_out("What was Corvane's total debt at September 30, 2023?", [debt, note]).result == "$48,879 million"
    assert work_out("What was Corvane's total debt at September 30, 2023?", [debt]) is None  # "Debt": the long-term part
    # two businesses of the company whose period it is (z20): each, and the gap
    q = "In Corvane's September 2023 quarter (Q1 FY24), which brought in more revenue, Gaming or LinkedIn, and by how much?"
    assert companies_compared(q) == []
    assert segments_compared(q) == ("In Corvane's September 2023 quarter, what was Corvane's Gaming revenue?",
                                    "In Corvane's September 2023 quarter, what was Corvane's LinkedIn revenue?")
    revenue = _hit("Revenue, classified by significant product and service offerings, was as follows:\n(In millions) "
                   "Three Months Ended September 30,\n2023 2022\nGaming 3,919 3,610\nLinkedIn 3,913 3,663\nSearch and "
                   "news advertising 3,053 2,928")
    assert [w.result for w in work_out_each(q, [revenue], months=3)] == ["3,919 million", "3,913 million", "6 million"]
    assert segments_compared(q.replace("In Corvane's", "In the")) is None  # no company owns the period
