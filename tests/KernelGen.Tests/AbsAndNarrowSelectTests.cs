using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Two imaging shapes that ran lane by lane or not at all on vectors: <c>Math.Abs</c> of an int (a Sobel gradient's
    /// |gx| + |gy|) takes the vector Abs where the operand's range leaves out int.MinValue, the one value for which
    /// Math.Abs throws (elsewhere it stays lane by lane and throws where the serial loop throws); and a store of a
    /// <c>?:</c> of narrow values (<c>dst[i] = src[i] &gt;= t ? (byte)255 : (byte)0</c>) is computed in int lanes and
    /// narrowed like a cast (it was 'not a cast of an int value to byte').
    /// </summary>
    public class AbsAndNarrowSelectTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class A
            {
                // Any int: Math.Abs(int.MinValue) throws, so lane by lane.
                [ParallelKernel]
                public static void AbsAny(int[] a, int[] r)
                {
                    foreach (int i in PRange(r.Length)) r[i] = Math.Abs(a[i]) + 1;
                }

                // A short minus 5: its range stays far from int.MinValue, so the vector Abs.
                [ParallelKernel]
                public static void AbsOfShorts(short[] a, int[] r)
                {
                    foreach (int i in PRange(r.Length)) r[i] = Math.Abs(a[i] - 5);
                }

                // Bytes differenced: 16-bit lanes where everything fits.
                [ParallelKernel]
                public static void AbsDifference(byte[] a, byte[] b, byte[] d)
                {
                    foreach (int i in PRange(d.Length)) d[i] = (byte)Math.Min(255, 2 * Math.Abs(a[i] - b[i]));
                }

                [ParallelKernel]
                public static void Threshold(byte[] src, byte[] dst, int t)
                {
                    foreach (int i in PRange(dst.Length)) dst[i] = src[i] >= t ? (byte)255 : (byte)0;
                }

                // Three levels, and sbyte values (sign-extended in the lanes).
                [ParallelKernel]
                public static void Levels(byte[] src, sbyte[] dst)
                {
                    foreach (int i in PRange(dst.Length)) dst[i] = src[i] < 85 ? (sbyte)-1 : src[i] < 170 ? (sbyte)0 : (sbyte)1;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "A"));

        [Fact]
        public void Abs_takes_the_vector_abs_only_where_the_operand_cannot_be_int_MinValue()
        {
            Assert.Contains("lane by lane: Math.Abs", InMemory.Section(s_generated.Value("AbsAny")));
            foreach (string kernel in new[] { "AbsOfShorts", "AbsDifference" })
            {
                string generated = InMemory.Section(s_generated.Value(kernel));
                Assert.DoesNotContain("lane by lane", InMemory.VectorLine(generated));
                Assert.Contains(".Abs(", generated);
            }
            Assert.Contains("16-bit lanes", InMemory.Section(s_generated.Value("AbsDifference")));
        }

        [Fact]
        public void A_select_of_narrow_values_is_stored_from_int_lanes()
        {
            foreach (string kernel in new[] { "Threshold", "Levels" })
            {
                string line = InMemory.VectorLine(s_generated.Value(kernel));
                Assert.DoesNotContain("scalar body", line);
                Assert.DoesNotContain("lane by lane", line);
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(37)]
        [InlineData(1000)]
        [InlineData(4099)]
        public void Results_are_the_serial_loops(int n)
        {
            var random = new Random(n);
            int[] ints = Enumerable.Range(0, n).Select(_ => random.Next(int.MinValue + 1, int.MaxValue)).ToArray();
            Differential.Same(s_built.Value, "A", "AbsAny", ints, new int[n]);
            // int.MinValue somewhere: both throw (the serial loop at that element).
            ints[n / 2] = int.MinValue;
            Differential.Same(s_built.Value, "A", "AbsAny", ints, new int[n]);
            short[] shorts = Enumerable.Range(0, n).Select(k => k % 5 == 0 ? short.MinValue : k % 7 == 0 ? short.MaxValue : (short)random.Next(short.MinValue, short.MaxValue)).ToArray();
            Differential.Same(s_built.Value, "A", "AbsOfShorts", shorts, new int[n]);
            byte[] a = new byte[n], b = new byte[n];
            random.NextBytes(a);
            random.NextBytes(b);
            Differential.Same(s_built.Value, "A", "AbsDifference", a, b, new byte[n]);
            foreach (int t in new[] { 0, 1, 128, 255, 256, -3 })
                Differential.Same(s_built.Value, "A", "Threshold", a, new byte[n], t);
            Differential.Same(s_built.Value, "A", "Levels", a, new sbyte[n]);
        }
    }
}
