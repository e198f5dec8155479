"""a10-clip-vit, instructor solution: the Vision Transformer's patches, input sequence, pre-norm block and classifier;
CLIP's symmetric contrastive loss and zero-shot classification; the triplet loss. NumPy, float64 throughout."""
import math

import numpy as np

LAYER_NORM_EPS = 1e-6


def _f64(a):
    return np.asarray(a, dtype=np.float64)


def patchify(images, patch_size):
    x = _f64(images)
    b, c, h, w = x.shape
    p = int(patch_size)
    x = x.reshape(b, c, h // p, p, w // p, p)   # (b, c, i, dy, j, dx)
    x = x.transpose(0, 2, 4, 1, 3, 5)           # (b, i, j, c, dy, dx): the grid row-major, each patch (c, dy, dx)
    return x.reshape(b, (h // p) * (w // p), c * p * p)


def vit_embed(images, params):
    weight = _f64(params["patch_embed.proj.weight"])  # (D, C, p, p)
    patches = patchify(images, weight.shape[-1])
    patch_tokens = patches @ weight.reshape(weight.shape[0], -1).T + _f64(params["patch_embed.proj.bias"])
    cls = np.broadcast_to(_f64(params["cls_token"]), (patches.shape[0], 1, weight.shape[0]))
    tokens = np.concatenate([cls, patch_tokens], axis=1) + _f64(params["pos_embed"])  # position rows after the class token
    return tokens, {"patch_tokens": patch_tokens}


def _layer_norm(x, weight, bias):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)  # biased variance, as nn.LayerNorm
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * _f64(weight) + _f64(bias)


def _linear(x, params, name):
    return x @ _f64(params[f"{name}.weight"]).T + _f64(params[f"{name}.bias"])


def _softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def _gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))  # exact GELU, x * Phi(x)


def _attention(x, params, num_heads):
    b, l, d = x.shape
    hd = d // num_heads
    qkv = _linear(x, params, "attn.qkv").reshape(b, l, 3, num_heads, hd).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]  # (b, heads, l, hd)
    weights = _softmax(q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd))
    return _linear((weights @ v).transpose(0, 2, 1, 3).reshape(b, l, d), params, "attn.proj")


def encoder_block(x, params, num_heads):
    x = _f64(x)
    x = x + _attention(_layer_norm(x, params["norm1.weight"], params["norm1.bias"]), params, int(num_heads))
    after_attn = x
    h = _layer_norm(x, params["norm2.weight"], params["norm2.bias"])
    x = x + _linear(_gelu(_linear(h, params, "mlp.fc1")), params, "mlp.fc2")
    return x, {"after_attn": after_attn}


def vit_forward(images, params, depth, num_heads):
    tokens, stages = vit_embed(images, params)
    stages["tokens"] = x = tokens
    for i in range(int(depth)):
        prefix = f"blocks.{i}."
        block = {k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}
        x, _ = encoder_block(x, block, num_heads)
        stages[f"blocks.{i}"] = x
    features = _layer_norm(x, params["norm.weight"], params["norm.bias"])[:, 0]  # the class token alone
    stages["features"] = features
    return _linear(features, params, "head"), stages


def _normalise(x):
    x = _f64(x)
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _cross_entropy(logits):
    """Mean over rows of -log softmax(row)[i], the target of row i being column i."""
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -np.mean(np.diag(log_probs))


def clip_loss(image_features, text_features, logit_scale):
    scale = min(math.exp(float(np.asarray(logit_scale).reshape(()))), 100.0)  # exp(t), clipped at 100
    logits_per_image = scale * _normalise(image_features) @ _normalise(text_features).T
    loss_image = _cross_entropy(logits_per_image)
    loss_text = _cross_entropy(logits_per_image.T)
    loss = (loss_image + loss_text) / 2
    return logits_per_image, loss, {"loss_image": loss_image, "loss_text": loss_text}


def zero_shot(image_features, text_features):
    class_embeddings = _normalise(_normalise(text_features).mean(axis=1))  # normalise, average the templates, renormalise
    cosine = _normalise(image_features) @ class_embeddings.T
    predictions = np.argmax(cosine, axis=1)  # NumPy's argmax returns the first maximum
    return class_embeddings, cosine, predictions, _softmax(100.0 * cosine, axis=1)


def triplet_loss(anchor, positive, negative, margin):
    anchor, positive, negative = _f64(anchor), _f64(positive), _f64(negative)
    d_positive = np.linalg.norm(anchor - positive + 1e-6, axis=-1)  # as F.pairwise_distance: eps inside the norm
    d_negative = np.linalg.norm(anchor - negative + 1e-6, axis=-1)
    per_triplet = np.maximum(d_positive - d_negative + float(margin), 0.0)
    return per_triplet.mean(), per_triplet, {"d_positive": d_positive, "d_negative": d_negative}
