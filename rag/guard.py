"""The guard: is the model's answer supported by the passages it was shown, and by which ones?

An answer passes when each of its sentences can be credited to a passage (its numbers found there,
else its [n] marker, else most of its new words) and every number it states is in a passage or the
question, or (when the question asks for arithmetic) computed from a passage's numbers. A figure must
also be one the passages give for what the answer names (mislabelled_figures: not a research and
development figure called revenue from new products), a question asking how many is not answered
with an amount of money (money_for_a_count), a question asking for guidance is answered with a figure a
passage states as one (unforecast_figures), and a name given as the answer is one the passages describe
in the question's terms (misnamed: not the IT help desk as the college's mascot). The model's own "I don't
know" is an abstention. The checks are deterministic text rules: no model is asked (the embedder may be,
for related words: words_related).
"""
from __future__ import annotations

import ast
import operator
import os
import re
from dataclasses import dataclass
from typing import Callable

from ingest.tables import head_months, label_columns
from rag.calculate import Calculation as WorkedOut, aliases_in, passages_of, texts_of
from rag.calculate.formula import Op, Ref
from rag.calculate.names import word_stems
from rag.calculate.question import (SHOTS, YES_NO, asked, period_asked, plain_question, same_setting, segment_asked,
                                    sentences_asking, shots_in, signs_claimed, two_periods_asked)
from rag.calculate.stated import FILING_DATE, deal_sentence, denied_claim, denying_sentence, evidence_sentence, \
    premise_ended, stated_asked
from rag.calculate.formula import dollars
from rag.calculate.direction import (change_of, direction_asked, direction_claimed, growth_question, other_way,
                                     sign_claimed, went_otherwise)
from rag.calculate.guidance import guidance_asked, guidance_given
from rag.calculate.trend import trend_asked
from rag.calculate.rows import cell_for, table_rows, value_of
from rag import prompt as _prompt  # its switches, read when called
from rag.prompt import DONT_KNOW, months_asked, passage_text, worked_out  # what the model read, a table's header rows included
from rag.periods import (FISCAL_SPAN, WRITTEN_DATE, dates_in, fiscal_span_end, fiscal_span_ends, is_period,
                         quarter_asked, quarters_asked, spelled_dates)
from rag.retrieve import STOPWORDS, Hit, is_contents, without_page_numbers
from rag.route import things_allocated, things_named

_WORD = re.compile(r"\w+")
_LIST_ITEM = re.compile(r"(?m)^\s*\d{1,2}[.)](?=\s)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
ATTRIBUTION_SHARE = 0.5  # of a sentence's new content words, for attribute()
# A figure the answer states must be one the passages give for something the answer or question names: the
# words labelling it where it stands (its table row, or its sentence up to it and the words after it) must
# share a word with them, be an acronym they use ("R&D"), or be related words by the embedder (words_related).
# bench/RESULTS.md, ninth session: it withholds "$22,608 million" of revenue from new products where the
# passage gives 22,608 for research and development; over about 1,500 stored answers of earlier runs and the
# reference answers of three sets it withheld none that was right.
LABEL_CHECK = True
# A figure the answer gives when the question asks about one fiscal year ("FY2023", "fiscal 2022") must be one the
# passages give for that year somewhere: each place it stands names the year of its column ("2024: (204)") or of its
# sentence ("... were $204 million in fiscal 2024"). A figure that stands only under other years is withheld; one
# that stands anywhere without a year is not questioned. Fiscal years are taken as named by the year they end in.
PERIOD_CHECK = True
# A figure the answer gives when the question names one full date ("Microsoft's unearned revenue for the Intelligent
# Cloud segment at September 30, 2022") must stand somewhere in a column headed by that date, or somewhere without a
# dated head: one that stands only under other dates ("June 30, 2022: 19,371") is the other date's and is withheld.
# Not when the answer's sentence names that other date. bench/RESULTS.md, twenty-fourth session.
DATE_CHECK = True
# Two figures given for two periods in one breath ("Cash capital expenditures were $13.7 billion and $13.1 billion
# during Q1 2022 and Q1 2023"): a figure stated for the question's period must not be the one the sentence gives
# for the other period. Only when the question names one of the two periods word for word and not the other, and
# the answer's sentence does not also compare with the other period. bench/RESULTS.md, fifteenth session.
PAIRED_PERIOD_CHECK = True
# A figure the answer gives for the one span the question asks ("in its fiscal Q3 2023 (quarter ended July 1, 2023)")
# that the passages state only in sentences about a longer span ("During the nine months ended July 1, 2023, the
# Company repurchased 365 million shares of its common stock for $56.1 billion") is that span's, and withheld; not
# when the answer's sentence names that span, nor where a table or a sentence naming the span asked prints it.
# bench/RESULTS.md, forty-sixth session (blind set 26's h01).
SPAN_SENTENCE_CHECK = True
_PROSE_WORDS = 60  # a "sentence" of more words is a table's rows run together, not prose
# A results table of paired cells ("91.2 / 88.5" under "F1 / EM"): a figure the answer gives for the one metric the
# question names ("F1") must not be the pair's other half (EM's 88.5), when the passages print it only so.
# bench/RESULTS.md, forty-first session.
PAIRED_METRIC_CHECK = True
# When the question's figure was worked out (or looked up) from the passages (rag.calculate) and the model's answer
# does not state it (another figure, or "I don't know" with the figure in front of it), the answer is that figure
# with its calculation and sources, and a warning says the model's text was set aside. Not for a yes/no question
# ("Does Corvane have positive working capital?"): the model's yes or no stands, checked as usual. bench/RESULTS.md,
# twelfth session: the 1.5B gave 31.3% for a worked-out 7.4% three-year average.
WORKED_ANSWER = True
# A question asking for one segment's, product's or region's line by its name ("Apple's net sales in India",
# "Microsoft's Azure revenue"; rag.calculate's segment_asked) is answered only with figures that some passage gives
# beside that name: in a table row labelled by it or under its heading, or in a sentence that names it. Else the
# figure is another segment's ("Europe 23,905", India being part of Europe) or the company's ("Microsoft Cloud
# revenue ... $31.8 billion"). bench/RESULTS.md, nineteenth session.
SEGMENT_CHECK = True
# A question about a thing named by a common noun phrase ("the campus bookstore's opening hours", "the cost to rent
# a cap and gown", "Who coaches the college basketball team?";
# rag.route.things_named) is answered only with figures (prices, times, rooms) that some passage gives near words
# of that thing (each telling word, or a related one, within the figure's sentence and the 300 characters before
# it, or the passage's heading). Else the figure belongs to something else the passages describe: the library's
# hours given as the bookstore's. bench/RESULTS.md, nineteenth session. And what a question asks part of an amount was
# allocated to ("How much of the Activision Blizzard purchase price did Microsoft allocate to goodwill?"; route.
# things_allocated): some figure of the answer stands near it, however many passages say "goodwill" (the $61.8 billion
# cash payment was given as the goodwill: blind set 29's k25). bench/RESULTS.md, fiftieth session.
THING_CHECK = True
# A question asking for a figure, not its change, is not answered with a figure the passages give only as a change
# ("Server products and cloud services revenue increased $3.9 billion or 21% driven by Azure ..." answering "What did
# Azure alone generate in revenue?" with "$3.9 billion"), unless the answer says it is a change. bench/RESULTS.md,
# twenty-sixth session (blind set 11's q05).
CHANGE_CHECK = True
_NEAR = 300
# A question asking for guidance, an outlook or a forecast ("What revenue guidance did NVIDIA give for Q3?") is
# answered only with a figure that some passage states in a forward-looking sentence ("expects capital expenditures
# of $215 million to $235 million", "Outlook: revenue is expected to be $16.0 billion"): a quarterly report's reported
# revenue is no guidance. bench/RESULTS.md, thirteenth session.
FORECAST_CHECK = True
_FORECAST_ASKED = re.compile(r"\b(?:guidance|guid(?:e[ds]?|ing)|outlook|forecast\w*|projections?|projected|expect(?:s|ed)?\s+(?:to|for)|"
                             r"anticipat\w+)\b", re.I)
# ... unless it asks how the actual figure compares with it ("Did Amazon's actual Q3 operating income beat the guidance
# range?") and the answer gives the forecast too: the reported figure is then half the answer (blind set 19's z10,
# thirty-ninth session)
_ACTUAL_ASKED = re.compile(r"\b(?:actual\w*|beat|miss(?:ed)?|exceed\w*|surpass\w*|fell\s+short|came\s+in|versus|vs\.?|"
                           r"compared?\s+(?:with|to)|against|within)\b", re.I)
_FORWARD = re.compile(r"\b(?:expect\w*|anticipat\w*|outlook|guidance|forecast\w*|will|intend\w*|plan(?:s|ned)?|"
                      r"estimat\w*|project(?:s|ed|ions?)|targets?|believe\w*|should|range)\b", re.I)
_PROFIT_ASKED = re.compile(r"\b(?:profitable|profit|make\s+money|in\s+the\s+black|lose\s+money|loss[- ]making|"
                           r"turn(?:ed)?\s+a\s+profit)\b", re.I)
# "Does PAL beat COT on SVAMP?": the figure worked out is the first's less the second's (rag.calculate.cells)
_BEAT_ASKED = re.compile(r"\b(?:beat|outperform|exceed|trail)s?\b", re.I)
_YES_OR_NO = re.compile(r"\s*(yes|no)\b", re.I)  # an answer that starts with its verdict
# MiniLM cosine of two words above which they count as related: "revenue"/"sales" 0.66, "earnings"/"income"
# 0.67, "buybacks"/"repurchases" 0.67; "commuter"/"resident" and "revenue"/"development" fall below. Chosen
# with room below "revenue"/"sales"; the replay in RESULTS (ninth session) compares 0.5 to 0.7.
RELATED_SIMILARITY = 0.55
LABEL_WORDS = 25  # of the row or sentence before a figure, the last this many words label it
# An answer that is a name and little else ("The college's mascot is the Tech Desk.") must name something the
# passages describe in the question's terms: a sentence holding the name shares a word (or a related word)
# with the question's words that are not in most passages ("mascot", not "college"). RESULTS, ninth session.
NAME_CHECK = True
_MARKER = re.compile(r"\[(\d+(?:\s*(?:[,;]|[-–])\s*\d+)*)\]")
_ABSTAIN = re.compile(
    r"\b(i (?:do not|don't|cannot|can't) (?:know|find|answer|determine|tell)|"
    r"(?:is|are) not (?:mentioned|provided|specified|stated|given|included)|not (?:mentioned|specified|stated) in|"
    r"(?:do|does|did) not (?:contain|mention|say|specify|provide|include)|"
    r"(?:don't|doesn't|didn't) (?:contain|mention|say|specify|provide|include)|no information)", re.I)


def check_answer(text: str, question: str, hits: list[Hit], history: list[tuple[str, str]] | None = None,
                 related: Callable[[set[str], set[str]], bool] | None = None,
                 worked: list[WorkedOut] | None = None, calculated: str | None = None,
                 printed: Callable[[str], bool] | None = None, deal_checked: bool = False
                 ) -> tuple[str, list[int], bool, str | None]:
    """The model's text checked against the passages it was shown: (the answer to show, the passages
    [n] it cites, whether it abstains, why it was withheld or None). deal_checked: the deal check has been made
    (DEAL_CHECK: an answer whose yes or no agrees with the deal sentence's is checked again with its passage cited).

    The model's own "I don't know" stands, citing nothing. Otherwise the answer is withheld (DONT_KNOW)
    when it states a number found in no passage (nor computed from two, when the question asks for
    that), a figure the passages give only for something else (mislabelled_figures; related: see
    words_related), or when no passage supports it (see supporting_passages). worked: the figures the prompt
    showed worked out from these hits (rag.prompt.Prompt.worked), else they are worked out here. calculated: the
    question as the calculator read it, where rag.answer rewrote it ("the Azure revenue" for "Azure's revenue"): the
    segment it names is checked when the question as asked names none. printed: whether the documents of the passages
    print a name anywhere (COINED_NAME_CHECK), where the caller can tell.
    """
    text = text.strip()
    redone, sums = redo_arithmetic(money_scaled(shares_scaled(thousands_commas(text, hits), hits), hits))
    redone, turned = redo_directions(redone) if DIRECTION_CHECK else (redone, [])
    apart_written: list[str] = []
    if POINTS_CHECK:  # "3.7 percentage points lower" between 30.7% and 33.5%
        redone, apart, apart_written = redo_points(redone)
        turned = turned + apart
    redone, rescaled = scales_as_printed(redone, hits) if SCALE_CHECK else (redone, [])
    redone, recounted = shares_as_printed(redone, hits) if SHARES_CHECK else (redone, [])
    # the figure asked, or each of two asked together ("net sales and net income"), worked out from the passages
    worked = worked_out(question, hits) if worked is None else worked
    if PACE_CHECK and worked:  # "accelerating" said of growth rates worked out falling quarter by quarter
        redone, paced = redo_pace(redone, worked)
        turned = turned + paced
    forms = [_stated_form(w, redone, hits) for w in worked or []]  # each figure worked out as the answer states it, or
    # None
    stated = worked and all(forms) and not _leads_with_another(redone, forms[0], question) and \
        all(_names_winner(w, redone) for w in worked)
    rounded = bool(stated) and any(f != w.result for f, w in zip(forms, worked))  # stated only as the filing rounds it
    contradicted = bool(worked) and _sign_contradicted(text, question, worked)
    winner = _wrong_winner(text, question, worked or [])  # "AMZN earned more ..., $9,879 million, while MSFT ... $22,291"
    # "Does PAL beat COT on SVAMP?" answered yes or no without the margin worked out: the margin is the answer's support
    margin = len(worked or []) == 1 and asks_yes_no(question) and bool(_BEAT_ASKED.search(question)) and \
        bool(_YES_OR_NO.match(text)) and not stated
    if DIRECTION_PREMISE_CHECK and (claim := direction_claimed(question)) and \
            (other := went_otherwise(claim, worked_out(growth_question(claim), hits))):
        # "Why did Apple cut its quarterly dividend ...?" when the figures rose: they are shown, not the model's reason
        said = "rise" if claim.up else "decline"
        if other_way(claim, value_of(other.result) or 0):
            return _worked_shown([other], f"the model's answer was withheld ({' '.join(text.split())[:120]}): the "
                                 f"question takes {claim.line} as having {'risen' if claim.up else 'fallen'}, the "
                                 f"figures worked out from the sources went the other way",
                                 f"The sources show no {said}: {claim.line} changed year over year by ")
        # "Why did X fall 60% ...?" of a 47% fall: the size worked out (blind set 33's o19 said it right)
        return _worked_shown([other], f"the model's answer was withheld ({' '.join(text.split())[:120]}): the "
                             f"question takes {claim.line} as having {'risen' if claim.up else 'fallen'} "
                             f"{claim.size:g}%, the figures worked out from the sources give another size",
                             f"The sources show a {said} of another size than {claim.size:g}%: {claim.line} changed "
                             "year over year by ")
    if SIGN_PREMISE_CHECK and (sign := sign_claimed(question)) and \
            (figure := worked_out(sign[0], hits)) and len(figure) == 1 and not figure[0].formula.stated and \
            (value := value_of(figure[0].result)) and (value > 0) != sign[1]:
        # "Why did Intel swing to a net loss in Q3 2023?" when it earned $310 million: the figure, not a reason
        said = "profit" if sign[1] else "loss"
        return _worked_shown(figure, f"the model's answer was withheld ({' '.join(text.split())[:120]}): the question "
                             f"takes the line as a {said}, the figure read from the sources is of the other sign",
                             f"The sources show no {said}: ")
    if GUIDANCE_GIVEN and (ranges := guidance_given(question, hits)) and \
            not all(_states(end, text) for g in ranges for end in g.text.split(" to ")):
        # "What fourth-quarter 2023 guidance did Amazon include ...?" answered without the ranges: the ranges
        return (f"{_ORDINAL_WORDS[ranges[0].quarter]} quarter {ranges[0].year} guidance: " +
                "; ".join(f"{g.line.lower()} {g.text} [{g.passage}]" for g in ranges),
                sorted({g.passage for g in ranges}), False,
                f"the model's answer ({' '.join(text.split())[:120]}) did not give the guidance's ranges; the "
                f"passages' ranges are shown instead")
    if worked and WORKED_ANSWER and (verdict := _guidance_verdict(question, worked)):
        # "Did Amazon's Q3 2023 net sales land within the guidance range ...?": each figure against its range decides
        return _worked_shown(worked, f"the yes or no is where the figures fell against the guidance, worked out from "
                             f"the sources ({' '.join(text.split())[:120]})", verdict)
    if worked and WORKED_ANSWER and (verdict := _signs_verdict(question, worked)) and \
            not (stated and _affirms(text) == (verdict == "Yes: ")):
        # "Did Intel report an operating loss ... even though it posted positive net income?": the figures' signs
        # decide; an answer that gives them with the same yes or no stands
        why = "'s yes or no contradicts the signs of the figures" if _affirms(text) != (verdict == "Yes: ") else \
            " did not give the figures"
        return _worked_shown(worked, f"the model's answer{why} worked out from the sources "
                             f"({' '.join(text.split())[:120]}); they are shown with the yes or no they give", verdict)
    if DIRECTION_ASKED and asks_yes_no(question) and (way := direction_asked(question)) and \
            (change := worked_out(growth_question(way), hits)) and (growth := change_of(change)):
        # "Did Apple's Greater China net sales grow year over year in the June 2023 quarter?": the change worked out
        # decides; an answer that gives it with the same yes or no stands
        verdict = "Yes: " if (growth > 0) == way.up else "No: "
        if not (_YES_OR_NO.match(text) and _affirms(text) == (verdict == "Yes: ") and _states(change[0].result, text)):
            return _worked_shown(change, f"the model's answer ({' '.join(text.split())[:120]}) did not give the change "
                                 "worked out from the sources with its yes or no; it is shown with the yes or no it "
                                 "gives", f"{verdict}{way.line} changed year over year by ")
    if PERIODS_SWAPPED_CHECK and worked and stated and (swapped := _periods_swapped(redone, question, worked)):
        # "AWS's operating margin in Q1 2023 was 35.3% compared to 24.0% in Q1 2022": each figure beside the other
        # period (blind set 35's q22)
        return (f"{'; '.join(f'{p}: {w.result}' for p, w in zip(swapped, worked))} ({texts_of(worked)})",
                sorted(passages_of(worked)), False,
                f"the model's answer gave each period the other's figure ({' '.join(text.split())[:120]}); the "
                "figures worked out from the sources are shown with their periods")
    if PERIODS_SWAPPED_CHECK and worked and stated and (quarters := _quarters_mislabelled(redone, question, worked)):
        # each quarter of a trend written with another's figure (blind set 39's u22)
        return (f"{'; '.join(f'{p}: {w.result}' for p, w in zip(quarters, worked))} ({texts_of(worked)})",
                sorted(passages_of(worked)), False,
                f"the model's answer gave a quarter another quarter's figure ({' '.join(text.split())[:120]}); the "
                "figures worked out from the sources are shown with their quarters")
    if worked and WORKED_ANSWER and (not stated and not asks_yes_no(question) or contradicted or margin or winner):
        said = " ".join(text.split())[:120]
        if winner:  # the figures stated, the company named as having more not the one they show
            return _worked_shown(worked, f"the model's answer named the other company as having more ({said}); the "
                                 "figures worked out from the sources are shown instead", f"{winner}: ")
        why = "'s yes or no contradicts the figure" if contradicted else \
            f" did not give the {'margin' if margin else 'figures' if len(worked) > 1 else 'figure'}"
        # a contradicted yes or no is answered the other way ("No: -95 million (...)")
        verdict = ("Yes: " if (value_of(worked[0].result) or 0) > 0 else "No: ") if contradicted or margin else ""
        return _worked_shown(worked, f"the model's answer{why} worked out from the sources ({said}); "
                             f"{'they are' if len(worked) > 1 else 'that figure is'} shown instead", verdict)
    if states_nothing(text):
        return DONT_KNOW, [], True, None
    if PREMISE_CHECK and not asks_yes_no(question) and not says_dont_know(text) and \
            (ended := premise_ended(question, hits)):
        sentence, n = ended
        return (f"I don't know of such a figure: the question takes the deal as completed, but the passages say it "
                f"was ended: \"{sentence}\" [{n}]", [n], True,
                f"the model's answer was withheld ({' '.join(text.split())[:120]}): the deal it assumes was ended")
    if DEAL_CHECK and not deal_checked and asks_yes_no(question) and not says_dont_know(text) and \
            (deal := deal_sentence(question, hits)) and not (_YES_OR_NO.match(text) and _verdict_cited(text, deal)):
        done, sentence, n = deal
        if DEAL_AGREED and _YES_OR_NO.match(text) and _verdict_agrees(text, deal) and \
                set(_NUMBER.findall(text)) - set(_NUMBER.findall(question)):
            # the same yes or no with no marker, and a figure the question did not give ("Yes, Microsoft closed the
            # Activision Blizzard acquisition for a cash payment of $61.8 billion ..."): its passage cited, the answer
            # checked as any other; kept unless withheld (a bare yes is better shown as the sentence with its fact)
            shown = check_answer(f"{text.rstrip()} [{n}]", question, hits, history, related, worked, calculated,
                                 printed, deal_checked=True)
            if not shown[2]:
                return shown
        return (f"{'Yes' if done else 'No'}: \"{sentence}\" [{n}]", [n], False,
                f"the model's answer ({' '.join(text.split())[:120]}); the passage's sentence saying the deal was "
                f"{'completed' if done else 'ended'} is quoted with the yes or no it gives")
    by_question = denied = None  # a yes said no to in the question's words, else in the answer's (DENIED_CLAIM)
    if DENIED_YES_CHECK and asks_yes_no(question) and _affirms(text):
        by_question = denying_sentence(question, hits)
        denied = by_question or (denied_claim(question, text, hits) if DENIED_CLAIM else None)
    if denied:
        whose = "the question's" if by_question else "the answer's"
        return (f"No: \"{denied[0]}\" [{denied[1]}]", [denied[1]], False,
                f"the model's answer said yes ({' '.join(text.split())[:120]}); the passage's sentence that says no in "
                f"{whose} words is quoted instead")
    if RESTATED_CHECK and not asks_yes_no(question) and restates_question(text, question) and \
            not set(_NUMBER.findall(_claims(_UNCLOSED_MARKER.sub("", text)))) - set(_NUMBER.findall(question)):
        # "To see the MAC chip connectivity info ..., you should run the command [3] [2] [4] [1] ...": nothing asked
        return DONT_KNOW, [], True, f"the model's answer was withheld: it only restates the question " \
            f"({' '.join(text.split())[:120]})"
    if says_dont_know(text):
        return text, [], True, None
    text = redone
    # numbers the user wrote ("10-Q", "2023") or that name the files are not the model's inventions, nor is the
    # result of the question's formula worked out from the passages (the prompt showed it: rag.calculate)
    years = [y if len(y) == 4 else f"20{y}" for y in _FY_YEAR.findall(question)]  # "FY24": 2024
    given = " ".join([question, *(asked for asked, _ in history or []), *(h.file for h in hits),
                      *(w.result for w in worked), *(w.step for w in worked), *apart_written])
    # the result of a calculation the answer shows counts as supported when its operands are
    given += " " + " ".join(s.result for s in sums if not unsupported_numbers(s.expression, hits, given))
    missing = unsupported_numbers(text, hits, given, computed=asks_for_arithmetic(question))
    # the year written as a year ("2024", not the figure "2,024")
    missing = [n for n in missing if not (n in years and re.search(rf"(?<![\d,.]){n}(?![\d,])", _claims(text)))]
    cited = supporting_passages(text, hits, question)
    # the year is looked for in the passages the answer draws on: another document of the index may print it
    drawn = [hits[n - 1] for n in cited if 0 < n <= len(hits)] or hits
    unprinted = unprinted_years(text, question, drawn) if YEAR_CHECK and not missing else []
    unset = unprinted_quantities(text, question, drawn) if QUANTITY_CHECK and not (missing or unprinted) else []
    wrong = mislabelled_figures(text, question, hits, related) if LABEL_CHECK and not missing else []
    reported = unforecast_figures(text, question, hits) if FORECAST_CHECK and not (missing or wrong) else []
    if PERIOD_CHECK and not missing:
        wrong += [(n, f"fiscal {years}") for n, years in other_years(text, question, hits) if n not in dict(wrong)]
    if DATE_CHECK and not missing:
        wrong += [(n, dates) for n, dates in other_dates(text, question, hits) if n not in dict(wrong)]
    if COLUMN_CHECK and not missing:
        wrong += [(n, heads) for n, heads in other_columns(text, question, hits) if n not in dict(wrong)]
    if PAIRED_PERIOD_CHECK and not missing:
        wrong += [(n, period) for n, period in other_period_of_pair(text, question, hits) if n not in dict(wrong)]
        wrong += [(n, span) for n, span in other_span_of_pair(text, question, hits) if n not in dict(wrong)]
    if SPAN_SENTENCE_CHECK and not missing:
        wrong += [(n, span) for n, span in other_span_of_sentence(text, question, hits) if n not in dict(wrong)]
    if PAIRED_METRIC_CHECK and not missing:
        wrong += [(n, metric) for n, metric in other_metric_of_pair(text, question, hits) if n not in dict(wrong)]
    if worked:  # an operand the calculation took for a term ("COGS" from "Cost of sales") is labelled as asked
        operands = " ".join(o.figure for w in worked for o in w.operands())
        wrong = [(n, label) for n, label in wrong if not _states(n, operands)]
    if worked and all(_states(w.result, text) for w in worked):  # "42.3%" alone: its operands' passages support it
        cited = sorted(set(cited) | passages_of(worked))
        if not all(_states(o.figure, text) for w in worked for o in w.operands()):
            text = f"{text.rstrip()} ({texts_of(worked)})"  # and the user sees how it was worked out
    if MEASURE_CHECK and not (missing or wrong) and not worked:
        wrong += other_measures_figures(text, question, hits)
    if SEGMENT_CHECK and not (missing or wrong) and not worked:
        # (the question as the calculator read it: "Azure's revenue" or a bare "azure revenue ... for msft" as the Azure
        # revenue, when the question as asked names no segment or only words that may name the company)
        segmented = calculated if calculated and not ((s := segment_asked(plain_question(question))) and not s[2]) \
            else question
        wrong += other_segments_figures(text, segmented, hits)
    if THING_CHECK and not (missing or wrong) and not worked:
        wrong += figures_of_other_things(text, question, hits, related)
    unnamed = figures_of_unnamed(text, question, hits, printed) if COINED_NAME_CHECK and not (missing or wrong) and \
        not worked else []
    if RESPECTIVELY_CHECK and not (missing or wrong) and not worked:
        wrong += figures_of_other_names(text, question, hits)
    if ROW_NAME_CHECK and not (missing or wrong) and not worked:
        wrong += figures_of_other_rows(text, question, hits)
    if CHANGE_CHECK and not (missing or wrong) and not worked:
        wrong += changes_as_levels(text, question, hits)
    if COUNT_CHECK and not (missing or wrong):
        if counted := counts_of_other_things(text, question, hits):
            said = " ".join(text.split())[:200]
            why = "; ".join(f"states {n}, which the passages count for \"{label}\"" for n, label in counted)
            if found := counting_sentence(question, hits):
                return (f"\"{found[0]}\" [{found[1]}]", [found[1]], False,
                        f"the model's answer was set aside: it {why} ({said}); the passage's sentence that counts what "
                        "was asked is quoted instead")
            return DONT_KNOW, [], True, f"the model's answer was withheld: it {why} ({said})"
    shots = other_shots(text, question) if SHOTS_CHECK and not (missing or wrong) else []
    money = not missing and money_for_a_count(text, question, hits)
    uncounted = COUNT_CHECK and not (missing or wrong or money) and no_count_for_how_many(text, question)
    names = misnamed(text, question, hits, related) if NAME_CHECK and not (missing or wrong or money) else []
    if ENTRY_NAME_CHECK and not (missing or wrong or money or names):
        names = names_from_elsewhere(text, question, hits, related)
    if ROLE_CHECK and not (missing or wrong or money or names):
        names = names_of_other_roles(text, question, hits)
    figureless = FIGURE_CHECK and not (missing or wrong or money or uncounted) and no_figure_for_a_line(text, question)
    offtopic = TOPIC_CHECK and not (missing or wrong or money or names) and speaks_to_nothing_asked(text, question)
    if worked and WORKED_ANSWER and (missing or wrong) and not asks_yes_no(question):
        # the figure worked out, stated beside figures no passage supports ("$5,123 million, up from $5,000 million"):
        # the worked-out figure, not a withheld answer
        bad = (f"{', '.join(missing)}, found in no passage" if missing else
               "; ".join(f"{n}, which the passages give for \"{label}\"" for n, label in wrong))
        return _worked_shown(worked, f"the model's answer also stated {bad} ({' '.join(text.split())[:120]}); the "
                             "figure worked out from the sources is shown instead")
    if not cited or missing or unprinted or unset or wrong or unnamed or reported or shots or money or names or \
            uncounted or figureless or offtopic:
        if rounded and WORKED_ANSWER:  # the rounding let through, the rest not: the figure worked out, as before it
            return _worked_shown(worked, "the model's answer gave the figure worked out as the filing rounds it but "
                                 f"is not supported otherwise ({' '.join(text.split())[:120]}); the figure worked out "
                                 "is shown instead")
        why = (f"states {', '.join(missing)}, found in no passage" if missing else
               f"gives a figure for {' and '.join(unprinted)}, a year the passages it draws on don't print" if unprinted
               else
               f"gives a figure for {' and '.join(unset)}, which the passages it draws on don't print" if unset else
               "; ".join(f"states {n}, which the passages give for \"{label}\"" for n, label in wrong) if wrong else
               "; ".join(f"states {n} from passages that never name {name}" for n, name in unnamed) if unnamed else
               f"states {', '.join(reported)}, which the passages report, not forecast" if reported else
               f"gives the {shots[0]} figure for a question asking another setting" if shots else
               "gives an amount of money for a question asking how many" if money else
               "gives no number for a question asking how many" if uncounted else
               "gives no figure for a question asking for a statement's figure" if figureless else
               "says nothing about what the question asks" if offtopic else
               "; ".join(f"names {name}, which the passages describe otherwise (\"{said}\")" for name, said in names)
               if names else "matches no passage")
        said = " ".join(text.split())[:200]
        if DASH_NO and wrong and (dash := nothing_in_column(text, question, hits)):
            label, head, n, figure, other = dash
            return (f"No: \"{label}\" shows a dash (nothing) for {head} [{n}]; the {figure} is for {other}.", [n],
                    False, f"the model's answer said yes with a figure of another period's column ({said}); the "
                    "passage's row shows nothing for the period asked")
        if PAIR_QUOTED and wrong and not missing and stated_asked(question) and \
                (pair := paired_sentence([n for n, _ in wrong], question, hits)):  # (one figure asked, "What was ...")
            return (f"\"{pair[0]}\" [{pair[1]}]", [pair[1]], False,
                    f"the model's answer was set aside: it {why} ({said}); the passage's sentence that gives the figure "
                    "of each period is quoted instead")
        if EVIDENCE_CHECK and why == "matches no passage" and asks_yes_no(question) and _YES_OR_NO.match(text) and \
                (found := evidence_sentence(question, hits)):
            return (f"\"{found[0]}\" [{found[1]}]", [found[1]], False,
                    f"the model's answer was set aside: it matches no passage ({said}); the passage's sentence about "
                    "what the question names is quoted instead, without a yes or no")
        return DONT_KNOW, [], True, f"the model's answer was withheld: it {why} ({said})"
    fixed = [s for s in sums if s.result != s.written]
    notes = ([("the model's arithmetic was redone: " + "; ".join(f"{s.expression} = {s.result}, not {s.written}"
                                                              for s in fixed))] if fixed else []) + \
        ([f"the model's direction was turned: {'; '.join(turned)}"] if turned else []) + \
        ([f"the model's scale was written as the passages print it: {'; '.join(rescaled)}"] if rescaled else []) + \
        ([f"the model's shares and money were written as the passages print them: {'; '.join(recounted)}"]
         if recounted else [])
    return text, cited, False, "; ".join(notes) or None


def _stated_form(w: WorkedOut, text: str, hits: list[Hit]) -> str | None:
    """The figure worked out as the answer states it (_states_signed, or rounded as a passage prints it), else None;
    the parts listed of a total (rag.calculate.breakdown), all of them or None: "$354 million" alone leaves out the
    $348 million beside it (blind set 29's k03)."""
    if w.formula.listed:
        return w.result if all(_states(n, text) for n in _NUMBER.findall(w.result)) else None
    return w.result if _states_signed(w.result, text, _is_change(w)) else _rounded_as_printed(w.result, text, hits)


def _names_winner(worked: WorkedOut, text: str) -> bool:
    """Whether an answer names the row a ranking found on top ("Client Computing"), where the figure is one: its
    figure beside another row's name is no answer."""
    if not worked.formula.ranked:
        return True
    words = [w for w in re.findall(r"[a-z0-9]+", worked.operands()[0].label.lower()) if w not in STOPWORDS]
    said = set(re.findall(r"[a-z0-9]+", text.lower()))
    return bool(words) and all(w in said for w in words)


def _worked_shown(worked: list[WorkedOut], why: str, lead: str = "") -> tuple[str, list[int], bool, str]:
    """check_answer's reply showing the figures worked out in place of the model's answer: "[lead]A and B (how each
    was worked out)", a ranking's top row named before its figure ("Japan: -15.7%"), citing their passages; why: the
    warning."""
    results = [f"{w.operands()[0].label}: {w.result}" if w.formula.ranked or w.formula.bridged else w.result
               for w in worked]
    shown = f"{lead}{' and '.join(results)} ({texts_of(worked)})" if any(results) else f"{lead}{texts_of(worked)}"
    return shown, sorted(passages_of(worked)), False, why


_PERIOD_WORDS = frozenset("""january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec three six nine twelve months month ended ending quarter quarters year
years fiscal total net in millions million billion thousands except per share amounts unaudited""".split())
_SENTENCE_END = re.compile(r"(?<=[\w%)][.;!?])\s+(?=[A-Z•])|•")
_FIGURES_SIDE_BY_SIDE = re.compile(r"\d[\d,.]*\s*[%)]?\s+[$(]?\s*\d")  # "3,870 27.3 % 4,302", not "$152 million, $1.2"
_ROW_END = re.compile(r"\d[\d,.]*\s*[%)]?\s*$")  # a cell or line ending in a figure ends a table row
_LINE_END = re.compile(r"(?:[.;:!?\]]|\d[\d,.]*\s*[%)]?)\s*$|^\s*$")  # ends a sentence, a heading, a row, a gap
_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$|\bp\.\s*$", re.I)
_ACRONYM = re.compile(r"\b[A-Z](?:&?[A-Z]){1,4}\b")


def mislabelled_figures(text: str, question: str, hits: list[Hit],
                        related: Callable[[set[str], set[str]], bool] | None = None) -> list[tuple[str, str]]:
    """Figures of the answer (an amount of three digits or more, or fewer written as money: "$29 million"; not
    a percentage, a year or a number the question gives) that stand in the passages only under labels unrelated
    to what the answer's sentence and the question name: (figure, how a passage labels it). A figure found
    unlabelled anywhere, or in no passage (unsupported_numbers' business), is not questioned."""
    shown = [passage_text(h) for h in hits]
    asked = set(_numbers(question).split())
    wrong: list[tuple[str, str]] = []
    for sentence in _sentences(_claims(text)):
        described = _label_words(sentence + " " + question)
        # a row named by a statement line's common name ("capex": "Purchases of property, ..."; rag.calculate)
        phrases = [{w[:5] for w in _label_words(a)} for a in aliases_in(sentence + " " + question)]
        acronyms = {re.sub(r"\W", "", a).lower() for a in _ACRONYM.findall(sentence + " " + question)}
        for m in _NUMBER.finditer(sentence):
            n = m.group().rstrip(".,")
            if (not _figure(n, sentence[:m.start()], sentence[m.end():]) or n.replace(",", "") in asked
                    or any(n == w for w, _ in wrong)):
                continue
            labels = [label for t in shown for label in figure_labels(n, t)]
            if not labels or any(not _label_words(label) for label in labels):
                continue
            if _beside_an_amount_asked(n, question, shown):
                continue  # "how much was left under the $60B buyback authorization?": "$36.1 billion remained of
                # this $60.0 billion share repurchase program" is about the program the question names by its size
            if not any(_names_same(label, described, acronyms, related) or
                       any(p and p <= {w[:5] for w in _label_words(label)} for p in phrases) for label in labels):
                wrong.append((n, labels[0]))
    return wrong


_NAME = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:of\s+|and\s+|the\s+)?(?:[A-Z][a-z]+|[A-Z]{2,}))+")
_DAYS_MONTHS = (r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?|January|February|March|April|May|June|July|August|"
                r"September|October|November|December")
