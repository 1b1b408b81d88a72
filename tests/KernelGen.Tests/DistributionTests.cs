using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Which loops are split over MPI ranks (the report's "MPI ranks" line) and, on simulated ranks (threads of this
    /// process; see <see cref="SimulatedCluster"/>), that split loops give every rank the serial result: array
    /// reductions, bands that move down, and the cases that must stay whole.
    /// </summary>
    public class DistributionTests
    {
        private const string Header = "using System; using KernelGen; using static KernelGen.Kernel;\n";

        private static string Report(string kernel)
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Header + "public static partial class K {\n" + kernel + "\n}"));
            string generated = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            return string.Join("\n", generated.Split('\n').Where(l => l.Contains("MPI ranks")).Select(l => l.Trim()));
        }

        [Theory]
        [InlineData("[ParallelKernel] public static void F(float[] a, float[] r) { foreach (int i in PRange(a.Length)) r[i] = a[i] * 2; }",
            "the rows of r the other blocks wrote")]
        [InlineData("[ParallelKernel] public static void F(int[] image, int w, int h) { foreach (int y in PRange(h)) for (int x = 0; x < w; x++) image[y * w + x] = x ^ y; }",
            "the rows of image the other blocks wrote")]
        [InlineData("[ParallelKernel] public static void F(double[,] g, double[,] o) { foreach (int i in PRange(1, g.GetLength(0) - 1)) for (int j = 0; j < g.GetLength(1); j++) o[i, j] = g[i - 1, j] + g[i + 1, j]; }",
            "the rows of o the other blocks wrote")]
        [InlineData("[ParallelKernel] public static void F(float[] a, float[] r) { foreach (int i in PRange(a.Length / 2)) { r[2 * i] = a[i]; r[2 * i + 1] = -a[i]; } }",
            "runs whole on every rank ('r' is written at different rows in one iteration)")]
        [InlineData("[ParallelKernel] public static void F(byte[] d, int[] bins) { foreach (int i in PRange(d.Length)) bins[d[i]]++; }",
            "the other ranks' merges of bins (applied in rank order)")]
        [InlineData("[ParallelKernel(Deterministic = true)] public static void F(byte[] d, double[] w, double[] bins) { foreach (int i in PRange(d.Length)) bins[d[i]] += w[i]; }",
            "runs whole on every rank (a deterministic floating-point array reduction")]
        [InlineData("[ParallelKernel] public static void F(float[][] rows) { foreach (int i in PRange(rows.Length)) rows[i][0] = 1; }",
            "runs whole on every rank (it writes through")]
        [InlineData("[ParallelKernel] public static double F(double[] a) { double s = 0; foreach (int i in PRange(a.Length)) s += a[i]; return s; }",
            "the other blocks' partials (combined in chunk order)")]
        public void The_report_says_how_a_loop_runs_under_MPI(string kernel, string expected)
        {
            Assert.Contains(expected, Report(kernel));
        }

        private const string Kernels = Header + @"
