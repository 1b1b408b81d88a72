using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Runtime.Loader;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The parallel path's copy of a loop body carries <c>#line</c> directives (issue 14): an exception thrown in an
    /// iteration has a stack frame on the user's file and line, as the serial loop would, not on the generated file;
    /// the vector path maps to the loop header.
    /// </summary>
    public class LineMappingTests
    {
        private const string Source = @"using KernelGen; using static KernelGen.Kernel;
public static partial class Kernels
{
    [ParallelKernel(ChunkSize = 16)]
    public static void Divide(int[] a, int[] by)
    {
        foreach (int i in PRange(a.Length))
        {
            int k = by[i];
            a[i] = 1000 / k;
        }
    }

    [ParallelKernel(ChunkSize = 16)]
    public static long Sum(int[] a, int[] by)
    {
        long s = 0;
        foreach (int i in PRange(a.Length))
            s += a[i] / by[i];
        return s;
    }

    [ParallelKernel(ChunkSize = 16)]
    public static void Grid(int[,] g, int[] by)
    {
        foreach (int y in PRange(g.GetLength(0)))
            foreach (int x in PRange(g.GetLength(1)))
                g[y, x] = 7 / by[y * g.GetLength(1) + x];
    }
}";

        private static (byte[] Pe, byte[] Pdb) EmitWithSymbols(string source)
        {
            // Debug information needs the source's encoding.
            CSharpCompilation compilation = InMemory.Compile(source);
            compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
                CSharpSyntaxTree.ParseText(SourceText.From(source, System.Text.Encoding.UTF8), InMemory.ParseOptions, path: "Kernels.cs"));
            (Compilation output, _) = InMemory.Generate(compilation);
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            var result = output.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return (pe.ToArray(), pdb.ToArray());
        }

        private static Assembly Load((byte[] Pe, byte[] Pdb) image) =>
            new AssemblyLoadContext("line-mapping", isCollectible: true).LoadFromStream(new MemoryStream(image.Pe), new MemoryStream(image.Pdb));

        private static int[] DivisorsWithAZeroAt(int n, int zero) => Enumerable.Range(0, n).Select(i => i == zero ? 0 : 1 + i % 5).ToArray();

        [Theory]
        [InlineData("Divide", 10)]
        [InlineData("Sum", 19)]
        [InlineData("Grid", 28)]
        public void An_exception_in_an_iteration_names_the_users_file_and_line(string kernel, int line)
        {
            Assembly assembly = Load(EmitWithSymbols(Source));
            object[] args = kernel == "Grid"
                ? new object[] { new int[40, 50], DivisorsWithAZeroAt(2000, 1234) }
                : new object[] { new int[1000], DivisorsWithAZeroAt(1000, 777) };
            MethodInfo parallel = assembly.GetType("Kernels")!.GetMethod(kernel + "Parallel")!;
            var e = Assert.Throws<TargetInvocationException>(() => parallel.Invoke(null, args));
            Assert.IsType<DivideByZeroException>(e.InnerException);
            string stack = e.InnerException!.StackTrace ?? "";
            Assert.True(stack.Contains($"Kernels.cs:line {line}"), stack);
            Assert.DoesNotContain(".g.cs", stack.Split('\n').First(l => l.Contains(" in ", StringComparison.Ordinal)));
        }

        [Fact]
        public void The_vector_path_maps_to_the_loop_header_and_the_copied_body_to_its_own_lines()
        {
            // Line 7 is the header, line 9 the statement; the vector path's statements are hidden except its first.
            const string Kernel = @"using KernelGen; using static KernelGen.Kernel;
public static partial class Kernels
{
    [ParallelKernel]
    public static void Axpy(float[] x, float[] y, float a)
    {
        foreach (int i in PRange(y.Length))
        {
            y[i] = a * x[i] + y[i];
        }
    }
}";
            (byte[] pe, byte[] pdb) = EmitWithSymbols(Kernel);
            using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
            MetadataReader reader = provider.GetMetadataReader();
            string NameOf(SequencePoint p) => reader.GetString(reader.GetDocument(p.Document).Name);
            bool sawChunk = false;
            foreach (MethodDebugInformationHandle handle in reader.MethodDebugInformation)
            {
                var points = reader.GetMethodDebugInformation(handle).GetSequencePoints().Where(p => !p.IsHidden).ToList();
                var user = points.Where(p => NameOf(p) == "Kernels.cs").Select(p => p.StartLine).Distinct().OrderBy(l => l).ToList();
                if (user.Count == 0 || !points.Any(p => NameOf(p).EndsWith(".g.cs", StringComparison.Ordinal)))
                    continue; // the serial original, or generated code without user lines
                sawChunk = true; // the chunk body: generated scaffolding around the user's lines
                Assert.Equal(new[] { 7, 9 }, user);
            }
            Assert.True(sawChunk, "no generated method maps lines to Kernels.cs");
            float[] x = Enumerable.Range(0, 1003).Select(i => (float)i).ToArray(), y = new float[1003];
            Load((pe, pdb)).GetType("Kernels")!.GetMethod("AxpyParallel")!.Invoke(null, new object[] { x, y, 2f });
            Assert.Equal(2f * 1002, y[1002]);
        }
    }
}
