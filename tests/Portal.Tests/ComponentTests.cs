using Bunit;
using Course.Grader.Data;
using Course.Gradebook.Grades;
using Course.Contracts.Manifest;
using Course.Grader.Queue;
using Course.Gradebook.Reads;
using Course.Portal.Content;
using GradebookCell = Course.Portal.Components.Pages.Gradebook.GradebookCell;
using GradeTable = Course.Portal.Components.Pages.Gradebook.GradeTable;
using PassRateChart = Course.Portal.Components.Pages.Gradebook.PassRateChart;
using QueueTable = Course.Portal.Components.Pages.Staff.QueueTable;
using WorkerTable = Course.Portal.Components.Pages.Staff.WorkerTable;
using Readings = Course.Portal.Components.Pages.Modules.Readings;
using ScoreHistogram = Course.Portal.Components.Pages.Gradebook.ScoreHistogram;

namespace Course.Portal.Tests;

/// <summary>The portal's components rendered alone with bUnit, from real records.</summary>
public sealed class ComponentTests : IDisposable
{
    readonly BunitContext ctx = new();
    static readonly DateTimeOffset Due = new(2027, 2, 5, 23, 59, 0, TimeSpan.Zero);

    static LoadedAssignment Assignment(string id, double points) =>
        new(new AssignmentManifest { Id = id, Title = $"Title of {id}", Due = Due, Tests = [new TestSpec { Name = "t", Points = points }] }, "/x/" + id, "h");

    [Fact]
    public void The_grade_table_shows_the_late_penalty_the_override_beside_the_graded_score_and_what_is_not_submitted()
    {
        var assignments = new[] { Assignment("a01", 100), Assignment("a02", 100), Assignment("a03", 100) };
        var row = new StudentGrades(new CourseMember("ada@uni.example", "Ada", null), new Dictionary<string, GradeCell>
        {
            ["a01"] = new("a01", CellState.Graded, 72, 100, Due, SubmissionId: 7, RawScore: 90, DaysLate: 2, PenaltyFactor: 0.8),
            ["a02"] = new("a02", CellState.Overridden, 55, 100, Due.AddDays(2), SubmissionId: 9, RawScore: 80, OverrideReason: "partial credit for the mask", GradedPoints: 80),
            ["a03"] = new("a03", CellState.NotDue, null, 100, Due),
        }, new Dictionary<string, double?>(), null);
        var book = new CourseGradebook(new CourseSettings(), assignments, [row], Due);

        var table = ctx.Render<GradeTable>(p => p.Add(c => c.Book, book).Add(c => c.Row, row));

        var late = table.Find("tr[data-assignment=a01]");
        Assert.Contains("2 day(s) late: −20%", late.TextContent);
        Assert.Contains("72 / 100", late.QuerySelector("td.points")!.TextContent);
        Assert.Equal("submissions/7", late.QuerySelector("a[href^=submissions]")!.GetAttribute("href"));
        var overridden = table.Find("tr[data-assignment=a02]");
        Assert.Contains("Override: partial credit for the mask", overridden.TextContent);
        // The override stands beside the real best score, not instead of it.
        Assert.Contains("55 / 100", overridden.QuerySelector("td.points")!.TextContent);
        Assert.Contains("your graded score: 80 / 100", overridden.QuerySelector("td.points")!.TextContent);
        Assert.Equal("submissions/9", overridden.QuerySelector("a[href^=submissions]")!.GetAttribute("href"));
        Assert.Contains("(extended)", overridden.TextContent);
        Assert.Contains("not submitted", table.Find("tr[data-assignment=a03]").TextContent);
    }

