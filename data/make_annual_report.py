"""Build the sample annual report (a fictional company's Form 10-K excerpt) and its question set.

Writes ``annual_report.pdf`` (US Letter, 13 pages) and ``annual_report_qa.jsonl`` next to this
script. The company, Corvane Industrial Holdings, Inc., is invented; its fiscal year ends on June 30, so
fiscal 2024 is the year ended June 30, 2024.

Every figure lives in one place, the ``FIGURES`` section below: the inputs of the three statements,
the segments, the inventory and debt notes and the share data. Subtotals (gross profit, operating
income, total current assets, net cash provided by operating activities, ...) are computed from them,
the statements are checked to tie (the balance sheet balances, net income flows to the cash flow
statement, ending cash is the balance-sheet cash, segments add up to net sales and operating income),
and the MD&A prose and the question set's reference answers are computed from the same numbers.

Each question names the parts of the report that hold its evidence (``IS``: statement of operations,
``BS``: balance sheets, ``CF``: cash flows, ``SEG``: MD&A segment table, ``MDA_TAX``: the MD&A income
tax paragraph, ``N_INV``: the inventories note table, ...). Those parts are wrapped in ``Mark``, which
records the PDF page(s) each is drawn on, and the question set's ``pages`` are those pages, so they follow
the layout when it changes. A gold page holds the canonical source of the figure (the statement) or, for
a page of MD&A, a restatement of all the figures the question needs.

Statement tables are drawn so that pypdf extracts each row on one line, label then figures
("Net sales $ 4,182 $ 3,957 $ 3,611"; see ``OneLineCanvas``).

The output is deterministic (reportlab invariant mode, base-14 fonts only), so rerunning the script
reproduces the same bytes.

Usage: ``python data/make_annual_report.py [--check]``
  --check  afterwards, extract the text with pypdf and check that every operand figure of every
           answerable question is printed on one of its gold pages (a table; exit status 1 if not).
"""

from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from reportlab import rl_config

rl_config.invariant = 1  # fixed creation date and document ID

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import LETTER  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
PDF_PATH = HERE / "annual_report.pdf"
QA_PATH = HERE / "annual_report_qa.jsonl"
PAGE_W, PAGE_H = LETTER
MARGIN = 54  # 0.75 inch

COMPANY = "Corvane Industrial Holdings, Inc."
SHORT = "Corvane"
Y3 = (2024, 2023, 2022)  # income statement and cash flow columns, latest first
Y2 = (2024, 2023)  # balance sheet columns (June 30)

# =====================================================================================================
# FIGURES: every number of the report, in millions of US dollars unless noted. Nothing below this
# section writes a figure of its own; it computes from these.
# =====================================================================================================

SEGMENTS = {  # net sales and segment operating income by fiscal year
    "Flow Control Systems": {
        "sales": {2024: 1962, 2023: 1874, 2022: 1702},
        "op_income": {2024: 276, 2023: 231, 2022: 229},
    },
    "Motion & Power Components": {
        "sales": {2024: 1451, 2023: 1392, 2022: 1288},
        "op_income": {2024: 171, 2023: 142, 2022: 158},
    },
    "Aftermarket Services": {
        "sales": {2024: 769, 2023: 691, 2022: 621},
        "op_income": {2024: 149, 2023: 129, 2022: 112},
    },
}
CORPORATE_EXPENSE = {2024: -104, 2023: -102, 2022: -97}  # corporate and unallocated costs

INCOME = {  # statement of operations inputs (net sales is the sum of the segments)
    "cost_of_sales": {2024: 2871, 2023: 2764, 2022: 2488},
    "sga": {2024: 612, 2023: 574, 2022: 541},
    "rnd": {2024: 148, 2023: 139, 2022: 127},
    "amortization": {2024: 41, 2023: 43, 2022: 44},
    "restructuring": {2024: 18, 2023: 37, 2022: 9},
    "interest_expense": {2024: 68, 2023: 59, 2022: 47},  # shown negative in the statement
    "other_income": {2024: 7, 2023: -4, 2022: 3},
    "tax": {2024: 95, 2023: 77, 2022: 80},
    "shares_basic": {2024: Decimal("71.3"), 2023: Decimal("71.7"), 2022: Decimal("72.6")},
    "shares_diluted": {2024: Decimal("72.0"), 2023: Decimal("72.4"), 2022: Decimal("73.4")},
    "dividends_declared_per_share": {2024: Decimal("1.12"), 2023: Decimal("1.04"), 2022: Decimal("0.96")},
}

CASH_FLOW = {  # cash flow statement inputs (signed as cash moves: outflows negative)
    "depreciation": {2024: 138, 2023: 131, 2022: 124},
    "stock_comp": {2024: 29, 2023: 26, 2022: 24},
    "deferred_tax": {2024: -12, 2023: 6, 2022: -5},
    "other_noncash": {2024: 2, 2023: 2, 2022: 1},
    "chg_receivables": {2024: -31, 2023: -47, 2022: -58},
    "chg_inventories": {2024: -43, 2023: -96, 2022: -121},
    "chg_prepaid": {2024: -8, 2023: 5, 2022: -11},
    "chg_payables": {2024: 27, 2023: 18, 2022: 64},
    "chg_accrued": {2024: 19, 2023: -11, 2022: 22},
    "capex": {2024: -204, 2023: -187, 2022: -162},
    "asset_sales": {2024: 6, 2023: 3, 2022: 11},
    "acquisitions": {2024: 0, 2023: -58, 2022: -215},
    "revolver_borrowings": {2024: 120, 2023: 310, 2022: 420},
    "revolver_repayments": {2024: -175, 2023: -240, 2022: -260},
    "term_loan_repayments": {2024: -50, 2023: -50, 2022: 0},
    "dividends_paid": {2024: -79, 2023: -74, 2022: -70},
    "repurchases": {2024: -60, 2023: -85, 2022: -110},
    "option_proceeds": {2024: 12, 2023: 9, 2022: 14},
    "fx_effect": {2024: -4, 2023: 6, 2022: -11},
    "interest_paid": {2024: 66, 2023: 57, 2022: 45},
    "taxes_paid": {2024: 101, 2023: 72, 2022: 83},
}
CASH_JUNE_30_2021 = 369  # cash at the beginning of fiscal 2022

BALANCE = {  # balance sheet inputs at June 30 (cash comes from the cash flow statement)
    "receivables": {2024: 642, 2023: 611},
    "allowance": {2024: 14, 2023: 12},  # printed in the receivables caption
    "prepaid": {2024: 104, 2023: 96},
    "ppe": {2024: 1117, 2023: 1058},
    "rou_assets": {2024: 162, 2023: 171},
    "goodwill": {2024: 1378, 2023: 1391},
    "intangibles": {2024: 371, 2023: 412},
    "other_assets": {2024: 88, 2023: 81},
    "payables": {2024: 500, 2023: 473},
    "accrued": {2024: 371, 2023: 352},
    "lease_current": {2024: 38, 2023: 37},
    "lease_noncurrent": {2024: 131, 2023: 140},
    "deferred_tax_liab": {2024: 140, 2023: 152},
    "other_lt_liab": {2024: 95, 2023: 101},
    "common_stock": {2024: 1, 2023: 1},
    "apic": {2024: 1245, 2023: 1204},
    "retained_earnings_2023": 1797,  # June 30, 2024 = this + fiscal 2024 net income - dividends paid
    "treasury": {2024: -872, 2023: -812},
    "aoci": {2024: -125, 2023: -118},
    "shares_issued": {2024: Decimal("84.6"), 2023: Decimal("84.2")},  # millions of shares
    "shares_treasury": {2024: Decimal("13.4"), 2023: Decimal("12.9")},
}

INVENTORIES = {  # Note 4, at June 30
    "Raw materials": {2024: 298, 2023: 281},
    "Work in process": {2024: 171, 2023: 164},
    "Finished goods": {2024: 316, 2023: 297},
}

DEBT = [  # Note 6: (instrument, interest rate, maturity, {June 30: principal})
    ("Revolving credit facility", "SOFR + 1.25%", "March 2028", {2024: 210, 2023: 265}),
    ("Term loan A", "SOFR + 1.375%", "March 2027", {2024: 350, 2023: 400}),
    ("4.25% Senior notes", "4.25%", "September 2029", {2024: 500, 2023: 500}),
    ("5.60% Senior notes", "5.60%", "May 2033", {2024: 400, 2023: 400}),
]
DEBT_ISSUANCE_COSTS = {2024: -8, 2023: -11}  # unamortized discount and debt issuance costs
DEBT_CURRENT = {2024: 50, 2023: 50}  # scheduled term loan installments due within a year

FACTS = {  # figures that appear in prose only
    "revolver_size": "$1.0 billion",
    "revolver_maturity": "March 2028",
    "letters_of_credit": 12,
    "cash_outside_us": 241,
    "employees": "14,300",
    "employees_us": "5,900",
    "plants": 31,
    "countries": 11,
    "non_us_sales_pct": 38,
    "capex_outlook": (215, 235),  # fiscal 2025 capital expenditures, low and high
    "leverage_covenant": "3.75",
    "price_pts": "3.1",  # fiscal 2024 net sales change, percentage points: price, volume, currency
    "volume_pts": "2.9",
    "fx_pts": "-0.3",
    "shares_outstanding_cover": "71,084,316",
    "shares_cover_date": "August 9, 2024",
    "public_float": "$8.1 billion",
    "statutory_rate": 21,
}

# =====================================================================================================
# Derived statements
# =====================================================================================================


def ysum(*series: dict[int, int], years=Y3) -> dict[int, int]:
    return {y: sum(s[y] for s in series) for y in years}


def neg(series: dict[int, int]) -> dict[int, int]:
    return {y: -v for y, v in series.items()}


