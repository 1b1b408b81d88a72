using System;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;

namespace KernelGen.Tests.RandomKernels
{
    // MPI ranks, simulated (Harness/SimulatedCluster): the kernel's parallel version on 2 or 3 ranks at once, each rank
    // with its own copy of the inputs, at a size where loops split into several chunks. Every rank must end with the
    // serial result (float sums within the tolerance; Deterministic = true: bitwise the single-process parallel result),
    // or, where the serial loop throws, the job must abort (or every rank throw it, when the loop ran whole).
    // Kernels with side-effect constructs are left out: their statics would be shared by the simulated ranks, where
    // real ranks each have their own.
    internal static partial class FuzzRunner
    {
        /// <summary>
        /// Which kernels also run on simulated ranks: KERNELGEN_FUZZ_RANKS=0 none, =all every one; by default every
        /// third kernel (the default test run stays within its time budget; the long mode sets all).
        /// </summary>
        private static readonly string s_ranks = Environment.GetEnvironmentVariable("KERNELGEN_FUZZ_RANKS") ?? "";

        private static bool Simulates(FuzzKernel kernel) => s_ranks switch
        {
            "0" => false,
            "all" => true,
            _ => kernel.Id % 3 == 0,
        };

        private static string? RunRanks(FuzzKernel kernel, MethodInfo serial, MethodInfo? parallel, FuzzStats stats, Func<object?[], double[]> magnitudeOf)
        {
            if (!Simulates(kernel) || parallel is null || kernel.Effects.Count > 0 || kernel.Extras.Count > 0) return null;
            var random = new Random(kernel.Seed ^ 0x2545F491); // its own stream: the other runs' inputs stay as they were
            int size = kernel.Narrow is not null ? random.Next(3_000, 9_000) : random.Next(20_000, 60_000);
            object?[] args = Inputs(kernel, size, random);
            int ranks = 2 + kernel.Id % 2;
            (object? expected, Exception? expectedError, object?[] expectedArgs) = Invoke(serial, args);
            (object? single, Exception? singleError, object?[] singleArgs) = Invoke(parallel, args);
            long sharesBefore = SimulatedCluster.Shares;
            SimulatedCluster.Outcome outcome = SimulatedCluster.Run(ranks, rank =>
            {
                object?[] copy = Clone(args);
                try { return (parallel.Invoke(null, copy), copy); }
                catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
            });
            stats.RankRuns++;
            if (SimulatedCluster.Shares > sharesBefore || outcome.AbortMessage is not null) stats.RankSplit++;
            string where = $"{ranks} simulated ranks, {Size(args)}, w = {args[6]}, m = {args[7]}, k = {args[8]}{Aliases(args)}";
            if (outcome.Disagreement is { } disagreement) return $"{where}: the ranks disagree on a share: {disagreement}";
            if (expectedError is not null)
            {
                stats.RankThrowing++;
                if (outcome.AbortMessage is not null) return null; // a rank's block threw: the job ends
                for (int r = 0; r < ranks; r++)
                    if (outcome.Errors[r]?.GetType() != expectedError.GetType())
                        return $"{where}: serial {Describe(expectedError)}, rank {r} {Describe(outcome.Errors[r])}";
                return null;
            }
            if (outcome.AbortMessage is { } abort) return $"{where}: the serial loop returns, but the job aborted: {abort}";
            for (int r = 0; r < ranks; r++)
            {
                if (outcome.Errors[r] is { } error) return $"{where}: rank {r} {Describe(error)}";
                var (result, rankArgs) = ((object?, object?[]))outcome.Results[r]!;
                double[]? scale = null;
                string? difference = Compare(kernel, expected, expectedArgs, result, rankArgs, () => scale ??= magnitudeOf(args));
                if (difference is not null) return $"{where}: rank {r}: {difference}";
                if (kernel.Deterministic && singleError is null && Compare(kernel, single, singleArgs, result, rankArgs, scale: null) is { } moved)
                    return $"{where}: Deterministic = true, but rank {r} has other bits than one process: {moved}";
            }
            if (kernel.Deterministic) stats.RankDeterministic++;
            return null;
        }
    }
}
