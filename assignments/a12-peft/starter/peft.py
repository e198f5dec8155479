"""a12-peft: parameter-efficient fine-tuning.

Fill in each function. Arrays arrive as NumPy arrays; return NumPy arrays, PyTorch tensors or Python numbers.
NumPy and PyTorch (CPU) are installed. README.md gives every shape, convention and how grading works.
"""
import numpy as np


def lora_linear(x, weight, bias, lora_A, lora_B, alpha, r):
    """x (..., in), weight (out, in), bias (out,), lora_A (r, in), lora_B (out, r) -> (output (..., out), merged_weight (out, in)).
    output = x W0^T + b + (alpha / r) x A^T B^T; merged_weight = W0 + (alpha / r) B A."""
    raise NotImplementedError("lora_linear is not written yet")


def lora_unmerge(merged_weight, lora_A, lora_B, alpha, r):
    """Recover W0 (out, in) from W0 + (alpha / r) B A."""
    raise NotImplementedError("lora_unmerge is not written yet")


def lora_sgd_step(x, weight, bias, lora_A, lora_B, alpha, r, target, lr):
    """One SGD step on mean((output - target)^2), training A and B only.
    Returns (loss, grad_A, grad_B, weight, bias, lora_A, lora_B, trainable), the parameters after the step."""
    raise NotImplementedError("lora_sgd_step is not written yet")


def prompt_tuning_inputs(input_ids, attention_mask, labels, embedding, prompt):
    """Prepend the soft prompt (P, d): returns (inputs_embeds (B, P+L, d), attention_mask (B, P+L), labels (B, P+L))."""
    raise NotImplementedError("prompt_tuning_inputs is not written yet")


def prefix_attention(x, attention_mask, params, prefix_key, prefix_value, n_heads, causal):
    """Multi-head self-attention over x (B, L, d) with prefix keys and values (h, P, d/h) in front: output (B, L, d)."""
    raise NotImplementedError("prefix_attention is not written yet")


def adapter_forward(h, params):
    """Houlsby bottleneck adapter with its residual: h + up_proj(relu(down_proj(h)))."""
    raise NotImplementedError("adapter_forward is not written yet")


def parameter_counts(d_model, n_layers, d_ff, r, prompt_length, prefix_length, bottleneck):
    """Trainable parameters of full fine-tuning, LoRA, prompt tuning, prefix tuning and adapters:
    a dict with keys full, lora, prompt, prefix, adapter (integers)."""
    raise NotImplementedError("parameter_counts is not written yet")
