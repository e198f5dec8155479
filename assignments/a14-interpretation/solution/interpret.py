"""Instructor solution for a14-interpretation: NumPy, float64, with the network's backward pass
written out by hand (a 3 x 3 convolution's input gradient is the same nine shifted products run
backwards). The alternative does the same with PyTorch modules and autograd in float32."""
import numpy as np


def f64(a):
    return np.asarray(a, dtype=np.float64)


def weights(params):
    return {name: f64(value) for name, value in params.items()}


def conv3x3(x, weight, bias):
    """Conv2d(C, O, 3, stride 1, padding 1): out[b, o, i, j] = sum_{c,u,v} w[o, c, u, v] x[b, c, i+u-1, j+v-1] + bias[o]."""
    _, _, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((x.shape[0], weight.shape[0], h, w))
    for u in range(3):
        for v in range(3):
            out += np.einsum("oc,bchw->bohw", weight[:, :, u, v], padded[:, :, u:u + h, v:v + w])
    return out + bias[None, :, None, None]


def conv3x3_input_grad(grad_out, weight, h, w):
    """The transpose of conv3x3 w.r.t. its input: each tap sends grad_out back to the pixels it read."""
    grad_padded = np.zeros((grad_out.shape[0], weight.shape[1], h + 2, w + 2))
    for u in range(3):
        for v in range(3):
            grad_padded[:, :, u:u + h, v:v + w] += np.einsum("oc,bohw->bchw", weight[:, :, u, v], grad_out)
    return grad_padded[:, :, 1:h + 1, 1:w + 1]


def forward(x, p):
    """-> (logits (B, K), pre-activations (B, hidden, H, W))."""
    pre = conv3x3(x, p["conv.weight"], p["conv.bias"])
    hidden = np.maximum(pre, 0.0).reshape(len(x), -1)  # (channel, row, column) order, as torch.flatten
    return hidden @ p["fc.weight"].T + p["fc.bias"], pre


def input_grad(x, p, pre, grad_logits):
    """Backpropagates d(something)/d logits (B, K) to the input (B, C, H, W)."""
    grad_pre = (grad_logits @ p["fc.weight"]).reshape(pre.shape) * (pre > 0)
    return conv3x3_input_grad(grad_pre, p["conv.weight"], x.shape[2], x.shape[3])


def one_hot(index, classes):
    out = np.zeros((len(index), classes))
    out[np.arange(len(index)), np.asarray(index)] = 1.0
    return out


def logit_grad(x, target, p):
    """d z_target / d x for each image: the target class's logit, before any softmax."""
    logits, pre = forward(x, p)
    return input_grad(x, p, pre, one_hot(target, logits.shape[1]))


def target_logits(x, target, p):
    return forward(x, p)[0][np.arange(len(x)), np.asarray(target)]


def saliency(x, target, params):
    g = logit_grad(f64(x), target, weights(params))
    return g, np.abs(g).max(axis=1)


def gradient_times_input(x, baseline, target, params):
    x = f64(x)
    return (x - f64(baseline)) * logit_grad(x, target, weights(params))


def integrated_gradients(x, baseline, target, params, steps):
    p = weights(params)
    x, baseline = f64(x), f64(baseline)
    total = np.zeros_like(x)
    for k in range(1, steps + 1):  # right Riemann sum: alpha = k/m, k = 1..m
        total += logit_grad(baseline + k / steps * (x - baseline), target, p)
    mean_gradient = total / steps
    attributions = (x - baseline) * mean_gradient
    gap = attributions.sum(axis=(1, 2, 3)) - (target_logits(x, target, p) - target_logits(baseline, target, p))
    return attributions, gap, {"mean_gradient": mean_gradient}


def smoothgrad(x, noise, target, params):
    p = weights(params)
    x, noise = f64(x), f64(noise)
    return np.mean([logit_grad(x + n, target, p) for n in noise], axis=0)


def loss_grad(x, label, p):
    """d CE / d x, the cross-entropy of each image summed: softmax(z) - onehot(y) at the logits."""
    logits, pre = forward(x, p)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return input_grad(x, p, pre, e / e.sum(axis=1, keepdims=True) - one_hot(label, logits.shape[1]))


def fgsm(x, label, params, eps):
    x = f64(x)
    return np.clip(x + eps * np.sign(loss_grad(x, label, weights(params))), 0.0, 1.0)


def pgd(x, label, delta0, params, eps, alpha, steps):
    p = weights(params)
    x = f64(x)
    start = np.clip(x + f64(delta0), 0.0, 1.0)
    adv = start
    for _ in range(steps):
        adv = adv + alpha * np.sign(loss_grad(adv, label, p))  # step,
        adv = x + np.clip(adv - x, -eps, eps)                   # project onto the eps-ball,
        adv = np.clip(adv, 0.0, 1.0)                            # clip to the valid range
    return adv, {"start": start}


def feature_visualization(x0, target, params, lr, l2, steps):
    p = weights(params)
    x = f64(x0)
    for _ in range(steps):
        # Ascend z_c(x) - l2 * sum(x^2), whose gradient is dz_c/dx - 2 * l2 * x.
        x = np.clip(x + lr * (logit_grad(x, target, p) - 2 * l2 * x), 0.0, 1.0)
    return x
