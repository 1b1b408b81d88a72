using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;
using KernelGen.Generator.Vectorize;

namespace KernelGen.Generator.Emit
{
    /// <summary>
    /// Writes the vector path of a plan (<see cref="Planner"/>): one guard (lengths, nulls, the extreme subscripts, no
    /// aliasing), then the same vector step for each width the hardware may accelerate (Vector512, Vector256, Vector128:
    /// the JIT keeps one), leaving <c>__kg_x</c> at the first lane the scalar code still has to run. The width is a
    /// parameter of every line written here, never text in the plan.
    /// </summary>
    internal static class VectorEmitter
    {
        /// <summary>The line of an inner plan's body text where the vector loop goes.</summary>
        public const string Marker = "{KG_VECTOR_LOOP}";

        /// <summary>The line before the loop a hoisted guard is evaluated ahead of (<see cref="VectorPlan.HoistStart"/>).</summary>
        public const string GuardMarker = "{KG_VECTOR_GUARD}";

        /// <summary>The local holding a hoisted guard's result.</summary>
        private const string Hoisted = "__kg_vector_ok";

        private static readonly string[] Widths = { "Vector512", "Vector256", "Vector128" };
        private static readonly string[] HalfWidths = { "Vector256", "Vector128", "Vector64" };
        private const string Intrinsics = "global::System.Runtime.Intrinsics.";
        private const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
        private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
        private const string Runtime = "global::KernelGen.KernelRuntime";

        /// <summary>A plan whose lanes are the chunk's PRange iterations: before the chunk's scalar loop, which then runs the tail.</summary>
        /// <param name="headerLine">A <c>#line</c> directive naming the user's loop header, or null: the vector
        /// path's first statement maps to it and the rest is hidden from the debugger (it has no line of its own).</param>
        /// <param name="file">The kernel's file for <c>#line</c> directives (null: none are written).</param>
        /// <param name="rowBands">The chunk runs every iteration on rows [__kg_rb, __kg_re) of __kg_columns (<see cref="VectorPlan.RowSplit"/>).</param>
        /// <param name="invariants">Locals that hold one value for the whole chunk (the shared read-only variables and
        /// constants): broadcasts of them and of literals are hoisted out of the vector loops (<see cref="Width.Uniforms"/>).</param>
        public static void WriteIndexLoop(IndentedWriter w, VectorPlan plan, int headerLine = 0, string? file = null, string next = "__kg_i", bool rowBands = false,
            IReadOnlyCollection<string>? invariants = null)
        {
            if (plan.Unswitch is { } split)
            {
                w.Line($"// Unswitched: `{split.Condition}` is the same for every iteration, so each side has a loop of its own.");
                foreach ((string header, VectorPlan side) in new[] { ($"if ({split.Condition})", split.Then), ("else", split.Else) })
                {
                    w.Open(header);
                    if (side.Vectorized) WriteIndexLoop(w, side, headerLine, file, next, rowBands, invariants);
                    else w.Line("// (no vector loop on this side: the scalar loop runs it)");
                    w.Close();
                }
                return;
            }
            if (plan.Rolled > 1) WriteRolledRange(w, plan);
            WriteLaneLoop(w, plan, file is null || headerLine <= 0 ? null : new Lines(file, headerLine, "#line hidden"), rowBands: rowBands, invariants: invariants);
            w.Line(plan.Rolled > 1 ? $"{next} += (__kg_x - __kg_rfirst) / {plan.Rolled}; // the whole iterations the vector loop ran" : $"{next} = __kg_x;");
            if (file is not null && headerLine > 0) w.Directive("#line default");
        }

        /// <summary>
        /// The element range of a rolled plan (<see cref="VectorPlan.Rolled"/>): c·__kg_i up to c times the chunk's
        /// iterations rounded down to the narrowest vector's lanes (each width then ends the loop at a whole iteration),
        /// computed in long; where c·i would not fit an int, an empty range (the scalar loop runs it all).
        /// </summary>
        private static void WriteRolledRange(IndentedWriter w, VectorPlan plan)
        {
            int c = plan.Rolled;
            w.Line($"// Channels rolled (see the report): iteration i's {c} statements are one statement at k = {c}·i, {c}·i + 1, …;");
            w.Line("// the vector loop runs k over whole iterations of the chunk, in the order the serial loop runs those statements.");
            (string first, string limit) = plan.RolledRange;
            w.Line($"long __kg_rn = (long)({limit}) - ({first}), __kg_rf = {c}L * ({first});");
            w.Line($"__kg_rn -= __kg_rn % {Intrinsics}Vector128<{plan.Lanes}>.Count;");
            w.Line($"bool __kg_rfits = __kg_rf >= int.MinValue && __kg_rf + {c}L * __kg_rn <= int.MaxValue;");
            w.Line($"int __kg_rfirst = __kg_rfits ? (int)__kg_rf : 0, __kg_rlast = __kg_rfits ? (int)(__kg_rf + {c}L * __kg_rn) : 0;");
        }

        /// <summary>
        /// <c>#line</c> mapping of a vector path: its first statement maps to the loop header, code that may throw (lane by
        /// lane) to the user's statement, then <see cref="After"/> ("#line hidden" in the vector path before the chunk's
        /// loop, "#line default" inside an inner plan's body).
        /// </summary>
        private sealed record Lines(string File, int Header, string After);

        /// <summary>
        /// The PRange body of an inner plan: the body's text with the vector loop where the marker line is; the loop
        /// itself follows and runs what is left (all of it when the vector loop was not taken).
        /// </summary>
        public static void WriteInnerBody(IndentedWriter w, VectorPlan plan, string? file = null, IReadOnlyCollection<string>? invariants = null)
        {
            foreach (string line in plan.InnerBody.Replace("\r\n", "\n").Split('\n'))
            {
                VectorPlan? at = line.Trim() == Marker ? plan
                    : Enumerable.Range(0, plan.Others.Count).Where(k => line.Trim() == MarkerOf(k + 1)).Select(k => plan.Others[k]).FirstOrDefault();
                if (at is null && line.Trim() != GuardMarker)
                {
                    w.Line(line.TrimEnd());
                    continue;
                }
                int levels = (line.Length - line.TrimStart().Length) / 4;
                for (int n = 0; n < levels; n++) w.Indent();
                if (at is null) WriteHoistedGuard(w, plan);
                else
                {
                    if (at.Rolled > 1) WriteRolledRange(w, at);
                    WriteLaneLoop(w, at, file is null ? null : new Lines(file, 0, "#line default"), invariants: invariants);
                    if (at.Rolled > 1)
                        w.Line($"int __kg_xr = ({at.RolledRange.First}) + (__kg_x - __kg_rfirst) / {at.Rolled}; // after the whole iterations the vector loop ran");
                    w.Line("// Scalar remainder:");
                }
                for (int n = 0; n < levels; n++) w.Unindent();
            }
        }

        /// <summary>The marker line of an inner plan's vector loop: <see cref="Marker"/> for the plan, then one per <see cref="VectorPlan.Others"/> (1, 2, …).</summary>
        public static string MarkerOf(int k) => k == 0 ? Marker : "{KG_VECTOR_LOOP " + k + "}";

        /// <summary>
        /// An inner plan with <see cref="VectorPlan.Jam"/> rows a pass (<see cref="OuterJam"/>): passes of that many PRange
        /// iterations from <paramref name="counter"/> while they fit before <paramref name="last"/>, each running one
        /// vector loop for all of them (every row's guard checked first), then each row's scalar remainder in order.
        /// The chunk's ordinary loop runs the iterations left.
        /// </summary>
        public static void WriteJam(IndentedWriter w, VectorPlan plan, string indexType, string counter = "__kg_i", string last = "__kg_last",
            IReadOnlyCollection<string>? invariants = null)
        {
            var copies = Enumerable.Range(0, plan.Jam).Select(k => OuterJam.Row(plan, plan.JamIndex, k)).ToList();
            string index = plan.JamIndex;
            w.Line($"// Unroll-and-jam: {plan.Jam} iterations a pass ({index}, {index} + 1, …: names ending in __kg_r<k>) share one run of the");
            w.Line("// vector loop, each step running their bodies in order; every element they share sees them in serial order.");
            if (plan.JamForward.Count > 0)
            {
                string shared = string.Join(", ", plan.JamForward.Select(f => plan.Arrays.FirstOrDefault(a => a.Ref == f.Ref)?.Source ?? f.Ref).Distinct());
                w.Line($"// What a row stores of {shared} goes to the next row in a register (__kg_fw…), not through memory; the last row stores it.");
            }
            w.Open($"for (; {last} - {counter} >= {plan.Jam}; {counter} += {plan.Jam})");
            for (int k = 0; k < plan.Jam; k++)
                w.Line($"{indexType} {index}{OuterJam.Suffix(k)} = unchecked(({indexType})({counter}{(k == 0 ? "" : " + " + k)}));");
            WriteLaneLoop(w, plan, null, copies, invariants: invariants);
            w.Line("// Scalar remainder of each iteration, in order (all of it where the vector loop was not taken):");
            for (int k = 0; k < plan.Jam; k++)
            {
                w.Line("{");
                w.Indent();
                w.Line($"{indexType} {index} = {index}{OuterJam.Suffix(k)};");
                foreach (string line in plan.InnerBody.Replace("\r\n", "\n").Split('\n'))
                    if (!line.Trim().StartsWith("{KG_VECTOR_LOOP", System.StringComparison.Ordinal) && line.Trim().Length > 0) w.Line(line.TrimEnd());
                w.Unindent();
                w.Line("}");
            }
            w.Close();
        }

