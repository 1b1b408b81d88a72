using System.Linq;

namespace KernelGen.Generator.Model
{
    // The generator's models: plain equatable data, no symbols or syntax nodes, so the incremental cache works.

    /// <summary>A containing type, re-opened as <c>partial</c> when emitting.</summary>
    /// <param name="Keyword">"class", "struct", "record", "record struct" or "interface".</param>
    /// <param name="Name">The name with its type parameters, e.g. <c>Outer&lt;T&gt;</c>.</param>
    /// <param name="IsStatic">Whether it is declared static (a partial part must repeat it or omit it).</param>
    internal sealed record ContainingTypeSpec(string Keyword, string Name, bool IsStatic);

    /// <summary>A kernel method parameter.</summary>
    /// <param name="Modifiers">"", "ref ", "out ", "in ", "ref readonly ", "this ", "scoped " …, written before the type.</param>
    /// <param name="Type">Fully qualified type.</param>
    /// <param name="DefaultValue">The default value's source text (" = 3"), or "".</param>
    internal sealed record ParameterSpec(string Modifiers, string Type, string Name, string DefaultValue)
    {
        /// <summary>How an argument is passed on to a method with this parameter.</summary>
        public string ArgumentPrefix => Modifiers.Contains("out ") ? "out " : Modifiers.Contains("ref ") ? "ref " : Modifiers.Contains("in ") ? "in " : "";
    }

    /// <summary>A variable declared outside a PRange loop that its body reads: copied into the chunk body struct.</summary>
    internal sealed record CaptureSpec(string Type, string Name);

    /// <summary>A local constant declared outside the loop that the body uses: redeclared in the chunk body.</summary>
    internal sealed record ConstantSpec(string Type, string Name, string Value);

    /// <summary>A scalar reduction of a PRange loop: each chunk accumulates from <paramref name="Identity"/>.</summary>
    /// <param name="Name">The variable's name.</param>
    /// <param name="Type">"int", "long", "float" or "double".</param>
    /// <param name="Family">"sum", "product", "and", "or", "xor", "min", "max", or the select idiom "select&lt;" (&lt;= &gt; &gt;=).</param>
    /// <param name="Identity">The identity's C# text.</param>
    /// <param name="Operators">The update operators as written, for the report ("+= ++").</param>
    internal sealed record ReductionSpec(string Name, string Type, string Family, string Identity, string Operators)
    {
        /// <summary>
        /// argmin/argmax: the variable assigned together with the value whenever the select idiom takes one
        /// (<c>if (d &lt; best) { best = d; bestIndex = i; }</c>); "" for a plain reduction. Each chunk also records
        /// whether it took any value (its identity must not compete: a chunk of NaNs under '&lt;=' would tie with an
        /// infinite start), and a partial replaces the running pair only when it took one and compares as the loop does.
        /// </summary>
        public string IndexName { get; init; } = "";

        /// <summary>The C# type of <see cref="IndexName"/>.</summary>
        public string IndexType { get; init; } = "";

        public bool HasIndex => IndexName.Length > 0;

        /// <summary>
        /// argmin/argmax by index alone (<c>if (a[i] &gt; a[best]) best = i;</c>): the C# of the element at the index, the
        /// value the pair keeps (<see cref="Name"/> then names no variable of the loop, only the partials). "" otherwise.
        /// </summary>
        public string ValueOf { get; init; } = "";

        public bool IndexOnly => ValueOf.Length > 0;

        /// <summary>argmin/argmax: the chunk's flag that its body took a value (the frontend sets it where the body assigns the pair).</summary>
        public string TakenFlag => "__kg_took_" + (IndexOnly ? IndexName : Name).TrimStart('@');

        /// <summary>The select idiom's test: whether the later value <paramref name="b"/> replaces <paramref name="a"/> (null for other families).</summary>
        public string? Takes(string a, string b) => Family switch
        {
            "select<" => $"{b} < {a}",
            "select<=" => $"{b} <= {a}",
            "select>" => $"{b} > {a}",
            "select>=" => $"{b} >= {a}",
            _ => null,
        };

        /// <summary>How two partials combine (as a C# expression of <paramref name="a"/> and <paramref name="b"/>).</summary>
        public string Combine(string a, string b) => Family switch
        {
            "sum" => $"{a} + {b}",
            "product" => $"{a} * {b}",
            "and" => $"{a} & {b}",
            "or" => $"{a} | {b}",
            "xor" => $"{a} ^ {b}",
            "min" => $"global::System.Math.Min({a}, {b})",
            "max" => $"global::System.Math.Max({a}, {b})",
            // The select idiom: the later value b replaces a when it compares as the loop's statement compares.
            _ when Takes(a, b) is { } takes => $"{takes} ? {b} : {a}",
            _ => b,
        };

