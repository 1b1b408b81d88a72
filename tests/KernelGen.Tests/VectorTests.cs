using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>SIMD chunk bodies: bitwise identical to serial at every size and offset (every tail path), and the same exceptions.</summary>
    public class VectorTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class V
            {
                [ParallelKernel]
                public static void AddF32(float[] a, float[] b, float[] c, int start, int stop)
                {
                    foreach (int i in PRange(start, stop))
                        c[i] = a[i] + b[i];
                }

                [ParallelKernel(ChunkSize = 37)]
                public static void Stencil(double[] a, double[] b, double[] r, double scale, int start, int stop)
                {
                    const double Third = 1.0 / 3;
                    foreach (int i in PRange(start, stop))
                    {
                        double d = Math.Sqrt(Math.Abs(a[i + 1] - a[i - 1]));
                        d = d * scale / 3 + Third;
                        r[i] = -b[i] + d * 2;
                    }
                }

                [ParallelKernel(ChunkSize = 21)]
                public static void IntOps(int[] a, int[] b, int[] r, int k, int start, int stop)
                {
                    foreach (int i in PRange(start, stop))
                        r[i] = a[i] * 3 - b[i + 2] + k;
                }

                [ParallelKernel(ChunkSize = 19)]
                public static void LongAccumulate(long[] a, long[] r, long k, int start, int stop)
                {
                    foreach (int i in PRange(start, stop))
                        r[i] += a[i] * k - 1;
                }

                [ParallelKernel]
                public static void Poly20(float[] a, float[] r, int start, int stop)
                {
                    foreach (int i in PRange(start, stop))
                    {
                        float x = a[i];
                        for (int k = 0; k < 20; k++)
                            x = x * x * 0.5f + 0.25f;
                        r[i] = x;
                    }
                }

                [ParallelKernel(ChunkSize = 45)]
                public static long SumInt(int[] a, int start, int stop)
                {
                    long unused = 0;
                    int s = 3;
                    foreach (int i in PRange(start, stop))
                        s += a[i] * 2;
                    return s;
                }

                [ParallelKernel]
                public static float SumF32(float[] a, int start, int stop)
                {
                    float s = 0.5f;
                    foreach (int i in PRange(start, stop))
                        s += a[i];
                    return s;
                }

                [ParallelKernel(Deterministic = true)]
                public static double Dot(double[] a, double[] b)
                {
                    double s = 0;
                    foreach (int i in PRange(a.Length))
                        s += a[i] * b[i];
                    return s;
                }

                [ParallelKernel]
                public static void Shift(float[] a, float[] r)
                {
                    foreach (int i in PRange(a.Length))
                        r[i] = a[i + 1] * 2f;
                }

                [ParallelKernel]
                public static void Negate(double[] a, double[] r)
                {
                    foreach (int i in PRange(a.Length))
                        r[i] = -a[i];
                }

                [ParallelKernel]
                public static void NegateF(float[] f, float[] g)
                {
                    foreach (int i in PRange(f.Length))
                        g[i] = -(f[i] * 1f);
                }

                [ParallelKernel]
                public static void IntDivide(int[] a, int[] r)
                {
                    foreach (int i in PRange(a.Length))
                        r[i] = a[i] / 3;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 1000, 100_003 };

        private static (int Start, int Stop)[] Ranges(int n, int margin) =>
            new[] { (margin, n - margin), (Math.Min(n, 3 + margin), Math.Max(Math.Min(n, 3 + margin), n - 2 - margin)) };

        private static float[] Floats(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray(); }
        private static double[] Doubles(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => r.NextDouble() * 200 - 100).ToArray(); }
        private static int[] Ints(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => r.Next()).ToArray(); }

        /// <summary>Runs the serial original and the parallel version on copies of <paramref name="args"/>; all arrays must end equal.</summary>
        private static object? Same(string kernel, params object[] args)
        {
            object[] serialArgs = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            object[] parallelArgs = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            object? serial = InMemory.Call(Built.Value, "V", kernel, serialArgs);
            object? parallel = InMemory.Call(Built.Value, "V", kernel + "Parallel", parallelArgs);
            for (int k = 0; k < args.Length; k++)
                if (args[k] is Array) Assert.Equal((System.Collections.IEnumerable)serialArgs[k], (System.Collections.IEnumerable)parallelArgs[k]);
            Assert.Equal(serial, parallel);
            return parallel;
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Maps_are_bitwise_identical(int n)
        {
            foreach ((int start, int stop) in Ranges(n, 0))
            {
                Same("AddF32", Floats(n, 1), Floats(n, 2), new float[n], start, stop);
                Same("IntOps", Ints(n + 2, 3), Ints(n + 2, 4), new int[n], 7, start, stop);
                Same("LongAccumulate", Ints(n, 5).Select(x => (long)x * 12345).ToArray(), Ints(n, 6).Select(x => (long)x).ToArray(), 1L << 33, start, stop);
                Same("Poly20", Floats(n, 7), new float[n], start, stop);
            }
            foreach ((int start, int stop) in Ranges(n, 1))
                Same("Stencil", Doubles(n, 8), Doubles(n, 9), new double[n], 0.75, start, stop);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Sums(int n)
        {
            foreach ((int start, int stop) in Ranges(n, 0))
            {
                Same("SumInt", Ints(n, 10), start, stop); // exact
                float[] a = Floats(n, 11);
                float serial = (float)InMemory.Call(Built.Value, "V", "SumF32", a, start, stop)!;
                float parallel = (float)InMemory.Call(Built.Value, "V", "SumF32Parallel", a, start, stop)!;
                // Documented tolerance for float sums: 1e-3 relative to the sum of magnitudes.
                Assert.True(Math.Abs(serial - parallel) <= 1e-3 * (1 + a.Sum(Math.Abs)), $"serial {serial} parallel {parallel}");
            }
        }

        [Fact]
        public void Deterministic_dot_is_bitwise_identical_across_degrees()
        {
            double[] a = Doubles(100_003, 12), b = Doubles(100_003, 13);
            long[] bits = new[] { 1, 2, 3, 4, 8 }.Select(degree => RuntimeSettings.With(degree, backoff: true,
                () => BitConverter.DoubleToInt64Bits((double)InMemory.Call(Built.Value, "V", "DotParallel", a, b)!))).ToArray();
            Assert.All(bits, x => Assert.Equal(bits[0], x));
            double serial = (double)InMemory.Call(Built.Value, "V", "Dot", a, b)!;
            double parallel = (double)InMemory.Call(Built.Value, "V", "DotParallel", a, b)!;
            Assert.True(Math.Abs(serial - parallel) <= 1e-9 * a.Zip(b, (x, y) => Math.Abs(x * y)).Sum());
        }

        [Theory]
        [InlineData(1), InlineData(8), InlineData(33), InlineData(1000), InlineData(100_003)]
        public void Out_of_range_throws_like_serial(int n)
        {
            float[] a = Floats(n, 14);
            float[] serial = new float[n], parallel = new float[n];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "V", "Shift", a, serial));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(Built.Value, "V", "ShiftParallel", a, parallel));
        }

        [Fact]
        public void Negation_keeps_signed_zeros_and_nans()
        {
            double[] a = { 0.0, -0.0, 1, -1, double.NaN, double.PositiveInfinity, 0.0, -0.0, 5, 0.0, -0.0, 7, 8, 9, 10, 11, 12 };
            float[] f = a.Select(x => (float)x).ToArray();
            double[] r = new double[a.Length];
            float[] g = new float[a.Length];
            InMemory.Call(Built.Value, "V", "NegateParallel", a, r);
            InMemory.Call(Built.Value, "V", "NegateFParallel", f, g);
            Assert.Equal(a.Select(x => BitConverter.DoubleToInt64Bits(-x)), r.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(f.Select(x => BitConverter.SingleToInt32Bits(-(x * 1f))), g.Select(BitConverter.SingleToInt32Bits));
        }

        [Fact]
        public void Aliased_arrays_take_the_scalar_path()
        {
            float[] a = Floats(1000, 15), b = (float[])a.Clone();
            InMemory.Call(Built.Value, "V", "AddF32", a, a, a, 0, 1000);
            InMemory.Call(Built.Value, "V", "AddF32Parallel", b, b, b, 0, 1000);
            Assert.Equal(a, b);
        }

        [Fact]
        public void Report_states_vector_widths_and_scalar_reasons()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.Contains("vector: Vector512/Vector256/Vector128<float>", text);
            Assert.Contains("interleave 4", text);
            Assert.Equal(12, text.Split("//     vector: Vector").Length - 1);
            Assert.DoesNotContain("lane by lane: integer '/'", text); // IntDivide: a[i] / 3 by the signed multiply-high form, on whole vectors
            var diagnostics = InMemory.Analyze(Source);
            Assert.Contains(run.Diagnostics.Concat(diagnostics), d => d.Id == "KG3001" && d.GetMessage().Contains("Vector256"));
        }

        [Fact]
        public void Lookup_tables_in_static_readonly_fields_named_through_their_class_vectorize_and_compile()
        {
            // A field read as 'Tables.Gain' names generated identifiers too (its vector reference): they must be valid.
            const string Tables = """
                using KernelGen;
                using static KernelGen.Kernel;
                public static class Tables { public static readonly float[] Gain = Fill(0.25f); public static float[] Fill(float k) { var t = new float[2000]; for (int i = 0; i < t.Length; i++) t[i] = i * k - 7; return t; } }
                public static partial class S
                {
                    static readonly float[] s_src = Tables.Fill(1.5f);
                    [ParallelKernel(ChunkSize = 37)]
                    public static void Mix(float[] dst, int n)
                    {
                        foreach (int i in PRange(n))
                            dst[i] = s_src[i] * Tables.Gain[i] + S.s_src[i + 1] - global::Tables.Gain[i];
                    }
                }
                """;
            (_, var run) = InMemory.Generate(InMemory.Compile(Tables));
            Assert.Contains(run.GeneratedTrees, t => t.ToString().Contains("//     vector: Vector512/Vector256/Vector128<float>", StringComparison.Ordinal));
            Assembly assembly = InMemory.Build(Tables);
            foreach (int n in new[] { 0, 1, 7, 8, 9, 1999 })
            {
                float[] serial = new float[2000], parallel = new float[2000];
                InMemory.Call(assembly, "S", "Mix", serial, n);
                InMemory.Call(assembly, "S", "MixParallel", parallel, n);
                Assert.Equal(serial.Select(BitConverter.SingleToInt32Bits), parallel.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }
}
