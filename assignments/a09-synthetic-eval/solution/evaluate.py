"""a09-synthetic-eval, instructor solution: the Frechet distance and FID, TimeGAN's discriminative score and its
predictive score (train on synthetic, test on real). NumPy, float64 throughout, closed-form gradients."""
import numpy as np


def gaussian_statistics(features):
    x = np.asarray(features, dtype=np.float64)
    mu = x.mean(axis=0)
    centred = x - mu
    return mu, centred.T @ centred / (x.shape[0] - 1)  # ddof = 1, like np.cov(x, rowvar=False)


def _sqrt_psd(a):
    lam, v = np.linalg.eigh(a)
    return (v * np.sqrt(np.clip(lam, 0.0, None))) @ v.T  # rounding can make a zero eigenvalue slightly negative


def frechet_distance(mu1, sigma1, mu2, sigma2):
    mu1, sigma1, mu2, sigma2 = (np.asarray(a, dtype=np.float64) for a in (mu1, sigma1, mu2, sigma2))
    mean_term = np.sum((mu1 - mu2) ** 2)
    root1 = _sqrt_psd(sigma1)
    # Tr (S1 S2)^(1/2) = Tr (S1^(1/2) S2 S1^(1/2))^(1/2): same eigenvalues, but a symmetric matrix.
    trace_sqrt = np.sum(np.sqrt(np.clip(np.linalg.eigvalsh(root1 @ sigma2 @ root1), 0.0, None)))
    distance = mean_term + np.trace(sigma1) + np.trace(sigma2) - 2.0 * trace_sqrt
    return distance, {"mean_term": mean_term, "trace_sqrt": trace_sqrt}


def fid_from_features(real, synthetic):
    mu_real, sigma_real = gaussian_statistics(real)
    mu_synthetic, sigma_synthetic = gaussian_statistics(synthetic)
    fid, stages = frechet_distance(mu_real, sigma_real, mu_synthetic, sigma_synthetic)
    stages.update(mu_real=mu_real, sigma_real=sigma_real, mu_synthetic=mu_synthetic, sigma_synthetic=sigma_synthetic)
    return fid, stages


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def discriminative_score(real_train, synthetic_train, real_test, synthetic_test, weight, bias, steps, lr):
    x = np.concatenate([real_train, synthetic_train]).astype(np.float64)
    y = np.concatenate([np.ones(len(real_train)), np.zeros(len(synthetic_train))])
    w = np.array(weight, dtype=np.float64)
    b = float(bias)
    for _ in range(steps):
        residual = _sigmoid(np.einsum("ntf,tf->n", x, w) + b) - y  # d(mean BCE)/d(logit), times N
        w, b = w - lr * np.einsum("ntf,n->tf", x, residual) / len(x), b - lr * residual.mean()
    test_x = np.concatenate([real_test, synthetic_test]).astype(np.float64)
    test_y = np.concatenate([np.ones(len(real_test)), np.zeros(len(synthetic_test))])
    logits = np.einsum("ntf,tf->n", test_x, w) + b
    accuracy = np.mean((logits > 0) == (test_y == 1))  # real iff p > 0.5, i.e. logit > 0
    return abs(accuracy - 0.5), accuracy, w, b, {"test_logits": logits}


def _slice(x):
    """Inputs: the first F - 1 features at steps 0 .. T-2; targets: the last feature at steps 1 .. T-1."""
    return x[:, :-1, :-1], x[:, 1:, -1]


def predictive_score(synthetic, real, weight, bias, steps, lr):
    inputs, targets = _slice(np.asarray(synthetic, dtype=np.float64))
    w = np.array(weight, dtype=np.float64)
    b = float(bias)
    for _ in range(steps):
        residual = inputs @ w + b - targets
        w, b = w - lr * 2 * np.einsum("ntf,nt->f", inputs, residual) / residual.size, b - lr * 2 * residual.mean()
    real_inputs, real_targets = _slice(np.asarray(real, dtype=np.float64))
    predictions = real_inputs @ w + b
    mae = np.abs(predictions - real_targets).mean(axis=1).mean()  # per sequence, then over sequences
    return mae, w, b, {"predictions": predictions}
