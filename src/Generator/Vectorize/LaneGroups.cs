using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// Two lane groups per step (unroll-and-jam of the lane loop by 2). A step whose inner loops carry a chain of vector
    /// operations (<c>dist += diff * diff</c> over d) waits on each link's latency; a second copy of the step on the next
    /// vector of PRange iterations, its inner loops fused with the first's, fills those waits with independent work, as
    /// hand-written kernels do with several accumulators. Every value keeps its bits: each lane still runs its own
    /// iteration's operations in order. Legal because the PRange iterations are independent (the loop runs in parallel
    /// chunks), so any interleaving of two iterations' statements gives the serial result. A plan over an inner loop
    /// (<c>for j … { acc = 0; for p … acc += a[i, p] * b[p, j]; c[i, j] = acc; }</c>) takes groups of its own iterations
    /// the same way, where it has no accumulator: the vectorizer admits no dependence between those iterations at all
    /// (stored arrays read only at the stored element, no local carried from one to the next), at any distance.
    /// </summary>
    internal static class LaneGroups
    {
        /// <summary>What group g's copy of every local the step declares is called: <c>name__kg_g1</c> for the second.</summary>
        public static string Suffix(int group) => "__kg_g" + group;

        /// <summary>
        /// Whether a step of a plan over PRange iterations gains from two groups: an inner loop carries a chain (a vector
        /// local updated from itself, or an accumulator), and nothing in the step runs lane by lane, in a while loop on
        /// masks or as a scatter (those gain nothing from the overlap and are left as they are).
        /// </summary>
        public static bool Worth(IReadOnlyList<VStmt> body) =>
            Supported(body) && body.SelectMany(s => Nested(s).Prepend(s)).Any(s => s is VFor f && Chain(f.Body));

        /// <summary>
        /// How many groups (<see cref="Worth"/> holds) for a width with <paramref name="registers"/> vector registers (16 for
        /// SSE and AVX2, 32 for AVX-512): the most of 8, 4 or 2 whose vector locals fit in three quarters of them (the
        /// rest hold constants and temporaries); 2 when a group fills a row tile. Measured on poly20 (one vector local,
        /// a 3-operation chain 20 long; AVX-512 machine, one thread): 8 groups 1.08-1.38× faster than 4 on 512-bit
        /// vectors and 1.21-1.39× on 256-bit ones (8 chains hide the 4-cycle latency of both ports; 4 leave them idle).
        /// </summary>
        public static int Count(IReadOnlyList<VStmt> body, int registers)
        {
            var names = new HashSet<string>();
            Renamer.Declared(body, names);
            bool tiles = body.SelectMany(s => Nested(s).Prepend(s)).Any(s => s is VRowTile);
            int vectors = names.Count - body.SelectMany(s => Nested(s).Prepend(s)).Count(s => s is VScalar { Declares: not null });
            if (tiles) return 2;
            for (int groups = 8; groups > 2; groups /= 2)
                if (groups * System.Math.Max(1, vectors) <= registers * 3 / 4) return groups;
            return 2;
        }

        private static IEnumerable<VStmt> Nested(VStmt s) => s switch
        {
            VFor f => f.Body.SelectMany(b => Nested(b).Prepend(b)),
            VBlock b => b.Body.SelectMany(x => Nested(x).Prepend(x)),
            VIfAny i => i.Body.SelectMany(x => Nested(x).Prepend(x)),
            _ => Enumerable.Empty<VStmt>(),
        };

        private static bool Supported(IEnumerable<VStmt> body, bool nested = false) => body.All(s => s switch
        {
            // A scalar statement is renamed only when it says what it declares (else it may declare a name twice), and
            // only at the step's top level: the user's name then means that local in the whole step (C# forbids its use
            // before the declaration in the same block), never a field of the same name read after a nested block.
            VScalar x => x.Declares is not null ? !nested : x.Code.StartsWith("_ = ", System.StringComparison.Ordinal),
            VDeclare or VDeclareZero or VAssign or VStore or VMask or VRowTile => true, // (names of their own: __kg_…)
            VAccumulate => true,
            VFor f => Supported(f.Body, true),
            VBlock b => Supported(b.Body, true),
            VIfAny i => Supported(i.Body, true),
            _ => false, // lane by lane, while loops, scatters, argmin/argmax
        });

        /// <summary>
        /// A link of a chain in a loop body: a vector local assigned from itself (a masked assignment keeps the other
        /// lanes' old value: it reads itself too), or an accumulator.
        /// </summary>
        private static bool Chain(IEnumerable<VStmt> body) => body.Any(s => s switch
        {
            VAssign a => a.Mask is not null || Reads(a.Value, a.Name),
            VAccumulate => true,
            VBlock b => Chain(b.Body),
            VIfAny i => Chain(i.Body),
            _ => false,
        });

        private static bool Reads(VExpr e, string name) => e switch
        {
            VLocal l => l.Name == name,
            VBinary b => Reads(b.Left, name) || Reads(b.Right, name),
            VNegate n => Reads(n.Operand, name),
            VNot n => Reads(n.Operand, name),
            VShift s => Reads(s.Operand, name),
            VCompare c => Reads(c.Left, name) || Reads(c.Right, name),
            VSelect s => Reads(s.Mask, name) || Reads(s.WhenTrue, name) || Reads(s.WhenFalse, name),
            VConvert c => Reads(c.Operand, name),
            VCall c => c.Arguments.Any(a => Reads(a, name)),
            _ => false,
        };

        /// <summary>
        /// Group <paramref name="group"/>'s step: every local the step declares (and its row tiles) renamed with
        /// <see cref="Suffix"/>, and <c>__kg_x</c> (the first lane's iteration) replaced by the group's, __kg_x + group ·
        /// <paramref name="count"/> (the lanes of a vector). Inner loops keep their counters and bounds (the same for both groups: a row tile's length is checked equal to the
        /// first group's, see <see cref="TileLengths"/>), so the emitter can fuse them.
        /// </summary>
        public static EquatableArray<VStmt> Group(EquatableArray<VStmt> body, int group, string count)
        {
            var names = new HashSet<string>();
            Renamer.Declared(body, names);
            // The step's first statement declares its lane variable from __kg_x (Planner): the group's lanes start
            // group · count later, so a unit-stride subscript of it is the first group's plus that many elements.
            string? lane = body.Count > 0 && body[0] is VScalar { Declares: { } x } first && first.Code.Contains("= __kg_x;") ? x : null;
            var renamer = new Renamer(names, $"(__kg_x + {group} * {count})", Suffix(group), lane, $"{group} * {count}");
            return body.Select(renamer.Statement).ToEquatableArray();
        }
    }
}
