"""The training loss off CUDA: TRL's SFTTrainer with the output layer run on the answer tokens only.

TRL 1.16's fused LM head projects only the labelled positions on CUDA (its Triton path) but every position
elsewhere, so on the CPU each example's prompt and padding (about 80% of a handbook example's tokens) also
went through the 49k-152k-word output layer, three times per micro-batch (forward, recomputed, backward):
9.2 s of forward + backward per micro-batch of 4 handbook examples on Qwen2.5-Coder-0.5B, 5.5 s with this
loss (bench/RESULTS.md, "LoRA training speed on the CPU"). TRL's per-step entropy and token accuracy were
not the cost (they are folded into the same pass); they are kept. Memory: the answer tokens' logits,
answer tokens x vocabulary x 4 bytes (4 answers of 200 tokens on Qwen's 152k vocabulary: ~0.5 GB).
"""
from __future__ import annotations

import functools


@functools.cache
def labelled_head_trainer():
    """SFTTrainer whose loss sends only the labelled (answer) positions through the LM head: the same loss
    (answer-token NLL summed, over Trainer's count of answer tokens, so gradient accumulation stays exact)
    and the same logged metrics (num_tokens, entropy, mean_token_accuracy) as TRL's own, on fewer rows."""
    import torch
    from trl import SFTTrainer

    class LabelledHeadSFTTrainer(SFTTrainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            if return_outputs:  # the logits are wanted (compute_metrics; unused here): TRL's own path
                return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
            mode = "train" if self.model.training else "eval"
            base = self.accelerator.unwrap_model(model).get_base_model()  # the LoRA layers sit inside it
            labels = inputs["labels"][:, 1:]  # token t+1 is the target at position t
            kept = labels != -100
            hidden = base.base_model(**{k: v for k, v in inputs.items() if k != "labels"},
                                     use_cache=False).last_hidden_state  # (batch, seq, hidden)
            logits = base.get_output_embeddings()(hidden[:, :-1][kept]).float()  # (answer tokens, vocab)
            targets = labels[kept]
            log_probs = torch.log_softmax(logits, dim=-1)
            nll = -log_probs.gather(-1, targets[:, None]).sum()
            loss = nll / (kept.sum().clamp(min=1) if num_items_in_batch is None else num_items_in_batch)
            with torch.no_grad():  # TRL's metrics, over the same positions as its own
                count = max(1, int(kept.sum()))
                self._metrics[mode]["entropy"].append(float(-(log_probs.exp() * log_probs).sum() / count))
                self._metrics[mode]["mean_token_accuracy"].append(
                    float((logits.argmax(-1) == targets).sum() / count))
                if mode == "train":
                    self._total_train_tokens += int(inputs["attention_mask"].sum())
                self._metrics[mode]["num_tokens"] = [self._total_train_tokens]
            return loss

    return LabelledHeadSFTTrainer
