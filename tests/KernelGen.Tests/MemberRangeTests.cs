using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// A PRange whose bounds are members of an object the body never names (<c>foreach (int y in PRange(bmp.Height))</c>
    /// with the pixels and stride taken out before the loop, as imaging code does). Lowering the range's arguments made
    /// a chunk local of <c>bmp?.Height</c> and a vector guard <c>bmp is not null</c>, but the chunk does not hold
    /// <c>bmp</c>: the generated code did not compile (CS0103, found porting a 24 bpp red/blue swap). The launch reads
    /// the bounds as written; member locals made only for them stay out of the chunk (Lowering._rangeOnlyMembers). The
    /// same swap with the bitmap's Width and Stride in the loop: a launch condition names them (RaceAnalysis.MemberValue)
    /// and the groups-of-3 check reads them as the chunks do (Planner.LaunchMember).
    /// </summary>
    public class MemberRangeTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public sealed class Bitmap24
            {
                public Bitmap24(int width, int height) : this(width, height, 3 * width) { }
                public Bitmap24(int width, int height, int stride) { Width = width; Height = height; Stride = stride; Pixels = new byte[Math.Max(0, stride * (height - 1) + 3 * width)]; }
                public int Width { get; }
                public int Height { get; }
                public int Stride { get; }
                public byte[] Pixels { get; }
            }

            public sealed class Samples { public float[] Values = Array.Empty<float>(); public int Count; }

            public static partial class M
            {
                // Red and blue swapped in place, rows by the bitmap's height (groups of 3 with the green left alone).
                [ParallelKernel]
                public static void SwapRedBlue(Bitmap24 bmp)
                {
                    byte[] px = bmp.Pixels;
                    int stride = bmp.Stride, w = bmp.Width;
                    foreach (int y in PRange(bmp.Height))
                        for (int x = 0; x < w; x++)
                        {
                            int o = y * stride + 3 * x;
                            byte t = px[o];
                            px[o] = px[o + 2];
                            px[o + 2] = t;
                        }
                }

                // The same with the row length read from the bitmap in the loop: iterations apart only where
                // Stride >= 3 * Width, a condition on two auto-properties checked at the launch (else serial).
                [ParallelKernel]
                public static void SwapRedBlueMembers(Bitmap24 bmp)
                {
                    byte[] px = bmp.Pixels;
                    foreach (int y in PRange(bmp.Height))
                        for (int x = 0; x < bmp.Width; x++)
                        {
                            int o = y * bmp.Stride + 3 * x;
                            byte t = px[o];
                            px[o] = px[o + 2];
                            px[o + 2] = t;
                        }
                }

                // An element-wise map over the first Count samples of an object's buffer.
                [ParallelKernel]
                public static void Halve(Samples s, float[] r)
                {
                    float[] v = s.Values;
                    foreach (int i in PRange(1, s.Count))
                        r[i] = v[i] * 0.5f + v[i - 1];
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Bounds_read_from_an_object_the_body_never_names_compile_and_give_the_serial_result()
        {
            Assembly assembly = s_built.Value;
            var random = new Random(7);
            foreach ((int w, int h) in new[] { (1, 1), (17, 5), (640, 33) })
            {
                object bmp = Activator.CreateInstance(assembly.GetType("Bitmap24")!, w, h)!;
                random.NextBytes((byte[])bmp.GetType().GetProperty("Pixels")!.GetValue(bmp)!);
                byte[] before = ((byte[])bmp.GetType().GetProperty("Pixels")!.GetValue(bmp)!).ToArray();
                InMemory.Call(assembly, "M", "SwapRedBlueParallel", bmp);
                byte[] after = (byte[])bmp.GetType().GetProperty("Pixels")!.GetValue(bmp)!;
                for (int p = 0; p < w * h; p++)
                {
                    Assert.Equal(before[3 * p + 2], after[3 * p]);
                    Assert.Equal(before[3 * p + 1], after[3 * p + 1]);
                    Assert.Equal(before[3 * p], after[3 * p + 2]);
                }
            }
            foreach (int n in new[] { 0, 1, 2, 37, 10_001 })
            {
                object s = Activator.CreateInstance(assembly.GetType("Samples")!)!;
                s.GetType().GetField("Values")!.SetValue(s, Enumerable.Range(0, n + 3).Select(_ => (float)random.NextDouble()).ToArray());
                s.GetType().GetField("Count")!.SetValue(s, n);
                Differential.Same(assembly, "M", "Halve", s, new float[n + 3]);
            }
            // Rows by the bitmap's own properties: packed, padded, and overlapping rows (stride below 3 * width: the
            // condition fails and the chunks run in order; the swaps then undo each other exactly as serially).
            foreach ((int w, int h, int stride) in new[] { (64, 40, 192), (61, 37, 186), (64, 40, 150), (5, 3, 0) })
            {
                object serial = Activator.CreateInstance(assembly.GetType("Bitmap24")!, w, h, stride)!;
                object parallel = Activator.CreateInstance(assembly.GetType("Bitmap24")!, w, h, stride)!;
                var bytes = (byte[])serial.GetType().GetProperty("Pixels")!.GetValue(serial)!;
                random.NextBytes(bytes);
                bytes.CopyTo((byte[])parallel.GetType().GetProperty("Pixels")!.GetValue(parallel)!, 0);
                var swap = (Action<object>)(b => assembly.GetType("M")!.GetMethod("SwapRedBlueMembers")!.Invoke(null, new[] { b }));
                swap(serial); // (through reflection: not intercepted)
                InMemory.Call(assembly, "M", "SwapRedBlueMembersParallel", parallel);
                Assert.Equal(bytes, (byte[])parallel.GetType().GetProperty("Pixels")!.GetValue(parallel)!);
            }
            string members = InMemory.Section(InMemory.GeneratedFrom(Source, "M")("SwapRedBlueMembers"));
            Assert.Contains("where bmp.Stride >= 3*bmp.Width", members);
            // Groups of 3 on the lanes: the launch also checks that the subscripts stay ints, reading the bounds as the
            // chunks do ((bmp?.Width ?? default)).
            Assert.Contains("groups of up to 3 interleaved elements per lane stored together", members);
            Assert.Contains("IntSubscripts(", members);
            Assert.Contains("(bmp?.Width ?? default)", members);
            // A null object throws where the serial loop does: at the bounds, before any iteration.
            Assert.Throws<NullReferenceException>(() => InMemory.Call(assembly, "M", "HalveParallel", null, new float[4]));
        }
    }
}
