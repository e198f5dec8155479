using System.Net.Mail;
using System.Security.Cryptography;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Course.Gradebook.Data;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Accounts;

/// <summary>
/// What staff do to accounts: add one, import a roster, reset a password, lift a lock-out, change a role, deactivate
/// and reactivate. Changes an instructor makes in the portal are written to the audit log.
/// </summary>
public sealed class AccountAdmin(UserManager<CourseUser> users, RoleManager<IdentityRole> roles, CourseDbContext db, TimeProvider clock)
{
    /// <summary>How long a temporary password signs in: long enough to reach a student by mail, short enough not to linger.</summary>
    public static readonly TimeSpan TemporaryPasswordLifetime = TimeSpan.FromDays(7);

    // No 0/O or 1/l: temporary passwords are read aloud and copied by hand.
    const string PasswordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>Adds the user, or gives an existing user the role; a new user without a password gets a temporary one.</summary>
    public async Task<NewAccount> AddAsync(string email, string role, string? password = null, string? name = null, string? studentNumber = null)
    {
        email = NormalizeEmail(email);
        var canonicalRole = CourseRoles.Parse(role) ?? throw new AccountException($"'{role}' is not a role: use {string.Join(", ", CourseRoles.All)}");
        await EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        var created = user is null;
        string? temporary = null;
        if (user is null)
        {
            user = new CourseUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name?.Trim() is { Length: > 0 } n ? n : email, StudentNumber = Blank(studentNumber) };
            temporary = password is null ? NewTemporaryPassword() : null;
            user.TemporaryPasswordUntil = temporary is null ? null : clock.GetUtcNow() + TemporaryPasswordLifetime;
            Check(await users.CreateAsync(user, password ?? temporary!));
        }
        else
        {
            if (name?.Trim() is { Length: > 0 } n) user.DisplayName = n;
            if (Blank(studentNumber) is { } number) user.StudentNumber = number;
            Check(await users.UpdateAsync(user));
            if (password is not null) await SetPasswordAsync(user, password);
        }
        if (!await users.IsInRoleAsync(user, canonicalRole))
            Check(await users.AddToRoleAsync(user, canonicalRole));
        return new NewAccount(email, canonicalRole, created, temporary, user.TemporaryPasswordUntil);
    }

    /// <summary>Reads <c>email,name,student_id,role</c> with a header line; every row is checked before any account is touched.</summary>
    public async Task<List<NewAccount>> ImportRosterAsync(TextReader csv)
    {
        var rows = ReadRoster(csv);
        var errors = new List<string>();
        foreach (var row in rows)
        {
            if (!IsEmail(row.Email)) errors.Add($"line {row.Line}: '{row.Email}' is not an e-mail address");
            if (row.Role is { Length: > 0 } r && CourseRoles.Parse(r) is null) errors.Add($"line {row.Line}: '{r}' is not a role");
        }
        foreach (var dup in rows.GroupBy(r => r.Email.ToLowerInvariant()).Where(g => g.Count() > 1))
            errors.Add($"{dup.Key} is listed {dup.Count()} times");
        if (errors.Count > 0) throw new AccountException("the roster was not imported:\n  " + string.Join("\n  ", errors));

        var result = new List<NewAccount>();
        foreach (var row in rows)
            result.Add(await AddAsync(row.Email, row.Role is { Length: > 0 } r ? r : CourseRoles.Student, null, row.Name, row.StudentId));
        return result;
    }

    static List<RosterRow> ReadRoster(TextReader csv)
    {
        try
        {
            using var reader = CsvReader.Create(csv, null, leaveOpen: true);
            reader.ReadHeader();
            if (!reader.TryGetFieldIndex("email", out var email) || !reader.TryGetFieldIndex("name", out var name))
                throw new AccountException("the roster's first line must be the header email,name,student_id,role");
            var studentId = reader.TryGetFieldIndex("student_id", out var i) ? i : -1;
            var role = reader.TryGetFieldIndex("role", out var j) ? j : -1;
            var rows = new List<RosterRow>();
            for (var line = 2; reader.Read(); line++)
                rows.Add(new RosterRow(line, reader.GetString(email).Trim(), reader.GetString(name).Trim(),
                    studentId < 0 ? null : reader.GetString(studentId).Trim(), role < 0 ? null : reader.GetString(role).Trim()));
            return rows;
        }
        catch (Exception e) when (e is CsvFormatException or IndexOutOfRangeException)
        {
            throw new AccountException($"the roster is not a well-formed CSV: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>
    /// Gives the user a new temporary password (to be changed at the next sign-in, and good for
    /// <see cref="TemporaryPasswordLifetime"/>), ends any lock-out, and returns the password.
    /// </summary>
    public async Task<string> ResetPasswordAsync(string email, string? actor = null)
    {
        var user = await FindAsync(email);
        var temporary = NewTemporaryPassword();
        await SetPasswordAsync(user, temporary, clock.GetUtcNow() + TemporaryPasswordLifetime);
        await UnlockAsync(email);
        if (actor is not null)
        {
            db.Audit(clock.GetUtcNow(), actor, "password reset", "a temporary password was issued", user.Email, null);
            await db.SaveChangesAsync();
        }
        return temporary;
    }

    /// <summary>
    /// Makes <paramref name="role"/> the user's only role. The course's last active instructor keeps the role, so
    /// someone can always manage the course. The user's sessions stay signed in and pick the new role up at their next
    /// request, when the portal rebuilds their claims.
    /// </summary>
    public async Task SetRoleAsync(string email, string role, string actor)
    {
        var canonicalRole = CourseRoles.Parse(role) ?? throw new AccountException($"'{role}' is not a role: use {string.Join(", ", CourseRoles.All)}");
        await EnsureRolesAsync();
        var user = await FindAsync(email);
        var had = await users.GetRolesAsync(user);
        if (had.Count == 1 && had[0] == canonicalRole) return;
        if (had.Contains(CourseRoles.Instructor) && canonicalRole != CourseRoles.Instructor)
            await RefuseIfLastInstructorAsync(user, "keep the instructor role");
        var others = had.Where(r => r != canonicalRole).ToList();
        if (others.Count > 0) Check(await users.RemoveFromRolesAsync(user, others));
        if (!had.Contains(canonicalRole)) Check(await users.AddToRoleAsync(user, canonicalRole));
        db.Audit(clock.GetUtcNow(), actor, "role", $"{(had.Count == 0 ? "none" : string.Join(", ", had))} → {canonicalRole}", user.Email, null);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Refuses the user's sign-ins and API tokens from now on and ends their sessions at their next request; their
    /// submissions, grades and tokens are kept, so <see cref="ReactivateAsync"/> gives everything back.
    /// </summary>
    public async Task DeactivateAsync(string email, string actor)
    {
        var user = await FindAsync(email);
        if (user.Deactivated) return;
        if (string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase))
            throw new AccountException("you cannot deactivate your own account");
        if (await users.IsInRoleAsync(user, CourseRoles.Instructor))
            await RefuseIfLastInstructorAsync(user, "stay active");
        user.DeactivatedAt = clock.GetUtcNow();
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user)); // ends the cookie sessions: the stamp is checked on every request
        db.Audit(clock.GetUtcNow(), actor, "deactivated", "sign-in and API tokens refused; submissions and grades kept", user.Email, null);
        await db.SaveChangesAsync();
    }

    public async Task ReactivateAsync(string email, string actor)
    {
        var user = await FindAsync(email);
        if (!user.Deactivated) return;
        user.DeactivatedAt = null;
        Check(await users.UpdateAsync(user));
        db.Audit(clock.GetUtcNow(), actor, "reactivated", "can sign in again", user.Email, null);
        await db.SaveChangesAsync();
    }

    async Task RefuseIfLastInstructorAsync(CourseUser user, string what)
    {
        var others = (await users.GetUsersInRoleAsync(CourseRoles.Instructor)).Count(u => u.Id != user.Id && !u.Deactivated);
        if (others == 0)
            throw new AccountException($"{user.Email} is the course's last active instructor and must {what}: make someone else an instructor first");
    }

    public async Task UnlockAsync(string email)
    {
        var user = await FindAsync(email);
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
    }

    /// <summary>Everyone with their roles, for the staff's user list.</summary>
    public async Task<List<(CourseUser User, IList<string> Roles)>> ListAsync()
    {
        // One query per role rather than one per user: a course has three roles and hundreds of people.
        var rolesOf = new Dictionary<string, List<string>>();
        foreach (var role in CourseRoles.All)
            foreach (var member in await users.GetUsersInRoleAsync(role))
                (rolesOf.TryGetValue(member.Id, out var list) ? list : rolesOf[member.Id] = []).Add(role);
        return (await users.Users.OrderBy(u => u.Email).ToListAsync())
            .Select(u => (u, (IList<string>)rolesOf.GetValueOrDefault(u.Id, []))).ToList();
    }

    async Task<CourseUser> FindAsync(string email) =>
        await users.FindByEmailAsync(NormalizeEmail(email)) ?? throw new AccountException($"there is no account for {email}");

    /// <param name="temporaryUntil">When the password is a temporary one, when it stops signing in; null for the user's own.</param>
    async Task SetPasswordAsync(CourseUser user, string password, DateTimeOffset? temporaryUntil = null)
    {
        // Check the new password before the old one is removed, so a refused password leaves the account as it was.
        foreach (var validator in users.PasswordValidators)
            Check(await validator.ValidateAsync(users, user, password));
        if (await users.HasPasswordAsync(user)) Check(await users.RemovePasswordAsync(user));
        user.TemporaryPasswordUntil = temporaryUntil;
        Check(await users.AddPasswordAsync(user, password));
    }

    async Task EnsureRolesAsync()
    {
        foreach (var role in CourseRoles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)));
    }

    static string NormalizeEmail(string email) =>
        IsEmail(email) ? email.Trim().ToLowerInvariant() : throw new AccountException($"'{email}' is not an e-mail address");

    static bool IsEmail(string email) =>
        MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim() && address.Host.Contains('.');

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static string NewTemporaryPassword() =>
        string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(PasswordAlphabet, 4)));

    static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new AccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
