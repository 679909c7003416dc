"""report.html: one self-contained file (inline SVG charts from matplotlib, inline CSS and a small
script; no external JS, CSS or fonts). The verdict first, then charts, a table per mode, costs, paired
tests, and every question's answers side by side with the gold answer and the cited pages, filterable
by text, by mode and by correct/wrong."""
from __future__ import annotations

import html
import io
import re

from rag.evaluate.report import (cost_rows, metric_cell, pages_text, settings_line, tests_rows, verdict)
from rag.evaluate.summary import HITS, METRICS

ANSWER_METRICS = ("correct", "f1", "numeric", "headline", "facts", "semantic", "choice", "grounded", "cited_gold")
COLORS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3")


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})  # same run, same bytes
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and doctype: the SVG sits inside HTML


def _figure(width: float = 7.0, height: float = 3.2):
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, nothing global changed

    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


def answers_chart(results: dict) -> str | None:
    """Grouped bars: each answer metric per mode, with its 95% interval."""
    modes = list(results["modes"])
    keys = [k for k in ANSWER_METRICS if any(k in results["modes"][m]["metrics"] for m in modes)]
    if not keys:
        return None
    fig, ax = _figure()
    width = 0.8 / len(modes)
    for i, mode in enumerate(modes):
        table = results["modes"][mode]["metrics"]
        means = [table[k]["mean"] if k in table else 0.0 for k in keys]
        low = [table[k]["mean"] - table[k]["ci"][0] if k in table else 0.0 for k in keys]
        high = [table[k]["ci"][1] - table[k]["mean"] if k in table else 0.0 for k in keys]
        xs = [j + (i - (len(modes) - 1) / 2) * width for j in range(len(keys))]
        ax.bar(xs, means, width, yerr=[low, high], capsize=2, label=mode, color=COLORS[i % len(COLORS)])
    ax.set_xticks(range(len(keys)), [k.replace("_", " ") for k in keys], fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("mean (95% CI)")
    ax.set_title("Answers by mode")
    ax.legend(fontsize=8, ncols=len(modes), loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    return _svg(fig)


def retrieval_chart(results: dict) -> str | None:
    """hit@k by page and by file (retrieval is the same for every mode that retrieves)."""
    mode = next((m for m, v in results["modes"].items() if "page_hit@1" in v["metrics"] or "file_hit@1" in v["metrics"]),
                None)
    if mode is None:
        return None
    table = results["modes"][mode]["metrics"]
    fig, ax = _figure(5.0, 3.2)
    for level, color in (("page", COLORS[0]), ("file", COLORS[1])):
        if f"{level}_hit@1" in table:
            ax.plot(HITS, [table[f"{level}_hit@{k}"]["mean"] for k in HITS], marker="o", color=color,
                    label=f"{level} (MRR {table[f'{level}_mrr']['mean']:.2f})")
    ax.set_xticks(HITS)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("passages retrieved (k)")
    ax.set_ylabel("hit@k")
    ax.set_title("Retrieval: gold page / file among the top k")
    ax.legend(fontsize=8)
    return _svg(fig)


def cost_chart(results: dict) -> str:
    modes = list(results["modes"])
    fig, ax = _figure(5.0, 3.2)
    p50 = [results["modes"][m]["cost"]["latency_p50"] or 0 for m in modes]
    p95 = [results["modes"][m]["cost"]["latency_p95"] or 0 for m in modes]
    xs = range(len(modes))
    ax.bar([x - 0.2 for x in xs], p50, 0.4, label="p50", color=COLORS[0])
    ax.bar([x + 0.2 for x in xs], p95, 0.4, label="p95", color=COLORS[1])
    ax.set_xticks(list(xs), modes)
    ax.set_ylabel("seconds per answer")
    ax.set_title("Latency")
    ax.legend(fontsize=8)
    return _svg(fig)


def _table(head: list[str], rows: list[list[str]], cls: str = "") -> str:
    e = html.escape
    out = [f'<table class="{cls}"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    out += ["<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>" for r in rows]
    return "\n".join(out) + "</tbody></table>"


def mode_tables(results: dict) -> str:
    """A table per mode: metric, mean [95% CI], questions scored."""
    parts = []
    for mode, data in results["modes"].items():
        rows = [[label, metric_cell(data["metrics"][key], share=key != "semantic")]
                for key, label, _ in METRICS if key in data["metrics"]]
        parts.append(f'<div class="mode"><h3>{html.escape(mode)}</h3>'
                     + _table(["metric", "mean [95% CI] (n)"], rows, "metrics") + "</div>")
    return '<div class="modes">' + "\n".join(parts) + "</div>"


def answers_table(results: dict, rows: list[dict]) -> str:
    e = html.escape
    modes = list(results["modes"])
    by_q: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_q.setdefault(r["id"], {})[r["mode"]] = r
    head = "".join(f'<th data-mode="{e(m)}">{e(m)}</th>' for m in modes)
    body = []
    for answers in by_q.values():
        first = next(iter(answers.values()))
        gold = e(first["gold"]) or "<em>(unanswerable)</em>"
        pages = ", ".join(map(str, first["gold_pages"])) or "—"
        cells = []
        for m in modes:
            a = answers.get(m)
            if a is None:
                cells.append(f'<td data-mode="{e(m)}" data-correct="none"></td>')
                continue
            state = "correct" if a["correct"] else "wrong"
            cells.append(f'<td data-mode="{e(m)}" data-correct="{state}" class="{state}">'
                         f'<span class="mark">{"✓" if a["correct"] else "✗"}</span> {e(a["answer"])}'
                         f'<div class="cited">{e(pages_text(a["cited"]))} · {a["seconds"]:.1f} s</div></td>')
        body.append(f'<tr><td>{e(first["question"])}</td><td>{gold}<div class="cited">pages {e(pages)}</div></td>'
                    + "".join(cells) + "</tr>")
    toggles = "".join(f'<label><input type="checkbox" data-mode-toggle value="{e(m)}" checked> {e(m)}</label>'
                      for m in modes)
    return (f'<div class="controls"><input id="filter" type="search" placeholder="filter questions and answers">'
            f' {toggles} <label><input type="checkbox" data-state value="correct" checked> correct</label>'
            f' <label><input type="checkbox" data-state value="wrong" checked> wrong</label>'
            f' <span id="count"></span></div>'
            f'<table id="answers"><thead><tr><th>question</th><th>gold</th>{head}</tr></thead><tbody>'
            + "\n".join(body) + "</tbody></table>")


STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1400px;padding:0 1em;color:#222}
.verdict{font-size:16px;background:#f3f6fb;border-left:4px solid #4c72b0;padding:.8em 1em}
.settings{color:#666;font-size:12px}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f5f5f5}.charts{display:flex;flex-wrap:wrap;gap:1em}.chart{margin:0}.chart svg{max-width:100%;height:auto}
.modes{display:flex;flex-wrap:wrap;gap:1.5em}.correct .mark{color:#2a7d2a}.wrong .mark{color:#b22}
.cited{color:#777;font-size:12px}#answers td{max-width:380px}.controls{position:sticky;top:0;background:#fff;padding:.5em 0}
.controls label{margin-left:.8em}[hidden]{display:none!important}
"""

SCRIPT = """
(function(){
  var filter=document.getElementById('filter'),rows=document.querySelectorAll('#answers tbody tr');
  var modes=[].slice.call(document.querySelectorAll('input[data-mode-toggle]'));
  var states=[].slice.call(document.querySelectorAll('input[data-state]'));
  function apply(){
    var text=filter.value.toLowerCase(),shown={},wanted={},visible=0;
    modes.forEach(function(b){shown[b.value]=b.checked;});
    states.forEach(function(b){wanted[b.value]=b.checked;});
    document.querySelectorAll('#answers [data-mode]').forEach(function(c){c.hidden=!shown[c.dataset.mode];});
    rows.forEach(function(r){
      var cells=[].slice.call(r.querySelectorAll('td[data-mode]')).filter(function(c){return shown[c.dataset.mode];});
      var ok=cells.some(function(c){return wanted[c.dataset.correct];});
      r.hidden=!(ok&&(!text||r.textContent.toLowerCase().indexOf(text)>=0));
      if(!r.hidden)visible++;
    });
    document.getElementById('count').textContent=visible+' of '+rows.length+' questions shown';
  }
  filter.addEventListener('input',apply);
  modes.concat(states).forEach(function(b){b.addEventListener('change',apply);});
  apply();
  document.body.dataset.charts=[].slice.call(document.querySelectorAll('.chart svg')).map(function(s){
    var b=s.getBoundingClientRect();return Math.round(b.width)+'x'+Math.round(b.height);}).join(' ');
})();
"""


def render_html(results: dict, rows: list[dict]) -> str:
    e = html.escape
    name = results["settings"]["name"]
    charts = [(svg, caption) for svg, caption in (
        (answers_chart(results), "Answer metrics per mode; whiskers: bootstrap 95% intervals."),
        (retrieval_chart(results), "Share of questions whose gold page (file) is among the first k passages."),
        (cost_chart(results), "Seconds per answer, median and 95th percentile.")) if svg]
    modes = list(results["modes"])
    verdict_html = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", e(verdict(results)))
    skipped = "".join(f"<li>{e(s['id'])}: {e(s['question'])} ({e(', '.join(s['files']))})</li>"
                      for s in results.get("skipped", []))
    return "\n".join([
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f'<meta name="viewport" content="width=device-width"><title>rag eval: {e(name)}</title><style>{STYLE}</style>',
        f'</head><body><h1>Evaluation: {e(name)}</h1><p class="verdict">{verdict_html}</p>',
        f'<p class="settings">{e(settings_line(results))}</p>',
        '<section class="charts">' + "".join(f'<figure class="chart">{svg}<figcaption>{e(c)}</figcaption></figure>'
                                             for svg, c in charts) + "</section>",
        "<h2>Metrics per mode</h2>", mode_tables(results),
        "<h2>Cost</h2>", _table(["", *modes], [[label, *cells] for label, cells in cost_rows(results)], "cost"),
        "<h2>Paired tests</h2><p>Same questions under two modes: difference of means with a paired bootstrap 95% "
        "interval, p from a two-sided sign-flip permutation test (significant below 0.05).</p>",
        _table(["metric", "modes", "n", "difference", "95% CI", "p", ""], tests_rows(results), "tests"),
        f"<h2>Skipped</h2><p>Documents not in the index:</p><ul>{skipped}</ul>" if skipped else "",
        "<h2>Answers</h2>", answers_table(results, rows),
        f"<script>{SCRIPT}</script></body></html>",
    ])
