/* C/OpenMP twins of the benchmark kernels (Kernels.cs), for the report's
 * "vs C/OpenMP" column. Each is the C a performance-minded user writes:
 * the same element types and the same arithmetic in the same order as the
 * C# kernel, so element-wise results are bitwise equal (the build uses
 * -ffp-contract=off so that gcc fuses no multiply-adds), and
 * "#pragma omp parallel for" on the loop the C# kernel's PRange walks.
 * Sums that the C# kernel reorders (FastMath, reductions) use OpenMP's
 * reduction clauses; the check compares them within the suite's tolerance.
 *
 * Built at run time by COmp.cs:
 *   gcc -O3 -march=native -fopenmp -ffp-contract=off -shared -fPIC
 * 2-D and 3-D .NET arrays are row-major and contiguous, so a T[,] arrives
 * here as a pointer to its first element plus its sizes.
 */
#include <float.h>
#include <math.h>
#include <string.h>
#include <omp.h>

/* The check pass runs with at least 8 threads (as for KernelGen), then
 * restores the count; both apply to the calling thread's regions. */
int kg_get_threads(void) { return omp_get_max_threads(); }
void kg_set_threads(int n) { omp_set_num_threads(n); }

/* After the check: end the calling thread's team. libgomp counts every
 * team's threads, and when they outnumber the cores it spins only briefly
 * before sleeping, so a leftover team from the check would make each
 * timed region pay a futex wake-up (BenchmarkDotNet's in-process mode
 * times on another thread, with a team of its own). */
void kg_release_threads(void) { omp_pause_resource_all(omp_pause_soft); }

/* ---- streaming, element-wise ---- */

void kg_add_f32(const float *restrict a, const float *restrict b,
                float *restrict r, int n)
{
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++)
        r[i] = a[i] + b[i];
}

void kg_add_f64(const double *restrict a, const double *restrict b,
                double *restrict r, int n)
{
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++)
        r[i] = a[i] + b[i];
}

/* Reassociated by the reduction (per thread, per simd lane), as KernelGen's
 * chunked sum is: the check allows a float sum's rounding difference. */
float kg_sum_f32(const float *a, int n)
{
    float s = 0;
#pragma omp parallel for simd reduction(+:s) schedule(static)
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

void kg_poly20(const float *restrict a, float *restrict r, int n)
{
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++) {
        float x = a[i];
        for (int k = 0; k < 20; k++)
            x = x * x * 0.5f + 0.25f;
        r[i] = x;
    }
}

void kg_pcm_clip(const float *restrict s, short *restrict pcm, int n)
{
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++) {
        float v = s[i] * 32767.0f;
        if (v > 32767.0f) v = 32767.0f;
        else if (v < -32768.0f) v = -32768.0f;
        pcm[i] = (short)v;
    }
}

/* Stereo 16-bit PCM to mono: each channel times its volume, summed in float,
 * hard-limited to 16 bits (NAudio's StereoToMonoProvider16). */
void kg_stereo_to_mono16(const short *restrict stereo, short *restrict mono,
                         float left, float right, int n)
{
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++) {
        float s = stereo[2 * i] * left + stereo[2 * i + 1] * right;
        if (s > 32767.0f) s = 32767.0f;
        if (s < -32768.0f) s = -32768.0f;
        mono[i] = (short)s;
    }
}

/* An 8-bit plane blended over another with a run-time alpha, rounded. */
void kg_alpha_blend(const unsigned char *restrict src, unsigned char *restrict dst,
                    int alpha, int n)
{
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++)
        dst[i] = (unsigned char)((src[i] * alpha + dst[i] * (255 - alpha) + 127) / 255);
}

/* Float features to standardized doubles: each float converted to double first,
 * as C# does for (x[i] - mean) with a double mean. */
void kg_standardize(const float *restrict x, double *restrict z, double mean,
                    double scale, int n)
{
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++)
        z[i] = ((double)x[i] - mean) / scale;
}

/* ---- compute-bound ---- */

/* Rows differ in cost (points inside the set run all maxIt rounds), the
 * textbook case for schedule(dynamic): static rows would leave one thread
 * with the set's middle. */
