using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// <c>Math.Clamp((int)f, lo, hi)</c> of a float with int bounds on vectors (KernelRuntime.ClampToInt): clamped as a
    /// float, NaN made 0, then converted without the saturation fixups. The same ints as C#'s saturating cast and
    /// Math.Clamp for every float, NaN, ±∞ and ±0 included, whatever the bounds.
    /// </summary>
    public class ClampToIntTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class C
            {
                // Symmetric int8 quantization of activations (ONNX Runtime's and llama.cpp's quantize loops, in our own words).
                [ParallelKernel]
                public static void Quantize(float[] x, sbyte[] q, float inverseScale)
                {
                    foreach (int i in PRange(q.Length))
                        q[i] = (sbyte)Math.Clamp((int)MathF.Round(x[i] * inverseScale), -128, 127);
                }

                // A float channel to an 8-bit pixel, as image code writes it.
                [ParallelKernel]
                public static void ToBytes(float[] channel, byte[] pixels)
                {
                    foreach (int i in PRange(pixels.Length))
                        pixels[i] = (byte)Math.Clamp((int)(channel[i] * 255f + 0.5f), 0, 255);
                }

                // Bounds that leave 0 out: NaN clamps to the lower one.
                [ParallelKernel]
                public static void Band(float[] x, int[] r)
                {
                    foreach (int i in PRange(r.Length))
                        r[i] = Math.Clamp((int)x[i], 10, 20) + Math.Clamp((int)(x[i] * 1e9f), -16777216, -5);
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "C"));

        private static readonly float[] Specials =
        {
            float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon,
            127f, 127.49f, 127.5f, 127.99f, 128f, -128f, -128.5f, -128.99f, -129f, 9.99f, 10f, 20.99f, 21f, -4.99f,
            2147483520f, -2147483648f, 3e9f, -3e9f, float.MaxValue, float.MinValue, 16777216f, -16777217f, 0.49999997f,
        };

        private static float[] Floats(int n, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, n).Select(i => i < Specials.Length ? Specials[i]
                : random.Next(4) == 0 ? BitConverter.Int32BitsToSingle(random.Next()) * (random.Next(2) == 0 ? 1 : -1)
                : (float)(random.NextDouble() * 600 - 300)).ToArray();
        }

        [Theory]
        [InlineData("Quantize")]
        [InlineData("ToBytes")]
        [InlineData("Band")]
        public void The_clamped_conversion_runs_on_vectors(string kernel) =>
            Assert.Contains("KernelRuntime.ClampToInt(", InMemory.Section(s_generated.Value(kernel)));

        [Theory]
        [InlineData(1)]
        [InlineData(37)]
        [InlineData(1_000)]
        [InlineData(100_003)]
        public void Results_are_the_serial_loops(int n)
        {
            float[] x = Floats(n, n);
            float[] unit = x.Select(v => v / 300f).ToArray();
            foreach ((string kernel, Func<object[]> args, int output) in new (string, Func<object[]>, int)[]
            {
                ("Quantize", () => new object[] { x, new sbyte[n], 0.9f }, 1),
                ("ToBytes", () => new object[] { unit, new byte[n] }, 1),
                ("ToBytes", () => new object[] { x, new byte[n] }, 1),
                ("Band", () => new object[] { x, new int[n] }, 1),
            })
            {
                object[] serial = args(), parallel = args();
                InMemory.Call(s_built.Value, "C", kernel, serial);
                InMemory.Call(s_built.Value, "C", kernel + "Parallel", parallel);
                Assert.Equal((Array)serial[output], (Array)parallel[output]);
            }
        }

        [Fact]
        public void Every_width_gives_Math_Clamp_of_the_saturating_cast()
        {
            float[] x = Floats(4_096, 3);
            foreach ((int lo, int hi) in new[] { (-128, 127), (0, 255), (10, 20), (-16777216, -5), (0, 0) })
            {
                int[] expected = x.Select(v => Math.Clamp((int)v, lo, hi)).ToArray();
                for (int i = 0; i + 16 <= x.Length; i += 16)
                {
                    Vector512<int> v512 = KernelRuntime.ClampToInt(Vector512.Create(x.AsSpan(i, 16)), Vector512.Create((float)lo), Vector512.Create((float)hi));
                    Vector256<int> v256 = KernelRuntime.ClampToInt(Vector256.Create(x.AsSpan(i, 8)), Vector256.Create((float)lo), Vector256.Create((float)hi));
                    Vector128<int> v128 = KernelRuntime.ClampToInt(Vector128.Create(x.AsSpan(i, 4)), Vector128.Create((float)lo), Vector128.Create((float)hi));
                    for (int k = 0; k < 16; k++) Assert.Equal(expected[i + k], v512.GetElement(k));
                    for (int k = 0; k < 8; k++) Assert.Equal(expected[i + k], v256.GetElement(k));
                    for (int k = 0; k < 4; k++) Assert.Equal(expected[i + k], v128.GetElement(k));
                }
            }
        }
    }
}
