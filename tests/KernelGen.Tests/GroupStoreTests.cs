using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Interleaved channels stored together (Planner.GroupStore, KernelRuntime.NarrowStoreGroup): a loop that stores
    /// <c>a[c·i + j]</c> for every j &lt; c (c = 2, 3, 4: stereo frames, packed RGB, BGRA) of a byte/sbyte/short/ushort
    /// array holds the c values in int lanes and writes the whole group at once. Results are the serial loop's, in
    /// place too; groups the step does not complete (unless no iteration writes the gaps: GroupGapTests), and reads of
    /// an element a group holds back, keep the old plan.
    /// </summary>
    public class GroupStoreTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class G
            {
                // AForge.NET's LevelsLinear filter on a 24 bpp image, in place (ProcessFilter: ptr[RGB.R] = mapRed[ptr[RGB.R]], …,
                // R at byte 2 of each BGR pixel), in our own words.
                [ParallelKernel]
                public static void LevelsInPlace(byte[] bgr, byte[] mapRed, byte[] mapGreen, byte[] mapBlue)
                {
                    foreach (int p in PRange(bgr.Length / 3))
                    {
                        bgr[3 * p + 2] = mapRed[bgr[3 * p + 2]];
                        bgr[3 * p + 1] = mapGreen[bgr[3 * p + 1]];
                        bgr[3 * p] = mapBlue[bgr[3 * p]];
                    }
                }

                // 8-bit YUV to RGB888 with integer BT.601 weights (Microsoft Learn, "Recommended 8-Bit YUV Formats for
                // Video Rendering", converting 8-bit YUV to RGB888), planar in, packed out, in our own words.
                [ParallelKernel]
                public static void YuvToRgb(byte[] y, byte[] u, byte[] v, byte[] rgb)
                {
                    foreach (int p in PRange(y.Length))
                    {
                        int c = y[p] - 16, d = u[p] - 128, e = v[p] - 128;
                        rgb[3 * p] = (byte)Math.Clamp((298 * c + 409 * e + 128) >> 8, 0, 255);
                        rgb[3 * p + 1] = (byte)Math.Clamp((298 * c - 100 * d - 208 * e + 128) >> 8, 0, 255);
                        rgb[3 * p + 2] = (byte)Math.Clamp((298 * c + 516 * d + 128) >> 8, 0, 255);
                    }
                }

                // A gray plane expanded to RGB (AForge.NET's GrayscaleToRGB: the gray byte in all three channels).
                [ParallelKernel]
                public static void GrayToRgb(byte[] gray, byte[] rgb)
                {
                    foreach (int p in PRange(gray.Length))
                    {
                        byte g = gray[p];
                        rgb[3 * p] = g;
                        rgb[3 * p + 1] = g;
                        rgb[3 * p + 2] = g;
                    }
                }

                // RGBA to BGRA (swapping red and blue of 32-bit pixels, as bitmap interop code does).
                [ParallelKernel]
                public static void RgbaToBgra(byte[] rgba, byte[] bgra)
                {
                    foreach (int p in PRange(rgba.Length / 4))
                    {
                        bgra[4 * p] = rgba[4 * p + 2];
                        bgra[4 * p + 1] = rgba[4 * p + 1];
                        bgra[4 * p + 2] = rgba[4 * p];
                        bgra[4 * p + 3] = rgba[4 * p + 3];
                    }
                }

                // 16-bit mono to stereo with a volume per side (NAudio's MonoToStereoProvider16: each sample times
                // LeftVolume and RightVolume, cast to short), in our own words.
                [ParallelKernel]
                public static void MonoToStereo16(short[] mono, short[] stereo, float left, float right)
                {
                    foreach (int i in PRange(mono.Length))
                    {
                        stereo[2 * i] = (short)(mono[i] * left);
                        stereo[2 * i + 1] = (short)(mono[i] * right);
                    }
                }

                // Particles as packed xyz floats, moved one step (explicit Euler, as particle systems and boids samples write
                // it), gravity on y (the same update on every channel would roll into one loop: RolledChannelsTests).
                [ParallelKernel]
                public static void Advance(float[] position, float[] velocity, float dt)
                {
                    foreach (int i in PRange(position.Length / 3))
                    {
                        position[3 * i] += velocity[3 * i] * dt;
                        position[3 * i + 1] += (velocity[3 * i + 1] - 9.81f * dt) * dt;
                        position[3 * i + 2] += velocity[3 * i + 2] * dt;
                    }
                }

                // Linear RGBA float pixels: exposure on the colour channels, alpha copied.
                [ParallelKernel]
                public static void Exposure(float[] rgba, float[] result, float gain)
                {
                    foreach (int p in PRange(rgba.Length / 4))
                    {
                        result[4 * p] = rgba[4 * p] * gain;
                        result[4 * p + 1] = rgba[4 * p + 1] * gain;
                        result[4 * p + 2] = rgba[4 * p + 2] * gain;
                        result[4 * p + 3] = rgba[4 * p + 3];
                    }
                }

                // Double xyz points scaled and shifted; int quads mixed.
                [ParallelKernel]
                public static void Points(double[] xyz, double[] result, double scale)
                {
                    foreach (int p in PRange(xyz.Length / 3))
                    {
                        result[3 * p + 2] = xyz[3 * p + 2] * scale - 1.0;
                        result[3 * p] = xyz[3 * p] * scale;
                        result[3 * p + 1] = xyz[3 * p + 1] * scale + 1.0;
                    }
                }

                [ParallelKernel]
                public static void Quads(int[] q, int[] result)
                {
                    foreach (int p in PRange(q.Length / 4))
                    {
                        result[4 * p] = q[4 * p + 3] * 3;
                        result[4 * p + 1] = q[4 * p + 2] ^ q[4 * p];
                        result[4 * p + 2] = q[4 * p + 1] + 7;
                        result[4 * p + 3] = q[4 * p] - q[4 * p + 1];
                    }
                }

                // Each BGR pixel blended toward a colour in double arithmetic (ahotko/ImageProcessing's AlphaBlend, with
                // Math.Clamp): the channels' ints live in long lanes beside the doubles, stored as one group.
                [ParallelKernel]
                public static void BlendDouble(byte[] bgr, double alpha)
                {
                    foreach (int p in PRange(bgr.Length / 3))
                    {
                        bgr[3 * p] = (byte)Math.Clamp(alpha * (bgr[3 * p] - 250) + 250, 0, 255);
                        bgr[3 * p + 1] = (byte)Math.Clamp(alpha * (bgr[3 * p + 1] - 128) + 128, 0, 255);
                        bgr[3 * p + 2] = (byte)Math.Clamp(alpha * (bgr[3 * p + 2] - 3) + 3, 0, 255);
                    }
                }

                // effbdt/Photoshop-App's Grayscale (p[0] = p[1] = p[2] = (byte)(.299 * red + .587 * green + .114 * blue),
                // 24 bpp, in place), in our own words: a chain of assignments is the value once, then the three stores.
                [ParallelKernel]
                public static void GrayChain(byte[] bgr)
                {
                    foreach (int p in PRange(bgr.Length / 3))
                    {
                        int o = 3 * p;
                        byte blue = bgr[o], green = bgr[o + 1], red = bgr[o + 2];
                        bgr[o] = bgr[o + 1] = bgr[o + 2] = (byte)(.299 * red + .587 * green + .114 * blue);
                    }
                }

                // Chains through a local and into two arrays; one whose subscript reads an element (C# evaluates it
                // before the value, so it stays an ordinary assignment).
                [ParallelKernel]
                public static void Chains(float[] x, float[] a, float[] b, int[] index, float[] c)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        float t;
                        a[i] = t = x[i] * 2f;
                        b[i] = a[i] = t + 1f;
                        c[index[i]] = b[i] = x[i] - t;
                    }
                }

                // mszostok/BlendApp's blendToImages (a byte cursor j moved by ++j after each channel, alpha set to 255),
                // in our own words: the cursor is the first lane's value moved by 1 each time, the four stores one group.
                [ParallelKernel]
                public static void BlendCursor(byte[] bottom, byte[] top, float alpha)
                {
                    float wTop = alpha / 255.0F, wBottom = 1.0F - wTop;
                    foreach (int p in PRange(bottom.Length / 4))
                    {
                        int j = p * 4;
                        bottom[j] = (byte)(wBottom * bottom[j] + wTop * top[j]);
                        ++j;
                        bottom[j] = (byte)(wBottom * bottom[j] + wTop * top[j]);
                        j += 1;
                        bottom[j] = (byte)(wBottom * bottom[j] + wTop * top[j]);
                        ++j;
                        bottom[j] = 255;
                    }
                }

                // A cursor moved in a branch too: not a stepped cursor (the lanes would move it differently).
                [ParallelKernel]
                public static void CursorInBranch(byte[] px, int[] r)
                {
                    foreach (int p in PRange(r.Length))
                    {
                        int j = 2 * p;
                        int v = px[j];
                        if (v > 100) j++;
                        r[p] = v + px[j];
                    }
                }

                // Low bits kept: a sum that overflows the channel wraps, as the cast does.
                [ParallelKernel]
                public static void Wrapping(int[] a, ushort[] planes)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        planes[3 * i] = (ushort)(a[i] * 7);
                        planes[3 * i + 1] = (ushort)(a[i] >> 3);
                        planes[3 * i + 2] = (ushort)(a[i] ^ 0x5A5A5);
                    }
                }

                // Premultiplied alpha (alpha itself not stored): the gap written back as it is (GroupGapTests).
                [ParallelKernel]
                public static void Premultiply(byte[] bgra)
                {
                    foreach (int p in PRange(bgra.Length / 4))
                    {
                        int alpha = bgra[4 * p + 3];
                        bgra[4 * p] = (byte)(bgra[4 * p] * alpha / 255);
                        bgra[4 * p + 1] = (byte)(bgra[4 * p + 1] * alpha / 255);
                        bgra[4 * p + 2] = (byte)(bgra[4 * p + 2] * alpha / 255);
                    }
                }

                // Green read back after it was stored: the group would hold the new green back, so no group.
                [ParallelKernel]
                public static void ReadsBack(byte[] rgb)
                {
                    foreach (int p in PRange(rgb.Length / 3))
                    {
                        rgb[3 * p + 1] = (byte)(rgb[3 * p + 1] + 40);
                        rgb[3 * p] = (byte)(rgb[3 * p + 1] / 2);
                        rgb[3 * p + 2] = (byte)(rgb[3 * p + 2] ^ rgb[3 * p + 1]);
                    }
                }

                // A channel stored twice: no group (each element must be written once).
                [ParallelKernel]
                public static void Twice(byte[] src, byte[] rgb)
                {
                    foreach (int p in PRange(src.Length))
                    {
                        rgb[3 * p] = src[p];
                        rgb[3 * p + 1] = (byte)(src[p] + 1);
                        rgb[3 * p] = (byte)(src[p] + 2);
                        rgb[3 * p + 2] = (byte)(src[p] + 3);
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "G"));

        [Theory]
        [InlineData("LevelsInPlace", 3)]
        [InlineData("YuvToRgb", 3)]
        [InlineData("GrayToRgb", 3)]
        [InlineData("RgbaToBgra", 4)]
        [InlineData("MonoToStereo16", 2)]
        [InlineData("Wrapping", 3)]
        [InlineData("Advance", 3)]
        [InlineData("Exposure", 4)]
        [InlineData("Points", 3)]
        [InlineData("Quads", 4)]
        [InlineData("BlendDouble", 3)]
        [InlineData("GrayChain", 3)]
        [InlineData("BlendCursor", 4)]
        public void Every_channel_of_the_pixel_is_stored_in_one_group(string kernel, int channels)
        {
            string generated = InMemory.Section(s_generated.Value(kernel));
            Assert.Contains(kernel is "Advance" or "Exposure" or "Points" or "Quads" ? "KernelRuntime.StoreGroup"
                : kernel is "BlendDouble" or "GrayChain" ? "KernelRuntime.NarrowStoreGroupLong" : "KernelRuntime.NarrowStoreGroup", generated);
            Assert.Contains($"// lane k: elements {channels}k … {channels}k + {channels - 1}", generated);
            Assert.Contains(channels == 2 ? "pairs of elements per lane" : $"groups of up to {channels} interleaved elements per lane stored together", generated);
        }

        [Theory]
        [InlineData("ReadsBack")]
        [InlineData("Twice")]
        public void Groups_the_step_does_not_complete_or_reads_back_are_not_formed(string kernel) =>
            Assert.DoesNotContain("NarrowStoreGroup", InMemory.Section(s_generated.Value(kernel)));

        private static void Same(Assembly assembly, string kernel, Func<object[]> arguments, int output)
        {
            object[] serial = arguments(), parallel = arguments();
            InMemory.Call(assembly, "G", kernel, serial);
            InMemory.Call(assembly, "G", kernel + "Parallel", parallel);
            Assert.Equal((Array)serial[output], (Array)parallel[output]);
        }

        private static void AllKernels(Assembly assembly, int n)
        {
            var random = new Random(n);
            byte[] Bytes(int count) { var b = new byte[count]; random.NextBytes(b); return b; }
            byte[] bgr = Bytes(3 * n), red = Bytes(256), green = Bytes(256), blue = Bytes(256), y = Bytes(n), u = Bytes(n), v = Bytes(n), rgba = Bytes(4 * n);
            short[] mono = Enumerable.Range(0, n).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
            int[] a = Enumerable.Range(0, n).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
            Same(assembly, "LevelsInPlace", () => new object[] { bgr.ToArray(), red, green, blue }, 0);
            Same(assembly, "YuvToRgb", () => new object[] { y, u, v, new byte[3 * n] }, 3);
            Same(assembly, "GrayToRgb", () => new object[] { y, new byte[3 * n] }, 1);
            Same(assembly, "RgbaToBgra", () => new object[] { rgba, new byte[4 * n] }, 1);
            Same(assembly, "MonoToStereo16", () => new object[] { mono, new short[2 * n], 0.75f, 1.6f }, 1);
            Same(assembly, "Wrapping", () => new object[] { a, new ushort[3 * n] }, 1);
            Same(assembly, "Premultiply", () => new object[] { rgba.ToArray() }, 0);
            Same(assembly, "BlendDouble", () => new object[] { bgr.ToArray(), 0.35 }, 0);
            Same(assembly, "BlendDouble", () => new object[] { bgr.ToArray(), -1.7 }, 0);
            Same(assembly, "GrayChain", () => new object[] { bgr.ToArray() }, 0);
            Same(assembly, "BlendCursor", () => new object[] { rgba.ToArray(), rgba.Reverse().ToArray(), 100f }, 0);
            byte[] cursorBytes = Bytes(2 * n + 1);
            Same(assembly, "CursorInBranch", () => new object[] { cursorBytes, new int[n] }, 1);
            float[] xs = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
            int[] permutation = Enumerable.Range(0, n).Reverse().ToArray();
            foreach (int output in new[] { 1, 2, 4 })
                Same(assembly, "Chains", () => new object[] { xs, new float[n], new float[n], permutation, new float[n] }, output);
            // An index out of range: the same exception, after the same stores.
            if (n > 1)
                Differential.Same(assembly, "G", "Chains", xs, new float[n], new float[n], permutation.Select(k => k == n / 2 ? n : k).ToArray(), new float[n]);
            float[] position = Enumerable.Range(0, 3 * n).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();
            float[] velocity = Enumerable.Range(0, 3 * n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            Same(assembly, "Advance", () => new object[] { position.ToArray(), velocity, 0.016f }, 0);
            float[] linear = Enumerable.Range(0, 4 * n).Select(k => k % 37 == 0 ? float.NaN : (float)random.NextDouble()).ToArray();
            Same(assembly, "Exposure", () => new object[] { linear, new float[4 * n], 1.7f }, 1);
            double[] xyz = Enumerable.Range(0, 3 * n).Select(_ => random.NextDouble() * 10 - 5).ToArray();
            Same(assembly, "Points", () => new object[] { xyz, new double[3 * n], 0.3 }, 1);
            int[] quads = Enumerable.Range(0, 4 * n).Select(_ => random.Next(int.MinValue, int.MaxValue)).ToArray();
            Same(assembly, "Quads", () => new object[] { quads, new int[4 * n] }, 1);
            Same(assembly, "ReadsBack", () => new object[] { bgr.ToArray() }, 0);
            Same(assembly, "Twice", () => new object[] { y, new byte[3 * n] }, 1);
            // An output one element longer than the groups (the last element is left as it was).
            byte[] longer = Bytes(3 * n + 1);
            Same(assembly, "GrayToRgb", () => new object[] { y, longer.ToArray() }, 1);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(15)]
        [InlineData(17)]
        [InlineData(1_000)]
        [InlineData(100_003)]
        public void Results_are_the_serial_loops_at_every_size(int n) => AllKernels(s_built.Value, n);

        [Fact]
        public void A_group_stored_in_the_wrong_order_is_caught()
        {
            // The channels of YuvToRgb written as B, G, R instead of R, G, B.
            Assembly mutant = InMemory.BuildMutant(Source, "(__kg_group0, __kg_group1, __kg_group2,", "(__kg_group2, __kg_group1, __kg_group0,");
            Assert.ThrowsAny<Exception>(() => AllKernels(mutant, 1_000));
        }

        private static void Groups<T>(Func<int, T> narrow) where T : unmanaged
        {
            var random = new Random(typeof(T).Name.Length);
            int[][] values = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 16).Select(__ => random.Next(int.MinValue, int.MaxValue)).ToArray()).ToArray();
            for (int c = 2; c <= 4; c++)
                foreach (int lanes in new[] { 4, 8, 16 })
                    for (int at = 0; at < 3; at++)
                    {
                        // Lane k of value j at at + c·k + j, its low bits; the elements around stay as they were.
                        T[] dst = Enumerable.Range(0, 80).Select(k => narrow(~k)).ToArray();
                        T[] expected = (T[])dst.Clone();
                        for (int k = 0; k < lanes; k++)
                            for (int j = 0; j < c; j++)
                                expected[at + c * k + j] = narrow(values[j][k]);
                        Vector512<int> V512(int j) => Vector512.Create(values[j]);
                        Vector256<int> V256(int j) => Vector256.Create(values[j].AsSpan(0, 8));
                        Vector128<int> V128(int j) => Vector128.Create(values[j].AsSpan(0, 4));
                        ref T first = ref dst[0];
                        switch ((lanes, c))
                        {
                            case (4, 2): KernelRuntime.NarrowStoreGroup128(V128(0), V128(1), ref first, (nuint)at); break;
                            case (4, 3): KernelRuntime.NarrowStoreGroup128(V128(0), V128(1), V128(2), ref first, (nuint)at); break;
                            case (4, 4): KernelRuntime.NarrowStoreGroup128(V128(0), V128(1), V128(2), V128(3), ref first, (nuint)at); break;
                            case (8, 2): KernelRuntime.NarrowStoreGroup256(V256(0), V256(1), ref first, (nuint)at); break;
                            case (8, 3): KernelRuntime.NarrowStoreGroup256(V256(0), V256(1), V256(2), ref first, (nuint)at); break;
                            case (8, 4): KernelRuntime.NarrowStoreGroup256(V256(0), V256(1), V256(2), V256(3), ref first, (nuint)at); break;
                            case (16, 2): KernelRuntime.NarrowStoreGroup512(V512(0), V512(1), ref first, (nuint)at); break;
                            case (16, 3): KernelRuntime.NarrowStoreGroup512(V512(0), V512(1), V512(2), ref first, (nuint)at); break;
                            default: KernelRuntime.NarrowStoreGroup512(V512(0), V512(1), V512(2), V512(3), ref first, (nuint)at); break;
                        }
                        Assert.True(expected.SequenceEqual(dst), $"{typeof(T).Name}: {c} values of {lanes} lanes at {at}");
                    }
        }

        // Long lanes holding ints (loops that also compute doubles): 2, 4 and 8 lanes, the ints' low bits.
        private static void LongLaneGroups<T>(Func<int, T> narrow) where T : unmanaged
        {
            var random = new Random(typeof(T).Name.Length + 200);
            int[][] values = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 8).Select(__ => random.Next(int.MinValue, int.MaxValue)).ToArray()).ToArray();
            for (int c = 2; c <= 4; c++)
                foreach (int lanes in new[] { 2, 4, 8 })
                    for (int at = 0; at < 3; at++)
                    {
                        T[] dst = Enumerable.Range(0, 40).Select(k => narrow(~k)).ToArray();
                        T[] expected = (T[])dst.Clone();
                        for (int k = 0; k < lanes; k++)
                            for (int j = 0; j < c; j++)
                                expected[at + c * k + j] = narrow(values[j][k]);
                        long[] Longs(int j, int count) => values[j].Take(count).Select(v => (long)v).ToArray();
                        Vector512<long> V512(int j) => Vector512.Create(Longs(j, 8));
                        Vector256<long> V256(int j) => Vector256.Create(Longs(j, 4));
                        Vector128<long> V128(int j) => Vector128.Create(Longs(j, 2));
                        ref T first = ref dst[0];
                        switch ((lanes, c))
                        {
                            case (2, 2): KernelRuntime.NarrowStoreGroupLong128(V128(0), V128(1), ref first, (nuint)at); break;
                            case (2, 3): KernelRuntime.NarrowStoreGroupLong128(V128(0), V128(1), V128(2), ref first, (nuint)at); break;
                            case (2, 4): KernelRuntime.NarrowStoreGroupLong128(V128(0), V128(1), V128(2), V128(3), ref first, (nuint)at); break;
                            case (4, 2): KernelRuntime.NarrowStoreGroupLong256(V256(0), V256(1), ref first, (nuint)at); break;
                            case (4, 3): KernelRuntime.NarrowStoreGroupLong256(V256(0), V256(1), V256(2), ref first, (nuint)at); break;
                            case (4, 4): KernelRuntime.NarrowStoreGroupLong256(V256(0), V256(1), V256(2), V256(3), ref first, (nuint)at); break;
                            case (8, 2): KernelRuntime.NarrowStoreGroupLong512(V512(0), V512(1), ref first, (nuint)at); break;
                            case (8, 3): KernelRuntime.NarrowStoreGroupLong512(V512(0), V512(1), V512(2), ref first, (nuint)at); break;
                            default: KernelRuntime.NarrowStoreGroupLong512(V512(0), V512(1), V512(2), V512(3), ref first, (nuint)at); break;
                        }
                        Assert.True(expected.SequenceEqual(dst), $"{typeof(T).Name}: {c} values of {lanes} long lanes at {at}");
                    }
        }

        // 16-bit lanes into byte channels (loops whose values fit 16 bits): 8, 16 and 32 lanes.
        private static void ShortLaneGroups<T>(Func<int, T> narrow) where T : unmanaged
        {
            var random = new Random(typeof(T).Name.Length + 100);
            short[][] values = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 32).Select(__ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray()).ToArray();
            for (int c = 2; c <= 4; c++)
                foreach (int lanes in new[] { 8, 16, 32 })
                    for (int at = 0; at < 3; at++)
                    {
                        T[] dst = Enumerable.Range(0, 160).Select(k => narrow(~k)).ToArray();
                        T[] expected = (T[])dst.Clone();
                        for (int k = 0; k < lanes; k++)
                            for (int j = 0; j < c; j++)
                                expected[at + c * k + j] = narrow(values[j][k]);
                        Vector512<short> V512(int j) => Vector512.Create(values[j]);
                        Vector256<short> V256(int j) => Vector256.Create(values[j].AsSpan(0, 16));
                        Vector128<short> V128(int j) => Vector128.Create(values[j].AsSpan(0, 8));
                        ref T first = ref dst[0];
                        switch ((lanes, c))
                        {
                            case (8, 2): KernelRuntime.NarrowStoreGroupShort128(V128(0), V128(1), ref first, (nuint)at); break;
                            case (8, 3): KernelRuntime.NarrowStoreGroupShort128(V128(0), V128(1), V128(2), ref first, (nuint)at); break;
                            case (8, 4): KernelRuntime.NarrowStoreGroupShort128(V128(0), V128(1), V128(2), V128(3), ref first, (nuint)at); break;
                            case (16, 2): KernelRuntime.NarrowStoreGroupShort256(V256(0), V256(1), ref first, (nuint)at); break;
                            case (16, 3): KernelRuntime.NarrowStoreGroupShort256(V256(0), V256(1), V256(2), ref first, (nuint)at); break;
                            case (16, 4): KernelRuntime.NarrowStoreGroupShort256(V256(0), V256(1), V256(2), V256(3), ref first, (nuint)at); break;
                            case (32, 2): KernelRuntime.NarrowStoreGroupShort512(V512(0), V512(1), ref first, (nuint)at); break;
                            case (32, 3): KernelRuntime.NarrowStoreGroupShort512(V512(0), V512(1), V512(2), ref first, (nuint)at); break;
                            default: KernelRuntime.NarrowStoreGroupShort512(V512(0), V512(1), V512(2), V512(3), ref first, (nuint)at); break;
                        }
                        Assert.True(expected.SequenceEqual(dst), $"{typeof(T).Name} from 16-bit lanes: {c} values of {lanes} lanes at {at}");
                    }
        }

        [Fact]
        public void The_runtime_stores_lane_k_of_value_j_at_c_k_plus_j_at_every_width_and_element_type()
        {
            Groups(v => unchecked((byte)v));
            Groups(v => unchecked((sbyte)v));
            Groups(v => unchecked((short)v));
            Groups(v => unchecked((ushort)v));
            ShortLaneGroups(v => unchecked((byte)v));
            ShortLaneGroups(v => unchecked((sbyte)v));
            LongLaneGroups(v => unchecked((byte)v));
            LongLaneGroups(v => unchecked((sbyte)v));
            LongLaneGroups(v => unchecked((short)v));
            LongLaneGroups(v => unchecked((ushort)v));
        }

        // Loads and group stores of the lanes' own type at stride 3 and 4.
        private static void SameType<T>(Func<int, T> value) where T : unmanaged
        {
            T[] src = Enumerable.Range(0, 300).Select(value).ToArray();
            T[][] values = Enumerable.Range(0, 4).Select(j => Enumerable.Range(0, 16).Select(k => value(1000 * (j + 1) + k)).ToArray()).ToArray();
            foreach (int stride in new[] { 3, 4 })
                for (int at = 0; at < 3; at++)
                {
                    T[] Expected(int lanes) => Enumerable.Range(0, lanes).Select(k => src[at + stride * k]).ToArray();
                    Assert.Equal(Expected(Vector128<T>.Count), Enumerable.Range(0, Vector128<T>.Count).Select(k => KernelRuntime.LoadStrided128(ref src[0], (nuint)at, stride).GetElement(k)));
                    Assert.Equal(Expected(Vector256<T>.Count), Enumerable.Range(0, Vector256<T>.Count).Select(k => KernelRuntime.LoadStrided256(ref src[0], (nuint)at, stride).GetElement(k)));
                    Assert.Equal(Expected(Vector512<T>.Count), Enumerable.Range(0, Vector512<T>.Count).Select(k => KernelRuntime.LoadStrided512(ref src[0], (nuint)at, stride).GetElement(k)));
                    foreach (int bits in new[] { 128, 256, 512 })
                    {
                        int lanes = bits / 8 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
                        T[] dst = Enumerable.Range(0, 80).Select(k => value(-k - 1)).ToArray();
                        T[] expected = (T[])dst.Clone();
                        for (int k = 0; k < lanes; k++)
                            for (int j = 0; j < stride; j++)
                                expected[at + stride * k + j] = values[j][k];
                        ref T first = ref dst[0];
                        switch ((bits, stride))
                        {
                            case (128, 3): KernelRuntime.StoreGroup128(Vector128.Create(values[0]), Vector128.Create(values[1]), Vector128.Create(values[2]), ref first, (nuint)at); break;
                            case (128, 4): KernelRuntime.StoreGroup128(Vector128.Create(values[0]), Vector128.Create(values[1]), Vector128.Create(values[2]), Vector128.Create(values[3]), ref first, (nuint)at); break;
                            case (256, 3): KernelRuntime.StoreGroup256(Vector256.Create(values[0]), Vector256.Create(values[1]), Vector256.Create(values[2]), ref first, (nuint)at); break;
                            case (256, 4): KernelRuntime.StoreGroup256(Vector256.Create(values[0]), Vector256.Create(values[1]), Vector256.Create(values[2]), Vector256.Create(values[3]), ref first, (nuint)at); break;
                            case (512, 3): KernelRuntime.StoreGroup512(Vector512.Create(values[0]), Vector512.Create(values[1]), Vector512.Create(values[2]), ref first, (nuint)at); break;
                            default: KernelRuntime.StoreGroup512(Vector512.Create(values[0]), Vector512.Create(values[1]), Vector512.Create(values[2]), Vector512.Create(values[3]), ref first, (nuint)at); break;
                        }
                        Assert.True(expected.SequenceEqual(dst), $"{typeof(T).Name}: {stride} values of {bits} bits at {at}");
                    }
                }
        }

        [Fact]
        public void Strided_loads_and_groups_of_the_lanes_own_type_match_their_definition_at_every_width()
        {
            SameType(k => k * 1.5f - 7);
            SameType(k => k * 3 - 11);
            SameType(k => k * 0.25 - 3);
            SameType(k => (long)k * 1_000_000_007L);
        }

        [Theory]
        [InlineData("LevelsInPlace")]
        [InlineData("RgbaToBgra")]
        public void Byte_channels_of_values_that_fit_16_bits_run_in_16_bit_lanes(string kernel) =>
            Assert.Contains("KernelRuntime.NarrowStoreGroupShort", InMemory.Section(s_generated.Value(kernel)));
    }
}
