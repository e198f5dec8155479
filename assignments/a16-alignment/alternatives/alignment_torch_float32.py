"""A second formulation of a16-alignment: PyTorch in float32 whatever the input, every gradient by autograd."""
import torch
import torch.nn.functional as F


def t(x):
    # float32 on purpose, whatever the input: it shows the manifest's tolerances admit a float32
    # implementation against the float64 goldens.
    return torch.as_tensor(x, dtype=torch.float32)


def mask_of(m):
    return torch.as_tensor(m).bool()


def neg_log_sigmoid(x):
    # -log sigmoid(x) = softplus(-x) = log(1 + e^-x), finite and exact at x = -1000.
    return -F.logsigmoid(x)


def masked_mean(x, mask):
    # One mean over every valid token of the batch (not a mean of per-sequence means).
    return torch.where(mask, x, torch.zeros_like(x)).sum() / mask.sum()


def reward_model_loss(chosen_scores, rejected_scores):
    chosen = t(chosen_scores).requires_grad_(True)
    rejected = t(rejected_scores).requires_grad_(True)
    loss = neg_log_sigmoid(chosen - rejected).mean()
    accuracy = (chosen > rejected).float().mean()  # a tie is not a correct ranking
    grad_chosen, grad_rejected = torch.autograd.grad(loss, [chosen, rejected])
    return loss.detach(), accuracy, grad_chosen, grad_rejected


def response_log_probs(logits, input_ids, attention_mask, response_mask):
    logits = t(logits).requires_grad_(True)
    ids = torch.as_tensor(input_ids).long()
    # The shift: logits at position t-1 score the token at position t.
    log_probs = F.log_softmax(logits[:, :-1], dim=-1).gather(-1, ids[:, 1:, None]).squeeze(-1)
    counted = mask_of(response_mask)[:, 1:]
    scored = torch.where(counted, log_probs, torch.zeros_like(log_probs))
    token_log_probs = F.pad(scored, (1, 0))  # position 0 is never scored
    sequence_log_probs = token_log_probs.sum(dim=1)
    (grad_logits,) = torch.autograd.grad(sequence_log_probs.sum(), logits)
    return token_log_probs.detach(), sequence_log_probs.detach(), grad_logits


def kl_penalized_rewards(logprobs, ref_logprobs, scores, response_mask, beta):
    mask = mask_of(response_mask)
    kl = torch.where(mask, t(logprobs) - t(ref_logprobs), torch.zeros(mask.shape))
    rewards = -beta * kl
    last = mask.sum(dim=1) - 1  # right padding: the last response token
    rewards[torch.arange(len(last)), last] += t(scores)
    return rewards, kl


def ppo_losses(logprobs, old_logprobs, advantages, values, returns, response_mask, clip_range):
    mask = mask_of(response_mask)
    new = t(logprobs).requires_grad_(True)
    v = t(values).requires_grad_(True)
    adv = t(advantages)  # already normalised: used as given
    ratio = torch.exp(new - t(old_logprobs))
    surrogate = torch.min(ratio * adv, torch.clamp(ratio, 1 - clip_range, 1 + clip_range) * adv)
    policy_loss = masked_mean(-surrogate, mask)
    value_loss = 0.5 * masked_mean((v - t(returns)) ** 2, mask)
    (grad_logprobs,) = torch.autograd.grad(policy_loss, new)
    (grad_values,) = torch.autograd.grad(value_loss, v)
    return policy_loss.detach(), value_loss.detach(), grad_logprobs, grad_values


def sequence_logp(token_logps, mask):
    # The SUM over the response tokens, not the mean.
    return torch.where(mask_of(mask), token_logps, torch.zeros_like(token_logps)).sum(dim=1)


def dpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
             chosen_mask, rejected_mask, beta):
    pc = t(policy_chosen_logps).requires_grad_(True)
    pr = t(policy_rejected_logps).requires_grad_(True)
    chosen_logratios = sequence_logp(pc, chosen_mask) - sequence_logp(t(reference_chosen_logps), chosen_mask)
    rejected_logratios = sequence_logp(pr, rejected_mask) - sequence_logp(t(reference_rejected_logps), rejected_mask)
    loss = neg_log_sigmoid(beta * (chosen_logratios - rejected_logratios)).mean()  # beta inside the sigmoid
    chosen_rewards, rejected_rewards = beta * chosen_logratios, beta * rejected_logratios
    accuracy = (chosen_rewards > rejected_rewards).float().mean()  # strict, as for the reward model
    grad_chosen, grad_rejected = torch.autograd.grad(loss, [pc, pr])
    return loss.detach(), chosen_rewards.detach(), rejected_rewards.detach(), accuracy, grad_chosen, grad_rejected
