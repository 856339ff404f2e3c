#!/usr/bin/env python3
"""Redraw the main figure of a FeatureScale P* study (P* vs size with its 95% CIs and the fitted power law)
from the files the tool writes: DIR/results.csv, DIR/analysis/pstar.csv and DIR/analysis/analysis.json (the
Parquet tables beside the CSVs instead where pyarrow is importable).

    featurescale sweep run examples/sweeps/synthetic-pstar.json --out study
    featurescale report study                 # runs the analysis, writes study/analysis/
    python3 examples/python/redraw.py study   # writes study/analysis/pstar_vs_size.redrawn.png

Needs pandas and matplotlib (Debian: apt-get install python3-pandas python3-matplotlib); pyarrow is optional."""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import NullFormatter, ScalarFormatter  # noqa: E402
import pandas as pd  # noqa: E402

try:
    import pyarrow  # noqa: F401,E402  (optional: pandas reads Parquet through it)
    HAVE_PYARROW = True
except ImportError:
    HAVE_PYARROW = False


def read_table(csv: Path) -> pd.DataFrame:
    """The table as the tool wrote it: NAME.parquet beside NAME.csv when pyarrow is there, else the CSV."""
    parquet = csv.with_suffix(".parquet")
    if HAVE_PYARROW and parquet.exists():
        return pd.read_parquet(parquet, engine="pyarrow")
    return pd.read_csv(csv)


def main(folder: str) -> int:
    root = Path(folder)
    results = read_table(root / "results.csv")
    if results.columns.duplicated().any() or any(c.startswith("$") for c in results.columns):
        print(f"{root}/results.csv: duplicate or '$' column names", file=sys.stderr)
        return 1
    analysis = json.loads((root / "analysis" / "analysis.json").read_text())
    size = analysis["size_field"]
    pstar = read_table(root / "analysis" / "pstar.csv")
    found = pstar[pstar["kind"] != "NotFound"]
    if found.empty:
        print("no size has a P*: nothing to draw", file=sys.stderr)
        return 1

    fig, ax = plt.subplots(figsize=(3.4, 2.6), dpi=300)
    err = [(found["pstar"] - found["ci_low"]).clip(lower=0), (found["ci_high"] - found["pstar"]).clip(lower=0)]
    ax.errorbar(found[size], found["pstar"], yerr=err, fmt="o", ms=3, capsize=2, label="measured $P^*$ (95% CI)")
    fit = analysis.get("fit")
    if fit:
        xs = found[size].sort_values()
        half = (fit["ci_high"] - fit["ci_low"]) / 2 if fit.get("ci_low") is not None else float("nan")
        ax.plot(xs, fit["prefactor"] * xs ** fit["exponent"],
                label=f"fit $\\propto {size}^{{{fit['exponent']:.2f} \\pm {half:.2f}}}$")
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(ScalarFormatter())
        axis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(f"${size}$")
    ax.set_ylabel("$P^*$")
    ax.legend(fontsize=6)
    fig.tight_layout()
    out = root / "analysis" / "pstar_vs_size.redrawn.png"
    fig.savefig(out)
    print(f"{len(results)} runs, {len(found)} sizes with a P*; wrote {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
