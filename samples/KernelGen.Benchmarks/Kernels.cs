using System;
using KernelGen;
using static KernelGen.Kernel;
namespace KernelGen.Benchmarks
{
    /// <summary>
    /// The benchmarked kernels as a user writes them. Plain calls from this project are intercepted (parallel);
    /// calls through a delegate run the method as written (the serial original). Some repeat kernels of
    /// samples/KernelGen.Samples on purpose: calls into another assembly are not intercepted, so the benchmarks keep
    /// their own copies to measure the intercepted path a user gets.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>numba's <c>add_into</c>: r = a + b, f32.</summary>
        [ParallelKernel]
        public static void AddF32(float[] a, float[] b, float[] r)
        {
            foreach (int i in PRange(a.Length))
                r[i] = a[i] + b[i];
        }

        /// <summary>The seed's numba <c>parallel_add</c>, f64, returning a new array.</summary>
        [ParallelKernel]
        public static double[] ParallelAdd(double[] a, double[] b)
        {
            var result = new double[a.Length];
            foreach (int i in PRange(a.Length))
                result[i] = a[i] + b[i];
            return result;
        }

        /// <summary>multiprocessing <c>Pool.map(worker, numbers)</c> with worker(x) = x * x.</summary>
        [ParallelKernel]
        public static void MapWorker(int[] numbers, long[] results)
        {
            foreach (int i in PRange(numbers.Length))
                results[i] = (long)numbers[i] * numbers[i];
        }

        /// <summary>joblib <c>parallel_square</c>.</summary>
        [ParallelKernel]
        public static void ParallelSquare(double[] values, double[] squares)
        {
            foreach (int i in PRange(values.Length))
            {
                double x = values[i];
                squares[i] = x * x;
            }
        }

        /// <summary>numba's <c>sum</c>: a sum reduction.</summary>
        [ParallelKernel]
        public static float SumF32(float[] a)
        {
            float sum = 0;
            foreach (int i in PRange(a.Length))
                sum += a[i];
            return sum;
        }

        /// <summary>numba's <c>poly</c>: 20 rounds of x = x*x*0.5 + 0.25.</summary>
        [ParallelKernel]
        public static void Poly20(float[] a, float[] r)
        {
            foreach (int i in PRange(a.Length))
            {
                float x = a[i];
                for (int k = 0; k < 20; k++)
                    x = x * x * 0.5f + 0.25f;
                r[i] = x;
            }
        }

        /// <summary>numba's <c>mandel</c>: escape counts of a w x h grid, row-major.</summary>
        [ParallelKernel]
        public static void Mandelbrot(int[] output, int w, int h, int maxIt)
        {
            foreach (int y in PRange(h))
            {
                for (int x = 0; x < w; x++)
                {
                    double cr = -2.0 + 3.0 * x / w, ci = -1.5 + 3.0 * y / h;
                    double zr = 0, zi = 0;
                    int n = 0;
                    while (n < maxIt && zr * zr + zi * zi <= 4.0)
                    {
                        double t = zr * zr - zi * zi + cr;
                        zi = 2.0 * zr * zi + ci;
                        zr = t;
                        n++;
                    }
                    output[y * w + x] = n;
                }
            }
        }

        /// <summary>numba's naive <c>matmul</c>: C = A B, n x n row-major f32.</summary>
        [ParallelKernel]
        public static void MatMul(float[] a, float[] b, float[] c, int n)
        {
            foreach (int i in PRange(n))
            {
                for (int j = 0; j < n; j++)
                {
                    float acc = 0;
                    for (int p = 0; p < n; p++)
                        acc += a[i * n + p] * b[p * n + j];
                    c[i * n + j] = acc;
                }
            }
        }

        /// <summary>5-point stencil on the interior of an n x n grid.</summary>
        [ParallelKernel]
        public static void Stencil(float[] input, float[] output, int n)
        {
            foreach (int y in PRange(1, n - 1))
            {
                for (int x = 1; x < n - 1; x++)
                {
                    int k = y * n + x;
                    output[k] = 0.2f * (input[k] + input[k - 1] + input[k + 1] + input[k - n] + input[k + n]);
                }
            }
        }

