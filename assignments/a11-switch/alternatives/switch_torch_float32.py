"""a11-switch, a second formulation: PyTorch, float32 throughout, nn modules with the weights copied in. No
dispatch/combine einsums in the layer: each expert gathers the tokens it keeps by boolean indexing and its gated
output goes back with index_add_; positions in the expert buffers come from nonzero() in token order."""
import math

import torch
import torch.nn as nn

F32 = torch.float32


def _f32(a):
    return torch.as_tensor(a).to(F32)


def _router(w_router):
    w = _f32(w_router)
    router = nn.Linear(w.shape[0], w.shape[1], bias=False)  # nn.Linear keeps the transpose of x @ w's matrix
    with torch.no_grad():
        router.weight.copy_(w.T)
    return router


@torch.no_grad()
def top1_router(x, w_router):
    logits = _router(w_router)(_f32(x))
    probs = torch.softmax(logits, dim=-1)
    expert_index = torch.argmax(probs, dim=-1)  # documented to return the first maximal value
    gate = probs.gather(-1, expert_index.unsqueeze(-1)).squeeze(-1)
    return probs, expert_index, gate, {"router_logits": logits}


def expert_capacity(tokens, num_experts, capacity_factor):
    return int(math.ceil(capacity_factor * tokens / num_experts))


def _slots(expert_index, num_experts, capacity):
    """(G, S) chosen experts -> (G, S) slot of each token in its expert's buffer, -1 when dropped."""
    slots = torch.full(expert_index.shape, -1, dtype=torch.long)
    for g in range(expert_index.shape[0]):
        for e in range(num_experts):
            tokens = torch.nonzero(expert_index[g] == e).flatten()[:capacity]  # nonzero lists tokens in order
            slots[g, tokens] = torch.arange(len(tokens))
    return slots


@torch.no_grad()
def dispatch_and_combine(router_probs, capacity):
    probs = _f32(router_probs)
    groups, tokens, num_experts = probs.shape
    expert_index = torch.argmax(probs, dim=-1)
    gate = probs.gather(-1, expert_index.unsqueeze(-1)).squeeze(-1)
    slots = _slots(expert_index, num_experts, capacity)
    kept = slots >= 0
    dispatch = torch.zeros(groups, tokens, num_experts, capacity, dtype=F32)
    g, s = torch.nonzero(kept, as_tuple=True)
    dispatch[g, s, expert_index[g, s], slots[g, s]] = 1.0
    return dispatch, dispatch * gate[..., None, None], kept, {"expert_index": expert_index}


def load_balancing_loss(router_probs, expert_index, alpha):
    probs = _f32(router_probs)
    index = torch.as_tensor(expert_index).long()
    groups, tokens, num_experts = probs.shape
    total = torch.zeros((), dtype=F32)
    for g in range(groups):
        f = torch.bincount(index[g], minlength=num_experts).to(F32) / tokens
        total += torch.dot(f, probs[g].mean(dim=0))
    return alpha * num_experts * total / groups


def router_z_loss(router_logits, coefficient):
    return coefficient * torch.logsumexp(_f32(router_logits), dim=-1).square().mean()


@torch.no_grad()
def switch_layer(x, params, capacity_factor, alpha, z_coefficient):
    x = _f32(x)
    wi, wo = _f32(params["wi"]), _f32(params["wo"])
    num_experts, d_model, d_ff = wi.shape
    probs, expert_index, gate, router = top1_router(x, params["router"])
    capacity = expert_capacity(x.shape[1], num_experts, capacity_factor)
    kept = _slots(expert_index, num_experts, capacity) >= 0
    y = torch.zeros_like(x)
    for e in range(num_experts):
        expert = nn.Sequential(nn.Linear(d_model, d_ff, bias=False), nn.ReLU(), nn.Linear(d_ff, d_model, bias=False))
        expert[0].weight.copy_(wi[e].T)
        expert[2].weight.copy_(wo[e].T)
        for g in range(x.shape[0]):
            mine = torch.nonzero(kept[g] & (expert_index[g] == e)).flatten()
            y[g].index_add_(0, mine, gate[g, mine, None] * expert(x[g, mine]))
    aux_loss = load_balancing_loss(probs, expert_index, alpha)
    z_loss = router_z_loss(router["router_logits"], z_coefficient)
    return x + y, aux_loss, z_loss, {"router_probs": probs, "expert_index": expert_index, "kept": kept, "expert_output": y}
