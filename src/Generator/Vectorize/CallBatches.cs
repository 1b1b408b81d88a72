using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// Batching of a step's FastMath calls: two or three calls of one function (FastExp on double lanes) become one
    /// runtime call that evaluates them side by side (<see cref="VCallBatch"/>), placed before the statement of the
    /// first. Why: a lone vector Exp in a long step (Black-Scholes: two in the CND terms, one discount) measured twice
    /// its cost in a loop of its own: the JIT keeps its 14 constants live across the step and spills them; evaluated
    /// together each constant is used at once, and the independent chains overlap (1.28-1.38x the step, one thread).
    /// A call moves up to the first statement of its batch only when the statements in between declare or assign
    /// vector locals its argument does not read (no stores, no scalar code, no loops), and its argument cannot throw:
    /// it then sees the same values, and Exp has no effects of its own. Same bits as the calls made one by one.
    /// </summary>
    internal static class CallBatches
    {
        /// <summary>Calls a batch holds at most (KernelRuntime has the 2- and 3-argument forms).</summary>
        private const int Most = 3;

        /// <summary>The runtime functions with a batched form, on double lanes.</summary>
        private static bool Batchable(VCall call) => call is { Runtime: true, Method: "FastExp", Elem: "double" }
            && call.Arguments.Count == 1 && !call.Arguments.SelectMany(VExprs.Descendants).Any(e => e is VCall { Runtime: true })
            && VExprs.SafeToRun(call.Arguments[0]);

        /// <summary>
        /// <paramref name="body"/> with its batches (also inside VFor and VBlock bodies); <paramref name="batches"/> gets
        /// each batch's size (and numbers the locals that hold the results).
        /// </summary>
        public static List<VStmt> Batch(IReadOnlyList<VStmt> body, List<int> batches)
        {
            var groups = new List<Group>();
            Group? open = null;
            for (int j = 0; j < body.Count; j++)
            {
                foreach (VCall call in VExprs.Values(body[j]).SelectMany(VExprs.Descendants).OfType<VCall>().Where(Batchable).Distinct())
                {
                    bool joins = open is not null && (open.Calls.Contains(call) || open.Calls.Count < Most) && Movable(body, open.Start, j, call);
                    if (!joins) groups.Add(open = new Group(j));
                    if (!open!.Calls.Contains(call)) open.Calls.Add(call);
                    open.Hosts.Add(j);
                }
                if (!Between(body[j])) open = null;
            }
            groups.RemoveAll(g => g.Calls.Count < 2);
            foreach (Group g in groups)
            {
                g.Names.AddRange(g.Calls.Select((c, k) => new VLocal($"__kg_exp{batches.Sum() + k}", c.Elem)));
                batches.Add(g.Calls.Count);
            }
            var output = new List<VStmt>(body.Count + groups.Count);
            for (int p = 0; p < body.Count; p++)
            {
                var replace = new Dictionary<VCall, VLocal>();
                foreach (Group g in groups)
                {
                    if (g.Start == p)
                        output.Add(new VCallBatch(g.Calls[0].Method, g.Calls.Select(c => c.Arguments[0]).ToEquatableArray(), g.Names.Select(n => n.Name).ToEquatableArray()));
                    if (g.Hosts.Contains(p))
                        for (int k = 0; k < g.Calls.Count; k++) replace[g.Calls[k]] = g.Names[k];
                }
                VStmt s = replace.Count == 0 ? body[p] : VExprs.WithValues(body[p], e => VExprs.Replace(e, x => x is VCall c && replace.TryGetValue(c, out VLocal? l) ? l : null));
                output.Add(s switch
                {
                    VFor loop => loop with { Body = Batch(loop.Body.ToList(), batches).ToEquatableArray() },
                    VBlock block => new VBlock(Batch(block.Body.ToList(), batches).ToEquatableArray()),
                    _ => s,
                });
            }
            return output;
        }

        /// <summary>
        /// Whether <paramref name="call"/>, in statement <paramref name="at"/>, may run before statement
        /// <paramref name="start"/>: what lies between only declares or assigns vector locals, none of which it reads.
        /// </summary>
        private static bool Movable(IReadOnlyList<VStmt> body, int start, int at, VCall call)
        {
            var reads = new HashSet<string>(call.Arguments.SelectMany(VExprs.Descendants).OfType<VLocal>().Select(l => l.Name));
            for (int p = start; p < at; p++)
                if (!Between(body[p]) || Writes(body[p]) is { } name && reads.Contains(name)) return false;
            return true;
        }

        /// <summary>Statements a call may move across: they only give a vector local its value.</summary>
        private static bool Between(VStmt s) => s is VDeclare or VDeclareZero or VMask or VAssign;

        /// <summary>The vector local <paramref name="s"/> gives a value, if it only does that (<see cref="Between"/>); else null.</summary>
        internal static string? Writes(VStmt s) => s switch
        {
            VDeclare d => d.Name,
            VDeclareZero z => z.Name,
            VMask m => m.Name,
            VAssign a => a.Name,
            _ => null,
        };

        private sealed class Group
        {
            public Group(int start) => Start = start;
            public int Start { get; }
            public List<VCall> Calls { get; } = new();
            public HashSet<int> Hosts { get; } = new();
            public List<VLocal> Names { get; } = new();
        }
    }
}
