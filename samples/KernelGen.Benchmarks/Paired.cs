using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// Paired timing of KernelGen against its C/OpenMP twin, and against the hand-tuned C#. BenchmarkDotNet times each case in its own process, one after
    /// the other: minutes apart on a shared 2-core VM, where the machine left to us drifts by more than the gaps measured
    /// (a 5-point stencil read 0.78-1.18 ms in separate runs of the same binary, KernelGen and C alone in alternating
    /// processes 0.78 and 0.78 ms; Haversine 0.82x C in one full run, 1.10x in the next). Here the two run in alternating
    /// processes, A B B A, each timed for about half a second after a warm-up: each pair's ratio sees the same machine,
    /// and the median over the pairs is the row's "paired" value. In separate processes, because in one
    /// process libgomp's threads spin after each region and take the second core from KernelGen's pool (a stencil read
    /// 0.64x C that way, 1.00x alone).
    /// </summary>
    public static class Paired
    {
        /// <summary>One row's pairs: the median and the range of the other side's time / KernelGen's time over the rounds.</summary>
        public sealed record Ratio(string Suite, int N, double Median, double Min, double Max, int Rounds);

        public const string Mode = "--time-one";

        /// <summary>
        /// Child mode (<c>--time-one Suite Method N</c>): set up the suite as BenchmarkDotNet does, warm up, then the median
        /// of 7 batches of ~70 ms, printed as <c>ns-per-call 123.4</c>.
        /// </summary>
        public static int TimeOne(string suite, string method, int n)
        {
            Type? type = typeof(Paired).Assembly.GetType("KernelGen.Benchmarks." + suite);
            MethodInfo? workload = type?.GetMethod(method);
            if (type is null || workload is null) { Console.Error.WriteLine($"no benchmark {suite}.{method}"); return 2; }
            object instance = Activator.CreateInstance(type)!;
            type.GetField("N")?.SetValue(instance, n);
            foreach (MethodInfo setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
                setup.Invoke(instance, null);
            // (A benchmark that returns its result, as SumF32 does, is called through a Func and the value dropped.)
            Action call = workload.ReturnType == typeof(void)
                ? (Action)workload.CreateDelegate(typeof(Action), instance)
                : (Action)typeof(Paired).GetMethod(nameof(Dropping), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(workload.ReturnType)
                    .Invoke(null, new[] { workload.CreateDelegate(typeof(Func<>).MakeGenericType(workload.ReturnType), instance) })!;
            // Warm-up: past tier-0 and OSR code, and a first estimate of one call's time. .NET compiles a method at
            // tier 1 after 30 calls: a kernel of 30 ms a call was still on its OSR code after half a second, 34-35 ms
            // a call there against 29 at tier 1 (SinCos, one thread; 29-30 with tiering off). So at least 40 calls,
            // unless that takes more than 5 s.
            var watch = Stopwatch.StartNew();
            int calls = 0;
            while (watch.ElapsedMilliseconds < 500 || calls < 3 || calls < 40 && watch.ElapsedMilliseconds < 5000) { call(); calls++; }
            double estimate = watch.Elapsed.TotalMilliseconds / calls;
            int batch = Math.Max(1, (int)(70 / estimate));
            var times = new double[7];
            for (int b = 0; b < times.Length; b++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int k = 0; k < batch; k++) call();
                times[b] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds * 1e6 / batch;
            }
            Array.Sort(times);
            Console.WriteLine("ns-per-call " + times[times.Length / 2].ToString("R", CultureInfo.InvariantCulture));
            return 0;
        }

        private static Action Dropping<T>(Func<T> f) => () => f();

        /// <summary>
        /// Parent: each row's pairs (A B, then B A, …), each timing a child process. <paramref name="other"/>: the
        /// report's role KernelGen is timed against (COpenMP or HandTuned). <paramref name="threads"/>: the
        /// children's <c>KERNELGEN_NUM_THREADS</c>, which both sides read (COmp gives libgomp the same count); null keeps
        /// the run's. One thread each separates the generated code from the threads: a row behind C on two threads but
        /// at parity on one loses in starting, scheduling or sharing the memory bus, not in its loop.
        /// </summary>
        public static List<Ratio> Run(IReadOnlyList<(string Suite, int N, int Rounds)> rows, string other = "COpenMP", int? threads = null)
        {
            string label = (other == "COpenMP" ? "paired" : "paired with " + other) + (threads is int t ? FormattableString.Invariant($" ({t} thread{(t == 1 ? "" : "s")})") : "");
            var ratios = new List<Ratio>();
            string self = typeof(Paired).Assembly.Location;
            foreach (var (suite, n, rounds) in rows)
            {
                var pairs = new List<double>();
                for (int r = 0; r < rounds; r++)
                {
                    double? gen, c;
                    if (r % 2 == 0) { gen = Child(self, suite, "KernelGen", n, threads); c = Child(self, suite, other, n, threads); }
                    else { c = Child(self, suite, other, n, threads); gen = Child(self, suite, "KernelGen", n, threads); }
                    if (gen is > 0 && c is > 0) pairs.Add(c.Value / gen.Value);
                }
                if (pairs.Count == 0) { Console.WriteLine($"{label}: {suite} n={n}: no pair ran"); continue; }
                pairs.Sort();
                double median = pairs.Count % 2 == 1 ? pairs[pairs.Count / 2] : (pairs[pairs.Count / 2 - 1] + pairs[pairs.Count / 2]) / 2;
                ratios.Add(new Ratio(suite, n, median, pairs[0], pairs[^1], pairs.Count));
                Console.WriteLine(FormattableString.Invariant($"{label}: {suite} n={n}: KernelGen {median:F2}x {other} (pairs {pairs[0]:F2}-{pairs[^1]:F2}, {pairs.Count} rounds)"));
            }
            return ratios;
        }

        private static double? Child(string self, string suite, string role, int n, int? threads)
        {
            var (type, method) = Report.Case(suite, role);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (threads is int count) start.Environment[KernelRuntime.NumThreadsVariable] = count.ToString(CultureInfo.InvariantCulture);
            foreach (string a in new[] { self, Mode, type, method, n.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(120_000)) { process.Kill(); return null; }
            string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith("ns-per-call ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null)
            {
                Console.WriteLine($"paired: {suite}.{method} n={n} failed (exit {process.ExitCode}): {error.Trim()}");
                return null;
            }
            return double.Parse(line.Substring("ns-per-call ".Length), CultureInfo.InvariantCulture);
        }
    }
}
