using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Static auto-properties read in the loop (settings kept as <c>public static float Gain { get; set; }</c>, sizes as
    /// <c>{ get; } = 4</c>, a table as <c>static float[] Lut { get; }</c>): the same value in every iteration where the loop
    /// does not assign them, like a static field, but they were opaque to the vectorizer ("'(Gain)' has no exact vector
    /// counterpart": a scalar body). Now each is its backing field's value. A property whose accessor has a body is
    /// still a call (EffectTests).
    /// </summary>
    public class StaticPropertyTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static class Settings
            {
                public static float Gain { get; set; } = 2f;
                public static float[] Lut { get; } = Enumerable(256);
                public static float Twice => Gain * 2; // a getter with a body
                private static float[] Enumerable(int n) { var t = new float[n]; for (int k = 0; k < n; k++) t[k] = MathF.Sqrt(k); return t; }
            }

            public static partial class S
            {
                public static int Size { get; } = 5;

                [ParallelKernel]
                public static void Scale(float[] a, float[] r)
                {
                    foreach (int i in PRange(a.Length)) r[i] = a[i] * Settings.Gain + 1f;
                }

                [ParallelKernel]
                public static void Wrap(int[] a, int[] r)
                {
                    foreach (int i in PRange(a.Length)) r[i] = a[i] % Size + Size;
                }

                [ParallelKernel]
                public static void Lookup(byte[] a, float[] r)
                {
                    foreach (int i in PRange(a.Length)) r[i] = Settings.Lut[a[i]] * Settings.Gain;
                }

                [ParallelKernel]
                public static void WithBody(float[] a, float[] r)
                {
                    foreach (int i in PRange(a.Length)) r[i] = a[i] * Settings.Twice;
                }
            }
            """;

        private static readonly Lazy<Assembly> s_built = new(() => InMemory.Build(Source));
        private static readonly Lazy<Func<string, string>> s_generated = new(() => InMemory.GeneratedFrom(Source, "S"));

        [Fact]
        public void Static_auto_properties_get_a_vector_body()
        {
            Assert.DoesNotContain("scalar body", InMemory.Section(s_generated.Value("Scale")));
            Assert.DoesNotContain("scalar body", InMemory.Section(s_generated.Value("Wrap")));
            Assert.Contains("parallel:", InMemory.Section(s_generated.Value("Lookup")));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(37)]
        [InlineData(100_003)]
        public void Results_are_the_serial_loops_and_follow_the_property(int n)
        {
            var random = new Random(n);
            float[] floats = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() * 8 - 4).ToArray();
            int[] ints = Enumerable.Range(0, n).Select(_ => random.Next(-1000, 1000)).ToArray();
            byte[] bytes = Enumerable.Range(0, n).Select(_ => (byte)random.Next(256)).ToArray();
            PropertyInfo gain = s_built.Value.GetType("Settings")!.GetProperty("Gain")!;
            foreach (float g in new[] { 2f, -0.75f })
            {
                // A new value between calls is what the next call reads (nothing is kept from an earlier call).
                gain.SetValue(null, g);
                Differential.Same(s_built.Value, "S", "Scale", floats, new float[n]);
                Differential.Same(s_built.Value, "S", "Lookup", bytes, new float[n]);
                Differential.Same(s_built.Value, "S", "WithBody", floats, new float[n]);
                var r = new float[n];
                InMemory.Call(s_built.Value, "S", "ScaleParallel", floats, r);
                Assert.Equal(floats[0] * g + 1f, r[0]);
            }
            Differential.Same(s_built.Value, "S", "Wrap", ints, new int[n]);
        }
    }
}
