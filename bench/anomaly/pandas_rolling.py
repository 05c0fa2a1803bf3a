#!/usr/bin/env python3
"""The pandas side of `bench-anomaly speed`: the same float64 values, per series, through
rolling(window).mean()/std() (a rolling z-score) and rolling(window).median() plus the
rolling median of |x - median| (a rolling MAD), each scored against the trailing window
before the sample (shift(1)) as Vigil's detector does. Prints samples/s; skips with the
reason when pandas is not installed (pip install pandas)."""
import sys
import time

try:
    import numpy as np
    import pandas as pd
except ImportError as error:
    print(f"  pandas: skipped ({error}; pip install pandas)")
    sys.exit(0)

path, series, samples, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
values = np.fromfile(path, dtype=np.float64).reshape(series, samples)
total = series * samples


def zscore(x):
    s = pd.Series(x)
    mean = s.rolling(window).mean().shift(1)
    std = s.rolling(window).std().shift(1)
    return int(((s - mean).abs() > 3 * std).sum())


def mad(x):
    s = pd.Series(x)
    median = s.rolling(window).median()
    deviation = (s - median).abs()  # |x - median of its window|, then the median of those
    spread = deviation.rolling(window).median().shift(1)
    return int((0.6745 * (s - median.shift(1)).abs() > 3.5 * spread).sum())


for name, body in (("zscore", zscore), ("mad", mad)):
    begin = time.perf_counter()
    found = sum(body(values[i]) for i in range(series))
    seconds = time.perf_counter() - begin
    print(f"  pandas {name:7s} {seconds:8.3f}s  {total / seconds:12.0f} samples/s  ({found} anomalous samples)"
          f"  pandas {pd.__version__}")
