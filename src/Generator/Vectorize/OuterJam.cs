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
        public static List<string>? Shared(IReadOnlyList<VStmt> body, IEnumerable<VArray> arrays, IEnumerable<VRowRef> rows, IEnumerable<string> perRow, string? reduced)
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
            return admitted && stored ? shared : null;
        }

        /// <summary>Row <paramref name="row"/>'s copy of the step: its locals, row references and the PRange index renamed.</summary>
        public static (EquatableArray<VStmt> Body, List<VGuard> Guards, List<VStmt> Setup, List<VRowRef> Rows) Row(VectorPlan plan, string index, int row)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal) { index };
            Renamer.Declared(plan.Body, names);
            Renamer.Declared(plan.JamSetup, names);
            foreach (VRowRef r in plan.Rows) names.Add(r.Name);
            var renamer = new Renamer(names, null, Suffix(row));
            return (plan.Body.Select(renamer.Statement).ToEquatableArray(),
                plan.Guards.Concat(plan.JamGuards).Select(renamer.Guard).ToList(),
                plan.JamSetup.Select(renamer.Statement).ToList(),
                plan.Rows.Select(renamer.Row).ToList());
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
            VStore st => st.Odd is null ? new[] { st.Value } : new[] { st.Value, st.Odd },
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
