using KernelGen.Generator.Model;

namespace KernelGen.Generator.Vectorize
{
    // A vector plan is data: which loop's iterations become lanes, what each lane loads and stores, the guards that
    // decide at run time whether the vector loop may run, and the vector program of one step as records. Only the
    // emitter (Emit/VectorEmitter) writes C#, for each width (Vector512/256/128) it tries. Scalar parts are IR printed by
    // Ir.Printer (exact C#), never source text.

    // ---- vector expressions ------------------------------------------------------------------------------------------

    /// <summary>A vector value: lanes of <paramref name="Elem"/> ("float", "double", "int", "long"); a mask is a vector of the loop's lane integer type with all bits set or clear.</summary>
    internal abstract record VExpr(string Elem);

    /// <summary>The same scalar value in every lane: <c>V.Create((Elem)(Scalar))</c>; <paramref name="Scalar"/> is exact C# (printed IR or a first-lane local).</summary>
    internal sealed record VBroadcast(string Scalar, string Elem) : VExpr(Elem);

    /// <summary>The lane numbers added to a first-lane value: <c>V.Create((Elem)First) + V&lt;Elem&gt;.Indices</c> (wrapped to 32 bits for ints in long lanes).</summary>
    internal sealed record VIndices(string First, string Elem, bool WrapInt32) : VExpr(Elem);

    /// <summary>
    /// Consecutive elements from <paramref name="Index"/> (the first lane's element number, exact C#) of the array behind
    /// <paramref name="Ref"/>; <paramref name="WidenInt"/> loads ints into long lanes (half-width load, sign-extended).
    /// </summary>
    internal sealed record VLoad(string Ref, string Index, string Elem, bool WidenInt) : VExpr(Elem)
    {
        /// <summary>The array's element type when it is narrower than the int lanes ("byte", "sbyte", "short", "ushort"): widened as C# converts it.</summary>
        public string? Narrow { get; init; }

        /// <summary>
        /// Elements between lanes: 3 takes one channel of packed RGB pixels (narrow loads: 2, 3 or 4); a load of the
        /// lanes' own type steps 1 or 2 (every other element: one side of stereo frames or complex pairs).
        /// </summary>
        public int Stride { get; init; } = 1;

        /// <summary>Float elements widened into double lanes (a half-width load; exact).</summary>
        public bool WidenFloat { get; init; }
    }

    /// <summary>A shift by a count the same for every lane (exact C#), masked as C# masks it for the lane type.</summary>
    internal sealed record VShift(string Method, VExpr Operand, string Count, string Elem, bool WrapInt32) : VExpr(Elem);

    /// <summary>A vector local of the step.</summary>
    internal sealed record VLocal(string Name, string Elem) : VExpr(Elem);

    /// <summary><c>l op r</c> lane by lane ("+", "-", "*", "/", "&amp;", "|", "^"), wrapped to 32 bits for ints in long lanes.</summary>
    internal sealed record VBinary(string Op, VExpr Left, VExpr Right, string Elem, bool WrapInt32) : VExpr(Elem);

    /// <summary>
    /// <c>-x</c>: floating point flips the sign bit (<c>-0.0 ^ x</c>, as scalar negation does: 0 - x would give +0); ints
    /// negate (wrapped in long lanes).
    /// </summary>
    internal sealed record VNegate(VExpr Operand, string Elem, bool WrapInt32) : VExpr(Elem);

    /// <summary>A mask's complement <c>~m</c>.</summary>
    internal sealed record VNot(VExpr Operand, string Elem) : VExpr(Elem);

    /// <summary>A comparison (<c>V.LessThan</c> …; not-equal is the complement of Equals) as a mask of the loop's lane integer type <paramref name="Elem"/>.</summary>
    internal sealed record VCompare(string Method, VExpr Left, VExpr Right, bool Negate, string Elem) : VExpr(Elem)
    {
        /// <summary>Compared as unsigned lanes: 16-bit lanes holding values in 0..65535 (as ushorts), int lanes holding uints.</summary>
        public bool Unsigned { get; init; }
    }

