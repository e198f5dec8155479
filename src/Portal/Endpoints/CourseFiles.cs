using Course.Gradebook.Accounts;
using Course.Gradebook.Reads;
using Course.Gradebook.Grades;
using Course.Contracts.Manifest;
using Course.Grader.Submissions;
using Course.Portal.Accounts;
using Course.Portal.Reviews;

namespace Course.Portal.Endpoints;

/// <summary>Files the portal hands out: starters, a submission's own file, and the gradebook as CSV.</summary>
public static class CourseFiles
{
    public static WebApplication MapCourseFiles(this WebApplication app)
    {
        // Only the file the manifest names as the starter, never anything else in the assignment's folder.
        app.MapGet("/assignments/{id}/starter", (string id, HttpContext http, AssignmentCatalog catalog) =>
            catalog.Find(id) is { } a && File.Exists(a.PathOf(a.Manifest.Starter))
                ? Downloads.Attachment(http, a.PathOf(a.Manifest.Starter), ContentTypeOf(a.Manifest.Starter), Path.GetFileName(a.Manifest.Starter))
                : Results.NotFound()).RequireAuthorization();

        // A project's data: only the files its manifest lists under dataset.downloads, matched by name. The test labels
        // live outside the assignments folder (Grader:TrustedPath) and no route reads there.
        app.MapGet("/assignments/{id}/data/{file}", (string id, string file, HttpContext http, AssignmentCatalog catalog) =>
            catalog.Find(id) is { Manifest.Dataset: { } data } a
            && data.Downloads.FirstOrDefault(d => Path.GetFileName(d) == file) is { } listed && File.Exists(a.PathOf(listed))
                ? Downloads.Attachment(http, a.PathOf(listed), ContentTypeOf(listed), file)
                : Results.NotFound()).RequireAuthorization();

        app.MapGet("/submissions/{id:long}/file", async (long id, HttpContext http, SubmissionReads submissions, SubmissionStore store) =>
        {
            var submission = await submissions.FindAsync(id, http.RequestAborted);
            if (submission is null || !http.User.CanSee(submission)) return Results.NotFound();
            var upload = await store.LoadAsync(submission, http.RequestAborted);
            // Always an attachment of an opaque type: a student's file is never rendered by the browser, nor its name trusted.
            return Downloads.Attachment(http, upload.Content, "application/octet-stream", upload.FileName);
        }).RequireAuthorization();

        // One file of a submission for its reviewer: a PDF report shown inline beside the rubric, anything else saved.
        app.MapGet("/submissions/{id:long}/files/{index:int}", async (long id, int index, HttpContext http, SubmissionReads submissions, SubmissionStore store) =>
        {
            var submission = await submissions.FindAsync(id, http.RequestAborted);
            if (submission is null) return Results.NotFound();
            var files = SubmittedFiles.Open(await store.LoadAsync(submission, http.RequestAborted));
            if (index < 0 || index >= files.Count) return Results.NotFound();
            var file = files[index];
            return file.Kind == SubmittedFileKind.Pdf
                ? Downloads.InlinePdf(http, file.Content, Path.GetFileName(file.Name))
                : Downloads.Attachment(http, file.Content, "application/octet-stream", Path.GetFileName(file.Name));
        }).RequireAuthorization(p => p.RequireRole(CourseRoles.TA, CourseRoles.Instructor));

        app.MapGet("/gradebook.csv", async (GradebookService gradebook, HttpContext http) =>
        {
            var book = await gradebook.BuildAsync(http.RequestAborted);
            var text = new StringWriter();
            GradebookService.WriteCsv(book, text);
            return Downloads.Attachment(http, System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"gradebook-{book.At:yyyyMMdd-HHmm}.csv");
        }).RequireAuthorization(p => p.RequireRole(CourseRoles.Instructor));
        return app;
    }

    static string ContentTypeOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".py" => "text/x-python",
        ".ipynb" => "application/x-ipynb+json",
        ".csv" => "text/csv; charset=utf-8",
        ".md" => "text/markdown; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
}
