namespace Course.Reference.SentimentBaseline;

/// <summary>
/// The baseline's settings, fixed here so that a seed alone decides its result. Adam on the class-weighted cross
/// entropy (weight of class c = N / (classes · N_c), so the rare negative class counts as much as the others in the
/// loss, as macro-F1 counts it), mini-batches in an order drawn from the seed, and the weights of the epoch with the
/// best validation macro-F1 kept (the first such epoch on a tie).
/// </summary>
public sealed record BaselineSettings(long Seed, IReadOnlyList<string> Classes)
{
    public int MinCount { get; init; } = 2;
    public long Dimensions { get; init; } = 64;
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 0.01;
}
