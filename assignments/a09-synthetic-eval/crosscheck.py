"""Independent check of the TorchSharp reference for a09, in float64: the statistics by torch.cov; the trace of
(S1 S2)^(1/2) as the sum of square roots of the (real, non-negative) eigenvalues of the non-symmetric S1 @ S2 by
torch.linalg.eigvals, not the reference's symmetric form (SciPy's sqrtm is not in the sandbox image); the post-hoc
models as nn.Linear layers trained by autograd, BCEWithLogitsLoss and MSELoss and torch.optim.SGD."""
import torch
import torch.nn as nn

import crosscheck

F64 = torch.float64


def gaussian_statistics(features):
    x = features.double()
    return {"mu": x.mean(dim=0), "sigma": torch.cov(x.T, correction=1)}


def frechet_distance(mu1, sigma1, mu2, sigma2):
    mu1, sigma1, mu2, sigma2 = (a.double() for a in (mu1, sigma1, mu2, sigma2))
    eigenvalues = torch.linalg.eigvals(sigma1 @ sigma2)
    trace_sqrt = eigenvalues.real.clamp(min=0).sqrt().sum()
    mean_term = torch.linalg.vector_norm(mu1 - mu2) ** 2
    distance = mean_term + torch.trace(sigma1) + torch.trace(sigma2) - 2 * trace_sqrt
    return {"distance": distance, "mean_term": mean_term, "trace_sqrt": trace_sqrt}


def fid_from_features(real, synthetic):
    a, b = gaussian_statistics(real), gaussian_statistics(synthetic)
    out = frechet_distance(a["mu"], a["sigma"], b["mu"], b["sigma"])
    out["fid"] = out.pop("distance")
    return dict(out, mu_real=a["mu"], sigma_real=a["sigma"], mu_synthetic=b["mu"], sigma_synthetic=b["sigma"])


def _linear(weight, bias):
    layer = nn.Linear(weight.numel(), 1, dtype=F64)
    with torch.no_grad():
        layer.weight.copy_(weight.double().reshape(1, -1))
        layer.bias.copy_(bias.double().reshape(1))
    return layer


def _train(model, inputs, targets, loss_fn, steps, lr):
    optimiser = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        optimiser.zero_grad()
        loss_fn(model(inputs).squeeze(-1), targets).backward()
        optimiser.step()


def discriminative_score(real_train, synthetic_train, real_test, synthetic_test, weight, bias, steps, lr):
    model = _linear(weight, bias)
    x = torch.cat([real_train, synthetic_train]).double().flatten(1)
    y = torch.cat([torch.ones(len(real_train), dtype=F64), torch.zeros(len(synthetic_train), dtype=F64)])
    _train(model, x, y, nn.BCEWithLogitsLoss(), steps, lr)
    with torch.no_grad():
        logits = model(torch.cat([real_test, synthetic_test]).double().flatten(1)).squeeze(-1)
        truth = torch.cat([torch.ones(len(real_test)), torch.zeros(len(synthetic_test))]).bool()
        accuracy = ((torch.sigmoid(logits) > 0.5) == truth).double().mean()
    return {"score": (accuracy - 0.5).abs(), "accuracy": accuracy, "weight": model.weight.reshape(weight.shape),
            "bias": model.bias[0], "test_logits": logits}


def predictive_score(synthetic, real, weight, bias, steps, lr):
    model = _linear(weight, bias)
    s, r = synthetic.double(), real.double()
    _train(model, s[:, :-1, :-1], s[:, 1:, -1], nn.MSELoss(), steps, lr)
    with torch.no_grad():
        predictions = model(r[:, :-1, :-1]).squeeze(-1)
        per_sequence = torch.stack([nn.functional.l1_loss(p, t) for p, t in zip(predictions, r[:, 1:, -1])])
    return {"mae": per_sequence.mean(), "weight": model.weight[0], "bias": model.bias[0], "predictions": predictions}


crosscheck.run(globals())
