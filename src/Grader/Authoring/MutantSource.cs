using System.Text;
using Course.Contracts.Manifest;
using Course.Grader.Submissions;

namespace Course.Grader.Authoring;

/// <summary>A mutant as a student would hand it in: the solution with the mutant's patch applied, under the solution's file name.</summary>
public static class MutantSource
{
    /// <exception cref="PatchException">The patch no longer applies to the solution.</exception>
    public static string Text(LoadedAssignment assignment, MutantSpec mutant)
    {
        var solution = File.ReadAllText(assignment.PathOf(assignment.Manifest.Solution));
        var patch = File.ReadAllText(assignment.PathOf(mutant.Patch));
        try
        {
            return UnifiedDiff.Apply(solution, patch);
        }
        catch (PatchException e)
        {
            throw new PatchException($"{mutant.Patch} no longer applies to {assignment.Manifest.Solution}: {e.Message}");
        }
    }

    public static SubmissionUpload Upload(LoadedAssignment assignment, MutantSpec mutant) =>
        new(Path.GetFileName(assignment.Manifest.Solution), Encoding.UTF8.GetBytes(Text(assignment, mutant)));

    public static SubmissionUpload Upload(LoadedAssignment assignment, string mutantName) =>
        Upload(assignment, assignment.Manifest.Mutants.Single(m => m.Name == mutantName));
}
