using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The select idiom as a reduction (issue 12): 'm = x &lt; m ? x : m' (and &lt;=, &gt;, &gt;=, and the comparison
    /// written the other way round) was a KG1005 build error; it now runs per chunk and the partials fold in chunk order
    /// with the same comparison, which gives the serial bits: NaN elements never win, a NaN start stays, ties keep the
    /// earlier value under '&lt;' and the later under '&lt;='. Small chunks (ChunkSize = 7) put ties and NaNs across chunk
    /// boundaries. The shapes are the hand-written min/max loops of image and signal code (running minimum of a row,
    /// peak detection).
    /// </summary>
    public class SelectReductionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                [ParallelKernel(ChunkSize = 7)]
                public static float MinF(float[] a, float start)
                {
                    float m = start;
                    foreach (int i in PRange(a.Length)) m = a[i] < m ? a[i] : m;
                    return m;
                }

                [ParallelKernel(ChunkSize = 7)]
                public static double PeakD(double[] a)
                {
                    double peak = double.NegativeInfinity;
                    foreach (int i in PRange(a.Length)) peak = peak < a[i] * 2 ? a[i] * 2 : peak;
                    return peak;
                }

                [ParallelKernel(ChunkSize = 7)]
                public static float LastMinF(float[] a)
                {
                    float m = float.MaxValue;
                    foreach (int i in PRange(a.Length)) m = (a[i] <= m) ? a[i] : m;
                    return m;
                }

                [ParallelKernel(ChunkSize = 7)]
                public static double MaxGeD(double[] a, double start)
                {
                    double m = start;
                    foreach (int i in PRange(a.Length)) m = m <= a[i] ? a[i] : m;
                    return m;
                }

                // The statement form, as most loops write it.
                [ParallelKernel(ChunkSize = 7)]
                public static float IfMinF(float[] a, float start)
                {
                    float m = start;
                    foreach (int i in PRange(a.Length))
                    {
                        if (a[i] < m) m = a[i];
                    }
                    return m;
                }

                [ParallelKernel(ChunkSize = 7)]
                public static double IfMaxGeD(double[] a)
                {
                    double m = double.MinValue;
                    foreach (int i in PRange(a.Length))
                        if (m <= a[i]) { m = a[i]; }
                    return m;
                }

                [ParallelKernel]
                public static int MinI(int[] a)
                {
                    int best = int.MaxValue;
                    foreach (int i in PRange(a.Length)) best = a[i] < best ? a[i] : best;
                    return best;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void The_idiom_is_a_reduction_in_the_report()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            string[] reports = diagnostics.Where(d => d.Id == "KG3001").Select(d => d.GetMessage()).ToArray();
            Assert.Equal(7, reports.Length);
            Assert.Contains(reports, r => r.Contains("m (float select<: if <)"));
            Assert.Contains(reports, r => r.Contains("m (double select>=: if >=)"));
            Assert.Contains(reports, r => r.Contains("m (float select<: ?: <)"));
            Assert.Contains(reports, r => r.Contains("peak (double select>: ?: >)"));
            Assert.Contains(reports, r => r.Contains("m (float select<=: ?: <=)"));
            Assert.Contains(reports, r => r.Contains("m (double select>=: ?: >=)"));
        }

        [Theory]
        [InlineData("m = a[i] < m ? m : a[i];")]      // keeps m when smaller: a NaN element would win
        [InlineData("m = a[i] < m ? a[i] + 1 : m;")]  // stores another value than it compared
        [InlineData("m = a[i] < m ? a[i] : m - 1;")]
        [InlineData("if (a[i] < m) m = a[i]; else m = 0;")]
        [InlineData("if (a[i] < m) m = a[i] * 2;")]
        [InlineData("if (a[i] < m) { m = a[i]; a[i] = 0; }")]
        public void Other_shapes_are_still_not_reductions(string statement)
        {
            string source = "using KernelGen; using static KernelGen.Kernel; public static partial class T { [ParallelKernel] public static float F(float[] a) { float m = 0; foreach (int i in PRange(a.Length)) " + statement + " return m; } }";
            Assert.Contains(InMemory.Analyze(source), d => d.Id is "KG1005" or "KG2006");
        }

        private static float[] Floats(int n, int seed)
        {
            var r = new Random(seed);
            float[] pool = { float.NaN, 0f, -0f, 1f, -1f, float.PositiveInfinity, float.NegativeInfinity, 3.5f };
            return Enumerable.Range(0, n).Select(_ => r.Next(3) == 0 ? pool[r.Next(pool.Length)] : r.Next(-5, 6)).ToArray(); // many ties
        }

        private static object Call(string name, params object[] args) => InMemory.Call(Built.Value, "S", name, args)!;

        [Theory]
        [InlineData(0), InlineData(1), InlineData(6), InlineData(7), InlineData(8), InlineData(29), InlineData(100), InlineData(1003)]
        public void Matches_serial_bitwise(int n)
        {
            for (int seed = 0; seed < 4; seed++)
            {
                float[] f = Floats(n, n * 10 + seed);
                double[] d = f.Select(x => (double)x).ToArray();
                foreach (float start in new[] { float.NaN, float.PositiveInfinity, 2f, -0f, 0f })
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits((float)Call("MinF", f, start)), BitConverter.SingleToInt32Bits((float)Call("MinFParallel", f, start)));
                    Assert.Equal(BitConverter.DoubleToInt64Bits((double)Call("MaxGeD", d, (double)start)), BitConverter.DoubleToInt64Bits((double)Call("MaxGeDParallel", d, (double)start)));
                }
                Assert.Equal(BitConverter.DoubleToInt64Bits((double)Call("PeakD", d)), BitConverter.DoubleToInt64Bits((double)Call("PeakDParallel", d)));
                Assert.Equal(BitConverter.SingleToInt32Bits((float)Call("LastMinF", f)), BitConverter.SingleToInt32Bits((float)Call("LastMinFParallel", f)));
                foreach (float start in new[] { float.NaN, 2f, -0f })
                    Assert.Equal(BitConverter.SingleToInt32Bits((float)Call("IfMinF", f, start)), BitConverter.SingleToInt32Bits((float)Call("IfMinFParallel", f, start)));
                Assert.Equal(BitConverter.DoubleToInt64Bits((double)Call("IfMaxGeD", d)), BitConverter.DoubleToInt64Bits((double)Call("IfMaxGeDParallel", d)));
                int[] ints = f.Select(x => float.IsFinite(x) ? (int)x : int.MinValue + 3).ToArray();
                Assert.Equal((int)Call("MinI", ints), (int)Call("MinIParallel", ints));
            }
        }
    }
}