public static partial class K
{
    [ParallelKernel] public static void Histogram(byte[] d, int[] bins) { foreach (int i in PRange(d.Length)) bins[d[i]]++; }
    [ParallelKernel] public static void Weighted(byte[] d, double[] w, double[] bins) { foreach (int i in PRange(d.Length)) bins[d[i]] += w[i]; }
    // Rows taken as span windows (RaceAnalysis.FindSpanWindows): each iteration writes dst[i * width + t], t < width.
    [ParallelKernel] public static void RowWindows(float[] src, float[] dst, int width)
    {
        foreach (int i in PRange(src.Length / width))
        {
            ReadOnlySpan<float> from = src.AsSpan(i * width, width);
            Span<float> to = dst.AsSpan(i * width, width);
            for (int x = 0; x < to.Length; x++) to[x] = from[x] * 2 + i;
        }
    }
    [ParallelKernel] public static void Mirror(float[] src, float[] dst, int width)
    {
        int n = src.Length / width;
        foreach (int i in PRange(n))
            for (int x = 0; x < width; x++)
                dst[(n - 1 - i) * width + x] = src[i * width + x] + 1;
    }
}";

        private static readonly Lazy<Assembly> s_kernels = new(() => InMemory.Build(Kernels));

        /// <summary>Runs K.<paramref name="method"/>Parallel on <paramref name="ranks"/> simulated ranks, each on its own copy of the arguments.</summary>
        private static object?[][] OnRanks(int ranks, string method, object?[] args)
        {
            MethodInfo parallel = s_kernels.Value.GetType("K")!.GetMethod(method + "Parallel")!;
            SimulatedCluster.Outcome outcome = SimulatedCluster.Run(ranks, _ =>
            {
                object?[] copy = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
                parallel.Invoke(null, copy);
                return copy;
            });
            Assert.Null(outcome.AbortMessage);
            Assert.Null(outcome.Disagreement);
            Assert.All(outcome.Errors, e => Assert.Null(e));
            return outcome.Results.Cast<object?[]>().ToArray();
        }

        [Fact]
        public void Array_reductions_are_combined_across_simulated_ranks()
        {
            var random = new Random(15);
            byte[] data = Enumerable.Range(0, 300_000).Select(_ => (byte)random.Next(256)).ToArray();
            double[] weights = data.Select(_ => random.NextDouble()).ToArray();
            int[] bins = Enumerable.Range(0, 256).Select(b => b % 7).ToArray(); // not zero: the merge adds to what was there
            int[] serial = (int[])bins.Clone();
            InMemory.Call(s_kernels.Value, "K", "Histogram", data, serial);
            double[] wbins = new double[256], wserial = new double[256];
            InMemory.Call(s_kernels.Value, "K", "Weighted", data, weights, wserial);
            foreach (int ranks in new[] { 2, 3 })
            {
                foreach (object?[] rank in OnRanks(ranks, "Histogram", new object?[] { data, bins }))
                    Assert.Equal(serial, (int[])rank[1]!);
                foreach (object?[] rank in OnRanks(ranks, "Weighted", new object?[] { data, weights, wbins }))
                    for (int b = 0; b < 256; b++)
                        Assert.True(Math.Abs(wserial[b] - ((double[])rank[2]!)[b]) <= 1e-9 * Math.Abs(wserial[b]), $"bin {b}");
            }
        }

        [Fact]
        public void Span_window_rows_are_split_over_ranks_and_reach_every_rank()
        {
            Assert.Contains("the rows of dst the other blocks wrote", Report(@"[ParallelKernel] public static void F(float[] src, float[] dst, int width)
    { foreach (int i in PRange(src.Length / width)) { Span<float> to = dst.AsSpan(i * width, width); for (int x = 0; x < to.Length; x++) to[x] = src[i * width + x]; } }"));
            float[] source = Enumerable.Range(0, 3001 * 37).Select(v => (float)(v % 1000)).ToArray();
            float[] serial = new float[source.Length];
            InMemory.Call(s_kernels.Value, "K", "RowWindows", source, serial, 37);
            foreach (int ranks in new[] { 2, 3 })
                foreach (object?[] rank in OnRanks(ranks, "RowWindows", new object?[] { source, new float[source.Length], 37 }))
                    Assert.Equal(serial, (float[])rank[1]!);
        }

        [Fact]
        public void A_band_that_moves_down_reaches_every_rank()
        {
            float[] source = Enumerable.Range(0, 4001 * 33).Select(v => (float)v).ToArray();
            float[] serial = new float[source.Length];
            InMemory.Call(s_kernels.Value, "K", "Mirror", source, serial, 33);
            foreach (int ranks in new[] { 2, 3 })
                foreach (object?[] rank in OnRanks(ranks, "Mirror", new object?[] { source, new float[source.Length], 33 }))
                    Assert.Equal(serial, (float[])rank[1]!);
        }
    }
}
