using Microsoft.CodeAnalysis;

namespace KernelGen.Generator.Diagnostics
{
    /// <summary>
    /// Every KernelGen diagnostic, in ID order. KG1xxx: parallel safety; KG2xxx: unsupported constructs (the kernel
    /// or loop stays serial and says why); KG3xxx: information. Each ID has a page in docs/diagnostics.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Safety = "KernelGen.Safety";
        private const string Unsupported = "KernelGen.Unsupported";
        private const string Info = "KernelGen.Info";

        /// <summary>
        /// Where the repository's files are published; each ID's help link is <c>{HelpLinkBase}docs/diagnostics/{id}.md</c>,
        /// the page in this repository (DiagnosticDocsTests checks that every page exists). Change it here, in one
        /// place, if the project moves.
        /// </summary>
        public const string HelpLinkBase = "https://github.com/kernelgen/kernelgen/blob/main/";

        /// <summary>Where the pages are: each descriptor's help link is <c>Pages + "{id}.md"</c>.</summary>
        private const string Pages = HelpLinkBase + "docs/diagnostics/";

        // Each descriptor is created right here with constant ID, category and severity, so the release-tracking
        // rules (RS2000 series) check them against AnalyzerReleases.Unshipped.md / Shipped.md at every build; through a
        // helper method they could not see the severity. DiagnosticDocsTests checks each help link against its ID.

        public static readonly DiagnosticDescriptor LoopCarriedDependence = new("KG1001",
            "A PRange loop carries a dependence between iterations",
            "{0}. A PRange loop asserts that its iterations are independent, so this stops the build. Fix: make each iteration touch only its own elements (write the results to a second array), or use a plain 'for' loop if the order matters.",
            Safety, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Pages + "KG1001.md");

        public static readonly DiagnosticDescriptor SameElementWritten = new("KG1002",
            "Several iterations of a PRange loop write the same element",
            "`{0}` is written by several iterations of the PRange loop ({1}): they race on the element. A PRange loop asserts that its iterations are independent, so this stops the build. Fix: give each iteration its own element (a subscript that depends on the loop index), accumulate in a local declared before the loop (a reduction), or use a plain 'for' loop.",
            Safety, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Pages + "KG1002.md");

