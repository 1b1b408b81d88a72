using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A symmetric matrix filled from its upper triangle with the diagonal, <c>for (j = i; j &lt; n; j++) { m[i, j] = d;
    /// m[j, i] = d; }</c> (a distance or kernel matrix, as clustering and Gaussian-process code builds it, e.g.
    /// Accord.NET's and ML.NET's pairwise distances, written here in our own words). Iteration i writes row i right of
    /// the diagonal and column i below it; m[i1, j1] = m[j2, i2] forces i1 = j2 ≥ i2 = j1 ≥ i1, so only an iteration meets
    /// itself (on the diagonal). The difference-constraint test (DependenceTester.Infeasible) found a zero cycle, not a
    /// negative one, and so proved nothing: KG1004. It now also asks whether the system holds with k1 &lt; k2, and with
    /// k2 &lt; k1; where neither does, the dependence is not carried. A triangle below (<c>j &lt; i</c>) bounds its counter
    /// from above by i (stop 59): the lower triangle mirrored from the upper one is proven too.
    /// </summary>
    public class SymmetricFillTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class M
            {
                [ParallelKernel]
                public static void Distances(double[,] m, double[] x)
                {
                    int n = m.GetLength(0);
                    foreach (int i in PRange(n))
                        for (int j = i; j < n; j++)
                        {
                            double d = Math.Abs(x[i] - x[j]);
                            m[i, j] = d;
                            m[j, i] = d;
                        }
                }

                // The lower triangle copied from the upper one (a symmetric matrix completed, j < i): iteration i writes row
                // i left of the diagonal and reads column i above it, which no iteration writes (j ≤ i − 1, a triangle
                // below: DependenceTester.EndsBefore).
                [ParallelKernel]
                public static void Mirror(double[,] m)
                {
                    foreach (int i in PRange(m.GetLength(0)))
                        for (int j = 0; j < i; j++)
                            m[i, j] = m[j, i];
                }

                [ParallelKernel]
                public static void MirrorFlat(double[] m, int n)
                {
                    foreach (int i in PRange(n))
                        for (int j = 0; j <= i - 1; j++)
                            m[i * n + j] = m[j * n + i];
                }

                [ParallelKernel]
                public static void DistancesFlat(float[] m, float[] x, int n)
                {
                    foreach (int i in PRange(n))
                        for (int j = i; j < n; j++)
                        {
                            float d = (x[i] - x[j]) * (x[i] - x[j]);
                            m[i * n + j] = d;
                            m[j * n + i] = d;
                        }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void A_symmetric_fill_runs_in_parallel()
        {
            Assert.DoesNotContain(InMemory.Analyze(Source, InMemory.ParseOptions), d => d.Id.StartsWith("KG1", StringComparison.Ordinal));
            Type m = s_built.Value.GetType("M")!;
            Assert.NotNull(m.GetMethod("DistancesParallel"));
            Assert.NotNull(m.GetMethod("DistancesFlatParallel"));
            Assert.NotNull(m.GetMethod("MirrorParallel"));
            Assert.NotNull(m.GetMethod("MirrorFlatParallel"));
        }

        [Theory]
        // Column i + 1 below the diagonal: iteration i writes m[i + 1, i + 1], which iteration i + 1 writes too.
        [InlineData("m[i, j] = 1; m[j, i + 1] = 2;")]
        // j from i - 1: iteration i writes m[i, i - 1], iteration i - 1 writes it as m[j, i - 1] with j = i.
        [InlineData("m[i, j] = 1; m[j, i] = 2;", "i - 1")]
        // Below the diagonal, reading the row above: m[i - 1, j] for j < i - 1 is written by iteration i − 1.
        [InlineData("m[i, j] = m[j, i] + m[i - 1, j];", "0", "i")]
        // Up to the diagonal, and the column before: iteration i writes m[i - 1, i - 1] (j = i - 1), as iteration i − 1 does.
        [InlineData("m[i, j] = 1; m[j, i - 1] = 2;", "0", "i + 1")]
        public void Fills_that_meet_another_iteration_stay_serial(string body, string from = "i", string to = "n - 1")
        {
            string source = $$"""
                using KernelGen;
                using static KernelGen.Kernel;
                public static partial class G
                {
                    [ParallelKernel]
                    public static void Run(double[,] m, int n)
                    {
                        foreach (int i in PRange(1, n - 1))
                            for (int j = {{from}}; j < {{to}}; j++) { {{body}} }
                    }
                }
                """;
            Assert.Contains(InMemory.Analyze(source, InMemory.ParseOptions), d => d.Id is "KG1004" or "KG1002" or "KG1001");
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(9)]
        [InlineData(130)]
        public void Results_are_the_serial_loops(int n)
        {
            var random = new Random(n + 1);
            double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "M", "Distances", new double[n, n], x);
            float[] xf = x.Select(v => (float)v).ToArray();
            Differential.Same(s_built.Value, "M", "DistancesFlat", new float[n * n], xf, n);
            var full = new double[n, n];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++)
                    full[r, c] = random.NextDouble();
            Differential.Same(s_built.Value, "M", "Mirror", full);
            Differential.Same(s_built.Value, "M", "MirrorFlat", full.Cast<double>().ToArray(), n);
        }
    }
}
