using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// If/else chains that assign one local become nested vector selects (Vectorize/SelectChains.cs): the report says
    /// so, the masks are gone from the generated code, and every lane gets the serial value, also where a later
    /// condition would hold after an earlier branch's assignment (which a sequence of masked assignments must exclude).
    /// Chains that could throw keep their masks and throw like the serial loop.
    /// </summary>
    public class SelectChainTests
    {
        private const string Source = """
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class C
            {
                // A float clip to 16-bit PCM, as audio code writes it (NAudio's WaveBuffer conversions, in our own words).
                [ParallelKernel]
                public static void Pcm(float[] samples, short[] pcm)
                {
                    foreach (int i in PRange(samples.Length))
                    {
                        float s = samples[i] * 32767f;
                        if (s > 32767f) s = 32767f;
                        else if (s < -32768f) s = -32768f;
                        pcm[i] = (short)s;
                    }
                }

                // The second condition holds after the first branch's assignment: only the untaken lanes may test it.
                [ParallelKernel]
                public static void Remap(int[] a, int[] r)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        int s = a[i];
                        if (s > 5) s = 0;
                        else if (s < 3) s = 7;
                        r[i] = s;
                    }
                }

                // A four-way bucket, the last branch a plain else.
                [ParallelKernel]
                public static void Bucket(double[] v, double[] r, double a, double b, double c)
                {
                    foreach (int i in PRange(v.Length))
                    {
                        double q;
                        if (v[i] < a) q = 1;
                        else if (v[i] < b) q = v[i] * 2;
                        else if (v[i] < c) q = -v[i];
                        else q = 4;
                        r[i] = q;
                    }
                }

                // Thresholds that store in every branch: one store of the selected value.
                [ParallelKernel]
                public static void Gate(float[] v, float[] r, float floor)
                {
                    foreach (int i in PRange(v.Length))
                    {
                        if (v[i] > floor) r[i] = v[i] - floor;
                        else if (v[i] < -floor) r[i] = v[i] + floor;
                        else r[i] = 0f;
                    }
                }

                // Bytes: a binarized image (a chain of narrow stores: one select, one narrowing store).
                [ParallelKernel]
                public static void Binarize(byte[] src, byte[] dst, int level)
                {
                    foreach (int i in PRange(src.Length))
                    {
                        if (src[i] >= level) dst[i] = 255;
                        else dst[i] = 0;
                    }
                }

                // Bytes without an else: a masked narrow store, the other lanes' bytes stored back as they were.
                [ParallelKernel]
                public static void Highlight(byte[] src, byte[] dst, int level)
                {
                    foreach (int i in PRange(src.Length))
                    {
                        if (src[i] > level) dst[i] = (byte)(src[i] - level);
                    }
                }

                // 16-bit samples: a noise gate in three branches on shorts.
                [ParallelKernel]
                public static void GateShort(short[] src, short[] dst, int floor)
                {
                    foreach (int i in PRange(src.Length))
                    {
                        int s = src[i];
                        if (s > floor) dst[i] = (short)(s - floor);
                        else if (s < -floor) dst[i] = (short)(s + floor);
                        else dst[i] = 0;
                    }
                }

                // No last else: the element keeps its old value in the other lanes, so the masks stay.
                [ParallelKernel]
                public static void Mark(double[] v, double[] r, double t)
                {
                    foreach (int i in PRange(v.Length))
                    {
                        if (v[i] > t) r[i] = 1;
                        else if (v[i] < -t) r[i] = -1;
                    }
                }

                // A chain inside another branch: folded only at the top level, still the serial result.
                [ParallelKernel]
                public static void Gated(float[] x, int[] gate, float[] r)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        float y = x[i];
                        if (gate[i] > 0)
                        {
                            if (y > 1f) y = 1f;
                            else y = -1f;
                        }
                        r[i] = y;
                    }
                }

                // An integer division in a branch may throw: its lanes must not run it unless they take it.
                [ParallelKernel]
                public static void Divide(int[] a, int[] d, int[] r)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        int q = 0;
                        if (d[i] != 0) q = a[i] / d[i];
                        else q = -1;
                        r[i] = q;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        private static string Generated(string kernel)
        {
            (_, var run) = InMemory.Generate(InMemory.Compile(Source));
            return run.GeneratedTrees.Select(t => t.ToString()).Single(t => t.Contains($"KernelGen parallel report — C.{kernel}("));
        }

        [Fact]
        public void Chains_become_selects_and_the_report_says_so()
        {
            foreach (string kernel in new[] { "Pcm", "Remap", "Bucket", "Gate", "Binarize", "GateShort" })
            {
                string text = Generated(kernel);
                string vector = text.Split('\n').First(l => l.Contains("vector:"));
                Assert.True(text.Contains("if/else chains as selects"), $"{kernel}: {vector}");
                Assert.DoesNotContain("if/else on lane masks", text);
                Assert.DoesNotContain("// active lanes only", text);
            }
            // Pcm: the comparisons are the selects' masks, nested, no reinterpretation.
            Assert.Contains("__kg_v_s = global::System.Runtime.Intrinsics.Vector512.ConditionalSelect(global::System.Runtime.Intrinsics.Vector512.GreaterThan(__kg_v_s, ", Generated("Pcm"));
            // Inside another branch, and where a branch can throw: the masks stay.
            Assert.Contains("if/else on lane masks", Generated("Gated"));
            Assert.Contains("if/else on lane masks", Generated("Mark"));
            Assert.Contains("if/else on lane masks", Generated("Divide"));
            // A narrow store in a branch is a masked narrowing store, not lane-by-lane work.
            string highlight = Generated("Highlight");
            Assert.DoesNotContain("lane by lane", highlight);
            Assert.Contains("ConditionalSelect(", highlight);
            Assert.Contains("NarrowStore", highlight);
        }

        private static void Same<T>(string kernel, T[] output, params object[] inputs)
        {
            T[] serial = (T[])output.Clone(), parallel = (T[])output.Clone();
            InMemory.Call(s_built.Value, "C", kernel, inputs.Append(serial).ToArray());
            InMemory.Call(s_built.Value, "C", kernel + "Parallel", inputs.Append(parallel).ToArray());
            Assert.Equal(serial, parallel);
        }

        private static void SameWithScalars<T>(string kernel, object input, T[] output, params object[] scalars)
        {
            T[] serial = (T[])output.Clone(), parallel = (T[])output.Clone();
            InMemory.Call(s_built.Value, "C", kernel, new[] { input, serial }.Concat(scalars).ToArray());
            InMemory.Call(s_built.Value, "C", kernel + "Parallel", new[] { input, parallel }.Concat(scalars).ToArray());
            Assert.Equal(serial.Select(v => v!.ToString()), parallel.Select(v => v!.ToString())); // NaN equals NaN, -0 differs from 0
        }

        [Theory]
        [InlineData(1), InlineData(17), InlineData(100), InlineData(4099)]
        public void Every_lane_gets_the_serial_value(int n)
        {
            var random = new Random(n);
            float[] samples = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2.6 - 1.3)).ToArray();
            float[] special = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f, 32768f / 32767f, -0f, float.MaxValue };
            for (int k = 0; k < Math.Min(n, special.Length); k++) samples[k * 7 % n] = special[k];
            Same("Pcm", new short[n], samples);

            int[] a = Enumerable.Range(0, n).Select(_ => random.Next(-3, 12)).ToArray();
            Same("Remap", new int[n], a);

            double[] v = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10 - 2).ToArray();
            if (n > 3) { v[0] = double.NaN; v[1] = -0.0; v[2] = 3.0; v[3] = double.NegativeInfinity; }
            SameWithScalars("Bucket", v, new double[n], 0.0, 3.0, 6.5);

            float[] x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            int[] gate = Enumerable.Range(0, n).Select(_ => random.Next(2)).ToArray();
            Same("Gated", new float[n], x, gate);

            float[] g = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            if (n > 2) { g[0] = float.NaN; g[1] = 0.5f; g[2] = -0.5f; }
            SameWithScalars("Gate", g, new float[n], 0.5f);
            byte[] pixels = Enumerable.Range(0, n).Select(_ => (byte)random.Next(256)).ToArray();
            SameWithScalars("Binarize", pixels, Enumerable.Repeat((byte)7, n).ToArray(), 128);
            byte[] before = Enumerable.Range(0, n).Select(_ => (byte)random.Next(256)).ToArray();
            SameWithScalars("Highlight", pixels, before, 100);
            short[] pcm = Enumerable.Range(0, n).Select(k => k % 11 == 3 ? short.MinValue : (short)random.Next(-3000, 3000)).ToArray();
            short[] old = Enumerable.Range(0, n).Select(_ => (short)random.Next(short.MinValue, short.MaxValue)).ToArray();
            SameWithScalars("GateShort", pcm, old, 1000);
            SameWithScalars("GateShort", pcm, old, -5); // both conditions hold: the first branch wins
            SameWithScalars("Mark", v, Enumerable.Repeat(5.0, n).ToArray(), 1.5);

            int[] d = Enumerable.Range(0, n).Select(_ => random.Next(-2, 3)).ToArray(); // zeros in about one lane of five
            Same("Divide", new int[n], a, d);
        }

        [Fact]
        public void A_branch_that_throws_throws_like_serial()
        {
            int[] a = Enumerable.Range(0, 100).Select(k => k == 61 ? int.MinValue : k).ToArray();
            int[] d = Enumerable.Range(0, 100).Select(k => k == 61 ? -1 : k % 3).ToArray(); // int.MinValue / -1 overflows
            Assert.Throws<OverflowException>(() => InMemory.Call(s_built.Value, "C", "Divide", a, d, new int[100]));
            Assert.Throws<OverflowException>(() => InMemory.Call(s_built.Value, "C", "DivideParallel", a, d, new int[100]));
        }
    }
}
