using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using KernelGen.Generator.Diagnostics;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// What the IDE shows next to a diagnostic: its help link must open the ID's page, and every page must say what,
    /// why, how to fix, with an example. The README's table must list every ID.
    /// </summary>
    public class DiagnosticDocsTests
    {
        public static IEnumerable<object[]> Descriptors() =>
            typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .Select(f => new object[] { ((DiagnosticDescriptor)f.GetValue(null)!).Id });

        private static DiagnosticDescriptor Descriptor(string id) =>
            typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetValue(null)).OfType<DiagnosticDescriptor>().Single(d => d.Id == id);

        /// <summary>The file in this repository that a help link points to.</summary>
        private static string PageOf(string helpLink)
        {
            Assert.StartsWith(DiagnosticDescriptors.HelpLinkBase, helpLink, StringComparison.Ordinal);
            return Path.Combine(PackageTests.RepositoryRoot(), helpLink.Substring(DiagnosticDescriptors.HelpLinkBase.Length).Replace('/', Path.DirectorySeparatorChar));
        }

        [Theory]
        [MemberData(nameof(Descriptors))]
        public void Every_diagnostic_has_a_help_link_to_its_page_and_the_page_explains_it(string id)
        {
            DiagnosticDescriptor descriptor = Descriptor(id);
            Assert.Equal($"{DiagnosticDescriptors.HelpLinkBase}docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
            string page = PageOf(descriptor.HelpLinkUri);
            Assert.True(File.Exists(page), $"{id}: no page at {page}");
            string[] lines = File.ReadAllLines(page);
            Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);
            Assert.Contains(lines, l => l.StartsWith($"- **Severity:** {descriptor.DefaultSeverity}", StringComparison.Ordinal));
            foreach (string section in new[] { "## What it means", "## How to fix", "## Example" })
                Assert.Contains(section, lines);
            string readme = File.ReadAllText(Path.Combine(PackageTests.RepositoryRoot(), "README.md"));
            Assert.Contains($"| [{id}](docs/diagnostics/{id}.md) | {descriptor.DefaultSeverity} |", readme);
        }

        [Theory]
        [MemberData(nameof(Descriptors))]
        public void Every_diagnostic_is_declared_by_the_analyzer(string id)
        {
            // A descriptor the analyzer does not declare cannot be reported from it (AD0001 in the IDE).
            Assert.Contains(new KernelAnalyzer().SupportedDiagnostics, d => d.Id == id);
        }

        [Theory]
        [MemberData(nameof(Descriptors))]
        public void Every_diagnostic_is_in_the_release_tracking_table(string id)
        {
            // The RS2000-series rules check this at build time too; this says which row is wrong when they are disabled.
            DiagnosticDescriptor descriptor = Descriptor(id);
            string folder = Path.Combine(PackageTests.RepositoryRoot(), "src", "Generator");
            string[] rows = File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
                .Concat(File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md")))
                .Where(l => l.StartsWith(id + " ", StringComparison.Ordinal)).ToArray();
            string row = Assert.Single(rows);
            Assert.StartsWith($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", row, StringComparison.Ordinal);
        }

        [Fact]
        public void A_reported_race_carries_the_link_to_its_page()
        {
            Diagnostic d = InMemory.Analyze(RaceTests.Kernel("foreach (int i in PRange(n - 1)) a[i] = a[i + 1];")).Single(x => x.Id == "KG1001");
            Assert.True(File.Exists(PageOf(d.Descriptor.HelpLinkUri)));
            Assert.EndsWith("docs/diagnostics/KG1001.md", d.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        }
    }
}
