using System.Collections.Generic;
using KernelGen.Generator.Analysis;
using Xunit;

namespace KernelGen.Tests
{
    /// <summary>
    /// Direct tests of the dependence arithmetic (<see cref="Poly"/>, <see cref="AffineForm"/>,
    /// <see cref="DependenceTester"/>), without Roslyn: subscripts are written as affine forms over the PRange loop's
    /// normalized iteration k, inner loop variables and loop-invariant symbols.
    /// </summary>
    public class DependenceArithmeticTests
    {
        private const string K = "$k";

        private static Poly C(long value) => Poly.Constant(value);
        private static Poly S(string name) => Poly.Symbol(name);

        /// <summary>coefficient·k + constant.</summary>
        private static AffineForm Index(long coefficient, long constant) => AffineForm.Variable(K, C(coefficient), C(constant));

        private static DependenceTester Tester(long? trips = null, Dictionary<string, LoopBounds>? bounds = null)
        {
            bounds ??= new Dictionary<string, LoopBounds>();
            if (trips is long n) bounds[K] = new LoopBounds(C(0), C(n - 1));
            return new DependenceTester(K, trips, bounds);
        }

        private static DependenceResult Test(DependenceTester tester, AffineForm write, AffineForm other) =>
            tester.Test(new[] { write }, new[] { other });

        [Fact]
        public void Poly_arithmetic_keeps_monomials_sorted_caps_the_degree_and_divides_exactly()
        {
            Poly p = S("n").Plus(C(3)).Plus(S("m").Times(S("n"))!);
            Assert.Equal("3 + m*n + n", p.ToString());
            Assert.Equal(S("n").Times(S("m")), S("m").Times(S("n")));
            Assert.True(p.Minus(p).IsZero);
            Poly cube = S("a").Times(S("b"))!.Times(S("c"))!;
            Assert.Null(cube.Times(S("d"))); // degree 4 > MaxDegree
            Assert.Equal(S("n").Plus(C(2)), S("n").Scale(3).Plus(C(6)).DivideExactly(C(3)));
            Assert.Null(S("n").Plus(C(1)).DivideExactly(C(2)));
            Assert.Equal("-9223372036854775808", C(long.MinValue).ToString()); // |MinValue| does not fit a long
        }

        [Fact]
        public void Affine_forms_add_scale_and_divide()
        {
            // (i * n + j) with i = 2k + 1: 2n·k + j + n
            AffineForm i = Index(2, 1);
            AffineForm form = i.Times(S("n"))!.Plus(AffineForm.Variable("j", C(1), C(0)));
            Assert.Equal(S("n").Scale(2), form.CoefficientOf(K));
            Assert.Equal(C(1), form.CoefficientOf("j"));
            Assert.Equal(S("n"), form.Constant);
            Assert.True(Index(1, 0).Plus(Index(1, 0), -1).Coefficients.Count == 0); // k - k
            Assert.Equal(C(1), Index(3, 6).DivideExactly(C(3))!.CoefficientOf(K));
            Assert.Null(Index(3, 5).DivideExactly(C(3)));
        }

        [Fact]
        public void Ziv_constant_subscripts()
        {
            Assert.Equal(DependenceKind.Independent, Test(Tester(), AffineForm.Of(C(0)), AffineForm.Of(C(1))).Kind);
            DependenceResult same = Test(Tester(100), AffineForm.Of(C(0)), AffineForm.Of(C(0)));
            Assert.Equal(DependenceKind.Carried, same.Kind);
            Assert.True(same.AllIterations); // a[0] = … in every iteration
            // One iteration only: nobody to race with.
            Assert.True(Test(Tester(1), AffineForm.Of(C(0)), AffineForm.Of(C(0))).IsSafe);
        }

        [Fact]
        public void Strong_siv_gives_the_distance_and_respects_the_trip_count()
        {
            Assert.Equal(DependenceKind.NotCarried, Test(Tester(), Index(1, 0), Index(1, 0)).Kind); // a[i] vs a[i]
            DependenceResult ahead = Test(Tester(), Index(1, 0), Index(1, 1));                      // a[i] vs a[i + 1]
            Assert.Equal(DependenceKind.Carried, ahead.Kind);
            Assert.Equal(1, ahead.Distance);                                                        // written by iteration k + 1
            Assert.Equal(-2, Test(Tester(), Index(1, 2), Index(1, 0)).Distance);
            Assert.True(Test(Tester(), Index(2, 0), Index(2, 1)).IsSafe); // even vs odd (found by delinearization: the same k or none)
            Assert.Equal(DependenceKind.Independent, Test(Tester(10), Index(1, 0), Index(1, 10)).Kind); // distance ≥ trip count
        }

