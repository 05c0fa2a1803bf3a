#!/usr/bin/env python3
"""Time the Vigil benchmarks against Lua 5.4 and CPython (see bench/README.md).

Each program in bench/programs exists as NAME.vigil, NAME.lua and NAME.py. Every
run's wall-clock time is measured with time.perf_counter around subprocess.run;
the best of --runs is kept. The three outputs must be identical: a mismatch or a
failing run is reported loudly and makes the exit code 1.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS_DIR = os.path.join(ROOT, "bench", "programs")
PROGRAMS = ["loop", "calls", "lists", "strings"]
LUA_TARGET = {"loop", "calls"}  # programs where Vigil must be within 2x of Lua
LUA_FACTOR = 2.0
STARTUP_TARGET_MS = 15.0
REPL_STARTUP_TARGET_MS = 20.0
TIMEOUT_S = 600


class RunFailed(Exception):
    pass


def run_once(cmd, stdin_text=None):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, input=stdin_text,
                          stdin=None if stdin_text is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    elapsed_ms = (time.perf_counter() - start) * 1000.0
    return elapsed_ms, proc


def best_of(cmd, runs, ok_codes=(0,), stdin_text=None):
    """Best wall-clock time in ms, plus stdout and exit code of the runs."""
    best, out, code = None, None, None
    for _ in range(runs):
        try:
            ms, proc = run_once(cmd, stdin_text)
        except subprocess.TimeoutExpired:
            raise RunFailed(f"{' '.join(cmd)}: timed out after {TIMEOUT_S}s")
        if proc.returncode not in ok_codes:
            raise RunFailed(f"{' '.join(cmd)}: exit code {proc.returncode}\n"
                            f"  stdout: {proc.stdout[-500:]!r}\n"
                            f"  stderr: {proc.stderr[-500:]!r}")
        if out is not None and proc.stdout != out:
            raise RunFailed(f"{' '.join(cmd)}: output differs between runs")
        out, code = proc.stdout, proc.returncode
        best = ms if best is None else min(best, ms)
    return best, out, code


def fmt_ms(ms):
    return "-" if ms is None else f"{ms:.1f}"


def fmt_ratio(a, b):
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def version(cmd):
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (proc.stdout or proc.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vigil", default=os.path.join(ROOT, ".build", "release", "vigil"),
                    help="path of the vigil binary (default: .build/release/vigil)")
    ap.add_argument("--runs", type=int, default=3, help="runs per program (best kept)")
    ap.add_argument("--startup-runs", type=int, default=20,
                    help="runs of `vigil check policy50.vigil` (best kept)")
    ap.add_argument("--skip-vigil", action="store_true",
                    help="time only the Lua and Python peers (to check them)")
    ap.add_argument("--strict", action="store_true",
                    help="also exit 1 when a speed target is missed")
    ap.add_argument("programs", nargs="*", default=PROGRAMS,
                    help=f"programs to run (default: {' '.join(PROGRAMS)})")
    args = ap.parse_args()

    failed = False      # wrong output or a crashed run: exit 1
    missed = False      # a speed target missed: exit 1 only with --strict

    vigil = None
    if not args.skip_vigil:
        vigil = os.path.abspath(args.vigil)
        if not os.access(vigil, os.X_OK):
            print(f"error: no vigil binary at {vigil} "
                  "(build it with `swift build -c release --product vigil`)", file=sys.stderr)
            return 2
    lua = shutil.which("lua5.4")
    python = shutil.which("python3") or sys.executable

    print(f"python: {version([python, '--version'])}")
    if lua:
        print(f"lua:    {version([lua, '-v'])}")
    else:
        print("lua:    lua5.4 not found -- the Lua column is SKIPPED (no numbers faked)")
    print(f"vigil:  {vigil or 'skipped (--skip-vigil)'}")
    print(f"best of {args.runs} wall-clock runs each\n")

    rows = []
    for name in args.programs:
        src = os.path.join(PROGRAMS_DIR, name)
        cmds = {
            "vigil": [vigil, "run", src + ".vigil"] if vigil else None,
            "lua": [lua, src + ".lua"] if lua else None,
            "python": [python, src + ".py"],
        }
        times, outs = {}, {}
        for lang, cmd in cmds.items():
            if cmd is None:
                times[lang] = None
                continue
            try:
                times[lang], outs[lang], _ = best_of(cmd, args.runs)
            except RunFailed as e:
                print(f"!!! FAILED {name} ({lang}): {e}")
                times[lang] = None
                failed = True

        mismatch = len(set(outs.values())) > 1
        if mismatch:
            failed = True
            print(f"!!! OUTPUT MISMATCH in {name}:")
            for lang, out in outs.items():
                print(f"!!!   {lang:6} {out!r}")

        v, l, p = times["vigil"], times["lua"], times["python"]
        verdicts = ["OUTPUT MISMATCH"] if mismatch else []
        if v is not None and p is not None:
            ok = v < p
            verdicts.append("faster than python" if ok else "SLOWER THAN PYTHON")
            missed |= not ok
        if name in LUA_TARGET and v is not None and l is not None:
            ok = v <= LUA_FACTOR * l
            verdicts.append(f"within {LUA_FACTOR:g}x of lua" if ok
                            else f"NOT WITHIN {LUA_FACTOR:g}x OF LUA")
            missed |= not ok
        rows.append([name, fmt_ms(v), fmt_ms(l), fmt_ms(p),
                     fmt_ratio(v, l), fmt_ratio(p, v),
                     ", ".join(verdicts) or "-"])

    header = ["program", "vigil ms", "lua ms", "python ms",
              "vigil/lua", "python/vigil", "targets"]
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths]] + rows:
        print("  ".join(str(c).ljust(w) if i in (0, 6) else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths))).rstrip())
    if not lua:
        print("(lua5.4 not installed: Lua column skipped, Lua targets not checked)")

    if vigil:
        policy = os.path.join(PROGRAMS_DIR, "policy50.vigil")
        cmd = [vigil, "check", policy]
        print()
        try:
            ms, _, code = best_of(cmd, args.startup_runs)
            ok = ms < STARTUP_TARGET_MS
            missed |= not ok
            print(f"start-up: vigil check policy50.vigil  best of {args.startup_runs}: "
                  f"{ms:.1f} ms (target < {STARTUP_TARGET_MS:g} ms: "
                  f"{'met' if ok else 'MISSED'})")
        except RunFailed as e:
            # The policy is written so that every require passes (exit 0).
            print(f"!!! FAILED start-up check: {e}")
            failed = True
        # The REPL from start to leaving with the same 50-line file loaded: an upper bound of
        # start to prompt (it includes reading `:quit` and exiting).
        try:
            ms, _, code = best_of([vigil, "repl", policy], args.startup_runs, stdin_text=":quit\n")
            ok = ms < REPL_STARTUP_TARGET_MS
            missed |= not ok
            print(f"start-up: vigil repl policy50.vigil to :quit  best of {args.startup_runs}: "
                  f"{ms:.1f} ms (target < {REPL_STARTUP_TARGET_MS:g} ms: "
                  f"{'met' if ok else 'MISSED'})")
        except RunFailed as e:
            print(f"!!! FAILED REPL start-up: {e}")
            failed = True

    print()
    if failed:
        print("RESULT: FAILED (wrong output or a failing run; see !!! above)")
        return 1
    if missed:
        print("RESULT: outputs agree; some targets MISSED")
        return 1 if args.strict else 0
    print("RESULT: outputs agree" + ("; all targets met" if vigil else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
