using System;
using System.Linq;
using System.Runtime.Intrinsics;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// KernelRuntime.ConsecutiveQuotients, behind <c>p / w</c> and <c>p % w</c> on vectors (one division a step): at
    /// every width and for ints in int and in long lanes, whatever this machine accelerates (generated code calls only
    /// the widest accelerated width), against C#'s division of each lane, exceptions included. The quick path (one
    /// division, then a compare) applies to lanes from x0 ≥ 0 and |d| at least the lane count; the edges around it
    /// (divisors at and below the lane count, negative ones, int.MinValue, x0 near int.MaxValue, negative x0) are here.
    /// </summary>
    public class ConsecutiveQuotientTests
    {
        private static readonly int[] Firsts =
        {
            0, 1, 2, 7, 8, 15, 16, 17, 31, 99, 1000, 65535, 1 << 24, int.MaxValue - 63, int.MaxValue - 16, int.MaxValue - 15,
            int.MaxValue - 14, int.MaxValue - 7, int.MaxValue - 6, int.MaxValue - 3, int.MaxValue - 2, -1, -5, -16, -17, -1000, int.MinValue, int.MinValue + 1, int.MinValue + 40,
        };

        private static readonly int[] Divisors =
        {
            1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 100, 1920, 65536, int.MaxValue, int.MaxValue - 1,
            -1, -2, -3, -7, -8, -9, -15, -16, -17, -100, -65536, int.MinValue, int.MinValue + 1, 0,
        };

        /// <summary>Each lane's quotient as C# computes it, or the exception the first lane that throws throws.</summary>
        private static (long[]? Lanes, Type? Thrown) Expected(int x0, int d, int count)
        {
            var lanes = new long[count];
            for (int k = 0; k < count; k++)
            {
                int x = unchecked(x0 + k);
                try { lanes[k] = x / d; }
                catch (Exception e) { return (null, e.GetType()); }
            }
            return (lanes, null);
        }

        private static void Check<T>(int x0, int d, int count, Func<T[]> run, Func<T, long> value)
        {
            (long[]? expected, Type? thrown) = Expected(x0, d, count);
            T[]? lanes = null;
            Exception? caught = null;
            try { lanes = run(); }
            catch (Exception e) { caught = e; }
            if (thrown is not null)
            {
                Assert.True(caught is not null && caught.GetType() == thrown, $"x0 = {x0}, d = {d}, {count} lanes: expected {thrown.Name}, got {caught?.GetType().Name ?? "no exception"}");
                return;
            }
            Assert.True(caught is null, $"x0 = {x0}, d = {d}, {count} lanes: threw {caught?.GetType().Name}");
            Assert.True(expected!.SequenceEqual(lanes!.Select(value)), $"x0 = {x0}, d = {d}, {count} lanes: {string.Join(",", lanes!.Select(value))} vs {string.Join(",", expected!)}");
        }

        private static int[] Consecutive(int x0, int count) => Enumerable.Range(0, count).Select(k => unchecked(x0 + k)).ToArray();

        [Fact]
        public void Quotients_of_int_lanes_are_each_lanes_quotient()
        {
            foreach (int x0 in Firsts)
                foreach (int d in Divisors)
                {
                    int[] x16 = Consecutive(x0, 16);
                    Check(x0, d, 4, () => Lanes(KernelRuntime.ConsecutiveQuotients(Vector128.Create(x16.AsSpan(0, 4)), Vector128.Create(d))), v => v);
                    Check(x0, d, 8, () => Lanes(KernelRuntime.ConsecutiveQuotients(Vector256.Create(x16.AsSpan(0, 8)), Vector256.Create(d))), v => v);
                    Check(x0, d, 16, () => Lanes(KernelRuntime.ConsecutiveQuotients(Vector512.Create(x16.AsSpan(0, 16)), Vector512.Create(d))), v => v);
                }
        }

        [Fact]
        public void Quotients_of_ints_in_long_lanes_are_each_lanes_quotient()
        {
            foreach (int x0 in Firsts)
                foreach (int d in Divisors)
                {
                    long[] x8 = Consecutive(x0, 8).Select(x => (long)x).ToArray();
                    Check(x0, d, 2, () => Lanes(KernelRuntime.ConsecutiveQuotients(Vector128.Create(x8.AsSpan(0, 2)), Vector128.Create((long)d))), v => v);
                    Check(x0, d, 4, () => Lanes(KernelRuntime.ConsecutiveQuotients(Vector256.Create(x8.AsSpan(0, 4)), Vector256.Create((long)d))), v => v);
                    Check(x0, d, 8, () => Lanes(KernelRuntime.ConsecutiveQuotients(Vector512.Create(x8.AsSpan(0, 8)), Vector512.Create((long)d))), v => v);
                }
        }

        [Fact]
        public void Random_firsts_and_divisors_agree()
        {
            var random = new Random(20261207);
            for (int trial = 0; trial < 20000; trial++)
            {
                int x0 = random.Next(4) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(0, 1 << 20);
                int d = random.Next(3) switch { 0 => random.Next(-40, 40), 1 => random.Next(1, 5000), _ => random.Next(int.MinValue, int.MaxValue) };
                int[] x16 = Consecutive(x0, 16);
                Check(x0, d, 8, () => Lanes(KernelRuntime.ConsecutiveQuotients(Vector256.Create(x16.AsSpan(0, 8)), Vector256.Create(d))), v => v);
                Check(x0, d, 16, () => Lanes(KernelRuntime.ConsecutiveQuotients(Vector512.Create(x16.AsSpan(0, 16)), Vector512.Create(d))), v => v);
            }
        }

        [Fact]
        public void The_first_lane_is_lane_zero()
        {
            Assert.Equal(7, KernelRuntime.FirstLane(Vector128.Create(7, 8, 9, 10)));
            Assert.Equal(-3L, KernelRuntime.FirstLane(Vector256.Create(-3L, 1, 2, 3)));
            Assert.Equal(5, KernelRuntime.FirstLane(Vector512.Create(5) + Vector512<int>.Indices));
        }

        private static T[] Lanes<T>(Vector128<T> v) => Enumerable.Range(0, Vector128<T>.Count).Select(k => v.GetElement(k)).ToArray();
        private static T[] Lanes<T>(Vector256<T> v) => Enumerable.Range(0, Vector256<T>.Count).Select(k => v.GetElement(k)).ToArray();
        private static T[] Lanes<T>(Vector512<T> v) => Enumerable.Range(0, Vector512<T>.Count).Select(k => v.GetElement(k)).ToArray();
    }
}
