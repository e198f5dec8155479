"""a14-interpretation: write the functions below (see README.md for the exact definitions).

Arrays arrive as NumPy arrays (float64, or float32 where a test says so; class indices as int64);
`params` is a dict of NumPy arrays in PyTorch's layouts (conv.weight, conv.bias, fc.weight,
fc.bias). Return NumPy arrays, PyTorch tensors, Python numbers or anything numpy.asarray accepts."""


def saliency(x, target, params):
    """-> (gradient (B, C, H, W), saliency (B, H, W)): d logit_target / dx and max over channels of |gradient|."""
    raise NotImplementedError


def gradient_times_input(x, baseline, target, params):
    """-> attribution (B, C, H, W) = (x - baseline) * d logit_target / dx at x."""
    raise NotImplementedError


def integrated_gradients(x, baseline, target, params, steps):
    """-> (attributions (B, C, H, W), completeness_gap (B,)), the right Riemann sum with `steps` points."""
    raise NotImplementedError


def smoothgrad(x, noise, target, params):
    """-> smoothgrad (B, C, H, W): the logit gradient averaged over the noisy copies x + noise[i]."""
    raise NotImplementedError


def fgsm(x, label, params, eps):
    """-> x_adv (B, C, H, W) = clip(x + eps * sign(d CE / dx), 0, 1)."""
    raise NotImplementedError


def pgd(x, label, delta0, params, eps, alpha, steps):
    """-> x_adv (B, C, H, W): `steps` signed steps from clip(x + delta0, 0, 1), each projected and clipped."""
    raise NotImplementedError


def feature_visualization(x0, target, params, lr, l2, steps):
    """-> x (B, C, H, W) after `steps` steps of gradient ascent on logit_target(x) - l2 * sum(x ** 2)."""
    raise NotImplementedError