void kg_mandelbrot(int *out, int w, int h, int max_it)
{
#pragma omp parallel for schedule(dynamic)
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            double cr = -2.0 + 3.0 * x / w, ci = -1.5 + 3.0 * y / h;
            double zr = 0, zi = 0;
            int n = 0;
            while (n < max_it && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                n++;
            }
            out[y * w + x] = n;
        }
    }
}

/* The naive i-j-p matmul of MatMul and MatMul2D (n x n, row-major). Each
 * c[i][j] sums its n products in p order, as the C# loop does. */
void kg_matmul(const float *restrict a, const float *restrict b,
               float *restrict c, int n)
{
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float acc = 0;
            for (int p = 0; p < n; p++)
                acc += a[i * n + p] * b[p * n + j];
            c[i * n + j] = acc;
        }
}

/* The CUDA sample's CND (Abramowitz-Stegun 26.2.17), as in Kernels.cs. */
static double cnd(double d)
{
    const double A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937;
    const double A4 = -1.821255978, A5 = 1.330274429;
    const double RSQRT2PI = 0.39894228040143267793994605993438;
    double k = 1.0 / (1.0 + 0.2316419 * fabs(d));
    double c = RSQRT2PI * exp(-0.5 * d * d)
               * (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5)))));
    if (d > 0)
        c = 1.0 - c;
    return c;
}

/* glibc's scalar log/exp/sqrt: without -ffast-math gcc has no vector
 * versions of them, so a plain parallel for is what the user gets. */
void kg_black_scholes(const double *restrict spot,
                      const double *restrict strike,
                      const double *restrict years,
                      double *restrict call, double *restrict put,
                      double r, double v, int n)
{
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        double s = spot[i], x = strike[i], t = years[i];
        double sqrt_t = sqrt(t);
        double d1 = (log(s / x) + (r + 0.5 * v * v) * t) / (v * sqrt_t);
        double d2 = d1 - v * sqrt_t;
        double c1 = cnd(d1), c2 = cnd(d2);
        double exp_rt = exp(-r * t);
        call[i] = s * c1 - x * exp_rt * c2;
        put[i] = x * exp_rt * (1.0 - c2) - s * (1.0 - c1);
    }
}

/* sin^2 x + cos^2 x (Kernels.SinCosSquares): two libm calls per element (gcc may merge them into one sincos). */
void kg_sincos(const double *restrict x, double *restrict y, int n)
{
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        double s = sin(x[i]), c = cos(x[i]);
        y[i] = s * s + c * c;
    }
}

void kg_haversine(const double *restrict lat1, const double *restrict lon1,
                  const double *restrict lat2, const double *restrict lon2,
                  double *restrict km, int n)
{
    const double R = 6371.0, D = M_PI / 180.0;
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        double dlat = (lat2[i] - lat1[i]) * D;
        double dlon = (lon2[i] - lon1[i]) * D;
        double a = sin(dlat / 2) * sin(dlat / 2)
                   + cos(lat1[i] * D) * cos(lat2[i] * D)
                     * sin(dlon / 2) * sin(dlon / 2);
        km[i] = 2 * R * asin(sqrt(a));
    }
}

/* k-means assignment on flat arrays: points n x dims, centroids k x dims.
 * Distances sum over d in order and ties keep the first centroid, so the
 * indices equal the serial C# ones. */
void kg_kmeans_assign(const float *restrict pts, const float *restrict cen,
                      int *restrict assign, int n, int k, int dims)
{
#pragma omp parallel for schedule(static)
    for (int i = 0; i < n; i++) {
        const float *p = pts + (long)i * dims;
        int best = 0;
        float best_dist = FLT_MAX;
        for (int c = 0; c < k; c++) {
            const float *q = cen + (long)c * dims;
            float dist = 0;
            for (int d = 0; d < dims; d++) {
                float diff = p[d] - q[d];
                dist += diff * diff;
            }
            if (dist < best_dist) {
                best_dist = dist;
                best = c;
            }
        }
        assign[i] = best;
    }
}

/* ---- stencils and images ---- */