        /// <summary>For the report: "m (float select&lt;: if &lt;)", or "best, bestIndex (argmin &lt;: first of equal values)".</summary>
        public string Describe() => !HasIndex ? $"{Name} ({Type} {Family}: {Operators})"
            : IndexOnly ? $"{IndexName} ({(Family is "select<" or "select<=" ? "argmin" : "argmax")} {Family.Substring(6)} by the element at it, {ValueOf}: {(Family.EndsWith("=") ? "last" : "first")} of equal values)"
            : $"{Name}, {IndexName} ({(Family is "select<" or "select<=" ? "argmin" : "argmax")} {Family.Substring(6)}: {(Family.EndsWith("=") ? "last" : "first")} of equal values)";
    }

    /// <summary>
    /// An induction variable of a PRange loop: a local declared before it that every iteration advances by the same
    /// constant <paramref name="Step"/>, unconditionally (<c>output[k++] = a[i]; output[k++] = b[i];</c>: 2). Each
    /// iteration starts from k0 + Step·t (t: the iteration's number from 0; k0: the value before the loop, shared
    /// read-only), and after the loop k is k0 + Step·count, as the serial loop leaves it (wrapping as it does).
    /// </summary>
    /// <param name="Name">The variable's name.</param>
    /// <param name="Type">"int" or "long".</param>
    /// <param name="Step">The advance per iteration.</param>
    /// <param name="Advances">The advancing expressions as written, for the report ("k++, k++").</param>
    /// <param name="Unit">Null: Step is a constant. Else the loop-invariant int or long local or parameter the advances
    /// add (<c>ix += incX</c>, BLAS's strided running index), and Step counts it: the advance per iteration is Step·Unit.</param>
    internal sealed record InductionSpec(string Name, string Type, long Step, string Advances, string? Unit = null)
    {
        /// <summary>k0 + Step·t as C#, from k0's and t's (a long) expressions, wrapping as the serial loop's advances do.</summary>
        public string ValueAt(string start, string iteration) =>
            Unit is null ? $"unchecked(({Type})({start} + {Step}L * {iteration}))" : $"unchecked(({Type})({start} + {Step}L * {Unit} * {iteration}))";

        /// <summary>The advance per iteration as the report writes it: 2, incX, -2·incX.</summary>
        public string StepText => Unit is null ? Step.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Step == 1 ? Unit : Step == -1 ? "-" + Unit : $"{Step}·{Unit}";
    }

    /// <summary>
    /// An array reduction of a PRange loop (the histogram case): a shared one-dimensional array that the body only
    /// updates with one commutative compound operator (<c>h[k] += e; h[k]++; h[k] |= e</c> …, any subscript) and
    /// otherwise only asks for its length. Each chunk updates a private copy that starts from the identity and the
    /// copies are merged into the array in chunk order; integer sums and bitwise or/and may instead update the shared
    /// array atomically; the run-time cost model (KernelRuntime.PlanArrayReduction) picks.
    /// </summary>
    /// <param name="Name">The array variable's name.</param>
    /// <param name="ElementType">"int", "long", "uint", "ulong", "float" or "double".</param>
    /// <param name="Family">"sum", "product", "and", "or" or "xor".</param>
    /// <param name="Identity">The identity's C# text (what a private copy starts from).</param>
    /// <param name="Operators">The update operators as written, for the report ("+= ++").</param>
    /// <param name="Atomic">Whether every update has an Interlocked equivalent (integer sum, or, and).</param>
    internal sealed record ArrayReductionSpec(string Name, string ElementType, string Family, string Identity, string Operators, bool Atomic)
    {
        /// <summary>How a private copy merges into the array (C# operator).</summary>
        public string MergeOperator => Family switch
        {
            "product" => "*",
            "and" => "&",
            "or" => "|",
            "xor" => "^",
            _ => "+",
        };
    }

    /// <summary>
    /// A Span&lt;T&gt; / ReadOnlySpan&lt;T&gt; the loop body uses: pinned around the launch, passed to the chunks as
    /// pointer and length, and rebuilt as a span (same bounds checks) in each chunk.
    /// </summary>
    /// <param name="Name">The variable's name.</param>
    /// <param name="ElementType">The element type, fully qualified (unmanaged).</param>
    /// <param name="ReadOnly">Whether it is a ReadOnlySpan.</param>
    internal sealed record SpanCaptureSpec(string Name, string ElementType, bool ReadOnly)
    {
        public string SpanType => $"global::System.{(ReadOnly ? "ReadOnlySpan" : "Span")}<{ElementType}>";
    }

