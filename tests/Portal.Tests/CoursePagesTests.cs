using System.Net;
using Course.Contracts.Manifest;
using Course.Portal.Content;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

public sealed class CoursePagesTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await portal.SeedPeopleAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public void Every_weekly_assignment_is_listed_by_one_module_of_its_own_week()
    {
        var modules = portal.Services.GetRequiredService<CourseModules>().All;
        var wrong = new List<string>();
        foreach (var a in portal.Services.GetRequiredService<AssignmentCatalog>().All.Where(a => a.Manifest.Category == "assignments"))
        {
            var listing = modules.Where(m => m.Assignments.Contains(a.Id)).ToList();
            if (listing.Count != 1) wrong.Add($"{a.Id} is listed by {listing.Count} modules");
            else if (listing[0].Week != a.Manifest.Week) wrong.Add($"{a.Id} says week {a.Manifest.Week}; its module {listing[0].Slug} is week {listing[0].Week}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_home_page_lists_the_assignments_from_the_course_folder()
    {
        var html = await (await portal.SignedInAsync(PortalFactory.Ada)).GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("Attention from scratch", html);
        Assert.Contains("href=\"assignments/a01-attention\"", html);
        Assert.Contains("2027-02-05 23:59 UTC", html);
        Assert.Contains("datetime=\"2027-02-05T23:59:00.0000000Z\" data-local", html); // shown in the reader's time zone
    }

    [Fact]
    public async Task A_students_home_page_is_a_dashboard_of_status_and_time_left()
    {
        var html = WebUtility.HtmlDecode(await (await portal.SignedInAsync(PortalFactory.Bea)).GetStringAsync("/", TestContext.Current.CancellationToken));
        var dashboard = html[html.IndexOf("id=\"dashboard\"", StringComparison.Ordinal)..];
        var a01 = dashboard[dashboard.IndexOf("data-assignment=\"a01-attention\"", StringComparison.Ordinal)..];
        a01 = a01[..a01.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Matches(@"(due in \d+ (days|hours|minutes)|closed \d+ (days|hours|minutes) ago)", a01);
        Assert.Contains("not submitted", a01);

        // Staff have no row of their own.
        var staff = await (await portal.SignedInAsync(PortalFactory.Tom)).GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("id=\"dashboard\"", staff);
    }

    [Fact]
    public async Task An_assignment_page_renders_its_statement_with_due_date_points_and_starter_link()
    {
        var html = await (await portal.SignedInAsync(PortalFactory.Ada)).GetStringAsync("/assignments/a01-attention", TestContext.Current.CancellationToken);
        Assert.Contains(">a01 · Attention from scratch</h1>", html);  // the statement, rendered by Markdig
        Assert.Contains("100 points", html);
        Assert.Contains("assignments/a01-attention/starter", html);
        Assert.Contains("<code>scaled_dot_product_attention(q, k, v, mask=None) -&gt; (output, weights)</code>", html);
    }

    [Fact]
    public async Task The_starter_downloads_and_nothing_else_in_the_folder_does()
    {
        var client = (await portal.SignedInAsync(PortalFactory.Ada));
        var starter = await client.GetStringAsync("/assignments/a01-attention/starter", TestContext.Current.CancellationToken);
        Assert.Contains("def multi_head_attention", starter);
        Assert.Contains("NotImplementedError", starter);
        var missing = await client.GetAsync("/assignments/no-such/starter", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_blazor_script_every_page_loads_is_served_outside_development()
    {
        // Without it no button works: the portal runs from its build output in the Production environment.
        var client = (await portal.SignedInAsync(PortalFactory.Ada));
        var html = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(_framework/blazor\\.web[^\"]*\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        var response = await client.GetAsync("/" + script, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> Assignments() =>
        new(new Course.Contracts.Manifest.AssignmentCatalog(Path.Combine(PortalFactory.RepoRoot, "assignments")).All.Select(a => a.Id));

    [Theory]
    [MemberData(nameof(Assignments))]
    public async Task Every_assignment_has_a_page_with_its_statement_due_date_points_and_a_starter_that_downloads(string id)
    {
        var assignment = new Course.Contracts.Manifest.AssignmentCatalog(Path.Combine(PortalFactory.RepoRoot, "assignments")).Get(id);
        var client = (await portal.SignedInAsync(PortalFactory.Ada));
        var html = await client.GetStringAsync($"/assignments/{id}", TestContext.Current.CancellationToken);

        Assert.Contains("<h2 id=\"what-to-write\">What to write</h2>", html);  // the statement, rendered by Markdig
        Assert.Contains("<h2 id=\"how-it-is-graded\">How it is graded</h2>", html);
        Assert.Contains(assignment.Manifest.Due.ToString("yyyy-MM-dd HH:mm 'UTC'"), html);
        Assert.Contains($"{assignment.Manifest.Points} points", html);
        var starter = await client.GetStringAsync($"/assignments/{id}/starter", TestContext.Current.CancellationToken);
        Assert.Equal(File.ReadAllText(assignment.PathOf(assignment.Manifest.Starter)), starter);
    }

    [Fact]
    public async Task The_home_page_shows_the_weeks_and_modules_and_a_module_page_its_notebooks_and_readings()
    {
        var client = await portal.SignedInAsync(PortalFactory.Ada);
        var ct = TestContext.Current.CancellationToken;
        var home = await client.GetStringAsync("/", ct);
        Assert.Contains("<h2>Week 1</h2>", home);
        Assert.Contains("href=\"modules/01-attention\"", home);
        Assert.Contains("Generative adversarial networks", home);

        var module = await client.GetStringAsync("/modules/01-attention", ct);
        Assert.Contains("<code>Review_Transformer.ipynb</code>", module);
        Assert.Contains("href=\"https://arxiv.org/pdf/1706.03762.pdf\"", module);  // suggested reading, linked
        Assert.Contains("<h2>Further reading</h2>", module);
        Assert.Contains("href=\"assignments/a01-attention\"", module);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/modules/no-such-module", ct)).StatusCode);
    }

    [Fact]
    public async Task A_module_links_the_notebooks_the_course_holds_and_names_the_others_as_part_of_the_notebook_collection()
    {
        var client = await portal.SignedInAsync(PortalFactory.Ada);
        var ct = TestContext.Current.CancellationToken;
        var module = await client.GetStringAsync("/modules/03-fine-tuning-and-functional-models", ct);

        // The final project's starter notebook is in the course: linked to the starter's download, its assignment named.
        Assert.Contains("<a href=\"assignments/final-phrasebank/starter\" download=\"finetune_phrasebank.ipynb\"><code>finetune_phrasebank.ipynb</code></a>", module);
        Assert.Contains("the starter of Final project: financial sentiment with a pre-trained model", module);
        var notebook = await client.GetAsync("/assignments/final-phrasebank/starter", ct);
        Assert.Equal(HttpStatusCode.OK, notebook.StatusCode);
        Assert.Equal("finetune_phrasebank.ipynb", notebook.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("\"nbformat\"", await notebook.Content.ReadAsStringAsync(ct));

        // The others are not in the repository: a name and a note where they come from, and no link that would 404.
        Assert.Contains("<li><code>Functional Models.ipynb</code></li>", module);
        Assert.DoesNotContain("href=\"Functional Models.ipynb\"", module);
        Assert.Contains("in the course's notebook collection", module);

        // A module whose every notebook is hosted elsewhere shows no download link at all.
        var attention = await client.GetStringAsync("/modules/01-attention", ct);
        Assert.DoesNotContain("/starter\" download", attention);
        Assert.Contains("in the course's notebook collection", attention);
    }
}
