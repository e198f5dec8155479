using static TorchSharp.torch;

namespace Course.Reference.Retrieval;

/// <summary>The similarity of every row of <c>a</c> (M, D) to every row of <c>b</c> (N, D), as an (M, N) matrix.</summary>
public static class CosineSimilarity
{
    /// <summary>a·b / (‖a‖ ‖b‖) with Euclidean norms; no row is ever zero in a13, so no ε is added.</summary>
    public static Tensor Of(Tensor a, Tensor b)
    {
        var normA = (a * a).sum([1L], keepdim: true).sqrt();   // (M, 1)
        var normB = (b * b).sum([1L], keepdim: true).sqrt();   // (N, 1)
        return a.matmul(b.t()) / (normA * normB.t());
    }

    /// <summary>The plain inner product a·b: what a cosine score becomes when the norms are forgotten.</summary>
    public static Tensor Dot(Tensor a, Tensor b) => a.matmul(b.t());
}
