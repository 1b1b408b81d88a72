using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KernelGen.Tests.RandomKernels
{
    internal static partial class KernelFuzzer
    {
        /// <summary>
        /// With shapes on, the share of kernels over rectangular arrays (<c>T[,]</c>, <c>T[,,]</c>), of those the share
        /// in three dimensions, and of those the share that is vector friendly (one element type, the vectorizer's
        /// operators: the inner loop along the last dimension is the one the vector path takes).
        /// </summary>
        public const double ShapeShare = 0.18, ThreeDShare = 0.35, ShapeVectorShare = 0.5;

        public static string Brackets(int rank) => rank switch { 1 => "[]", 2 => "[,]", _ => "[,,]" };

        /// <summary><c>A[] a, B[] b, R[] r, Q[] q</c>, or with <c>[,]</c> / <c>[,,]</c>.</summary>
        public static string ArrayParameters(IReadOnlyList<Elem> arrays, int rank) =>
            string.Join(", ", Enumerable.Range(0, 4).Select(n => $"{Name(arrays[n])}{Brackets(rank)} {ArrayNames[n]}"));

        /// <summary>
        /// Kernels over rectangular arrays, as users write them (Jacobi, box blur, 7-point stencil, row sums): the four
        /// arrays are <c>T[,]</c> (h × w) or <c>T[,,]</c> (d × h × w), all of one shape. A PRange over one dimension holds
        /// <c>for</c> loops over the others, mostly in storage order (PRange over y or z, the innermost loop along the last
        /// dimension, where the vectorizer works), sometimes in another order (the innermost loop along the first
        /// dimension: non-contiguous). Subscripts are the counters at constant offsets in every dimension (stencils);
        /// each loop's range keeps them in bounds, and sometimes steps one past on purpose. Bounds are
        /// <c>GetLength(d)</c>, in locals or inline. The rules of the 1-D kernels hold per dimension: an array the loop
        /// writes is read only at this PRange iteration (offset 0 in the PRange's dimension), but along an inner
        /// <c>for</c> loop it may be read at a neighbour (a dependence that loop carries: the vector path must see it).
        /// Everything here draws from the kernel's own stream; only whether a kernel is one of these comes from a
        /// stream of its own (<c>_shape</c>), so the other kernels are the text they were before.
        /// </summary>
        private sealed partial class Builder
        {
            private readonly Random? _shape;
            private int _rank = 1;
            private string[] _dimVars = Array.Empty<string>();  // the counter of each dimension (z, y, x)
            private string[]? _extentLocals;                     // locals holding GetLength(d), or null: GetLength inline
            private int[] _order = Array.Empty<int>();           // _order[0]: the PRange's dimension, then the inner loops outermost first
            private readonly List<int> _active = new();          // dimensions whose counters are in scope
            private readonly List<int> _carriedDims = new();     // dimensions of inner for loops (a dependence may run along them)
            private bool _innermost;                             // in the innermost loop: subscripts have every counter
            private int _innerScope;                             // the innermost loop's scope in _scopes
            private int[] _minOff = Array.Empty<int>(), _maxOff = Array.Empty<int>();

            private const int FormUp = 0, FormUpInclusive = 1, FormDown = 2, FormStep2 = 3, FormPRange = 4;

            /// <summary>The PRange counter (1-D), or one of the counters in scope (rectangular arrays).</summary>
            private string IndexVar() => _rank == 1 ? "i" : _active.Count == 0 ? "n" : _dimVars[_active[_r.Next(_active.Count)]];

            /// <summary>The counters' names and, mostly, locals holding the lengths (at the top of the body).</summary>
            private string ShapeLocals()
            {
                _dimVars = _rank == 2
                    ? Pick(new[] { "y", "x" }, new[] { "row", "col" }, new[] { "iy", "ix" })
                    : Pick(new[] { "z", "y", "x" }, new[] { "iz", "iy", "ix" });
                if (!Chance(0.7)) { _extentLocals = null; return ""; }
                _extentLocals = _rank == 2
                    ? Pick(new[] { "ny", "nx" }, new[] { "rows", "cols" }, new[] { "height", "width" })
                    : Pick(new[] { "nz", "ny", "nx" }, new[] { "depth", "rows", "cols" });
                string Length(int d) => Chance(0.06) ? $"{Pick(ArrayNames)}.GetUpperBound({d}) + 1" : $"{Pick(ArrayNames)}.GetLength({d})";
                var parts = Enumerable.Range(0, _rank).Select(d => $"{_extentLocals[d]} = {Length(d)}").ToList();
                return Chance(0.5) ? $"            int {string.Join(", ", parts)};\n" : string.Concat(parts.Select(p => $"            int {p};\n"));
            }

            /// <summary>The length of dimension <paramref name="d"/>: its local, or <c>x.GetLength(d)</c> of any of the arrays (one shape).</summary>
            private string Extent(int d) => _extentLocals is not null && Chance(0.85) ? _extentLocals[d] : $"{Pick(ArrayNames)}.GetLength({d})";

            /// <summary>A PRange loop over one dimension with for loops over the others (the written arrays are chosen).</summary>
            private string LoopShaped()
            {
                int rank = _rank;
                _order = Enumerable.Range(0, rank).ToArray();
                if (Chance(_vector ? 0.15 : 0.35)) // another loop order than storage order
                    while (_order.Select((d, n) => d == n).All(x => x))
                        for (int n = rank - 1; n > 0; n--) { int s = _r.Next(n + 1); (_order[n], _order[s]) = (_order[s], _order[n]); }
                _minOff = new int[rank];
                _maxOff = new int[rank];
                // The inner loops' forms first: a dependence may run along a for loop, never along a nested PRange.
                var forms = new int[rank];
                _carriedDims.Clear();
                for (int level = 1; level < rank; level++)
                {
                    forms[level] = InnerForm();
                    if (forms[level] != FormPRange) _carriedDims.Add(_order[level]);
                }
                int step = _vector ? 1 : Pick(1, 1, 1, 2, 3, -1, -2, -3);

                // Declarations before each inner loop (subscripts need every counter: their reads are literals).
                _active.Clear();
                _active.Add(_order[0]);
                var pre = new string[rank];
                for (int level = 0; level < rank - 1; level++)
                {
                    var declarations = new StringBuilder();
                    int count = _r.Next(0, level == 0 ? 3 : 2);
                    for (int s = 0; s < count; s++) declarations.Append(Declare(4 + level));
                    pre[level] = declarations.ToString();
                    Push();
                    _active.Add(_order[level + 1]);
                }

                // The innermost body first: its offsets give the ranges.
                int innerLevel = 4 + rank - 1;
                _innermost = true;
                _innerScope = _scopes.Count - 1;
                var inner = new StringBuilder();
                int statements = _r.Next(1, 5);
                bool window = Chance(_vector ? 0.08 : 0.15);
                if (window) inner.Append(Window(innerLevel));
                for (int s = 0; s < statements; s++) inner.Append(Statement(innerLevel, allowBlocks: true));
                if (_written.Count > 0 && Chance(0.8)) inner.Append(Store(innerLevel));
                _innermost = false;
                for (int level = 0; level < rank - 1; level++) Pop();
                _active.Clear();
                _active.Add(_order[0]);

                // After the inner loops, in the PRange iteration: a per-row result (a reduction, or an element of the row).
                var post = new StringBuilder();
                if (_reds.Count > 0 && Chance(0.4)) post.Append(Reduce(4));
                if (_written.Count > 0 && Chance(0.2)) post.Append(RowStore(4));

                // The loops from the inside out.
                string text = inner.ToString();
                bool single = !window && statements == 1 && IsOneStatement(text);
                for (int level = rank - 1; level >= 1; level--)
                {
                    string header = InnerHeader(_order[level], forms[level]);
                    string pad = Indent(3 + level);
                    string loop = single && Chance(0.4) ? $"{pad}{header}\n{text}" : $"{pad}{header}\n{pad}{{\n{text}{pad}}}\n";
                    string after = level == 1 ? post.ToString() : "";
                    single = pre[level - 1].Length == 0 && after.Length == 0;
                    text = pre[level - 1] + loop + after;
                }

                _minOuter = _minOff[_order[0]];
                _maxOuter = _maxOff[_order[0]];
                string var = _is64 ? Pick("long", "var") : Pick("int", "int", "var", "long");
                string range = Range(Extent(_order[0]), step, Chance(0.05));
                string head = $"            foreach ({var} {_dimVars[_order[0]]} in {range})\n";
                return single && Chance(0.5) ? head + text : $"{head}            {{\n{text}            }}\n";
            }

            /// <summary>One line, and not a declaration (which cannot be a loop's body without braces).</summary>
            private static bool IsOneStatement(string text) =>
                text.Count(c => c == '\n') == 1 && !new[] { "int ", "long ", "float ", "double ", "var " }.Any(text.TrimStart().StartsWith);

            private int InnerForm()
            {
                int pick = _r.Next(100);
                if (_vector) return pick < 90 ? FormUp : pick < 94 ? FormUpInclusive : pick < 98 ? FormDown : FormPRange;
                return pick < 60 ? FormUp : pick < 70 ? FormUpInclusive : pick < 82 ? FormDown : pick < 90 ? FormStep2 : FormPRange;
            }

            /// <summary>An inner loop over dimension <paramref name="d"/>, its range from the subscripts' offsets (sometimes one step past the bounds on purpose).</summary>
            private string InnerHeader(int d, int form)
            {
                int lo = Math.Max(0, -_minOff[d]), margin = Math.Max(0, _maxOff[d]);
                if (Chance(0.025))
                {
                    if (lo > 0 && Chance(0.5)) lo--;
                    else margin--;
                }
                string extent = Extent(d);
                string Minus(int k) => k == 0 ? extent : k > 0 ? $"{extent} - {k}" : $"{extent} + {-k}";
                string v = _dimVars[d];
                return form switch
                {
                    FormUpInclusive => $"for (int {v} = {lo}; {v} <= {Minus(margin + 1)}; {v}++)",
                    FormDown => $"for (int {v} = {Minus(margin + 1)}; {v} >= {lo}; {v}--)",
                    FormStep2 => $"for (int {v} = {lo}; {v} < {Minus(margin)}; {v} += 2)",
                    FormPRange => $"foreach (int {v} in PRange({lo}, {Minus(margin)}))",
                    _ => Chance(0.1) ? $"for (int {v} = {lo}; {Minus(margin)} > {v}; ++{v})" : $"for (int {v} = {lo}; {v} < {Minus(margin)}; {v}++)",
                };
            }

            /// <summary>A read of array <paramref name="index"/> at constant offsets (stencil neighbours), converted to <paramref name="t"/>.</summary>
            private string ReadShaped(int index, Elem t)
            {
                var offsets = new int[_rank];
                bool written = _written.ContainsKey(index);
                if (!written || _unsafeLoop && Chance(0.5))
                    for (int d = 0; d < _rank; d++) offsets[d] = Chance(0.5) ? 0 : _r.Next(-1, 2);
                else if (_carriedDims.Count > 0 && Chance(_vector ? 0.05 : 0.12))
                    offsets[_carriedDims[_r.Next(_carriedDims.Count)]] = Chance(0.5) ? -1 : 1; // carried by an inner for loop, not by the PRange
                if (!_innermost) return Literal(t); // outside the innermost loop a subscript lacks a counter
                string text = $"{ArrayNames[index]}[{SubscriptShaped(offsets)}]";
                string[] parts = Enumerable.Range(0, _rank).Select(k => Offset(_dimVars[k], offsets[k], false)).ToArray();
                if (_rank > 1 && Chance(written ? 0.03 : 0.15))
                {
                    // Clamped to the edge along the innermost loop's dimension (image filters): Max, Min or Clamp of its
                    // counter ± up to 2, in bounds whatever the loop's range (EdgePeeling splits such loops).
                    int d = _order[_rank - 1], off = _r.Next(-2, 3);
                    string v = Offset(_dimVars[d], off, false), last = $"{Extent(d)} - 1";
                    string clamped = _r.Next(3) switch
                    {
                        0 when off <= 0 => Chance(0.5) ? $"Math.Max({v}, 0)" : $"Math.Max(0, {v})",
                        1 when off >= 0 => Chance(0.5) ? $"Math.Min({v}, {last})" : $"Math.Min({last}, {v})",
                        _ => $"Math.Clamp({v}, 0, {last})",
                    };
                    parts[d] = clamped;
                    text = $"{ArrayNames[index]}[{string.Join(", ", parts)}]";
                }
                if (_edges is not null && _rank > 1 && !written && _edges.NextDouble() < 0.15)
                {
                    // A row clamped to the array along an outer loop's dimension (a 2-D filter's Math.Clamp(y + dy, 0, h - 1)):
                    // the same for every lane of the innermost loop (the vectorizer's uniform clamps). Its own stream:
                    // the main stream's kernels stay as they were.
                    int d = _order[_edges.Next(_rank - 1)], off = _edges.Next(-2, 3);
                    string v = Offset(_dimVars[d], off, false), extent = _extentLocals?[d] ?? $"{ArrayNames[index]}.GetLength({d})", last = $"{extent} - 1";
                    parts[d] = _edges.Next(5) switch
                    {
                        0 => $"Math.Clamp({v}, 0, {last})",
                        1 => $"Math.Min(Math.Max({v}, 0), {last})",
                        2 => $"Math.Max(0, Math.Min({last}, {v}))",
                        // (As '?:', the way C ports and hand-written filters clamp.)
                        3 => $"({v} < 0 ? 0 : {v} > {last} ? {last} : {v})",
                        _ => $"({v} >= {extent} ? {last} : 0 > {v} ? 0 : {v})",
                    };
                    text = $"{ArrayNames[index]}[{string.Join(", ", parts)}]";
                }
                if (_edges is not null && _rank > 1 && !written && _edges.NextDouble() < 0.1)
                {
                    // The innermost dimension clamped by '?:' (EdgePeeling splits off the iterations where it may clamp).
                    int d = _order[_rank - 1], off = _edges.Next(-2, 3);
                    string v = Offset(_dimVars[d], off, false), extent = _extentLocals?[d] ?? $"{ArrayNames[index]}.GetLength({d})", last = $"{extent} - 1";
                    parts[d] = _edges.Next(2) == 0 ? $"({v} < 0 ? 0 : {v} >= {extent} ? {last} : {v})" : $"({v} > {last} ? {last} : {v} < 0 ? 0 : {v})";
                    text = $"{ArrayNames[index]}[{string.Join(", ", parts)}]";
                }
                return _arrays[index] == t ? text : $"({Name(t)}){text}";
            }

            /// <summary>A store's offsets: 0, or (unsafe loops) <paramref name="outer"/> in the PRange's dimension.</summary>
            private int[] StoreOffsets(int outer)
            {
                var offsets = new int[_rank];
                offsets[_order[0]] = outer;
                return offsets;
            }

            /// <summary><c>z - 1, y, x + 1</c>: every counter at its offset; the loops' ranges follow the extremes.</summary>
            private string SubscriptShaped(int[] offsets)
            {
                var parts = new string[_rank];
                for (int d = 0; d < _rank; d++)
                {
                    _minOff[d] = Math.Min(_minOff[d], offsets[d]);
                    _maxOff[d] = Math.Max(_maxOff[d], offsets[d]);
                    parts[d] = Offset(_dimVars[d], offsets[d], Chance(0.1));
                }
                return string.Join(", ", parts);
            }

            /// <summary>
            /// After the inner loops: an element of this PRange iteration's row at a fixed place in the other dimensions
            /// (<c>r[y, 0] = t0;</c>, <c>q[z, ny - 1, 0] += …</c>), e.g. a row's accumulated temporary.
            /// </summary>
            private string RowStore(int level)
            {
                int index = _written.Keys.ElementAt(_r.Next(_written.Count));
                Elem t = _arrays[index];
                var parts = new string[_rank];
                for (int d = 0; d < _rank; d++)
                    parts[d] = d == _order[0] ? _dimVars[d] : Chance(0.5) ? "0" : $"{Extent(d)} - 1";
                string op = Chance(0.7) ? "=" : "+=";
                return $"{Indent(level)}{ArrayNames[index]}[{string.Join(", ", parts)}] {op} {Expr(t, 2)};\n";
            }

            /// <summary>
            /// A box window (the blur's dy/dx loops): an array the loop does not write, summed over ±1 along one or two
            /// dimensions into a new temporary: <c>for (int oy = -1; oy &lt;= 1; oy++) t3 += b[y + oy, x];</c>.
            /// </summary>
            private string Window(int level)
            {
                var readable = Enumerable.Range(0, 4).Where(x => !_written.ContainsKey(x)).ToList(); // b at least
                int index = readable[_r.Next(readable.Count)];
                Elem t = _arrays[index];
                string acc = "t" + _temps++;
                var dims = Enumerable.Range(0, _rank).OrderBy(_ => _r.Next()).Take(_r.Next(1, 3)).OrderBy(d => d).ToList();
                var text = new StringBuilder($"{Indent(level)}{Name(t)} {acc} = 0;\n");
                for (int n = 0; n < dims.Count; n++)
                {
                    string o = "o" + _dimVars[dims[n]];
                    text.Append($"{Indent(level + n)}for (int {o} = -1; {o} <= 1; {o}++)\n");
                    _minOff[dims[n]] = Math.Min(_minOff[dims[n]], -1);
                    _maxOff[dims[n]] = Math.Max(_maxOff[dims[n]], 1);
                }
                string subscript = string.Join(", ", Enumerable.Range(0, _rank).Select(d => dims.Contains(d) ? $"{_dimVars[d]} + o{_dimVars[d]}" : _dimVars[d]));
                text.Append($"{Indent(level + dims.Count)}{acc} += {ArrayNames[index]}[{subscript}];\n");
                _scopes[^1].Add((acc, t));
                return text.ToString();
            }
        }
    }
}
