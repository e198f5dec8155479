"""a02-transformer: the pieces of a Transformer, from positional encoding to the training loss.

Fill in each function. Arrays arrive as NumPy arrays; you may return NumPy arrays or PyTorch
tensors. README.md gives every shape, the parameter names and how grading works.

encoder_layer and decoder_layer may return (output, stages): a dict of the intermediate tensors
named in README.md. They earn no points, but when the output is wrong the feedback names the first
stage that differs from the reference.
"""
import numpy as np


def positional_encoding(length, d_model):
    """Returns (length, d_model): sin on even features, cos on odd ones."""
    raise NotImplementedError("positional_encoding is not written yet")


def encoder_layer(x, params, num_heads, padding=None):
    """x: (B, L, D); padding: (B, L) true for real tokens, or None. Returns output (B, L, D)."""
    raise NotImplementedError("encoder_layer is not written yet")


def decoder_layer(x, memory, params, num_heads, tgt_padding=None, memory_padding=None):
    """x: (B, Lt, D), memory: (B, Ls, D). Causal self-attention, then attention over memory.
    Returns output (B, Lt, D)."""
    raise NotImplementedError("decoder_layer is not written yet")


def learning_rate(steps, d_model, warmup_steps):
    """steps: (S,) integers from 1. Returns (S,) learning rates."""
    raise NotImplementedError("learning_rate is not written yet")


def masked_loss(logits, targets):
    """logits: (B, L, V), targets: (B, L) with 0 for padding. Returns a scalar."""
    raise NotImplementedError("masked_loss is not written yet")


def masked_accuracy(logits, targets):
    """logits: (B, L, V), targets: (B, L) with 0 for padding. Returns a scalar."""
    raise NotImplementedError("masked_accuracy is not written yet")
