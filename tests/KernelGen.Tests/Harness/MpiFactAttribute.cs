using System;
using System.IO;
using System.Linq;
using Xunit;

namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// A test that starts an MPI job (Open MPI's mpirun): it runs where mpirun is installed, and always in CI (CI=true,
    /// where .ci/run installs openmpi-bin and libopenmpi-dev; a missing mpirun then fails the test). Elsewhere it is
    /// reported as skipped, with the packages to install.
    /// </summary>
    public sealed class MpiFactAttribute : FactAttribute
    {
        public MpiFactAttribute()
        {
            if (MpiRun is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Skip = "needs Open MPI's mpirun: apt-get install openmpi-bin libopenmpi-dev (CI installs it)";
        }

        /// <summary>The mpirun on the PATH, or null.</summary>
        public static string? MpiRun =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, "mpirun")).FirstOrDefault(File.Exists);
    }
}
