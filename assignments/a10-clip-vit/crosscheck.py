"""Independent check of the TorchSharp reference for a10, in float64 with PyTorch's own modules: F.unfold for the
patches (the reference reshapes), nn.Conv2d for the patch embedding, nn.MultiheadAttention and
nn.TransformerEncoderLayer(norm_first=True, activation="gelu") for the blocks (the reference has its own attention),
F.normalize and F.cross_entropy for CLIP, F.pairwise_distance and F.triplet_margin_loss for the triplet loss."""
import torch
import torch.nn as nn
import torch.nn.functional as F

import crosscheck

F64 = torch.float64
EPS = 1e-6  # timm's ViT LayerNorm


def patchify(images, patch_size):
    return {"patches": F.unfold(images.double(), kernel_size=patch_size, stride=patch_size).transpose(1, 2)}


@torch.no_grad()
def vit_embed(images, params):
    weight = params["patch_embed.proj.weight"]
    d, c, p, _ = weight.shape
    conv = nn.Conv2d(c, d, p, stride=p, dtype=F64)
    conv.weight.copy_(weight)
    conv.bias.copy_(params["patch_embed.proj.bias"])
    patch_tokens = conv(images.double()).flatten(2).transpose(1, 2)
    cls = params["cls_token"].expand(len(images), -1, -1)
    return {"tokens": torch.cat([cls, patch_tokens], dim=1) + params["pos_embed"], "patch_tokens": patch_tokens}


def _layer(params, num_heads):
    d, hidden = params["norm1.weight"].shape[0], params["mlp.fc1.weight"].shape[0]
    layer = nn.TransformerEncoderLayer(d, num_heads, hidden, dropout=0.0, activation="gelu", layer_norm_eps=EPS,
                                       batch_first=True, norm_first=True, dtype=F64)
    layer.load_state_dict({
        "self_attn.in_proj_weight": params["attn.qkv.weight"], "self_attn.in_proj_bias": params["attn.qkv.bias"],
        "self_attn.out_proj.weight": params["attn.proj.weight"], "self_attn.out_proj.bias": params["attn.proj.bias"],
        "linear1.weight": params["mlp.fc1.weight"], "linear1.bias": params["mlp.fc1.bias"],
        "linear2.weight": params["mlp.fc2.weight"], "linear2.bias": params["mlp.fc2.bias"],
        "norm1.weight": params["norm1.weight"], "norm1.bias": params["norm1.bias"],
        "norm2.weight": params["norm2.weight"], "norm2.bias": params["norm2.bias"]})
    return layer.eval()


@torch.no_grad()
def encoder_block(x, params, num_heads):
    x = x.double()
    layer = _layer(params, num_heads)
    h = layer.norm1(x)
    after_attn = x + layer.self_attn(h, h, h, need_weights=False)[0]
    return {"out": layer(x), "after_attn": after_attn}


@torch.no_grad()
def vit_forward(images, params, depth, num_heads):
    out = vit_embed(images, params)
    x = out["tokens"]
    for i in range(depth):
        prefix = f"blocks.{i}."
        x = out[f"blocks.{i}"] = _layer({k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}, num_heads)(x)
    norm = nn.LayerNorm(x.shape[-1], eps=EPS, dtype=F64)
    norm.load_state_dict({"weight": params["norm.weight"], "bias": params["norm.bias"]})
    head = nn.Linear(x.shape[-1], params["head.weight"].shape[0], dtype=F64)
    head.load_state_dict({"weight": params["head.weight"], "bias": params["head.bias"]})
    out["features"] = norm(x)[:, 0]
    out["logits"] = head(out["features"])
    return out


def clip_loss(image_features, text_features, logit_scale):
    image = F.normalize(image_features.double(), dim=-1)
    text = F.normalize(text_features.double(), dim=-1)
    logits = logit_scale.double().exp().clamp(max=100) * image @ text.T
    labels = torch.arange(len(image))
    loss_image, loss_text = F.cross_entropy(logits, labels), F.cross_entropy(logits.T, labels)
    return {"logits_per_image": logits, "loss": (loss_image + loss_text) / 2, "loss_image": loss_image, "loss_text": loss_text}


def zero_shot(image_features, text_features):
    classes = F.normalize(F.normalize(text_features.double(), dim=-1).mean(dim=1), dim=-1)
    cosine = F.normalize(image_features.double(), dim=-1) @ classes.T
    return {"class_embeddings": classes, "cosine": cosine, "predictions": cosine.argmax(dim=1),
            "probabilities": (100 * cosine).softmax(dim=1)}


def triplet_loss(anchor, positive, negative, margin):
    a, p, n = anchor.double(), positive.double(), negative.double()
    return {"loss": F.triplet_margin_loss(a, p, n, margin=margin, p=2),
            "per_triplet": F.triplet_margin_loss(a, p, n, margin=margin, p=2, reduction="none"),
            "d_positive": F.pairwise_distance(a, p), "d_negative": F.pairwise_distance(a, n)}


crosscheck.run(globals())