    [Fact]
    public void The_histogram_draws_one_bar_per_tenth_with_heights_in_proportion()
    {
        var stats = new AssignmentStatistics("a01", 100, [0, 0, 1, 0, 0, 0, 0, 0, 2, 4], [], 7);
        var svg = ctx.Render<ScoreHistogram>(p => p.Add(c => c.Stats, stats));
        var bars = svg.FindAll("rect.bar");
        Assert.Equal(10, bars.Count);
        Assert.Equal("4", bars[9].GetAttribute("data-count"));
        var full = double.Parse(bars[9].GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture);
        var half = double.Parse(bars[8].GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(full / 2, half, 1);
        Assert.Equal("0", bars[0].GetAttribute("height"));
    }

    [Fact]
    public void The_pass_rate_chart_shows_first_and_all_attempts_per_test_with_long_names_in_full_as_their_title()
    {
        const string longName = "integrated_gradients_random_baseline_with_a_very_long_suffix";
        var chart = ctx.Render<PassRateChart>(p => p.Add(c => c.GradedSubmissions, 9).Add(c => c.Tests, new List<TestPassRate>
        {
            new("sdpa_basic", Visibility.Visible, new PassCount(1, 4), new PassCount(6, 9)),
            new(longName, Visibility.Hidden, new PassCount(0, 4), new PassCount(0, 9)),
        }));

        var first = chart.Find("tr[data-test=sdpa_basic] td.rate.first");
        Assert.Equal(("1", "4"), (first.GetAttribute("data-passed"), first.GetAttribute("data-attempts")));
        Assert.Contains("25%", first.TextContent);
        Assert.Equal("40", first.QuerySelector("rect.rate")!.GetAttribute("width")); // a quarter of the 160 px track
        var all = chart.Find("tr[data-test=sdpa_basic] td.rate.all");
        Assert.Contains("67%", all.TextContent);
        Assert.Contains("(6 of 9)", all.TextContent);
        var name = chart.Find($"tr[data-test={longName}] th.test-name");
        Assert.Equal($"{longName} (hidden)", name.GetAttribute("title"));
        Assert.Equal($"{longName} (hidden)", name.TextContent);
        Assert.Equal("0", chart.Find($"tr[data-test={longName}] td.rate.all rect.rate").GetAttribute("width"));
        Assert.Contains("first attempts", chart.Find("#pass-rate-legend").TextContent);
        Assert.Contains("all attempts", chart.Find("#pass-rate-legend").TextContent);
    }

    [Fact]
    public void The_pass_rate_chart_of_an_assignment_without_graded_submissions_says_so()
    {
        var chart = ctx.Render<PassRateChart>(p => p.Add(c => c.GradedSubmissions, 0)
            .Add(c => c.Tests, new List<TestPassRate> { new("sdpa_basic", Visibility.Visible, new PassCount(0, 0), new PassCount(0, 0)) }));
        Assert.Contains("No submission of this assignment has been graded yet", chart.Find("#no-submissions").TextContent);
        Assert.Empty(chart.FindAll("#pass-rates"));
    }

    [Fact]
    public void A_gradebook_cell_links_its_submission_and_shows_the_override_reason_the_graded_score_and_the_extension()
    {
        var a = Assignment("a01", 100);
        var cell = new GradeCell("a01", CellState.Overridden, 55, 100, Due.AddDays(1.5), SubmissionId: 42, RawScore: 80, GradedPoints: 80,
            OverrideReason: "partial credit for the mask after a long discussion in office hours");

        var rendered = ctx.Render<GradebookCell>(p => p.Add(c => c.Cell, cell).Add(c => c.Assignment, a));

        var score = rendered.Find("a.score");
        Assert.Equal("submissions/42", score.GetAttribute("href"));
        Assert.Equal("55", score.TextContent);
        Assert.Equal("override", rendered.Find(".marker").TextContent);
        Assert.Equal("graded 80", rendered.Find(".graded").TextContent);
        var why = rendered.Find(".why");
        Assert.Equal(cell.OverrideReason, why.TextContent);
        Assert.Equal(cell.OverrideReason, why.GetAttribute("title"));
        Assert.Equal("ext. +2 d", rendered.Find(".ext").TextContent); // 1.5 days: two started days

        var plain = ctx.Render<GradebookCell>(p => p.Add(c => c.Cell, new GradeCell("a01", CellState.Graded, 90, 100, Due, SubmissionId: 7)).Add(c => c.Assignment, a));
        Assert.Empty(plain.FindAll(".ext"));
        Assert.Empty(plain.FindAll(".marker"));
        Assert.Equal("submissions/7", plain.Find("a.score").GetAttribute("href"));
    }

    static GradingJob Job(long id, JobStatus status, DateTimeOffset queued, DateTimeOffset? started, DateTimeOffset? finished, int tries) => new()
    {
        SubmissionId = id, Status = status, QueuedAt = queued, StartedAt = started, FinishedAt = finished, Attempts = tries,
        Worker = status == JobStatus.Running ? "host-1/0" : null,
        Submission = new Submission { Id = id, AssignmentId = "a01-attention", Student = "ada@uni.example", FileName = "attention.py", ContentHash = "x" },
    };

    [Fact]
    public void The_queue_table_says_how_long_a_job_waited_and_ran_and_keeps_grading_tries_apart_from_attempts()
    {
        var now = Due;
        var running = new QueueRow(Job(12, JobStatus.Running, now.AddSeconds(-80), now.AddSeconds(-75), null, 2), StudentAttempt: 4, null, null);
        var table = ctx.Render<QueueTable>(p => p.Add(c => c.Rows, [running]).Add(c => c.Now, now).Add(c => c.MaxTries, 3));
        var headers = table.FindAll("th").Select(h => h.TextContent).ToList();
        Assert.Subset(headers.ToHashSet(), new HashSet<string> { "Waited", "Ran for", "Grading try", "Student's attempt", "Score" });
        var row = table.Find("tr[data-submission='12']");
        Assert.Contains("host-1/0", row.TextContent);
        Assert.Contains("ada@uni.example", row.TextContent);
        Assert.Equal("5.0 s", row.QuerySelector("td.waited")!.TextContent);
        Assert.Equal("1 min 15 s", row.QuerySelector("td.ran")!.TextContent);
        Assert.Equal("2 of 3", row.QuerySelector("td.try")!.TextContent);
        Assert.Equal("4", row.QuerySelector("td.attempt")!.TextContent);

        var empty = ctx.Render<QueueTable>(p => p.Add(c => c.Rows, []).Add(c => c.Now, now).Add(c => c.MaxTries, 3));
        Assert.Equal("None.", empty.Find("p.empty").TextContent);
    }

    [Fact]
    public void A_finished_job_shows_its_score_and_a_waiting_re_grade_the_score_it_had()
    {
        var now = Due;
        var graded = new QueueRow(Job(7, JobStatus.Graded, now.AddSeconds(-30), now.AddSeconds(-20), now.AddSeconds(-18), 1), 1, 70, 100);
        var regrading = new QueueRow(Job(8, JobStatus.Queued, now.AddSeconds(-3), null, null, 0), 2, 50, 100);
        var retry = new QueueRow(Job(9, JobStatus.Queued, now.AddSeconds(40), null, null, 1), 1, null, null);
        var table = ctx.Render<QueueTable>(p => p.Add(c => c.Rows, [graded, regrading, retry]).Add(c => c.Now, now).Add(c => c.MaxTries, 3));

        var done = table.Find("tr[data-submission='7']");
        Assert.Equal("70 / 100", done.QuerySelector("td.score")!.TextContent);
        Assert.Equal("10.0 s", done.QuerySelector("td.waited")!.TextContent);
        Assert.Equal("2.0 s", done.QuerySelector("td.ran")!.TextContent);
        Assert.Equal("1 of 3", done.QuerySelector("td.try")!.TextContent);
        var waiting = table.Find("tr[data-submission='8']");
        Assert.Equal("was 50 / 100", waiting.QuerySelector("td.score")!.TextContent);
        Assert.Equal("–", waiting.QuerySelector("td.ran")!.TextContent);
        Assert.Equal("1 of 3", waiting.QuerySelector("td.try")!.TextContent);
        // Its first try failed: it waits for its second, after a back-off.
        var backingOff = table.Find("tr[data-submission='9']");
        Assert.Equal("retry in 40.0 s", backingOff.QuerySelector("td.waited")!.TextContent);
        Assert.Equal("2 of 3", backingOff.QuerySelector("td.try")!.TextContent);
    }

    [Fact]
    public void The_worker_table_shows_each_GPU_busy_or_free_and_which_workers_stopped_answering()
    {
        var now = Due;
        var workers = new[]
        {
            new WorkerView("gpu-box/41/a1b2c3", 2, ["0", "1"], ["1"], now.AddHours(-1), now.AddSeconds(-12), Alive: true),
            new WorkerView("cpu-box/7/d4e5f6", 4, [], [], now.AddHours(-2), now.AddMinutes(-9), Alive: false),
        };

        var table = ctx.Render<WorkerTable>(p => p.Add(c => c.Workers, workers).Add(c => c.Now, now));

        var gpuBox = table.Find("tr[data-worker='gpu-box/41/a1b2c3']");
        Assert.Contains("alive", gpuBox.TextContent);
        Assert.Equal("GPU 0: free", gpuBox.QuerySelector("[data-gpu='0']")!.TextContent);
        Assert.Equal("GPU 1: busy", gpuBox.QuerySelector("[data-gpu='1']")!.TextContent);
        Assert.Contains("12 s ago", gpuBox.TextContent);
        var cpuBox = table.Find("tr[data-worker='cpu-box/7/d4e5f6']");
        Assert.Contains("not answering", cpuBox.TextContent);
        Assert.Contains("none", cpuBox.QuerySelector("td.gpus")!.TextContent);
        Assert.Contains("9 min 0 s ago", cpuBox.TextContent);

        var empty = ctx.Render<WorkerTable>(p => p.Add(c => c.Workers, []).Add(c => c.Now, now));
        Assert.Contains("No grader has reported in", empty.Find("#no-workers").TextContent);
    }

    [Fact]
    public void Readings_link_out_safely_and_render_nothing_when_there_are_none()
    {
        var list = ctx.Render<Readings>(p => p.Add(c => c.Title, "Suggested reading")
            .Add(c => c.Links, [new ReadingLink { Title = "Attention Is All You Need", Url = "https://arxiv.org/pdf/1706.03762.pdf" }]));
        var link = list.Find("a");
        Assert.Equal("https://arxiv.org/pdf/1706.03762.pdf", link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer", link.GetAttribute("rel"));

        var none = ctx.Render<Readings>(p => p.Add(c => c.Title, "Further reading").Add(c => c.Links, []));
        Assert.Equal("", none.Markup.Trim());
    }

    public void Dispose() => ctx.Dispose();
}
