namespace KernelGen.Tests.Harness
{
    /// <summary>
    /// How many random cases a sweep runs: the full count in CI (CI=true) and with KERNELGEN_SLOW_TESTS=1, a smaller
    /// one in the local default run, which is meant to finish in about three minutes on a 2-core machine. The cases
    /// are the first ones of the same seeded sequence, so the local run is a prefix of CI's.
    /// </summary>
    public static class Scale
    {
        public static int Count(int full, int local) => SlowFactAttribute.Enabled ? full : local;
    }
}