def half_up(value, places: int) -> Decimal:
    """A number rounded half up to `places` decimals (exact: Fractions in, Decimal out)."""
    frac = Fraction(value)
    exact = Decimal(frac.numerator) / Decimal(frac.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def pct(numerator, denominator, places: int = 1) -> Decimal:
    return half_up(Fraction(numerator) * 100 / Fraction(denominator), places)


IS: dict[str, dict[int, int | Decimal]] = {}
IS["net_sales"] = ysum(*(s["sales"] for s in SEGMENTS.values()))
IS["cost_of_sales"] = INCOME["cost_of_sales"]
IS["gross_profit"] = {y: IS["net_sales"][y] - IS["cost_of_sales"][y] for y in Y3}
for _k in ("sga", "rnd", "amortization", "restructuring"):
    IS[_k] = INCOME[_k]
IS["total_opex"] = ysum(IS["sga"], IS["rnd"], IS["amortization"], IS["restructuring"])
IS["operating_income"] = {y: IS["gross_profit"][y] - IS["total_opex"][y] for y in Y3}
IS["interest_expense"] = neg(INCOME["interest_expense"])
IS["other_income"] = INCOME["other_income"]
IS["pretax_income"] = ysum(IS["operating_income"], IS["interest_expense"], IS["other_income"])
IS["tax"] = INCOME["tax"]
IS["net_income"] = {y: IS["pretax_income"][y] - IS["tax"][y] for y in Y3}
IS["eps_basic"] = {y: half_up(Fraction(IS["net_income"][y]) / Fraction(INCOME["shares_basic"][y]), 2) for y in Y3}
IS["eps_diluted"] = {y: half_up(Fraction(IS["net_income"][y]) / Fraction(INCOME["shares_diluted"][y]), 2)
                     for y in Y3}
IS["shares_basic"] = INCOME["shares_basic"]
IS["shares_diluted"] = INCOME["shares_diluted"]
IS["dps"] = INCOME["dividends_declared_per_share"]

SEG_OI_TOTAL = ysum(*(s["op_income"] for s in SEGMENTS.values()), CORPORATE_EXPENSE)

CF: dict[str, dict[int, int]] = {"net_income": IS["net_income"], "amortization": IS["amortization"]}
CF.update(CASH_FLOW)
CF["cfo"] = ysum(CF["net_income"], CF["depreciation"], CF["amortization"], CF["stock_comp"], CF["deferred_tax"],
                 CF["other_noncash"], CF["chg_receivables"], CF["chg_inventories"], CF["chg_prepaid"],
                 CF["chg_payables"], CF["chg_accrued"])
CF["cfi"] = ysum(CF["capex"], CF["asset_sales"], CF["acquisitions"])
CF["cff"] = ysum(CF["revolver_borrowings"], CF["revolver_repayments"], CF["term_loan_repayments"],
                 CF["dividends_paid"], CF["repurchases"], CF["option_proceeds"])
CF["net_change"] = ysum(CF["cfo"], CF["cfi"], CF["cff"], CF["fx_effect"])
CF["cash_begin"], CF["cash_end"] = {}, {}
_cash = CASH_JUNE_30_2021
for _y in sorted(Y3):
    CF["cash_begin"][_y] = _cash
    _cash += CF["net_change"][_y]
    CF["cash_end"][_y] = _cash

BS: dict[str, dict[int, int]] = {"cash": {y: CF["cash_end"][y] for y in Y2}}
BS["receivables"] = BALANCE["receivables"]
BS["inventories"] = ysum(*INVENTORIES.values(), years=Y2)
BS["prepaid"] = BALANCE["prepaid"]
BS["total_current_assets"] = ysum(BS["cash"], BS["receivables"], BS["inventories"], BS["prepaid"], years=Y2)
for _k in ("ppe", "rou_assets", "goodwill", "intangibles", "other_assets"):
    BS[_k] = BALANCE[_k]
BS["total_assets"] = ysum(BS["total_current_assets"], BS["ppe"], BS["rou_assets"], BS["goodwill"],
                          BS["intangibles"], BS["other_assets"], years=Y2)
BS["payables"] = BALANCE["payables"]
BS["accrued"] = BALANCE["accrued"]
BS["debt_current"] = DEBT_CURRENT
BS["lease_current"] = BALANCE["lease_current"]
BS["total_current_liabilities"] = ysum(BS["payables"], BS["accrued"], BS["debt_current"], BS["lease_current"],
                                       years=Y2)
DEBT_TOTAL = {y: sum(d[3][y] for d in DEBT) + DEBT_ISSUANCE_COSTS[y] for y in Y2}
BS["long_term_debt"] = {y: DEBT_TOTAL[y] - DEBT_CURRENT[y] for y in Y2}
for _k in ("lease_noncurrent", "deferred_tax_liab", "other_lt_liab"):
    BS[_k] = BALANCE[_k]
BS["total_liabilities"] = ysum(BS["total_current_liabilities"], BS["long_term_debt"], BS["lease_noncurrent"],
                               BS["deferred_tax_liab"], BS["other_lt_liab"], years=Y2)
BS["preferred_stock"] = {2024: 0, 2023: 0}
BS["common_stock"] = BALANCE["common_stock"]
BS["apic"] = BALANCE["apic"]
BS["retained_earnings"] = {2023: BALANCE["retained_earnings_2023"]}
BS["retained_earnings"][2024] = (BALANCE["retained_earnings_2023"] + IS["net_income"][2024]
                                 + CF["dividends_paid"][2024])
BS["treasury"] = BALANCE["treasury"]
BS["aoci"] = BALANCE["aoci"]
BS["total_equity"] = ysum(BS["common_stock"], BS["apic"], BS["retained_earnings"], BS["treasury"], BS["aoci"],
                          years=Y2)
BS["total_liabilities_equity"] = ysum(BS["total_liabilities"], BS["total_equity"], years=Y2)


def check_ties() -> None:
    """The statements tie together; AssertionError names the first that does not."""
    for y in Y3:
        assert SEG_OI_TOTAL[y] == IS["operating_income"][y], f"segments vs operating income {y}"
    for y in Y2:
        assert BS["total_assets"][y] == BS["total_liabilities_equity"][y], (
            f"balance sheet {y}: assets {BS['total_assets'][y]} vs L+E {BS['total_liabilities_equity'][y]}")
    # working-capital lines of the cash flow statement match the balance-sheet changes
    for cf_key, bs_key, sign in (("chg_receivables", "receivables", -1), ("chg_inventories", "inventories", -1),
                                 ("chg_prepaid", "prepaid", -1), ("chg_payables", "payables", 1),
                                 ("chg_accrued", "accrued", 1), ("deferred_tax", "deferred_tax_liab", 1)):
        assert CF[cf_key][2024] == sign * (BS[bs_key][2024] - BS[bs_key][2023]), f"{cf_key} vs {bs_key}"
    assert BS["treasury"][2024] - BS["treasury"][2023] == CF["repurchases"][2024]
    assert BS["apic"][2024] - BS["apic"][2023] == CF["stock_comp"][2024] + CF["option_proceeds"][2024]
    assert BS["intangibles"][2023] - BS["intangibles"][2024] == IS["amortization"][2024]
    revolver = {y: DEBT[0][3][y] for y in Y2}
    assert revolver[2024] - revolver[2023] == CF["revolver_borrowings"][2024] + CF["revolver_repayments"][2024]
    assert DEBT[1][3][2024] - DEBT[1][3][2023] == CF["term_loan_repayments"][2024]
    for y in Y2:
        issued, treasury = BALANCE["shares_issued"][y], BALANCE["shares_treasury"][y]
        assert 70 < issued - treasury < 72


check_ties()

# =====================================================================================================
# Number formats
# =====================================================================================================


def fmt(value) -> str:
    """A statement figure: 1,234; (1,234) when negative; an em dash for zero; decimals kept (4.71)."""
    if value == 0:
        return "\u2014"
    text = f"{abs(value):,}"
    return f"({text})" if value < 0 else text


def usd(value) -> str:
    """Prose amount in millions: $1,234 million; negative amounts as -$12 million."""
    return f"{'-' if value < 0 else ''}${abs(value):,} million"


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# =====================================================================================================
# Layout
# =====================================================================================================

BLUE = colors.HexColor("#1b2a4a")
STYLES = {
    "body": ParagraphStyle("body", fontName="Times-Roman", fontSize=10, leading=13.2, spaceAfter=6,
                           alignment=TA_JUSTIFY),
    "item": ParagraphStyle("item", fontName="Times-Bold", fontSize=12, leading=15, spaceBefore=8, spaceAfter=6,
                           keepWithNext=1),
    "sub": ParagraphStyle("sub", fontName="Times-BoldItalic", fontSize=10.5, leading=13, spaceBefore=4,
                          spaceAfter=3, keepWithNext=1),
    "part": ParagraphStyle("part", fontName="Times-Bold", fontSize=13, leading=16, alignment=TA_CENTER,
                           spaceBefore=10, spaceAfter=8, keepWithNext=1),
    "center": ParagraphStyle("center", fontName="Times-Roman", fontSize=10, leading=13, alignment=TA_CENTER),
    "center_b": ParagraphStyle("center_b", fontName="Times-Bold", fontSize=11, leading=14, alignment=TA_CENTER),
    "cover_big": ParagraphStyle("cover_big", fontName="Times-Bold", fontSize=20, leading=24,
                                alignment=TA_CENTER, spaceAfter=4),
    "stmt_title": ParagraphStyle("stmt_title", fontName="Times-Bold", fontSize=11, leading=14,
                                 alignment=TA_CENTER),
    "stmt_sub": ParagraphStyle("stmt_sub", fontName="Times-Roman", fontSize=9.5, leading=12,
                               alignment=TA_CENTER, spaceAfter=8),
    "note": ParagraphStyle("note", fontName="Times-Italic", fontSize=8.5, leading=11, spaceBefore=6),
    "cell": ParagraphStyle("cell", fontName="Times-Roman", fontSize=9.5, leading=11.5),
    "toc": ParagraphStyle("toc", fontName="Times-Roman", fontSize=10, leading=12),
}


def P(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, STYLES[style])


class Mark(Flowable):
    """Wraps a flowable and records the physical page(s) it is drawn on under `key` (split parts too)."""

    def __init__(self, key: str, inner: Flowable, keep: bool = False):
        super().__init__()
        self.key, self.inner, self.keep = key, inner, keep  # keep: never split, move to the next page

    def wrap(self, avail_w, avail_h):
        self.width, self.height = self.inner.wrap(avail_w, avail_h)
        return self.width, self.height

    def split(self, avail_w, avail_h):
        if self.keep:
            return []
        return [Mark(self.key, part) for part in self.inner.split(avail_w, avail_h)]

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def getKeepWithNext(self):
        return self.inner.getKeepWithNext()

    def draw(self):
        self.canv._doctemplate.marks.setdefault(self.key, set()).add(self.canv.getPageNumber())
        self.inner.drawOn(self.canv, 0, 0)


class OneLineCanvas(Canvas):
    """A canvas whose single-line strings (table cells, the footer) end without a line feed.

    reportlab's drawString ends each string with T* (move to the next line), which pypdf reads as a line
    break, so every table cell came out on its own line. Without it a statement row extracts on one line,
    label then figures ("Net sales $ 4,182 $ 3,957 $ 3,611"), as it does from typical filings."""

    def _one_line(self, x: float, y: float, text: str) -> None:
        t = self.beginText(x, y)
        t.textOut(text)
        self.drawText(t)

    def drawString(self, x, y, text, *args, **kwargs):
        self._one_line(x, y, text)

    def drawRightString(self, x, y, text, *args, **kwargs):
        self._one_line(x - self.stringWidth(text), y, text)

    def drawCentredString(self, x, y, text, *args, **kwargs):
        self._one_line(x - self.stringWidth(text) / 2, y, text)


class ReportDoc(BaseDocTemplate):
    def __init__(self, target):
        super().__init__(target, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + 10, title=f"{COMPANY} Form 10-K for fiscal year 2024",
                         subject="Annual report on Form 10-K for the fiscal year ended June 30, 2024 (fictional)",
                         author=COMPANY, creator="data/make_annual_report.py")
        self.marks: dict[str, set[int]] = {}
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="main",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [frame]),
            PageTemplate("body", [frame], onPageEnd=self._footer),
        ])

    def _footer(self, canvas, doc):
        """The printed page number, drawn last so that extracted text ends with it."""
        canvas.saveState()
        canvas.setFont("Times-Roman", 9)
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.drawCentredString(PAGE_W / 2, MARGIN - 14, str(doc.page))
        canvas.restoreState()


# --- statements ------------------------------------------------------------------------------------------

@dataclass
class Row:
    label: str
    values: dict | None = None  # None: a caption row without figures
    kind: str = "row"  # row | first ($ sign) | sub (rule above) | total ($, rule above) | grand ($, double rule)
    indent: int = 0
    bold: bool = False


