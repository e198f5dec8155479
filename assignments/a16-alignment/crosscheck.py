"""Independent check of the TorchSharp reference for a16, written as TRL writes these losses: the
Bradley-Terry loss by binary_cross_entropy_with_logits against a target of 1, the response's
log-probabilities by cross_entropy with ignore_index=-100 on shifted labels, the score placed at the
index of each row's last nonzero mask entry, PPO's surrogate as the max of the two negated terms
over masked_select'ed tokens and the value loss by mse_loss, DPO as TRL's sigmoid loss on
(pi_c - pi_r) - (ref_c - ref_r); every gradient by autograd."""
import torch
import torch.nn.functional as F

import crosscheck


def reward_model_loss(chosen_scores, rejected_scores):
    chosen = chosen_scores.double().requires_grad_(True)
    rejected = rejected_scores.double().requires_grad_(True)
    margin = chosen - rejected
    loss = F.binary_cross_entropy_with_logits(margin, torch.ones_like(margin))
    grad_chosen, grad_rejected = torch.autograd.grad(loss, [chosen, rejected])
    accuracy = (margin > 0).double().mean()
    return {"loss": loss, "accuracy": accuracy, "grad_chosen": grad_chosen, "grad_rejected": grad_rejected}


def response_log_probs(logits, input_ids, attention_mask, response_mask):
    logits = logits.double().requires_grad_(True)
    labels = input_ids.clone()
    labels[response_mask == 0] = -100  # the prompt and the padding are not scored
    shifted = labels[:, 1:]
    nll = F.cross_entropy(logits[:, :-1].transpose(1, 2), shifted, ignore_index=-100, reduction="none")
    token = torch.cat([torch.zeros(len(labels), 1, dtype=torch.float64), -nll], dim=1)
    sequence = token.sum(dim=1)
    (grad,) = torch.autograd.grad(sequence.sum(), logits)
    return {"token_log_probs": token, "sequence_log_probs": sequence, "grad_logits": grad}


def kl_penalized_rewards(logprobs, ref_logprobs, scores, response_mask, beta):
    kl = (logprobs.double() - ref_logprobs.double()) * response_mask.double()
    rewards = -beta * kl
    for row in range(len(rewards)):
        last = int(response_mask[row].nonzero()[-1])
        rewards[row, last] += scores[row].double()
    return {"rewards": rewards, "kl": kl}


def ppo_losses(logprobs, old_logprobs, advantages, values, returns, response_mask, clip_range):
    keep = response_mask.bool()
    new = logprobs.double().requires_grad_(True)
    v = values.double().requires_grad_(True)
    ratio = torch.exp(new - old_logprobs.double())
    adv = advantages.double()
    pg_losses = -adv * ratio
    pg_losses2 = -adv * torch.clamp(ratio, 1.0 - clip_range, 1.0 + clip_range)
    policy_loss = torch.max(pg_losses, pg_losses2).masked_select(keep).mean()
    value_loss = 0.5 * F.mse_loss(v.masked_select(keep), returns.double().masked_select(keep))
    return {"policy_loss": policy_loss, "value_loss": value_loss,
            "grad_logprobs": torch.autograd.grad(policy_loss, new)[0], "grad_values": torch.autograd.grad(value_loss, v)[0]}


def summed(logps, mask):
    return torch.stack([row.masked_select(m.bool()).sum() for row, m in zip(logps, mask)])


def dpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
             chosen_mask, rejected_mask, beta):
    pc = policy_chosen_logps.double().requires_grad_(True)
    pr = policy_rejected_logps.double().requires_grad_(True)
    policy_c, policy_r = summed(pc, chosen_mask), summed(pr, rejected_mask)
    ref_c = summed(reference_chosen_logps.double(), chosen_mask)
    ref_r = summed(reference_rejected_logps.double(), rejected_mask)
    logits = (policy_c - policy_r) - (ref_c - ref_r)
    loss = (-F.logsigmoid(beta * logits)).mean()
    chosen_rewards, rejected_rewards = beta * (policy_c - ref_c), beta * (policy_r - ref_r)
    grad_c, grad_r = torch.autograd.grad(loss, [pc, pr])
    return {"loss": loss, "chosen_rewards": chosen_rewards, "rejected_rewards": rejected_rewards,
            "accuracy": (chosen_rewards > rejected_rewards).double().mean(),
            "grad_policy_chosen": grad_c, "grad_policy_rejected": grad_r}


crosscheck.run(globals())