    /// <summary>
    /// A nested PRange loop collapsed with its outer one into a single iteration space (outer count × inner count):
    /// its bounds do not depend on the outer iteration and both loops are race-free on their own.
    /// </summary>
    /// <param name="RangeExpression">The inner PRange expression's text, evaluated once.</param>
    /// <param name="IndexDeclaration">The inner index's declared type.</param>
    /// <param name="IndexName">The inner index's name.</param>
    /// <param name="Header">The inner loop's header, for the report.</param>
    internal sealed record CollapseSpec(string RangeExpression, string IndexDeclaration, string IndexName, string Header);

    /// <summary>One outermost PRange loop that becomes a chunked parallel loop.</summary>
    /// <param name="Ordinal">Index of the loop in the kernel (names the chunk struct).</param>
    /// <param name="Line">1-based source line of the <c>foreach</c>.</param>
    /// <param name="Header">The loop header as written, for the report.</param>
    /// <param name="RangeExpression">The PRange expression's text, evaluated once before the loop.</param>
    /// <param name="Is64">Whether the range is <c>PRange(long …)</c>.</param>
    /// <param name="UnitStep">Whether the step is the constant 1 (a plain ascending loop is emitted).</param>
    /// <param name="IndexDeclaration">The iteration variable's declared type ("int", "long", "var", …).</param>
    /// <param name="IndexName">The iteration variable's name.</param>
    /// <param name="Body">The body's statements, dedented.</param>
    /// <param name="MinChunk">The fewest iterations worth a chunk (cost model).</param>
    /// <param name="CostPerIteration">Estimated operations per iteration, for the report.</param>
    /// <param name="Column">Column of the <c>foreach</c> relative to the method body's brace, for indentation.</param>
    internal sealed record LoopSpec(
        int Ordinal,
        int Line,
        string Header,
        string RangeExpression,
        bool Is64,
        bool UnitStep,
        string IndexDeclaration,
        string IndexName,
        EquatableArray<CaptureSpec> Captures,
        EquatableArray<ConstantSpec> Constants,
        string Body,
        long MinChunk,
        int CostPerIteration,
        bool HasInnerLoops,
        int Column,
        EquatableArray<string> Reads,
        EquatableArray<string> Writes,
        EquatableArray<string> Notes,
        EquatableArray<ReductionSpec> Reductions = default,
        Vectorize.VectorPlan? Vector = null)
    {
        /// <summary>
        /// "a|b" pairs of array variables whose independence assumes they are distinct arrays: when one pair is the
        /// same array at run time, the chunks run serially, in order (race analysis, KG1xxx).
        /// </summary>
        public EquatableArray<string> AliasChecks { get; init; }

        /// <summary>Spans and arrays that may view a rectangular array's memory or a jagged array's rows: compared at the launch.</summary>
        public EquatableArray<ViewCheckSpec> ViewChecks { get; init; }

        /// <summary>Array reductions (histograms) of the loop; see <see cref="ArrayReductionSpec"/>.</summary>
        public EquatableArray<ArrayReductionSpec> ArrayReductions { get; init; }

        /// <summary>The body with every array-reduction update written as an Interlocked call ("" when not all can be).</summary>
        public string AtomicBody { get; init; } = "";

        /// <summary>Spans the body uses, pinned and passed as pointer + length.</summary>
        public EquatableArray<SpanCaptureSpec> Spans { get; init; }

        /// <summary>The nested PRange loop collapsed into this one's iteration space, or null.</summary>
        public CollapseSpec? Collapse { get; init; }

        /// <summary>Conditions of the race analysis's proof checked at the launch: where one fails, the chunks run serially, in order.</summary>
        public EquatableArray<RunTimeCheckSpec> RunTimeChecks { get; init; }

        /// <summary>Static local functions of the kernel the body calls, declared outside the loop: each chunk declares a copy.</summary>
        public EquatableArray<string> LocalFunctions { get; init; }

        /// <summary>Arrays of references the loop writes through, checked at the launch (null: none).</summary>
        public RowCheckSpec? RowChecks { get; init; }

        /// <summary>
        /// The rows of offsets tables whose inner loops' reads are checked once a chunk (Frontend/OffsetRows.cs), or null:
        /// where every term holds, the chunk runs <see cref="CheckedRowsSpec.Body"/>, which reads through references.
        /// </summary>
        public CheckedRowsSpec? CheckedRows { get; init; }

        /// <summary>Induction variables of the loop (see <see cref="InductionSpec"/>): set at the top of each iteration and after the loop.</summary>
        public EquatableArray<InductionSpec> Inductions { get; init; }

        /// <summary>
        /// The arrays every rank gets after the loop when it is split over MPI ranks (KernelGen.Mpi): see
        /// <see cref="Distributable"/>.
        /// </summary>
        public EquatableArray<ShareSpec> Shares { get; init; }

        /// <summary>Why its iterations cost different amounts ("" when nothing says so): the runtime then makes more, smaller chunks.</summary>
        public string UnevenWork { get; init; } = "";

        /// <summary>Why the loop runs whole on every rank of an MPI run; "" when it is split over them.</summary>
        public string WhyNotDistributed { get; init; } = "its writes were not analyzed";

        /// <summary>
        /// Why the loop of a kernel with <paramref name="progress"/> (its IProgress parameter, or "") runs whole on every
        /// rank; "" when it is split. A deterministic kernel's floating-point array reductions stay whole: the ranks'
        /// merges are applied rank by rank, not chunk by chunk, so their bits would depend on the rank count.
        /// </summary>
        public string WhyWholeOnEachRank(string progress, bool deterministic) =>
            WhyNotDistributed.Length > 0 ? WhyNotDistributed
            : Report.RowSplit(this) ? "its chunks split the rows of the interchanged loop, not the iterations whose elements a rank sends"
            : progress.Length > 0 ? "its progress reports would count one rank's iterations"
            : deterministic && ArrayReductions.Any(r => r.ElementType is "float" or "double") ? "a deterministic floating-point array reduction: merged rank by rank, its bits would depend on the rank count"
            : "";

        /// <summary>The source line of <see cref="Body"/>'s first line (0: unknown), for the <c>#line</c> directive around the copied body.</summary>
        public int BodyLine { get; init; }
    }