/* Stencil: 5 points on the interior of an n x n float grid. */
void kg_stencil5_f32(const float *restrict in, float *restrict out, int n)
{
#pragma omp parallel for schedule(static)
    for (int y = 1; y < n - 1; y++)
#pragma omp simd
        for (int x = 1; x < n - 1; x++) {
            int k = y * n + x;
            out[k] = 0.2f * (in[k] + in[k - 1] + in[k + 1]
                             + in[k - n] + in[k + n]);
        }
}

/* StencilColumns: the same stencil, x outer and the rows inside, as the C#
 * kernel is written (each thread's columns walked down their rows). */
void kg_stencil5_columns_f32(const float *restrict in, float *restrict out,
                             int n)
{
#pragma omp parallel for schedule(static)
    for (int x = 1; x < n - 1; x++)
        for (int y = 1; y < n - 1; y++) {
            int k = y * n + x;
            out[k] = 0.2f * (in[k] + in[k - 1] + in[k + 1]
                             + in[k - n] + in[k + n]);
        }
}

/* Jacobi2D (and StencilJacobi): the C# sums centre, up, down, left, right;
 * kept in that order for the same bits. */
void kg_jacobi2d(const double *restrict in, double *restrict out,
                 int rows, int cols)
{
#pragma omp parallel for schedule(static)
    for (int y = 1; y < rows - 1; y++)
#pragma omp simd
        for (int x = 1; x < cols - 1; x++) {
            int k = y * cols + x;
            out[k] = 0.2 * (in[k] + in[k - cols] + in[k + cols]
                            + in[k - 1] + in[k + 1]);
        }
}

/* Stencil7Flat and Stencil7Array3D (a double[,,] is the same layout). */
void kg_stencil7(const double *restrict in, double *restrict out,
                 int nx, int ny, int nz)
{
    const double w = 1.0 / 7.0;
    int plane = nx * ny;
#pragma omp parallel for schedule(static)
    for (int z = 1; z < nz - 1; z++)
        for (int y = 1; y < ny - 1; y++)
#pragma omp simd
            for (int x = 1; x < nx - 1; x++) {
                int k = (z * ny + y) * nx + x;
                out[k] = w * (in[k] + in[k - 1] + in[k + 1]
                              + in[k - nx] + in[k + nx]
                              + in[k - plane] + in[k + plane]);
            }
}

/* BoxBlur3x3 (and StencilBox): the nine taps summed dy-major from 0, then
 * divided (not multiplied by 1/9) as in C#. */
void kg_box_blur3x3(const float *restrict src, float *restrict dst,
                    int h, int w)
{
#pragma omp parallel for schedule(static)
    for (int y = 1; y < h - 1; y++)
#pragma omp simd
        for (int x = 1; x < w - 1; x++) {
            float sum = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    sum += src[(y + dy) * w + x + dx];
            dst[y * w + x] = sum / 9.0f;
        }
}

void kg_rgb_to_gray(const unsigned char *restrict rgb,
                    unsigned char *restrict gray, int width, int height)
{
#pragma omp parallel for schedule(static)
    for (int y = 0; y < height; y++)
#pragma omp simd
        for (int x = 0; x < width; x++) {
            int p = y * width + x;
            int r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
            gray[p] = (unsigned char)((77 * r + 150 * g + 29 * b) >> 8);
        }
}

/* Integer division truncates toward zero in C and C#, so (sum + 8) / 16
 * and the clamp give the same byte. */