        /// <summary>The guard of a plan hoisted out of the loops around its vector loop: evaluated once, here.</summary>
        private static void WriteHoistedGuard(IndentedWriter w, VectorPlan plan)
        {
            w.Line("// KernelGen: the guard of the vector loop below, once for every run of it in this loop: the subscripts at the");
            w.Line("// extreme values of the counters in bounds, no stored array aliasing another (else the scalar loop runs).");
            EquatableArray<VGuard> guards = plan.HoistedGuards;
            if (guards.Count == 0) { w.Line($"bool {Hoisted} = true;"); return; }
            w.Line($"bool {Hoisted} =");
            for (int g = 0; g < guards.Count; g++)
                w.Line($"    {(g == 0 ? "" : "&& ")}{Guard(guards[g])}{(g == guards.Count - 1 ? ";" : "")}");
        }

        /// <param name="jammed">Rows of a jammed pass (<see cref="WriteJam"/>): their guards, row references and bodies replace the plan's.</param>
        private static void WriteLaneLoop(IndentedWriter w, VectorPlan plan, Lines? lines = null,
            IReadOnlyList<(EquatableArray<VStmt> Body, List<VGuard> Guards, List<VStmt> Setup, List<VRowRef> Rows)>? jammed = null, bool rowBands = false,
            IReadOnlyCollection<string>? invariants = null)
        {
            string? headerLine = lines is { Header: > 0 } ? $"#line {lines.Header} \"{lines.File}\"" : null;
            string t = plan.Lanes;
            w.Line($"// {(plan.Source == LaneSource.Index ? "Vector path" : "KernelGen vector loop")}: {plan.Summary}.");
            w.Line("// Subscripts are multilinear in the loop counters: in bounds at their extreme values means in bounds for every lane.");
            w.Line("// When they are not (or a stored array aliases another), the scalar loop runs every iteration and throws like the serial loop.");
            if (headerLine is not null) w.Directive(headerLine);
            w.Line($"{plan.CounterType} __kg_x = {plan.First}; // the first {(plan.Rolled > 1 ? "element (k)" : plan.Source == LaneSource.Index ? "iteration" : plan.Counter)} the vector loop runs");
            if (headerLine is not null) w.Directive("#line hidden");
            w.Line($"{plan.CounterType} __kg_xend = {plan.Limit};");
            if (plan.LastLaneScalar)
                w.Line("if (__kg_xend > __kg_x) __kg_xend--; // the last iteration scalar: a group's gaps stay before the next pixel the loop writes");
            foreach (VArray row in plan.Arrays.Where(a => a.Source != a.Holder))
                w.Line($"{row.Declared}[]? {row.Holder} = null; // the row {row.Source}, read once the loop is known to run (as the serial loop would)");
            // An inner loop's select folds its lanes once per run: worth it only from a few widest steps on.
            string fewest = plan.Source == LaneSource.Inner && plan.Accumulators.Any(a => a.Select)
                ? $"{Runtime}.SelectMinTrips<{t}>()" : $"{Intrinsics}Vector128<{t}>.Count";
            w.Line($"if ((long)__kg_xend - __kg_x >= {fewest}");
            foreach (VArray row in plan.Arrays.Where(a => a.Source != a.Holder))
                w.Line($"    && ({row.Holder} = {row.Source}) is not null");
            if (plan.HoistStart >= 0)
            {
                // Checked before the loop around it; where that fails for some of its runs, this run checks its own.
                w.Line($"    && ({Hoisted}");
                for (int g = 0; g < plan.Guards.Count; g++)
                    w.Line($"        {(g == 0 ? "|| (" : "    && ")}{Guard(plan.Guards[g])}{(g == plan.Guards.Count - 1 ? "))" : "")}");
                if (plan.Guards.Count == 0) w.Line("        )");
            }
            else if (jammed is not null)
                foreach (string guard in jammed.SelectMany(row => row.Guards).Select(Guard).Distinct())
                    w.Line("    && " + guard);
            else
                foreach (VGuard guard in plan.Guards)
                    w.Line("    && " + Guard(guard));
            w.Line("    )");
            w.Line("{");
            w.Indent();
            foreach (VArray array in plan.Arrays.Where(a => a.Vector && !a.PerIteration))
            {
                string data = array.Kind switch
                {
                    ArrayRefKind.Span => $"ref {Marshal}.GetReference({array.Holder})",
                    ArrayRefKind.Pointer => $"ref {Unsafe}.AsRef<{array.Elem}>({array.Holder})",
                    ArrayRefKind.Multi => $"ref {Unsafe}.As<byte, {array.Elem}>(ref {Marshal}.GetArrayDataReference((global::System.Array){array.Holder}))",
                    _ => $"ref {Marshal}.GetArrayDataReference({array.Holder})",
                };
                if (array.Holds.Length > 0 && array.Kind is ArrayRefKind.Array or ArrayRefKind.Span)
                    data = $"ref {Unsafe}.As<{array.Holds}, {array.Elem}>({data}) /* its bits */";
                w.Line($"ref {array.Elem} {array.Ref} = {data};");
                for (int d = 1; d < array.Rank; d++)
                    w.Line($"nint __kg_d{d}_{Bare(array.Holder.Replace("__kg_", ""))} = {array.Holder}.GetLength({d});");
            }
            foreach (VStmt value in jammed?.SelectMany(copy => copy.Setup) ?? Enumerable.Empty<VStmt>())
                w.Line(((VScalar)value).Code + " // this row's value, as the body declares it");
            if ((jammed?.SelectMany(copy => copy.Rows) ?? plan.Rows).Any(row => row.Anchor is not null))
                w.Line($"{plan.CounterType} __kg_xa = __kg_x; // the first {plan.Counter}: 1-D rows are addressed from it, each access at + ({plan.Counter} - __kg_xa)");
            foreach (VRowRef row in jammed?.SelectMany(copy => copy.Rows) ?? plan.Rows)
                w.Line($"ref {row.Elem} {row.Name} = ref {Unsafe}.Add(ref {row.Ref}, {row.Offset}); // {row.What}, fixed for this run");
            if (plan.Streamed.Count > 0 && jammed is null)
            {
                string bytes = string.Join(" + ", plan.Streamed.Select(a => $"(long){a.Holder}.Length * {Unsafe}.SizeOf<{a.Elem}>()"));
                w.Line($"bool __kg_stream = {Runtime}.StreamingStores({bytes}); // larger than the last-level cache (KernelRuntime.StreamingStoresAbove)");
            }
            // Each narrower width the hardware accelerates then runs what the wider loop left (a step at most), so the
            // scalar remainder is shorter than the narrowest vector: measured on a 7-point stencil along 198-element rows
            // of doubles (AVX-512: 24 steps of 8, then 6 scalar iterations with 3-D bounds checks) 9-14% faster, the 3x3
            // box blur 5-12%. Row tiles (16 KB of stack each) stay with one width.
            bool fallThrough = plan.Tiles.Count == 0;
            if (fallThrough && Widths.Length > 1)
                w.Line("// Widest first; each narrower width runs what is left, at most a step.");
            for (int n = 0; n < Widths.Length; n++)
            {
                var width = new Width(Intrinsics + Widths[n], Intrinsics + HalfWidths[n], plan)
                {
                    Lines = lines,
                    Uniforms = invariants is null ? null : new Dictionary<VBroadcast, string>(),
                    Invariants = invariants,
                };
                int groups = Widths[n] == "Vector512" ? plan.WideGroups : plan.Groups;
                w.Open($"{(n == 0 || fallThrough ? "" : "else ")}if ({width.V}.IsHardwareAccelerated)");
                var uniformsAt = w.Mark();
                // Lane groups: group g's accumulators are interleave slot g.
                int interleave = groups > 1 ? groups : plan.Accumulators.Count > 0 ? plan.Interleave : 1;
                foreach (VRowTile tile in plan.Tiles)
                    foreach (string tileRef in Enumerable.Range(0, groups).Select(g => g == 0 ? tile.Ref : tile.Ref + LaneGroups.Suffix(g)))
                    {
                        w.Line($"{tile.Elem}[] {tileRef}_buffer = {Runtime}.RentTile<{tile.Elem}>(); // a tile of rows, one per lane (this thread's, grown as they need)");
                        w.Line($"ref {tile.Elem} {tileRef} = ref {Marshal}.GetArrayDataReference({tileRef}_buffer);");
                    }
                foreach (VAccumulator acc in plan.Accumulators)
                {
                    // Index-only argmax: the element at the index, with its range check, read where the serial loop's next
                    // iteration would read it (iterations are left whenever the vector path runs).
                    if (acc.ValueOf is not null) w.Line($"{acc.Type} {acc.Reduction} = {acc.ValueOf}; // the element at {acc.IndexName}");
                    for (int k = 0; k < interleave; k++)
                    {
                        w.Line($"var {AccName(acc.Reduction, k)} = {Identity(acc, width)};");
                        if (!acc.Select) continue;
                        // argmin/argmax: each lane's index of its value, and whether it took one (the chunk's pair so far is the start).
                        w.Line($"var {AtName(acc.Reduction, k)} = {width.V}<{width.Lane}>.Zero;");
                        w.Line($"var {TookName(acc.Reduction, k)} = {width.V}<{width.Lane}>.Zero;");
                    }
                }
                string count = $"{width.V}<{t}>.Count";
                if (plan.Streamed.Count > 0 && jammed is null) Streaming(w, plan, width, count);
                if (groups > 1)
                {
                    w.Line($"// {groups} groups of lanes a step (group g's locals end in __kg_g<g>): their inner loops run fused, so the");
                    w.Line("// groups' chains of vector operations overlap; every lane still runs its own iteration in order.");
                    w.Open($"for (; __kg_xend - __kg_x >= {groups} * {count}; __kg_x += {groups} * {count})");
                    Jam(w, Enumerable.Range(0, groups).Select(g => g == 0 ? plan.Body : LaneGroups.Group(plan.Body, g, count)).ToArray(), width);
                    w.Close();
                }
                else if (interleave > 1)
                {
                    w.Line($"// {interleave} independent accumulators: the vector adds do not wait on each other.");
                    w.Open($"for (; __kg_xend - __kg_x >= {interleave} * {count}; )");
                    for (int k = 0; k < interleave; k++)
                    {
                        w.Line("{");
                        w.Indent();
                        Statements(w, plan.Body, width, k);
                        w.Unindent();
                        w.Line("}");
                        w.Line($"__kg_x += {count};");
                    }
                    w.Close();
                }
                if (plan.Interchange is not null && jammed is null) Interchanged(w, plan, width, count, rowBands);
                // (An int difference that wraps is negative: the loop stops and the scalar loop takes the rest.)
                w.Open($"for (; __kg_xend - __kg_x >= {count}; __kg_x += {count})");
                foreach (EquatableArray<VStmt> body in jammed is null ? new[] { plan.Body } : OuterJam.Pass(plan, jammed.Select(row => row.Body).ToList()))
                    Statements(w, body, width, 0);
                w.Close();
                foreach (VAccumulator acc in plan.Accumulators) Fold(w, acc, width, interleave);
                foreach (VRowTile tile in plan.Tiles)
                    foreach (string tileRef in Enumerable.Range(0, groups).Select(g => g == 0 ? tile.Ref : tile.Ref + LaneGroups.Suffix(g)))
                        w.Line($"{Runtime}.ReturnTile({tileRef}_buffer);");
                if (width.Uniforms is { Count: > 0 } uniforms)
                    w.InsertLines(uniformsAt, uniforms
                        .Select(u => $"var {u.Value} = {Broadcast(u.Key, width)};")
                        .Prepend("// Values the same in every lane and step, broadcast once here (the JIT left such broadcasts in the loop)."));
                w.Close();
            }
            w.Unindent();
            w.Line("}");
        }

