using System.Linq;
using KernelGen.Generator.Analysis;
using KernelGen.Generator.Model;

namespace KernelGen.Generator.Emit
{
    /// <summary>
    /// Writes the SIMD path of a chunk body (see <see cref="VectorAnalysis"/>): a guard that every subscript of the
    /// chunk is in bounds and that no written array aliases another, then one vector loop per width
    /// (Vector512, Vector256, Vector128, whichever the hardware accelerates first — the JIT folds the tests),
    /// leaving <c>__kg_i</c> at the first iteration the scalar loop still has to run.
    /// </summary>
    internal static class VectorEmitter
    {
        private static readonly string[] Widths = { "Vector512", "Vector256", "Vector128" };

        public static void Write(IndentedWriter w, LoopSpec loop, VectorPlan plan, string scalar)
        {
            string t = plan.Element;
            w.Line($"// Vector path: {plan.Summary}.");
            w.Line("// Out-of-bounds subscripts or aliasing arrays leave the chunk to the scalar loop, which behaves (and throws) like the serial loop.");
            var guard = new System.Collections.Generic.List<string>();
            foreach (VectorArray array in plan.Arrays)
                guard.Add($"{array.Name} is not null");
            foreach (VectorArray array in plan.Arrays)
            {
                guard.Add($"(long)__kg_first + ({array.MinOffset}) >= 0");
                guard.Add($"(long)__kg_last - 1 + ({array.MaxOffset}) < {array.Name}.Length");
            }
            foreach (VectorArray written in plan.Arrays.Where(a => a.Written))
                foreach (VectorArray other in plan.Arrays.Where(a => a.Name != written.Name && (!a.Written || string.CompareOrdinal(a.Name, written.Name) > 0)))
                    guard.Add($"!global::System.Object.ReferenceEquals({written.Name}, {other.Name})");
            w.Line($"if (__kg_last - __kg_first >= global::System.Runtime.Intrinsics.Vector128<{t}>.Count");
            foreach (string condition in guard.Distinct())
                w.Line($"    && {condition}");
            w.Line("    )");
            OpenBlock(w);
            foreach (VectorArray array in plan.Arrays)
                w.Line($"ref {t} __kg_r_{VectorAnalysis.Bare(array.Name)} = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference({array.Name});");
            int first = FirstWidth(plan);
            for (int n = first; n < Widths.Length; n++)
            {
                string v = "global::System.Runtime.Intrinsics." + Widths[n];
                string width = $"{v}<{t}>.Count";
                w.Open($"{(n == first ? "" : "else ")}if ({v}.IsHardwareAccelerated)");
                foreach (string line in plan.Setup)
                    w.Line(line.Replace(VectorAnalysis.V, v));
                bool reducing = plan.Setup.Any(l => l.Contains("__kg_acc"));
                string[] accumulators = plan.Setup.Where(l => l.StartsWith("var __kg_acc0_")).Select(l => l.Substring("var __kg_acc0_".Length).Split(' ')[0]).ToArray();
                if (reducing)
                {
                    w.Line($"// {VectorAnalysis.Interleave} independent accumulators: the vector adds do not wait on each other.");
                    w.Open($"for (; __kg_i <= __kg_last - {VectorAnalysis.Interleave} * {width}; )");
                    for (int k = 0; k < VectorAnalysis.Interleave; k++)
                    {
                        OpenBlock(w);
                        foreach (string line in plan.Body)
                            w.Line(line.Replace(VectorAnalysis.V, v).Replace("{k}", k.ToString()));
                        w.Close();
                        w.Line($"__kg_i += {width};");
                    }
                    w.Close();
                }
                w.Open($"for (; __kg_i <= __kg_last - {width}; __kg_i += {width})");
                foreach (string line in plan.Body)
                    w.Line(line.Replace(VectorAnalysis.V, v).Replace("{k}", "0"));
                w.Close();
                foreach (string name in accumulators)
                {
                    string family = loop.Reductions.FirstOrDefault(r => VectorAnalysis.Bare(r.Name) == name)?.Family ?? "sum";
                    if (family is "min" or "max")
                    {
                        // Integers: the lanes' extremes in any order give the same value.
                        string method = family == "min" ? "Min" : "Max", all = $"__kg_all_{name}";
                        string combined = $"__kg_acc0_{name}";
                        for (int k = 1; k < VectorAnalysis.Interleave; k++) combined = $"{v}.{method}({combined}, __kg_acc{k}_{name})";
                        w.Line($"var {all} = {combined};");
                        w.Line($"for (int __kg_l = 0; __kg_l < {v}<{t}>.Count; __kg_l++) {EscapeOf(loop, name)} = global::System.Math.{method}({EscapeOf(loop, name)}, {all}[__kg_l]);");
                        continue;
                    }
                    string sum = string.Join(" + ", Enumerable.Range(0, VectorAnalysis.Interleave).Select(k => $"__kg_acc{k}_{name}"));
                    w.Line($"{EscapeOf(loop, name)} += {v}.Sum({(VectorAnalysis.Interleave > 1 ? "(" + sum + ")" : sum)});");
                }
                w.Close();
            }
            w.Close();
        }