    /// <summary>Lane-wise choice: <c>V.ConditionalSelect(mask, whenTrue, whenFalse)</c> (the mask reinterpreted for floating-point lanes).</summary>
    internal sealed record VSelect(VExpr Mask, VExpr WhenTrue, VExpr WhenFalse, string Elem) : VExpr(Elem);

    /// <summary>A numeric conversion: <c>V.ConvertToDouble</c>, <c>ConvertToSingle</c>, <c>ConvertToInt32</c>; int to long in long lanes is free.</summary>
    internal sealed record VConvert(VExpr Operand, string From, string Elem) : VExpr(Elem);

    /// <summary>A lane-wise method with an exact vector counterpart: <c>V.Sqrt</c>, <c>V.Abs</c>, <c>V.Min</c>, <c>V.Max</c>;
    /// with FastMath, KernelRuntime's FastExp, FastLog, FastSin, FastCos, FastTan, FastAsin.</summary>
    internal sealed record VCall(string Method, EquatableArray<VExpr> Arguments, string Elem) : VExpr(Elem)
    {
        /// <summary>A method of KernelRuntime (its FastMath functions), not of the vector type.</summary>
        public bool Runtime { get; init; }
    }

    // ---- vector statements -------------------------------------------------------------------------------------------

    internal abstract record VStmt;

    /// <summary>
    /// What has no vector form, computed lane by lane: <paramref name="Name"/> (lanes of <paramref name="Elem"/>) gets in
    /// each lane l (only the lanes set in <paramref name="Mask"/>, when there is one) the scalar C# <paramref name="Code"/>,
    /// in which <c>{lane:k}</c> stands for lane l of <paramref name="Inputs"/>[k] (computed as vectors first).
    /// <paramref name="What"/> names the operation for the comment.
    /// </summary>
    internal sealed record VPerLane(string Name, string Elem, EquatableArray<VExpr> Inputs, string Code, string? Mask, string What) : VStmt
    {
        /// <summary>The user's line of the statement, when the code may throw (a stack trace then names it); else 0.</summary>
        public int Line { get; init; }

        /// <summary><paramref name="Code"/> is a statement (an element store), run in lane order; <paramref name="Name"/> only names its inputs.</summary>
        public bool Store { get; init; }

        /// <summary>The code divides integers: a zero divisor (or <c>MinValue / -1</c>) traps in the processor itself.</summary>
        public bool Traps { get; init; }
    }

    /// <summary>A scalar statement of the step, exact C#: a first-lane value (<c>int k = i * n + x;</c>), a constant.</summary>
    internal sealed record VScalar(string Code) : VStmt
    {
        /// <summary>The local it declares, if any (a second lane group renames it: see <see cref="LaneGroups"/>).</summary>
        public string? Declares { get; init; }
    }

    /// <summary><c>var name = value;</c></summary>
    internal sealed record VDeclare(string Name, VExpr Value) : VStmt
    {
        /// <summary>Why the value is there, for the reader (a trailing comment), if anything needs saying.</summary>
        public string? Comment { get; init; }
    }

    /// <summary><c>var name = V&lt;Elem&gt;.Zero;</c> (a local assigned before it is read).</summary>
    internal sealed record VDeclareZero(string Name, string Elem) : VStmt;

    /// <summary>Assigns a vector local; with <paramref name="Mask"/> only the lanes in it (the others keep their value).</summary>
    internal sealed record VAssign(string Name, VExpr Value, string? Mask) : VStmt;

    /// <summary>
    /// Stores a vector at <paramref name="Index"/> (the first lane's element) of the array behind <paramref name="Ref"/>;
    /// with <paramref name="Mask"/> the other lanes store back what they hold; <paramref name="NarrowLongToInt"/> stores
    /// long lanes into an int array.
    /// </summary>
    internal sealed record VStore(string Ref, string Index, VExpr Value, string Elem, string? Mask, bool NarrowLongToInt) : VStmt
    {
        /// <summary>Int lanes stored into an array of this narrower type, keeping the low bits as an unchecked cast does.</summary>
        public string? Narrow { get; init; }