        /// <summary>
        /// Whether a broadcast scalar is the same for the whole chunk: literals, the chunk's invariant locals, casts and
        /// operators on them — nothing assigned in the loop, no calls, no element reads.
        /// </summary>
        private static bool Invariant(string scalar, IReadOnlyCollection<string> invariants)
        {
            // Members that hold one value for the loop (InvariantMembers, a.b) count as one invariant token.
            foreach (string member in invariants)
                if (member.IndexOf('.') > 0 && scalar.Contains(member))
                    scalar = System.Text.RegularExpressions.Regex.Replace(scalar,
                        @"(?<![\w.@])" + System.Text.RegularExpressions.Regex.Escape(member) + @"(?![\w])", "0");
            foreach (System.Text.RegularExpressions.Match token in System.Text.RegularExpressions.Regex.Matches(scalar, @"[A-Za-z_@][A-Za-z0-9_]*|\d[\w.]*|\S"))
            {
                string s = token.Value;
                if (char.IsDigit(s[0])) continue;
                if (char.IsLetter(s[0]) || s[0] is '_' or '@')
                {
                    if (!invariants.Contains(s.TrimStart('@')) && !s_invariantWords.Contains(s)) return false;
                    continue;
                }
                if ("()+-*/%&|^~<>.".IndexOf(s[0]) < 0) return false;
            }
            return true;
        }

        /// <summary>Type names in casts, unchecked, and the constants of the numeric types.</summary>
        private static readonly HashSet<string> s_invariantWords = new(System.StringComparer.Ordinal)
        {
            "int", "uint", "long", "ulong", "short", "ushort", "byte", "sbyte", "float", "double", "unchecked",
            "MaxValue", "MinValue", "Epsilon", "NaN", "PositiveInfinity", "NegativeInfinity",
        };

        /// <summary>A broadcast: <c>V.Create((elem)(scalar))</c>, a short's low 16 bits unchecked.</summary>
        private static string Broadcast(VBroadcast b, Width width) => b.Elem == "short"
            ? $"{width.V}.Create(unchecked((short)({b.Scalar})))" // the low 16 bits of the int
            : $"{width.V}.Create(({b.Elem})({b.Scalar}))";

