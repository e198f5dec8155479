using Course.Reference.Goldens;
using Course.Contracts.Manifest;
using static TorchSharp.torch;

namespace Course.Reference.Alignment;

/// <summary>
/// a16-alignment: the reward model's Bradley–Terry loss, a response's log-probabilities under a causal LM, RLHF's
/// KL-penalised per-token rewards, PPO's clipped policy loss and value loss, and the DPO loss, each loss with its
/// gradient by autograd. Every random tensor (scores, logits, tokens, log-probabilities, lengths) is drawn here from
/// the test's seed and passed in; masks are int64 0/1 with the padding on the right.
/// </summary>
public sealed class A16AlignmentGoldens : IGoldenGenerator
{
    public string Name => "a16-alignment";

    public void Generate(TestSpec test, CaseParameters p, GoldenSet set)
    {
        var dtype = p.DType();
        var call = set.Call(test.Name, test.Entry);
        switch (test.Entry)
        {
            case "reward_model_loss": RewardModel(p, set, call, dtype); break;
            case "response_log_probs": LogProbs(p, set, call, dtype); break;
            case "kl_penalized_rewards": KlRewards(p, set, call, dtype); break;
            case "ppo_losses": Ppo(p, set, call, dtype); break;
            case "dpo_loss": Dpo(p, set, call, dtype); break;
            default: throw new ArgumentException($"test '{test.Name}': a16 has no entry point '{test.Entry}'");
        }
    }

    static Tensor F64(Tensor t) => t.to_type(ScalarType.Float64);

    /// <summary>
    /// (B, T) int64 0/1, 1 on the first n_b positions: row 0 is full and the last row is padded, so both cases are in
    /// every test; the other lengths are uniform in [minLength, T].
    /// </summary>
    static Tensor RightPadded(long batch, long length, long minLength)
    {
        var lengths = randint(minLength, length + 1, [batch], ScalarType.Int64);
        lengths[0] = length;
        lengths[batch - 1] = Math.Max(minLength, length - 2);
        return (arange(length, ScalarType.Int64) < lengths.unsqueeze(-1)).to_type(ScalarType.Int64);
    }

    /// <summary>Log-probabilities of sampled tokens: negative, between −3.05 and −0.05.</summary>
    static Tensor TokenLogProbs(long[] shape) => -(3 * rand(shape, ScalarType.Float64) + 0.05);

    static void RewardModel(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (pairs, scale) = (p.Int("pairs"), p.Double("scale"));
        var chosen = scale * randn([pairs], ScalarType.Float64);
        var rejected = scale * randn([pairs], ScalarType.Float64);
        // Keep every margin away from 0, so float32 rounding never flips a comparison; the tie below is exact.
        var close = (chosen - rejected).abs() < 1e-2;
        chosen = where(close, chosen + 0.1, chosen);
        if (p.Flag("tie")) chosen[0] = rejected[0];
        if (p.Flag("extreme"))
        {
            // Margins of ±1000 and ±60: a log of a sigmoid is −∞ at −1000 even in float64; log_sigmoid stays exact.
            chosen[0] = 500; rejected[0] = -500;
            chosen[1] = -500; rejected[1] = 500;
            chosen[2] = 30; rejected[2] = -30;
            chosen[3] = -30; rejected[3] = 30;
        }
        (chosen, rejected) = (chosen.to_type(dtype), rejected.to_type(dtype));
        set.Input(call, "chosen_scores", chosen);
        set.Input(call, "rejected_scores", rejected);

        var c = F64(chosen).requires_grad_(true);
        var r = F64(rejected).requires_grad_(true);
        var loss = BradleyTerry.Loss(c, r);
        var grads = autograd.grad([loss], [c, r]);
        set.Expect(call, "loss", loss);
        set.Expect(call, "accuracy", BradleyTerry.Accuracy(c, r));
        set.Expect(call, "grad_chosen", grads[0]);
        set.Expect(call, "grad_rejected", grads[1]);
    }