        [Fact]
        public void A_symbolic_distance_of_at_least_the_trip_count_is_independent()
        {
            // PRange(plane): k in [0, plane - 1]. a[k], a[plane + k], a[2 * plane + k] (an image's three planes) never meet.
            var bounds = new Dictionary<string, LoopBounds> { [K] = new LoopBounds(C(0), S("plane").Minus(C(1))) };
            AffineForm Plane(long m, long extra) => AffineForm.Variable(K, C(1), S("plane").Scale(m).Plus(C(extra)));
            Assert.Equal(DependenceKind.Independent, Test(Tester(bounds: bounds), Index(1, 0), Plane(1, 0)).Kind);
            Assert.Equal(DependenceKind.Independent, Test(Tester(bounds: bounds), Plane(2, 0), Index(1, 0)).Kind);
            Assert.Equal(DependenceKind.Independent, Test(Tester(bounds: bounds), Plane(1, 0), Plane(2, 3)).Kind);
            // One short of the trip count: iterations 0 and plane - 1 meet; a symbol other than the trip count proves nothing.
            Assert.False(Test(Tester(bounds: bounds), Index(1, 0), Plane(1, -1)).IsSafe);
            Assert.False(Test(Tester(bounds: bounds), Index(1, 0), AffineForm.Variable(K, C(1), S("other"))).IsSafe);
        }

        [Fact]
        public void Weak_zero_and_weak_crossing_siv()
        {
            // a[k] written, a[0] read: only iteration 0 writes what every iteration reads.
            Assert.Equal(DependenceKind.Carried, Test(Tester(100), Index(1, 0), AffineForm.Of(C(0))).Kind);
            // a[k + 1] written (k in [0, 99)), a[0] read: never written.
            Assert.Equal(DependenceKind.Independent, Test(Tester(99), Index(1, 1), AffineForm.Of(C(0))).Kind);
            // a[k] written, a[n - 1 - k] read: crossing in the middle.
            Assert.False(Test(Tester(), Index(1, 0), AffineForm.Variable(K, C(-1), S("n").Minus(C(1)))).IsSafe);
        }

        [Fact]
        public void Gcd_and_exact_tests_with_different_coefficients()
        {
            Assert.Equal(DependenceKind.Independent, Test(Tester(), Index(4, 0), Index(2, 1)).Kind); // 4k1 = 2k2 + 1 has no integer solution
            Assert.False(Test(Tester(100), Index(4, 0), Index(2, 0)).IsSafe);                      // k1 = 1, k2 = 2
            // 6k1 = 4k2 + 2 has solutions (k1 = 1, k2 = 1 is the same iteration; k1 = 3, k2 = 4 is not).
            Assert.False(Test(Tester(100), Index(6, 0), Index(4, 2)).IsSafe);
        }

        [Fact]
        public void Flattened_subscripts_delinearize_with_inner_bounds()
        {
            // a[i * n + j] written, a[i * n + j] read, j in [0, n): the same (i, j) only.
            var bounds = new Dictionary<string, LoopBounds> { ["j"] = new LoopBounds(C(0), S("n").Minus(C(1))) };
            AffineForm Flat(long offset) => AffineForm.Variable(K, S("n"), C(offset)).Plus(AffineForm.Variable("j", C(1), C(0)));
            Assert.Equal(DependenceKind.NotCarried, Test(Tester(bounds: bounds), Flat(0), Flat(0)).Kind);
            // a[i * n + j] written, a[i * n + j + n] read: the next row, written by iteration k + 1.
            AffineForm next = AffineForm.Variable(K, S("n"), S("n")).Plus(AffineForm.Variable("j", C(1), C(0)));
            Assert.False(Test(Tester(bounds: bounds), Flat(0), next).IsSafe);
        }

