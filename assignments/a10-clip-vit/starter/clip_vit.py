"""a10-clip-vit: CLIP and the Vision Transformer.

Fill in each function. Arrays arrive as NumPy arrays (weights in a dict of them); return NumPy arrays, PyTorch tensors
or Python numbers. NumPy and PyTorch (CPU) are installed. README.md gives every shape, convention and how grading works.
"""
import numpy as np


def patchify(images, patch_size):
    """(B, C, H, W) -> (B, N, C*p*p): patches row-major over the grid, each patch's values in (c, dy, dx) order."""
    raise NotImplementedError("patchify is not written yet")


def vit_embed(images, params):
    """(B, C, H, W) -> (B, N + 1, D): the class token first, then the projected patches, plus pos_embed."""
    raise NotImplementedError("vit_embed is not written yet")


def encoder_block(x, params, num_heads):
    """(B, L, D) -> (B, L, D): x + MSA(LN(x)), then + MLP(LN(.)) with the exact GELU (pre-norm)."""
    raise NotImplementedError("encoder_block is not written yet")


def vit_forward(images, params, depth, num_heads):
    """(B, C, H, W) -> (B, K) logits: embed, depth blocks, final LayerNorm, head on the class token."""
    raise NotImplementedError("vit_forward is not written yet")


def clip_loss(image_features, text_features, logit_scale):
    """(n, E), (n, E), scalar t -> (logits_per_image (n, n), loss): min(exp(t), 100) * cosines, symmetric CE."""
    raise NotImplementedError("clip_loss is not written yet")


def zero_shot(image_features, text_features):
    """(n, E), (K, M, E) -> (class_embeddings (K, E), cosine (n, K), predictions (n,), probabilities (n, K))."""
    raise NotImplementedError("zero_shot is not written yet")


def triplet_loss(anchor, positive, negative, margin):
    """(B, E) each -> (loss, per_triplet (B,)): mean of max(||a - p|| - ||a - n|| + margin, 0)."""
    raise NotImplementedError("triplet_loss is not written yet")
