using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// docs/benchmarks.svg: per kernel and size, horizontal bars on a log scale that start at 1×: KernelGen's speed-up
    /// over serial, its speed relative to the hand-tuned code and, where the kernel has a C twin that ran, relative to
    /// C/OpenMP (right of 1: KernelGen faster). Plain SVG text, no tools.
    /// </summary>
    public static class Chart
    {
        /// <param name="VsC">C/OpenMP time / KernelGen time: the paired value where the run has one (Paired.cs), else BenchmarkDotNet's (null: no twin or not run).</param>
        /// <param name="CTarget">The C/OpenMP target of this row (1.0, or 0.95 where memory-bound: Report).</param>
        public sealed record Bar(string Label, double? VsSerial, double? VsHand, bool Wrong, double? VsC = null, double CTarget = 1.0);

        private const int Left = 250, PlotWidth = 560, Right = 90, BarHeight = 12, Top = 92;
        private const string SerialColor = "#2b6cb0", HandColor = "#dd6b20", CColor = "#2f855a", MissColor = "#c53030";

        /// <summary>Size as people say it: 1e6, 768×512, 256, 2048×2048.</summary>
        public static string Size(string suite, int n) => suite switch
        {
            "Mandelbrot" => FormattableString.Invariant($"{n}×{n * 2 / 3}"),
            "Stencil" or "StencilColumns" or "Jacobi2D" or "MatVecRows" or "MatVecColumns" or "BoxBlur3x3" or "RgbToGray" or "RowSums" or "Conv3x3Byte" or "StencilJacobi" or "StencilBox" => FormattableString.Invariant($"{n}×{n}"),
            "KMeansAssign" => FormattableString.Invariant($"{n:N0}×{KMeansAssign.Dims}, k {KMeansAssign.K}"),
            "CsrSpMV" => FormattableString.Invariant($"{n:N0} rows"),
            "Stencil7Flat" or "Stencil7Array3D" => FormattableString.Invariant($"{n}³"),
            "MatMul" or "MatMul2D" => FormattableString.Invariant($"{n}"),
            _ => n > 0 && Math.Abs(Math.Log10(n) - Math.Round(Math.Log10(n))) < 1e-9 ? FormattableString.Invariant($"1e{Math.Round(Math.Log10(n))}") : n.ToString("N0", CultureInfo.InvariantCulture),
        };

        public static string Svg(Report.RunData run, IReadOnlyList<Bar> bars, int misses, int targets, string? note = null)
        {
            var values = bars.SelectMany(b => new[] { b.VsSerial, b.VsHand, b.VsC }).OfType<double>().Where(v => v > 0).ToList();
            bool withC = bars.Any(b => b.VsC is not null);
            int RowHeight = withC ? 48 : 34; // a third bar per row when C/OpenMP ran
            double lo = Math.Pow(10, Math.Floor(Math.Log10(Math.Min(0.1, 0.5 * values.DefaultIfEmpty(1).Min())))); // room for the labels of bars left of 1×
            double hi = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(10, values.DefaultIfEmpty(1).Max()))));
            double X(double v) => Left + PlotWidth * (Math.Log10(Math.Clamp(v, lo, hi)) - Math.Log10(lo)) / (Math.Log10(hi) - Math.Log10(lo));
            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

            int height = Top + bars.Count * RowHeight + (string.IsNullOrWhiteSpace(note) ? 60 : 80);
            int width = Left + PlotWidth + Right;
            var svg = new StringBuilder();
            void A(string s) => svg.Append(s).Append('\n');
            A(FormattableString.Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"12\">"));
            A("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
            A(FormattableString.Invariant($"<text x=\"16\" y=\"22\" font-size=\"16\" font-weight=\"bold\">KernelGen speed-up per kernel and size (log scale)</text>"));
            A(FormattableString.Invariant($"<text x=\"16\" y=\"40\" fill=\"#444\">{Escape($"{(run.Short ? "short" : "full")} mode, {run.DateUtc} UTC, {run.Processors} processors, KernelGen threads {run.Threads}; targets: {targets - misses} of {targets} pass (docs/benchmarks.md)")}</text>"));
            // Legend
            A(FormattableString.Invariant($"<rect x=\"16\" y=\"52\" width=\"14\" height=\"10\" fill=\"{SerialColor}\"/><text x=\"36\" y=\"61\">vs serial (target ≥ 1×)</text>"));
            A(FormattableString.Invariant($"<rect x=\"206\" y=\"52\" width=\"14\" height=\"10\" fill=\"{HandColor}\"/><text x=\"226\" y=\"61\">vs hand-tuned (target ≥ 0.9×)</text>"));
            if (withC)
                A(FormattableString.Invariant($"<rect x=\"416\" y=\"52\" width=\"14\" height=\"10\" fill=\"{CColor}\"/><text x=\"436\" y=\"61\">vs C/OpenMP, paired (≥ 1×; memory-bound 0.95×)</text>"));
            A(FormattableString.Invariant($"<text x=\"{(withC ? 706 : 436)}\" y=\"61\" fill=\"{MissColor}\">red value: target missed</text>"));

            // Grid: powers of ten (labelled), 2 and 5 between them (light).
            int plotBottom = Top + bars.Count * RowHeight;
            for (double decade = lo; decade <= hi * 1.0001; decade *= 10)
            {
                foreach (double m in new[] { 1.0, 2.0, 5.0 })
                {
                    double v = decade * m;
                    if (v > hi * 1.0001) break;
                    double x = X(v);
                    A(FormattableString.Invariant($"<line x1=\"{x:F1}\" y1=\"{Top - 8}\" x2=\"{x:F1}\" y2=\"{plotBottom}\" stroke=\"{(m == 1 ? "#bbb" : "#eee")}\"/>"));
                    if (m == 1 || bars.Count > 0)
                        A(FormattableString.Invariant($"<text x=\"{x:F1}\" y=\"{plotBottom + 16}\" text-anchor=\"middle\" fill=\"{(m == 1 ? "#222" : "#999")}\" font-size=\"{(m == 1 ? 12 : 10)}\">{F(v)}×</text>"));
                }
            }
            A(FormattableString.Invariant($"<line x1=\"{X(1):F1}\" y1=\"{Top - 8}\" x2=\"{X(1):F1}\" y2=\"{plotBottom}\" stroke=\"#000\" stroke-width=\"1.5\"/>"));
            A(FormattableString.Invariant($"<line x1=\"{X(0.9):F1}\" y1=\"{Top - 8}\" x2=\"{X(0.9):F1}\" y2=\"{plotBottom}\" stroke=\"{HandColor}\" stroke-dasharray=\"4 3\"/>"));
            if (!string.IsNullOrWhiteSpace(note))
            {
                string shortNote = note.Length > 140 ? note.Substring(0, note.LastIndexOf(' ', 137)) + " …" : note;
                A(FormattableString.Invariant($"<text x=\"16\" y=\"{plotBottom + 58}\" fill=\"{MissColor}\" font-size=\"11\">Note: {Escape(shortNote)}</text>"));
            }
            A(FormattableString.Invariant($"<text x=\"{Left + PlotWidth / 2}\" y=\"{plotBottom + 36}\" text-anchor=\"middle\" fill=\"#444\">time of serial (blue), hand-tuned (orange){(withC ? " or C/OpenMP (green)" : "")} / time of KernelGen; bars start at 1×, right is faster</text>"));

            for (int i = 0; i < bars.Count; i++)
            {
                Bar bar = bars[i];
                int y = Top + i * RowHeight;
                if (i % 2 == 1) A(FormattableString.Invariant($"<rect x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{RowHeight}\" fill=\"#f7f7f7\"/>"));
                A(FormattableString.Invariant($"<text x=\"{Left - 8}\" y=\"{y + RowHeight / 2 + 4}\" text-anchor=\"end\">{Escape(bar.Label)}{(bar.Wrong ? " (wrong result)" : "")}</text>"));
                Draw(svg, bar.VsSerial, y + 4, SerialColor, 1.0 , bar.Wrong);
                Draw(svg, bar.VsHand, y + 4 + BarHeight + 2, HandColor, 0.9, bar.Wrong);
                Draw(svg, bar.VsC, y + 4 + 2 * (BarHeight + 2), CColor, bar.CTarget, bar.Wrong);
            }
            A("</svg>");
            return svg.ToString();

            void Draw(StringBuilder s, double? value, int y, string color, double target, bool wrong)
            {
                if (value is not double v || v <= 0) return;
                double x0 = X(1), x1 = X(v);
                double x = Math.Min(x0, x1), w = Math.Max(1, Math.Abs(x1 - x0));
                s.Append(FormattableString.Invariant($"<rect x=\"{x:F1}\" y=\"{y}\" width=\"{w:F1}\" height=\"{BarHeight}\" fill=\"{color}\"/>\n"));
                bool miss = v < target || wrong;
                string label = v.ToString(v >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture) + "×";
                double tx = v >= 1 ? x1 + 4 : x1 - 4;
                s.Append(FormattableString.Invariant($"<text x=\"{tx:F1}\" y=\"{y + BarHeight - 2}\" text-anchor=\"{(v >= 1 ? "start" : "end")}\" font-size=\"11\" fill=\"{(miss ? MissColor : "#222")}\">{label}</text>\n"));
            }
        }

        private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
    }
}
