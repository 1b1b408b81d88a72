using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Kernels with pointer parameters (a locked bitmap's <c>byte* scan0</c>), called directly: the interceptor has the
    /// kernel's signature, so it is declared unsafe too (it was not, and the project failed to build with CS0214).
    /// The calls run the parallel version and give the serial loop's results.
    /// </summary>
    public class PointerKernelTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static unsafe partial class P
            {
                // An in-place brightness step over a locked 32 bpp bitmap's rows, the scan0 pointer form.
                [ParallelKernel]
                public static void Brighten(byte* scan0, int stride, int width, int height, int amount)
                {
                    foreach (int y in PRange(height))
                        for (int x = 0; x < 4 * width; x++)
                            scan0[y * stride + x] = (byte)Math.Min(255, scan0[y * stride + x] + amount);
                }

                // Calls the kernel directly (intercepted) on a pinned array.
                public static void Run(byte[] pixels, int stride, int width, int height, int amount)
                {
                    fixed (byte* p = pixels) Brighten(p, stride, width, height, amount);
                }

                // The serial original, through a delegate (not intercepted).
                public static void Serial(byte[] pixels, int stride, int width, int height, int amount)
                {
                    fixed (byte* p = pixels)
                    {
                        delegate*<byte*, int, int, int, int, void> original = &Brighten;
                        original(p, stride, width, height, amount);
                    }
                }
            }

            public unsafe partial class Q
            {
                private readonly int _bias;
                public Q(int bias) => _bias = bias;

                // An instance kernel with a pointer parameter.
                [ParallelKernel]
                public void Offset(float* data, int n)
                {
                    foreach (int i in PRange(n)) data[i] += _bias;
                }

                public void Run(float[] values) { fixed (float* p = values) Offset(p, values.Length); }
            }
            """;

        [Fact]
        public void Pointer_kernels_called_directly_build_and_agree_with_serial()
        {
            Assembly assembly = InMemory.Build(Source, unsafeCode: true);
            Func<string, string> generated = InMemory.GeneratedFrom(Source, "P", unsafeCode: true);
            Assert.Contains("calls of Brighten in this project are intercepted", generated("Brighten"));
            var random = new Random(3);
            int width = 301, height = 77, stride = 4 * width + 8;
            byte[] pixels = new byte[stride * height];
            random.NextBytes(pixels);
            byte[] serial = pixels.ToArray(), parallel = pixels.ToArray();
            InMemory.Call(assembly, "P", "Serial", serial, stride, width, height, 40);
            InMemory.Call(assembly, "P", "Run", parallel, stride, width, height, 40);
            Assert.Equal(serial, parallel);

            Type q = assembly.GetType("Q")!;
            object instance = Activator.CreateInstance(q, 5)!;
            float[] values = Enumerable.Range(0, 10_000).Select(k => k * 0.5f).ToArray();
            q.GetMethod("Run")!.Invoke(instance, new object[] { values });
            Assert.Equal(Enumerable.Range(0, 10_000).Select(k => k * 0.5f + 5), values);
        }
    }
}
