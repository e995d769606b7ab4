#!/usr/bin/env python3
"""Strict judge of an Autobahn|Testsuite index.json for Onramp.

usage: judge.py OUTDIR/index.json

Prints every case whose behavior or behaviorClose is not OK, then a SUMMARY line with the counts.
A case passes only when both are OK, except that INFORMATIONAL is accepted for 7.1.6 and 7.13.*
(the suite only records what the server did). NON-STRICT, FAILED, UNCLEAN, WRONG CODE, NO_CLOSE,
UNIMPLEMENTED (sections 12 and 13 too: Onramp has permessage-deflate) and anything else fail. Exit status: 0 all pass, 1 some case fails, 2 bad input. Python 2.7 or 3.

KNOWN_CLOSE (environment, comma-separated behaviorClose values, default empty) names close behaviors that are
reported as KNOWN instead of failing the run. It exists for one documented container limitation (Tomcat closes an
upgraded socket only while it dispatches an event, so a close that completes on an application thread waits for
the client: "FAILED BY CLIENT", "UNCLEAN"); it never excuses a behavior, and the SUMMARY counts every KNOWN case."""
from __future__ import print_function
import json, os, re, sys

KNOWN_CLOSE = set(v.strip() for v in os.environ.get("KNOWN_CLOSE", "").split(",") if v.strip())

def key(cid):
    return [int(x) if x.isdigit() else x for x in cid.split(".")]

def allowed(cid, value):
    if value == "OK":
        return True
    if value == "INFORMATIONAL":
        return cid == "7.1.6" or cid.startswith("7.13.")
    return False

def main(path):
    try:
        with open(path) as f:
            index = json.load(f)
    except Exception as e:
        print("judge: cannot read %s: %s" % (path, e), file=sys.stderr)
        return 2
    if not index:
        print("judge: %s names no agent" % path, file=sys.stderr)
        return 2
    failed = 0
    known = 0
    for agent in sorted(index):
        cases = index[agent]
        behavior, close = {}, {}
        for cid in sorted(cases, key=key):
            r = cases[cid]
            b, c = r.get("behavior", "?"), r.get("behaviorClose", "?")
            behavior[b] = behavior.get(b, 0) + 1
            close[c] = close.get(c, 0) + 1
            ok = allowed(cid, b) and allowed(cid, c)
            tolerated = not ok and allowed(cid, b) and c in KNOWN_CLOSE
            if b != "OK" or c != "OK":
                verdict = "ok" if ok else "KNOWN" if tolerated else "FAIL"
                print("%-9s %-5s behavior=%-14s behaviorClose=%s" % (cid, verdict, b, c.replace(" ", "_")))
            if tolerated:
                known += 1
            elif not ok:
                failed += 1
        fmt = lambda d: " ".join("%s=%d" % (k.replace(" ", "_"), d[k]) for k in sorted(d))
        print("SUMMARY agent=%s cases=%d failing=%d known=%d | behavior: %s | behaviorClose: %s"
              % (agent, len(cases), failed, known, fmt(behavior), fmt(close)))
    return 1 if failed else 0

if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
