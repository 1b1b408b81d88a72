using System;
using System.Collections.Generic;
using System.Linq;

namespace KernelGen.Generator.Analysis
{
    internal enum DependenceKind
    {
        /// <summary>No two iterations of the PRange loop touch the same element.</summary>
        Independent,
        /// <summary>Only the same iteration touches the same element (a dependence not carried by the PRange loop).</summary>
        NotCarried,
        /// <summary>Proven: two different iterations touch the same element (Distance set when constant).</summary>
        Carried,
        /// <summary>The tests could not decide: conservatively, a dependence.</summary>
        Maybe,
    }

    internal readonly struct DependenceResult
    {
        public DependenceResult(DependenceKind kind, long? distance = null, bool allIterations = false)
        {
            Kind = kind; Distance = distance; AllIterations = allIterations;
        }

        public DependenceKind Kind { get; }
        /// <summary>k1 - k2 in normalized iterations (the first access's iteration minus the second's).</summary>
        public long? Distance { get; }
        /// <summary>Every iteration touches the same element (a constant subscript in every dimension).</summary>
        public bool AllIterations { get; }

        public bool IsSafe => Kind is DependenceKind.Independent or DependenceKind.NotCarried;
        public override string ToString() => $"{Kind}{(Distance is long d ? " d=" + d : "")}{(AllIterations ? " all" : "")}";
    }

    /// <summary>
    /// Decides whether two accesses of the same array, given as affine subscripts (one per dimension), touch the same
    /// element in two DIFFERENT iterations of the PRange loop (whose normalized iteration number is
    /// <see cref="LoopVariable"/>, k ≥ 0). Inner-loop variables are independent copies for each access. Per dimension:
    /// ZIV, strong SIV (distance), weak-zero and weak-crossing SIV, exact SIV (extended GCD + bounds), and for MIV the
    /// GCD test and a Banerjee-style bounds test. Dimensions are then combined. Pure arithmetic, no recursion.
    /// </summary>
    internal sealed class DependenceTester
    {
        public DependenceTester(string loopVariable, long? tripCount, IReadOnlyDictionary<string, LoopBounds> bounds, Poly? step = null)
        {
            LoopVariable = loopVariable; TripCount = tripCount; Bounds = bounds; Step = step;
        }

        /// <summary>The PRange step as a polynomial: known nonzero (PRange throws on a zero step).</summary>
        public Poly? Step { get; }

        public string LoopVariable { get; }
        public long? TripCount { get; }
        public IReadOnlyDictionary<string, LoopBounds> Bounds { get; }

        private enum DimKind { Independent, ForcesSame, Distance, NoConstraint, ProvenSome, Unknown }

        /// <summary>
        /// Symbols a run-time condition may name (loop-invariant integers the launch can read); null: the tests assume
        /// nothing they cannot prove.
        /// </summary>
        public Func<string, bool>? Assumable { get; init; }

        /// <summary>
        /// Where a test is safe only under conditions on such symbols (<see cref="AssumeRowsApart"/>): each polynomial P
        /// here must be &gt; 0 at run time; the caller checks them at the launch (else the loop runs serially).
        /// </summary>
        public List<Poly>? Assumed { get; init; }

        /// <summary>
        /// Quotient symbols (E / c as a value of its own) with c·(E / c) ≤ E wherever an access runs (the PRange's stop:
        /// it runs only where E / c ≥ 1, so E ≥ 0): <see cref="Pinned"/> bounds c·q by E.
        /// </summary>
        public IReadOnlyDictionary<string, (Poly E, long C)>? Quotients { get; init; }

        private readonly List<Poly> _pending = new();

        /// <summary>
        /// Other upper bounds of some counters, tried where <see cref="Bounds"/> prove nothing: <c>x &lt; w / 2</c> is
        /// x ≤ w − 1 in Bounds (a mirror's x and w − 1 − x stay in the row) and x ≤ q − 1 here, q the quotient's symbol
        /// (a 2× downscale's d = (y·q + x)·4: rows of q pixels). Both hold; each proves what the other cannot.
        /// </summary>
        public IReadOnlyDictionary<string, LoopBounds>? OtherBounds { get; init; }

        public DependenceResult Test(IReadOnlyList<AffineForm> first, IReadOnlyList<AffineForm> second)
        {
            _pending.Clear();
            Running(first, second);
            DependenceResult result = TestWithoutAssuming(first, second);
            if (!result.IsSafe && Infeasible(first, second) is var apart and (DependenceKind.Independent or DependenceKind.NotCarried))
            {
                _pending.Clear();
                return new DependenceResult(apart);
            }
            if (!result.IsSafe && OtherBounds is { Count: > 0 } other)
            {
                var bounds = Bounds.ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);
                foreach (var b in other) bounds[b.Key] = b.Value;
                return new DependenceTester(LoopVariable, TripCount, bounds, Step)
                {
                    Assumable = Assumable, Assumed = Assumed, Quotients = Quotients, StartsAfter = StartsAfter, NonNegative = NonNegative, Moving = Moving, Sliding = Sliding,
                }.Test(first, second);
            }
            // Conditions count only where the answer rests on them.
            if (result.IsSafe && Assumed is not null)
                foreach (Poly p in _pending) if (!Assumed.Contains(p)) Assumed.Add(p);
            return result;
        }