_CALENDAR = re.compile(rf"{_DAYS_MONTHS}(?:\s+(?:and|of|the)?\s*{_DAYS_MONTHS})*")
_PROSE_SENTENCE = re.compile(r"(?<!\b[A-Z]\.)(?<!Dr\.)(?<!Mr\.)(?<!Ms\.)(?<!Mrs\.)(?<!St\.)(?<=[.!?])\s+")


def misnamed(text: str, question: str, hits: list[Hit],
             related: Callable[[set[str], set[str]], bool] | None = None) -> list[tuple[str, str]]:
    """Names (capitalised phrases the question doesn't hold) that make up most of what a short answer adds,
    and that no passage sentence holding them relates to the question: (name, a sentence holding it). The
    question's words found in most passages ("college" in a college's handbook) don't count as relating;
    a question left with none is not checked."""
    texts = [" ".join(passage_text(h).split()) for h in hits]
    asked = _telling_words(question, texts)
    added = _label_words(_claims(text)) - _label_words(question)
    asked_words = {w.lower() for w in _WORD.findall(question)} | {"the", "of", "and"}
    wrong: list[tuple[str, str]] = []
    if not asked or not added:
        return wrong
    pairs = _sentence_pairs(texts)
    for m in _NAME.finditer(_claims(text)):
        name = re.sub(r"^(?:The|A|An)\s+", "", m.group())
        words = _label_words(name)
        if {w.lower() for w in _WORD.findall(name)} <= asked_words or len(words & added) < 0.7 * len(added):
            continue  # the question's own name, or not the whole of what the answer adds
        if _CALENDAR.fullmatch(name):
            continue  # "Tuesdays and Thursdays" is a time, not a name
        # each sentence holding the name, with the one before it ("... the ombudsperson. The office is in ...")
        sentences = [f"{before} {sentence}" for before, sentence in pairs if name in sentence]
        if sentences and not any(_names_same(s.replace(name, " "), asked, set(), related) for s in sentences):
            wrong.append((name, sentences[0].strip()[-120:]))
    return wrong


def _telling_words(question: str, texts: list[str]) -> set[str]:
    """The question's label words that tell its thing apart: those found (by their first five letters) in fewer
    than most of the passages' texts ("college" in a college's handbook tells nothing)."""
    held = [{w[:5] for w in _label_words(t)} for t in texts]
    return {w for w in _label_words(question) if sum(w[:5] in h for h in held) < max(2, len(texts) - 1)}


def _sentence_pairs(texts: list[str]) -> list[tuple[str, str]]:
    """Each prose sentence of the texts with the one before it ("" for a text's first): "... the ombudsperson." then
    "The office is in ..."."""
    return [(split[i - 1] if i else "", sentence) for t in texts
            for split in [_PROSE_SENTENCE.split(t)] for i, sentence in enumerate(split)]


# A single name the answer adds ("Toth"; a place's, "House Hirol", for "where") that the passages print only in
# sentences about other things, where another passage sentence is about what the question names ("Draconis"): the
# model took it from a neighbouring entry. bench/RESULTS.md, thirty-seventh and thirty-eighth sessions.
ENTRY_NAME_CHECK = True
# a capitalised word after a lower-case one and before no capitalised one: a name of one word ("as Toth, the")
_ONE_NAME = re.compile(r"\b([a-z]+),? ([A-Z][a-z]{2,})\b(?!\s+(?:[A-Z]|&)|[-'’]\w)")  # not "Jen" of "Jen-Hsun"
_ASKS_NAME = re.compile(r"^\s*(?:which|who|whom|whose|where)\b|\bwhat\s+(?:is|was|are|were)\s+(?:the|its|their)\s+"
                        r"names?\b", re.I)
# a place's name of one word or more, after a lower-case word ("delivered to House Hirol's dining room")
_PLACE_NAME = re.compile(r"\b([a-z]+),? ((?:[A-Z][a-z]{2,}\s+)*[A-Z][a-z]{2,})\b")


def names_from_elsewhere(text: str, question: str, hits: list[Hit],
                         related: Callable[[set[str], set[str]], bool] | None = None) -> list[tuple[str, str]]:
    """Single capitalised words the answer adds (not the question's, not a month or a day) that every passage
    sentence holding them (with the one before it) relates none of the question's telling words to, while some
    passage sentence does relate to them: (name, a sentence holding it). Asked which Old God the Draconis
    constellation represents, where the passage on Draconis names none, the model answered Toth from the entry on
    the constellation Toth. Only for a question asking for a name ("which", "who") or a place ("where": a place's
    name of one word or more, "House Hirol", taken from a letter for where a memo's laptops were delivered);
    misnamed's words: a question's word found in most passages doesn't tell."""
    if not _ASKS_NAME.search(question):
        return []
    texts = [" ".join(passage_text(h).split()) for h in hits]
    asked = _telling_words(question, texts)
    asked_words = {w.lower() for w in _WORD.findall(question)}
    if not asked:
        return []
    sentences = [f"{before} {sentence}".strip() for before, sentence in _sentence_pairs(texts)]
    about = [s for s in sentences if _names_same(s, asked, set(), None)]  # the question's thing, word for word
    if not about:
        return []
    wrong: list[tuple[str, str]] = []
    where = re.match(r"\s*where\b", question, re.I)
    for name in dict.fromkeys(m.group(2) for m in (_PLACE_NAME if where else _ONE_NAME).finditer(_claims(text))):
        if name.lower() in asked_words or _CALENDAR.fullmatch(name) or name.lower() in STOPWORDS:
            continue
        holding = [s for s in sentences if re.search(rf"\b{name}\b", s)]
        if holding and not any(_names_same(s.replace(name, " "), asked, set(), related) for s in holding):
            wrong.append((name, holding[0][-120:]))
    return wrong


