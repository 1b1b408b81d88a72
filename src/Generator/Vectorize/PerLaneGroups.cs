using System.Collections.Generic;
using System.Linq;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    /// <summary>
    /// Lane-by-lane calls of one step that cannot throw (Math.Sin, Math.Cos, Math.Asin …, helpers without effects) are
    /// computed together, lane by lane: lane 0 of each, then lane 1 of each (<see cref="VPerLaneGroup"/>), at the first
    /// one's place. Why: each call alone over all lanes measured well behind the scalar loop that makes the same calls.
    /// sin² + cos² of 10^6 doubles on one thread: 33-34 ms with a Sin pass then a Cos pass over the lanes, 27.5 ms
    /// together, and the scalar loop 27.5 ms. Haversine (2 Sin, 2 Cos over the lanes, then Asin): 31.6 ms against 28.9
    /// ms (Vector512; Vector256 30.5 against 28.3). The lanes' values are the same calls on the same arguments: pure,
    /// and none throws, so their order cannot show. (glibc's sincos is not used: it is not bitwise sin and cos, see
    /// LaneByLaneTests.) A later call moves up only across statements that give vector locals their values, none of
    /// which its arguments or mask read, and across element stores when its arguments and code read no memory.
    /// </summary>
    internal static class PerLaneGroups
    {
        /// <summary>
        /// <paramref name="body"/> with its groups (inside loops, blocks and branches too); <paramref name="grouped"/>
        /// counts the calls that joined a group.
        /// </summary>
        public static List<VStmt> Group(IEnumerable<VStmt> body, ref int grouped)
        {
            var output = body.ToList();
            for (int a = 0; a < output.Count; a++)
            {
                if (output[a] is not VPerLane first || !Joins(first)) continue;
                var parts = new List<VPerLane> { first };
                var written = new HashSet<string>(System.StringComparer.Ordinal) { first.Name };
                bool stored = false;
                for (int b = a + 1; b < output.Count; b++)
                {
                    VStmt s = output[b];
                    if (s is VPerLane p && Joins(p) && p.Elem == first.Elem && p.Mask == first.Mask && (p.Mask is null || !written.Contains(p.Mask))
                        && !Reads(p).Any(written.Contains) && (!stored || MemoryFree(p)))
                    {
                        parts.Add(p);
                        written.Add(p.Name);
                        output.RemoveAt(b--);
                        continue;
                    }
                    if (s is VStore or VPerLane { Store: true }) { stored = true; continue; }
                    string? writes = s is VPerLane other ? other.Name : CallBatches.Writes(s);
                    if (writes is null) break;
                    written.Add(writes);
                }
                if (parts.Count < 2) continue;
                output[a] = new VPerLaneGroup(parts.ToEquatableArray());
                grouped += parts.Count;
            }
            for (int s = 0; s < output.Count; s++)
                output[s] = output[s] switch
                {
                    VFor loop => loop with { Body = Group(loop.Body, ref grouped).ToEquatableArray() },
                    VBlock block => new VBlock(Group(block.Body, ref grouped).ToEquatableArray()),
                    VIfAny branch => branch with { Body = Group(branch.Body, ref grouped).ToEquatableArray() },
                    var other => other,
                };
            return output;
        }

        /// <summary>
        /// Lane-by-lane work that may join a group: it computes a value (no store), cannot throw and does not trap. Work
        /// that may throw keeps its own statement and its #line directive (an integer division's trap then names the
        /// user's line); its lanes' order among other such work is the planner's business (Planner: _laneRiskyOther).
        /// </summary>
        private static bool Joins(VPerLane p) => !p.Store && p.Line == 0 && !p.Traps;

        /// <summary>The vector locals <paramref name="p"/>'s arguments read.</summary>
        private static IEnumerable<string> Reads(VPerLane p) => p.Inputs.SelectMany(VExprs.Descendants).OfType<VLocal>().Select(l => l.Name);

        /// <summary>
        /// Whether <paramref name="p"/> reads no memory, so an element store before it cannot change its value: a Math
        /// function of arguments made of locals, constants and arithmetic.
        /// </summary>
        private static bool MemoryFree(VPerLane p) =>
            System.Text.RegularExpressions.Regex.IsMatch(p.Code, @"^global::System\.MathF?\.\w+\((?:\{lane:\d+\}|[\s,()+\-*/]|\d|(?<=\d)\.(?=\d))*\)$")
            && !p.Inputs.SelectMany(VExprs.Descendants).Any(ReadsMemory);

        /// <summary>Whether <paramref name="e"/> itself reads an array or a member (a load, a broadcast of more than locals and numbers); its operands aside.</summary>
        private static bool ReadsMemory(VExpr e) => e switch
        {
            VBroadcast b => !System.Text.RegularExpressions.Regex.IsMatch(b.Scalar, @"^(?:[\w\s()+\-*/]|(?<=\d)\.(?=\d))*$"),
            VIndices or VLocal or VBinary or VNegate or VNot or VCompare or VSelect or VConvert or VShift => false,
            _ => true,
        };
    }
}
