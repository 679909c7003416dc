"""A tiny random chat model (and LoRA adapter) built inside the tests: no download, ~0.2 s, ~130 KB.

It speaks nonsense, but through the same path as a real model: a byte-level BPE tokenizer with a
ChatML chat template, a Llama config, the Auto classes, peft. Its end-of-turn token is never the
most likely next token, so generation always runs to max_new_tokens.
"""
from __future__ import annotations

import warnings
from pathlib import Path

CHATML = ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] "
          "+ '<|im_end|>\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
SENTENCES = [
    "Refunds are paid within 14 days after you withdraw from a course.",
    "The library opens at 9 am and closes at 6 pm on weekdays.",
    "Students may borrow up to ten books for three weeks.",
    "Question: how long does a refund take? Answer: 14 days [1].",
    "You are a helpful assistant. Answer only from the numbered passages and cite them.",
    "I don't know: the documents don't say.",
]


def build_tokenizer(vocab_size: int = 512):
    """A byte-level BPE trained on a few sentences, wrapped for transformers with a ChatML template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    raw.train_from_iterator(SENTENCES * 4, trainer=trainer)
    tok = PreTrainedTokenizerFast(tokenizer_object=raw, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                  unk_token="<|endoftext|>")
    tok.chat_template = CHATML
    return tok


def build_tiny_chat_model(folder: Path, seed: int = 0, hidden: int = 32, max_positions: int = 512) -> Path:
    """Save a random Llama chat model (2 layers, 4 heads, 2 KV heads) with its tokenizer into folder."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    folder = Path(folder)
    tok = build_tokenizer()
    eos = tok.convert_tokens_to_ids("<|im_end|>")
    config = LlamaConfig(vocab_size=len(tok), hidden_size=hidden, intermediate_size=2 * hidden, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=max_positions,
                         bos_token_id=None, eos_token_id=eos, pad_token_id=tok.pad_token_id)
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    with torch.no_grad():  # end-of-turn logit 0, below the best of ~500 random ones: exactly max_new_tokens
        model.lm_head.weight[eos].zero_()
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def build_tiny_lora_adapter(base_folder: Path, out_folder: Path, seed: int = 0) -> Path:
    """Save a LoRA adapter (r=4 on q/k/v/o) for the model in base_folder; its weights are random, not zero,
    so it changes the model's outputs."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    base = AutoModelForCausalLM.from_pretrained(base_folder)
    config = LoraConfig(r=4, lora_alpha=16, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"],
                        init_lora_weights=False, task_type="CAUSAL_LM")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # peft calls a transformers API deprecated in v5
        get_peft_model(base, config).save_pretrained(out_folder)
    return Path(out_folder)
