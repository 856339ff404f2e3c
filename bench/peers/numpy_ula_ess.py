#!/usr/bin/env python3
"""NumPy unadjusted-Langevin peer that records A_f and the layer-1 specialised count, for LangevinBench --ess.

Written in the spirit of shared/peers/numpy_langevin.py (plain NumPy/SciPy, hand-derived gradients, Debian's
python3-numpy and python3-scipy), but sampling the same posterior as FeatureScale's Training.Run for the default
TrainConfig (arch fcn, task hermite, depth 2, erf, target h3, standard parameterisation, σ² = 1 per layer):

  model    f(x) = Σ_i a_i erf(h_i(x)),  h = W x  (no 1/√d inside: the scale sits in the prior)
  prior    W_ij ~ N(0, σ_1²/d),  a_i ~ N(0, σ_2²/N)
  data     x ~ N(0, I_d), P training points shared by all chains, y = He_3(w*·x)/√3!, w* uniform on the sphere
  action   U = L + Σ_b κ‖θ_b‖²/(2 v_b),  L = ½ Σ_ν (f(x_ν) − y_ν)²
  update   θ ← θ − η ∇U + √(2ηκ) ξ  (ULA), η = 0.1/λ_max, λ_max of ∇²U at chain 0's prior draw by 30 power
           iterations on central finite differences of ∇U (step 1e-5·max(1, |θ|)), as StepSize.LargestCurvature
  chains   each from its own prior draw; burn-in, then every thin-th state (the first kept) measured before its update
  A_f      ⟨f y⟩ / ⟨y²⟩ on a fresh test set (test_points draws)
  count    #{i : |⟨h_i Φ*⟩| > 3 σ_1/√d} on the test set, Φ* = w*·x (layer-1 "linear" specialised count)

The chains are stacked so that each step is two GEMMs for the whole ensemble (per chain-step no slower than one chain at
a time). Data from NumPy's own RNG (same distribution as FeatureScale's, not the same draws), or with --data the
caller's training and test sets (LangevinBench passes FeatureScale's, so that both sample the identical posterior).

Prints one JSON line (or writes it to --out): the settings, eta, lambda_max, cpu_s (process CPU time after the
imports: data, λ_max, burn-in, sampling and measurement), cpu_s_process (all of the process, interpreter start and
imports included), wall and per-step times, and the per-chain series "a_f" and "specialised".
"""
import argparse, json, math, os, sys, time


