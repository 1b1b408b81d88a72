using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// Unroll-and-jam of the PRange loop around an inner vector loop: <see cref="Rows"/> consecutive PRange iterations
    /// share one run of the vector loop, each step running their vector bodies one after the other. A matrix-vector
    /// product by columns (<c>y[i] += a[j, i] * x[j]</c> along i) then streams four rows of <c>a</c> at once and keeps
    /// <c>y</c>'s vector in the first level of cache between them, where one row a pass waits on memory for every
    /// row alone. Measured on one thread's share of a 4000 × 4000 double product (AVX-512, 2026-12-03): 4 rows a
    /// pass 1.4–1.5× faster than one, 2 rows 1.25×.
    /// <para>
    /// Legal because the PRange iterations are independent (the loop runs as parallel chunks) except through the
    /// arrays the rows share, which every row touches only at its lanes' own elements (<c>y[i]</c>): each element
    /// still sees the rows in order, so every value keeps its bits, reductions included. The planner admits a jam
    /// only where nothing in the rows' steps can throw once their guards hold (the serial loop would have finished
    /// the earlier rows first), and only where the PRange body is the inner loop after declarations of the row's values (<c>double xj = x[j];</c>),
    /// the loop's bounds not depending on the PRange index.
    /// </para>
    /// </summary>
    internal static class OuterJam
    {
        /// <summary>PRange iterations a pass.</summary>
        public const int Rows = 4;

        /// <summary>What row k's copy of the step's locals, row references and PRange index are called.</summary>
        public static string Suffix(int row) => "__kg_r" + row;

        /// <summary>
        /// Whether the step can be copied per row: only statements a renaming copies exactly (declared scalars at the
        /// top level, vector locals, masks, branches on masks, stores); no inner loops (fusing them would change the
        /// order in which an element sees the rows), accumulators, lane-by-lane work, while loops or scatters.
        /// </summary>
        public static bool Supported(IEnumerable<VStmt> body, bool nested = false) => body.All(s => s switch
        {
            VScalar x => x.Declares is not null ? !nested : x.Code.StartsWith("_ = ", System.StringComparison.Ordinal),
            VDeclare or VDeclareZero or VAssign or VStore or VMask => true,
            VIfAny i => Supported(i.Body, true),
            VBlock b => Supported(b.Body, true),
            _ => false,
        });

        /// <summary>
        /// The arrays every row reads or stores at the same elements (their vector accesses name neither the PRange
        /// index nor a row reference fixed by it), by source name: what a jam shares between rows. The array
        /// reduction's array (<paramref name="reduced"/>) must be one of them wherever it is touched (else its elements
        /// would see the rows in another order). Null when the jam is not admitted or gains what was not measured: one
        /// of the shared arrays must be stored (an update every row makes, <c>y[i] += …</c>, stays in the first level
        /// of cache between the rows of a pass; rows that only read a shared vector were not measured faster).
        /// </summary>
        /// <param name="forward">Filled with the shared elements the rows can hand on in registers (<see cref="Forwardable"/>).</param>
        public static List<string>? Shared(IReadOnlyList<VStmt> body, IEnumerable<VArray> arrays, IEnumerable<VRowRef> rows, IEnumerable<string> perRow, string? reduced, List<VForward> forward)
        {
            // What differs between rows: the index and the values declared before the loop (perRow), and the step's
            // scalars computed from them (int k = j * n + i;).
            var perRowNames = new HashSet<string>(perRow, System.StringComparer.Ordinal);
            for (bool grew = true; grew;)
            {
                var known = new Renamer(perRowNames, null, "");
                grew = false;
                foreach (VScalar scalar in body.SelectMany(Flatten).OfType<VScalar>())
                    if (scalar.Declares is { } declared && !perRowNames.Contains(declared) && known.Mentions(scalar.Code))
                        grew = perRowNames.Add(declared);
            }
            var byIndex = new Renamer(perRowNames, null, "");
            var rowOf = rows.ToDictionary(r => r.Name, System.StringComparer.Ordinal);
            var sourceOf = arrays.GroupBy(a => a.Ref).ToDictionary(g => g.Key, g => g.First().Source, System.StringComparer.Ordinal);
            var shared = new List<string>();
            bool admitted = true, stored = false;
            void Access(string reference, string subscript, bool store = false)
            {
                string arrayRef = rowOf.TryGetValue(reference, out VRowRef? row) ? row.Ref : reference;
                bool perRow = byIndex.Mentions(subscript) || row is not null && byIndex.Mentions(row.Offset);
                string source = sourceOf.TryGetValue(arrayRef, out string? name) ? name : arrayRef;
                if (!perRow) { if (!shared.Contains(source)) shared.Add(source); stored |= store; }
                else if (source == reduced) admitted = false;
            }
            foreach (VStmt s in body.SelectMany(Flatten))
            {
                if (s is VStore store) Access(store.Ref, store.Index, store: true);
                foreach (VLoad load in Expressions(s).SelectMany(Loads)) Access(load.Ref, load.Index);
            }
            if (!admitted || !stored) return null;
            forward.AddRange(Forwardable(body, arrays.ToList(), rowOf, byIndex));
            return shared;
        }

        /// <summary>
        /// The shared elements the rows of a pass can hand on in registers: an array stored at one element every row
        /// shares (its subscript names nothing that differs between rows), where every access of that array in the step
        /// is a plain load or store (no mask, stride, widening or narrowing) of that same element at the step's top level,
        /// and no scalar code of the step names the array. Row k's loads of it then read what row k − 1 stored: the
        /// value memory would have handed on (the stored arrays alias no other array, and nothing in a jammed step
        /// throws), without a store and a reload per row. Measured on a 400 × 400 double matrix-vector product by
        /// columns, one thread (2026-12-04, Zen 4): 6× faster on Vector512, 1.9× on Vector256 (a 512-bit store is not
        /// forwarded to the next load as fast as it is kept in a register).
        /// </summary>
        private static IEnumerable<VForward> Forwardable(IReadOnlyList<VStmt> body, List<VArray> arrays, Dictionary<string, VRowRef> rowOf, Renamer perRow)
        {
            string SourceOf(string reference)
            {
                string arrayRef = rowOf.TryGetValue(reference, out VRowRef? row) ? row.Ref : reference;
                return arrays.FirstOrDefault(a => a.Ref == arrayRef)?.Source ?? arrayRef;
            }
            var keys = new Dictionary<string, (string Ref, string Index)?>(System.StringComparer.Ordinal);
            var stored = new HashSet<string>(System.StringComparer.Ordinal);
            var rejected = new HashSet<string>(System.StringComparer.Ordinal);
            void Access(string reference, string index, bool isPlain, bool top)
            {
                string source = SourceOf(reference);
                if (!isPlain || !top || perRow.Mentions(index) || rowOf.TryGetValue(reference, out VRowRef? row) && perRow.Mentions(row.Offset)
                    || keys.TryGetValue(source, out var key) && key != (reference, index))
                    rejected.Add(source);
                else keys[source] = (reference, index);
            }
            var scalarCode = new List<string>();
            foreach (VStmt top in body)
                foreach (VStmt s in Flatten(top))
                {
                    bool atTop = ReferenceEquals(s, top);
                    if (s is VScalar scalar) scalarCode.Add(scalar.Code);
                    if (s is VStore store)
                    {
                        Access(store.Ref, store.Index, store is { Mask: null, Rest.Count: 0, Narrow: null, NarrowLongToInt: false, NarrowToFloat: false }, atTop);
                        stored.Add(SourceOf(store.Ref));
                    }
                    foreach (VExpr e in Expressions(s).SelectMany(VExprs.Descendants))
                    {
                        if (e is VLoad load) Access(load.Ref, load.Index, load is { Stride: 1, WidenInt: false, WidenFloat: false, Narrow: null }, atTop);
                        else if (e is VTileLoad tile) rejected.Add(SourceOf(tile.Ref));
                        else if (e is VBroadcast b) scalarCode.Add(b.Scalar);
                        else if (e is VIndices i) scalarCode.Add(i.First);
                    }
                }
            foreach (var entry in keys)
            {
                VArray? array = arrays.FirstOrDefault(a => a.Source == entry.Key);
                if (entry.Value is not { } key || rejected.Contains(entry.Key) || !stored.Contains(entry.Key) || array is null) continue;
                var names = new Renamer(new[] { array.Source, array.Holder, array.Ref }, null, "");
                if (scalarCode.Any(names.Mentions)) continue;
                yield return new VForward(key.Ref, key.Index);
            }
        }

        /// <summary>
        /// The rows' steps of one pass as one step, in row order, with the plan's <see cref="VectorPlan.JamForward"/>
        /// elements handed on in registers: a row's store of one becomes a local (<c>__kg_fw&lt;n&gt;__kg_r&lt;k&gt;</c>)
        /// that the loads after it (later rows', and its own row's) read instead of memory, and the last row stores it. Without such elements: the rows' steps as
        /// they are.
        /// </summary>
        public static IEnumerable<EquatableArray<VStmt>> Pass(VectorPlan plan, IReadOnlyList<EquatableArray<VStmt>> rows)
        {
            if (plan.JamForward.Count == 0) return rows;
            var step = new List<VStmt>();
            var held = new Dictionary<int, VLocal>();
            for (int k = 0; k < rows.Count; k++)
            {
                // Row k's names for the shared elements (a key's subscript may name the step's own locals, renamed per row).
                Renamer renamer = RowRenamer(plan, plan.JamIndex, k);
                var keys = plan.JamForward.Select(f => (Ref: renamer.Text(f.Ref), Index: renamer.Text(f.Index))).ToList();
                VExpr? Read(VExpr e) => e is VLoad l && keys.IndexOf((l.Ref, l.Index)) is int q and >= 0 && held.TryGetValue(q, out VLocal? local) ? local : null;
                foreach (VStmt s in rows[k])
                {
                    VStmt t = s switch
                    {
                        VDeclare d => d with { Value = VExprs.Replace(d.Value, Read) },
                        VAssign a => a with { Value = VExprs.Replace(a.Value, Read) },
                        VMask m => m with { Value = VExprs.Replace(m.Value, Read) },
                        VStore st => st with { Value = VExprs.Replace(st.Value, Read) },
                        _ => s,
                    };
                    if (t is VStore store && keys.IndexOf((store.Ref, store.Index)) is int q and >= 0)
                    {
                        // The value goes on in a local (loads after it, in this row too, read the local); the last row
                        // also stores it.
                        var local = new VLocal($"__kg_fw{q}{Suffix(k)}", store.Elem);
                        step.Add(new VDeclare(local.Name, store.Value));
                        held[q] = local;
                        if (k == rows.Count - 1) step.Add(store with { Value = local });
                    }
                    else step.Add(t);
                }
            }
            return new[] { step.ToEquatableArray() };
        }

        /// <summary>Row <paramref name="row"/>'s copy of the step: its locals, row references and the PRange index renamed.</summary>
        public static (EquatableArray<VStmt> Body, List<VGuard> Guards, List<VStmt> Setup, List<VRowRef> Rows) Row(VectorPlan plan, string index, int row)
        {
            Renamer renamer = RowRenamer(plan, index, row);
            return (plan.Body.Select(renamer.Statement).ToEquatableArray(),
                plan.Guards.Concat(plan.JamGuards).Select(renamer.Guard).ToList(),
                plan.JamSetup.Select(renamer.Statement).ToList(),
                plan.Rows.Select(renamer.Row).ToList());
        }

        private static Renamer RowRenamer(VectorPlan plan, string index, int row)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal) { index };
            Renamer.Declared(plan.Body, names);
            Renamer.Declared(plan.JamSetup, names);
            foreach (VRowRef r in plan.Rows) names.Add(r.Name);
            return new Renamer(names, null, Suffix(row));
        }

        private static IEnumerable<VStmt> Flatten(VStmt s) => s switch
        {
            VBlock b => b.Body.SelectMany(Flatten).Prepend(s),
            VIfAny i => i.Body.SelectMany(Flatten).Prepend(s),
            _ => new[] { s },
        };

        private static IEnumerable<VExpr> Expressions(VStmt s) => s switch
        {
            VDeclare d => new[] { d.Value },
            VAssign a => new[] { a.Value },
            VStore st => st.Rest.Prepend(st.Value),
            VMask m => new[] { m.Value },
            _ => System.Array.Empty<VExpr>(),
        };

        /// <summary>The vector loads in <paramref name="e"/>.</summary>
        internal static IEnumerable<VLoad> Loads(VExpr e) => e switch
        {
            VLoad l => new[] { l },
            VBinary b => Loads(b.Left).Concat(Loads(b.Right)),
            VNegate n => Loads(n.Operand),
            VNot n => Loads(n.Operand),
            VShift s => Loads(s.Operand),
            VCompare c => Loads(c.Left).Concat(Loads(c.Right)),
            VSelect s => Loads(s.Mask).Concat(Loads(s.WhenTrue)).Concat(Loads(s.WhenFalse)),
            VConvert c => Loads(c.Operand),
            VCall c => c.Arguments.SelectMany(Loads),
            _ => Enumerable.Empty<VLoad>(),
        };
    }
}
