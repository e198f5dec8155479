"""a10-clip-vit, a second formulation: PyTorch in float32 throughout, with nn modules and the weights copied in:
F.unfold for the patches, nn.Conv2d for the patch embedding, nn.TransformerEncoderLayer (norm_first) for the block,
F.cross_entropy, F.normalize and nn.TripletMarginLoss for the losses."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

F32 = torch.float32


def _t(a):
    return torch.as_tensor(a).to(F32)


@torch.no_grad()
def patchify(images, patch_size):
    x = _t(images)
    # unfold lists each patch's values in (c, dy, dx) order and the patches row-major: (B, C*p*p, N).
    return F.unfold(x, kernel_size=patch_size, stride=patch_size).transpose(1, 2)


@torch.no_grad()
def vit_embed(images, params):
    weight = _t(params["patch_embed.proj.weight"])
    d, c, p, _ = weight.shape
    conv = nn.Conv2d(c, d, p, stride=p)
    conv.weight.copy_(weight)
    conv.bias.copy_(_t(params["patch_embed.proj.bias"]))
    x = _t(images)
    patch_tokens = conv(x).flatten(2).transpose(1, 2)
    cls = _t(params["cls_token"]).expand(x.shape[0], -1, -1)
    return torch.cat([cls, patch_tokens], dim=1) + _t(params["pos_embed"]), {"patch_tokens": patch_tokens}


def _block_module(params, num_heads):
    d = params["norm1.weight"].shape[0]
    hidden = params["mlp.fc1.weight"].shape[0]
    layer = nn.TransformerEncoderLayer(d, int(num_heads), hidden, dropout=0.0, activation="gelu",
                                       layer_norm_eps=1e-6, batch_first=True, norm_first=True)
    names = {"self_attn.in_proj_weight": "attn.qkv.weight", "self_attn.in_proj_bias": "attn.qkv.bias",
             "self_attn.out_proj.weight": "attn.proj.weight", "self_attn.out_proj.bias": "attn.proj.bias",
             "linear1.weight": "mlp.fc1.weight", "linear1.bias": "mlp.fc1.bias",
             "linear2.weight": "mlp.fc2.weight", "linear2.bias": "mlp.fc2.bias",
             "norm1.weight": "norm1.weight", "norm1.bias": "norm1.bias",
             "norm2.weight": "norm2.weight", "norm2.bias": "norm2.bias"}
    layer.load_state_dict({ours: _t(params[theirs]) for ours, theirs in names.items()})
    return layer.eval()


@torch.no_grad()
def encoder_block(x, params, num_heads):
    return _block_module(params, num_heads)(_t(x))


@torch.no_grad()
def vit_forward(images, params, depth, num_heads):
    x, _ = vit_embed(images, params)
    for i in range(int(depth)):
        prefix = f"blocks.{i}."
        x = _block_module({k[len(prefix):]: v for k, v in params.items() if k.startswith(prefix)}, num_heads)(x)
    features = F.layer_norm(x[:, 0], x.shape[-1:], _t(params["norm.weight"]), _t(params["norm.bias"]), eps=1e-6)
    return F.linear(features, _t(params["head.weight"]), _t(params["head.bias"]))


@torch.no_grad()
def clip_loss(image_features, text_features, logit_scale):
    image = F.normalize(_t(image_features), dim=-1)
    text = F.normalize(_t(text_features), dim=-1)
    logits_per_image = _t(logit_scale).exp().clamp(max=100) * image @ text.T
    labels = torch.arange(len(image))
    loss = (F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_image.T, labels)) / 2
    return logits_per_image, loss


@torch.no_grad()
def zero_shot(image_features, text_features):
    class_embeddings = F.normalize(F.normalize(_t(text_features), dim=-1).mean(dim=1), dim=-1)
    cosine = F.normalize(_t(image_features), dim=-1) @ class_embeddings.T
    return class_embeddings, cosine, cosine.argmax(dim=1), (100 * cosine).softmax(dim=1)


@torch.no_grad()
def triplet_loss(anchor, positive, negative, margin):
    a, p, n = _t(anchor), _t(positive), _t(negative)
    loss = nn.TripletMarginLoss(margin=float(margin), p=2)(a, p, n)
    per_triplet = nn.TripletMarginLoss(margin=float(margin), p=2, reduction="none")(a, p, n)
    return loss, per_triplet