    /// <summary>
    /// An array a distributed loop writes, which every rank gets after the loop: iteration k writes (if at all) only
    /// rows [First + Stride·k, First + Stride·k + Width) of its first dimension (elements, for a one-dimensional array),
    /// so each rank sends the rows of its block of iterations. Each is a C# long expression of loop-invariant values
    /// ("$start": the range's start).
    /// </summary>
    internal sealed record ShareSpec(string Array, string ElementType, string First, string Stride, string Width);

    /// <summary>
    /// A span or 1-D array (<paramref name="View"/>, elements <paramref name="ViewElem"/>) that may view memory the
    /// proof takes apart from it: a rectangular array's (<paramref name="Rows"/> false) or a row of a jagged array's
    /// (<paramref name="Rows"/> true), <paramref name="Holder"/> with elements (of its rows) <paramref name="HolderElem"/>.
    /// The launch compares their memory (KernelRuntime.ArrayOverlaps, RowsOverlap; a 1-D array with the rows by
    /// reference, RowsHold: <paramref name="ViewIsArray"/>) and runs the loop serially where they meet. Names and types
    /// as C# at the launch.
    /// </summary>
    internal sealed record ViewCheckSpec(bool Rows, string Holder, string HolderElem, string View, string ViewElem, bool ViewIsArray);

    /// <summary>
    /// The launch-time check behind loops that write through the elements of arrays of references (jagged rows
    /// <c>rows[i][j] = …</c>, objects <c>items[i].X = …</c>): the elements of <paramref name="Written"/> are distinct
    /// objects, none of them is held by <paramref name="Read"/> or is one of <paramref name="Flats"/>; else the loop
    /// runs serially. Each entry is the expression that names the array (or object) at the launch.
    /// </summary>
    /// <summary>
    /// A condition the race analysis's proof needs and only the launch can check (<paramref name="Condition"/>: C# over
    /// loop-invariant integers, exact in Int128; <paramref name="Text"/>: the same for the report, <c>stride &gt;= 3*w</c>).
    /// </summary>
    internal sealed record RunTimeCheckSpec(string Condition, string Text);

    /// <summary>
    /// A chunk's check of its offsets rows (see <see cref="LoopSpec.CheckedRows"/>): the terms that must all hold, the arrays
    /// read through a reference to their first element, and the copy of the body that reads them so.
    /// </summary>
    internal sealed record CheckedRowsSpec(EquatableArray<string> Terms, EquatableArray<string> Arrays, string Body)
    {
        /// <summary>The reference to <paramref name="array"/>'s first element that the copy reads through.</summary>
        public static string RefName(string array) => "__kg_at_" + array.TrimStart('@');
    }