        /// <summary>
        /// A group store (no mask) of c = 1 + Rest.Count values: lane k's <see cref="Value"/> goes to element Index + c·k
        /// and value j of Rest to Index + c·k + j + 1 (the c stores of a loop body at c·i + b, …, c·i + b + c − 1, written
        /// together once all values are known: pairs of the lanes' own type, or 2 to 4 narrow channels from int lanes).
        /// Empty: a plain store.
        /// </summary>
        public EquatableArray<VExpr> Rest { get; init; }

        /// <summary>Double lanes (holding floats) stored into a float array, narrowed (a half-width store).</summary>
        public bool NarrowToFloat { get; init; }
    }

    /// <summary>
    /// A reduction's vector accumulator: <c>acc = acc op value</c> (<paramref name="Op"/> "+", "-", "min", "max", or an
    /// integer "^", "|", "&amp;"); with <paramref name="Mask"/>, lanes outside it add nothing (keep their extreme, or all
    /// their bits under "&amp;").
    /// </summary>
    internal sealed record VAccumulate(string Reduction, string Op, VExpr Value, string Elem, string? Mask) : VStmt
    {
        /// <summary>A uint or ulong reduction in int or long lanes: "min" and "max" compare the lanes as unsigned.</summary>
        public bool Unsigned { get; init; }
    }

    /// <summary><c>var mask = value;</c> (a lane mask).</summary>
    internal sealed record VMask(string Name, VExpr Value) : VStmt;

    /// <summary>Runs <paramref name="Body"/> when some lane of <paramref name="Mask"/> is set (an if-branch on lane masks).</summary>
    internal sealed record VIfAny(string Mask, EquatableArray<VStmt> Body) : VStmt;

    /// <summary>
    /// A while loop on lane masks: <paramref name="Mask"/> starts as the enclosing mask (all lanes outside branches), loses
    /// each lane whose <paramref name="Condition"/> fails (after <paramref name="Setup"/>, what the condition computes
    /// first), and the body runs while any lane is left.
    /// </summary>
    internal sealed record VWhile(string Mask, string? Outer, EquatableArray<VStmt> Setup, VExpr Condition, EquatableArray<VStmt> Body) : VStmt;

    /// <summary>A counted loop run in order inside each step (the same for every lane): <c>for (Type c = start; c &lt; limit; c++)</c>.</summary>
    internal sealed record VFor(string Type, string Counter, string Start, string Limit, EquatableArray<VStmt> Body) : VStmt
    {
        /// <summary><c>c &lt;= limit</c> instead of <c>c &lt; limit</c>.</summary>
        public bool Inclusive { get; init; }
    }

    /// <summary>
    /// Calls of one runtime function (FastExp) evaluated together: <c>KernelRuntime.Method(a, b, out var n0, out var n1)</c>
    /// declares <paramref name="Names"/>[k] = Method(<paramref name="Arguments"/>[k]) (see <see cref="CallBatches"/>).
    /// </summary>
    internal sealed record VCallBatch(string Method, EquatableArray<VExpr> Arguments, EquatableArray<string> Names) : VStmt;

    /// <summary>
    /// Lane-by-lane calls of one step that cannot throw, computed together (see <see cref="PerLaneGroups"/>): lane 0 of
    /// each part, then lane 1 of each, ...; each part's <see cref="VPerLane.Name"/> then holds its lanes as alone.
    /// </summary>
    internal sealed record VPerLaneGroup(EquatableArray<VPerLane> Parts) : VStmt;

    /// <summary>A nested block (scoping of the step's locals).</summary>
    internal sealed record VBlock(EquatableArray<VStmt> Body) : VStmt;

