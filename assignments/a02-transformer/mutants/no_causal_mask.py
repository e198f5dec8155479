"""a02 mutant: the decoder forgets the look-ahead mask."""
import numpy as np

LAYER_NORM_EPS = 1e-5


def positional_encoding(length, d_model):
    position = np.arange(length)[:, None]
    angle = position / np.power(10000.0, np.arange(0, d_model, 2) / d_model)
    encoding = np.empty((length, d_model))
    encoding[:, 0::2] = np.sin(angle)
    encoding[:, 1::2] = np.cos(angle)
    return encoding


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def attention(query, key, value, p, num_heads, mask):
    """Multi-head attention as in a01; mask is (B, Lq, Lk) or broadcastable, true = may attend."""
    def heads(x):
        b, length, d = x.shape
        return x.reshape(b, length, num_heads, d // num_heads).transpose(0, 2, 1, 3)

    q = heads(query @ p["w_q"] + p["b_q"])
    k = heads(key @ p["w_k"] + p["b_k"])
    v = heads(value @ p["w_v"] + p["b_v"])
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(np.asarray(mask, dtype=bool)[:, None], scores, -np.inf)
    weights = softmax(scores)
    b, h, length, dh = q.shape
    merged = (weights @ v).transpose(0, 2, 1, 3).reshape(b, length, h * dh)
    return merged @ p["w_o"] + p["b_o"], weights


def layer_norm(x, weight, bias):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)  # the biased variance, as LayerNorm uses
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


def sub(params, prefix):
    return {k[len(prefix) + 1:]: v for k, v in params.items() if k.startswith(prefix + ".")}


def feed_forward(x, p):
    return np.maximum(x @ p["linear1.w"] + p["linear1.b"], 0) @ p["linear2.w"] + p["linear2.b"]


def encoder_layer(x, params, num_heads, padding=None):
    mask = None if padding is None else np.asarray(padding, dtype=bool)[:, None, :]
    attended, weights = attention(x, x, x, sub(params, "self_attn"), num_heads, mask)
    h = layer_norm(x + attended, params["norm1.weight"], params["norm1.bias"])
    ff = feed_forward(h, params)
    out = layer_norm(h + ff, params["norm2.weight"], params["norm2.bias"])
    return out, {"self_attn_weights": weights, "self_attn": attended, "norm1": h, "ffn": ff}


def decoder_layer(x, memory, params, num_heads, tgt_padding=None, memory_padding=None):
    length = x.shape[1]
    self_mask = np.ones((length, length), dtype=bool)[None]
    if tgt_padding is not None:
        self_mask = self_mask & np.asarray(tgt_padding, dtype=bool)[:, None, :]
    memory_mask = None if memory_padding is None else np.asarray(memory_padding, dtype=bool)[:, None, :]
    attended, weights = attention(x, x, x, sub(params, "self_attn"), num_heads, self_mask)
    h1 = layer_norm(x + attended, params["norm1.weight"], params["norm1.bias"])
    crossed, cross_weights = attention(h1, memory, memory, sub(params, "multihead_attn"), num_heads, memory_mask)
    h2 = layer_norm(h1 + crossed, params["norm2.weight"], params["norm2.bias"])
    ff = feed_forward(h2, params)
    out = layer_norm(h2 + ff, params["norm3.weight"], params["norm3.bias"])
    return out, {"self_attn_weights": weights, "self_attn": attended, "norm1": h1,
                 "multihead_attn_weights": cross_weights, "multihead_attn": crossed, "norm2": h2, "ffn": ff}


def learning_rate(steps, d_model, warmup_steps):
    steps = np.asarray(steps, dtype=np.float64)
    return d_model ** -0.5 * np.minimum(steps ** -0.5, steps * warmup_steps ** -1.5)


def log_softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return x - np.log(np.sum(np.exp(x), axis=-1, keepdims=True))


def masked_loss(logits, targets):
    real = targets != 0
    picked = np.take_along_axis(log_softmax(logits.astype(np.float64)), targets[..., None], axis=-1)[..., 0]
    return -np.sum(picked * real) / np.sum(real)


def masked_accuracy(logits, targets):
    real = targets != 0
    return np.sum((np.argmax(logits, axis=-1) == targets) & real) / np.sum(real)
