using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Inner-loop vectorization (lanes = iterations of a 'for' loop inside the PRange body): the benchmark kernels
    /// Mandelbrot, MatMul and Stencil (copied from samples/KernelGen.Benchmarks/Kernels.cs) are vectorized, bitwise
    /// identical to serial at sizes that hit every width's tail, and behave like serial on bad subscripts and aliasing.
    /// </summary>
    public class InnerLoopVectorTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class K
            {
                [ParallelKernel] public static void Mandelbrot(int[] output, int w, int h, int maxIt) {
                    foreach (int y in PRange(h)) {
                        for (int x = 0; x < w; x++) {
                            double cr = -2.0 + 3.0 * x / w, ci = -1.5 + 3.0 * y / h;
                            double zr = 0, zi = 0;
                            int n = 0;
                            while (n < maxIt && zr * zr + zi * zi <= 4.0) {
                                double t = zr * zr - zi * zi + cr;
                                zi = 2.0 * zr * zi + ci;
                                zr = t;
                                n++;
                            }
                            output[y * w + x] = n;
                        } } }

                [ParallelKernel] public static void MatMul(float[] a, float[] b, float[] c, int n) {
                    foreach (int i in PRange(n)) {
                        for (int j = 0; j < n; j++) {
                            float acc = 0;
                            for (int p = 0; p < n; p++)
                                acc += a[i * n + p] * b[p * n + j];
                            c[i * n + j] = acc;
                        } } }

                [ParallelKernel] public static void Stencil(float[] input, float[] output, int n) {
                    foreach (int y in PRange(1, n - 1)) {
                        for (int x = 1; x < n - 1; x++) {
                            int k = y * n + x;
                            output[k] = 0.2f * (input[k] + input[k - 1] + input[k + 1] + input[k - n] + input[k + n]);
                        } } }

                // Row-major stencil whose width is not the row count, so a short 'input' makes a subscript out of range.
                [ParallelKernel] public static void StencilRect(float[] input, float[] output, int w, int h) {
                    foreach (int y in PRange(1, h - 1)) {
                        for (int x = 1; x < w - 1; x++) {
                            int k = y * w + x;
                            output[k] = 0.2f * (input[k] + input[k - 1] + input[k + 1] + input[k - w] + input[k + w]);
                        } } }

                // Ints and doubles in one loop: the index as a value, wrap-around, negation, comparisons, masks, narrowing stores.
                [ParallelKernel] public static void Mixed(int[] r, double[] d, int w, int h, int big) {
                    foreach (int y in PRange(h)) {
                        for (int x = 0; x < w; x++) {
                            int m = x * big + y;
                            double v = -d[y * w + x] * 0.5 + x;
                            int steps = 0;
                            while (steps < 5 && (v < 10.0 || m != 0)) { v = v * 1.5 + 1.0; m = m * 3 + 1; steps++; }
                            r[y * w + x] = m - steps;
                        } } }

                // The seed's Pool.map(worker, numbers): an expression-bodied helper, inlined; ints read into long lanes.
                public static long Worker(int number) => (long)number * number;

                [ParallelKernel] public static void MapWorker(int[] numbers, long[] results) {
                    foreach (int i in PRange(numbers.Length))
                        results[i] = Worker(numbers[i]);
                }

                // Branches and ?: on privates and on the element at i (one PRange iteration per lane).
                [ParallelKernel] public static void Clamp(float[] a, float[] r, float lo, float hi) {
                    foreach (int i in PRange(a.Length)) {
                        float v = a[i];
                        if (v < lo) v = lo; else if (v > hi) v = hi;
                        r[i] = v > 0 ? v * 2f : -v;
                    } }

                [ParallelKernel] public static void Threshold(double[] a, double[] r, double t) {
                    foreach (int i in PRange(a.Length)) {
                        if (a[i] > t) r[i] = a[i] - t;
                        else if (!(a[i] >= -t)) r[i] += 1.0;
                    } }

                // A branch in an inner loop that reads an element every lane shares (only when some lane takes it).
                [ParallelKernel] public static void Rows(float[] m, float[] r, float[] scale, int w, int h) {
                    foreach (int y in PRange(h)) {
                        for (int x = 0; x < w; x++) {
                            float v = m[y * w + x];
                            if (v > 0.5f) { v = v * scale[y]; } else { v = v < -0.5f ? -v : v + 1f; }
                            r[y * w + x] = v;
                        } } }

                // The loop over x shares its line and is the body of an if without braces.
                [ParallelKernel] public static void Layout(float[] a, float[] r, int w, int h, int skip) {
                    foreach (int y in PRange(h)) {
                        int row = y * w; if (y != skip) for (int x = 0; x < w; x++) r[row + x] = a[row + x] * 2f;
                    } }

                // 'count++' is bounded by 'count < 3' (no wrap-around needed); 'q += big' wraps around in the lanes.
                [ParallelKernel] public static void Wrap(int[] r, double[] d, int w, int h, int big) {
                    foreach (int y in PRange(h)) {
                        for (int x = 0; x < w; x++) {
                            int q = x * 7 + y, count = 0;
                            double s = d[y * w + x];
                            while (q < big - 5 && count < 3) { q += big; count++; s = s * 0.5; }
                            r[y * w + x] = q + count + (s > 1.0 ? 1 : 0);
                        } } }

                // Blocks of eight (a PRange with a step): the inner loop still runs one x per lane.
                [ParallelKernel] public static void Blocks(float[] a, float[] r, int n) {
                    foreach (int y in PRange(0, n, 8))
                        for (int x = 0; x < 8; x++)
                            r[y + x] = a[y + x] * 0.5f - 1f;
                }

                // Two int arrays' product widened to long, and C#'s int product (wraps) widened after: both multiply
                // the lanes' low halves (KernelRuntime.MulInts).
                [ParallelKernel] public static void WideProducts(int[] a, int[] b, long[] wide, long[] wrapped) {
                    foreach (int i in PRange(a.Length)) {
                        wide[i] = (long)a[i] * b[i];
                        wrapped[i] = a[i] * b[i] + (long)b[i];
                    } }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 129, 300 };

        private static float[] Floats(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray(); }

        /// <summary>Runs the serial original and the parallel version on copies of <paramref name="args"/>; all arrays must end equal, bit for bit.</summary>
        private static void Same(string kernel, params object[] args)
        {
            object[] serialArgs = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            object[] parallelArgs = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            InMemory.Call(Built.Value, "K", kernel, serialArgs);
            InMemory.Call(Built.Value, "K", kernel + "Parallel", parallelArgs);
            for (int k = 0; k < args.Length; k++)
            {
                if (serialArgs[k] is float[] fs) Assert.Equal(fs.Select(BitConverter.SingleToInt32Bits), ((float[])parallelArgs[k]).Select(BitConverter.SingleToInt32Bits));
                else if (serialArgs[k] is double[] ds) Assert.Equal(ds.Select(BitConverter.DoubleToInt64Bits), ((double[])parallelArgs[k]).Select(BitConverter.DoubleToInt64Bits));
                else if (serialArgs[k] is Array) Assert.Equal((System.Collections.IEnumerable)serialArgs[k], (System.Collections.IEnumerable)parallelArgs[k]);
            }
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Mandelbrot_is_bitwise_identical(int w)
        {
            foreach (int maxIt in new[] { 0, 1, 7, 64 })
                foreach (int h in new[] { 1, 3, 17 })
                    Same("Mandelbrot", new int[w * h], w, h, maxIt);
        }

        [Fact]
        public void Mandelbrot_large_is_bitwise_identical()
        {
            Same("Mandelbrot", new int[640 * 48], 640, 48, 200);
            Same("Mandelbrot", new int[1001 * 7], 1001, 7, 1000);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void MatMul_is_bitwise_identical(int n)
        {
            if (n > 129) return; // n³
            Same("MatMul", Floats(n * n, 1), Floats(n * n, 2), new float[n * n], n);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Stencil_is_bitwise_identical(int n)
        {
            Same("Stencil", Floats(n * n, 3), new float[n * n], n);
            Same("Stencil", Floats(n * n, 4), Floats(n * n, 5), n); // output keeps its border
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Mixed_ints_and_doubles_are_bitwise_identical(int w)
        {
            var r = new Random(w);
            foreach (int h in new[] { 1, 4 })
            {
                double[] d = Enumerable.Range(0, w * h).Select(_ => r.NextDouble() * 40 - 20).ToArray();
                Same("Mixed", new int[w * h], d, w, h, 7);
                Same("Mixed", new int[w * h], d, w, h, int.MaxValue / 3); // wraps around in the lanes as in serial
            }
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Branches_helpers_and_widening_loads_are_bitwise_identical(int n)
        {
            var r = new Random(n + 100);
            int[] numbers = Enumerable.Range(0, n).Select(k => k % 5 == 0 ? int.MinValue + k : r.Next(int.MinValue, int.MaxValue)).ToArray();
            Same("MapWorker", numbers, new long[n]);
            int[] others = Enumerable.Range(0, n).Select(k => k % 7 == 1 ? int.MaxValue - k : r.Next(int.MinValue, int.MaxValue)).ToArray();
            Same("WideProducts", numbers, others, new long[n], new long[n]);
            float[] a = Floats(n, 12);
            if (n > 3) { a[1] = float.NaN; a[2] = -0.0f; a[3] = float.NegativeInfinity; }
            Same("Clamp", a, new float[n], -0.5f, 0.75f);
            double[] d = Enumerable.Range(0, n).Select(_ => r.NextDouble() * 4 - 2).ToArray();
            if (n > 2) d[2] = double.NaN;
            Same("Threshold", d, Enumerable.Range(0, n).Select(k => (double)k).ToArray(), 0.5);
            foreach (int h in new[] { 1, 5 })
                Same("Rows", Floats(n * h, 13), new float[n * h], Floats(h, 14), n, h);
            Same("Layout", Floats(n * 3, 15), new float[n * 3], n, 3, 1);
            double[] dd = Enumerable.Range(0, n * 2).Select(_ => r.NextDouble() * 8).ToArray();
            foreach (int big in new[] { 10, int.MaxValue / 2 + 7, int.MaxValue - 2 })
                Same("Wrap", new int[n * 2], dd, n, 2, big);
            Same("Blocks", Floats(n + 8, 16), new float[n + 8], n);
        }

        [Fact]
        public void Out_of_range_subscripts_throw_like_serial()
        {
            // Input one row short: the last rows read past its end.
            float[] input = Floats(40 * 9, 6);
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "K", "StencilRect", input, new float[40 * 10], 40, 10));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "K", "StencilRectParallel", input, new float[40 * 10], 40, 10));
            // Output too short for Mandelbrot, and a too short 'b' for MatMul.
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "K", "Mandelbrot", new int[100 * 4 - 1], 100, 4, 10));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "K", "MandelbrotParallel", new int[100 * 4 - 1], 100, 4, 10));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "K", "MatMul", Floats(33 * 33, 7), Floats(33 * 33 - 5, 8), new float[33 * 33], 33));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "K", "MatMulParallel", Floats(33 * 33, 7), Floats(33 * 33 - 5, 8), new float[33 * 33], 33));
            // An element every lane reads, in a branch: read (and out of range) only when some lane takes the branch.
            float[] m = Enumerable.Repeat(1f, 40 * 5).ToArray();
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "K", "Rows", m, new float[40 * 5], new float[4], 40, 5));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "K", "RowsParallel", m, new float[40 * 5], new float[4], 40, 5));
            float[] low = Enumerable.Repeat(0f, 40 * 5).ToArray(), serial = new float[40 * 5], parallel = new float[40 * 5];
            InMemory.Call(Built.Value, "K", "Rows", low, serial, new float[4], 40, 5); // no lane takes the branch: no throw
            InMemory.Call(Built.Value, "K", "RowsParallel", low, parallel, new float[4], 40, 5);
            Assert.Equal(serial, parallel);
        }

        [Theory]
        [InlineData(9), InlineData(33), InlineData(100)]
        public void Aliased_stencil_gives_the_serial_result(int n)
        {
            // output == input: each row reads what the rows before it (in serial order) wrote. KernelGen's alias check
            // runs such a call serially; the vector loop's own check keeps its rows scalar as well.
            float[] serial = Floats(n * n, 9), parallel = (float[])serial.Clone();
            InMemory.Call(Built.Value, "K", "Stencil", serial, serial, n);
            InMemory.Call(Built.Value, "K", "StencilParallel", parallel, parallel, n);
            Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));

            float[] a = Floats(n * n, 10), serialC = (float[])a.Clone(), parallelC = (float[])a.Clone();
            InMemory.Call(Built.Value, "K", "MatMul", serialC, Floats(n * n, 11), serialC, n);
            InMemory.Call(Built.Value, "K", "MatMulParallel", parallelC, Floats(n * n, 11), parallelC, n);
            Assert.Equal(serialC.Select(BitConverter.SingleToInt32Bits), parallelC.Select(BitConverter.SingleToInt32Bits));
        }

        [Fact]
        public void Report_says_which_inner_loop_is_vectorized()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            string Header(string kernel) => run.GeneratedTrees.Select(t => t.ToString()).Single(t => t.Contains($"KernelGen parallel report — K.{kernel}("));
            Assert.Contains("vector: inner loop 'for (int x = 0; x < w; x++)' (line 9) on Vector512/Vector256/Vector128<double> (widest the hardware accelerates), one x per lane, ints in long lanes, while loops on active-lane masks, 1-D rows addressed once from the first x, scalar remainder", Header("Mandelbrot"));
            Assert.Contains("vector: inner loop 'for (int j = 0; j < n; j++)' (line 24) on Vector512/Vector256/Vector128<float> (widest the hardware accelerates), one j per lane, inner loops in order per step, 1-D rows addressed once from the first j, 8 lane groups a step (their inner loops fused), scalar remainder", Header("MatMul"));
            Assert.Contains("vector: inner loop 'for (int x = 1; x < n - 1; x++)' (line 33) on Vector512/Vector256/Vector128<float> (widest the hardware accelerates), one x per lane, 1-D rows addressed once from the first x, scalar remainder", Header("Stencil"));
            Assert.Contains("vector: Vector512/Vector256/Vector128<long> (widest the hardware accelerates), one PRange iteration per lane, interleave 1, ints in long lanes, helpers inlined, streaming stores to results when it is larger than the last-level cache, scalar tail", Header("MapWorker"));
            Assert.Contains("vector: Vector512/Vector256/Vector128<float> (widest the hardware accelerates), one PRange iteration per lane, interleave 1, if/else chains as selects, streaming stores to r when it is larger than the last-level cache, scalar tail", Header("Clamp"));
            Assert.Contains("vector: Vector512/Vector256/Vector128<double> (widest the hardware accelerates), one PRange iteration per lane, interleave 1, if/else on lane masks, scalar tail", Header("Threshold"));
            Assert.Contains("vector: inner loop 'for (int x = 0; x < w; x++)' (line 91)", Header("Layout"));
            Assert.Contains("vector: inner loop 'for (int x = 0; x < w; x++)' (line 97)", Header("Wrap"));
            Assert.Contains("vector: inner loop 'for (int x = 0; x < 8; x++)'", Header("Blocks"));
            Assert.Contains("global::KernelGen.KernelRuntime.MulInts(", Header("WideProducts")); // the int products in long lanes
            string wrap = Header("Wrap");
            // count + 1 in long lanes, no wrap-around (the broadcast 1 is declared once above the loop).
            Assert.Matches(@"var (__kg_u512_\d+) = global::System\.Runtime\.Intrinsics\.Vector512\.Create\(\(long\)\(1\)\);", wrap);
            Assert.Matches(@"\(__kg_v_count \+ __kg_u512_\d+\), __kg_v_count\); // active lanes only", wrap);
            Assert.Contains("ShiftRightArithmetic(global::System.Runtime.Intrinsics.Vector512.ShiftLeft((__kg_v_q + ", wrap); // q += big wraps
            Assert.Contains("vector: inner loop 'for (int x = 0; x < w; x++)' (line 82) on Vector512/Vector256/Vector128<float> (widest the hardware accelerates), one x per lane, if/else on lane masks, 1-D rows addressed once from the first x, scalar remainder", Header("Rows"));
            var diagnostics = InMemory.Analyze(Source);
            foreach (string kernel in new[] { "Mandelbrot", "MatMul", "Stencil" })
                Assert.Contains(run.Diagnostics.Concat(diagnostics), d => d.Id == "KG3001" && d.GetMessage().Contains("vector: inner loop") && d.Location.GetLineSpan().StartLinePosition.Line + 1 == Line(kernel));
        }

        private const string Refused = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class R
            {
                // A dependence carried by x (a running sum along the row): the loop over x stays scalar.
                [ParallelKernel] public static void Prefix(float[] a, float[] r, int w, int h) {
                    foreach (int y in PRange(h)) {
                        for (int x = 1; x < w; x++)
                            r[y * w + x] = r[y * w + x - 1] + a[y * w + x];
                    } }

                // A store inside an inner loop: lanes would store in another order than serial. (Of 5 iterations: loops
                // of up to 4 constant iterations are written out, their stores the step's own.)
                [ParallelKernel] public static void InnerStore(float[] a, float[] r, int w, int h) {
                    foreach (int y in PRange(h)) {
                        for (int x = 0; x < w; x++)
                            for (int p = 0; p < 5; p++)
                                r[y * w + x] = a[y * w + x] + p;
                    } }

                // A shared element read in one branch of ?: would be read for every lane.
                [ParallelKernel] public static void Choose(float[] a, float[] r, float[] table, int w, int h, int k) {
                    foreach (int y in PRange(h)) {
                        for (int x = 0; x < w; x++)
                            r[y * w + x] = a[y * w + x] > 0 ? table[k] : 0f;
                    } }
            }
            """;

        [Fact]
        public void Loops_with_a_carried_dependence_or_unsafe_reads_stay_scalar_and_say_why()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Refused));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.DoesNotContain("vector: inner loop", text);
            Assert.Contains("'r' is stored and accessed at different subscripts (a dependence between iterations)", text);
            Assert.Contains("is stored inside an inner loop (lanes would store in another order)", text);
            Assert.Contains("a branch of '?:' may throw or compute where the scalar code skips it", text);

            Assembly built = InMemory.Build(Refused);
            foreach (int w in new[] { 0, 5, 33 })
            {
                float[] a = Floats(w * 4, 20);
                float[] serial = Floats(w * 4, 21), parallel = (float[])serial.Clone();
                InMemory.Call(built, "R", "Prefix", a, serial, w, 4);
                InMemory.Call(built, "R", "PrefixParallel", a, parallel, w, 4);
                Assert.Equal(serial, parallel);
            }
            // Serial reads table[k] only where a > 0: no element is positive, so no exception either way.
            float[] negative = Enumerable.Repeat(-1f, 40).ToArray();
            InMemory.Call(built, "R", "Choose", negative, new float[40], new float[1], 20, 2, 5);
            InMemory.Call(built, "R", "ChooseParallel", negative, new float[40], new float[1], 20, 2, 5);
        }

        private const string ConditionalSums = """
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                [ParallelKernel] public static int CountAbove(int[] a, int t) {
                    int c = 0;
                    foreach (int i in PRange(a.Length)) c += a[i] > t && !(a[i] == 7) ? 1 : 0;
                    return c; }

                [ParallelKernel] public static double PositiveSum(double[] a) {
                    double s = 0;
                    foreach (int i in PRange(a.Length)) s += a[i] > 0 ? a[i] : -0.5 * a[i];
                    return s; }

                [ParallelKernel] public static int SumIf(int[] a, int t) {
                    int s = 0;
                    foreach (int i in PRange(a.Length)) { if (a[i] > t) s += a[i]; else if (a[i] < -t) s -= 1; }
                    return s; }

                [ParallelKernel] public static float Folded(float[] a, float[] r) {
                    float s = 0;
                    foreach (int i in PRange(a.Length)) {
                        float v = a[i];
                        if (v < 0) { v = -v; r[i] = v; }
                        s += v;
                    }
                    return s; }
            }
            """;

        [Fact]
        public void Conditional_sums_vectorize_with_masks()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(ConditionalSums));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Equal(4, text.Split('\n').Count(l => l.StartsWith("//     vector: Vector512/Vector256/Vector128<") && l.Contains("one PRange iteration per lane, interleave 4") && l.Contains("scalar tail; vector accumulators for")));
            Assembly built = InMemory.Build(ConditionalSums);
            var r = new Random(30);
            foreach (int n in new[] { 0, 1, 7, 8, 9, 33, 1000, 100_003 })
            {
                int[] ints = Enumerable.Range(0, n).Select(_ => r.Next(0, 20)).ToArray();
                Assert.Equal(InMemory.Call(built, "S", "CountAbove", ints, 9), InMemory.Call(built, "S", "CountAboveParallel", ints, 9));
                double[] d = Enumerable.Range(0, n).Select(_ => r.NextDouble() * 2 - 1).ToArray();
                double serial = (double)InMemory.Call(built, "S", "PositiveSum", d)!, parallel = (double)InMemory.Call(built, "S", "PositiveSumParallel", d)!;
                Assert.True(Math.Abs(serial - parallel) <= 1e-9 * (1 + d.Sum(Math.Abs)), $"serial {serial} parallel {parallel}");
                int[] signed = Enumerable.Range(0, n).Select(_ => r.Next(-1000, 1000)).ToArray();
                Assert.Equal(InMemory.Call(built, "S", "SumIf", signed, 300), InMemory.Call(built, "S", "SumIfParallel", signed, 300));
                float[] f = Floats(n, 31), rs = Floats(n, 32), rp = (float[])rs.Clone();
                float fs = (float)InMemory.Call(built, "S", "Folded", f, rs)!, fp = (float)InMemory.Call(built, "S", "FoldedParallel", f, rp)!;
                Assert.Equal(rs.Select(BitConverter.SingleToInt32Bits), rp.Select(BitConverter.SingleToInt32Bits));
                Assert.True(Math.Abs(fs - fp) <= 1e-3 * (1 + f.Sum(Math.Abs)), $"serial {fs} parallel {fp}");
            }
        }

        private static int Line(string kernel) => kernel switch { "Mandelbrot" => 8, "MatMul" => 23, _ => 32 };
    }
}
