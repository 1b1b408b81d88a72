"""numba twins of KernelGen's benchmark kernels (samples/KernelGen.Benchmarks/Kernels.cs), at the full run's sizes.

numba's @njit (serial) and @njit(parallel=True) + prange, written from the C# kernels' arithmetic; ../shared/anchors/
numba_bench.py covers add, sum, poly20, Mandelbrot and matmul, this file the rest of the compute-heavy rows. It prints
the same lines numba_bench.py does ("name serial X ms parallel Y ms speedup Zx"; median of 15 calls after a warm-up),
which the benchmark report reads with --numba (give it both outputs concatenated):

    apt-get install -y python3-numba
    (/usr/bin/python3 ../shared/anchors/numba_bench.py; /usr/bin/python3 samples/KernelGen.Benchmarks/numba/numba_twins.py) > numba.txt

numba's default threading layer (workqueue) showed an 8 ms floor per parallel call on this project's machines, so the
omp layer is chosen here unless NUMBA_THREADING_LAYER is already set. The "fastmath" lines are
@njit(parallel=True, fastmath=True): LLVM's fast-math flags (contraction, reassociation, approximations where LLVM has
them); Debian's numba has no SVML, so transcendental calls stay libm calls.
"""
import os
os.environ.setdefault("NUMBA_THREADING_LAYER", "omp")
import math, statistics, time
import numpy as np
from numba import njit, prange, config


def bench(f, *args, reps=15):
    f(*args)  # compile + warm
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(*args); ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def twins(body):
    """The serial and the parallel kernel of one Python function written with prange (range when serial)."""
    return njit(body), njit(parallel=True)(body)


def report(name, ser, par):
    print(f"{name:28s} serial {ser*1e3:9.3f} ms   parallel {par*1e3:9.3f} ms   speedup {ser/par:5.2f}x")


# ---- Black-Scholes (Kernels.BlackScholes: CND by Abramowitz-Stegun 26.2.17) ----
def black_scholes(spot, strike, years, call, put, r, v):
    for i in prange(spot.shape[0]):
        s = spot[i]; x = strike[i]; t = years[i]
        sqrt_t = math.sqrt(t)
        d1 = (math.log(s / x) + (r + 0.5 * v * v) * t) / (v * sqrt_t)
        d2 = d1 - v * sqrt_t
        k1 = 1.0 / (1.0 + 0.2316419 * abs(d1))
        c1 = 0.39894228040143267793994605993438 * math.exp(-0.5 * d1 * d1) * (k1 * (0.31938153 + k1 * (-0.356563782 + k1 * (1.781477937 + k1 * (-1.821255978 + k1 * 1.330274429)))))
        if d1 > 0:
            c1 = 1.0 - c1
        k2 = 1.0 / (1.0 + 0.2316419 * abs(d2))
        c2 = 0.39894228040143267793994605993438 * math.exp(-0.5 * d2 * d2) * (k2 * (0.31938153 + k2 * (-0.356563782 + k2 * (1.781477937 + k2 * (-1.821255978 + k2 * 1.330274429)))))
        if d2 > 0:
            c2 = 1.0 - c2
        e = math.exp(-r * t)
        call[i] = s * c1 - x * e * c2
        put[i] = x * e * (1.0 - c2) - s * (1.0 - c1)


# ---- haversine distances in km (Kernels.Haversine) ----
def haversine(lat1, lon1, lat2, lon2, km):
    for i in prange(lat1.shape[0]):
        rad = math.pi / 180.0
        dlat = (lat2[i] - lat1[i]) * rad
        dlon = (lon2[i] - lon1[i]) * rad
        a = math.sin(dlat / 2) * math.sin(dlat / 2) + math.cos(lat1[i] * rad) * math.cos(lat2[i] * rad) * math.sin(dlon / 2) * math.sin(dlon / 2)
        km[i] = 2 * 6371.0 * math.asin(math.sqrt(a))


# ---- sin² + cos² (Kernels.SinCosSquares) ----
def sincos(x, y):
    for i in prange(x.shape[0]):
        s = math.sin(x[i]); c = math.cos(x[i])
        y[i] = s * s + c * c


# ---- k-means assignment, 16 dimensions, 16 centroids (Kernels.KMeansAssign; rows of a 2-D array here) ----
def kmeans(points, centroids, assignment):
    for i in prange(points.shape[0]):
        best = 0
        best_dist = np.float32(3.4028235e38)
        for c in range(centroids.shape[0]):
            dist = np.float32(0)
            for d in range(points.shape[1]):
                diff = points[i, d] - centroids[c, d]
                dist += diff * diff
            if dist < best_dist:
                best_dist = dist
                best = c
        assignment[i] = best


# ---- naive matmul on 2-D f32 arrays (Kernels.MatMul2D) ----
def matmul2d(a, b, c):
    n = a.shape[0]
    for i in prange(n):
        for j in range(n):
            acc = np.float32(0)
            for p in range(n):
                acc += a[i, p] * b[p, j]
            c[i, j] = acc


# ---- Jacobi-2d sweep (Kernels.Jacobi2D) ----
def jacobi2d(inp, out):
    rows, cols = inp.shape
    for y in prange(1, rows - 1):
        for x in range(1, cols - 1):
            out[y, x] = 0.2 * (inp[y, x] + inp[y - 1, x] + inp[y + 1, x] + inp[y, x - 1] + inp[y, x + 1])


# ---- 3x3 box blur on a 2-D f32 image (Kernels.BoxBlur3x3) ----
def box_blur(src, dst):
    h, w = src.shape
    for y in prange(1, h - 1):
        for x in range(1, w - 1):
            s = np.float32(0)
            for dy in range(-1, 2):
                for dx in range(-1, 2):
                    s += src[y + dy, x + dx]
            dst[y, x] = s / np.float32(9)


