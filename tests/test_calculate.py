"""rag.calculate: a ratio the question spells out, worked out from the passages' table rows."""
from rag.calculate import formula_asked, work_out
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
    assert f.numerator == [(1, "operating income")] and f.denominator == "revenue" and f.percent
    f = formula_asked("What was Apple's current ratio (total current assets divided by total current liabilities) "
                      "as of June 25, 2022? Round to two decimals.")
    assert f.denominator == "total current liabilities" and not f.percent and f.decimals == 2
    f = formula_asked("What was the Services gross margin percentage ((Services net sales - Services cost of sales) "
                      "/ Services net sales)?")
    assert f.numerator == [(1, "Services net sales"), (-1, "Services cost of sales")] and f.percent
    f = formula_asked("What were Intel's additions to property, plant, and equipment as a percentage of net revenue "
                      "for the first nine months of 2023?")
    assert f.numerator == [(1, "additions to property, plant, and equipment")] and f.denominator == "net revenue"
    f = formula_asked("Compute days sales outstanding (accounts receivable, net divided by quarterly revenue, times "
                      "91 days).")
    assert (f.times, f.unit, f.percent) == (91.0, "days", False)
    for plain in ("What was NVIDIA's operating margin?", "How much is the technology fee (per semester)?",
                  "What is the student-to-faculty ratio?"):
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
    assert work_out("What was revenue in 2023?", [_hit(INCOME)], months=3) is None  # no formula spelled out


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
    wrong, _, withheld, why = check_answer("The operating margin was 61.2% [1].", q, hits)
    assert withheld and "61.2" in why  # a margin no two figures give is still withheld
    monkeypatch.setattr(rag.prompt, "CALCULATE", False)
    assert "Worked out" not in user_message(q, hits)


def test_a_result_no_two_passage_figures_give_is_let_through_when_it_was_worked_out(monkeypatch):
    import rag.prompt
    from rag.guard import check_answer

    balance = "BALANCE SHEETS (In millions)\nJuly 30, 2023 January 29, 2023\nAccounts receivable, net 7,066 3,827"
    q = ("Compute days sales outstanding for the quarter ended July 30, 2023 (accounts receivable, net divided by "
         "quarterly revenue, times 91 days).")
    hits = [_hit(INCOME), _hit(balance, 2)]
    worked = work_out(q, hits, months=3)
    assert worked.text() == ("accounts receivable, net 7,066 million [2] / quarterly revenue $13,507 million [1] "
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
    assert check_answer("50.4%", q, hits)[2]  # not the worked result, and no two figures give it


def test_a_share_asked_in_words_is_worked_out_too():
    market = ("Revenue by market (In millions)\nThree Months Ended\nOctober 29, October 30,\n2023 2022\n"
              "Data Center $ 14,514 $ 3,833\nGaming 2,856 1,574\nTotal revenue $ 18,120 $ 5,931")
    q = "For Q3 2023, what proportion of NVIDIA's revenue was generated by its data center business?"
    f = formula_asked(q)
    assert (f.numerator, f.denominator, f.percent) == ([(1, "data center business")], "revenue", True)
    assert work_out(q, [_hit(market)], months=3).result == "80.1%"  # 14,514 / 18,120
    q = "What percentage of the company's total revenue did the Gaming segment contribute in 2022?"
    assert work_out(q, [_hit(market)], months=3).result == "26.5%"  # 1,574 / 5,931
    assert formula_asked("How much of Microsoft's revenue was attributed to its Personal Computing segment?") is None


def test_a_row_named_alike_under_two_groups_is_not_guessed():
    q = ("For the quarter ended April 1, 2023, what was the operating margin (Services divided by Products)?")
    assert work_out(q, [_hit(SEGMENTS)], months=3) is None  # "Services" under "Net sales:" and "Cost of sales:"
    same = SEGMENTS.replace("Services 6,065 5,429", "Services 20,907 19,821")
    assert work_out(q.replace("Products", "Services"), [_hit(same)], months=3).result == "100.0%"  # same figure


def test_a_formula_defined_in_words_without_brackets():
    q = ("What was the operating margin, defined as operating income divided by revenue, for the quarter ended "
         "July 30, 2023?")
    f = formula_asked(q)
    assert (f.numerator, f.denominator, f.percent) == ([(1, "operating income")], "revenue", True)
    assert work_out(q, [_hit(INCOME)], months=3).result == "50.3%"
    assert formula_asked("Revenue, as defined by the company, grew; how was it divided by segment?") is None
