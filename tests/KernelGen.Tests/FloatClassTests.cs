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
    /// negative, with payload), ±∞, ±0, subnormals, the largest finite values.
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
            }
        }
    }
}
