using Course.Gradebook.Accounts;
using Course.Gradebook.Reads;
using Course.Grader.Data;
using Course.Contracts.Manifest;
using Course.Grader.Queue;
using Course.Grader.Submissions;
using Course.Portal.Accounts;
using Course.Portal.Submissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Course.Portal.Endpoints;

/// <summary>Submitting from the shell with an API token: <c>POST /api/submissions</c>, then <c>GET /api/submissions/{id}</c>.</summary>
public static class SubmissionsApi
{
    public sealed record SubmissionStatus(long Id, string Assignment, string File, string Status, int? QueuePosition, double? Score, double? MaxScore, string? Message, string Url);

    public static WebApplication MapSubmissionsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/submissions")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiTokenAuthenticationHandler.SchemeName })
            // A token is not a cookie: a cross-site form cannot send it, so the API needs no antiforgery token.
            .DisableAntiforgery();

        api.MapPost("/", async ([FromForm] string? assignment, IFormFile? file, HttpContext http, AssignmentCatalog catalog, SubmissionStore store, JobQueue queue, PublicUrl publicUrl) =>
        {
            if (!http.User.IsInRole(CourseRoles.Student))
                return Results.Problem("only students submit work", statusCode: StatusCodes.Status403Forbidden);
            try
            {
                var target = catalog.Find(assignment ?? "")
                    ?? throw new SubmissionRejectedException($"there is no assignment '{assignment}' (known: {catalog.KnownIds})");
                var upload = await FormUpload.ReadAsync(file, target.Manifest.Submission, http.RequestAborted);
                var submission = await store.SubmitAsync(target.Id, http.User.Email()!, upload, http.RequestAborted);
                var status = StatusOf(submission, submission.Job!, null, await queue.PositionAsync(submission.Job!, http.RequestAborted), publicUrl);
                return Results.Created(status.Url, status);
            }
            catch (SubmissionRejectedException e)
            {
                return Results.Problem(e.ForStudent, statusCode: StatusCodes.Status422UnprocessableEntity);
            }
            catch (QueueLimitException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status429TooManyRequests);
            }
        });

        api.MapGet("/{id:long}", async (long id, HttpContext http, SubmissionReads submissions, PublicUrl publicUrl) =>
        {
            var detail = await submissions.GetAsync(id, http.RequestAborted);
            // Another student's submission is "not found", not "forbidden": its existence is not theirs to know.
            if (detail is null || !http.User.CanSee(detail.Submission)) return Results.NotFound();
            return Results.Ok(StatusOf(detail.Submission, detail.Job, detail.Result, detail.QueuePosition, publicUrl));
        });
        return app;
    }

    // The configured public address, never the request's Host header (see PublicUrl).
    static SubmissionStatus StatusOf(Submission s, GradingJob job, GradeResult? result, int? position, PublicUrl publicUrl) =>
        new(s.Id, s.AssignmentId, s.FileName, job.Status.ToString(),
            job.Status == JobStatus.Queued ? position : null,
            result?.Score, result?.MaxScore, job.Message,
            publicUrl.For($"submissions/{s.Id}"));
}
