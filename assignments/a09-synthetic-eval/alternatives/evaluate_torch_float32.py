"""a09-synthetic-eval, a second formulation: PyTorch in float32 throughout; torch.cov for the statistics, the square
root of sigma2 (not sigma1) in the symmetric form, and the post-hoc models as nn.Linear layers trained with autograd,
BCEWithLogitsLoss / MSELoss and torch.optim.SGD."""
import torch
import torch.nn as nn

F32 = torch.float32


def t32(a):
    return torch.as_tensor(a).to(F32)


def gaussian_statistics(features):
    x = t32(features)
    return x.mean(dim=0), torch.cov(x.T, correction=1)


def frechet_distance(mu1, sigma1, mu2, sigma2):
    mu1, sigma1, mu2, sigma2 = map(t32, (mu1, sigma1, mu2, sigma2))
    lam, v = torch.linalg.eigh(sigma2)
    root2 = v @ torch.diag(lam.clamp(min=0).sqrt()) @ v.T
    trace_sqrt = torch.linalg.eigvalsh(root2 @ sigma1 @ root2).clamp(min=0).sqrt().sum()
    mean_term = torch.dot(mu1 - mu2, mu1 - mu2)
    return mean_term + torch.trace(sigma1 + sigma2) - 2 * trace_sqrt, {"mean_term": mean_term, "trace_sqrt": trace_sqrt}


def fid_from_features(real, synthetic):
    (m1, s1), (m2, s2) = gaussian_statistics(real), gaussian_statistics(synthetic)
    fid, stages = frechet_distance(m1, s1, m2, s2)
    return fid, dict(stages, mu_real=m1, sigma_real=s1, mu_synthetic=m2, sigma_synthetic=s2)


def _train(model, inputs, targets, loss_fn, steps, lr):
    optimiser = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        optimiser.zero_grad()
        loss_fn(model(inputs).squeeze(-1), targets).backward()
        optimiser.step()


def discriminative_score(real_train, synthetic_train, real_test, synthetic_test, weight, bias, steps, lr):
    length, features = weight.shape
    model = nn.Linear(length * features, 1, dtype=F32)
    with torch.no_grad():
        model.weight.copy_(t32(weight).reshape(1, -1))  # row-major flattening of (T, F) matches x.reshape(N, T*F)
        model.bias.copy_(t32(bias).reshape(1))
    x = torch.cat([t32(real_train), t32(synthetic_train)]).flatten(1)
    y = torch.cat([torch.ones(len(real_train)), torch.zeros(len(synthetic_train))]).to(F32)
    _train(model, x, y, nn.BCEWithLogitsLoss(), steps, lr)
    with torch.no_grad():
        logits = model(torch.cat([t32(real_test), t32(synthetic_test)]).flatten(1)).squeeze(-1)
        is_real = torch.cat([torch.ones(len(real_test)), torch.zeros(len(synthetic_test))]).bool()
        accuracy = ((torch.sigmoid(logits) > 0.5) == is_real).to(F32).mean()
    return (accuracy - 0.5).abs(), accuracy, model.weight.detach().reshape(length, features), model.bias.detach()[0], {"test_logits": logits}


def predictive_score(synthetic, real, weight, bias, steps, lr):
    model = nn.Linear(len(weight), 1, dtype=F32)
    with torch.no_grad():
        model.weight.copy_(t32(weight).reshape(1, -1))
        model.bias.copy_(t32(bias).reshape(1))
    s = t32(synthetic)
    _train(model, s[:, :-1, :-1], s[:, 1:, -1], nn.MSELoss(), steps, lr)
    r = t32(real)
    with torch.no_grad():
        predictions = model(r[:, :-1, :-1]).squeeze(-1)
        mae = (predictions - r[:, 1:, -1]).abs().mean(dim=1).mean()
    return mae, model.weight.detach()[0], model.bias.detach()[0], {"predictions": predictions}
