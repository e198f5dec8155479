"""Independent check of the TorchSharp reference for a11, in float64: the router by nn.Linear and torch.softmax; the
capacity in exact rational arithmetic (fractions.Fraction), so no float rounding can hide behind the ceiling; the
buffers filled token by token with a counter per expert (the literal definition, not a cumulative sum); the layer's
experts as nn.Sequential(Linear, ReLU, Linear) run one token at a time; f_i by torch.bincount; the z-loss by
torch.logsumexp."""
import math
from fractions import Fraction

import torch
import torch.nn as nn

import crosscheck

F64 = torch.float64


def top1_router(x, w_router):
    w = w_router.double()
    router = nn.Linear(w.shape[0], w.shape[1], bias=False, dtype=F64)
    with torch.no_grad():
        router.weight.copy_(w.T)
        logits = router(x.double())
    probs = torch.softmax(logits, dim=-1)
    index = torch.argmax(probs, dim=-1)
    return {"router_probs": probs, "expert_index": index, "gate": probs.gather(-1, index[..., None])[..., 0],
            "router_logits": logits}


def expert_capacity(tokens, num_experts, capacity_factor):
    # Fraction(float) is the float's exact value: 1.25 and 1.5 are exact in binary, so this is the true ceiling.
    return {"capacity": torch.tensor(float(math.ceil(Fraction(capacity_factor) * tokens / num_experts)), dtype=F64)}


def _fill(probs, capacity):
    """Visits each group's tokens in order; a token takes its expert's next free slot, or is dropped when none is left."""
    groups, tokens, num_experts = probs.shape
    index = torch.argmax(probs, dim=-1)
    position = torch.zeros(groups, tokens, dtype=F64)
    dispatch = torch.zeros(groups, tokens, num_experts, capacity, dtype=F64)
    for g in range(groups):
        used = [0] * num_experts
        for s in range(tokens):
            e = int(index[g, s])
            position[g, s] = used[e]
            if used[e] < capacity:
                dispatch[g, s, e, used[e]] = 1.0
            used[e] += 1
    return index, position, dispatch


def dispatch_and_combine(router_probs, capacity):
    probs = router_probs.double()
    index, position, dispatch = _fill(probs, capacity)
    gate = probs.max(dim=-1).values
    return {"dispatch": dispatch, "combine": dispatch * gate[..., None, None], "kept": dispatch.sum(dim=(-2, -1)),
            "expert_index": index, "position": position}


def load_balancing_loss(router_probs, expert_index, alpha):
    probs = router_probs.double()
    groups, tokens, num_experts = probs.shape
    fraction = torch.stack([torch.bincount(expert_index[g].long(), minlength=num_experts) for g in range(groups)]).double() / tokens
    mean_prob = probs.mean(dim=1)
    per_group = torch.stack([num_experts * torch.dot(fraction[g], mean_prob[g]) for g in range(groups)])
    return {"loss": alpha * per_group.mean(), "fraction": fraction, "mean_prob": mean_prob}


def router_z_loss(router_logits, coefficient):
    return {"loss": coefficient * (torch.logsumexp(router_logits.double(), dim=-1) ** 2).mean()}


def switch_layer(x, params, capacity_factor, alpha, z_coefficient):
    x = x.double()
    groups, tokens, d_model = x.shape
    num_experts, _, d_ff = params["wi"].shape
    routed = top1_router(x, params["router"])
    probs, index = routed["router_probs"], routed["expert_index"]
    capacity = int(expert_capacity(tokens, num_experts, capacity_factor)["capacity"])
    _, position, _ = _fill(probs, capacity)
    experts = []
    for e in range(num_experts):
        expert = nn.Sequential(nn.Linear(d_model, d_ff, bias=False, dtype=F64), nn.ReLU(),
                               nn.Linear(d_ff, d_model, bias=False, dtype=F64))
        with torch.no_grad():
            expert[0].weight.copy_(params["wi"][e].T)
            expert[2].weight.copy_(params["wo"][e].T)
        experts.append(expert)
    y = torch.zeros_like(x)
    with torch.no_grad():
        for g in range(groups):
            for s in range(tokens):
                if position[g, s] < capacity:
                    e = int(index[g, s])
                    y[g, s] = probs[g, s, e] * experts[e](x[g, s])
    aux = load_balancing_loss(probs, index, alpha)["loss"]
    z = router_z_loss(routed["router_logits"], z_coefficient)["loss"]
    return {"output": x + y, "aux_loss": aux, "z_loss": z, "router_probs": probs, "expert_index": index,
            "kept": (position < capacity).double(), "expert_output": y}


crosscheck.run(globals())
