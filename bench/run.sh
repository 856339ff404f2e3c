#!/usr/bin/env bash
# Builds the benchmarks in Release and runs them: JSON lines on stdout (one per measurement), notes on stderr.
# Usage: bench/run.sh [--quick] > bench.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/FeatureScale.Bench -c Release -v quiet -nologo -clp:NoSummary >&2
exec dotnet bench/FeatureScale.Bench/bin/Release/net10.0/FeatureScale.Bench.dll --numpy bench/numpy_gemm.py "$@"
