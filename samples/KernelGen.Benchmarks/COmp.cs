using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace KernelGen.Benchmarks
{
    /// <summary>
    /// The C/OpenMP twins (c/kernels.c): built with gcc at run time into a shared library, bound by P/Invoke. The parent
    /// process builds the library (<see cref="Prepare"/>, before the check and before BenchmarkDotNet starts the full
    /// mode's child processes) and passes its absolute path to the children in <see cref="LibraryVariable"/>; every
    /// process loads it from there. No gcc, a failed compile or a failed load: <see cref="Available"/> is false, the
    /// COpenMP benchmarks are filtered out (Program.cs) and the report says why (<see cref="Description"/>).
    /// </summary>
    public static unsafe class COmp
    {
        public const string LibraryVariable = "KERNELGEN_OMP_LIBRARY";
        public const string Flags = "-O3 -march=native -fopenmp -ffp-contract=off -shared -fPIC";
        private const string LibraryName = "kgomp";

        private static readonly object s_gate = new();
        private static bool s_tried;
        private static IntPtr s_handle;

        /// <summary>Why the twins are not available (null while they are or before <see cref="Prepare"/>).</summary>
        public static string? Problem { get; private set; }

        /// <summary>The compiler's version line (gcc --version), for the report.</summary>
        public static string? CompilerVersion { get; private set; }

        /// <summary>The OpenMP thread count set before the library loaded.</summary>
        public static int Threads { get; private set; }

        /// <summary>For the report's Results header: the compiler, flags and threads, or why the column is empty.</summary>
        public static string Description => Problem is null && s_handle != IntPtr.Zero
            ? FormattableString.Invariant($"{CompilerVersion}, `gcc {Flags}`, OMP_NUM_THREADS {Threads} (samples/KernelGen.Benchmarks/c/kernels.c)")
            : "not run: " + (Problem ?? "the library was not prepared");

        /// <summary>True when the library is loaded (loads it on first use, from <see cref="LibraryVariable"/>).</summary>
        public static bool Available { get { Load(); return s_handle != IntPtr.Zero; } }

        static COmp()
        {
            NativeLibrary.SetDllImportResolver(typeof(COmp).Assembly, (name, _, _) =>
                name == LibraryName && Available ? s_handle : IntPtr.Zero);
        }

        /// <summary>Parent process: compile c/kernels.c (unless this source and gcc built it already), then load it.</summary>
        public static bool Prepare()
        {
            try
            {
                string? path = Build();
                if (path is not null) Environment.SetEnvironmentVariable(LibraryVariable, path);
            }
            catch (Exception e) { Problem = "building the C twins failed: " + e.Message; }
            return Available;
        }

        private static string? Build()
        {
            string source = Path.Combine(AppContext.BaseDirectory, "c", "kernels.c");
            if (!File.Exists(source)) { Problem = "c/kernels.c is not beside the benchmark assembly"; return null; }
            if (!OperatingSystem.IsLinux()) { Problem = "the C twins are built on Linux only (gcc, .so)"; return null; }
            var (rc, version, err) = RunGcc("--version");
            if (rc != 0) { Problem = "gcc not found (" + err + ")"; return null; }
            CompilerVersion = version.Split('\n')[0].Trim();
            // One library per source text, flags and compiler: a changed twin is rebuilt, an unchanged one reused.
            byte[] key = SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source) + Flags + CompilerVersion));
            string dir = Path.Combine(AppContext.BaseDirectory, "c");
            string library = Path.Combine(dir, $"lib{LibraryName}-{Convert.ToHexString(key, 0, 6).ToLowerInvariant()}.so");
            if (File.Exists(library)) return library;
            string temp = library + "." + Environment.ProcessId + ".tmp";
            (rc, _, err) = RunGcc($"{Flags} -o \"{temp}\" \"{source}\" -lm");
            if (rc != 0)
            {
                File.Delete(temp);
                Problem = "gcc failed to compile c/kernels.c: " + (err.Split('\n').FirstOrDefault(l => l.Contains("error")) ?? err);
                return null;
            }
            File.Move(temp, library, overwrite: true);
            // Older builds of the twins (another source text): unlinking a loaded library is harmless on Linux.
            foreach (string stale in Directory.GetFiles(dir, $"lib{LibraryName}-*.so").Where(f => f != library))
                try { File.Delete(stale); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            Console.WriteLine($"C/OpenMP twins: built {library}");
            return library;
        }

        private static (int Rc, string Out, string Err) RunGcc(string arguments)
        {
            try
            {
                var info = new ProcessStartInfo("gcc", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var process = Process.Start(info)!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                string stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                return (process.ExitCode, stdout.Result, stderr.Trim());
            }
            catch (Exception e) { return (-1, "", e.Message); }
        }

        [DllImport("libc.so.6", EntryPoint = "setenv")]
        private static extern int SetEnv(string name, string value, int overwrite);

        private static void Load()
        {
            lock (s_gate)
            {
                if (s_tried) return;
                s_tried = true;
                string? path = Environment.GetEnvironmentVariable(LibraryVariable);
                if (string.IsNullOrEmpty(path) || !File.Exists(path)) { Problem ??= "no library (" + LibraryVariable + " unset or missing)"; return; }
                try
                {
                    // libgomp reads OMP_NUM_THREADS once, when it loads: the process environment (setenv; .NET's own
                    // copy is not what native code reads) gets the thread count the KernelGen kernels use. Children
                    // inherit both. OMP_WAIT_POLICY is left at its default.
                    Threads = KernelRuntime.DefaultDegreeOfParallelism();
                    string threads = Threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Environment.SetEnvironmentVariable("OMP_NUM_THREADS", threads);
                    SetEnv("OMP_NUM_THREADS", threads, 1);
                    s_handle = NativeLibrary.Load(path);
                    CompilerVersion ??= "gcc";
                }
                catch (Exception e) { Problem = "loading " + path + " failed: " + e.Message; s_handle = IntPtr.Zero; }
            }
        }

        /// <summary>The row-major data of a 2-D or 3-D array (a .NET T[,] / T[,,] is one contiguous block).</summary>
        public static ref T Data<T>(Array array) => ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array));

        // ---- the twins (c/kernels.c) ----
        [DllImport(LibraryName)] public static extern int kg_get_threads();
        [DllImport(LibraryName)] public static extern void kg_set_threads(int n);
        [DllImport(LibraryName)] public static extern void kg_release_threads();
        [DllImport(LibraryName)] public static extern void kg_add_f32(float* a, float* b, float* r, int n);
        [DllImport(LibraryName)] public static extern void kg_particles(Particle* p, float dt, float floor, int n);
        [DllImport(LibraryName)] public static extern void kg_add_f64(double* a, double* b, double* r, int n);
        [DllImport(LibraryName)] public static extern float kg_sum_f32(float* a, int n);
        [DllImport(LibraryName)] public static extern void kg_poly20(float* a, float* r, int n);
        [DllImport(LibraryName)] public static extern void kg_pcm_clip(float* s, short* pcm, int n);
        [DllImport(LibraryName)] public static extern void kg_stereo_to_mono16(short* stereo, short* mono, float left, float right, int n);
        [DllImport(LibraryName)] public static extern void kg_alpha_blend(byte* src, byte* dst, int alpha, int n);
        [DllImport(LibraryName)] public static extern void kg_standardize(float* x, double* z, double mean, double scale, int n);
        [DllImport(LibraryName)] public static extern void kg_mandelbrot(int* output, int w, int h, int maxIt);
        [DllImport(LibraryName)] public static extern void kg_matmul(float* a, float* b, float* c, int n);
        [DllImport(LibraryName)] public static extern void kg_black_scholes(double* spot, double* strike, double* years, double* call, double* put, double r, double v, int n);
        [DllImport(LibraryName)] public static extern void kg_sincos(double* x, double* y, int n);
        [DllImport(LibraryName)] public static extern void kg_haversine(double* lat1, double* lon1, double* lat2, double* lon2, double* km, int n);
        [DllImport(LibraryName)] public static extern void kg_kmeans_assign(float* points, float* centroids, int* assignment, int n, int k, int dims);
        [DllImport(LibraryName)] public static extern void kg_stencil5_f32(float* input, float* output, int n);
        [DllImport(LibraryName)] public static extern void kg_stencil5_columns_f32(float* input, float* output, int n);
        [DllImport(LibraryName)] public static extern void kg_jacobi2d(double* input, double* output, int rows, int cols);
        [DllImport(LibraryName)] public static extern void kg_stencil7(double* input, double* output, int nx, int ny, int nz);
        [DllImport(LibraryName)] public static extern void kg_box_blur3x3(float* src, float* dst, int h, int w);
        [DllImport(LibraryName)] public static extern void kg_rgb_to_gray(byte* rgb, byte* gray, int width, int height);
        [DllImport(LibraryName)] public static extern void kg_conv3x3_byte(byte* src, byte* dst, int width, int height);
        [DllImport(LibraryName)] public static extern void kg_histogram(float* values, int* hist, int n, int bins);
        [DllImport(LibraryName)] public static extern void kg_matvec_rows(double* a, double* x, double* y, int rows, int cols);
        [DllImport(LibraryName)] public static extern void kg_matvec_columns(double* a, double* x, double* y, int rows, int cols);
        [DllImport(LibraryName)] public static extern void kg_row_sums(double* m, double* sums, int rows, int cols);
        [DllImport(LibraryName)] public static extern void kg_pair_distances(double* xs, double* ys, double* dist, int n);
        [DllImport(LibraryName)] public static extern void kg_csr_spmv(int* rowPtr, int* col, double* val, double* x, double* y, int rows);
    }
}
