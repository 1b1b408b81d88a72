using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using KernelGen.Tests.RandomKernels;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>
    /// Differential fuzzing (YARPGen style): random well-formed kernels (see <see cref="KernelFuzzer"/>), many per
    /// in-memory compilation, each run serially (the method as written, by reflection) and in parallel (its
    /// <c>…Parallel</c> method, or the intercepted call) at sizes 0, 1, small, ~1000 and sometimes 100,003; see
    /// <see cref="FuzzRunner"/> for what must agree. Also: no generator or analyzer exception, the generated code
    /// compiles, every loop left serial has a diagnostic.
    /// <para>
    /// CI runs 500 kernels with a fixed seed (the local default run the first 80: Harness.Scale). Long mode, 10,000 kernels:
    /// <c>KERNELGEN_FUZZ_KERNELS=10000 KERNELGEN_FUZZ_RANKS=all dotnet test tests/KernelGen.Tests -c Release --filter RandomKernelTests --logger "console;verbosity=detailed"</c>
    /// (<c>KERNELGEN_FUZZ_SEED</c> picks another run seed; a failure names the kernel's number and seed, and
    /// <c>KERNELGEN_FUZZ_ONLY=199,1411</c> with the same seed runs just those kernels again).
    /// </para>
    /// <para>
    /// About a third of the kernels also get side-effect constructs (static fields, helper methods, delegates, objects,
    /// jagged rows, Interlocked, Random, List, ref parameters; see <see cref="EffectKind"/>), labelled racy (the loop
    /// must be flagged), benign (the results must equal the serial ones at 1, 2, 3 and 8 threads) or either.
    /// <c>KERNELGEN_FUZZ_EFFECTS=0</c> leaves them out (the same kernels as before they existed);
    /// <see cref="FuzzRunner.StrictEffectFalseAlarms"/> decides whether a flagged Interlocked counter or pure helper fails.
    /// </para>
    /// <para>
    /// About a sixth of the kernels are over rectangular arrays (<c>T[,]</c>, <c>T[,,]</c>: stencils, other loop orders,
    /// one array for two parameters; see KernelFuzzer.Shapes.cs); <c>KERNELGEN_FUZZ_SHAPES=0</c> leaves them out (the
    /// kernels those seeds gave before).
    /// </para>
    /// <para>
    /// About an eighth are over byte, sbyte, short and ushort arrays (int lanes and 16-bit lanes: widened reads, stores
    /// through unchecked casts, shifts, strided reads, rows, <c>byte[,]</c>; see KernelFuzzer.Narrow.cs), run at trip
    /// counts around the vector widths; <c>KERNELGEN_FUZZ_NARROW=0</c> leaves them out, <c>=only</c> makes every kernel one.
    /// </para>
    /// </summary>
    public class RandomKernelTests
    {
        private readonly ITestOutputHelper _output;

        public RandomKernelTests(ITestOutputHelper output) => _output = output;

        private static int Setting(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;

        /// <summary>Kernels per compilation: one Roslyn compilation per kernel would be far too slow.</summary>
        private const int BatchSize = 50;

        /// <summary>The 1-minute load average (Linux), to read the wall-clock times against.</summary>
        private static string LoadAverage()
        {
            try { return System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
            catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException) { return "n/a"; }
        }

        [Fact]
        public void RandomKernels_agree_with_their_serial_reference()
        {
            int count = Setting("KERNELGEN_FUZZ_KERNELS", Harness.Scale.Count(full: 500, local: 80));
            int seed = Setting("KERNELGEN_FUZZ_SEED", 20261126);
            bool effects = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_EFFECTS") != "0";
            bool shapes = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_SHAPES") != "0";
            bool counters = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_COUNTERS") != "0"; // induction variables, argmin/argmax
            bool fastMath = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_FASTMATH") != "0"; // Exp/Log/Sin/Cos stores, some FastMath
            bool uneven = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_UNEVEN") != "0"; // inner loops of i-dependent trip counts
            // KERNELGEN_FUZZ_NARROW: 0 leaves the byte/sbyte/short/ushort kernels out, "only" makes every kernel one, a share in (0, 1] sets their share.
            string? narrowSetting = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_NARROW");
            double narrow = narrowSetting switch
            {
                null or "" => KernelFuzzer.NarrowShare,
                "only" => 1,
                _ => double.Parse(narrowSetting, System.Globalization.CultureInfo.InvariantCulture),
            };
            // KERNELGEN_FUZZ_UNSIGNED: the share of the narrow kernels over uint/ulong arrays instead (0: none, "only": all of them).
            string? unsignedSetting = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_UNSIGNED");
            double unsigned = unsignedSetting switch
            {
                null or "" => KernelFuzzer.UnsignedShare,
                "only" => 1,
                _ => double.Parse(unsignedSetting, System.Globalization.CultureInfo.InvariantCulture),
            };
            var stats = new FuzzStats();
            var failures = new List<string>();
            var effectFindings = new List<string>(); // racy constructs unflagged, must-stay-parallel ones flagged: all listed, never a reason to stop
            var clock = Stopwatch.StartNew();
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            // Batches compile in parallel, a wave at a time; their kernels then run one batch after another (the runs
            // use the worker pool, which serves one kernel call at a time).
            // KERNELGEN_FUZZ_ONLY=199,1411: just those kernels of the run (to reproduce a failure).
            int[] ids = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_ONLY") is { Length: > 0 } only
                ? only.Split(',').Select(int.Parse).ToArray() : Enumerable.Range(0, count).ToArray();
            count = ids.Length;
            int batches = (count + BatchSize - 1) / BatchSize;
            int degree = Math.Clamp(Environment.ProcessorCount, 1, 4);
            for (int wave = 0; wave < batches && failures.Count < 20; wave += degree)
            {
                var prepared = new FuzzRunner.Prepared[Math.Min(degree, batches - wave)];
                Parallel.For(0, prepared.Length, new ParallelOptions { MaxDegreeOfParallelism = degree }, b =>
                {
                    int batch = wave + b, first = batch * BatchSize;
                    var kernels = ids.Skip(first).Take(BatchSize)
                        .Select(id => KernelFuzzer.Generate(id, KernelFuzzer.SeedOf(seed, id), effects, shapes, narrow, counters, fastMath, uneven, unsigned)).ToList();
                    prepared[b] = FuzzRunner.Prepare(kernels, batch);
                });
                foreach (FuzzRunner.Prepared batch in prepared)
                    FuzzRunner.Execute(batch, stats, failures, effectFindings, bigShare: 0.2);
            }
            string summary = stats.Summary(clock.Elapsed) + $"; process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F0} s, load average {LoadAverage()} (seed {seed})";
            if (shapes) summary += "\n" + stats.ShapeSummary();
            if (narrow > 0) summary += "\n" + stats.NarrowSummary();
            if (effects) summary += "\n" + stats.EffectSummary();
            _output.WriteLine(summary);
            Console.WriteLine(summary);
            if (effects) _output.WriteLine("per construct:\n" + stats.EffectTable());
            foreach (string finding in effectFindings) _output.WriteLine(finding); // one line each
            foreach (string note in stats.Notes) _output.WriteLine(note);
            foreach (string failure in failures) _output.WriteLine("\n" + failure); // all of them (the assertion shows five)
            Assert.True(failures.Count == 0 && effectFindings.Count == 0,
                $"{failures.Count} failure(s), {effectFindings.Count} effect finding(s); {summary}\n\n" + string.Join("\n\n", failures.Take(5)) + "\n\n" + string.Join("\n", effectFindings.Take(10)));
            Assert.Equal(count, stats.Kernels);
        }
    }
}
