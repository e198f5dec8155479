"""Alternative solution for a14-interpretation: PyTorch's nn.Conv2d / nn.Linear with the weights
copied in, float32 throughout, every gradient by autograd; the IG path and the SmoothGrad copies
each go through the network as one batch."""
import torch
import torch.nn.functional as F
from torch import nn


def t(a):
    return torch.as_tensor(a, dtype=torch.float32)


def network(params):
    p = {k: t(v) for k, v in params.items()}
    hidden, channels = p["conv.weight"].shape[:2]
    classes, features = p["fc.weight"].shape
    net = nn.Sequential(nn.Conv2d(channels, hidden, kernel_size=3, padding=1), nn.ReLU(), nn.Flatten(),
                        nn.Linear(features, classes))
    with torch.no_grad():
        net[0].weight.copy_(p["conv.weight"])
        net[0].bias.copy_(p["conv.bias"])
        net[3].weight.copy_(p["fc.weight"])
        net[3].bias.copy_(p["fc.bias"])
    return net.eval()


def pick(logits, target):
    return logits.gather(1, target.reshape(-1, 1)).reshape(-1)


def logit_grad(net, x, target):
    """Gradient of each image's target logit; target is repeated when x stacks several copies of the batch."""
    x = x.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(pick(net(x), target).sum(), x)
    return g


def saliency(x, target, params):
    g = logit_grad(network(params), t(x), torch.as_tensor(target))
    return g, g.abs().amax(dim=1)


def gradient_times_input(x, baseline, target, params):
    x = t(x)
    return (x - t(baseline)) * logit_grad(network(params), x, torch.as_tensor(target))


def integrated_gradients(x, baseline, target, params, steps):
    net, x, baseline, target = network(params), t(x), t(baseline), torch.as_tensor(target)
    alphas = torch.arange(1, steps + 1, dtype=torch.float32).reshape(-1, 1, 1, 1, 1) / steps
    path = (baseline + alphas * (x - baseline)).flatten(0, 1)            # (m * B, C, H, W)
    grads = logit_grad(net, path, target.repeat(steps)).reshape(steps, *x.shape)
    attributions = (x - baseline) * grads.mean(dim=0)
    with torch.no_grad():
        rise = pick(net(x), target) - pick(net(baseline), target)
    return attributions, attributions.sum(dim=(1, 2, 3)) - rise


def smoothgrad(x, noise, target, params):
    x, noise, target = t(x), t(noise), torch.as_tensor(target)
    n = noise.shape[0]
    grads = logit_grad(network(params), (x + noise).flatten(0, 1), target.repeat(n))
    return grads.reshape(n, *x.shape).mean(dim=0)


def loss_grad(net, x, label):
    x = x.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(F.cross_entropy(net(x), label), x)
    return g


def fgsm(x, label, params, eps):
    x = t(x)
    return (x + eps * loss_grad(network(params), x, torch.as_tensor(label)).sign()).clamp(0, 1)


def pgd(x, label, delta0, params, eps, alpha, steps):
    net, x, label = network(params), t(x), torch.as_tensor(label)
    adv = (x + t(delta0)).clamp(0, 1)
    for _ in range(steps):
        adv = adv + alpha * loss_grad(net, adv, label).sign()
        adv = torch.min(torch.max(adv, x - eps), x + eps).clamp(0, 1)
    return adv


def feature_visualization(x0, target, params, lr, l2, steps):
    net, x, target = network(params), t(x0), torch.as_tensor(target)
    for _ in range(steps):
        x = x.detach().requires_grad_(True)
        objective = pick(net(x), target).sum() - l2 * (x * x).sum()
        (g,) = torch.autograd.grad(objective, x)
        x = (x + lr * g).clamp(0, 1)
    return x.detach()
