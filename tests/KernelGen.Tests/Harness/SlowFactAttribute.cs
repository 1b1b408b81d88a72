using System;
using Xunit;

namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// A test too slow for the local default run (packing and building a package, timing the generator): it runs in
    /// CI (CI=true, as .ci/run sets it) or when KERNELGEN_SLOW_TESTS=1, and is reported as skipped otherwise, with the
    /// command that runs it.
    /// </summary>
    public sealed class SlowFactAttribute : FactAttribute
    {
        public const string Command = "KERNELGEN_SLOW_TESTS=1 dotnet test tests/KernelGen.Tests --filter Category=Slow";

        public SlowFactAttribute()
        {
            if (!Enabled) Skip = "slow; runs in CI (CI=true) or with " + Command;
        }

        public static bool Enabled =>
            string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            || Environment.GetEnvironmentVariable("KERNELGEN_SLOW_TESTS") == "1";
    }
}
