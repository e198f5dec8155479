"""Instructor solution for a16-alignment: NumPy in float64, every gradient derived by hand."""
import numpy as np


def f64(x):
    return np.asarray(x, dtype=np.float64)


def neg_log_sigmoid(x):
    # -log sigmoid(x) = log(1 + e^-x), finite and exact at x = -1000.
    return np.logaddexp(0.0, -x)


def sigmoid_of_minus(x):
    # sigma(-x) = 1 / (1 + e^x) = e^(-log(1 + e^x)), without overflow: the derivative of log(1 + e^-x) is -sigma(-x).
    return np.exp(-np.logaddexp(0.0, x))


def reward_model_loss(chosen_scores, rejected_scores):
    margin = f64(chosen_scores) - f64(rejected_scores)
    loss = neg_log_sigmoid(margin).mean()
    accuracy = np.mean(margin > 0)  # a tie is not a correct ranking
    d_margin = -sigmoid_of_minus(margin) / margin.size
    return loss, accuracy, d_margin, -d_margin


def log_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def response_log_probs(logits, input_ids, attention_mask, response_mask):
    logits = f64(logits)
    ids = np.asarray(input_ids, dtype=np.int64)
    targets = ids[:, 1:]
    lsm = log_softmax(logits[:, :-1])  # the logits at position t - 1 score the token at position t
    counted = (np.asarray(response_mask) != 0)[:, 1:]
    picked = np.take_along_axis(lsm, targets[..., None], axis=-1)[..., 0]
    token_log_probs = np.zeros(ids.shape)  # position 0 is never scored
    token_log_probs[:, 1:] = np.where(counted, picked, 0.0)
    # d log softmax(z)[y] / dz = onehot(y) - softmax(z), where the token counts.
    onehot = np.eye(logits.shape[-1])[targets]
    grad_logits = np.zeros_like(logits)
    grad_logits[:, :-1] = (onehot - np.exp(lsm)) * counted[..., None]
    return token_log_probs, token_log_probs.sum(axis=1), grad_logits


def kl_penalized_rewards(logprobs, ref_logprobs, scores, response_mask, beta):
    valid = np.asarray(response_mask) != 0
    kl = np.where(valid, f64(logprobs) - f64(ref_logprobs), 0.0)
    rewards = -beta * kl
    lengths = valid.sum(axis=1)  # right padding: the last response token is at n - 1
    rewards[np.arange(len(lengths)), lengths - 1] += f64(scores)
    return rewards, kl


def ppo_losses(logprobs, old_logprobs, advantages, values, returns, response_mask, clip_range):
    valid = (np.asarray(response_mask) != 0).astype(np.float64)
    count = valid.sum()  # one mean over every valid token of the batch
    adv = f64(advantages)  # already normalised: used as given
    ratio = np.exp(f64(logprobs) - f64(old_logprobs))
    unclipped = ratio * adv
    clipped = np.clip(ratio, 1 - clip_range, 1 + clip_range) * adv
    objective = np.minimum(unclipped, clipped)
    # d objective / d log pi: ratio * A where the unclipped term is the min; where the clipped one is smaller the ratio
    # is outside the range and that term is constant.
    d_objective = np.where(unclipped <= clipped, unclipped, 0.0)
    policy_loss = -(objective * valid).sum() / count
    grad_logprobs = -d_objective * valid / count
    error = f64(values) - f64(returns)
    value_loss = 0.5 * (error ** 2 * valid).sum() / count
    grad_values = error * valid / count
    return policy_loss, value_loss, grad_logprobs, grad_values


def response_weights(mask):
    # d log pi(y) / d (each token's log-prob): 1 on the response tokens, since log pi(y) is their SUM; 0 on padding.
    return (np.asarray(mask) != 0).astype(np.float64)


def dpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
             chosen_mask, rejected_mask, beta):
    wc, wr = response_weights(chosen_mask), response_weights(rejected_mask)
    chosen_logratios = (f64(policy_chosen_logps) * wc).sum(axis=1) - (f64(reference_chosen_logps) * wc).sum(axis=1)
    rejected_logratios = (f64(policy_rejected_logps) * wr).sum(axis=1) - (f64(reference_rejected_logps) * wr).sum(axis=1)
    difference = chosen_logratios - rejected_logratios
    loss = neg_log_sigmoid(beta * difference).mean()  # beta inside the sigmoid
    d_difference = -beta * sigmoid_of_minus(beta * difference) / difference.size
    chosen_rewards, rejected_rewards = beta * chosen_logratios, beta * rejected_logratios
    accuracy = np.mean(chosen_rewards > rejected_rewards)  # strict, as for the reward model
    return (loss, chosen_rewards, rejected_rewards, accuracy,
            d_difference[:, None] * wc, -d_difference[:, None] * wr)
