using System.Net;
using System.Text.RegularExpressions;
using Course.Gradebook.Accounts;
using Course.Gradebook.Reads;
using Course.Grader.Data;
using Course.Portal.Submissions;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>
/// The staff's submissions browser over 120 submissions in the portal's real SQLite store: each filter, each sort,
/// the pages, and the page itself as a TA gets it. Expected rows are worked out from the seeded list in memory.
/// </summary>
public sealed class SubmissionBrowserTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    const string Carl = "Carl.Gauss@uni.example";
    static readonly DateTimeOffset Start = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    sealed record Seeded(long Id, string Assignment, string Student, DateTimeOffset At, JobStatus Status, double? Score);

    List<Seeded> seeded = [];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await portal.SeedPeopleAsync();
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        if (!db.Submissions.Any())
        {
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddAsync(Carl, CourseRoles.Student, PortalFactory.Password, "Carl Friedrich Gauss", "G-1777");
            string[] students = [PortalFactory.Ada, PortalFactory.Bea, Carl];
            for (var i = 0; i < 120; i++)
            {
                var status = (i % 10) switch { 8 => JobStatus.Queued, 9 => JobStatus.Failed, _ => JobStatus.Graded };
                var at = Start.AddMinutes(i);
                db.Submissions.Add(new Submission
                {
                    AssignmentId = i % 2 == 0 ? "a01-attention" : "a02-transformer",
                    Student = students[i % 3], FileName = "attention.py", ContentHash = $"hash{i}", SizeBytes = 10, SubmittedAt = at,
                    Job = new GradingJob { Status = status, QueuedAt = at, Attempts = status == JobStatus.Queued ? 0 : 1 },
                    // Scores repeat (i % 7 * 10), so sorting by score has ties to break.
                    Result = status == JobStatus.Graded
                        ? new GradeResult { Score = i % 7 * 10, MaxScore = 100, Summary = "", LogJson = "{}", ProvenanceJson = "null", GradedAt = at }
                        : null,
                });
            }
            await db.SaveChangesAsync(Ct);
        }
        seeded = db.Submissions.Select(s => new Seeded(s.Id, s.AssignmentId, s.Student, s.SubmittedAt, s.Job!.Status, s.Result == null ? null : s.Result.Score))
            .AsEnumerable().OrderBy(s => s.Id).ToList();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    async Task<SubmissionList> ListAsync(SubmissionFilter filter)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SubmissionBrowserReads>().ListAsync(filter, Ct);
    }

    /// <summary>Every page of a filter, in order.</summary>
    async Task<List<SubmissionListRow>> AllPagesAsync(SubmissionFilter filter)
    {
        var first = await ListAsync(filter with { Page = 1 });
        var rows = first.Rows.ToList();
        for (var page = 2; page <= first.Pages; page++) rows.AddRange((await ListAsync(filter with { Page = page })).Rows);
        return rows;
    }

    [Fact]
    public async Task Pages_hold_fifty_rows_newest_first_and_say_which_rows_of_how_many()
    {
        var first = await ListAsync(new SubmissionFilter());
        Assert.Equal(120, first.Total);
        Assert.Equal(3, first.Pages);
        Assert.Equal((1, 50), (first.First, first.Last));
        Assert.Equal(seeded.OrderByDescending(s => s.At).Take(50).Select(s => s.Id), first.Rows.Select(r => r.Id));

        var last = await ListAsync(new SubmissionFilter(Page: 3));
        Assert.Equal((101, 120), (last.First, last.Last));
        Assert.Equal(20, last.Rows.Count);

        // A page past the end (an old link after a filter narrowed) shows the last one rather than nothing.
        var beyond = await ListAsync(new SubmissionFilter(Page: 99));
        Assert.Equal(3, beyond.Page);
        Assert.Equal(last.Rows.Select(r => r.Id), beyond.Rows.Select(r => r.Id));
    }

    [Theory]
    [InlineData("lovelace", PortalFactory.Ada)]   // part of the name, in another case
    [InlineData("S002", PortalFactory.Bea)]       // the student id
    [InlineData("g-1777", Carl)]                 // the student id, in another case
    [InlineData("CARL.GAUSS@", Carl)]            // the e-mail address, in another case than stored
    public async Task A_student_is_found_by_name_email_or_student_id_in_any_case(string search, string student)
    {
        var rows = await AllPagesAsync(new SubmissionFilter(Student: search));
        Assert.Equal(seeded.Count(s => s.Student == student), rows.Count);
        Assert.All(rows, r => Assert.Equal(student, r.Student));
    }

    [Fact]
    public async Task The_rows_carry_the_students_name_and_id_from_the_roster()
    {
        var row = (await ListAsync(new SubmissionFilter(Student: "gauss"))).Rows[0];
        Assert.Equal("Carl Friedrich Gauss", row.StudentName);
        Assert.Equal("G-1777", row.StudentNumber);
    }

    [Fact]
    public async Task Filters_combine_assignment_status_and_score_range()
    {
        var rows = await AllPagesAsync(new SubmissionFilter(Assignment: "a02-transformer", Status: JobStatus.Graded, MinScore: 20, MaxScore: 40));
        var expected = seeded.Where(s => s.Assignment == "a02-transformer" && s.Status == JobStatus.Graded && s.Score is >= 20 and <= 40).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(s => s.Id).Order(), rows.Select(r => r.Id).Order());
        Assert.All(rows, r => Assert.InRange(r.Score!.Value, 20, 40));

        var failed = await AllPagesAsync(new SubmissionFilter(Status: JobStatus.Failed));
        Assert.Equal(12, failed.Count);
        Assert.All(failed, r => Assert.Null(r.Score));
        Assert.Equal(0, (await ListAsync(new SubmissionFilter(Student: "nobody-at-all"))).Total);
    }

    [Fact]
    public async Task Sorting_by_score_pages_through_ties_without_repeating_or_skipping_a_row()
    {
        var ascending = await AllPagesAsync(new SubmissionFilter(Status: JobStatus.Graded, Sort: SubmissionSort.Score, Descending: false));
        Assert.Equal(seeded.Where(s => s.Status == JobStatus.Graded).OrderBy(s => s.Score).ThenBy(s => s.Id).Select(s => s.Id),
            ascending.Select(r => r.Id));
        var descending = await AllPagesAsync(new SubmissionFilter(Status: JobStatus.Graded, Sort: SubmissionSort.Score));
        Assert.Equal(ascending.Select(r => r.Id).Reverse(), descending.Select(r => r.Id));
    }

    [Theory]
    [InlineData(SubmissionSort.Student)]
    [InlineData(SubmissionSort.Assignment)]
    [InlineData(SubmissionSort.Status)]
    [InlineData(SubmissionSort.Submitted)]
    public async Task Each_column_sorts_in_the_database_across_pages(SubmissionSort sort)
    {
        var rows = await AllPagesAsync(new SubmissionFilter(Sort: sort, Descending: false));
        Func<Seeded, string> key = sort switch
        {
            SubmissionSort.Student => s => s.Student,
            SubmissionSort.Assignment => s => s.Assignment,
            SubmissionSort.Status => s => s.Status.ToString(),
            _ => s => s.At.UtcTicks.ToString("D20"),
        };
        Assert.Equal(seeded.OrderBy(key, StringComparer.Ordinal).ThenBy(s => s.Id).Select(s => s.Id), rows.Select(r => r.Id));
    }

    [Fact]
    public async Task A_ta_gets_the_filtered_page_from_its_address_with_counts_and_links()
    {
        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        var html = WebUtility.HtmlDecode(await tom.GetStringAsync("/submissions?assignment=a01-attention&student=lovelace&sort=score&dir=asc", Ct));
        var expected = seeded.Where(s => s.Assignment == "a01-attention" && s.Student == PortalFactory.Ada).ToList();
        Assert.Contains($"1–{expected.Count} of {expected.Count}", html);
        var linked = Regex.Matches(html, "<a href=\"submissions/(\\d+)\">").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(expected.OrderBy(s => s.Score ?? -1).ThenBy(s => s.Id).Select(s => s.Id), linked);
        // The filters keep their values, each has a label, and the sorted column says so.
        Assert.Contains("<option value=\"a01-attention\" selected", html);
        Assert.Contains("value=\"lovelace\"", html);
        Assert.Equal(5, Regex.Matches(html, "<label for=\"f-").Count);
        Assert.Contains("aria-sort=\"ascending\"", html);
    }

    [Fact]
    public async Task A_mistyped_link_says_what_it_ignored_and_still_lists()
    {
        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        var response = await tom.GetAsync("/submissions?min=lots&status=done&sort=colour&page=-4", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("score from \"lots\" is not a number; ignored", html);
        Assert.Contains("status \"done\" is not one of queued, running, graded, rejected, failed; ignored", html);
        Assert.Contains("sort \"colour\" is not one of", html);
        Assert.Contains("1–50 of 120", html);
    }

    [Fact]
    public async Task The_assignment_page_links_its_count_to_the_browser_filtered_to_it()
    {
        var tom = await portal.SignedInAsync(PortalFactory.Tom);
        var html = await tom.GetStringAsync("/assignments/a02-transformer", Ct);
        var count = seeded.Count(s => s.Assignment == "a02-transformer");
        Assert.Matches($"<a id=\"browse-submissions\" href=\"submissions\\?assignment=a02-transformer\">{count} submissions so far</a>", html);
    }
}
