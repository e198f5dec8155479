using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Reference.SentimentBaseline;

/// <summary>
/// fastText's classifier (Joulin et al. 2017, "Bag of Tricks for Efficient Text Classification"): the mean of a
/// sentence's feature embeddings (an EmbeddingBag in mean mode), then one linear layer to the class logits.
/// </summary>
public sealed class BagOfNgramsClassifier : Module<Tensor, Tensor, Tensor>
{
    readonly EmbeddingBag embedding;
    readonly Linear fc;

    public BagOfNgramsClassifier(long vocabulary, long dimensions, long classes) : base(nameof(BagOfNgramsClassifier))
    {
        embedding = EmbeddingBag(vocabulary, dimensions, mode: EmbeddingBagMode.Mean);
        fc = Linear(dimensions, classes);
        RegisterComponents();
    }

    /// <param name="features">Every sentence's feature ids, concatenated.</param>
    /// <param name="offsets">Where each sentence's ids start in <paramref name="features"/>.</param>
    public override Tensor forward(Tensor features, Tensor offsets) => fc.call(embedding.call(features, offsets, null));
}
