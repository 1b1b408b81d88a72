using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Helpers that loop, called as a statement's whole value (<c>y[i] = Dot(rows[i], x);</c>, <c>double p = Horner(c, x[i]);</c>):
    /// their statements are copied in front of the statement in the loop IR (Lowering.HoistedHelper), parameters bound to
    /// the arguments, locals renamed, so the vector plan sees the helper's loop as the body's own. They were calls the
    /// vectorizer could only make lane by lane (a scalar body), and the cost model counted one call: a dense layer
    /// written with a Dot helper ran as one chunk on one thread. Row-wise dot products, Horner polynomials and
    /// point-in-polygon tests written as helpers (the way the C# sources they come from write them) must give the
    /// serial loop's bits and exceptions.
    /// </summary>
    public class HelperLoopTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class H
            {
                static float Dot(float[] a, float[] b)
                {
                    float s = 0;
                    for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
                    return s;
                }

                // A dense layer's rows (the kernel's own locals share the helper's names: s, k).
                [ParallelKernel]
                public static void Dense(float[][] w, float[] x, float[] bias, float[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        float s = bias[i];
                        float d = Dot(w[i], x);
                        for (int k = 0; k < 1; k++) s += d;
                        y[i] = s;
                    }
                }

                [ParallelKernel]
                public static void Rows(float[][] w, float[] x, float[] y)
                {
                    foreach (int i in PRange(y.Length)) y[i] = Dot(w[i], x);
                }

                // Two calls and a bias after them; a sum of calls into a local (compound); a scale before the call.
                [ParallelKernel]
                public static void TwoLayers(float[][] w, float[][] v, float[] x, float[] bias, float[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        float s = 0.5f;
                        s += Dot(w[i], x);
                        y[i] = 2f * Dot(v[i], x) + s + bias[i];
                    }
                }

                // The call in an if's condition (a half-space test per row): computed before the branch, as C# does.
                [ParallelKernel]
                public static void Signs(float[][] w, float[] x, float[] y)
                {
                    foreach (int i in PRange(y.Length))
                    {
                        if (Dot(w[i], x) > 0.25f) y[i] = 1f;
                        else y[i] = -1f;
                    }
                }

                // The call after an element read: the read goes into a local first (it may throw before the call).
                [ParallelKernel]
                public static void AfterRead(float[][] w, float[] x, float[] bias, float[] y)
                {
                    foreach (int i in PRange(y.Length)) y[i] = bias[i] + Dot(w[i], x);
                }

                // A target whose subscript reads an array (it may throw before the call): not copied, the serial bits.
                [ParallelKernel]
                public static void Scattered(float[][] w, float[] x, int[] at, float[] y)
                {
                    foreach (int i in PRange(at.Length)) y[at[i]] = Dot(w[i], x) + MathF.Sqrt(Dot(w[i], w[i]));
                }

                // Horner from the top coefficient, a double result stored into a float (the call's implicit conversion).
                static double Horner(double[] c, double x)
                {
                    double r = 0;
                    for (int k = c.Length - 1; k >= 0; k--) r = r * x + c[k];
                    return r;
                }

                [ParallelKernel]
                public static void Polynomial(double[] c, double[] x, float[] y)
                {
                    foreach (int i in PRange(x.Length)) y[i] = (float)Horner(c, x[i]);
                }

                [ParallelKernel]
                public static void PolynomialDouble(double[] c, double[] x, double[] y)
                {
                    foreach (int i in PRange(x.Length)) y[i] = Horner(c, x[i] * 0.5);
                }

                // W. R. Franklin's test as a helper with its own header (as boxofyellow/Ascii3dEngine's Check is called).
                static bool Inside(double[] vx, double[] vy, double tx, double ty)
                {
                    bool c = false;
                    for (int i = 0, j = vx.Length - 1; i < vx.Length; j = i++)
                        if (((vy[i] > ty) != (vy[j] > ty)) && (tx < (vx[j] - vx[i]) * (ty - vy[i]) / (vy[j] - vy[i]) + vx[i]))
                            c = !c;
                    return c;
                }

                // boxofyellow/Ascii3dEngine's Check as written there: counters declared before 'for (; i < n; j = i++)'.
                static bool Check(double[] v0, double[] v1, double t0, double t1)
                {
                    int numberOfVertexes = v0.Length;
                    int i = 0;
                    int j = numberOfVertexes - 1;
                    bool result = false;
                    for (; i < numberOfVertexes; j = i++)
                    {
                        if (((v1[i] > t1) != (v1[j] > t1)) && (t0 < (v0[j] - v0[i]) * (t1 - v1[i]) / (v1[j] - v1[i]) + v0[i]))
                            result = !result;
                    }
                    return result;
                }

                [ParallelKernel]
                public static void PolygonChecked(double[] vx, double[] vy, double[] px, double[] py, bool[] inside)
                {
                    foreach (int p in PRange(px.Length)) inside[p] = Check(vx, vy, px[p], py[p]);
                }

                [ParallelKernel]
                public static void Polygon(double[] vx, double[] vy, double[] px, double[] py, bool[] inside)
                {
                    foreach (int p in PRange(px.Length)) inside[p] = Inside(vx, vy, px[p], py[p]);
                }

                // A search that breaks out of the helper's loop, a scalar argument computed from the index.
                static int FirstAbove(double[] a, double t)
                {
                    int at = -1;
                    for (int k = 0; k < a.Length; k++)
                        if (a[k] > t) { at = k; break; }
                    return at;
                }

                [ParallelKernel]
                public static void Thresholds(double[] table, double[] t, int[] found)
                {
                    foreach (int i in PRange(t.Length)) found[i] = FirstAbove(table, t[i] * 2 - 1);
                }

                // A window sum whose reads can leave the array: the helper throws where the serial loop does.
                static double Window(double[] a, int from, int count)
                {
                    double s = 0;
                    for (int k = 0; k < count; k++) s += a[from + k];
                    return s;
                }

                [ParallelKernel]
                public static void ByRowIndex(double[][] rows, double[] x, double[] y)
                {
                    foreach (int i in PRange(y.Length)) y[i] = RowDot(rows, i, x);
                }

                static double RowDot(double[][] m, int r, double[] x)
                {
                    double s = 0;
                    double[] row = m[r];
                    for (int k = 0; k < row.Length; k++) s += row[k] * x[k];
                    return s;
                }

                // A helper that assigns its parameter (a hash's rounds), called with a local the kernel reads again after:
                // the copy works on a local of its own, the kernel's v keeps its value.
                static ulong Mix(ulong x, int rounds)
                {
                    for (int r = 0; r < rounds; r++) x = (x ^ (x >> 31)) * 0xBF58476D1CE4E5B9UL;
                    return x;
                }

                [ParallelKernel]
                public static void Hashes(ulong[] a, ulong[] o, int rounds)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        ulong v = a[i];
                        ulong h = Mix(v, rounds);
                        o[i] = h ^ v;
                    }
                }

                [ParallelKernel]
                public static void Smooth(double[] a, double[] o)
                {
                    foreach (int i in PRange(o.Length - 3)) o[i] = Window(a, i, 4) * 0.25;
                }

                [ParallelKernel]
                public static void Windows(double[] a, double[] sums, int count)
                {
                    foreach (int i in PRange(sums.Length))
                    {
                        double total = Window(a, i, count);
                        sums[i] = total * 0.25;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "H"));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 8, 9, 17, 100, 1001 };

        private static float[][] Matrix(Random random, int rows, int columns) =>
            Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, columns).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Rows_through_a_dot_helper_match_serial(int n)
        {
            var random = new Random(n + 70);
            float[] x = Enumerable.Range(0, 37).Select(_ => (float)random.NextDouble()).ToArray();
            float[] bias = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "H", "Dense", Matrix(random, n, 37), x, bias, new float[n]);
            Differential.Same(s_built.Value, "H", "Rows", Matrix(random, n, 37), x, new float[n]);
            Differential.Same(s_built.Value, "H", "TwoLayers", Matrix(random, n, 37), Matrix(random, n, 37), x, bias, new float[n]);
            Differential.Same(s_built.Value, "H", "AfterRead", Matrix(random, n, 37), x, bias, new float[n]);
            Differential.Same(s_built.Value, "H", "Signs", Matrix(random, n, 37), x, new float[n]);
            int[] at = Enumerable.Range(0, n).Select(k => n - 1 - k).ToArray();
            Differential.Same(s_built.Value, "H", "Scattered", Matrix(random, n, 37), x, at, new float[n]);
            if (n > 2)
            {
                // Both throw: IndexOutOfRange from the subscript, before the null row's NullReference in the call.
                float[][] holes = Matrix(random, n, 37);
                holes[1] = null!;
                at[1] = n + 5;
                Differential.Same(s_built.Value, "H", "Scattered", holes, x, at, new float[n]);
                float[] shortBias = bias.Take(1).ToArray();
                Differential.Same(s_built.Value, "H", "AfterRead", holes, x, shortBias, new float[n]);
            }
            // A bias one short: both throw where the serial loop does (after or before the call, as it reads it).
            Differential.Same(s_built.Value, "H", "TwoLayers", Matrix(random, n, 37), Matrix(random, n, 37), x, bias.Take(Math.Max(0, n - 1)).ToArray(), new float[n]);
            Differential.Same(s_built.Value, "H", "AfterRead", Matrix(random, n, 37), x, bias.Take(Math.Max(0, n - 1)).ToArray(), new float[n]);
            // Ragged rows (the vector step stops where lengths differ), a vector shorter than the rows (both throw),
            // a null row (both throw).
            float[][] ragged = Enumerable.Range(0, n).Select(k => Enumerable.Range(0, k % 5 == 0 ? 30 : 37).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
            Differential.Same(s_built.Value, "H", "Rows", ragged, x, new float[n]);
            Differential.Same(s_built.Value, "H", "Rows", Matrix(random, n, 37), x.Take(36).ToArray(), new float[n]);
            if (n > 3)
            {
                float[][] holes = Matrix(random, n, 37);
                holes[n / 2] = null!;
                Differential.Same(s_built.Value, "H", "Rows", holes, x, new float[n]);
            }
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Helpers_with_other_loops_match_serial(int n)
        {
            var random = new Random(n + 71);
            double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            foreach (int degree in new[] { 0, 1, 5 })
            {
                double[] c = Enumerable.Range(0, degree).Select(_ => random.NextDouble() - 0.5).ToArray();
                Differential.Same(s_built.Value, "H", "Polynomial", c, x, new float[n]);
                Differential.Same(s_built.Value, "H", "PolynomialDouble", c, x, new double[n]);
            }
            int m = 17;
            double[] vx = new double[m], vy = new double[m];
            for (int k = 0; k < m; k++)
            {
                double angle = 2 * Math.PI * k / m, radius = 0.4 + 0.5 * random.NextDouble();
                vx[k] = radius * Math.Cos(angle);
                vy[k] = radius * Math.Sin(angle);
            }
            Differential.Same(s_built.Value, "H", "Polygon", vx, vy, x.Select(v => v / 2).ToArray(), x.Reverse().Select(v => v / 2).ToArray(), new bool[n]);
            Differential.Same(s_built.Value, "H", "PolygonChecked", vx, vy, x.Select(v => v / 2).ToArray(), x.Reverse().Select(v => v / 2).ToArray(), new bool[n]);
            double[] table = Enumerable.Range(0, 50).Select(k => k / 50.0 * 2 - 1).ToArray();
            Differential.Same(s_built.Value, "H", "Thresholds", table, x.Select(v => v / 4 + 0.5).ToArray(), new int[n]);
            double[] a = Enumerable.Range(0, n + 3).Select(_ => random.NextDouble()).ToArray();
            Differential.Same(s_built.Value, "H", "Windows", a, new double[n], 4);
            ulong[] bits = Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63)).ToArray();
            foreach (int rounds in new[] { 0, 1, 3 })
                Differential.Same(s_built.Value, "H", "Hashes", bits, new ulong[n], rounds);
            // Past the end for the last iterations: both throw IndexOutOfRangeException.
            Differential.Same(s_built.Value, "H", "Windows", a, new double[n], 5);
        }

        [Theory]
        [InlineData(10)]
        [InlineData(1_000)]
        [InlineData(100_003)]
        public void A_helper_reading_the_array_the_loop_writes_through_another_name_runs_serially(int n)
        {
            // Smooth(a, o) with o and a the same array: iteration i reads a[i + 1 … i + 3], which iterations
            // i + 1 … i + 3 write. The helper's reads had no alias check (only the loop's own accesses did): with chunks
            // run last first, the end of each chunk read what the next chunk had already written.
            var random = new Random(n + 72);
            double[] data = Enumerable.Range(0, n + 3).Select(_ => random.NextDouble()).ToArray();
            double[] serial = (double[])data.Clone();
            InMemory.Call(s_built.Value, "H", "Smooth", serial, serial);
            foreach (bool reversed in new[] { false, true })
            {
                double[] parallel = (double[])data.Clone();
                if (reversed) RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "H", "SmoothParallel", parallel, parallel));
                else InMemory.Call(s_built.Value, "H", "SmoothParallel", parallel, parallel);
                Assert.Equal(serial, parallel);
            }
            Assert.Contains("runs serially when a and o are the same array", s_generated.Value("Smooth"));
        }

        [Theory]
        [InlineData(9)]
        [InlineData(200)]
        public void A_helper_reading_the_rows_while_the_loop_writes_one_of_them_runs_serially(int n)
        {
            // y = rows[n / 2 + 1]: iteration n / 2 + 1 reads that row whole while the others write its elements. The
            // helper's reads of the rows had no check against the written array (only the loop's own reads had one).
            var random = new Random(n + 73);
            double[][] data = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray()).ToArray();
            double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
            double[][] serial = data.Select(r => (double[])r.Clone()).ToArray();
            InMemory.Call(s_built.Value, "H", "ByRowIndex", serial, x, serial[n / 2 + 1]);
            foreach (bool reversed in new[] { false, true })
            {
                double[][] parallel = data.Select(r => (double[])r.Clone()).ToArray();
                if (reversed) RuntimeSettings.Reversed(3, () => InMemory.Call(s_built.Value, "H", "ByRowIndexParallel", parallel, x, parallel[n / 2 + 1]));
                else InMemory.Call(s_built.Value, "H", "ByRowIndexParallel", parallel, x, parallel[n / 2 + 1]);
                for (int r = 0; r < n; r++) Assert.Equal(serial[r], parallel[r]);
            }
            Assert.Contains("runs serially when y is (or overlaps) a row of rows", s_generated.Value("ByRowIndex"));
        }

        [Fact]
        public void The_helpers_loops_are_the_plans()
        {
            foreach (string kernel in new[] { "Dense", "Rows", "TwoLayers", "Signs", "AfterRead", "Hashes", "Polynomial", "PolynomialDouble", "Polygon", "PolygonChecked", "Windows" })
            {
                string line = InMemory.VectorLine(s_generated.Value(kernel));
                Assert.Contains("one PRange iteration per lane", line);
                Assert.DoesNotContain("lane by lane", line);
            }
            Assert.Contains("rows of w tiled per step", InMemory.VectorLine(s_generated.Value("Rows")));
            Assert.Contains("rows of w, v tiled per step", InMemory.VectorLine(s_generated.Value("TwoLayers")));
            Assert.Contains("'(Dot(w[i], x))' has no exact vector counterpart", InMemory.VectorLine(s_generated.Value("Scattered"))); // calls stay calls
            // The cost model counts the helper's loop: many chunks for a few heavy rows.
            Assert.Contains("with inner loops", s_generated.Value("Rows"));
        }
    }
}
