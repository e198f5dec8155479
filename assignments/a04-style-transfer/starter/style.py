"""a04-style-transfer: the losses of neural style transfer, and one step of gradient ascent.

Fill in each function. Arrays arrive as NumPy arrays; return NumPy arrays or PyTorch tensors.
PyTorch (CPU) is installed and its autograd is the easy way to the gradient in the last function.
README.md gives every shape, the normalisations and how grading works.
"""
import numpy as np


def gram_matrix(features):
    """(B, C, H, W) -> (B, C, C), divided by H * W."""
    raise NotImplementedError("gram_matrix is not written yet")


def content_loss(generated, content):
    """Mean squared difference. A scalar."""
    raise NotImplementedError("content_loss is not written yet")


def style_loss(generated, style, layer_weights):
    """Dicts keyed by layer name. Sum over layers of weight * mean squared Gram difference."""
    raise NotImplementedError("style_loss is not written yet")


def total_variation_loss(image):
    """(B, C, H, W) -> sum of absolute differences between neighbours, down and right."""
    raise NotImplementedError("total_variation_loss is not written yet")


def gradient_ascent_step(image, params, unit, step_size):
    """Returns (new image, activation before the step). May add a dict of stages."""
    raise NotImplementedError("gradient_ascent_step is not written yet")
