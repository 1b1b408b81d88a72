using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// bool locals (flags: <c>bool big = a[i] &gt; t;</c>, set again under a condition, combined, stored to a bool[]) on
    /// vector lanes as masks, all bits set where the flag is true. Before, a bool local kept the step scalar ("local 'big'
    /// has type bool").
    /// </summary>
    public class BoolLocalTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class B
            {
                [ParallelKernel]
                public static void Flags(float[] a, float[] o, bool[] marks, float t)
                {
                    foreach (int i in PRange(a.Length))
                    {
                        bool big = a[i] > t;
                        bool neg = a[i] < 0;
                        bool any = big | neg;
                        if (neg) big = false;
                        if (a[i] == 0) { any = true; neg = !neg; }
                        o[i] = any ? (big ? 1f : -1f) : 0f;
                        marks[i] = neg ^ big;
                    }
                }

                // A flag toggled by each threshold a value passes (an inner loop on the PRange lanes), then stored and counted.
                [ParallelKernel]
                public static int Parity(float[] a, float[] thresholds, bool[] odd)
                {
                    int count = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        bool flag = false;
                        for (int k = 0; k < thresholds.Length; k++)
                            if (a[i] > thresholds[k]) flag = !flag;
                        odd[i] = flag;
                        if (flag) count++;
                    }
                    return count;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));

        [Fact]
        public void Bool_locals_on_lanes_give_the_serial_results()
        {
            Assembly assembly = s_built.Value;
            var random = new Random(34);
            foreach (int n in new[] { 0, 1, 7, 16, 33, 100, 1001, 10_007 })
            {
                float[] a = Enumerable.Range(0, n).Select(_ => random.Next(5) == 0 ? 0f : (float)(random.NextDouble() * 4 - 2)).ToArray();
                foreach (float t in new[] { -0.5f, 0f, 1f })
                    Differential.Same(assembly, "B", "Flags", a, new float[n], new bool[n], t);
                Differential.Same(assembly, "B", "Parity", a, new[] { -1f, 0f, 0.5f, 1.5f }, new bool[n]);
            }
        }

        [Fact]
        public void The_kernels_with_bool_locals_get_vector_bodies()
        {
            Func<string, string> vector = InMemory.VectorLines(Source, "B");
            Assert.Contains("Vector512/Vector256/Vector128<float>", vector("Flags"));
            Assert.DoesNotContain("scalar body", vector("Parity"));
        }
    }
}
