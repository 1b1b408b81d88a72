using System;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// System.Numerics vector operators field by field (Lowering.Component): <c>-v</c> and <c>v / s</c> besides +, -, *
    /// and / of two vectors, in locals of the body too; and bool mask arrays (<c>if (fixes[i]) continue;</c>,
    /// <c>above[i] = x[i] > t;</c>) read and stored as their bytes on the lanes (Planner.BoolElement, StoreBool). Ported in our own words from WeakKnight/JobSystemPhysics
    /// (Assets/Scripts/Jobs/SymplecticEulerJob.cs: a fixed-point mask, force = -gradient, v += dt * force / mass),
    /// where a Unity job's NativeArrays become arrays.
    /// </summary>
    public class NumericsOperatorTests
    {
        private const string Source = """
            using System;
            using System.Numerics;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class N
            {
                [ParallelKernel]
                public static void Euler(bool[] fixes, float[] mass, Vector3[] gradient, Vector3[] position, Vector3[] velocity, float deltaTime)
                {
                    foreach (int index in PRange(position.Length))
                    {
                        if (fixes[index]) continue;
                        Vector3 force = -gradient[index];
                        velocity[index] = velocity[index] + (deltaTime * force / mass[index]);
                        position[index] = position[index] + (velocity[index] * deltaTime);
                    }
                }

                // Vector2 and Vector4: negation of a sum, a division by a shared scalar, unary plus.
                [ParallelKernel]
                public static void Scale(Vector2[] a, Vector4[] b, Vector2[] c, Vector4[] d, float s)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        c[i] = -(a[i] + Vector2.One) / s;
                        d[i] = +b[i] / (s + i);
                    }
                }

                // Bool outputs: a threshold mask (each lane's comparison stored as the 1 or 0 C# stores), and a flag set
                // in a branch (the other lanes keep their bytes).
                [ParallelKernel]
                public static void Mask(float[] x, bool[] above, bool[] negative, float t)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        above[i] = x[i] > t;
                        if (x[i] < 0) negative[i] = true;
                    }
                }

                // A mask read through an index array: each lane reads its bool itself.
                [ParallelKernel]
                public static void Gathered(bool[] on, int[] at, float[] x, float[] y)
                {
                    foreach (int i in PRange(x.Length))
                        y[i] = on[at[i]] ? -x[i] : x[i] * 2f;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Negation_division_by_a_scalar_and_bool_masks_take_vector_steps()
        {
            Func<string, string> vector = InMemory.VectorLines(Source, "N");
            foreach (string kernel in new[] { "Euler", "Scale", "Gathered", "Mask" })
                Assert.DoesNotContain("scalar body", vector(kernel));
            // The mask is one widened byte load a step, not read lane by lane; bools are stored as whole vectors too.
            Assert.DoesNotContain("lane by lane", vector("Euler"));
            Assert.DoesNotContain("lane by lane", vector("Mask"));
            Assert.Contains("lane by lane: gathered elements", vector("Gathered"));
        }

        private static readonly float[] Specials =
        {
            0f, -0f, 1f, -1f, float.NaN, BitConverter.Int32BitsToSingle(0x7FC00001), BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00002)),
            float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 3f, 1e-38f, 7f,
        };

        [Fact]
        public void The_runtime_negates_and_divides_numerics_vectors_field_by_field()
        {
            // The premise of Component's -v and v / s: each field as the scalar operator gives it, bitwise (a
            // reciprocal multiply would differ at 7 / 3; a 0 - v negation at +0 and at NaNs' signs).
            var random = new Random(17);
            float[] values = Specials.Concat(Enumerable.Range(0, 300).Select(_ => BitConverter.Int32BitsToSingle(random.Next()))).ToArray();
            static int B(float f) => BitConverter.SingleToInt32Bits(f);
            foreach (float a in values)
                foreach (float s in Specials)
                {
                    var v2 = new Vector2(a, s); var v3 = new Vector3(a, s, -a); var v4 = new Vector4(a, s, -a, 1f);
                    Assert.Equal(B(-a), B(Negate(v3).X));
                    Assert.Equal(B(-s), B(Negate(v2).Y));
                    Assert.Equal(B(-a), B(Negate(v4).X));
                    Assert.Equal(B(a / s), B(Divide(v3, s).X));
                    Assert.Equal(B(-a / s), B(Divide(v3, s).Z));
                    Assert.Equal(B(s / s), B(Divide(v2, s).Y));
                    Assert.Equal(B(a / s), B(Divide(v4, s).X));
                }
        }

        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector2 Negate(Vector2 v) => -v;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Negate(Vector3 v) => -v;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector4 Negate(Vector4 v) => -v;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector2 Divide(Vector2 v, float s) => v / s;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Divide(Vector3 v, float s) => v / s;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector4 Divide(Vector4 v, float s) => v / s;

        [Theory]
        [InlineData(1), InlineData(17), InlineData(1_003), InlineData(20_011)]
        public void Results_are_the_serial_loops(int n)
        {
            Assembly assembly = s_built.Value;
            var random = new Random(n);
            float Any() => random.Next(10) == 0 ? Specials[random.Next(Specials.Length)] : (float)(random.NextDouble() * 8 - 4);
            Vector3 V3() => new(Any(), Any(), Any());
            // Masks with bytes other than 0 and 1 too (interop writes them): any byte but 0 is true, in both loops.
            bool[] fixes = Enumerable.Range(0, n).Select(_ => random.Next(4) == 0).ToArray();
            for (int k = 0; k < n; k += 7) Unsafe.As<bool, byte>(ref fixes[k]) = (byte)random.Next(2, 256);
            float[] mass = Enumerable.Range(0, n).Select(_ => Any()).ToArray();
            Differential.Same(assembly, "N", "Euler", fixes, mass, Enumerable.Range(0, n).Select(_ => V3()).ToArray(),
                Enumerable.Range(0, n).Select(_ => V3()).ToArray(), Enumerable.Range(0, n).Select(_ => V3()).ToArray(), 0.01f);

            Vector2[] a = Enumerable.Range(0, n).Select(_ => new Vector2(Any(), Any())).ToArray();
            Vector4[] b = Enumerable.Range(0, n).Select(_ => new Vector4(Any(), Any(), Any(), Any())).ToArray();
            foreach (float s in new[] { 3f, -0f, float.NaN })
                Differential.Same(assembly, "N", "Scale", a, b, new Vector2[n], new Vector4[n], s);

            int[] at = Enumerable.Range(0, n).Select(_ => random.Next(n)).ToArray();
            float[] x = Enumerable.Range(0, n).Select(_ => Any()).ToArray();
            Differential.Same(assembly, "N", "Gathered", fixes, at, x, new float[n]);
            foreach (float t in new[] { 0.5f, float.NaN, -0f })
                Differential.Same(assembly, "N", "Mask", x, Enumerable.Range(0, n).Select(k => k % 3 == 0).ToArray(), new bool[n], t);
        }

        [Fact]
        public void A_short_mask_throws_like_the_serial_loop()
        {
            var position = new Vector3[100];
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "N", "Euler", new bool[99], new float[100], new Vector3[100], position, new Vector3[100], 0.5f));
            Assert.Throws<IndexOutOfRangeException>(() => InMemory.Call(s_built.Value, "N", "EulerParallel", new bool[99], new float[100], new Vector3[100], position, new Vector3[100], 0.5f));
        }
    }
}