        /// <summary>
        /// The naive matmul on 2-D arrays, numba's <c>matmul</c> as written there (<c>A[i, p] * B[p, j]</c>): C = A B,
        /// n x n f32.
        /// </summary>
        [ParallelKernel]
        public static void MatMul2D(float[,] a, float[,] b, float[,] c, int n)
        {
            foreach (int i in PRange(n))
                for (int j = 0; j < n; j++) { float acc = 0; for (int p = 0; p < n; p++) acc += a[i, p] * b[p, j]; c[i, j] = acc; }
        }

        /// <summary>
        /// Histogram of values in [0, 1) into hist.Length bins, written as a user writes it: repeated bins make it an
        /// array reduction (private copies merged in chunk order, or atomic updates; the report header says which rule).
        /// </summary>
        [ParallelKernel]
        public static void Histogram(float[] values, int[] hist)
        {
            foreach (int i in PRange(values.Length))
                hist[(int)(values[i] * hist.Length)] += 1;
        }

        // ---- 2-D/3-D kernels (the loop IR issue's benchmark list). Appended after the kernels above so that their
        // line numbers (keys of tests/KernelGen.Tests/Census/plan-census.txt) do not move. ----

        /// <summary>Jacobi-2d, one 5-point sweep over the interior of a <c>double[,]</c> grid (PolyBench's jacobi-2d body).</summary>
        [ParallelKernel]
        public static void Jacobi2D(double[,] input, double[,] output)
        {
            int rows = input.GetLength(0), cols = input.GetLength(1);
            foreach (int y in PRange(1, rows - 1))
                for (int x = 1; x < cols - 1; x++)
                    output[y, x] = 0.2 * (input[y, x] + input[y - 1, x] + input[y + 1, x] + input[y, x - 1] + input[y, x + 1]);
        }

        /// <summary>
        /// 7-point stencil (the mean of a point and its six neighbours) over the interior of an nx x ny x nz grid stored
        /// flat, index (z * ny + y) * nx + x.
        /// </summary>
        [ParallelKernel]
        public static void Stencil7Flat(double[] input, double[] output, int nx, int ny, int nz)
        {
            const double w = 1.0 / 7.0;
            int plane = nx * ny;
            foreach (int z in PRange(1, nz - 1))
                for (int y = 1; y < ny - 1; y++)
                    for (int x = 1; x < nx - 1; x++)
                    {
                        int k = (z * ny + y) * nx + x;
                        output[k] = w * (input[k] + input[k - 1] + input[k + 1] + input[k - nx] + input[k + nx] + input[k - plane] + input[k + plane]);
                    }
        }

        /// <summary>The same 7-point stencil on a <c>double[,,]</c> indexed [z, y, x].</summary>
        [ParallelKernel]
        public static void Stencil7Array3D(double[,,] input, double[,,] output)
        {
            const double w = 1.0 / 7.0;
            int nz = input.GetLength(0), ny = input.GetLength(1), nx = input.GetLength(2);
            foreach (int z in PRange(1, nz - 1))
                for (int y = 1; y < ny - 1; y++)
                    for (int x = 1; x < nx - 1; x++)
                        output[z, y, x] = w * (input[z, y, x] + input[z, y, x - 1] + input[z, y, x + 1] + input[z, y - 1, x] + input[z, y + 1, x]
                                               + input[z - 1, y, x] + input[z + 1, y, x]);
        }

        /// <summary>
        /// Matrix-vector product y = A x, row order: one dot product of a contiguous row per PRange iteration. FastMath lets
        /// the dot product run on vector accumulators (reassociated, as the hand-tuned version does; docs/fastmath.md).
        /// </summary>
        [ParallelKernel(FastMath = true)]
        public static void MatVecRows(double[,] a, double[] x, double[] y)
        {
            int rows = a.GetLength(0), cols = a.GetLength(1);
            foreach (int i in PRange(rows))
            {
                double acc = 0;
                for (int j = 0; j < cols; j++)
                    acc += a[i, j] * x[j];
                y[i] = acc;
            }
        }