# ---- 3x3 byte sharpen (Kernels.Conv3x3Byte) ----
def conv3x3(src, dst, width, height):
    for y in prange(1, height - 1):
        for x in range(1, width - 1):
            p = y * width + x
            s = (28 * np.int32(src[p]) - 2 * (np.int32(src[p - 1]) + src[p + 1] + src[p - width] + src[p + width])
                 - (np.int32(src[p - width - 1]) + src[p - width + 1] + src[p + width - 1] + src[p + width + 1]))
            q = (s + 8) // 16 if s + 8 >= 0 else -((-(s + 8)) // 16)  # C#'s division truncates toward zero
            dst[p] = min(max(q, 0), 255)


# ---- RGB to gray (Kernels.RgbToGray) ----
def rgb_to_gray(rgb, gray, width, height):
    for y in prange(height):
        for x in range(width):
            p = y * width + x
            gray[p] = (77 * np.int32(rgb[3 * p]) + 150 * np.int32(rgb[3 * p + 1]) + 29 * np.int32(rgb[3 * p + 2])) >> 8


# ---- lower-triangle distance matrix (Kernels.PairDistances: row i does i pairs) ----
def pair_distances(xs, ys, dist):
    for i in prange(xs.shape[0]):
        xi = xs[i]; yi = ys[i]
        for j in range(i):
            dx = xi - xs[j]; dy = yi - ys[j]
            dist[i, j] = math.sqrt(dx * dx + dy * dy)


def main():
    import numba
    print("numba", numba.__version__, "threads", config.NUMBA_NUM_THREADS, "layer", os.environ["NUMBA_THREADING_LAYER"], "(numba_twins.py)")
    rnd = np.random.default_rng(19)

    n = 500_000
    spot = rnd.uniform(5, 30, n); strike = rnd.uniform(1, 100, n); years = rnd.uniform(0.25, 10, n)
    call = np.empty(n); put = np.empty(n)
    ser, par = twins(black_scholes)
    report(f"kg BlackScholes n={n}", bench(ser, spot, strike, years, call, put, 0.02, 0.30), bench(par, spot, strike, years, call, put, 0.02, 0.30))
    fast = njit(parallel=True, fastmath=True)(black_scholes)
    report(f"kg BlackScholes fastmath n={n}", bench(ser, spot, strike, years, call, put, 0.02, 0.30), bench(fast, spot, strike, years, call, put, 0.02, 0.30))

    lat1 = rnd.uniform(-90, 90, n); lon1 = rnd.uniform(-180, 180, n); lat2 = rnd.uniform(-90, 90, n); lon2 = rnd.uniform(-180, 180, n)
    km = np.empty(n)
    ser, par = twins(haversine)
    report(f"kg Haversine n={n}", bench(ser, lat1, lon1, lat2, lon2, km), bench(par, lat1, lon1, lat2, lon2, km))
    fast = njit(parallel=True, fastmath=True)(haversine)
    report(f"kg Haversine fastmath n={n}", bench(ser, lat1, lon1, lat2, lon2, km), bench(fast, lat1, lon1, lat2, lon2, km))

    n = 1_000_000
    x = rnd.uniform(-100, 100, n); y = np.empty(n)
    ser, par = twins(sincos)
    report(f"kg SinCos n={n}", bench(ser, x, y), bench(par, x, y))
    fast = njit(parallel=True, fastmath=True)(sincos)
    report(f"kg SinCos fastmath n={n}", bench(ser, x, y), bench(fast, x, y))

    n = 100_000
    points = rnd.random((n, 16), dtype=np.float32); centroids = rnd.random((16, 16), dtype=np.float32)
    assignment = np.empty(n, dtype=np.int32)
    ser, par = twins(kmeans)
    report(f"kg KMeansAssign n={n}", bench(ser, points, centroids, assignment), bench(par, points, centroids, assignment))

    for n in (256, 512):
        a = rnd.random((n, n), dtype=np.float32); b = rnd.random((n, n), dtype=np.float32); c = np.empty((n, n), dtype=np.float32)
        ser, par = twins(matmul2d)
        report(f"kg MatMul2D n={n}", bench(ser, a, b, c, reps=5), bench(par, a, b, c, reps=5))

    n = 2000
    g = rnd.random((n, n)); out = np.zeros((n, n))
    ser, par = twins(jacobi2d)
    report(f"kg Jacobi2D n={n}", bench(ser, g, out), bench(par, g, out))

    n = 4096
    img = rnd.random((n, n), dtype=np.float32); dst = np.zeros((n, n), dtype=np.float32)
    ser, par = twins(box_blur)
    report(f"kg BoxBlur3x3 n={n}", bench(ser, img, dst, reps=5), bench(par, img, dst, reps=5))

    n = 2048
    src = rnd.integers(0, 256, n * n, dtype=np.uint8); dst = np.zeros(n * n, dtype=np.uint8)
    ser, par = twins(conv3x3)
    report(f"kg Conv3x3Byte n={n}", bench(ser, src, dst, n, n), bench(par, src, dst, n, n))

    n = 4096
    rgb = rnd.integers(0, 256, 3 * n * n, dtype=np.uint8); gray = np.zeros(n * n, dtype=np.uint8)
    ser, par = twins(rgb_to_gray)
    report(f"kg RgbToGray n={n}", bench(ser, rgb, gray, n, n), bench(par, rgb, gray, n, n))

    n = 3000
    xs = rnd.uniform(0, 1000, n); ys = rnd.uniform(0, 1000, n); dist = np.zeros((n, n))
    ser, par = twins(pair_distances)
    report(f"kg PairDistances n={n}", bench(ser, xs, ys, dist), bench(par, xs, ys, dist))


if __name__ == "__main__":
    main()