        private DependenceResult TestWithoutAssuming(IReadOnlyList<AffineForm> first, IReadOnlyList<AffineForm> second)
        {
            if (first.Count != second.Count) return new DependenceResult(DependenceKind.Maybe);
            long? distance = null;
            bool unknown = false, provenSome = false, allNoConstraint = true;
            for (int d = 0; d < first.Count; d++)
            {
                (DimKind kind, long value) = TestDimension(first[d], second[d]);
                switch (kind)
                {
                    case DimKind.Independent: return new DependenceResult(DependenceKind.Independent);
                    case DimKind.ForcesSame: return new DependenceResult(DependenceKind.NotCarried);
                    case DimKind.Distance:
                        allNoConstraint = false;
                        if (distance is long other && other != value) return new DependenceResult(DependenceKind.Independent);
                        distance = value;
                        break;
                    case DimKind.ProvenSome: allNoConstraint = false; provenSome = true; break;
                    case DimKind.Unknown: allNoConstraint = false; unknown = true; break;
                }
            }
            if (unknown) return new DependenceResult(DependenceKind.Maybe, distance);
            if (distance is long dist)
                return TripCount is long n && (dist == long.MinValue || Math.Abs(dist) >= n) ? new DependenceResult(DependenceKind.Independent) : new DependenceResult(DependenceKind.Carried, dist);
            if (TripCount is long trips && trips < 2) return new DependenceResult(DependenceKind.Independent);
            if (allNoConstraint) return new DependenceResult(DependenceKind.Carried, allIterations: true);
            return new DependenceResult(provenSome ? DependenceKind.Carried : DependenceKind.Maybe);
        }

        /// <summary>
        /// Counters that start at another loop variable plus a constant and count up (<c>for (j = i + 1; …)</c>, a
        /// triangle): j ≥ i + c in every iteration (variable → (the one it starts from, c)).
        /// </summary>
        public IReadOnlyDictionary<string, (string From, long Offset)>? StartsAfter { get; init; }

        /// <summary>Counters that count up to another loop variable plus a constant (<c>for (j = 0; j &lt; i; …)</c>, a triangle below): j ≤ i + c.</summary>
        public IReadOnlyDictionary<string, (string From, long Offset)>? EndsBefore { get; init; }

        /// <summary>
        /// Difference constraints over both accesses at once: each dimension whose subscripts are one variable plus a
        /// constant on each side (m[i, j] against m[j', i']) says x1 − y2 = c, each triangle's counter j ≥ i + c (per
        /// side: the two iterations' own counters); a negative cycle (Bellman-Ford) means no pair of iterations, the
        /// same one or two, meets: an in-place transpose over j &gt; i (i1 = j2 ≥ i2 + 1 = j1 + 1 ≥ i1 + 2): Independent.
        /// Where they meet only with k1 = k2 (a symmetric fill over j ≥ i: i1 = j2 ≥ i2 = j1 ≥ i1), NotCarried: the system
        /// with k1 &lt; k2 added has a negative cycle, and with k2 &lt; k1. Else Maybe. Dimensions of any other shape only
        /// leave constraints out, which can only make the system easier to meet.
        /// </summary>
        private DependenceKind Infeasible(IReadOnlyList<AffineForm> first, IReadOnlyList<AffineForm> second)
        {
            if ((StartsAfter?.Count ?? 0) + (EndsBefore?.Count ?? 0) == 0 || first.Count != second.Count) return DependenceKind.Maybe;
            // A flattened pair of digits (a[i * n + j] against a[j * n + i], both digits in [0, n)): the digits instead.
            if (first.Count == 1 && Digits(first[0]) is { } hi1 && Digits(second[0]) is { } hi2 && hi1.M.Equals(hi2.M))
                (first, second) = (new[] { hi1.High, hi1.Low }, new[] { hi2.High, hi2.Low });
            var edges = new List<(string From, string To, long Weight)>();
            bool used = false;
            (string?, long)? Unit(AffineForm f, string side)
            {
                if (!f.Constant.IsConstant) return null;
                if (f.Coefficients.Count == 0) return (null, f.Constant.ConstantTerm);
                if (f.Coefficients.Count != 1 || f.Coefficients.First().Value is not { IsConstant: true, ConstantTerm: 1 }) return null;
                return (f.Coefficients.First().Key + side, f.Constant.ConstantTerm);
            }
            for (int d = 0; d < first.Count; d++)
            {
                // x1 + a = y2 + b, i.e. x1 − y2 = b − a: x1 − y2 ≤ b − a and y2 − x1 ≤ a − b (edge y → x of weight c for x − y ≤ c).
                if (Unit(first[d], "#1") is not ({ } x, long a) || Unit(second[d], "#2") is not ({ } y, long b)) continue;
                edges.Add((y, x, b - a));
                edges.Add((x, y, a - b));
                used |= x.Split('#')[0] != y.Split('#')[0];
            }
            if (!used) return DependenceKind.Maybe;
            var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().ToList();
            foreach (string node in nodes.ToList())
            {
                // j ≥ i + c, i.e. i − j ≤ −c: edge j → i of weight −c.
                string[] parts = node.Split('#');
                if (StartsAfter is not null && StartsAfter.TryGetValue(parts[0], out var start))
                {
                    string from = start.From + "#" + parts[1];
                    edges.Add((node, from, -start.Offset));
                    if (!nodes.Contains(from)) nodes.Add(from);
                }
                // j ≤ i + c, i.e. j − i ≤ c: edge i → j of weight c.
                if (EndsBefore is not null && EndsBefore.TryGetValue(parts[0], out var end))
                {
                    string to = end.From + "#" + parts[1];
                    edges.Add((to, node, end.Offset));
                    if (!nodes.Contains(to)) nodes.Add(to);
                }
            }
            if (NegativeCycle(edges)) return DependenceKind.Independent;
            // Met only where the two iterations are one (an in-place transpose over j >= i: i1 = j2 >= i2 = j1 >= i1):
            // no pair with k1 < k2 meets, nor with k2 < k1.
            string k1 = LoopVariable + "#1", k2 = LoopVariable + "#2";
            if (!nodes.Contains(k1) || !nodes.Contains(k2)) return DependenceKind.Maybe;
            return NegativeCycle(edges.Append((k2, k1, -1L)).ToList()) && NegativeCycle(edges.Append((k1, k2, -1L)).ToList())
                ? DependenceKind.NotCarried : DependenceKind.Maybe;

            bool NegativeCycle(List<(string From, string To, long Weight)> all)
            {
                var distance = nodes.ToDictionary(n => n, _ => 0L);
                for (int round = 0; round < nodes.Count; round++)
                {
                    bool changed = false;
                    foreach ((string from, string to, long weight) in all)
                        if (distance[from] + weight < distance[to]) { distance[to] = distance[from] + weight; changed = true; }
                    if (!changed) return false;
                }
                return true; // still relaxing after |nodes| rounds: a negative cycle
            }
        }

