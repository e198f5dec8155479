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
    public void A_size_2_array_is_no_scalar_and_the_message_says_a_single_number_was_expected()
    {
        var c = TensorComparer.Compare("loss", T([0.25]), T([0.25, 0.25], 2), 1e-6, 1e-8);
        Assert.False(c.Passed);
        Assert.Equal("loss: an array of shape (2) where a single number was expected", c.Message);
    }

    [Fact]
    public void A_single_number_where_an_array_was_expected_is_said_in_words()
    {
        var c = TensorComparer.Compare("output", T([1, 2, 3], 3), T([2]), 1e-6, 1e-8);
        Assert.False(c.Passed);
        Assert.Equal("output: a single number where an array of shape (3) was expected", c.Message);
    }

    [Fact]
    public void A_size_1_array_where_an_array_of_another_shape_was_expected_is_a_shape_mismatch()
    {
        // Only a scalar golden accepts any size-1 answer; a (3,) output answered with one number is wrong.
        var c = TensorComparer.Compare("output", T([1, 2, 3], 3), T([1], 1), 1e-6, 1e-8);
        Assert.Equal("output: shape (1), expected (3)", c.Message);
    }

    [Fact]
    public void A_scalar_NaN_is_said_in_words_without_an_index()
    {
        var c = TensorComparer.Compare("loss", T([0.25]), T([double.NaN], 1), 1e-6, 1e-8);
        Assert.False(c.Passed);
        Assert.Equal("loss: NaN where 0.25 was expected", c.Message);
    }

    [Fact]
    public void The_LayerNorm_epsilon_mistake_of_a02_reads_as_two_different_numbers()
    {
        // The values the real sandbox returned for a02's encoder_basic with Keras's ε = 1e-3 (mutants/layer_norm_keras_eps.diff):
        // at four significant digits both read -1.068, which told the student nothing.
        var c = TensorComparer.Compare("output", T([-1.06794, 0.5], 2), T([-1.06751, 0.5], 2), 1e-4, 1e-5);
        Assert.False(c.Passed);
        Assert.Contains("output: differs at [0]: -1.0675 vs expected -1.0679", c.Message);
    }

    [Theory]
    [InlineData(1.0, 1.0 + 1e-5)]
    [InlineData(1.0, 1.0 + 1e-9)]
    [InlineData(123456.78, 123456.79)]
    [InlineData(-3.0e-7, -3.0000001e-7)]
    [InlineData(0.1 + 0.2, 0.3)]  // differ in the 17th digit only
    public void However_close_two_differing_numbers_are_they_are_printed_differently_and_each_reads_back_near_itself(double expected, double actual)
    {
        var c = TensorComparer.Compare("loss", T([expected]), T([actual]), 0, 0);
        Assert.False(c.Passed);
        var shown = System.Text.RegularExpressions.Regex.Match(c.Message, @"^loss: (\S+) where (\S+) was expected");
        Assert.True(shown.Success, c.Message);
        var (got, want) = (shown.Groups[1].Value, shown.Groups[2].Value);
        Assert.NotEqual(got, want);
        var parse = (string v) => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture);
        // Each printed number is closer to its own value than to the other one.
        Assert.True(Math.Abs(parse(got) - actual) < Math.Abs(parse(got) - expected) || parse(got) == actual, c.Message);
        Assert.True(Math.Abs(parse(want) - expected) < Math.Abs(parse(want) - actual) || parse(want) == expected, c.Message);
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
