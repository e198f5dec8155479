using Course.Gradebook.Data;
using Course.Gradebook.Grades;
using Course.Gradebook.Reads;
using Course.Gradebook.Rubrics;
using Course.Grader;
using Course.Grader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Course.Gradebook;

public static class GradebookExtensions
{
    /// <summary>The course's store (accounts, overrides, extensions, rubrics, audit) beside the grading store, the gradebook and the portal's read services.</summary>
    public static IHostApplicationBuilder AddGradebook(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDbContext<CourseDbContext>((sp, o) =>
        {
            var store = sp.GetRequiredService<StoreConnection>();
            store.Settings.Apply(o, store.Connection, CourseDbContext.HistoryTable);
        });
        builder.Services.AddScoped<GradebookService>();
        builder.Services.AddScoped<RubricService>();
        builder.Services.AddScoped<SubmissionReads>();
        builder.Services.AddScoped<QueueReads>();
        builder.Services.AddScoped<SubmissionBrowserReads>();
        builder.Services.AddScoped<LeaderboardReads>();
        return builder;
    }

    /// <summary>Applies both stores' migrations: the grading store's, then the course's.</summary>
    public static async Task MigrateStoresAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await services.MigrateGradingStoreAsync(ct);
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CourseDbContext>().Database.MigrateAsync(ct);
    }
}
