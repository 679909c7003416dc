"""Exact scores of the evaluation's metrics on constructed cases (rag.evaluate.metrics)."""
from decimal import Decimal

import pytest

from rag.evaluate.metrics import (agree, cited_gold_share, exact_match, extract_numbers, facts_recall, first_rank,
                                  grounded_share, hit_at, key_numbers, numeric_match, reciprocal_rank, token_f1)


def values(text):
    return [n.value for n in extract_numbers(text)]


def test_exact_match_and_f1_follow_squad_normalisation():
    assert exact_match("The  Marrowgate Institute.", "marrowgate institute") == 1.0
    assert exact_match("Marrowgate", "Marrowgate Institute") == 0.0
    # answer tokens {a b c d} vs gold {a b}: precision 2/4, recall 2/2 -> F1 2/3
    assert token_f1("red blue green pink", "red blue") == pytest.approx(2 / 3)
    assert token_f1("nothing shared", "red blue") == 0.0
    assert token_f1("the", "a") == 1.0  # both empty after normalisation


@pytest.mark.parametrize("text, expected", [
    ("$1,234.5 million", [Decimal("1234500000")]),
    ("1.2345 billion", [Decimal("1234500000")]),
    ("(12)", [Decimal(-12)]),
    ("$(12)", [Decimal(-12)]),
    ("-12 and −3", [Decimal(-12), Decimal(-3)]),
    ("grew 12% or 7 percent", [Decimal(12), Decimal(7)]),
    ("It was 98,024.", [Decimal(98024)]),
    ("$5m and 3 thousand", [Decimal(5_000_000), Decimal(3000)]),
    ("the 10-Q for Q3 on the H100", []),
    ("2022-2023", [Decimal(2022), Decimal(2023)]),
    ("opens at 9 am", [Decimal(9)]),
])
def test_numbers_are_read_with_sign_currency_and_scale(text, expected):
    assert values(text) == expected


def test_numbers_agree_to_the_precision_of_the_less_precise():
    one = lambda t: extract_numbers(t)[0]  # noqa: E731
    assert agree(one("$1,234.5 million"), one("1.2345 billion"))
    assert agree(one("$98 billion"), one("$98,024 million"))
    assert agree(one("$7,730 million"), one("$7.7 billion"))
    assert not agree(one("47.55%"), one("47.57%"))
    assert not agree(one("(12)"), one("12"))
    assert agree(one("(12)"), one("-12"))


def test_key_numbers_leave_out_the_question_and_dates():
    gold = "The cash generated for the nine months ended June 25, 2022, was $98,024 million."
    assert [n.value for n in key_numbers(gold, "What was cash flow in Q3 2022?")] == [Decimal(98_024_000_000)]
    assert [n.value for n in key_numbers("Until March 31, 2027.")] == [Decimal(31), Decimal(2027)]  # dates only
    assert key_numbers("It is in the east wing.") == []


def test_numeric_match():
    gold = "Net income was $1,234.5 million, a loss of (12) million in Europe."
    assert numeric_match("About 1.2345 billion; Europe lost -12 million.", gold) == 1.0
    assert numeric_match("About 1.2345 billion; Europe lost 12 million.", gold) == 0.0  # sign
    assert numeric_match("About 1.2345 billion.", gold) == 0.0  # one key number missing
    assert numeric_match("Anything", "No numbers here") is None
    assert numeric_match("It closes at 6 pm.", "The library closes at 6 pm on weekdays.", "When? (weekdays)") == 1.0


def test_headline_match_asks_for_the_first_key_number_only():
    from rag.evaluate.metrics import headline_match

    gold = "71.0%: ($20,907 million - $6,065 million) / $20,907 million."
    assert headline_match("The services gross margin was 71.0% [2].", gold) == 1.0
    assert numeric_match("The services gross margin was 71.0% [2].", gold) == 0.0
    assert headline_match("The margin was 72.5%.", gold) == 0.0
    assert headline_match("$4,621 [2]", "$4,621 million (vs. $4,206 million a year earlier).") == 0.0  # the unit
    # ... unless the question asks for that unit: then a bare figure is read in it
    asked = "What were Apple's total net sales for the three months ended June 25, 2022, in USD millions?"
    assert headline_match("$82,959", "$82,959 million (vs. $81,434 million).", asked) == 1.0
    assert headline_match("$82,959 [1]", "$82,959 million.", "How much, in millions?") == 1.0
    assert headline_match("$82,959 thousand", "$82,959 million.", asked) == 0.0  # a unit written wins
    assert headline_match("82,959", "$82,959 billion.", asked) == 0.0  # millions asked, billions meant
    assert headline_match("It rose 12%.", "12 million", asked) == 0.0  # a percentage takes no unit
    assert headline_match("x", "No numbers here") is None


