"""The report in a real headless browser: the page renders its charts (SVG with a size after layout), its
tables and its filter script, and the screenshot is not blank. Skipped when no Chromium is installed
(Debian: apt-get install chromium; .ci/run installs it when it can)."""
import re
import shutil
import subprocess

import pytest

from rag.evaluate.report import write_reports
from rag.evaluate.run import MODES, evaluate
from rag.evaluate.summary import write_run
from rag.fakes import FakeEmbedder
from tests.test_evaluate_run import QUESTIONS, handbook  # noqa: F401  (a fixture)

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def _browser() -> str:
    found = next((path for path in map(shutil.which, BROWSERS) if path), None)
    if not found:
        pytest.skip("no headless browser installed (Debian: apt-get install chromium)")
    return found


def _headless(browser: str, tmp_path, *args: str) -> str:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={tmp_path / 'profile'}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def report(cfg, handbook, tmp_path):  # noqa: F811
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    results, rows = evaluate("handbook_qa.jsonl", QUESTIONS, list(MODES.values()), cfg, FakeEmbedder(), handbook,
                             model="fake", adapter=str(adapter))
    write_run(tmp_path / "run", results, rows)
    write_reports(tmp_path / "run", results, rows)
    return tmp_path / "run" / "report.html"


def test_report_renders_charts_and_tables_in_a_browser(report, tmp_path):
    browser = _browser()
    dom = _headless(browser, tmp_path, "--dump-dom", report.as_uri())
    sizes = re.search(r'data-charts="([^"]*)"', dom)  # written by the page's script after layout
    assert sizes, "the page's script did not run"
    charts = [tuple(map(int, s.split("x"))) for s in sizes.group(1).split()]
    assert len(charts) == 3 and all(w > 200 and h > 100 for w, h in charts), charts
    assert "3 of 3 questions shown" in dom  # the filter ran over the answers table
    assert dom.count('<table class="metrics">') == 4 and '<table id="answers">' in dom
    assert dom.count('data-correct="correct"') == 8 and dom.count('data-correct="wrong"') == 4

    shot = tmp_path / "report.png"
    _headless(browser, tmp_path, f"--screenshot={shot}", "--window-size=1200,2000", report.as_uri())
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 2000)
    colors = image.getcolors(maxcolors=1 << 20)
    white = max(colors)[0]  # the background's pixel count
    assert len(colors) > 50 and white < 0.95 * 1200 * 2000  # text, tables and coloured bars, not a blank page
    bars = sum(n for n, rgb in colors if rgb in ((0x4c, 0x72, 0xb0), (0xdd, 0x84, 0x52)))
    assert bars > 500  # the charts' bars are painted in the screenshot
