using System;
using System.Collections.Generic;

namespace KernelGen.Tests.RandomKernels
{
    /// <summary>
    /// What a side-effect construct of a random kernel requires of the generator (see <see cref="EffectKind"/> and the
    /// checks in FuzzRunner.Effects.cs).
    /// </summary>
    internal enum EffectLabel
    {
        /// <summary>Iterations interfere (a shared location written, or an effect the analysis cannot see): the PRange
        /// loop holding it must be flagged (a KG1xxx/KG2xxx diagnostic, no KG3001). A lost update is never relied on.</summary>
        Racy,
        /// <summary>Iterations stay independent: the results must equal the serial ones at 1, 2, 3 and 8 threads. A loop
        /// left serial because of it is a false alarm: counted, a failure only for the kinds that must stay parallel
        /// (<see cref="FuzzEffect.MustStayParallel"/>, under <see cref="FuzzRunner.StrictEffectFalseAlarms"/>).</summary>
        Benign,
        /// <summary>Racy for some inputs only, or benign only if the effect model can see through it: the loop may be
        /// flagged or parallel (counted), but the results must equal the serial ones.</summary>
        Either,
    }

    /// <summary>The side-effect constructs the fuzzer mixes into kernels (issue 10, the effect model).</summary>
    internal enum EffectKind
    {
        // 1. Static fields of the kernel class.
        /// <summary><c>Hits++</c>, <c>Hits += 2</c> on a static field. Racy.</summary>
        StaticCounter,
        /// <summary><c>Total += a[i]</c> on a static field. Racy.</summary>
        StaticTotal,
        /// <summary><c>if (…) Total += x</c> / <c>if (…) { Hits++; }</c>. Racy.</summary>
        StaticConditional,
        /// <summary>A static field (and a static readonly table) only read. Benign.</summary>
        StaticRead,

        // 2. Static helper methods of the same class.
        /// <summary>An expression-bodied helper that computes only. Benign; must stay parallel.</summary>
        PureHelperExpr,
        /// <summary>A block-bodied helper with locals, an early return and a small loop (sometimes calling a pure expression helper). Benign; must stay parallel.</summary>
        PureHelperBlock,
        /// <summary>A helper with an <c>out</c> parameter that writes nothing else. Benign.</summary>
        PureHelperOut,
        /// <summary>A helper that writes a static field, directly or through 1–3 levels of helpers. Racy.</summary>
        HelperWritesStatic,
        /// <summary>A helper with an <c>out</c> parameter that also writes a static field. Racy.</summary>
        HelperOutAndStatic,
        /// <summary>
        /// Accessor helpers handed the kernel's arrays: <c>Get(v, at) =&gt; v[at]</c> where the loop may read, and
        /// <c>Upd(v, at, x) { v[at] += x; }</c> at the offset the loop's own sinks write (RaceAnalysis.Helpers). Benign.
        /// </summary>
        HelperArrayAccess,

        // 3. Delegates.
        /// <summary>A <c>Func&lt;,&gt;</c> parameter of the kernel called in the loop (its effects are invisible). Racy.</summary>
        DelegateParameter,
        /// <summary>A <c>Func&lt;,&gt;</c> held in a (mutable) static field, called in the loop. Racy.</summary>
        DelegateStaticField,
        /// <summary>A <c>static readonly Func&lt;,&gt;</c> initialized with a <c>static</c> lambda that only computes: an
        /// effect model may see through it. Either.</summary>
        DelegateReadonlyField,
        /// <summary>A lambda declared before the loop that writes a captured local, called in the loop. Racy.</summary>
        CapturingLambda,
        /// <summary>A lambda declared in the iteration that only computes. Either.</summary>
        LambdaInLoop,

        // 4. An object passed in.
        /// <summary><c>acc.Total += x</c> on a field of an object parameter. Racy.</summary>
        ObjectFieldWrite,
        /// <summary>A field of an object parameter only read. Benign.</summary>
        ObjectFieldRead,

        // 5. Jagged arrays.
        /// <summary><c>rows[i][0] += x</c> and reads of the row, every row a distinct array. Benign.</summary>
        JaggedDistinctRows,
        /// <summary>The same code, but slots share rows: mostly slot p holds the row of slot p % d (d = 1 to 8), else each
        /// slot of the second half the row of a random slot of the first (order-dependent updates: a parallel run without
        /// a run-time distinctness check gives other values). Either.</summary>
        JaggedSharedRows,
        /// <summary><c>rows[i] = new double[m]; rows[i][j] = …</c>: a fresh row per iteration. Benign.</summary>
        JaggedFreshRow,

