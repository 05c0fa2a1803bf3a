#!/usr/bin/env python3
"""Scores anomaly detections the way the Numenta Anomaly Benchmark does (standard profile),
written from NAB's published rules (README, wiki and the whitepaper, "Evaluating Real-time
Anomaly Detection Algorithms", Lavin & Ahmad 2015), not from its code.

The rules:
- Each data file has labelled anomaly windows (labels/combined_windows.json). The first 15%
  of a file's rows (at most 750) are probationary: detections there are ignored and so are
  windows that lie entirely inside it.
- A detection inside a window scores by how early it is: with the relative position
  p = -(right - i + 1) / width (from -1 at the window's left edge to ~0 at its right edge),
  S(p) = 2 / (1 + e^{5p}) - 1, scaled so the earliest detection earns tpWeight. Only the best
  (earliest) detection of a window counts; a window with none costs -fnWeight.
- A detection outside every window costs fpWeight times S of its distance past the end of
  the previous window, in units of that window's width (S → -1 far from it), or the full
  -fpWeight when no window precedes it.
- A detector emits a score per row; the threshold that maximises the corpus's total is chosen
  (NAB's optimiser), and the total is normalised: 100 · (raw − null) / (perfect − null),
  null being no detections (−fnWeight per window) and perfect tpWeight per window.
Profiles (config/profiles.json): standard tp 1, fn 1, fp 0.11.

Usage:
  nab_score.py --nab DIR --results DIR --detector NAME   # DIR/results/NAME/<category>/NAME_<file>.csv
prints the best threshold, the raw score and the normalised score.
"""
import argparse
import csv
import datetime
import json
import math
import os
import sys

PROFILES = {
    "standard": {"tp": 1.0, "fn": 1.0, "fp": 0.11},
    "reward_low_FP_rate": {"tp": 1.0, "fn": 1.0, "fp": 0.22},
    "reward_low_FN_rate": {"tp": 1.0, "fn": 2.0, "fp": 0.11},
}


def parse_time(text):
    text = text.strip()
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise ValueError(f"not a NAB timestamp: {text!r}")


def scaled_sigmoid(p):
    return -1.0 if p > 3.0 else 2.0 / (1.0 + math.exp(5.0 * p)) - 1.0


def row_weights(times, windows, profile):
    """Per row: (window id or None, weight if detected there); None for probationary rows."""
    n = len(times)
    probation = min(math.floor(0.15 * n), 0.15 * 5000)
    index = {t: i for i, t in enumerate(times)}
    spans = []
    for start, end in windows:
        if start not in index or end not in index:
            raise ValueError(f"window {start} … {end} does not fall on rows of the file")
        spans.append((index[start], index[end]))
    spans.sort()
    best_tp = scaled_sigmoid(-1.0)
    rows = []
    previous = None  # (right index, width) of the last window passed
    w = 0
    for i in range(n):
        while w < len(spans) and spans[w][1] < i:
            left, right = spans[w]
            previous = (right, right - left + 1)
            w += 1
        inside = w < len(spans) and spans[w][0] <= i <= spans[w][1]
        if inside:
            left, right = spans[w]
            weight = scaled_sigmoid(-(right - i + 1) / (right - left + 1)) * profile["tp"] / best_tp
            window = w
        else:
            window = None
            if previous is None:
                weight = -1.0 * profile["fp"]
            else:
                weight = scaled_sigmoid(abs(previous[0] - i) / (previous[1] - 1)) * profile["fp"]
        rows.append(None if i < probation else (window, weight))
    return rows


def score_corpus(files, profile):
    """files: [(name, times, scores, windows)]; returns (best threshold, best raw, null raw, windows)."""
    points = []  # (score, key, weight) with key a window id or None for a false positive
    windows_scored = set()
    total_windows = 0
    for name, times, scores, windows in files:
        total_windows += len(windows)
        for i, row in enumerate(row_weights(times, windows, profile)):
            if row is None:
                continue
            window, weight = row
            key = None if window is None else (name, window)
            if key is not None:
                windows_scored.add(key)
            points.append((scores[i], key, weight))
    null = -profile["fn"] * len(windows_scored)
    points.sort(key=lambda p: -p[0])
    best_of = {k: -profile["fn"] for k in windows_scored}
    fp_total = 0.0
    window_total = null
    best = (math.inf, null)  # threshold above every score: nothing detected
    i = 0
    while i < len(points):
        threshold = points[i][0]
        while i < len(points) and points[i][0] == threshold:
            _, key, weight = points[i]
            if key is None:
                fp_total += weight
            elif weight > best_of[key]:
                window_total += weight - best_of[key]
                best_of[key] = weight
            i += 1
        if window_total + fp_total > best[1]:
            best = (threshold, window_total + fp_total)
    return best[0], best[1], null, total_windows


def load_windows(nab_dir):
    with open(os.path.join(nab_dir, "labels", "combined_windows.json")) as f:
        raw = json.load(f)
    return {k: [(parse_time(a), parse_time(b)) for a, b in v] for k, v in raw.items()}


def read_results(path):
    times, scores = [], []
    with open(path) as f:
        for row in csv.DictReader(f):
            times.append(parse_time(row["timestamp"]))
            scores.append(float(row["anomaly_score"]))
    return times, scores


def corpus_from_results(nab_dir, results_dir, detector, windows):
    files = []
    for relative in sorted(windows):
        category, name = relative.split("/")
        path = os.path.join(results_dir, detector, category, f"{detector}_{name}")
        if not os.path.exists(path):
            raise SystemExit(f"nab_score: missing results file {path} (every NAB series needs one)")
        times, scores = read_results(path)
        files.append((relative, times, scores, windows[relative]))
    return files


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nab", required=True, help="a NAB data tree: data/ and labels/")
    parser.add_argument("--results", required=True, help="results/<detector>/<category>/<detector>_<file>.csv")
    parser.add_argument("--detector", required=True, action="append")
    parser.add_argument("--profile", default="standard", choices=sorted(PROFILES))
    args = parser.parse_args()
    windows = load_windows(args.nab)
    for detector in args.detector:
        files = corpus_from_results(args.nab, args.results, detector, windows)
        threshold, raw, null, total = score_corpus(files, PROFILES[args.profile])
        perfect = PROFILES[args.profile]["tp"] * total
        normalised = 100 * (raw - null) / (perfect - null)
        print(f"{detector:24s} {args.profile}: threshold {threshold:.6g}  raw {raw:.4f}  null {null:.1f}  NAB score {normalised:.2f}")


if __name__ == "__main__":
    main()
