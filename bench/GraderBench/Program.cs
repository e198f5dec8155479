using Course.Bench;
using Course.Tests.Shared;

// `./course bench grader [--parts abcd] [--runs N] [--uploads N] [--clients N]`: the grader against bare Docker, in one
// run, on this machine. Four parts, each printed as it finishes; the last line sums them. Nothing here asserts a time.
var settings = BenchSettings.Parse(args);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Machine.Describe()}; {CourseProcess.Configuration} build; slots {settings.Slots}; parts {settings.Parts}");

var warm = settings.Measures('a') ? await WarmGrade.RunAsync(settings) : null;
warm?.Print();
var throughput = settings.Measures('b') ? await Throughput.RunAsync(settings) : null;
throughput?.Print();
var burst = settings.Measures('c') ? await UploadBurst.RunAsync(settings, BurstStore.Sqlite) : null;
burst?.Print("(c) burst, one portal with in-process workers on SQLite");
var postgres = settings.Measures('d') ? await UploadBurst.RunAsync(settings, BurstStore.Postgres) : null;
postgres?.Print("(d) burst, two worker processes on one PostgreSQL queue");

// The burst's figures are the worse of the two stores', so the line cannot hide a regression in either; a part not run
// reads "-".
string Figure(double? value, string format) => value is { } v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "-";
var bursts = new[] { burst, postgres }.OfType<UploadBurst>().ToList();
var p99 = bursts.Count > 0 ? bursts.Max(b => b.P99Ms) : (double?)null;
var lost = bursts.Count > 0 ? bursts.Sum(b => b.Lost) : (int?)null;
Console.WriteLine($"overhead_ratio={Figure(warm?.Ratio, "0.00")} throughput_per_min={Figure(throughput?.GradedPerMinute, "0.0")} " +
                  $"throughput_ratio={Figure(throughput?.Ratio, "0.00")} burst_p99_ms={Figure(p99, "0")} burst_lost={Figure(lost, "0")}");
