#!/usr/bin/env python3
"""Run smelt over the benchmark corpus and check it neither crashes nor hangs.

Usage: corpus_check.py SMELT CORPUS

For each of CORPUS/py and CORPUS/ipynb: smelt must exit 0 or 1 within the time limit,
print a JSON array whose every finding has the documented keys, and report every file
it could not read as an invalid-file finding rather than stopping.
"""
import json, subprocess, sys, time

smelt, corpus = sys.argv[1], sys.argv[2]
KEYS = {"code", "slug", "severity", "message", "refactoring", "path", "start", "end", "cell", "fix"}
failed = False
for kind in ("py", "ipynb"):
    t0 = time.time()
    try:
        p = subprocess.run([smelt, "check", "--no-cache", "--output-format", "json", f"{corpus}/{kind}"],
                           capture_output=True, timeout=600)
    except subprocess.TimeoutExpired:
        print(f"corpus-check: {kind}: smelt did not finish in 600 s", file=sys.stderr)
        failed = True
        continue
    dt = time.time() - t0
    if p.returncode not in (0, 1):
        print(f"corpus-check: {kind}: exit {p.returncode}\n{p.stderr.decode(errors='replace')[-2000:]}", file=sys.stderr)
        failed = True
        continue
    findings = json.loads(p.stdout)
    bad = [f for f in findings if set(f) != KEYS]
    if bad:
        print(f"corpus-check: {kind}: findings with wrong keys: {bad[:3]}", file=sys.stderr)
        failed = True
    for f in findings:
        if f["start"]["line"] < 1 or f["start"]["column"] < 1 or (f["end"]["line"], f["end"]["column"]) < (f["start"]["line"], f["start"]["column"]):
            print(f"corpus-check: {kind}: bad range {f}", file=sys.stderr)
            failed = True
            break
    codes = {}
    for f in findings:
        codes[f["code"]] = codes.get(f["code"], 0) + 1
    summary = ", ".join(f"{c} {n}" for c, n in sorted(codes.items()))
    print(f"corpus-check: {kind}: {len(findings)} findings in {dt:.1f} s ({summary})")
sys.exit(1 if failed else 0)
