using Course.Gradebook.Accounts;
using Course.Gradebook.Data;
using Course.Gradebook.Grades;
using Course.Grader.Data;
using Course.Grader.Queue;
using Course.Grader.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Portal.Tests;

/// <summary>A class of 500 on real SQLite: the gradebook is searched and paged in the database, a page at a time.</summary>
public sealed class RosterPagingTests(QuietPortalFactory portal) : IClassFixture<QuietPortalFactory>, IAsyncLifetime
{
    static readonly string[] Firsts = ["Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace", "Hedy", "Ivan", "John",
                                       "Karen", "Leslie", "Margaret", "Niklaus", "Ole", "Peter", "Radia", "Shafi", "Tony", "Ursula"];
    static readonly string[] Lasts = ["Turing", "Liskov", "Shannon", "Knuth", "Dijkstra", "Allen", "Hopper", "Lamarr", "Sutherland", "Backus",
                                      "Jones", "Lamport", "Hamilton", "Wirth", "Dahl", "Naur", "Perlman", "Goldwasser", "Hoare", "Franklin",
                                      "Kay", "Cerf", "Milner", "Ritchie", "Thompson"];

    /// <summary>The 500 seeded students: name, e-mail and student id; with Ada and Bea from the factory, 502 in the roster.</summary>
    static readonly (string Name, string Email, string Number)[] Class =
        Enumerable.Range(0, 500).Select(i => ($"{Firsts[i % 20]} {Lasts[i / 20]}", $"s{i:000}@class.example", $"u{100000 + i}")).ToArray();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await portal.SeedPeopleAsync();
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CourseDbContext>();
        if (await db.Users.AnyAsync(u => u.Email == Class[0].Email, Ct)) return;
        // One insert of the whole class: Identity's one-by-one path would hash and save 500 times for nothing under test.
        var role = await db.Roles.SingleAsync(r => r.NormalizedName == CourseRoles.Student.ToUpperInvariant(), Ct);
        foreach (var (name, email, number) in Class)
        {
            var user = new CourseUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = name, StudentNumber = number, SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        }
        await db.SaveChangesAsync(Ct);

        // s123 has a graded a01 attempt, so a page's rows are calculated, not only listed.
        var grading = scope.ServiceProvider.GetRequiredService<GradingDbContext>();
        var submission = await scope.ServiceProvider.GetRequiredService<SubmissionStore>()
            .SubmitAsync("a01-attention", Class[123].Email, new SubmissionUpload("attention.py", "x = 1\n"u8.ToArray()), Ct);
        (await grading.Jobs.SingleAsync(j => j.SubmissionId == submission.Id, Ct)).Status = JobStatus.Graded;
        grading.Results.Add(new GradeResult { SubmissionId = submission.Id, Score = 40, MaxScore = 50, Summary = "graded", LogJson = "{}", ProvenanceJson = "null" });
        await grading.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The whole roster in the gradebook's order: by name regardless of case, then e-mail.</summary>
    static List<string> Everyone() =>
        Class.Select(c => (c.Name, c.Email)).Concat([("Ada Lovelace", PortalFactory.Ada), ("Bea Student", PortalFactory.Bea)])
            .OrderBy(c => c.Item1.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(c => c.Item2, StringComparer.Ordinal)
            .Select(c => c.Item2).ToList();

    async Task<RosterPage> PageAsync(string? search, int page)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GradebookService>().PageAsync(search, page, ct: Ct);
    }

    [Fact]
    public async Task Pages_hold_fifty_students_each_in_order_and_a_page_past_the_end_is_the_last()
    {
        var everyone = Everyone();

        var third = await PageAsync(null, 3);
        Assert.Equal((502, 502, 11, 3), (third.Matching, third.Students, third.Pages, third.Page));
        Assert.Equal(everyone.Skip(100).Take(50), third.Book.Rows.Select(r => r.Student.Email));

        var beyond = await PageAsync("", 99);
        Assert.Equal(11, beyond.Page);
        Assert.Equal(everyone.Skip(500), beyond.Book.Rows.Select(r => r.Student.Email));
        Assert.Equal(1, (await PageAsync("", -4)).Page);
    }

    [Fact]
    public async Task A_search_matches_names_emails_and_student_ids_regardless_of_case()
    {
        var grace = await PageAsync("  grace ", 1);
        Assert.Equal(("grace", 25, 502, 1), (grace.Search, grace.Matching, grace.Students, grace.Pages));
        Assert.All(grace.Book.Rows, r => Assert.StartsWith("Grace ", r.Student.Name));

        var byEmail = await PageAsync("S04", 1);
        Assert.Equal(Enumerable.Range(40, 10).Select(i => $"s{i:000}@class.example"), byEmail.Book.Rows.Select(r => r.Student.Email).Order());

        var byNumber = await PageAsync("u100123", 1);
        var row = Assert.Single(byNumber.Book.Rows);
        Assert.Equal(Class[123].Email, row.Student.Email);
        Assert.Equal(CellState.Graded, row.Cells["a01-attention"].State);
        Assert.Equal(80, row.Cells["a01-attention"].Points); // 40 of 50, scaled to the manifest's 100

        var none = await PageAsync("nobody-by-this-name", 1);
        Assert.Equal((0, 1, 1), (none.Matching, none.Pages, none.Page));
        Assert.Empty(none.Book.Rows);
    }

    [Fact]
    public async Task The_gradebook_page_searches_and_pages_through_its_links()
    {
        var ivy = await portal.SignedInAsync(PortalFactory.Ivy);

        var first = Parse(await ivy.GetStringAsync("/gradebook", Ct));
        Assert.Equal(50, first.QuerySelectorAll("#gradebook tbody tr").Length);
        Assert.Contains("Students 1–50 of 502", first.QuerySelector("#roster-count")!.TextContent);
        Assert.Null(first.QuerySelector("#pager a[rel=prev]"));
        Assert.Equal("gradebook?page=2", first.QuerySelector("#pager a[rel=next]")!.GetAttribute("href"));

        var last = Parse(await ivy.GetStringAsync("/gradebook?page=11", Ct));
        Assert.Equal(Everyone().Skip(500), last.QuerySelectorAll("#gradebook tbody tr").Select(r => r.GetAttribute("data-student")!));
        Assert.Contains("page 11 of 11", last.QuerySelector("#pager")!.TextContent);

        var garbled = Parse(await ivy.GetStringAsync("/gradebook?page=abc", Ct));
        Assert.Contains("Students 1–50 of 502", garbled.QuerySelector("#roster-count")!.TextContent);

        var found = Parse(await ivy.GetStringAsync("/gradebook?q=Hopper", Ct));
        var rows = found.QuerySelectorAll("#gradebook tbody tr");
        Assert.Equal(20, rows.Length); // every first name with the last name Hopper
        Assert.Contains("Students 1–20 of 20 matching “Hopper” (502 in all)", found.QuerySelector("#roster-count")!.TextContent);
        Assert.Null(found.QuerySelector("#pager"));
        Assert.Equal("Hopper", found.QuerySelector("#roster-search input[name=q]")!.GetAttribute("value"));
        // An edit link keeps the search, so saving returns to the same rows.
        Assert.StartsWith("gradebook?q=Hopper&edit=", rows[0].QuerySelector("a.edit")!.GetAttribute("href"));
    }

    static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
}