# A person the answer names for a role the question asks by ("Who was the National Cyber Director that resigned?"),
# whom the passages print only beside other titles ("Chuck Young, Managing Director, Public Affairs", a report's
# contact block): the model took the nearest name with a title. bench/RESULTS.md, thirty-ninth session.
ROLE_CHECK = True
_TITLE_NOUNS = frozenset("""director president officer manager chair chairman chairwoman chairperson secretary dean head
chief executive treasurer editor professor coordinator counsel controller founder partner principal administrator
commissioner governor minister mayor superintendent supervisor lead leader provost chancellor registrar advisor adviser
ceo cfo coo cto cio ciso vp svp evp md""".split())
_ROLE_ASKED = re.compile(r"^\s*who\s+(?:is|was|are|were|'s|has\s+been|had\s+been)\s+(?:the|its|their|our|your)\s+"
                         r"(?:(?:current|former|new|acting|then)\s+)?"
                         r"(?P<role>[A-Za-z][\w&.-]*(?:\s+[A-Za-z][\w&.-]*){0,4}?)"
                         r"(?=\s+(?:that|who|which|whom|of|at|for|in|on|to|from|during|when|since|between|and)\b"
                         r"|\s*[?,]|$)",
                         re.I)
# "Chuck Young", "Mary K. Smith", "Jen-Hsun Huang"
_PERSON = re.compile(r"(?<![\w-])[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2}\b")
# the title printed after a name: "Chuck Young, Managing Director, Public Affairs", "Lee McCracken (Assistant Director)"
# (capitalised: not "Dr. Priya Halloran, the Provost is ...", the next clause of a sentence)
_TITLE_AFTER = r"\s*(?:,|\(|–|—|-)\s*([A-Z][^,;()\n\d]*(?:,\s*[A-Z][^,;()\n\d]*)?)"
# or on the line below a name alone on its line, with the next when it ends in "and" or a comma, and a role in brackets
# below (a signature: "Brian T. Olsavsky\nSenior Vice President and\nChief Financial Officer\n(Principal Financial
# Officer)")
_SIGNED_TITLE = r"[ \t]*((?:[A-Z][^;()\n\d:]*(?:(?<=\band)|(?<=,))\n[ \t]*[A-Za-z][^;()\n\d:]*|[A-Z][^;()\n\d:]*)" \
    r"(?:\n[ \t]*\([^()\n\d]*\))?)"


