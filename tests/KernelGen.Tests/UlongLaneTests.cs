using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// ulong values as their bits in long lanes (as uint values are in int lanes): per-element random number generators
    /// (xorshift, xorshift*, splitmix64, the way Monte Carlo code seeds one state per element), hashes and bit masks had
    /// scalar bodies ("local 'x' has type ulong (vectors take float, double, int, long)"). + − × ^ &amp; | ~ and &lt;&lt; are the
    /// same bits as on longs; &gt;&gt; is logical; comparisons are unsigned; a ulong to double is a long's conversion below 2^53 (x &gt;&gt; 11: a random
    /// double's 53 bits), else lane by lane; division,
    /// remainder, min/max and reductions of ulongs stay with the scalar loop. One thread, 2^20 elements, this machine:
    /// xorshift 2.6x the serial loop (AVX2 2.4x), splitmix64 2.3x (AVX2 1.0x: no 64-bit multiply there).
    /// </summary>
    public class UlongLaneTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class U
            {
                [ParallelKernel]
                public static void XorShift(ulong[] seeds, ulong[] o)
                {
                    foreach (int i in PRange(seeds.Length)) { ulong x = seeds[i]; x ^= x << 13; x ^= x >> 7; x ^= x << 17; o[i] = x; }
                }

                // xorshift64* in place, uniform doubles from the top 53 bits.
                [ParallelKernel]
                public static void Uniforms(ulong[] state, double[] u)
                {
                    foreach (int i in PRange(state.Length))
                    {
                        ulong x = state[i];
                        x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
                        state[i] = x;
                        u[i] = (x * 2685821657736338717UL >> 11) * (1.0 / (1UL << 53));
                    }
                }

                [ParallelKernel]
                public static void SplitMix(ulong seed, ulong[] o)
                {
                    foreach (int i in PRange(o.Length))
                    {
                        ulong z = seed + (ulong)i * 0x9E3779B97F4A7C15UL;
                        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                        o[i] = z ^ (z >> 31);
                    }
                }

                [ParallelKernel]
                public static int CountAbove(ulong[] a, ulong t)
                {
                    int n = 0;
                    foreach (int i in PRange(a.Length)) if (a[i] > t) n++;
                    return n;
                }

                [ParallelKernel]
                public static void Distance(ulong[] a, ulong[] b, ulong[] o)
                {
                    foreach (int i in PRange(o.Length)) o[i] = a[i] >= b[i] ? a[i] - b[i] : b[i] - a[i];
                }

                [ParallelKernel]
                public static void Mixed(ulong[] a, long[] b, int[] c, ulong[] o, int s)
                {
                    foreach (int i in PRange(o.Length))
                        o[i] = (a[i] ^ (ulong)b[i]) + (ulong)c[i] - ~a[i] + (a[i] >>> 3) + (ulong)(long)(a[i] >> s) + (a[i] << (s + 64));
                }

                // A whole ulong to double: lane by lane (above 2^53 conversions round, and not alike on every width).
                [ParallelKernel]
                public static void Halves(ulong[] a, double[] o)
                {
                    foreach (int i in PRange(o.Length)) o[i] = a[i] * 0.5 + (a[i] & 0xFFFF_FFFFUL);
                }

                // Left to the scalar loop: a division, a ulong maximum.
                [ParallelKernel]
                public static void Divided(ulong[] a, ulong[] o)
                {
                    foreach (int i in PRange(o.Length)) o[i] = a[i] / 3 + Math.Max(a[i], 1UL << 63);
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "U"));

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 7, 8, 9, 17, 100, 1001 };

        private static ulong[] Bits(Random random, int n) =>
            Enumerable.Range(0, n).Select(k => k % 7 == 0 ? ulong.MaxValue - (ulong)k : k % 11 == 0 ? 1UL << 63 : (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63)).ToArray();

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Ulong_kernels_match_serial(int n)
        {
            var random = new Random(n + 80);
            ulong[] a = Bits(random, n), b = Bits(random, n);
            Differential.Same(s_built.Value, "U", "XorShift", a, new ulong[n]);
            Differential.Same(s_built.Value, "U", "Uniforms", a, new double[n]);
            Differential.Same(s_built.Value, "U", "SplitMix", 0x1234_5678_9ABC_DEF0UL, new ulong[n]);
            foreach (ulong t in new[] { 0UL, 1UL << 63, (1UL << 63) - 1, ulong.MaxValue, 12345UL })
                Differential.Same(s_built.Value, "U", "CountAbove", a, t);
            Differential.Same(s_built.Value, "U", "Distance", a, b, new ulong[n]);
            long[] longs = Enumerable.Range(0, n).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray();
            int[] ints = Enumerable.Range(0, n).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
            foreach (int s in new[] { 0, 1, 60, 63, 64, 65 })
                Differential.Same(s_built.Value, "U", "Mixed", a, longs, ints, new ulong[n], s);
            Differential.Same(s_built.Value, "U", "Divided", a, new ulong[n]);
            Differential.Same(s_built.Value, "U", "Halves", a, new double[n]);
        }

        [Fact]
        public void Ulongs_are_bits_in_long_lanes()
        {
            foreach (string kernel in new[] { "XorShift", "SplitMix", "CountAbove", "Distance", "Mixed", "Uniforms" })
            {
                string line = InMemory.VectorLine(s_generated.Value(kernel));
                Assert.Matches("<(long|double)> \\(widest", line);
                Assert.DoesNotContain("lane by lane", line);
            }
            Assert.Contains("lane by lane: (double) of a ulong", InMemory.VectorLine(s_generated.Value("Halves")));
            Assert.Contains("scalar body", InMemory.VectorLine(s_generated.Value("Divided")));
        }

        /// <summary>
        /// Random ulong expressions (+ − × ^ &amp; | ~, shifts by constants and by s, comparisons in ?:, conversions from
        /// long and int and back): 60 kernels in one compilation, each against its serial loop at six shift counts
        /// (0, 1, 5, 63, 64, 70: C# masks the count to 6 bits). A run of 450 such kernels (seeds 11–13, AVX-512, AVX2
        /// and SSE) found nothing when ulong lanes landed; this keeps a sample of them.
        /// </summary>
        [Fact]
        public void Random_ulong_expressions_match_serial()
        {
            var random = new Random(20261206);
            string Leaf(bool x) => random.Next(9) switch
            {
                < 3 => x && random.Next(3) == 0 ? "x" : random.Next(2) == 0 ? "a[i]" : "b[i]",
                3 => "(ulong)l[i]",
                4 => "(ulong)c[i]",
                5 => new[] { "0x9E3779B97F4A7C15UL", "1UL", "0UL", "ulong.MaxValue", "(1UL << 63)", "12345UL" }[random.Next(6)],
                6 => "(ulong)i",
                7 => "t",
                _ => x ? "x" : "b[i]",
            };
            string Pick(params string[] items) => items[random.Next(items.Length)];
            string Expr(int depth, bool x)
            {
                if (depth <= 0 || random.NextDouble() < 0.25) return Leaf(x);
                string a = Expr(depth - 1, x), b = Expr(depth - 1, x);
                return random.Next(12) switch
                {
                    < 6 => $"({a} {Pick("+", "-", "*", "^", "&", "|")} {b})",
                    6 => $"({a} {Pick("<<", ">>", ">>>")} {Pick("1", "7", "13", "31", "33", "63", "s", "(s + 1)")})",
                    7 => $"(~{a})",
                    8 => $"({a} {Pick("<", "<=", ">", ">=", "==", "!=")} {b} ? {Expr(depth - 1, x)} : {Expr(depth - 1, x)})",
                    9 => $"(ulong)(long)({a} >> {Pick("1", "40", "s")})",
                    10 => $"unchecked((ulong)(int)({a}))",
                    _ => $"({a} * {Pick("3UL", "0xBF58476D1CE4E5B9UL", "2UL", "8UL")})",
                };
            }
            int Kernels = Harness.Scale.Count(full: 60, local: 30);
            var source = new System.Text.StringBuilder("using System; using KernelGen; using static KernelGen.Kernel;\npublic static partial class G {\n");
            for (int k = 0; k < Kernels; k++)
            {
                var body = new System.Text.StringBuilder($"ulong x = unchecked({Expr(2, false)}); ");
                for (int j = random.Next(1, 4); j > 0; j--) body.Append($"x {Pick("^=", "+=", "*=", "|=", "-=")} unchecked({Expr(3, true)}); ");
                body.Append(Pick("o[i] = x;", $"o[i] = unchecked({Expr(2, true)});", "if (x > t) o[i] = x; else o[i] = ~x;", "o[i] = x ^ (x >> s);"));
                source.Append($"[ParallelKernel] public static void K{k}(ulong[] a, ulong[] b, long[] l, int[] c, ulong[] o, ulong t, int s) {{ foreach (int i in PRange(o.Length)) {{ {body} }} }}\n");
            }
            source.Append("}\n");
            Assembly built = InMemory.Build(source.ToString());
            // (Not a vacuous comparison: the kernels run on long lanes.)
            Func<string, string> generated = InMemory.GeneratedFrom(source.ToString(), "G");
            int vector = Enumerable.Range(0, Kernels).Count(k => InMemory.VectorLine(generated($"K{k}")).Contains("<long> (widest", StringComparison.Ordinal));
            Assert.True(vector >= Kernels * 9 / 10, $"{vector} of {Kernels} kernels on long lanes");
            var data = new Random(5);
            int n = 203;
            ulong[] a = Bits(data, n), b = Bits(data, n);
            long[] longs = Enumerable.Range(0, n).Select(_ => data.NextInt64(long.MinValue, long.MaxValue)).ToArray();
            int[] ints = Enumerable.Range(0, n).Select(_ => data.Next(int.MinValue, int.MaxValue)).ToArray();
            for (int k = 0; k < Kernels; k++)
                foreach (int shift in new[] { 0, 1, 5, 63, 64, 70 })
                    Differential.Same(built, "G", $"K{k}", a, b, longs, ints, new ulong[n], (ulong)data.NextInt64() << 1, shift);
        }

        [Fact]
        public void An_arithmetic_shift_or_a_signed_compare_is_caught()
        {
            // The mutants shift ulongs right arithmetically, or compare them signed: values with the top bit set differ.
            var random = new Random(81);
            ulong[] a = Bits(random, 1000);
            Assembly shifted = InMemory.BuildMutant(Source, "ShiftRightLogical", "ShiftRightArithmetic");
            ulong[] serial = new ulong[1000], mutant = new ulong[1000];
            InMemory.Call(s_built.Value, "U", "XorShift", a, serial);
            InMemory.Call(shifted, "U", "XorShiftParallel", a, mutant);
            Assert.NotEqual(serial, mutant);
            Assembly signed = InMemory.BuildMutant(Source, "AsUInt64", "AsInt64");
            Assert.NotEqual(InMemory.Call(s_built.Value, "U", "CountAbove", a, 12345UL), InMemory.Call(signed, "U", "CountAboveParallel", a, 12345UL));
        }
    }
}
