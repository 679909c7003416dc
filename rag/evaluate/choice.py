"""Multiple choice without a judge: does the model find the gold answer more likely than distractors?

Options: the gold answer and up to `n` distractors, other questions' gold answers of the same kind
(numeric: the answer has key numbers, see metrics.key_numbers; else text; the other kind only fills
up when too few are of its kind), drawn with a random.Random seeded by (seed, question id): the same
questions and seed give the same options in every mode.
Score: the option's average per-token log-probability after the mode's own chat-templated prompt
(closed-book rules or the passages), computed by the model that answered; 1 when the gold option is
the most likely, else 0. The prompt is read once per question (each option continues its KV cache).
A transformers generator is scored here (option_logprobs); a llama.cpp one scores with its own loaded
GGUF (LlamaCppGenerator.option_logprobs), which after answering has the prompt cached already.
The fake generator has no probabilities: n/a.
"""
from __future__ import annotations

import copy
import inspect
import random

from rag.evaluate.data import Question
from rag.evaluate.metrics import key_numbers, normalize_text


def kind(answer: str) -> str:
    return "numeric" if key_numbers(answer) else "text"


def options_for(questions: list[Question], n: int = 3, seed: int = 0) -> dict[str, list[str]]:
    """question id -> [gold, distractor, ...] for the answerable questions that have distractors."""
    answerable = [q for q in questions if q.answerable and q.answer.strip()]
    pools: dict[str, list[str]] = {}
    for q in answerable:
        pools.setdefault(kind(q.answer), []).append(q.answer)
    out = {}
    for q in answerable:
        gold = normalize_text(q.answer)
        rng = random.Random(f"{seed}:{q.id}")
        same = sorted({a for a in pools[kind(q.answer)] if normalize_text(a) != gold})
        picked = rng.sample(same, min(n, len(same)))
        if len(picked) < n:  # too few of its kind: the other kind fills up
            other = sorted({a for k, p in pools.items() if k != kind(q.answer) for a in p if normalize_text(a) != gold})
            picked += rng.sample(other, min(n - len(picked), len(other)))
        if picked and n > 0:
            out[q.id] = [q.answer, *picked]
    return out


def scorer_for(generator):
    """The generator itself when it can score options (transformers, llama.cpp), else None (the fake one)."""
    return generator if getattr(generator, "backend", None) in ("transformers", "llama.cpp") else None


def option_logprobs(scorer, messages: list[dict], options: list[str]) -> list[float] | None:
    """Average per-token log-probability of each option as the assistant's reply to messages.

    A scorer with its own option_logprobs (LlamaCppGenerator) computes them (None where the prompt and an option
    overflow its context window); else scorer is a
    TransformersGenerator and its model does, here."""
    if hasattr(scorer, "option_logprobs"):
        return scorer.option_logprobs(messages, options)
    import torch

    tok, model = scorer.tokenizer, scorer.model
    text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    prompt = tok(text, add_special_tokens=False, return_tensors="pt")["input_ids"].to(model.device)
    scores = []
    name = "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"  # renamed in v5
    with torch.no_grad():
        out = model(prompt, use_cache=True)
        cache, last = getattr(out, "cache", None) or out.past_key_values, out.logits[0, -1:]
        for option in options:
            ids = tok(option, add_special_tokens=False, return_tensors="pt")["input_ids"].to(model.device)
            if ids.shape[1] == 0:
                scores.append(float("-inf"))
                continue
            # a copy of the prompt's cache: Cache.crop's argument changed meaning across transformers versions
            logits = model(ids, use_cache=True, **{name: copy.deepcopy(cache)}).logits[0]
            logp = torch.log_softmax(torch.cat([last, logits[:-1]]).float(), dim=-1)
            scores.append(float(logp.gather(1, ids[0].unsqueeze(1)).mean()))
    return scores


def choice_score(scorer, messages: list[dict], options: list[str]) -> float | None:
    """1.0 when options[0] (the gold answer) is the most likely, else 0.0; None (n/a) when the options could not
    be scored (they overflow llama.cpp's context window beside the prompt)."""
    scores = option_logprobs(scorer, messages, options)
    if scores is None:
        return None
    return float(max(range(len(scores)), key=scores.__getitem__) == 0)