        /// <summary>
        /// The steps with the step's loop outside them (<see cref="VectorPlan.Interchange"/>): for each value of its counter,
        /// the whole steps of the chunk in order, each declaring its first lane's index and running the loop's body. The
        /// loop after it then has nothing left to do at this width (a narrower width and the scalar loop run the rest).
        /// </summary>
        /// <param name="rowBands">Only the chunk's band of the rows (<see cref="VectorPlan.RowSplit"/>), in proportion to its share
        /// [__kg_rb, __kg_re) of __kg_columns: the chunks' bands cover the rows once.</param>
        private static void Interchanged(IndentedWriter w, VectorPlan plan, Width width, string count, bool rowBands)
        {
            var loop = (VFor)plan.Body[plan.Body.Count - 1];
            w.Line($"// Loop interchange: {plan.Interchange} outside the steps, so that the {(rowBands ? "" : "chunk's ")}columns are read row after");
            w.Line("// row (memory order); each column still runs its rows in order, and the columns are independent iterations.");
            w.Open($"if (__kg_xend - __kg_x >= {count})");
            w.Line($"{plan.CounterType} __kg_x0 = __kg_x, __kg_xv = __kg_x + (__kg_xend - __kg_x) / {count} * {count}; // the whole steps");
            if (rowBands)
            {
                const string Wide = "global::System.Int128";
                w.Line($"{Wide} __kg_rows = {Wide}.Max(0, ({Wide})({loop.Limit}) - ({loop.Start}));");
                w.Line($"{loop.Type} __kg_y0 = ({loop.Type})(({Wide})({loop.Start}) + __kg_rows * __kg_rb / __kg_columns); // this chunk's rows");
                w.Line($"{loop.Type} __kg_y1 = ({loop.Type})(({Wide})({loop.Start}) + __kg_rows * __kg_re / __kg_columns);");
                w.Open($"for ({loop.Type} {loop.Counter} = __kg_y0; {loop.Counter} < __kg_y1; {loop.Counter}++)");
            }
            else
                w.Open($"for ({loop.Type} {loop.Counter} = {loop.Start}; {loop.Counter} {(loop.Inclusive ? "<=" : "<")} {loop.Limit}; {loop.Counter}++)");
            w.Open($"for (__kg_x = __kg_x0; __kg_x < __kg_xv; __kg_x += {count})");
            Statements(w, plan.Body.Take(plan.Body.Count - 1), width, 0); // the index's declaration and the values declared before the loop
            Statements(w, loop.Body, width, 0);
            w.Close();
            w.Close();
            w.Line("__kg_x = __kg_xv; // every row of the whole steps is done (also when the loop ran no row)");
            w.Close();
        }

        /// <summary>
        /// The streaming loop (<see cref="StreamingStores"/>): one step with ordinary stores, then steps from the first
        /// element of the stored array aligned for the vector (repeating part of that step: the same values, since the
        /// step reads no stored array) with non-temporal stores, then a fence. The loops after it run what is left.
        /// </summary>
        private static void Streaming(IndentedWriter w, VectorPlan plan, Width width, string count)
        {
            VStore first = plan.Body.OfType<VStore>().First();
            w.Line($"// Streaming stores ({string.Join(", ", plan.Streamed.Select(a => a.Source))} larger than the last-level cache): written around the cache,");
            w.Line("// without reading each line first. A step with ordinary stores, then from the first aligned element.");
            w.Open($"if (__kg_stream && __kg_xend - __kg_x >= 2 * {count})");
            w.Line("int __kg_peel;");
            w.Line("{");
            w.Indent();
            Statements(w, plan.Body, width, 0);
            w.Line($"__kg_peel = {Runtime}.StreamPeel(ref {first.Ref}, (nuint)({first.Index}), {count});");
            w.Unindent();
            w.Line("}");
            w.Line($"__kg_x += __kg_peel == 0 ? {count} : __kg_peel; // the elements from there to the end of the step are stored again, the same");
            w.Open($"for (; __kg_xend - __kg_x >= {count}; __kg_x += {count})");
            Statements(w, plan.Body, width with { Stream = true }, 0);
            w.Close();
            w.Line($"{Runtime}.StreamFence(); // non-temporal stores are weakly ordered: visible before the chunk ends");
            w.Close();
        }

        /// <summary>The vector types of one width, and the plan's lane integer type (masks).</summary>
        private sealed record Width
        {
            public Width(string v, string half, VectorPlan plan)
            {
                V = v; Half = half; Lane = plan.Lanes is "double" or "long" ? "long" : plan.Lanes == "short" ? "short" : "int";
                PickedRows = plan.Arrays.Where(a => a.PerIteration).GroupBy(a => a.Ref).ToDictionary(g => g.Key, g => g.First().Declared);
            }

            /// <summary>The rows an inner loop picks (read afresh where used: <see cref="VArray.PerIteration"/>): their ref expressions, to element types.</summary>
            public Dictionary<string, string> PickedRows { get; }
            /// <summary>Picked rows read once for all lane groups of the statement being written (see Jam): ref expression to local.</summary>
            public Dictionary<string, string> PickedOnce { get; } = new();

            /// <summary>Plain stores are streaming stores (<see cref="Streaming"/>).</summary>
            public bool Stream { get; init; }
            public string V { get; }
            public string Half { get; }
            /// <summary>"128", "256" or "512".</summary>
            public string Bits => V.Substring(V.Length - 3);
            public string Lane { get; }
            public Lines? Lines { get; init; }
            /// <summary>Broadcasts hoisted above this width's loops, by name (null: none hoisted); shared by copies of the width.</summary>
            public Dictionary<VBroadcast, string>? Uniforms { get; init; }
            /// <summary>The locals with one value for the whole chunk (see WriteIndexLoop).</summary>
            public IReadOnlyCollection<string>? Invariants { get; init; }
            /// <summary>Broadcasts evaluated once for all lane groups of the statement being written (see Jam), by name.</summary>
            public Dictionary<VBroadcast, string> Shared { get; } = new();
            /// <summary>How many such names this width has written (each a new one: two statements may share a scope).</summary>
            public Counter SharedNames { get; } = new();
        }

        private sealed class Counter
        {
            public int Next;
        }

        /// <summary>A span (or 1-D array) of <paramref name="elem"/> as its bytes, to compare memory between element types.</summary>
        internal static string SpanBytes(string elem, string value) =>
            $"global::System.Runtime.InteropServices.MemoryMarshal.AsBytes((global::System.ReadOnlySpan<{elem}>){value})";

        private static string Guard(VGuard guard) => guard switch
        {
            NotNull n => $"{n.Value} is not null",
            AtLeast a => $"{a.Value} >= {a.Low}",
            Below b => $"{b.Value} < {b.Limit}",
            NotAliased { SpanElem: null } n => $"!global::System.Object.ReferenceEquals({n.First}, {n.Second})",
            NotAliased { SecondElem: { } second } n => $"!global::System.MemoryExtensions.Overlaps({SpanBytes(n.SpanElem!, n.First)}, {SpanBytes(second, n.Second)})",
            NotAliased n => $"!global::System.MemoryExtensions.Overlaps((global::System.ReadOnlySpan<{n.SpanElem}>){n.First}, (global::System.ReadOnlySpan<{n.SpanElem}>){n.Second})",
            GridApart g => $"!global::KernelGen.KernelRuntime.ArrayOverlaps<{g.GridElem}, {g.SpanElem}>({g.Grid}, (global::System.ReadOnlySpan<{g.SpanElem}>){g.Span})",
            ZeroBased z => string.Join(" && ", Enumerable.Range(0, z.Rank).Select(d => $"{z.Array}.GetLowerBound({d}) == 0")),
            Holds h => h.Condition,
            _ => "false",
        };

        /// <summary>
        /// The lanes of <paramref name="p"/> when they are computed into one Create (a value, not a store; at most 16 lanes,
        /// 8 where the code traps; a mask with as many lanes), else null: then a loop over the lanes computes them.
        /// (Not integer divisions of 16 lanes, which take the loop: in one Create of 16 quotients the JIT moved the
        /// divisions out of the statement the #line directive maps, and a division by zero was reported at the loop's
        /// header instead of the user's line (LineMappingTests, Vector512&lt;int&gt;, 2026-12-04). Their time is the
        /// divisions: the loop measured as fast, 168-174 µs against 180 for 10^5 ints, one thread.)
        /// </summary>
        private static int? CreatesLanes(VPerLane p, Width width) =>
            !p.Store && LaneCount(p.Elem, width) is int lanes and <= 16 && (lanes <= 8 || !p.Traps) && (p.Mask is null || LaneCount(width.Lane, width) == lanes)
                ? lanes : null;

        /// <summary>Lane <paramref name="l"/> of <paramref name="p"/>'s value: its code on that lane of its inputs (0 where the mask is clear).</summary>
        private static string LaneValue(VPerLane p, int l)
        {
            // ({lane:k} is input k's local, {p.Name}_k; a group names the local itself: {lane:local}.)
            string lane = System.Text.RegularExpressions.Regex.Replace(p.Code, @"\{lane:(\w+)\}",
                m => (char.IsDigit(m.Groups[1].Value[0]) ? $"{p.Name}_{m.Groups[1].Value}" : m.Groups[1].Value) + $"[{l}]");
            return p.Mask is null ? $"({p.Elem})({lane})" : $"{p.Mask}[{l}] != 0 ? ({p.Elem})({lane}) : default({p.Elem})";
        }

        /// <summary>Lanes of a vector of <paramref name="elem"/> at <paramref name="width"/>, or null for a type without a Create of its lanes.</summary>
        private static int? LaneCount(string elem, Width width)
        {
            int? size = elem switch
            {
                "double" or "long" or "ulong" => 8,
                "float" or "int" or "uint" => 4,
                "short" or "ushort" => 2,
                "byte" or "sbyte" => 1,
                _ => null,
            };
            return size is null ? null : int.Parse(width.Bits, System.Globalization.CultureInfo.InvariantCulture) / 8 / size;
        }

        private static string AccName(string reduction, int k) => $"__kg_acc{k}_{Bare(reduction)}";

        /// <summary>A row tile's capacity: 16 KB on the stack.</summary>
        private static string AtName(string reduction, int k) => $"__kg_at{k}_{Bare(reduction)}";
        private static string TookName(string reduction, int k) => $"__kg_took{k}_{Bare(reduction)}";

        private static string Identity(VAccumulator acc, Width width) => acc.Family switch
        {
            _ when acc.Select => $"{width.V}.Create({acc.Reduction})", // the chunk's value so far
            // Floating point: the infinities (Math.Max(-∞, x) is x for every x, NaN and -0 included). An int in long lanes:
            // the int's extreme (a long's would not survive the fold's cast back to int). A uint's (ulong's) bits: all
            // ones and zero, its extremes.
            "min" when Unsigned(acc) => $"{width.V}<{acc.Elem}>.AllBitsSet",
            "max" when Unsigned(acc) => $"{width.V}<{acc.Elem}>.Zero",
            "min" => $"{width.V}.Create({(acc.Type == acc.Elem ? "" : $"({acc.Elem})")}{acc.Type}.{(acc.Elem is "float" or "double" ? "PositiveInfinity" : "MaxValue")})",
            "max" => $"{width.V}.Create({(acc.Type == acc.Elem ? "" : $"({acc.Elem})")}{acc.Type}.{(acc.Elem is "float" or "double" ? "NegativeInfinity" : "MinValue")})",
            "and" => $"{width.V}<{acc.Elem}>.AllBitsSet",
            _ => SumIdentity(acc.Elem, width), // (xor and or: zero too)
        };

        private static bool Unsigned(VAccumulator acc) => acc.Type is "uint" or "ulong";

        /// <summary>
        /// <c>V.Min(a, b)</c> / <c>V.Max(a, b)</c>; for a uint's (ulong's) bits in int (long) lanes, on the lanes seen as
        /// unsigned (vpminud; the same bits back).
        /// </summary>
        private static string Extreme(Width width, string method, string a, string b, string elem, bool unsigned)
        {
            if (!unsigned) return $"{width.V}.{method}({a}, {b})";
            string to = elem == "long" ? "UInt64" : "UInt32", back = elem == "long" ? "Int64" : "Int32";
            // (Static calls: the generated code has no using for the As… extension methods.)
            return $"{width.V}.As{back}({width.V}.{method}({width.V}.As{to}({a}), {width.V}.As{to}({b})))";
        }

        /// <summary>What adds nothing: -0.0 for floating point (+0.0 would turn a -0.0 sum into +0.0), else zero.</summary>
        private static string SumIdentity(string elem, Width width) =>
            elem is "float" or "double" ? $"{width.V}.Create(({elem})(-0.0))" : $"{width.V}<{elem}>.Zero";

        /// <summary>After the vector loop: the lanes' accumulators into the chunk's partial (sums in any order: within rounding; integer extremes exact).</summary>
        private static void Fold(IndentedWriter w, VAccumulator acc, Width width, int interleave)
        {
            if (acc.Select)
            {
                // (Never interleaved: the lanes' winners are replayed in iteration order, see KernelRuntime.FoldArgSelect.)
                int family = acc.Family switch { "select<" => 0, "select<=" => 1, "select>" => 2, _ => 3 };
                string fold = $"{Runtime}.FoldArgSelect({AccName(acc.Reduction, 0)}, {AtName(acc.Reduction, 0)}, {TookName(acc.Reduction, 0)}, {family}, ref {acc.Reduction}";
                if (acc.IndexName.Length > 0 && acc.TakenFlag.Length > 0)
                    w.Line($"{fold}, ref {acc.IndexName}, ref {acc.TakenFlag}); // the lanes' winners, in iteration order");
                else if (acc.IndexName.Length > 0) // (an inner loop's locals: no chunk flag to keep)
                    w.Line($"{{ bool __kg_took = false; {fold}, ref {acc.IndexName}, ref __kg_took); }} // the lanes' winners, in iteration order");
                else
                    w.Line($"{{ long __kg_at = 0; bool __kg_took = false; {fold}, ref __kg_at, ref __kg_took); }} // the lanes' winners, in iteration order");
                return;
            }
            if (acc.Family is "min" or "max")
            {
                string method = acc.Family == "min" ? "Min" : "Max", all = $"__kg_all_{Bare(acc.Reduction)}";
                string combined = AccName(acc.Reduction, 0);
                for (int k = 1; k < interleave; k++) combined = Extreme(width, method, combined, AccName(acc.Reduction, k), acc.Elem, Unsigned(acc));
                w.Line($"var {all} = {combined};");
                string lane = acc.Type == acc.Elem ? $"{all}[__kg_l]" : $"unchecked(({acc.Type}){all}[__kg_l])"; // an int in a long lane
                w.Line($"for (int __kg_l = 0; __kg_l < {width.V}<{acc.Elem}>.Count; __kg_l++) {acc.Reduction} = global::System.Math.{method}({acc.Reduction}, {lane});");
                return;
            }
            if (acc.Family is "xor" or "or" or "and")
            {
                // The lanes' bits folded one by one into the chunk's partial (exact in any order).
                string op = acc.Family == "xor" ? "^" : acc.Family == "or" ? "|" : "&", all = $"__kg_all_{Bare(acc.Reduction)}";
                w.Line($"var {all} = {string.Join($" {op} ", Enumerable.Range(0, interleave).Select(k => AccName(acc.Reduction, k)))};");
                string lane = acc.Type == acc.Elem ? $"{all}[__kg_l]" : $"unchecked(({acc.Type}){all}[__kg_l])"; // a uint's bits, an int in a long lane
                w.Line($"for (int __kg_l = 0; __kg_l < {width.V}<{acc.Elem}>.Count; __kg_l++) {acc.Reduction} {op}= {lane};");
                return;
            }
            string sum = string.Join(" + ", Enumerable.Range(0, interleave).Select(k => AccName(acc.Reduction, k)));
            string total = $"{width.V}.Sum({(interleave > 1 ? "(" + sum + ")" : sum)})";
            // Ints summed in long lanes: the low 32 bits are the wrapping int sum.
            w.Line($"{acc.Reduction} += {(acc.Type == acc.Elem ? total : $"unchecked(({acc.Type}){total})")};");
        }

        // ---- statements ------------------------------------------------------------------------------------------------

        /// <summary>
        /// Two lane groups' steps (<paramref name="second"/> is <paramref name="first"/> renamed, see <see cref="LaneGroups"/>),
        /// statement by statement: inner loops with the same bounds run once with both bodies fused; a second row tile
        /// of another length stops the loop (the one-group loop and then the scalar loop run the rest).
        /// </summary>
        private static void Jam(IndentedWriter w, IReadOnlyList<EquatableArray<VStmt>> groups, Width width)
        {
            void Fused(IEnumerable<EquatableArray<VStmt>> bodies)
            {
                w.Line("{");
                w.Indent();
                Jam(w, bodies.ToArray(), width);
                w.Unindent();
                w.Line("}");
            }
            EquatableArray<VStmt> first = groups[0];
            for (int n = 0; n < first.Count; n++)
            {
                VStmt[] at = groups.Select(g => g[n]).ToArray();
                switch (first[n])
                {
                    case VFor a when at.All(s => s is VFor b && a.Start == b.Start && a.Limit == b.Limit):
                        w.Line($"for ({a.Type} {a.Counter} = {a.Start}; {a.Counter} {(a.Inclusive ? "<=" : "<")} {a.Limit}; {a.Counter}++) // in order, the same for every lane of every group");
                        Fused(at.Select(s => ((VFor)s).Body));
                        break;
                    case VBlock when at.All(s => s is VBlock):
                        Fused(at.Select(s => ((VBlock)s).Body));
                        break;
                    case VScalar a when at.All(s => s == a):
                        Statement(w, a, width, 0); // the same for every group (it names no lane)
                        break;
                    case VRowTile a:
                        for (int g = 0; g < at.Length; g++) Statement(w, at[g], width, g);
                        foreach (VRowTile b in at.Skip(1))
                            w.Line($"if ({b.Length} != {a.Length}) break; // the groups' loops over the rows run fused: one length");
                        break;
                    default:
                    {
                        // (Branches run one group after another: the iterations are independent, so any order is the serial result.)
                        List<VBroadcast> shared = Shared(at, width);
                        foreach (VBroadcast b in shared)
                        {
                            string name = $"__kg_same{width.Bits}_{width.SharedNames.Next++}";
                            w.Line($"var {name} = {Broadcast(b, width)}; // the same in every group: once a step");
                            width.Shared[b] = name;
                        }
                        List<string> rows = SharedRows(at, width);
                        foreach (string row in rows)
                        {
                            string name = $"__kg_pick{width.Bits}_{width.SharedNames.Next++}";
                            w.Line($"ref {width.PickedRows[row]} {name} = ref {row}; // the row every group reads: once a step");
                            width.PickedOnce[row] = name;
                        }
                        for (int g = 0; g < at.Length; g++) Statement(w, at[g], width, g);
                        foreach (VBroadcast b in shared) width.Shared.Remove(b);
                        foreach (string row in rows) width.PickedOnce.Remove(row);
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// The broadcasts every group's statement computes alike (their scalar names no group's local: <c>a[i, p]</c> in a
        /// matmul's fused inner loop), to evaluate once before the groups' statements instead of once a group: the JIT
        /// kept all eight loads and bounds checks of <c>a[i, p]</c> (MatMul2D 256, 8 groups of Vector512: 1.18× faster
        /// with one). In the order the statement evaluates them, and only where nothing else in the statements can throw:
        /// then evaluating them first changes no exception (the groups' iterations are independent, so no group writes
        /// what they read). Broadcasts already hoisted out of the loop (<see cref="Width.Uniforms"/>) are left to that.
        /// </summary>
        private static List<VBroadcast> Shared(VStmt[] at, Width width)
        {
            if (at.Length < 2) return new List<VBroadcast>();
            var shared = VExprs.Values(at[0]).SelectMany(VExprs.Descendants).OfType<VBroadcast>()
                .Where(b => !width.Shared.ContainsKey(b) && !(width.Uniforms is not null && Invariant(b.Scalar, width.Invariants!)))
                .Distinct()
                .Where(b => at.Skip(1).All(s => VExprs.Values(s).SelectMany(VExprs.Descendants).Contains(b)))
                .ToList();
            var set = new HashSet<VBroadcast>(shared);
            bool safe = at.All(s => VExprs.Values(s).All(e =>
                VExprs.SafeToRun(VExprs.Replace(e, x => x is VBroadcast b && set.Contains(b) ? new VLocal("_", b.Elem) : null))));
            return safe ? shared : new List<VBroadcast>();
        }

        /// <summary>
        /// The picked rows (<c>src[Math.Clamp(y + dy, 0, h - 1)]</c> under a loop over dy) every group's statement loads
        /// from, by the same expression: read into a ref local once before the groups' statements instead of once a load.
        /// The JIT kept each load's row read and bounds check (3×3 filter over jagged rows, 8 groups of Vector256: a hand
        /// copy with one ref a row ran 2-3× faster). Reading it first changes no exception: the vector loop runs only
        /// where every row the counters may pick exists and is long enough (RowsCover), and no step writes those rows.
        /// </summary>
        private static List<string> SharedRows(VStmt[] at, Width width)
        {
            if (at.Length < 2 || width.PickedRows.Count == 0) return new List<string>();
            IEnumerable<string> Loaded(VStmt s) => VExprs.Values(s).SelectMany(VExprs.Descendants).OfType<VLoad>().Select(l => l.Ref);
            return Loaded(at[0]).Where(r => width.PickedRows.ContainsKey(r) && !width.PickedOnce.ContainsKey(r)).Distinct()
                .Where(r => at.Skip(1).All(s => Loaded(s).Contains(r)))
                .ToList();
        }

        private static void Statements(IndentedWriter w, IEnumerable<VStmt> statements, Width width, int slot)
        {
            foreach (VStmt statement in statements) Statement(w, statement, width, slot);
        }

        private static void Statement(IndentedWriter w, VStmt statement, Width width, int slot)
        {
            string v = width.V;
            switch (statement)
            {
                case VScalar s:
                    w.Line(s.Code);
                    break;
                case VDeclare d:
                    w.Line($"var {d.Name} = {Expr(d.Value, width)};{(d.Comment is null ? "" : " // " + d.Comment)}");
                    break;
                case VCallBatch b:
                    w.Line($"{Runtime}.{b.Method}({string.Join(", ", b.Arguments.Select(a => Expr(a, width)))}, {string.Join(", ", b.Names.Select(n => "out var " + n))});");
                    break;
                case VDeclareZero z:
                    w.Line($"var {z.Name} = {v}<{z.Elem}>.Zero; // assigned before it is read");
                    break;
                case VAssign a:
                    w.Line(a.Mask is null
                        ? $"{a.Name} = {Expr(a.Value, width)};"
                        : $"{a.Name} = {v}.ConditionalSelect({MaskAs(a.Value.Elem, a.Mask, width)}, {Expr(a.Value, width)}, {a.Name}); // active lanes only");
                    break;
                case VStore s:
                {
                    string slotRef = $"ref {s.Ref}, (nuint)({s.Index})";
                    if (s.Rest.Count > 0)
                    {
                        int c = s.Rest.Count + 1;
                        string values = string.Join(", ", s.Rest.Prepend(s.Value).Select(x => Expr(x, width)));
                        w.Line(s.Narrow is not null
                            ? $"{Runtime}.NarrowStoreGroup{(s.Elem == "short" ? "Short" : s.Elem == "long" ? "Long" : "")}{width.Bits}({values}, {slotRef}); // lane k: elements {c}k … {c}k + {c - 1}, low bits as the ({s.Narrow}) cast"
                            : c == 2 ? $"{Runtime}.StorePairs{width.Bits}({values}, {slotRef}); // lane k: elements 2k and 2k + 1"
                            : $"{Runtime}.StoreGroup{width.Bits}({values}, {slotRef}); // lane k: elements {c}k … {c}k + {c - 1}");
                        break;
                    }
                    if (s.Narrow is not null)
                    {
                        string narrowed = Expr(s.Value, width);
                        // In a branch: the other lanes store back their elements as they are (widened, then the same low bits).
                        if (s.Mask is not null)
                            narrowed = $"{v}.ConditionalSelect({MaskAs(s.Elem, s.Mask, width)}, {narrowed}, {Expr(new VLoad(s.Ref, s.Index, s.Elem, false) { Narrow = s.Narrow }, width)})";
                        w.Line($"{Runtime}.NarrowStore{(s.Elem == "short" ? "Short" : s.Elem == "long" ? "Long" : "")}{width.Bits}({narrowed}, {slotRef}); // low bits, as the ({s.Narrow}) cast");
                        break;
                    }
                    if (s.NarrowToFloat)
                    {
                        string value = Expr(s.Value, width);
                        // In a branch: the other lanes store back their elements (widened and narrowed: the same floats).
                        if (s.Mask is not null)
                            value = $"{v}.ConditionalSelect({MaskAs("double", s.Mask, width)}, {value}, {Expr(new VLoad(s.Ref, s.Index, "double", false) { WidenFloat = true }, width)})";
                        w.Line($"{Runtime}.StoreSingles({value}, {slotRef}); // double lanes narrowed to float");
                        break;
                    }
                    if (s.NarrowLongToInt)
                    {
                        string value = Expr(s.Value, width);
                        w.Line($"{width.Half}.StoreUnsafe({v}.GetLower({v}.Narrow({value}, {value})), {slotRef}); // long lanes narrowed to int");
                        break;
                    }
                    string stored = Expr(s.Value, width);
                    // In a branch: the other lanes store back what they hold (the element is theirs alone: no array aliases it).
                    if (s.Mask is not null) stored = $"{v}.ConditionalSelect({MaskAs(s.Elem, s.Mask, width)}, {stored}, {v}.LoadUnsafe({slotRef}))";
                    w.Line(width.Stream && s.Mask is null ? $"{Runtime}.StreamStore({stored}, {slotRef});" : $"{v}.StoreUnsafe({stored}, {slotRef});");
                    break;
                }
                case VRowTile t:
                {
                    if (t.Stride is { } stride)
                    {
                        w.Line($"// The rows {t.Rows}[({t.First} + l) * {stride} + d], one per lane l, into the tile (element d at d * Count + l)");
                        w.Line("// so that the loops below read whole vectors; rows past the array's end, too long for the tile or shorter than");
                        w.Line("// a loop that reads them stop the vector loop here (nothing thrown), and the scalar loop runs the rest.");
                        w.Line($"int {t.Length} = {Runtime}.TileRows({t.Rows}, {stride}, {t.First}, {v}<{t.Elem}>.Count, ref {t.Ref}_buffer);");
                    }
                    else
                    {
                        w.Line($"// The rows {t.Rows}[{t.First} + l], one per lane l, into the tile (element d at d * Count + l) so that the loops");
                        w.Line("// below read whole vectors; rows out of range, null or of different lengths, too long for the tile or shorter");
                        w.Line("// than a loop that reads them stop the vector loop here (nothing thrown), and the scalar loop runs the rest.");
                        w.Line($"int {t.Length} = {Runtime}.TileRows({t.Rows}, {t.First}, {v}<{t.Elem}>.Count, ref {t.Ref}_buffer);");
                    }
                    w.Line($"{t.Ref} = ref {Marshal}.GetArrayDataReference({t.Ref}_buffer); // (the tile may have grown)");
                    w.Line($"if ({t.Length} < 0{string.Concat(t.Limits.Select(l => $" || ({l}) > {t.Length}"))}) break;");
                    break;
                }
                case VArgSelect a:
                {
                    string acc = AccName(a.Reduction, slot), at = AtName(a.Reduction, slot), took = TookName(a.Reduction, slot);
                    string compare = $"{v}.{a.Method}(__kg_value, {acc})";
                    if (a.Elem != width.Lane) compare = $"{v}.As{(width.Lane == "long" ? "Int64" : "Int32")}({compare})";
                    w.Line("{");
                    w.Indent();
                    w.Line($"var __kg_value = {Expr(a.Value, width)};");
                    // (Masks are ANDed through KernelRuntime.MaskAnd: see VExprs.And.)
                    w.Line($"var __kg_takes = {(a.Mask is null ? compare : $"{Runtime}.MaskAnd({compare}, {a.Mask})")};");
                    w.Line($"{acc} = {v}.ConditionalSelect({MaskAs(a.Elem, "__kg_takes", width)}, __kg_value, {acc});");
                    w.Line($"{at} = {v}.ConditionalSelect(__kg_takes, {Expr(a.Index, width)}, {at});");
                    w.Line($"{took} |= __kg_takes;");
                    w.Unindent();
                    w.Line("}");
                    break;
                }
                case VAccumulate a:
                {
                    string acc = AccName(a.Reduction, slot), value = Expr(a.Value, width);
                    if (a.Op is "min" or "max")
                    {
                        string method = a.Op == "min" ? "Min" : "Max";
                        string updated = Extreme(width, method, acc, value, a.Elem, a.Unsigned);
                        w.Line($"{acc} = {(a.Mask is null ? updated : $"{v}.ConditionalSelect({MaskAs(a.Elem, a.Mask, width)}, {updated}, {acc})")};");
                    }
                    else
                        // In a branch the other lanes add zero (float sums are within rounding anyway; integer sums exact).
                        // (Lanes outside an &= keep all their bits.)
                        w.Line($"{acc} {a.Op}= {(a.Mask is null ? value : $"{v}.ConditionalSelect({MaskAs(a.Elem, a.Mask, width)}, {value}, {(a.Op == "&" ? $"{v}<{a.Elem}>.AllBitsSet" : a.Op == "-" ? $"{v}<{a.Elem}>.Zero" : SumIdentity(a.Elem, width))})")};");
                    break;
                }
                case VMask m:
                    w.Line($"var {m.Name} = {Expr(m.Value, width)};");
                    break;
                case VIfAny branch when Branchless(branch.Body):
                    // A few masked assignments that cannot throw: cheaper to run than to test (a clip's rare branch
                    // would cost a mispredicted jump); lanes outside the mask keep their values.
                    w.Line($"// branch on {branch.Mask}, run for every step (masked)");
                    Block(w, branch.Body, width, slot);
                    break;
                case VIfAny branch:
                    w.Line($"if (!{v}.EqualsAll({branch.Mask}, {v}<{width.Lane}>.Zero)) // some lane runs the branch");
                    Block(w, branch.Body, width, slot);
                    break;
                case VWhile loop:
                    w.Line($"var {loop.Mask} = {loop.Outer ?? $"{v}<{width.Lane}>.AllBitsSet"}; // lanes still in the while loop");
                    w.Line("while (true)");
                    w.Line("{");
                    w.Indent();
                    Statements(w, loop.Setup, width, slot);
                    // (ANDed through KernelRuntime.MaskAnd, see VExprs.And: a condition the JIT proves false must end the loop.)
                    w.Line($"{loop.Mask} = {Runtime}.MaskAnd({loop.Mask}, {Expr(loop.Condition, width)});");
                    w.Line($"if ({v}.EqualsAll({loop.Mask}, {v}<{width.Lane}>.Zero)) break; // every lane has left the loop");
                    Block(w, loop.Body, width, slot);
                    w.Unindent();
                    w.Line("}");
                    break;
                case VFor loop:
                    w.Line($"for ({loop.Type} {loop.Counter} = {loop.Start}; {loop.Counter} {(loop.Inclusive ? "<=" : "<")} {loop.Limit}; {loop.Counter}++) // in order, the same for every lane");
                    Block(w, loop.Body, width, slot);
                    break;
                case VBlock block:
                    Block(w, block.Body, width, slot);
                    break;
                case VPerLane p when CreatesLanes(p, width) is int lanes:
                {
                    // Each lane's input from the register and the results into one Create: writing the lanes to the
                    // vector's memory one by one and loading it whole stalls the load until the stores retire (store
                    // forwarding cannot join them). Measured on Exp then Log lane by lane, 4 doubles (AVX2, one thread,
                    // in-process A/B, 3 runs): 1.20-1.31x faster; a 256-entry float lookup table lut[src[i]] 2.6x (one
                    // thread). Lanes run in order, as the loop would run them; under a
                    // mask only the active lanes compute (the others are 0, as the loop leaves them).
                    w.Line($"// {p.What}: no vector form, so lane by lane (each {(p.Mask is null ? "" : "active ")}lane computes what the scalar code does)");
                    for (int k = 0; k < p.Inputs.Count; k++)
                        w.Line($"var {p.Name}_{k} = {Expr(p.Inputs[k], width)};");
                    // Code that may throw (a gather past the end, a checked conversion): the statement is one sequence
                    // point, so a stack trace names the line the directive gives it, the user's; lanes after the one
                    // that throws do not run, as in the loop.
                    bool mapsLine = p.Line > 0 && width.Lines is not null;
                    if (mapsLine) w.Directive($"#line {p.Line} \"{width.Lines!.File}\"");
                    w.Line($"var {p.Name} = {v}.Create(");
                    for (int l = 0; l < lanes; l++)
                        w.Line($"    {LaneValue(p, l)}{(l == lanes - 1 ? ");" : ",")}");
                    if (mapsLine) w.Directive(width.Lines!.After);
                    break;
                }
                case VPerLaneGroup g when g.Parts.All(p => CreatesLanes(p, width) == CreatesLanes(g.Parts[0], width) && CreatesLanes(p, width) is not null):
                {
                    // Calls that cannot throw, each lane's together (PerLaneGroups): the same calls on the same
                    // arguments as one call's lanes after another's, and the libm calls run as fast as in the scalar loop.
                    int lanes = CreatesLanes(g.Parts[0], width)!.Value;
                    w.Line($"// {string.Join(", ", g.Parts.Select(p => p.What).Distinct())}: no vector form, so lane by lane, each lane's calls together");
                    w.Line($"// (each {(g.Parts[0].Mask is null ? "" : "active ")}lane computes what the scalar code does)");
                    // (An input another call of the group has is read from that call's local.)
                    var inputs = new Dictionary<VExpr, string>();
                    var parts = new List<VPerLane>();
                    foreach (VPerLane p in g.Parts)
                    {
                        string code = p.Code;
                        for (int k = 0; k < p.Inputs.Count; k++)
                        {
                            if (!inputs.TryGetValue(p.Inputs[k], out string? local))
                            {
                                inputs[p.Inputs[k]] = local = $"{p.Name}_{k}";
                                w.Line($"var {local} = {Expr(p.Inputs[k], width)};");
                            }
                            code = code.Replace($"{{lane:{k}}}", $"{{lane:{local}}}");
                        }
                        parts.Add(p with { Code = code });
                    }
                    for (int l = 0; l < lanes; l++)
                        foreach (VPerLane p in parts)
                            w.Line($"{p.Elem} {p.Name}_l{l} = {LaneValue(p, l)};");
                    foreach (VPerLane p in g.Parts)
                    {
                        w.Line($"var {p.Name} = {v}.Create(");
                        for (int l = 0; l < lanes; l += 8)
                            w.Line($"    {string.Join(", ", Enumerable.Range(l, System.Math.Min(8, lanes - l)).Select(k => $"{p.Name}_l{k}"))}{(l + 8 >= lanes ? ");" : ",")}");
                    }
                    break;
                }
                case VPerLaneGroup g: // (not one Create each: one call's lanes after another's)
                    Statements(w, g.Parts, width, slot);
                    break;
                case VPerLane p:
                {
                    w.Line($"// {p.What}: no vector form, so lane by lane (each lane {(p.Store ? "stores" : "computes")} what the scalar code does{(p.Store ? ", in iteration order" : "")})");
                    if (!p.Store) w.Line($"var {p.Name} = {v}<{p.Elem}>.Zero;");
                    string code = p.Code;
                    for (int k = 0; k < p.Inputs.Count; k++)
                    {
                        w.Line($"var {p.Name}_{k} = {Expr(p.Inputs[k], width)};");
                        code = code.Replace($"{{lane:{k}}}", $"{Runtime}.Lane(ref {p.Name}_{k}, __kg_l)");
                    }
                    // It may throw, as the scalar statement would: the stack trace names the user's line.
                    // (Each line of the loop maps to that line: a directive numbers only the line after it.)
                    bool mapped = p.Line > 0 && width.Lines is not null;
                    void Map() { if (mapped) w.Directive($"#line {p.Line} \"{width.Lines!.File}\""); }
                    Map();
                    w.Line($"for (int __kg_l = 0; __kg_l < {v}<{p.Elem}>.Count; __kg_l++)");
                    w.Indent();
                    if (p.Mask is not null)
                    {
                        Map();
                        w.Line($"if ({Runtime}.Lane(ref {p.Mask}, __kg_l) != 0) // active lanes only, as the scalar code");
                    }
                    Map();
                    w.Line($"{(p.Mask is null ? "" : "    ")}{(p.Store ? code : $"{Runtime}.Lane(ref {p.Name}, __kg_l) = {code}")};");
                    w.Unindent();
                    if (mapped) w.Directive(width.Lines!.After);
                    break;
                }
                case VScatter scatter:
                {
                    // One update per lane in lane order, each subscript taken from the register by a constant index. Measured
                    // on the 256-bin histogram of 10^7 floats (AVX-512, one thread, in-process A/B, 5 runs): 1.12-1.32x
                    // faster than a loop over the lanes reading them back from the vector's memory.
                    w.Line($"{v}<int> __kg_s = {Expr(scatter.Subscripts, width)};");
                    int lanes = int.Parse(width.Bits, System.Globalization.CultureInfo.InvariantCulture) / 32;
                    void Updates(int perLine, System.Func<int, string> element)
                    {
                        for (int l = 0; l < lanes; l += perLine)
                            w.Line(string.Join(" ", Enumerable.Range(l, System.Math.Min(perLine, lanes - l)).Select(k => element(k) + scatter.Update)));
                    }
                    // One unsigned compare of all the subscripts against the length (a negative one is a large uint), then
                    // the updates without a bounds check each: 10^7 floats into 256 bins, one thread, 0.83x -> ~1.0x gcc's
                    // scalar loop (which checks nothing). Otherwise each checked, so the lanes before the bad one update
                    // and it throws, as the loop does.
                    w.Open($"if ({v}.LessThanAll({v}.AsUInt32(__kg_s), {v}.Create((uint){scatter.Array}.Length)))");
                    w.Line("// Every subscript in bounds (a negative one compares as a large uint): no check per update.");
                    w.Line($"ref var __kg_h = ref {Marshal}.GetArrayDataReference({scatter.Array});");
                    Updates(2, k => $"{Unsafe}.Add(ref __kg_h, (uint)__kg_s[{k}])");
                    w.Close();
                    w.Open("else");
                    w.Line("// One is not: checked updates, so the lanes before it count and it throws, as the loop does.");
                    Updates(4, k => $"{scatter.Array}[__kg_s[{k}]]");
                    w.Close();
                    break;
                }
            }
        }

        /// <summary>
        /// A branch body of at most four masked assignments, masks and nested such branches whose values read nothing
        /// that may throw (vector loads are bounds-guarded; a broadcast's scalar C# must read no element, divide, call or
        /// check overflow): running it when no lane takes the branch changes nothing.
        /// </summary>
        private static bool Branchless(EquatableArray<VStmt> body)
        {
            if (body.Count > 4) return false;
            foreach (VStmt statement in body)
            {
                bool safe = statement switch
                {
                    VAssign { Mask: not null } a => VExprs.SafeToRun(a.Value),
                    VMask m => VExprs.SafeToRun(m.Value),
                    VIfAny inner => Branchless(inner.Body),
                    _ => false,
                };
                if (!safe) return false;
            }
            return true;
        }


        private static void Block(IndentedWriter w, IEnumerable<VStmt> body, Width width, int slot)
        {
            w.Line("{");
            w.Indent();
            Statements(w, body, width, slot);
            w.Unindent();
            w.Line("}");
        }

        // ---- expressions ---------------------------------------------------------------------------------------------

        /// <summary>A lane mask (all bits set or clear per lane, of the lane integer type) as a vector of <paramref name="elem"/>'s lanes.</summary>
        private static string MaskAs(string elem, string mask, Width width) =>
            elem == width.Lane ? mask : $"{width.V}.As{(elem == "double" ? "Double" : elem == "float" ? "Single" : elem == "long" ? "Int64" : "Int32")}({mask})";

        /// <summary>
        /// A long-lane value that is an int sign-extended: a widened int load, or a conversion to long of a narrower
        /// integer (free in long lanes: the operand's lanes already hold the value sign-extended).
        /// </summary>
        private static bool IntInLongLanes(VExpr e) =>
            e is VLoad { WidenInt: true } || e is VConvert { Elem: "long", From: "int" or "short" or "ushort" or "sbyte" or "byte" };

        private static string Wrap(string code, Width width) => $"{width.V}.ShiftRightArithmetic({width.V}.ShiftLeft({code}, 32), 32)";

        private static string Expr(VExpr e, Width width)
        {
            string v = width.V;
            switch (e)
            {
                case VBroadcast b when width.Uniforms is { } uniforms && Invariant(b.Scalar, width.Invariants!):
                    if (!uniforms.TryGetValue(b, out string? hoisted))
                        uniforms[b] = hoisted = $"__kg_u{width.Bits}_{uniforms.Count}";
                    return hoisted;
                case VBroadcast b when width.Shared.TryGetValue(b, out string? once):
                    return once;
                case VBroadcast b:
                    return Broadcast(b, width);
                case VIndices i:
                {
                    string first = i.Elem == "short" ? $"unchecked((short){i.First})" : $"({i.Elem}){i.First}";
                    string code = $"({v}.Create({first}) + {v}<{i.Elem}>.Indices)";
                    return i.WrapInt32 ? Wrap(code, width) : code;
                }
                case VLoad l when width.PickedOnce.TryGetValue(l.Ref, out string? row):
                    return Expr(l with { Ref = row }, width);
                case VLoad { Narrow: "uint" } l:
                    // uint elements (held as int bits) zero-extended into long lanes, as C# converts a uint to long.
                    return $"{Runtime}.LoadUintsAsLongs{width.Bits}(ref {l.Ref}, (nuint)({l.Index}))";
                case VLoad { Narrow: not null } l:
                    // byte/sbyte/short/ushort elements (Stride apart) widened to int lanes by the runtime's per-width helper.
                    return $"{Runtime}.WidenLoad{(l.Elem == "short" ? "Short" : l.Elem == "long" ? "Long" : "")}{width.Bits}(ref {l.Ref}, (nuint)({l.Index}), {l.Stride})";
                case VShift sh:
                {
                    string code = $"{v}.{sh.Method}({Expr(sh.Operand, width)}, {sh.Count})";
                    return sh.WrapInt32 ? Wrap(code, width) : code;
                }
                case VTileLoad t:
                    return $"{v}.LoadUnsafe(ref {t.Ref}, (nuint)(({t.Index}) * {v}<{t.Elem}>.Count))";
                case VLoad { WidenFloat: true, Stride: > 1 } l:
                    return $"{Runtime}.LoadFloatsAsDoubles{width.Bits}(ref {l.Ref}, (nuint)({l.Index}), {l.Stride})"; // every {l.Stride}th float
                case VLoad { WidenInt: true, Stride: > 1 } l:
                    return $"{Runtime}.LoadIntsAsLongs{width.Bits}(ref {l.Ref}, (nuint)({l.Index}), {l.Stride})"; // every {l.Stride}th int
                case VLoad { Stride: > 2 } l:
                    return $"{Runtime}.LoadStrided{width.Bits}(ref {l.Ref}, (nuint)({l.Index}), {l.Stride})"; // every {l.Stride}th element
                case VLoad { Stride: 2 } l:
                    return $"{Runtime}.LoadEven{width.Bits}(ref {l.Ref}, (nuint)({l.Index}))"; // every other element
                case VLoad { WidenFloat: true } l:
                    return $"{Runtime}.LoadFloatsAsDoubles{width.Bits}(ref {l.Ref}, (nuint)({l.Index}))";
                case VLoad l:
                    return l.WidenInt
                        ? $"{Runtime}.LoadIntsAsLongs{width.Bits}(ref {l.Ref}, (nuint)({l.Index}))"
                        : $"{v}.LoadUnsafe(ref {l.Ref}, (nuint)({l.Index}))";
                case VLocal l:
                    return l.Name;
                case VBinary { Op: "*", Elem: "long" } b when b.WrapInt32 || IntInLongLanes(b.Left) && IntInLongLanes(b.Right):
                {
                    // Ints in long lanes: one signed 32 x 32 -> 64 multiply of the low halves (KernelRuntime.MulInts).
                    string code = $"{Runtime}.MulInts({Expr(b.Left, width)}, {Expr(b.Right, width)})";
                    return b.WrapInt32 ? Wrap(code, width) : code;
                }
                case VBinary b:
                {
                    string code = $"({Expr(b.Left, width)} {b.Op} {Expr(b.Right, width)})";
                    return b.WrapInt32 ? Wrap(code, width) : code;
                }
                case VNegate n:
                    // Floating point: flip the sign bit, as scalar '-x' does (0 - x would turn 0 into +0, not -0).
                    return n.Elem is "double" or "float"
                        ? $"({v}.Create(({n.Elem})(-0.0)) ^ {Expr(n.Operand, width)})"
                        : n.WrapInt32 ? Wrap($"(-{Expr(n.Operand, width)})", width) : $"(-{Expr(n.Operand, width)})";
                case VNot n:
                    return $"(~{Expr(n.Operand, width)})";
                case VCompare c:
                {
                    string bits = c.Left.Elem switch { "short" => "16", "long" => "64", _ => "32" };
                    string code = c.Unsigned
                        ? $"{v}.AsInt{bits}({v}.{c.Method}({v}.AsUInt{bits}({Expr(c.Left, width)}), {v}.AsUInt{bits}({Expr(c.Right, width)})))"
                        : $"{v}.{c.Method}({Expr(c.Left, width)}, {Expr(c.Right, width)})";
                    if (c.Left.Elem != width.Lane) code = $"{v}.AsInt{(width.Lane == "long" ? "64" : "32")}({code})";
                    return c.Negate ? $"(~{code})" : code;
                }
                case VSelect s:
                {
                    // A comparison of the selected type is its own mask (no reinterpretation as lane integers and back).
                    string mask = s.Mask is VCompare { Unsigned: false } c && c.Left.Elem == s.Elem
                        ? (c.Negate ? "~" : "") + $"{v}.{c.Method}({Expr(c.Left, width)}, {Expr(c.Right, width)})"
                        : MaskAs(s.Elem, Expr(s.Mask, width), width);
                    return $"{v}.ConditionalSelect({mask}, {Expr(s.WhenTrue, width)}, {Expr(s.WhenFalse, width)})";
                }
                case VConvert c:
                    return c.Elem switch
                    {
                        "double" => $"{v}.ConvertToDouble({Expr(c.Operand, width)})",
                        "float" => $"{v}.ConvertToSingle({Expr(c.Operand, width)})",
                        "int" => $"{v}.ConvertToInt32({Expr(c.Operand, width)})",
                        "long" when c.From == "double" => $"{v}.ConvertToInt64({Expr(c.Operand, width)})",
                        _ => Expr(c.Operand, width),
                    };
                case VCall call:
                    return $"{(call.Runtime ? Runtime : v)}.{call.Method}({string.Join(", ", call.Arguments.Select(a => Expr(a, width)))})";
                default:
                    return "default";
            }
        }

        internal static string Bare(string name) => Ir.Printer.IdentifierPart(name);
    }
}