    internal sealed record RowCheckSpec(EquatableArray<string> Written, EquatableArray<string> Read, EquatableArray<string> Flats);

    /// <summary>Everything the emitter needs to write one kernel's parallel version.</summary>
    /// <param name="Key">Identifies the kernel across pipelines (its documentation comment id).</param>
    /// <param name="Namespace">The containing namespace, or "" for the global namespace.</param>
    /// <param name="Usings">The using directives in scope at the kernel, copied so the copied body binds the same.</param>
    /// <param name="BodySegments">The method body's text around the parallel loops: Loops.Count + 1 pieces.</param>
    /// <param name="SerialNotes">Loops left serial, each with its reason, for the report.</param>
    internal sealed record KernelSpec(
        string Key,
        string Namespace,
        EquatableArray<string> Usings,
        EquatableArray<ContainingTypeSpec> ContainingTypes,
        string DisplayName,
        string FileName,
        string Name,
        string ParallelName,
        string Accessibility,
        bool IsUnsafe,
        string ReturnType,
        EquatableArray<ParameterSpec> Parameters,
        EquatableArray<string> BodySegments,
        EquatableArray<LoopSpec> Loops,
        EquatableArray<string> SerialNotes,
        int ChunkSize,
        int MinParallelTripCount,
        bool Interceptable,
        bool Deterministic = false)
    {
        /// <summary>The kernel's <c>CancellationToken</c> parameter (checked before the loops and each chunk), or "".</summary>
        public string CancellationParameter { get; init; } = "";

        /// <summary>The kernel's <c>IProgress&lt;long|int|double&gt;</c> parameter (told after each chunk), or "".</summary>
        public string ProgressParameter { get; init; } = "";

        /// <summary>The chunk's copy of an instance kernel's 'this' (a capture like the loop's other shared variables).</summary>
        public const string ThisCapture = "__kg_this";

        /// <summary>An instance kernel's receiver ("global::Image", or "in global::Grid" for a readonly struct): its parallel version is an instance method too; "" for a static kernel.</summary>
        public string ReceiverType { get; init; } = "";

        /// <summary>A generic kernel's type parameter list as written ("&lt;T&gt;"), given to its parallel version and chunk structs; "" otherwise.</summary>
        public string TypeParameters { get; init; } = "";

        /// <summary>A generic kernel's constraint clauses as written ("where T : INumber&lt;T&gt;"); "" when none.</summary>
        public string Constraints { get; init; } = "";

        /// <summary>The kernel's source file as the compiler names it, for <c>#line</c> directives ("" when it has none).</summary>
        public string FilePath { get; init; } = "";
    }

    /// <summary>A call of a kernel in user code that an interceptor redirects to the parallel version.</summary>
    internal sealed record CallSiteSpec(string KernelKey, int Version, string Data, string Display)
    {
        /// <summary>
        /// The call's own target, where the kernel's <see cref="KernelSpec"/> cannot say it: a kernel of another
        /// project, or a generic kernel (the interceptor takes the call's constructed signature). Null otherwise.
        /// </summary>
        public CallTarget? Target { get; init; }
    }

    /// <summary>
    /// What an interceptor of one call needs: its signature (types as the call binds them) and the parallel version it
    /// forwards to, fully qualified with type arguments. <paramref name="Assembly"/>: the kernel's assembly when it is
    /// another project's, else "".
    /// </summary>
    internal sealed record CallTarget(string DisplayName, string Assembly, string Name, string ParallelMethod, string ReturnType, EquatableArray<ParameterSpec> Parameters)
    {
        /// <summary>An instance kernel's type (fully qualified), the interceptor's 'this' parameter; "" for a static kernel.</summary>
        public string Receiver { get; init; } = "";
    }

    /// <summary>
    /// One kernel's line of the build summary (<c>KernelGen: K.Add(float[], float[]) → parallel, …</c>), for every
    /// <c>[ParallelKernel]</c> method, parallel or not. <paramref name="Status"/> is what the kernel got, without the
    /// interception part, which the call sites decide.
    /// </summary>
    internal sealed record KernelSummary(string Key, string Display, string Status, bool Parallel, string NotInterceptedBecause);

    /// <summary>What the kernel pipeline makes of one <c>[ParallelKernel]</c> method: the spec to emit (null when nothing runs in parallel) and its summary line.</summary>
    internal sealed record KernelOutcome(KernelSpec? Spec, KernelSummary Summary);
}
