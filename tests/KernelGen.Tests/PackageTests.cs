using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using KernelGen.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace KernelGen.Tests
{
    /// <summary>
    /// One PackageReference must be all a user needs (issue 14): pack KernelGen into a folder feed, restore a library + app
    /// project from it, build and run it, and check that its kernel call was intercepted and the generated file
    /// starts with the parallel report.
    /// </summary>
    public class PackageTests
    {
        private readonly ITestOutputHelper _output;

        public PackageTests(ITestOutputHelper output) => _output = output;

        [SlowFact, Trait("Category", "Slow")]
        public void Library_and_app_with_one_PackageReference_each_run_their_kernels_in_parallel()
        {
            string root = RepositoryRoot();
            string work = Path.Combine(Path.GetTempPath(), "kernelgen-package-" + Guid.NewGuid().ToString("N")[..8]);
            string feed = Path.Combine(work, "feed"), consumer = Path.Combine(work, "Consumer");
            Directory.CreateDirectory(consumer);
            try
            {
                // A version of its own, and a private packages folder: never a stale copy from the global cache.
                string version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
                // Pack a copy of the sources, so this test never races a build of the repository's own bin/obj.
                string copy = Path.Combine(work, "repo");
                CopySources(root, copy);
                Run(copy, "pack", Path.Combine(copy, "src", "Runtime", "KernelGen.Runtime.csproj"), "-c", "Release", "-o", feed, "-p:Version=" + version);
                string package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
                using (ZipArchive zip = ZipFile.OpenRead(package))
                {
                    string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
                    Assert.Contains("analyzers/dotnet/cs/KernelGen.Generator.dll", entries);
                    Assert.Contains("analyzers/dotnet/cs/KernelGen.CodeFixes.dll", entries);
                    Assert.Contains("lib/net10.0/KernelGen.dll", entries);
                    Assert.Contains("build/KernelGen.props", entries);
                    Assert.Contains("build/KernelGen.targets", entries);
                }

                // A library and an app, each with one PackageReference (the app also references the library).
                string library = Path.Combine(work, "Lib"), app = consumer;
                Directory.CreateDirectory(library);
                string Project(string outputType, string extra) => $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>{outputType}</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RestoreSources>{feed}</RestoreSources>
    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""KernelGen"" Version=""{version}"" />
{extra}  </ItemGroup>
</Project>";
                File.WriteAllText(Path.Combine(library, "Lib.csproj"), Project("Library", ""));
                File.WriteAllText(Path.Combine(library, "Kernels.cs"), LibraryKernels);
                File.WriteAllText(Path.Combine(app, "Consumer.csproj"), Project("Exe", @"    <ProjectReference Include=""../Lib/Lib.csproj"" />
"));
                File.WriteAllText(Path.Combine(app, "Program.cs"), AppProgram);

                // The build says what ran in parallel, one line per kernel, in both projects (normal verbosity).
                string build = Run(app, "build", "-c", "Release", "-v", "n");
                Assert.Contains("KernelGen: Kernels.Probe(int[]) → parallel, scalar body, no calls in this project", build);
                // (1000 / d divides lane by lane inside the vector step: the exception below still names line 21.)
                Assert.Contains("KernelGen: Kernels.Divide(int[], int[]) → parallel, SIMD int lanes, no calls in this project", build);
                Assert.Contains("KernelGen: Kernels.Probe(int[]) from Lib → intercepted 1 call to its ProbeParallel", build);
                Assert.Contains("KernelGen: Kernels.Divide(int[], int[]) from Lib → intercepted 1 call to its DivideParallel", build);
                Assert.Contains("KernelGen: AppKernels.Scale<T>(T[], T, int[]) → parallel, scalar body, intercepted 2 calls", build);
                Assert.Contains("KernelGen: Image.Brighten(float[], int[]) → parallel, scalar body, intercepted 1 call", build);
                Assert.Contains("KernelGen: AppKernels.Add(float[], float[], float[]) → parallel, SIMD float lanes, intercepted 1 call", build);

                string output = Run(app, "run", "-c", "Release", "--no-build");
                Assert.Contains("library=True generic-float=True generic-int=True instance=True add=True", output);
                // The exception thrown in the library kernel's parallel path has its frame on the library's own line.
                Assert.Contains("DivideByZeroException at " + Path.Combine(library, "Kernels.cs") + ":line 21", output);

                string generated = Directory.GetFiles(Path.Combine(app, "obj"), "AppKernels.Add.*.g.cs", SearchOption.AllDirectories).First();
                string text = File.ReadAllText(generated).TrimStart('\uFEFF');
                Assert.StartsWith("// <auto-generated/>\n// KernelGen parallel report — AppKernels.Add(float[] a, float[] b, float[] r)", text.Replace("\r\n", "\n"));
            }
            finally
            {
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            }
        }

        private const string LibraryKernels = @"using KernelGen;
using static KernelGen.Kernel;

namespace Lib;

public static partial class Kernels
{
    [ParallelKernel(ChunkSize = 1000)]
    public static void Probe(int[] flags)
    {
        foreach (int i in PRange(flags.Length))
            flags[i] = KernelRuntime.IsInsideKernel ? 1 : 0;
    }

    [ParallelKernel(ChunkSize = 100)]
    public static void Divide(int[] a, int[] by)
    {
        foreach (int i in PRange(a.Length))
        {
            int d = by[i];
            a[i] = 1000 / d;
        }
    }
}
";

        private const string AppProgram = @"using System;
using System.Linq;
using System.Numerics;
using KernelGen;
using static KernelGen.Kernel;

int n = 100_000;
bool All(int[] p) => Array.TrueForAll(p, f => f == 1);

int[] flags = new int[n];
Lib.Kernels.Probe(flags);

float[] f = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
int[] pf = new int[n];
AppKernels.Scale(f, 2f, pf);
int[] m = Enumerable.Range(0, n).ToArray();
int[] pm = new int[n];
AppKernels.Scale<int>(m, 3, pm);

var image = new Image(n);
float[] bright = new float[n];
int[] pi = new int[n];
image.Brighten(bright, pi);

float[] a = new float[n], b = new float[n], r = new float[n];
for (int i = 0; i < n; i++) { a[i] = i; b[i] = 2 * i; }
AppKernels.Add(a, b, r);

Console.WriteLine($""library={All(flags)} generic-float={All(pf) && f[n - 1] == 2f * (n - 1)} generic-int={All(pm) && m[n - 1] == 3 * (n - 1)} instance={All(pi) && bright[n - 1] == (n - 1) * 0.5f} add={r[n - 1] == 3f * (n - 1)}"");

int[] by = Enumerable.Range(0, 5000).Select(i => i == 4321 ? 0 : 1).ToArray();
try { Lib.Kernels.Divide(new int[5000], by); }
catch (DivideByZeroException e)
{
    string frame = e.StackTrace!.Split('\n').First(l => l.Contains("" in "")).Trim();
    Console.WriteLine(""DivideByZeroException at "" + frame.Substring(frame.IndexOf("" in "") + 4));
}

public static partial class AppKernels
{
    [ParallelKernel(ChunkSize = 1000)]
    public static void Scale<T>(T[] x, T k, int[] probe) where T : INumber<T>
    {
        foreach (int i in PRange(x.Length))
        {
            x[i] *= k;
            probe[i] = KernelRuntime.IsInsideKernel ? 1 : 0;
        }
    }

    [ParallelKernel]
    public static void Add(float[] a, float[] b, float[] r)
    {
        foreach (int i in PRange(a.Length))
            r[i] = a[i] + b[i];
    }
}

public sealed partial class Image
{
    private readonly float[] _pixels;
    public Image(int n) { _pixels = new float[n]; for (int i = 0; i < n; i++) _pixels[i] = i; }
    public float Gain { get; init; } = 0.5f;

    [ParallelKernel(ChunkSize = 1000)]
    public void Brighten(float[] dst, int[] probe)
    {
        foreach (int i in PRange(_pixels.Length))
        {
            dst[i] = _pixels[i] * Gain;
            probe[i] = KernelRuntime.IsInsideKernel ? 1 : 0;
        }
    }
}
";

        private string Run(string directory, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using Process process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(300_000)) { process.Kill(true); throw new TimeoutException("dotnet " + string.Join(" ", arguments)); }
            _output.WriteLine($"dotnet {string.Join(" ", arguments)} → {process.ExitCode}\n{stdout}\n{stderr.Result}");
            Assert.True(process.ExitCode == 0, $"dotnet {string.Join(" ", arguments)} failed:\n{stdout}\n{stderr.Result}");
            return stdout;
        }

        private static void CopySources(string root, string destination)
        {
            foreach (string file in new[] { "README.md", "Directory.Build.targets", "global.json" })
                if (File.Exists(Path.Combine(root, file)))
                {
                    Directory.CreateDirectory(destination);
                    File.Copy(Path.Combine(root, file), Path.Combine(destination, file));
                }
            string source = Path.Combine(root, "src");
            foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                string[] parts = relative.Split(Path.DirectorySeparatorChar);
                if (parts.Contains("bin") || parts.Contains("obj")) continue;
                string target = Path.Combine(destination, "src", relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        internal static string RepositoryRoot()
        {
            for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "KernelGen.sln"))) return dir;
            throw new InvalidOperationException("KernelGen.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
