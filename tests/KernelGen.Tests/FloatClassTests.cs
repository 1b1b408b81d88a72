using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// float/double.IsNaN, IsFinite, IsInfinity, IsPositiveInfinity and IsNegativeInfinity on vector lanes, as the
    /// comparisons Lowering.FloatClass makes of them, against the serial calls on every class of value: NaN (quiet,
    /// negative, with payload), ±∞, ±0, subnormals, the largest finite values; and generic math's statics on float and
    /// double (float.Max …) as the Math functions they forward to.
    /// </summary>
    public class FloatClassTests
    {
        private const string Source = @"using KernelGen; using static KernelGen.Kernel;
public static partial class C
{
    [ParallelKernel(ChunkSize = 16)]
    public static void Classify(float[] x, int[] code)
    {
        foreach (int i in PRange(x.Length))
            code[i] = (float.IsNaN(x[i]) ? 1 : 0) + (float.IsFinite(x[i]) ? 2 : 0) + (float.IsInfinity(x[i]) ? 4 : 0)
                + (float.IsPositiveInfinity(x[i]) ? 8 : 0) + (float.IsNegativeInfinity(x[i]) ? 16 : 0);
    }

    // Generic math's statics on float and double.
    [ParallelKernel(ChunkSize = 16)]
    public static void Statics(float[] x, float[] y, double[] d)
    {
        foreach (int i in PRange(x.Length))
        {
            y[i] = float.Max(x[i], 0.5f) + float.Min(x[i], -1f) * float.Abs(x[i]) - float.Sqrt(float.Abs(x[i]))
                + float.CopySign(1.25f, x[i]);
            d[i] = double.Floor(d[i]) + double.Ceiling(d[i] * 0.5) - double.Truncate(d[i] * 3);
        }
    }

    [ParallelKernel(ChunkSize = 16)]
    public static void Clean(double[] x, double[] y, double fill)
    {
        foreach (int i in PRange(x.Length))
            y[i] = double.IsNaN(x[i]) || double.IsInfinity(x[i] * 2) ? fill : double.IsFinite(x[i]) ? x[i] : -x[i];
    }
}";

        private static readonly float[] Specials =
        {
            float.NaN, -float.NaN, BitConverter.Int32BitsToSingle(0x7FC00123), BitConverter.Int32BitsToSingle(unchecked((int)0xFF800001)),
            float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1.5f, -2.25f,
        };

        [Fact]
        public void Float_classes_take_vector_steps_and_agree_with_the_calls_on_every_kind_of_value()
        {
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "C");
            Assert.Contains("Vector512/Vector256/Vector128<", InMemory.VectorLine(generated("Classify")));
            Assert.Contains("Vector512/Vector256/Vector128<", InMemory.VectorLine(generated("Clean")));
            Assembly assembly = InMemory.Build(Source);
            var random = new Random(7);
            foreach (int n in new[] { 1, 14, 100, 1003 })
            {
                float[] x = Enumerable.Range(0, n).Select(i => Specials[random.Next(Specials.Length)]).ToArray();
                Differential.Same(assembly, "C", "Classify", x, new int[n]);
                double[] d = x.Select(v => v == float.MaxValue ? double.MaxValue : (double)v).ToArray();
                Differential.Same(assembly, "C", "Clean", d, new double[n], -1.0);
                Differential.Same(assembly, "C", "Statics", x, new float[n], d);
            }
            Assert.Contains("Vector512/Vector256/Vector128<", InMemory.VectorLine(generated("Statics")));
        }

        [Fact]
        public void The_number_statics_KernelGen_maps_to_Math_are_Math_on_this_runtime()
        {
            // The premise of Lowering's s_numberMath: float.Max is MathF.Max, and so on, bitwise but for which NaN comes out:
            // that is not fixed even for one function, whose NaN bits differ between JIT tiers (this test failed once on
            // float.Max giving 0xFFC00000 where MathF.Max gave another NaN; NumericsOperatorTests counts such cases).
            var random = new Random(11);
            float[] values = Specials.Concat(Enumerable.Range(0, 500).Select(_ => BitConverter.Int32BitsToSingle(random.Next()))).ToArray();
            static long B(float f) => Differential.Key(f);
            foreach (float a in values)
            {
                Assert.Equal(B(MathF.Abs(a)), B(float.Abs(a)));
                Assert.Equal(B(MathF.Sqrt(a)), B(float.Sqrt(a)));
                Assert.Equal(B(MathF.Floor(a)), B(float.Floor(a)));
                Assert.Equal(B(MathF.Ceiling(a)), B(float.Ceiling(a)));
                Assert.Equal(B(MathF.Truncate(a)), B(float.Truncate(a)));
                Assert.Equal(B(MathF.Exp(a)), B(float.Exp(a)));
                foreach (float b in Specials)
                {
                    Assert.Equal(B(MathF.Max(a, b)), B(float.Max(a, b)));
                    Assert.Equal(B(MathF.Min(a, b)), B(float.Min(a, b)));
                    Assert.Equal(B(MathF.CopySign(a, b)), B(float.CopySign(a, b)));
                    Assert.Equal(B(MathF.MaxMagnitude(a, b)), B(float.MaxMagnitude(a, b)));
                    Assert.Equal(B(MathF.MinMagnitude(a, b)), B(float.MinMagnitude(a, b)));
                    Assert.Equal(Differential.Key(Math.Max((double)a, b)), Differential.Key(double.Max(a, b)));
                    Assert.Equal(Differential.Key(Math.Min((double)a, b)), Differential.Key(double.Min(a, b)));
                }
            }
        }
    }
}