        [Fact]
        public void Flattened_subscripts_under_a_PRange_step_divide_out_the_step()
        {
            // foreach (i in PRange(0, h, 3)): i = 3k, so q[i * w + j] is q[3w·k + j], j in [0, w): the row's coefficient 3w
            // is a multiple of w, and w already keeps two rows apart (found by the 10,000-kernel run: it fell back to an
            // array reduction, whose float sums are not bitwise).
            var bounds = new Dictionary<string, LoopBounds> { ["j"] = new LoopBounds(C(0), S("w").Minus(C(1))) };
            AffineForm Row(long step) => AffineForm.Variable(K, S("w").Scale(step), new Poly()).Plus(AffineForm.Variable("j", C(1), C(0)));
            Assert.Equal(DependenceKind.NotCarried, Test(Tester(bounds: bounds), Row(3), Row(3)).Kind);
            Assert.Equal(DependenceKind.NotCarried, Test(Tester(bounds: bounds), Row(-3), Row(-3)).Kind); // PRange(h - 1, -1, -3)
            // j in [0, 3w] reaches the next row (k, j = 3w) is (k + 1, j = 0): dividing out the step must not hide it.
            var wide = new Dictionary<string, LoopBounds> { ["j"] = new LoopBounds(C(0), S("w").Scale(3)) };
            Assert.False(Test(Tester(bounds: wide), Row(3), Row(3)).IsSafe);
        }

        [Fact]
        public void Triangular_bounds_are_widened_by_the_outer_counters_bounds()
        {
            // for (y = 0; y < n; y++) for (x = y; x < n; x++) a[k * n + x]: x lies in [0, n - 1] over every y.
            var bounds = new Dictionary<string, LoopBounds>
            {
                ["y"] = new LoopBounds(C(0), S("n").Minus(C(1))),
                ["x"] = new LoopBounds(S("y"), S("n").Minus(C(1))),
            };
            AffineForm Row(Poly offset) => AffineForm.Variable(K, S("n"), offset).Plus(AffineForm.Variable("x", C(1), new Poly()));
            Assert.Equal(DependenceKind.NotCarried, Test(Tester(bounds: bounds), Row(new Poly()), Row(new Poly())).Kind);
            // The lower triangle, x < y: x in [0, n - 2].
            var lower = new Dictionary<string, LoopBounds> { ["y"] = bounds["y"], ["x"] = new LoopBounds(C(0), S("y").Minus(C(1))) };
            Assert.Equal(DependenceKind.NotCarried, Test(Tester(bounds: lower), Row(new Poly()), Row(new Poly())).Kind);
            // x up to y + 1 reaches the next row when y = n - 1: widening must not hide it.
            var over = new Dictionary<string, LoopBounds> { ["y"] = bounds["y"], ["x"] = new LoopBounds(S("y"), S("y").Plus(C(1))) };
            Assert.False(Test(Tester(bounds: over), Row(new Poly()), Row(new Poly())).IsSafe);
        }

        [Fact]
        public void Flattened_three_dimensional_subscripts_peel_one_dimension_at_a_time()
        {
            // a[(z * ny + y) * nx + x] with z = 1 + k, y in [1, ny - 2], x in [1, nx - 2] (a 7-point stencil's interior).
            var bounds = new Dictionary<string, LoopBounds>
            {
                ["y"] = new LoopBounds(C(1), S("ny").Minus(C(2))),
                ["x"] = new LoopBounds(C(1), S("nx").Minus(C(2))),
            };
            Poly plane = S("nx").Times(S("ny"))!;
            AffineForm Flat(Poly offset) => AffineForm.Variable(K, plane, plane.Plus(offset))
                .Plus(AffineForm.Variable("y", S("nx"), new Poly())).Plus(AffineForm.Variable("x", C(1), new Poly()));
            var tester = new DependenceTester(K, null, bounds);
            Assert.Equal(DependenceKind.NotCarried, tester.Test(new[] { Flat(new Poly()) }, new[] { Flat(new Poly()) }).Kind); // the write against itself
            Assert.True(tester.Test(new[] { Flat(new Poly()) }, new[] { Flat(C(-1)) }).IsSafe);                        // x - 1: the same plane
            Assert.True(tester.Test(new[] { Flat(new Poly()) }, new[] { Flat(S("nx")) }).IsSafe);                      // y + 1: the same plane
            DependenceResult next = tester.Test(new[] { Flat(new Poly()) }, new[] { Flat(plane) });                   // z + 1: the next plane
            Assert.Equal(DependenceKind.Carried, next.Kind);
            Assert.Equal(1, next.Distance);
            // Without the bound on x (x may reach nx), nothing follows.
            var loose = new DependenceTester(K, null, new Dictionary<string, LoopBounds> { ["y"] = bounds["y"] });
            Assert.False(loose.Test(new[] { Flat(new Poly()) }, new[] { Flat(new Poly()) }).IsSafe);
        }

