"""a12-peft, alternative: PyTorch nn modules in float32 throughout. LoRA as a frozen nn.Linear plus two bias-free
nn.Linear layers, trained by autograd and torch.optim.SGD over the parameters that require a gradient; the prompt
by nn.Embedding; prefix attention by F.scaled_dot_product_attention with a boolean mask; the adapter as
nn.Sequential; the counts by building the modules on the meta device."""
import torch
import torch.nn as nn
import torch.nn.functional as F

F32 = torch.float32


def _t(a):
    return torch.as_tensor(a).to(F32)


def _linear(weight, bias=None, device=None):
    layer = nn.Linear(weight.shape[1], weight.shape[0], bias=bias is not None, dtype=F32)
    with torch.no_grad():
        layer.weight.copy_(_t(weight))
        if bias is not None:
            layer.bias.copy_(_t(bias))
    return layer


class LoraLinear(nn.Module):
    def __init__(self, weight, bias, lora_A, lora_B, alpha, r):
        super().__init__()
        self.base_layer = _linear(weight, bias).requires_grad_(False)
        self.lora_A = _linear(lora_A)
        self.lora_B = _linear(lora_B)
        self.scaling = alpha / r

    def forward(self, x):
        return self.base_layer(x) + self.lora_B(self.lora_A(x)) * self.scaling

    def merged_weight(self):
        return self.base_layer.weight + self.scaling * self.lora_B.weight @ self.lora_A.weight


def lora_linear(x, weight, bias, lora_A, lora_B, alpha, r):
    layer = LoraLinear(weight, bias, lora_A, lora_B, alpha, r)
    with torch.no_grad():
        return layer(_t(x)), layer.merged_weight()


def lora_unmerge(merged_weight, lora_A, lora_B, alpha, r):
    return _t(merged_weight) - (alpha / r) * _t(lora_B) @ _t(lora_A)


def lora_sgd_step(x, weight, bias, lora_A, lora_B, alpha, r, target, lr):
    layer = LoraLinear(weight, bias, lora_A, lora_B, alpha, r)
    trainable = [p for p in layer.parameters() if p.requires_grad]
    optimiser = torch.optim.SGD(trainable, lr=lr)
    loss = F.mse_loss(layer(_t(x)), _t(target))
    loss.backward()
    grad_a, grad_b = layer.lora_A.weight.grad.clone(), layer.lora_B.weight.grad.clone()
    optimiser.step()
    return {"loss": loss, "grad_A": grad_a, "grad_B": grad_b, "weight": layer.base_layer.weight,
            "bias": layer.base_layer.bias, "lora_A": layer.lora_A.weight, "lora_B": layer.lora_B.weight,
            "trainable": sum(p.numel() for p in trainable)}


def prompt_tuning_inputs(input_ids, attention_mask, labels, embedding, prompt):
    ids, mask, labels = (torch.as_tensor(a) for a in (input_ids, attention_mask, labels))
    words = nn.Embedding.from_pretrained(_t(embedding))
    batch, n = ids.shape[0], len(prompt)
    embeds = torch.cat([_t(prompt).unsqueeze(0).repeat(batch, 1, 1), words(ids)], dim=1)
    mask = torch.cat([torch.ones(batch, n, dtype=mask.dtype), mask], dim=1)
    labels = torch.cat([torch.full((batch, n), -100, dtype=labels.dtype), labels], dim=1)
    return embeds, mask, labels


def prefix_attention(x, attention_mask, params, prefix_key, prefix_value, n_heads, causal):
    x = _t(x)
    batch, length, d = x.shape
    n_prefix = prefix_key.shape[1]
    proj = {n: _linear(params[n + ".weight"], params[n + ".bias"]) for n in ("q_proj", "k_proj", "v_proj", "out_proj")}

    def heads(t):
        return t.view(batch, length, n_heads, d // n_heads).transpose(1, 2)

    with torch.no_grad():
        q = heads(proj["q_proj"](x))
        k = torch.cat([_t(prefix_key).expand(batch, -1, -1, -1), heads(proj["k_proj"](x))], dim=2)
        v = torch.cat([_t(prefix_value).expand(batch, -1, -1, -1), heads(proj["v_proj"](x))], dim=2)
        allowed = torch.cat([torch.ones(batch, n_prefix, dtype=torch.bool), torch.as_tensor(attention_mask).bool()], dim=1)
        allowed = allowed[:, None, None, :].expand(batch, 1, length, n_prefix + length)
        if causal:
            allowed = allowed & torch.ones(length, n_prefix + length, dtype=torch.bool).tril(n_prefix)
        context = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
        return proj["out_proj"](context.transpose(1, 2).reshape(batch, length, d))


def adapter_forward(h, params):
    adapter = nn.Sequential(_linear(params["down_proj.weight"], params["down_proj.bias"]), nn.ReLU(),
                            _linear(params["up_proj.weight"], params["up_proj.bias"]))
    with torch.no_grad():
        h = _t(h)
        return h + adapter(h)


def _numel(module):
    return sum(p.numel() for p in module.parameters())


def parameter_counts(d_model, n_layers, d_ff, r, prompt_length, prefix_length, bottleneck):
    d, meta = d_model, {"device": "meta"}
    layer = nn.TransformerEncoderLayer(d, nhead=1, dim_feedforward=d_ff, **meta)
    lora = nn.ModuleList([nn.Linear(d, r, bias=False, **meta), nn.Linear(r, d, bias=False, **meta)])
    adapter = nn.Sequential(nn.Linear(d, bottleneck, **meta), nn.ReLU(), nn.Linear(bottleneck, d, **meta))
    return {"full": n_layers * _numel(layer), "lora": n_layers * 2 * _numel(lora),
            "prompt": prompt_length * d, "prefix": n_layers * 2 * prefix_length * d,
            "adapter": n_layers * 2 * _numel(adapter)}
