"""Peak memory of `rag ingest`: one long PDF, and folders of 5 vs 20 files (memory must not grow with files).

Usage: python bench/memory.py [--out bench/memory_results.json]
Each case runs `rag ingest` in a fresh process into a fresh index. Memory is sampled from /proc every
50 ms over the whole process tree (`rag` and its PDF reader process): the peak of their summed RSS is
what the machine must hold. Each process's own peak (VmHWM) is reported too. Needs
../shared/datasets; exits with a message without it.
"""
from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
LONG_PDF = DATA / "pdf-zoo" / "unstructured-example-docs" / "example-docs" / "pdf" / "DA-619p.pdf"
SEC = DATA / "docugami-sec10q" / "pdfs"


def peak_rss(paths: list[Path], extra: list[str]) -> dict:
    index = tempfile.mkdtemp(prefix="rag-mem-")
    files = Path(tempfile.mkdtemp(prefix="rag-mem-files-"))
    for p in paths:  # a folder holding exactly these files
        (files / p.name).symlink_to(p)
    cmd = [sys.executable, "-m", "rag", "--index", index, *extra, "ingest", str(files), "--json"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_sum, peak_each = 0, {}
    while proc.poll() is None:
        tree = _tree(proc.pid)
        rss = {pid: _status_kb(pid, "VmRSS") for pid in tree}
        peak_sum = max(peak_sum, sum(rss.values()))
        for pid in tree:
            peak_each[pid] = max(peak_each.get(pid, 0), _status_kb(pid, "VmHWM"))
        time.sleep(0.05)
    out, _ = proc.communicate()
    seconds = time.perf_counter() - started
    summary = json.loads(out)
    shutil.rmtree(index), shutil.rmtree(files)
    done = [f for f in summary["files"] if f["status"] == "added"]
    return {"files": len(paths), "pages": sum(f["pages"] for f in done), "chunks": sum(f["chunks"] for f in done),
            "failed": summary["counts"]["failed"], "seconds": round(seconds, 1), "peak_rss_mb": round(peak_sum / 1024),
            "peak_rss_per_process_mb": sorted((round(kb / 1024) for kb in peak_each.values()), reverse=True)}


def _tree(root: int) -> list[int]:
    """root and its descendants, from /proc/*/stat parent ids."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree += frontier
    return tree


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "bench" / "memory_results.json"))
    ap.add_argument("--set", dest="overrides", action="append", default=[], help="passed to rag --set")
    args = ap.parse_args()
    if not LONG_PDF.exists() or not SEC.is_dir():
        sys.exit(f"bench/memory.py: needs {DATA} (the shared datasets); not found")
    extra = [x for o in args.overrides for x in ("--set", o)]
    sec = sorted(SEC.glob("*.pdf"))
    cases = {"long_pdf_619p": peak_rss([LONG_PDF], extra),
             "sec_5_files": peak_rss(sec[:5], extra),
             "sec_20_files": peak_rss(sec, extra)}
    result = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": platform.platform(),
              "cases": cases}
    Path(args.out).write_text(json.dumps(result, indent=2))
    print("| case | files | pages | chunks | seconds | peak RSS, all processes (MB) | each process's peak (MB) |\n"
          "|---|---|---|---|---|---|---|")
    for name, c in cases.items():
        print(f"| {name} | {c['files']} | {c['pages']} | {c['chunks']} | {c['seconds']} | {c['peak_rss_mb']} | {c['peak_rss_per_process_mb']} |")


if __name__ == "__main__":
    main()
