using Course.Grader.Compare;
using Course.Contracts.Interchange;

namespace Course.Grader.Tests;

public sealed class TensorComparerTests
{
    static TensorData T(double[] v, params long[] shape) => TensorData.FromDoubles(v, shape);

    [Fact]
    public void Values_within_rtol_and_atol_pass()
    {
        // |1.00005 − 1| = 5e-5 ≤ 1e-5 + 1e-4·1 = 1.1e-4
        var c = TensorComparer.Compare("output", T([1, 2], 2), T([1.00005, 2], 2), rtol: 1e-4, atol: 1e-5);
        Assert.True(c.Passed, c.Message);
        Assert.Equal(5e-5, c.MaxAbsError, 1e-12);
    }

    [Fact]
    public void The_first_mismatch_is_named_by_its_index_with_both_values()
    {
        var c = TensorComparer.Compare("output", T([0, 1, 2, 3, 4, 5], 2, 3), T([0, 1, 2, 3, 4.5, 9], 2, 3), 1e-4, 1e-5);
        Assert.False(c.Passed);
        Assert.Contains("output: differs at [1, 1]: 4.5 vs expected 4", c.Message);
        Assert.Contains("max abs error 4", c.Message);
    }

    [Fact]
    public void Two_numbers_that_differ_are_shown_with_enough_digits_to_read_differently()
    {
        // The LayerNorm-ε bug: -1.06794 vs -1.06836 both read -1.068 at four digits.
        var c = TensorComparer.Compare("output", T([-1.068356], 1), T([-1.067941], 1), 1e-6, 1e-8);
        Assert.Contains("differs at [0]: -1.0679 vs expected -1.0684", c.Message);
    }

    [Theory]
    [InlineData(new long[0])]
    [InlineData(new long[] { 1 })]
    [InlineData(new long[] { 1, 1 })]
    public void A_scalar_may_come_back_0_d_or_size_1_and_a_wrong_one_is_said_in_words(long[] shape)
    {
        Assert.True(TensorComparer.Compare("loss", T([0.25]), T([0.25], shape), 1e-6, 1e-8).Passed);

        var c = TensorComparer.Compare("loss", T([0.25]), T([0.5], shape), 1e-6, 1e-8);
        Assert.False(c.Passed);
        Assert.StartsWith("loss: 0.5 where 0.25 was expected (abs error 0.25", c.Message);
        Assert.DoesNotContain("[]", c.Message);
    }

    [Fact]
    public void A_size_2_array_is_no_scalar()
    {
        var c = TensorComparer.Compare("loss", T([0.25]), T([0.25, 0.25], 2), 1e-6, 1e-8);
        Assert.Equal("loss: shape (2), expected ()", c.Message);
    }

    [Fact]
    public void A_shape_mismatch_names_both_shapes()
    {
        var c = TensorComparer.Compare("weights", T([1, 2, 3, 4], 2, 2), T([1, 2, 3, 4], 4), 1e-4, 1e-5);
        Assert.False(c.Passed);
        Assert.Equal("weights: shape (4), expected (2, 2)", c.Message);
    }

    [Fact]
    public void NaN_where_a_number_was_expected_fails()
    {
        var c = TensorComparer.Compare("output", T([1, 2], 2), T([1, double.NaN], 2), 1, 1);
        Assert.False(c.Passed);
        Assert.Contains("NaN at [1]", c.Message);
    }

    [Fact]
    public void Missing_output_fails()
    {
        Assert.False(TensorComparer.Compare("output", T([1], 1), null, 1, 1).Passed);
    }
}