def names_of_other_roles(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """People the answer names (not the question) for a role the question asks by ("Who was the National Cyber
    Director ..."), whom every passage that prints them prints beside a title (one with a title noun: "Managing
    Director, Public Affairs") lacking some word of the role asked: (name, the title printed). A name printed without a
    title, or once with the role's words ("Jane Doe, Dean of Students"; "CEO" for "Chief Executive Officer"), passes."""
    asked = _ROLE_ASKED.match(" ".join(question.split()))
    if not asked:
        return []
    role = [w.lower() for w in re.findall(r"[A-Za-z]+", asked.group("role")) if w.lower() not in STOPWORDS]
    if not role or role[-1] not in _TITLE_NOUNS:
        return []
    texts = [passage_text(h) for h in hits]
    wrong = []
    for name in dict.fromkeys(m.group(0) for m in _PERSON.finditer(_claims(text))):
        if name.lower() in question.lower() or any(w.lower() in role for w in name.split()):
            continue
        after, signed = re.escape(name) + _TITLE_AFTER, rf"^[ \t]*{re.escape(name)}[ \t]*\n{_SIGNED_TITLE}"
        titles = [m.group(1) for t in texts for m in [*re.finditer(after, t), *re.finditer(signed, t, re.M)]]
        titles = [" ".join(t.split()) for t in titles if set(re.findall(r"[a-z]+", t.lower())) & _TITLE_NOUNS]
        if titles and not any(_holds_role(role, title) for title in titles):
            wrong.append((name, titles[0]))
    return wrong


def _holds_role(role: list[str], title: str) -> bool:
    """Whether a printed title holds every word of a role (by its first four letters) or is its acronym, either way
    ("CEO" for "Chief Executive Officer")."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", title) if w.lower() not in STOPWORDS]
    if all(any(w[:4] == r[:4] for w in words) for r in role):
        return True
    acronyms = {w for w in [*role, *words] if w in _TITLE_NOUNS and len(w) <= 4}
    spelled = ("".join(w[0] for w in words), "".join(r[0] for r in role))  # "pceo": President and CEO
    return any(a in spelled[0] or a in spelled[1] for a in acronyms)


# A figure given for a question about a calendar year that the passages the answer draws on never print ("in 2021",
# over a page of 2022 and 2020 figures) answers another year. bench/RESULTS.md, thirty-seventh session.
YEAR_CHECK = True
# a year the figure asked is for ("in 2021", "for 2021", "as of 2021"), not one naming a document ("the 2024 10-K",
# "Q3 2022 10-Q") nor a fiscal year ("FY2024", "fiscal 2024": rag.periods' matter)
_YEAR_ASKED = re.compile(r"\b(?:in|for|during|as\s+of|by|through|since|of)\s+(?:calendar\s+(?:year\s+)?|the\s+year\s+)?"
                         r"((?:19|20)\d\d)\b(?![\d,.]\d|['’]s|\s*(?:-|–)?\s*(?:\d|10-?[kq]|form|report|filing|annual|"
                         r"quarterly|handbook|edition|proxy|survey|paper|study))", re.I)


def unprinted_years(text: str, question: str, hits: list[Hit]) -> list[str]:
    """Years the question asks a figure for ("in 2021": _YEAR_ASKED) that no passage prints (in its text, its
    table's head or its file's name), when the answer states a figure other than a year: asked Chevron's carbon
    intensity in 2021, the model gave the page's 2022 figure."""
    years = list(dict.fromkeys(_YEAR_ASKED.findall(question)))
    spans = [m for m in FISCAL_SPAN.finditer(question) if fiscal_span_end(m)]
    if not (years or spans) or not [n for n in _NUMBER.findall(_claims(text)) if not _YEAR.fullmatch(n)]:
        return []
    printed = _drawn_text(hits)
    # a fiscal year written as its two calendar years ("FY 2020-21") is printed as 2020-21, 2020-2021, 2020/21 or FY21
    return [y for y in years if not re.search(rf"(?<!\d){y}(?!\d)", printed)] + \
        [m[0] for m in spans if not re.search(rf"(?<!\d){m[1]}\s?[-–/]\s?(?:20|19)?{m[2][-2:]}(?!\d)|"
                                              rf"\bFY\s?['’]?(?:20|19)?{m[2][-2:]}(?!\d)", printed, re.I)]


QUANTITY_CHECK = True
# a quantity the question sets ("with 12 g of the inhibitor", "top-50 accuracy", "LLaMA-65B", "12% of revenue"): a
# number joined to a unit or a size letter, or a rank's "top"; not a date's day, a quarter ("3Q23", "1H FY24", "9M"),
# a form ("10-Q"), an amount of money ("$5M") nor a bound ("more than 10%")
_QUANTITY_ASKED = re.compile(
    r"\btop[- ]?(\d+)\b(?![.,]\d)|(?<![\w.,$€£/])(?<![\d.,]-)(\d+(?:\.\d+)?)\s?"
    r"(?:%|(?:mg|mcg|µg|kg|g|ml|mm|cm|km|gb|mb|tb|kb|b|k|x|°c|°f)(?![\w°-]))(?!\s*(?:fy|fiscal|\d))", re.I)

_BOUND_BEFORE = re.compile(r"\b(?:than|over|above|below|under|least|most|exceed(?:s|ed)?|beyond|upto|up\s+to)\s+$",
                           re.I)

_NAMED_SIZE = re.compile(r"\b([A-Za-z][\w.]*)-$")


def unprinted_quantities(text: str, question: str, hits: list[Hit]) -> list[str]:
    """Quantities the question sets (_QUANTITY_ASKED) whose number no passage the answer draws on prints, when the
    answer states a figure of its own: asked the corrosion rate with 12 g of inhibitor, the model gave the 8 g row;
    asked top-50 accuracy, the top-20 column."""
    # (a size naming a thing, "GLM-130B", whose name the passages don't print: the name checks' matter, rag.answer)
    asked = [(m.group(), m.group(1) or m.group(2),
              m.group(2) and (named := _NAMED_SIZE.search(question[:m.start()])) and named[1])
             for m in _QUANTITY_ASKED.finditer(question) if not _BOUND_BEFORE.search(question[:m.start()])]
    # (a year is no figure of its own: "fell 47% in the December 2022 quarter" restates the question, blind set 33's o19)
    own = [n for n in _NUMBER.findall(_claims(text)) if n.rstrip(".") not in {n for _, n, _ in asked}
           and not _YEAR.fullmatch(n.rstrip("."))]
    if not asked or not own:
        return []
    printed = _drawn_text(hits)
    return list(dict.fromkeys(said.strip() for said, n, name in asked if not _prints_quantity(printed, said, n)
                              and not (name and not re.search(rf"\b{re.escape(name)}\b", printed, re.I))))


def _drawn_text(hits: list[Hit]) -> str:
    """What the passages print, their files' names and table heads included, a line each as printed."""
    return "\n".join(f"{h.file}\n{h.heading or ''}\n{passage_text(h)}" for h in hits)


def _prints_quantity(printed: str, said: str, number: str) -> bool:
    """A rank as a rank ("Top-20", "top 100"); any other quantity's number other than alone on its line (a chart's
    axis, a page number): a table's row "8 0.1240 0.0556" or its column "Concentration (g)" over "12"."""
    if said.lower().startswith("top"):
        return bool(re.search(rf"\btop[- ]?{number}(?!\d|[.,]\d)", printed, re.I))
    figure = rf"(?<![\d.,]){re.escape(number)}(?:\.0+)?(?!\d|[.,]\d)"
    return any(not re.fullmatch(rf"\s*{figure}\s*", line) for line in printed.splitlines()
               if re.search(figure, line))


_HOW_MANY = re.compile(r"\bhow many\b(?!\s+(?:dollars|euros|pounds|cents)\b)", re.I)
_MONEY_BEFORE = re.compile(r"(?:[$€£]|\b(?:USD|EUR|GBP))\s*\(?\s*$")


_MONEY_TOO = re.compile(r"\bhow\s+(?:much|big|large)\s+(?:was|were|is|are|did)\b", re.I)


def money_for_a_count(text: str, question: str, hits: list[Hit] | None = None) -> bool:
    """The question asks how many (units, members, employees) and every figure of the answer is an amount
    of money, as the answer writes it or as every passage holding it does ("10.1 billion paid members" for
    a passage's "$10.1 billion was recognized as revenue"): the model copied an amount for a count the
    documents don't give."""
    if not _HOW_MANY.search(question) or _MONEY_TOO.search(question):
        return False  # (asked an amount as well: "How big was the charge, ..., and how many jobs ...?")
    claims = _claims(text)
    shown = [passage_text(h) for h in hits or []]
    figures = _stated_figures(claims, question)
    return bool(figures) and all(_money(claims, m.start(), m.end()) or
                                 _money_in_passages(m.group().rstrip(".,"), shown) for m in figures)


def changes_as_levels(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """The answer's figures that every passage giving them gives as a change ("revenue increased $3.9 billion"), for a
    question that asks for no change and an answer that does not call them one: (figure, the passage's words)."""
    if _ASKS_CHANGE.search(question):
        return []
    claims, shown = _claims(text), [passage_text(h) for h in hits]
    wrong = []
    for m in _stated_figures(claims, question):
        n = m.group().rstrip(".,")
        if _CHANGED_BY.search(claims[max(0, m.start() - 40):m.start()]):
            continue  # "grew $3.9 billion": the answer gives it as a change
        found = [(t, at) for t in shown for at in _occurrences(n, t)]
        if found and all(changed := [_CHANGED_BY.search(t[max(0, at.start() - 40):at.start()]) for t, at in found]):
            wrong.append((n, " ".join(changed[0].group().split()).rstrip(" $(") + " (a change)"))
    return wrong


# a figure given as a change: "increased $3.9 billion", "grew by 21%", "up $876 million", "a decrease of $2.6 billion"
_CHANGED_BY = re.compile(r"\b(?:increased|decreased|grew|rose|fell|declined|dropped|climbed|jumped|improved|"
                         r"up|down|(?:an?\s+)?(?:increase|decrease|decline|rise|drop|growth|improvement)\s+of)"
                         r"(?:\s+by)?(?:\s+(?:approximately|about|nearly|almost|over|more\s+than))?\s*\$?\s?\(?$", re.I)
_ASKS_CHANGE = re.compile(r"\b(?:chang\w*|increas\w*|decreas\w*|grow\w*|grew|declin\w*|ris\w*|rose|fell|fall\w*|"
                          r"drop\w*|jump\w*|trend\w*|compar\w*|versus|vs\.?|between|differen\w*|up|down|swing|swung|"
                          r"improv\w*|narrow\w*|widen\w*|y/y|yoy|year[- ]over[- ]year|sequential\w*|more|less)\b", re.I)


# "What was the operating income of Amazon's advertising business in Q3 2023?" answered "The operating income ... was
# primarily due to increased unit sales ...": a figure's line asked (the calculator reads one), none given
FIGURE_CHECK = True
# "What was the operating income of ...", "What were Apple's total net sales ...", "How much ...": a figure asked, by the
# words before any preposition (not "What was the impact of currency on revenue")
_FIGURE_ASKED = re.compile(r"^\s*(?:what\s+(?:was|were|is|are)\s+(?:(?:the|its|their)\s+|[\w.&-]+(?:'s|’s)\s+)?"
                           r"(?:(?!(?:of|on|to|for|in|from|by|at|with|and|or|impact|effect|reasons?|drivers?|causes?|"
                           r"trends?|outlook|strategy|primary|main|key|nature|purpose|status|breakdown)\b)[\w&-]+\s+){0,4}?"
                           r"(?:revenues?|sales|income|profits?|earnings|expenses?|costs?|margins?|cash|debt|assets|"
                           r"liabilities|spending|capex|eps)(?=\s+(?:of|for|in|during|at|as\s+of|on|from|through|over|"
                           r"reported|recorded|did|was|were)\b|\s*[?.,;]|\s*$)|how\s+much\b)", re.I)
# (the line's word ends what is asked: not "revenue recognition policy", "revenue drivers", "capex guidance")
# an answer that says there is none, or nothing changed: "at no charge", "did not issue any", "were flat"
_NONE_SAID = re.compile(r"\b(?:no|none|zero|not|never|nothing|neither|free|flat|unchanged|nil|didn['’]t|doesn['’]t|"
                        r"isn['’]t|wasn['’]t|weren['’]t|n/a|loss)\b", re.I)  # "a net loss": the sign is said


def no_figure_for_a_line(text: str, question: str) -> bool:
    """The question asks for a line's figure (_FIGURE_ASKED; or as the calculator reads it: a line's or a measure's
    common name, rag.calculate.asked, in it or in one of its sentences), and the answer states no number but the
    question's own (its year, its quarter): it talks about the line instead (its drivers)."""
    def named(q: str) -> bool:  # a line by its common name or a measure by its own ("free cash flow"); not a lookup in
        # the question's own words (any words at all), nor one line set against another ("how does X relate to Y")
        return bool((f := asked(q)) and (f.lookup and not f.exact or f.measure))
    if YES_NO.match(question) or not (_FIGURE_ASKED.match(question) or named(question) or
                                       any(named(s) for s in sentences_asking(question))):
        return False
    claims, said = _claims(text), set(_numbers(spelled_dates(question)).split())
    if _NONE_SAID.search(claims):
        return False
    return not [m for m in _NUMBER.finditer(claims) if not _dates_or_points(m.group().rstrip(".,"), claims[:m.start()])
                and not (m.group().replace(",", "").rstrip(".,") in said and not _AMOUNT_AROUND.match(claims, m.start())
                         and claims[max(0, m.start() - 1):m.start()] != "$")
                and not _YEAR_ALONE.fullmatch(m.group())]


_YEAR_ALONE = re.compile(r"(?:19|20)\d\d")
_AMOUNT_AROUND = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b|million\b|billion\b|thousand\b)")


def no_count_for_how_many(text: str, question: str) -> bool:
    """The question asks how many and the answer gives no number, nor says none ("iPhone net sales were relatively
    flat ...", asked how many iPhones were sold): it answers something else."""
    if not _HOW_MANY.search(question):
        return False
    claims = _claims(text)
    numbers = [m for m in _NUMBER.finditer(claims) if not _dates_or_points(m.group().rstrip(".,"), claims[:m.start()])
               and not (_IN_A_NAME.search(claims[:m.start()]) and re.match(r"[ \t]+[A-Z]", claims[m.end():]))]
    # (a number inside a product's name counts nothing: "iPhone 14 Pro models", "Microsoft 365 Consumer")
    return not numbers and not re.search(rf"\b(?:{_COUNT_WORDS}|no|none|zero|not|never|nothing|neither|once|twice|"
                                         r"both|single|several|each)\b"
                                         r"(?![- ](?:months?|weeks?|quarters?|years?|days?)\b)", claims, re.I)


_IN_A_NAME = re.compile(r"(?<=[a-z,][ \t])(?:[A-Z]\w*|[a-z]+[A-Z]\w*)[ \t]$")  # a name's number: "of iPhone 14 Pro"
COUNT_CHECK = True  # "how many members": a count the passages give only for another thing ("120 student organizations")
# the thing a "how many" question counts: the last word before a verb, a preposition or the end ("how many members
# does", "how many student organizations are", "how many meals per week")
_COUNTED = re.compile(r"\bhow\s+many\s+(?:[a-z][\w'-]*\s+){0,3}?([a-z][\w'-]*?)(?=\s+(?:do|does|did|are|is|was|were|can|"
                      r"could|will|would|should|must|have|has|had|may|might|of|per|in|on|at|for|to|from|with|that|"
                      r"which|who)\b|\s*[?.,;]|\s*$)", re.I)
_COUNT_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen")
# the words a figure counts, right after it or after its scale: "120 student organizations", "1.5 million iterations"
# (not a unit: "120 million" alone, "12 percent")
_COUNTS_AFTER = re.compile(r"[ \t]+(?:(?:million|billion|thousand|trillion)[ \t]+)?"
                           r"(?!(?:million|billion|thousand|trillion|percent|per)\b)([a-z][\w'-]*(?:[ \t]+[a-z][\w'-]*){0,2})")


def thing_counted(question: str) -> str | None:
    """The stem (first five letters) of what a "how many" question counts, or None."""
    m = _COUNTED.search(question)
    return m.group(1).lower()[:5] if m and m.group(1).lower() not in STOPWORDS else None


def counts_of_other_things(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """The answer's counts that every passage giving them gives for another thing, in prose ("More than 120 student
    organizations", asked how many members a club needs): (figure, what the passages count with it). A figure in a
    table's row, or anywhere its sentence names the thing asked, is not judged."""
    stem = thing_counted(question)
    if not stem:
        return []
    shown = [passage_text(h) for h in hits]
    claims = _claims(text)
    wrong: list[tuple[str, str]] = []
    for m in _stated_figures(claims, question):
        n = m.group().rstrip(".,")
        if _money(claims, m.start(), m.end()):
            continue
        found = [at for t in shown for at in _occurrences(n, t) if not _money(t, at.start(), at.end())]
        counted = [_COUNTS_AFTER.match(at.string, at.end()) for at in found]
        if found and all(c and not _table_row_at(at.string, at) and
                         stem not in {w.lower()[:5] for w in _WORD.findall(_sentence_at(at.string, at))}
                         for c, at in zip(counted, found)):
            words = counted[0].group(1).split()
            label = words[:next((i for i, w in enumerate(words) if w.lower() in STOPWORDS), len(words))] or words[:1]
            if _TIME_ASKED.search(question) and label[0].lower().rstrip("s") in _TIME_UNITS:
                continue  # "How many GPUs ..., and how long did the run last?": "21 days" answers the second part
            wrong.append((n, " ".join(label)))
    return wrong


_TIME_ASKED = re.compile(r"\bhow\s+long\b|\bhow\s+much\s+time\b|\bduration\b", re.I)
_TIME_UNITS = frozenset("second minute hour day week month year".split())


def counting_sentence(question: str, hits: list[Hit]) -> tuple[str, int] | None:
    """The one sentence of the passages that counts the thing a "how many" question asks about ("at least eight
    members who are currently enrolled") and shares most of the question's other words (one at least), with its
    passage [n]; None when there is none, or when sentences giving different counts tie."""
    stem = thing_counted(question)
    if not stem:
        return None
    count = re.compile(rf"\b(\d[\d,]*|{_COUNT_WORDS})\s+(?:[a-z][\w'-]*\s+){{0,2}}?{re.escape(stem)}\w*", re.I)
    asked = {w.lower()[:5] for w in _WORD.findall(question) if w.lower() not in STOPWORDS and not w.isdigit()} - {stem}
    best: list[tuple[int, str, str, int]] = []
    for n, h in enumerate(hits, start=1):
        for sentence in _PROSE_SENTENCE.split(" ".join(passage_text(h).split())):
            if (m := count.search(sentence)) and not _FIGURES_SIDE_BY_SIDE.search(sentence) and \
                    not _other_sizes(sentence, question):
                shared = len(asked & {w.lower()[:5] for w in _WORD.findall(sentence)})
                best.append((shared, m.group(1).lower(), sentence, n))
    top = max((b[0] for b in best), default=0)
    chosen = [b for b in best if b[0] == top]
    if not top or len({b[1] for b in chosen}) != 1:
        return None
    return chosen[0][2], chosen[0][3]


_SIZE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?[BMK]\b")  # a model's size: "3.9B", "355M"


def _other_sizes(sentence: str, question: str) -> bool:
    """Whether a sentence is about models of other sizes than the one the question names ("the 8.3B model", asked
    about the 3.9B one)."""
    asked = {re.sub(r"\s", "", m.group()).upper() for m in _SIZE.finditer(question)}
    said = {re.sub(r"\s", "", m.group()).upper() for m in _SIZE.finditer(sentence)}
    return bool(asked and said) and not asked & said


# "What operating income did NVIDIA's Gaming business generate?" answered "$2.86 billion", which every passage gives as
# Gaming's revenue: a figure of another measure than the one asked (revenue, operating income, net income, gross margin)
MEASURE_CHECK = True
# ... and when the question names no measure, the one measure the answer names: "The International segment earned
# $27,720 million in operating income (loss)", asked what it "earned (or lost) at the operating line", where every passage
# labels 27,720 "Net sales" (blind set 21's c08). bench/RESULTS.md, forty-first session.
MEASURE_SAID = True
_MEASURES = {"revenue": re.compile(r"\b(?:revenues?|net\s+sales|sales)\b", re.I),
             "operating income": re.compile(r"\boperating\s+(?:income|profit|loss|earnings)\b|"
                                            r"\bincome\s+from\s+operations\b", re.I),
             "net income": re.compile(r"\bnet\s+(?:income|earnings|loss|profit)\b", re.I),
             "gross margin": re.compile(r"\bgross\s+(?:margin|profit)\b", re.I)}


def other_measures_figures(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """When the question names one measure (_MEASURES) and the answer none but it, or only others (asked for the
    operating income Amazon guided to, "Amazon guided to net sales between $160.0 billion and ..."), the answer's
    amounts that every passage labels with another measure only: (figure, its label)."""
    def named(words: str) -> set[str]:
        return {key for key, pattern in _MEASURES.items() if pattern.search(words)}
    asked, said = named(question), named(_claims(text))
    if not asked and len(said) == 1 and MEASURE_SAID:
        asked = said  # the question names none ("earn (or lose) at the operating line"): the one the answer gives
    if len(asked) != 1 or said - asked and said & asked:
        return []
    shown = [passage_text(h) for h in hits]
    wrong = []
    for sentence in _sentences(_claims(text)):
        for m in _NUMBER.finditer(sentence):
            n = m.group().rstrip(".,")
            if not _figure(n, sentence[:m.start()], sentence[m.end():]) or n.replace(",", "") in _numbers(question):
                continue
            labels = [label for t in shown for label in figure_labels(n, t)]
            if labels and all(named(label) and not named(label) & asked for label in labels):
                wrong.append((n, labels[0]))
    return wrong


def other_segments_figures(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """When the question asks for one segment's line by name (see SEGMENT_CHECK), the answer's figures that stand
    in the passages only away from that name: (figure, the row or sentence it stands in)."""
    asked = segment_asked(plain_question(question))
    if not asked or asked[2]:
        return []  # none asked, or words that may name the company itself ("NVIDIA total revenue")
    name = word_stems(asked[0])
    rows = [row for n, h in enumerate(hits, start=1) for row in table_rows(h, n)]
    shown = [passage_text(h) for h in hits]
    wrong: list[tuple[str, str]] = []
    for m in _stated_figures(_claims(text), question):
        n = m.group().rstrip(".,")
        places = [_sentence_at(t, at) for t in shown for at in _occurrences(n, t)]
        beside = [row for row in rows if any(_occurrences(n, figure) for _, figure in row[2])]
        if places and not any(name <= word_stems(_without_included(place) if INCLUDED_CHECK else place)
                              for place in places) and \
                not any(name <= row[0] | row[1] for row in beside):
            wrong.append((n, " ".join(places[0].split())[:80]))
    return wrong


# A sentence's list of what a total includes is no name of the figure: "Our Microsoft Cloud revenue, which includes Azure
# and other cloud services, Office 365 Commercial, ..., was $27.1 billion" gives no Azure revenue (blind set 21's c27).
# bench/RESULTS.md, forty-first session.
INCLUDED_CHECK = True
_INCLUDED = re.compile(r"\b(?:(?:which|that)\s+(?:includes?|included|comprises?)|including|includes)\b.*?"
                       r"(?=\b(?:was|were|is|are|totall?ed|amounted|increased|decreased|grew|rose|fell|declined)\b)",
                       re.I | re.S)


def _without_included(sentence: str) -> str:
    """The sentence without the list of what its subject includes, up to its verb."""
    return _INCLUDED.sub(" ", sentence)


def figures_of_other_things(text: str, question: str, hits: list[Hit],
                            related: Callable[[set[str], set[str]], bool] | None = None) -> list[tuple[str, str]]:
    """The answer's figures that stand in the passages only away from the thing the question asks about (see
    THING_CHECK): (figure, the sentence it stands in)."""
    # a passage's heading, and the filer its document is (Hit.filers: "Amazon" for a page of Amazon's report that says
    # "we"), count as near each of its figures
    shown = [(passage_text(h), " ".join([h.heading or "", *h.filers])) for h in hits]
    # words most passages hold ("the company's", "campus") tell no thing from another
    held = [{w.lower()[:5] for w in _WORD.findall(t)} for t, _ in shown]
    things = [telling for words in things_named(question)
              if (telling := [w for w in words if sum(w[:5] in h for h in held) < max(2, len(held) / 2)])]
    allocated = things_allocated(question)  # what part of an amount went to ("goodwill"), however common its words
    if not things and not allocated:
        return []
    wrong: list[tuple[str, str]] = []
    near_allocated, first = False, None
    for m in _stated_figures(_claims(text), question):
        n = m.group().rstrip(".,")
        places = [(t[max(0, at.start() - _NEAR):at.start()] + _sentence_at(t, at) + " " + heading, _sentence_at(t, at))
                  for t, heading in shown for at in _occurrences(n, t)]
        def near(groups: list[list[str]]) -> bool:  # some place of the figure near every word of some group
            return any(_near_all(words, place, related) for place, _ in places for words in groups)
        if things and places and not near(things):
            wrong.append((n, " ".join(places[0][1].split())[:80]))
        if places:
            first = first or (n, " ".join(places[0][1].split())[:80])
            near_allocated |= near(allocated)
    if allocated and first and not near_allocated and first[0] not in dict(wrong):
        wrong.append(first)  # no figure of the answer stands near what the part was allocated to (one may be the whole's)
    return wrong


# A question naming a benchmark, a model or a product by a coined name ("SuperGLUE", "ChatGPT", "GSM8K": capitals
# inside a word, or letters and digits) is answered only with figures whose passage names it too (its text, heading or
# file), when another passage, or the passages' documents elsewhere, print the name: asked RoBERTa's SuperGLUE score,
# the model gave its RACE accuracy (83.2) from a passage that never says SuperGLUE. bench/RESULTS.md, fortieth session
# (papers blind set 6).
COINED_NAME_CHECK = True
_COINED = re.compile(r"(?<![\w@-])(?:[A-Za-z]*[a-z][A-Z][\w+]*|[A-Z]{2,}[a-z][\w+]*|[A-Za-z]+\d[\w+]*)(?![\w@])")


def coined_names(question: str) -> list[str]:
    """The question's coined names: a word with a capital after a small letter or a run of capitals before small
    letters ("SuperGLUE", "RoBERTa", "ChatGPT"), or letters then digits ("GSM8K", "T0"); not a period ("Q3",
    "FY24", "H1"), a metric's cut-off ("pass@10"); of "LLaMA-13B" the name before its size."""
    return list(dict.fromkeys(m.group() for m in _COINED.finditer(question)
                              if not is_period(m.group().lower()) and not _HALF_OR_QUARTER.fullmatch(m.group())))


_HALF_OR_QUARTER = re.compile(r"[HhQq][1-4]|[Ff][Yy]\d+")


def figures_of_unnamed(text: str, question: str, hits: list[Hit],
                       printed: Callable[[str], bool] | None = None) -> list[tuple[str, str]]:
    """The answer's figures whose every passage leaves out a coined name of the question (see COINED_NAME_CHECK):
    (figure, the name). A name that neither a passage nor (printed) their documents elsewhere print is not judged:
    the documents may call it otherwise."""
    shown = [(_squeezed(f"{passage_text(h)} {h.heading or ''} {h.file}"), passage_text(h)) for h in hits]
    names = [n for n in coined_names(question) if any(_squeezed(n) in t for t, _ in shown) or printed and printed(n)]
    wrong: list[tuple[str, str]] = []
    for m in _stated_figures(_claims(text), question):
        n = m.group().rstrip(".,")
        holding = [squeezed for squeezed, plain in shown if any(_occurrences(n, plain))]
        if missing := [name for name in names if holding and not any(_squeezed(name) in t for t in holding)]:
            wrong.append((n, missing[0]))
    return wrong


def _squeezed(text: str) -> str:
    """Lower case, letters and digits only: "Super GLUE" and "SuperGLUE", "GSM8k" and "GSM-8K" read alike."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


RESPECTIVELY_CHECK = True  # "GPT and BERT achieved scores of 72.8 and 80.2 respectively": 80.2 is BERT's, not GPT's
_LISTED_FIGURE = r"[-−]?\(?\$?\d[\d,]*(?:\.\d+)?\)?(?:\s?%|\s(?:million|billion|thousand)\b)?"
_FIGURE_LIST = re.compile(rf"{_LISTED_FIGURE}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_LISTED_FIGURE})+")
_LISTED_NAME = r"(?:[A-Z][\w.\-]*[A-Za-z0-9]|\d[\d.]*[A-Za-z][\w.\-]*)"  # "BERT", "GPT-2", "Europe", "3.9B"
_NAME_LIST = re.compile(rf"{_LISTED_NAME}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?{_LISTED_NAME})+")


def figures_of_other_names(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """The answer's figures that a passage gives, by "respectively", for another name than the one the question
    asks about ("GPT and BERT achieved scores of 72.8 and 80.2 respectively", asked GPT's score, answered 80.2):
    (figure, the name it is given for). Only where every sentence giving the figure pairs it so, and the question
    names another of the pair's names but not the figure's own."""
    asked = {w.lower() for w in re.findall(r"[\w.\-]+", question)}
    wrong: list[tuple[str, str]] = []
    for m in _stated_figures(_claims(text), question):
        n = m.group().rstrip(".,")
        owners = [_respective_owner(n, _sentence_at(t, at)) for t in map(passage_text, hits) for at in _occurrences(n, t)]
        if owners and all(owners) and all(own.lower() not in asked and others & asked for own, others in owners):
            wrong.append((n, owners[0][0]))
    return wrong


def _respective_owner(n: str, sentence: str) -> tuple[str, set[str]] | None:
    """In a sentence pairing a list of names with a list of figures by "respectively", the name n is given for and
    the other names of the list (lowercased); None when the sentence pairs no such lists."""
    head = re.split(r"\brespectively\b", sentence, maxsplit=1)
    if len(head) < 2:
        return None
    for figures in _FIGURE_LIST.finditer(head[0]):
        values = [v.group() for v in re.finditer(_LISTED_FIGURE, figures.group())]
        at = [i for i, v in enumerate(values) if re.sub(r"[^\d.]", "", v) == re.sub(r"[^\d.]", "", n)]
        rest = head[0][:figures.start()] + " | " + " " * (figures.end() - figures.start() - 3) + head[0][figures.end():]
        # a list before the figures ends with its last names ("On GLUE, GPT and BERT"), one after them starts
        names = [ns[-len(values):] if lst.start() < figures.start() else ns[:len(values)]
                 for lst in _NAME_LIST.finditer(rest) if len(ns := re.findall(_LISTED_NAME, lst.group())) >= len(values)]
        if len(at) == 1 and len(names) == 1:
            own = names[0][at[0]]
            return own, {x.lower() for x in names[0] if x != own}
    return None


ROW_NAME_CHECK = True  # asked Megatron's score, the answer gives a figure only the row "ALBERT" of a results table holds
# a word written as a name: a capital after a small letter ("RoBERTa", "LLaMA", "iPhone"), capitals only ("ALBERT"),
# letters with a number and a size ("T5-11B", "13B"); not a capital that only starts a word, as statements' lines
# have ("Net revenue")
_ROW_NAME = re.compile(r"(?<![\w.-])(?:[A-Za-z]*[a-z][A-Z][\w-]*|[A-Z]{3,}(?:-?\d[\w]*)?|[A-Za-z]+\d+[A-Za-z]*|"
                       r"\d+(?:\.\d+)?[BMKT])(?![\w-])")
_ROW_FIGURE = re.compile(r"(?<![\w.])[-−(]?\d[\d,]*(?:\.\d+)?(?![\w.])")


def figures_of_other_rows(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """The answer's figures that stand in the passages only in table rows labelled by names the question does not
    hold, while the question names something by such a name ("What MNLI accuracy did Megatron's 752M BERT model
    reach?" answered with 90.2, from the row "ALBERT (Lan et al., 2019) 3 90.8 92.2 94.8 / 89.3 90.2 / 87.4"):
    (figure, the row's label). A row whose label names nothing, or is printed in capitals throughout (a statement's
    "CASH AND CASH EQUIVALENTS"), is not judged, nor is a figure found outside a table row."""
    first = re.match(r"\s*\w+", question)  # the first word is not read (kept from when capitalised words were names)
    named = {re.sub(r"\W", "", n).lower()  # "GPT-3" as "gpt3", "T5-11B" as "t511b"
             for n in _ROW_NAME.findall(question[first.end():] if first else question)}
    if not named:
        return []
    shown = [passage_text(h) for h in hits]
    if not any(_label_names_asked(label, named) for t in shown for line in t.split("\n") if (label := _row_label(line))):
        return []  # the question names no row ("the best MNLI accuracy": a column), only something else
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", question)]
    asked = named | set(words) | {a + b for a, b in zip(words, words[1:])}  # "BERT-Large" asked for "BERTLARGE"
    wrong: list[tuple[str, str]] = []
    for m in _stated_figures(_claims(text), question):
        n = m.group().rstrip(".,")
        labels = [_row_label(_line_at(t, at)) for t in shown for at in _occurrences(n, t)]
        if labels and all(labels) and not any(_label_names_asked(label, asked) for label in labels):
            wrong.append((n, labels[0]))
    return wrong


def _row_label(line: str) -> str | None:
    """The label of a table row (the line's words before its first figure), when it names something (_ROW_NAME)
    and is not printed in capitals throughout; None otherwise, or when the line is no row."""
    figures = list(_ROW_FIGURE.finditer(line))
    if len(figures) < 2:
        return None
    label = line[:figures[0].start()].strip(" |:")
    rest = _ROW_FIGURE.sub(" ", line[figures[0].start():])
    if len(label.split()) > 8 or len(re.findall(r"[A-Za-z]{2,}", rest)) > len(figures):
        return None  # prose that holds figures ("a learning rate of 2e-5 ... by 27.1%"), not a row
    if not _ROW_NAME.search(label) or not re.search(r"[a-z]", label) and len(re.findall(r"[A-Z]{3,}", label)) > 1:
        return None
    return label


def _label_names_asked(label: str, asked: set[str]) -> bool:
    """Whether one of the names of a row's label is among the question's words (run together or started by one:
    "BERTLARGE" for "BERT")."""
    for name in _ROW_NAME.findall(label):
        plain = re.sub(r"\W", "", name).lower()
        if plain in asked or any(len(w) >= 3 and (plain.startswith(w) or w.startswith(plain)) for w in asked):
            return True
    return False


SHOTS_CHECK = True  # asked the zero-shot score, the answer gives the 5-shot one


def other_shots(text: str, question: str) -> list[str]:
    """The prompting settings ("5-shot") an answer says its figures are for when the question asks for another
    ("zero-shot accuracy"), as the answer writes them; [] when either names none or they agree (same_setting)."""
    claims = _claims(text)
    asked, said = shots_in(question), shots_in(claims)
    if not asked or not said or same_setting(asked, said):
        return []
    return [m.group() for m in SHOTS.finditer(claims)]


def _near_all(words: list[str], place: str, related) -> bool:
    """Whether each of the words (or, with related, a word like it) stands in place."""
    near = {w.lower() for w in _WORD.findall(place)}
    stems = {w[:5] for w in near}
    missing = {w for w in words if w[:5] not in stems}
    return not missing or bool(related) and all(related({w}, near - STOPWORDS) for w in missing)


def _stated_figures(claims: str, question: str) -> list[re.Match]:
    """The figures of an answer's claims worth checking against the passages: two digits or more, not a number the
    question gives, not a year, a day or a pointer ("Note 12")."""
    asked = set(_numbers(question).split())
    return [m for m in _NUMBER.finditer(claims) if len(re.sub(r"\D", "", m.group())) >= 2
            and m.group().rstrip(".,").replace(",", "") not in asked
            and not _dates_or_points(m.group().rstrip(".,"), claims[:m.start()])]


def _money(text: str, start: int, end: int) -> bool:
    return bool(_MONEY_BEFORE.search(text[:start]) or
                re.match(r"\s*(?:million|billion|thousand)?\s*dollars\b", text[end:], re.I))


def _money_in_passages(n: str, shown: list[str]) -> bool:
    """Every passage occurrence of the figure n is an amount of money (and there is one); "1.299" written for a
    passage's "$1,299" (_dotted_thousands) is that figure."""
    forms = {n, n.replace(".", ",")} if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", n) else {n}
    found = [m for t in shown for form in forms for m in _occurrences(form, t)]
    return bool(found) and all(_money(m.string, m.start(), m.end()) for m in found)


def other_years(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """Figures of the answer that the passages give only for years other than the one fiscal year the question
    asks about: (figure, those years). See PERIOD_CHECK."""
    year = _prompt.fiscal_year_asked(question)
    if not year:
        return []
    shown = [label_columns(h.text, h.heading, 12) for h in hits]  # each figure of a table with its column's head
    out: list[tuple[str, str]] = []
    for n, _ in _amounts(text):
        periods = [_years_where(t, at) for t in shown for at in _occurrences(n, t)]
        if n not in dict(out) and periods and all(p and year not in p for p in periods):
            out.append((n, ", ".join(sorted(set().union(*periods)))))
    return out


def _amounts(text: str):
    """Each amount of the answer worth checking (_figure), with its sentence: (figure, sentence)."""
    for sentence in _sentences(_claims(text)):
        for m in _NUMBER.finditer(sentence):
            n = m.group().rstrip(".,")
            if _figure(n, sentence[:m.start()], sentence[m.end():]):
                yield n, sentence


def other_dates(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """Figures of the answer that the passages' tables give only in columns headed by another full date than the
    one date the question names ("at September 30, 2022": 19,371 stands only under "June 30, 2022"): (figure, those
    dates). A figure that stands anywhere without a dated head (prose, a row of a table whose heads were not read,
    a column of three months) is not questioned, nor one whose sentence names that other date. See DATE_CHECK."""
    asked = set(dates_in(FILING_DATE.sub(" ", question)))
    if len(asked) != 1:
        return []
    shown = [label_columns(h.text, h.heading) for h in hits]  # each figure of a table with its column's head
    out: list[tuple[str, str]] = []
    for n, sentence in _amounts(text):
        heads = [_date_head(t, at) for t in shown for at in _occurrences(n, t)]
        if n in dict(out) or not heads or not all(heads):
            continue
        days = set().union(*(dates_in(h) for h in heads))  # each dated head names one day (_date_head)
        if not days & asked and not days & set(dates_in(sentence)):
            out.append((n, ", ".join(sorted(set(heads)))))
    return out


def other_columns(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """Figures of the answer that the passages' tables give only in other columns than the period asked's, in rows that
    have a column for it (its figure, or a dash: nothing): asked whether Amazon bought back stock in Q1 2023, "2,666"
    stands in "Common stock repurchased" under "Three Months Ended March 31, 2022" and the Q1 2023 column holds "—".
    (figure, the columns it stands in.) Only for a question asking one period that compares none, and for a sentence
    that compares none; a figure that also stands outside a table's row (prose) is not questioned. See COLUMN_CHECK."""
    return [(n, " or ".join(sorted({tag for _, tag in places}))) for n, places, _ in _in_other_columns(text, question,
                                                                                                         hits)]


def _in_other_columns(text: str, question: str, hits: list[Hit]):
    """other_columns' figures, each with where it stands ([(row, its column's head)]) and the cell of the period asked
    in each of those rows ([(head, figure)]; a dash: "—")."""
    when = period_asked(question)
    if not any(when) or len(quarters_asked(question)) > 1 or _COMPARING.search(question):
        return
    months = months_asked(question)
    rows = [row for n, h in enumerate(hits, start=1) for row in table_rows(h, n, dashes=True)]
    seen = set()
    for n, sentence in _amounts(text):
        if n in seen or _COMPARING.search(sentence):
            continue
        places = [(row, tag) for row in rows for tag, figure in row[2] for _ in _occurrences(n, figure)]
        if not places or len(places) < sum(1 for h in hits for _ in _occurrences(n, h.text)):
            continue  # in no row, or in prose too
        asked = [cell_for(row[2], when, months) for row, _ in places]
        if all(cell and cell[0] != tag and _heads_span(cell[0], when, months) for cell, (_, tag) in zip(asked, places)):
            seen.add(n)
            yield n, places, asked


def nothing_in_column(text: str, question: str, hits: list[Hit]) -> tuple[str, str, int, str, str] | None:
    """For a yes-or-no question answered yes with a figure that stands in its row only under another period's column,
    where the column of the period asked holds a dash (nothing) in every such row, and the row's label shares a word
    with the question: asked whether Amazon bought back any of its stock in Q1 2023, "Common stock repurchased" prints
    "—" under "Three Months Ended March 31, 2023" and the answer's "2,666" under March 31, 2022. (the row's label, the
    asked column's head, the passage's number, the figure as the row prints it, the head of its column); None
    otherwise. See DASH_NO."""
    if not asks_yes_no(question) or not _affirms(text):
        return None
    asked_words = word_stems(question)
    for _, places, cells in _in_other_columns(text, question, hits):
        if all(cell[1] == "—" for cell in cells) and \
                len({(row[4], row[3]) for row, _ in places}) == 1 and word_stems(places[0][0][4]) & asked_words:
            row, tag = places[0]
            figure = dict(row[2])[tag]
            return row[4], cells[0][0], row[3], figure, tag
    return None


def _heads_span(head: str, when: tuple, months: int | None) -> bool:
    """Whether a column's head says it is the span asked: of as many months (a quarter's "Three Months Ended March 31,
    2023", not a year's "2023"), or, for a balance, ends the day asked ("September 30, 2023")."""
    if months is not None:
        return head_months(head) == months
    return bool(when[0]) and when[0] in dates_in(head)


def _date_head(text: str, at: re.Match) -> str:
    """The full date heading the column a figure stands in ("June 30, 2022: 19,371"), or "" (no dated head)."""
    head = (_column_head(text, at) or "").strip()
    return head if len(dates_in(head)) == 1 and _DAY_HEAD.fullmatch(head) else ""


def _column_head(text: str, at: re.Match) -> str | None:
    """The head of the column a figure stands in, in a row label_columns labelled ("2024: (204) million"), or None."""
    cell = text[text.rfind(" | ", 0, at.start()) + 1:at.start()]
    m = re.match(r"\s*\|?\s*([^:|]+):\s*[$(\-]*\s*$", cell)
    return m.group(1) if m else None


# a balance's date ("June 30, 2022"), not a span's ("three months 2022")
_DAY_HEAD = re.compile(r"(?:as\s+of\s+|at\s+)?[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}")


_PAIR_FIGURE = r"(?:\(?\$?|\$\()\s?\d[\d,]*(?:\.\d+)?\)?(?:\s*(?:%|percent|million|billion|thousand))?"  # "$(7.6) billion" too
_PAIR_PERIOD = r"(?:[^,.;()]|,\s(?=(?:19|20)\d\d))"
_PAIRED = re.compile(rf"(?P<a>{_PAIR_FIGURE})\s*,?\s+and\s+(?P<b>{_PAIR_FIGURE})\s*,?\s+(?:for|during|in|at|as of|on)\s+"
                     rf"(?:the\s+)?(?P<p>{_PAIR_PERIOD}{{2,60}}?)\s*,?\s+and\s+(?:the\s+)?(?P<q>{_PAIR_PERIOD}{{2,60}}?)"
                     rf"(?=\s*(?:,?\s*respectively|[,.;)]|$))", re.I)
_COMPARING = re.compile(r"\b(?:compared|from|prior|previous|earlier|ago|versus|vs|increase\w*|decrease\w*|up|down|"
                        r"rose|fell|grew|declined?)\b", re.I)


# The model's figure is the other period's of a pair a sentence gives ("$(7.6) billion and $(467) million in Q1 2022
# and Q1 2023", asked for Q1 2023: blind set 37's s13): the sentence is quoted, the figure of each period in it, rather
# than no answer. bench/RESULTS.md, fifty-third session.
PAIR_QUOTED = True


def paired_sentence(figures: list[str], question: str, hits: list[Hit]) -> tuple[str, int] | None:
    """The passage sentence (and its passage's [n]) whose pair of figures for two periods (_PAIRED) holds every figure
    given (the answer's wrong ones) as the figure of a period the question does not name, beside the figure of one
    it names; None when no one sentence does."""
    asked = " ".join(question.lower().split())
    found = []
    for n, h in enumerate(hits, start=1):
        shown = " ".join(passage_text(h).split())
        for m in _PAIRED.finditer(shown):
            other = _other_figure(m, asked)
            if other and all(next(_occurrences(f, m.group(other)), None) for f in figures):
                start = max((s.end() for s in _PASSAGE_SENTENCE.finditer(shown, 0, m.start())), default=0)
                end = next((s.start() for s in _PASSAGE_SENTENCE.finditer(shown, m.end())), len(shown))
                found.append((shown[start:end].strip(), n))
    return found[0] if len({f[0] for f in found}) == 1 else None


def _other_figure(pair: re.Match, asked: str) -> str | None:
    """Of a pair of figures for two periods (_PAIRED) whose one period the question (asked, lowercased) names and the
    other not, the group of the other period's figure ("a" or "b"); None when it names both or neither."""
    p, q = (" ".join(pair.group(g).lower().split()) for g in "pq")
    return "a" if q in asked and p not in asked else "b" if p in asked and q not in asked else None


def other_period_of_pair(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """Figures of the answer that the passages give only as the other period's figure of a pair ("were $13.7
    billion and $13.1 billion during Q1 2022 and Q1 2023", asked about Q1 2023: 13.7 is Q1 2022's): (figure, the
    period it belongs to). See PAIRED_PERIOD_CHECK."""
    asked = " ".join(question.lower().split())
    shown = [" ".join(passage_text(h).split()) for h in hits]
    pairs = [(m, _other_figure(m, asked)) for t in shown for m in _PAIRED.finditer(t)]
    if not pairs:
        return []
    out: list[tuple[str, str]] = []
    for sentence in _sentences(_claims(text)):
        for m in _NUMBER.finditer(sentence):
            n = m.group().rstrip(".,")
            if n in dict(out):
                continue
            # the periods it stands for in pairs whose other period is the one asked
            other = {pair.group("p" if side == "a" else "q")
                     for pair, side in pairs if side and next(_occurrences(n, pair.group(side)), None)}
            if not other or _COMPARING.search(sentence) or any(o.lower() in sentence.lower() for o in other):
                continue
            # everywhere else it stands, it must be inside such a pair too
            inside = sum(1 for pair, _ in pairs for g in "ab" if next(_occurrences(n, pair.group(g)), None))
            if inside >= sum(1 for t in shown for _ in _occurrences(n, t)):
                out.append((n, " or ".join(sorted(other))))
    return out


# the spans a sentence gives figures for, "respectively": "for the second quarter and first half of fiscal year 2024",
# "for the three and nine months ended March 31, 2023"
_SPAN_OF = ((3, re.compile(r"\b(?:first|second|third|fourth)\s+(?:fiscal\s+)?quarter\b|\bthree(?:\s+months)?\b(?=[^.;]*\bmonths\b)|"
                           r"\bthree\s+months\b", re.I)),
            (6, re.compile(r"\bfirst\s+half\b|\bsix(?:\s+months)?\b(?=[^.;]*\bmonths\b)", re.I)),
            (9, re.compile(r"\b(?:first\s+)?nine(?:\s+months)?\b(?=[^.;]*\bmonths\b)", re.I)))
_PAIR_OF_FIGURES = re.compile(rf"(?P<a>{_PAIR_FIGURE})\s*,?\s+and\s+(?P<b>{_PAIR_FIGURE})")


def other_span_of_pair(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """Figures of the answer that the passages give only as the other span's of a pair, "respectively" ("Revenue for
    the second quarter and first half of fiscal year 2024 was $13.51 billion and $20.70 billion, ... respectively",
    asked about the quarter: 20.70 is the first half's): (figure, "the other span"). Only when the question asks
    for one span (months_asked) and the answer's sentence doesn't name the other. See PAIRED_PERIOD_CHECK."""
    months = months_asked(question)
    if not months:
        return []
    others: dict[str, str] = {}  # figure -> the span the passages give it for
    everywhere: list[str] = []
    for h in hits:
        shown = " ".join(passage_text(h).split())
        everywhere.append(shown)
        for sentence in _PASSAGE_SENTENCE.split(shown):
            if "respectively" not in sentence.lower():
                continue
            spans = sorted((m.start(), span) for span, pattern in _SPAN_OF for m in pattern.finditer(sentence))
            order = [span for _, span in spans]
            order = [span for i, span in enumerate(order) if i == 0 or span != order[i - 1]]
            if len(order) != 2 or months not in order or order[0] == order[1]:
                continue
            other = order[1 - order.index(months)]
            for pair in _PAIR_OF_FIGURES.finditer(sentence):
                figure = pair.group("a" if order[0] == other else "b")
                for m in _NUMBER.finditer(figure):
                    others.setdefault(m.group().rstrip(".,"), f"the {_SPAN_NAME[other]}")
    if not others:
        return []
    out = []
    for sentence in _sentences(_claims(text)):
        if any(p.search(sentence) for span, p in _SPAN_OF if span != months):
            continue  # the answer says which span it gives
        for m in _NUMBER.finditer(sentence):
            n = m.group().rstrip(".,")
            if n in others and n not in dict(out) and len(re.sub(r"\D", "", n)) >= 2:
                # everywhere it stands, it is that span's figure of such a pair
                if any(next(_occurrences(n, t), None) for t in everywhere) and \
                        all(_in_pairs_only(n, t) for t in everywhere):
                    out.append((n, others[n]))
    return out


_SPAN_NAME = {3: "quarter", 6: "six months", 9: "nine months"}
_AMOUNT_AT = re.compile(r"\s*(?:thousand|million|billion)\b", re.I)  # after a figure: an amount
_PASSAGE_SENTENCE = re.compile(r"(?<=[a-z0-9%)][.;])\s+(?=[A-Z])")  # a passage's sentences, its lines joined


def other_span_of_sentence(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """Figures of the answer that the passages state only in sentences of prose about a longer span than the one the
    question asks (months_asked): (figure, "the nine months"). Not a figure the answer's sentence gives with that
    span, nor one a table or a sentence naming the span asked prints too; nor a shorter span's (the first quarter's
    one-time charge is the nine months' too). See SPAN_SENTENCE_CHECK."""
    months = months_asked(question)
    if not months:
        return []
    sentences = [sentence for h in hits for sentence in _PASSAGE_SENTENCE.split(" ".join(passage_text(h).split()))]
    out = []
    for claim in _sentences(_claims(text)):
        if any(p.search(claim) for span, p in _SPAN_OF if span != months):
            continue  # the answer says which span it gives
        for m in _NUMBER.finditer(claim):
            n = m.group().rstrip(".,")
            if n in dict(out) or len(re.sub(r"\D", "", n)) < 2 or re.fullmatch(r"(?:19|20)\d\d", n) or \
                    not _AMOUNT_AT.match(claim[m.end():]) and not claim[:m.start()].rstrip().endswith("$"):
                continue  # an amount ("$56.1 billion", "365 million shares"), not a rate ("the statutory 21%")
            holding = [sentence for sentence in sentences if next(_occurrences(n, sentence), None)]
            spans = [{span for span, p in _SPAN_OF if p.search(sentence)} for sentence in holding]
            # prose only, each a longer span's (a quarter's one-time charge is the nine months' too)
            if holding and all(len(sentence.split()) <= _PROSE_WORDS for sentence in holding) and \
                    all(found and min(found) > months for found in spans):
                out.append((n, " or ".join(f"the {_SPAN_NAME[s]}" for s in sorted(set().union(*spans)))))
    return out


# two metrics' names heading paired cells: "F1 / EM", "m/mm", "Acc./F1" (short names, not "and/or" nor "Q3/Q4")
_METRIC_PAIR = re.compile(r"(?<![\w/])([A-Za-z][A-Za-z0-9@+\-]{0,5})\.?\s?/\s?([A-Za-z][A-Za-z0-9@+\-]{0,5})\.?(?![\w/])")
_NOT_METRICS = frozenset("and or either neither he she his her s c w o n a i".split())
_FIGURE_PAIR = re.compile(r"(?<![\d,./])(\d+(?:\.\d+)?)\s?/\s?(\d+(?:\.\d+)?)(?![\d/]|\.\d)")


def other_metric_of_pair(text: str, question: str, hits: list[Hit]) -> list[tuple[str, str]]:
    """Figures of the answer that the passages print only as the other half of a pair of figures ("91.2 / 88.5")
    under paired metrics' names ("F1 / EM"), the question naming one of them and not the other: (figure, the other
    metric's name). See PAIRED_METRIC_CHECK."""
    asked_words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9@+\-]*", question)}
    sides: dict[str, set[bool]] = {}  # figure -> whether it stands in the half asked, in pairs under metrics asked
    other = ""
    shown = [passage_text(h) for h in hits]
    for t in shown:
        for a, b in dict.fromkeys(_METRIC_PAIR.findall(t)):
            if {a.lower(), b.lower()} & _NOT_METRICS or any(re.fullmatch(r"\d*|[QH][1-4]", w) for w in (a, b)):
                continue
            named = (a.lower() in asked_words, b.lower() in asked_words)
            if named.count(True) != 1:
                continue
            half, other = named.index(True), (b if named[0] else a)
            for m in _FIGURE_PAIR.finditer(t):
                for i in (0, 1):
                    sides.setdefault(m.group(i + 1), set()).add(i == half)
    out = []
    for m in _NUMBER.finditer(_claims(text)):
        n = m.group().rstrip(".,")
        if sides.get(n) != {False} or n in dict(out):
            continue  # not only ever the other half
        # nor printed anywhere else: every place the passages print it is such a pair's other half
        places = sum(1 for t in shown for _ in _occurrences(n, t))
        in_pairs = sum(1 for t in shown for p in _FIGURE_PAIR.finditer(t) for g in (1, 2) if p.group(g) == n)
        if places and places == in_pairs:
            out.append((n, other))
    return out


def _in_pairs_only(n: str, text: str) -> bool:
    """Every occurrence of the figure n in text is inside a pair of figures of a "respectively" sentence."""
    pairs = [(m.start(), m.end()) for m in _PAIR_OF_FIGURES.finditer(text)
             if "respectively" in text[m.end():m.end() + 200].lower()]
    return all(any(a <= at.start() < b for a, b in pairs) for at in _occurrences(n, text))


# a second part asking when or over what period, not for a forecast figure: "How much unrecognized compensation cost
# did Apple have ..., and over what period does it expect to recognize it?"
_WHEN_PART = re.compile(r",?\s+and\s+(?:over\s+|in\s+|by\s+)?(?:what|which|when|how\s+long)\b(?!\s+(?:revenue|sales|income|"
                        r"margin|expenses?|figure|amount|range))[^?]*", re.I)


def unforecast_figures(text: str, question: str, hits: list[Hit]) -> list[str]:
    """When the question asks for guidance or a forecast, the figures of the answer (_stated_figures) that no
    passage states in a forward-looking sentence (expects, outlook, will, ...; for a table row, its table's header
    rows count too). See FORECAST_CHECK. A figure found in no passage is unsupported_numbers' business."""
    if not _FORECAST_ASKED.search(_WHEN_PART.sub("", question)):
        return []
    shown = [(passage_text(h), h.heading) for h in hits]
    out: list[str] = []
    forecast = False  # a figure of the answer some passage states in a forward-looking sentence
    for m in _stated_figures(_claims(text), question):
        n = m.group().rstrip(".,")
        places = [(t, heading, at) for t, heading in shown for at in _occurrences(n, t)]
        if any(_FORWARD.search(_sentence_at(t, at) + " " + heading) for t, heading, at in places):
            forecast = True
        elif n not in out and places:
            out.append(n)
    # the actual figure set against the guidance the answer also gives, or a figure asked before the forward-looking
    # part ("What was Microsoft's remaining performance obligation ..., and how much of it is expected to be recognized
    # in the next 12 months?": blind set 36's r04): reported, as asked
    first = _SECOND_PART.sub("", question)
    return [] if forecast and (_ACTUAL_ASKED.search(question) or not _FORECAST_ASKED.search(first)) else out


# a second thing asked after the first: ", and how much of it is expected to ..."
_SECOND_PART = re.compile(r",?\s+and\s+(?:how|what|which|when)\b[^?]*", re.I)


def _sentence_at(text: str, at: re.Match) -> str:
    """The sentence in which a figure stands, across the line breaks of wrapped prose; in a table, its row."""
    if row := _table_row_at(text, at):
        return row
    before = re.split(r"(?<=[.!?])\s+", text[max(0, at.start() - 400):at.start()])[-1]
    after = re.split(r"(?<=[.!?])\s", text[at.end():at.end() + 400], maxsplit=1)[0]
    return before + at.group() + after


def _table_row_at(text: str, at: re.Match) -> str | None:
    """The line in which a figure stands, when that line is a table's row (cells, or figures side by side)."""
    line = _line_at(text, at)
    return line if " | " in line or _FIGURES_SIDE_BY_SIDE.search(line) else None


def _line_at(text: str, at: re.Match) -> str:
    """The line in which a match stands."""
    line_start, line_end = text.rfind("\n", 0, at.start()) + 1, text.find("\n", at.end())
    return text[line_start:line_end if line_end >= 0 else len(text)]


def _years_where(text: str, at: re.Match) -> set[str]:
    """The years of the place a figure stands: its column's head in a labelled row ("2024: (204) million"), else
    its sentence's years; empty when neither names one (a row of a table whose heads were not read)."""
    if (head := _column_head(text, at)) is not None:
        return _years_in(head)
    if _table_row_at(text, at):
        return set()  # a table's row: its heads say the year, and they were not read
    before = re.split(r"(?<=[.!?])\s+", text[:at.start()])[-1]
    after = re.split(r"(?<=[.!?])\s", text[at.end():], maxsplit=1)[0]
    return _years_in(before + after)


def _years_in(text: str) -> set[str]:
    """The years a text names; a fiscal year written as two calendar years ("2021-22") is the year it ends in too."""
    return set(_YEAR.findall(text)) | fiscal_span_ends(text)


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _figure(n: str, before: str, after: str) -> bool:
    """An amount worth checking: three digits or more, or fewer written as money ("$29 million", "$8.1 billion");
    not a percentage, a year, a day or a page."""
    big = len(re.sub(r"\D", "", n)) >= 3 or _MONEY_BEFORE.search(before) or _SCALE_AFTER.match(after)
    return bool(big and not re.match(r"\s*(?:%|percent|per cent)", after, re.I) and not _dates_or_points(n, before))


_SCALE_AFTER = re.compile(r"\s*(?:million|billion|thousand|trillion|bn|mn)\b", re.I)


def _dates_or_points(n: str, before: str) -> bool:
    """n, written after `before`, is a year, a day of a month, a page or a pointer ("Note 12"), not an amount."""
    return bool(re.fullmatch(r"(?:19|20)\d\d", n) or _DAY.search(before) or _REFERENCE.search(before))


def _beside_an_amount_asked(n: str, question: str, shown: list[str]) -> bool:
    """Whether a sentence of the passages that states the figure n also states an amount the question gives (by
    value: "$60B" is "$60.0 billion"; not a year, nor an amount under 10): the question named the thing by its size."""
    amounts = _amounts_given(question)
    amounts = {a for a in amounts if a >= 10 and not (a.is_integer() and 1900 <= a <= 2100)}
    if not amounts:
        return False
    for text in shown:
        for sentence in _PROSE_SENTENCE.split(" ".join(text.split())):
            if any(_occurrences(n, sentence)):
                others = _amounts_given(sentence) - {float(n.replace(",", ""))}
                if others & amounts:
                    return True
    return False


def _amounts_given(text: str) -> set[float]:
    return {float((m.group(1) or m.group(2)).replace(",", "")) for m in _AMOUNT_GIVEN.finditer(text)}


# an amount as money or with its scale: "$60B", "$60.0 billion", "60 million" (a bare count or a date's day is none)
_AMOUNT_GIVEN = re.compile(r"(?:\$\s?(\d[\d,]*(?:\.\d+)?)|(?<![\d,.])(\d[\d,]*(?:\.\d+)?)(?=\s*(?:billion|million|bn|mn)\b))",
                           re.I)


def _occurrences(n: str, text: str):
    """Where the figure n stands in text, whole: not inside a longer number ("1,340" in "21,340" or in "1,340,500")."""
    return re.finditer(r"(?<![\d,.])" + re.escape(n) + r"(?![\d]|,\d)", text)


def figure_labels(n: str, text: str) -> list[str]:
    """How text labels each occurrence of the figure n: the cells of its table row before it (back to the
    cell that ends the row before: "Commuter | Lots A, C and D | $140"), or its sentence up to it, across
    the line breaks of wrapped prose ("... results in a\nfine of $200"), the last LABEL_WORDS words; and up
    to three words after it, before any other figure ("a $125 fine", "4,154 employees")."""
    out = []
    for m in _occurrences(n, text):
        lines = text[:m.start()].split("\n")
        segment = lines.pop()
        line = segment + text[m.start():].split("\n", 1)[0]
        # not a table's row of figures ("September 30, 2023" is a date, not two figures side by side)
        prose = " | " not in line and not _FIGURES_SIDE_BY_SIDE.search(WRITTEN_DATE.sub(" ", line))
        while prose and lines and " | " not in lines[-1] and len(segment.split()) < LABEL_WORDS \
                and not _LINE_END.search(lines[-1]):
            segment = lines.pop() + " " + segment  # a wrapped line of the same sentence
        cells = segment[max((x.end() for x in _SENTENCE_END.finditer(segment)), default=0):].split(" | ")
        row = [cells.pop()]
        while cells and not _ROW_END.search(cells[-1]):
            row.insert(0, cells.pop())
        # and the words right after it, up to a figure or the end of its line or cell: "a $125 fine"; after the
        # figures listed with it ("$11.0 billion and $6.0 billion of Commercial Paper outstanding, respectively")
        rest = text[m.end():m.end() + 120]
        if prose:  # "The data contains 63" / "million English news articles": the sentence goes on below
            rest = _WRAPPED_ON.sub(" ", rest, count=1)
        listed = _LISTED_AFTER.match(rest)
        after = _SENTENCE_STOP.split(re.match(r"[^\d\n|]*", rest[listed.end() if listed else 0:]).group())[0]
        if ([w.lower() for w in re.findall(r"[A-Za-z]+", " ".join(row))] in (["total"], ["totals"]) or
                re.match(r"\s*(?:fiscal\s+(?:year\s+)?)?(?:19|20)\d\d\b", " ".join(row))) and \
                (title := _table_title(lines)):
            # a table's bare "Total" row totals what its title names; a row named by its year ("2024 (excluding first
            # nine months of fiscal year 2024) $ 6,499") is that year's part of it
            row.insert(0, title)
        out.append(" ".join(re.findall(r"[A-Za-z][\w'&-]*", " ".join(row))[-LABEL_WORDS:] + _words_after(after)))
    return out


def _words_after(after: str) -> list[str]:
    """The words after a figure that label it: up to the third that names something or a comma ("a $125 fine"; "$13.8
    billion and $20.2 billion, respectively, through our share repurchase programs": "through our share repurchase
    programs"), leaving out its scale and "respectively", which name nothing."""
    words, naming = [], 0
    for w in re.findall(r"[A-Za-z][\w'&-]*|,", after):
        if naming == 3 or w == "," and words:
            break  # (a comma after a word ends the label: "$23.1 billion in the third quarter, and its operating ...")
        if w == ",":
            continue
        if w.lower() not in _NOT_LABELS:
            words.append(w)
            naming += bool(_label_words(w))
    return words


# a figure at a line's end whose sentence goes on in the next line: its scale or lower-case words, not a row's label
_WRAPPED_ON = re.compile(r"^[ \t]*\n(?=[ \t]*(?:[a-z]|(?:million|billion|thousand|trillion|percent)\b))")
_NOT_LABELS = frozenset("thousand million billion trillion respectively".split())
_SENTENCE_STOP = re.compile(r"[.;!?](?:\s|$)")  # the words after a figure end with its sentence
# figures listed after a figure, before the words that name them all: " billion and $6.0" in "$11.0 billion and $6.0
# billion of Commercial Paper", " million, $4,206 million and $3,887"; not a percentage ("$1.1 billion or 19%"), not
# across a table's cells
_LISTED_AFTER = re.compile(r"(?:[ \t]*(?:million|billion|thousand|trillion)?[ \t]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|"
                           r"and[ \t]+|or[ \t]+)\$?[ \t]?\d(?:[\d,.]*\d)?(?![\d,.]*[ \t]*(?:%|percent)))+", re.I)
_TITLE_WORDS = 3  # a line of at least this many words, no figures and no column heads, above a table's rows
TITLE_LINES = 40  # how far above a bare "Total" row its table's title is looked for


def _table_title(lines: list[str]) -> str | None:
    """The title of the table whose rows end with these lines: the nearest line above them that is no row (no
    " | " cells, no figures side by side), no column head and no unit, and holds some words ("Revenue, classified
    by significant product and service offerings, was as follows:"); its words up to the first figure."""
    for line in reversed(lines[-TITLE_LINES:]):
        # (a date's comma is no second figure: "Total future purchase commitments as of October 29, 2023 are as
        # follows:" titles its table, blind set 37's s02)
        if " | " in line or _FIGURES_SIDE_BY_SIDE.search(WRITTEN_DATE.sub(" ", line)) or _ROW_END.search(line):
            continue
        words = re.match(r"[^\d]*", line).group()
        if len(_label_words(words)) >= _TITLE_WORDS:
            return words
    return None


# words that hedge a figure, not name it: "approximately $8.1 billion" names no backlog by its "approximately"
_HEDGES = frozenset("approximately approx roughly around nearly almost about estimated some".split())


def _label_words(text: str) -> set[str]:
    return {w for w in _content_words(text) if w.isalpha() and len(w) > 2 and w not in _PERIOD_WORDS
            and w not in _HEDGES}


def _names_same(label: str, described: set[str], acronyms: set[str],
                related: Callable[[set[str], set[str]], bool] | None) -> bool:
    """The label and the answer's words name the same thing: a shared word (its first five letters:
    "revenue", "revenues"), an acronym of the label's words ("R&D" for "Research and development"), or
    words the embedder finds related."""
    words = _label_words(label)
    if {w[:5] for w in words} & {w[:5] for w in described}:
        return True
    initials = "".join(w[0] for w in _WORD.findall(label.lower()) if w not in STOPWORDS)
    return any(a in initials for a in acronyms) or bool(related and related(words, described))


def words_related(embedder, threshold: float | None = None) -> Callable[[set[str], set[str]], bool]:
    """related() for check_answer: any word of one set and any of the other have embeddings at least
    threshold (RELATED_SIMILARITY) alike. Each word is embedded alone (about 2 ms with the int8 MiniLM),
    so its vector doesn't depend on the words beside it; vectors are cached for the life of the function."""
    import numpy as np

    limit = RELATED_SIMILARITY if threshold is None else threshold
    cache: dict[str, "np.ndarray"] = {}

    def vectors(words: list[str]) -> "np.ndarray":
        for w in words:
            if w not in cache:  # one word at a time: a quantised embedder's vectors shift with the batch
                cache[w] = embedder.encode([w])[0]
        return np.array([cache[w] for w in words])

    def related(a: set[str], b: set[str]) -> bool:
        if not a or not b:
            return False
        return float((vectors(sorted(a)) @ vectors(sorted(b)).T).max()) >= limit

    return related


@dataclass
class Calculation:
    expression: str  # as the answer wrote it: "112,292 / 129,873"
    written: str  # the result the model wrote: "0.87"
    result: str  # the result worked out, written to the same precision: "0.86"


_OPERAND = r"\(?\s*\$?\s*\d[\d,]*(?:\.\d+)?\s*(?:million|billion|thousand)?\s*\)?"
_OPERATOR = r"(?:\s*[+*/×÷]\s*|\s+[-−–]\s*|\s*[-−–]\s+)"  # a minus without spaces is a range or a phone number
_RESULT = r"-?\$?\s*\(?-?\d[\d,]*(?:\.\d+)?\)?"
_CALCULATION = re.compile(
    rf"(?<![\w.])((?:{_OPERAND}{_OPERATOR})+{_OPERAND})\s*(?:=|≈|equals|is (?:about|approximately|roughly))\s*"
    rf"({_RESULT})(\s*(?:%|percent\b))?", re.I)


def redo_arithmetic(text: str) -> tuple[str, list[Calculation]]:
    """Calculations the answer shows ("112,292 / 129,873 = 0.87", "(20,907 - 6,065) / 20,907 = 72.5%"),
    worked out again: a small model copies figures well and divides badly. A wrong result is replaced
    by the right one, written as the model wrote it (decimals, thousands separators, "$", a negative
    in parentheses; a percentage when it wrote "%"). Expressions mixing units ("million" on some
    operands only) or that don't parse are left alone."""
    sums: list[Calculation] = []

    def redo(m: re.Match) -> str:
        expression, written, percent = m.group(1).strip(), m.group(2), m.group(3) or ""
        value = _evaluate(expression)
        if value is None:
            return m.group(0)
        if percent and "100" not in re.sub(r"[,\s]", "", expression):
            value *= 100
        result = _written_like(value, written)
        sums.append(Calculation(expression, written, result))
        return m.group(0) if result == written or _reads(value, written) else \
            m.group(0)[:m.start(2) - m.start()] + result + percent

    return _CALCULATION.sub(redo, text), sums


# "70.5%, which was up from 71.5%", "rose from $5,403 million to $4,883 million": a direction word that the two
# figures it sets side by side contradict
_FIGURE = r"\(?-?\$?\s?\(?\d[\d,]*(?:\.\d+)?\)?\s?(?:%|percent\b|(?:million|billion|thousand)\b)?"
# (with a size before the word and the other figure's owner after it: "24.2%, which is 24.2% higher than Q2 2022's
# 29.0%", blind set 34's p07; the size goes with the word turned)
_UP_FROM = re.compile(rf"(?P<a>{_FIGURE}),?\s+(?:which\s+(?:was|is)\s+|that\s+(?:was|is)\s+|an?\s+)?"
                      rf"(?P<size>\d+(?:\.\d+)?\s?%\s+)?"
                      rf"(?P<word>up|down|higher|lower|increase|decrease)\s+(?:from|than|on)\s+"
                      rf"(?:the\s+|(?:[\w-]+\s+){{0,4}}?[\w-]+['’]s\s+)?(?P<b>{_FIGURE})", re.I)
# (a size after the word, and each figure's period after it: "increased 24% from $31.8 billion in the first quarter of
# fiscal year 2024 to $27.1 billion in the second quarter of fiscal year 2023", blind set 37's s06; the size goes with
# the word turned)
_FROM_TO = re.compile(rf"\b(?P<word>increased|decreased|rose|fell|grew|declined|dropped)(?P<after>\s+(?:by\s+)?"
                      rf"\d+(?:\.\d+)?\s?%)?\s+from\s+(?P<b>{_FIGURE})(?:\s+(?:in|for|during|at)\s+(?:the\s+)?"
                      rf"[A-Za-z][\w ,'’-]{{0,60}}?)?\s+to\s+(?P<a>{_FIGURE})", re.I)
_OPPOSITE = {"up": "down", "down": "up", "higher": "lower", "lower": "higher", "increase": "decrease",
             "decrease": "increase", "increased": "decreased", "decreased": "increased", "rose": "fell", "fell": "rose",
             "grew": "declined", "declined": "grew", "dropped": "rose"}
_RISES = {"up", "higher", "increase", "increased", "rose", "grew"}


def redo_directions(text: str) -> tuple[str, list[str]]:
    """Directions the answer gives two figures of one unit ("70.5%, which was up from 71.5%"; "decreased from 26.3% to
    30.3%") that the figures contradict, written the other way ("down from"): a small model copies both figures and
    guesses the word between them. (the text, what was redone)"""
    redone: list[str] = []

    def redo(m: re.Match) -> str:
        a, b = m.group("a"), m.group("b")
        if _figure_unit(a) != _figure_unit(b) or _signed_figure(a) == _signed_figure(b) or \
                any(re.fullmatch(r"\s*(?:19|20)\d\d\s*", f) for f in (a, b)):
            return m.group(0)  # other units, or years: "declined from 2022 to 2023"
        word, rise = m.group("word"), _signed_figure(a) > _signed_figure(b)
        if (word.lower() in _RISES) == rise:
            return m.group(0)
        other = _OPPOSITE[word.lower()]
        other = other.capitalize() if word[0].isupper() else other
        redone.append(f"{a.strip()} against {b.strip()} is {'a rise' if rise else 'a fall'}, not \"{word}\"")
        start, end = m.start("word") - m.start(), m.end("word") - m.start()
        if "size" in m.re.groupindex and m.group("size"):
            start = m.start("size") - m.start()
        if "after" in m.re.groupindex and m.group("after"):
            end = m.end("after") - m.start()
        return m.group(0)[:start] + other + m.group(0)[end:]

    text = _UP_FROM.sub(redo, text)
    return _FROM_TO.sub(redo, text), redone


# "30.7%, which is 3.7 percentage points lower than the operating margin of 33.5%": the points between two percentages
_POINTS_APART = re.compile(r"(?P<a>\d+(?:\.\d+)?)\s?%(?P<mid>[^.;%]{0,80}?)\b(?P<n>\d+(?:\.\d+)?)\s+(?:percentage\s+)?"
                           r"points?(?P<how>\s+(?:lower|higher|above|below|less|more|down|up)\b[^.;%]{0,60}?)"
                           r"(?P<b>\d+(?:\.\d+)?)\s?%")


def redo_points(text: str) -> tuple[str, list[str], list[str]]:
    """The percentage points an answer says lie between two percentages it gives ("30.7%, which is 3.7 percentage
    points lower than ... 33.5%"), written as the difference of the two where they are further off than their rounding
    allows (POINTS_CHECK; blind set 32's n11). (the text, what was redone, the differences written: worked out from the
    answer's own figures, no invention)"""
    redone: list[str] = []
    written: list[str] = []

    def redo(m: re.Match) -> str:
        a, b, n = float(m.group("a")), float(m.group("b")), m.group("n")
        decimals = max(len(x.split(".")[1]) if "." in x else 0 for x in (m.group("a"), m.group("b")))
        apart = abs(a - b)
        if abs(float(n) - apart) <= 10 ** -decimals + 1e-9:
            return m.group(0)
        right = f"{apart:.{decimals}f}"
        written.append(right)
        redone.append(f"{m.group('a')}% and {m.group('b')}% are {right} points apart, not {n}")
        start, end = m.start("n") - m.start(), m.end("n") - m.start()
        return m.group(0)[:start] + right + m.group(0)[end:]
    return _POINTS_APART.sub(redo, text), redone, written


_PACE = re.compile(r"\b(?P<prefix>ac|de)celerat(?:ing|ed|es|ion)\b", re.I)  # "accelerating", "deceleration"


def redo_pace(text: str, worked: list[WorkedOut]) -> tuple[str, list[str]]:
    """The pace an answer gives growth rates worked out over quarters, one after another ("15.8%, 12.2%, 12.3%":
    growth slowed), written the other way where the first and last rates contradict it ("Growth is accelerating" ->
    "decelerating"; PACE_CHECK). (the text, what was redone)"""
    rates = [value_of(w.result) for w in worked if w.formula.percent]
    if len(rates) < 2 or None in rates or rates[0] == rates[-1] or len(rates) != len(worked):
        return text, []
    rising = rates[-1] > rates[0]
    redone: list[str] = []

    def redo(m: re.Match) -> str:
        word = m.group()
        if (m.group("prefix").lower() == "ac") == rising:
            return word
        other = ("ac" if rising else "de") + word.lower()[2:]
        redone.append(f"growth from {worked[0].result} to {worked[-1].result} is {'faster' if rising else 'slower'}, "
                      f"not \"{word}\"")
        return other.capitalize() if word[0].isupper() else other
    return _PACE.sub(redo, text), redone


def _figure_unit(figure: str) -> str:
    low = figure.lower()
    return "%" if "%" in low or "percent" in low else next((w for w in ("million", "billion", "thousand") if w in low),
                                                         "")


def _signed_figure(figure: str) -> float:
    return _signed(re.sub(r"(?i)%|percent|million|billion|thousand", "", figure))


def _signed(written: str) -> float:
    digits = re.sub(r"[^\d.]", "", written)
    return -float(digits) if "-" in written or "(" in written else float(digits)


def _reads(value: float, written: str) -> bool:
    """value rounded to written's decimals is what is written, sign included."""
    return abs(value - _signed(written)) <= 0.5 * 10 ** -_decimals(re.sub(r"[^\d.]", "", written)) + 1e-9


def _written_like(value: float, written: str) -> str:
    """value as written is: its decimals, thousands separators, "$" and way of writing a negative."""
    digits = re.sub(r"[^\d.,]", "", written)
    decimals = _decimals(digits.replace(",", ""))
    body = f"{abs(value):,.{decimals}f}" if "," in digits else f"{abs(value):.{decimals}f}"
    dollar = "$" if "$" in written else ""
    if value < 0 and "(" in written:
        return f"{dollar}({body})"
    return f"{'-' if value < 0 else ''}{dollar}{body}"


def _evaluate(expression: str) -> float | None:
    units = [u.lower() for u in re.findall(r"million|billion|thousand", expression, re.I)]
    bare = [n for n, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)(\s*(?:million|billion|thousand))?", expression, re.I)
            if not unit]
    constants = not re.search(r"[*/×÷]", expression) or any("," in n or float(n) >= 1000 for n in bare)
    if units and (len(set(units)) > 1 or bare and constants):
        return None  # amounts in two scales, or in millions and not: not a calculation to redo ("365 x", "/ 2" are)
    plain = re.sub(r"million|billion|thousand|\$|,", "", expression, flags=re.I)
    plain = plain.replace("×", "*").replace("÷", "/").replace("−", "-").replace("–", "-")
    try:
        tree = ast.parse(plain, mode="eval")
    except SyntaxError:
        return None

    def value(node) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](value(node.left), value(node.right))
        raise ValueError(ast.dump(node))

    try:
        return value(tree.body)
    except (ValueError, ZeroDivisionError):
        return None



def supporting_passages(text: str, hits: list[Hit], question: str = "") -> list[int]:
    """The passages [n] that support the answer, sentence by sentence, in order of first mention.

    A sentence that states numbers (of two digits or more) is credited to the passages holding them:
    to those its [n] markers name when they hold any of them, else to the passage holding most of
    them (a small model often writes [1] whatever the source, or no marker at all). A sentence without numbers
    keeps its markers or, with none, goes to the passage holding most of its new words (see
    attribute). Sources thus always come from the retrieved passages, never from the model's
    words about sources.
    """
    found: list[int] = []
    asked = set(_numbers(question).split())
    held = [set(_numbers(passage_text(h)).split()) for h in hits]
    for sentence in _sentences(text):
        marked = cited_numbers(sentence, len(hits))
        stated = [n for n in dict.fromkeys(_numbers(_claims(sentence)).split()) if n not in asked and _telling(n)]
        counts = [sum(n in p for n in stated) for p in held]
        if stated and max(counts, default=0) > 0:
            chosen = [n for n in marked if counts[n - 1] > 0]
            if not chosen:
                holders = [i for i, c in enumerate(counts) if c == max(counts)]
                chosen = [_most_shared(sentence + " " + question, hits, holders) + 1]
        else:
            chosen = marked or attribute(sentence, hits, question)
        found += [n for n in chosen if n not in found]
    return found


def _telling(n: str) -> bool:
    """A number specific enough to tell passages apart: not 0-9 ("1:1", "3 steps") nor a clock's "00"."""
    return not (n.isdigit() and (len(n) == 1 or n.startswith("0")))


def _sentences(text: str) -> list[str]:
    """The answer split into sentences; a marker written after the full stop ("... fee. [2]") stays
    with its sentence."""
    out: list[str] = []
    for part in re.split(r"(?<=[.!?])\s+", text):
        if out and re.fullmatch(r"(?:\[[^\]]*\]\s*)+[.!?]?", part.strip()):
            out[-1] += " " + part
        elif part.strip():
            out.append(part)
    return out


def _most_shared(text: str, hits: list[Hit], among: list[int]) -> int:
    """The index (one of `among`) of the passage sharing most content words with text; the first on a tie."""
    words = _content_words(text)
    return max(among, key=lambda i: (len(words & _content_words(passage_text(hits[i]))), -i))


def cited_numbers(text: str, n_passages: int) -> list[int]:
    """Passage numbers cited as [2], [1, 3] or [1-2], in order of first mention, valid ones only."""
    found: list[int] = []
    for group in _MARKER.findall(text):
        for part in re.split(r"\s*[,;]\s*", group):
            bounds = [int(x) for x in re.split(r"\s*[-–]\s*", part)]
            for n in range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 and bounds[1] - bounds[0] < 10 else bounds:
                if 1 <= n <= n_passages and n not in found:
                    found.append(n)
    return found


def attribute(text: str, hits: list[Hit], question: str = "") -> list[int]:
    """Credit each sentence to the passage holding most of what it adds to the question (its content
    words not in the question): at least ATTRIBUTION_SHARE of them. A sentence that only restates
    the question, or whose new words are in no passage ("a purple dragon named Sparky"), is
    credited to nothing."""
    found: list[int] = []
    passages = [_content_words(passage_text(h)) for h in hits]
    asked = _content_words(question)
    for sentence in _sentences(text):
        # a quotation a passage prints word for word is from that passage, whatever the words ("I Am A Footer",
        # asked what the footer says: all the question's words)
        quoted = [q for q in map(_plain, _QUOTED.findall(sentence)) if len(q.split()) >= 2]
        holder = next((i for q in quoted for i, h in enumerate(hits) if q in _plain(passage_text(h))), None)
        if holder is not None:
            found += [holder + 1] if holder + 1 not in found else []
            continue
        # the question's words in other forms add nothing ("Yes, Corvane announced a stock split", asked whether it
        # announced one); said in the negative they do ("Corvane disclosed no accounting policy changes")
        said = _content_words(_claims(sentence))
        words = said - asked if _negates(sentence, question) else {w for w in said if not _any_inflection(w, asked)}
        if not words:
            continue
        overlaps = [len(words & p) for p in passages]
        best = max(range(len(hits)), key=lambda i: overlaps[i], default=None)
        if best is not None and overlaps[best] >= max(1, ATTRIBUTION_SHARE * len(words)):
            if best + 1 not in found:
                found.append(best + 1)
    return found


_QUOTED = re.compile(r"[\"“]([^\"“”]{3,200})[\"”]")


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


# a fiscal year the question writes short ("1H FY24") is the year the answer may write in full ("the first half of 2024")
_FY_YEAR = re.compile(r"(?<=\bFY)(?:\s?['’]?)((?:19|20)?\d\d)\b", re.I)


def unsupported_numbers(text: str, hits: list[Hit], given: str = "", computed: bool = False) -> list[str]:
    """Numbers in the answer that appear in none of the passages nor in `given` (the question): a
    sign of an invented answer. A passage's number rounded as the model writes it ("12.3" for 12.34)
    counts as found. With computed=True (the question asks for a change, a total, a ratio...) so does
    a number worked out from two found ones, rounded as the model writes it (see _computed_from)."""
    shown = [_without_ticks(_without_labels(without_page_numbers(passage_text(h)) if is_contents(h.text) else
                                            passage_text(h))) for h in hits]
    times = {m.group() for t in shown for m in _CLOCK.finditer(t)}  # "9:30" supports "9:30" and "9", not "30 days"
    shown = [_CLOCK.sub(r"\1", t) for t in shown]
    found = _numbers(" ".join([given, *shown])).split()
    operands = sorted({float(n) for n in found})
    per_passage = [sorted({float(n) for n in _numbers(t).split()}) for t in shown]
    claims = _claims(text)
    missing: list[str] = []
    told = [c for c in _CLOCK.finditer(claims) if c.group() in times]
    coded = _coded_only(" ".join([given, *shown]))
    for m in _NUMBER.finditer(claims):
        if _REFERENCE.search(claims[:m.start()]):  # "section 16.3", "Note 4": a pointer, not a figure
            continue
        if any(c.start() <= m.start() < c.end() for c in told):
            continue  # a time (or an era's year, "9:30 Dragon") the passages print as it is written
        n = m.group().replace(",", "").rstrip(".")
        if CODE_CHECK and n in coded and not re.search(r"[A-Za-z]$", claims[:m.start()]) and n not in missing:
            missing.append(n)  # "shipped 100 H100 GPUs": the passages print 100 only as a product's code
            continue
        percent = bool(re.match(r"\s*(?:%|percent|per cent)", claims[m.end():], re.I))
        if n in missing or float(n) in operands or _rounded_from(n, operands) or (
                not percent and _dotted_thousands(n, operands)):
            continue
        if not (computed and _computed_from(n, percent, operands, per_passage)):
            missing.append(n)
    return missing


_CLOCK = re.compile(r"(?<![\d:.,])(\d{1,2}):\d{2}(?![\d:])")  # "9:30": its minutes are no figure of their own
_CODE = re.compile(r"(?<=[A-Z])\d{2,}(?![\d,.]\d)")  # the digits of a product's code: "H100", "A800", "L40S"


def _coded_only(text: str) -> set[str]:
    """The numbers (of two digits or more, not years) the text prints only as the digits of a code ("100" of "H100"
    and "A100"), never on their own."""
    coded = {m.group() for m in _CODE.finditer(text) if not re.fullmatch(r"(?:19|20)\d\d", m.group())}
    return coded - {n for n in _numbers(_CODE_WORD.sub(" ", text)).split()}


_CODE_WORD = re.compile(r"\b[A-Za-z]*[A-Z]\d{2,}[A-Za-z0-9]*")  # a code, digits and all: "H100", "L40S", "RTX4090"


TICKS = 4  # evenly spaced numbers in a row, alone on their lines or on one line: a plot's axis, read as text
_TICK_LINE = re.compile(r"^[ \t]*(-?\d+(?:\.\d+)?)[A-Za-z%]*[ \t]*$")  # "0.975AUROC": a tick and the axis's title


def _without_ticks(text: str) -> str:
    """text without the numbers of a plot's axes, which pypdf extracts as text ("0.875 / 0.900 / 0.925 / 0.950 /
    0.975AUROC" one a line, "130 140 150 160 170" on one): TICKS or more evenly spaced numbers with no word but an axis
    title glued to the last. They support no figure of an answer ("an average AUROC of 0.975")."""
    lines = text.split("\n")
    ticks = [m and float(m.group(1)) for m in map(_TICK_LINE.match, lines)]
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):  # one a line
        j = i
        while j < len(lines) and ticks[j] is not None:
            j += 1
        if j - i >= TICKS and _even(ticks[i:j]):
            keep[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    out = []
    for line, kept in zip(lines, keep):
        words = line.split()
        if not kept or len(words) >= TICKS and all(re.fullmatch(r"-?\d+(?:\.\d+)?", w) for w in words) and \
                _even([float(w) for w in words]):
            continue  # (a line of them)
        out.append(line)
    return "\n".join(out)


def _even(values: list[float]) -> bool:
    """Evenly spaced, and not counted one by one (years over a table's columns, "2024 2023 2022 2021"; a list's 1 2 3)."""
    steps = [b - a for a, b in zip(values, values[1:])]
    return len(set(round(step, 6) for step in steps)) == 1 and abs(steps[0]) not in (0, 1)


_ARITHMETIC = re.compile(
    r"\b(?:differ|chang|increas|decreas|grow|grew|declin|rise|rose|drop|fell|fall|more|less|fewer|higher|lower|"
    r"larger|smaller|bigger|total|combined|sum|together|altogether|ratio|percent|share|proportion|compar|versus|"
    r"vs|between|margin|gap|times|average)\w*", re.I)


def thousands_commas(text: str, hits: list[Hit]) -> str:
    """The answer with a figure whose thousands the model marked with a point written as the passages print it:
    "$6.844 million" is the passages' "6,844 million" (Microsoft's R&D), a thousand times what it says. Only where a
    passage gives the comma form in the same scale and none the point form: "$6.844 million" from a table in
    thousands ("6,844 thousand") is a right conversion and stays."""
    shown = None
    def mended(m: re.Match) -> str:
        nonlocal shown
        if shown is None:
            shown = " ".join(f"{label_columns(h.text, h.heading, units=True)} {h.text}" for h in hits)
        n, scale = m.group(1), m.group(2)
        comma = n.replace(".", ",")
        same_scale = re.compile(rf"(?<![\d,.]){re.escape(comma)}(?![\d]|,\d)\s*(?:\)\s*)?{scale}", re.I)
        if same_scale.search(shown) and not re.search(rf"(?<![\d,.]){re.escape(n)}(?!\d)", shown):
            return f"{comma}{m.group()[len(n):]}"
        return m.group()
    return _DOTTED_SCALED.sub(mended, text)


def scales_as_printed(text: str, hits: list[Hit]) -> tuple[str, list[str]]:
    """The answer with each figure written with a scale word ("$13.8 million") that the passages print only with
    another scale ("$13.8 billion", every time they print that figure) written with theirs, and what was changed
    ("13.8 million -> 13.8 billion"); so is one the passages print only as a whole number of a declared unit a thousand
    times smaller ("$13.8 million" for a table's "$ 13,800" under "(In millions)": _table_scales). A figure the
    passages print bare anywhere (a table's cell, in its unit) or with the answer's own scale is left as written."""
    changed: list[str] = []

    def mended(m: re.Match) -> str:
        n, scale = m.group("n"), m.group("scale").lower()
        printed = [(h.text[o.end():o.end() + 12]) for h in hits for o in _occurrences(n, h.text)]
        scales = {(s.group(1).lower() if (s := _SCALE_WORD_AFTER.match(after)) else "") for after in printed}
        if not printed and "." in n:  # "$13.8 million" read off a table's "$ 13,800" (in millions): $13.8 billion
            scales = _table_scales(n, hits)
        if len(scales) != 1 or "" in scales or scale in scales:
            return m.group()
        other = scales.pop()
        changed.append(f"{n} {scale} -> {n} {other}")
        return f"{m.group()[:m.start('scale') - m.start()]}{other}"
    return _SCALED_FIGURE.sub(mended, text), changed


def shares_as_printed(text: str, hits: list[Hit]) -> tuple[str, list[str]]:
    """The answer with a count of shares written as money, or money written as a count of shares, as the passages print
    it, and what was changed: "$11 million of common stock was repurchased" where the passages print "11 million" only
    as "11 million shares" is "11 million shares ..."; "19,000 million shares" where they print that amount only as
    money ("$19.0 billion", or an amount that rounds so) is the count the sentence printing that amount gives
    ("repurchased 133 million shares of its common stock for $19.0 billion": 133 million shares). Left as written
    where the passages print the figure both ways, or no one count beside the amount."""
    changed: list[str] = []
    passages = [" ".join(h.text.split()) for h in hits]

    def as_count(m: re.Match) -> str:
        n, scale = m.group("n"), m.group("scale").lower()
        kinds = {kind for p in passages for o in _occurrences(n, p) if (kind := _printed_as(p, o, scale))}
        if kinds != {"shares"}:
            return m.group()
        changed.append(f"{m.group()} -> {n} {scale} shares")
        return f"{n} {scale} shares"

    def as_printed_count(m: re.Match) -> str:
        value = _value(m.group("n"), m.group("scale"))
        counts = [c for p in passages for c in _SHARES_WRITTEN.finditer(p) if _value(c["n"], c["scale"]) == value]
        amounts = [(p, a) for p in passages for a in _MONEY_WRITTEN.finditer(p) if _rounds_to(value, a)]
        if counts or not amounts:
            return m.group()
        beside = {c.group() for p, a in amounts for c in _SHARES_WRITTEN.finditer(_sentence_around(p, a.start()))}
        if len(beside) != 1:
            return m.group()
        count = re.match(rf"{_AMOUNT}", beside.pop())
        changed.append(f"{m.group()} shares -> {count.group()} shares")
        return count.group()
    text = _MONEY_WRITTEN.sub(as_count, text)
    return _SHARES_WRITTEN.sub(as_printed_count, text), changed


_AMOUNT = r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>thousand|million|billion)\b"
_SHARES_AFTER = r"\s+(?:of\s+(?:its\s+|our\s+|the\s+)?(?:common\s+)?(?:stock\s+)?)?shares\b"
# "$11 million" (not "$11 million of shares": money spent on them)
_MONEY_WRITTEN = re.compile(rf"\$\s?{_AMOUNT}(?!{_SHARES_AFTER})", re.I)
# "133 million shares", "19,000 million shares of its common stock" (not "$19,000 million shares")
_SHARES_WRITTEN = re.compile(rf"(?<![\d,.$])(?<!\$\s){_AMOUNT}(?={_SHARES_AFTER})", re.I)


def _printed_as(passage: str, at: re.Match, scale: str) -> str:
    """What a passage prints a figure with the scale word after it as: "money" ("$11 million"), "shares" ("11 million
    shares"); "" otherwise (another scale, a table's cell)."""
    after = passage[at.end():]
    if not re.match(rf"\s*{scale}\b", after, re.I):
        return ""
    if re.search(r"\$\s?$", passage[:at.start()]):
        return "money"
    return "shares" if re.match(rf"\s*{scale}{_SHARES_AFTER}", after, re.I) else ""


def _value(n: str, scale: str) -> float:
    return round(float(n.replace(",", "")) * 1000 ** (1 + _SCALE_WORDS.index(scale.lower())), 3)


def _rounds_to(value: float, printed: re.Match) -> bool:
    """Whether a value rounds to an amount as printed ("$65.0 billion" for 64,974 million: to a tenth of a billion)."""
    decimals = len(printed["n"].split(".")[1]) if "." in printed["n"] else 0
    return abs(value - _value(printed["n"], printed["scale"])) <= _value(f"{0.5 / 10 ** decimals}", printed["scale"])


def _sentence_around(text: str, at: int) -> str:
    """The sentence of text holding position at."""
    start = max(text.rfind(". ", 0, at), text.rfind("; ", 0, at))
    end = min((e for e in (text.find(". ", at), text.find("; ", at)) if e >= 0), default=len(text))
    return text[start + 1:end]


_SCALE_WORDS = ("thousand", "million", "billion", "trillion")
# a table's unit, declared above its figures: "(In millions)", "(in thousands, except per share data)", "in billions"
_UNIT_DECLARED = re.compile(r"\bin\s+(thousands|millions|billions)\b", re.I)


def _table_scales(n: str, hits: list[Hit]) -> set[str]:
    """The scale words a figure with a decimal point ("13.8") has where the passages print it as a whole number of a
    declared unit a thousand times smaller ("$ 13,800" under "(In millions)": 13.8 billion): one per such printing;
    a printing under no declared unit is "" (unknown)."""
    decimals = len(n.split(".")[1])
    out = set()
    for h in hits:
        text = f"{h.heading}\n{h.text}"
        for o in re.finditer(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,]|\.\d)", text):
            whole = float(o.group().replace(",", ""))
            if f"{whole / 1000:.{decimals}f}" != n or whole % 10 ** (3 - decimals):
                continue  # not the figure rounded as written ("13,800" is 13.8; "13,787" is written 13.787)
            units = _UNIT_DECLARED.findall(text[:o.start()])
            unit = units[-1].lower().rstrip("s") if units else ""
            out.add(_SCALE_WORDS[_SCALE_WORDS.index(unit) + 1] if unit in _SCALE_WORDS[:-1] else "")
    return out


_SCALED_FIGURE = re.compile(rf"(?<![\d,.])(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>{'|'.join(_SCALE_WORDS)})\b", re.I)
# (a name of its own: _figure's _SCALE_AFTER, which also reads "bn" and "mn", was shadowed by this one until the
# fifty-second session)
_SCALE_WORD_AFTER = re.compile(rf"\s*({'|'.join(_SCALE_WORDS)})\b", re.I)


def shares_scaled(text: str, hits: list[Hit]) -> str:
    """The answer with a count of shares copied bare from a table whose share counts are in thousands written with
    its scale: "15,647,868 shares" from Apple's balance sheet "(In millions, except number of shares, which are
    reflected in thousands ...)" is "15,647,868 thousand shares", not fifteen million shares. Only where every passage
    that prints the figure says its shares are in thousands."""
    def mended(m: re.Match) -> str:
        n = m.group(1)
        printing = [h for h in hits if any(_occurrences(n, h.text))]
        if printing and all(_SHARES_IN_THOUSANDS.search(f"{h.heading}\n{h.text}") for h in printing):
            return f"{n} thousand {m.group(2)}"
        return m.group()
    return _BARE_SHARES.sub(mended, text)


# a count of shares written bare: "15,647,868 shares" (not "15,647,868 thousand shares", "$1,234 of shares"); or of
# restricted stock units ("82,123 RSUs were granted" from a table "Number of RSUs (in thousands)": blind set 44's z08)
_BARE_SHARES = re.compile(r"(?<![\d,.$])(\d{1,3}(?:,\d{3})+)(?![\d,.]\d)\s+((?:common\s+)?shares|RSUs|restricted\s+"
                          r"stock\s+units)\b", re.I)


def money_scaled(text: str, hits: list[Hit]) -> str:
    """The answer with an amount of money copied bare from a table ("$17,294" from a table "(In millions)") written
    with the table's scale: "$17,294 million" (blind set 44's z02). Only where every passage that prints the figure
    prints it under one declared unit, and the answer says no scale, per-share or percent after it."""
    def mended(m: re.Match) -> str:
        n = m.group("n")
        units = set()
        for h in hits:
            text_ = f"{h.heading}\n{h.text}"
            for o in _occurrences(n, text_):
                declared = _UNIT_DECLARED.findall(text_[:o.start()])
                units.add(declared[-1].lower().rstrip("s") if declared else "")
        if len(units) != 1 or "" in units or (unit := units.pop()) not in _SCALE_WORDS:
            return m.group()
        return f"{m.group()} {unit}"
    return _BARE_MONEY.sub(mended, text)


# an amount of money written bare: "$17,294" (not "$17,294 million", "$1,234 per share", "$2.5")
_BARE_MONEY = re.compile(r"(?<![\d,.])\$\s?(?P<n>\d{1,3}(?:,\d{3})+)(?![\d,]|\.\d)(?!\s*(?:thousand|million|billion|"
                         r"trillion|mn|bn|k\b|per\b|a\s+share|%|percent))", re.I)
# a table's unit clause that puts its share counts in thousands: "(In millions, except number of shares, which are
# reflected in thousands ...)", "(in thousands, except per share data)" over share counts, "Shares (in thousands)"
_SHARES_IN_THOUSANDS = re.compile(r"\bshares,?\s+which\s+are\s+reflected\s+in\s+thousands\b|\bshares\s*\(?in\s+thousands\b|"
                                  r"\bthousands\s+of\s+shares\b|\(\s*in\s+thousands(?:,\s+except\s+per[- ]share\b[^)]*)?\)",
                                  re.I)


_DOTTED_SCALED = re.compile(r"(?<![\d,.])(\d{1,3}(?:\.\d{3})+)(?![\d,.]\d)\s*(million|billion|thousand)\b", re.I)


def _dotted_thousands(n: str, operands: list[float]) -> bool:
    """"112.292" written for a passage's 112,292: a point for the thousands separator, not a new figure
    (never for a percentage: "12.418%" made of a passage's 12,418 is a misread figure)."""
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d{3})+", n)) and float(n.replace(".", "")) in operands


def asks_for_arithmetic(question: str) -> bool:
    """Does the question ask for a number worked out from others (a change, a total, a ratio)?"""
    return bool(_ARITHMETIC.search(question))


def _decimals(n: str) -> int:
    return len(n.split(".")[1]) if "." in n else 0


def _close(value: float, n: str) -> bool:
    """value written to n's precision reads n (12.345 as "12.3", -1234.6 as "1235")."""
    return abs(abs(value) - float(n)) <= 0.5 * 10 ** -_decimals(n) + 1e-9


def _rounded_from(n: str, operands: list[float]) -> bool:
    """n is a passage's number with fewer decimals (an integer stays itself: "90" is not 89.6 or 90.4
    rounded unless the passage wrote decimals)."""
    return any(x != int(x) and _decimals(str(x)) > _decimals(n) and _close(x, n) for x in operands)


def _computed_from(n: str, percent: bool, operands: list[float], per_passage: list[list[float]]) -> bool:
    """n is worked out from two distinct numbers of the passages, rounded as written.

    Sums, differences and ratios of any two count only for a number written to within 1% (three
    significant figures: "$1,162", "2.34 times"), since small ones are some sum or difference of
    any passage's numbers by chance ("14" = 30 - 16). A percentage or percentage change ("1.4%")
    counts from two numbers of one passage (a table row), where coincidences are few.
    """
    value = float(n)
    if percent:
        for xs in per_passage:
            for a in xs:
                for b in xs:
                    if a and a != b and (_close(100 * b / a, n) or _close(100 * (b - a) / a, n)):
                        return True
        return False
    if not value or 0.5 * 10 ** -_decimals(n) / value > 0.01:
        return False
    xs = operands[:300]  # a few tables' worth; the check stays well under a second
    for i, a in enumerate(xs):
        for b in xs[i + 1:]:
            if _close(a + b, n) or _close(b - a, n) or (a and _close(b / a, n)) or (b and _close(a / b, n)):
                return True
    return False


# Numbers that label, not measure: a numbered heading or rule ("16.3 Student conduct", "4.2 Religious
# observance.") and dotted identifiers ("16.3.2", "1.2.840"). A passage holding them does not support an
# answer's "16.3" (a student-to-faculty ratio made up from a section number).
_LABEL = re.compile(r"(?m)^\s*\d{1,2}(?:\.\d{1,3}){1,3}(?=\s+[A-Z][a-z])|\d+(?:\.\d+){2,}")
_REFERENCE = re.compile(r"\b(?:sections?|sec\.|§|chapters?|items?|notes?|parts?|articles?|rules?)\s*$", re.I)


def _without_labels(text: str) -> str:
    return _LABEL.sub(" ", text)


# where an answer's sentences end (for _leads_with_another); not _SENTENCE_END, which cuts a passage's label
_ANSWER_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|\n+")


def _leads_with_another(text: str, result: str, question: str) -> bool:
    """Whether the answer's first figure (not one the question writes: a date, a year) is another than the
    result worked out, in a sentence that does not also state the result: "free cash flow ... was $54,330
    million. ... a reduction of $3,319 million" gives an operand as the answer and the result as an aside.
    "6,800 / 13,507 = 50.3%" and "operating income of $6,800 million over revenue gives 50.3%" lead with it."""
    claims = _claims(text)
    asked = set(_numbers(question).split())
    for m in _NUMBER.finditer(claims):
        n = m.group().replace(",", "").rstrip(".")
        if n in asked:
            continue
        start = max((e.end() for e in _ANSWER_SENTENCE_END.finditer(claims, 0, m.start())), default=0)
        end = next((e.start() for e in _ANSWER_SENTENCE_END.finditer(claims, m.end())), len(claims))
        return not _states(result, claims[start:end])
    return False


def _rounded_as_printed(result: str, text: str, hits: list[Hit]) -> str | None:
    """A percentage worked out ("18.3%") that the answer states rounded to the whole percent as a passage prints it
    ("Our effective tax rate was 18% and 19% ...": the filing's own rounding of the same ratio): that rounding
    ("18%"); else None."""
    if not result.endswith("%") or (value := value_of(result.rstrip("%"))) is None:
        return None
    rounded = f"{int(value + 0.5) if value >= 0 else -int(-value + 0.5)}%"
    return rounded if rounded != result and _states(rounded, text) and any(_states(rounded, h.text) for h in hits) \
        else None


def _states(result: str, text: str) -> bool:
    """The answer states this number ("42.3%" as "42.3 %" or "42.3 percent")."""
    number = _NUMBER.search(result)
    return bool(number) and next(_occurrences(number.group().replace(",", ""), text.replace(",", "")), None) is not None


def _sign_contradicted(text: str, question: str, worked: list[WorkedOut]) -> bool:
    """A yes or no about a profit ("Was Amazon's International segment profitable in Q3 2023? Give its operating
    income or loss") that the figure worked out contradicts: "Yes" beside an operating loss of $95 million; or about
    one result beating another ("Does PAL beat COT on SVAMP?"), "No" beside a difference of 0.4 in its favour."""
    if len(worked) != 1 or not asks_yes_no(question) or not (_PROFIT_ASKED.search(question) or
                                                              _BEAT_ASKED.search(question)):
        return False
    value = value_of(worked[0].result)
    said = _YES_OR_NO.match(text)
    return bool(said and value and (said.group(1).lower() == "yes") != (value > 0))


def _guidance_verdict(question: str, worked: list[WorkedOut]) -> str:
    """"Yes: " or "No: " for a yes-or-no question on how figures stood against guidance (guidance.guidance_asked:
    within, above, below), each figure set against its range (Calculation.versus): yes when every one fell as asked;
    "" for any other question."""
    how = guidance_asked(question)
    if not how or not all(w.versus for w in worked):
        return ""
    return "Yes: " if all(w.versus.where(dollars(w.result)) == how for w in worked) else "No: "


def _periods_swapped(text: str, question: str, worked: list[WorkedOut]) -> tuple[str, str] | None:
    """The two periods of a question asking one line in two (question.two_periods_asked), where the answer writes each
    period's figure worked out nearer the other period's name than its own, both names and both figures written once;
    else None."""
    periods = two_periods_asked(question)
    if not periods or len(worked) != 2:
        return None
    said = [[m.start() for m in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.I)] for p in periods]
    numbers = [_NUMBER.search(w.result) for w in worked]
    if not all(numbers) or worked[0].result == worked[1].result:
        return None
    figures = [[m.start() for m in _occurrences(n.group(), text)] for n in numbers]
    if any(len(at) != 1 for at in said + figures):
        return None
    (a, b), (x, y) = [at[0] for at in said], [at[0] for at in figures]
    return periods if abs(x - b) < abs(x - a) and abs(y - a) < abs(y - b) else None


def _quarters_mislabelled(text: str, question: str, worked: list[WorkedOut]) -> tuple[str, ...] | None:
    """The quarters of a trend (rag.calculate.trend: three or more, each named by number, "Q3 FY23, Q1 FY24, ..."),
    in time's order, when the answer writes one of them with another quarter's figure worked out after it (before
    the next quarter's name) and not its own: "Q3 FY23, $14,514 million [4]; ... Q3 FY24, $3,833 million [1]" (blind
    set 39's u22); else None. Each figure worked out is the quarter's in time's order (rag.answer lists the reports
    by their quarters' ends)."""
    trend = trend_asked(question)
    if not trend or len(trend.periods) != len(worked) or len(worked) < 3 or trend.through:
        return None
    named = [quarter_asked(p) for p in trend.periods]
    if not all(named) or len({n[2] for n in named}) != 1:
        return None  # not all named by number, or fiscal and calendar mixed
    periods = tuple(p for _, p in sorted(zip(((int(n[1]), n[0]) for n in named), trend.periods)))
    figures = [n.group() if (n := _NUMBER.search(w.result)) else "" for w in worked]
    said = [[m.start() for m in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.I)] for p in periods]
    if not all(figures) or len(set(figures)) != len(figures) or any(len(at) != 1 for at in said):
        return None
    starts = sorted(at[0] for at in said)
    written = [m.start() for f in figures for m in _occurrences(f, text)]
    before = bool(written) and min(written) < starts[0]  # "grew 35% in Q1 FY23, 31% in Q2 FY23, ...": each figure
    for (at,), own in zip(said, figures):  # before its quarter's name; else after it
        if before:
            window = text[max((s + len(p) for (s,), p in zip(said, periods) if s < at), default=0):at]
            nearest = max(((m.start(), f) for f in figures for m in _occurrences(f, window)), default=None)
        else:
            window = text[at:next((s for s in starts if s > at), len(text))]
            nearest = min(((m.start(), f) for f in figures for m in _occurrences(f, window)), default=None)
        if nearest and nearest[1] != own and not any(True for _ in _occurrences(own, window)):
            return periods
    return None


def _signs_verdict(question: str, worked: list[WorkedOut]) -> str:
    """"Yes: " or "No: " for a yes-or-no question claiming the signs of profit lines (question.signs_claimed), each
    line's figure worked out in the order claimed: yes when every figure's sign is the one claimed; "" for any other
    question, or when a figure is zero or unread."""
    claims = signs_claimed(question) if asks_yes_no(question) else []
    values = [value_of(w.result) for w in worked]
    if not claims or len(claims) != len(worked) or not all(values):
        return ""
    return "Yes: " if all((v > 0) == positive for v, (_, positive) in zip(values, claims)) else "No: "


# "who earned more ..., A or B?" answered with both figures right and the other company named as having more (blind
# set 22's d19): the worked-out figures, the larger's company first, are shown instead. bench/RESULTS.md, forty-second
# session.
WINNER_CHECK = True
_MORE_ASKED = re.compile(r"\b(?:more|higher|larger|greater|bigger)\b", re.I)
_GREW_FASTER = re.compile(r"\bgrew\s+more\b", re.I)  # "which grew more": the growth's, not the larger figure's
_LESS_ASKED = re.compile(r"\b(?:less|lower|smaller|fewer)\b", re.I)


def _wrong_winner(text: str, question: str, worked: list[WorkedOut]) -> str | None:
    """The company that has more (less, when the question asks which had less) when two companies' figures were
    worked out with the larger less the smaller (rag.calculate.work_out_each: the last calculation, the larger's term
    first, each named "A's ...") and the answer's sentence saying "more" names the other company first; else None."""
    more, less = bool(_MORE_ASKED.search(_GREW_FASTER.sub("", question))), bool(_LESS_ASKED.search(question))
    if not WINNER_CHECK or len(worked) not in (3, 5) or more == less:
        return None  # (five: each one's growth after the gap, "..., and which grew faster?")
    terms = [o.term for o in worked[2].found.values()]
    names = [t.split("'s ")[0] for t in terms if "'s " in t]
    if len(names) != 2 or names[0].lower() == names[1].lower():
        return None
    larger, smaller = names if more else names[::-1]
    for sentence in _sentences(_claims(text)):
        if not (_MORE_ASKED if more else _LESS_ASKED).search(sentence):
            continue
        places = {n: m.start() for n in names if (m := re.search(rf"\b{re.escape(n)}\b", sentence, re.I))}
        if smaller in places and (larger not in places or places[smaller] < places[larger]):
            return larger
        return None
    return None


# "Did NVIDIA repurchase any of its shares during the first quarter of fiscal year 2024?" answered "Yes, NVIDIA
# repurchased $99 million of its shares" (the quarter's dividends) beside "We did not repurchase any shares during the
# first quarter of fiscal year 2024.": a yes that a passage's sentence denies in the question's own words
# (stated.denying_sentence) is set aside and that sentence quoted. bench/RESULTS.md, forty-fifth session (blind
# set 24's f24).
DENIED_YES_CHECK = True
# ... and in the answer's own words where the question's are not the filing's: "Did Amazon buy back any stock in the
# first nine months of 2023?" answered "Yes, Amazon repurchased 46.2 million shares ... during the nine months ended
# September 30, 2022" beside "There were no repurchases of our common stock during the nine months ended September 30,
# 2023." (stated.denied_claim). bench/RESULTS.md, forty-eighth session (blind set 28's j21).
DENIED_CLAIM = True
# "Had Microsoft closed the Activision Blizzard acquisition by the time it filed its 10-Q ...?": the passage's sentence
# that says the deal with the party named was completed ("On October 13, 2023, we completed our acquisition of
# Activision Blizzard, Inc. ...") or ended ("... to terminate the agreement ... to acquire Tower") answers yes or no,
# quoted (stated.deal_sentence). bench/RESULTS.md, forty-sixth session (blind set 26's h24).
DEAL_CHECK = True
# "What total price did Nvidia pay when it closed its acquisition of Arm?" answered "$1.35 billion", the termination's
# cost: a question that takes a deal as completed, where the passages say only that it was ended, is declined with
# the sentence that says so (stated.premise_ended). bench/RESULTS.md, fiftieth session (blind set 30's l30).
PREMISE_CHECK = True
# ... an answer with the deal sentence's own yes or no, no [n] marker and a figure of its own ("Yes, Microsoft closed the
# Activision Blizzard acquisition for a cash payment of $61.8 billion, net of cash acquired.") is checked with that
# passage cited and kept when it passes, instead of the bare quote (blind set 28's j24: the payment asked was lost). bench/RESULTS.md,
# forty-eighth session.
DEAL_AGREED = True
# "Did Amazon put money into Anthropic during the quarter ended September 30, 2023?" answered "Yes, Amazon put money
# into Anthropic ...", which no passage supports in those words: the passage's sentence about the party or place named,
# in the question's period, is quoted without a yes or no ("In Q3 2023, we invested $1.25 billion in a note from
# Anthropic, PBC, ...") (stated.evidence_sentence). bench/RESULTS.md, forty-seventh session (blind set 26's h03, h10).
EVIDENCE_CHECK = True
# "How many H100 GPUs did NVIDIA ship?" answered "NVIDIA shipped 100 H100 GPUs": a figure written on its own that the
# passages (and the question) print only as the digits of a product's code ("H100", "A100") is found in no passage
# (unsupported_numbers). bench/RESULTS.md, forty-seventh session (blind set 27's i20).
CODE_CHECK = True
# "Apple's Services gross margin percentage ... was 70.5%, which was up from 71.5% in the same period last year": a
# direction word between two figures of one unit that they contradict is turned ("down from"; redo_directions).
# bench/RESULTS.md, forty-seventh session (blind set 27's i21).
DIRECTION_CHECK = True
# "Is growth accelerating or decelerating?" answered "accelerating" beside growth rates worked out over three quarters
# that fall (15.8%, 12.2%, 12.3%): the pace word turned to the one the first and last rates give (redo_pace).
# bench/RESULTS.md, fiftieth session (blind set 30's l17).
PACE_CHECK = True
# "Why did Apple cut its quarterly dividend in the June 2023 quarter?" when dividends rose, "NVIDIA's Data Center revenue
# fell ... how big was the decline?" when it rose 31%: a why-question or a question on the size of a change it claims is
# answered with the line's change over the year worked out from two table rows, where it went the other way
# (rag.calculate.direction). bench/RESULTS.md, fifty-first session (blind sets 31's m24 and 32's n24).
DIRECTION_PREMISE_CHECK = True
# "Did Apple's Greater China net sales grow year over year in the June 2023 quarter?" answered "Yes, ... grew" with no
# figure (withheld: it matches no passage): the change worked out from two table rows, with the yes or no it gives
# (rag.calculate.direction.direction_asked). bench/RESULTS.md, fifty-second session (blind set 33's o23).
DIRECTION_ASKED = True
# "What was AWS's operating margin in Q1 2023 vs Q1 2022?" answered "... in Q1 2023 was 35.3% compared to 24.0% in Q1
# 2022" (the two worked out, each written beside the other period): the figures are shown with their periods
# (_periods_swapped). bench/RESULTS.md, fifty-second session (blind set 35's q22).
PERIODS_SWAPPED_CHECK = True
# "Why did Intel swing to a net loss in Q3 2023?" when its net income was $310 million: the figure read from the
# sources is the answer, with "The sources show no loss" (rag.calculate.direction.sign_claimed). bench/RESULTS.md,
# fifty-second session (blind set 35's q25).
SIGN_PREMISE_CHECK = True
# "What fourth-quarter 2023 guidance did Amazon include in its 10-Q ...?" answered without the ranges ("We provided
# guidance on October 26, 2023 ... as set forth below"): the ranges the passages' guidance gives for that quarter
# (rag.calculate.guidance.guidance_given). bench/RESULTS.md, fifty-first session (blind set 32's n06).
GUIDANCE_GIVEN = True
_ORDINAL_WORDS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth"}
# "30.7%, which is 3.7 percentage points lower than ... 33.5%": the points between two percentages the answer gives,
# written as their difference (redo_points). bench/RESULTS.md, fifty-first session (blind set 32's n11).
POINTS_CHECK = True
# "Did Amazon buy back any of its stock in Q1 2023?" answered "Yes, Amazon repurchased 2,666 million ...": the figure
# stands in its row only under another period's column, the column of the quarter asked holding a dash (other_columns,
# read as the calculator reads a table's periods: rag.calculate.rows.cell_for). bench/RESULTS.md, forty-seventh session
# (blind set 27's i06).
COLUMN_CHECK = True
# ... and where the column of the quarter asked holds that dash in the row the yes drew on, the answer is no, with the
# row's dash and the figure's own column shown (nothing_in_column): "No: "Common stock repurchased" shows a dash
# (nothing) for Three Months Ended March 31, 2023 [1]; the (2,666) million is for Three Months Ended March 31, 2022."
# bench/RESULTS.md, forty-eighth session (blind set 27's i06).
DASH_NO = True
# "Microsoft repurchased 55 million shares ..., spending $13.8 million on them" where every passage that prints 13.8
# prints "$13.8 billion": the scale is written as printed, with a warning (scales_as_printed). bench/RESULTS.md,
# forty-eighth session (blind set 28's j17).
SCALE_CHECK = True
# "$11 million of common stock was repurchased" where the passages print "11 million shares", and "19,000 million
# shares" where they print "$19.0 billion" beside "133 million shares": counts of shares and money written as printed,
# with a warning (shares_as_printed). bench/RESULTS.md, fifty-second session (blind set 32's n03, 33's o06).
SHARES_CHECK = True


def _verdict_cited(text: str, deal: tuple[bool, str, int]) -> bool:
    """Whether an answer opening on yes or no gives the deal sentence's verdict and cites its passage."""
    return _verdict_agrees(text, deal) and f"[{deal[2]}]" in text


def _verdict_agrees(text: str, deal: tuple[bool, str, int]) -> bool:
    """Whether an answer opening on yes or no gives the deal sentence's verdict."""
    return (_YES_OR_NO.match(text).group(1).lower() == "yes") == deal[0]


def _affirms(text: str) -> bool:
    """Whether an answer to a yes-or-no question says yes: opens on "Yes", or its first sentence denies nothing."""
    if verdict := _YES_OR_NO.match(text):
        return verdict.group(1).lower() == "yes"
    return not _NEGATION.search(next(iter(_sentences(text)), ""))


def asks_yes_no(question: str) -> bool:
    """A yes or no question, also after the setting it starts with: "On SVAMP, does PAL beat COT?"."""
    return bool(YES_NO.match(question) or YES_NO.match(re.sub(r"^\s*(?:on|in|at|for)\s+[^,?]{1,60},\s*", "", question,
                                                              flags=re.I)))


def _states_signed(result: str, text: str, change: bool = False) -> bool:
    """_states, and for a negative result ("-10.4%") with its sign: a minus or brackets, or a word of decline near it
    ("declined 10.4%", "an operating loss of $95 million"); "10.4%" alone reads as growth. A positive change (change:
    the result is a difference or a growth rate) is not stated by "decreased by $1,918 million" (blind set 20's b25:
    inventories rose)."""
    if not _states(result, text):
        return False
    number = _NUMBER.search(result).group().replace(",", "")
    plain = text.replace(",", "")
    if not re.match(r"\s*(?:-|\(|−)", result):
        return not (change and SIGN_CHECK and all(_DECLINED_BY.search(plain[max(0, m.start() - 30):m.start()])
                                                  for m in _occurrences(number, plain)))
    return any(re.search(r"(?:-|−|\()\s*\$?\s*$", plain[:m.start()]) or
               _DECLINE.search(plain[max(0, m.start() - 80):m.start()] + " " + plain[m.end():m.end() + 40])
               for m in _occurrences(number, plain))


SIGN_CHECK = True  # a positive change worked out, the answer says it fell: the figure worked out is shown instead
_FALL_WORDS = r"decreas\w*|declin\w*|fell|fall\w*|dropp?\w*|down|lower|reduc\w*|shr[ai]nk\w*"  # verbs of a fall
# "decreased by $", "a decline of ", "fell " right before the figure (its clause, not the sentence)
_DECLINED_BY = re.compile(rf"\b(?:{_FALL_WORDS})(?:\s+(?:by|of|to))?\s*(?:about|approximately|roughly|nearly|some)?"
                          r"\s*[$(]?\s*$", re.I)


def _is_change(w: WorkedOut) -> bool:
    """Whether a worked-out figure is one line's change between two periods (a difference or a growth rate), not a
    level, a ratio, or two things' difference ("Amazon's was lower by ..." is true of a difference of two companies)."""
    expr = w.formula.expr
    if isinstance(expr, Op) and expr.op == "/" and isinstance(expr.left, Op):
        expr = expr.left
    return isinstance(expr, Op) and expr.op == "-" and isinstance(expr.left, Ref) and isinstance(expr.right, Ref) \
        and expr.left.term == expr.right.term


_DECLINE = re.compile(rf"\b(?:{_FALL_WORDS}|loss\w*|negative|contract\w*|deficit|less)\b", re.I)


def _claims(text: str) -> str:
    """The answer without its [n] markers and numbered-list labels ("1." of a list states nothing), its dates and
    quarters in shorthand spelled out as the question's are (rag.answer): "Q2'23" is Q2 2023, not the figure 23."""
    return spelled_dates(_LIST_ITEM.sub(" ", _MARKER.sub(" ", text)))


def _numbers(text: str) -> str:
    return " ".join(m.replace(",", "").rstrip(".") for m in _NUMBER.findall(text))


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1}


def states_nothing(text: str) -> bool:
    """An empty reply, or one of [n] markers alone ("[1]"): it answers nothing."""
    return not re.search(r"\w", _claims(text))


_ASSENT = {"yes", "no", "not", "there", "any", "some"}
_MODALS = {"should", "would", "could", "will", "can", "must", "may", "might", "shall"}
_UNCLOSED_MARKER = re.compile(r"\[[\d,\s-]*$")  # a marker cut off by the answer's length limit: "... [2] [4] [1"
# An answer to a question that asks for something (not yes or no) whose words are all the question's and that states no
# number of its own says nothing the question didn't: withheld (then a second look at the top passage, rag.answer).
# bench/RESULTS.md, thirty-eighth session.
RESTATED_CHECK = True


# An answer of TOPIC_WORDS words or more, with no figure, none of whose words (by their first four letters) the question
# holds, speaks of something else: "abomination defense?" answered "The Chantry takes the business of the Circle of
# Magi very seriously indeed." (a passage's sentence, so supported). Of 2,146 stored answers shown, 3 are such (one
# of them in two runs), all wrong (bench/RESULTS.md, thirty-sixth session); a short answer ("Your Grace.") may share
# no word with its question and be right.
TOPIC_CHECK = True
TOPIC_WORDS = 8


def speaks_to_nothing_asked(text: str, question: str) -> bool:
    """Whether an answer of TOPIC_WORDS words or more, without a figure, shares no content word with the question."""
    claims = _claims(text)
    if len(claims.split()) < TOPIC_WORDS or re.search(r"\d", claims):
        return False
    said, asked = ({w[:4] for w in _content_words(t)} for t in (claims, question))
    return bool(asked) and not said & asked


def restates_question(text: str, question: str) -> bool:
    """A reply that only says yes or no to the question in its own words ("Yes, Intel mentioned significant
    acquisitions in the Q2 2023 10-Q."): it names nothing the question didn't, so no passage can support it."""
    said = _content_words(_claims(text)) - _ASSENT - _MODALS
    asked = _content_words(question)
    return bool(said) and all(_any_inflection(w, asked) for w in said) and not _negates(text, question)


_NEGATION = re.compile(r"\b(?:no|not|none|never|neither|nor)\b|n['’]t\b", re.I)


def _negates(text: str, question: str) -> bool:
    """Whether the answer says no where the question does not ask so: "Corvane disclosed no accounting policy
    changes", asked what changes it disclosed, if any (not the "No" that opens a reply to a yes-or-no question)."""
    claims = _claims(text)
    body = claims[m.end():] if (m := _YES_OR_NO.match(claims)) else claims
    return bool(_NEGATION.search(body)) and not _NEGATION.search(question)


def _any_inflection(word: str, words: set[str]) -> bool:
    """Whether the word is one of words or a form of one: "announced" or "announcements" of "announce", "policies"
    of "policy", "making" of "make" (what follows their common start is an ending); not "made" of "make", "ratio" of
    "rate", "international" of "internal"."""
    if word in words:
        return True
    for other in words:
        short, long_ = sorted((word, other), key=len)
        start = len(os.path.commonprefix([short, long_]))
        if len(short) >= 3 and short[start:] in _STEM_ENDS and long_[start:] in _ENDINGS:
            return True
    return False


_STEM_ENDS = frozenset(["", "e", "y"])  # what a stem ends in that its forms drop: "make"/"making", "policy"/"policies"
_ENDINGS = frozenset("s es d ed ing ies ied ly ment ments".split())


def says_dont_know(text: str) -> bool:
    """The model declined: a don't-know phrase near the start of its answer."""
    return bool(_ABSTAIN.search(text[:120]))
