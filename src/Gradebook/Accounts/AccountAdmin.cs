using System.Net.Mail;
using System.Security.Cryptography;
using CsvHelper;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Course.Gradebook.Accounts;

/// <summary>What staff do to accounts: add one, import a roster, reset a password, lift a lock-out.</summary>
public sealed class AccountAdmin(UserManager<CourseUser> users, RoleManager<IdentityRole> roles)
{
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
        return new NewAccount(email, canonicalRole, created, temporary);
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

    /// <summary>Gives the user a new temporary password, ends any lock-out, and returns the password.</summary>
    public async Task<string> ResetPasswordAsync(string email)
    {
        var user = await FindAsync(email);
        var temporary = NewTemporaryPassword();
        await SetPasswordAsync(user, temporary);
        await UnlockAsync(email);
        return temporary;
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

    async Task SetPasswordAsync(CourseUser user, string password)
    {
        // Check the new password before the old one is removed, so a refused password leaves the account as it was.
        foreach (var validator in users.PasswordValidators)
            Check(await validator.ValidateAsync(users, user, password));
        if (await users.HasPasswordAsync(user)) Check(await users.RemovePasswordAsync(user));
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
