using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Generic math kernels (issue 14): <c>where T : INumber&lt;T&gt;</c> methods and kernels of generic types run in
    /// parallel for every instantiation; their calls are intercepted with the call's constructed signature.
    /// </summary>
    public class GenericKernelTests
    {
        private const string Source = @"using System;
using System.Numerics;
using KernelGen;
using static KernelGen.Kernel;

public static partial class Kernels
{
    [ParallelKernel(ChunkSize = 64)]
    public static void Scale<T>(T[] a, T k, int[] probe) where T : INumber<T>
    {
        foreach (int i in PRange(a.Length))
        {
            a[i] = a[i] * k + T.One;
            probe[i] = KernelRuntime.IsInsideKernel ? 1 : 0;
        }
    }

    [ParallelKernel(ChunkSize = 64)]
    public static T Sum<T>(T[] a) where T : struct, INumber<T>
    {
        T s = T.Zero;
        foreach (int i in PRange(a.Length))
            s += a[i];
        return s;
    }
}

public static partial class Grid<T> where T : IFloatingPoint<T>
{
    [ParallelKernel(ChunkSize = 64)]
    public static void Floor(T[] a, int[] probe)
    {
        foreach (int i in PRange(a.Length))
        {
            a[i] = T.Floor(a[i]);
            probe[i] = KernelRuntime.IsInsideKernel ? 1 : 0;
        }
    }
}

public static class Calls
{
    public static int[] ScaleFloats(float[] a) { var p = new int[a.Length]; Kernels.Scale(a, 3f, p); return p; }
    public static int[] ScaleInts(int[] a) { var p = new int[a.Length]; Kernels.Scale<int>(a, 3, p); return p; }
    public static long SumLongs(long[] a) => Kernels.Sum(a);
    public static int[] FloorDoubles(double[] a) { var p = new int[a.Length]; Grid<double>.Floor(a, p); return p; }
    // Inside a generic method the call's types name U: it cannot be intercepted and runs serially.
    public static int[] Open<U>(U[] a, U k) where U : INumber<U> { var p = new int[a.Length]; Kernels.Scale(a, k, p); return p; }
}";

        private static Assembly Build()
        {
            (Compilation output, GeneratorDriverRunResult run) = InMemory.Generate(InMemory.Compile(Source));
            Assert.Empty(InMemory.Analyze(Source).Where(d => d.Severity >= DiagnosticSeverity.Warning));
            return InMemory.Build(Source);
        }

        private static T Run<T>(Assembly assembly, string method, params object[] args) =>
            (T)assembly.GetType("Calls")!.GetMethod(method)!.Invoke(null, args)!;

        [Fact]
        public void A_generic_math_kernel_runs_in_parallel_for_float_and_int()
        {
            Assembly assembly = Build();
            float[] f = Enumerable.Range(0, 1000).Select(i => i * 0.25f).ToArray();
            int[] probe = Run<int[]>(assembly, "ScaleFloats", f);
            Assert.All(probe, p => Assert.Equal(1, p));
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => i * 0.25f * 3f + 1f), f);

            int[] n = Enumerable.Range(0, 999).ToArray();
            probe = Run<int[]>(assembly, "ScaleInts", n);
            Assert.All(probe, p => Assert.Equal(1, p));
            Assert.Equal(Enumerable.Range(0, 999).Select(i => i * 3 + 1), n);

            long[] l = Enumerable.Range(0, 5000).Select(i => (long)i * i).ToArray();
            Assert.Equal(l.Sum(), Run<long>(assembly, "SumLongs", l));
        }

        [Fact]
        public void A_kernel_of_a_generic_type_runs_in_parallel()
        {
            Assembly assembly = Build();
            double[] d = Enumerable.Range(0, 777).Select(i => i * 0.3 - 50).ToArray();
            double[] expected = d.Select(Math.Floor).ToArray();
            int[] probe = Run<int[]>(assembly, "FloorDoubles", d);
            Assert.All(probe, p => Assert.Equal(1, p));
            Assert.Equal(expected, d);
        }

        [Fact]
        public void A_call_whose_types_name_the_callers_type_parameter_runs_the_serial_original()
        {
            Assembly assembly = Build();
            MethodInfo open = assembly.GetType("Calls")!.GetMethod("Open")!.MakeGenericMethod(typeof(float));
            float[] f = { 1, 2, 3 };
            var probe = (int[])open.Invoke(null, new object[] { f, 2f })!;
            Assert.All(probe, p => Assert.Equal(0, p));
            Assert.Equal(new[] { 3f, 5f, 7f }, f);
        }
    }
}
