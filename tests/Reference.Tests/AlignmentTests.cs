using Course.Reference.Alignment;
using static TorchSharp.torch;

namespace Course.Reference.Tests;

/// <summary>a16's reference: the reward model, log-probability, KL-reward, PPO and DPO formulas worked by hand.</summary>
[Collection(TorchCollection.Name)]
public sealed class AlignmentTests
{
    static double[] Values(Tensor t) => t.to_type(ScalarType.Float64).data<double>().ToArray();

    static void Close(double[] expected, Tensor actual, double tolerance = 1e-12)
    {
        var got = Values(actual);
        Assert.Equal(expected.Length, got.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], got[i], tolerance);
    }

    [Fact]
    public void A_tied_pair_costs_log_two_and_counts_as_ranked_wrong()
    {
        using var scope = NewDisposeScope();
        // Pair 0 ties (σ(0) = ½, loss ln 2, gradient ∓½ / B); pair 1 is ranked right by a margin of ln 3 (σ = ¾).
        var chosen = tensor(new[] { 1.5, Math.Log(3) }).requires_grad_(true);
        var rejected = tensor(new[] { 1.5, 0.0 }).requires_grad_(true);
        var loss = BradleyTerry.Loss(chosen, rejected);
        Assert.Equal((Math.Log(2) + Math.Log(4.0 / 3)) / 2, loss.item<double>(), 1e-15);
        Assert.Equal(0.5, BradleyTerry.Accuracy(chosen, rejected).item<double>());
        var grads = autograd.grad([loss], [chosen, rejected]);
        // ∂/∂r_c of −log σ(r_c − r_r) is −σ(r_r − r_c): −½ and −¼, halved by the mean.
        Close([-0.25, -0.125], grads[0], 1e-15);
        Close([0.25, 0.125], grads[1], 1e-15);
    }

    [Fact]
    public void Saturated_margins_give_finite_exact_losses_and_gradients()
    {
        using var scope = NewDisposeScope();
        // −log σ(−1000) = 1000 + log(1 + e^−1000) = 1000 in float64; −log σ(1000) = 0; the gradients are −1 and 0, over B = 2.
        var chosen = tensor(new[] { -500.0, 500.0 }).requires_grad_(true);
        var rejected = tensor(new[] { 500.0, -500.0 });
        var loss = BradleyTerry.Loss(chosen, rejected);
        Assert.Equal(500.0, loss.item<double>(), 1e-12);
        Close([-0.5, 0.0], autograd.grad([loss], [chosen])[0]);
    }

    [Fact]
    public void Logits_at_position_t_minus_one_score_the_response_token_at_t_and_nothing_else_counts()
    {
        using var scope = NewDisposeScope();
        // One sequence of 4 tokens over a vocabulary of 3: a prompt [2, 0], a response [1, 2].
        // logits[1] = (0, 0, ln 2) predicts token 1 with probability 1/4; logits[2] = (ln 3, 0, 0) predicts token 2 with 1/5.
        // logits[0] (predicting a prompt token) and logits[3] (predicting nothing) are large and must not matter.
        var logits = tensor(new[] { 9.0, -9, 5, 0, 0, Math.Log(2), Math.Log(3), 0, 0, 7, 7, -7 }, [1, 4, 3]).requires_grad_(true);
        var ids = tensor(new long[] { 2, 0, 1, 2 }, [1, 4]);
        var response = tensor(new long[] { 0, 0, 1, 1 }, [1, 4]);
        var perToken = ResponseLogProbs.PerToken(logits, ids, response);
        Close([0, 0, Math.Log(0.25), Math.Log(0.2)], perToken);
        var sequence = ResponseLogProbs.Sequence(perToken);
        Assert.Equal(Math.Log(0.05), sequence.item<double>(), 1e-12);
        // ∂ log softmax(z)[y] / ∂z = onehot(y) − softmax(z), at the predicting positions only.
        Close([0, 0, 0, -0.25, 0.75, -0.5, -0.6, -0.2, 0.8, 0, 0, 0], autograd.grad([sequence.sum()], [logits])[0]);
    }

    [Fact]
    public void Padding_logits_and_ids_do_not_change_the_log_probabilities()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        // Row 1 is a prompt of 2 tokens, a response of 2, then 2 padding positions; row 0 fills all 6.
        var response = tensor(new long[] { 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0 }, [2, 6]);
        var logits = randn([2, 6, 5], ScalarType.Float64);
        var ids = randint(1, 5, [2, 6], ScalarType.Int64);
        var before = ResponseLogProbs.PerToken(logits, ids, response);
        var changedLogits = logits.clone();
        changedLogits[1, 4] = 100 * ones([5], ScalarType.Float64);
        var changedIds = ids.clone();
        changedIds[1, 5] = 0;
        var after = ResponseLogProbs.PerToken(changedLogits, changedIds, response);
        Assert.Equal(Values(before), Values(after));
        Assert.Equal([0.0, 0, 0, 0], Values(before[1].narrow(0, 0, 2)).Concat(Values(before[1].narrow(0, 4, 2))));
    }

    [Fact]
    public void The_kl_penalty_is_subtracted_and_the_score_lands_on_the_last_response_token()
    {
        using var scope = NewDisposeScope();
        // Row 0: three response tokens; row 1: two, then padding holding arbitrary values.
        var logprobs = tensor(new[] { -1.0, -2.0, -0.5, -1.0, -3.0, 7.0 }, [2, 3]);
        var refLogprobs = tensor(new[] { -1.5, -1.0, -0.5, -2.0, -1.0, -9.0 }, [2, 3]);
        var mask = tensor(new long[] { 1, 1, 1, 1, 1, 0 }, [2, 3]);
        var (rewards, kl) = KlPenalizedRewards.Of(logprobs, refLogprobs, tensor(new[] { 10.0, 20.0 }), mask, 0.1);
        Close([0.5, -1.0, 0.0, 1.0, -2.0, 0.0], kl);
        Close([-0.05, 0.1, 10.0, -0.1, 20.2, 0.0], rewards);
    }

    [Fact]
    public void Ppo_takes_the_pessimistic_term_and_a_token_level_mean_over_the_mask()
    {
        using var scope = NewDisposeScope();
        // ε = 0.2. Token 0: ratio 1, A = 2 (both terms 2). Token 1: ratio e^½ ≈ 1.65 > 1.2 with A = 1: the clipped 1.2 is
        // the min, a constant, so no gradient. Token 2: the same ratio with A = −1: the unclipped −e^½ is the min, and its
        // gradient w.r.t. log π is ratio·A. Token 3 is padding.
        var old = tensor(new[] { -1.0, -1.0, -1.0, -1.0 }, [1, 4]);
        var logprobs = tensor(new[] { -1.0, -0.5, -0.5, 50.0 }, [1, 4]).requires_grad_(true);
        var advantages = tensor(new[] { 2.0, 1.0, -1.0, 30.0 }, [1, 4]);
        var mask = tensor(new long[] { 1, 1, 1, 0 }, [1, 4]);
        var r = Math.Exp(0.5);
        var policy = PpoLosses.Policy(logprobs, old, advantages, mask, 0.2);
        Assert.Equal(-(2 + 1.2 - r) / 3, policy.item<double>(), 1e-12);
        Close([-2.0 / 3, 0, r / 3, 0], autograd.grad([policy], [logprobs])[0]);

        var values = tensor(new[] { 1.0, 2.0, 3.0, 100.0 }, [1, 4]).requires_grad_(true);
        var value = PpoLosses.Value(values, zeros([1, 4], ScalarType.Float64), mask);
        Assert.Equal(0.5 * (1 + 4 + 9) / 3, value.item<double>(), 1e-12);
        Close([1.0 / 3, 2.0 / 3, 1.0, 0], autograd.grad([value], [values])[0]);
    }

    [Fact]
    public void Dpo_sums_the_token_log_ratios_and_puts_beta_inside_the_sigmoid()
    {
        using var scope = NewDisposeScope();
        // Pair 0: the chosen response's two tokens each gain 1 nat over the reference (sum 2, not the mean 1), the rejected
        // one's single token none: with β = ½ the rewards are 1 and 0, the loss −log σ(1). Pair 1: the policy equals the
        // reference, so both rewards are 0: a tie, loss ln 2, not counted as ranked right. The padding holds garbage.
        var policyChosen = tensor(new[] { -1.0, -2.0, 40.0, -1.0, -2.0, -3.0 }, [2, 3]).requires_grad_(true);
        var referenceChosen = tensor(new[] { -2.0, -3.0, -40.0, -1.0, -2.0, -3.0 }, [2, 3]);
        var chosenMask = tensor(new long[] { 1, 1, 0, 1, 1, 1 }, [2, 3]);
        var policyRejected = tensor(new[] { -4.0, 8.0, -0.5, -0.25 }, [2, 2]).requires_grad_(true);
        var referenceRejected = tensor(new[] { -4.0, -8.0, -0.5, -0.25 }, [2, 2]);
        var rejectedMask = tensor(new long[] { 1, 0, 1, 1 }, [2, 2]);
        var result = DpoLoss.Of(policyChosen, policyRejected, referenceChosen, referenceRejected, chosenMask, rejectedMask, 0.5);

        Close([1.0, 0.0], result.ChosenRewards);
        Close([0.0, 0.0], result.RejectedRewards);
        Assert.Equal(0.5, result.Accuracy.item<double>());
        var softplusMinusOne = Math.Log(1 + Math.Exp(-1));
        Assert.Equal((softplusMinusOne + Math.Log(2)) / 2, result.Loss.item<double>(), 1e-12);
        // ∂loss/∂ log π(y_w) token = −β·σ(−z)/B on the mask: σ(−1) for pair 0, ½ for pair 1; +β·σ(−z)/B for y_l.
        var s = 1 / (1 + Math.E);
        var grads = autograd.grad([result.Loss], [policyChosen, policyRejected]);
        Close([-0.25 * s, -0.25 * s, 0, -0.125, -0.125, -0.125], grads[0]);
        Close([0.25 * s, 0, 0.125, 0.125], grads[1]);
    }
}
