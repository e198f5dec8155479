"""Independent check of the TorchSharp reference for a12, in float64 with PyTorch's own modules: LoRA's output
from one nn.Linear holding the merged weight (the reference adds the two paths), the step by autograd and
torch.optim.SGD over A and B only (W0 and the bias with requires_grad off), the embedding lookup by nn.Embedding,
prefix attention by F.scaled_dot_product_attention with a boolean mask (the weights stage recomputed from the
scores), the adapter as nn.Sequential, and the counts by building the modules on the meta device and summing
numel() (nn.TransformerEncoderLayer for full fine-tuning)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import crosscheck

F64 = torch.float64


def _linear(weight, bias=None):
    layer = nn.Linear(weight.shape[1], weight.shape[0], bias=bias is not None, dtype=F64)
    with torch.no_grad():
        layer.weight.copy_(weight.double())
        if bias is not None:
            layer.bias.copy_(bias.double())
    return layer


def lora_linear(x, weight, bias, lora_A, lora_B, alpha, r):
    merged = weight.double() + (alpha / r) * lora_B.double() @ lora_A.double()
    with torch.no_grad():
        output = _linear(merged, bias)(x.double())
        base = _linear(weight, bias)(x.double())
    return {"output": output, "merged_weight": merged, "base_output": base, "lora_output": output - base}


def lora_unmerge(merged_weight, lora_A, lora_B, alpha, r):
    delta = torch.einsum("or,ri->oi", lora_B.double(), lora_A.double()) * (alpha / r)
    return {"weight": merged_weight.double() - delta}


def lora_sgd_step(x, weight, bias, lora_A, lora_B, alpha, r, target, lr):
    base = _linear(weight, bias).requires_grad_(False)
    a, b = _linear(lora_A), _linear(lora_B)
    model = nn.ModuleDict({"base": base, "a": a, "b": b})
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.SGD(trainable, lr=lr)
    optimiser.zero_grad()
    xd = x.double()
    loss = F.mse_loss(base(xd) + b(a(xd)) * (alpha / r), target.double())
    loss.backward()
    grads = a.weight.grad.clone(), b.weight.grad.clone()
    optimiser.step()
    return {"loss": loss.detach(), "grad_A": grads[0], "grad_B": grads[1], "weight": base.weight, "bias": base.bias,
            "lora_A": a.weight, "lora_B": b.weight, "trainable": torch.tensor(float(sum(p.numel() for p in trainable)))}


def prompt_tuning_inputs(input_ids, attention_mask, labels, embedding, prompt):
    words = nn.Embedding.from_pretrained(embedding.double())
    soft = nn.Embedding.from_pretrained(prompt.double())
    batch, n = input_ids.shape[0], prompt.shape[0]
    virtual = soft(torch.arange(n).expand(batch, n))
    return {"inputs_embeds": torch.cat([virtual, words(input_ids)], dim=1),
            "attention_mask": torch.cat([torch.ones(batch, n, dtype=attention_mask.dtype), attention_mask], dim=1),
            "labels": torch.cat([torch.full((batch, n), -100, dtype=labels.dtype), labels], dim=1)}


def prefix_attention(x, attention_mask, params, prefix_key, prefix_value, n_heads, causal):
    x = x.double()
    batch, length, d = x.shape
    n_prefix = prefix_key.shape[1]

    def heads(t):
        return t.unflatten(-1, (n_heads, d // n_heads)).transpose(1, 2)

    proj = {n: _linear(params[n + ".weight"], params[n + ".bias"]) for n in ("q_proj", "k_proj", "v_proj", "out_proj")}
    with torch.no_grad():
        q = heads(proj["q_proj"](x))
        k = torch.cat([prefix_key.double().expand(batch, -1, -1, -1), heads(proj["k_proj"](x))], dim=2)
        v = torch.cat([prefix_value.double().expand(batch, -1, -1, -1), heads(proj["v_proj"](x))], dim=2)
        # Key positions P.. are the tokens: padding and causality are judged on token positions only.
        key_pos = torch.arange(n_prefix + length) - n_prefix
        token_real = F.pad(attention_mask.bool(), (n_prefix, 0), value=True)
        allowed = token_real[:, None, None, :].expand(batch, 1, length, n_prefix + length)
        if causal:
            allowed = allowed & (key_pos[None, :] <= torch.arange(length)[:, None])
        context = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d // n_heads)
        weights = torch.softmax(scores.masked_fill(~allowed, float("-inf")), dim=-1)
        output = proj["out_proj"](context.transpose(1, 2).flatten(2))
    return {"output": output, "keys": k, "values": v, "weights": weights}


def adapter_forward(h, params):
    down, up = _linear(params["down_proj.weight"], params["down_proj.bias"]), _linear(params["up_proj.weight"], params["up_proj.bias"])
    with torch.no_grad():
        h = h.double()
        bottleneck = nn.ReLU()(down(h))
        update = up(bottleneck)
        return {"output": h + nn.Sequential(down, nn.ReLU(), up)(h), "bottleneck": bottleneck, "update": update}


def _count(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def parameter_counts(d_model, n_layers, d_ff, r, prompt_length, prefix_length, bottleneck):
    meta = {"device": "meta"}
    d = d_model
    layer = nn.TransformerEncoderLayer(d, nhead=1, dim_feedforward=d_ff, **meta)
    # lora_A (d -> r) and lora_B (r -> d) beside W_q and beside W_v.
    lora = nn.ModuleList([nn.Sequential(nn.Linear(d, r, bias=False, **meta), nn.Linear(r, d, bias=False, **meta)) for _ in ("q", "v")])
    prompt = nn.Embedding(prompt_length, d, **meta)
    prefix = nn.Parameter(torch.empty(2, prefix_length, d, **meta))
    adapters = nn.ModuleList([nn.Sequential(nn.Linear(d, bottleneck, **meta), nn.ReLU(), nn.Linear(bottleneck, d, **meta)) for _ in range(2)])
    return {"full": torch.tensor(float(n_layers * _count(layer))), "lora": torch.tensor(float(n_layers * _count(lora))),
            "prompt": torch.tensor(float(_count(prompt))), "prefix": torch.tensor(float(n_layers * prefix.numel())),
            "adapter": torch.tensor(float(n_layers * _count(adapters)))}


crosscheck.run(globals())