def statement_table(rows: list[Row], years: tuple[int, ...], head: list[str], label_w: float) -> Table:
    """A financial statement: label column, then a "$" column and a right-aligned figure per year."""
    ncol = len(years)
    num_w = (PAGE_W - 2 * MARGIN - label_w) / ncol
    fig_w = 50  # the figures, right-aligned; the "$" sits just left of them, as in printed filings
    widths = [label_w] + [num_w - fig_w, fig_w] * ncol
    data, style = [], [
        ("FONT", (0, 0), (-1, -1), "Times-Roman", 9.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ] + [("RIGHTPADDING", (c, 0), (c, -1), 1) for c in range(1, 2 * ncol, 2)]
    r = 0
    for text in head:  # column heads: the spanning caption, then the years
        if text == "years":
            data.append([""] + sum(([str(y), ""] for y in years), []))
            for i in range(ncol):
                c = 1 + 2 * i
                style += [("SPAN", (c, r), (c + 1, r)), ("LINEBELOW", (c, r), (c + 1, r), 0.6, colors.black),
                          ("FONT", (c, r), (c + 1, r), "Times-Bold", 9.5), ("ALIGN", (c, r), (c + 1, r), "RIGHT")]
        else:
            data.append(["", text] + [""] * (2 * ncol - 1))
            style += [("SPAN", (1, r), (-1, r)), ("ALIGN", (1, r), (-1, r), "CENTER"),
                      ("FONT", (1, r), (-1, r), "Times-Bold", 9.5)]
        r += 1
    for row in rows:
        cells = [row.label]
        for y in years:
            if row.values is None:
                cells += ["", ""]
            else:
                dollar = "$" if row.kind in ("first", "total", "grand") else ""
                cells += [dollar, fmt(row.values[y])]
        data.append(cells)
        style.append(("LEFTPADDING", (0, r), (0, r), 2 + 11 * row.indent))
        if row.bold or row.kind in ("total", "grand"):
            style.append(("FONT", (0, r), (-1, r), "Times-Bold", 9.5))
        if row.kind in ("sub", "total", "grand"):
            for i in range(ncol):
                c = 1 + 2 * i
                style.append(("LINEABOVE", (c, r), (c + 1, r), 0.5, colors.black))
        if row.kind == "grand":
            for i in range(ncol):
                c = 1 + 2 * i
                style.append(("LINEBELOW", (c, r), (c + 1, r), 0.5, colors.black, None, None, None, 2, 1.5))
        if row.values is None and row.label == "":
            style.append(("TOPPADDING", (0, r), (-1, r), 3))
        r += 1
    table = Table(data, colWidths=widths)
    table.setStyle(TableStyle(style))
    return table


def statement_page(anchor: str, title: str, unit: str, table: Table, note: str | None = None) -> list:
    parts = [P(COMPANY.upper(), "stmt_title"), P(title, "stmt_title"), P(unit, "stmt_sub"),
             Mark(anchor, table, keep=True)]
    if note:
        parts.append(P(note, "note"))
    return parts


def income_statement() -> list:
    rows = [
        Row("Net sales", IS["net_sales"], "first"),
        Row("Cost of sales", IS["cost_of_sales"]),
        Row("Gross profit", IS["gross_profit"], "sub"),
        Row("Operating expenses:"),
        Row("Selling, general and administrative expenses", IS["sga"], indent=1),
        Row("Research and development expenses", IS["rnd"], indent=1),
        Row("Amortization of intangible assets", IS["amortization"], indent=1),
        Row("Restructuring and other charges", IS["restructuring"], indent=1),
        Row("Total operating expenses", IS["total_opex"], "sub", indent=2),
        Row("Operating income", IS["operating_income"], "sub"),
        Row("Interest expense", IS["interest_expense"]),
        Row("Other income (expense), net", IS["other_income"]),
        Row("Income before income taxes", IS["pretax_income"], "sub"),
        Row("Provision for income taxes", IS["tax"]),
        Row("Net income", IS["net_income"], "grand"),
        Row(""),
        Row("Earnings per share:"),
        Row("Basic", IS["eps_basic"], "first", indent=1),
        Row("Diluted", IS["eps_diluted"], "first", indent=1),
        Row(""),
        Row("Weighted-average shares outstanding:"),
        Row("Basic", IS["shares_basic"], indent=1),
        Row("Diluted", IS["shares_diluted"], indent=1),
        Row(""),
        Row("Cash dividends declared per common share", IS["dps"], "first"),
    ]
    table = statement_table(rows, Y3, ["Years Ended June 30,", "years"], 246)
    return statement_page("IS", "CONSOLIDATED STATEMENTS OF OPERATIONS",
                          "(In millions, except per share amounts)", table,
                          "See accompanying Notes to Consolidated Financial Statements.")


def balance_sheet() -> list:
    b = BALANCE
    rows = [
        Row("ASSETS", bold=True),
        Row("Current assets:"),
        Row("Cash and cash equivalents", BS["cash"], "first", indent=1),
        Row(f"Accounts receivable, less allowance for credit losses of ${b['allowance'][2024]} and "
            f"${b['allowance'][2023]}", BS["receivables"], indent=1),
        Row("Inventories", BS["inventories"], indent=1),
        Row("Prepaid expenses and other current assets", BS["prepaid"], indent=1),
        Row("Total current assets", BS["total_current_assets"], "sub", indent=2),
        Row("Property, plant and equipment, net", BS["ppe"]),
        Row("Operating lease right-of-use assets", BS["rou_assets"]),
        Row("Goodwill", BS["goodwill"]),
        Row("Intangible assets, net", BS["intangibles"]),
        Row("Other assets", BS["other_assets"]),
        Row("Total assets", BS["total_assets"], "grand"),
        Row(""),
        Row("LIABILITIES AND STOCKHOLDERS' EQUITY", bold=True),
        Row("Current liabilities:"),
        Row("Accounts payable", BS["payables"], "first", indent=1),
        Row("Accrued liabilities", BS["accrued"], indent=1),
        Row("Current portion of long-term debt", BS["debt_current"], indent=1),
        Row("Current operating lease liabilities", BS["lease_current"], indent=1),
        Row("Total current liabilities", BS["total_current_liabilities"], "sub", indent=2),
        Row("Long-term debt, less current portion", BS["long_term_debt"]),
        Row("Long-term operating lease liabilities", BS["lease_noncurrent"]),
        Row("Deferred income taxes", BS["deferred_tax_liab"]),
        Row("Other long-term liabilities", BS["other_lt_liab"]),
        Row("Total liabilities", BS["total_liabilities"], "sub", indent=2),
        Row(""),
        Row("Commitments and contingencies (Note 8)"),
        Row(""),
        Row("Stockholders' equity:"),
        Row("Preferred stock, $0.01 par value; 10.0 shares authorized; none issued", BS["preferred_stock"],
            indent=1),
        Row(f"Common stock, $0.01 par value; 300.0 shares authorized; {b['shares_issued'][2024]} and "
            f"{b['shares_issued'][2023]} shares issued", BS["common_stock"], indent=1),
        Row("Additional paid-in capital", BS["apic"], indent=1),
        Row("Retained earnings", BS["retained_earnings"], indent=1),
        Row(f"Treasury stock, at cost; {b['shares_treasury'][2024]} and {b['shares_treasury'][2023]} shares",
            BS["treasury"], indent=1),
        Row("Accumulated other comprehensive loss", BS["aoci"], indent=1),
        Row("Total stockholders' equity", BS["total_equity"], "sub", indent=2),
        Row("Total liabilities and stockholders' equity", BS["total_liabilities_equity"], "grand"),
    ]
    table = statement_table(rows, Y2, ["June 30,", "years"], 320)
    return statement_page("BS", "CONSOLIDATED BALANCE SHEETS", "(In millions, except par value)", table,
                          "See accompanying Notes to Consolidated Financial Statements.")


def cash_flow_statement() -> list:
    c = CF
    rows = [
        Row("Cash flows from operating activities:", bold=True),
        Row("Net income", c["net_income"], "first", indent=1),
        Row("Adjustments to reconcile net income to net cash provided by operating activities:", indent=1),
        Row("Depreciation", c["depreciation"], indent=2),
        Row("Amortization of intangible assets", c["amortization"], indent=2),
        Row("Stock-based compensation expense", c["stock_comp"], indent=2),
        Row("Deferred income taxes", c["deferred_tax"], indent=2),
        Row("Other, net", c["other_noncash"], indent=2),
        Row("Changes in operating assets and liabilities:", indent=1),
        Row("Accounts receivable", c["chg_receivables"], indent=2),
        Row("Inventories", c["chg_inventories"], indent=2),
        Row("Prepaid expenses and other current assets", c["chg_prepaid"], indent=2),
        Row("Accounts payable", c["chg_payables"], indent=2),
        Row("Accrued liabilities", c["chg_accrued"], indent=2),
        Row("Net cash provided by operating activities", c["cfo"], "sub", indent=3),
        Row(""),
        Row("Cash flows from investing activities:", bold=True),
        Row("Purchases of property, plant and equipment", c["capex"], indent=1),
        Row("Proceeds from sale of property, plant and equipment", c["asset_sales"], indent=1),
        Row("Acquisitions, net of cash acquired", c["acquisitions"], indent=1),
        Row("Net cash used in investing activities", c["cfi"], "sub", indent=3),
        Row(""),
        Row("Cash flows from financing activities:", bold=True),
        Row("Borrowings under revolving credit facility", c["revolver_borrowings"], indent=1),
        Row("Repayments under revolving credit facility", c["revolver_repayments"], indent=1),
        Row("Repayments of term loan", c["term_loan_repayments"], indent=1),
        Row("Dividends paid", c["dividends_paid"], indent=1),
        Row("Repurchases of common stock", c["repurchases"], indent=1),
        Row("Proceeds from exercise of stock options", c["option_proceeds"], indent=1),
        Row("Net cash used in financing activities", c["cff"], "sub", indent=3),
        Row(""),
        Row("Effect of exchange rate changes on cash and cash equivalents", c["fx_effect"]),
        Row("Net increase (decrease) in cash and cash equivalents", c["net_change"], "sub"),
        Row("Cash and cash equivalents at beginning of year", c["cash_begin"]),
        Row("Cash and cash equivalents at end of year", c["cash_end"], "grand"),
        Row(""),
        Row("Supplemental cash flow information:", bold=True),
        Row("Cash paid for interest", c["interest_paid"], "first", indent=1),
        Row("Cash paid for income taxes", c["taxes_paid"], "first", indent=1),
    ]
    table = statement_table(rows, Y3, ["Years Ended June 30,", "years"], 270)
    return statement_page("CF", "CONSOLIDATED STATEMENTS OF CASH FLOWS", "(In millions)", table,
                          "See accompanying Notes to Consolidated Financial Statements.")


def segment_table() -> Table:
    rows = [Row("Net sales:", bold=True)]
    for i, (name, seg) in enumerate(SEGMENTS.items()):
        rows.append(Row(name, seg["sales"], "first" if i == 0 else "row", indent=1))
    rows.append(Row("Total net sales", IS["net_sales"], "total", indent=2))
    rows += [Row(""), Row("Operating income:", bold=True)]
    for i, (name, seg) in enumerate(SEGMENTS.items()):
        rows.append(Row(name, seg["op_income"], "first" if i == 0 else "row", indent=1))
    rows.append(Row("Corporate and unallocated costs", CORPORATE_EXPENSE, indent=1))
    rows.append(Row("Total operating income", IS["operating_income"], "total", indent=2))
    return statement_table(rows, Y3, ["Years Ended June 30,", "years"], 246)


def simple_table(data: list[list[str]], widths: list[float], bold_rows=(), rule_rows=()) -> Table:
    """A small note table: first row heads, figures right-aligned."""
    style = [
        ("FONT", (0, 0), (-1, -1), "Times-Roman", 9.5),
        ("FONT", (0, 0), (-1, 0), "Times-Bold", 9.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (1, 0), (-1, 0), 0.6, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in bold_rows:
        style.append(("FONT", (0, r), (-1, r), "Times-Bold", 9.5))
    for r in rule_rows:
        style.append(("LINEABOVE", (1, r), (-1, r), 0.5, colors.black))
    table = Table(data, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    table.spaceBefore, table.spaceAfter = 3, 8
    return table


# --- prose ------------------------------------------------------------------------------------------------

def cover() -> list:
    f = FACTS
    box = Table([["[X]", "ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934"],
                 ["", "For the fiscal year ended June 30, 2024"],
                 ["[  ]", "TRANSITION REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF "
                  "1934"],
                 ["", "For the transition period from ____________ to ____________"]],
                colWidths=[24, PAGE_W - 2 * MARGIN - 24])
    box.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Times-Roman", 9.5),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    registrant = Table([
        ["Delaware", "47-2918305"],
        ["(State or other jurisdiction of incorporation or organization)", "(I.R.S. Employer Identification No.)"],
    ], colWidths=[(PAGE_W - 2 * MARGIN) / 2] * 2)
    registrant.setStyle(TableStyle([("FONT", (0, 0), (-1, 0), "Times-Bold", 10),
                                    ("FONT", (0, 1), (-1, 1), "Times-Roman", 8),
                                    ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    securities = Table([
        ["Title of each class", "Trading Symbol(s)", "Name of each exchange on which registered"],
        ["Common Stock, $0.01 par value", "CVNH", "New York Stock Exchange"],
    ], colWidths=[190, 110, PAGE_W - 2 * MARGIN - 300])
    securities.setStyle(TableStyle([("FONT", (0, 0), (-1, 0), "Times-Bold", 9),
                                    ("FONT", (0, 1), (-1, 1), "Times-Roman", 9.5),
                                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                                    ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return [
        P("UNITED STATES", "center_b"),
        P("SECURITIES AND EXCHANGE COMMISSION", "center_b"),
        P("Washington, D.C. 20549", "center"),
        Spacer(1, 14),
        P("FORM 10-K", "cover_big"),
        Spacer(1, 8),
        box,
        Spacer(1, 8),
        P("Commission File Number 001-38417", "center"),
        Spacer(1, 10),
        P(COMPANY.upper(), "cover_big"),
        P("(Exact name of registrant as specified in its charter)", "center"),
        Spacer(1, 8),
        registrant,
        Spacer(1, 6),
        P("4400 Meridian Parkway, Ashford Falls, Ohio 45999", "center"),
        P("(Address of principal executive offices) (Zip Code)", "center"),
        P("(555) 010-4400", "center"),
        P("(Registrant's telephone number, including area code)", "center"),
        Spacer(1, 10),
        P("Securities registered pursuant to Section 12(b) of the Act:", "center"),
        Spacer(1, 4),
        securities,
        Spacer(1, 10),
        P("Indicate by check mark whether the registrant is a large accelerated filer, an accelerated filer, a "
          "non-accelerated filer, a smaller reporting company, or an emerging growth company. Large accelerated "
          "filer [X] Accelerated filer [ ] Non-accelerated filer [ ] Smaller reporting company [ ] Emerging "
          "growth company [ ]"),
        P("Indicate by check mark whether the registrant is a shell company (as defined in Rule 12b-2 of the "
          "Act). Yes [ ] No [X]"),
        P(f"The aggregate market value of the registrant's common stock held by non-affiliates, computed by "
          f"reference to the closing price on the New York Stock Exchange on December 29, 2023, the last business "
          f"day of the registrant's most recently completed second fiscal quarter, was approximately "
          f"{f['public_float']}."),
        P(f"As of {f['shares_cover_date']}, there were {f['shares_outstanding_cover']} shares of the registrant's "
          f"common stock, $0.01 par value, outstanding."),
        P("DOCUMENTS INCORPORATED BY REFERENCE: Portions of the registrant's definitive Proxy Statement for its "
          "2024 Annual Meeting of Stockholders are incorporated by reference into Part III of this Form 10-K."),
        Spacer(1, 8),
        P("Sample document: Corvane Industrial Holdings, Inc. is a fictional company and this is not an actual "
          "filing with the Securities and Exchange Commission. All names, figures and addresses are invented "
          "for testing document question answering.", "note"),
    ]


def contents(pages: dict[str, int]) -> list:
    entries = [
        ("PART I", None, None),
        ("Item 1.", "Business", "T_BUS"),
        ("Item 1A.", "Risk Factors", "T_RISK"),
        ("Item 1B.", "Unresolved Staff Comments", "T_1B"),
        ("Item 2.", "Properties", "T_2"),
        ("Item 3.", "Legal Proceedings", "T_3"),
        ("PART II", None, None),
        ("Item 5.", "Market for Registrant's Common Equity, Related Stockholder Matters and Issuer Purchases "
                    "of Equity Securities", "T_MKT"),
        ("Item 7.", "Management's Discussion and Analysis of Financial Condition and Results of Operations",
         "T_MDA"),
        ("Item 8.", "Financial Statements and Supplementary Data", "IS"),
        ("", "Consolidated Statements of Operations", "IS"),
        ("", "Consolidated Balance Sheets", "BS"),
        ("", "Consolidated Statements of Cash Flows", "CF"),
        ("", "Notes to Consolidated Financial Statements", "T_NOTES"),
        ("Item 9A.", "Controls and Procedures", "T_9A"),
        ("PART III", None, None),
        ("Items 10-14.", "Incorporated by reference to the 2024 Proxy Statement", "T_P3"),
        ("PART IV", None, None),
        ("Item 15.", "Exhibits and Financial Statement Schedules; Signatures", "T_P4"),
    ]
    title_w = PAGE_W - 2 * MARGIN - 110
    data = [["", "", "Page"]]
    style = [("FONT", (0, 0), (-1, -1), "Times-Roman", 10), ("FONT", (2, 0), (2, 0), "Times-Bold", 10),
             ("ALIGN", (2, 0), (2, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    for i, (item, title, key) in enumerate(entries, start=1):
        if title is None:
            data.append([item, "", ""])
            style += [("SPAN", (0, i), (1, i)), ("FONT", (0, i), (1, i), "Times-Bold", 10)]
        else:
            fits = stringWidth(title, "Times-Roman", 10) < title_w - 12
            data.append([item, title if fits else Paragraph(esc(title), STYLES["toc"]), str(pages.get(key, 0))])
    table = Table(data, colWidths=[70, title_w, 40])
    table.setStyle(TableStyle(style))
    return [
        P(f"{COMPANY.upper()}", "stmt_title"),
        P("FORM 10-K FOR THE FISCAL YEAR ENDED JUNE 30, 2024", "stmt_title"),
        P("TABLE OF CONTENTS", "stmt_sub"),
        table,
        Spacer(1, 12),
        P("CAUTIONARY NOTE REGARDING FORWARD-LOOKING STATEMENTS", "sub"),
        P("This Annual Report on Form 10-K contains forward-looking statements within the meaning of the Private "
          "Securities Litigation Reform Act of 1995, including statements about our expected capital "
          "expenditures, liquidity, restructuring actions and the effects of inflation, interest rates and "
          "foreign currency. Words such as \"expect,\" \"anticipate,\" \"intend,\" \"plan,\" \"believe\" and "
          "\"estimate\" identify forward-looking statements. These statements are based on current expectations "
          "and are subject to risks and uncertainties, including those described in Item 1A, Risk Factors, that "
          "could cause actual results to differ materially. We undertake no obligation to update any "
          "forward-looking statement."),
        P("Unless the context requires otherwise, \"Corvane,\" the \"Company,\" \"we,\" \"us\" and \"our\" refer "
          "to Corvane Industrial Holdings, Inc. and its consolidated subsidiaries. Our fiscal year ends on June 30. "
          "References to fiscal 2024, fiscal 2023 and fiscal 2022 are to the fiscal years ended June 30, 2024, "
          "June 30, 2023 and June 30, 2022, respectively."),
    ]


def share(seg: str, year: int = 2024) -> Decimal:
    return pct(SEGMENTS[seg]["sales"][year], IS["net_sales"][year], 0)


def business() -> list:
    f = FACTS
    fc, mp, af = SEGMENTS
    return [
        P("PART I", "part"),
        Mark("T_BUS", P("Item 1. Business", "item")),
        P("General", "sub"),
        P(f"{COMPANY} is a diversified industrial manufacturer of engineered flow control, motion and power "
          f"transmission products and the services that keep them running. Founded in 1938 as a valve foundry in "
          f"Ashford Falls, Ohio, the Company today designs and manufactures products at {f['plants']} "
          f"manufacturing facilities in {f['countries']} countries and sells them to customers in the process, "
          f"water, energy, food and beverage, mining, and general industrial end markets. In fiscal 2024, "
          f"approximately {f['non_us_sales_pct']}% of our net sales were to customers outside the United States."),
        P("Reportable Segments", "sub"),
        P(f"We manage our business in three reportable segments. Financial information about the segments is "
          f"included in Item 7, Management's Discussion and Analysis of Financial Condition and Results of "
          f"Operations."),
        P(f"<b>{fc}</b> ({share(fc)}% of fiscal 2024 net sales) designs and manufactures industrial valves, "
          f"actuators, pressure regulators and centrifugal pumps used to control the flow of liquids, gases and "
          f"slurries. Products are sold under the Corvane, Tessmark and HydraLine brands directly to end users and "
          f"engineering firms and through a network of independent distributors."),
        P(f"<b>{esc(mp)}</b> ({share(mp)}% of fiscal 2024 net sales) produces enclosed gear drives, couplings, "
          f"mounted bearings, industrial clutches and brakes, and low-voltage electric motors. Its customers are "
          f"original equipment manufacturers of conveyors, mixers, cranes and packaging machinery, as well as "
          f"maintenance, repair and operations distributors."),
        P(f"<b>{af}</b> ({share(af)}% of fiscal 2024 net sales) provides replacement parts, repair and overhaul, "
          f"field service, condition monitoring subscriptions and long-term service agreements for the installed "
          f"base of Corvane and third-party equipment, operating from 64 service centers."),
        P("Customers, Competition and Seasonality", "sub"),
        P("No single customer accounted for 10% or more of consolidated net sales in any of the last three fiscal "
          "years. We compete on product performance, reliability, delivery lead times, application engineering, "
          "breadth of the installed base and price, against global diversified industrial companies and smaller "
          "regional specialists. Net sales are typically highest in our fourth fiscal quarter (April through June) "
          "as customers complete spring maintenance projects and capital budgets."),
        P("Raw Materials", "sub"),
        P("The principal raw materials we use are carbon and stainless steel, iron and steel castings and forgings, "
          "copper, aluminum, and electronic components. We purchase these materials from many suppliers and "
          "generally have more than one source for each; prices for steel, copper and electronic components can be "
          "volatile, and we seek to recover cost increases through pricing actions."),
        P("Human Capital", "sub"),
        Mark("BUS", P(f"At June 30, 2024, we employed approximately {f['employees']} people, of whom approximately "
          f"{f['employees_us']} were located in the United States. About 22% of our employees are covered by "
          f"collective bargaining agreements or works councils. We believe our relations with our employees are "
          f"good. Our safety program tracks a total recordable incident rate, which was 0.91 in calendar 2023.")),
        P("Intellectual Property and Environmental Matters", "sub"),
        P("We own more than 1,100 patents and pending applications worldwide and numerous trademarks; no single "
          "patent is material to the business as a whole. Our operations are subject to environmental laws "
          "governing air emissions, wastewater discharges and the handling of hazardous materials. Compliance "
          "costs have not had, and are not expected to have, a material effect on our capital expenditures, "
          "earnings or competitive position."),
        P("Available Information", "sub"),
        P("Our annual reports on Form 10-K, quarterly reports on Form 10-Q, current reports on Form 8-K and "
          "amendments to those reports are available free of charge on our website as soon as reasonably "
          "practicable after they are filed with the Securities and Exchange Commission."),
    ]


def risk_factors() -> list:
    paras = [
        ("Supply chain disruptions and raw material costs could reduce our margins.",
         "We depend on a limited number of suppliers for certain castings, forgings and electronic components. "
         "Disruptions caused by supplier insolvency, capacity constraints, logistics bottlenecks, natural "
         "disasters or geopolitical events could delay shipments and increase costs. Inflation in steel, copper, "
         "freight and energy may not be recovered through pricing on a timely basis, particularly for orders "
         "booked at fixed prices months before shipment."),
        ("We may hold excess or obsolete inventory.",
         "To protect delivery lead times during periods of supply disruption, we increased inventory levels of raw "
         "materials and components. If demand declines, product mixes change or engineering changes render "
         "components obsolete, we may be required to record inventory write-downs, and higher inventory levels "
         "consume cash that could otherwise be used to reduce debt or return capital to stockholders."),
        ("Our international operations expose us to foreign currency and other risks.",
         "A substantial portion of our net sales and costs is denominated in currencies other than the U.S. "
         "dollar, principally the euro, the British pound, the Chinese renminbi, the Mexican peso and the "
         "Brazilian real. A stronger U.S. dollar reduces the dollar value of our foreign earnings and net assets, "
         "and currency movements may affect the competitiveness of products manufactured in one country and sold "
         "in another. Our international operations are also subject to tariffs, export controls, sanctions and "
         "changes in tax laws."),
        ("Our indebtedness could limit our flexibility, and rising interest rates increase our costs.",
         "We have significant indebtedness, including senior notes, a term loan and borrowings under our "
         "revolving credit facility. Borrowings under the term loan and the revolving credit facility bear "
         "interest at variable rates based on SOFR, so increases in interest rates raise our interest expense. "
         "Our credit agreement contains financial covenants, including a maximum consolidated net leverage ratio; "
         "a failure to comply could result in an event of default and the acceleration of our debt."),
        ("Cyclical demand in our end markets affects our results.",
         "Demand for our products depends on capital spending and production levels in the process, energy, "
         "mining and general industrial markets, which are cyclical. Economic downturns, lower commodity prices "
         "or customers' deferral of projects could reduce orders, and our fixed costs could cause operating "
         "income to decline faster than net sales."),
        ("Restructuring actions may not achieve the expected savings.",
         "We consolidated two manufacturing facilities and reduced our salaried workforce in fiscal 2023 and "
         "fiscal 2024. We may not realize the savings we expect, and the actions could disrupt operations, "
         "customer deliveries or employee morale."),
        ("Goodwill and intangible assets could become impaired.",
         "Goodwill and intangible assets represent a significant portion of our total assets. Lower projected "
         "cash flows of a reporting unit, higher discount rates or a decline in our market capitalization could "
         "result in impairment charges, which would reduce our reported earnings and stockholders' equity."),
        ("Cybersecurity incidents could disrupt our operations.",
         "We rely on information technology systems to manage manufacturing, engineering, order fulfillment and "
         "financial reporting, and our connected products and condition monitoring services collect customer "
         "data. A cybersecurity incident could disrupt operations, expose confidential information and result in "
         "liability, remediation costs and reputational harm."),
        ("Product liability, warranty and environmental claims could be costly.",
         "Our products are used in critical applications where failures can result in property damage, personal "
         "injury or environmental releases. We are subject to warranty obligations and product liability claims, "
         "and we may incur costs to remediate contamination at current or former facilities."),
    ]
    out = [Mark("T_RISK", P("Item 1A. Risk Factors", "item")),
           P("Our business, financial condition and results of operations are subject to many risks. The risks "
             "described below are those we consider material; additional risks not presently known to us or that "
             "we currently consider immaterial could also affect us.")]
    for head, text in paras:
        out += [P(esc(head), "sub"), P(esc(text))]
    return out


def properties_legal() -> list:
    f = FACTS
    rows = [["Segment", "Manufacturing facilities", "Principal locations"],
            ["Flow Control Systems", "14", "Ohio, Texas, Italy, China, Brazil"],
            ["Motion & Power Components", "12", "Indiana, Wisconsin, Mexico, Germany, India"],
            ["Aftermarket Services", "5", "Texas, Louisiana, Scotland, Australia, Canada"]]
    assert sum(int(r[1]) for r in rows[1:]) == f["plants"]
    return [
        Mark("T_1B", P("Item 1B. Unresolved Staff Comments", "item")),
        P("None."),
        P("Item 1C. Cybersecurity", "item"),
        P("Our information security program is overseen by the Audit Committee of the Board of Directors and led by "
          "our Chief Information Security Officer, who reports to the Chief Financial Officer. The program "
          "includes risk assessments, employee training, third-party penetration testing and an incident response "
          "plan. We have not identified any cybersecurity incident that has materially affected us."),
        Mark("T_2", P("Item 2. Properties", "item")),
        P(f"Our corporate headquarters is located in Ashford Falls, Ohio, in a facility we own. At June 30, 2024, "
          f"we operated {f['plants']} manufacturing facilities, of which 19 are owned and 12 are leased, with "
          f"approximately 6.8 million square feet in total:"),
        simple_table(rows, [150, 120, PAGE_W - 2 * MARGIN - 270]),
        P("We believe our facilities are suitable and adequate for our present needs. Capacity utilization varies by "
          "facility and product line."),
        Mark("T_3", P("Item 3. Legal Proceedings", "item")),
        P("We are party to various lawsuits and claims arising in the ordinary course of business, including "
          "product liability, commercial, employment and environmental matters. We do not expect the outcome of "
          "these matters, individually or in the aggregate, to have a material adverse effect on our financial "
          "position, results of operations or cash flows. See Note 8 to the Consolidated Financial Statements."),
        P("Item 4. Mine Safety Disclosures", "item"),
        P("Not applicable."),
    ]


def market() -> list:
    rep = -CF["repurchases"][2024]
    return [
        P("PART II", "part"),
        Mark("T_MKT", P("Item 5. Market for Registrant's Common Equity, Related Stockholder Matters and Issuer "
                        "Purchases of Equity Securities", "item")),
        P("Our common stock is listed on the New York Stock Exchange under the symbol \"CVNH.\" At August 9, 2024, "
          "there were approximately 2,350 holders of record of our common stock."),
        P(f"We have paid quarterly cash dividends on our common stock since 1996. In fiscal 2024 we declared "
          f"quarterly dividends of $0.28 per share, or ${IS['dps'][2024]} per share for the year, compared with "
          f"${IS['dps'][2023]} per share in fiscal 2023. Future dividends are at the discretion of the Board of "
          f"Directors."),
        P(f"In May 2022 the Board of Directors authorized the repurchase of up to $500 million of our common stock. "
          f"During fiscal 2024 we repurchased 0.5 million shares for {usd(rep)}. At June 30, 2024, $245 million "
          f"remained available under the authorization."),
        P("Item 6. [Reserved]", "item"),
    ]


def mda() -> list:
    ns, cogs, gp, oi, ni = (IS[k] for k in ("net_sales", "cost_of_sales", "gross_profit", "operating_income",
                                             "net_income"))
    f = FACTS
    ns_chg = ns[2024] - ns[2023]
    oi_chg = oi[2024] - oi[2023]
    gm = {y: pct(gp[y], ns[y]) for y in Y3}
    sga_pct = {y: pct(IS["sga"][y], ns[y]) for y in Y3}
    etr = {y: pct(IS["tax"][y], IS["pretax_income"][y]) for y in Y3}
    assert Decimal(f["price_pts"]) + Decimal(f["volume_pts"]) + Decimal(f["fx_pts"]) == pct(ns_chg, ns[2023])
    return [
        Mark("T_MDA", P("Item 7. Management's Discussion and Analysis of Financial Condition and Results of "
                        "Operations", "item")),
        P("The following discussion should be read together with the Consolidated Financial Statements and related "
          "notes in Item 8. It compares fiscal 2024 with fiscal 2023. A comparison of fiscal 2023 with fiscal "
          "2022 is included in Item 7 of our Annual Report on Form 10-K for the fiscal year ended June 30, 2023."),
        P("Overview", "sub"),
        P(f"Fiscal 2024 was a year of solid growth and margin expansion. Net sales rose "
          f"{pct(ns_chg, ns[2023])}% on price realization and higher volumes in all three segments, operating "
          f"income increased {pct(oi_chg, oi[2023])}% as pricing, productivity and lower restructuring charges "
          f"more than offset cost inflation, and we generated {usd(CF['cfo'][2024])} of operating cash flow, which "
          f"we used to invest in capacity, reduce debt and return cash to stockholders."),
        P("Results of Operations", "sub"),
        Mark("MDA_SALES", P(
          f"<i>Net sales.</i> Net sales for fiscal 2024 were {usd(ns[2024])}, an increase of {usd(ns_chg)}, or "
          f"{pct(ns_chg, ns[2023])}%, compared with {usd(ns[2023])} in fiscal 2023. Higher selling prices "
          f"contributed {f['price_pts']} percentage points of growth and higher volumes {f['volume_pts']} points, "
          f"partially offset by unfavorable foreign currency translation of {f['fx_pts'].lstrip('-')} points.")),
        P(f"<i>Cost of sales and gross margin.</i> Cost of sales was {usd(cogs[2024])} in fiscal 2024 compared with "
          f"{usd(cogs[2023])} in fiscal 2023. Gross margin improved to {gm[2024]}% of net sales from {gm[2023]}%, "
          f"reflecting price realization, productivity savings from the plant consolidations completed in fiscal "
          f"2023 and lower freight costs, partially offset by wage and material inflation."),
        P(f"<i>Operating expenses.</i> Selling, general and administrative expenses were {usd(IS['sga'][2024])}, or "
          f"{sga_pct[2024]}% of net sales, compared with {usd(IS['sga'][2023])}, or {sga_pct[2023]}% of net sales, "
          f"in fiscal 2023, with the increase driven by compensation inflation and investments in digital "
          f"service offerings. Research and development expenses increased to {usd(IS['rnd'][2024])} from "
          f"{usd(IS['rnd'][2023])}. Restructuring and other charges were {usd(IS['restructuring'][2024])}, "
          f"compared with {usd(IS['restructuring'][2023])} in fiscal 2023, when we closed two manufacturing "
          f"facilities in the Motion &amp; Power Components segment."),
        P(f"<i>Operating income.</i> Operating income increased {usd(oi_chg)}, or {pct(oi_chg, oi[2023])}%, to "
          f"{usd(oi[2024])} in fiscal 2024."),
        P(f"<i>Interest expense.</i> Interest expense increased to {usd(INCOME['interest_expense'][2024])} from "
          f"{usd(INCOME['interest_expense'][2023])}, primarily because of higher interest rates on our "
          f"variable-rate term loan and revolving credit borrowings, partially offset by lower average debt."),
        Mark("MDA_TAX", P(f"<i>Income taxes.</i> The effective income tax rate was {etr[2024]}% in fiscal 2024 "
                          f"compared with {etr[2023]}% in fiscal 2023. See Note 7 to the Consolidated Financial "
                          f"Statements.")),
        Mark("MDA_NI", P(
          f"<i>Net income.</i> Net income was {usd(ni[2024])}, or ${IS['eps_diluted'][2024]} per diluted share, in "
          f"fiscal 2024, compared with {usd(ni[2023])}, or ${IS['eps_diluted'][2023]} per diluted share, in "
          f"fiscal 2023.")),
    ]


def mda_segments() -> list:
    out = [KeepTogether([
        P("Segment Results", "sub"),
        P("We evaluate segment performance on net sales and segment operating income, which excludes corporate "
          "and unallocated costs such as corporate headquarters expenses, certain legal and environmental costs "
          "and stock-based compensation not allocated to the segments. Intersegment sales are not material. "
          "Net sales and operating income by segment were as follows (in millions):"),
        Spacer(1, 4), Mark("SEG", segment_table(), keep=True)]), Spacer(1, 8)]
    blurbs = {
        "Flow Control Systems": "on pricing and strong demand for water and food and beverage valves and pumps, "
                                "partially offset by lower shipments to the chemical market in Europe",
        "Motion & Power Components": "as volumes with packaging and material handling equipment makers recovered "
                                     "in the second half of the year",
        "Aftermarket Services": "on growth in repair and overhaul activity and new condition monitoring "
                                "subscriptions",
    }
    for name, seg in SEGMENTS.items():
        s, o = seg["sales"], seg["op_income"]
        out.append(P(f"<i>{esc(name)}.</i> Net sales increased {pct(s[2024] - s[2023], s[2023])}% {blurbs[name]}. "
                     f"Segment operating income increased to {usd(o[2024])} from {usd(o[2023])}, as price "
                     f"realization and productivity more than offset cost inflation."))
    return out


def mda_liquidity() -> list:
    c, f = CF, FACTS
    revolver = DEBT[0][3][2024]
    available = 1000 - revolver - f["letters_of_credit"]
    total_debt = DEBT_TOTAL[2024]
    ebitda = IS["operating_income"][2024] + c["depreciation"][2024] + c["amortization"][2024]
    leverage = half_up(Fraction(total_debt - BS["cash"][2024], ebitda), 1)
    summary = simple_table(
        [["(In millions)", "2024", "2023"],
         ["Net cash provided by operating activities", fmt(c["cfo"][2024]), fmt(c["cfo"][2023])],
         ["Net cash used in investing activities", fmt(c["cfi"][2024]), fmt(c["cfi"][2023])],
         ["Net cash used in financing activities", fmt(c["cff"][2024]), fmt(c["cff"][2023])]],
        [250, 80, 80])
    low, high = f["capex_outlook"]
    return [
        P("Liquidity and Capital Resources", "sub"),
        P(f"Our principal sources of liquidity are cash generated from operations, cash on hand and borrowings "
          f"under our revolving credit facility. At June 30, 2024, we had cash and cash equivalents of "
          f"{usd(BS['cash'][2024])}, of which approximately {usd(f['cash_outside_us'])} was held by subsidiaries "
          f"outside the United States. We believe these sources will be sufficient to fund our operations, "
          f"capital expenditures, dividends and debt service for at least the next twelve months."),
        Mark("LIQ_REV", P(
          f"<i>Revolving credit facility.</i> We have a {f['revolver_size']} senior unsecured revolving credit "
          f"facility that matures in {f['revolver_maturity']}. At June 30, 2024, {usd(revolver)} was outstanding "
          f"under the facility and {usd(f['letters_of_credit'])} of letters of credit were issued against it, "
          f"leaving {usd(available)} of borrowing capacity available. Borrowings bear interest at SOFR plus a "
          f"margin based on our credit ratings.")),
        P(f"<i>Term loan and senior notes.</i> Our Term loan A had {usd(DEBT[1][3][2024])} outstanding at June 30, "
          f"2024 and is repayable in quarterly installments of $12.5 million, with the balance due in March 2027. "
          f"We also have {usd(DEBT[2][3][2024])} of 4.25% senior notes due September 2029 and "
          f"{usd(DEBT[3][3][2024])} of 5.60% senior notes due May 2033. The credit agreement requires a "
          f"consolidated net leverage ratio of no more than {f['leverage_covenant']} to 1.00; our ratio was "
          f"{leverage} to 1.00 at June 30, 2024, and we were in compliance with all covenants. See Note 6."),
        KeepTogether([P("<i>Cash flows.</i> The following table summarizes our cash flows:"), summary]),
        P(f"Net cash provided by operating activities increased to {usd(c['cfo'][2024])} from "
          f"{usd(c['cfo'][2023])}, reflecting higher net income and a smaller increase in inventories than in "
          f"fiscal 2023, when we built safety stock to protect delivery lead times. Net cash used in financing "
          f"activities in fiscal 2024 included net repayments of debt, {usd(-c['dividends_paid'][2024])} of "
          f"dividends and {usd(-c['repurchases'][2024])} of share repurchases."),
        Mark("LIQ_CAPEX", P(
          f"<i>Capital expenditures.</i> Capital expenditures were {usd(-c['capex'][2024])} in fiscal 2024, "
          f"primarily for capacity expansion in Flow Control Systems, automation and the modernization of our "
          f"foundry in Ashford Falls. We expect capital expenditures in fiscal 2025 to be in the range of "
          f"${low} to ${high} million, including the completion of a new pump assembly facility in Monterrey, "
          f"Mexico, funded from operating cash flow.")),
        P("<i>Critical accounting estimates.</i> Our critical accounting estimates relate to revenue recognized over "
          "time on long-term service agreements, the valuation of inventories, goodwill impairment testing, and "
          "income taxes. There were no goodwill impairments in fiscal 2024, fiscal 2023 or fiscal 2022."),
        P("Item 7A. Quantitative and Qualitative Disclosures About Market Risk", "item"),
        P(f"We are exposed to changes in interest rates, foreign currency exchange rates and commodity prices. A "
          f"hypothetical 100 basis point increase in SOFR would have increased fiscal 2024 interest expense on our "
          f"variable-rate debt by approximately $6 million. A hypothetical 10% strengthening of the U.S. dollar "
          f"against all other currencies would have reduced fiscal 2024 net sales by approximately $165 million."),
    ]


def notes() -> list:
    inv = INVENTORIES
    inv_rows = [["(In millions)", "June 30, 2024", "June 30, 2023"]]
    inv_rows += [[k, fmt(v[2024]), fmt(v[2023])] for k, v in inv.items()]
    inv_rows.append(["Total inventories", fmt(BS["inventories"][2024]), fmt(BS["inventories"][2023])])
    debt_rows = [["(In millions)", "Interest rate", "Maturity", "June 30, 2024", "June 30, 2023"]]
    debt_rows += [[name, rate, maturity, fmt(v[2024]), fmt(v[2023])] for name, rate, maturity, v in DEBT]
    debt_rows.append(["Unamortized discount and debt issuance costs", "", "", fmt(DEBT_ISSUANCE_COSTS[2024]),
                      fmt(DEBT_ISSUANCE_COSTS[2023])])
    debt_rows.append(["Total debt", "", "", fmt(DEBT_TOTAL[2024]), fmt(DEBT_TOTAL[2023])])
    debt_rows.append(["Less: current portion of long-term debt", "", "", fmt(-DEBT_CURRENT[2024]),
                      fmt(-DEBT_CURRENT[2023])])
    debt_rows.append(["Long-term debt, less current portion", "", "", fmt(BS["long_term_debt"][2024]),
                      fmt(BS["long_term_debt"][2023])])
    etr = {y: pct(IS["tax"][y], IS["pretax_income"][y]) for y in Y3}
    n_inv = len(inv_rows)
    n_debt = len(debt_rows)
    return [
        Mark("T_NOTES", P("NOTES TO CONSOLIDATED FINANCIAL STATEMENTS", "stmt_title")),
        P("(Selected notes; dollars in millions unless otherwise stated)", "stmt_sub"),
        P("Note 1. Basis of Presentation", "sub"),
        P("The consolidated financial statements include the accounts of Corvane Industrial Holdings, Inc. and its "
          "majority-owned subsidiaries and are prepared in accordance with accounting principles generally "
          "accepted in the United States. Our fiscal year ends on June 30; fiscal 2024 refers to the year ended "
          "June 30, 2024. Inventories are stated at the lower of cost, determined on the first-in, first-out "
          "method, and net realizable value."),
        P("Note 4. Inventories", "sub"),
        P("Inventories consisted of the following:"),
        Mark("N_INV", simple_table(inv_rows, [250, 90, 90], bold_rows=(n_inv - 1,), rule_rows=(n_inv - 1,))),
        P("Note 6. Debt", "sub"),
        P("Debt consisted of the following:"),
        Mark("N_DEBT", simple_table(debt_rows, [196, 80, 80, 74, 74], bold_rows=(n_debt - 1,),
                                    rule_rows=(n_debt - 3, n_debt - 1))),
        Mark("N_DEBT", P(
          f"The {FACTS['revolver_size']} revolving credit facility and Term loan A are governed by a credit "
          f"agreement dated March 2023 that matures in {FACTS['revolver_maturity']} (revolving credit facility) and "
          f"March 2027 (Term loan A). The weighted-average interest rate on our variable-rate borrowings was "
          f"6.7% at June 30, 2024. The senior notes are unsecured and pay interest semiannually. Scheduled "
          f"principal payments of long-term debt are $50 million in each of fiscal 2025 and fiscal 2026.")),
        P("Note 7. Income Taxes", "sub"),
        Mark("N_TAX", P(f"The provision for income taxes was {usd(IS['tax'][2024])}, {usd(IS['tax'][2023])} and "
          f"{usd(IS['tax'][2022])} in fiscal 2024, 2023 and 2022, respectively. Our effective income tax rate was "
          f"{etr[2024]}% in fiscal 2024, {etr[2023]}% in fiscal 2023 and {etr[2022]}% in fiscal 2022, compared with "
          f"the U.S. federal statutory rate of {FACTS['statutory_rate']}%. The effective rate exceeds the "
          f"statutory rate mainly because of state income taxes and earnings taxed at higher rates in foreign "
          f"jurisdictions, partially offset by research and development tax credits. Fiscal 2023 included a "
          f"charge for non-deductible restructuring costs in Germany.")),
        P("Note 8. Commitments and Contingencies", "sub"),
        P("We are subject to claims and legal proceedings arising in the ordinary course of business. We accrue "
          "for such matters when a loss is probable and reasonably estimable; amounts accrued were not material "
          "at June 30, 2024 or June 30, 2023."),
    ]


def closing() -> list:
    return [
        Mark("T_9A", P("Item 9A. Controls and Procedures", "item")),
        P("Our management, with the participation of our Chief Executive Officer and Chief Financial Officer, "
          "evaluated the effectiveness of our disclosure controls and procedures as of June 30, 2024 and concluded "
          "that they were effective. Management assessed the effectiveness of our internal control over financial "
          "reporting as of June 30, 2024 using the criteria of the 2013 Internal Control - Integrated Framework "
          "issued by the Committee of Sponsoring Organizations of the Treadway Commission and concluded that it "
          "was effective. There were no changes in internal control over financial reporting during the fourth "
          "quarter of fiscal 2024 that materially affected, or are reasonably likely to materially affect, it."),
        P("PART III", "part"),
        Mark("T_P3", P("Items 10 through 14", "item")),
        P("The information required by Items 10 (Directors, Executive Officers and Corporate Governance), 11 "
          "(Executive Compensation), 12 (Security Ownership of Certain Beneficial Owners and Management), 13 "
          "(Certain Relationships and Related Transactions, and Director Independence) and 14 (Principal "
          "Accountant Fees and Services) is incorporated by reference to our definitive Proxy Statement for the "
          "2024 Annual Meeting of Stockholders, to be filed within 120 days after June 30, 2024."),
        P("PART IV", "part"),
        Mark("T_P4", P("Item 15. Exhibits and Financial Statement Schedules", "item")),
        P("The consolidated financial statements are included in Item 8. Financial statement schedules are "
          "omitted because they are not required or the information is included in the financial statements or "
          "notes. Exhibits are listed in the Exhibit Index filed with this report."),
        P("SIGNATURES", "part"),
        P("Pursuant to the requirements of Section 13 or 15(d) of the Securities Exchange Act of 1934, the "
          "registrant has duly caused this report to be signed on its behalf by the undersigned, thereunto duly "
          "authorized, on August 16, 2024."),
        Spacer(1, 6),
        signatures(),
    ]


def signatures() -> Table:
    data = [["Signature", "Title"],
            ["/s/ Dana M. Whitfield", "President and Chief Executive Officer (Principal Executive Officer)"],
            ["/s/ Rafael T. Okonkwo", "Senior Vice President and Chief Financial Officer (Principal Financial "
                                      "Officer)"],
            ["/s/ Lena K. Brandvold", "Vice President and Controller (Principal Accounting Officer)"]]
    data = [[Paragraph(esc(a), STYLES["cell"]), Paragraph(esc(b), STYLES["cell"])] for a, b in data]
    table = Table(data, colWidths=[170, PAGE_W - 2 * MARGIN - 170], hAlign="LEFT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def story(pages: dict[str, int]) -> list:
    item8 = [P("Item 8. Financial Statements and Supplementary Data", "item")]
    return (cover() + [NextPageTemplate("body"), PageBreak()]
            + contents(pages) + [PageBreak()]
            + business() + risk_factors() + properties_legal() + market() + mda() + mda_segments()
            + mda_liquidity() + [PageBreak()]
            + item8 + income_statement() + [PageBreak()]
            + balance_sheet() + [PageBreak()]
            + cash_flow_statement() + [PageBreak()]
            + notes() + closing())


def render(pages: dict[str, int]) -> tuple[bytes, dict[str, list[int]]]:
    buffer = io.BytesIO()
    doc = ReportDoc(buffer)
    doc.build(story(pages), canvasmaker=OneLineCanvas)
    return buffer.getvalue(), {k: sorted(v) for k, v in doc.marks.items()}


def build_pdf() -> dict[str, list[int]]:
    """Render twice: the first pass finds the pages for the table of contents."""
    _, anchors = render({})
    first = {k: v[0] for k, v in anchors.items()}
    data, anchors2 = render(first)
    assert anchors2 == anchors, "pages moved between passes"
    PDF_PATH.write_bytes(data)
    return anchors


# =====================================================================================================
# Questions
# =====================================================================================================

@dataclass
class Q:
    kind: str  # lookup | formula | change | prose | unanswerable | batch2-lookup | batch2-formula
    question: str
    answer: str
    key_facts: list[str]
    sources: list[str]  # anchors of the report parts holding the evidence
    operands: list[str] = field(default_factory=list)  # figures as printed there, for --check


def m(value) -> str:
    """A figure as printed in the statements (for operand checks)."""
    return fmt(value)


def d(value) -> str:
    """$1,234 million."""
    return usd(value)


def questions() -> list[Q]:
    ns, cogs, gp, oi, ni = (IS[k] for k in ("net_sales", "cost_of_sales", "gross_profit", "operating_income",
                                             "net_income"))
    c, b = CF, BS
    etr = {y: pct(IS["tax"][y], IS["pretax_income"][y]) for y in Y3}
    qs: list[Q] = []

    # -- lookups -----------------------------------------------------------------------------------------
    capex23 = -c["capex"][2023]
    qs.append(Q("lookup", "What is the FY2023 capital expenditure amount (in USD millions) for Corvane? Give a "
                          "response to the question by relying on the details shown in the cash flow statement.",
                f"{d(capex23)}: purchases of property, plant and equipment in FY2023, from the consolidated "
                f"statement of cash flows.", [d(capex23)], ["CF"], [m(c["capex"][2023])]))
    qs.append(Q("lookup", "What was Corvane's net income in fiscal 2022?",
                f"Net income in fiscal 2022 was {d(ni[2022])}.", [d(ni[2022])], ["IS", "CF"], [m(ni[2022])]))
    qs.append(Q("lookup", "What is the year end FY2024 total current liabilities for Corvane? Answer in USD "
                          "millions.",
                f"{d(b['total_current_liabilities'][2024])}: total current liabilities at June 30, 2024, from the "
                f"consolidated balance sheet.", [d(b["total_current_liabilities"][2024])], ["BS"],
                [m(b["total_current_liabilities"][2024])]))
    qs.append(Q("lookup", "What was Corvane's total revenue for the fiscal year ended June 30, 2023?",
                f"{d(ns[2023])}: net sales for the fiscal year ended June 30, 2023.", [d(ns[2023])],
                ["IS", "MDA_SALES", "SEG"], [m(ns[2023])]))
    qs.append(Q("lookup", "How much was Corvane's COGS in fiscal year 2022, in USD millions?",
                f"{d(cogs[2022])}: cost of sales for fiscal year 2022.", [d(cogs[2022])], ["IS"], [m(cogs[2022])]))
    qs.append(Q("lookup", "What was Corvane's net PP&E as of June 30, 2023? Answer in USD millions, based on the "
                          "balance sheet.",
                f"{d(b['ppe'][2023])}: property, plant and equipment, net, at June 30, 2023.", [d(b["ppe"][2023])],
                ["BS"], [m(b["ppe"][2023])]))
    qs.append(Q("lookup", "What were Corvane's diluted earnings per share for FY2024?",
                f"${IS['eps_diluted'][2024]}: diluted earnings per share for FY2024.", [f"${IS['eps_diluted'][2024]}"],
                ["IS", "MDA_NI"], [m(IS["eps_diluted"][2024])]))
    fg = INVENTORIES["Finished goods"][2024]
    qs.append(Q("lookup", "How much finished goods inventory did Corvane hold at the end of fiscal 2024?",
                f"{d(fg)} of finished goods at June 30, 2024, from the inventories note.", [d(fg)], ["N_INV"], [m(fg)]))
    af22 = SEGMENTS["Aftermarket Services"]["sales"][2022]
    qs.append(Q("lookup", "What were the net sales of Corvane's Aftermarket Services segment in fiscal year 2022?",
                f"{d(af22)}: Aftermarket Services segment net sales in fiscal year 2022.", [d(af22)], ["SEG"],
                [m(af22)]))

    # -- formulas ----------------------------------------------------------------------------------------
    inv = b["inventories"]
    turnover = half_up(Fraction(cogs[2024]) / (Fraction(inv[2024] + inv[2023], 2)), 2)
    qs.append(Q("formula", "What is Corvane's FY2024 inventory turnover ratio? Inventory turnover ratio is defined "
                           "as: (FY2024 COGS) / (average inventory between FY2023 and FY2024). Round your answer to "
                           "two decimal places.",
                f"{turnover}: FY2024 cost of sales of {d(cogs[2024])} divided by the average of inventories of "
                f"{d(inv[2024])} at June 30, 2024 and {d(inv[2023])} at June 30, 2023.", [str(turnover)],
                ["IS", "BS"], [m(cogs[2024]), m(inv[2024]), m(inv[2023])]))
    tcl = b["total_current_liabilities"]
    ocf_ratio = half_up(Fraction(c["cfo"][2024], tcl[2024]), 2)
    qs.append(Q("formula", "What is the FY2024 operating cash flow ratio for Corvane? Operating cash flow ratio is "
                           "defined as: cash from operations / total current liabilities. Round your answer to two "
                           "decimal places. Please utilize information provided primarily within the cash flow "
                           "statement and the balance sheet.",
                f"{ocf_ratio}: net cash provided by operating activities of {d(c['cfo'][2024])} divided by total "
                f"current liabilities of {d(tcl[2024])} at June 30, 2024.", [str(ocf_ratio)], ["CF", "BS"],
                [m(c["cfo"][2024]), m(tcl[2024])]))
    gm22 = pct(gp[2022], ns[2022])
    qs.append(Q("formula", "What was Corvane's gross margin in fiscal 2022 (gross profit divided by net sales), in "
                           "percent rounded to one decimal place?",
                f"{gm22}%: gross profit of {d(gp[2022])} divided by net sales of {d(ns[2022])} in fiscal 2022.",
                [f"{gm22}%"], ["IS"], [m(gp[2022]), m(ns[2022])]))
    ta = b["total_assets"]
    roa = half_up(Fraction(ni[2024]) * 100 / Fraction(ta[2024] + ta[2023], 2), 1)
    qs.append(Q("formula", "What is Corvane's FY2024 return on assets (ROA)? ROA is defined as: FY2024 net income / "
                           "(average total assets between FY2023 and FY2024). Round your answer to one decimal "
                           "place, in percent.",
                f"{roa}%: FY2024 net income of {d(ni[2024])} divided by the average of total assets of "
                f"{d(ta[2024])} at June 30, 2024 and {d(ta[2023])} at June 30, 2023.", [f"{roa}%"], ["IS", "BS"],
                [m(ni[2024]), m(ta[2024]), m(ta[2023])]))
    tca = b["total_current_assets"]
    cr23 = half_up(Fraction(tca[2023], tcl[2023]), 2)
    qs.append(Q("formula", "Calculate Corvane's current ratio as of June 30, 2023 (total current assets divided by "
                           "total current liabilities), rounded to two decimal places.",
                f"{cr23}: total current assets of {d(tca[2023])} divided by total current liabilities of "
                f"{d(tcl[2023])} at June 30, 2023.", [str(cr23)], ["BS"], [m(tca[2023]), m(tcl[2023])]))
    capex_pct = pct(-c["capex"][2022], ns[2022])
    qs.append(Q("formula", "What was Corvane's capital expenditure as a percentage of revenue in FY2022? Use "
                           "purchases of property, plant and equipment from the cash flow statement and net sales "
                           "from the income statement, and round to one decimal place.",
                f"{capex_pct}%: FY2022 purchases of property, plant and equipment of {d(-c['capex'][2022])} divided "
                f"by FY2022 net sales of {d(ns[2022])}.", [f"{capex_pct}%"], ["CF", "IS"],
                [m(c["capex"][2022]), m(ns[2022])]))
    ar = b["receivables"]
    dso = half_up(Fraction(365 * ar[2024], ns[2024]), 1)
    qs.append(Q("formula", "What were Corvane's days sales outstanding for fiscal 2024? Define days sales "
                           "outstanding as 365 * accounts receivable at the end of the year / net sales for the year, "
                           "and round to one decimal place.",
                f"{dso} days: accounts receivable of {d(ar[2024])} at June 30, 2024 times 365, divided by fiscal "
                f"2024 net sales of {d(ns[2024])}.", [f"{dso}"], ["BS", "IS"], [m(ar[2024]), m(ns[2024])]))
    om23 = pct(oi[2023], ns[2023])
    qs.append(Q("formula", "What was Corvane's operating margin for the year ended June 30, 2023? Operating margin "
                           "is operating income divided by net sales; answer in percent with one decimal.",
                f"{om23}%: operating income of {d(oi[2023])} divided by net sales of {d(ns[2023])} for the year "
                f"ended June 30, 2023.", [f"{om23}%"], ["IS", "SEG"], [m(oi[2023]), m(ns[2023])]))
    total_debt = b["debt_current"][2024] + b["long_term_debt"][2024]
    dte = half_up(Fraction(total_debt, b["total_equity"][2024]), 2)
    qs.append(Q("formula", "What is Corvane's debt-to-equity ratio at the end of FY2024? Define it as (current "
                           "portion of long-term debt + long-term debt, less current portion) / total stockholders' "
                           "equity, using the balance sheet. Round to two decimal places.",
                f"{dte}: current portion of long-term debt of {d(b['debt_current'][2024])} plus long-term debt of "
                f"{d(b['long_term_debt'][2024])}, divided by total stockholders' equity of "
                f"{d(b['total_equity'][2024])} at June 30, 2024.", [str(dte)], ["BS"],
                [m(b["debt_current"][2024]), m(b["long_term_debt"][2024]), m(b["total_equity"][2024])]))
    fcf23 = c["cfo"][2023] + c["capex"][2023]
    qs.append(Q("formula", "What was Corvane's free cash flow in fiscal 2023, defined as net cash provided by "
                           "operating activities minus capital expenditures? Answer in USD millions.",
                f"{d(fcf23)}: net cash provided by operating activities of {d(c['cfo'][2023])} minus purchases of "
                f"property, plant and equipment of {d(-c['capex'][2023])} in fiscal 2023.", [d(fcf23)],
                ["CF"], [m(c["cfo"][2023]), m(c["capex"][2023])]))
    ebitda = oi[2024] + c["depreciation"][2024] + c["amortization"][2024]
    qs.append(Q("formula", "What is Corvane's FY2024 EBITDA, calculated as unadjusted operating income plus "
                           "depreciation and amortization (D&A taken from the cash flow statement)? Answer in USD "
                           "millions.",
                f"{d(ebitda)}: FY2024 operating income of {d(oi[2024])} plus depreciation of "
                f"{d(c['depreciation'][2024])} plus amortization of intangible assets of "
                f"{d(c['amortization'][2024])}.", [d(ebitda)], ["IS", "CF"],
                [m(oi[2024]), m(c["depreciation"][2024]), m(c["amortization"][2024])]))
    margins = {name: pct(seg["op_income"][2024], seg["sales"][2024]) for name, seg in SEGMENTS.items()}
    best = max(margins, key=margins.get)
    seg = SEGMENTS[best]
    qs.append(Q("formula", "Which of Corvane's segments had the highest segment operating margin (segment operating "
                           "income divided by segment net sales) in fiscal 2024, and what was that margin?",
                f"{best}, with {margins[best]}%: segment operating income of {d(seg['op_income'][2024])} divided by "
                f"segment net sales of {d(seg['sales'][2024])}.",
                [best, f"{margins[best]}%"], ["SEG"],
                [m(seg["op_income"][2024]), m(seg["sales"][2024])]
                + [m(s[k][2024]) for s in SEGMENTS.values() for k in ("sales", "op_income")]))

    # -- changes -----------------------------------------------------------------------------------------
    g = pct(ns[2024] - ns[2023], ns[2023])
    qs.append(Q("change", "What is the year-over-year change in Corvane's net sales from FY2023 to FY2024 (in units "
                          "of percents, rounded to one decimal place)?",
                f"{g}%: net sales rose from {d(ns[2023])} in FY2023 to {d(ns[2024])} in FY2024.", [f"{g}%"],
                ["IS", "MDA_SALES", "SEG"], [m(ns[2024]), m(ns[2023])]))
    doi = oi[2023] - oi[2022]
    assert doi < 0
    qs.append(Q("change", "By how much did Corvane's operating income change between fiscal 2022 and fiscal 2023, "
                          "in USD millions?",
                f"It decreased by {d(-doi)}, from {d(oi[2022])} in fiscal 2022 to {d(oi[2023])} in fiscal 2023.",
                [d(-doi)], ["IS", "SEG"], [m(oi[2022]), m(oi[2023])]))
    g2 = pct(ns[2024] - ns[2022], ns[2022])
    qs.append(Q("change", "What is the FY2022 - FY2024 growth in Corvane's net sales, as a total percentage change "
                          "(not annualized), rounded to one decimal place?",
                f"{g2}%: net sales grew from {d(ns[2022])} in FY2022 to {d(ns[2024])} in FY2024.", [f"{g2}%"],
                ["IS", "SEG"], [m(ns[2022]), m(ns[2024])]))
    dinv = inv[2024] - inv[2023]
    qs.append(Q("change", "How much did Corvane's inventories increase from June 30, 2023 to June 30, 2024, in USD "
                          "millions?",
                f"{d(dinv)}: inventories rose from {d(inv[2023])} at June 30, 2023 to {d(inv[2024])} at June 30, "
                f"2024.", [d(dinv)], ["BS", "N_INV"], [m(inv[2023]), m(inv[2024])]))
    eps = IS["eps_diluted"]
    cagr = half_up((Fraction(eps[2024]) / Fraction(eps[2022])) ** 0.5 * 100 - 100, 1)
    qs.append(Q("change", "What is the two-year compound annual growth rate (CAGR) of Corvane's diluted earnings per "
                          "share from FY2022 to FY2024? Round to one decimal place, in percent.",
                f"{cagr}%: diluted EPS grew from ${eps[2022]} in FY2022 to ${eps[2024]} in FY2024, "
                f"compounded over two years.", [f"{cagr}%"], ["IS"], [m(eps[2022]), m(eps[2024])]))

    # -- prose ---------------------------------------------------------------------------------------------
    qs.append(Q("prose", "What was Corvane's effective income tax rate in fiscal 2024?",
                f"The effective income tax rate was {etr[2024]}% in fiscal 2024.", [f"{etr[2024]}%"],
                ["MDA_TAX", "N_TAX"], [f"{etr[2024]}%"]))
    revolver = DEBT[0][3][2024]
    qs.append(Q("prose", "How large is Corvane's revolving credit facility, and how much was drawn on it at June 30, "
                         "2024?",
                f"It is a {FACTS['revolver_size']} facility, of which {d(revolver)} was outstanding at June 30, "
                f"2024.", [FACTS["revolver_size"], d(revolver)],
                ["LIQ_REV", "N_DEBT"], [FACTS["revolver_size"], m(revolver)]))
    qs.append(Q("prose", "How many employees did Corvane have at the end of fiscal 2024?",
                f"Approximately {FACTS['employees']} employees at June 30, 2024.", [FACTS["employees"]], ["BUS"],
                [FACTS["employees"]]))
    low, high = FACTS["capex_outlook"]
    qs.append(Q("prose", "How much does Corvane expect to spend on capital expenditures in fiscal 2025?",
                f"Between ${low} million and ${high} million, according to the liquidity discussion in MD&A.",
                [f"${low}", f"${high} million"], ["LIQ_CAPEX"], [f"${low}", f"${high} million"]))

    # -- unanswerable ---------------------------------------------------------------------------------------
    for text in ("What net sales guidance did Corvane give for fiscal 2025?",
                 "How much total compensation did Corvane's chief executive officer receive in fiscal 2024?",
                 "What were Corvane's net sales in fiscal 2021?",
                 "What was Corvane's order backlog at June 30, 2024?"):
        qs.append(Q("unanswerable", text, "The report does not say.", [], []))

    # -- second batch (written 2026-12-01, without sight of the answering code) ------------------------------
    # batch2-lookup: one statement line named by an analyst's term or acronym (capex, cash from operations,
    # net AR, LTD), one of them asked in USD billions. batch2-formula: FinanceBench-style 3 year averages of
    # yearly ratios, a "% margin", and figures built on a measure the question defines in a sentence of its own.
    capex24 = -c["capex"][2024]
    qs.append(Q("batch2-lookup", "What was Corvane's capex in fiscal 2024? Answer in USD millions.",
                f"{d(capex24)}: purchases of property, plant and equipment in fiscal 2024, from the consolidated "
                f"statement of cash flows; the capital expenditures paragraph of MD&A gives the same amount.", [d(capex24)],
                ["CF", "LIQ_CAPEX"], [m(c["capex"][2024])]))
    cfo22 = c["cfo"][2022]
    qs.append(Q("batch2-lookup", "How much cash from operations did Corvane generate in FY2022? Answer in USD "
                                 "millions, using the cash flow statement.",
                f"{d(cfo22)}: net cash provided by operating activities in FY2022.", [d(cfo22)], ["CF"], [m(cfo22)]))
    ar23 = b["receivables"][2023]
    qs.append(Q("batch2-lookup", "What is Corvane's net AR at year end FY2023? Answer in USD millions.",
                f"{d(ar23)}: accounts receivable, less allowance for credit losses, at June 30, 2023, from the "
                f"consolidated balance sheet.", [d(ar23)], ["BS"], [m(ar23)]))
    # in billions: long-term debt ($1.40 billion); net PP&E would give $1.12 billion, which the report also prints
    # as fiscal 2024 dividends declared per share, and ar-06 already asks for net PP&E
    ltd24 = b["long_term_debt"][2024]
    ltd24_bn = half_up(Fraction(ltd24, 1000), 2)
    qs.append(Q("batch2-lookup", "What was Corvane's LTD, excluding current maturities, as of June 30, 2024? "
                                 "Answer in USD billions.",
                f"${ltd24_bn} billion: long-term debt, less current portion, of {d(ltd24)} at June 30, 2024, from "
                f"the consolidated balance sheet and the debt note.", [f"${ltd24_bn} billion"], ["BS", "N_DEBT"],
                [m(ltd24)]))

    def avg_pct(num: dict, den: dict) -> Decimal:
        """The mean of the three yearly ratios num/den, in percent (exact, rounded once at the end)."""
        return half_up(sum(Fraction(num[y]) * 100 / Fraction(den[y]) for y in Y3) / 3, 1)

    def over(num: dict, den: dict, tag: str, sign: int = 1) -> str:
        """'$162 million of $3,611 million in FY2022, ... and ... in FY2024' (oldest first)."""
        parts = [f"{d(sign * num[y])} of {d(den[y])} in {tag}{y}" for y in sorted(Y3)]
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    capex_avg = avg_pct(neg(c["capex"]), ns)
    qs.append(Q("batch2-formula", "What is the FY2022 - FY2024 3 year average of capex as a % of revenue for "
                                  "Corvane? Answer in units of percents and round to one decimal place. Calculate "
                                  "the answer from the income statement and the cash flow statement.",
                f"{capex_avg}%: the average of the three yearly ratios of purchases of property, plant and "
                f"equipment to net sales: {over(c['capex'], ns, 'FY', -1)}.", [f"{capex_avg}%"], ["CF", "IS"],
                [m(c["capex"][y]) for y in Y3] + [m(ns[y]) for y in Y3]))
    npm_avg = avg_pct(ni, ns)
    qs.append(Q("batch2-formula", "What is Corvane's 3 year average net profit margin (as a %) over FY2022 - "
                                  "FY2024? Round to one decimal place. Address the question by using the line "
                                  "items shown within the income statement.",
                f"{npm_avg}%: the average of the three yearly ratios of net income to net sales: "
                f"{over(ni, ns, 'FY')}.", [f"{npm_avg}%"], ["IS"],
                [m(ni[y]) for y in Y3] + [m(ns[y]) for y in Y3]))
    sga_avg = avg_pct(IS["sga"], ns)
    qs.append(Q("batch2-formula", "Across fiscal 2022 through fiscal 2024, what was Corvane's average SG&A expense "
                                  "as a percentage of net sales? Take the mean of the three annual percentages and "
                                  "round it to one decimal place.",
                f"{sga_avg}%: the average of the three yearly ratios of selling, general and administrative "
                f"expenses to net sales: {over(IS['sga'], ns, 'fiscal ')}.", [f"{sga_avg}%"], ["IS"],
                [m(IS["sga"][y]) for y in Y3] + [m(ns[y]) for y in Y3]))
    # FY2022, not FY2023 or FY2024: MD&A (p. 6, no Mark of its own) restates cost of sales and net sales for those
    # two years, and their ratios (69.851%, 68.651%) sit next to a rounding boundary; FY2022's is 68.901%.
    cogs_pct = pct(cogs[2022], ns[2022])
    qs.append(Q("batch2-formula", "What is the FY2022 COGS % margin for Corvane? Calculate what was asked by "
                                  "utilizing the line items clearly shown in the income statement, and round to one "
                                  "decimal place.",
                f"{cogs_pct}%: cost of sales of {d(cogs[2022])} divided by net sales of {d(ns[2022])} in FY2022.",
                [f"{cogs_pct}%"], ["IS"], [m(cogs[2022]), m(ns[2022])]))
    ebitda23 = oi[2023] + c["depreciation"][2023] + c["amortization"][2023]
    ebitda_less_capex = ebitda23 + c["capex"][2023]
    qs.append(Q("batch2-formula", "What is Corvane's FY2023 unadjusted EBITDA less capex? Define unadjusted EBITDA "
                                  "as unadjusted operating income + depreciation and amortization from the cash "
                                  "flow statement, where depreciation and amortization is the Depreciation row plus "
                                  "the Amortization of intangible assets row. Answer in USD millions.",
                f"{d(ebitda_less_capex)}: FY2023 operating income of {d(oi[2023])} plus depreciation of "
                f"{d(c['depreciation'][2023])} plus amortization of intangible assets of "
                f"{d(c['amortization'][2023])}, less purchases of property, plant and equipment of "
                f"{d(-c['capex'][2023])}.", [d(ebitda_less_capex)], ["IS", "CF"],
                [m(oi[2023]), m(c["depreciation"][2023]), m(c["amortization"][2023]), m(c["capex"][2023])]))
    net_debt = b["debt_current"][2023] + b["long_term_debt"][2023] - b["cash"][2023]
    qs.append(Q("batch2-formula", "What was Corvane's net debt at the end of FY2023? Define total debt as the sum "
                                  "of the two debt lines of the balance sheet, current portion of long-term debt "
                                  "and long-term debt, less current portion; net debt is total debt minus cash and "
                                  "cash equivalents. Answer in USD millions.",
                f"{d(net_debt)}: current portion of long-term debt of {d(b['debt_current'][2023])} plus long-term "
                f"debt of {d(b['long_term_debt'][2023])}, minus cash and cash equivalents of "
                f"{d(b['cash'][2023])} at June 30, 2023.", [d(net_debt)], ["BS"],
                [m(b["debt_current"][2023]), m(b["long_term_debt"][2023]), m(b["cash"][2023])]))
    return qs


def write_questions(anchors: dict[str, list[int]]) -> list[dict]:
    rows = []
    for n, q in enumerate(questions(), start=1):
        pages = sorted({p for s in q.sources for p in anchors[s]})
        rows.append({"id": f"ar-{n:02d}", "question": q.question, "answer": q.answer, "file": PDF_PATH.name,
                     "pages": pages, "answerable": q.kind != "unanswerable", "key_facts": q.key_facts,
                     "kind": q.kind})
    with open(QA_PATH, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


# =====================================================================================================
# Check
# =====================================================================================================

def check(rows: list[dict]) -> bool:
    """Every operand of every answerable question printed on one of its gold pages."""
    from pypdf import PdfReader

    texts = [page.extract_text() or "" for page in PdfReader(PDF_PATH).pages]

    def on(page_text: str, figure: str) -> bool:
        return re.search(rf"(?<![\w.,]){re.escape(figure)}(?![\w]|[.,]\d)", page_text) is not None

    ok = True
    print(f"{'id':6} {'kind':14} {'pages':10} operands: figure@gold pages it is printed on (also: other pages)")
    for row, q in zip(rows, questions()):
        if not row["answerable"]:
            continue
        parts = []
        for figure in q.operands:
            hits = [i + 1 for i, t in enumerate(texts) if on(t, figure)]
            gold = [p for p in hits if p in row["pages"]]
            if not gold:
                ok = False
            others = sorted(set(hits) - set(row["pages"]))
            extra = f" (also {','.join(map(str, others))})" if others else ""
            parts.append(f"{figure}@{','.join(map(str, gold)) or 'MISSING'}{extra}")
        whole = [i + 1 for i, t in enumerate(texts)
                 if i + 1 not in row["pages"] and q.operands and all(on(t, f) for f in q.operands)]
        if whole:
            parts.append(f"-- ALL operands also on non-gold page(s) {whole}")
        print(f"{row['id']:6} {row['kind']:14} {str(row['pages']):10} {'  '.join(parts)}")
    print("all operands on their gold pages" if ok else "SOME OPERANDS MISSING")
    return ok


def main(argv: list[str]) -> int:
    anchors = build_pdf()
    rows = write_questions(anchors)
    print(f"wrote {PDF_PATH} ({max(max(v) for v in anchors.values())} pages) and {QA_PATH} ({len(rows)} questions)")
    print("pages: " + ", ".join(f"{k} {'-'.join(map(str, sorted({v[0], v[-1]})))}" for k, v in anchors.items()))
    if "--check" in argv:
        return 0 if check(rows) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