        /// <summary>
        /// M·u + v (u and v variables, M one symbolic term) with v provably in [0, M): equal subscripts then have equal
        /// digits. Null for any other form.
        /// </summary>
        private (Poly M, AffineForm High, AffineForm Low)? Digits(AffineForm f)
        {
            if (!f.Constant.IsZero || f.Coefficients.Count != 2) return null;
            var terms = f.Coefficients.ToList();
            foreach ((var high, var low) in new[] { (terms[0], terms[1]), (terms[1], terms[0]) })
            {
                Poly m = high.Value;
                if (m.IsConstant || m.Terms.Count != 1 || m.Terms[0].Value <= 0 || low.Value is not { IsConstant: true, ConstantTerm: 1 }) continue;
                if (!Bounds.TryGetValue(low.Key, out LoopBounds? b)) continue;
                // Below m by its own bound, or by a triangle's: j ≤ i + c with i's own upper bound (a[i * n + j], j < i).
                bool below = b.Upper is not null && Positive(m.Minus(b.Upper))
                    || EndsBefore is not null && EndsBefore.TryGetValue(low.Key, out var end) && Bounds.TryGetValue(end.From, out LoopBounds? limit)
                        && limit.Upper is not null && Positive(m.Minus(limit.Upper.Plus(Poly.Constant(end.Offset))));
                if (!below) continue;
                bool fromZero = b.Lower is { IsConstant: true, ConstantTerm: >= 0 }
                    || StartsAfter is not null && StartsAfter.TryGetValue(low.Key, out var start) && start.Offset >= 0
                        && Bounds.TryGetValue(start.From, out LoopBounds? before) && before.Lower is { IsConstant: true, ConstantTerm: >= 0 };
                if (!fromZero) continue;
                return (m, AffineForm.Variable(high.Key, Poly.Constant(1), new Poly()), AffineForm.Variable(low.Key, Poly.Constant(1), new Poly()));
            }
            return null;
        }

        private (DimKind, long) TestDimension(AffineForm w, AffineForm r)
        {
            (DimKind kind, long value) = TestDimensionAlone(w, r);
            // "No constraint" says two iterations meet at equal counter values; not where a counter's range moves with
            // the index (j from i·n to i·n + i, or from rowPtr[i]): equal values may be out of reach of two different
            // iterations, so nothing is proven either way.
            if (kind == DimKind.NoConstraint && w.Coefficients.Keys.Concat(r.Coefficients.Keys).Any(v => Moving is not null && Moving.Contains(v)))
                return (DimKind.Unknown, 0);
            // (A range fixed at one end still meets the others' there: a dependence, but not at every element.)
            if (kind == DimKind.NoConstraint && w.Coefficients.Keys.Concat(r.Coefficients.Keys).Any(v => Sliding is not null && Sliding.Contains(v)))
                return (DimKind.ProvenSome, 0);
            return (kind, value);
        }

        private (DimKind, long) TestDimensionAlone(AffineForm w, AffineForm r)
        {
            // Equation: a·k1 + Σ w_v·v1 + w0 = b·k2 + Σ r_v·v2 + r0, i.e. a·k1 − b·k2 + inner = c with c = r0 − w0.
            Poly c = r.Constant.Minus(w.Constant);
            // Delinearize: a variable v with the same coefficient M on both sides, while everything else differs by
            // less than |M|, must take the same value in both accesses (a[i * n + j] with j in [0, n)); drop it.
            for (int round = 0; round < 8; round++)
            {
                string? forced = null;
                foreach (var term in w.Coefficients)
                {
                    if (!r.Coefficients.TryGetValue(term.Key, out Poly? other) || !other.Equals(term.Value)) continue;
                    Poly? lo = c, hi = c;
                    foreach (var p in r.Coefficients.Where(p => p.Key != term.Key)) (lo, hi) = AddRange(lo, hi, p.Key, p.Value, 1);
                    foreach (var p in w.Coefficients.Where(p => p.Key != term.Key)) (lo, hi) = AddRange(lo, hi, p.Key, p.Value, -1);
                    if (lo is not null && hi is not null && StrictlyInside(lo, hi, term.Value)) { forced = term.Key; break; }
                }
                if (forced is null && Paired(w, r, c) is ({ } left, { } right))
                {
                    // Two counters with the same coefficient M (a column walked down in one loop and then in the next,
                    // ti = i + w·j in each): where the rest stays strictly inside (−M, M), M·(v1 − v2) is a multiple of
                    // M in there, so v1 = v2 and the rest must match on its own.
                    w = Without(w, left); r = Without(r, right);
                    continue;
                }
                if (forced is null)
                {
                    // Peel the lowest dimension of a flattened subscript ((z * ny + y) * nx + x, x in [1, nx - 1)):
                    // when x's part cannot reach the next multiple of nx, both accesses have the same x part and the
                    // rest divided by nx must match: test that instead.
                    if (Peel(w, r) is not { } peeled) break;
                    (w, r) = peeled;
                    c = r.Constant.Minus(w.Constant);
                    continue;
                }
                if (forced == LoopVariable) return (DimKind.ForcesSame, 0);
                w = Without(w, forced); r = Without(r, forced);
            }
            Poly a = w.CoefficientOf(LoopVariable), b = r.CoefficientOf(LoopVariable);
            var innerW = w.Coefficients.Where(p => p.Key != LoopVariable).ToList();
            var innerR = r.Coefficients.Where(p => p.Key != LoopVariable).ToList();

            if (innerW.Count == 0 && innerR.Count == 0)
            {
                (DimKind kind, long value) single = SingleIndex(a, b, c);
                if (single.kind == DimKind.Unknown && Pinned(a, b, c, innerW, innerR)) return (DimKind.Independent, 0);
                return single.kind == DimKind.Unknown && AssumeRowsApart(w, r, c) ? (DimKind.ForcesSame, 0) : single;
            }

            // No PRange index in this dimension and the same inner terms on both sides, c = 0: satisfiable (equal
            // inner values), whatever the iterations: no constraint on them.
            if (a.IsZero && b.IsZero && c.IsZero && innerW.Count == innerR.Count
                && innerW.All(p => r.Coefficients.TryGetValue(p.Key, out Poly? q) && q.Equals(p.Value)))
                return (DimKind.NoConstraint, 0);

            // MIV. GCD test first, when everything is constant.
            if (a.IsConstant && b.IsConstant && c.IsConstant && innerW.All(p => p.Value.IsConstant) && innerR.All(p => p.Value.IsConstant))
            {
                long g = Gcd(a.ConstantTerm, b.ConstantTerm);
                foreach (var p in innerW.Concat(innerR)) g = Gcd(g, p.Value.ConstantTerm);
                if (g != 0 && c.ConstantTerm % g != 0) return (DimKind.Independent, 0);
            }

            // Same coefficient M for k on both sides: M·(k1 − k2) = c + Σ r_v·v2 − Σ w_v·v1 =: R. If every value R
            // can take lies strictly between −M and M, then k1 = k2 (flattened a[i * n + j] with j in [0, n)).
            if (a.Equals(b) && !a.IsZero)
            {
                Poly? lo = c, hi = c;
                foreach (var p in innerR) (lo, hi) = AddRange(lo, hi, p.Key, p.Value, 1);
                foreach (var p in innerW) (lo, hi) = AddRange(lo, hi, p.Key, p.Value, -1);
                if (lo is not null && hi is not null)
                {
                    if (StrictlyInside(lo, hi, a)) return (DimKind.ForcesSame, 0);
                    if (a.IsConstant && a.ConstantTerm != long.MinValue && lo.IsConstant && hi.IsConstant)
                    {
                        // Is there a nonzero multiple of M in [lo, hi]? If not, k1 = k2.
                        long m = Math.Abs(a.ConstantTerm), l = lo.ConstantTerm, h = hi.ConstantTerm;
                        long firstMultiple = CeilDiv(l, m) * m;
                        bool nonzero = false;
                        for (long x = firstMultiple, steps = 0; x <= h && steps < 3; x += m, steps++)
                            if (x != 0) { nonzero = true; break; }
                        if (!nonzero) return l <= 0 && 0 <= h ? (DimKind.ForcesSame, 0) : (DimKind.Independent, 0);
                    }
                }
            }
            if (Pinned(a, b, c, innerW, innerR)) return (DimKind.Independent, 0);
            return AssumeRowsApart(w, r, c) ? (DimKind.ForcesSame, 0) : (DimKind.Unknown, 0);
        }

