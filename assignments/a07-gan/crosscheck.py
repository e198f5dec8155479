"""Independent check of the TorchSharp reference for a07: the losses in closed form with
torch.logaddexp and their gradients by autograd, the DCGAN networks as nn.Sequential stacks of
PyTorch's own modules (the tutorial's layout, weights copied in), the parameter counts from those
modules, and the gradient penalty with torch.func: each sample's input gradient by vmap(grad(...))
(no sum trick), the penalty's weight gradient by an outer grad over the parameters."""
import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, grad, vmap

import crosscheck


def gan_losses(real_logits, fake_logits):
    # -log sigmoid(x) = log(1 + e^-x) = logaddexp(0, -x) and -log(1 - sigmoid(x)) = logaddexp(0, x): the closed
    # form, independent of the reference's binary_cross_entropy_with_logits.
    real = real_logits.double()
    fake = fake_logits.double().requires_grad_(True)
    zero = torch.zeros((), dtype=torch.float64)
    d_loss = torch.logaddexp(zero, -real).mean() + torch.logaddexp(zero, fake).mean()
    g_loss = torch.logaddexp(zero, -fake).mean()
    return {"d_loss": d_loss, "g_loss": g_loss,
            "d_grad": torch.autograd.grad(d_loss, fake)[0], "g_grad": torch.autograd.grad(g_loss, fake)[0]}


def generator(nz, ngf, nc):
    return nn.Sequential(
        nn.ConvTranspose2d(nz, 2 * ngf, 4, 1, 0, bias=False), nn.BatchNorm2d(2 * ngf), nn.ReLU(),
        nn.ConvTranspose2d(2 * ngf, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(),
        nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False), nn.Tanh()).double()


def discriminator(ndf, nc):
    return nn.Sequential(
        nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf, 2 * ndf, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * ndf), nn.LeakyReLU(0.2),
        nn.Conv2d(2 * ndf, 1, 4, 1, 0, bias=False), nn.Flatten(0)).double()


def copy_in(net, params, names):
    with torch.no_grad():
        for index, name in names.items():
            net.get_parameter(index).copy_(params[name])


def dcgan_generator(z, params):
    nz, two_ngf = params["convt1.weight"].shape[:2]
    net = generator(nz, two_ngf // 2, params["convt3.weight"].shape[1]).train()
    copy_in(net, params, {"0.weight": "convt1.weight", "1.weight": "bn1.weight", "1.bias": "bn1.bias",
                          "3.weight": "convt2.weight", "4.weight": "bn2.weight", "4.bias": "bn2.bias", "6.weight": "convt3.weight"})
    x = z.double()
    h1 = net[:3](x)
    h2 = net[3:6](h1)
    return {"image": net[6:](h2), "block1": h1, "block2": h2}


def dcgan_discriminator(images, params):
    ndf, nc = params["conv1.weight"].shape[:2]
    net = discriminator(ndf, nc).train()
    copy_in(net, params, {"0.weight": "conv1.weight", "2.weight": "conv2.weight", "3.weight": "bn2.weight",
                          "3.bias": "bn2.bias", "5.weight": "conv3.weight"})
    h1 = net[:2](images.double())
    h2 = net[2:5](h1)
    return {"logits": net[5:](h2), "block1": h1, "block2": h2}


def dcgan_param_counts(nz, ngf, ndf, nc):
    count = lambda net: torch.tensor(float(sum(p.numel() for p in net.parameters() if p.requires_grad)))
    return {"generator": count(generator(nz, ngf, nc)), "discriminator": count(discriminator(ndf, nc))}


def wgan_losses(real_scores, fake_scores):
    real, fake = real_scores.double(), fake_scores.double()
    # The paper's maximised critic objective, negated.
    return {"critic_loss": -(real.mean() - fake.mean()), "generator_loss": -fake.mean()}


def clip_weights(params, c):
    return {name: torch.clamp(value, min=-c, max=c) for name, value in params.items()}


def gradient_penalty(real, fake, eps, params):
    hidden, channels = params["conv.weight"].shape[:2]
    critic = nn.Sequential(nn.Conv2d(channels, hidden, 4, 2, 1), nn.LeakyReLU(0.2), nn.Flatten(),
                           nn.Linear(params["fc.weight"].shape[1], 1)).double()
    names = {"0.weight": "conv.weight", "0.bias": "conv.bias", "3.weight": "fc.weight", "3.bias": "fc.bias"}
    weights = {index: params[name].double() for index, name in names.items()}
    e = eps.double().reshape(-1, 1, 1, 1)
    xhat = e * real.double() + (1 - e) * fake.double()

    def score(w, x):  # one sample (C, H, W) -> its scalar score
        return functional_call(critic, w, (x.unsqueeze(0),)).reshape(())

    def penalty_of(w):
        g = vmap(grad(score, argnums=1), in_dims=(None, 0))(w, xhat)
        norm = torch.linalg.vector_norm(g.reshape(len(g), -1), dim=1)
        return 10.0 * torch.mean((norm - 1) ** 2), (g, norm)

    penalty, (g, norm) = penalty_of(weights)
    weight_grads = grad(lambda w: penalty_of(w)[0])(weights)
    result = {"xhat": xhat, "penalty": penalty, "scores": functional_call(critic, weights, (xhat,)).reshape(-1),
              "input_grad": g, "grad_norm": norm}
    result.update({f"grad.{name}": weight_grads[index] for index, name in names.items()})
    return result


crosscheck.run(globals())
