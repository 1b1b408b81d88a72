using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// A copy of a vector step under other names: every name in the set gets a suffix, and <c>__kg_x</c> (the first
    /// lane's value) becomes an offset when one is given. Two copies of one step then run side by side in one scope:
    /// a second lane group (<see cref="LaneGroups"/>), or the next PRange iteration jammed into the same vector loop
    /// (<see cref="OuterJam"/>). Names are whole identifiers of the plan's exact C#, never members (<c>a.Length</c>)
    /// nor parts of longer names.
    /// </summary>
    internal sealed class Renamer
    {
        private readonly Regex _names, _bounds;
        private readonly string? _offset, _lane, _step;
        private readonly string _suffix;

        /// <param name="offset">What <c>__kg_x</c> becomes; null keeps it (the copies share the lane loop).</param>
        /// <param name="lane">The step's lane variable (declared first, never assigned), when the copy's first lane is
        /// the original's plus <paramref name="step"/> (a lane group): see <see cref="Shifted"/>.</param>
        public Renamer(IEnumerable<string> names, string? offset, string suffix, string? lane = null, string? step = null)
        {
            _offset = offset;
            _suffix = suffix;
            _lane = lane;
            _step = step;
            var all = new HashSet<string>(names, System.StringComparer.Ordinal);
            if (offset is not null) all.Add("__kg_x");
            _names = Pattern(all);
            _bounds = Pattern(all.Except(TileLengthsOf(all)));
        }

        // Tile lengths are named __kg_tileN_length (see Planner.RowTiles): loop bounds keep the first group's.
        private static IEnumerable<string> TileLengthsOf(IEnumerable<string> names) => names.Where(n => n.StartsWith("__kg_tile", System.StringComparison.Ordinal) && n.EndsWith("_length", System.StringComparison.Ordinal)).ToList();

        // A whole identifier, not a member (a.Length) and not part of a longer name; no names: nothing matches.
        private static Regex Pattern(IEnumerable<string> names)
        {
            string[] list = names.OrderByDescending(n => n.Length).Select(Regex.Escape).ToArray();
            return new(list.Length == 0 ? "(?!)" : @"(?<![\w.@])(?:" + string.Join("|", list) + @")(?!\w)");
        }

        /// <summary>Every local a step declares (scalars, vector locals, masks, row tiles), nested blocks and loops included.</summary>
        public static void Declared(IEnumerable<VStmt> body, HashSet<string> names)
        {
            foreach (VStmt s in body)
                switch (s)
                {
                    case VScalar { Declares: { } d }: names.Add(d); break;
                    case VDeclare d: names.Add(d.Name); break;
                    case VDeclareZero z: names.Add(z.Name); break;
                    case VMask m: names.Add(m.Name); break;
                    case VRowTile t: names.Add(t.Ref); names.Add(t.Length); break;
                    case VFor f: Declared(f.Body, names); break;
                    case VBlock b: Declared(b.Body, names); break;
                    case VIfAny i: Declared(i.Body, names); break;
                }
        }

        /// <summary>Whether <paramref name="code"/> names one of the renamed names.</summary>
        public bool Mentions(string code) => _names.IsMatch(code);

        public string Text(string code) => _names.Replace(code, m => m.Value == "__kg_x" && _offset is not null ? _offset : m.Value + _suffix);
        private string Bound(string code) => _bounds.Replace(code, m => m.Value == "__kg_x" && _offset is not null ? _offset : m.Value + _suffix);
        private string? Maybe(string? code) => code is null ? null : Text(code);

        /// <summary>
        /// A load's or store's first element in the copy. A subscript whose lanes step by <paramref name="stride"/> and that
        /// names no renamed local but the lane variable (loop counters and invariants are shared) is the original's plus
        /// stride · step elements: written so, in nint, the JIT computes the address once and every group adds a constant
        /// displacement (measured on a 3x3 box blur: 8 groups each recomputed their int subscript and sign-extended it,
        /// three instructions a load). nint cannot overflow where the int did not: the vector loop runs only where every
        /// lane's subscript is in bounds, so the int value is the exact one.
        /// </summary>
        private string Shifted(string reference, string index, int stride)
        {
            if (_lane is null || _step is null || _names.IsMatch(reference)) return Text(index);
            foreach (Match m in _names.Matches(index))
                if (m.Value != _lane) return Text(index);
            return $"(nint)({index}) + {(stride == 1 ? "" : stride + " * ")}{_step}";
        }

        public VStmt Statement(VStmt s) => s switch
        {
            VScalar x => x with { Code = Text(x.Code), Declares = Maybe(x.Declares) },
            VDeclare d => d with { Name = Text(d.Name), Value = Expr(d.Value) },
            VDeclareZero z => z with { Name = Text(z.Name) },
            VAssign a => a with { Name = Text(a.Name), Value = Expr(a.Value), Mask = Maybe(a.Mask) },
            VStore st => st with { Ref = Text(st.Ref), Index = st.Rest.Count == 0 ? Shifted(st.Ref, st.Index, 1) : Text(st.Index), Value = Expr(st.Value), Mask = Maybe(st.Mask), Rest = st.Rest.Select(Expr).ToEquatableArray() },
            VAccumulate a => a with { Value = Expr(a.Value), Mask = Maybe(a.Mask) },
            VMask m => m with { Name = Text(m.Name), Value = Expr(m.Value) },
            VIfAny i => i with { Mask = Text(i.Mask), Body = i.Body.Select(Statement).ToEquatableArray() },
            VFor f => f with { Start = Bound(f.Start), Limit = Bound(f.Limit), Body = f.Body.Select(Statement).ToEquatableArray() },
            VBlock b => b with { Body = b.Body.Select(Statement).ToEquatableArray() },
            VRowTile t => t with { First = Text(t.First), Ref = Text(t.Ref), Length = Text(t.Length), Limits = t.Limits.Select(Text).ToEquatableArray(), Stride = t.Stride is null ? null : Text(t.Stride) },
            _ => s, // not reached: the callers admit only the statements above
        };

        public VExpr Expr(VExpr e) => e switch
        {
            VBroadcast b => b with { Scalar = Text(b.Scalar) },
            VIndices i => i with { First = Text(i.First) },
            VLoad l => l with { Ref = Text(l.Ref), Index = Shifted(l.Ref, l.Index, l.Stride) },
            VTileLoad t => t with { Ref = Text(t.Ref), Index = Text(t.Index) },
            VShift sh => sh with { Operand = Expr(sh.Operand), Count = Text(sh.Count) },
            VLocal l => l with { Name = Text(l.Name) },
            VBinary b => b with { Left = Expr(b.Left), Right = Expr(b.Right) },
            VNegate n => n with { Operand = Expr(n.Operand) },
            VNot n => n with { Operand = Expr(n.Operand) },
            VCompare c => c with { Left = Expr(c.Left), Right = Expr(c.Right) },
            VSelect s => s with { Mask = Expr(s.Mask), WhenTrue = Expr(s.WhenTrue), WhenFalse = Expr(s.WhenFalse) },
            VConvert c => c with { Operand = Expr(c.Operand) },
            VCall c => c with { Arguments = c.Arguments.Select(Expr).ToEquatableArray() },
            _ => e,
        };

        public VGuard Guard(VGuard g) => g switch
        {
            NotNull n => n with { Value = Text(n.Value) },
            AtLeast a => a with { Value = Text(a.Value), Low = Text(a.Low) },
            Below b => b with { Value = Text(b.Value), Limit = Text(b.Limit) },
            NotAliased n => n with { First = Text(n.First), Second = Text(n.Second) },
            GridApart v => v with { Grid = Text(v.Grid), Span = Text(v.Span) },
            ZeroBased z => z with { Array = Text(z.Array) },
            _ => g,
        };

        public VRowRef Row(VRowRef r) => r with { Name = Text(r.Name), Offset = Text(r.Offset) };
    }
}