        /// <summary>
        /// The index pinned by a row's multiple: with the rest R of the equation a·k1 − b·k2 = c + R strictly inside
        /// (−|M|, |M|) and c = M·D, a row test fixes the iterations. One side without the index (b = 0, M = a: row D
        /// read while rows k are written, LU's pivot row against the rows below it): k1 = D. Rows crossing
        /// (b = −a, M = a: row y against row h − 1 − y, a flip in place): k1 + k2 = D. Independent where that cannot
        /// be: D &lt; 0, D past the last iteration U, or (crossing) 2·U &lt; D; U from the PRange's bounds, quotients
        /// bounded by <see cref="Quotients"/>.
        /// </summary>
        private bool Pinned(Poly a, Poly b, Poly c, List<KeyValuePair<string, Poly>> innerW, List<KeyValuePair<string, Poly>> innerR)
        {
            if (!Bounds.TryGetValue(LoopVariable, out LoopBounds? k) || k.Lower is not { IsConstant: true, ConstantTerm: 0 } || k.Upper is not { } last) return false;
            int form = b.IsZero && !a.IsZero ? 0 : a.IsZero && !b.IsZero ? 1 : !a.IsZero && a.Plus(b).IsZero ? 2 : -1;
            if (form < 0) return false;
            Poly m = form == 1 ? b.Scale(-1) : a;
            if (m.Terms.Count != 1 || Divide(c, m) is not { } d) return false;
            Poly? lo = new Poly(), hi = new Poly();
            foreach (var p in innerR) (lo, hi) = AddRange(lo, hi, p.Key, p.Value, 1);
            foreach (var p in innerW) (lo, hi) = AddRange(lo, hi, p.Key, p.Value, -1);
            if (lo is null || hi is null || !StrictlyInside(lo, hi, m)) return false;
            return Negative(d) || Negative(form == 2 ? last.Scale(2).Minus(d) : last.Minus(d));
        }

        /// <summary>c / m for a one-term m (a constant times symbols), or null when it does not divide.</summary>
        private static Poly? Divide(Poly c, Poly m)
        {
            var term = m.Terms[0];
            Poly? q = c.DivideExactly(Poly.Constant(term.Value));
            if (term.Key.Length > 0)
                foreach (string factor in term.Key.Split('*'))
                    q = q?.DivideExactly(Poly.Symbol(factor));
            return q;
        }

        /// <summary>P &lt; 0 for every value of its symbols: constant, once each quotient q with c·q ≤ E (a positive multiple of c·q) is bounded by E.</summary>
        private bool Negative(Poly p)
        {
            var bound = new Poly();
            foreach (var t in p.Terms)
            {
                Poly term = t.Key.Length == 0 ? Poly.Constant(t.Value) : Poly.Symbol(t.Key).Scale(t.Value);
                if (Quotients is not null && Quotients.TryGetValue(t.Key, out var fact) && t.Value > 0 && t.Value % fact.C == 0)
                    term = fact.E.Scale(t.Value / fact.C);
                bound = bound.Plus(term);
            }
            return bound.IsConstant && bound.ConstantTerm < 0;
        }

