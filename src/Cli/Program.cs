using System.CommandLine;
using Course.Cli;
using Course.Gradebook;
using Course.Grader;
using Course.Gradebook.Accounts;
using Course.Contracts.Manifest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// `./course <command>`: the grading pipeline from the shell, without the portal.
// COURSE_ROOT (set by ./course) wins; else the repository above the current folder; else the current folder.
var root = Environment.GetEnvironmentVariable("COURSE_ROOT") is { Length: > 0 } fromEnv ? fromEnv
    : CourseRoot.FindAbove(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = root });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddGrading();
builder.AddGradingQueue(runWorkers: false);
builder.AddGradebook();
builder.AddCourseAccounts();
using var host = builder.Build();

return await new RootCommand("The course platform's command line")
{
    GradeCommand.Create(host.Services),
    GoldenCommand.Create(host.Services),
    CheckCommand.Create(host.Services),
    SplitCommand.Create(host.Services),
    BaselineCommand.Create(host.Services),
    UserCommands.CreateUser(host.Services),
    UserCommands.CreateRoster(host.Services),
    WorkerCommand.Create(root),
    MigrationsCommand.Create(),
}.Parse(args).InvokeAsync();
