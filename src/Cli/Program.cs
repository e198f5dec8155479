using System.CommandLine;
using Course.Cli;
using Course.Grader;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// `./course <command>`: the grading pipeline from the shell, without the portal.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = CourseRoot.Find() });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddGrading();
using var host = builder.Build();

return await new RootCommand("The course platform's command line")
{
    GradeCommand.Create(host.Services),
    GoldenCommand.Create(host.Services),
    MigrationsCommand.Create(),
}.Parse(args).InvokeAsync();
