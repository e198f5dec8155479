using static TorchSharp.torch;

namespace Course.Reference.VectorQuantization;

/// <summary>
/// k(z) = argmin_j ||z − e_j||², the nearest codebook vector by squared Euclidean distance (van den Oord, Vinyals
/// and Kavukcuoglu, "Neural Discrete Representation Learning", 2017, eq. 1). Ties go to the lowest index, as
/// torch.argmin and np.argmin return the first minimum. z is (N, D), the codebook (K, D); indices are (N,), int64.
/// </summary>
public static class NearestCode
{
    /// <summary>(N, K) squared distances, from the differences themselves (no ||z||² − 2 z·e + ||e||² cancellation).</summary>
    public static Tensor Distances(Tensor z, Tensor codebook) =>
        (z.unsqueeze(1) - codebook.unsqueeze(0)).pow(2).sum(-1);

    public static Tensor Indices(Tensor z, Tensor codebook) => Distances(z, codebook).argmin(1);
}
