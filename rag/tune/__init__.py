"""Weight changes: LoRA fine-tuning data and training (rag tune)."""
