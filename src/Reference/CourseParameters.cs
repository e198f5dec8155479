namespace Course.Reference;

/// <summary>The course's parameter dicts use <c>x @ w + b</c> (w is in × out); PyTorch's Linear stores wᵀ.</summary>
public static class CourseParameters
{
    /// <summary>The entries of <paramref name="p"/> under "<paramref name="prefix"/>.", with the prefix taken off.</summary>
    public static IReadOnlyDictionary<string, TorchSharp.torch.Tensor> Under(IReadOnlyDictionary<string, TorchSharp.torch.Tensor> p, string prefix) =>
        p.Where(kv => kv.Key.StartsWith(prefix + ".")).ToDictionary(kv => kv.Key[(prefix.Length + 1)..], kv => kv.Value);

    /// <summary>Copies w (in × out) and b into a Linear layer.</summary>
    public static void LoadLinear(TorchSharp.Modules.Linear linear, TorchSharp.torch.Tensor w, TorchSharp.torch.Tensor b)
    {
        using var _ = TorchSharp.torch.no_grad();
        linear.weight!.copy_(w.t());
        linear.bias!.copy_(b);
    }

    public static void LoadLayerNorm(TorchSharp.Modules.LayerNorm norm, TorchSharp.torch.Tensor gamma, TorchSharp.torch.Tensor beta)
    {
        using var _ = TorchSharp.torch.no_grad();
        norm.weight!.copy_(gamma);
        norm.bias!.copy_(beta);
    }
}
