using static TorchSharp.torch;

namespace Course.Reference.ParameterEfficient;

/// <summary>
/// Prompt tuning (Lester et al., 2021): P trainable vectors are prepended to every sequence's token embeddings, in
/// front of position 0, and the frozen model runs on the longer sequence. The attention mask grows by P ones (the
/// prompt is always attended to) and the labels by P copies of −100, the index cross-entropy ignores, so the prompt
/// positions carry no loss. This is what PEFT's PeftModelForCausalLM does before calling the base model.
/// </summary>
public static class PromptTuning
{
    public const long IgnoreIndex = -100;

    public static (Tensor InputsEmbeds, Tensor AttentionMask, Tensor Labels) Prepend(
        Tensor inputIds, Tensor attentionMask, Tensor labels, Tensor wordEmbeddings, Tensor prompt)
    {
        var (batch, length) = (inputIds.shape[0], inputIds.shape[1]);
        var promptLength = prompt.shape[0];
        // The frozen embedding lookup: row input_ids[b, t] of the (vocab, d) table.
        var embeds = wordEmbeddings.index_select(0, inputIds.flatten()).reshape(batch, length, -1);
        var prompts = prompt.unsqueeze(0).expand(batch, -1, -1);
        return (
            cat([prompts, embeds], 1),
            cat([ones([batch, promptLength], attentionMask.dtype), attentionMask], 1),
            cat([full([batch, promptLength], IgnoreIndex, labels.dtype), labels], 1));
    }
}
