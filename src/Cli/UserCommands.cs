using System.CommandLine;
using Course.Gradebook;
using Course.Grader;
using Course.Gradebook.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Course.Cli;

/// <summary>
/// Accounts from the shell, on the portal's store: <c>user add --email E --role R [--password P]</c> and
/// <c>roster import FILE.csv</c>. New accounts without a password get a temporary one, printed once.
/// Exit 0 when done, 2 when the input is wrong (nothing is changed then).
/// </summary>
public static class UserCommands
{
    public static Command CreateUser(IServiceProvider services)
    {
        var email = new Option<string>("--email") { Description = "the user's e-mail address (their sign-in name)", Required = true };
        var role = new Option<string>("--role") { Description = "Student, TA or Instructor", Required = true };
        var password = new Option<string?>("--password") { Description = "at least 10 characters; without it a temporary password is printed" };
        var name = new Option<string?>("--name") { Description = "the name shown in the portal and the gradebook" };
        var add = new Command("add", "add a user, or give an existing one a role") { email, role, password, name };
        add.SetAction(parse => RunAsync(services, async admin =>
        {
            var account = await admin.AddAsync(parse.GetValue(email)!, parse.GetValue(role)!, parse.GetValue(password), parse.GetValue(name));
            Console.WriteLine(Describe(account));
        }));
        return new Command("user", "accounts of the portal") { add };
    }

    public static Command CreateRoster(IServiceProvider services)
    {
        var file = new Argument<FileInfo>("file") { Description = "a CSV with the header email,name,student_id,role" };
        var import = new Command("import", "add every person of a roster; prints email,temporary password for each new one") { file };
        import.SetAction(parse => RunAsync(services, async admin =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new AccountException($"{path.FullName} does not exist");
            using var reader = new StreamReader(path.FullName);
            var accounts = await admin.ImportRosterAsync(reader);
            Console.WriteLine("email,role,temporary_password");
            foreach (var a in accounts) Console.WriteLine($"{a.Email},{a.Role},{a.TemporaryPassword ?? (a.Created ? "(given)" : "(existing account)")}");
            Console.Error.WriteLine($"{accounts.Count(a => a.Created)} new, {accounts.Count(a => !a.Created)} already there");
        }));
        return new Command("roster", "set up the course's people from a CSV") { import };
    }

    static async Task<int> RunAsync(IServiceProvider services, Func<AccountAdmin, Task> action)
    {
        try
        {
            await services.MigrateStoresAsync();
            using var scope = services.CreateScope();
            await action(scope.ServiceProvider.GetRequiredService<AccountAdmin>());
            return 0;
        }
        catch (AccountException e)
        {
            Console.Error.WriteLine($"not done: {e.Message}");
            return 2;
        }
    }

    static string Describe(NewAccount a) =>
        a.Created
            ? $"added {a.Email} as {a.Role}" + (a.TemporaryPassword is { } p
                ? $"; temporary password: {p} (to be changed at the first sign-in; it stops working on {a.TemporaryUntil:yyyy-MM-dd HH:mm} UTC)" : "")
            : $"{a.Email} already had an account; it has the role {a.Role}";
}
