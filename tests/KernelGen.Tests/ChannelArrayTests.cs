using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Rectangular arrays whose last dimension holds each pixel's channels, read with a constant channel
    /// (<c>rgb[y, x, 0]</c>, <c>rgb[y, x, 1]</c>, <c>rgb[y, x, 2]</c>: numpy's HWC layout as C# ports keep it, swharden's
    /// ArrayToImage; <c>points[i, 0..2]</c>; stereo frames <c>[n, 2]</c>), had no vector body: along x the elements are
    /// the channel count apart, which was "gathered lane by lane". Planner.Channels reads them as a flat array's
    /// <c>3 * x + c</c> (the interleaved-channel loads) where the last dimension's length is the largest channel read
    /// plus one, which the vector loop's guard checks; any other length runs the scalar loop. Stores of every channel of a
    /// pixel (<c>rgb[y, x, 0..2] = …</c>) go out together, as a flat array's interleaved groups do; planes of a stored
    /// array (<c>chw[0..2, y, x]</c>) are other elements.
    /// </summary>
    public class ChannelArrayTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class X
            {
                // RGB bytes packed into ARGB pixels, row by row (the inner loop's lanes).
                [ParallelKernel]
                public static void Pack(byte[,,] rgb, uint[] packed)
                {
                    int width = rgb.GetLength(1);
                    foreach (int y in PRange(rgb.GetLength(0)))
                        for (int x = 0; x < width; x++)
                        {
                            uint r = rgb[y, x, 0], g = rgb[y, x, 1], b = rgb[y, x, 2];
                            packed[y * width + x] = r + (g << 8) + (b << 16) + (255u << 24);
                        }
                }

                // Luma of a double image, into a 2-D plane.
                [ParallelKernel]
                public static void Luma(double[,,] img, double[,] gray)
                {
                    int h = img.GetLength(0), w = img.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            gray[y, x] = 0.299 * img[y, x, 0] + 0.587 * img[y, x, 1] + 0.114 * img[y, x, 2];
                }

                // Lengths of 3-D points, one per PRange iteration.
                [ParallelKernel]
                public static void Lengths(float[,] points, float[] length)
                {
                    foreach (int i in PRange(length.Length))
                        length[i] = MathF.Sqrt(points[i, 0] * points[i, 0] + points[i, 1] * points[i, 1] + points[i, 2] * points[i, 2]);
                }

                // Stereo frames to mono.
                [ParallelKernel]
                public static void Mono(short[,] frames, short[] mono)
                {
                    foreach (int i in PRange(mono.Length))
                        mono[i] = (short)((frames[i, 0] + frames[i, 1]) >> 1);
                }

                // ML pre-processing: HWC bytes to normalized CHW floats (ImageNet means and deviations), each channel a plane.
                [ParallelKernel]
                public static void ToPlanes(byte[,,] img, float[,,] chw)
                {
                    int h = img.GetLength(0), w = img.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            chw[0, y, x] = (img[y, x, 0] / 255f - 0.485f) / 0.229f;
                            chw[1, y, x] = (img[y, x, 1] / 255f - 0.456f) / 0.224f;
                            chw[2, y, x] = (img[y, x, 2] / 255f - 0.406f) / 0.225f;
                        }
                }

                // Planes read back beside their stores: plane 1 from plane 0 (other elements), and plane 2 from plane 2's
                // neighbour (a dependence along x: the vector path must not take it).
                [ParallelKernel]
                public static void PlaneFromPlane(float[,,] p)
                {
                    int h = p.GetLength(1), w = p.GetLength(2);
                    foreach (int y in PRange(h))
                        for (int x = 1; x < w; x++)
                        {
                            p[1, y, x] = p[0, y, x] * 2 + p[1, y, x];
                            p[2, y, x] = p[2, y, x - 1] + 1;
                        }
                }

                // Plane 1 from plane 0 and itself (other elements than plane 0's: vector lanes).
                [ParallelKernel]
                public static void PlaneUpdate(float[,,] p)
                {
                    int h = p.GetLength(1), w = p.GetLength(2);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                            p[1, y, x] = p[0, y, x] * 2 + p[1, y, x];
                }

                // Channels stored together (one interleaving store a step): RGB to BGR in place, gray to RGB, CHW floats back
                // to HWC, RGBA bytes with constant channels, 3-D points moved by their velocities (compound assignments).
                [ParallelKernel]
                public static void SwapRedBlue(byte[,,] img)
                {
                    int h = img.GetLength(0), w = img.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            byte r = img[y, x, 0], g = img[y, x, 1], b = img[y, x, 2];
                            img[y, x, 0] = b; img[y, x, 1] = g; img[y, x, 2] = r;
                        }
                }

                [ParallelKernel]
                public static void GrayToRgb(byte[,] gray, byte[,,] rgb)
                {
                    int h = gray.GetLength(0), w = gray.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            byte v = gray[y, x];
                            rgb[y, x, 0] = v; rgb[y, x, 1] = v; rgb[y, x, 2] = v;
                        }
                }

                [ParallelKernel]
                public static void ToHwc(float[,,] chw, float[,,] hwc)
                {
                    int h = chw.GetLength(1), w = chw.GetLength(2);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            hwc[y, x, 0] = chw[0, y, x] * 0.229f + 0.485f;
                            hwc[y, x, 1] = chw[1, y, x] * 0.224f + 0.456f;
                            hwc[y, x, 2] = chw[2, y, x] * 0.225f + 0.406f;
                        }
                }

                [ParallelKernel]
                public static void HeatRgba(float[,] v, byte[,,] rgba)
                {
                    int h = v.GetLength(0), w = v.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            int t = (int)(v[y, x] * 255);
                            rgba[y, x, 0] = (byte)t; rgba[y, x, 1] = (byte)(255 - t); rgba[y, x, 2] = 0; rgba[y, x, 3] = 255;
                        }
                }

                [ParallelKernel]
                public static void Move(double[,] p, double[,] v, double dt)
                {
                    foreach (int i in PRange(p.GetLength(0)))
                    {
                        p[i, 0] += v[i, 0] * dt; p[i, 1] += v[i, 1] * dt; p[i, 2] += v[i, 2] * dt;
                    }
                }

                // A channel computed from channels stored just before it (read from the values held for the group store).
                [ParallelKernel]
                public static void Derived(float[,] a, float[,] b, float[,,] hwc)
                {
                    int h = a.GetLength(0), w = a.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            hwc[y, x, 0] = a[y, x];
                            hwc[y, x, 1] = b[y, x] - 1;
                            hwc[y, x, 2] = hwc[y, x, 0] * 2 + hwc[y, x, 1];
                        }
                }

                // The next pixel's channel read after this pixel's group: the serial loop reads it before the next
                // iteration stores it, so lanes storing their groups first would see the new values (must be refused).
                [ParallelKernel]
                public static void NextPixel(float[,] a, float[,,] hwc, float[] next)
                {
                    int h = a.GetLength(0), w = a.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w - 1; x++)
                        {
                            hwc[y, x, 0] = a[y, x]; hwc[y, x, 1] = a[y, x] + 1; hwc[y, x, 2] = a[y, x] + 2;
                            next[y * w + x] = hwc[y, x + 1, 1];
                        }
                }

                // Two of three channels stored (a gap the group would overwrite): no group store; and a channel carried
                // along the row (a dependence along x): the scalar loop.
                [ParallelKernel]
                public static void TwoOfThree(byte[,,] img)
                {
                    int h = img.GetLength(0), w = img.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 0; x < w; x++)
                        {
                            img[y, x, 0] = (byte)(img[y, x, 0] + 1); img[y, x, 1] = (byte)(img[y, x, 2] >> 1);
                        }
                }

                [ParallelKernel]
                public static void Smear(float[,,] img)
                {
                    int h = img.GetLength(0), w = img.GetLength(1);
                    foreach (int y in PRange(h))
                        for (int x = 1; x < w; x++)
                        {
                            img[y, x, 0] = img[y, x - 1, 0] * 0.5f; img[y, x, 1] = img[y, x, 1] + 1; img[y, x, 2] = img[y, x, 0];
                        }
                }

                // A horizontal difference of the alpha channel (the neighbour at x + 1: out of range on the last column).
                [ParallelKernel]
                public static void AlphaEdge(byte[,,] rgba, int[] edge, int columns)
                {
                    foreach (int y in PRange(rgba.GetLength(0)))
                        for (int x = 0; x < columns; x++)
                            edge[y * columns + x] = rgba[y, x + 1, 3] - rgba[y, x, 3] + rgba[y, x, 0] * 0;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "X"));

        [Fact]
        public void Every_kernel_reads_its_channels_on_vector_lanes_where_the_channel_count_holds()
        {
            foreach (string kernel in new[] { "Pack", "Luma", "Lengths", "Mono", "AlphaEdge", "ToPlanes" })
                Assert.Contains("strided loads (interleaved channels)", InMemory.Section(s_generated.Value(kernel)));
            Assert.Contains("'p' is stored and accessed at different subscripts", InMemory.Section(s_generated.Value("PlaneFromPlane")));
            foreach (string kernel in new[] { "SwapRedBlue", "GrayToRgb", "ToHwc", "Move", "Derived" })
                Assert.Contains("groups of up to 3 interleaved elements per lane stored together", InMemory.Section(s_generated.Value(kernel)));
            Assert.Contains("groups of up to 4 interleaved elements per lane stored together", InMemory.Section(s_generated.Value("HeatRgba")));
            Assert.DoesNotContain("stored together", InMemory.Section(s_generated.Value("TwoOfThree")));
            Assert.Contains("scalar body", InMemory.Section(s_generated.Value("Smear")));
            Assert.Contains("'hwc' is stored and accessed at different subscripts", InMemory.Section(s_generated.Value("NextPixel")));
            Assert.Contains("rectangular arrays along their last dimension", InMemory.Section(s_generated.Value("PlaneUpdate")));
            Assert.Contains("rgb.GetLength(2) == 3", s_generated.Value("Pack"));
            // The report says which count the vector path needs (an RGBA image read as RGB runs the scalar loop).
            Assert.Contains("rgb as pixels of 3 channels (taken where its last dimension is 3, else the scalar loop)", InMemory.Section(s_generated.Value("Pack")));
            Assert.Contains("hwc as pixels of 3 channels", InMemory.Section(s_generated.Value("ToHwc")));
            Assert.Contains("points.GetLength(1) == 3", s_generated.Value("Lengths"));
            Assert.Contains("rgba.GetLength(2) == 4", s_generated.Value("AlphaEdge"));
        }

        private static T[,,] Image<T>(Random random, int h, int w, int c, Func<Random, T> value)
        {
            var image = new T[h, w, c];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int k = 0; k < c; k++) image[y, x, k] = value(random);
            return image;
        }

        private static T[,] Rows<T>(Random random, int n, int c, Func<Random, T> value)
        {
            var rows = new T[n, c];
            for (int i = 0; i < n; i++) for (int k = 0; k < c; k++) rows[i, k] = value(random);
            return rows;
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(3, 7)]
        [InlineData(2, 16)]
        [InlineData(5, 33)]
        [InlineData(4, 130)]
        public void Results_are_the_serial_loops_for_every_channel_count(int h, int w)
        {
            var random = new Random(h * 1000 + w);
            // The count the kernel reads (3; 4 for AlphaEdge), and others, where the scalar loop runs.
            foreach (int c in new[] { 3, 4, 5 })
            {
                Differential.Same(s_built.Value, "X", "Pack", Image(random, h, w, c, r => (byte)r.Next(256)), new uint[h * w]);
                Differential.Same(s_built.Value, "X", "Luma", Image(random, h, w, c, r => r.NextDouble() * 255), new double[h, w]);
                Differential.Same(s_built.Value, "X", "Lengths", Rows(random, h * w, c, r => (float)(r.NextDouble() * 4 - 2)), new float[h * w]);
                // One column fewer than the image (every neighbour in range), and all of them (the last one's is not).
                foreach (int columns in new[] { w - 1, w })
                    Differential.Same(s_built.Value, "X", "AlphaEdge", Image(random, h, w, c + 1, r => (byte)r.Next(256)), new int[h * Math.Max(columns, 0)], columns);
            }
            foreach (int c in new[] { 3, 4 })
                Differential.Same(s_built.Value, "X", "ToPlanes", Image(random, h, w, c, r => (byte)r.Next(256)), new float[3, h, w]);
            float[,,] planes = new float[3, h, w];
            for (int k = 0; k < 3; k++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) planes[k, y, x] = random.Next(-8, 8);
            Differential.Same(s_built.Value, "X", "PlaneFromPlane", planes);
            Differential.Same(s_built.Value, "X", "PlaneUpdate", planes);
            foreach (int c in new[] { 2, 3, 4 })
            {
                Differential.Same(s_built.Value, "X", "SwapRedBlue", Image(random, h, w, c, r => (byte)r.Next(256)));
                var gray = new byte[h, w];
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) gray[y, x] = (byte)random.Next(256);
                Differential.Same(s_built.Value, "X", "GrayToRgb", gray, Image(random, h, w, c, r => (byte)r.Next(256)));
                float[,,] chw = new float[3, h, w];
                for (int k = 0; k < 3; k++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) chw[k, y, x] = (float)random.NextDouble();
                Differential.Same(s_built.Value, "X", "ToHwc", chw, new float[h, w, c]);
                var heat = new float[h, w];
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) heat[y, x] = (float)random.NextDouble();
                Differential.Same(s_built.Value, "X", "HeatRgba", heat, Image(random, h, w, c + 1, r => (byte)r.Next(256)));
                float[,] da = new float[h, w], db = new float[h, w];
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) { da[y, x] = random.Next(-9, 9); db[y, x] = random.Next(-9, 9); }
                Differential.Same(s_built.Value, "X", "Derived", da, db, new float[h, w, c]);
                Differential.Same(s_built.Value, "X", "NextPixel", da, Image(random, h, w, c, r => (float)r.Next(-9, 9)), new float[h * w]);
                Differential.Same(s_built.Value, "X", "Move", Rows(random, h * w, c, r => r.NextDouble()), Rows(random, h * w, c, r => r.NextDouble() - 0.5), 0.125);
                Differential.Same(s_built.Value, "X", "TwoOfThree", Image(random, h, w, c, r => (byte)r.Next(256)));
                Differential.Same(s_built.Value, "X", "Smear", Image(random, h, w, c, r => (float)r.Next(-9, 9)));
            }
            foreach (int c in new[] { 2, 3 })
                Differential.Same(s_built.Value, "X", "Mono", Rows(random, h * w, c, r => (short)r.Next(short.MinValue, short.MaxValue + 1)), new short[h * w]);
        }

        [Fact]
        public void Without_the_channel_count_check_a_four_channel_image_is_read_as_three()
        {
            // The kernel reads channels 0..2; an RGBA image has 4 per pixel, so the stride-3 lanes would read the wrong bytes.
            Assembly mutant = InMemory.BuildMutant(Source, "&& rgb.GetLength(2) == 3", "");
            var random = new Random(9);
            byte[,,] rgba = Image(random, 3, 40, 4, r => (byte)r.Next(256));
            uint[] serial = new uint[120], parallel = new uint[120], wrong = new uint[120];
            InMemory.Call(s_built.Value, "X", "Pack", rgba, serial);
            InMemory.Call(s_built.Value, "X", "PackParallel", rgba, parallel);
            InMemory.Call(mutant, "X", "PackParallel", rgba, wrong);
            Assert.Equal(serial, parallel);
            Assert.NotEqual(serial, wrong);
        }
    }
}
