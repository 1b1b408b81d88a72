using KernelGen;
using static KernelGen.Kernel;

namespace Demo
{
    public static partial class Tables
    {
        /// <summary>Scales each row of a jagged table in place: rows[i][j] written through (the launch checks the rows are distinct).</summary>
        [ParallelKernel]
        public static void ScaleRows(double[][] rows, double[] factors)
        {
            foreach (int i in PRange(rows.Length))
            {
                for (int j = 0; j < rows[i].Length; j++)
                    rows[i][j] *= factors[i];
            }
        }

        private static void Normalize(double[] row)
        {
            double sum = 0;
            for (int j = 0; j < row.Length; j++) sum += row[j];
            if (sum == 0) return;
            for (int j = 0; j < row.Length; j++) row[j] /= sum;
        }

        /// <summary>Normalizes each row to sum 1: the row is handed to a helper that writes it.</summary>
        [ParallelKernel]
        public static void NormalizeRows(double[][] rows)
        {
            foreach (int i in PRange(rows.Length))
                Normalize(rows[i]);
        }
    }
}
