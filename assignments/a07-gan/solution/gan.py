"""Instructor solution for a07-gan (PyTorch functional ops, for the autograd). The DCGAN blocks and
the gradient penalty also return their stages."""
import torch
import torch.nn.functional as F


def t(x):
    # float32 on purpose, whatever the input: it shows the manifest's tolerances admit a float32
    # implementation against the float64 goldens.
    return torch.as_tensor(x, dtype=torch.float32)


def lrelu(x):
    return F.leaky_relu(x, 0.2)


def batch_norm(x, weight, bias):
    # Training mode: the batch's own mean and biased variance over (B, H, W), eps 1e-5.
    return F.batch_norm(x, None, None, weight, bias, training=True, eps=1e-5)


def gan_losses(real_logits, fake_logits):
    real = t(real_logits)
    fake = t(fake_logits).requires_grad_(True)
    # softplus(-x) = -log sigmoid(x) and softplus(x) = -log(1 - sigmoid(x)), both finite for |x| = 1000.
    d_loss = F.softplus(-real).mean() + F.softplus(fake).mean()
    g_loss = F.softplus(-fake).mean()
    (d_grad,) = torch.autograd.grad(d_loss, fake)
    (g_grad,) = torch.autograd.grad(g_loss, fake)
    return d_loss.detach(), g_loss.detach(), d_grad, g_grad


def dcgan_generator(z, params):
    p = {k: t(v) for k, v in params.items()}
    h1 = F.relu(batch_norm(F.conv_transpose2d(t(z), p["convt1.weight"], stride=1, padding=0), p["bn1.weight"], p["bn1.bias"]))
    h2 = F.relu(batch_norm(F.conv_transpose2d(h1, p["convt2.weight"], stride=2, padding=1), p["bn2.weight"], p["bn2.bias"]))
    image = torch.tanh(F.conv_transpose2d(h2, p["convt3.weight"], stride=2, padding=1))
    return image, {"block1": h1, "block2": h2}


def dcgan_discriminator(images, params):
    p = {k: t(v) for k, v in params.items()}
    h1 = lrelu(F.conv2d(t(images), p["conv1.weight"], stride=2, padding=1))
    h2 = lrelu(batch_norm(F.conv2d(h1, p["conv2.weight"], stride=2, padding=1), p["bn2.weight"], p["bn2.bias"]))
    logits = F.conv2d(h2, p["conv3.weight"], stride=1, padding=0).reshape(-1)
    return logits, {"block1": h1, "block2": h2}


def dcgan_param_counts(nz, ngf, ndf, nc):
    # Convolutions have no bias; each BatchNorm has a weight and a bias per channel (running stats are buffers).
    generator = nz * 2 * ngf * 16 + 2 * (2 * ngf) + 2 * ngf * ngf * 16 + 2 * ngf + ngf * nc * 16
    discriminator = nc * ndf * 16 + ndf * 2 * ndf * 16 + 2 * (2 * ndf) + 2 * ndf * 16
    return generator, discriminator


def wgan_losses(real_scores, fake_scores):
    real, fake = t(real_scores), t(fake_scores)
    return fake.mean() - real.mean(), -fake.mean()


def clip_weights(params, c):
    return {name: t(value).clamp(-c, c) for name, value in params.items()}


def critic(x, p):
    h = lrelu(F.conv2d(x, p["conv.weight"], p["conv.bias"], stride=2, padding=1))
    return F.linear(h.flatten(1), p["fc.weight"], p["fc.bias"]).reshape(-1)


def gradient_penalty(real, fake, eps, params):
    p = {k: t(v).requires_grad_(True) for k, v in params.items()}
    e = t(eps).reshape(-1, 1, 1, 1)
    xhat = (e * t(real) + (1 - e) * t(fake)).requires_grad_(True)
    scores = critic(xhat, p)
    # create_graph=True keeps the input gradient differentiable, so the penalty has weight gradients.
    (g,) = torch.autograd.grad(scores.sum(), xhat, create_graph=True)
    norm = g.flatten(1).norm(dim=1)
    penalty = 10 * ((norm - 1) ** 2).mean()
    names = ["conv.weight", "conv.bias", "fc.weight", "fc.bias"]
    grads = torch.autograd.grad(penalty, [p[n] for n in names], allow_unused=True)
    out = {"xhat": xhat.detach(), "penalty": penalty.detach()}
    out.update({f"grad.{n}": torch.zeros_like(p[n]) if gr is None else gr for n, gr in zip(names, grads)})
    stages = {"scores": scores.detach(), "input_grad": g.detach(), "grad_norm": norm.detach()}
    return (*out.values(), stages)
