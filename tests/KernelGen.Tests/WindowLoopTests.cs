using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Inner loops over a window that moves with the PRange index, <c>for (int k = i; k &lt; i + w; k++)</c> and
    /// <c>for (int k = i - r; k &lt;= i + r; k++)</c>: moving averages, box filters, FIR taps, a helper's
    /// <c>Count(a, i, i + 5, t)</c>. Their bounds differ from lane to lane, so the vector plan made them while loops on
    /// lane masks that gathered <c>a[k]</c> lane by lane (a scalar body: slower than the scalar loop). Their trip count
    /// does not differ (limit - start is invariant once the terms both have cancel), so they now run as
    /// <c>for (t = 0; t &lt; W; t++) { int k = start + t; … }</c>, a[k] one whole-vector read (Planner.Window); the chunk's
    /// guard checks that start and limit computed in int are their true values at its first and last lanes.
    /// 2^20 floats, a 16-wide moving sum, 2 threads on this machine: 11–17x the serial loop (1.4–1.6x before). While
    /// loops that count (a for loop walking a window down lowers to one; ported C writes them) become such loops too
    /// (Planner.CountedWhiles): counter and stepped indices declared first in the body.
    /// </summary>
    public class WindowLoopTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class W
            {
                // A trailing window of w samples (audio smoothing).
                [ParallelKernel]
                public static void MovingSum(float[] x, float[] y, int w)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        float s = 0;
                        for (int k = i; k < i + w; k++) s += x[k];
                        y[i] = s / w;
                    }
                }

                // A centered box of 2r + 1 taps; the bound inclusive.
                [ParallelKernel]
                public static void Centered(double[] x, double[] y, int r)
                {
                    foreach (int i in PRange(r, x.Length - r))
                    {
                        double s = 0;
                        for (int k = i - r; k <= i + r; k++) s += x[k] * (k - i + r + 1);
                        y[i] = s;
                    }
                }

                // FIR taps: the window as an offset from a start held in a local.
                [ParallelKernel]
                public static void Fir(float[] x, float[] h, float[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        int at = i;
                        float s = 0;
                        for (int k = at; k < h.Length + at; k++) s += h[k - at] * x[k];
                        y[i] = s;
                    }
                }

                static int Count(int[] a, int lo, int hi, int t)
                {
                    int c = 0;
                    for (int k = lo; k < hi; k++) if (a[k] > t) c++;
                    return c;
                }

                // The window as a helper's bounds (copied into the loop: its 'hi' holds i + 5).
                [ParallelKernel]
                public static void Windowed(int[] a, int[] o, int t)
                {
                    foreach (int i in PRange(o.Length)) o[i] = Count(a, i, i + 5, t);
                }

                // Downsampling by 2: the window starts at 2i (a strided read per tap).
                [ParallelKernel]
                public static void Halve(float[] x, float[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        float s = 0;
                        for (int k = 2 * i; k < 2 * i + 2; k++) s += x[k];
                        y[i] = s * 0.5f;
                    }
                }

                // Horizontal box blur of an image's rows: lanes over x, the window inside.
                [ParallelKernel]
                public static void BlurRows(float[,] src, float[,] dst, int r)
                {
                    foreach (int y in PRange(src.GetLength(0)))
                        for (int x = r; x < src.GetLength(1) - r; x++)
                        {
                            float s = 0;
                            for (int k = x - r; k <= x + r; k++) s += src[y, k];
                            dst[y, x] = s;
                        }
                }

                // Start and limit near int.MaxValue: for some lanes the limit wraps (the loop as written runs no
                // iteration there), for others neither does; the counter's values, not elements, are summed.
                [ParallelKernel]
                public static void NearMax(int[] o, int off)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        int c = 0;
                        for (int k = i + off; k < i + off + 3; k++) c += (k & 7) + 1;
                        o[i] = c;
                    }
                }

                // Tyoshi14/RxClassLibraryExplanation TestProject/Program.cs (MovingAverage): the window walked down from i.
                [ParallelKernel]
                public static void Trailing(double[] values, double[] average, int period)
                {
                    foreach (int i in PRange(period - 1, values.Length))
                    {
                        double total = 0;
                        for (int x = i; x > (i - period); x--) total += values[x];
                        average[i] = total / period;
                    }
                }

                // Down to an inclusive bound, weighted by the distance.
                [ParallelKernel]
                public static void TrailingInclusive(float[] v, float[] o, int back)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        float s = 0;
                        for (int x = i + back; x >= i; x--) s += v[x] * (x - i);
                        o[i] = s;
                    }
                }

                // marzxxx90/BloodPlus BloodPlus/Forms/Sample.cs (Get_N_DaysMovingAverage): a while loop with its own counter
                // and an index stepped beside it.
                [ParallelKernel]
                public static void DaysAverage(int frameSize, int[] data, double[] avgPoints)
                {
                    foreach (int counter in PRange(avgPoints.Length))
                    {
                        double sum = 0;
                        int innerLoopCounter = 0;
                        int index = counter;
                        while (innerLoopCounter < frameSize)
                        {
                            sum = sum + data[index];
                            innerLoopCounter += 1;
                            index += 1;
                        }
                        avgPoints[counter] = sum / frameSize;
                    }
                }

                // The same with the steps written out (k = k + 1, j = j + 1), as ported C often has them.
                [ParallelKernel]
                public static void FirWhileSpelled(float[] x, float[] taps, float[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        float s = 0;
                        int k = 0, j = i;
                        while (k < taps.Length) { s += taps[k] * x[j]; k = k + 1; j = j + 1; }
                        y[i] = s;
                    }
                }

                // FIR taps as a while loop over the taps' length (the array may be null: both throw at the condition).
                [ParallelKernel]
                public static void FirWhile(float[] x, float[] taps, float[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        float s = 0;
                        int k = 0;
                        while (k < taps.Length) { s += taps[k] * x[i + k]; k++; }
                        y[i] = s;
                    }
                }

                // Counters read after the loop, a limit the body moves, a break: while loops on lane masks or scalar.
                [ParallelKernel]
                public static void Whiles(int[] a, int[] o, int n)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        int k = i, c = 0;
                        while (k < i + n) { c += a[k]; k++; }
                        int m = i, lim = i + n, d = 0;
                        while (m < lim) { d += a[m]; if (d > 40) lim--; m++; }
                        int q = i, e = 0;
                        while (q < i + n) { if (a[q] < 0) break; e += a[q]; q++; }
                        o[i] = c + k + d + e;
                    }
                }

                // Down from near int.MinValue: for some lanes the limit wraps (no iteration as written).
                [ParallelKernel]
                public static void NearMin(int[] o, int off)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        int c = 0;
                        for (int k = i + off; k > i + off - 3; k--) c += (k & 7) + 1;
                        o[i] = c;
                    }
                }

                // The body moves what the limit reads: not a window (the limit changes as the loop runs).
                [ParallelKernel]
                public static void Moving(int[] a, int[] o)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        int lo = i, c = 0;
                        for (int k = lo; k < lo + 4; k++) { c += a[k]; if (c > 50) lo--; }
                        o[i] = c;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "W"));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 16, 17, 100, 1001 };

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Windows_match_serial(int n)
        {
            var random = new Random(n + 17);
            float[] floats(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() * 4 - 2).ToArray();
            foreach (int w in new[] { 0, 1, 3, 16 })
                Differential.Same(s_built.Value, "W", "MovingSum", floats(n + w), new float[n], w);
            // (A window past the array's end: both throw.)
            Differential.Same(s_built.Value, "W", "MovingSum", floats(n), new float[n], 2);
            double[] doubles = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
            foreach (int r in new[] { 0, 1, 4 })
                Differential.Same(s_built.Value, "W", "Centered", doubles, new double[n], r);
            Differential.Same(s_built.Value, "W", "Fir", floats(n + 7), floats(8), new float[n]);
            int[] ints = Enumerable.Range(0, n + 5).Select(_ => random.Next(100)).ToArray();
            Differential.Same(s_built.Value, "W", "Windowed", ints, new int[n], 50);
            Differential.Same(s_built.Value, "W", "Halve", floats(2 * n), new float[n]);
            var image = new float[n % 9 + 2, n + 5];
            for (int y = 0; y < image.GetLength(0); y++)
                for (int x = 0; x < image.GetLength(1); x++) image[y, x] = random.Next(256);
            foreach (int r in new[] { 1, 2 })
                Differential.Same(s_built.Value, "W", "BlurRows", image, new float[image.GetLength(0), image.GetLength(1)], r);
            foreach (int off in new[] { 0, int.MaxValue - 50, int.MaxValue - 2 * n, int.MinValue })
                Differential.Same(s_built.Value, "W", "NearMax", new int[n], off);
            Differential.Same(s_built.Value, "W", "Moving", ints, new int[n]);
            foreach (int period in new[] { 1, 3, 8 })
                Differential.Same(s_built.Value, "W", "Trailing", doubles, new double[n], period);
            foreach (int back in new[] { -1, 0, 2, 5 })
                Differential.Same(s_built.Value, "W", "TrailingInclusive", floats(n + 5), new float[n], back);
            foreach (int frame in new[] { 0, 1, 5 })
                Differential.Same(s_built.Value, "W", "DaysAverage", frame, ints, new double[Math.Max(0, n - 4)]);
            Differential.Same(s_built.Value, "W", "FirWhile", floats(n + 7), floats(8), new float[n]);
            Differential.Same(s_built.Value, "W", "FirWhile", floats(n + 7), null!, new float[n]);
            Differential.Same(s_built.Value, "W", "FirWhileSpelled", floats(n + 7), floats(8), new float[n]);
            int[] signed = Enumerable.Range(0, n + 6).Select(_ => random.Next(-5, 30)).ToArray();
            foreach (int k in new[] { 0, 2, 6 })
                Differential.Same(s_built.Value, "W", "Whiles", signed, new int[n], k);
            foreach (int off in new[] { 0, int.MinValue + 50, int.MinValue + 2, int.MaxValue })
                Differential.Same(s_built.Value, "W", "NearMin", new int[n], off);
        }

        [Fact]
        public void Windows_read_whole_vectors()
        {
            foreach (string kernel in new[] { "MovingSum", "Centered", "Fir", "Windowed", "NearMax", "BlurRows" })
                Assert.Contains("moving with the lanes", InMemory.VectorLine(s_generated.Value(kernel)));
            // (A for loop walking down is a while loop once lowered.)
            foreach (string kernel in new[] { "Trailing", "TrailingInclusive", "DaysAverage", "NearMin", "FirWhile", "FirWhileSpelled" })
                Assert.Contains("while loop counted", InMemory.VectorLine(s_generated.Value(kernel)));
            // (The limit the body moves stays a while loop on lane masks, or the scalar body.)
            Assert.DoesNotContain("moving with the lanes", InMemory.VectorLine(s_generated.Value("Moving")));
        }

        /// <summary>
        /// Without the guard that the limit is an int at every lane, NearMax runs 3 iterations where the limit wrapped and
        /// the loop as written runs none: the mutant's results differ (this test fails if the guard stops mattering).
        /// </summary>
        [Fact]
        public void The_limit_guard_is_what_keeps_wrapped_windows_serial()
        {
            string text = InMemory.Section(s_generated.Value("NearMax"));
            Assert.Contains("<= int.MaxValue", text);
            // (The start's and the limit's upper checks, let through up to long.MaxValue.)
            Assembly mutant = InMemory.BuildMutant(Source, "<= int.MaxValue", "<= long.MaxValue");
            const int n = 64, off = int.MaxValue - 40;
            int[] serial = new int[n], parallel = new int[n];
            InMemory.Call(s_built.Value, "W", "NearMax", serial, off);
            InMemory.Call(mutant, "W", "NearMaxParallel", parallel, off);
            Assert.NotEqual(serial, parallel);
            InMemory.Call(s_built.Value, "W", "NearMaxParallel", parallel, off);
            Assert.Equal(serial, parallel);
        }

        /// <summary>The same for a window walked down: without the lower checks, lanes whose limit wrapped run 3 iterations.</summary>
        [Fact]
        public void The_limit_guard_keeps_windows_walked_down_from_wrapping()
        {
            Assembly mutant = InMemory.BuildMutant(Source, ">= int.MinValue", ">= long.MinValue");
            const int n = 64, off = int.MinValue + 1;
            int[] serial = new int[n], parallel = new int[n];
            InMemory.Call(s_built.Value, "W", "NearMin", serial, off);
            InMemory.Call(mutant, "W", "NearMinParallel", parallel, off);
            Assert.NotEqual(serial, parallel);
            InMemory.Call(s_built.Value, "W", "NearMinParallel", parallel, off);
            Assert.Equal(serial, parallel);
        }
    }
}
