using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// KernelGen over MPI ranks (issue 15), end to end: samples/KernelGen.Mpi.Sample under mpirun with 1, 2 and 3 ranks
    /// on this machine (Open MPI, --oversubscribe). Every kernel's result is checked on every rank against the serial
    /// original by the sample itself; here: its verdicts, the deterministic reduction's bits across rank counts, and a
    /// rank whose block throws ending the whole job with the exception's message.
    /// </summary>
    [Collection(MpiCollection.Name)]
    public class MpiTests
    {
        /// <summary>The sample (--quick: a tenth of its input sizes) on 1, 2 and 3 ranks, run once for the tests below.</summary>
        private static readonly Lazy<(int Ranks, int Code, string Output)[]> s_runs = new(() =>
            new[] { 1, 2, 3 }.Select(ranks => { (int code, string output, _) = Run(ranks, "--quick"); return (ranks, code, output); }).ToArray());

        [MpiFact]
        public void Every_kernel_agrees_with_serial_on_1_2_and_3_ranks()
        {
            foreach ((int ranks, int code, string output) in s_runs.Value)
            {
                Assert.True(code == 0, $"{ranks} rank(s): exit {code}\n{output}");
                Assert.Contains($"All kernels agree with their serial originals on {ranks} rank(s)", output);
                Assert.Equal(11, Regex.Matches(output, @"^OK ", RegexOptions.Multiline).Count);
                Assert.DoesNotContain("FAILED", output);
            }
        }

        [MpiFact]
        public void Deterministic_reduction_is_bitwise_the_same_for_any_rank_count()
        {
            string[] bits = s_runs.Value.Select(run =>
            {
                Match match = Regex.Match(run.Output, @"bits DeterministicSum ([0-9A-F]{16})");
                Assert.True(match.Success, run.Output);
                return match.Groups[1].Value;
            }).ToArray();
            Assert.Equal(bits[0], bits[1]);
            Assert.Equal(bits[0], bits[2]);
        }

        [MpiFact]
        public void A_throwing_rank_ends_the_job_with_its_message_within_seconds()
        {
            (int code, string output, TimeSpan took) = Run(3, "--throw");
            Assert.True(code != 0, output);
            Assert.Contains("DivideByZeroException", output);
            Assert.Matches(@"KernelGen: rank 2 of 3 failed in a distributed loop", output);
            Assert.DoesNotContain("returned (it should not have)", output);
            Assert.True(took < TimeSpan.FromSeconds(60), $"took {took}");
        }

        [Fact]
        public void Bands_split_only_when_they_cannot_overlap_and_stay_in_the_int_range()
        {
            Assert.True(KernelRuntime.BandsFit(0, 1, 1, 1000));          // a[i]
            Assert.True(KernelRuntime.BandsFit(0, 640, 640, 480));       // image[y * w + x], x < w
            Assert.True(KernelRuntime.BandsFit(99, -2, 1, 50));          // every other element, backwards
            Assert.False(KernelRuntime.BandsFit(0, 640, 641, 480));      // one iteration's band reaches into the next one's
            Assert.False(KernelRuntime.BandsFit(0, 0, 1, 10));           // every iteration on the same row
            Assert.False(KernelRuntime.BandsFit(0, 1, 0, 10));           // no band (an empty inner range)
            Assert.False(KernelRuntime.BandsFit(int.MaxValue - 5, 1, 1, 10)); // past int.MaxValue: the subscript would wrap
            Assert.True(KernelRuntime.BandsFit(5, -1, 1, 10));           // rows 5 … -4: the negative ones are never written (they would throw), the rest are shared
            Assert.False(KernelRuntime.BandsFit(int.MinValue + 3, -1, 1, 10)); // below int.MinValue: the subscript would wrap
            // The edges, in the long path and beyond it (128-bit: a stride, count or start past what long arithmetic holds).
            Assert.True(KernelRuntime.BandsFit(int.MaxValue - 9, 1, 1, 10));  // ends exactly at int.MaxValue
            Assert.False(KernelRuntime.BandsFit(int.MaxValue - 9, 1, 2, 10)); // the last band one past it
            Assert.True(KernelRuntime.BandsFit(int.MinValue + 9, -1, 1, 10)); // ends exactly at int.MinValue
            Assert.True(KernelRuntime.BandsFit(0, int.MinValue, 1, 2));       // |stride| = 2^31 (the 128-bit path): rows 0 and int.MinValue
            Assert.False(KernelRuntime.BandsFit(-1, int.MinValue, 1, 2));     // … and one row lower: past int.MinValue
            Assert.False(KernelRuntime.BandsFit(0, 1, 1, 1L << 40));          // a count past int (128-bit): past int.MaxValue
            Assert.True(KernelRuntime.BandsFit(0, 1L << 40, 1, 1));           // one band: the stride never applies (128-bit path)
            Assert.False(KernelRuntime.BandsFit(1L << 62, 1, 1, 1));          // a start past 2^61 (128-bit): past int.MaxValue
            Assert.False(KernelRuntime.BandsFit(0, long.MaxValue, 1, 3));     // a product past long (128-bit)
        }

        [Fact]
        public void A_missing_or_foreign_MPI_library_is_a_clear_error_naming_what_to_install()
        {
            var missing = Assert.Throws<DllNotFoundException>(() => Native.Load("libmpi-not-installed.so.99"));
            Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", missing.Message);
            // A library that loads but is not Open MPI (libc has no ompi_mpi_comm_world).
            var foreign = Assert.Throws<DllNotFoundException>(() => Native.Load("libc.so.6"));
            Assert.Contains("is not Open MPI", foreign.Message);
            Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", foreign.Message);
        }

        /// <summary>Runs the sample under mpirun; the output is stdout and stderr together.</summary>
        private static (int Code, string Output, TimeSpan Took) Run(int ranks, string arguments)
        {
            string mpirun = MpiFactAttribute.MpiRun ?? throw new InvalidOperationException("mpirun is not installed: apt-get install openmpi-bin libopenmpi-dev");
            var start = new ProcessStartInfo(mpirun)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(), "dotnet", SampleDll() })
                start.ArgumentList.Add(a);
            foreach (string a in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                start.ArgumentList.Add(a);
            start.Environment["KERNELGEN_NUM_THREADS"] = "1"; // 3 ranks on 2 cores: no oversubscription from threads as well
            start.Environment["TERM"] = "dumb";
            start.Environment["OMPI_MCA_mpi_yield_when_idle"] = "1"; // ranks waiting in a collective yield the core
            var clock = Stopwatch.StartNew();
            using Process process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"mpirun -np {ranks} {arguments} hung for 2 minutes:\n{stdout.Result}\n{stderr.Result}");
            }
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
        }

        /// <summary>samples/KernelGen.Mpi.Sample's build output of this configuration (the test project builds it first).</summary>
        private static string SampleDll()
        {
            string configuration = AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/") ? "Release" : "Debug";
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "KernelGen.sln")))
                dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
            Assert.NotNull(dir);
            string dll = Path.Combine(dir!, "samples", "KernelGen.Mpi.Sample", "bin", configuration, "net10.0", "KernelGen.Mpi.Sample.dll");
            Assert.True(File.Exists(dll), $"{dll} was not built");
            return dll;
        }
    }

    /// <summary>
    /// The MPI jobs run alone: their ranks (up to 3 on 2 cores) would otherwise take the cores from the other test
    /// classes (the default run measured 10 to 40 s longer when they overlapped).
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class MpiCollection
    {
        public const string Name = "MPI jobs";
    }
}
