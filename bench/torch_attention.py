#!/usr/bin/env python3
"""PyTorch peer of FeatureScale's attention-head Langevin step (benchmark only).

Same model and update as src/FeatureScale/Models/AttentionHead.cs + Sampling/LangevinSampler.cs:
  f(X) = L^{-1/2} sum_h sum_{a,b} softmax_b(x^a.A_h x^b) (w_h . x^b)          (arXiv 2512.04165 Eq. 14/82)
  U = 1/2 sum_p (f(X_p) - y_p)^2 + kappa ||A||^2 d^2/2 + kappa ||w||^2 dH/2   (priors 1/d^2 and 1/(dH))
  theta <- theta - eta grad U + sqrt(2 eta kappa) xi
Inputs X_p in R^{LxD} i.i.d. N(0,1); cubic target y = sum_{a!=b} x^a_1 x^b_2 x^b_3 / sqrt(L(L-1)).
The gradient is PyTorch autograd through batched matmuls (bmm/einsum) and torch.softmax.
Prints one JSON line with ms_per_step. Needs Debian's python3-torch (/usr/bin/python3).
"""
import argparse, json, math, time
import torch

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--P", type=int, default=500)
    ap.add_argument("--d", type=int, default=16)
    ap.add_argument("--L", type=int, default=180)
    ap.add_argument("--H", type=int, default=2)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--dtype", default="float64", choices=["float32", "float64"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eta", type=float, default=1e-4)
    ap.add_argument("--kappa", type=float, default=0.1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dt = getattr(torch, a.dtype)
    g = torch.Generator().manual_seed(0)
    P, d, L, H = a.P, a.d, a.L, a.H
    X = torch.randn(P, L, d, generator=g, dtype=dt)
    s1 = X[:, :, 0].sum(1); s23 = (X[:, :, 1] * X[:, :, 2]).sum(1); s123 = (X[:, :, 0] * X[:, :, 1] * X[:, :, 2]).sum(1)
    y = (s1 * s23 - s123) / math.sqrt(L * (L - 1))
    A = (torch.randn(H, d, d, generator=g, dtype=dt) / d).requires_grad_(True)
    w = (torch.randn(H, d, generator=g, dtype=dt) / math.sqrt(d * H)).requires_grad_(True)
    vA, vw = 1.0 / d ** 2, 1.0 / (d * H)
    c = 1.0 / math.sqrt(L)

    def f():
        XA = torch.einsum("pai,hij->phaj", X, A)                    # (P,H,L,d)
        S = torch.matmul(XA, X.transpose(1, 2).unsqueeze(1))         # (P,H,L,L)
        att = torch.softmax(S, dim=-1)
        v = torch.einsum("pbi,hi->phb", X, w)                        # (P,H,L)
        u = torch.matmul(att, v.unsqueeze(-1)).squeeze(-1)           # (P,H,L)
        return c * u.sum(dim=(1, 2))

    noise = math.sqrt(2 * a.eta * a.kappa)
    def step():
        loss = 0.5 * ((f() - y) ** 2).sum()
        gA, gw = torch.autograd.grad(loss, [A, w])
        with torch.no_grad():
            A.mul_(1 - a.eta * a.kappa / vA).add_(gA, alpha=-a.eta).add_(torch.randn(A.shape, generator=g, dtype=dt), alpha=noise)
            w.mul_(1 - a.eta * a.kappa / vw).add_(gw, alpha=-a.eta).add_(torch.randn(w.shape, generator=g, dtype=dt), alpha=noise)
        return loss.item()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter(); c0 = time.process_time()
    for _ in range(a.steps):
        step()
    dt_s = time.perf_counter() - t0; cpu_s = time.process_time() - c0
    print(json.dumps({"peer": "torch", "torch": torch.__version__, "P": P, "d": d, "L": L, "H": H, "dtype": a.dtype,
                      "threads": a.threads, "steps": a.steps, "ms_per_step": 1e3 * dt_s / a.steps, "cpu_ms_per_step": 1e3 * cpu_s / a.steps}))

if __name__ == "__main__":
    main()
