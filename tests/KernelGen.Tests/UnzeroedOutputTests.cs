using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Output arrays allocated without zeroing (Frontend/UnzeroedOutputs.cs): <c>var r = new T[n]</c> followed by a
    /// PRange loop that writes every <c>r[i]</c> first becomes <c>GC.AllocateUninitializedArray&lt;T&gt;(n)</c> in the
    /// parallel copy. Where an element may stay unwritten or be read first, the copy keeps <c>new T[n]</c>: the tests
    /// fill the managed heap's free memory with a non-zero pattern before each call, so a copy that skipped the zeroing
    /// there would return that pattern instead of the serial method's zeros — the mutant test shows that they catch it.
    /// </summary>
    public class UnzeroedOutputTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class U
            {
                // numba's parallel_add (np.empty + prange) as C# writes it: a new array, returned.
                [ParallelKernel]
                public static double[] Add(double[] a, double[] b)
                {
                    var result = new double[a.Length];
                    foreach (int i in PRange(a.Length))
                        result[i] = a[i] + b[i];
                    return result;
                }

                // A correlation with the taps (samples past the end count as 0) and a Hann-style window, after
                // MassicotteTyler/WaveProject, WaveProject/Filter.cs (apply_filter, hanning_window), in our own words.
                [ParallelKernel]
                public static double[] Correlate(double[] samples, double[] taps)
                {
                    double[] result = new double[samples.Length];
                    foreach (int i in PRange(samples.Length))
                    {
                        double acc = 0;
                        for (int j = 0; j < taps.Length; j++)
                            if (i + j < samples.Length - 1)
                                acc += samples[i + j] * taps[j];
                        result[i] = acc;
                    }
                    return result;
                }

                [ParallelKernel]
                public static double[] Hann(double[] samples)
                {
                    double[] window = new double[samples.Length];
                    foreach (int i in PRange(window.Length))
                        window[i] = 0.5 * (1 - Math.Cos(2 * Math.PI * samples[i] / (samples.Length - 1)));
                    return window;
                }

                // Two outputs; one read back (its own element) after the write; PRange(0, n).
                [ParallelKernel]
                public static float[][] Polar(float[] magnitude, float[] phase)
                {
                    int n = magnitude.Length;
                    var re = new float[n];
                    var im = new float[n];
                    foreach (int k in PRange(0, n))
                    {
                        float m = magnitude[k];
                        re[k] = m * MathF.Cos(phase[k]);
                        im[k] = m * MathF.Sin(phase[k]);
                        if (re[k] < 0) re[k] = -re[k];
                    }
                    return new[] { re, im };
                }

                // The rest keep the zeroing: an element may be left unwritten or read before it is written.
                [ParallelKernel]
                public static double[] Positives(double[] x)
                {
                    var r = new double[x.Length];
                    foreach (int i in PRange(x.Length))
                        if (x[i] > 0) r[i] = x[i];
                    return r;
                }

                [ParallelKernel]
                public static double[] SkipNegatives(double[] x)
                {
                    var r = new double[x.Length];
                    foreach (int i in PRange(x.Length))
                    {
                        if (x[i] < 0) continue;
                        r[i] = Math.Sqrt(x[i]);
                    }
                    return r;
                }

                [ParallelKernel]
                public static double[] Accumulate(double[] x)
                {
                    var r = new double[x.Length];
                    foreach (int i in PRange(x.Length))
                        r[i] += x[i];
                    return r;
                }

                [ParallelKernel]
                public static double[] OneShort(double[] x)
                {
                    var r = new double[x.Length];
                    foreach (int i in PRange(x.Length - 1))
                        r[i] = x[i] * 2;
                    return r;
                }

                [ParallelKernel]
                public static double[] MovedLength(double[] x)
                {
                    int n = x.Length;
                    var r = new double[n];
                    n -= 1;
                    foreach (int i in PRange(n))
                        r[i] = x[i] * 2;
                    return r;
                }

                [ParallelKernel]
                public static double[] Skipped(double[] x, bool skip)
                {
                    var r = new double[x.Length];
                    if (skip) goto done;
                    foreach (int i in PRange(x.Length))
                        r[i] = x[i] * 2;
                    done:
                    return r;
                }

                [ParallelKernel]
                public static double[] UpperHalf(double[] x)
                {
                    var r = new double[x.Length];
                    foreach (int i in PRange(x.Length / 2))
                        r[x.Length - 1 - i] = x[i];
                    return r;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "U"));

        private const int N = 200_000; // 1.6 MB of doubles: large-object heap, where freed memory is handed out again as it was

        private static double[] Values(int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, N).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        }

        /// <summary>Leaves freed heap memory of about <paramref name="bytes"/> full of 0xA5 bytes (a double of about -4e-106).</summary>
        private static void Dirty(int bytes)
        {
            for (int k = 0; k < 4; k++)
            {
                var junk = new byte[bytes];
                junk.AsSpan().Fill(0xA5);
                GC.KeepAlive(junk);
            }
            GC.Collect();
        }

        private static long[] Bits(object? array) => array switch
        {
            double[] d => d.Select(BitConverter.DoubleToInt64Bits).ToArray(),
            float[] f => f.Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray(),
            float[][] jagged => jagged.SelectMany(f => f.Select(v => (long)BitConverter.SingleToInt32Bits(v))).ToArray(),
            _ => throw new ArgumentException("unexpected result", nameof(array)),
        };

        [Theory]
        [InlineData("Add", "result = new double[a.Length]", "AllocateUninitializedArray<double>(a.Length)")]
        [InlineData("Correlate", "result = new double[samples.Length]", "AllocateUninitializedArray<double>(samples.Length)")]
        [InlineData("Hann", "window = new double[samples.Length]", "AllocateUninitializedArray<double>(samples.Length)")]
        [InlineData("Polar", "re = new float[n]", "var re = global::System.GC.AllocateUninitializedArray<float>(n);")]
        [InlineData("Polar", "im = new float[n]", "var im = global::System.GC.AllocateUninitializedArray<float>(n);")]
        public void An_output_the_loop_fills_first_is_allocated_without_zeroing_and_the_report_says_so(string kernel, string declaration, string allocation)
        {
            string generated = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains($"//     note: {declaration} is allocated without zeroing (GC.AllocateUninitializedArray): the loop writes every element before anything reads it", generated);
            Assert.Contains(allocation, generated);
        }

        [Theory]
        [InlineData("Positives")]
        [InlineData("SkipNegatives")]
        [InlineData("Accumulate")]
        [InlineData("OneShort")]
        [InlineData("MovedLength")]
        [InlineData("Skipped")]
        [InlineData("UpperHalf")]
        public void An_output_with_elements_left_unwritten_or_read_first_keeps_its_zeroing(string kernel)
        {
            string generated = InMemory.Section(s_generated.Value(kernel));
            Assert.DoesNotContain("AllocateUninitializedArray", generated);
            Assert.Contains("var r = new double[", generated);
        }

        private static object[] Arguments(string kernel, bool skip)
        {
            double[] x = Values(1), y = Values(2);
            return kernel switch
            {
                "Add" => new object[] { x, y },
                "Correlate" => new object[] { x, Values(3)[..31] },
                "Polar" => new object[] { x.Select(v => (float)v).ToArray(), y.Select(v => (float)(v * 3)).ToArray() },
                "Skipped" => new object[] { x, skip },
                _ => new object[] { x },
            };
        }

        [Theory]
        [InlineData("Add")]
        [InlineData("Correlate")]
        [InlineData("Hann")]
        [InlineData("Polar")]
        [InlineData("Positives")]
        [InlineData("SkipNegatives")]
        [InlineData("Accumulate")]
        [InlineData("OneShort")]
        [InlineData("MovedLength")]
        [InlineData("Skipped")]
        [InlineData("Skipped", true)]
        [InlineData("UpperHalf")]
        public void Every_output_equals_the_serial_methods_over_dirty_memory(string kernel, bool skip = false)
        {
            object[] args = Arguments(kernel, skip);
            long[] serial = Bits(InMemory.Call(s_built.Value, "U", kernel, args));
            for (int round = 0; round < 3; round++)
            {
                Dirty(N * sizeof(double));
                Assert.Equal(serial, Bits(InMemory.Call(s_built.Value, "U", kernel + "Parallel", args)));
            }
        }

        [Fact]
        public void A_copy_that_skipped_the_zeroing_of_a_partly_written_output_is_caught()
        {
            // The mutant allocates Positives' output without zeroing: the elements of x <= 0 then keep whatever the
            // memory held. Dirty memory makes that visible at once, most rounds; demand it at least once.
            Assembly mutant = InMemory.BuildMutant(Source, "var r = new double[x.Length];", "var r = global::System.GC.AllocateUninitializedArray<double>(x.Length);");
            double[] x = Values(4);
            long[] serial = Bits(InMemory.Call(s_built.Value, "U", "Positives", x));
            bool caught = false;
            for (int round = 0; round < 20 && !caught; round++)
            {
                Dirty(N * sizeof(double));
                caught = !serial.SequenceEqual(Bits(InMemory.Call(mutant, "U", "PositivesParallel", x)));
            }
            Assert.True(caught, "the mutant's output matched the serial one in 20 rounds over dirty memory");
        }
    }
}