void kg_conv3x3_byte(const unsigned char *restrict src,
                     unsigned char *restrict dst, int width, int height)
{
#pragma omp parallel for schedule(static)
    for (int y = 1; y < height - 1; y++)
#pragma omp simd
        for (int x = 1; x < width - 1; x++) {
            int p = y * width + x;
            int sum = 28 * src[p]
                      - 2 * (src[p - 1] + src[p + 1]
                             + src[p - width] + src[p + width])
                      - (src[p - width - 1] + src[p - width + 1]
                         + src[p + width - 1] + src[p + width + 1]);
            int v = (sum + 8) / 16;
            dst[p] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
}

/* ---- reductions into arrays, dot products ---- */

/* Repeated bins: OpenMP's array-section reduction gives each thread a
 * private histogram and adds them up at the end (the caller clears hist,
 * as the C# suite does before each call). */
void kg_histogram(const float *restrict v, int *restrict hist, int n,
                  int bins)
{
#pragma omp parallel for reduction(+:hist[:bins]) schedule(static)
    for (int i = 0; i < n; i++)
        hist[(int)(v[i] * (float)bins)] += 1;
}

/* MatVecRows is FastMath in C#: the C counterpart is a simd reduction per
 * row (vector accumulators, reassociated); the check allows for it. */
void kg_matvec_rows(const double *restrict a, const double *restrict x,
                    double *restrict y, int rows, int cols)
{
#pragma omp parallel for schedule(static)
    for (int i = 0; i < rows; i++) {
        const double *row = a + (long)i * cols;
        double acc = 0;
#pragma omp simd reduction(+:acc)
        for (int j = 0; j < cols; j++)
            acc += row[j] * x[j];
        y[i] = acc;
    }
}

/* y = A^T x in the column (axpy) form, parallel over the rows j of A as the
 * C# kernel is: every row adds into all of y, so y is an array-section
 * reduction (private copies summed at the end). */
void kg_matvec_columns(const double *restrict a, const double *restrict x,
                       double *restrict y, int rows, int cols)
{
    memset(y, 0, sizeof(double) * (size_t)cols);
#pragma omp parallel for reduction(+:y[:cols]) schedule(static)
    for (int j = 0; j < rows; j++) {
        const double *row = a + (long)j * cols;
        double xj = x[j];
        for (int i = 0; i < cols; i++)
            y[i] += row[i] * xj;
    }
}

/* RowSums (FastMath in C#) on a flat rows x cols copy of the jagged
 * double[][]: a C user keeps a matrix in one array. */
void kg_row_sums(const double *restrict m, double *restrict sums,
                 int rows, int cols)
{
#pragma omp parallel for schedule(static)
    for (int i = 0; i < rows; i++) {
        const double *row = m + (long)i * cols;
        double s = 0;
#pragma omp simd reduction(+:s)
        for (int j = 0; j < cols; j++)
            s += row[j];
        sums[i] = s;
    }
}

/* CSR y = A x: each row's sum in column order, as the C# loop (exact). */
void kg_csr_spmv(const int *restrict row_ptr, const int *restrict col,
                 const double *restrict val, const double *restrict x,
                 double *restrict y, int rows)
{
#pragma omp parallel for schedule(static)
    for (int r = 0; r < rows; r++) {
        double sum = 0;
        for (int k = row_ptr[r]; k < row_ptr[r + 1]; k++)
            sum += val[k] * x[col[k]];
        y[r] = sum;
    }
}

/* Lower triangle of the distance matrix of 2-D points (dist is n x n, row
 * major; only j < i is written). Row i does i pairs, so the rows are spread
 * with schedule(dynamic, 16), as OpenMP users write triangular loops. */
void kg_pair_distances(const double *restrict xs, const double *restrict ys,
                       double *restrict dist, int n)
{
#pragma omp parallel for schedule(dynamic, 16)
    for (int i = 0; i < n; i++) {
        double xi = xs[i], yi = ys[i];
        double *row = dist + (long)i * n;
#pragma omp simd
        for (int j = 0; j < i; j++) {
            double dx = xi - xs[j], dy = yi - ys[j];
            row[j] = sqrt(dx * dx + dy * dy);
        }
    }
}

/* An Euler step over an array of structs with a floor to bounce on
 * (Kernels.Particles): the same operations in the same order per particle. */
typedef struct { float x, y, vx, vy; } kg_particle;

void kg_particles(kg_particle *restrict p, float dt, float floor_y, int n)
{
#pragma omp parallel for simd schedule(static)
    for (int i = 0; i < n; i++) {
        p[i].vy -= 9.81f * dt;
        p[i].x += p[i].vx * dt;
        p[i].y += p[i].vy * dt;
        if (p[i].y < floor_y) {
            p[i].y = floor_y;
            p[i].vy = -0.5f * p[i].vy;
        }
    }
}