        public static readonly DiagnosticDescriptor IndirectWrite = new("KG1003",
            "A PRange loop writes through an index array",
            "`{0}` writes through index array '{1}': if '{1}' holds a value twice, two iterations write the same element at the same time. The loop runs in parallel; if '{1}' never repeats a value (a permutation), suppress KG1003 here, else use a plain 'for' loop.",
            Safety, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG1003.md");

        public static readonly DiagnosticDescriptor MayDepend = new("KG1004",
            "KernelGen cannot prove the iterations of a PRange loop independent",
            "This PRange loop runs serially: `{0}` may touch an element that another iteration writes ({1})",
            Safety, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG1004.md");

        public static readonly DiagnosticDescriptor SharedScalarRace = new("KG1005",
            "A PRange loop races on a variable declared outside it",
            "'{0}' is shared by all iterations of the PRange loop and {1}. A PRange loop asserts that its iterations are independent, so this stops the build. Fix: declare '{0}' inside the loop if each iteration needs its own, or update it only as a reduction ('{0} += …;', '{0}++;').",
            Safety, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Pages + "KG1005.md");

        // RS1032 (a message of several sentences should end with a period) cannot see that the last sentence is {2},
        // the fix, which every caller passes with its own period: the message as shown does end with one.
#pragma warning disable RS1032
        public static readonly DiagnosticDescriptor SharedStateWritten = new("KG1006",
            "A PRange loop changes state that all its iterations share",
            "This PRange loop runs serially: `{0}` {1}, which every iteration shares, so iterations running at the same time would race on it. {2}",
            Safety, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG1006.md");
#pragma warning restore RS1032

        public static readonly DiagnosticDescriptor UnknownEffects = new("KG1007",
            "A PRange loop calls code whose effects KernelGen cannot see",
            "This PRange loop runs serially: `{0}` {1}",
            Safety, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG1007.md");

        public static readonly DiagnosticDescriptor KernelNotStatic = new("KG2001",
            "An instance kernel must be declared in a class",
            "[ParallelKernel] method '{0}' is an instance method of a struct that is not readonly: it runs serially. Make the struct readonly, make the method static (pass what it reads from the struct), or declare it in a class.",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2001.md");

        public static readonly DiagnosticDescriptor TypeNotPartial = new("KG2002",
            "The type that declares a kernel must be partial",
            "'{0}' declares [ParallelKernel] method '{1}' but is not partial: the kernel runs serially. Declare '{0}' partial.",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2002.md");

        public static readonly DiagnosticDescriptor KernelShapeUnsupported = new("KG2003",
            "This kind of method cannot be a parallel kernel yet",
            "[ParallelKernel] method '{0}' runs serially: {1}",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2003.md");

        public static readonly DiagnosticDescriptor NoPRangeLoop = new("KG2004",
            "A parallel kernel has no PRange loop",
            "[ParallelKernel] method '{0}' has no 'foreach (… in PRange(…))' loop: nothing is parallelized",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2004.md");

        public static readonly DiagnosticDescriptor LoopJumpsOut = new("KG2005",
            "A PRange loop body leaves the loop",
            "This PRange loop runs serially: '{0}' leaves the loop, which a parallel loop cannot do. Compute a flag per iteration instead, or use a plain 'for' loop.",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2005.md");

        public static readonly DiagnosticDescriptor SharedVariableWritten = new("KG2006",
            "A PRange loop writes a variable declared outside it",
            "This PRange loop runs serially: it writes '{0}', which is declared outside the loop and so shared by all iterations. Declare it inside the loop if each iteration needs its own.",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2006.md");

        public static readonly DiagnosticDescriptor CaptureUnsupported = new("KG2007",
            "A PRange loop uses a variable that cannot be handed to worker threads",
            "This PRange loop runs serially: {0}",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2007.md");

        public static readonly DiagnosticDescriptor NotIntercepted = new("KG2008",
            "Calls of this kernel are not redirected to its parallel version",
            "Calls of '{0}' keep running serially: {1}",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2008.md");

        public static readonly DiagnosticDescriptor NestedPRange = new("KG2009",
            "A PRange loop inside a lambda or local function runs serially",
            "This PRange loop is inside a lambda or local function: it runs serially",
            Unsupported, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: Pages + "KG2009.md");

        public static readonly DiagnosticDescriptor SpanNeedsUnsafe = new("KG2010",
            "A PRange loop over a span needs unsafe code",
            "This PRange loop runs serially: it uses the span '{0}', which the parallel version pins and hands to the worker threads as a pointer and a length; that needs unsafe code. Set <AllowUnsafeBlocks>true</AllowUnsafeBlocks> in the project, or pass an array.",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2010.md");

        public static readonly DiagnosticDescriptor ReferencedKernelNotIntercepted = new("KG2011",
            "A call of another project's kernel runs serially",
            "This call of '{0}' runs the serial original: {1}",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2011.md");

        public static readonly DiagnosticDescriptor MapShapeUnsupported = new("KG2012",
            "A [ParallelMap] or [ParallelStencil] function gets no overloads",
            "'{0}' gets no generated overloads: {1}",
            Unsupported, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Pages + "KG2012.md");

        public static readonly DiagnosticDescriptor MapRunsSerially = new("KG2013",
            "The generated overloads of a function run serially",
            "The generated overloads of '{0}' run serially: {1}",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2013.md");

        public static readonly DiagnosticDescriptor InternalError = new("KG2099",
            "KernelGen could not analyze a kernel",
            "KernelGen could not analyze '{0}' ({1}): it runs serially. Please report this with the kernel's code.",
            Unsupported, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Pages + "KG2099.md");

        public static readonly DiagnosticDescriptor ParallelReport = new("KG3001",
            "Parallel report",
            "{0}",
            Info, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: Pages + "KG3001.md");
    }
}
