using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Data shapes: rectangular T[,] arrays, Span/ReadOnlySpan parameters (pinned, pointer + length per chunk) and
    /// nested PRange loops (collapsed when the inner bounds are invariant). Parallel == serial, bitwise: every kernel
    /// here computes each element in the same order as the serial loop.
    /// </summary>
    public class DataShapeTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class D
            {
                [ParallelKernel]
                public static void MatMul2D(float[,] a, float[,] b, float[,] c)
                {
                    int n = a.GetLength(0), m = b.GetLength(1), k = a.GetLength(1);
                    foreach (int i in PRange(n))
                    {
                        for (int j = 0; j < m; j++)
                        {
                            float acc = 0;
                            for (int p = 0; p < k; p++)
                                acc += a[i, p] * b[p, j];
                            c[i, j] = acc;
                        }
                    }
                }

                [ParallelKernel(ChunkSize = 3)]
                public static void RowPrefix(long[,] g)
                {
                    foreach (int i in PRange(g.GetLength(0)))
                        for (int j = 1; j < g.GetLength(1); j++)
                            g[i, j] += g[i, j - 1];
                }

                [ParallelKernel(ChunkSize = 4)]
                public static void Saxpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
                {
                    foreach (int i in PRange(x.Length))
                        y[i] = alpha * x[i] + y[i];
                }

                [ParallelKernel(ChunkSize = 4)]
                public static void ShiftOut(ReadOnlySpan<int> x, Span<int> y, int offset)
                {
                    foreach (int i in PRange(y.Length))
                        y[i] = x[i + offset];
                }

                [ParallelKernel(ChunkSize = 4)]
                public static void InPlace(Span<double> s)
                {
                    foreach (int i in PRange(s.Length))
                        s[i] = s[i] * 2 + 1;
                }

                // Two spans of one type may overlap: checked at run time with Overlaps (then serial, in order).
                [ParallelKernel(ChunkSize = 2)]
                public static void ShiftLeft(ReadOnlySpan<int> src, Span<int> dst)
                {
                    foreach (int i in PRange(dst.Length))
                        dst[i] = src[i] + 1;
                }

                [ParallelKernel(ChunkSize = 5)]
                public static void Outer(int[,] m, int[] row, int[] col)
                {
                    foreach (int i in PRange(row.Length))
                        foreach (int j in PRange(col.Length))
                            m[i, j] = row[i] * 1000 + col[j] + i - j;
                }

                [ParallelKernel(ChunkSize = 5)]
                public static void OuterOffset(int[] flat, int w, int h)
                {
                    foreach (int y in PRange(1, h))
                    {
                        foreach (int x in PRange(2, w))
                        {
                            if (x == 3) continue;
                            flat[y * w + x] = y * 7 + x;
                        }
                    }
                }

                [ParallelKernel(ChunkSize = 3)]
                public static void Triangle(int[,] m)
                {
                    foreach (int i in PRange(m.GetLength(0)))
                        foreach (int j in PRange(i + 1))
                            m[i, j] = i * 100 + j;
                }

                [ParallelKernel(ChunkSize = 3)]
                public static void InnerCarried(int[,] m)
                {
                    foreach (int i in PRange(m.GetLength(0)))
                        foreach (int j in PRange(1, m.GetLength(1)))
                            m[i, j] = m[i, j - 1] + i;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source, unsafeCode: true));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 1000, 100_003 };

        private static float[,] Matrix(int rows, int cols, int seed)
        {
            var random = new Random(seed);
            var m = new float[rows, cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = (float)(random.NextDouble() * 2 - 1);
            return m;
        }

        [Theory, MemberData(nameof(Sizes))]
        public void MatMul2D_is_bitwise_serial(int n)
        {
            if (n > 100) n = 100 + n % 7; // 1000, 100,003: a ~100 x 100 x 100 product keeps the test short
            int m = n + 2, k = Math.Max(0, n - 1);
            float[,] a = Matrix(n, k, n), b = Matrix(k, m, n + 1);
            float[,] serial = new float[n, m], parallel = new float[n, m];
            InMemory.Call(Built.Value, "D", "MatMul2D", a, b, serial);
            InMemory.Call(Built.Value, "D", "MatMul2DParallel", a, b, parallel);
            Assert.Equal(serial, parallel); // each c[i, j] sums in the same order: bitwise
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Rectangular_rows_are_exact(int n)
        {
            long[,] Grid() { var g = new long[n, 7]; for (int i = 0; i < n; i++) for (int j = 0; j < 7; j++) g[i, j] = i * 31 + j; return g; }
            long[,] serial = Grid(), parallel = Grid();
            InMemory.Call(Built.Value, "D", "RowPrefix", serial);
            InMemory.Call(Built.Value, "D", "RowPrefixParallel", parallel);
            Assert.Equal(serial, parallel);
        }

        // Spans cannot go through reflection: the tests call the kernels through delegates.
        private delegate void SaxpyFn(float alpha, ReadOnlySpan<float> x, Span<float> y);
        private delegate void ShiftFn(ReadOnlySpan<int> x, Span<int> y, int offset);
        private delegate void InPlaceFn(Span<double> s);
        private delegate void PairFn(ReadOnlySpan<int> src, Span<int> dst);

        private static T Kernel<T>(string name) where T : Delegate =>
            (T)Built.Value.GetType("D")!.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate(typeof(T));

        [Theory, MemberData(nameof(Sizes))]
        public void Spans_sliced_from_a_buffer_leave_the_guards_alone(int n)
        {
            const int Guard = 5;
            var random = new Random(n);
            float[] xs = Enumerable.Range(0, n + 2 * Guard).Select(_ => (float)random.NextDouble()).ToArray();
            float[] Buffer() { var r = new Random(n + 1); return Enumerable.Range(0, n + 2 * Guard).Select(_ => (float)r.NextDouble()).ToArray(); }
            float[] serial = Buffer(), parallel = Buffer(), original = Buffer();
            Kernel<SaxpyFn>("Saxpy")(1.5f, xs.AsSpan(Guard, n), serial.AsSpan(Guard, n));
            Kernel<SaxpyFn>("SaxpyParallel")(1.5f, xs.AsSpan(Guard, n), parallel.AsSpan(Guard, n));
            Assert.Equal(serial, parallel);
            Assert.Equal(original.Take(Guard), parallel.Take(Guard));
            Assert.Equal(original.Skip(Guard + n), parallel.Skip(Guard + n));

            double[] d1 = Enumerable.Range(0, n + 2 * Guard).Select(i => (double)i).ToArray(), d2 = (double[])d1.Clone();
            Kernel<InPlaceFn>("InPlace")(d1.AsSpan(Guard, n));
            Kernel<InPlaceFn>("InPlaceParallel")(d2.AsSpan(Guard, n));
            Assert.Equal(d1, d2);
            Assert.Equal(Enumerable.Range(0, Guard).Select(i => (double)i), d2.Take(Guard));
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Overlapping_spans_run_serially_like_serial(int n)
        {
            // Random values: with b[k] = k, 'b[i + 1] = b[i] + 1' gives the same result in any order and hid a race
            // (the launch did not check overlapping spans whose subscripts are equal).
            var random = new Random(n);
            int[] b1 = Enumerable.Range(0, n + 4).Select(_ => random.Next(1000)).ToArray(), b2 = (int[])b1.Clone();
            // dst starts one element after src: each iteration reads what the previous one wrote.
            Kernel<PairFn>("ShiftLeft")(b1.AsSpan(0, n), b1.AsSpan(1, n));
            Kernel<PairFn>("ShiftLeftParallel")(b2.AsSpan(0, n), b2.AsSpan(1, n));
            Assert.Equal(b1, b2);
            // dst before src: each iteration reads what the next one writes.
            int[] c1 = Enumerable.Range(0, n + 4).Select(_ => random.Next(1000)).ToArray(), c2 = (int[])c1.Clone();
            Kernel<PairFn>("ShiftLeft")(c1.AsSpan(1, n), c1.AsSpan(0, n));
            Kernel<PairFn>("ShiftLeftParallel")(c2.AsSpan(1, n), c2.AsSpan(0, n));
            Assert.Equal(c1, c2);
        }

        [Fact]
        public void Out_of_range_span_index_throws_IndexOutOfRangeException()
        {
            int[] x = Enumerable.Range(0, 2000).ToArray(), y = new int[1000];
            // offset 2: x[i + 2] runs past the 1000-element slice at the last iterations.
            Assert.Throws<IndexOutOfRangeException>(() => Kernel<ShiftFn>("ShiftOut")(x.AsSpan(0, 1000), y, 2));
            Assert.Throws<IndexOutOfRangeException>(() => Kernel<ShiftFn>("ShiftOutParallel")(x.AsSpan(0, 1000), y, 2));
            int[] ok1 = new int[1000], ok2 = new int[1000];
            Kernel<ShiftFn>("ShiftOut")(x.AsSpan(0, 1002), ok1, 2);
            Kernel<ShiftFn>("ShiftOutParallel")(x.AsSpan(0, 1002), ok2, 2);
            Assert.Equal(ok1, ok2);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Nested_PRange_collapsed_or_not_is_exact(int n)
        {
            if (n > 100) n = 101;
            int[] row = Enumerable.Range(0, n).Select(i => i * 3).ToArray(), col = Enumerable.Range(0, n + 3).Select(i => i * 5).ToArray();
            int[,] s = new int[n, n + 3], p = new int[n, n + 3];
            InMemory.Call(Built.Value, "D", "Outer", s, row, col);
            InMemory.Call(Built.Value, "D", "OuterParallel", p, row, col);
            Assert.Equal(s, p);

            int w = n + 2, h = n;
            int[] f1 = new int[w * Math.Max(1, h)], f2 = new int[w * Math.Max(1, h)];
            InMemory.Call(Built.Value, "D", "OuterOffset", f1, w, h);
            InMemory.Call(Built.Value, "D", "OuterOffsetParallel", f2, w, h);
            Assert.Equal(f1, f2);

            foreach (string kernel in new[] { "Triangle", "InnerCarried" })
            {
                int[,] t1 = new int[n, n], t2 = new int[n, n];
                InMemory.Call(Built.Value, "D", kernel, t1);
                InMemory.Call(Built.Value, "D", kernel + "Parallel", t2);
                Assert.Equal(t1, t2);
            }
        }

        [Fact]
        public void Report_says_what_runs_how()
        {
            var diagnostics = InMemory.Analyze(Source, unsafeCode: true);
            Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("KG2", StringComparison.Ordinal));
            string Report(string header)
            {
                var matches = diagnostics.Where(d => d.Id == "KG3001" && d.GetMessage().Contains(header)).Select(d => d.GetMessage()).ToList();
                Assert.True(matches.Count == 1, $"{matches.Count} reports contain '{header}':\n" + string.Join("\n", matches));
                return matches[0];
            }
            Assert.Contains("reads a[i, p], b[p, j]; writes c[i, j]", Report("foreach (int i in PRange(n))"));
            Assert.Contains("nested PRange collapsed: i × j", Report("foreach (int i in PRange(row.Length))"));
            Assert.Contains("nested PRange collapsed: y × x", Report("foreach (int y in PRange(1, h))"));
            Assert.Contains("nested PRange loops run serially inside each chunk (its bounds use 'i'", Report("foreach (int i in PRange(m.GetLength(0))); parallel: chunks of 3 iterations ([ParallelKernel(ChunkSize)]) on the KernelGen worker pool; index: i (unit step: plain ascending loop per chunk); reads no arrays"));
            Assert.Contains("spans pinned, passed as pointer + length: src, dst", Report("foreach (int i in PRange(dst.Length))"));
            Assert.Contains("nested PRange loops run serially inside each chunk (the inner loop is not race-free on its own)", Report("reads m[i, j - 1]"));
            Assert.Contains("spans pinned, passed as pointer + length: x, y", Report("foreach (int i in PRange(x.Length))"));
        }

        [Fact]
        public void Spans_without_unsafe_code_stay_serial_with_KG2010()
        {
            // The analyzer compiles without AllowUnsafeBlocks: every span kernel says why it stays serial.
            var diagnostics = InMemory.Analyze(Source);
            Assert.Equal(new[] { "dst", "s", "src", "x", "x", "y", "y" }, diagnostics.Where(d => d.Id == "KG2010").Select(d => d.GetMessage().Split('\'')[1]).OrderBy(x => x, StringComparer.Ordinal).ToArray());
            Assert.All(diagnostics.Where(d => d.Id == "KG2010"), d => Assert.Contains("<AllowUnsafeBlocks>true</AllowUnsafeBlocks>", d.GetMessage()));
        }
    }
}
