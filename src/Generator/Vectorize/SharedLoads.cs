using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// A load a statement of the step makes twice (<c>(c - b[i + 1]) + (b[i + 1] + m)</c>, <c>a[i] * a[i]</c>) read once
    /// into a local just before that statement: one load instead of two, and the statement as the JIT handles it right.
    /// .NET 10's JIT, given the same widening load twice in one expression, used the second load's register before
    /// loading it (the random kernels found <c>r[i] + 4095 + (int.MinValue - b[i + 1]) + (b[i + 1] + m)</c> on bytes in
    /// 16-bit lanes adding the previous step's lanes). The value is the same: nothing stores between the two reads.
    /// </summary>
    internal static class SharedLoads
    {
        public static List<VStmt> Hoist(List<VStmt> body)
        {
            int next = 0;
            return Rewrite(body, ref next);
        }

        private static List<VStmt> Rewrite(IEnumerable<VStmt> body, ref int next)
        {
            var result = new List<VStmt>();
            foreach (VStmt s in body)
            {
                VStmt statement = s switch
                {
                    VIfAny i => i with { Body = Rewrite(i.Body, ref next).ToEquatableArray() },
                    VBlock b => b with { Body = Rewrite(b.Body, ref next).ToEquatableArray() },
                    VFor f => f with { Body = Rewrite(f.Body, ref next).ToEquatableArray() },
                    VWhile w => w with { Body = Rewrite(w.Body, ref next).ToEquatableArray() },
                    _ => s,
                };
                List<VLoad> twice = VExprs.Values(statement).SelectMany(VExprs.Descendants).OfType<VLoad>()
                    .GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                if (twice.Count > 0)
                {
                    var locals = new Dictionary<VLoad, VLocal>();
                    foreach (VLoad load in twice)
                    {
                        string name = $"__kg_ld{next++}";
                        result.Add(new VDeclare(name, load) { Comment = "read once: the statement below uses it more than once" });
                        locals[load] = new VLocal(name, load.Elem);
                    }
                    statement = VExprs.WithValues(statement, e => VExprs.Replace(e, x => x is VLoad l && locals.TryGetValue(l, out VLocal? local) ? local : null));
                }
                result.Add(statement);
            }
            return result;
        }
    }
}
