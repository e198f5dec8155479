"""a12-peft, instructor solution: LoRA (forward, merge, unmerge, one SGD step on A and B), prompt tuning's inputs,
prefix tuning in one self-attention layer, a Houlsby bottleneck adapter and the trainable-parameter counts.
NumPy, float64 throughout, gradients in closed form."""
import numpy as np

IGNORE_INDEX = -100


def _f64(*arrays):
    return [np.asarray(a, dtype=np.float64) for a in arrays]


def _scaling(alpha, r):
    return alpha / r  # LoRA's alpha / r, not rsLoRA's alpha / sqrt(r)


def _lora_paths(x, weight, bias, a, b, scaling):
    """The frozen layer's output, the rank-r hidden activations x A^T and the scaled LoRA path."""
    base_output = x @ weight.T + bias  # nn.Linear layout: weight is (out, in)
    hidden = x @ a.T  # A is (r, in)
    return base_output, hidden, scaling * hidden @ b.T  # B is (out, r)


def lora_linear(x, weight, bias, lora_A, lora_B, alpha, r):
    x, weight, bias, a, b = _f64(x, weight, bias, lora_A, lora_B)
    scaling = _scaling(alpha, r)
    base_output, _, lora_output = _lora_paths(x, weight, bias, a, b, scaling)
    merged = weight + scaling * b @ a
    return base_output + lora_output, merged, {"base_output": base_output, "lora_output": lora_output}


def lora_unmerge(merged_weight, lora_A, lora_B, alpha, r):
    merged, a, b = _f64(merged_weight, lora_A, lora_B)
    return merged - _scaling(alpha, r) * b @ a


def lora_sgd_step(x, weight, bias, lora_A, lora_B, alpha, r, target, lr):
    x, weight, bias, a, b, target = _f64(x, weight, bias, lora_A, lora_B, target)
    scaling = _scaling(alpha, r)
    x2 = x.reshape(-1, x.shape[-1])  # every leading axis is batch
    base_output, hidden, lora_output = _lora_paths(x2, weight, bias, a, b, scaling)
    error = base_output + lora_output - target.reshape(-1, target.shape[-1])
    loss = np.mean(error ** 2)
    g = 2.0 * error / error.size  # dL/d(output): the mean runs over every element
    grad_b = scaling * g.T @ hidden  # (out, r)
    grad_a = scaling * (g @ b).T @ x2  # (r, in)
    # Only A and B are trainable: the frozen weight and bias come back unchanged.
    trainable = a.size + b.size
    return loss, grad_a, grad_b, weight, bias, a - lr * grad_a, b - lr * grad_b, trainable


def prompt_tuning_inputs(input_ids, attention_mask, labels, embedding, prompt):
    embedding, prompt = _f64(embedding, prompt)
    batch, n_prompt = input_ids.shape[0], prompt.shape[0]
    embeds = embedding[input_ids]  # (B, L, d)
    prompts = np.broadcast_to(prompt, (batch,) + prompt.shape)
    return (np.concatenate([prompts, embeds], axis=1),
            np.concatenate([np.ones((batch, n_prompt), dtype=np.int64), attention_mask], axis=1),
            np.concatenate([np.full((batch, n_prompt), IGNORE_INDEX, dtype=np.int64), labels], axis=1))


def _softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def prefix_attention(x, attention_mask, params, prefix_key, prefix_value, n_heads, causal):
    x, prefix_key, prefix_value = _f64(x, prefix_key, prefix_value)
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    batch, length, d = x.shape
    n_prefix, d_head = prefix_key.shape[1], d // n_heads

    def project(name):
        return x @ p[name + ".weight"].T + p[name + ".bias"]

    def heads(t):  # (B, L, d) -> (B, h, L, d_head)
        return t.reshape(batch, length, n_heads, d_head).transpose(0, 2, 1, 3)

    q = heads(project("q_proj"))
    k = np.concatenate([np.broadcast_to(prefix_key, (batch,) + prefix_key.shape), heads(project("k_proj"))], axis=2)
    v = np.concatenate([np.broadcast_to(prefix_value, (batch,) + prefix_value.shape), heads(project("v_proj"))], axis=2)
    # Key j < P is the prefix, seen by every query; key P + t is token t.
    visible = np.concatenate([np.ones((batch, n_prefix), dtype=bool), np.asarray(attention_mask) != 0], axis=1)
    visible = np.broadcast_to(visible[:, None, None, :], (batch, 1, length, n_prefix + length))
    if causal:
        tokens = np.tril(np.ones((length, length), dtype=bool))
        visible = visible & np.concatenate([np.ones((length, n_prefix), dtype=bool), tokens], axis=1)
    scores = np.where(visible, q @ k.transpose(0, 1, 3, 2) / np.sqrt(d_head), -np.inf)
    weights = _softmax(scores)
    context = (weights @ v).transpose(0, 2, 1, 3).reshape(batch, length, d)
    output = context @ p["out_proj.weight"].T + p["out_proj.bias"]
    return output, {"keys": k, "values": v, "weights": weights}


def adapter_forward(h, params):
    h = np.asarray(h, dtype=np.float64)
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    bottleneck = np.maximum(h @ p["down_proj.weight"].T + p["down_proj.bias"], 0.0)
    update = bottleneck @ p["up_proj.weight"].T + p["up_proj.bias"]
    return h + update, {"bottleneck": bottleneck, "update": update}  # the residual is part of the adapter


def parameter_counts(d_model, n_layers, d_ff, r, prompt_length, prefix_length, bottleneck):
    d, n = d_model, n_layers
    attention = 4 * (d * d + d)  # q, k, v and output projections with biases
    feed_forward = d * d_ff + d_ff + d_ff * d + d
    layer_norms = 2 * 2 * d
    full = n * (attention + feed_forward + layer_norms)
    lora = n * 2 * (r * d + d * r)  # A and B on W_q and W_v of every layer
    prompt = prompt_length * d
    prefix = n * 2 * prefix_length * d  # keys and values of every layer, no reparameterisation MLP
    adapter = n * 2 * (2 * bottleneck * d + bottleneck + d)  # Houlsby: two adapters per layer, biases counted
    return {"full": full, "lora": lora, "prompt": prompt, "prefix": prefix, "adapter": adapter}
