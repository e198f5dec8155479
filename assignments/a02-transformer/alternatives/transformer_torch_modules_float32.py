"""a02-transformer, alternative formulation: PyTorch instead of NumPy, float32 throughout (float64
inputs are cast down). The layers are PyTorch's own nn.TransformerEncoderLayer and
nn.TransformerDecoderLayer (post-norm, no dropout) with the given weights copied in, PyTorch's
boolean masks (true = may NOT attend) and stages read off with forward hooks; the positional
encoding uses the exp/log form of the frequencies; the loss is F.cross_entropy with
ignore_index=0.

Written from README.md alone; it must score full marks like the solution.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

DTYPE = torch.float32


def _t(a):
    return torch.as_tensor(a).to(DTYPE)


def positional_encoding(length, d_model):
    length, d_model = int(length), int(d_model)
    position = torch.arange(length, dtype=DTYPE)[:, None]
    # 10000^(-2i/d) written as exp(-2i * ln(10000) / d)
    frequency = torch.exp(torch.arange(0, d_model, 2, dtype=DTYPE) * (-math.log(10000.0) / d_model))
    angle = position * frequency  # (length, d_model / 2)
    # stack sin and cos on a new last axis, then flatten: sin, cos, sin, cos, ... (interleaved)
    return torch.stack([torch.sin(angle), torch.cos(angle)], dim=-1).reshape(length, d_model).numpy()


def _load_attention(module, params, prefix):
    w = [_t(params[f"{prefix}.w_{n}"]).T for n in "qkv"]  # ours are (in, out); PyTorch stores (out, in)
    b = [_t(params[f"{prefix}.b_{n}"]) for n in "qkv"]
    module.in_proj_weight.copy_(torch.cat(w, dim=0))
    module.in_proj_bias.copy_(torch.cat(b, dim=0))
    module.out_proj.weight.copy_(_t(params[f"{prefix}.w_o"]).T)
    module.out_proj.bias.copy_(_t(params[f"{prefix}.b_o"]))


def _load_rest(layer, params, norms):
    layer.linear1.weight.copy_(_t(params["linear1.w"]).T)
    layer.linear1.bias.copy_(_t(params["linear1.b"]))
    layer.linear2.weight.copy_(_t(params["linear2.w"]).T)
    layer.linear2.bias.copy_(_t(params["linear2.b"]))
    for n in norms:
        getattr(layer, n).weight.copy_(_t(params[f"{n}.weight"]))
        getattr(layer, n).bias.copy_(_t(params[f"{n}.bias"]))


def _sizes(params):
    d_model, d_ff = params["linear1.w"].shape
    return int(d_model), int(d_ff)


def _hook_stages(layer, names):
    """Forward hooks that record each named sub-module's output (attention modules return a tuple)."""
    stages = {}

    def keep(stage):
        def hook(_module, _inputs, output):
            out = output[0] if isinstance(output, tuple) else output
            stages[stage] = out.detach().numpy().copy()
        return hook

    handles = [getattr(layer, module).register_forward_hook(keep(stage)) for module, stage in names]
    return stages, handles


def _not(padding):
    """Our padding is true for real tokens; PyTorch's key_padding_mask is true for the ones to ignore."""
    return None if padding is None else ~torch.as_tensor(padding).to(torch.bool)


@torch.no_grad()
def encoder_layer(x, params, num_heads, padding=None):
    d_model, d_ff = _sizes(params)
    layer = nn.TransformerEncoderLayer(d_model, int(num_heads), dim_feedforward=d_ff, dropout=0.0,
                                       activation="relu", layer_norm_eps=1e-5, batch_first=True,
                                       norm_first=False, dtype=DTYPE)
    layer.train()  # training mode keeps PyTorch off its fused fast path; with dropout 0 it is deterministic
    _load_attention(layer.self_attn, params, "self_attn")
    _load_rest(layer, params, ["norm1", "norm2"])
    stages, handles = _hook_stages(layer, [("self_attn", "self_attn"), ("norm1", "norm1"), ("linear2", "ffn")])
    out = layer(_t(x), src_key_padding_mask=_not(padding))
    for h in handles:
        h.remove()
    return out.numpy(), stages


@torch.no_grad()
def decoder_layer(x, memory, params, num_heads, tgt_padding=None, memory_padding=None):
    d_model, d_ff = _sizes(params)
    layer = nn.TransformerDecoderLayer(d_model, int(num_heads), dim_feedforward=d_ff, dropout=0.0,
                                       activation="relu", layer_norm_eps=1e-5, batch_first=True,
                                       norm_first=False, dtype=DTYPE)
    layer.train()
    _load_attention(layer.self_attn, params, "self_attn")
    _load_attention(layer.multihead_attn, params, "multihead_attn")
    _load_rest(layer, params, ["norm1", "norm2", "norm3"])
    stages, handles = _hook_stages(layer, [("self_attn", "self_attn"), ("norm1", "norm1"),
                                           ("multihead_attn", "multihead_attn"), ("norm2", "norm2"),
                                           ("linear2", "ffn")])
    x = _t(x)
    lt = x.shape[1]
    future = torch.ones(lt, lt, dtype=torch.bool).triu(diagonal=1)  # true above the diagonal: forbidden
    out = layer(x, _t(memory), tgt_mask=future, tgt_key_padding_mask=_not(tgt_padding),
                memory_key_padding_mask=_not(memory_padding))
    for h in handles:
        h.remove()
    return out.numpy(), stages


def learning_rate(steps, d_model, warmup_steps):
    step = torch.as_tensor(steps).to(DTYPE)
    return (float(d_model) ** -0.5 * torch.minimum(torch.rsqrt(step), step * float(warmup_steps) ** -1.5)).numpy()


def masked_loss(logits, targets):
    logits = _t(logits)
    targets = torch.as_tensor(targets).to(torch.long)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=0).item()


def masked_accuracy(logits, targets):
    logits = _t(logits)
    targets = torch.as_tensor(targets).to(torch.long)
    real = targets != 0
    hits = (logits.argmax(dim=-1) == targets) & real
    return (hits.sum().to(DTYPE) / real.sum().to(DTYPE)).item()
