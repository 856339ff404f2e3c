namespace FeatureScale.Theory;

/// <summary>
/// Minimises a posynomial energy Σ_j T_j(scales, params) over the free parameters in log space, keeping only
/// scalings (dominant balance). With t_j = a_j·log s + b_j·log p, min_p max_j t_j is a linear programme whose dual
/// is max over λ in the polytope {λ ≥ 0, Σλ = 1, Σ λ_j b_j = 0} of Σ λ_j a_j·log s. The polytope does not depend
/// on the scales, so the minimised energy is exactly the max over its vertices of the monomials Π T_j^{λ_j}
/// (a geometric programme solved symbolically). Vertices are enumerated as basic solutions (tiny problems:
/// a handful of terms and parameters); minimisers come from the primal balance equations of each vertex.
/// </summary>
public static class TropicalMinimizer
{
    /// <summary>Minimises Σ terms over <paramref name="parameters"/>.</summary>
    public static TropicalMinimum Minimize(IReadOnlyList<Monomial> terms, IReadOnlyList<string> parameters)
    {
        int n = terms.Count, k = parameters.Count;
        if (n == 0) throw new ArgumentException("the energy has no terms");
        var b = new Rational[n, k];
        for (int j = 0; j < n; j++) for (int i = 0; i < k; i++) b[j, i] = terms[j][parameters[i]];
        var scalePart = terms.Select(t => t.Restrict(v => !parameters.Contains(v))).ToArray();

        var vertices = new List<BalanceVertex>();
        var seen = new HashSet<string>();
        foreach (var subset in Subsets(n, Math.Min(n, k + 1)))
        {
            var lambda = SolveDual(b, subset, k);
            if (lambda is null) continue;
            string key = string.Join(",", subset.Select((j, idx) => $"{j}:{lambda[idx]}"));
            if (!seen.Add(key)) continue;
            var weights = new Dictionary<int, Rational>();
            var energy = Monomial.One;
            for (int idx = 0; idx < subset.Length; idx++)
            {
                weights[subset[idx]] = lambda[idx];
                energy *= scalePart[subset[idx]].Pow(lambda[idx]);
            }
            vertices.Add(new BalanceVertex(weights, energy, SolvePrimal(b, scalePart, subset, parameters)));
        }
        return new TropicalMinimum(vertices, vertices.Count == 0);
    }

    private static IEnumerable<int[]> Subsets(int n, int maxSize)
    {
        for (int size = 1; size <= maxSize; size++)
        {
            var idx = Enumerable.Range(0, size).ToArray();
            while (true)
            {
                yield return (int[])idx.Clone();
                int p = size - 1;
                while (p >= 0 && idx[p] == n - size + p) p--;
                if (p < 0) break;
                idx[p]++;
                for (int q = p + 1; q < size; q++) idx[q] = idx[q - 1] + 1;
            }
        }
    }

    /// <summary>λ on the subset with [b_J^T; 1] λ = [0; 1], columns independent and λ &gt; 0; null otherwise.</summary>
    private static Rational[]? SolveDual(Rational[,] b, int[] subset, int k)
    {
        int r = subset.Length, rows = k + 1;
        var a = new Rational[rows, r + 1];
        for (int i = 0; i < k; i++) for (int c = 0; c < r; c++) a[i, c] = b[subset[c], i];
        for (int c = 0; c < r; c++) a[k, c] = Rational.One;
        for (int i = 0; i < k; i++) a[i, r] = Rational.Zero;
        a[k, r] = Rational.One;
        // Gaussian elimination (exact).
        int row = 0;
        var pivotCol = new int[r];
        for (int c = 0; c < r; c++)
        {
            int piv = -1;
            for (int i = row; i < rows; i++) if (!a[i, c].IsZero) { piv = i; break; }
            if (piv < 0) return null; // dependent columns
            Swap(a, piv, row, r + 1);
            for (int i = 0; i < rows; i++)
            {
                if (i == row || a[i, c].IsZero) continue;
                var f = a[i, c] / a[row, c];
                for (int cc = c; cc <= r; cc++) a[i, cc] -= f * a[row, cc];
            }
            pivotCol[c] = row;
            row++;
        }
        for (int i = row; i < rows; i++) if (!a[i, r].IsZero) return null; // inconsistent
        var lambda = new Rational[r];
        for (int c = 0; c < r; c++)
        {
            lambda[c] = a[pivotCol[c], r] / a[pivotCol[c], c];
            if (lambda[c].Sign <= 0) return null;
        }
        return lambda;
    }

    /// <summary>Balance equations a_j + b_j·p = v on the subset, solved for p (monomials in the scales).</summary>
    private static Dictionary<string, Monomial> SolvePrimal(Rational[,] b, Monomial[] scalePart, int[] subset, IReadOnlyList<string> parameters)
    {
        int k = parameters.Count, r = subset.Length, cols = k + 1; // unknowns p_1..p_k, v
        var a = new Rational[r, cols];
        var rhs = new Monomial[r];
        for (int e = 0; e < r; e++)
        {
            for (int i = 0; i < k; i++) a[e, i] = b[subset[e], i];
            a[e, k] = -Rational.One;
            rhs[e] = scalePart[subset[e]].Pow(-Rational.One);
        }
        var pivotRowOfCol = Enumerable.Repeat(-1, cols).ToArray();
        int row = 0;
        for (int c = 0; c < cols && row < r; c++)
        {
            int piv = -1;
            for (int i = row; i < r; i++) if (!a[i, c].IsZero) { piv = i; break; }
            if (piv < 0) continue;
            Swap(a, piv, row, cols); (rhs[piv], rhs[row]) = (rhs[row], rhs[piv]);
            var inv = Rational.One / a[row, c];
            for (int cc = 0; cc < cols; cc++) a[row, cc] *= inv;
            rhs[row] = rhs[row].Pow(inv);
            for (int i = 0; i < r; i++)
            {
                if (i == row || a[i, c].IsZero) continue;
                var f = a[i, c];
                for (int cc = 0; cc < cols; cc++) a[i, cc] -= f * a[row, cc];
                rhs[i] = rhs[i] * rhs[row].Pow(-f);
            }
            pivotRowOfCol[c] = row;
            row++;
        }
        var result = new Dictionary<string, Monomial>(StringComparer.Ordinal);
        for (int i = 0; i < k; i++)
        {
            int pr = pivotRowOfCol[i];
            if (pr < 0) continue;
            bool determined = true;
            for (int cc = 0; cc < cols; cc++) if (cc != i && !a[pr, cc].IsZero && pivotRowOfCol[cc] < 0) determined = false;
            if (determined) result[parameters[i]] = rhs[pr];
        }
        return result;
    }

    private static void Swap(Rational[,] a, int i, int j, int cols)
    {
        if (i == j) return;
        for (int c = 0; c < cols; c++) (a[i, c], a[j, c]) = (a[j, c], a[i, c]);
    }
}
