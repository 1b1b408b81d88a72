using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// The correctness check before timing: every suite with a <c>Validate()</c> method, at each of its sizes of both
    /// modes, runs Serial and KernelGen (five rounds, at least 8 threads) and compares the results (Check in Suites.cs). Not timed.
    /// Suites with a C/OpenMP twin also have <c>ValidateC()</c>: the twin against serial, the same way (results with
    /// <see cref="Result.Of"/> "C/OpenMP"), so that a wrong twin shows before its time is compared with KernelGen's.
    /// </summary>
    public static class CheckPass
    {
        /// <param name="Of">What was checked against serial: "KernelGen" or "C/OpenMP" (the twin).</param>
        public sealed record Result(string Suite, int N, string? Problem, string Of = KernelGenResult);

        public const string KernelGenResult = "KernelGen", COpenMPResult = "C/OpenMP";

        public static List<Result> Run()
        {
            var results = new List<Result>();
            // No back-off during the check (on a busy machine it runs kernels serially, where a race cannot show), and at
            // least 8 threads, five rounds: on 2 cores the helper often starts after the caller has taken every chunk. The
            // racy plain histogram (before array reductions), 4 other builds running: 2 threads passed 2 runs of 2; with
            // 8 threads and 5 rounds it failed 2 runs of 3. A race check is probabilistic; a pass proves nothing.
            bool backoff = KernelRuntime.AdaptiveBackoff;
            int degree = KernelRuntime.MaxDegreeOfParallelism;
            KernelRuntime.AdaptiveBackoff = false;
            KernelRuntime.MaxDegreeOfParallelism = Math.Max(8, degree);
            try { Run(results); }
            finally
            {
                KernelRuntime.AdaptiveBackoff = backoff; KernelRuntime.MaxDegreeOfParallelism = degree;
                if (COmp.Available) COmp.kg_release_threads(); // no leftover OpenMP team while timing (c/kernels.c says why)
            }
            return results;
        }

        /// <summary>
        /// The sizes of the short and the full mode: the check is cheap (seconds), and the short mode's CI run then also
        /// covers the full sizes, where a race is likelier to show (the histogram at 1e6 passed where 1e7 failed).
        /// </summary>
        private static int[] SizesOfBothModes(Type suite)
        {
            PropertyInfo property = suite.GetProperty("Sizes", BindingFlags.Public | BindingFlags.Static)!;
            string? mode = Environment.GetEnvironmentVariable(Config.ShortVariable);
            try
            {
                Environment.SetEnvironmentVariable(Config.ShortVariable, "1");
                var shortSizes = (int[])property.GetValue(null)!;
                Environment.SetEnvironmentVariable(Config.ShortVariable, null);
                var fullSizes = (int[])property.GetValue(null)!;
                return shortSizes.Union(fullSizes).OrderBy(n => n).ToArray();
            }
            finally { Environment.SetEnvironmentVariable(Config.ShortVariable, mode); }
        }

        private static void Run(List<Result> results)
        {
            var suites = typeof(CheckPass).Assembly.GetTypes()
                .Where(t => t.IsClass && !t.IsAbstract && t.GetMethod("Validate", Type.EmptyTypes) is not null)
                .OrderBy(t => t.Name, StringComparer.Ordinal);
            foreach (Type suite in suites)
            {
                var sizes = SizesOfBothModes(suite);
                MethodInfo? setup = suite.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null);
                foreach (int n in sizes)
                {
                    object instance = Activator.CreateInstance(suite)!;
                    suite.GetField("N")!.SetValue(instance, n);
                    string? problem;
                    try
                    {
                        setup?.Invoke(instance, null);
                        // Five times: the first call also starts the pool's threads (its chunks may all run on the
                        // caller), later ones run warm, where chunks overlap and a race would show.
                        problem = null;
                        for (int round = 0; round < 5 && problem is null; round++)
                            problem = (string?)suite.GetMethod("Validate", Type.EmptyTypes)!.Invoke(instance, null);
                    }
                    catch (TargetInvocationException e) { problem = "threw " + e.InnerException?.GetType().Name + ": " + e.InnerException?.Message; }
                    results.Add(new Result(suite.Name, n, problem));
                    Console.WriteLine(problem is null ? $"check: {suite.Name} n={n:N0}: KernelGen equals serial"
                                                      : $"check: {suite.Name} n={n:N0}: WRONG RESULT: {problem}");
                    MethodInfo? validateC = suite.GetMethod("ValidateC", Type.EmptyTypes);
                    if (validateC is null || !COmp.Available) continue;
                    // The twin with at least 8 OpenMP threads too (this thread's regions only), five rounds.
                    int threads = COmp.kg_get_threads();
                    COmp.kg_set_threads(Math.Max(8, threads));
                    try
                    {
                        problem = null;
                        for (int round = 0; round < 5 && problem is null; round++)
                            problem = (string?)validateC.Invoke(instance, null);
                    }
                    catch (TargetInvocationException e) { problem = "threw " + e.InnerException?.GetType().Name + ": " + e.InnerException?.Message; }
                    finally { COmp.kg_set_threads(threads); }
                    results.Add(new Result(suite.Name, n, problem, COpenMPResult));
                    Console.WriteLine(problem is null ? $"check: {suite.Name} n={n:N0}: C/OpenMP twin equals serial"
                                                      : $"check: {suite.Name} n={n:N0}: WRONG C/OpenMP RESULT: {problem}");
                }
            }
        }
    }
}
