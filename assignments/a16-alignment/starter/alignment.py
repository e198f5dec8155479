"""a16-alignment: write the functions below (see README.md for the exact definitions).

Arrays arrive as NumPy arrays (float64, or float32 where a test says so; token ids and masks as
int64); return NumPy arrays, PyTorch tensors, Python numbers or anything numpy.asarray accepts."""


def reward_model_loss(chosen_scores, rejected_scores):
    """-> (loss, accuracy, grad_chosen, grad_rejected): the Bradley-Terry loss over the pairs, the
    fraction of pairs ranked right, and the loss's gradients w.r.t. both score vectors."""
    raise NotImplementedError


def response_log_probs(logits, input_ids, attention_mask, response_mask):
    """-> (token_log_probs (B, L), sequence_log_probs (B,), grad_logits (B, L, V))."""
    raise NotImplementedError


def kl_penalized_rewards(logprobs, ref_logprobs, scores, response_mask, beta):
    """-> (rewards (B, T), kl (B, T)): the per-token KL penalty, with the score on the last response token."""
    raise NotImplementedError


def ppo_losses(logprobs, old_logprobs, advantages, values, returns, response_mask, clip_range):
    """-> (policy_loss, value_loss, grad_logprobs (B, T), grad_values (B, T))."""
    raise NotImplementedError


def dpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
             chosen_mask, rejected_mask, beta):
    """-> (loss, chosen_rewards (B,), rejected_rewards (B,), accuracy, grad_policy_chosen, grad_policy_rejected)."""
    raise NotImplementedError
