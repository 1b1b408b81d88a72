using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// Serial kernel against its generated parallel twin on copies of the same arguments: the same return value (or
    /// exception type) and, when neither threw, the same arrays afterwards; floating point bitwise (any NaN equals any
    /// NaN; -0 differs from +0). The parallel twin runs twice: as the runtime schedules it, and with its chunks of 3
    /// iterations run last first on one thread (the reversed schedule: a dependence between iterations shows on every
    /// call, not only when two threads' chunks overlap in time).
    /// </summary>
    public static class Differential
    {
        public static long Key(double d) => double.IsNaN(d) ? long.MinValue : BitConverter.DoubleToInt64Bits(d);

        public static void Same(Assembly assembly, string type, string kernel, params object[] args) => SameWithin(assembly, type, kernel, null, args);

        /// <summary>Whether the serial kernel throws on (copies of) these arguments: the fuzz tests count the runs where both sides threw.</summary>
        public static bool Throws(Assembly assembly, string type, string kernel, object[] args)
        {
            try { InMemory.Call(assembly, type, kernel, args.Select(a => a is Array array ? array.Clone() : a).ToArray()); return false; }
            catch (Exception) { return true; }
        }

        /// <summary>Floats for select and argmin/argmax tests: few distinct values (ties), signed zeros, NaNs and infinities here and there.</summary>
        public static float[] TieFloats(Random random, int count) => Enumerable.Range(0, count).Select(_ => random.Next(12) switch
        {
            0 => -0f, 1 => 0f, 2 => float.NaN, 3 => float.PositiveInfinity, 4 => float.NegativeInfinity,
            _ => random.Next(-3, 4) * 0.5f,
        }).ToArray();

        /// <summary><see cref="Same"/>, with a returned double allowed to differ where <paramref name="close"/> says (a float sum's rounding).</summary>
        public static void SameWithin(Assembly assembly, string type, string kernel, Func<double, double, bool>? close, params object[] args)
        {
            object[] serial = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
            object? s = Outcome(() => InMemory.Call(assembly, type, kernel, serial));
            foreach (bool reversed in new[] { false, true })
            {
                object[] parallel = args.Select(a => a is Array array ? array.Clone() : a).ToArray();
                object? p = Outcome(() => reversed
                    ? RuntimeSettings.Reversed(3, () => InMemory.Call(assembly, type, kernel + "Parallel", parallel))
                    : InMemory.Call(assembly, type, kernel + "Parallel", parallel));
                string label = reversed ? kernel + " (reversed chunks)" : kernel;
                if (s is double sd && p is double pd) Assert.True(Key(sd) == Key(pd) || close is not null && close(sd, pd), $"{label}: {sd:R} vs {pd:R}");
                else if (s is float sf && p is float pf) Assert.True(Key(sf) == Key(pf), $"{label}: {sf:R} vs {pf:R}");
                else Assert.Equal(s, p);
                if (s is Type) continue; // after an exception the arrays hold whatever the iterations before it wrote
                for (int k = 0; k < args.Length; k++)
                {
                    if (serial[k] is Array && Bitwise(serial[k], parallel[k])) continue; // the quick check; a difference is located below
                    object[]? expected = serial[k] switch
                    {
                        double[] ds => ds.Select(Key).Cast<object>().ToArray(),
                        float[] fs => fs.Select(f => Key(f)).Cast<object>().ToArray(),
                        Array a when Fields(a) => a.Cast<object>().Select(Bits).ToArray(),
                        Array a => a.Cast<object>().ToArray(),
                        _ => null,
                    };
                    if (expected is null) continue;
                    object[] actual = parallel[k] switch
                    {
                        double[] dp => dp.Select(Key).Cast<object>().ToArray(),
                        float[] fp => fp.Select(f => Key(f)).Cast<object>().ToArray(),
                        Array a when Fields(a) => a.Cast<object>().Select(Bits).ToArray(),
                        _ => ((Array)parallel[k]).Cast<object>().ToArray(),
                    };
                    int at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(e => !Equals(expected[e], actual[e]), -1);
                    Assert.True(at < 0 && expected.Length == actual.Length,
                        $"{label}: argument {k} differs at element {at} of {expected.Length}: serial {Show(serial[k], at)}, parallel {Show(parallel[k], at)}");
                }
            }
        }

        /// <summary>
        /// Whether two results are the same: arrays of one type and shape with the same elements (jagged rows compared in
        /// turn), floating point as <see cref="Key"/> compares it (bitwise; any NaN equals any NaN), structs field by field.
        /// Far quicker than xunit's Assert.Equal on arrays of 100,000 elements, which took most of a small kernel's test.
        /// </summary>
        public static bool Bitwise(object? expected, object? actual)
        {
            if (expected is Array x && actual is Array y)
            {
                if (x.GetType() != y.GetType() || x.Rank != y.Rank || Enumerable.Range(0, x.Rank).Any(r => x.GetLength(r) != y.GetLength(r))) return false;
                System.Collections.IEnumerator ex = x.GetEnumerator(), ey = y.GetEnumerator();
                while (ex.MoveNext() && ey.MoveNext())
                    if (!Bitwise(ex.Current, ey.Current)) return false;
                return true;
            }
            return Equals(Bits(expected), Bits(actual));
        }

        /// <summary>An array of structs (Vector3, a Particle): compared field by field, floating point bitwise (Equals says -0 == +0).</summary>
        private static bool Fields(Array a) => a.GetType().GetElementType() is { IsValueType: true, IsPrimitive: false, IsEnum: false };

        private static object Bits(object? value) => value switch
        {
            null => "null",
            double d => Key(d),
            float f => Key(f),
            _ when value.GetType() is { IsValueType: true, IsPrimitive: false, IsEnum: false } type =>
                "(" + string.Join(", ", type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Select(f => Bits(f.GetValue(value)))) + ")",
            _ => value,
        };

        private static string Show(object array, int at) => at < 0 ? "" : array switch
        {
            double[] d => d[at].ToString("R"),
            float[] f => f[at].ToString("R"),
            Array { Rank: 1 } a => a.GetValue(at)?.ToString() ?? "null",
            Array a => $"{a.Cast<object>().ElementAt(at)} (at [{string.Join(", ", Position(a, at))}])", // element `at` in row-major order
            _ => "",
        };

        private static IEnumerable<int> Position(Array a, int at)
        {
            var index = new int[a.Rank];
            for (int d = a.Rank - 1; d >= 0; d--) { index[d] = at % a.GetLength(d); at /= a.GetLength(d); }
            return index;
        }

        private static object? Outcome(Func<object?> call)
        {
            try { return call(); }
            catch (TargetInvocationException e) when (e.InnerException is not null) { return e.InnerException.GetType(); }
            catch (Exception e) { return e.GetType(); }
        }
    }
}
