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
        // A scalar may come back as a Python float, a 0-d array or a size-1 array: all three are the same number.
        var scalar = expected.Shape.Length == 0;
        if (scalar && actual.Shape.Length > 0 && actual.ElementCount == 1)
            actual = actual with { Shape = [] };
        if (!expected.Shape.SequenceEqual(actual.Shape))
            return new(false, ShapeMismatch(output, expected, actual));

        var e = expected.ToDoubles();
        var a = actual.ToDoubles();
        double maxAbs = 0, maxRel = 0;
        var firstBad = -1;
        for (var i = 0; i < e.Length; i++)
        {
            if (!double.IsFinite(a[i]) && double.IsFinite(e[i]))
                return new(false, scalar
                    ? $"{output}: {Describe(a[i])} where {Num(e[i])} was expected"
                    : $"{output}: {Describe(a[i])} at {Index(i, expected.Shape)} where {Num(e[i])} was expected", double.PositiveInfinity, double.PositiveInfinity);
            var diff = Math.Abs(a[i] - e[i]);
            if (!double.IsFinite(e[i]))
                diff = a[i].Equals(e[i]) ? 0 : double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, diff);
            if (e[i] != 0) maxRel = Math.Max(maxRel, diff / Math.Abs(e[i]));
            if (firstBad < 0 && !(diff <= atol + rtol * Math.Abs(e[i])))
                firstBad = i;
        }
        var errors = $"max abs error {Num(maxAbs)}, max rel error {Num(maxRel)}";
        if (firstBad < 0)
            return new(true, $"{output}: matches ({errors})", maxAbs, maxRel);
        var (got, want) = Distinct(a[firstBad], e[firstBad]);
        return scalar
            ? new(false, $"{output}: {got} where {want} was expected (abs error {Num(maxAbs)}, rel error {Num(maxRel)}; rtol {Num(rtol)}, atol {Num(atol)})", maxAbs, maxRel)
            : new(false, $"{output}: differs at {Index(firstBad, expected.Shape)}: {got} vs expected {want} ({errors}; rtol {Num(rtol)}, atol {Num(atol)})", maxAbs, maxRel);
    }

    /// <summary>Shapes in words where one side is a scalar: "shape ()" reads as a typo to a student.</summary>
    static string ShapeMismatch(string output, TensorData expected, TensorData actual) =>
        expected.Shape.Length == 0 ? $"{output}: an array of shape {actual.ShapeText} where a single number was expected"
        : actual.Shape.Length == 0 ? $"{output}: a single number where an array of shape {expected.ShapeText} was expected"
        : $"{output}: shape {actual.ShapeText}, expected {expected.ShapeText}";

    static string Describe(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "+inf" : "-inf";

    static string Num(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Two differing numbers with just enough significant digits (4 at least) that they read differently.</summary>
    static (string A, string B) Distinct(double a, double b)
    {
        for (var digits = 4; digits < 17; digits++)
        {
            var (x, y) = (a.ToString("G" + digits, CultureInfo.InvariantCulture), b.ToString("G" + digits, CultureInfo.InvariantCulture));
            if (x != y) return (x, y);
        }
        return (a.ToString("R", CultureInfo.InvariantCulture), b.ToString("R", CultureInfo.InvariantCulture));
    }

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