def test_facts_recall():
    assert facts_recall("Founded in 1961 as Marrowgate.", ["1961", "Marrowgate Technical Institute"]) == 0.5
    assert facts_recall("It costs $1,200.", ["$1200"]) == 1.0
    assert facts_recall("x", []) is None


def test_facts_recall_reads_a_range_however_written():
    for answer in ("A- is 90 to 92 percent.", "from 90 – 92", "90 through 92", "90-92"):
        assert facts_recall(answer, ["90-92"]) == 1.0, answer
    assert facts_recall("90 to 93", ["90-92"]) == 0.0


def test_ranks_hits_and_reciprocal_rank():
    spans = [("a.pdf", 3, 3), ("b.pdf", 5, 6), ("a.pdf", 6, 7)]
    assert first_rank(spans, ["a.pdf"], [6]) == 3  # b.pdf's p. 6 is another file's
    assert first_rank(spans, [], [6]) == 2  # no file known: any file's page 6
    assert first_rank(spans, ["*b*"], []) == 2  # globs, file level
    assert first_rank(spans, ["c.pdf"], []) == 0
    assert first_rank(spans, [], []) is None
    assert (hit_at(3, 1), hit_at(3, 3), hit_at(0, 10), hit_at(None, 1)) == (0.0, 1.0, 0.0, None)
    assert (reciprocal_rank(4), reciprocal_rank(0), reciprocal_rank(None)) == (0.25, 0.0, None)


def test_cited_gold_share():
    cited = [("a.pdf", 2, 2), ("a.pdf", 4, 5), ("b.pdf", 5, 5)]
    assert cited_gold_share(cited, ["a.pdf"], [5]) == pytest.approx(1 / 3)
    assert cited_gold_share(cited, [], [5]) == pytest.approx(2 / 3)
    assert cited_gold_share([], ["a.pdf"], [5]) is None
    assert cited_gold_share(cited, ["a.pdf"], []) is None


def test_groundedness_counts_supported_sentences():
    passage = "Refunds are paid within 14 days after a student withdraws from a course."
    assert grounded_share("Refunds are paid within 14 days [1].", [passage]) == 1.0
    # a number not in the passage: unsupported, whatever the words
    assert grounded_share("Refunds are paid within 15 days [1].", [passage]) == 0.0
    # second sentence: 1 of its 4 content words ("library", "opens", "sunday", "noon") in the passage
    assert grounded_share("Refunds are paid within 14 days. The library opens Sunday at noon.", [passage]) == 0.5
    assert grounded_share("Refunds are paid within 14 days.", []) == 0.0
    # 3 of 5 content words (refunds, paid, within / weekly, always): exactly SUPPORT_SHARE
    assert grounded_share("Refunds paid within weekly always.", [passage]) == 1.0
    assert grounded_share("Refunds paid weekly always now.", [passage]) == 0.0


def test_facts_recall_reads_small_numbers_and_counted_units_however_written():
    assert facts_recall("Sessions are 50 minutes long.", ["50-minute"]) == 1.0
    assert facts_recall("A club needs at least 8 members.", ["eight members"]) == 1.0
    assert facts_recall("Records are kept for 7 years.", ["Seven years"]) == 1.0
    assert facts_recall("Sessions are 45 minutes long.", ["50-minute"]) == 0.0
    assert facts_recall("A club needs at least 18 members.", ["eight members"]) == 0.0


def test_a_minus_between_two_figures_is_a_subtraction_not_a_sign():
    from rag.evaluate.metrics import extract_numbers, numeric_match
    gold = "71.0%: ($20,907 million - $6,065 million) / $20,907 million = $14,842 million / $20,907 million."
    assert [float(n.value) for n in extract_numbers(gold)][:3] == [71.0, 20907e6, 6065e6]
    answer = ("71.0% ((Services net sales 20,907 million [2] - Services cost of sales 6,065 million [2]) / Services net "
              "sales 20,907 million [2] = 14,842 million / 20,907 million = 71.0%)")
    assert numeric_match(answer, gold) == 1.0
    assert float(extract_numbers("free cash flow of -$3,319 million")[0].value) == -3319e6  # a sign stays a sign
    assert float(extract_numbers("it fell 5% - $2 million")[1].value) == 2e6


def test_a_fall_given_as_its_size_is_stated_by_the_signed_change():
    from rag.evaluate.metrics import headline_match, numeric_match
    gold = "They fell by $1,240 million (about 9.4%): $11,984 million minus $13,224 million."
    assert headline_match("= -$1,240 million", gold) == 1.0
    assert headline_match("a fall of $1,240 million", gold) == 1.0
    assert headline_match("= -$1,240 million", "They rose by $1,240 million.") == 0.0  # a rise is no fall
    assert headline_match("-$3,267 million", "A decrease of $3,267 million or 31%.") == 1.0
    # only the fall's own figure: the levels after it keep their sign
    assert numeric_match("-$1,240 million, -9.4%, -$11,984 million, $13,224 million", gold) == 0.0
