"""Peak memory of `rag ingest`: one long PDF, and folders of 5 vs 20 files (memory must not grow with files).

Usage: python bench/memory.py [--out bench/memory_results.json]
Each case runs `rag ingest` in a fresh process under GNU time (`/usr/bin/time -f %M`, peak RSS in KB)
into a fresh index. Needs ../shared/datasets; exits with a message without it.
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
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "rag", "--index", index, *extra,
           "ingest", str(files), "--json"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    summary = json.loads(proc.stdout)
    shutil.rmtree(index), shutil.rmtree(files)
    done = [f for f in summary["files"] if f["status"] == "added"]
    return {"files": len(paths), "pages": sum(f["pages"] for f in done), "chunks": sum(f["chunks"] for f in done),
            "failed": summary["counts"]["failed"], "seconds": round(seconds, 1), "peak_rss_mb": round(peak_kb / 1024)}


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
    print("| case | files | pages | chunks | seconds | peak RSS (MB) |\n|---|---|---|---|---|---|")
    for name, c in cases.items():
        print(f"| {name} | {c['files']} | {c['pages']} | {c['chunks']} | {c['seconds']} | {c['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
