using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator;
using KernelGen.Tests.Harness;
using KernelGen.Tests.RandomKernels;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace KernelGen.Tests
{
    public class ZzProfile
    {
        private static CSharpCompilation Project(int seed, int count)
        {
            List<FuzzKernel> kernels = Enumerable.Range(0, count).Select(id => KernelFuzzer.Generate(id, KernelFuzzer.SeedOf(seed, id))).ToList();
            string header = "using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\nnamespace Fuzz\n{\n";
            string kernelFile = header + string.Concat(kernels.Select(k => k.KernelText)) + "}\n";
            string callerFile = header + "    public static class Calls\n    {\n" + string.Concat(kernels.Select(k => k.CallerText)) + "    }\n}\n";
            return InMemory.Compile(kernelFile)
                .AddSyntaxTrees(CSharpSyntaxTree.ParseText(callerFile, InMemory.ParseOptions, path: "Calls.cs"));
        }
        private static CSharpCompilation Fresh(CSharpCompilation project) =>
            project.RemoveAllSyntaxTrees().AddSyntaxTrees(project.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.ToString(), InMemory.ParseOptions, path: t.FilePath)));

        [Fact]
        public void Profile()
        {
            var p = Project(20261126, 200);
            for (int r = 0; r < 40; r++)
                CSharpGeneratorDriver.Create(new[] { new KernelGenerator().AsSourceGenerator() }, parseOptions: InMemory.ParseOptions).RunGenerators(Fresh(p));
        }
    }
}
