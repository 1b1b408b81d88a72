using System;
using System.IO;
using System.Linq;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// The generator's layers (docs/ir.md): only the frontend reads Roslyn's syntax, symbols and operations; the IR, the
    /// analyses over it, the vectorizer, the models and the emitter are plain data and code. The entry points (the
    /// generator and the analyzer) and the diagnostic descriptors sit at the boundary.
    /// </summary>
    public class ArchitectureTests
    {
        private static readonly string[] Boundary = { "KernelGenerator.cs", "Diagnostics/", "Frontend/", "KernelGen.CodeFixes/" };

        [Fact]
        public void Only_the_frontend_and_the_entry_points_reference_Roslyn()
        {
            string generator = Path.Combine(PackageTests.RepositoryRoot(), "src", "Generator");
            var offenders = Directory.GetFiles(generator, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(generator, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal) && !f.Contains("/obj/") && !f.Contains("/bin/"))
                .Where(f => !Boundary.Any(b => f == b || b.EndsWith("/", StringComparison.Ordinal) && f.StartsWith(b, StringComparison.Ordinal)))
                .Where(f => File.ReadAllText(Path.Combine(generator, f)).Contains("Microsoft.CodeAnalysis"))
                .ToList();
            Assert.True(offenders.Count == 0, "files outside the frontend that reference Microsoft.CodeAnalysis: " + string.Join(", ", offenders));
        }

        [Fact]
        public void The_emitter_and_the_vectorizer_do_not_depend_on_the_frontend()
        {
            string generator = Path.Combine(PackageTests.RepositoryRoot(), "src", "Generator");
            foreach (string folder in new[] { "Emit", "Vectorize", "Ir", "Analysis", "Model" })
                foreach (string file in Directory.GetFiles(Path.Combine(generator, folder), "*.cs"))
                {
                    string text = File.ReadAllText(file);
                    Assert.False(text.Contains("Generator.Frontend") || text.Contains("Frontend."), $"{folder}/{Path.GetFileName(file)} uses the frontend");
                }
        }
    }
}