        /// <summary>
        /// The last resort of a dimension: the PRange index has the same symbolic coefficient M in both accesses (a row
        /// stride) and the rest R of the equation M·(k1 − k2) = R lies in a known range [lo, hi] that the symbols alone
        /// do not place inside (−M, M): <c>a[y * stride + 3 * x + c]</c> with x &lt; w meets another row only when
        /// stride &lt; 3·w. Rows are apart when M − hi &gt; 0 and M + lo &gt; 0 (then M &gt; 0 and every R is inside),
        /// which the launch can check: those conditions go to <see cref="Assumed"/> (once the whole test is safe) when
        /// every symbol in them is <see cref="Assumable"/> and the accesses are not a whole number of rows apart (a shifted
        /// row, <c>a[(y − 1) * stride + x]</c>, whose constant difference has M's symbols, would need a condition that
        /// holds only where the loop does nothing: that is a dependence, left to the other tests' diagnostics).
        /// </summary>
        private bool AssumeRowsApart(AffineForm w, AffineForm r, Poly c)
        {
            if (Assumable is null || !w.Coefficients.TryGetValue(LoopVariable, out Poly? m) || m.IsConstant
                || !r.Coefficients.TryGetValue(LoopVariable, out Poly? other) || !other.Equals(m)) return false;
            // Rows that run backwards ((h − 1 − y) · stride): the same test with −M (R inside (−|M|, |M|) either way).
            if (m.Terms.All(t => t.Key.Length == 0 || t.Value < 0)) m = m.Scale(-1);
            Poly? lo = c, hi = c;
            var signs = new List<Poly>();
            // A counter's symbolic coefficient (x · bytesPerPixel, x from 0) spans [0, coefficient · U] where the
            // coefficient is not negative: that becomes a condition too (coefficient + 1 > 0).
            void Add(string variable, Poly coefficient, long sign)
            {
                if (lo is null || hi is null) return;
                if (coefficient.IsConstant) { (lo, hi) = AddRange(lo, hi, variable, coefficient, sign); return; }
                if (Range(variable) is not ({ IsZero: true }, { } upper) || coefficient.Times(upper) is not { } top) { lo = hi = null; return; }
                signs.Add(coefficient.Plus(Poly.Constant(1)));
                if (sign > 0) hi = hi.Plus(top); else lo = lo.Minus(top);
            }
            foreach (var p in r.Coefficients.Where(p => p.Key != LoopVariable)) Add(p.Key, p.Value, 1);
            foreach (var p in w.Coefficients.Where(p => p.Key != LoopVariable)) Add(p.Key, p.Value, -1);
            if (lo is null || hi is null) return false;
            // Accesses a whole number of rows apart (a[(y − 1) * stride + x] against a[y * stride + x]) are a dependence,
            // not a condition: their constant difference has M's symbols.
            if (c.Terms.Any(t => t.Key.Length > 0 && t.Key.Split('*').Any(f => m.Terms.Any(mt => mt.Key.Split('*').Contains(f))))) return false;
            var conditions = new List<Poly>();
            foreach (Poly condition in new[] { m.Minus(hi), m.Plus(lo) }.Concat(signs))
            {
                if (condition.IsConstant)
                {
                    if (condition.ConstantTerm > 0) continue; // holds whatever the symbols
                    return false;
                }
                if (condition.Terms.Any(t => t.Value is > int.MaxValue or < -int.MaxValue
                    || t.Key.Length > 0 && (t.Key.Split('*').Length > 2 || !t.Key.Split('*').All(Assumable)))) return false;
                conditions.Add(condition);
            }
            _pending.AddRange(conditions);
            return true;
        }

        /// <summary>
        /// One step of multi-level delinearization. Finds a bounded variable v (not the PRange loop's) with the same
        /// constant coefficient a in both accesses, and a factor M of every other coefficient, such that
        /// a·(v1 − v2) minus the part of the constant difference that M does not divide always lies strictly between −M
        /// and M: then the equation holds only when that part is zero and the rest, divided by M, is equal. Returns the
        /// reduced accesses (the other terms divided by M, the difference's M part as the second one's constant), or null.
        /// </summary>
        private (AffineForm, AffineForm)? Peel(AffineForm w, AffineForm r)
        {
            Poly c = r.Constant.Minus(w.Constant);
            foreach (var term in w.Coefficients)
            {
                string v = term.Key;
                if (v == LoopVariable || !term.Value.IsConstant || term.Value.ConstantTerm <= 0 || term.Value.ConstantTerm > int.MaxValue) continue;
                if (!r.Coefficients.TryGetValue(v, out Poly? same) || !same.Equals(term.Value)) continue;
                if (Range(v) is not ({ } lower, { } upper)) continue;
                var others = w.Coefficients.Where(p => p.Key != v).Concat(r.Coefficients.Where(p => p.Key != v)).ToList();
                if (others.Count == 0) continue;
                foreach (var candidate in others.Select(p => p.Value).Distinct().ToList())
                {
                    if (candidate.IsConstant) continue; // a constant M is the strong SIV's business
                    Poly m = candidate;
                    if (others.Any(p => p.Value.DivideExactly(m) is null)) continue;
                    // c = M·quotient + remainder, term by term.
                    Poly quotient = new(), remainder = new();
                    foreach (var t in c.Terms)
                    {
                        Poly single = t.Key.Length == 0 ? Poly.Constant(t.Value) : Poly.Symbol(t.Key).Scale(t.Value);
                        if (single.DivideExactly(m) is { } q) quotient = quotient.Plus(q); else remainder = remainder.Plus(single);
                    }
                    long a = term.Value.ConstantTerm;
                    Poly span = upper.Minus(lower).Scale(a);                         // a·(U − L) ≥ a·|v1 − v2|
                    Poly hi = span.Minus(remainder), lo = span.Scale(-1).Minus(remainder);
                    Poly hiMinus = hi.Minus(m), loPlus = lo.Plus(m);
                    if (!(hiMinus.IsConstant && hiMinus.ConstantTerm < 0 && loPlus.IsConstant && loPlus.ConstantTerm > 0)) continue;
                    AffineForm Reduce(AffineForm form, Poly constant)
                    {
                        var reduced = AffineForm.Of(constant);
                        foreach (var p in form.Coefficients)
                            if (p.Key != v) reduced.Coefficients[p.Key] = p.Value.DivideExactly(m)!;
                        return reduced;
                    }
                    return (Reduce(w, new Poly()), Reduce(r, quotient));
                }
            }
            return null;
        }

