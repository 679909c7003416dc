"""Reading periods: the full dates, years and quarters a question or a document names, and which fiscal quarter a
day ends. Routing (rag.route) and the calculator (rag.calculate) both read periods through this module."""
from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+((?:19|20)\d\d)\b")
WRITTEN_DATE = re.compile(DATE.pattern, re.I)  # a day as text writes it: "September 30, 2023" (DATE reads lowercased)
ORDINAL_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter\b")
_YEAR = re.compile(r"^(?:fy)?((?:19|20)\d\d)$|^fy(\d\d)$")
_QUARTER = re.compile(r"^(?:f?q([1-4])|([1-4])q)$")  # "q3", "3q", "fq2" (a fiscal quarter)
# a quarter's ordinal word as its number ("third": "3"), here and in rag.calculate.question
ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2", "3rd": "3", "4th": "4"}
_WORD = re.compile(r"\w+")


def dates_in(text: str) -> list[str]:
    """Full dates a text names, in its order, as "2022-12-31" ("December 31, 2022", "Dec. 31 2022")."""
    return [f"{m.group(3)}-{MONTHS.index(m.group(1)[:3]) + 1:02d}-{int(m.group(2)):02d}"
            for m in DATE.finditer(text.lower())]


def date_tokens(text: str) -> set[str]:
    """The full dates a text names, as a set (dates_in)."""
    return set(dates_in(text))


def year_asked(question: str) -> str | None:
    """The one year a question names, in a period ("Q1 2023", "FY2023") or a full date ("March 31, 2023"); None when
    it names none or several."""
    years = {t for t in period_tokens(question) if t.isdigit()} | {d[:4] for d in dates_in(question)}
    return years.pop() if len(years) == 1 else None


def period_tokens(text: str) -> set[str]:
    """Years and quarters a text names, normalised: {"2023", "q3"} for "FY2023 third quarter".
    A year inside a full date ("December 31, 2022") is left to date_tokens."""
    text = DATE.sub(" ", text.lower())
    out = {f"q{ORDINALS[m.group(1)]}" for m in ORDINAL_QUARTER.finditer(text)}
    for word in _WORD.findall(text):
        if m := _YEAR.match(word):
            out.add(m.group(1) or f"20{m.group(2)}")
        elif m := _QUARTER.match(word):
            out.add(f"q{m.group(1) or m.group(2)}")
    return out


# a quarter named by the month and year it ends, without its day: "the December 2022 quarter", "the quarter ended
# September 2023", "the Sept. 2023 quarter", "the Jan–Mar 2023 quarter"
_MONTH_ALTERNATIVES = "|".join(MONTHS)
MONTH_NAME = rf"(?:{_MONTH_ALTERNATIVES})[a-z]*\.?"  # "Dec", "December", "Sept."
_MONTH_QUARTER = re.compile(rf"\b(?:{MONTH_NAME}\s*[-–]\s*)?({_MONTH_ALTERNATIVES})[a-z]*\.?\s+((?:19|20)\d\d)\s+"
                            rf"(?:fiscal\s+)?quarter\b|\b(?:quarter|(?:three|six|nine)\s+months?|[369]\s?mo\w*)\s+"
                            rf"(?:ended|ending|through|to)\s+(?:in\s+)?"
                            rf"({_MONTH_ALTERNATIVES})[a-z]*\.?\s+((?:19|20)\d\d)\b", re.I)


# either of two months' quarters, as two filers' quarters ending a month apart are named together: "the Sept/Oct 2023
# quarter" (Intel's ended September 30, NVIDIA's October 29: blind set 36's r18); _MONTH_QUARTER reads the second
_MONTH_OR_MONTH = re.compile(rf"\b({_MONTH_ALTERNATIVES})[a-z]*\.?\s*/\s*(?={MONTH_NAME}\s+((?:19|20)\d\d)\s+"
                             rf"(?:fiscal\s+)?quarter\b)", re.I)