        [Fact]
        public void Several_dimensions_combine()
        {
            // m[k, j] written, m[k, j - 1] read: the same row, not carried by the PRange loop.
            AffineForm j = AffineForm.Variable("j", C(1), C(0)), jMinus = AffineForm.Variable("j", C(1), C(-1));
            var bounds = new Dictionary<string, LoopBounds> { ["j"] = new LoopBounds(C(1), S("w").Minus(C(1))) };
            Assert.True(Tester(bounds: bounds).Test(new[] { Index(1, 0), j }, new[] { Index(1, 0), jMinus }).IsSafe);
            // m[k, j] written, m[k - 1, j] read: the row above, distance -1.
            DependenceResult above = Tester(bounds: bounds).Test(new[] { Index(1, 0), j }, new[] { Index(1, -1), j });
            Assert.Equal(DependenceKind.Carried, above.Kind);
            Assert.Equal(-1, above.Distance);
            // Different ranks: undecided, conservatively a dependence.
            Assert.Equal(DependenceKind.Maybe, Tester().Test(new[] { Index(1, 0) }, new[] { Index(1, 0), j }).Kind);
        }

        [Fact]
        public void An_index_at_least_zero_makes_a_rows_last_column_another_rows_first()
        {
            // a[k·w] and a[k·w + w − 1] (a row's first and last columns): the same element only if w·Δk = w − 1, which
            // needs w ≥ 1 (else the index w·(k + 1) − 1 is negative and the access throws) and then has no solution.
            var bounds = new Dictionary<string, LoopBounds> { [K] = new LoopBounds(C(0), S("h").Minus(C(1))) };
            AffineForm first = AffineForm.Variable(K, S("w"), C(0));
            AffineForm last = AffineForm.Variable(K, S("w"), S("w").Minus(C(1)));
            var indexes = new DependenceTester(K, null, bounds) { IndexForms = true };
            Assert.Equal(DependenceKind.NotCarried, indexes.Test(new[] { first }, new[] { last }).Kind);
            // Without the fact (a pointer's subscript, a rectangular array's with other lower bounds): w = −1 meets row k + 2.
            Assert.False(new DependenceTester(K, null, bounds).Test(new[] { first }, new[] { last }).IsSafe);
            // w − 1 + 1 = w alone says nothing: a[k·w + w] is the next row's first element (w ≥ 0 makes it so).
            AffineForm next = AffineForm.Variable(K, S("w"), S("w"));
            Assert.False(indexes.Test(new[] { first }, new[] { next }).IsSafe);
            // A counter's fact holds for one access only: a[k·w + x − 1] with x in [0, w) does not make x ≥ 1 in the other.
            bounds["x"] = new LoopBounds(C(0), S("w").Minus(C(1)));
            AffineForm left = AffineForm.Variable(K, S("w"), C(-1)).Plus(AffineForm.Variable("x", C(1), C(0)));
            AffineForm here = AffineForm.Variable(K, S("w"), C(0)).Plus(AffineForm.Variable("x", C(1), C(0)));
            Assert.False(new DependenceTester(K, null, bounds) { IndexForms = true }.Test(new[] { here }, new[] { left }).IsSafe);
        }

        [Fact]
        public void A_symbolic_step_is_nonzero()
        {
            // PRange(start, stop, step): i = start + step·k; a[i] vs a[i]: the same iteration only.
            var tester = new DependenceTester(K, null, new Dictionary<string, LoopBounds>(), S("$step"));
            AffineForm i = AffineForm.Variable(K, S("$step"), S("$start"));
            Assert.Equal(DependenceKind.NotCarried, tester.Test(new[] { i }, new[] { i }).Kind);
        }
    }
}
