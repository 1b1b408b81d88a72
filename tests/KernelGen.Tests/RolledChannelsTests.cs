using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Channels rolled back into one loop (Vectorize/RolledChannels.cs): a body whose c statements do the same thing to
    /// each channel of a packed pixel runs as one statement over consecutive elements (k = c·p + j), with no
    /// de-interleaving. Ported per-channel loops roll; permuted, reordered, channel-specific or index-dependent bodies
    /// do not; every kernel gives the serial loop's result at every size, in place and with aliased arrays.
    /// </summary>
    public class RolledChannelsTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class R
            {
                // AForge.NET's Invert filter on 24 bpp pixels (255 minus each byte), in place, in our own words.
                [ParallelKernel]
                public static void Invert(byte[] rgb)
                {
                    foreach (int p in PRange(rgb.Length / 3))
                    {
                        rgb[3 * p] = (byte)(255 - rgb[3 * p]);
                        rgb[3 * p + 1] = (byte)(255 - rgb[3 * p + 1]);
                        rgb[3 * p + 2] = (byte)(255 - rgb[3 * p + 2]);
                    }
                }

                // AForge.NET's BrightnessCorrection is LevelsLinear with one map for every channel: here on BGRA, in place.
                [ParallelKernel]
                public static void Levels(byte[] bgra, byte[] map)
                {
                    foreach (int p in PRange(bgra.Length / 4))
                    {
                        bgra[4 * p] = map[bgra[4 * p]];
                        bgra[4 * p + 1] = map[bgra[4 * p + 1]];
                        bgra[4 * p + 2] = map[bgra[4 * p + 2]];
                        bgra[4 * p + 3] = map[bgra[4 * p + 3]];
                    }
                }

                // A brightness offset with saturation (as image editors' "brightness" slider code writes it).
                [ParallelKernel]
                public static void Brighten(byte[] src, byte[] dst, int amount)
                {
                    foreach (int p in PRange(dst.Length / 3))
                    {
                        dst[3 * p] = (byte)Math.Min(255, src[3 * p] + amount);
                        dst[3 * p + 1] = (byte)Math.Min(255, src[3 * p + 1] + amount);
                        dst[3 * p + 2] = (byte)Math.Min(255, src[3 * p + 2] + amount);
                    }
                }

                // Particles as packed xyz floats, moved one step (explicit Euler).
                [ParallelKernel]
                public static void Advance(float[] position, float[] velocity, float dt)
                {
                    foreach (int i in PRange(position.Length / 3))
                    {
                        position[3 * i] += velocity[3 * i] * dt;
                        position[3 * i + 1] += velocity[3 * i + 1] * dt;
                        position[3 * i + 2] += velocity[3 * i + 2] * dt;
                    }
                }

                // NAudio's VolumeSampleProvider idea on interleaved 16-bit stereo: both sides times the volume, clamped.
                [ParallelKernel]
                public static void Volume(short[] stereo, short[] result, float volume)
                {
                    foreach (int f in PRange(stereo.Length / 2))
                    {
                        result[2 * f] = (short)Math.Clamp((int)(stereo[2 * f] * volume), -32768, 32767);
                        result[2 * f + 1] = (short)Math.Clamp((int)(stereo[2 * f + 1] * volume), -32768, 32767);
                    }
                }

                // Each channel averaged with the same channel of the next pixel (a horizontal half-pixel shift).
                [ParallelKernel]
                public static void HalfShift(byte[] src, byte[] dst)
                {
                    foreach (int p in PRange(dst.Length / 3 - 1))
                    {
                        dst[3 * p] = (byte)((src[3 * p] + src[3 * p + 3]) >> 1);
                        dst[3 * p + 1] = (byte)((src[3 * p + 1] + src[3 * p + 4]) >> 1);
                        dst[3 * p + 2] = (byte)((src[3 * p + 2] + src[3 * p + 5]) >> 1);
                    }
                }

                // Double xyz divided by an invariant weight.
                [ParallelKernel]
                public static void Normalize(double[] xyz, double[] result, double weight)
                {
                    foreach (int p in PRange(xyz.Length / 3))
                    {
                        result[3 * p] = xyz[3 * p] / weight;
                        result[3 * p + 1] = xyz[3 * p + 1] / weight;
                        result[3 * p + 2] = xyz[3 * p + 2] / weight;
                    }
                }

                // Rows of a strided 24 bpp bitmap, inverted in place (AForge.NET's Invert over LockBits rows, in our own
                // words): the inner loop's channels roll into one loop over the row's 3 * width bytes.
                [ParallelKernel]
                public static void InvertRows(byte[] image, int width, int height, int stride)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width; x++)
                        {
                            int o = y * stride + 3 * x;
                            image[o] = (byte)(255 - image[o]);
                            image[o + 1] = (byte)(255 - image[o + 1]);
                            image[o + 2] = (byte)(255 - image[o + 2]);
                        }
                }

                // Float RGB rows scaled into another image from a column offset (inner loop from 'left').
                [ParallelKernel]
                public static void ScaleRows(float[] src, float[] dst, int width, int height, int left, float gain)
                {
                    foreach (int y in PRange(height))
                    {
                        int row = y * width * 3;
                        for (int x = left; x < width; x++)
                        {
                            dst[row + 3 * x] = src[row + 3 * x] * gain;
                            dst[row + 3 * x + 1] = src[row + 3 * x + 1] * gain;
                            dst[row + 3 * x + 2] = src[row + 3 * x + 2] * gain;
                        }
                    }
                }

                // Not rolled: a row whose channels differ (alpha kept).
                [ParallelKernel]
                public static void KeepAlphaRows(byte[] image, int width, int height)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < width; x++)
                        {
                            int o = (y * width + x) * 4;
                            image[o] = (byte)(255 - image[o]);
                            image[o + 1] = (byte)(255 - image[o + 1]);
                            image[o + 2] = (byte)(255 - image[o + 2]);
                            image[o + 3] = image[o + 3];
                        }
                }

                // Not rolled: channels permuted (R and B swapped).
                [ParallelKernel]
                public static void SwapRB(byte[] src, byte[] dst)
                {
                    foreach (int p in PRange(dst.Length / 3))
                    {
                        dst[3 * p] = src[3 * p + 2];
                        dst[3 * p + 1] = src[3 * p + 1];
                        dst[3 * p + 2] = src[3 * p];
                    }
                }

                // Not rolled: the same operation, channels in reverse order (the rolled loop would reorder them).
                [ParallelKernel]
                public static void Reversed(byte[] rgb)
                {
                    foreach (int p in PRange(rgb.Length / 3))
                    {
                        rgb[3 * p + 2] = (byte)(rgb[3 * p + 2] * 3 + 1);
                        rgb[3 * p + 1] = (byte)(rgb[3 * p + 1] * 3 + 1);
                        rgb[3 * p] = (byte)(rgb[3 * p] * 3 + 1);
                    }
                }

                // Not rolled: a different constant per channel.
                [ParallelKernel]
                public static void PerChannel(byte[] src, byte[] dst)
                {
                    foreach (int p in PRange(dst.Length / 3))
                    {
                        dst[3 * p] = (byte)(src[3 * p] + 1);
                        dst[3 * p + 1] = (byte)(src[3 * p + 1] + 2);
                        dst[3 * p + 2] = (byte)(src[3 * p + 2] + 3);
                    }
                }

                // Not rolled: the pixel's index in the value.
                [ParallelKernel]
                public static void Indexed(byte[] src, byte[] dst)
                {
                    foreach (int p in PRange(dst.Length / 3))
                    {
                        dst[3 * p] = (byte)(src[3 * p] + p);
                        dst[3 * p + 1] = (byte)(src[3 * p + 1] + p);
                        dst[3 * p + 2] = (byte)(src[3 * p + 2] + p);
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "R"));

        private static string Report(string kernel) => s_generated.Value(kernel).Split("// KernelGen parallel report — ")[1];

        [Theory]
        [InlineData("Invert", 3)]
        [InlineData("Levels", 4)]
        [InlineData("Brighten", 3)]
        [InlineData("Advance", 3)]
        [InlineData("Volume", 2)]
        [InlineData("HalfShift", 3)]
        [InlineData("Normalize", 3)]
        [InlineData("InvertRows", 3)]
        [InlineData("ScaleRows", 3)]
        public void Channels_that_do_the_same_thing_roll_into_one_loop(string kernel, int channels)
        {
            string report = Report(kernel);
            Assert.Contains($"channels rolled: the {channels} statements of an iteration", report);
            Assert.Contains("one channel of an iteration per lane", report);
            Assert.DoesNotContain("strided loads", report.Split('\n').First(l => l.Contains("vector:")));
            Assert.Contains(kernel.EndsWith("Rows", StringComparison.Ordinal) ? $"+ (__kg_x - __kg_rfirst) / {channels}; // after the whole iterations" : $"__kg_i += (__kg_x - __kg_rfirst) / {channels};", report);
        }

        [Theory]
        [InlineData("SwapRB")]
        [InlineData("Reversed")]
        [InlineData("PerChannel")]
        [InlineData("Indexed")]
        [InlineData("KeepAlphaRows")]
        public void Permuted_reordered_channel_specific_or_indexed_bodies_do_not_roll(string kernel) =>
            Assert.DoesNotContain("channels rolled", Report(kernel));

        /// <summary>Serial and parallel on copies of the same arguments at <paramref name="degree"/> threads: every array equal (Differential).</summary>
        private static void Same(Assembly assembly, string kernel, Func<object[]> arguments, int degree) =>
            RuntimeSettings.With(degree, backoff: false, () => Differential.Same(assembly, "R", kernel, arguments()));

        private static void All(Assembly assembly, int n, int degree)
        {
            var random = new Random(n);
            byte[] Bytes(int count) { var b = new byte[count]; random.NextBytes(b); return b; }
            // One element more than the pixels use (left alone), so the rolled range must stop at a whole pixel.
            byte[] rgb = Bytes(3 * n + 1), bgra = Bytes(4 * n + 2), map = Bytes(256), out3 = Bytes(3 * n + 1);
            Same(assembly, "Invert", () => new object[] { rgb.ToArray() }, degree);
            Same(assembly, "Levels", () => new object[] { bgra.ToArray(), map }, degree);
            Same(assembly, "Brighten", () => new object[] { rgb, out3.ToArray(), 40 }, degree);
            // In place through two names (Differential clones each argument, so this one by hand).
            byte[] serialBoth = rgb.ToArray(), parallelBoth = rgb.ToArray();
            InMemory.Call(assembly, "R", "Brighten", serialBoth, serialBoth, 40);
            RuntimeSettings.With(degree, backoff: false, () => InMemory.Call(assembly, "R", "BrightenParallel", parallelBoth, parallelBoth, 40));
            Assert.Equal(serialBoth, parallelBoth);
            float[] position = Enumerable.Range(0, 3 * n).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();
            float[] velocity = Enumerable.Range(0, 3 * n).Select(k => k % 97 == 0 ? float.NaN : (float)(random.NextDouble() * 2 - 1)).ToArray();
            Same(assembly, "Advance", () => new object[] { position.ToArray(), velocity, 0.016f }, degree);
            short[] stereo = Enumerable.Range(0, 2 * n + 1).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            Same(assembly, "Volume", () => new object[] { stereo, new short[2 * n + 1], 1.7f }, degree);
            Same(assembly, "HalfShift", () => new object[] { rgb, out3.ToArray() }, degree);
            double[] xyz = Enumerable.Range(0, 3 * n).Select(_ => random.NextDouble() * 10 - 5).ToArray();
            Same(assembly, "Normalize", () => new object[] { xyz, new double[3 * n], 0.3 }, degree);
            Same(assembly, "Normalize", () => new object[] { xyz, new double[3 * n], 0.0 }, degree); // ±∞ and NaN
            Same(assembly, "SwapRB", () => new object[] { rgb, out3.ToArray() }, degree);
            Same(assembly, "Reversed", () => new object[] { rgb.ToArray() }, degree);
            Same(assembly, "PerChannel", () => new object[] { rgb, out3.ToArray() }, degree);
            Same(assembly, "Indexed", () => new object[] { rgb, out3.ToArray() }, degree);
            // Rows: padded, exactly adjacent, overlapping (serial then), widths that end inside a vector.
            int width = n % 97 + 1, height = n / width + 1;
            foreach (int stride in new[] { 3 * width + 5, 3 * width, 3 * width - 3 })
            {
                byte[] image = Bytes(Math.Max(stride, 3 * width) * height + 3 * width);
                Same(assembly, "InvertRows", () => new object[] { image.ToArray(), width, height, stride }, degree);
            }
            float[] plane = Enumerable.Range(0, 3 * width * height).Select(_ => (float)random.NextDouble()).ToArray();
            foreach (int left in new[] { 0, 1, width / 2, width })
                Same(assembly, "ScaleRows", () => new object[] { plane, new float[plane.Length], width, height, left, 1.25f }, degree);
            byte[] bgraRows = Bytes(4 * width * height);
            Same(assembly, "KeepAlphaRows", () => new object[] { bgraRows.ToArray(), width, height }, degree);
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(7, 1)]
        [InlineData(16, 1)]
        [InlineData(17, 2)]
        [InlineData(1_000, 2)]
        [InlineData(1_003, 1)]
        [InlineData(30_011, 2)]
        [InlineData(30_011, 3)]
        public void Results_are_the_serial_loops_at_every_size(int n, int degree) => All(s_built.Value, n, degree);

        [Fact]
        public void A_rolled_range_that_ends_inside_a_pixel_is_caught()
        {
            // Without rounding the range down to the narrowest vector, the vector loop stops inside an iteration and the
            // scalar loop runs that iteration again: in place, some channels are inverted twice.
            Assembly mutant = InMemory.BuildMutant(Source, "__kg_rn -= __kg_rn % ", "__kg_rn -= 0 * ");
            // (1,003 pixels: 3,009 bytes, of which 16-bit lanes cover 3,008, two thirds into the last pixel.)
            Assert.ThrowsAny<Exception>(() => All(mutant, 1_003, 1));
        }
    }
}
