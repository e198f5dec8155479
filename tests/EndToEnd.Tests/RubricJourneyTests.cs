using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Course.EndToEnd.Tests;

/// <summary>
/// The final project's hand grading in a real browser: a student hands in predictions with a report, an instructor
/// writes the rubric, a TA grades the report beside it, the instructor publishes, and the student reads the grade.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RubricJourneyTests(PortalServer portal, Chromium chromium)
{
    const string Project = "final-phrasebank";

    /// <summary>A project zip: predictions for every public test sentence (all "neutral", a valid file), a report and a notebook.</summary>
    internal static string ProjectZip()
    {
        var ids = File.ReadAllLines(Path.Combine(PortalServer.RepoRoot, "assignments", Project, "data", "test.csv"))
            .Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("e2e-project-").FullName, "project.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, string text)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }
        Add("predictions.csv", "id,label\n" + string.Join("\n", ids.Select(id => $"{id},neutral")) + "\n");
        Add("report.md", "# Report\n\nWe fine-tuned a **small encoder** for three epochs.\n\n| split | macro-F1 |\n| --- | --- |\n| validation | 0.71 |\n");
        Add("finetune.ipynb", """{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["Training log"]}]}""");
        return path;
    }

    [Fact]
    public async Task A_ta_grades_a_report_with_the_rubric_and_the_student_reads_it_once_published()
    {
        // The student hands in the project; its predictions are scored at once, outside the sandbox.
        var student = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Student);
        await Browser.UploadAsync(student, Project, ProjectZip());
        await Expect(student.Locator("#status")).ToHaveAttributeAsync("data-status", "Graded", new() { Timeout = 120_000 });
        var submission = new Uri(student.Url).AbsolutePath.TrimStart('/');

        // The instructor writes the rubric.
        var instructor = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Instructor);
        await instructor.GotoAsync($"gradebook/{Project}/rubric");
        foreach (var (title, points) in new[] { ("Method explained and reproducible", "15"), ("Error analysis on the validation set", "10") })
        {
            var add = instructor.Locator("#add-item");
            await add.Locator("input[name=title]").FillAsync(title);
            await add.Locator("input[name=points]").FillAsync(points);
            await add.Locator("#add").ClickAsync();
            await Expect(instructor.GetByRole(AriaRole.Status)).ToContainTextAsync("is on the rubric");
        }
        await Expect(instructor.Locator("#rubric-items tbody tr")).ToHaveCountAsync(2);
        await Browser.ScreenshotAsync(instructor, "instructor-rubric");

        // The TA finds the submission on the review list and grades the report beside the rubric.
        var ta = await Browser.SignedInPageAsync(chromium, portal, PortalServer.Ta);
        await ta.GotoAsync($"reviews/{Project}");
        await ta.Locator($"#reviews tr[data-student='{PortalServer.Student}'] a").ClickAsync();
        await Expect(ta).ToHaveURLAsync(new Regex($"/{submission}/review$"));
        await Expect(ta.Locator("article[data-file='report.md'] strong")).ToHaveTextAsync("small encoder");
        await ta.Locator("label.rubric-item", new() { HasText = "Method explained" }).Locator("input").CheckAsync();
        await ta.Locator("textarea[name=comment]").FillAsync("Clear method; the error analysis is missing.");
        await ta.Locator("#save-grade").ClickAsync();
        await Expect(ta.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: 15 / 30");
        await Browser.ScreenshotAsync(ta, "ta-review");

        // Not published yet: the student does not see it.
        await student.ReloadAsync();
        await Expect(student.Locator("#rubric-grade")).ToHaveCountAsync(0);

        await instructor.GotoAsync($"gradebook/{Project}/rubric");
        await instructor.Locator("#publish").ClickAsync();
        await Expect(instructor.Locator("#publication")).ToContainTextAsync("Students see their rubric grades");

        await student.ReloadAsync();
        await Expect(student.Locator("#rubric-grade h2")).ToContainTextAsync("Rubric: 15 / 30");
        await Expect(student.Locator("#rubric-comment")).ToHaveTextAsync("Clear method; the error analysis is missing.");
        await Browser.ScreenshotAsync(student, "student-rubric-grade");
        await student.GotoAsync("grades");
        await Expect(student.Locator($"#grades tr[data-assignment={Project}] td.points")).ToContainTextAsync("with the rubric's 15 / 30");
        await Browser.ScreenshotAsync(student, "student-grades-with-rubric");

        await student.Context.DisposeAsync();
        await instructor.Context.DisposeAsync();
        await ta.Context.DisposeAsync();
    }
}
