#!/usr/bin/env python3
"""Runs BadInputs.txt against a built CLI as child processes and prints the counts
tried / clean / unclear (exit 2, message not one line naming the field, or output written) / wrong code / hang / out of memory.
Usage: run_corpus.py PATH/TO/FeatureScale.Cli [timeout_s]. A heap limit (DOTNET_GCHeapHardLimit = 4 GiB) makes runaway
allocations fail fast instead of taking the machine's memory."""
import os, subprocess, sys, tempfile, shutil, concurrent.futures as cf
cli = sys.argv[1]; timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 15
here = os.path.dirname(os.path.abspath(__file__)); fx = os.path.join(here, "BadInputs")
cases = [l.rstrip("\n").split("\t", 1) for l in open(os.path.join(here, "BadInputs.txt")) if l.strip() and not l.startswith("#")]
def run(case):
    field, args = case
    root = tempfile.mkdtemp(prefix="fs-corpus-"); out = os.path.join(root, "out"); f = os.path.join(root, "file.txt"); d = os.path.join(root, "theirs")
    open(f, "w").write("keep"); os.makedirs(d); open(os.path.join(d, "notes.txt"), "w").write("keep")
    argv = [a.replace("{out}", out).replace("{fx}", fx).replace("{file}", f).replace("{dir}", d) for a in args.split(" ")]
    env = dict(os.environ, DOTNET_GCHeapHardLimit="0x100000000")
    try:
        p = subprocess.run([cli] + argv, capture_output=True, text=True, timeout=timeout, env=env, cwd=root)
        err = p.stderr; rc = p.returncode
    except subprocess.TimeoutExpired:
        shutil.rmtree(root, ignore_errors=True); return field, args, "hang", ""
    written = (os.path.exists(out) and os.listdir(out)) or open(f).read() != "keep" or sorted(os.listdir(d)) != ["notes.txt"]
    shutil.rmtree(root, ignore_errors=True)
    lines = [l for l in err.split("\n") if l.strip()]
    if "OutOfMemory" in err or "out of memory" in err or rc in (134, 137): kind = "oom"
    elif rc != 2: kind = f"wrong code {rc}"
    elif len(lines) == 1 and field in lines[0] and not written: kind = "clean"
    else: kind = "unclear"
    return field, args, kind, (lines[0] if lines else "")
with cf.ThreadPoolExecutor(2) as ex: results = list(ex.map(run, cases))
counts = {}
for field, args, kind, line in results:
    k = kind.split(" ")[0] + (" code" if kind.startswith("wrong") else ""); counts[k] = counts.get(k, 0) + 1
    if kind != "clean": print(f"{kind:14} {args}  [{field}]  {line[:150]}")
print(f"tried {len(results)} / clean {counts.get('clean',0)} / unclear {counts.get('unclear',0)} / wrong code {counts.get('wrong code',0)} "
      f"/ hang {counts.get('hang',0)} / out of memory {counts.get('oom',0)}")
