"""Instructor solution for a04-style-transfer (PyTorch, for its autograd). The ascent step also
returns its stages."""
import torch
import torch.nn.functional as F


def t(x):
    # float32 on purpose, whatever the input: it shows the manifest's tolerances admit a float32
    # implementation against the float64 goldens.
    return torch.as_tensor(x, dtype=torch.float32)


def gram_matrix(features):
    f = t(features)
    b, c, h, w = f.shape
    f = f.reshape(b, c, h * w)
    return f @ f.transpose(1, 2) / (h * w)


def content_loss(generated, content):
    return torch.mean((t(generated) - t(content)) ** 2)


def style_loss(generated, style, layer_weights):
    return sum(float(layer_weights[layer]) * torch.mean((gram_matrix(generated[layer]) - gram_matrix(style[layer])) ** 2)
               for layer in layer_weights)


def total_variation_loss(image):
    x = t(image)
    return (x[:, :, 1:, :] - x[:, :, :-1, :]).abs().sum() + (x[:, :, :, 1:] - x[:, :, :, :-1]).abs().sum()


def gradient_ascent_step(image, params, unit, step_size):
    p = {k: t(v) for k, v in params.items()}
    x = t(image).clone().requires_grad_(True)
    conv1 = F.relu(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], padding=1))
    conv2 = F.relu(F.conv2d(conv1, p["conv2.weight"], p["conv2.bias"], padding=1))
    activation = conv2[:, unit].mean()
    (gradient,) = torch.autograd.grad(activation, x)
    normalised = gradient / (gradient.pow(2).mean().sqrt() + 1e-8)
    stages = {"conv1": conv1.detach(), "conv2": conv2.detach(), "gradient": gradient}
    return (x + step_size * normalised).detach(), activation.detach(), stages
