using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Course.Grader.Sandbox;

/// <summary>
/// The sandbox's system-call filter: the engine's own default profile with the calls below taken out of every allow
/// rule, so they fail with EPERM. Docker's default still allows io_uring (a large kernel attack surface that also
/// bypasses seccomp for the operations it queues) and, on some kernels, ptrace and perf_event_open; student code needs
/// none of them. The default profile is read from Debian's copy of the engine's source
/// (<c>golang-github-docker-docker-dev</c>, installed by <c>scripts/setup-host.sh</c>), so the base always matches the
/// engine, and nothing of it is copied into this repository.
/// </summary>
public sealed class SeccompProfile(IOptions<GraderOptions> options)
{
    public static readonly IReadOnlyList<string> Denied =
    [
        "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd", "keyctl", "add_key", "request_key",
        "bpf", "perf_event_open", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "fanotify_init",
        "lookup_dcookie", "name_to_handle_at", "open_by_handle_at", "unshare", "setns", "mount", "umount2", "quotactl", "acct",
    ];

    /// <summary>
    /// Calls allowed only on the caller itself (their first argument, the pid, is 0), as glibc's getrlimit and setrlimit
    /// make them. The harness runs as the student's user, and prlimit64 on another process of the same user is allowed by
    /// the kernel: a submission could otherwise lower the harness's limits (open files, CPU time) and break it.
    /// </summary>
    public static readonly IReadOnlyList<string> SelfOnly = ["prlimit64"];

    readonly Lazy<string> json = new(() => Load(options.Value.SeccompBaseProfile));

    /// <summary>The profile as Docker's API takes it (<c>seccomp=&lt;json&gt;</c>).</summary>
    public string Json => json.Value;

    static string Load(string path)
    {
        if (!File.Exists(path))
            throw new GradingInfrastructureException($"the engine's default seccomp profile is not at {path}: install Debian's "
                + "golang-github-docker-docker-dev (./course images does) or set Grader:SeccompBaseProfile");
        return Derive(File.ReadAllText(path));
    }

    /// <summary>
    /// The given default profile with <see cref="Denied"/> and <see cref="SelfOnly"/> removed from every allow rule, and one
    /// rule that allows each <see cref="SelfOnly"/> call when its first argument is 0.
    /// </summary>
    public static string Derive(string defaultProfile)
    {
        var profile = JsonNode.Parse(defaultProfile)?.AsObject() ?? throw new FormatException("the seccomp profile is not a JSON object");
        if (profile["defaultAction"]?.GetValue<string>() is not ("SCMP_ACT_ERRNO" or "SCMP_ACT_KILL" or "SCMP_ACT_KILL_PROCESS"))
            throw new FormatException("the base seccomp profile must deny by default, so that removing a call from its allow rules denies it");
        foreach (var rule in profile["syscalls"]?.AsArray() ?? [])
        {
            if (rule?["action"]?.GetValue<string>() != "SCMP_ACT_ALLOW" || rule["names"] is not JsonArray names) continue;
            foreach (var denied in names.Where(n => Denied.Contains(n?.GetValue<string>()) || SelfOnly.Contains(n?.GetValue<string>())).ToList())
                names.Remove(denied);
        }
        var syscalls = profile["syscalls"] as JsonArray ?? throw new FormatException("the seccomp profile has no list of syscalls");
        syscalls.Add(new JsonObject
        {
            ["names"] = new JsonArray(SelfOnly.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["action"] = "SCMP_ACT_ALLOW",
            ["args"] = new JsonArray(new JsonObject { ["index"] = 0, ["value"] = 0, ["valueTwo"] = 0, ["op"] = "SCMP_CMP_EQ" }),
        });
        return profile.ToJsonString();
    }
}