        /// <summary>
        /// M·(k1 − k2) = R with every value of R in [lo, hi] forces k1 = k2: R lies strictly between −M and M, or between
        /// −M/g and M/g where g is the constant content of M (M = g·M′, so M·Δk = M′·(g·Δk) and g·Δk is a nonzero integer
        /// whenever Δk is): a[3·i·w + j] with j in [0, w) under a PRange step of 3 has M = 3w and needs M′ = w.
        /// </summary>
        private bool StrictlyInside(Poly lo, Poly hi, Poly m)
        {
            if (Inside(lo, hi, m)) return true;
            long g = 0;
            foreach (var t in m.Terms) g = Gcd(g, t.Value);
            return g > 1 && m.DivideExactly(Poly.Constant(g)) is { } primitive && Inside(lo, hi, primitive);
        }

        /// <summary>Every value of [lo, hi] lies strictly between −M and M (symbolically, or by constant arithmetic).</summary>
        private bool Inside(Poly lo, Poly hi, Poly m)
        {
            if (Positive(m.Minus(hi)) && Positive(lo.Plus(m))) return true;
            return Positive(lo.Minus(m)) && Positive(hi.Plus(m).Scale(-1)); // M negative
        }

        /// <summary>
        /// Symbols never negative where the loop runs: the counters of enclosing loops that count up from 0 or more,
        /// arrays' lengths. A polynomial of them with a positive constant and no negative term is positive.
        /// </summary>
        public System.Func<string, bool>? NonNegative { get; init; }

        private bool Positive(Poly p) => AtLeast(p, 1);

        /// <summary>
        /// P ≥ <paramref name="floor"/> for every value of its symbols: no negative term, every symbol with a least value
        /// (see <see cref="Least"/>), and the terms' least values adding up to the floor or more (2·w − 1 with w ≥ 1).
        /// </summary>
        private bool AtLeast(Poly p, long floor)
        {
            long least = 0;
            const long Cap = long.MaxValue / 4; // (the sums only need their sign against a small floor)
            foreach (var t in p.Terms)
            {
                long value = t.Value;
                if (t.Key.Length > 0)
                {
                    if (value <= 0) return false;
                    foreach (string factor in t.Key.Split('*'))
                    {
                        if (Least(factor) is not long low) return false;
                        value = low == 0 ? 0 : Math.Min(Cap, value * Math.Min(low, Cap / value));
                    }
                }
                least = Math.Max(-Cap, Math.Min(Cap, least + Math.Max(-Cap, Math.Min(Cap, value))));
            }
            return least >= floor;
        }

        /// <summary>
        /// The least value a symbol takes where the pair runs, or null when it may be negative: 1 for the invariants of
        /// <see cref="_atLeastOne"/>, 0 for <see cref="_running"/> and <see cref="NonNegative"/> symbols, a counter's
        /// constant lower bound where that is at least 0.
        /// </summary>
        private long? Least(string symbol) =>
            _atLeastOne.Contains(symbol) ? 1
            : Bounds.ContainsKey(symbol) && Range(symbol).Lower is { IsConstant: true } lower && lower.ConstantTerm >= 0 ? lower.ConstantTerm
            : _running.Contains(symbol) || NonNegative is not null && NonNegative(symbol) ? 0
            : null;

        /// <summary>Symbols at least 0 wherever the pair under test runs (see <see cref="Running"/>).</summary>
        private readonly HashSet<string> _running = new(StringComparer.Ordinal);

        /// <summary>Loop invariants at least 1 wherever the pair under test runs (see <see cref="Running"/>).</summary>
        private readonly HashSet<string> _atLeastOne = new(StringComparer.Ordinal);

        /// <summary>
        /// Each form given to <see cref="Test"/> is an index into a zero-based array or span: at least 0 wherever its access
        /// runs without throwing (a conflict needs both accesses to touch the element).
        /// </summary>
        public bool IndexForms { get; init; }

        /// <summary>
        /// An access runs only inside the loops of the counters it names, so each such counter's range is not empty
        /// there: from a constant lower bound L to an upper bound s + c (s one symbol), s ≥ L − c. Where that is at least
        /// 0, s is non-negative for this pair: if it were not, the access would never run and could not conflict
        /// (<c>x &lt; w</c> around <c>p[2·w·y + x + w]</c>: w ≥ 1 wherever it runs).
        /// </summary>
        private void Running(IReadOnlyList<AffineForm> first, IReadOnlyList<AffineForm> second)
        {
            _running.Clear();
            _atLeastOne.Clear();
            foreach (AffineForm form in first.Concat(second))
                foreach (var v in form.Coefficients)
                {
                    if (v.Value.IsZero || !Bounds.TryGetValue(v.Key, out LoopBounds? b) || b.Lower is not { IsConstant: true } lower || b.Upper is not { } upper) continue;
                    var symbols = upper.Terms.Where(t => t.Key.Length > 0).ToList();
                    if (symbols.Count == 1 && symbols[0].Value == 1 && !symbols[0].Key.Contains('*') && lower.ConstantTerm - upper.ConstantTerm >= 0)
                        _running.Add(symbols[0].Key);
                }
            if (!IndexForms) return;
            // An index at least 0 bounds the loop invariants in it: w·y + w − 1 ≥ 0 with y ≥ 0 is w·(y + 1) ≥ 1, so
            // w ≥ 1 (were w ≤ 0, the index would be below 0 and the access would throw): the last column of a row
            // written beside its first (a[y·w] and a[y·w + w − 1]) is then in another row than the next row's first.
            foreach (AffineForm form in first.Concat(second))
            {
                Poly? index = form.Constant;
                foreach (var v in form.Coefficients)
                    index = v.Value.Times(Poly.Symbol(v.Key)) is { } term ? index?.Plus(term) : null;
                if (index is null) continue;
                foreach (string symbol in index.Terms.SelectMany(t => t.Key.Length == 0 ? Array.Empty<string>() : t.Key.Split('*')).Distinct().ToList())
                {
                    // (Counters take other values in the other access: only invariants' facts hold for both.)
                    if (symbol == LoopVariable || Bounds.ContainsKey(symbol) || _atLeastOne.Contains(symbol)) continue;
                    // index = symbol·P + Q with P ≥ 1 and Q ≤ −1: symbol ≤ 0 would make it negative.
                    Poly multiplier = index.CoefficientOf(symbol);
                    if (multiplier.Times(Poly.Symbol(symbol)) is { } part && AtLeast(multiplier, 1) && AtLeast(index.Minus(part).Scale(-1), 1))
                        _atLeastOne.Add(symbol);
                }
            }
        }

