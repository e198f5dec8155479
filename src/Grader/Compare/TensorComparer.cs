using System.Globalization;
using Course.Contracts.Interchange;

namespace Course.Grader.Compare;

/// <summary>
/// Compares a student's output with the reference's: shape first, then non-finite values, then
/// numpy's allclose rule |actual − expected| ≤ atol + rtol·|expected|, element by element.
/// </summary>
public static class TensorComparer
{
    public static Comparison Compare(string output, TensorData expected, TensorData? actual, double rtol, double atol)
    {
        if (actual is null)
            return new(false, $"{output}: nothing was returned for it");
        if (!expected.Shape.SequenceEqual(actual.Shape))
            return new(false, $"{output}: shape {actual.ShapeText}, expected {expected.ShapeText}");

        var e = expected.ToDoubles();
        var a = actual.ToDoubles();
        double maxAbs = 0, maxRel = 0;
        var firstBad = -1;
        for (var i = 0; i < e.Length; i++)
        {
            if (!double.IsFinite(a[i]) && double.IsFinite(e[i]))
                return new(false, $"{output}: {Describe(a[i])} at {Index(i, expected.Shape)} where {Num(e[i])} was expected", double.PositiveInfinity, double.PositiveInfinity);
            var diff = Math.Abs(a[i] - e[i]);
            if (!double.IsFinite(e[i]))
                diff = a[i].Equals(e[i]) ? 0 : double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, diff);
            if (e[i] != 0) maxRel = Math.Max(maxRel, diff / Math.Abs(e[i]));
            if (firstBad < 0 && !(diff <= atol + rtol * Math.Abs(e[i])))
                firstBad = i;
        }
        var errors = $"max abs error {Num(maxAbs)}, max rel error {Num(maxRel)}";
        return firstBad < 0
            ? new(true, $"{output}: matches ({errors})", maxAbs, maxRel)
            : new(false, $"{output}: differs at {Index(firstBad, expected.Shape)}: {Num(a[firstBad])} vs expected {Num(e[firstBad])} ({errors}; rtol {Num(rtol)}, atol {Num(atol)})", maxAbs, maxRel);
    }

    static string Describe(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "+inf" : "-inf";

    static string Num(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The multi-index of flat position <paramref name="flat"/> in row-major order, as [i, j, k].</summary>
    public static string Index(long flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return "[" + string.Join(", ", index) + "]";
    }
}
