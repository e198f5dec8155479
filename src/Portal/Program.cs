using Course.Grader;
using Course.Portal;

var builder = WebApplication.CreateBuilder(args);

builder.AddGrading();
builder.AddGradingQueue();
builder.AddCoursePortal();

var app = builder.Build();

await app.Services.MigrateGradingStoreAsync();
app.UseCoursePortal();
app.MapCourseFiles();

app.Run();

public partial class Program;
