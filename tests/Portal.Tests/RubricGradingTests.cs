using System.IO.Compression;
using System.Net;
using System.Text;
using Course.Gradebook.Data;
using Course.Gradebook.Rubrics;
using Course.Grader.Data;
using Course.Grader.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>
/// Hand grading through the real pages and SQLite: an instructor writes the rubric, a TA grades a report beside it, the
/// student sees the grade once it is published, and a change to an item's points re-scores the grades that used it.
/// </summary>
public sealed class RubricGradingTests(RubricCoursePortalFactory portal) : IClassFixture<RubricCoursePortalFactory>, IAsyncLifetime
{
    const string A01 = RubricCoursePortalFactory.Assignment;

    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A page's text as the reader sees it (Razor writes “ as &amp;#x201C;).</summary>
    static async Task<string> TextOf(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

    static async Task<string> TextOf(HttpClient client, string page) => WebUtility.HtmlDecode(await client.GetStringAsync(page, Ct));

    /// <summary>A zip as a student hands in a project: the code, a Markdown report and a notebook.</summary>
    static byte[] ProjectZip(string report)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
            Add("attention.py", "def scaled_dot_product_attention(q, k, v, mask=None):\n    return None\n");
            Add("report.md", report);
            Add("analysis.ipynb", """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                  {"cell_type": "markdown", "metadata": {}, "source": ["## Ablation\n", "Heads matter."]},
                  {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["print(2 + 2)"],
                   "outputs": [{"output_type": "stream", "name": "stdout", "text": ["4\n"]},
                               {"output_type": "display_data", "metadata": {}, "data": {"text/html": ["<script>alert(1)</script>"], "text/plain": ["<Figure>"]}}]}
                ]}
                """);
        }
        return buffer.ToArray();
    }

    /// <summary>A submission whose tests are graded (8 of 10): the portal here has no workers, so the result is recorded as the worker would.</summary>
    async Task<long> SubmitAsync(string student, string report)
    {
        using var scope = portal.Services.CreateScope();
        var submission = await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
            .SubmitAsync(A01, student, new SubmissionUpload("project.zip", ProjectZip(report)), Ct);
        var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        var job = await db.Jobs.SingleAsync(j => j.SubmissionId == submission.Id, Ct);
        job.Status = JobStatus.Graded;
        job.FinishedAt = DateTimeOffset.UtcNow;
        db.Results.Add(new GradeResult { SubmissionId = submission.Id, Score = 8, MaxScore = 10, Summary = "8 of 10 points.", LogJson = "{}", ProvenanceJson = "null" });
        await db.SaveChangesAsync(Ct);
        return submission.Id;
    }

    async Task<long> AddItemAsync(HttpClient instructor, string title, string points)
    {
        var response = await PortalFactory.PostFormAsync(instructor, $"/gradebook/{A01}/rubric", "add",
            new Dictionary<string, string> { ["title"] = title, ["points"] = points, ["description"] = $"{title}, as the statement asks" });
        Assert.Contains($"“{title}” is on the rubric", await TextOf(response));
        using var scope = portal.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<CourseDbContext>().RubricItems.SingleAsync(i => i.AssignmentId == A01 && i.Title == title, Ct)).Id;
    }

    static Task<HttpResponseMessage> GradeAsync(HttpClient ta, long submission, string comment, params long[] items) =>
        PortalFactory.PostFormAsync(ta, $"/submissions/{submission}/review", "grade",
            [.. items.Select(i => KeyValuePair.Create("item", i.ToString())), KeyValuePair.Create("comment", comment)]);

    [Fact]
    public async Task A_ta_grades_a_report_with_the_rubric_and_the_student_sees_it_once_published()
    {
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        var clarity = await AddItemAsync(ivy, "Clear method section", "8");
        var results = await AddItemAsync(ivy, "Results with error bars", "12");
        var missing = await AddItemAsync(ivy, "No data statement", "-5");
        var submission = await SubmitAsync(PortalFactory.Ada, "# Report\n\nWe compare **four** heads.\n");

        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        var review = await TextOf(tom, $"/submissions/{submission}/review");
        Assert.Contains("<strong>four</strong>", review);          // the report, rendered
        Assert.Contains("Heads matter.", review);                  // the notebook's Markdown
        Assert.Contains("def scaled_dot_product_attention", review); // the code
        Assert.Contains("Results with error bars", review);

        var saved = await GradeAsync(tom, submission, "Good ablation; say where the data comes from.", clarity, results, missing);
        Assert.Contains("Saved: 15 / 20", await TextOf(saved));

        // Not published: the student sees neither the grade nor its points in their gradebook.
        var ada = await portal.SignedInAsync(PortalFactory.Ada);
        Assert.DoesNotContain("Good ablation", await TextOf(ada, $"/submissions/{submission}"));
        Assert.Contains("points are not graded yet", await TextOf(ada, "/grades"));

        var published = await PortalFactory.PostFormAsync(ivy, $"/gradebook/{A01}/rubric", "publish", new Dictionary<string, string>());
        Assert.Contains("Published", await TextOf(published));
        var page = await TextOf(ada, $"/submissions/{submission}");
        Assert.Contains("Rubric: 15 / 20", page);
        Assert.Contains("Good ablation; say where the data comes from.", page);
        Assert.Contains("No data statement", page);
        Assert.Contains("with the rubric's 15 / 20", await TextOf(ada, "/grades"));

        using var scope = portal.Services.CreateScope();
        var actions = await scope.ServiceProvider.GetRequiredService<CourseDbContext>().AuditLog
            .Where(a => a.AssignmentId == A01).Select(a => new { a.Action, a.Actor, a.Detail }).ToListAsync(Ct);
        Assert.Contains(actions, a => a.Action == "rubric grade" && a.Actor == PortalFactory.Tom);
        Assert.Contains(actions, a => a.Action == "rubric grades published" && a.Actor == PortalFactory.Ivy);
        // The class's other tests write items of their own in the same course.
        Assert.Equal(3, actions.Count(a => a.Action == "rubric item added"
            && new[] { "Clear method section", "Results with error bars", "No data statement" }.Any(t => a.Detail.Contains(t))));
    }

    [Fact]
    public async Task Changing_an_items_points_rescores_every_grade_that_applied_it_and_is_audited()
    {
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        var depth = await AddItemAsync(ivy, "Error analysis", "6");
        var bea = await SubmitAsync(PortalFactory.Bea, "short report");
        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        await GradeAsync(tom, bea, "", depth);

        using (var scope = portal.Services.CreateScope())
            Assert.Equal(6, (await scope.ServiceProvider.GetRequiredService<RubricService>().GradeOfAsync(PortalFactory.Bea, A01, Ct))!.Score);

        var changed = await PortalFactory.PostFormAsync(ivy, $"/gradebook/{A01}/rubric", $"item-{depth}",
            new Dictionary<string, string> { ["title"] = "Error analysis", ["points"] = "4", ["description"] = "", ["action"] = "save" });
        Assert.Contains("1 grade(s) that applied it are re-scored", await TextOf(changed));

        using (var scope = portal.Services.CreateScope())
        {
            Assert.Equal(4, (await scope.ServiceProvider.GetRequiredService<RubricService>().GradeOfAsync(PortalFactory.Bea, A01, Ct))!.Score);
            var cell = (await scope.ServiceProvider.GetRequiredService<Course.Gradebook.Grades.GradebookService>().BuildAsync(Ct))
                .Rows.Single(r => r.Student.Email == PortalFactory.Bea).Cells[A01];
            Assert.Equal(4, cell.RubricPoints);
            var audit = await scope.ServiceProvider.GetRequiredService<CourseDbContext>().AuditLog.SingleAsync(a => a.Action == "rubric item changed", Ct);
            Assert.Contains("+6 → +4, 1 grade(s) re-scored", audit.Detail);
        }

        var deleted = await PortalFactory.PostFormAsync(ivy, $"/gradebook/{A01}/rubric", $"item-{depth}",
            new Dictionary<string, string> { ["title"] = "Error analysis", ["points"] = "4", ["action"] = "delete" });
        Assert.Contains("1 grade(s) re-scored without it", await TextOf(deleted));
        using (var scope = portal.Services.CreateScope())
            Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<RubricService>().GradeOfAsync(PortalFactory.Bea, A01, Ct))!.Score);
    }

    [Fact]
    public async Task Only_instructors_write_the_rubric_and_only_staff_grade()
    {
        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        Assert.NotEqual(HttpStatusCode.OK, (await tom.GetAsync($"/gradebook/{A01}/rubric", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tom.GetAsync($"/reviews/{A01}", Ct)).StatusCode);

        var submission = await SubmitAsync(PortalFactory.Ada, "mine");
        var ada = await portal.SignedInAsync(PortalFactory.Ada);
        Assert.NotEqual(HttpStatusCode.OK, (await ada.GetAsync($"/submissions/{submission}/review", Ct)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await ada.GetAsync($"/reviews/{A01}", Ct)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await ada.GetAsync($"/submissions/{submission}/files/1", Ct)).StatusCode);

        // An assignment without a rubric has no rubric pages.
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        Assert.Equal(HttpStatusCode.NotFound, (await ivy.GetAsync("/gradebook/a02-transformer/rubric", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_report_is_rendered_without_scripts_javascript_links_or_images_from_elsewhere()
    {
        var submission = await SubmitAsync(PortalFactory.Bea, """
            <script>alert('raw html')</script>
            [click](javascript:alert(1)) and [docs](https://pytorch.org/docs)
            ![tracker](https://evil.example/pixel.png)
            """);
        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        var page = await tom.GetStringAsync($"/submissions/{submission}/review", Ct);
        Assert.DoesNotContain("<script>alert", page);
        Assert.DoesNotContain("javascript:", page);
        Assert.DoesNotContain("<img src=\"https://evil.example", page);
        Assert.Contains("href=\"https://pytorch.org/docs\"", page);
        Assert.Contains("href=\"https://evil.example/pixel.png\"", page); // the image became a link
        Assert.DoesNotContain("text/html", page);                        // the notebook's HTML output is not shown
    }

    [Fact]
    public async Task A_pdf_report_is_served_inline_as_a_pdf_and_anything_else_as_an_attachment()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("attention.py").Open())) w.Write("x = 1\n");
            using (var w = new StreamWriter(zip.CreateEntry("report.pdf").Open())) w.Write("%PDF-1.4\n% a tiny report\n");
            using (var w = new StreamWriter(zip.CreateEntry("fake.pdf").Open())) w.Write("<html><script>alert(1)</script></html>");
        }
        long id;
        using (var scope = portal.Services.CreateScope())
            id = (await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
                .SubmitAsync(A01, PortalFactory.Ada, new SubmissionUpload("project.zip", buffer.ToArray()), Ct)).Id;

        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        var review = await tom.GetStringAsync($"/submissions/{id}/review", Ct);
        Assert.Contains($"src=\"submissions/{id}/files/1\"", review);

        var pdf = await tom.GetAsync($"/submissions/{id}/files/1", Ct);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", pdf.Content.Headers.ContentDisposition!.DispositionType);
        var fake = await tom.GetAsync($"/submissions/{id}/files/2", Ct);
        Assert.Equal("application/octet-stream", fake.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", fake.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(HttpStatusCode.NotFound, (await tom.GetAsync($"/submissions/{id}/files/3", Ct)).StatusCode);
    }
}