def parse():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--d", type=int, default=24)
    ap.add_argument("--N", type=int, default=None, help="hidden width (default d)")
    ap.add_argument("--P", type=int, default=336)
    ap.add_argument("--kappa", type=float, default=1.0)
    ap.add_argument("--sigma2", type=float, default=1.0, help="prior variance σ² of both layers")
    ap.add_argument("--chains", type=int, default=4)
    ap.add_argument("--burnin", type=int, default=333)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--thin", type=int, default=5)
    ap.add_argument("--test-points", type=int, default=2000)
    ap.add_argument("--eta", type=float, default=None, help="step size (default 0.1/λ_max)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=1, help="BLAS threads (set before NumPy is imported)")
    ap.add_argument("--data", default=None,
                    help="JSON file with w_star, x (P×d), y, x_test, y_test to use instead of drawing them")
    ap.add_argument("--out", default=None, help="write the JSON line here instead of stdout")
    return ap.parse_args()


a = parse()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(a.threads)
import numpy as np  # noqa: E402
from scipy.special import erf  # noqa: E402

C2 = 2 / math.sqrt(math.pi)  # erf'(h) = C2 exp(-h²)


def main():
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    d, P, C, kappa = a.d, a.P, a.chains, a.kappa
    N = a.N or d
    rng = np.random.default_rng(a.seed)
    w_star = rng.standard_normal(d)
    w_star /= np.linalg.norm(w_star)

    def draw(n):
        x = rng.standard_normal((n, d))
        z = x @ w_star
        return x, (z ** 3 - 3 * z) / math.sqrt(6.0), z

    if a.data:
        # The caller's draws (LangevinBench passes FeatureScale's own training and test sets, so that both sample
        # the identical posterior); the prior draws and the noise stay NumPy's.
        with open(a.data) as fh:
            data = json.load(fh)
        w_star = np.asarray(data["w_star"], dtype=float)
        X = np.asarray(data["x"], dtype=float).reshape(-1, d)
        y = np.asarray(data["y"], dtype=float)
        Xt = np.asarray(data["x_test"], dtype=float).reshape(-1, d)
        yt = np.asarray(data["y_test"], dtype=float)
        if w_star.shape != (d,) or X.shape[0] != P or y.shape != (P,) or yt.shape != (Xt.shape[0],):
            sys.exit(f"--data {a.data}: shapes do not match d={d}, P={P}")
        zt = Xt @ w_star
    else:
        X, y, _ = draw(P)
        Xt, yt, zt = draw(a.test_points)
    yy = np.mean(yt * yt)
    vW, va = a.sigma2 / d, a.sigma2 / N           # prior variances v_b
    thr = 3 * math.sqrt(a.sigma2 / d)              # 3 × the prior std of ⟨h_i Φ*⟩ (isotropic inputs, |w*| = 1)
    loss_limit = 1e6 * (P + 0.5 * np.sum(y * y))   # Training.Run's divergence limit

    def gradient(c):
        """∇L for a stack of c chains (W: (c, N, d), av: (c, N)), on buffers allocated once: fresh P×cN temporaries
        every step cost more than the arithmetic on this machine. Returns the data term L per chain and ∇L."""
        H, Phi, E = (np.empty((P, c * N)) for _ in range(3))

        def grad(W, av):
            np.matmul(X, W.reshape(c * N, d).T, out=H)                # h = W x, all chains: (P, c·N)
            erf(H, out=Phi)
            phi = Phi.reshape(P, c, N).transpose(1, 0, 2)              # (c, P, N) view
            r = np.matmul(phi, av[:, :, None])[:, :, 0] - y            # f − y: (c, P)
            g_a = np.matmul(phi.transpose(0, 2, 1), r[:, :, None])[:, :, 0]
            np.multiply(H, H, out=E); np.negative(E, out=E); np.exp(E, out=E)
            E3 = E.reshape(P, c, N)
            E3 *= (C2 * av)[None]                                       # ∂L/∂h = erf'(h) a r
            E3 *= r.T[:, :, None]
            g_W = (E.T @ X).reshape(c, N, d)
            return 0.5 * np.sum(r * r, axis=1), g_W, g_a
        return grad

    grad, grad1 = gradient(C), gradient(1)

    def grad_u(W, av):
        _, g_W, g_a = grad1(W, av)
        return g_W + kappa / vW * W, g_a + kappa / va * av

    W = rng.standard_normal((C, N, d)) * math.sqrt(vW)
    av = rng.standard_normal((C, N)) * math.sqrt(va)

    # λ_max of ∇²U at chain 0's initial point: power iteration on finite-difference Hessian–vector products.
    W0, a0 = W[:1].copy(), av[:1].copy()
    eps = 1e-5 * max(1.0, math.sqrt(np.sum(W0 * W0) + np.sum(a0 * a0)))
    vW_, va_ = rng.standard_normal(W0.shape), rng.standard_normal(a0.shape)
    nrm = math.sqrt(np.sum(vW_ * vW_) + np.sum(va_ * va_)); vW_ /= nrm; va_ /= nrm
    lam = 0.0
    for _ in range(30):
        gpW, gpa = grad_u(W0 + eps * vW_, a0 + eps * va_)
        gmW, gma = grad_u(W0 - eps * vW_, a0 - eps * va_)
        hW, ha = (gpW - gmW) / (2 * eps), (gpa - gma) / (2 * eps)
        lam = max(abs(np.sum(vW_ * hW) + np.sum(va_ * ha)), 0.0)
        nrm = math.sqrt(np.sum(hW * hW) + np.sum(ha * ha))
        if not (nrm > 0 and math.isfinite(nrm)):
            break
        vW_, va_ = hW / nrm, ha / nrm
    eta = a.eta if a.eta is not None else 0.1 / lam
    noise = math.sqrt(2 * eta * kappa)
    decW, deca = 1 - eta * kappa / vW, 1 - eta * kappa / va

    Ht, Phit = np.empty((len(yt), C * N)), np.empty((len(yt), C * N))

    def measure(W, av):
        np.matmul(Xt, W.reshape(C * N, d).T, out=Ht)               # (n, C·N)
        erf(Ht, out=Phit)
        f = np.matmul(Phit.reshape(-1, C, N).transpose(1, 0, 2), av[:, :, None])[:, :, 0]   # (C, n)
        af = (f @ yt) / len(yt) / yy
        overlap = (zt @ Ht / len(zt)).reshape(C, N)                # ⟨h_i Φ*⟩
        return af, np.sum(np.abs(overlap) > thr, axis=1)

    total = a.burnin + a.steps
    series_af = [[] for _ in range(C)]
    series_spec = [[] for _ in range(C)]
    diverged = None
    wall_loop = time.perf_counter()
    for t in range(total):
        if t >= a.burnin and (t - a.burnin) % a.thin == 0:
            af, spec = measure(W, av)
            for c in range(C):
                series_af[c].append(float(af[c])); series_spec[c].append(int(spec[c]))
        loss, g_W, g_a = grad(W, av)
        W = decW * W - eta * g_W + noise * rng.standard_normal(W.shape)
        av = deca * av - eta * g_a + noise * rng.standard_normal(av.shape)
        bad = ~np.isfinite(loss) | (loss > loss_limit)
        if bad.any():
            diverged = f"chain {int(np.argmax(bad))} diverged at step {t} (training loss {float(np.max(loss)):.3g})"
            break
    wall_loop = time.perf_counter() - wall_loop
    done = t + 1 if total else 0
    cpu = time.process_time() - cpu0
    out = {
        "peer": "numpy_ula_ess.py", "sampler": "ula", "d": d, "N": N, "P": P, "kappa": kappa, "sigma2": a.sigma2,
        "target": "h3", "chains": C, "burnin": a.burnin, "steps": a.steps, "thin": a.thin,
        "test_points": len(yt), "seed": a.seed, "data": "file" if a.data else "numpy", "threads": a.threads,
        "eta": eta, "lambda_max": lam, "eta_lambda": eta * lam, "threshold": thr, "diverged": diverged, "cpu_s": cpu,
        "cpu_s_process": time.process_time(), "wall_s": time.perf_counter() - wall0,
        "ms_per_step": 1000 * wall_loop / max(done, 1), "ms_per_chain_step": 1000 * wall_loop / max(done * C, 1),
        "numpy": np.__version__, "a_f": series_af, "specialised": series_spec,
    }
    line = json.dumps(out)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(line + "\n")
    else:
        print(line)
    return 0 if diverged is None else 3


if __name__ == "__main__":
    sys.exit(main())
