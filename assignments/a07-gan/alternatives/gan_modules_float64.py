"""An independent formulation of a07-gan: PyTorch nn modules with the given weights copied in,
float64 throughout; the BCE losses through BCEWithLogitsLoss with targets, the interpolation as
fake + eps * (real - fake), the penalty's weight gradients by backward() into the modules."""
import torch
from torch import nn


def d64(x):
    return torch.as_tensor(x).to(torch.float64)


def load(module, params):
    with torch.no_grad():
        for name, value in module.named_parameters():
            value.copy_(d64(params[name]))
    return module


def gan_losses(real_logits, fake_logits):
    bce = nn.BCEWithLogitsLoss()  # mean over the batch
    real = d64(real_logits)
    fake = d64(fake_logits).clone().requires_grad_(True)
    d_loss = bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake))
    g_loss = bce(fake, torch.ones_like(fake))
    d_grad = torch.autograd.grad(d_loss, fake)[0]
    g_grad = torch.autograd.grad(g_loss, fake)[0]
    return {"d_loss": d_loss, "g_loss": g_loss, "d_grad": d_grad, "g_grad": g_grad}


class Generator(nn.Module):
    def __init__(self, nz, ngf, nc):
        super().__init__()
        self.convt1 = nn.ConvTranspose2d(nz, 2 * ngf, 4, 1, 0, bias=False, dtype=torch.float64)
        self.bn1 = nn.BatchNorm2d(2 * ngf, eps=1e-5, dtype=torch.float64)
        self.convt2 = nn.ConvTranspose2d(2 * ngf, ngf, 4, 2, 1, bias=False, dtype=torch.float64)
        self.bn2 = nn.BatchNorm2d(ngf, eps=1e-5, dtype=torch.float64)
        self.convt3 = nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False, dtype=torch.float64)

    def forward(self, z):
        h = torch.relu(self.bn1(self.convt1(z)))
        h = torch.relu(self.bn2(self.convt2(h)))
        return torch.tanh(self.convt3(h))


class Discriminator(nn.Module):
    def __init__(self, ndf, nc):
        super().__init__()
        self.conv1 = nn.Conv2d(nc, ndf, 4, 2, 1, bias=False, dtype=torch.float64)
        self.conv2 = nn.Conv2d(ndf, 2 * ndf, 4, 2, 1, bias=False, dtype=torch.float64)
        self.bn2 = nn.BatchNorm2d(2 * ndf, eps=1e-5, dtype=torch.float64)
        self.conv3 = nn.Conv2d(2 * ndf, 1, 4, 1, 0, bias=False, dtype=torch.float64)
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x):
        h = self.act(self.conv1(x))
        h = self.act(self.bn2(self.conv2(h)))
        return self.conv3(h).flatten()


def dcgan_generator(z, params):
    nz, two_ngf = params["convt1.weight"].shape[:2]
    nc = params["convt3.weight"].shape[1]
    net = load(Generator(nz, two_ngf // 2, nc), params).train()
    with torch.no_grad():
        return net(d64(z))


def dcgan_discriminator(images, params):
    ndf, nc = params["conv1.weight"].shape[:2]
    net = load(Discriminator(ndf, nc), params).train()
    with torch.no_grad():
        return net(d64(images))


def dcgan_param_counts(nz, ngf, ndf, nc):
    count = lambda m: sum(p.numel() for p in m.parameters())
    return count(Generator(nz, ngf, nc)), count(Discriminator(ndf, nc))


def wgan_losses(real_scores, fake_scores):
    real, fake = d64(real_scores), d64(fake_scores)
    return {"critic_loss": torch.mean(fake) - torch.mean(real), "generator_loss": -torch.mean(fake)}


def clip_weights(params, c):
    # As the WGAN code does it: build the critic and clamp every parameter in place.
    ndf, nc = params["conv1.weight"].shape[:2]
    net = load(Discriminator(ndf, nc), params)
    for p in net.parameters():
        p.data.clamp_(-c, c)
    return dict(net.named_parameters())


class Critic(nn.Module):
    def __init__(self, channels, hidden, features):
        super().__init__()
        self.conv = nn.Conv2d(channels, hidden, 4, 2, 1, dtype=torch.float64)
        self.fc = nn.Linear(features, 1, dtype=torch.float64)

    def forward(self, x):
        return self.fc(nn.functional.leaky_relu(self.conv(x), 0.2).reshape(x.shape[0], -1)).squeeze(1)


def gradient_penalty(real, fake, eps, params):
    hidden, channels = params["conv.weight"].shape[:2]
    critic = load(Critic(channels, hidden, params["fc.weight"].shape[1]), params)
    real, fake = d64(real), d64(fake)
    alpha = d64(eps)[:, None, None, None]
    xhat = (fake + alpha * (real - fake)).requires_grad_(True)
    scores = critic(xhat)
    g = torch.autograd.grad(scores, xhat, grad_outputs=torch.ones_like(scores), create_graph=True)[0]
    norm = torch.sqrt((g.reshape(len(g), -1) ** 2).sum(dim=1))
    penalty = 10.0 * torch.mean((norm - 1.0) ** 2)
    penalty.backward()
    result = {"xhat": xhat.detach(), "penalty": penalty.detach()}
    for name, p in critic.named_parameters():
        # fc.bias does not reach the input gradient, so backward() leaves its .grad unset: zero.
        result["grad." + name] = torch.zeros_like(p) if p.grad is None else p.grad.clone()
    return result