    /// <summary>
    /// The histogram update: the subscripts of the step's lanes are computed as a vector, then <c>Array[s] Update</c> runs
    /// one lane at a time, in iteration order. <paramref name="Array"/> is a one-dimensional array local;
    /// <paramref name="Update"/> the rest of the statement (<c>++;</c>, <c> += 2;</c>).
    /// </summary>
    internal sealed record VScatter(VExpr Subscripts, string Array, string Update) : VStmt;

    // ---- arrays, guards, accumulators --------------------------------------------------------------------------------

    /// <summary>How the step reaches an array's elements by reference.</summary>
    internal enum ArrayRefKind
    {
        /// <summary>A one-dimensional array: <c>MemoryMarshal.GetArrayDataReference(a)</c>.</summary>
        Array,
        /// <summary>A rectangular array (<c>T[,]</c>, <c>T[,,]</c>): its data reference as T, indices linearized row-major.</summary>
        Multi,
        /// <summary>A span: <c>MemoryMarshal.GetReference(s)</c>.</summary>
        Span,
        /// <summary>A pointer: <c>Unsafe.AsRef&lt;T&gt;(p)</c>; no length, no null check (the serial loop has none either).</summary>
        Pointer,
    }

    /// <summary>
    /// An array (or span, or a jagged row) the vector step touches. <paramref name="Source"/> is the C# that yields it
    /// (a variable, or a row <c>rows[i]</c>, held in the local <paramref name="Holder"/> before the loop); <paramref name="Ref"/>
    /// names the ref local the step loads and stores through; <paramref name="Vector"/>: it is loaded or stored as vectors.
    /// </summary>
    internal sealed record VArray(string Source, string Holder, string Ref, string Elem, ArrayRefKind Kind, int Rank, bool Vector, bool Written)
    {
        /// <summary>
        /// The array's own element type where the lanes read its bits as <see cref="Elem"/> (a uint array in int lanes: the
        /// ref is <c>Unsafe.As&lt;uint, int&gt;</c>); "" where they are the same.
        /// </summary>
        public string Holds { get; init; } = "";

        /// <summary>The element type as C# declares the array.</summary>
        public string Declared => Holds.Length > 0 ? Holds : Elem;

        /// <summary>A row an inner loop's counter picks, read afresh where used: <see cref="Ref"/> is that expression, no local holds it.</summary>
        public bool PerIteration { get; init; }
    }

    /// <summary>
    /// A row of a rectangular array the same for the whole run of the vector loop (its subscripts before the last do not
    /// change in it): <c>ref Elem Name = ref Unsafe.Add(ref Ref, Offset);</c> once before the loop, so that each access
    /// is the row plus the last subscript (<paramref name="What"/>: the row as the source writes it, for the comment).
    /// </summary>
    internal sealed record VRowRef(string Name, string Ref, string Elem, string Offset, string What)
    {
        /// <summary>
        /// A 1-D array's row (<c>a[y * w + x + c]</c>): the element at the vector loop's first x (<c>__kg_xa</c>), with this
        /// constant c; accesses index it by <c>x - __kg_xa</c> plus their own constant's difference. Null for a row of a
        /// rectangular array (its element 0).
        /// </summary>
        public long? Anchor { get; init; }
    }

    /// <summary>
    /// An element the rows of a jammed pass share and keep in a register between them (<see cref="OuterJam.Pass"/>):
    /// the store at <paramref name="Index"/> of the array behind <paramref name="Ref"/> (as the plan's step writes it)
    /// becomes a local that the next row's loads read, and only the last row stores it.
    /// </summary>
    internal sealed record VForward(string Ref, string Index);

    /// <summary>
    /// A condition the vector loop needs, checked once before it (else the scalar loop runs every iteration and behaves
    /// and throws like the serial loop).
    /// </summary>
    internal abstract record VGuard;

