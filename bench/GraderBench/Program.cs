using Course.Bench;

// `./course bench grader [--runs N] [--uploads N] [--clients N]`: the grader against bare Docker, in one run, on this
// machine. Four parts, each printed as it finishes; the last line sums them. Nothing here asserts a time.
var settings = BenchSettings.Parse(args);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Machine.Describe()}; slots {settings.Slots}");

var warm = await WarmGrade.RunAsync(settings);
warm.Print();
var throughput = await Throughput.RunAsync(settings);
throughput.Print();
var burst = await UploadBurst.RunAsync(settings, BurstStore.Sqlite);
burst.Print("(c) burst, one portal with in-process workers on SQLite");
var postgres = settings.Postgres ? await UploadBurst.RunAsync(settings, BurstStore.Postgres) : null;
postgres?.Print("(d) burst, two worker processes on one PostgreSQL queue");

// The burst's figures are the worse of the two stores', so the line cannot hide a regression in either.
var p99 = Math.Max(burst.P99Ms, postgres?.P99Ms ?? 0);
var lost = burst.Lost + (postgres?.Lost ?? 0);
Console.WriteLine(FormattableString.Invariant(
    $"overhead_ratio={warm.Ratio:0.00} throughput_per_min={throughput.GradedPerMinute:0.0} throughput_ratio={throughput.Ratio:0.00} burst_p99_ms={p99:0} burst_lost={lost}"));