        /// <summary>
        /// A counter v1 of the first access and another v2 of the second (neither the PRange index, neither in the other
        /// access) with the same coefficient M, where everything else in the equation stays strictly inside (−M, M).
        /// </summary>
        private (string?, string?) Paired(AffineForm w, AffineForm r, Poly c)
        {
            foreach (var left in w.Coefficients)
                foreach (var right in r.Coefficients)
                {
                    if (left.Key == right.Key || left.Key == LoopVariable || right.Key == LoopVariable || !left.Value.Equals(right.Value)
                        || r.Coefficients.ContainsKey(left.Key) || w.Coefficients.ContainsKey(right.Key)) continue;
                    Poly? lo = c, hi = c;
                    foreach (var p in r.Coefficients.Where(p => p.Key != right.Key)) (lo, hi) = AddRange(lo, hi, p.Key, p.Value, 1);
                    foreach (var p in w.Coefficients.Where(p => p.Key != left.Key)) (lo, hi) = AddRange(lo, hi, p.Key, p.Value, -1);
                    if (lo is not null && hi is not null && StrictlyInside(lo, hi, left.Value)) return (left.Key, right.Key);
                }
            return (null, null);
        }

        private static AffineForm Without(AffineForm form, string variable)
        {
            var copy = AffineForm.Of(form.Constant);
            foreach (var p in form.Coefficients) if (p.Key != variable) copy.Coefficients[p.Key] = p.Value;
            return copy;
        }

        /// <summary>Adds sign·coefficient·v (v within its bounds) to the range [lo, hi]; nulls when v is unbounded.</summary>
        private (Poly?, Poly?) AddRange(Poly? lo, Poly? hi, string variable, Poly coefficient, long sign)
        {
            if (lo is null || hi is null || !coefficient.IsConstant || Range(variable) is not ({ } lower, { } upper))
                return (null, null);
            long k = sign * coefficient.ConstantTerm;
            Poly low = k >= 0 ? lower.Scale(k) : upper.Scale(k);
            Poly high = k >= 0 ? upper.Scale(k) : lower.Scale(k);
            return (lo.Plus(low), hi.Plus(high));
        }

        /// <summary>
        /// The bounds of an inner counter with the counters they mention replaced by those counters' own extreme bounds: in
        /// a triangle <c>for (y = 0; y &lt; n; y++) for (x = y; x &lt; n; x++)</c>, x lies in [0, n − 1]. Each access of
        /// the pair has its own y, so the range of x over all of them is what the tests need. Nulls when unbounded.
        /// </summary>
        private (Poly? Lower, Poly? Upper) Range(string variable, int depth = 0)
        {
            if (!Bounds.TryGetValue(variable, out LoopBounds? bounds) || bounds.Lower is null || bounds.Upper is null) return (null, null);
            return (Widen(bounds.Lower, low: true, variable, depth), Widen(bounds.Upper, low: false, variable, depth));
        }

        private Poly? Widen(Poly bound, bool low, string self, int depth)
        {
            var result = new Poly();
            foreach (var term in bound.Terms)
            {
                Poly single = term.Key.Length == 0 ? Poly.Constant(term.Value) : Poly.Symbol(term.Key).Scale(term.Value);
                if (term.Key.Length == 0 || term.Key.IndexOf('*') >= 0 || term.Key == self || depth >= 3 || !Bounds.ContainsKey(term.Key))
                {
                    result = result.Plus(single);
                    continue;
                }
                (Poly? lower, Poly? upper) = Range(term.Key, depth + 1);
                Poly? extreme = (term.Value > 0) == low ? lower : upper;
                if (extreme is null || term.Value == long.MinValue) return null;
                result = result.Plus(extreme.Scale(term.Value));
            }
            return result;
        }

        /// <summary>
        /// Strong SIV with a symbolic distance: a·(k1 − k2) = c for a constant a on both sides. The PRange's normalized
        /// iteration runs over [0, T) (T = its upper bound + 1, a polynomial); when c / a is ±(m·T + e) with a constant
        /// m ≥ 1 and e ≥ 0, |k1 − k2| would be at least T: no two iterations meet (a[p], a[plane + p], a[2 * plane + p]
        /// over PRange(plane), the planes of an image tensor).
        /// </summary>
        private bool SymbolicDistance(Poly a, Poly b, Poly c)
        {
            if (!a.Equals(b) || a.IsZero || c.DivideExactly(a) is not { } d) return false;
            if (!Bounds.TryGetValue(LoopVariable, out LoopBounds? k) || k.Lower is not { IsConstant: true, ConstantTerm: 0 } || k.Upper is null) return false;
            Poly trips = k.Upper.Plus(Poly.Constant(1));
            foreach (Poly distance in new[] { d, d.Scale(-1) })
                for (int m = 1; m <= 4; m++)
                    if (distance.Minus(trips.Scale(m)) is { IsConstant: true } rest && rest.ConstantTerm >= 0) return true;
            return false;
        }

        /// <summary>Counters whose range moves with the PRange index at both ends (RaceAnalysis.MayMove).</summary>
        public IReadOnlyCollection<string>? Moving { get; init; }