    /// <summary>
    /// <c>if (Condition) { Then's vector loop } else { Else's }</c>: the body's top-level if on a condition that reads only
    /// values the same in every iteration, split into one loop per side (a side that does not vectorize has no vector
    /// loop: the scalar loop runs it). The condition is evaluated once a chunk; it cannot throw (no division of integers,
    /// no checked arithmetic, no array or call).
    /// </summary>
    internal sealed record VUnswitch(string Condition, VectorPlan Then, VectorPlan Else);

    /// <summary><c>x is not null</c>.</summary>
    internal sealed record NotNull(string Value) : VGuard;

    /// <summary><c>low &lt;= value</c> in exact 128-bit arithmetic.</summary>
    internal sealed record AtLeast(string Value, string Low) : VGuard;

    /// <summary><c>value &lt; limit</c> in exact 128-bit arithmetic.</summary>
    internal sealed record Below(string Value, string Limit) : VGuard;

    /// <summary>Two arrays are not the same (spans: do not overlap; <paramref name="SpanElem"/> set).</summary>
    internal sealed record NotAliased(string First, string Second, string? SpanElem) : VGuard
    {
        /// <summary>The second's element type where it differs from the first's: their bytes are compared.</summary>
        public string? SecondElem { get; init; }
    }

    /// <summary>A span does not view the elements of a rectangular array (KernelRuntime.ArrayOverlaps).</summary>
    internal sealed record GridApart(string Grid, string GridElem, string Span, string SpanElem) : VGuard;

    /// <summary>
    /// A run-time condition, as C#: a property of the machine (<c>KernelRuntime.VectorByteTables</c>: the vector form is
    /// faster only where it holds) or of the data (a row stride that is a multiple of 4: a group's gaps are then no other
    /// iteration's elements).
    /// </summary>
    internal sealed record Holds(string Condition) : VGuard;

    /// <summary>A rectangular array's lower bounds are 0 (true for every <c>new T[,]</c>; not for Array.CreateInstance with bounds).</summary>
    internal sealed record ZeroBased(string Array, int Rank) : VGuard;

    /// <summary>A reduction's vector accumulators (one per interleave slot), combined into the chunk's partial after the vector loop.</summary>
    /// <param name="Type">The reduction variable's type (an int reduction may live in long lanes: folded back with a wrapping cast).</param>
    internal sealed record VAccumulator(string Reduction, string Family, string Elem, string Type)
    {
        /// <summary>A select reduction (argmin/argmax, the <c>m = v &lt; m ? v : m</c> idiom): per-lane winners replayed in iteration order.</summary>
        public bool Select => Family.StartsWith("select", System.StringComparison.Ordinal);

        /// <summary>argmin/argmax: the index variable ("" when the loop keeps none) and the chunk's taken flag.</summary>
        public string IndexName { get; init; } = "";
        public string TakenFlag { get; init; } = "";

        /// <summary>
        /// Index-only argmax (<c>if (a[c] &gt; a[best]) best = c;</c>): the C# of the element at the index, which
        /// <see cref="Reduction"/> (a local of the vector path) is read from before the lanes start; null otherwise.
        /// </summary>
        public string? ValueOf { get; init; }
    }

    /// <summary>
    /// Rows of a jagged array, one per lane (<c>rows[x + l]</c>), copied at the start of a step into a tile (lane l's
    /// element d at d·Count + l) so that loops inside the step read whole vectors (<see cref="VTileLoad"/>). The step
    /// stops the vector loop (the scalar loop runs the rest) when a row is null, the rows' lengths differ, they do not
    /// fit the tile, or a loop reading them runs past their length (<paramref name="Limits"/>: those loops' bounds).
    /// <paramref name="Length"/> names the rows' common length (a local of the step). (The vector path is not taken
    /// where a row it tiles shares memory with an array it stores to: the planner's guards.)
    /// </summary>
    internal sealed record VRowTile(string Rows, string First, string Elem, string Ref, string Length, EquatableArray<string> Limits) : VStmt
    {
        /// <summary>Rows laid end to end in the one array <see cref="Rows"/>, this far apart (C#); null for jagged and rectangular rows.</summary>
        public string? Stride { get; init; }
    }

