"""Independent check of the TorchSharp reference for a02: PyTorch's own nn.TransformerEncoderLayer
and nn.TransformerDecoderLayer with the same weights copied in (their sub-modules give the stages),
F.cross_entropy(ignore_index=0) for the loss, and the paper's formulas worked in plain Python."""
import math

import torch
import torch.nn.functional as F

import crosscheck


def positional_encoding(length, d_model):
    pe = [[0.0] * d_model for _ in range(length)]
    for pos in range(length):
        for i in range(0, d_model, 2):
            pe[pos][i] = math.sin(pos / 10000 ** (i / d_model))
            pe[pos][i + 1] = math.cos(pos / 10000 ** (i / d_model))
    return {"encoding": torch.tensor(pe, dtype=torch.float64)}


def copy_attention(m, p, prefix):
    g = lambda n: p[f"{prefix}.{n}"]
    m.in_proj_weight.copy_(torch.cat([g("w_q").T, g("w_k").T, g("w_v").T]))
    m.in_proj_bias.copy_(torch.cat([g("b_q"), g("b_k"), g("b_v")]))
    m.out_proj.weight.copy_(g("w_o").T)
    m.out_proj.bias.copy_(g("b_o"))


def copy_common(layer, p, norms):
    copy_attention(layer.self_attn, p, "self_attn")
    layer.linear1.weight.copy_(p["linear1.w"].T)
    layer.linear1.bias.copy_(p["linear1.b"])
    layer.linear2.weight.copy_(p["linear2.w"].T)
    layer.linear2.bias.copy_(p["linear2.b"])
    for n in norms:
        getattr(layer, n).weight.copy_(p[f"{n}.weight"])
        getattr(layer, n).bias.copy_(p[f"{n}.bias"])


def heads_weights(attn, q, kv, **masks):
    return attn(q, kv, kv, need_weights=True, average_attn_weights=False, **masks)


@torch.no_grad()
def encoder_layer(x, p, num_heads, padding):
    d = x.shape[-1]
    layer = torch.nn.TransformerEncoderLayer(d, num_heads, p["linear1.w"].shape[1], dropout=0.0, batch_first=True, dtype=torch.float64)
    copy_common(layer, p, ["norm1", "norm2"])
    layer.train()  # dropout is 0; training mode keeps PyTorch off its fused fast path, which zeroes padded rows
    x = x.double()
    kpm = None if padding is None else ~padding.bool()
    out = layer(x, src_key_padding_mask=kpm)
    attended, weights = heads_weights(layer.self_attn, x, x, key_padding_mask=kpm)
    h = layer.norm1(x + attended)
    ff = layer.linear2(F.relu(layer.linear1(h)))
    return {"output": out, "self_attn_weights": weights, "self_attn": attended, "norm1": h, "ffn": ff}


@torch.no_grad()
def decoder_layer(x, memory, p, num_heads, tgt_padding, memory_padding):
    d = x.shape[-1]
    layer = torch.nn.TransformerDecoderLayer(d, num_heads, p["linear1.w"].shape[1], dropout=0.0, batch_first=True, dtype=torch.float64)
    copy_common(layer, p, ["norm1", "norm2", "norm3"])
    copy_attention(layer.multihead_attn, p, "multihead_attn")
    layer.train()
    x, memory = x.double(), memory.double()
    causal = torch.nn.Transformer.generate_square_subsequent_mask(x.shape[1], dtype=torch.float64)
    tpm = None if tgt_padding is None else ~tgt_padding.bool()
    mpm = None if memory_padding is None else ~memory_padding.bool()
    out = layer(x, memory, tgt_mask=causal, tgt_key_padding_mask=tpm, memory_key_padding_mask=mpm)
    attended, weights = heads_weights(layer.self_attn, x, x, attn_mask=causal, key_padding_mask=tpm)
    h1 = layer.norm1(x + attended)
    crossed, cross_weights = heads_weights(layer.multihead_attn, h1, memory, key_padding_mask=mpm)
    h2 = layer.norm2(h1 + crossed)
    ff = layer.linear2(F.relu(layer.linear1(h2)))
    return {"output": out, "self_attn_weights": weights, "self_attn": attended, "norm1": h1,
            "multihead_attn_weights": cross_weights, "multihead_attn": crossed, "norm2": h2, "ffn": ff}


def learning_rate(steps, d_model, warmup_steps):
    return {"rate": torch.tensor([d_model ** -0.5 * min(s ** -0.5, s * warmup_steps ** -1.5) for s in steps.tolist()], dtype=torch.float64)}


def masked_loss(logits, targets):
    return {"loss": F.cross_entropy(logits.double().permute(0, 2, 1), targets.long(), ignore_index=0)}


def masked_accuracy(logits, targets):
    real = targets != 0
    return {"accuracy": ((logits.argmax(-1) == targets) & real).sum().double() / real.sum()}


crosscheck.run(globals())
