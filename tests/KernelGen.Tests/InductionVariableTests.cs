using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using KernelGen.Tests.Harness;
using Microsoft.CodeAnalysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Induction variables (issue 12): a local declared before the loop that every iteration advances by the same
    /// constant, unconditionally (<c>output[k++] = a[i]; output[k++] = b[i];</c>, <c>k += 3</c> at the end) was a false
    /// KG1005 build error. Each iteration now starts from k0 + c·t and the loop leaves k0 + c·count; the race analysis
    /// sees the subscripts in that form (output[k0 + 2t] and output[k0 + 2t + 1]: disjoint). ChunkSize = 7 and every
    /// kernel returning k check the values inside and after the loop against the serial loop, bitwise.
    /// </summary>
    public class InductionVariableTests
    {
        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class S
            {
                // The corpus shape: interleaving two channels.
                [ParallelKernel(ChunkSize = 7)]
                public static int Interleave(float[] left, float[] right, float[] output, int offset)
                {
                    int k = offset;
                    foreach (int i in PRange(left.Length))
                    {
                        output[k++] = left[i];
                        output[k++] = right[i];
                    }
                    return k;
                }

                // Advanced at the end, read in between.
                [ParallelKernel(ChunkSize = 7)]
                public static int Triples(int[] a, int[] output)
                {
                    int k = 0;
                    foreach (int i in PRange(a.Length))
                    {
                        output[k] = a[i];
                        output[k + 1] = -a[i];
                        output[k + 2] = k * 10 + i;
                        k += 3;
                    }
                    return k;
                }

                // long, pre-increment, a read after the advance, and a private local that holds the value.
                [ParallelKernel(ChunkSize = 7)]
                public static long PreLong(double[] a, double[] output, long[] seen, long start)
                {
                    long k = start;
                    foreach (int i in PRange(a.Length))
                    {
                        long j = ++k;
                        output[j - start - 1] = a[i] * 2;
                        seen[i] = k;
                    }
                    return k;
                }

                // BLAS's strided running indices (ziutek/blas daxpy.go, `xi += incX; yi += incY`, in our own words): a step
                // only the caller knows. Apart where incY >= 1 (checked at the launch); else the chunks run in order.
                [ParallelKernel(ChunkSize = 7)]
                public static int Axpy(int n, double alpha, double[] x, int incX, double[] y, int incY, int start)
                {
                    int xi = 0, yi = start;
                    foreach (int i in PRange(n))
                    {
                        y[yi] += alpha * x[xi];
                        xi += incX;
                        yi += incY;
                    }
                    return yi * 1000 + xi;
                }

                // Backwards: a reversal.
                [ParallelKernel(ChunkSize = 7)]
                public static int Reverse(int[] a, int[] output)
                {
                    int k = a.Length - 1;
                    foreach (int i in PRange(a.Length))
                        output[k--] = a[i];
                    return k;
                }

                // A step of 3 in the range: the advance counts iterations, not index values.
                [ParallelKernel(ChunkSize = 7)]
                public static int Strided(int[] a, int[] output)
                {
                    int k = 0;
                    foreach (int i in PRange(1, a.Length, 3))
                    {
                        output[k] = a[i] + k;
                        k -= -1;
                    }
                    return k;
                }

                // Wrapping: the serial loop's int overflows, and so does the substituted value.
                [ParallelKernel(ChunkSize = 7)]
                public static int Wraps(int[] a, int[] output)
                {
                    int k = int.MaxValue - 20;
                    foreach (int i in PRange(a.Length))
                    {
                        output[i] = k;
                        k += 5;
                    }
                    return k;
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void Induction_variables_are_parallel_and_named_in_the_report()
        {
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(Source);
            Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
            string[] reports = diagnostics.Where(d => d.Id == "KG3001").Select(d => d.GetMessage()).ToArray();
            Assert.Equal(7, reports.Length);
            Assert.Contains(reports, r => r.Contains("induction: yi advances incY per iteration (yi += incY): each iteration starts at yi₀ + incY·t")
                && r.Contains("runs in parallel where incY >= 1 (checked at the launch"));
            Assert.Contains(reports, r => r.Contains("induction: k advances 2 per iteration (k++, k++)"));
            Assert.Contains(reports, r => r.Contains("induction: k advances 3 per iteration (k += 3)"));
            Assert.Contains(reports, r => r.Contains("induction: k advances -1 per iteration (k--)"));
        }

        internal static int Mismatches(Assembly assembly, int n)
        {
            int differences = 0;
            void Check(string name, Func<object?[]> args)
            {
                object?[] serialArgs = args(), parallelArgs = args();
                static object? Outcome(Assembly assembly, string method, object?[] args)
                {
                    try { return InMemory.Call(assembly, "S", method, args); }
                    catch (Exception e) { return "threw " + e.GetType().Name; }
                }
                object? serial = Outcome(assembly, name, serialArgs), parallel = Outcome(assembly, name + "Parallel", parallelArgs);
                if (!Equals(serial, parallel)) differences++;
                for (int k = 0; k < serialArgs.Length; k++)
                    if (serialArgs[k] is Array sa && !sa.Cast<object>().SequenceEqual(((Array)parallelArgs[k]!).Cast<object>())) differences++;
            }
            var r = new Random(n);
            float[] left = Enumerable.Range(0, n).Select(_ => (float)r.NextDouble()).ToArray(), right = Enumerable.Range(0, n).Select(_ => (float)r.NextDouble()).ToArray();
            int[] ints = Enumerable.Range(0, n).Select(_ => r.Next(-1000, 1000)).ToArray();
            double[] doubles = ints.Select(x => x / 7.0).ToArray();
            Check("Interleave", () => new object?[] { left, right, new float[2 * n + 5], 0 });
            Check("Interleave", () => new object?[] { left, right, new float[2 * n + 5], 5 });
            Check("Triples", () => new object?[] { ints, new int[3 * n] });
            Check("PreLong", () => new object?[] { doubles, new double[n], new long[n], 1L << 40 });
            Check("Reverse", () => new object?[] { ints, new int[n] });
            Check("Strided", () => new object?[] { ints, new int[n] });
            Check("Wraps", () => new object?[] { ints, new int[n] });
            // Steps of 1, 2 and 3; 0 (every iteration the same element: serial); -1 from the end; x and y the same array.
            foreach ((int incX, int incY, int start) in new[] { (1, 1, 0), (3, 2, 1), (2, 0, 3), (1, -1, n), (-1, 1, 0), (1, 1, 0) })
            {
                double[] x = Enumerable.Range(0, 3 * n + 2).Select(v => v * 0.5).ToArray();
                Check("Axpy", () => new object?[] { n, 1.5, x.Clone(), incX, doubles.Concat(new double[2 * n + 4]).ToArray(), incY, start });
            }
            double[] both = Enumerable.Range(0, 3 * n + 2).Select(v => v * 0.25).ToArray();
            Check("Axpy", () => { double[] same = (double[])both.Clone(); return new object?[] { n, 2.0, same, 1, same, 2, 0 }; });
            return differences;
        }

        [Theory]
        [InlineData(0), InlineData(1), InlineData(7), InlineData(8), InlineData(9), InlineData(29), InlineData(1000)]
        public void Matches_serial_bitwise(int n) => Assert.Equal(0, Mismatches(Built.Value, n));

        [Theory]
        [InlineData("if (a[i] > 0) output[k++] = a[i];")]                      // a conditional advance (stream compaction)
        [InlineData("int s2 = a[i] & 3; output[k] = a[i]; k += s2;")]            // a step each iteration computes
        [InlineData("output[k] = a[i]; k += a.Length;")]                        // a step that is not a local or parameter
        [InlineData("output[k] = a[i]; k += step; k++;")]                       // a constant and a value
        [InlineData("output[k] = a[i]; k += step; step = 2;")]                  // a value the loop changes
        [InlineData("output[k] = a[i]; k += step; k -= step;")]                 // a value added and taken: no advance
        [InlineData("output[k++] = a[i]; if (k > 100) k = 0;")]                 // another write
        [InlineData("output[k++] = a[i]; if (a[i] > 0) continue; k++;")]       // an advance a 'continue' may skip
        [InlineData("output[a[i] > 0 ? k++ : k] = a[i];")]                      // an advance under '?:'
        [InlineData("output[k] = a[i]; bool b = a[i] > 0 && k++ > 0;")]         // an advance under '&&'
        [InlineData("for (int j = 0; j < 2; j++) output[k++] = a[i];")]         // an advance in an inner loop
        [InlineData("output[k++] = a[i]; Action f = () => k++;")]              // an advance in a lambda
        [InlineData("output[k++] = a[i]; output[k] = a[i];")]                   // a real overlap: k0+t+1 is the next iteration's k0+t'
        [InlineData("output[k] = a[i]; k += 0;")]                               // no advance: every iteration writes output[k0]
        [InlineData("k++; output[k / 2] = a[i];")]                               // not affine: two iterations may share an element
        public void Other_shapes_keep_their_diagnostic(string statements)
        {
            string source = "using System; using KernelGen; using static KernelGen.Kernel; public static partial class T { [ParallelKernel] public static int F(int[] a, int[] output, int step) { int k = 0; foreach (int i in PRange(a.Length)) { "
                + statements + " } return k; } }";
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source);
            Assert.Contains(diagnostics, d => d.Id is "KG1001" or "KG1002" or "KG1004" or "KG1005" or "KG2006");
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG3001");
        }

        [Theory]
        // A local assigned after the loop.
        [InlineData("public static int F(int[] a, int[] output, int step) { int s = step, k = 0; foreach (int i in PRange(a.Length)) { output[k] = a[i]; k += s; } s = 0; return k + s; }")]
        // A local whose address is taken.
        [InlineData("public static unsafe int F(int[] a, int[] output, int step) { int s = step, k = 0; int* p = &s; foreach (int i in PRange(a.Length)) { output[k] = a[i]; k += s; } return k + *p; }")]
        public void Steps_the_method_may_change_keep_their_diagnostic(string method)
        {
            string source = "using System; using KernelGen; using static KernelGen.Kernel; public static partial class T { [ParallelKernel] " + method + " }";
            ImmutableArray<Diagnostic> diagnostics = InMemory.Analyze(source, unsafeCode: true);
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG2099");
            Assert.DoesNotContain(diagnostics, d => d.Id == "KG3001" && d.GetMessage().Contains("induction"));
        }

        [Fact]
        public void A_primary_constructors_parameter_is_no_step()
        {
            string source = "using System; using KernelGen; using static KernelGen.Kernel; public sealed partial class T(int step) { "
                + "[ParallelKernel] public int F(int[] a, int[] output) { int k = 0; foreach (int i in PRange(a.Length)) { output[k] = a[i]; k += step; } return k; } "
                + "public void Bump() => step++; }";
            Assert.DoesNotContain(InMemory.Analyze(source), d => d.Id == "KG3001" && d.GetMessage().Contains("induction"));
        }

        /// <summary>The differential test catches a wrong substitution: the value each iteration starts from, or the one after the loop.</summary>
        [Theory]
        [InlineData("2L * ((long)__kg_i - __kg_start)", "2L * ((long)__kg_i - __kg_start - 1)")]
        [InlineData("k = unchecked((int)(k + 3L * (long)(__kg_range0.Count)))", "k = unchecked((int)(k + 3L * (long)(__kg_range0.Count - 1)))")]
        [InlineData("-1L * (long)(__kg_range0.Count)", "-1L * (long)(__kg_range0.Count + 1)")]
        [InlineData("this.yi + 1L * incY * ((long)__kg_i", "this.yi + 1L * incX * ((long)__kg_i")]          // another value's step
        [InlineData("yi = unchecked((int)(yi + 1L * incY * (long)(__kg_range0.Count)))", "yi = unchecked((int)(yi + 1L * incY * (long)(__kg_range0.Count - 1)))")]
        public void A_mutated_substitution_is_caught(string original, string mutated)
        {
            Assembly mutant = InMemory.BuildMutant(Source, original, mutated);
            Assert.True(new[] { 8, 9, 29, 1000 }.Sum(n => Mismatches(mutant, n)) > 0, "the differential test did not notice the mutation");
        }
    }
}