    /// <summary>Lane l's element <paramref name="Index"/> of its row, from a <see cref="VRowTile"/>.</summary>
    internal sealed record VTileLoad(string Ref, string Index, string Elem) : VExpr(Elem);

    /// <summary>
    /// argmin/argmax on lanes: where <c>V.{Method}(value, acc)</c> (and <paramref name="Mask"/>), the lane takes the
    /// value and the index (lanes of the loop's integer type) and records that it took one.
    /// </summary>
    internal sealed record VArgSelect(string Reduction, string Method, VExpr Value, VExpr Index, string Elem, string? Mask) : VStmt;

    /// <summary>Which iterations are lanes.</summary>
    internal enum LaneSource
    {
        /// <summary>Consecutive PRange iterations of the chunk (the chunk's scalar loop runs the tail).</summary>
        Index,
        /// <summary>Consecutive values of a counted loop inside the body (the loop itself runs the remainder).</summary>
        Inner,
    }

    /// <summary>
    /// The interior of an inner loop whose clamps are their argument there (<see cref="EdgePeeling"/>): C# for its first
    /// counter value (at most the loop's limit) and one past its last (evaluated once, before the loop), the loop's own
    /// first value, and the clamps, for the report.
    /// </summary>
    internal sealed record VInnerPeel(string Start, string End, string LoopFirst, string Clamps);

