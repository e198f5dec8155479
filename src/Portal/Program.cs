using Course.Gradebook;
using Course.Grader;
using Course.Portal;
using Course.Portal.Accounts;
using Course.Portal.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddGrading();
builder.AddGradingQueue();
builder.AddLiveJobChanges();
builder.AddGradebook();
builder.AddPortalSignIn();
builder.AddSignInRateLimit();
builder.AddCoursePortal();

var app = builder.Build();

await app.Services.MigrateStoresAsync();
app.Services.LoadCourseContent();
app.UseCoursePortal();
app.MapSignOut();
app.MapCourseFiles();
app.MapSubmissionsApi();

app.Run();

public partial class Program;