def month_quarters(text: str) -> set[str]:
    """The months ("2022-12") that end the quarters a text names by month and year alone (_MONTH_QUARTER), and the
    first of two months named as either (_MONTH_OR_MONTH)."""
    pairs = [*map(_month_and_year, _MONTH_QUARTER.finditer(text)),
             *((m.group(1), m.group(2)) for m in _MONTH_OR_MONTH.finditer(text))]
    return {f"{year}-{MONTHS.index(month.lower()[:3]) + 1:02d}" for month, year in pairs}


def _month_and_year(m: re.Match) -> tuple[str, str]:
    """The month and year a _MONTH_QUARTER match names, in either of its forms ("Dec 2022 quarter", "quarter ended
    Dec 2022")."""
    return m.group(1) or m.group(3), m.group(2) or m.group(4)


def ends_month(day: str) -> set[str]:
    """The months ("2023-04") a quarter ending on the day ("2023-04-01") is called by: its own, and the month before
    when it ends in a month's first week (Apple's quarter ended April 1, 2023 is "the March 2023 quarter")."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", day):
        return set()
    year, month, dom = (int(part) for part in day.split("-"))
    before = f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    return {day[:7], before} if dom <= 7 else {day[:7]}


def is_period(term: str) -> bool:
    """Whether a lowercased word is a year or a quarter ("2023", "fy24", "q3", "3q")."""
    return bool(_YEAR.match(term) or _QUARTER.match(term))


# a quarter named by its number and (fiscal) year: "Q1 fiscal 2024", "the first quarter of fiscal year 2023", "Q2 FY24",
# "fiscal Q3 2023", "1Q23", "Q2'23", "Q3 2023", "FY2024 Q1", "fiscal 2024 first quarter"
_Q_NUMBER = r"(?:q(?P<q>[1-4])|(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?P<f1>fiscal\s+)?quarter)"
_Q_YEAR = r"(?P<f2>fiscal\s+(?:year\s+)?|fy\s?'?)?(?P<y>(?:19|20)\d\d|\d\d)"
_QUARTER_NAMED = (
    re.compile(rf"\b(?P<f0>fiscal\s+)?{_Q_NUMBER}\s+(?:of\s+)?(?:the\s+)?{_Q_YEAR}\b", re.I),
    re.compile(rf"\b{_Q_YEAR}\s+{_Q_NUMBER}\b", re.I),
    re.compile(r"\b(?P<n>[1-4])q\s?'?(?P<y>(?:19|20)\d\d|\d\d)\b", re.I),
    re.compile(r"\bq(?P<n>[1-4])\s?['’](?P<y>\d\d)\b", re.I),  # "Q2'23"
)
_NAMES_REPORT = re.compile(r"\s+(?:10-?q|report|filing|results|statements?)\b", re.I)


def quarter_asked(question: str) -> tuple[int, str, bool] | None:
    """(the quarter's number, its year as "2024", whether the year is named fiscal) for the one quarter a question
    names by number: "Q1 fiscal 2024" -> (1, "2024", True), "Q3 2023" -> (3, "2023", False); None for none or
    several. A two-digit year counts only after "FY" or in "1Q23". "The Q3 2022 10-Q" names a report (its file,
    perhaps), not the quarter of the figures: not read."""
    found = _quarters_named(question)
    return found.pop() if len(found) == 1 else None


def quarter_reported(question: str) -> tuple[int, str, bool] | None:
    """The quarter whose report holds the figures asked: quarter_asked's, or of a quarter compared with the same
    quarter a year before ("Q2 FY23 vs Q2 FY22"), the later, whose statements print both."""
    found = _quarters_named(question)
    if len(found) == 2:
        early, late = sorted(found, key=lambda q: q[1])
        if early[0::2] == late[0::2] and int(late[1]) - int(early[1]) == 1:
            return late
    return found.pop() if len(found) == 1 else None


def quarters_asked(question: str) -> list[tuple[int, str, bool]]:
    """Every quarter a question names by number (quarter_asked's readings), earliest first."""
    return sorted(_quarters_named(question), key=lambda q: (q[1], q[0]))


# the months of a fiscal year so far: "the first nine months of FY24" end its third quarter, "the first half of fiscal
# 2024" its second
_YEAR_SO_FAR = re.compile(r"\bfirst\s+(?:(?P<half>half)|(?P<m>three|six|nine)\s+months)\s+of\s+"
                          r"(?:fiscal\s+(?:year\s+)?|fy\s?'?)(?P<y>(?:19|20)\d\d|\d\d)\b", re.I)
_SO_FAR = {"three": 1, "six": 2, "nine": 3}


def report_quarter(question: str) -> tuple[int, str, bool] | None:
    """The one fiscal quarter a question names its report by ("the Q1 FY23 10-Q", "the fiscal Q3 2024 report"):
    the report is the one whose cover ends that quarter of that fiscal year, whatever its file is called. A report
    named by a quarter not said to be fiscal ("the Q3 2022 10-Q") may be named by its file: None."""
    found = {q for q in _quarters_named(question, reports=True) if q[2]}
    return found.pop() if len(found) == 1 else None


def _quarters_named(question: str, reports: bool = False) -> set[tuple[int, str, bool]]:
    """The quarters a question names by number; with reports, only those that name a report."""
    found = set() if reports else {(2 if m.group("half") else _SO_FAR[m.group("m").lower()],
                                    m.group("y") if len(m.group("y")) == 4 else f"20{m.group('y')}", True)
                                   for m in _YEAR_SO_FAR.finditer(question)}
    for pattern in _QUARTER_NAMED:
        for m in pattern.finditer(question):
            if bool(_NAMES_REPORT.match(question, m.end())) != reports:
                continue
            g = m.groupdict()
            year = g["y"]
            if len(year) == 2 and not (g.get("f2") or "").lower().startswith("fy") and not g.get("n"):
                continue
            n = int(g.get("q") or g.get("n") or ORDINALS[(g.get("o") or "").lower()])
            fiscal = any(g.get(k) for k in ("f0", "f1", "f2"))
            found.add((n, year if len(year) == 4 else f"20{year}", fiscal))
    return found


def quarter_ends(day: str, n: int, year: str) -> bool:
    """Whether a period ending on day ("2023-09-30") can be quarter n of fiscal year `year`: a fiscal year is
    named by the calendar year it ends in, so quarter n ends 3 * (4 - n) months before a year end that falls in
    that year (Microsoft's Q1 fiscal 2024 ends September 30, 2023; NVIDIA's ends April 30, 2023); a date in a
    month's first half counts as the month before (Intel's Q1 2023 ends April 1, 2023, its year December 30)."""
    y, m, d = (int(part) for part in day.split("-"))
    end = y * 12 + (m - 1) + 3 * (4 - n) - (1 if d <= 15 else 0)
    return str(end // 12) == year


def calendar_quarter_ends(day: str, n: int, year: str) -> bool:
    """Whether a period ending on day is calendar quarter n of `year` (Q3 2023: late September 2023; a date in a
    month's first half counts as the month before, as in quarter_ends)."""
    y, m, d = (int(part) for part in day.split("-"))
    month = y * 12 + (m - 1) - (1 if d <= 15 else 0)
    return month == int(year) * 12 + 3 * n - 1


_PERIOD_ENDED = re.compile(r"\bperiod\s+ended\s*:?\s*(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))", re.I)


def period_ended(cover: str) -> str | None:
    """The day a report's period ends, as its cover states it ("For the quarterly period ended September 30,
    2023": "2023-09-30"); None when the text states none."""
    m = _PERIOD_ENDED.search(cover)
    days = dates_in(cover[m.end():m.end() + 40]) if m else []
    return days[0] if days else None


def days_apart(day: str, other: str) -> int:
    """Days between two days ("2023-07-01", "2022-06-25"): a 52/53-week year's quarters end a few days apart."""
    return abs((date.fromisoformat(day) - date.fromisoformat(other)).days)


def year_later(day: str) -> str:
    """The same day a year later ("2023-02-28" for "2022-02-29" would be; February 29 becomes the 28th)."""
    return f"{int(day[:4]) + 1}{day[4:]}" if day[5:] != "02-29" else f"{int(day[:4]) + 1}-02-28"


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]


# every way a month is written as a word, lowercased: "jan", "january", "sept"
MONTH_WORDS = frozenset(MONTHS) | {m.lower() for m in MONTH_NAMES} | {"sept"}


def written_day(day: str) -> str:
    """"2023-09-30" as "September 30, 2023"."""
    return f"{MONTH_NAMES[int(day[5:7]) - 1]} {int(day[8:])}, {day[:4]}"


# a date written in figures: month first, as US filings and analysts write it ("7/1/23", "07/01/2023"), or ISO
_NUMERIC_DATE = re.compile(r"(?<![\w/.-])(?:(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)|((?:19|20)\d\d)-(\d\d)-(\d\d))(?![\w/-])")


def spelled_dates(text: str) -> str:
    """The text with each date written in figures spelled out as the filings print dates: "at 7/1/23" -> "at July 1,
    2023", "2023-07-01" -> "July 1, 2023"; what is no valid date ("13/1/23", "2/30/2023") is left as written. A span
    written short before its end is spelled out too: "6M ended Jun 30 2023" -> "six months ended Jun 30 2023"; and a
    quarter in shorthand: "FQ3'24" -> "Q3 FY24", "Q2'23" -> "Q2 2023", "the April '23 quarter" -> "the April 2023 quarter",
    "the Oct-2022 quarter" -> "the Oct 2022 quarter"."""
    def spelled(m: re.Match) -> str:
        month, day, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(6), m.group(4))
        year = int(year) + 2000 if len(year) == 2 else int(year)
        try:
            return written_day(date(year, int(month), int(day)).isoformat())
        except ValueError:
            return m.group()
    text = _SPAN_SHORT.sub(lambda m: _SPAN_WORD[m.group(1)], _NUMERIC_DATE.sub(spelled, text))
    text = _SPAN_OF_YEAR.sub(_span_of_year, text)
    text = _FISCAL_QUARTER.sub(_fiscal_quarter, text)
    text = _QUARTER_SHORT_YEAR.sub(lambda m: f"Q{m.group(1) or m.group(2) or m.group(3)} {_century(m.group(4))}", text)
    text = _MONTH_SHORT_YEAR.sub(lambda m: f"{m.group(1)} {_century(m.group(2) or m.group('y') or m.group('late'))}",
                                 text)
    text = _QTR.sub(lambda m: "quarters" if m.group().lower().startswith("qtrs") else "quarter", text)
    return _MONTH_QUARTER_YEAR.sub(r"\1 \2 quarter", text)


# a balance at a month's end: "at the end of September 2023", "end of Sep 2023"
_END_OF_MONTH = re.compile(rf"\b(?:the\s+)?end\s+of\s+({MONTH_NAME})\s+((?:19|20)\d\d)\b", re.I)
_MONTH_END_DAYS = 7  # a period may end up to a week from the month's last day (52/53-week years: "July 1, 2023")


def month_ends_as_printed(text: str, printed: list[str]) -> str:
    """The text with each month's end it names ("at the end of June 2023") written as the day the printed texts give
    for it: the month's last day when they print it ("September 30, 2023"), else the one day they give within a week
    of it ("July 1, 2023", a 52/53-week filer's quarter end); left as written when they give none or several."""
    def day(m: re.Match) -> str:
        found = _month_end_printed(m.group(1), m.group(2), days)
        return written_day(found) if found else m.group()
    if not _END_OF_MONTH.search(text):
        return text
    days = {d for t in printed for d in dates_in(t)}
    return _END_OF_MONTH.sub(day, text)


def _last_day(month: str, year: str) -> str:
    """The month's last day ("June", "2023": "2023-06-30")."""
    n, y = MONTHS.index(month.lower()[:3]) + 1, int(year)
    return (date(y + n // 12, n % 12 + 1, 1) - timedelta(days=1)).isoformat()


def _near_end(month: str, year: str, days: set[str]) -> set[str]:
    """The days of days within a week of the month's last day."""
    last = _last_day(month, year)
    return {d for d in days if days_apart(d, last) <= _MONTH_END_DAYS}


def _first_week(month: str, year: str, days: set[str]) -> set[str]:
    """The days of days in the month's first week."""
    n = MONTHS.index(month.lower()[:3]) + 1
    return {d for d in days if d[:7] == f"{year}-{n:02d}" and int(d[8:]) <= _MONTH_END_DAYS}


def _month_end_printed(month: str, year: str, days: set[str]) -> str | None:
    """The day ("2023-07-01") of days that ends the month ("June", "2023"): its last day when among them, else the
    one day within a week of it; None for none or several."""
    near = _near_end(month, year, days)
    near = {_last_day(month, year)} & near or near  # the last day itself when printed
    return near.pop() if len(near) == 1 else None


def _quarter_ends(month: str, year: str, days: set[str]) -> set[str]:
    """The days of days that may end a quarter named by its month: within a week of the month's last day, or in its
    first week."""
    return _near_end(month, year, days) | _first_week(month, year, days)


def _quarter_end_printed(month: str, year: str, days: set[str]) -> str | None:
    """The day of days that ends a quarter named by its month: _month_end_printed's, else the one day in the month's
    first week ("the July 2023 quarter" of a filer whose quarter ended July 1, 2023)."""
    early = _first_week(month, year, days)
    return _month_end_printed(month, year, days) or (early.pop() if len(early) == 1 else None)


def month_quarters_as_printed(text: str, printed: list[str], one: bool = False) -> str:
    """The text with the quarters it names by month and year alone (_MONTH_QUARTER: "the June 2022 quarter", "the
    quarter ended Sep 2023") written as the quarters ended on the days the printed texts give for those months' ends
    (month_ends_as_printed's reading): "Compare Apple's Mac revenue in the June 2022 quarter with the July 2023
    quarter" -> "... in the quarter ended June 25, 2022 with the quarter ended July 1, 2023", the two quarters'
    columns of a filing's table. Left as written unless each has its day. One quarter alone only when asked (one) and
    the texts print one day for it, near the month's end or in its first week: one company's quarter read in its own
    passages. (Written so for every question, "the July 2023 quarter" of two companies whose quarters end July 1 and
    July 30 and questions whose passages print no day beside a row lost seven of 1,230 stored questions at calculator
    level.)"""
    found = list(_MONTH_QUARTER.finditer(text))
    days = {d for t in printed for d in dates_in(t)}
    if not found or len(found) == 1 and not (one and len(_quarter_ends(*_month_and_year(found[0]), days)) == 1):
        return text
    ends = [_quarter_end_printed(*_month_and_year(m), days) for m in found]
    if not all(ends):
        return text
    for m, end in reversed(list(zip(found, ends))):
        span = re.match(r"(?i)(three|six|nine)\s+months?|[369]\s?mo\w*", m.group())
        what = f"{span.group()} ended" if span else "quarter ended"
        text = f"{text[:m.start()]}{what} {written_day(end)}{text[m.end():]}"
    return text


# "qtr", as quarter is typed; a quarter typed by its month before the word: "dec qtr 2022" (the Dec 2022 quarter)
_QTR = re.compile(r"\bqtrs?\b\.?", re.I)
_MONTH_QUARTER_YEAR = re.compile(rf"\b({MONTH_NAME})\s+quarter\s+(?:of\s+)?((?:19|20)\d\d)\b", re.I)  # "the June quarter of 2023"


def _century(year: str) -> str:
    """A two-digit year in full: "23" is 2023, "98" 1998 (a full year as written)."""
    return year if len(year) == 4 else f"{'19' if int(year) >= 70 else '20'}{year}"


# a fiscal quarter in analysts' shorthand: "FQ3'24", "FQ1 FY24", "FQ2 2023", "3QFY24", "Q1FY24" (what _QUARTER_NAMED
# reads: "Q3 FY24"); a month with a two-digit year: "the April '23 quarter" (the April 2023 quarter)
_FISCAL_QUARTER = re.compile(r"\b(?:FQ(?P<a>[1-4])|(?P<b>[1-4])Q(?=\s?FY)|Q(?P<c>[1-4])(?=FY))\s?"
                             r"(?:['’]|FY\s?['’]?)?(?P<y>(?:19|20)\d\d|\d\d)\b", re.I)
# "Q2'23", "2Q23", typed "q2 23": Q2 2023 (not "Q2 23 million")
_QUARTER_SHORT_YEAR = re.compile(r"\b(?:Q([1-4])\s?['’]|([1-4])Q\s?['’]?|Q([1-4])\s)(\d\d)\b"
                                 r"(?!\s*(?:%|percent|million|billion|thousand)|\d|[,.]\d|-|\s?[QK]\b)", re.I)  # not "Q3 10-Q"
# "April '23"; "Sep-23" as a year only before a quarter's word or when no day can be: not "Sep-30, 2023", "May-15"
_MONTH_SHORT_YEAR = re.compile(rf"\b({MONTH_NAME})(?:\s+['’](\d\d)\b|-(?:(?P<y>\d\d|(?:19|20)\d\d)(?=\s+(?:qtr|quarter|q\b|period|"
                               rf"report|10-?q|filing)|\s*\))|(?P<late>3[2-9]|[4-9]\d)\b)(?![-,\d]))", re.I)


def _fiscal_quarter(m: re.Match) -> str:
    year = m.group("y")
    return f"Q{m.group('a') or m.group('b') or m.group('c')} FY{year}"


_SPAN_SHORT = re.compile(r"\b(3|6|9|12)(?:M|\s?(?i:mos?|mths?)\.?)(?=\s+(?i:ended|ending|to|through)\b)")  # "6 mo ended"
# the months of a year so far in shorthand: "9M FY23", "9M23", "9M 2023", "1H FY24", "H1 2023", "1H23": "the first nine
# months of FY23", "the first half of 2023"
_SPAN_OF_YEAR = re.compile(r"(?<![$\d.,])\b(?P<span>[69]M|1H|H1)(?:\s?FY\s?['’]?(?P<fy>(?:19|20)?\d\d)|\s(?P<y4>(?:19|20)\d\d)|"
                           r"\s?['’](?P<y2>\d\d)|(?<=\d[MH])(?P<yy>\d\d))\b", re.I)  # not "H100", "3M" (a company)


def _span_of_year(m: re.Match) -> str:
    year = f"FY{m.group('fy')}" if m.group("fy") else m.group("y4") or _century(m.group("y2") or m.group("yy"))
    span = "half" if "h" in m.group("span").lower() else SPAN_NAMES[int(m.group("span")[0])]
    the = "" if re.search(r"\bthe\s+$", m.string[:m.start()], re.I) else "the "
    return f"{the}first {span} of {year}"
SPAN_NAMES = {3: "three months", 6: "six months", 9: "nine months", 12: "twelve months"}
_SPAN_WORD = {str(months): name for months, name in SPAN_NAMES.items()}


_SPAN_WORDS = {"three": 3, "3": 3, "six": 6, "6": 6, "nine": 9, "9": 9, "twelve": 12, "12": 12}
_SPAN_ASKED = re.compile(r"\b(three|six|nine|twelve|3|6|9|12)[- ]months?\b", re.I)
_TWELVE = re.compile(r"\b(?:ttm|ltm)\b", re.I)  # trailing / last twelve months
_HALF = re.compile(r"\b(?:first|second) half\b|\bhalf[- ]year\b", re.I)
_QUARTER_NAME = (r"(?:q[1-4]|[1-4]q|(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter)"
                 r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:year\s+)?(?:fy)?'?\d{2,4})?")
# words that name the report, not the span asked about: "the Q3 2022 10-Q", "its latest quarterly filing", "10-Q"
_REPORT = re.compile(rf"\b(?:{_QUARTER_NAME}|(?:latest|most recent|last|recent)(?:\s+quarterly)?|quarterly)\s+"
                     r"(?:10-?q|report|filing|results|statements?)\b|\b10-?q\b", re.I)
_QUARTER_WORD = re.compile(r"\bquarters?\b|\bq[1-4]\b|\b[1-4]q\b", re.I)
# a fiscal year named as the period of the figures ("FY2018", "fiscal 2023", "fiscal year 2022", "the year ended
# June 30, 2024"), when no quarter is: an annual report's table shows each figure with its year
FISCAL_YEAR_NAMED = re.compile(r"\bFY\s?'?\d{2}(?:\d{2})?\b|\bfiscal\s+(?:year\s+)?(?:19|20)\d\d\b|"
                               r"\b(?:full|whole) year\b|\b(?:fiscal\s+)?years? ended\b", re.I)

# a fiscal year written as the two calendar years it spans ("FY 2020-21", "2020/21", "fiscal year 2020-2021"), named
# here, as rag.periods names every fiscal year, by the year it ends in: fiscal_span_end
FISCAL_SPAN = re.compile(r"\b(?:FY\s?|fiscal\s+(?:year\s+)?)?((?:19|20)\d\d)\s?[-–/]\s?((?:19|20)?\d\d)\b"
                         r"(?!\s*[-–/]?\s*\d)", re.I)


def fiscal_span_end(m: re.Match) -> str | None:
    """The year a FISCAL_SPAN match ends in ("2021" for "2020-21"); None when its two years don't follow each other
    ("2020-25" is a range of years, not a fiscal year)."""
    end = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
    return end if int(end) == int(m[1]) + 1 else None


def fiscal_span_ends(text: str) -> set[str]:
    """The years the fiscal years a text writes as two calendar years end in: {"2022"} for "FY 2021-22"."""
    return {end for m in FISCAL_SPAN.finditer(text) if (end := fiscal_span_end(m))}


_NOT_THIS_SPAN = re.compile(r"\((?:not|rather\s+than|as\s+opposed\s+to|excluding|excl\.?)\s[^()]*\)", re.I)


def months_asked(question: str, fiscal_year: bool = True) -> int | None:
    """The span of time a question asks figures for, in months: 3 for "the latest quarter", "Q1 2023" or
    "three months ended"; 6 for "the first half"; None when it names no span, several, or only the report
    ("the Q3 2022 10-Q": a cash flow statement in it covers nine months); 12 for a fiscal year ("FY2018",
    "fiscal 2023") when it names no shorter span ("the second quarter of fiscal year 2023" is a quarter)."""
    question = _NOT_THIS_SPAN.sub(" ", question)  # "for Q1 2023 on its own (not the TTM number)": the quarter
    found = {_SPAN_WORDS[m.group(1).lower()] for m in _SPAN_ASKED.finditer(question)}
    if _HALF.search(question):
        found.add(6)
    if _TWELVE.search(question):
        found.add(12)
    if _QUARTER_WORD.search(_REPORT.sub(" ", question)):
        found.add(3)
    if not found and fiscal_year and FISCAL_YEAR_NAMED.search(_REPORT.sub(" ", question)):  # (not "the Q1 FY23 10-Q")
        found.add(12)
    return found.pop() if len(found) == 1 else None
