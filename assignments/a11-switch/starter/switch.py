"""a11-switch: the Switch Transformer's mixture-of-experts layer.

Fill in each function. Arrays arrive as NumPy arrays; return NumPy arrays, PyTorch tensors or Python numbers.
NumPy and PyTorch (CPU) are installed. README.md gives every shape, convention and how grading works.
"""
import numpy as np


def top1_router(x, w_router):
    """x (G, S, d_model), w_router (d_model, E) -> (router_probs (G, S, E), expert_index (G, S), gate (G, S))."""
    raise NotImplementedError("top1_router is not written yet")


def expert_capacity(tokens, num_experts, capacity_factor):
    """ceil(capacity_factor * tokens / num_experts), an int."""
    raise NotImplementedError("expert_capacity is not written yet")


def dispatch_and_combine(router_probs, capacity):
    """router_probs (G, S, E) -> (dispatch (G, S, E, C), combine (G, S, E, C), kept (G, S)); tokens dropped in token order."""
    raise NotImplementedError("dispatch_and_combine is not written yet")


def load_balancing_loss(router_probs, expert_index, alpha):
    """alpha * N * sum_i f_i * P_i per group, averaged over groups. A scalar."""
    raise NotImplementedError("load_balancing_loss is not written yet")


def router_z_loss(router_logits, coefficient):
    """coefficient * mean over tokens of logsumexp(logits)^2. A scalar."""
    raise NotImplementedError("router_z_loss is not written yet")


def switch_layer(x, params, capacity_factor, alpha, z_coefficient):
    """x (G, S, d_model) -> (output = x + y (G, S, d_model), aux_loss, z_loss)."""
    raise NotImplementedError("switch_layer is not written yet")