        /// <summary>
        /// Matrix-vector product in the other loop order, y = A^T x written as users write the column (axpy) form: the
        /// PRange walks the rows j of A and every iteration adds x[j] times row j into all of y (an array reduction).
        /// </summary>
        [ParallelKernel]
        public static void MatVecColumns(double[,] a, double[] x, double[] y)
        {
            int rows = a.GetLength(0), cols = a.GetLength(1);
            System.Array.Clear(y);
            foreach (int j in PRange(rows))
                for (int i = 0; i < cols; i++)
                    y[i] += a[j, i] * x[j];
        }

        /// <summary>3x3 box blur over the interior of a <c>float[,]</c> image, written with the common nested dy/dx loops.</summary>
        [ParallelKernel]
        public static void BoxBlur3x3(float[,] src, float[,] dst)
        {
            int h = src.GetLength(0), w = src.GetLength(1);
            foreach (int y in PRange(1, h - 1))
                for (int x = 1; x < w - 1; x++)
                {
                    float sum = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++)
                            sum += src[y + dy, x + dx];
                    dst[y, x] = sum / 9f;
                }
        }

        /// <summary>RGB to gray on a width x height image of interleaved RGB bytes (3 a pixel), integer weights 77/150/29.</summary>
        [ParallelKernel]
        public static void RgbToGray(byte[] rgb, byte[] gray, int width, int height)
        {
            foreach (int y in PRange(height))
                for (int x = 0; x < width; x++)
                {
                    int p = y * width + x;
                    int r = rgb[3 * p], g = rgb[3 * p + 1], b = rgb[3 * p + 2];
                    gray[p] = (byte)((77 * r + 150 * g + 29 * b) >> 8);
                }
        }

        /// <summary>Row sums of a jagged <c>double[][]</c>: one row per PRange iteration (FastMath: vector accumulators per row).</summary>
        [ParallelKernel(FastMath = true)]
        public static void RowSums(double[][] rows, double[] sums)
        {
            foreach (int i in PRange(rows.Length))
            {
                double[] row = rows[i];
                double s = 0;
                for (int j = 0; j < row.Length; j++)
                    s += row[j];
                sums[i] = s;
            }
        }

        // ---- Issue 12's real-world rows: loops written the way C# code in the wild writes them (a byte image filter,
        // audio conversion, option pricing, k-means, sparse algebra, geodesy). Appended last, like the block above, so
        // that the census keys of the kernels above keep their line numbers. ----

        /// <summary>
        /// 3x3 sharpen of a width x height 8-bit grayscale image (flat, row-major): 2 x identity minus the 1-2-1 Gaussian,
        /// all over 16, rounded, clamped to 0..255; the one-pixel border is left alone. The shape of the classic C# Conv3x3
        /// filter (nine integer taps summed in an int, divided by a factor, clamped; e.g. ConvolutionMatrix.Conv3x3 in
        /// Clorkies/DigitalImageProcessing, ImageProcessing/ImageProcesses/ConvolutionMatrix.cs), on a byte[] with the taps written out.
        /// </summary>
        [ParallelKernel]
        public static void Conv3x3Byte(byte[] src, byte[] dst, int width, int height)
        {
            foreach (int y in PRange(1, height - 1))
            {
                for (int x = 1; x < width - 1; x++)
                {
                    int p = y * width + x;
                    int sum = 28 * src[p]
                              - 2 * (src[p - 1] + src[p + 1] + src[p - width] + src[p + width])
                              - (src[p - width - 1] + src[p - width + 1] + src[p + width - 1] + src[p + width + 1]);
                    dst[p] = (byte)Math.Clamp((sum + 8) / 16, 0, 255);
                }
            }
        }

        /// <summary>
        /// Interleaved stereo 16-bit PCM to mono, as NAudio's StereoToMonoProvider16 does it (naudio/NAudio,
        /// NAudio.Core/Wave/WaveProviders/StereoToMonoProvider16.cs): each channel times its volume, summed in float,
        /// hard-limited to the 16-bit range; here over arrays.
        /// </summary>
        [ParallelKernel]
        public static void StereoToMono16(short[] stereo, short[] mono, float leftVolume, float rightVolume)
        {
            foreach (int i in PRange(mono.Length))
            {
                float outSample = stereo[2 * i] * leftVolume + stereo[2 * i + 1] * rightVolume;
                if (outSample > short.MaxValue) outSample = short.MaxValue;
                if (outSample < short.MinValue) outSample = short.MinValue;
                mono[i] = (short)outSample;
            }
        }

        /// <summary>
        /// One 8-bit plane blended over another with an alpha from 0 to 255 given at run time, rounded as
        /// (src·a + dst·(255 − a) + 127) / 255: the integer "over" blend that compositing helpers in public C#, C++,
        /// Java and Rust imaging code write per channel in exactly this form. The alpha is an int parameter, so the
        /// generator does not know the dividend's range.
        /// </summary>
        [ParallelKernel]
        public static void AlphaBlend(byte[] src, byte[] dst, int alpha)
        {
            foreach (int i in PRange(dst.Length))
                dst[i] = (byte)((src[i] * alpha + dst[i] * (255 - alpha) + 127) / 255);
        }

        /// <summary>
        /// Float features to standardized doubles, z = (x - mean) / scale: the transform step of scikit-learn's
        /// StandardScaler (sklearn/preprocessing/_data.py subtracts mean_ and divides by scale_), written here for float
        /// input read into double lanes, as ML pre-processing code that keeps its raw data in float does.
        /// </summary>
        [ParallelKernel]
        public static void Standardize(float[] x, double[] z, double mean, double scale)
        {
            foreach (int i in PRange(x.Length))
                z[i] = (x[i] - mean) / scale;
        }

        /// <summary>
        /// Float samples in [-1, 1] to 16-bit PCM with clipping, the loop of audio float-to-PCM16 converters (NAudio's
        /// WaveFloatTo16Provider clips and scales per sample the same way; here the scale comes first and the clip is to
        /// the 16-bit range).
        /// </summary>
        [ParallelKernel]
        public static void PcmClip(float[] samples, short[] pcm)
        {
            foreach (int i in PRange(samples.Length))
            {
                float s = samples[i] * 32767f;
                if (s > 32767f) s = 32767f;
                else if (s < -32768f) s = -32768f;
                pcm[i] = (short)s;
            }
        }

        /// <summary>
        /// European call and put prices by Black-Scholes, one option per element: the reference loop of NVIDIA's CUDA
        /// BlackScholes sample (BlackScholes_gold.cpp: CND as the Abramowitz-Stegun polynomial, RSQRT2PI, one riskless
        /// rate and one volatility for all options) in C#, with Math.Log, Math.Sqrt and Math.Exp.
        /// </summary>
        [ParallelKernel]
        public static void BlackScholes(double[] spot, double[] strike, double[] years, double[] call, double[] put, double riskFree, double volatility)
        {
            foreach (int i in PRange(spot.Length))
            {
                double s = spot[i], x = strike[i], t = years[i];
                double sqrtT = Math.Sqrt(t);
                double d1 = (Math.Log(s / x) + (riskFree + 0.5 * volatility * volatility) * t) / (volatility * sqrtT);
                double d2 = d1 - volatility * sqrtT;
                double cndD1 = Cnd(d1), cndD2 = Cnd(d2);
                double expRT = Math.Exp(-riskFree * t);
                call[i] = s * cndD1 - x * expRT * cndD2;
                put[i] = x * expRT * (1.0 - cndD2) - s * (1.0 - cndD1);
            }
        }

        /// <summary>The cumulative normal distribution, polynomial approximation (Abramowitz-Stegun 26.2.17), as option pricers write it.</summary>
        private static double Cnd(double d)
        {
            const double A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937, A4 = -1.821255978, A5 = 1.330274429;
            const double RSqrt2Pi = 0.39894228040143267793994605993438;
            double k = 1.0 / (1.0 + 0.2316419 * Math.Abs(d));
            double cnd = RSqrt2Pi * Math.Exp(-0.5 * d * d) * (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5)))));
            if (d > 0)
                cnd = 1.0 - cnd;
            return cnd;
        }

        /// <summary>
        /// The assignment step of k-means (Lloyd): for each point the index of the nearest centroid by squared Euclidean
        /// distance, the first one on ties (a strict &lt; against a best distance that starts at MaxValue, as nearest-centroid
        /// helpers write it, e.g. nearestClusterEuclidean in mackeprm/Skandium's k-means example, ExpectationSteps.java).
        /// </summary>
        [ParallelKernel]
        public static void KMeansAssign(float[][] points, float[][] centroids, int[] assignment)
        {
            foreach (int i in PRange(points.Length))
            {
                float[] p = points[i];
                int best = 0;
                float bestDist = float.MaxValue;
                for (int c = 0; c < centroids.Length; c++)
                {
                    float[] centroid = centroids[c];
                    float dist = 0;
                    for (int d = 0; d < p.Length; d++)
                    {
                        float diff = p[d] - centroid[d];
                        dist += diff * diff;
                    }
                    if (dist < bestDist)
                    {
                        bestDist = dist;
                        best = c;
                    }
                }
                assignment[i] = best;
            }
        }

        /// <summary>
        /// y = A x for a sparse A in compressed sparse row form (row pointers, column indices, values): one row's dot
        /// product per PRange iteration, the row loop of SciMark 2's SparseCompRow.matmult and of CSR matrix-vector products
        /// in C# linear-algebra code.
        /// </summary>
        [ParallelKernel]
        public static void CsrSpMV(int[] rowPtr, int[] colIndex, double[] values, double[] x, double[] y)
        {
            foreach (int row in PRange(y.Length))
            {
                double sum = 0;
                for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++)
                    sum += values[k] * x[colIndex[k]];
                y[row] = sum;
            }
        }

        /// <summary>
        /// Great-circle distances in km between coordinate pairs in degrees by the haversine formula, written as the C#
        /// snippets for it are (sin(dLat / 2) squared as a product of two calls; e.g. Rosetta Code's C# entry,
        /// acmeism/RosettaCodeData Task/Haversine-formula/C-sharp/haversine-formula.cs), over arrays.
        /// </summary>
        [ParallelKernel]
        public static void Haversine(double[] lat1, double[] lon1, double[] lat2, double[] lon2, double[] km)
        {
            const double EarthRadiusKm = 6371.0;
            const double DegToRad = Math.PI / 180.0;
            foreach (int i in PRange(km.Length))
            {
                double dLat = (lat2[i] - lat1[i]) * DegToRad;
                double dLon = (lon2[i] - lon1[i]) * DegToRad;
                double a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                           + Math.Cos(lat1[i] * DegToRad) * Math.Cos(lat2[i] * DegToRad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
                km[i] = 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(a));
            }
        }

        // ---- FastMath rows (docs/fastmath.md), appended last so the census keys above keep their line numbers. ----

        /// <summary>
        /// <see cref="BlackScholes"/> with <c>[ParallelKernel(FastMath = true)]</c>: the same text (an attribute cannot be
        /// switched per call), so Log and the three Exp run on vector lanes within docs/fastmath.md's bound.
        /// </summary>
        [ParallelKernel(FastMath = true)]
        public static void BlackScholesFast(double[] spot, double[] strike, double[] years, double[] call, double[] put, double riskFree, double volatility)
        {
            foreach (int i in PRange(spot.Length))
            {
                double s = spot[i], x = strike[i], t = years[i];
                double sqrtT = Math.Sqrt(t);
                double d1 = (Math.Log(s / x) + (riskFree + 0.5 * volatility * volatility) * t) / (volatility * sqrtT);
                double d2 = d1 - volatility * sqrtT;
                double cndD1 = Cnd(d1), cndD2 = Cnd(d2);
                double expRT = Math.Exp(-riskFree * t);
                call[i] = s * cndD1 - x * expRT * cndD2;
                put[i] = x * expRT * (1.0 - cndD2) - s * (1.0 - cndD1);
            }
        }

        /// <summary>sin² x + cos² x: the FastMath row (two transcendental calls and little else per element).</summary>
        [ParallelKernel]
        public static void SinCosSquares(double[] x, double[] y)
        {
            foreach (int i in PRange(x.Length))
            {
                double s = Math.Sin(x[i]), c = Math.Cos(x[i]);
                y[i] = s * s + c * c;
            }
        }

        /// <summary><see cref="SinCosSquares"/> with FastMath.</summary>
        [ParallelKernel(FastMath = true)]
        public static void SinCosSquaresFast(double[] x, double[] y)
        {
            foreach (int i in PRange(x.Length))
            {
                double s = Math.Sin(x[i]), c = Math.Cos(x[i]);
                y[i] = s * s + c * c;
            }
        }

        /// <summary><see cref="Haversine"/> with FastMath: Sin, Cos and Asin on vector lanes (docs/fastmath.md).</summary>
        [ParallelKernel(FastMath = true)]
        public static void HaversineFast(double[] lat1, double[] lon1, double[] lat2, double[] lon2, double[] km)
        {
            const double EarthRadiusKm = 6371.0;
            const double DegToRad = Math.PI / 180.0;
            foreach (int i in PRange(km.Length))
            {
                double dLat = (lat2[i] - lat1[i]) * DegToRad;
                double dLon = (lon2[i] - lon1[i]) * DegToRad;
                double a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                           + Math.Cos(lat1[i] * DegToRad) * Math.Cos(lat2[i] * DegToRad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
                km[i] = 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(a));
            }
        }
    

        // ---- Uneven iterations (appended last, like the blocks above). ----

        /// <summary>
        /// Euclidean distances between 2-D points, the lower triangle of the symmetric matrix (d[i, j] for j &lt; i), as
        /// distance-matrix builders for clustering and routing write it (e.g. eberkeaydin/distance-matrix, whose README
        /// asks for DM[i, j] = DM[j, i]; Malfsa/vrp's ConvertCoordinatesToDistanceMatrix fills the full square). Row i
        /// does i pairs: the last rows cost far more than the first, which is what the chunking must balance.
        /// </summary>
        [ParallelKernel]
        public static void PairDistances(double[] xs, double[] ys, double[,] dist)
        {
            foreach (int i in PRange(xs.Length))
            {
                double xi = xs[i], yi = ys[i];
                for (int j = 0; j < i; j++)
                {
                    double dx = xi - xs[j], dy = yi - ys[j];
                    dist[i, j] = Math.Sqrt(dx * dx + dy * dy);
                }
            }
        }

        // ---- Column order (appended last, like the blocks above). ----

        /// <summary>
        /// The 5-point stencil of <see cref="Stencil"/> written column by column: x outer, the rows inside, as code that
        /// thinks in (x, y) or comes from column-major Fortran and MATLAB loops does. KernelGen runs the row loop outside
        /// its vector steps (loop interchange; the report's "rows outer" line), so a chunk of columns is read row by row.
        /// </summary>
        [ParallelKernel]
        public static void StencilColumns(float[] input, float[] output, int n)
        {
            foreach (int x in PRange(1, n - 1))
                for (int y = 1; y < n - 1; y++)
                {
                    int k = y * n + x;
                    output[k] = 0.2f * (input[k] + input[k - 1] + input[k + 1] + input[k - n] + input[k + n]);
                }
        }

        /// <summary>
        /// An Euler step over an array of structs with a floor to bounce on (the shape of particle code such as
        /// ThomasMiz/simulations' ParticleState and johnfmaner/NBodySimulation: fields updated in place, in our words).
        /// </summary>
        [ParallelKernel]
        public static void Particles(Particle[] p, float dt, float floor)
        {
            foreach (int i in PRange(p.Length))
            {
                p[i].VY -= 9.81f * dt;
                p[i].X += p[i].VX * dt;
                p[i].Y += p[i].VY * dt;
                if (p[i].Y < floor) { p[i].Y = floor; p[i].VY = -0.5f * p[i].VY; }
            }
        }
    }

    /// <summary>A particle of <see cref="Kernels.Particles"/>: position and velocity, four floats back to back.</summary>
    public struct Particle { public float X, Y, VX, VY; }
}
