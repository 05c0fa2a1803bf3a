#!/usr/bin/env python3
"""Writes mannwhitney.json: recorded scipy.stats.mannwhitneyu results for the judge tests.

Every case calls mannwhitneyu(x, y, alternative='two-sided') with scipy's defaults
(method 'auto', use_continuity=True), so the fixture pins exactly what scipy does:
exact distribution when either sample has at most 8 values and there are no ties,
tie-corrected normal approximation with continuity correction otherwise. The method
scipy chose and the Hodges-Lehmann shift (median of all x_i - y_j) are recorded too.
Run: python3 gen_mannwhitney.py  (from this folder; needs numpy and scipy)
"""
import json
import os

import numpy as np
import scipy
from scipy.stats import mannwhitneyu


def has_ties(x, y):
    values = list(x) + list(y)
    return len(set(values)) != len(values)


def chosen_method(x, y):
    # Mirrors scipy's _mwu_choose_method so the fixture says which path each case tests.
    if len(x) > 8 and len(y) > 8:
        return "asymptotic"
    return "asymptotic" if has_ties(x, y) else "exact"


def case(name, x, y):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    result = mannwhitneyu(x, y, alternative="two-sided")
    differences = np.subtract.outer(np.array(x), np.array(y)).ravel()
    return {
        "name": name,
        "x": x,
        "y": y,
        "u": float(result.statistic),
        "p": float(result.pvalue),
        "method": chosen_method(x, y),
        "hodges_lehmann": float(np.median(differences)),
    }


def main():
    rng = np.random.default_rng(20251115)
    cases = [
        case("textbook males vs females (exact)", [19, 22, 16, 29, 24], [20, 11, 17, 12]),
        case("single values", [1], [2]),
        case("one vs three", [5], [1, 2, 3]),
        case("complete separation 3x3", [1, 2, 3], [4, 5, 6]),
        case("complete separation 8x8 exact", range(1, 9), range(9, 17)),
        case("interleaved 4x4", [1, 3, 5, 7], [2, 4, 6, 8]),
        case("U at the centre 2x2", [1, 4], [2, 3]),
        case("small x large y exact", [0.5, 2.5, 7.5], list(np.arange(0, 60) * 0.13 + 0.01)),
        case("eight vs forty exact", list(rng.normal(10, 2, 8)), list(rng.normal(11, 2, 40))),
        case("large y small x shifted", list(rng.normal(0, 1, 40)), list(rng.normal(1.5, 1, 6))),
        case("nine vs nine asymptotic no ties", list(rng.normal(0, 1, 9)), list(rng.normal(0.8, 1, 9))),
        case("small with ties asymptotic", [1, 2, 2, 3], [2, 3, 4, 4]),
        case("small with one tie across", [1.5, 2.0, 3.0], [2.0, 4.0, 5.0]),
        case("all values equal", [7, 7, 7, 7], [7, 7, 7]),
        case("equal samples no ties within", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]),
        case("equal large samples", list(np.round(rng.normal(100, 10, 30), 1)) * 1,
             list(np.round(rng.normal(100, 10, 30), 1))),
    ]
    same = list(rng.normal(50, 5, 25))
    cases.append(case("identical arrays 25", same, same))
    for size_x, size_y, shift, decimals in [
        (10, 10, 0.0, None), (12, 15, 1.0, None), (20, 20, 0.3, None), (30, 25, 0.0, 0),
        (40, 40, 0.5, 1), (50, 60, -0.4, None), (100, 100, 0.2, None), (200, 150, 0.0, 1),
        (300, 300, 0.1, 2), (500, 400, 0.05, None), (1000, 1000, 0.08, 1), (60, 9, 1.2, None),
        (9, 60, -1.2, 0), (15, 80, 0.0, 0),
    ]:
        x = rng.normal(shift, 1, size_x)
        y = rng.normal(0, 1, size_y)
        if decimals is not None:
            x, y = np.round(x, decimals), np.round(y, decimals)
        label = f"{size_x}x{size_y} shift {shift}" + (f" rounded to {decimals} decimals" if decimals is not None else "")
        cases.append(case(label, x, y))
    # Latency-shaped (lognormal) samples, the judge's everyday input.
    cases.append(case("lognormal latency 20% slower", rng.lognormal(np.log(0.12) + np.log(1.2), 0.3, 80),
                      rng.lognormal(np.log(0.12), 0.3, 80)))
    cases.append(case("integer counts heavy ties", rng.poisson(3, 50), rng.poisson(3.5, 50)))
    cases.append(case("binary outcomes", rng.integers(0, 2, 40), rng.integers(0, 2, 35)))
    cases.append(case("extreme separation large", list(range(100, 160)), list(range(0, 60))))

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mannwhitney.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"generator": "gen_mannwhitney.py", "scipy": scipy.__version__, "cases": cases}, handle, indent=1)
        handle.write("\n")
    methods = [c["method"] for c in cases]
    print(f"wrote {len(cases)} cases ({methods.count('exact')} exact) to {path}")


if __name__ == "__main__":
    main()