        /// <summary>Counters whose range moves with the PRange index at one end only (RaceAnalysis.NoteMoving).</summary>
        public IReadOnlyCollection<string>? Sliding { get; init; }

        private (DimKind, long) SingleIndex(Poly a, Poly b, Poly c)
        {
            // ZIV.
            if (a.IsZero && b.IsZero)
                return c.IsConstant ? (c.ConstantTerm != 0 ? (DimKind.Independent, 0) : (DimKind.NoConstraint, 0)) : (DimKind.Unknown, 0);

            if (!(a.IsConstant && b.IsConstant))
            {
                // Symbolic coefficients (a non-constant step or i * n): strong SIV only.
                if (!a.Equals(b)) return (DimKind.Unknown, 0);
                // k1 = k2 only follows when the coefficient cannot be zero: the step can't; a[i * n] with n = 0 is
                // the same element for every i, so a symbol like n proves nothing.
                if (c.IsZero) return a.Equals(Step) ? (DimKind.ForcesSame, 0) : (DimKind.Unknown, 0);
                Poly? quotient = c.DivideExactly(a);
                if (quotient is not null && quotient.IsConstant) return (DimKind.Distance, quotient.ConstantTerm);
                return (DimKind.Unknown, 0);
            }
            if (!c.IsConstant) return SymbolicDistance(a, b, c) ? (DimKind.Independent, 0) : (DimKind.Unknown, 0);
            long x = a.ConstantTerm, y = b.ConstantTerm, cc = c.ConstantTerm;

            if (x == y)
            {
                // Strong SIV: x·(k1 − k2) = c.
                if (cc % x != 0) return (DimKind.Independent, 0);
                long d = cc / x;
                return d == 0 ? (DimKind.ForcesSame, 0) : (DimKind.Distance, d);
            }
            if (x == 0 || y == 0)
            {
                // Weak-zero SIV: one access is the same element in every iteration; the other meets it at most once.
                long coef = x == 0 ? y : x, value = x == 0 ? -cc : cc;
                if (value % coef != 0) return (DimKind.Independent, 0);
                long k0 = value / coef;
                if (k0 < 0 || (TripCount is long n && k0 >= n)) return (DimKind.Independent, 0);
                return (DimKind.ProvenSome, 0);
            }
            if (x == -y)
            {
                // Weak-crossing SIV: x·(k1 + k2) = c.
                if (cc % x != 0) return (DimKind.Independent, 0);
                long sum = cc / x;
                if (sum < 1 || (TripCount is long n && sum > 2 * n - 3)) return (DimKind.Independent, 0);
                return (DimKind.ProvenSome, 0);
            }
            return ExactSiv(x, y, cc);
        }

        /// <summary>x·k1 − y·k2 = c over 0 ≤ k ≤ U (U from the trip count, else unbounded), with k1 ≠ k2.</summary>
        private (DimKind, long) ExactSiv(long x, long y, long c)
        {
            long g = ExtendedGcd(x, -y, out long s, out long t); // x·s + (−y)·t = g
            if (c % g != 0) return (DimKind.Independent, 0);
            long scale = c / g;
            // General solution: k1 = s·scale + (−y/g)·u... written with p = −(−y)/g = y/g, q = x/g:
            // k1 = k1₀ + (y/g)·u·sgn, k2 = k2₀ + (x/g)·u·sgn. We search u so both are in range.
            double k10 = (double)s * scale, k20 = (double)t * scale;
            double p = (double)y / g, q = (double)x / g; // x·(k10 + p·u) − y·(k20 + q·u) = x·k10 − y·k20 = c
            double upper = TripCount is long n ? n - 1 : double.PositiveInfinity;
            double lo = double.NegativeInfinity, hi = double.PositiveInfinity;
            Constrain(k10, p, 0, upper, ref lo, ref hi);
            Constrain(k20, q, 0, upper, ref lo, ref hi);
            double first = Math.Ceiling(lo), last = Math.Floor(hi);
            if (first > last) return (DimKind.Independent, 0);
            // k1 = k2 for at most one u (p ≠ q since x ≠ y); any other u in range is a carried dependence.
            for (double u = first, tries = 0; u <= last && tries < 3; u++, tries++)
                if (Math.Abs((k10 + p * u) - (k20 + q * u)) > 0.5) return (DimKind.ProvenSome, 0);
            return (DimKind.ForcesSame, 0);
        }

        private static void Constrain(double start, double slope, double min, double max, ref double lo, ref double hi)
        {
            // min ≤ start + slope·u ≤ max
            if (slope == 0) { if (start < min || start > max) { lo = 1; hi = 0; } return; }
            double a = (min - start) / slope, b = (max - start) / slope;
            if (slope < 0) (a, b) = (b, a);
            lo = Math.Max(lo, a); hi = Math.Min(hi, b);
        }

        internal static long Gcd(long a, long b)
        {
            if (a == long.MinValue || b == long.MinValue) return 1; // no magnitude as a long: 1 proves nothing (conservative)
            a = Math.Abs(a); b = Math.Abs(b);
            while (b != 0) (a, b) = (b, a % b);
            return a;
        }

        /// <summary>g = gcd(a, b) ≥ 0 with a·x + b·y = g.</summary>
        internal static long ExtendedGcd(long a, long b, out long x, out long y)
        {
            long oldR = a, r = b, oldS = 1, sNew = 0, oldT = 0, tNew = 1;
            while (r != 0)
            {
                long quotient = oldR / r;
                (oldR, r) = (r, oldR - quotient * r);
                (oldS, sNew) = (sNew, oldS - quotient * sNew);
                (oldT, tNew) = (tNew, oldT - quotient * tNew);
            }
            if (oldR < 0) { oldR = -oldR; oldS = -oldS; oldT = -oldT; }
            x = oldS; y = oldT;
            return oldR;
        }

        private static long CeilDiv(long a, long b) => a / b + ((a % b != 0 && (a > 0) == (b > 0)) ? 1 : 0);
    }
}
