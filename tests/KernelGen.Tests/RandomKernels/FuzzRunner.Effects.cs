using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace KernelGen.Tests.RandomKernels
{
    /// <summary>What the run found about the side-effect constructs (see <see cref="EffectKind"/>), per kind.</summary>
    internal sealed class EffectCounts
    {
        /// <summary>Constructs; their loop ran in parallel (KG3001); left serial; of those, with a diagnostic on the construct's own lines.</summary>
        public int Total, Parallel, Flagged, FlaggedHere;
        /// <summary>Benign or either constructs whose loop is serial for another reason (a racy construct or the fuzzer's dependent statements in it): not judged.</summary>
        public int NotJudged;

        public void Add(EffectCounts o) { Total += o.Total; Parallel += o.Parallel; Flagged += o.Flagged; FlaggedHere += o.FlaggedHere; NotJudged += o.NotJudged; }
    }

    internal static partial class FuzzRunner
    {
        /// <summary>
        /// The switch for the constructs the issue requires to stay parallel (<see cref="FuzzEffect.MustStayParallel"/>:
        /// Interlocked counters on a local or a static field, pure helper methods). True: a loop left serial because of
        /// one (no racy construct and none of the fuzzer's dependent statements in it) fails the test. False: such false
        /// alarms are only counted, like those of the other benign constructs. Until the generator's effect model
        /// (issue 10) lands these fail; set false to merge the fuzzer before it.
        /// </summary>
        public static readonly bool StrictEffectFalseAlarms = true;

        /// <summary>Thread counts at which kernels with effect constructs run (at their largest size); -7: the reversed schedule.</summary>
        private static readonly int[] EffectDegrees = { 1, 2, 3, 8, -7 };

        /// <summary>
        /// 0: the runtime's current setting (processor count or KERNELGEN_NUM_THREADS); then the reversed schedule
        /// (a negative degree: chunks of −degree iterations, last first, on one thread), its chunk size by size index.
        /// </summary>
        private static int[] DefaultDegrees(int sizeIndex) => new[] { 0, -ReversedChunks[sizeIndex % ReversedChunks.Length] };

        /// <summary>Chunk sizes of the reversed schedule: one iteration, odd sizes across the vector widths.</summary>
        private static readonly int[] ReversedChunks = { 3, 1, 17, 7 };

        /// <summary>
        /// Judges each construct of <paramref name="kernel"/> from the diagnostics (never from a lost update): a racy
        /// one's loop must not be parallel; a benign one's loop left serial is a false alarm. Returns true when a racy
        /// construct went unflagged (its kernel's wrong results are then that construct's fault, not a new failure).
        /// </summary>
        private static bool JudgeEffects(FuzzKernel kernel, MethodDeclarationSyntax method, IReadOnlyList<ForEachStatementSyntax> loops,
            IReadOnlyList<bool> parallel, ImmutableArray<Diagnostic> diagnostics, FuzzStats stats, List<string> findings)
        {
            if (kernel.Effects.Count == 0) return false;
            stats.EffectKernels++;
            SourceText text = method.SyntaxTree.GetText();
            // Per construct: its lines (marked // fxN), the diagnostics that explain its loop staying serial, and whether one is on its lines.
            var lines = new List<HashSet<int>>();
            var reasons = new List<List<Diagnostic>>();
            var here = new List<bool>();
            foreach (FuzzEffect effect in kernel.Effects)
            {
                var marked = method.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) && t.ToString() == effect.MarkerComment)
                    .Select(t => text.Lines.GetLineFromPosition(t.SpanStart).LineNumber).ToHashSet();
                ForEachStatementSyntax? loop = effect.Loop < loops.Count ? loops[effect.Loop] : null;
                var explaining = loop is null ? new List<Diagnostic>() : diagnostics.Where(d => d.Id.StartsWith("KG", StringComparison.Ordinal)
                    && d.Id is not ("KG3001" or "KG1003" or "KG2008") && loop.Span.Contains(d.Location.SourceSpan)).ToList();
                lines.Add(marked);
                reasons.Add(explaining);
                here.Add(explaining.Any(d => !AboutKernelArray(d) && OnLines(d, marked)));
            }
            bool racyUnflagged = false;
            for (int e = 0; e < kernel.Effects.Count; e++)
            {
                FuzzEffect effect = kernel.Effects[e];
                EffectCounts counts = stats.Effect(effect.Kind);
                counts.Total++;
                if (effect.Loop >= loops.Count)
                {
                    findings.Add($"kernel {kernel.Id} (seed {kernel.Seed}): fuzzer bug, {effect.Kind} placed in loop {effect.Loop} of {loops.Count}");
                    continue;
                }
                bool isParallel = parallel[effect.Loop];
                if (isParallel) counts.Parallel++;
                else { counts.Flagged++; if (here[e]) counts.FlaggedHere++; }
                string line = lines[e].Count > 0 ? text.Lines[lines[e].Min()].ToString().Trim() : "?";
                string reasonText = reasons[e].Count == 0 ? "no diagnostic" : string.Join("; ", reasons[e]
                    .Select(d => $"{d.Id} at line {d.Location.GetLineSpan().StartLinePosition.Line + 1}{(OnLines(d, lines[e]) ? " (the construct)" : "")}: {Shorten(d.GetMessage(), 160)}").Distinct().Take(3));
                switch (effect.Label)
                {
                    case EffectLabel.Racy when !isParallel:
                        stats.Notes.Add($"note: kernel {kernel.Id}: racy {effect.Kind} flagged ({reasonText}); construct: {line}");
                        break;
                    case EffectLabel.Racy:
                        racyUnflagged = true;
                        stats.RacyUnflagged++;
                        findings.Add($"kernel {kernel.Id} (seed {kernel.Seed}): racy {effect.Kind} not flagged: loop {effect.Loop} runs in parallel (KG3001); construct: {line}");
                        break;
                    case EffectLabel.Benign or EffectLabel.Either when !isParallel:
                    {
                        // Serial for another reason: the fuzzer's dependent statements, a racy construct, or (none on this
                        // construct's lines) a diagnostic on another construct or on a statement of the kernel itself, such
                        // as KG1004 on a 2-D subscript. A diagnostic on the loop's header line counts against the construct.
                        int header = loops[effect.Loop].GetLocation().GetLineSpan().StartLinePosition.Line;
                        bool elsewhere = reasons[e].Any(d => AboutKernelArray(d)
                            || d.Location.GetLineSpan().StartLinePosition.Line is var at && at != header && !lines.Any(l => l.Contains(at)));
                        string? otherReason =
                            effect.UnsafeLoop ? "the fuzzer's dependent statements"
                            : kernel.Effects.Any(o => o.Loop == effect.Loop && o.Label == EffectLabel.Racy) ? "a racy construct"
                            : here[e] ? null
                            : Enumerable.Range(0, kernel.Effects.Count).Any(o => o != e && kernel.Effects[o].Loop == effect.Loop && here[o]) ? "another construct's diagnostic"
                            : elsewhere ? "a diagnostic on the kernel's own statements or subscripts"
                            : null;
                        if (otherReason is not null)
                        {
                            counts.NotJudged++;
                            stats.Notes.Add($"note: kernel {kernel.Id}: {effect.Label.ToString().ToLowerInvariant()} {effect.Kind} not judged, loop {effect.Loop} is serial because of {otherReason} ({reasonText})");
                            break;
                        }
                        if (effect.Label == EffectLabel.Either) break;
                        stats.BenignFalseAlarms++;
                        string alarm = $"kernel {kernel.Id} (seed {kernel.Seed}): {effect.Kind} {(effect.MustStayParallel ? "must stay parallel" : "is benign")}, but loop {effect.Loop} stays serial ({reasonText}); construct: {line}";
                        if (!effect.MustStayParallel) { stats.Notes.Add("note: " + alarm); break; }
                        stats.StrictFalseAlarms++;
                        if (StrictEffectFalseAlarms) findings.Add(alarm);
                        else stats.Notes.Add("note: " + alarm);
                        break;
                    }
                }
            }
            return racyUnflagged;
        }

        private static string Shorten(string text, int length) => text.Length <= length ? text : text.Substring(0, length) + "…";

        private static bool OnLines(Diagnostic d, HashSet<int> lines)
        {
            FileLinePositionSpan span = d.Location.GetLineSpan();
            return lines.Any(l => l >= span.StartLinePosition.Line && l <= span.EndLinePosition.Line);
        }

        /// <summary>
        /// A diagnostic about an element of the kernel's own arrays (<c>`q[j * w + i]` may touch …</c>): the kernel's
        /// subscripts, not the construct, even on a construct's line (its value is added into such an element).
        /// </summary>
        private static bool AboutKernelArray(Diagnostic d) => System.Text.RegularExpressions.Regex.IsMatch(d.GetMessage(), @"`[abrq]\[");

        // ------------------------------------------------------------------ run-time state: static fields, extra arguments

        /// <summary>Sets the kernel's effect statics (in the kernel class or its twin) back to their declared values.</summary>
        private static void ResetStatics(Type? type, FuzzKernel kernel)
        {
            if (type is null) return;
            foreach (FuzzStatic field in kernel.Statics)
                StaticField(type, field.Name).SetValue(null, field.Initial);
        }

        private static object?[] Statics(Type type, FuzzKernel kernel) =>
            kernel.Statics.Select(field => StaticField(type, field.Name).GetValue(null)).ToArray();

        private static FieldInfo StaticField(Type type, string name) =>
            type.GetField(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{type.Name}.{name} not found");

        /// <summary>An extra argument, made fresh for every call by its factory (<c>F{id}.Arg_x(n, seed)</c>).</summary>
        private sealed record Recipe(MethodInfo Factory, int N, int Seed)
        {
            public object? Make() => Factory.Invoke(null, new object[] { N, Seed });
        }

        private static object?[] WithExtras(object?[] args, FuzzKernel kernel, Type support, Random random)
        {
            int n = ((Array)args[0]!).Length;
            return args.Concat(kernel.Extras.Select(e => (object?)new Recipe(support.GetMethod(e.Factory)!, n, random.Next()))).ToArray();
        }

        /// <summary>
        /// Whether two values are the same: primitives bitwise (any two NaNs equal, as for arrays), arrays (jagged ones
        /// too) element by element, lists, a <see cref="Random"/> by its next number (see <see cref="Settle"/>), other objects by their
        /// public instance fields. Returns where they first differ (a path relative to the values: "[3][0]: …", ".Total: …"), or null.
        /// </summary>
        private static string? Difference(object? x, object? y)
        {
            switch (x, y)
            {
                case (null, null): return null;
                case (null, _) or (_, null): return $": serial {x ?? "null"}, parallel {y ?? "null"}";
                case (double a, double b):
                    return BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || double.IsNaN(a) && double.IsNaN(b) ? null : $": serial {a:R}, parallel {b:R}";
                case (float a, float b):
                    return BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) || float.IsNaN(a) && float.IsNaN(b) ? null : $": serial {a:R}, parallel {b:R}";
                case (object[] a, object[] b): // jagged rows (array covariance), compared row by row
                    if (a.Length != b.Length) return $": serial length {a.Length}, parallel length {b.Length}";
                    for (int i = 0; i < a.Length; i++)
                        if (Difference(a[i], b[i]) is { } d) return $"[{i}]{d}";
                    return null;
                case (Array a, Array b):
                    if (a.Length != b.Length) return $": serial length {a.Length}, parallel length {b.Length}";
                    int at = FirstDifference(a, b);
                    return at < 0 ? null : $"[{at}]: serial {Show(a, at)}, parallel {Show(b, at)}";
                case (List<int> a, List<int> b):
                    if (a.Count != b.Count) return $": serial count {a.Count}, parallel count {b.Count}";
                    int first = CollectionsMarshal.AsSpan(a).CommonPrefixLength(CollectionsMarshal.AsSpan(b));
                    return first == a.Count ? null : $"[{first}]: serial {a[first]}, parallel {b[first]}";
                case (NextDraw a, NextDraw b):
                    return a.Value == b.Value ? null : $": the generators' next numbers differ (serial {a.Value}, parallel {b.Value}): not the same number of draws";
                case (Delegate, Delegate): return null; // its effects show in the kernel's results
            }
            if (x.GetType().IsPrimitive) return Equals(x, y) ? null : $": serial {x}, parallel {y}";
            foreach (FieldInfo field in x.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public))
                if (Difference(field.GetValue(x), field.GetValue(y)) is { } d) return $".{field.Name}{d}";
            return null;
        }

        /// <summary>A FastMath array: every element within <paramref name="ulps"/> of serial (docs/fastmath.md), NaN where serial is NaN.</summary>
        private static string? UlpDifference(object? x, object? y, int ulps)
        {
            switch (x, y)
            {
                case (double[] a, double[] b):
                    for (int i = 0; i < a.Length; i++)
                        if (FastMathFunctionTests.Ulps(a[i], b[i]) > ulps) return $"[{i}]: serial {a[i]:R}, parallel {b[i]:R}: {FastMathFunctionTests.Ulps(a[i], b[i])} ULP > {ulps} (FastMath)";
                    return null;
                case (float[] a, float[] b):
                    for (int i = 0; i < a.Length; i++)
                        if (FastMathFunctionTests.Ulps(a[i], b[i]) > ulps) return $"[{i}]: serial {a[i]:R}, parallel {b[i]:R}: {FastMathFunctionTests.Ulps(a[i], b[i])} ULP > {ulps} (FastMath)";
                    return null;
                default: return Difference(x, y);
            }
        }

        /// <summary>A <see cref="Random"/> argument's state after a call: its next number, drawn once (comparing the
        /// generator itself would draw again at every comparison with the same serial run).</summary>
        private sealed record NextDraw(int Value);

        /// <summary>Right after a call: what of the arguments is compared, where reading it would change it.</summary>
        private static void Settle(object?[] args)
        {
            for (int a = BaseArguments; a < args.Length; a++)
                if (args[a] is Random random) args[a] = new NextDraw(random.Next());
        }

        /// <summary>The static fields and extra arguments after the serial and the parallel call.</summary>
        private static string? CompareEffects(FuzzKernel kernel, object?[] expectedStatics, object?[] actualStatics, object?[] expectedArgs, object?[] actualArgs)
        {
            for (int s = 0; s < kernel.Statics.Count; s++)
                if (Difference(expectedStatics[s], actualStatics[s]) is { } d) return $"static {kernel.Class}.{kernel.Statics[s].Name}{d}";
            for (int e = 0; e < kernel.Extras.Count; e++)
                if ((kernel.Extras[e].Ulps > 0 ? UlpDifference(expectedArgs[BaseArguments + e], actualArgs[BaseArguments + e], kernel.Extras[e].Ulps)
                        : Difference(expectedArgs[BaseArguments + e], actualArgs[BaseArguments + e])) is { } d)
                    return kernel.Extras[e].Name + d;
            return null;
        }

        /// <summary>a, b, r, q, ires, fres, w, m, k.</summary>
        private const int BaseArguments = 9;
    }
}