        // 6. Interlocked.
        /// <summary><c>Interlocked.Increment(ref count)</c> / <c>Add</c> on a local declared before the loop, stored after it. Benign; must stay parallel.</summary>
        InterlockedLocal,
        /// <summary>The same on a static field. Benign; must stay parallel.</summary>
        InterlockedStatic,
        /// <summary>Interlocked's return value used in the iteration (order dependent). Racy.</summary>
        InterlockedValueUsed,

        // 7. Shared BCL objects.
        /// <summary><c>rng.Next()</c> on a <c>System.Random</c> parameter. Racy.</summary>
        SharedRandom,
        /// <summary><c>list.Add(…)</c> on a <c>List&lt;int&gt;</c> parameter. Racy.</summary>
        SharedList,
        /// <summary>A <c>List&lt;int&gt;</c> created in the iteration. Benign.</summary>
        LocalList,

        // 9. Offsets tables (CSR row pointers, ragged lists).
        /// <summary>
        /// An inner loop over this iteration's own range of a values array, <c>for (int k = bnd[2i]; k &lt; bnd[2i + 1];
        /// k++) acc += vals[k]</c> (or <c>vals[cols[k]]</c>), sometimes moving its own limit as it goes (the generator must
        /// then read the limit at every test: Frontend/InvariantLimits.cs). Benign.
        /// </summary>
        OffsetRows,

        // 8. ref parameters.
        /// <summary>A <c>ref</c> parameter of the kernel updated in the loop. Racy.</summary>
        RefParameter,
    }

    /// <summary>One side-effect construct of a kernel.</summary>
    /// <param name="Loop">The ordinal of the outermost PRange loop that holds it (in source order).</param>
    /// <param name="UnsafeLoop">That loop also has the fuzzer's deliberately dependent statements (it stays serial anyway).</param>
    /// <param name="Marker">Every line of the construct inside the loop ends with the comment <c>// fx{Marker}</c>.</param>
    internal sealed record FuzzEffect(EffectKind Kind, int Loop, bool UnsafeLoop, int Marker)
    {
        public EffectLabel Label => LabelOf(Kind);

        /// <summary>
        /// The issue requires these to stay parallel (integer atomics are order independent; pure helpers have no
        /// effect): a loop left serial because of one is a failure under <see cref="FuzzRunner.StrictEffectFalseAlarms"/>.
        /// </summary>
        public bool MustStayParallel => Kind is EffectKind.PureHelperExpr or EffectKind.PureHelperBlock
            or EffectKind.InterlockedLocal or EffectKind.InterlockedStatic;

        public string MarkerComment => "// fx" + Marker;

        public static EffectLabel LabelOf(EffectKind kind) => kind switch
        {
            EffectKind.StaticRead or EffectKind.PureHelperExpr or EffectKind.PureHelperBlock or EffectKind.PureHelperOut
                or EffectKind.ObjectFieldRead or EffectKind.JaggedDistinctRows or EffectKind.JaggedFreshRow
                or EffectKind.InterlockedLocal or EffectKind.InterlockedStatic or EffectKind.LocalList or EffectKind.OffsetRows
                or EffectKind.HelperArrayAccess => EffectLabel.Benign,
            EffectKind.LambdaInLoop or EffectKind.JaggedSharedRows or EffectKind.DelegateReadonlyField => EffectLabel.Either,
            _ => EffectLabel.Racy,
        };
    }

    /// <summary>
    /// A parameter added after the usual ones (an object, a delegate, a jagged array, a <c>ref</c> value). Each call
    /// gets a fresh argument from <c>F{id}.{Factory}(int n, int seed)</c> (n = a.Length), so the serial and parallel
    /// runs start from equal objects; their state after the call is compared.
    /// </summary>
    internal sealed record FuzzExtra(string Type, string Name, bool ByRef, string Factory)
    {
        /// <summary>0: compared bitwise; else the largest difference in ULPs allowed per element (a FastMath store).</summary>
        public int Ulps { get; init; }

        public string Declaration => (ByRef ? "ref " : "") + Type + " " + Name;
        public string Argument => (ByRef ? "ref " : "") + Name;
    }

    /// <summary>A static field of the kernel class that the loop may write: reset to <paramref name="Initial"/> before every call, compared after it.</summary>
    internal sealed record FuzzStatic(string Name, object Initial);
}