        private static readonly string[] HalfWidths = { "Vector256", "Vector128", "Vector64" };

        /// <summary>
        /// Writes the PRange body of an inner-loop plan (see <see cref="InnerLoopVectorizer"/>): the body's text, with the
        /// vector loop over the inner loop's counter where the marker line is; the inner loop itself follows it and runs
        /// what is left (all of it when the vector loop was not taken).
        /// </summary>
        public static void WriteInnerBody(IndentedWriter w, VectorPlan plan)
        {
            foreach (string line in plan.InnerBody.Replace("\r\n", "\n").Split('\n'))
            {
                if (line.Trim() != InnerLoopVectorizer.Marker)
                {
                    w.Line(line.TrimEnd());
                    continue;
                }
                int levels = (line.Length - line.TrimStart().Length) / 4;
                for (int n = 0; n < levels; n++) w.Indent();
                WriteInnerLoop(w, plan);
                for (int n = 0; n < levels; n++) w.Unindent();
            }
        }

        /// <summary>A by-index plan: the vector loop over the chunk's PRange iterations; the chunk's scalar loop runs the tail.</summary>
        public static void WriteIndexLoop(IndentedWriter w, VectorPlan plan)
        {
            WriteInnerLoop(w, plan);
            w.Line("__kg_i = __kg_x;");
        }

        private static void WriteInnerLoop(IndentedWriter w, VectorPlan plan)
        {
            string t = plan.Element;
            w.Line($"// {(plan.ByIndex ? "Vector path" : "KernelGen vector loop")}: {plan.Summary}.");
            w.Line("// Subscripts are multilinear in the loop counters: in bounds at their extreme values means in bounds for every lane.");
            w.Line("// When they are not (or a written array aliases another), the loop below runs every iteration and throws like the serial loop.");
            foreach (string line in plan.Setup) w.Line(line);
            w.Line($"if ((long)__kg_xend - __kg_x >= global::System.Runtime.Intrinsics.Vector128<{t}>.Count");
            foreach (string condition in plan.Guard.Distinct())
                w.Line($"    && {condition}");
            w.Line("    )");
            OpenBlock(w);
            foreach (VectorArray array in plan.Arrays.Where(a => a.Type.Length > 0))
                w.Line($"ref {array.Type} __kg_r_{VectorAnalysis.Bare(array.Name)} = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference({array.Name});");
            int first = FirstWidth(plan);
            for (int n = first; n < Widths.Length; n++)
            {
                string v = "global::System.Runtime.Intrinsics." + Widths[n], half = "global::System.Runtime.Intrinsics." + HalfWidths[n];
                string width = $"{v}<{t}>.Count";
                w.Open($"{(n == first ? "" : "else ")}if ({v}.IsHardwareAccelerated)");
                // (An int difference that wraps is negative: the loop stops and the scalar loop takes the rest.)
                w.Open($"for (; __kg_xend - __kg_x >= {width}; __kg_x += {width})");
                foreach (string line in plan.Body)
                    w.Line(line.Replace(InnerLoopVectorizer.VH, half).Replace(VectorAnalysis.V, v));
                w.Close();
                w.Close();
            }
            w.Close();
            if (!plan.ByIndex) w.Line("// Scalar remainder:");
        }

        /// <summary>
        /// The widest vector to try: 256 bits for loops that multiply 64-bit integers (measured on the benchmark machine,
        /// an AVX-512 AMD EPYC: the seed's widening squares ran in about half the time on Vector256 as on Vector512),
        /// else 512.
        /// </summary>
        private static int FirstWidth(VectorPlan plan) =>
            plan.Element == "long" && plan.Body.Any(line => line.Contains(" * ")) ? 1 : 0;

        private static void OpenBlock(IndentedWriter w)
        {
            w.Line("{");
            w.Indent();
        }

        private static string EscapeOf(LoopSpec loop, string bare) =>
            loop.Reductions.FirstOrDefault(r => VectorAnalysis.Bare(r.Name) == bare)?.Name ?? bare;
    }
}
