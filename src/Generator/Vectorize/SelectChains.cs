using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>Facts about vector expressions that passes and the emitter share.</summary>
    internal static class VExprs
    {
        /// <summary>Whether every lane may evaluate <paramref name="e"/>, also lanes whose iteration would not: it cannot throw.</summary>
        public static bool SafeToRun(VExpr e) => e switch
        {
            VBroadcast b => b.Scalar.IndexOfAny(new[] { '[', '/', '%' }) < 0 && !b.Scalar.Contains("global::")
                            && !System.Text.RegularExpressions.Regex.IsMatch(b.Scalar, @"(?<!un)checked\("),
            VIndices or VLoad or VLocal => true,
            VBinary x => x.Op != "/" || x.Elem is "float" or "double" ? SafeToRun(x.Left) && SafeToRun(x.Right) : false,
            VNegate n => SafeToRun(n.Operand),
            VNot n => SafeToRun(n.Operand),
            VCompare c => SafeToRun(c.Left) && SafeToRun(c.Right),
            VSelect s => SafeToRun(s.Mask) && SafeToRun(s.WhenTrue) && SafeToRun(s.WhenFalse),
            VConvert c => SafeToRun(c.Operand),
            VShift s => SafeToRun(s.Operand) && s.Count.IndexOfAny(new[] { '[', '/', '%' }) < 0,
            VCall c => c.Arguments.All(SafeToRun),
            _ => false,
        };

        /// <summary>The values a statement computes for every lane (call batches, shared broadcasts).</summary>
        public static IEnumerable<VExpr> Values(VStmt s) => s switch
        {
            VDeclare d => new[] { d.Value },
            VAssign a => new[] { a.Value },
            VMask m => new[] { m.Value },
            VAccumulate a => new[] { a.Value },
            VStore st => st.Rest.Prepend(st.Value),
            _ => System.Array.Empty<VExpr>(),
        };

        /// <summary><paramref name="s"/> with <paramref name="f"/> applied to each of its <see cref="Values"/>.</summary>
        public static VStmt WithValues(VStmt s, System.Func<VExpr, VExpr> f) => s switch
        {
            VDeclare d => d with { Value = f(d.Value) },
            VAssign a => a with { Value = f(a.Value) },
            VMask m => m with { Value = f(m.Value) },
            VAccumulate a => a with { Value = f(a.Value) },
            VStore st => st with { Value = f(st.Value), Rest = st.Rest.Select(f).ToEquatableArray() },
            _ => s,
        };

        /// <summary><paramref name="e"/> and every expression inside it, outermost first.</summary>
        public static IEnumerable<VExpr> Descendants(VExpr e) => new[] { e }.Concat(Children(e).SelectMany(Descendants));

        private static IEnumerable<VExpr> Children(VExpr e) => e switch
        {
            VShift s => new[] { s.Operand },
            VBinary b => new[] { b.Left, b.Right },
            VNegate n => new[] { n.Operand },
            VNot n => new[] { n.Operand },
            VCompare c => new[] { c.Left, c.Right },
            VSelect s => new[] { s.Mask, s.WhenTrue, s.WhenFalse },
            VConvert c => new[] { c.Operand },
            VCall c => c.Arguments,
            _ => Enumerable.Empty<VExpr>(), // leaves: broadcasts, indices, loads, locals
        };

        /// <summary>
        /// Both masks' lanes, <c>KernelRuntime.MaskAnd(a, b)</c>: a select on AVX-512 hardware, where .NET 10's JIT folds
        /// the AND of a mask with a mask it proves all-false to the other mask (dotnet/runtime#123399; the random kernels
        /// found <c>(0 &amp; a[i]) &gt;= 200 &amp;&amp; 16 + r[i] &lt; 0</c> true wherever the right side was), the plain AND
        /// elsewhere. Every AND of masks the generator writes goes through it.
        /// </summary>
        public static VExpr And(VExpr a, VExpr b, string lane) => new VCall("MaskAnd", new[] { a, b }.ToEquatableArray(), lane) { Runtime = true };

        /// <summary>The two masks of an <see cref="And"/>, else null.</summary>
        public static (VExpr Left, VExpr Right)? AndOf(VExpr e) =>
            e is VCall { Runtime: true, Method: "MaskAnd" } c ? (c.Arguments[0], c.Arguments[1]) : null;

        /// <summary><paramref name="e"/> with each expression for which <paramref name="f"/> gives a replacement replaced (outermost first).</summary>
        public static VExpr Replace(VExpr e, System.Func<VExpr, VExpr?> f) => f(e) ?? e switch
        {
            VShift s => s with { Operand = Replace(s.Operand, f) },
            VBinary b => b with { Left = Replace(b.Left, f), Right = Replace(b.Right, f) },
            VNegate n => n with { Operand = Replace(n.Operand, f) },
            VNot n => n with { Operand = Replace(n.Operand, f) },
            VCompare c => c with { Left = Replace(c.Left, f), Right = Replace(c.Right, f) },
            VSelect s => s with { Mask = Replace(s.Mask, f), WhenTrue = Replace(s.WhenTrue, f), WhenFalse = Replace(s.WhenFalse, f) },
            VConvert c => c with { Operand = Replace(c.Operand, f) },
            VCall c => c with { Arguments = c.Arguments.Select(a => Replace(a, f)).ToEquatableArray() },
            _ => e,
        };
    }

    /// <summary>
    /// If-conversion of assignment chains: <c>if (c1) x = a; else if (c2) x = b; else x = d;</c> (each branch one
    /// assignment of the same local, or one store to the same element, nothing in them able to throw) becomes one
    /// assignment (one store) of nested selects, <c>x = Select(c1, a, Select(c2, b, d))</c>, instead of a mask per branch
    /// and its complement (<c>m2 = ~m1 &amp; c2</c>), and for stores instead of a branch on each mask with a load of the
    /// element for the lanes that keep it. Same lanes, same values: a lane outside c1 sees x as it was in both forms,
    /// so c2, b and d read the same values, and an element is stored once either way. Store chains need a last
    /// <c>else</c> (without one, the element's old value is the fallback: the masked store keeps that). Measured on a clip
    /// to short PCM (Vector512, 1 thread, 10^7 samples): the masked form took about 1.2x the selects' time; the mask
    /// algebra kept the masks in vector registers instead of the compare's own mask.
    /// Only at the step's top level (and in loops run in order for every lane), where no enclosing mask applies.
    /// </summary>
    internal static class SelectChains
    {
        /// <summary><paramref name="body"/> with its chains folded (also inside VFor and VBlock bodies); <paramref name="folded"/> counts them.</summary>
        public static List<VStmt> Fold(IReadOnlyList<VStmt> body, ref int folded)
        {
            var output = new List<VStmt>(body.Count);
            for (int p = 0; p < body.Count; p++)
            {
                if (Chain(body, p, outer: null) is { } chain && Unmasked(chain.Target, chain.Value) is { } single)
                {
                    output.Add(single);
                    p += chain.Used - 1;
                    folded++;
                    continue;
                }
                output.Add(body[p] switch
                {
                    VFor loop => loop with { Body = Fold(loop.Body.ToList(), ref folded).ToEquatableArray() },
                    VBlock block => new VBlock(Fold(block.Body.ToList(), ref folded).ToEquatableArray()),
                    VStmt other => other,
                });
            }
            return output;
        }

        /// <summary>The chain's target statement with the selected value, for every lane (null: not a target kind).</summary>
        private static VStmt? Unmasked(VStmt target, VExpr value) => target switch
        {
            VAssign a => a with { Value = value, Mask = null },
            VStore s => s with { Value = value, Mask = null },
            _ => null,
        };

        /// <summary>A folded chain: its first branch's statement (what it assigns or stores), the selected value, the statements it replaces.</summary>
        private sealed record Folded(VStmt Target, VExpr Value, int Used);

        /// <summary>
        /// The chain starting at <paramref name="statements"/>[<paramref name="p"/>]: <c>VMask(m, c)</c> then
        /// <c>VIfAny(m, [x = a (masked m)])</c>, optionally followed by the else mask <c>~m</c> (with
        /// <paramref name="outer"/>: <c>outer &amp; ~m</c>) and its branch: one masked assignment of x, or another chain.
        /// Inside an else branch the conditions carry <paramref name="outer"/> (<c>outer &amp; c</c>), which the select drops:
        /// the lanes outside it are decided by the enclosing select.
        /// </summary>
        private static Folded? Chain(IReadOnlyList<VStmt> statements, int p, string? outer)
        {
            if (p + 1 >= statements.Count || statements[p] is not VMask taken
                || statements[p + 1] is not VIfAny { Body.Count: 1 } then || then.Mask != taken.Name
                || Target(then.Body[0], taken.Name) is not { } value)
                return null;
            VStmt target = then.Body[0];
            VExpr? condition = outer is null ? taken.Value
                : VExprs.AndOf(taken.Value) is { Left: VLocal { } o } both && o.Name == outer ? both.Right : null;
            if (condition is null || !VExprs.SafeToRun(condition) || !VExprs.SafeToRun(value)) return null;
            // Without an else: an assignment keeps the local's value; a store has no such value at hand.
            VExpr? otherwise = target is VAssign assign ? new VLocal(assign.Name, assign.Value.Elem) : null;
            int used = 2;
            if (p + 3 < statements.Count && statements[p + 2] is VMask other && IsComplement(other.Value, taken.Name, outer)
                && statements[p + 3] is VIfAny { } elseBranch && elseBranch.Mask == other.Name)
            {
                EquatableArray<VStmt> body = elseBranch.Body;
                if (body.Count == 1 && SameTarget(body[0], target) && Target(body[0], other.Name) is { } last && VExprs.SafeToRun(last))
                    otherwise = last;
                else if (Chain(body.ToList(), 0, other.Name) is { } inner && inner.Used == body.Count && SameTarget(inner.Target, target))
                    otherwise = inner.Value;
                else
                    return null; // an else branch of another kind: keep the masks
                used = 4;
            }
            else if (outer is null)
                return null; // a lone if: its mask is used once already, nothing to gain
            return otherwise is null ? null : new Folded(target, new VSelect(condition, value, otherwise, value.Elem), used);
        }

        /// <summary>The value of <paramref name="statement"/> when it assigns a local or stores an element under <paramref name="mask"/>.</summary>
        private static VExpr? Target(VStmt statement, string mask) => statement switch
        {
            VAssign a when a.Mask == mask => a.Value,
            VStore s when s.Mask == mask && s.Rest.Count == 0 => s.Value,
            _ => null,
        };

        /// <summary>The same local, or the same element stored the same way.</summary>
        private static bool SameTarget(VStmt x, VStmt y) => (x, y) switch
        {
            (VAssign a, VAssign b) => a.Name == b.Name,
            (VStore a, VStore b) => a.Ref == b.Ref && a.Index == b.Index && a.Elem == b.Elem && a.Narrow == b.Narrow
                                    && a.NarrowLongToInt == b.NarrowLongToInt && a.NarrowToFloat == b.NarrowToFloat && a.Rest.Count == 0 && b.Rest.Count == 0,
            _ => false,
        };

        /// <summary><c>~m</c>, or <c>outer &amp; ~m</c> (<see cref="VExprs.And"/>) inside an else branch.</summary>
        private static bool IsComplement(VExpr value, string mask, string? outer) => outer is null
            ? value is VNot { Operand: VLocal { } m } && m.Name == mask
            : VExprs.AndOf(value) is { Left: VLocal { } o, Right: VNot { Operand: VLocal { } n } } && o.Name == outer && n.Name == mask;
    }
}
