using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// What the random kernels (RandomKernelTests) found, minimized by hand. Each test names the run, kernel and seed
    /// it came from.
    /// </summary>
    public class RandomKernelRegressionTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class Found
            {
                // Seed 7, kernels 199 and 1411 (float sums of ~300,000 to 2,000,000 terms of one sign): the serial float
                // accumulator drifts by more than the documented tolerance; the chunked sum is the accurate one.
                [ParallelKernel]
                public static float Drift(float[] a)
                {
                    float s = 0;
                    foreach (int i in PRange(a.Length))
                        s -= 0.56622776f + a[i];
                    return s;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void Float_sum_of_one_sign_parallel_is_at_least_as_accurate_as_serial()
        {
            var random = new Random(1411);
            float[] a = Enumerable.Range(0, 1_000_003).Select(_ => (float)(random.NextDouble() * 0.01)).ToArray();
            double exact = -a.Sum(x => 0.56622776f + (double)x); // the same float terms, added in double
            double magnitude = -exact;
            float serial = (float)InMemory.Call(Built.Value, "Found", "Drift", a)!;
            float parallel = (float)InMemory.Call(Built.Value, "Found", "DriftParallel", a)!;
            // The serial reference is the inaccurate one here: it misses the fuzzer's 1e-3 · Σ|terms| tolerance …
            Assert.True(Math.Abs(serial - exact) > 1e-3 * magnitude, $"serial {serial} exact {exact}");
            // … so the parallel sum is held to being at least as close to the exact sum (FuzzRunner.CompareFloat).
            Assert.True(Math.Abs(parallel - exact) <= Math.Abs(serial - exact) + 1e-3 * magnitude, $"serial {serial} parallel {parallel} exact {exact}");
        }
    }
}
