using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using KernelGen.Tests.Harness;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// FastMath Exp calls of one step evaluated together (CallBatches, KernelRuntime.FastExp with two or three
    /// arguments): the batched runtime forms give the bits of one call each on every width, special lanes included;
    /// the generator batches calls whose arguments keep their values up to the batch, and no others.
    /// </summary>
    public class ExpBatchTests
    {
        private static readonly double[] Specials =
        {
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 709.782712893384, 709.7827128933841,
            -708.3964185322641, -745.1332191019411, -745.1332191019412, 710, -746, 693.1, 693.2, -693.1, -693.2, 1e-300, 1,
        };

        /// <summary>
        /// Arguments where a vector of them is mostly in range, sometimes with one lane beyond |n| ≤ 1000 (then the
        /// batch takes Exp's general path for all its arguments) or a NaN.
        /// </summary>
        private static double[] Arguments(int seed, int count)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, count).Select(k => random.Next(40) == 0 ? Specials[random.Next(Specials.Length)]
                : k % 3 == 0 ? random.NextDouble() * 1456 - 746 : random.NextDouble() * 40 - 20).ToArray();
        }

        private static void Same(double one, double batched, string what) =>
            Assert.True(BitConverter.DoubleToInt64Bits(one) == BitConverter.DoubleToInt64Bits(batched) || double.IsNaN(one) && double.IsNaN(batched),
                $"{what}: one call {one:R}, batched {batched:R}");

        [Fact]
        public void Batched_Exp_gives_the_bits_of_one_call_each_on_every_width()
        {
            const int N = 24_000;
            double[] a = Arguments(1, N), b = Arguments(2, N), c = Arguments(3, N);
            int general = 0;
            for (int i = 0; i + 8 <= N; i += 8)
            {
                var (a8, b8, c8) = (Vector512.Create(a.AsSpan(i, 8)), Vector512.Create(b.AsSpan(i, 8)), Vector512.Create(c.AsSpan(i, 8)));
                KernelRuntime.FastExp(a8, b8, c8, out var ea, out var eb, out var ec);
                KernelRuntime.FastExp(c8, a8, out var fc, out var fa);
                for (int k = 0; k < 8; k++)
                {
                    Same(KernelRuntime.FastExp(a8)[k], ea[k], $"512 of 3, a {a[i + k]:R}");
                    Same(KernelRuntime.FastExp(b8)[k], eb[k], $"512 of 3, b {b[i + k]:R}");
                    Same(KernelRuntime.FastExp(c8)[k], ec[k], $"512 of 3, c {c[i + k]:R}");
                    Same(KernelRuntime.FastExp(a8)[k], fa[k], $"512 of 2, a {a[i + k]:R}");
                    Same(KernelRuntime.FastExp(c8)[k], fc[k], $"512 of 2, c {c[i + k]:R}");
                }
                for (int h = 0; h < 8; h += 4)
                {
                    var (a4, b4, c4) = (Vector256.Create(a.AsSpan(i + h, 4)), Vector256.Create(b.AsSpan(i + h, 4)), Vector256.Create(c.AsSpan(i + h, 4)));
                    KernelRuntime.FastExp(a4, b4, c4, out var xa, out var xb, out var xc);
                    KernelRuntime.FastExp(b4, c4, out var yb, out var yc);
                    for (int k = 0; k < 4; k++)
                    {
                        Same(KernelRuntime.FastExp(a4)[k], xa[k], $"256 of 3, a {a[i + h + k]:R}");
                        Same(KernelRuntime.FastExp(b4)[k], xb[k], $"256 of 3, b {b[i + h + k]:R}");
                        Same(KernelRuntime.FastExp(c4)[k], xc[k], $"256 of 3, c {c[i + h + k]:R}");
                        Same(KernelRuntime.FastExp(b4)[k], yb[k], $"256 of 2, b {b[i + h + k]:R}");
                        Same(KernelRuntime.FastExp(c4)[k], yc[k], $"256 of 2, c {c[i + h + k]:R}");
                    }
                    if (new[] { a4, b4, c4 }.Any(v => Enumerable.Range(0, 4).Any(k => !(Math.Abs(v[k]) < 693)))) general++;
                }
                for (int h = 0; h < 8; h += 2)
                {
                    var (a2, b2, c2) = (Vector128.Create(a.AsSpan(i + h, 2)), Vector128.Create(b.AsSpan(i + h, 2)), Vector128.Create(c.AsSpan(i + h, 2)));
                    KernelRuntime.FastExp(a2, b2, c2, out var xa, out var xb, out var xc);
                    KernelRuntime.FastExp(a2, b2, out var ya, out var yb);
                    for (int k = 0; k < 2; k++)
                    {
                        Same(KernelRuntime.FastExp(a2)[k], xa[k], $"128 of 3, a {a[i + h + k]:R}");
                        Same(KernelRuntime.FastExp(b2)[k], xb[k], $"128 of 3, b {b[i + h + k]:R}");
                        Same(KernelRuntime.FastExp(c2)[k], xc[k], $"128 of 3, c {c[i + h + k]:R}");
                        Same(KernelRuntime.FastExp(a2)[k], ya[k], $"128 of 2, a {a[i + h + k]:R}");
                        Same(KernelRuntime.FastExp(b2)[k], yb[k], $"128 of 2, b {b[i + h + k]:R}");
                    }
                }
            }
            // Both paths ran: batches with a lane out of the usual range (and NaN), and plain ones.
            Assert.InRange(general, 100, N / 4 - 100);
        }

        private const string Source = """
            using System;
            using KernelGen;
            using static KernelGen.Kernel;

            public static partial class B
            {
                // Three independent Exp calls with other values declared between them (a logistic's, a Gaussian weight,
                // a decay, as a pricing or activation step computes them).
                [ParallelKernel(FastMath = true)]
                public static void Three(double[] x, double[] a, double[] b, double[] c)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        double v = x[i];
                        double square = v * v;
                        double ea = Math.Exp(-v);
                        double twice = ea * 2;
                        double eb = Math.Exp(square * -0.25);
                        double ec = Math.Exp(v + 1);
                        a[i] = twice;
                        b[i] = eb;
                        c[i] = ec;
                    }
                }

                // The second call's argument is declared after the first call: the first stays alone, the other two
                // run together.
                [ParallelKernel(FastMath = true)]
                public static void DeclaredBetween(double[] x, double[] a, double[] b, double[] c)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        double v = x[i];
                        double half = v * 0.5;
                        double ea = Math.Exp(-v);
                        double square = v * v;
                        double eb = Math.Exp(square * -0.25);
                        double ec = Math.Exp(half + 1);
                        a[i] = ea;
                        b[i] = eb;
                        c[i] = ec;
                    }
                }

                // The second call's argument is reassigned after the first call: it may not move up to it.
                [ParallelKernel(FastMath = true)]
                public static void Reassigned(double[] x, double[] a, double[] b)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        double u = x[i];
                        double ea = Math.Exp(u);
                        u = u * 0.5 + 1;
                        double eb = Math.Exp(u);
                        a[i] = ea;
                        b[i] = eb;
                    }
                }

                // The second call reads what the statement between them stores.
                [ParallelKernel(FastMath = true)]
                public static void StoredBetween(double[] x, double[] a, double[] b)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        a[i] = Math.Exp(x[i]);
                        double eb = Math.Exp(a[i] * 0.5);
                        b[i] = eb;
                    }
                }

                // Five distinct calls (one of them twice): a batch of three, then one of two.
                [ParallelKernel(FastMath = true)]
                public static void Five(double[] x, double[] a, double[] b)
                {
                    foreach (int i in PRange(x.Length))
                    {
                        double v = x[i];
                        double p = Math.Exp(v) * Math.Exp(v);
                        double q = Math.Exp(-v);
                        double r = Math.Exp(v * 0.25);
                        double s = Math.Exp(v * 0.125);
                        double t = Math.Exp(v * -0.5);
                        a[i] = p + q + r;
                        b[i] = s * t;
                    }
                }
            }
            """;

        private static readonly Lazy<Assembly> Built = new(() => InMemory.Build(Source));

        [Fact]
        public void The_report_and_the_code_say_which_calls_run_together()
        {
            Func<string, string> all = InMemory.GeneratedFrom(Source, "B");
            string generated(string kernel) => InMemory.Section(all(kernel));
            Assert.Contains("3 Exp calls of a step evaluated together", generated("Three"));
            Assert.Contains("out var __kg_exp0, out var __kg_exp1, out var __kg_exp2);", generated("Three"));
            Assert.Contains("3 Exp calls and 2 Exp calls of a step evaluated together", generated("Five"));
            Assert.Contains(", 2 Exp calls of a step evaluated together", generated("DeclaredBetween"));
            Assert.Contains("var __kg_v_ea = global::KernelGen.KernelRuntime.FastExp(", generated("DeclaredBetween"));
            foreach (string kernel in new[] { "Reassigned", "StoredBetween" })
            {
                Assert.Contains("FastMath vector Exp", generated(kernel));
                Assert.DoesNotContain("evaluated together", generated(kernel));
                Assert.DoesNotContain("__kg_exp", generated(kernel));
            }
        }

        [Theory]
        [InlineData(1, 0), InlineData(2, 7), InlineData(3, 33), InlineData(4, 4_099)]
        public void Batched_kernels_equal_serial_within_the_contract(int seed, int n)
        {
            var random = new Random(seed);
            double[] x = Enumerable.Range(0, n).Select(i => random.Next(30) == 0 ? Specials[random.Next(Specials.Length)] : random.NextDouble() * 6 - 4).ToArray();
            // Exp's bound (2 ULP) per call; the kernels' sums and products of two or three calls add a rounding or two.
            void Check(string kernel, int outputs, long bound, double[] input)
            {
                double[][] serial = Enumerable.Range(0, outputs).Select(_ => new double[n]).ToArray();
                double[][] fast = Enumerable.Range(0, outputs).Select(_ => new double[n]).ToArray();
                InMemory.Call(Built.Value, "B", kernel, new object[] { input }.Concat(serial).ToArray());
                InMemory.Call(Built.Value, "B", kernel + "Parallel", new object[] { input }.Concat(fast).ToArray());
                for (int k = 0; k < outputs; k++)
                    for (int i = 0; i < n; i++)
                        Assert.True(FastMathFunctionTests.Ulps(serial[k][i], fast[k][i]) <= bound,
                            $"{kernel}, output {k}, x[{i}] = {input[i]:R}: serial {serial[k][i]:R}, FastMath {fast[k][i]:R}");
            }
            Check("Three", 3, 2, x);
            Check("DeclaredBetween", 3, 2, x);
            Check("Reassigned", 2, 2, x);
            // exp(a/2) with a = e^x ≤ e^2 within 2 ULP: at most one more ULP from the argument's error.
            Check("StoredBetween", 2, 4, x.Select(v => Math.Min(v, 2)).ToArray());
            Check("Five", 2, 8, x);
        }
    }

    /// <summary>
    /// Random FastMath steps of double locals: declarations, reassignments, stores to y[i] read again later, and two to
    /// five Exp calls among them. The parallel kernels (some with batches, some where a reassignment or a store keeps
    /// calls apart) agree with the serial loop within a relative 1e-10: a call moved past a statement that changes its
    /// argument gives another value altogether.
    /// </summary>
    public class ExpBatchRandomTests
    {
        private const int Kernels = 30;

        private static readonly Lazy<(string Source, Assembly Assembly)> Built = new(() =>
        {
            var r = new Random(20261204);
            var text = new System.Text.StringBuilder("using System;\nusing KernelGen;\nusing static KernelGen.Kernel;\n\npublic static partial class E\n{\n");
            for (int k = 0; k < Kernels; k++) text.Append(Kernel(k, r));
            text.Append("}\n");
            string source = text.ToString();
            return (source, InMemory.Build(source));
        });

        private static string Kernel(int k, Random r)
        {
            var locals = new System.Collections.Generic.List<string>();
            var body = new System.Text.StringBuilder();
            bool stored = false;
            string Term() => r.Next(6) switch
            {
                < 3 when locals.Count > 0 => locals[r.Next(locals.Count)],
                3 when stored => "y[i]",
                4 => $"{r.Next(-8, 9) * 0.125:0.###}",
                _ => "x[i]",
            };
            // Bounded: every value stays within a few units, so each Exp argument (a fifth of one) is small.
            string Expr() => r.Next(3) switch
            {
                0 => Term(),
                1 => $"({Term()} * 0.5 - {Term()} * 0.25)",
                _ => $"({Term()} + {Term()}) * 0.5",
            };
            int calls = 0, wanted = r.Next(2, 6);
            while (calls < wanted)
            {
                switch (r.Next(6))
                {
                    case 0:
                    case 1:
                        body.Append($"            double e{calls} = Math.Exp({Expr()} * 0.2);\n");
                        locals.Add("e" + calls++);
                        break;
                    case 2:
                        string name = "v" + locals.Count;
                        body.Append($"            double {name} = {Expr()};\n");
                        locals.Add(name);
                        break;
                    case 3 when locals.Count > 0:
                        string target = locals[r.Next(locals.Count)];
                        body.Append($"            {target} = {Expr()} * 0.75;\n");
                        break;
                    case 4:
                        body.Append($"            y[i] = {Expr()};\n");
                        stored = true;
                        break;
                    default:
                        body.Append($"            double t{locals.Count} = Math.Exp({Expr()} * 0.2) * 0.5;\n");
                        locals.Add("t" + locals.Count);
                        calls++;
                        break;
                }
            }
            string outputs = string.Concat(Enumerable.Range(0, 3).Select(o => $"            o{o}[i] = {locals[r.Next(locals.Count)]};\n"));
            return $"    [ParallelKernel(FastMath = true)]\n    public static void K{k}(double[] x, double[] y, double[] o0, double[] o1, double[] o2)\n    {{\n"
                + $"        foreach (int i in PRange(x.Length))\n        {{\n{body}{outputs}        }}\n    }}\n\n";
        }

        [Fact]
        public void Random_steps_with_Exp_calls_equal_serial()
        {
            (string source, Assembly assembly) = Built.Value;
            Func<string, string> all = InMemory.GeneratedFrom(source, "E");
            int batched = 0, apart = 0, vector = 0;
            for (int k = 0; k < Kernels; k++)
            {
                string generated = InMemory.Section(all("K" + k));
                // (Exp of constants only is a scalar broadcast: no vector call.)
                if (generated.Contains("FastMath vector Exp", StringComparison.Ordinal)) vector++;
                if (generated.Contains("evaluated together", StringComparison.Ordinal)) batched++;
                if (generated.Split('\n').Any(l => l.Contains("KernelRuntime.FastExp(", StringComparison.Ordinal) && !l.Contains("out var", StringComparison.Ordinal))) apart++;
                foreach (int n in new[] { 5, 1_001 })
                {
                    var random = new Random(k * 31 + n);
                    double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 4 - 2).ToArray();
                    double[] y0 = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
                    double[][] serial = { (double[])y0.Clone(), new double[n], new double[n], new double[n] };
                    double[][] fast = { (double[])y0.Clone(), new double[n], new double[n], new double[n] };
                    InMemory.Call(assembly, "E", "K" + k, x, serial[0], serial[1], serial[2], serial[3]);
                    InMemory.Call(assembly, "E", "K" + k + "Parallel", x, fast[0], fast[1], fast[2], fast[3]);
                    for (int o = 0; o < 4; o++)
                        for (int i = 0; i < n; i++)
                            if (!(Math.Abs(serial[o][i] - fast[o][i]) <= 1e-10 * Math.Max(1, Math.Abs(serial[o][i]))))
                                Assert.Fail($"K{k}, array {o}, [{i}]: serial {serial[o][i]:R}, parallel {fast[o][i]:R}\n{generated}");
                }
            }
            // Not vacuous: batches form, and some calls stay apart (a reassignment or store between).
            Assert.True(vector >= Kernels * 3 / 4 && batched >= Kernels / 3 && apart >= 5,
                $"{vector} kernels calling the vector Exp, {batched} with a batch, {apart} with a call left alone");
        }
    }
}
