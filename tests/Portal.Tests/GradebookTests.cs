using Course.Gradebook.Data;
using System.Net;
using System.Text.Json;
using Course.Grader.Data;
using Course.Grader.Queue;
using Course.Grader.Submissions;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>The instructor's gradebook through its real forms and SQLite: overrides with reasons, the audit log, CSV export, re-grades.</summary>
public sealed class GradebookTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_override_needs_a_reason_is_audited_and_reaches_the_csv_export()
    {
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);

        var refused = await PortalFactory.PostFormAsync(ivy, "/gradebook", "override",
            new() { ["student"] = PortalFactory.Bea, ["assignment"] = "a02-transformer", ["points"] = "77", ["reason"] = " " });
        Assert.Contains("Not done: give a reason", await refused.Content.ReadAsStringAsync(Ct));
        var tooMany = await PortalFactory.PostFormAsync(ivy, "/gradebook", "override",
            new() { ["student"] = PortalFactory.Bea, ["assignment"] = "a02-transformer", ["points"] = "1000", ["reason"] = "typo" });
        Assert.Contains("the points must be between 0 and", await tooMany.Content.ReadAsStringAsync(Ct));

        var done = await PortalFactory.PostFormAsync(ivy, "/gradebook", "override",
            new() { ["student"] = PortalFactory.Bea, ["assignment"] = "a02-transformer", ["points"] = "77", ["reason"] = "hand-graded after a harness bug" });
        var page = await done.Content.ReadAsStringAsync(Ct);
        Assert.Contains("now has 77 on a02-transformer", page);
        Assert.Contains("hand-graded after a harness bug", page); // in the audit log on the page

        using (var scope = portal.Services.CreateScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<CourseDbContext>().AuditLog
                .SingleAsync(a => a.Action == "override" && a.Student == PortalFactory.Bea, Ct);
            Assert.Equal(PortalFactory.Ivy, audit.Actor);
            Assert.Equal("a02-transformer", audit.AssignmentId);
        }

        // The export reads back as one row per student and one column per assignment.
        var response = await ivy.GetAsync("/gradebook.csv", Ct);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        using var reader = CsvReader.Create(new StringReader(await response.Content.ReadAsStringAsync(Ct)), null);
        reader.ReadHeader();
        var rows = new Dictionary<string, (string Name, string Id, string A02)>();
        Assert.True(reader.TryGetFieldIndex("a02-transformer (100)", out var a02));
        while (reader.Read())
            rows[reader.GetString("Email")] = (reader.GetString("Name"), reader.GetString("Student ID"), reader.GetString(a02));
        Assert.Equal([PortalFactory.Ada, PortalFactory.Bea], rows.Keys.Order());
        Assert.Equal(("Bea Student", "s002", "77"), rows[PortalFactory.Bea]);
        Assert.True(reader.TryGetFieldIndex("Total (%)", out _));
    }

    [Fact]
    public async Task A_cell_is_overridden_in_place_with_the_same_checks_and_audit_and_still_links_its_submission()
    {
        const string assignment = "a05-vae";
        var submission = await GradedAsync(assignment, PortalFactory.Ada, score: 61);
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);

        // The cell links the counted submission and has an edit control that opens its form in the grid.
        var grid = Parse(await ivy.GetStringAsync("/gradebook", Ct));
        var cell = grid.QuerySelector($"tr[data-student='{PortalFactory.Ada}'] td[data-assignment={assignment}]")!;
        Assert.Equal($"submissions/{submission}", cell.QuerySelector("a.score")!.GetAttribute("href"));
        var edit = cell.QuerySelector("a.edit")!.GetAttribute("href")!;
        Assert.Equal($"gradebook?edit={Uri.EscapeDataString(PortalFactory.Ada)}&assignment={assignment}#cell-edit", edit);
        var open = "/" + edit[..edit.IndexOf('#')];
        var form = Parse(await ivy.GetStringAsync(open, Ct)).QuerySelector($"tr[data-student='{PortalFactory.Ada}'] td[data-assignment={assignment}] form#cell-edit");
        Assert.NotNull(form);
        Assert.NotNull(form.QuerySelector("label input[name=points]"));
        Assert.NotNull(form.QuerySelector("label input[name=reason]"));

        // Refused as the form below the grid refuses, said in the cell, with what was typed kept.
        var tooMany = Parse(await (await PortalFactory.PostFormAsync(ivy, open, "cell-override", new() { ["points"] = "1000", ["reason"] = "typo" })).Content.ReadAsStringAsync(Ct));
        Assert.Contains("Not done: the points must be between 0 and 100", tooMany.QuerySelector("#cell-edit [role=alert]")!.TextContent);
        Assert.Equal("typo", tooMany.QuerySelector("#cell-edit input[name=reason]")!.GetAttribute("value"));
        var noReason = Parse(await (await PortalFactory.PostFormAsync(ivy, open, "cell-override", new() { ["points"] = "70", ["reason"] = "  " })).Content.ReadAsStringAsync(Ct));
        Assert.Contains("Not done: give a reason", noReason.QuerySelector("#cell-edit [role=alert]")!.TextContent);
        var notNumber = Parse(await (await PortalFactory.PostFormAsync(ivy, open, "cell-override", new() { ["points"] = "seventy", ["reason"] = "oral" })).Content.ReadAsStringAsync(Ct));
        Assert.Contains("Not done: the points must be a number", notNumber.QuerySelector("#cell-edit [role=alert]")!.TextContent);

        var saved = Parse(await (await PortalFactory.PostFormAsync(ivy, open, "cell-override",
            new() { ["points"] = "70.5", ["reason"] = "re-marked after the oral exam" })).Content.ReadAsStringAsync(Ct));
        Assert.Contains($"{PortalFactory.Ada} now has 70.5 on {assignment}", saved.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(saved.QuerySelector("#cell-edit")); // closed once saved
        cell = saved.QuerySelector($"tr[data-student='{PortalFactory.Ada}'] td[data-assignment={assignment}]")!;
        Assert.Contains("overridden", cell.ClassList);
        Assert.Equal("70.5", cell.QuerySelector("a.score")!.TextContent);
        Assert.Equal($"submissions/{submission}", cell.QuerySelector("a.score")!.GetAttribute("href"));
        Assert.Equal("re-marked after the oral exam", cell.QuerySelector(".why")!.TextContent);
        Assert.Equal("graded 61", cell.QuerySelector(".graded")!.TextContent);

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseDbContext>();
        var audit = await db.AuditLog.Where(a => a.Action == "override" && a.Student == PortalFactory.Ada && a.AssignmentId == assignment).ToListAsync(Ct);
        var line = Assert.Single(audit); // the refusals wrote nothing
        Assert.Equal(PortalFactory.Ivy, line.Actor);
        Assert.Equal("70.5 / 100 instead of the graded score: re-marked after the oral exam", line.Detail);
        Assert.Equal(70.5, (await db.GradeOverrides.SingleAsync(o => o.Student == PortalFactory.Ada && o.AssignmentId == assignment, Ct)).Points);
    }

    [Fact]
    public async Task An_extended_deadline_is_marked_in_its_cell()
    {
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        using (var scope = portal.Services.CreateScope())
        {
            var due = scope.ServiceProvider.GetRequiredService<Course.Contracts.Manifest.AssignmentCatalog>().Get("a06-vq-vae").Manifest.Due;
            await scope.ServiceProvider.GetRequiredService<Course.Gradebook.Grades.GradebookService>()
                .ExtendAsync(PortalFactory.Bea, "a06-vq-vae", due.AddDays(2).AddHours(3), "family emergency", PortalFactory.Ivy, Ct);
        }
        var cell = Parse(await ivy.GetStringAsync("/gradebook", Ct)).QuerySelector($"tr[data-student='{PortalFactory.Bea}'] td[data-assignment=a06-vq-vae]")!;
        Assert.Equal("ext. +3 d", cell.QuerySelector(".ext")!.TextContent);
    }

    /// <summary>A submission of the student's with a result, as the worker would leave it; its id.</summary>
    async Task<long> GradedAsync(string assignment, string student, double score)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        var submission = await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
            .SubmitAsync(assignment, student, new SubmissionUpload("vae.py", "x = 1\n"u8.ToArray()), Ct);
        var job = await db.Jobs.SingleAsync(j => j.SubmissionId == submission.Id, Ct);
        job.Status = JobStatus.Graded;
        job.FinishedAt = DateTimeOffset.UtcNow;
        db.Results.Add(new GradeResult { SubmissionId = submission.Id, Score = score, MaxScore = 100, Summary = "graded", LogJson = "{}", ProvenanceJson = "null" });
        await db.SaveChangesAsync(Ct);
        return submission.Id;
    }

    static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

    [Fact]
    public async Task A_regrade_queues_the_submission_again_and_keeps_its_grade_until_the_new_one_arrives()
    {
        long id;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
            var submission = await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
                .SubmitAsync("a03-factor-autoencoder", PortalFactory.Ada, new SubmissionUpload("factors.py", "x = 1\n"u8.ToArray()), Ct);
            id = submission.Id;
            var job = await db.Jobs.SingleAsync(j => j.SubmissionId == id, Ct);
            job.Status = JobStatus.Graded;
            job.FinishedAt = DateTimeOffset.UtcNow;
            db.Results.Add(new GradeResult { SubmissionId = id, Score = 12, MaxScore = 100, Summary = "1 of 8 tests passed.", LogJson = "{}", ProvenanceJson = "null" });
            await db.SaveChangesAsync(Ct);
        }

        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        var response = await PortalFactory.PostFormAsync(tom, $"/submissions/{id}/log", "regrade", []);
        Assert.Contains("Re-grading… the current grade (12 / 100) stays until the new one arrives", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));

        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
            Assert.Equal(JobStatus.Queued, (await db.Jobs.SingleAsync(j => j.SubmissionId == id, Ct)).Status);
            Assert.Equal(12, (await db.Results.SingleAsync(r => r.SubmissionId == id, Ct)).Score);
            Assert.Equal(PortalFactory.Tom, (await scope.ServiceProvider.GetRequiredService<CourseDbContext>().AuditLog.SingleAsync(a => a.SubmissionId == id, Ct)).Actor);
        }
        // Asking again while it waits does nothing.
        var again = await PortalFactory.PostFormAsync(tom, $"/submissions/{id}/log", "regrade", []);
        Assert.Contains("already waiting or running", await again.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_student_submits_from_the_shell_with_a_token_and_a_wrong_file_costs_nothing()
    {
        string token;
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Course.Gradebook.Accounts.CourseUser>>();
            token = (await scope.ServiceProvider.GetRequiredService<Course.Gradebook.Accounts.ApiTokens>()
                .IssueAsync((await users.FindByEmailAsync(PortalFactory.Bea))!.Id, "shell", Ct)).Token;
        }
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var solution = File.ReadAllBytes(Path.Combine(PortalFactory.RepoRoot, "assignments", "a01-attention", "solution", "attention.py"));
        var created = await client.PostAsync("/api/submissions", Upload("a01-attention", "attention.py", solution), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Queued", json.RootElement.GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("queuePosition").GetInt32() >= 1);
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.EndsWith($"/submissions/{id}", created.Headers.Location!.OriginalString);

        var wrong = await client.PostAsync("/api/submissions", Upload("a01-attention", "essay.docx", [1, 2, 3]), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("no attempt was used", await wrong.Content.ReadAsStringAsync(Ct));

        using var scope2 = portal.Services.CreateScope();
        var db = scope2.ServiceProvider.GetRequiredService<GradingDbContext>();
        Assert.Equal(PortalFactory.Bea, (await db.Submissions.SingleAsync(s => s.Id == id, Ct)).Student);
        Assert.False(await db.Submissions.AnyAsync(s => s.FileName == "essay.docx", Ct));
    }

    [Fact]
    public async Task An_extension_and_a_regrade_of_a_whole_assignment_are_made_on_the_gradebook_page_and_audited()
    {
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);
        var early = await PortalFactory.PostFormAsync(ivy, "/gradebook", "extend",
            new() { ["student"] = PortalFactory.Ada, ["assignment"] = "a04-style-transfer", ["due"] = "2020-01-01T00:00", ["reason"] = "ill" });
        Assert.Contains("Not done: an extension must end after the due date", await early.Content.ReadAsStringAsync(Ct));

        var extended = await PortalFactory.PostFormAsync(ivy, "/gradebook", "extend",
            new() { ["student"] = PortalFactory.Ada, ["assignment"] = "a04-style-transfer", ["due"] = "2027-12-24T12:00", ["reason"] = "medical note" });
        Assert.Contains("has until 2027-12-24 12:00 UTC for a04-style-transfer", await extended.Content.ReadAsStringAsync(Ct));

        var unconfirmed = await PortalFactory.PostFormAsync(ivy, "/gradebook", "regrade-all", new() { ["assignment"] = "a04-style-transfer" });
        Assert.Contains("Not done: tick the box to confirm", await unconfirmed.Content.ReadAsStringAsync(Ct));
        var regraded = await PortalFactory.PostFormAsync(ivy, "/gradebook", "regrade-all", new() { ["assignment"] = "a04-style-transfer", ["confirm"] = "yes" });
        Assert.Contains("submissions of a04-style-transfer are queued again", await regraded.Content.ReadAsStringAsync(Ct));

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseDbContext>();
        var extension = await db.DeadlineExtensions.SingleAsync(x => x.Student == PortalFactory.Ada && x.AssignmentId == "a04-style-transfer", Ct);
        Assert.Equal(new DateTimeOffset(2027, 12, 24, 12, 0, 0, TimeSpan.Zero), extension.Due);
        var actions = await db.AuditLog.Where(a => a.AssignmentId == "a04-style-transfer").Select(a => a.Action).ToListAsync(Ct);
        Assert.Contains("extension", actions);
        Assert.Contains("regrade all", actions);
        // The student sees the extended date on their grades page.
        var grades = await (await portal.SignedInAsync(PortalFactory.Ada)).GetStringAsync("/grades", Ct);
        Assert.Contains("2027-12-24 12:00 UTC</time> (extended)", grades);
    }

    static MultipartFormDataContent Upload(string assignment, string name, byte[] bytes) =>
        new() { { new StringContent(assignment), "assignment" }, { new ByteArrayContent(bytes), "file", name } };
}
