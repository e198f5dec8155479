"""An independent formulation of a16-alignment: NumPy in float64, with every gradient derived by
hand instead of by autograd, the log-sigmoid through np.logaddexp."""
import numpy as np


def f64(x):
    return np.asarray(x, dtype=np.float64)


def neg_log_sigmoid(x):
    return np.logaddexp(0.0, -x)  # log(1 + e^-x)


def sigmoid_of_minus(x):
    return np.exp(-np.logaddexp(0.0, x))  # sigma(-x) = 1 / (1 + e^x), no overflow


def reward_model_loss(chosen_scores, rejected_scores):
    margin = f64(chosen_scores) - f64(rejected_scores)
    n = margin.size
    loss = neg_log_sigmoid(margin).mean()
    # d/dm of log(1 + e^-m) is -sigma(-m); the mean divides by the number of pairs.
    d_margin = -sigmoid_of_minus(margin) / n
    accuracy = np.mean(margin > 0)
    return {"loss": loss, "accuracy": accuracy, "grad_chosen": d_margin, "grad_rejected": -d_margin}


def log_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def response_log_probs(logits, input_ids, attention_mask, response_mask):
    logits = f64(logits)
    b, length, vocab = logits.shape
    ids = np.asarray(input_ids, dtype=np.int64)
    counted = np.asarray(response_mask) != 0
    lsm = log_softmax(logits)
    token = np.zeros((b, length))
    grad = np.zeros_like(logits)
    rows = np.arange(b)
    for pos in range(1, length):  # the logits at pos - 1 predict the token at pos
        keep = counted[:, pos]
        token[:, pos] = np.where(keep, lsm[rows, pos - 1, ids[:, pos]], 0.0)
        # d log softmax(z)[y] / dz = onehot(y) - softmax(z)
        g = -np.exp(lsm[:, pos - 1])
        g[rows, ids[:, pos]] += 1.0
        grad[:, pos - 1] = g * keep[:, None]
    return {"token_log_probs": token, "sequence_log_probs": token.sum(axis=1), "grad_logits": grad}


def kl_penalized_rewards(logprobs, ref_logprobs, scores, response_mask, beta):
    valid = np.asarray(response_mask) != 0
    kl = np.where(valid, f64(logprobs) - f64(ref_logprobs), 0.0)
    rewards = -beta * kl
    lengths = valid.sum(axis=1)
    rewards[np.arange(len(lengths)), lengths - 1] += f64(scores)
    return {"rewards": rewards, "kl": kl}


def ppo_losses(logprobs, old_logprobs, advantages, values, returns, response_mask, clip_range):
    valid = (np.asarray(response_mask) != 0).astype(np.float64)
    count = valid.sum()
    adv = f64(advantages)
    ratio = np.exp(f64(logprobs) - f64(old_logprobs))
    unclipped = ratio * adv
    clipped = np.clip(ratio, 1 - clip_range, 1 + clip_range) * adv
    policy_loss = -(np.minimum(unclipped, clipped) * valid).sum() / count
    # Where the unclipped term is the minimum its derivative w.r.t. log pi is ratio * A; where the
    # clipped one is smaller, the ratio is outside the range and the clipped term is constant.
    grad_logprobs = -np.where(unclipped <= clipped, ratio * adv, 0.0) * valid / count
    error = f64(values) - f64(returns)
    value_loss = 0.5 * (error ** 2 * valid).sum() / count
    return {"policy_loss": policy_loss, "value_loss": value_loss,
            "grad_logprobs": grad_logprobs, "grad_values": error * valid / count}


def dpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
             chosen_mask, rejected_mask, beta):
    mc = (np.asarray(chosen_mask) != 0).astype(np.float64)
    mr = (np.asarray(rejected_mask) != 0).astype(np.float64)
    chosen_ratio = (f64(policy_chosen_logps) * mc).sum(axis=1) - (f64(reference_chosen_logps) * mc).sum(axis=1)
    rejected_ratio = (f64(policy_rejected_logps) * mr).sum(axis=1) - (f64(reference_rejected_logps) * mr).sum(axis=1)
    chosen_rewards, rejected_rewards = beta * chosen_ratio, beta * rejected_ratio
    z = chosen_rewards - rejected_rewards
    d_z = -sigmoid_of_minus(z) / z.size
    return {"loss": neg_log_sigmoid(z).mean(), "chosen_rewards": chosen_rewards, "rejected_rewards": rejected_rewards,
            "accuracy": np.mean(chosen_rewards > rejected_rewards),
            "grad_policy_chosen": (beta * d_z)[:, None] * mc, "grad_policy_rejected": -(beta * d_z)[:, None] * mr}
