"""How many prompt tokens the passages cost, and how many would remain if, where the calculator works the figure out,
only the passages its operands come from (and the top one) were shown: a lever for time per answer on a CPU, where
prefill is most of it (bench/RESULTS.md, forty-eighth session). No model runs; the default model's tokenizer counts.

Usage:
  python bench/prompt_tokens.py --index IDX QUESTIONS.jsonl

Per question: its id, the user message's tokens with every passage gathered (before the prompt is fitted to the
window), the tokens with the calculation's passages only (the same where nothing is worked out), whether the
calculator worked the figure out; then the totals. Questions declined before the model are left out.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("questions")
    args = parser.parse_args()

    from transformers import AutoTokenizer

    import rag.prompt as prompt
    from rag.answer import gather
    from rag.build import embedder_from
    from rag.calculate import passages_of
    from rag.config import load_config
    from rag.guard import words_related
    from rag.index import Index
    from rag.models import resolve_llm
    from rag.periods import spelled_dates

    tokenizer = AutoTokenizer.from_pretrained(str(resolve_llm("default", weights=False)))
    cfg = load_config(index_dir=args.index)
    embedder, index = embedder_from(cfg), Index(cfg.index_path)
    related = words_related(embedder)
    full = kept = worked_n = 0
    for line in open(args.questions):
        row = json.loads(line)
        found = gather(spelled_dates(" ".join(row["question"].split())), index, embedder, cfg, related=related)
        if found.declined or not found.hits:
            continue
        worked = prompt.worked_out(found.calculated, found.hits)
        tokens = len(tokenizer(prompt.user_message(found.asked, found.hits, worked))["input_ids"])
        fewer = tokens
        if worked:
            used = passages_of(worked) | {1}
            shown = [h for n, h in enumerate(found.hits, start=1) if n in used]
            fewer = len(tokenizer(prompt.user_message(found.asked, shown, prompt.worked_out(found.calculated, shown)))
                        ["input_ids"])
            worked_n += 1
        full, kept = full + tokens, kept + fewer
        print(f"{row.get('id')}\t{tokens}\t{fewer}\t{bool(worked)}")
    print(f"total\t{full}\t{kept}\tworked {worked_n}\t{1 - kept / max(full, 1):.1%} fewer")


if __name__ == "__main__":
    main()
