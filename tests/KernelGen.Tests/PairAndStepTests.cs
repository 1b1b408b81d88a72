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
    /// Vector bodies for shapes of real audio, imaging and ML loops (issue 12): pairs of elements per lane (interleaved
    /// stereo frames, complex numbers, RoPE pairs: every other element loaded, both elements of a pair stored
    /// together), PRange loops with a constant step other than 1 (their iteration numbers on the lanes), induction
    /// variables (<c>output[k++] = …</c>: a value per iteration, no state), and stores to planes of one array at
    /// symbolic offsets at least the trip count apart (<c>t[p]</c>, <c>t[plane + p]</c> over <c>PRange(plane)</c>).
    /// Small chunks (37 iterations) start the vector path at odd iteration numbers and leave tails in every chunk.
    /// </summary>
    public class PairAndStepTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class P
            {
                // Two mono buffers into one interleaved stereo buffer, through an induction variable.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static int Interleave(float[] left, float[] right, float[] output, int offset)
                {
                    int k = offset;
                    foreach (int i in PRange(left.Length))
                    {
                        output[k++] = left[i];
                        output[k++] = right[i];
                    }
                    return k;
                }

                // The same with explicit subscripts and the odd element first.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void InterleaveOddFirst(double[] re, double[] im, double[] z)
                {
                    foreach (int i in PRange(re.Length))
                    {
                        z[2 * i + 2] = im[i] * 2;
                        z[2 * i + 1] = re[i] - 1;
                    }
                }

                // Stereo to mono: every other element, both channels.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Downmix(float[] stereo, float[] mono)
                {
                    foreach (int i in PRange(mono.Length))
                        mono[i] = 0.5f * (stereo[2 * i] + stereo[2 * i + 1]);
                }

                // Complex numbers rotated in place, a step-2 loop (RoPE's shape), on each lane type.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void RotateFloat(float[] z, float c, float s)
                {
                    foreach (int i in PRange(0, z.Length - 1, 2))
                    {
                        float x = z[i], y = z[i + 1];
                        z[i] = x * c - y * s;
                        z[i + 1] = x * s + y * c;
                    }
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void RotateDouble(double[] z, int first, double c, double s)
                {
                    foreach (int i in PRange(first, z.Length - 1, 2))
                    {
                        double x = z[i], y = z[i + 1];
                        z[i] = x * c - y * s;
                        z[i + 1] = x * s + y * c;
                    }
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void SwapInts(int[] a)
                {
                    foreach (int i in PRange(0, a.Length - 1, 2))
                    {
                        int t = a[i];
                        a[i] = a[i + 1] * 3;
                        a[i + 1] = t - i;
                    }
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void SwapLongs(long[] a)
                {
                    foreach (int i in PRange(0, a.Length - 1, 2))
                    {
                        long t = a[i];
                        a[i] = a[i + 1] ^ i;
                        a[i + 1] = t;
                    }
                }

                // A step of 3 (one pixel of packed RGB per iteration) and a negative step: indices per lane.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void EveryThird(float[] rgb, float[] gray, float[] mask)
                {
                    foreach (int i in PRange(0, rgb.Length - 2, 3))
                        gray[i / 3] = rgb[i] * 0.299f + rgb[i + 1] * 0.587f + rgb[i + 2] * 0.114f + mask[i / 3];
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Backwards(float[] a, float[] r)
                {
                    foreach (int i in PRange(a.Length - 1, -1, -1))
                        r[a.Length - 1 - i] = a[i] * 2;
                }

                // Only one element of each pair stored: pairs stored whole, the odd elements (which no iteration writes)
                // stored back as they are (GroupGapTests).
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void EvenOnly(float[] a, float[] r)
                {
                    foreach (int i in PRange(a.Length))
                        r[2 * i] = a[i] + 1;
                }

                // The pair's first element read back before the second is stored: the pair is delayed, and the read takes the
                // value held for the store (Planner.HeldValue; it was refused before stop 57).
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void ReadBetween(float[] a, float[] z, float[] copy)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        z[2 * i] = a[i] * 3;
                        copy[i] = z[2 * i];
                        z[2 * i + 1] = a[i];
                    }
                }

                // An induction variable in a step-2 loop: it advances per iteration, not per index value (the random
                // kernels found a version that counted index values and stored past the end).
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static int StepInduction(double[] r, double[] q, double k)
                {
                    int k0 = 0;
                    foreach (int i in PRange(0, r.Length, 2))
                    {
                        r[k0] = k + k0 + q[i];
                        k0 += 2;
                    }
                    return k0;
                }

                // An induction variable read as a value, advanced by a constant other than 1.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static int Ramp(float[] r, int k0)
                {
                    int k = k0;
                    foreach (int i in PRange(r.Length))
                    {
                        r[i] = k * 0.25f;
                        k += 3;
                    }
                    return k;
                }

                // Planes of one tensor, at offsets that are multiples of the trip count.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Planes(byte[] rgb, float[] tensor, int plane)
                {
                    foreach (int p in PRange(plane))
                    {
                        tensor[p] = rgb[3 * p] / 255f;
                        tensor[plane + p] = rgb[3 * p + 1] / 255f;
                        tensor[2 * plane + p] = rgb[3 * p + 2] / 255f;
                    }
                }

                // White noise from an integer hash: uint arithmetic as int bits (>> logical), masked to 24 bits for float.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Noise(float[] buffer, uint seed, float gain)
                {
                    foreach (int i in PRange(buffer.Length))
                    {
                        uint h = seed ^ (uint)i;
                        h ^= h >> 16;
                        h *= 0x7feb352d;
                        h ^= h >> 15;
                        h *= 0x846ca68b;
                        h ^= h >> 16;
                        buffer[i] = gain * ((h & 0xFFFFFF) / 8388608f - 1f);
                    }
                }

                // A uint of any size to float (lane by lane, as C# converts it); uint comparisons and division.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void UintToFloat(float[] r, uint seed)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        uint h = seed * (uint)i + 0x9e3779b9u;
                        r[i] = h;
                    }
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void UintCompareDivide(int[] r, uint seed, uint d)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        uint h = seed ^ ((uint)i * 2654435761u);
                        r[i] = h > 0x80000000u ? (int)(h / d) : (int)(h % d);
                    }
                }

                // Checked arithmetic throws on overflow; vector lanes would wrap: scalar body.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void CheckedProduct(int[] a, int[] b, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        int x = a[i];
                        checked { x *= b[i]; }
                        r[i] = x;
                    }
                }

                // argmin/argmax and the select idiom: per-lane winners replayed in iteration order.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static int ArgMin(double[] a)
                {
                    double best = double.MaxValue;
                    int bestIndex = -1;
                    foreach (int i in PRange(a.Length))
                        if (a[i] < best) { best = a[i]; bestIndex = i; }
                    return bestIndex;
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static double ArgMinValue(double[] a)
                {
                    double best = double.MaxValue;
                    int bestIndex = -1;
                    foreach (int i in PRange(a.Length))
                        if (a[i] < best) { best = a[i]; bestIndex = i; }
                    return best + bestIndex * 0.0;
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static int ArgMaxLast(float[] a, bool[] use)
                {
                    float best = float.NegativeInfinity;
                    int bestIndex = -1;
                    foreach (int i in PRange(a.Length))
                    {
                        if (use[i])
                        {
                            if (best <= a[i] * 2) { bestIndex = i; best = a[i] * 2; }
                        }
                    }
                    return bestIndex;
                }

                // A long index variable, and an inner loop in the body (whose lanes must not take the pair: the random
                // kernels found that an inner vector loop lost the chunk's "took a value" mark).
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static long ArgMaxInnerLoop(int[] a, int[] r, int[] q, int kk)
                {
                    int total = 0, sum = 9;
                    double best = double.PositiveInfinity;
                    long at = -1;
                    foreach (int i in PRange(2, a.Length, 1))
                    {
                        for (int j = 0; j < 1; j++) total -= kk * -8;
                        sum += r[i];
                        r[i] = (q[i - 2] + 3 - a[i] + a[i]) * 4;
                        double v = q[i - 2] * -5.0;
                        if (best >= v) { at = i + 1; best = v; }
                    }
                    return at * 7 + BitConverter.DoubleToInt64Bits(best) + total + sum;
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static long ArgMinLong(double[] a)
                {
                    double best = double.PositiveInfinity;
                    long at = -1;
                    foreach (int i in PRange(a.Length))
                        if (a[i] <= best) { best = a[i]; at = i; }
                    return at;
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static float MinIdiom(float[] s)
                {
                    float min = float.MaxValue;
                    foreach (int i in PRange(s.Length))
                    {
                        float v = s[i];
                        min = v < min ? v : min;
                    }
                    return min;
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static float MaxIdiom(float[] s)
                {
                    float max = float.MinValue;
                    foreach (int i in PRange(s.Length))
                        if (s[i] > max) max = s[i];
                    return max;
                }

                // Integer clamps (Min/Max), quotients by 2^k clamped at 0 (shifts), products by 2^k (shifts).
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void ClampedInts(int[] a, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = Math.Clamp((a[i] + 8) / 16, 0, 255) + Math.Clamp(a[i] / 4, 3, 9) + Math.Clamp(a[i] / 8, -5, 5) + a[i] * 8 + 1024 * a[i];
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void ClampedLongs(long[] b, long[] s)
                {
                    foreach (int i in PRange(s.Length))
                        s[i] = Math.Clamp(b[i] / 32, 0L, 1000L) + b[i] * 4;
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void ClampedBytes(byte[] c, byte[] t)
                {
                    foreach (int i in PRange(t.Length))
                        t[i] = (byte)Math.Clamp((c[i] * 4 - 300 - 2 * c[i]) / 2, 0, 255);
                }

                // A row per lane read in inner loops (k-means, dense layers over jagged weights): tiled per step.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Nearest(float[][] points, float[][] centroids, int[] assignment)
                {
                    foreach (int i in PRange(points.Length))
                    {
                        float[] p = points[i];
                        int best = 0;
                        float bestDist = float.MaxValue;
                        for (int c = 0; c < centroids.Length; c++)
                        {
                            float[] centroid = centroids[c];
                            float dist = 0;
                            for (int d = 0; d < p.Length; d++)
                            {
                                float diff = p[d] - centroid[d];
                                dist += diff * diff;
                            }
                            if (dist < bestDist) { bestDist = dist; best = c; }
                        }
                        assignment[i] = best;
                    }
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Dense(double[][] weights, double[] bias, double[] input, double[] output)
                {
                    foreach (int i in PRange(output.Length))
                    {
                        double[] w = weights[i];
                        double z = bias[i];
                        for (int j = 0; j < input.Length; j++) z += w[j] * input[j];
                        output[i] = z > 0 ? z : 0.01 * z;
                    }
                }

                // Only some iterations read their row: the copy must not throw where the scalar code reads nothing.
                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void SomeRows(float[][] rows, float[] r, int below)
                {
                    foreach (int i in PRange(r.Length))
                    {
                        float s = i;
                        if (i < below)
                        {
                            float[] row = rows[i];
                            for (int k = 1; k < row.Length; k++) s += row[k] * k;
                        }
                        r[i] = s;
                    }
                }

                [ParallelKernel(ChunkSize = 37, MinParallelTripCount = 1)]
                public static void Halves(int[] a, int n)
                {
                    foreach (int p in PRange(n))
                    {
                        int low = a[p];
                        a[p] = a[n + p] * 2;
                        a[n + p] = low + 1;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        private static void Same(string kernel, params object[] args) => Differential.Same(Built.Value, "P", kernel, args);

        [Fact]
        public void The_report_says_which_loops_take_pairs_steps_and_planes_on_vectors()
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            string text = string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            string Vector(string kernel)
            {
                int at = text.IndexOf($"// KernelGen parallel report — P.{kernel}(", StringComparison.Ordinal);
                Assert.True(at >= 0, kernel);
                string line = text[at..].Split('\n').First(l => l.TrimStart().StartsWith("//     vector:", StringComparison.Ordinal));
                return line;
            }
            foreach (string kernel in new[] { "Interleave", "InterleaveOddFirst", "Downmix", "RotateFloat", "RotateDouble", "SwapInts", "SwapLongs" })
                Assert.Contains("pairs of elements per lane (every other element)", Vector(kernel));
            Assert.DoesNotContain("scalar body", Vector("Ramp"));
            Assert.DoesNotContain("scalar body", Vector("Planes"));
            Assert.DoesNotContain("scalar body", Vector("Halves"));
            Assert.DoesNotContain("scalar body", Vector("Noise"));
            Assert.Contains("rows of points tiled per step", Vector("Nearest"));
            Assert.Contains("rows of weights tiled per step", Vector("Dense"));
            Assert.Contains("rows of rows tiled per step", Vector("SomeRows"));
            Assert.DoesNotContain("scalar body", Vector("ClampedInts"));
            Assert.DoesNotContain("scalar body", Vector("ClampedLongs"));
            Assert.Contains("16-bit lanes", Vector("ClampedBytes"));
            foreach (string kernel in new[] { "ArgMin", "ArgMinValue", "ArgMaxLast", "ArgMinLong", "MinIdiom", "MaxIdiom" })
                Assert.Contains("vector accumulators for", Vector(kernel));
            Assert.Contains("lane by lane: (float) of a uint", Vector("UintToFloat"));
            Assert.Contains("scalar body (operator '/' on integers", Vector("UintCompareDivide")); // (the comparison of uints alone would be on lanes)
            Assert.Contains("scalar body (checked integer arithmetic", Vector("CheckedProduct"));
            Assert.Contains("pairs of elements per lane (every other element) (elements between the stored ones, which no iteration writes, stored back as they are)", Vector("EvenOnly"));
            Assert.Contains("pairs of elements", Vector("ReadBetween"));
            Assert.Contains("StorePairs", text);
            Assert.Contains("LoadEven", text);
        }

        [Fact]
        public void Every_generated_file_compiles_without_errors()
        {
            (Compilation output, _) = InMemory.Generate(InMemory.Compile(Source));
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }

        public static readonly TheoryData<int> Sizes = new() { 0, 1, 2, 7, 8, 9, 16, 17, 33, 100, 1001, 10_007 };

        private static float[] Floats(int n, int seed)
        {
            var r = new Random(seed);
            float[] specials = { float.NaN, -0f, float.PositiveInfinity, 1e-40f };
            return Enumerable.Range(0, n).Select(k => k % 11 == 5 ? specials[r.Next(specials.Length)] : (float)(r.NextDouble() * 4 - 2)).ToArray();
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Pairs_match_serial(int n)
        {
            float[] left = Floats(n, n), right = Floats(n, n + 1);
            Same("Interleave", left, right, new float[2 * n], 0);
            Same("Interleave", left, right, new float[2 * n + 9], 9);
            Same("Interleave", left, right, new float[2 * n + 1], 2); // the last pair is out of range: both throw
            double[] re = Floats(n, n + 2).Select(f => (double)f).ToArray(), im = Floats(n, n + 3).Select(f => (double)f).ToArray();
            Same("InterleaveOddFirst", re, im, new double[2 * n + 2]);
            Same("Downmix", Floats(2 * n, n + 4), new float[n]);
            Same("Downmix", Floats(2 * n - (n > 0 ? 1 : 0), n + 4), new float[n]); // one short: both throw
            Same("EvenOnly", left, new float[2 * n]);
            Same("ReadBetween", left, new float[2 * n], new float[n]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Step_loops_match_serial(int n)
        {
            Same("RotateFloat", Floats(n, n + 5), 0.6f, 0.8f);
            Same("RotateDouble", Floats(n, n + 6).Select(f => (double)f).ToArray(), 0, Math.Cos(0.3), Math.Sin(0.3));
            Same("RotateDouble", Floats(n, n + 6).Select(f => (double)f).ToArray(), 1, Math.Cos(0.3), Math.Sin(0.3));
            var r = new Random(n + 7);
            Same("SwapInts", Enumerable.Range(0, n).Select(_ => r.Next()).ToArray());
            Same("SwapLongs", Enumerable.Range(0, n).Select(_ => r.NextInt64()).ToArray());
            Same("EveryThird", Floats(3 * n, n + 8), new float[n], Floats(n, n + 9));
            Same("Backwards", Floats(n, n + 10), new float[n]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Uint_hashes_and_checked_arithmetic_match_serial(int n)
        {
            foreach (uint seed in new[] { 0u, 1u, 12345u, 0x80000000u, uint.MaxValue })
            {
                Same("Noise", new float[n], seed, 0.5f);
                Same("UintToFloat", new float[n], seed);
                Same("UintCompareDivide", new int[n], seed, 7u);
                Same("UintCompareDivide", new int[n], seed, 0x90000000u);
            }
            var r = new Random(n + 12);
            int[] a = Enumerable.Range(0, n).Select(_ => r.Next(-40000, 40000)).ToArray(), b = Enumerable.Range(0, n).Select(_ => r.Next(-40000, 40000)).ToArray();
            Same("CheckedProduct", a, b, new int[n]);
            if (n > 0)
            {
                // One product overflows, in the first iteration (a vector lane, were it vectorized): both throw.
                a[0] = 70_000; b[0] = 70_000;
                Same("CheckedProduct", a, b, new int[n]);
            }
            Same("CheckedProduct", a.Select(x => x / 100).ToArray(), b.Select(x => x / 100).ToArray(), new int[n]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Select_reductions_pick_the_serial_element(int n)
        {
            // Few distinct values: many ties, both zeros, NaN (never taken), infinities.
            double[] pool = { 3, 1, -0.0, 0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -2, -2, 5 };
            var r = new Random(n + 13);
            for (int round = 0; round < 3; round++)
            {
                double[] a = Enumerable.Range(0, n).Select(_ => pool[r.Next(round == 0 ? 4 : pool.Length)]).ToArray();
                Same("ArgMin", a);
                Same("ArgMinValue", a);
                float[] f = a.Select(d => (float)d).ToArray();
                bool[] use = Enumerable.Range(0, n).Select(_ => r.Next(3) > 0).ToArray();
                Same("ArgMaxLast", f, use);
                Same("MinIdiom", f);
                Same("ArgMinLong", a);
                int[] q = a.Select(d => double.IsFinite(d) ? (int)d : 7).ToArray();
                Same("ArgMaxInnerLoop", q, q.Select(x => x * 3).ToArray(), q.Reverse().ToArray(), 3);
                Same("MaxIdiom", f);
            }
            Same("ArgMin", Enumerable.Repeat(double.NaN, n).ToArray()); // nothing taken: -1
            Same("MinIdiom", Enumerable.Range(0, n).Select(k => k % 2 == 0 ? 0f : -0f).ToArray()); // the first zero
            Same("MinIdiom", Enumerable.Range(0, n).Select(k => k % 2 == 0 ? -0f : 0f).ToArray());
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Integer_clamps_and_power_of_two_factors_match_serial(int n)
        {
            var r = new Random(n + 14);
            int[] edges = { int.MinValue, int.MaxValue, -1, 0, 1, -8, -9, -15, -16, -17, 15, 16, 17, -4000, 4000 };
            int[] a = Enumerable.Range(0, n).Select(k => k % 3 == 0 ? edges[r.Next(edges.Length)] : r.Next(-5000, 5000)).ToArray();
            Same("ClampedInts", a, new int[n]);
            long[] b = Enumerable.Range(0, n).Select(k => k % 3 == 0 ? new[] { long.MinValue, long.MaxValue, -1L, -31L, -32L, -33L, 0L }[k % 7] : r.NextInt64(-100_000, 100_000)).ToArray();
            Same("ClampedLongs", b, new long[n]);
            byte[] c = new byte[n];
            r.NextBytes(c);
            Same("ClampedBytes", c, new byte[n]);
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Rows_per_lane_in_inner_loops_match_serial(int n)
        {
            var r = new Random(n + 15);
            float[][] Rows(int count, int length) => Enumerable.Range(0, count).Select(_ => Floats(length, r.Next())).ToArray();
            float[][] centroids = Rows(5, 6);
            float[][] points = Rows(n, 6);
            Same("Nearest", points, centroids, new int[n]);
            if (n > 3)
            {
                float[][] uneven = points.Select((p, k) => k == n / 2 ? p.Take(4).ToArray() : p).ToArray();
                Same("Nearest", uneven, centroids, new int[n]); // one shorter row: the vector step stops, same result
                float[][] longer = points.Select((p, k) => k == n / 3 ? p.Concat(new[] { 1f }).ToArray() : p).ToArray();
                Same("Nearest", longer, centroids, new int[n]); // one longer row: centroid[d] past its end throws on both sides
                float[][] hole = points.Select((p, k) => k == n - 2 ? null! : p).ToArray();
                Same("Nearest", hole, centroids, new int[n]); // a null row: NullReferenceException on both sides
            }
            double[][] weights = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 7).Select(_ => r.NextDouble() - 0.5).ToArray()).ToArray();
            double[] bias = Enumerable.Range(0, n).Select(_ => r.NextDouble()).ToArray(), input = Enumerable.Range(0, 7).Select(_ => r.NextDouble() * 2).ToArray();
            Same("Dense", weights, bias, input, new double[n]);
            Same("Dense", weights, bias, input.Concat(new[] { 1.0 }).ToArray(), new double[n]); // rows shorter than the loop: both throw
            float[][] rows = Enumerable.Range(0, n).Select(k => Floats(3 + k % 4, k)).ToArray();
            Same("SomeRows", rows, new float[n], n);
            Same("SomeRows", rows.Take(n / 2 + 1).ToArray(), new float[n], n / 2 + 1); // fewer rows than iterations, none read past: no throw
            Same("SomeRows", rows.Take(n / 2).ToArray(), new float[n], n / 2 + 1); // i = n/2 reads past the rows: both throw
        }

        [Theory, MemberData(nameof(Sizes))]
        public void Inductions_and_planes_match_serial(int n)
        {
            Same("Ramp", new float[n], -7);
            Same("Ramp", new float[n], int.MaxValue - 5); // k wraps, as the serial advances do
            Same("StepInduction", new double[n], Enumerable.Range(0, n).Select(x => x * 0.5).ToArray(), 1.5);
            var r = new Random(n + 11);
            byte[] rgb = new byte[3 * n];
            r.NextBytes(rgb);
            Same("Planes", rgb, new float[3 * n], n);
            Same("Planes", rgb, new float[3 * n - (n > 0 ? 1 : 0)], n); // the last plane one short: both throw
            Same("Halves", Enumerable.Range(0, 2 * n).Select(_ => r.Next(-1000, 1000)).ToArray(), n);
        }
    }
}
