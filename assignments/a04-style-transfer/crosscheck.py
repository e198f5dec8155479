"""Independent check of the TorchSharp reference for a04: the Gram matrix by einsum, the losses by
torch's own reductions, and the ascent step with nn.Conv2d modules (weights copied in) and
PyTorch's autograd."""
import torch
import torch.nn.functional as F

import crosscheck


def gram(f):
    f = f.double()
    return torch.einsum("bchw,bdhw->bcd", f, f) / (f.shape[2] * f.shape[3])


def gram_matrix(features):
    return {"gram": gram(features)}


def content_loss(generated, content):
    return {"loss": F.mse_loss(generated.double(), content.double())}


def style_loss(generated, style, layer_weights):
    total = sum(layer_weights[l] * F.mse_loss(gram(generated[l]), gram(style[l])) for l in layer_weights)
    return {"loss": total}


def total_variation_loss(image):
    x = image.double()
    return {"loss": torch.diff(x, dim=2).abs().sum() + torch.diff(x, dim=3).abs().sum()}


def gradient_ascent_step(image, params, unit, step_size):
    conv1 = torch.nn.Conv2d(3, params["conv1.weight"].shape[0], 3, padding=1, dtype=torch.float64)
    conv2 = torch.nn.Conv2d(conv1.out_channels, params["conv2.weight"].shape[0], 3, padding=1, dtype=torch.float64)
    with torch.no_grad():
        for name, module in (("conv1", conv1), ("conv2", conv2)):
            module.weight.copy_(params[f"{name}.weight"])
            module.bias.copy_(params[f"{name}.bias"])
    x = image.double().clone().requires_grad_(True)
    h1 = torch.relu(conv1(x))
    h2 = torch.relu(conv2(h1))
    activation = h2[:, unit].mean()
    activation.backward()
    g = x.grad
    stepped = x.detach() + step_size * g / (torch.sqrt(torch.mean(g * g)) + 1e-8)
    return {"image": stepped, "activation": activation, "conv1": h1, "conv2": h2, "gradient": g}


crosscheck.run(globals())
