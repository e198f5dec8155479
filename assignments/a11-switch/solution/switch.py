"""a11-switch, instructor solution: the Switch Transformer's top-1 router, expert capacity, token-order dropping with
dispatch and combine tensors, the Switch feed-forward layer, and its load-balancing and router z-losses.
NumPy, float64 throughout (inputs are upcast), written with Mesh-TF's dispatch/combine einsums."""
import math

import numpy as np


def _softmax(logits):
    z = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def _choose(probs):
    """The chosen expert (argmax returns the first maximum, so a tie goes to the lowest index) and its probability."""
    expert_index = probs.argmax(axis=-1)
    return expert_index, np.take_along_axis(probs, expert_index[..., None], axis=-1)[..., 0]


def top1_router(x, w_router):
    logits = np.asarray(x, dtype=np.float64) @ np.asarray(w_router, dtype=np.float64)
    probs = _softmax(logits)  # over the experts, the last axis
    expert_index, gate = _choose(probs)
    return probs, expert_index, gate, {"router_logits": logits}


def expert_capacity(tokens, num_experts, capacity_factor):
    return math.ceil(capacity_factor * tokens / num_experts)  # in this order; no minimum


def dispatch_and_combine(router_probs, capacity):
    probs = np.asarray(router_probs, dtype=np.float64)
    num_experts = probs.shape[-1]
    expert_index, gate = _choose(probs)
    mask = np.eye(num_experts)[expert_index]                        # (G, S, E) one-hot of the chosen expert
    position = (np.cumsum(mask, axis=1) * mask).sum(axis=-1) - 1    # earlier tokens of the same group and expert
    kept = position < capacity
    slot = position[..., None] == np.arange(capacity)               # (G, S, C); no slot at all when dropped
    dispatch = mask[..., None] * slot[:, :, None, :]                # (G, S, E, C)
    combine = dispatch * gate[..., None, None]
    return dispatch, combine, kept, {"expert_index": expert_index, "position": position}


def load_balancing_loss(router_probs, expert_index, alpha):
    probs = np.asarray(router_probs, dtype=np.float64)
    num_experts = probs.shape[-1]
    fraction = np.eye(num_experts)[np.asarray(expert_index)].mean(axis=1)  # f (G, E): share of each group's tokens
    mean_prob = probs.mean(axis=1)                                           # P (G, E)
    loss = alpha * num_experts * (fraction * mean_prob).sum(axis=-1).mean()  # per group, then over groups
    return loss, {"fraction": fraction, "mean_prob": mean_prob}


def router_z_loss(router_logits, coefficient):
    logits = np.asarray(router_logits, dtype=np.float64)
    top = logits.max(axis=-1, keepdims=True)
    lse = top[..., 0] + np.log(np.exp(logits - top).sum(axis=-1))  # stable logsumexp
    return coefficient * np.mean(lse ** 2)


def switch_layer(x, params, capacity_factor, alpha, z_coefficient):
    x = np.asarray(x, dtype=np.float64)
    wi, wo = (np.asarray(params[k], dtype=np.float64) for k in ("wi", "wo"))
    probs, expert_index, _, router = top1_router(x, params["router"])
    capacity = expert_capacity(x.shape[1], wi.shape[0], capacity_factor)  # per group of x.shape[1] tokens
    dispatch, combine, kept, _ = dispatch_and_combine(probs, capacity)
    expert_inputs = np.einsum("gsec,gsd->egcd", dispatch, x)
    hidden = np.maximum(np.einsum("egcd,edf->egcf", expert_inputs, wi), 0.0)
    expert_outputs = np.einsum("egcf,efd->egcd", hidden, wo)
    y = np.einsum("gsec,egcd->gsd", combine, expert_outputs)  # gate-scaled; 0 for a dropped token
    aux_loss, _ = load_balancing_loss(probs, expert_index, alpha)  # f from the router's choices, before dropping
    z_loss = router_z_loss(router["router_logits"], z_coefficient)
    stages = {"router_probs": probs, "expert_index": expert_index, "kept": kept, "expert_output": y}
    return x + y, aux_loss, z_loss, stages
