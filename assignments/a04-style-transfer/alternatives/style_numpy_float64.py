"""a04-style-transfer, alternative formulation: NumPy instead of PyTorch, float64 throughout, no
autograd. The 3x3 convolutions are einsums over sliding windows of the zero-padded input
(numpy.lib.stride_tricks.sliding_window_view), and the gradient of the activation is
back-propagated by hand: through each ReLU by its 0/1 derivative, through each convolution as a
convolution with the kernel flipped in space and its in/out channels swapped.

Written from README.md alone; it must score full marks like the solution.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _f64(a):
    return np.asarray(a, dtype=np.float64)


def gram_matrix(features):
    f = _f64(features)
    b, c, h, w = f.shape
    maps = f.reshape(b, c, h * w)
    return np.einsum("bcp,bdp->bcd", maps, maps) / (h * w)


def content_loss(generated, content):
    return float(np.mean((_f64(generated) - _f64(content)) ** 2))


def style_loss(generated, style, layer_weights):
    total = 0.0
    for layer, weight in layer_weights.items():
        difference = gram_matrix(generated[layer]) - gram_matrix(style[layer])
        total += float(weight) * float(np.mean(difference ** 2))
    return total


def total_variation_loss(image):
    x = _f64(image)
    down = np.abs(np.diff(x, axis=2)).sum()
    right = np.abs(np.diff(x, axis=3)).sum()
    return float(down + right)


def _conv3x3(x, weight, bias=None):
    """Cross-correlation with a (O, C, 3, 3) kernel and padding 1, as torch's conv2d: (B, C, H, W) -> (B, O, H, W)."""
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    windows = sliding_window_view(padded, (3, 3), axis=(2, 3))  # (B, C, H, W, 3, 3)
    out = np.einsum("bchwij,ocij->bohw", windows, weight)
    return out if bias is None else out + bias[None, :, None, None]


def _conv3x3_input_gradient(upstream, weight):
    """The gradient with respect to the input of _conv3x3, given the gradient of its output:
    a padding-1 convolution of the upstream gradient with the kernel flipped and transposed."""
    return _conv3x3(upstream, weight[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))


def gradient_ascent_step(image, params, unit, step_size):
    x = _f64(image)
    w1, b1 = _f64(params["conv1.weight"]), _f64(params["conv1.bias"])
    w2, b2 = _f64(params["conv2.weight"]), _f64(params["conv2.bias"])
    unit = int(unit)

    z1 = _conv3x3(x, w1, b1)
    a1 = np.maximum(z1, 0.0)
    z2 = _conv3x3(a1, w2, b2)
    a2 = np.maximum(z2, 0.0)
    b, _, h, w = a2.shape
    activation = a2[:, unit].mean()

    d_a2 = np.zeros_like(a2)
    d_a2[:, unit] = 1.0 / (b * h * w)  # d mean / d each averaged element
    d_z2 = d_a2 * (z2 > 0)
    d_a1 = _conv3x3_input_gradient(d_z2, w2)
    d_z1 = d_a1 * (z1 > 0)
    g = _conv3x3_input_gradient(d_z1, w1)

    new_image = x + float(step_size) * g / (np.sqrt(np.mean(g ** 2)) + 1e-8)
    return new_image, float(activation), {"conv1": a1, "conv2": a2, "gradient": g}