    /// <summary>
    /// How a PRange loop runs on SIMD vectors, or why it does not (<paramref name="Reason"/> not empty).
    /// <paramref name="Lanes"/>: the element type whose Vector count is the step ("float", "double", "int", "long").
    /// <paramref name="First"/> and <paramref name="Limit"/>: exact C# for the lane loop's first value and bound
    /// (inner loops: evaluated once, before it). <paramref name="Counter"/>: the lane variable's name, declared in the
    /// step as its first lane's value.
    /// </summary>
    internal sealed record VectorPlan(
        string Reason,
        LaneSource Source,
        string Lanes,
        string CounterType,
        string Counter,
        string First,
        string Limit,
        EquatableArray<VArray> Arrays,
        EquatableArray<VGuard> Guards,
        EquatableArray<VStmt> Body,
        EquatableArray<VAccumulator> Accumulators,
        string Summary)
    {
        /// <summary>Inner plans: the source position of the loop whose iterations are lanes (the frontend splices the vector loop in front of it).</summary>
        public int InnerLoopStart { get; init; } = -1;
        public int InnerInitStart { get; init; } = -1;
        public int InnerInitEnd { get; init; } = -1;
        /// <summary>The text that restarts the inner loop at iteration {x} (<see cref="Ir.For.Resume"/>); null: {x} itself.</summary>
        public string? InnerResume { get; init; }
        /// <summary>What runs before the loop restarts (<see cref="Ir.For.ResumeBefore"/>); null: nothing.</summary>
        public string? InnerBefore { get; init; }
        /// <summary>What goes before the vector loop and the restarted loop (<see cref="Ir.For.Prelude"/>); null: nothing.</summary>
        public string? InnerPrelude { get; init; }

        /// <summary>
        /// Inner plans split at the interior where the loop's clamps do nothing (<see cref="EdgePeeling"/>): the loop runs
        /// the iterations before <see cref="VInnerPeel.Start"/> as written, then the vector loop (<see cref="First"/> and
        /// <see cref="Limit"/> are then <c>__kg_edge</c> and <c>__kg_edgeend</c>), then itself from where that stopped.
        /// Null: not split.
        /// </summary>
        public VInnerPeel? Peel { get; init; }

        /// <summary>
        /// Inner plans: the source position of the outermost loop around the vector loop whose guard is invariant in it
        /// (-1: none). The guard is then evaluated once before that loop, at the extreme values of its counter and of the
        /// counters of the loops between, instead of once per run of the vector loop (a 3-D stencil's row); where that
        /// fails (a branch skips the rows a wider subscript would leave), each run still checks its own guard.
        /// </summary>
        public int HoistStart { get; init; } = -1;

        /// <summary>Rows of rectangular arrays addressed once before the vector loop (<see cref="VRowRef"/>).</summary>
        public EquatableArray<VRowRef> Rows { get; init; } = EquatableArray<VRowRef>.Empty;

        /// <summary>The guard evaluated at <see cref="HoistStart"/>; when it fails, each run of the vector loop checks <c>Guards</c> itself.</summary>
        public EquatableArray<VGuard> HoistedGuards { get; init; } = EquatableArray<VGuard>.Empty;

        /// <summary>Spans over arrays of flat structs (<see cref="Ir.StructView"/>) the step reads and writes field by field: declared in each chunk before the loop.</summary>
        public EquatableArray<Ir.StructView> Views { get; init; } = EquatableArray<Ir.StructView>.Empty;

        /// <summary>
        /// Shared values the body reads through a member (an instance kernel's field, <c>__kg_this._gain</c>; a number in a
        /// shared struct, <c>m.TopLeft</c>): one value for the whole loop, so their broadcasts are made once a chunk.
        /// </summary>
        public EquatableArray<string> InvariantMembers { get; init; } = EquatableArray<string>.Empty;

        /// <summary>
        /// A loop unswitched on a condition the same in every iteration (<see cref="VUnswitch"/>): each side of it gets
        /// a vector loop of its own. This plan is then the side with a vector loop, for the report and the chunk.
        /// </summary>
        public VUnswitch? Unswitch { get; init; }

        /// <summary>Arrays in members of shared objects (<see cref="Ir.MemberLocal"/>): declared in each chunk before the loop.</summary>
        public EquatableArray<Ir.MemberLocal> Members { get; init; } = EquatableArray<Ir.MemberLocal>.Empty;

        /// <summary>Inner plans: the PRange body's text with the vector loop's place marked (see <see cref="Emit.VectorEmitter"/>).</summary>
        public string InnerBody { get; init; } = "";

        /// <summary>
        /// Inner plans: the body's other counted loops that run on vectors too, each on its own (softmax's max, exp-sum
        /// and scale loops over a row), in source order, none inside another's loop. Each is marked in
        /// <see cref="InnerBody"/> by <see cref="Emit.VectorEmitter.MarkerOf"/> its place here + 1. Empty: one vector loop.
        /// </summary>
        public EquatableArray<VectorPlan> Others { get; init; } = EquatableArray<VectorPlan>.Empty;

        /// <summary>Independent accumulators per reduction (4 hides the add latency), when the step has no inner loops.</summary>
        public int Interleave { get; init; } = 1;

        /// <summary>
        /// Lane groups per step (1 or 2): with 2 the step runs a second copy of itself on the next vector of iterations,
        /// its inner loops jammed with the first's so that their chains of vector operations overlap (<see cref="LaneGroups"/>).
        /// </summary>
        public int Groups { get; init; } = 1;

        /// <summary>Lane groups a step on Vector512, whose 32 registers hold more of them (<see cref="LaneGroups.Count"/>).</summary>
        public int WideGroups { get; init; } = 1;

        /// <summary>
        /// Inner plans: PRange iterations a pass of the chunk (1, or <see cref="OuterJam.Rows"/>): they share one run
        /// of the vector loop (unroll-and-jam, see <see cref="OuterJam"/>); <see cref="JamIndex"/> names the PRange index
        /// in the plan's C#, <see cref="JamGuards"/> are what a jammed pass checks per row besides <c>Guards</c>
        /// (the elements its broadcast values read in bounds: nothing in the rows' steps may throw).
        /// </summary>
        public int Jam { get; init; } = 1;
        public string JamIndex { get; init; } = "";
        public EquatableArray<VGuard> JamGuards { get; init; } = EquatableArray<VGuard>.Empty;

        /// <summary>A jammed pass: what the PRange body declares before the loop (<see cref="VScalar"/>s), copied per row once its guard holds.</summary>
        public EquatableArray<VStmt> JamSetup { get; init; } = EquatableArray<VStmt>.Empty;

        /// <summary>A jammed pass: the shared elements its rows hand on in registers (<see cref="VForward"/>).</summary>
        public EquatableArray<VForward> JamForward { get; init; } = EquatableArray<VForward>.Empty;

        /// <summary>The row tiles the step fills (<see cref="VRowTile"/>): their reference names and element types.</summary>
        public EquatableArray<VRowTile> Tiles { get; init; } = EquatableArray<VRowTile>.Empty;

        /// <summary>
        /// Stored arrays the vector loop may write with streaming stores when they are larger than the last-level cache
        /// (<see cref="StreamingStores"/>); empty: ordinary stores only.
        /// </summary>
        public EquatableArray<VArray> Streamed { get; init; } = EquatableArray<VArray>.Empty;

        /// <summary>
        /// The c channel statements of the PRange body (or of the inner loop on the lanes) rolled into one loop over
        /// k = c·i + j (<see cref="RolledChannels"/>): the vector loop runs k from <c>__kg_rfirst</c> = c·(the first
        /// iteration) to <c>__kg_rlast</c> (whole iterations, a multiple of the narrowest vector), the loop itself the
        /// iterations after it. 0: not rolled.
        /// </summary>
        public int Rolled { get; init; }

        /// <summary>Rolled plans: the range of the loop before rolling (C#: the chunk's next iteration and end, or the inner loop's bounds).</summary>
        public (string First, string Limit) RolledRange { get; init; }

        /// <summary>Operations the step does lane by lane (<see cref="VPerLane"/>): a plan without any is preferred.</summary>
        public int LaneByLane { get; init; }

        /// <summary>
        /// Loop interchange (index plans): the step is the index's declaration and one counted loop whose subscripts walk
        /// rows (<see cref="Planner"/>'s Interchange). That loop then runs outside the steps: for each of its counter's
        /// values, every step of the chunk in order, so a chunk of columns is read row after row instead of down each
        /// column. Legal because the lanes' iterations are independent and each keeps its own order. Null: steps outside.
        /// </summary>
        public string? Interchange { get; init; }

        /// <summary>
        /// With <see cref="Interchange"/>: the condition (C#, over loop invariants; "" when none) under which the chunks may
        /// split that loop's rows instead of the columns: each chunk runs its band of the rows across every column (the
        /// Planner's RowSplit says when that is legal). Null: the chunks split the columns.
        /// </summary>
        public string? RowSplit { get; init; }

        /// <summary>
        /// The vector steps stop one lane early: every step [x, x + W) leaves lane x + W to a later step or the scalar
        /// loop. Set where a group store over a pointer writes back its gaps (BGRA with alpha left alone): the last lane's
        /// gap elements then lie between two elements the loop itself writes (this lane's and the next one's, fewer than a
        /// pixel apart), so on a page the loop touches; past the row's last pixel they could be memory it never touches.
        /// </summary>
        public bool LastLaneScalar { get; init; }

        /// <summary>
        /// Conditions the launch checks before the chunks run apart (minParallelTrips); where one fails they run one after
        /// another on one thread. <c>{range}</c> stands for the loop's PRange value (its Start and Count). Set where a
        /// proof about every iteration needs them: a group of 3 writing back its gaps (Planner's GapsNeverWritten).
        /// </summary>
        public EquatableArray<Model.RunTimeCheckSpec> ParallelChecks { get; init; } = EquatableArray<Model.RunTimeCheckSpec>.Empty;

        public bool Vectorized => Reason.Length == 0;

        public static VectorPlan Scalar(string reason) =>
            new(reason, LaneSource.Index, "", "", "", "", "", EquatableArray<VArray>.Empty, EquatableArray<VGuard>.Empty,
                EquatableArray<VStmt>.Empty, EquatableArray<VAccumulator>.Empty, "");
    }
}