    static void LogProbs(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, length, vocab) = (p.Int("batch"), p.Int("length"), p.Int("vocab"));
        // Prompts of 2 … L/2 tokens (so a prompt token other than the first could wrongly be scored), then a response
        // of at least one token, then padding; row 0 fills the whole length, the last row is padded.
        var promptLengths = randint(2, length / 2 + 1, [batch], ScalarType.Int64);
        var totals = (promptLengths + 1 + (rand([batch], ScalarType.Float64) * (length - promptLengths)).floor().to_type(ScalarType.Int64)).clamp_max(length);
        totals[0] = length;
        totals[batch - 1] = Math.Min(totals[batch - 1].item<long>(), length - 1);
        totals[batch - 1] = Math.Max(totals[batch - 1].item<long>(), promptLengths[batch - 1].item<long>() + 1);
        var positions = arange(length, ScalarType.Int64);
        var attention = positions < totals.unsqueeze(-1);
        var response = attention.logical_and(positions >= promptLengths.unsqueeze(-1));
        // Token 0 is the pad token; real tokens are 1 … V − 1.
        var ids = where(attention, randint(1, vocab, [batch, length], ScalarType.Int64), zeros([batch, length], ScalarType.Int64));
        var logits = (2 * randn([batch, length, vocab], ScalarType.Float64)).to_type(dtype);
        set.Input(call, "logits", logits);
        set.Input(call, "input_ids", ids);
        set.Input(call, "attention_mask", attention.to_type(ScalarType.Int64));
        set.Input(call, "response_mask", response.to_type(ScalarType.Int64));

