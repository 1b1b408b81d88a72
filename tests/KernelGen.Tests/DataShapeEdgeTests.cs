using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>Combinations of the new shapes that must compile and agree with serial (integers: exact).</summary>
    public class DataShapeEdgeTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class E
            {
                [ParallelKernel(ChunkSize = 3)]
                public static long[] LocalArray(int[] a)
                {
                    var h = new long[8];
                    foreach (int i in PRange(a.Length))
                        if (a[i] > 0) h[a[i] & 7] += i;
                    return h;
                }

                [ParallelKernel(ChunkSize = 5, Deterministic = true)]
                public static long WithScalar(int[] a, int[] @event, int[] other)
                {
                    long total = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        total += a[i];
                        @event[a[i] % @event.Length]++;
                        for (int j = 0; j < 3; j++)
                            other[(a[i] + j) % other.Length] -= j;
                    }
                    return total;
                }

                [ParallelKernel(ChunkSize = 4)]
                public static void Stepped(int[] a, int[] h)
                {
                    foreach (int i in PRange(1, a.Length, 3))
                        h[a[i] % h.Length] |= 1 << (i & 15);
                }

                [ParallelKernel(ChunkSize = 4)]
                public static void Long(int[] a, ulong[] h)
                {
                    foreach (long i in PRange((long)a.Length))
                        h[a[i] % h.Length] ^= (ulong)i * 2654435761ul;
                }

                [ParallelKernel(ChunkSize = 2)]
                public static void StackSpan(int[] a, int[] r)
                {
                    Span<int> t = stackalloc int[4];
                    for (int k = 0; k < 4; k++) t[k] = k * 10;
                    foreach (int i in PRange(a.Length))
                        r[i] = a[i] + t[i & 3];
                }

                [ParallelKernel(ChunkSize = 7, Deterministic = true)]
                public static void CollapsedDeterministic(int[,] m)
                {
                    foreach (var i in PRange(m.GetLength(0)))
                        foreach (var j in PRange(1, m.GetLength(1)))
                            m[i, j] = i * 1000 + j;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source, unsafeCode: true));

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(17)]
        [InlineData(33)]
        [InlineData(1000)]
        [InlineData(100_003)]
        public void Combinations_agree_with_serial(int n)
        {
            var random = new Random(n);
            int[] a = Enumerable.Range(0, n).Select(_ => random.Next(-5, 1_000_000)).ToArray();
            int[] pos = a.Select(Math.Abs).ToArray();
            Assert.Equal(InMemory.Call(Built.Value, "E", "LocalArray", a), InMemory.Call(Built.Value, "E", "LocalArrayParallel", a));

            foreach (int len in new[] { 1, 5, 4096 })
            {
                int[] e1 = new int[len], e2 = new int[len], o1 = new int[len + 1], o2 = new int[len + 1];
                Assert.Equal(InMemory.Call(Built.Value, "E", "WithScalar", pos, e1, o1), InMemory.Call(Built.Value, "E", "WithScalarParallel", pos, e2, o2));
                Assert.Equal(e1, e2);
                Assert.Equal(o1, o2);

                int[] s1 = new int[len], s2 = new int[len];
                InMemory.Call(Built.Value, "E", "Stepped", pos, s1);
                InMemory.Call(Built.Value, "E", "SteppedParallel", pos, s2);
                Assert.Equal(s1, s2);

                ulong[] l1 = new ulong[len], l2 = new ulong[len];
                InMemory.Call(Built.Value, "E", "Long", pos, l1);
                InMemory.Call(Built.Value, "E", "LongParallel", pos, l2);
                Assert.Equal(l1, l2);
            }

            int[] r1 = new int[n], r2 = new int[n];
            InMemory.Call(Built.Value, "E", "StackSpan", a, r1);
            InMemory.Call(Built.Value, "E", "StackSpanParallel", a, r2);
            Assert.Equal(r1, r2);

            int rows = Math.Min(n, 300);
            int[,] m1 = new int[rows, 9], m2 = new int[rows, 9];
            InMemory.Call(Built.Value, "E", "CollapsedDeterministic", m1);
            InMemory.Call(Built.Value, "E", "CollapsedDeterministicParallel", m2);
            Assert.Equal(m1, m2);
        }

        [Fact]
        public void Every_combination_runs_in_parallel()
        {
            var diagnostics = InMemory.Analyze(Source, unsafeCode: true);
            Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("KG1", StringComparison.Ordinal) || d.Id.StartsWith("KG2", StringComparison.Ordinal));
            Assert.Equal(6, diagnostics.Count(d => d.Id == "KG3001"));
        }
    }
}
