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

                // Dot products, lengths and distances (x64's dpps order, a length once for a whole-vector statement),
                // Normalize, Abs and SquareRoot.
                [ParallelKernel]
                public static void Metrics(Vector3[] p, Vector2[] q, Vector4[] r, float[] o, Vector3[] n, Vector3 c)
                {
                    foreach (int i in PRange(p.Length))
                    {
                        o[4 * i] = Vector3.Distance(p[i], c) + p[i].LengthSquared();
                        o[4 * i + 1] = Vector2.Dot(q[i], q[i] - Vector2.One) - q[i].Length();
                        o[4 * i + 2] = Vector4.Dot(r[i], r[i]) * Vector4.DistanceSquared(r[i], Vector4.One);
                        o[4 * i + 3] = Vector3.DistanceSquared(c, p[i]) / p[i].Length();
                        n[i] = Vector3.Normalize(p[i]) + Vector3.SquareRoot(Vector3.Abs(p[i] - c)) - r[i].W * p[i] / p[i].Length();
                    }
                }

                // A softened n-body step with LengthSquared (PRange iterations on the lanes, the inner loop in order).
                [ParallelKernel]
                public static void Pull(Vector3[] pos, float[] mass, Vector3[] acc, float eps2)
                {
                    foreach (int i in PRange(pos.Length))
                    {
                        Vector3 a = Vector3.Zero;
                        for (int j = 0; j < pos.Length; j++)
                        {
                            Vector3 d = pos[j] - pos[i];
                            float inv = 1f / MathF.Sqrt(d.LengthSquared() + eps2);
                            a += d * (mass[j] * inv * inv * inv);
                        }
                        acc[i] = a;
                    }
                }

                // More bool shapes: negated in place, compared and combined with ^, | and &, stored then read, beside
                // byte pixels (int lanes), from doubles (long lanes).
                [ParallelKernel]
                public static void Bools(bool[] m, bool[] n, bool[] e, float[] x, float[] y, byte[] px, double[] d, bool[] fromDoubles)
                {
                    foreach (int i in PRange(m.Length))
                    {
                        m[i] = !m[i];
                        e[i] = (m[i] == n[i]) ^ (x[i] < 0) | (y[i] > 2f & n[i]);
                        n[i] = x[i] > 0.3f;
                        if (n[i]) y[i] = 1;
                    }
                    foreach (int i in PRange(px.Length))
                    {
                        m[i] = px[i] > 128;
                        px[i] = (byte)(m[i] ? 255 : 0);
                    }
                    foreach (int i in PRange(d.Length))
                        fromDoubles[i] = d[i] > 0.5 || double.IsNaN(d[i]);
                }

                // Max, Min and Clamp field by field (a particle kept in a box, a color clamped to [0, 1]; the bounds may
                // cross: Clamp checks nothing).
                [ParallelKernel]
                public static void Bounds(Vector3[] p, Vector3[] q, Vector3[] r, Vector2[] a, Vector2[] b, Vector4[] c, Vector3 lo, Vector3 hi)
                {
                    foreach (int i in PRange(p.Length))
                    {
                        r[i] = Vector3.Clamp(p[i] + q[i], lo, hi) - Vector3.Max(p[i], q[i]) * Vector3.Min(q[i], lo);
                        a[i] = Vector2.Max(a[i], b[i]);
                        c[i] = Vector4.Clamp(c[i], Vector4.Zero, Vector4.One);
                    }
                }

                // Lerp (a blend of two frames, a color fade): a float amount, a per-field amount, in locals too.
                [ParallelKernel]
                public static void Blend(Vector3[] p, Vector3[] q, Vector3[] r, Vector2[] a, Vector2[] b, float t)
                {
                    foreach (int i in PRange(p.Length))
                    {
                        Vector3 m = Vector3.Lerp(p[i], q[i], t);
                        r[i] = Vector3.Lerp(m, p[i], q[i] * 0.25f);
                        a[i] = Vector2.Lerp(a[i], b[i], new Vector2(t, 0.5f));
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
            foreach (string kernel in new[] { "Euler", "Scale", "Gathered", "Mask", "Metrics", "Pull", "Bounds", "Blend" })
                Assert.DoesNotContain("scalar body", vector(kernel));
            // Dot products in x64's order: the vector path is taken where the machine has SSE4.1.
            Assert.Contains("System.Numerics dot products and lengths in the order x64 computes them", vector("Metrics"));
            Assert.Contains("&& global::System.Runtime.Intrinsics.X86.Sse41.IsSupported", InMemory.Section(InMemory.GeneratedFrom(Source, "N")("Pull")));
            Assert.DoesNotContain("Sse41", InMemory.Section(InMemory.GeneratedFrom(Source, "N")("Euler")));
            // The lengths in n[i] = Normalize(p[i]) + … - … / p[i].Length(): one temporary each, not one per field.
            string metrics = InMemory.Section(InMemory.GeneratedFrom(Source, "N")("Metrics"));
            Assert.Equal(2 * 3, System.Text.RegularExpressions.Regex.Matches(metrics, @"var __kg_v___kg_once_\d+ = ").Count); // (3 widths)
            // The mask is one widened byte load a step, not read lane by lane; bools are stored as whole vectors too.
            Assert.DoesNotContain("lane by lane", vector("Euler"));
            Assert.DoesNotContain("lane by lane", vector("Mask"));
            // (Each of its three loops: a vector body.)
            Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(InMemory.Section(InMemory.GeneratedFrom(Source, "N")("Bools")), @"^//     vector: Vector512[^\n]*one PRange iteration per lane", System.Text.RegularExpressions.RegexOptions.Multiline).Count);
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

        [Fact]
        public void The_runtime_sums_dot_products_in_dpps_order_and_maps_abs_and_sqrt_per_field()
        {
            // The premise of Lowering.NumericsScalar and Component, bitwise: Dot, LengthSquared, Length, DistanceSquared
            // and Distance of Vector2/3/4 sum the products as (p0 + p1) + (p2 + p3), the absent fields' products +0, then
            // float.Sqrt; Normalize divides each field by that length; Abs and SquareRoot are MathF's per field. (Left to right,
            // x·x' + y·y' + z·z', differs in about 1 of 10,000 random triples here, and at -0 sums.)
            var random = new Random(23);
            float F() => random.Next(12) == 0 ? Specials[random.Next(Specials.Length)] : (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-20, 20)));
            // (Any two NaNs alike, as the README's bitwise contract has it: with AVX-512 off, dpps passes another NaN of two on.)
            static int B(float f) => float.IsNaN(f) ? int.MinValue : BitConverter.SingleToInt32Bits(f);
            static float Sum(float p0, float p1, float p2, float p3) => (p0 + p1) + (p2 + p3);
            for (int k = 0; k < 100_000; k++)
            {
                var a = new Vector4(F(), F(), F(), F());
                var b = new Vector4(F(), F(), F(), F());
                if (k % 50 == 0) { a = new Vector4(-0f, 1f, -0f, 0f); b = new Vector4(1f, -0f, 2f, -0f); } // a -0 sum
                Vector3 a3 = new(a.X, a.Y, a.Z), b3 = new(b.X, b.Y, b.Z);
                Vector2 a2 = new(a.X, a.Y), b2 = new(b.X, b.Y);
                float dot3 = Sum(a.X * b.X, a.Y * b.Y, a.Z * b.Z, 0f), dot2 = Sum(a.X * b.X, a.Y * b.Y, 0f, 0f);
                float dot4 = Sum(a.X * b.X, a.Y * b.Y, a.Z * b.Z, a.W * b.W);
                float len3 = MathF.Sqrt(Sum(a.X * a.X, a.Y * a.Y, a.Z * a.Z, 0f));
                float dx = a.X - b.X, dy = a.Y - b.Y, dz = a.Z - b.Z, dw = a.W - b.W;
                Assert.Equal(B(dot3), B(Dot(a3, b3)));
                Assert.Equal(B(dot2), B(Dot(a2, b2)));
                Assert.Equal(B(dot4), B(Dot(a, b)));
                Assert.Equal(B(Sum(a.X * a.X, a.Y * a.Y, a.Z * a.Z, 0f)), B(LengthSquared(a3)));
                Assert.Equal(B(len3), B(Length(a3)));
                Assert.Equal(B(MathF.Sqrt(Sum(a.X * a.X, a.Y * a.Y, 0f, 0f))), B(Length(a2)));
                Assert.Equal(B(Sum(dx * dx, dy * dy, dz * dz, 0f)), B(DistanceSquared(a3, b3)));
                Assert.Equal(B(MathF.Sqrt(Sum(dx * dx, dy * dy, dz * dz, 0f))), B(Distance(a3, b3)));
                Assert.Equal(B(Sum(dx * dx, dy * dy, dz * dz, dw * dw)), B(DistanceSquared(a, b)));
                Vector3 normal = Normalize(a3);
                Assert.Equal(B(a.X / len3), B(normal.X));
                Assert.Equal(B(a.Z / len3), B(normal.Z));
                Assert.Equal(B(MathF.Abs(a.Y)), B(Abs(a3).Y));
                Assert.Equal(B(MathF.Sqrt(a.X)), B(SquareRoot(a3).X));
                Assert.Equal(B(MathF.Sqrt(b.W)), B(SquareRoot(b).W));
            }
        }

        [Fact]
        public void The_runtime_takes_max_min_and_clamp_of_numerics_vectors_per_field_as_the_vector_max_and_min()
        {
            // The premise of Lowering.Component's Max/Min/Clamp, bitwise but for which NaN: Vector3.Max/Min are the vector
            // Max/Min of each field, which are MathF.Max/Min (NaN propagates, -0 below +0), and Clamp is Min(Max(v, min), max).
            // (Which NaN comes out is not fixed even for Vector3.Max itself: at tier 0 it returns a signaling NaN as it is
            // and the first of two NaNs, at tier 1 the quieted NaN or the other one, 3,919 of 10^6 random bit patterns.)
            var random = new Random(29);
            float F() => random.Next(4) == 0 ? Specials[random.Next(Specials.Length)] : random.Next(-4, 5) * 0.5f;
            static long B(float f) => Differential.Key(f);
            for (int k = 0; k < 100_000; k++)
            {
                Vector3 v = new(F(), F(), F()), w = new(F(), F(), F()), u = new(F(), F(), F());
                Vector3 max = Max(v, w), min = Min(v, w), clamp = Clamp(v, w, u);
                Assert.Equal(B(MathF.Max(v.X, w.X)), B(max.X));
                Assert.Equal(B(MathF.Max(v.Z, w.Z)), B(max.Z));
                Assert.Equal(B(MathF.Min(v.Y, w.Y)), B(min.Y));
                Assert.Equal(B(MathF.Min(MathF.Max(v.X, w.X), u.X)), B(clamp.X));
                Assert.Equal(B(MathF.Min(MathF.Max(v.Z, w.Z), u.Z)), B(clamp.Z));
                // Lerp: Vector128.Lerp per field, whatever the machine fuses (KernelRuntime.NumericsLerp; the lanes' VectorN.Lerp).
                float t = F();
                Vector3 lerp = Lerp(v, w, t);
                Assert.Equal(B(KernelRuntime.NumericsLerp(v.Y, w.Y, t)), B(lerp.Y));
                Assert.Equal(B(System.Runtime.Intrinsics.Vector512.Lerp(System.Runtime.Intrinsics.Vector512.Create(v.Z), System.Runtime.Intrinsics.Vector512.Create(w.Z),
                    System.Runtime.Intrinsics.Vector512.Create(t))[3]), B(lerp.Z));
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Lerp(Vector3 a, Vector3 b, float t) => Vector3.Lerp(a, b, t);

        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Max(Vector3 a, Vector3 b) => Vector3.Max(a, b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Min(Vector3 a, Vector3 b) => Vector3.Min(a, b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Clamp(Vector3 a, Vector3 lo, Vector3 hi) => Vector3.Clamp(a, lo, hi);
        [MethodImpl(MethodImplOptions.NoInlining)] private static float Dot(Vector2 a, Vector2 b) => Vector2.Dot(a, b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static float Dot(Vector3 a, Vector3 b) => Vector3.Dot(a, b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static float Dot(Vector4 a, Vector4 b) => Vector4.Dot(a, b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static float LengthSquared(Vector3 a) => a.LengthSquared();
        [MethodImpl(MethodImplOptions.NoInlining)] private static float Length(Vector3 a) => a.Length();
        [MethodImpl(MethodImplOptions.NoInlining)] private static float Length(Vector2 a) => a.Length();
        [MethodImpl(MethodImplOptions.NoInlining)] private static float DistanceSquared(Vector3 a, Vector3 b) => Vector3.DistanceSquared(a, b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static float Distance(Vector3 a, Vector3 b) => Vector3.Distance(a, b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static float DistanceSquared(Vector4 a, Vector4 b) => Vector4.DistanceSquared(a, b);
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Normalize(Vector3 a) => Vector3.Normalize(a);
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Abs(Vector3 a) => Vector3.Abs(a);
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 SquareRoot(Vector3 a) => Vector3.SquareRoot(a);
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector4 SquareRoot(Vector4 a) => Vector4.SquareRoot(a);
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector2 Negate(Vector2 v) => -v;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Negate(Vector3 v) => -v;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector4 Negate(Vector4 v) => -v;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector2 Divide(Vector2 v, float s) => v / s;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector3 Divide(Vector3 v, float s) => v / s;
        [MethodImpl(MethodImplOptions.NoInlining)] private static Vector4 Divide(Vector4 v, float s) => v / s;

        [Theory]
        [InlineData(1), InlineData(17), InlineData(1_003), InlineData(8_009)]
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
            Vector3[] p = Enumerable.Range(0, n).Select(_ => V3()).ToArray();
            p[0] = new Vector3(-0f, 0f, -0f);
            Differential.Same(assembly, "N", "Metrics", p, a, b, new float[4 * n], new Vector3[n], new Vector3(0.5f, -0f, 2f));
            if (n <= 1_003)
                Differential.Same(assembly, "N", "Pull", p, mass, new Vector3[n], 0.01f);
            bool[] Bits() => Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray();
            byte[] pixels = new byte[n];
            random.NextBytes(pixels);
            Differential.Same(assembly, "N", "Bools", Bits(), Bits(), new bool[n], x, Enumerable.Range(0, n).Select(_ => Any()).ToArray(), pixels,
                Enumerable.Range(0, n).Select(_ => (double)Any()).ToArray(), new bool[n]);
            foreach (float t in new[] { 0.5f, float.NaN, -0f })
                Differential.Same(assembly, "N", "Mask", x, Enumerable.Range(0, n).Select(k => k % 3 == 0).ToArray(), new bool[n], t);
            Vector4[] c = Enumerable.Range(0, n).Select(_ => new Vector4(Any(), Any(), Any(), Any())).ToArray();
            foreach ((Vector3 lo, Vector3 hi) in new[] { (new Vector3(-1f, -0f, 0f), new Vector3(1f, 0f, 2f)), (new Vector3(2f, float.NaN, 1f), new Vector3(-2f, 3f, -0f)) })
                Differential.Same(assembly, "N", "Bounds", p, Enumerable.Range(0, n).Select(_ => V3()).ToArray(), new Vector3[n], a, a.Reverse().ToArray(), c, lo, hi);
            foreach (float t in n > 1_003 ? new[] { 1.7f } : new[] { 0.3f, -0f, 1.7f, float.NaN })
                Differential.Same(assembly, "N", "Blend", p, Enumerable.Range(0, n).Select(_ => V3()).ToArray(), new Vector3[n], a, a.Reverse().ToArray(), t);
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
