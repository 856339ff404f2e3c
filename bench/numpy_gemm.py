#!/usr/bin/python3
"""NumPy's `a @ b` at the FeatureScale benchmark shape, for comparison in the same run.

Run by bench/FeatureScale.Bench with the same OPENBLAS_CORETYPE that FeatureScale uses and OPENBLAS_NUM_THREADS set
to the thread count under test (NumPy's OpenBLAS reads both at load time). Prints one JSON line per dtype:
{"bench": "numpy_gemm", "dtype", "m", "n", "k", "threads", "openblas_core", "gflops_best", "gflops_median", ...}.
a is m×k, b is k×n (C-contiguous, standard normal), the product is m×n: 2·m·n·k flops.
"""
import argparse, ctypes, json, os, statistics, time
import numpy as np


def openblas_core():
    """The kernel set of the BLAS NumPy loaded (Debian: libblas.so.3 is OpenBLAS through alternatives)."""
    for name in ("libblas.so.3", "libopenblas.so.0"):
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--m", type=int, default=4000)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--k", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--dtypes", default="float64,float32")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    core = openblas_core()
    for dtype in a.dtypes.split(","):
        A = rng.standard_normal((a.m, a.k)).astype(dtype)
        B = rng.standard_normal((a.k, a.n)).astype(dtype)
        for _ in range(3):
            A @ B
        times = []
        for _ in range(a.reps):
            t0 = time.perf_counter()
            A @ B
            times.append(time.perf_counter() - t0)
        flops = 2.0 * a.m * a.n * a.k
        print(json.dumps({
            "bench": "numpy_gemm", "dtype": dtype, "m": a.m, "n": a.n, "k": a.k,
            "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")), "openblas_core": core,
            "coretype_env": os.environ.get("OPENBLAS_CORETYPE"), "numpy": np.__version__,
            "reps": a.reps, "gflops_best": flops / min(times) / 1e9, "gflops_median": flops / statistics.median(times) / 1e9,
        }), flush=True)


if __name__ == "__main__":
    main()
