using System.Collections.Generic;

namespace KernelGen.Tests
{
    /// <summary>
    /// Labelled kernels for the race analysis: mostly racy / race-free twins that differ minimally. Each body runs in
    /// a kernel with parameters (double[] a, double[] b, double[] r, int n, int[] idx, double[,] m, double[][] g).
    /// "Racy" means some execution order of the iterations changes the result (or may, for index arrays).
    /// </summary>
    public static class RaceCorpus
    {
        /// <remarks>
        /// Reduction statements (s += x; count++;) are labelled race-free: they run as reductions. So are arrays that
        /// the loop only updates with one commutative compound operator (r[idx[i]] += 1): array reductions.
        /// </remarks>
        public sealed record Case(string Name, bool Racy, string Body)
        {
            public bool Reduction => Name is "counter_statement" or "sum_reduction" or "max_reduction" or "accumulate_into_element" or "histogram" or "histogram_minus";
        }

        public static readonly IReadOnlyList<Case> Cases = new[]
        {
            // distance 0 vs 1
            new Case("copy", false, "foreach (int i in PRange(n)) r[i] = a[i];"),
            new Case("in_place_scale", false, "foreach (int i in PRange(n)) a[i] = a[i] * 2;"),
            new Case("compound_same", false, "foreach (int i in PRange(n)) a[i] += b[i];"),
            new Case("shift_read_ahead", true, "foreach (int i in PRange(n - 1)) a[i] = a[i + 1];"),
            new Case("shift_read_behind", true, "foreach (int i in PRange(1, n)) a[i] = a[i - 1] + 1;"),
            new Case("shift_into_other", false, "foreach (int i in PRange(n - 1)) r[i] = a[i + 1];"),
            new Case("shift_read_2", true, "foreach (int i in PRange(n - 2)) a[i] = a[i + 2] * 0.5;"),
            new Case("write_ahead", true, "foreach (int i in PRange(n - 1)) a[i + 1] = a[i];"),
            new Case("two_writes_distance1", true, "foreach (int i in PRange(n - 1)) { a[i] = 1; a[i + 1] = 2; }"),
            new Case("two_writes_two_arrays", false, "foreach (int i in PRange(n - 1)) { a[i] = 1; r[i + 1] = 2; }"),
            new Case("stencil_out", false, "foreach (int i in PRange(1, n - 1)) r[i] = (a[i - 1] + a[i] + a[i + 1]) / 3;"),
            new Case("stencil_in_place", true, "foreach (int i in PRange(1, n - 1)) a[i] = (a[i - 1] + a[i] + a[i + 1]) / 3;"),
            new Case("offset_both", false, "foreach (int i in PRange(n - 3)) a[i + 3] = a[i + 3] + 1;"),
            new Case("offset_mismatch", true, "foreach (int i in PRange(n - 3)) a[i + 3] = a[i + 2] + 1;"),
            // even / odd
            new Case("even_from_odd", false, "foreach (int i in PRange(n / 2 - 1)) a[2 * i] = a[2 * i + 1];"),
            new Case("even_from_even_next", true, "foreach (int i in PRange(n / 2 - 1)) a[2 * i] = a[2 * i + 2];"),
            new Case("even_write_odd_read_prev", false, "foreach (int i in PRange(1, n / 2)) a[2 * i] = a[2 * i - 1];"),
            new Case("stride2_range", false, "foreach (int i in PRange(0, n - 1, 2)) a[i] = a[i + 1];"),
            new Case("stride2_range_racy", true, "foreach (int i in PRange(0, n - 2, 2)) a[i] = a[i + 2];"),
            new Case("step_normalized", false, "foreach (int i in PRange(3, n, 3)) r[(i - 3) / 3] = a[i];"),
            new Case("crossing_reverse", true, "foreach (int i in PRange(n)) a[i] = a[n - 1 - i];"),
            new Case("crossing_into_other", false, "foreach (int i in PRange(n)) r[i] = a[n - 1 - i];"),
            new Case("mixed_coeffs_gcd", false, "foreach (int i in PRange(n / 4)) a[4 * i] = a[2 * i + 1];"),
            new Case("mixed_coeffs_dep", true, "foreach (int i in PRange(n / 4)) a[4 * i] = a[2 * i];"),
            new Case("weak_zero_read", true, "foreach (int i in PRange(n)) a[i] = a[0] + 1;"),
            new Case("weak_zero_read_out_of_range", false, "foreach (int i in PRange(1, n)) a[i] = a[0] + 1;"),
            new Case("weak_zero_other_array", false, "foreach (int i in PRange(n)) r[i] = a[0] + a[i];"),
            // constant and modulo subscripts
            new Case("constant_write", true, "foreach (int i in PRange(n)) a[0] = b[i];"),
            new Case("constant_write_private", false, "foreach (int i in PRange(n)) { var t = new double[1]; t[0] = b[i]; r[i] = t[0]; }"),
            new Case("modulo_write", true, "foreach (int i in PRange(n)) r[i % 4] = a[i];"),
            new Case("modulo_read", false, "foreach (int i in PRange(n)) r[i] = a[i % 4];"),
            new Case("divide_write", true, "foreach (int i in PRange(n)) r[i / 2] = a[i];"),
            new Case("divide_read", false, "foreach (int i in PRange(n)) r[i] = a[i / 2];"),
            new Case("constant_read_only", false, "foreach (int i in PRange(n)) r[i] = a[0] * a[1];"),
            // 2-D: outer vs inner carried
            new Case("grid_inner_carried", false, "foreach (int i in PRange(m.GetLength(0))) for (int j = 1; j < m.GetLength(1); j++) m[i, j] = m[i, j - 1] + 1;"),
            new Case("grid_outer_carried", true, "foreach (int i in PRange(1, m.GetLength(0))) for (int j = 0; j < m.GetLength(1); j++) m[i, j] = m[i - 1, j] + 1;"),
            new Case("grid_transpose_in_place", true, "foreach (int i in PRange(m.GetLength(0))) for (int j = 0; j < m.GetLength(1); j++) m[i, j] = m[j, i];"),
            new Case("grid_row_private", false, "foreach (int i in PRange(m.GetLength(0))) for (int j = 0; j < m.GetLength(1); j++) m[i, j] = m[i, j] * 2;"),
            new Case("grid_column_write", true, "foreach (int i in PRange(m.GetLength(0))) for (int j = 0; j < m.GetLength(1); j++) m[j, 0] = i;"),
            new Case("jagged_row", false, "foreach (int i in PRange(g.Length)) for (int j = 1; j < g[i].Length; j++) g[i][j] = g[i][j - 1] + 1;"),
            new Case("jagged_rows_carried", true, "foreach (int i in PRange(1, g.Length)) for (int j = 0; j < 4; j++) g[i][j] = g[i - 1][j];"),
            // flattened 2-D
            new Case("flat_rows", false, "foreach (int i in PRange(n)) for (int j = 0; j < n; j++) a[i * n + j] = b[i * n + j] + a[i * n + j];"),
            new Case("flat_rows_prefix", false, "foreach (int i in PRange(n)) for (int j = 1; j < n; j++) a[i * n + j] = a[i * n + j - 1] + 1;"),
            new Case("flat_rows_overrun", true, "foreach (int i in PRange(n)) for (int j = 0; j <= n; j++) a[i * n + j] = 1;"),
            new Case("flat_rows_prev_row", true, "foreach (int i in PRange(1, n)) for (int j = 0; j < n; j++) a[i * n + j] = a[(i - 1) * n + j];"),
            new Case("flat_rows_local_base", false, "foreach (int i in PRange(n)) { int row = i * n; for (int j = 0; j < n; j++) a[row + j] = a[row + j] * 2; }"),
            new Case("flat_const_width", false, "foreach (int i in PRange(n)) for (int j = 0; j < 4; j++) a[4 * i + j] = b[j];"),
            new Case("flat_const_width_overlap", true, "foreach (int i in PRange(n)) for (int j = 0; j < 5; j++) a[4 * i + j] = b[j];"),
            new Case("flat_column_major", false, "foreach (int j in PRange(n)) for (int i = 0; i < n; i++) a[i * n + j] = a[i * n + j] + 1;"),
            new Case("inner_loop_sum_private", false, "foreach (int i in PRange(n)) { double s = 0; for (int j = 0; j < n; j++) s += a[i * n + j]; r[i] = s; }"),
            new Case("inner_writes_shared_row", true, "foreach (int i in PRange(n)) for (int j = 0; j < n; j++) r[j] = a[i * n + j];"),
            new Case("inner_window", true, "foreach (int i in PRange(n)) for (int j = 0; j < 3; j++) a[i + j] = 0;"),
            new Case("inner_window_other", false, "foreach (int i in PRange(n)) { double s = 0; for (int j = 0; j < 3; j++) s += a[i + j]; r[i] = s; }"),
            // private vs shared temporaries
            new Case("temp_private", false, "foreach (int i in PRange(n)) { double t = a[i] * 2; r[i] = t + 1; }"),
            new Case("temp_shared", true, "double t = 0; foreach (int i in PRange(n)) { t = a[i] * 2; r[i] = t + 1; }"),
            new Case("temp_private_reused", false, "foreach (int i in PRange(n)) { double t = a[i]; t = t * t; r[i] = t; }"),
            new Case("temp_shared_compound", true, "double t = 0; foreach (int i in PRange(n)) { t = a[i]; t *= t; r[i] = t; }"),
            new Case("index_private", false, "foreach (int i in PRange(n)) { int k = n - 1 - i; r[k] = a[k]; }"),
            new Case("index_private_collide", true, "foreach (int i in PRange(n)) { int k = i / 2; r[k] = a[i]; }"),
            // c advances 1 in every iteration: an induction variable (c = i), race-free; advanced conditionally it is a race.
            new Case("counter_value_used", false, "int c = 0; foreach (int i in PRange(n)) r[c++] = a[i];"),
            new Case("counter_value_used_conditional", true, "int c = 0; foreach (int i in PRange(n)) { if (a[i] > 0) r[c++] = a[i]; }"),
            // Advanced by a value the method never changes (BLAS's ix += incX): c = c0 + n·t, apart where n >= 1; writing
            // the next iteration's element too is a race.
            new Case("strided_running_index", false, "int c = 0; foreach (int i in PRange(n)) { r[c] = a[i]; c += n; }"),
            new Case("strided_running_index_overlap", true, "int c = 0; foreach (int i in PRange(n)) { r[c] = a[i]; c += n; r[c] = b[i]; }"),
            new Case("counter_statement", false, "int c = 0; foreach (int i in PRange(n)) { if (a[i] > 0) c++; } r[0] = c;"),
            new Case("last_value", true, "int last = -1; foreach (int i in PRange(n)) { if (a[i] > 0) last = i; } r[0] = last;"),
            new Case("flag_read_back", true, "bool seen = false; foreach (int i in PRange(n)) { if (!seen && a[i] > 0) { seen = true; r[i] = 1; } }"),
            // reductions vs plain shared writes
            new Case("sum_reduction", false, "double s = 0; foreach (int i in PRange(n)) s += a[i]; r[0] = s;"),
            new Case("sum_partial_blocks", false, "foreach (int blk in PRange(n)) { double s = 0; for (int j = 0; j < 8; j++) s += a[blk * 8 + j]; r[blk] = s; }"),
            new Case("max_reduction", false, "double mx = 0; foreach (int i in PRange(n)) mx = Math.Max(mx, a[i]); r[0] = mx;"),
            new Case("max_private", false, "foreach (int i in PRange(n)) { double mx = Math.Max(a[i], b[i]); r[i] = mx; }"),
            new Case("accumulate_into_element", false, "foreach (int i in PRange(n)) r[0] += a[i];"),
            new Case("accumulate_then_read", true, "foreach (int i in PRange(n)) { r[0] += a[i]; b[i] = r[0]; }"),
            new Case("accumulate_into_own_element", false, "foreach (int i in PRange(n)) r[i] += a[i];"),
            new Case("histogram", false, "foreach (int i in PRange(n)) r[idx[i]] += 1;"),
            new Case("histogram_minus", false, "foreach (int i in PRange(n)) { r[idx[i]] -= a[i]; r[idx[i] / 2]--; }"),
            new Case("histogram_int_bins", false, "foreach (int i in PRange(n)) idx[(int)(a[i] * idx.Length)]++;"),
            new Case("histogram_read_back", true, "foreach (int i in PRange(n)) { r[idx[i]] += 1; b[i] = r[i]; }"),
            new Case("histogram_mixed_ops", true, "foreach (int i in PRange(n)) { r[idx[i]] += 1; r[idx[i]] *= 2; }"),
            new Case("histogram_assigned", true, "foreach (int i in PRange(n)) { r[idx[i]] += 1; r[i] = 0; }"),
            new Case("histogram_private", false, "foreach (int i in PRange(n)) { var h = new int[4]; h[idx[i] & 3] += 1; r[i] = h[0]; }"),
            // indirect writes
            new Case("scatter", true, "foreach (int i in PRange(n)) r[idx[i]] = a[i];"),
            new Case("gather", false, "foreach (int i in PRange(n)) r[i] = a[idx[i]];"),
            new Case("gather_in_place", true, "foreach (int i in PRange(n)) a[i] = a[idx[i]];"),
            new Case("scatter_offset", true, "foreach (int i in PRange(n)) r[idx[i] + 1] = a[i];"),
            new Case("index_array_write", false, "foreach (int i in PRange(n)) idx[i] = i * 2;"),
            // aliasing parameters (race-free: the generated code runs serially when they are the same array)
            new Case("alias_read_ahead", false, "foreach (int i in PRange(n - 1)) r[i] = a[i + 1] - a[i];"),
            new Case("alias_same_index", false, "foreach (int i in PRange(n)) r[i] = a[i] * b[i];"),
            new Case("alias_reverse", false, "foreach (int i in PRange(n)) r[i] = a[n - 1 - i];"),
            // non-affine and miscellany
            new Case("square_index_write", true, "foreach (int i in PRange(n)) r[i * i % n] = a[i];"),
            new Case("square_index_read", false, "foreach (int i in PRange(n)) r[i] = a[i * i % n];"),
            new Case("length_bound", false, "foreach (int i in PRange(a.Length)) a[i] = Math.Sqrt(a[i]);"),
            new Case("length_reverse", true, "foreach (int i in PRange(a.Length)) a[i] = a[a.Length - 1 - i];"),
            new Case("cast_index", false, "foreach (long i in PRange((long)n)) r[(int)i] = a[(int)i];"),
            new Case("cast_index_shift", true, "foreach (long i in PRange((long)n - 1)) a[(int)i] = a[(int)(i + 1)];"),
            new Case("shift_left", false, "foreach (int i in PRange(n / 2)) a[i << 1] = a[(i << 1) + 1];"),
            new Case("private_span_window", false, "foreach (int i in PRange(n)) { Span<double> t = stackalloc double[2]; t[0] = a[i]; t[1] = t[0]; r[i] = t[1]; }"),
            // writes through calls
            new Case("array_fill_shared", true, "foreach (int i in PRange(n)) Array.Fill(r, a[i]);"),
            // Array/Buffer writers whose parameter is System.Array (not T[]): they write it just the same.
            new Case("array_copy_ranges_shared", true, "foreach (int i in PRange(n)) Array.Copy(a, i * 2, r, i, 3);"),
            new Case("array_clear_range_shared", true, "foreach (int i in PRange(n)) Array.Clear(r, i, 2);"),
            new Case("buffer_blockcopy_shared", true, "foreach (int i in PRange(n)) Buffer.BlockCopy(a, 0, r, i * 8, 16);"),
            new Case("array_reverse_range_shared", true, "foreach (int i in PRange(n)) Array.Reverse(r, i, 2);"),
            // Calls that read an array the loop writes: elements other iterations write (reads through calls).
            new Case("array_indexof_written", true, "foreach (int i in PRange(n)) { r[i] = a[i]; b[i] = Array.IndexOf(r, 2.0); }"),
            new Case("array_copy_from_written", true, "foreach (int i in PRange(n - 1)) { r[i] = a[i]; var t = new double[2]; Array.Copy(r, i, t, 0, 2); b[i] = t[1]; }"),
            new Case("span_search_written", true, "foreach (int i in PRange(n)) { r[i] = a[i]; b[i] = r.AsSpan(0, i).IndexOf(3.0); }"),
            // Ranges of Array.Copy/Fill/Clear tested as accesses (KnownMembers.Ranges).
            new Case("array_fill_ranges_apart", false, "foreach (int i in PRange(n)) Array.Fill(r, a[i], 2 * i, 2);"),
            new Case("array_fill_ranges_overlap", true, "foreach (int i in PRange(n)) Array.Fill(r, a[i], i, 2);"),
            new Case("array_copy_rows", false, "foreach (int i in PRange(n)) Array.Copy(a, i * n, r, i * n, n);"),
            new Case("array_clear_rows_in_place_read", true, "foreach (int i in PRange(n - 1)) { b[i] = r[2 * i + 2]; Array.Clear(r, 2 * i, 2); }"),
            new Case("array_copy_into_private", false, "foreach (int i in PRange(n)) { var t = new double[3]; Array.Copy(a, i, t, 0, 3); r[i] = t[2]; }"),
            new Case("array_fill_private", false, "foreach (int i in PRange(n)) { var t = new double[4]; Array.Fill(t, a[i]); r[i] = t[3]; }"),
            new Case("array_indexof_shared", false, "foreach (int i in PRange(n)) r[i] = Array.IndexOf(a, b[i]);"),
            new Case("span_fill_shared", true, "foreach (int i in PRange(n)) r.AsSpan(i, 2).Fill(a[i]);"),
            new Case("span_read_shared", false, "foreach (int i in PRange(n - 1)) { ReadOnlySpan<double> s = a.AsSpan(i, 2); r[i] = s[0] + s[1]; }"),
            // rows pinned by a row's multiple (flips in place, rows below a pivot, mirrors inside a row)
            new Case("flip_halves", false, "foreach (int y in PRange(n / 2)) { double t = a[y]; a[y] = a[n - 1 - y]; a[n - 1 - y] = t; }"),
            new Case("flip_past_half", true, "foreach (int y in PRange(n / 2 + 1)) { double t = a[y]; a[y] = a[n - 1 - y]; a[n - 1 - y] = t; }"),
            new Case("rows_below_pivot", false, "for (int k = 0; k < n; k++) foreach (int i in PRange(k + 1, n)) for (int j = 0; j < 8; j++) a[i * 8 + j] -= a[k * 8 + j] * b[i];"),
            new Case("rows_from_pivot", true, "for (int k = 0; k < n; k++) foreach (int i in PRange(k, n)) for (int j = 0; j < 8; j++) a[i * 8 + j] -= a[k * 8 + j] * b[i];"),
            new Case("mirror_in_rows", false, "foreach (int y in PRange(n)) for (int x = 0; x < n / 2; x++) { double t = a[y * n + x]; a[y * n + x] = a[y * n + n - 1 - x]; a[y * n + n - 1 - x] = t; }"),
            new Case("mirror_past_row", true, "foreach (int y in PRange(n)) for (int x = 0; x < n / 2; x++) { double t = a[y * n + x]; a[y * n + x] = a[y * n + n - x]; a[y * n + n - x] = t; }"),
            new Case("transpose_in_place", false, "foreach (int i in PRange(n)) for (int j = i + 1; j < n; j++) { double t = m[i, j]; m[i, j] = m[j, i]; m[j, i] = t; }"),
            new Case("transpose_below_diagonal", true, "foreach (int i in PRange(1, n)) for (int j = i - 1; j < n; j++) { double t = m[i, j]; m[i, j] = m[j, i] + 1; m[j, i] = t; }"),
            new Case("transpose_flat_in_place", false, "foreach (int i in PRange(n)) for (int j = i + 1; j < n; j++) { double t = a[i * n + j]; a[i * n + j] = a[j * n + i]; a[j * n + i] = t; }"),
            new Case("transpose_flat_past_row", true, "foreach (int i in PRange(n)) for (int j = i + 1; j <= n; j++) { double t = a[i * n + j]; a[i * n + j] = a[j * n + i]; a[j * n + i] = t; }"),
            new Case("transpose_whole_square", true, "foreach (int i in PRange(n)) for (int j = 0; j < n; j++) { double t = m[i, j]; m[i, j] = m[j, i]; m[j, i] = t; }"),
            // columns counted as image code counts them: cursors, steps of a pixel, offsets in the header
            new Case("cursor_rows", false, "foreach (int i in PRange(n)) { int t = i * 8; for (int j = 0; j < 8; j++) a[t++] = b[j]; }"),
            new Case("cursor_rows_overlap", true, "foreach (int i in PRange(n)) { int t = i * 8; for (int j = 0; j < 9; j++) a[t++] = b[j]; }"),
            new Case("cursor_two_loops", false, "foreach (int i in PRange(n)) { int t = i * 8; for (int j = 0; j < 3; j++) a[t++] = b[j]; for (int j = 3; j < 8; j++) a[t++] = -b[j]; }"),
            new Case("cursor_two_loops_overlap", true, "foreach (int i in PRange(n)) { int t = i * 8; for (int j = 0; j < 3; j++) a[t++] = b[j]; for (int j = 3; j < 9; j++) a[t++] = -b[j]; }"),
            new Case("stepped_rows", false, "foreach (int i in PRange(n)) for (int x = 0; x < 24; x += 3) { a[i * 24 + x] = 1; a[i * 24 + x + 2] = 2; }"),
            new Case("stepped_rows_overlap", true, "foreach (int i in PRange(n)) for (int x = 0; x < 25; x += 3) { a[i * 24 + x] = 1; a[i * 24 + x + 2] = 2; }"),
            new Case("header_offset", false, "foreach (int i in PRange(n)) for (int j = 0, o = i * 10; j < 10; j++, o++) a[o] = b[j];"),
            new Case("header_offset_overlap", true, "foreach (int i in PRange(n)) for (int j = 0, o = i * 9; j < 10; j++, o++) a[o] = b[j];"),
            // rectangular arrays
            new Case("grid_matmul", false, "foreach (int i in PRange(n)) for (int j = 0; j < n; j++) { double acc = 0; for (int p = 0; p < n; p++) acc += m[i, p] * m[p, j]; r[i * n + j] = acc; }"),
            new Case("grid_matmul_in_place", true, "foreach (int i in PRange(n)) for (int j = 0; j < n; j++) { double acc = 0; for (int p = 0; p < n; p++) acc += m[i, p] * m[p, j]; m[i, j] = acc; }"),
            new Case("grid_row_from_column", true, "foreach (int i in PRange(1, n)) for (int j = 0; j < n; j++) m[i, j] = m[j, i - 1];"),
            // nested PRange: collapsed when the inner bounds are invariant and the inner loop is race-free on its own, else
            // the inner loop runs serially in each outer iteration (inner_serial: race-free as run, not collapsed)
            new Case("nested_prange_carried", true, "foreach (int i in PRange(1, n)) foreach (int j in PRange(n)) m[i, j] = m[i - 1, j];"),
            new Case("nested_prange_inner_serial", false, "foreach (int i in PRange(n)) foreach (int j in PRange(1, n)) m[i, j] = m[i, j - 1];"),
            new Case("nested_prange_triangle", false, "foreach (int i in PRange(n)) foreach (int j in PRange(i + 1)) m[i, j] = i - j;"),
            new Case("nested_prange", false, "foreach (int i in PRange(m.GetLength(0))) foreach (int j in PRange(m.GetLength(1))) m[i, j] = i + j;"),
        };
    }
}
