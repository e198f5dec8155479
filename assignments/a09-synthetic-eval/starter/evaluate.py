"""a09-synthetic-eval: how good is synthetic data?

Fill in each function. Arrays arrive as NumPy arrays; return NumPy arrays, PyTorch tensors or Python floats.
NumPy and PyTorch (CPU) are installed; SciPy is not. README.md gives every shape, convention and how grading works.
"""
import numpy as np


def gaussian_statistics(features):
    """(N, D) -> (mu (D,), sigma (D, D)), the sample covariance with ddof = 1."""
    raise NotImplementedError("gaussian_statistics is not written yet")


def frechet_distance(mu1, sigma1, mu2, sigma2):
    """The squared Frechet distance ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)). A scalar."""
    raise NotImplementedError("frechet_distance is not written yet")


def fid_from_features(real, synthetic):
    """(N1, D), (N2, D) -> the Frechet distance between the Gaussians fitted to each. A scalar."""
    raise NotImplementedError("fid_from_features is not written yet")


def discriminative_score(real_train, synthetic_train, real_test, synthetic_test, weight, bias, steps, lr):
    """Train logistic regression (real = 1) by full-batch gradient descent; return (score, accuracy, weight, bias)."""
    raise NotImplementedError("discriminative_score is not written yet")


def predictive_score(synthetic, real, weight, bias, steps, lr):
    """Train the one-step-ahead predictor on synthetic, test on real; return (mae, weight, bias)."""
    raise NotImplementedError("predictive_score is not written yet")