        var l = F64(logits).requires_grad_(true);
        var perToken = ResponseLogProbs.PerToken(l, ids, response);
        var sequence = ResponseLogProbs.Sequence(perToken);
        var grad = autograd.grad([sequence.sum()], [l])[0];
        set.Expect(call, "token_log_probs", perToken);
        set.Expect(call, "sequence_log_probs", sequence);
        set.Expect(call, "grad_logits", grad);
    }

    static void KlRewards(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, length, beta) = (p.Int("batch"), p.Int("length"), p.Double("beta"));
        var mask = RightPadded(batch, length, 1);
        var logprobs = TokenLogProbs([batch, length]);
        var refLogprobs = logprobs * (0.4 * randn([batch, length], ScalarType.Float64)).exp();
        var scores = 2 * randn([batch], ScalarType.Float64);
        // The padding holds arbitrary finite values, as a padded batch does: a missing mask shows.
        var pad = mask.logical_not();
        logprobs = where(pad, 3 * randn([batch, length], ScalarType.Float64), logprobs).to_type(dtype);
        refLogprobs = where(pad, 3 * randn([batch, length], ScalarType.Float64), refLogprobs).to_type(dtype);
        set.Input(call, "logprobs", logprobs);
        set.Input(call, "ref_logprobs", refLogprobs);
        set.Input(call, "scores", scores.to_type(dtype));
        set.Input(call, "response_mask", mask);
        set.Value(call, "beta", beta);

        var (rewards, kl) = KlPenalizedRewards.Of(F64(logprobs), F64(refLogprobs), F64(scores.to_type(dtype)), mask, beta);
        set.Expect(call, "rewards", rewards);
        set.Expect(call, "kl", kl);
    }

    static void Ppo(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, length, clip) = (p.Int("batch"), p.Int("length"), p.Double("clip_range"));
        var mask = RightPadded(batch, length, 1);
        var old = TokenLogProbs([batch, length]);
        // Log-ratios of ±0.4 typical: many ratios fall outside [1 − ε, 1 + ε], on both sides, with both signs of A.
        var logRatio = 0.4 * randn([batch, length], ScalarType.Float64);
        // No ratio within 1e-3 of a clip boundary, where the gradient jumps: float32 rounding cannot cross one.
        foreach (var bound in new[] { 1 - clip, 1 + clip })
            logRatio = where((logRatio.exp() - bound).abs() < 1e-3, logRatio + 0.01, logRatio);
        var logprobs = (old + logRatio).to_type(dtype);
        var oldLogprobs = old.to_type(dtype);
        var advantages = randn([batch, length], ScalarType.Float64).to_type(dtype);
        var values = randn([batch, length], ScalarType.Float64);
        var returns = (values + 0.7 * randn([batch, length], ScalarType.Float64)).to_type(dtype);
        values = values.to_type(dtype);
        set.Input(call, "logprobs", logprobs);
        set.Input(call, "old_logprobs", oldLogprobs);
        set.Input(call, "advantages", advantages);
        set.Input(call, "values", values);
        set.Input(call, "returns", returns);
        set.Input(call, "response_mask", mask);
        set.Value(call, "clip_range", clip);

        var lp = F64(logprobs).requires_grad_(true);
        var v = F64(values).requires_grad_(true);
        var policyLoss = PpoLosses.Policy(lp, F64(oldLogprobs), F64(advantages), mask, clip);
        var valueLoss = PpoLosses.Value(v, F64(returns), mask);
        set.Expect(call, "policy_loss", policyLoss);
        set.Expect(call, "value_loss", valueLoss);
        set.Expect(call, "grad_logprobs", autograd.grad([policyLoss], [lp])[0]);
        set.Expect(call, "grad_values", autograd.grad([valueLoss], [v])[0]);
    }

    static void Dpo(CaseParameters p, GoldenSet set, GoldenCall call, ScalarType dtype)
    {
        var (batch, chosenLength, rejectedLength, beta) = (p.Int("batch"), p.Int("chosen_length"), p.Int("rejected_length"), p.Double("beta"));
        var minLength = p.Int("min_length", 1);
        var chosenMask = RightPadded(batch, chosenLength, minLength);
        var rejectedMask = RightPadded(batch, rejectedLength, minLength);
        var policyChosen = TokenLogProbs([batch, chosenLength]);
        var policyRejected = TokenLogProbs([batch, rejectedLength]);
        // Token log-ratios of about ±1: each pair's implicit rewards differ by a few units, times β.
        var referenceChosen = policyChosen * (0.5 * randn([batch, chosenLength], ScalarType.Float64)).exp();
        var referenceRejected = policyRejected * (0.5 * randn([batch, rejectedLength], ScalarType.Float64)).exp();
        if (p.Flag("tie"))
        {
            // Pair 0: the policy still equals the reference (DPO's first step): both rewards are exactly 0, a tie.
            referenceChosen[0] = policyChosen[0];
            referenceRejected[0] = policyRejected[0];
        }
        if (p.Flag("extreme"))
        {
            // A policy far from its reference: 400 nats per token, so |β·Δ| ≥ 800 with four tokens and β = ½ — past
            // where e^x overflows float64 (709), so a log of a sigmoid is −∞ while log_sigmoid stays exact.
            referenceChosen[1] = policyChosen[1] - 400;
            referenceRejected[2] = policyRejected[2] - 400;
        }
        // Arbitrary finite values in the padding.
        Tensor Pad(Tensor x, Tensor mask) => where(mask.to(ScalarType.Bool), x, 3 * randn(x.shape, ScalarType.Float64)).to_type(dtype);
        var (pc, rc) = (Pad(policyChosen, chosenMask), Pad(referenceChosen, chosenMask));
        var (pr, rr) = (Pad(policyRejected, rejectedMask), Pad(referenceRejected, rejectedMask));
        if (p.Flag("tie"))
        {
            // The tie must survive the padding too: pair 0's reference equals its policy at every position.
            rc[0] = pc[0];
            rr[0] = pr[0];
        }
        set.Input(call, "policy_chosen_logps", pc);
        set.Input(call, "policy_rejected_logps", pr);
        set.Input(call, "reference_chosen_logps", rc);
        set.Input(call, "reference_rejected_logps", rr);
        set.Input(call, "chosen_mask", chosenMask);
        set.Input(call, "rejected_mask", rejectedMask);
        set.Value(call, "beta", beta);

        var policyC = F64(pc).requires_grad_(true);
        var policyR = F64(pr).requires_grad_(true);
        var result = DpoLoss.Of(policyC, policyR, F64(rc), F64(rr), chosenMask, rejectedMask, beta);
        var grads = autograd.grad([result.Loss], [policyC, policyR]);
        set.Expect(call, "loss", result.Loss);
        set.Expect(call, "chosen_rewards", result.ChosenRewards);
        set.Expect(call, "rejected_rewards", result.RejectedRewards);
        set.Expect(call, "accuracy", result.Accuracy);
        set.Expect(call, "grad_policy_chosen", grads[0]);
        set.Expect(call, "grad_policy_rejected", grads[1]);
    }
}
