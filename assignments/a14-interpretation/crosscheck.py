"""Independent check of the TorchSharp reference for a14: the CNN as an nn.Sequential of PyTorch's own
Conv2d, ReLU, Flatten and Linear modules (weights copied in); every input gradient by torch.func,
one image at a time (vmap(grad(...)), no sum-over-the-batch trick); integrated gradients with all m
path points in one vmapped batch; FGSM and PGD with F.cross_entropy summed per image; the
feature-visualisation objective z_c(x) - l2 * ||x||^2 differentiated whole by autograd (its 2*l2*x
is not written out)."""
import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, grad, vmap

import crosscheck


def model_of(params, shape):
    hidden, channels = params["conv.weight"].shape[:2]
    classes, features = params["fc.weight"].shape
    net = nn.Sequential(nn.Conv2d(channels, hidden, 3, stride=1, padding=1), nn.ReLU(), nn.Flatten(),
                        nn.Linear(features, classes)).double()
    assert features == hidden * shape[-2] * shape[-1]
    weights = {"0.weight": params["conv.weight"], "0.bias": params["conv.bias"],
               "3.weight": params["fc.weight"], "3.bias": params["fc.bias"]}
    return net, weights


def logit_grad(net, weights):
    """d z_c / d x for one image x (C, H, W) and its class c (a 0-d long tensor)."""
    def logit(x, c):
        return functional_call(net, weights, (x.unsqueeze(0),))[0].gather(0, c.reshape(1))[0]
    return vmap(grad(logit), in_dims=(0, 0))


def logits_at(net, weights, x, target):
    return functional_call(net, weights, (x,)).gather(1, target.reshape(-1, 1)).reshape(-1)


def saliency(x, target, params):
    net, w = model_of(params, x.shape)
    g = logit_grad(net, w)(x.double(), target)
    return {"gradient": g, "saliency": g.abs().max(dim=1).values}


def gradient_times_input(x, baseline, target, params):
    net, w = model_of(params, x.shape)
    x = x.double()
    return {"attribution": (x - baseline.double()) * logit_grad(net, w)(x, target)}


def integrated_gradients(x, baseline, target, params, steps):
    net, w = model_of(params, x.shape)
    x, baseline = x.double(), baseline.double()
    alphas = torch.arange(1, steps + 1, dtype=torch.float64) / steps          # right Riemann sum, eq. 3
    points = baseline[None] + alphas.reshape(-1, 1, 1, 1, 1) * (x - baseline)[None]  # (m, B, C, H, W)
    per_point = vmap(logit_grad(net, w), in_dims=(0, None))(points, target)
    mean_gradient = per_point.mean(dim=0)
    attributions = (x - baseline) * mean_gradient
    rise = logits_at(net, w, x, target) - logits_at(net, w, baseline, target)
    return {"attributions": attributions, "completeness_gap": attributions.sum(dim=(1, 2, 3)) - rise,
            "mean_gradient": mean_gradient}


def smoothgrad(x, noise, target, params):
    net, w = model_of(params, x.shape)
    noisy = x.double()[None] + noise.double()                               # (n, B, C, H, W), not clipped
    return {"smoothgrad": vmap(logit_grad(net, w), in_dims=(0, None))(noisy, target).mean(dim=0)}


def loss_grad(net, w, x, label):
    x = x.detach().requires_grad_(True)
    loss = F.cross_entropy(functional_call(net, w, (x,)), label, reduction="sum")
    return torch.autograd.grad(loss, x)[0]


def fgsm(x, label, params, eps):
    net, w = model_of(params, x.shape)
    x = x.double()
    return {"x_adv": torch.clamp(x + eps * torch.sign(loss_grad(net, w, x, label)), 0.0, 1.0)}


def pgd(x, label, delta0, params, eps, alpha, steps):
    net, w = model_of(params, x.shape)
    x = x.double()
    start = torch.clamp(x + delta0.double(), 0.0, 1.0)
    adv = start
    for _ in range(steps):
        adv = adv + alpha * torch.sign(loss_grad(net, w, adv, label))
        adv = torch.max(torch.min(adv, x + eps), x - eps)                    # onto the eps-ball, then the range
        adv = torch.clamp(adv, 0.0, 1.0)
    return {"x_adv": adv, "start": start}


def feature_visualization(x0, target, params, lr, l2, steps):
    net, w = model_of(params, x0.shape)
    x = x0.double()
    for _ in range(steps):
        x = x.detach().requires_grad_(True)
        objective = logits_at(net, w, x, target).sum() - l2 * (x ** 2).sum()
        x = torch.clamp(x + lr * torch.autograd.grad(objective, x)[0], 0.0, 1.0)
    return {"x": x.detach()}


crosscheck.run(globals())
