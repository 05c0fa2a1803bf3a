#!/usr/bin/env python3
"""Generates the recorded data the data-gate examples read. Run once; the outputs are committed.

Three hours (2025-01-15 09:00-12:00 UTC, one scrape every 30 s) of two services:
- checkout.csv (CSV): request counters by endpoint and code, and latency summary quantiles.
  A healthy service: ~0.3% 5xx, p95 ~120 ms, a morning traffic ramp.
- search.om (OpenMetrics): request counters by code and latency summary quantiles. At 11:15
  a bad index build lands: p95 goes from ~4 ms to ~6.5 ms and 5xx from 0.1% to ~2%.

- baseline-service.csv (CSV): a payments service whose 5xx share jumps from ~0.3% to 2.5%
  for 25 minutes, for the `baseline` rule in examples/baseline-service.vigil.

Noise is seeded, so running this again rewrites the same files.
"""
import math
import random

START = 1736931600  # 2025-01-15T09:00:00Z
STEP = 30
POINTS = 3 * 3600 // STEP + 1
REGRESSION = START + 2 * 3600 + 15 * 60

rng = random.Random(20250115)


def poisson(mean):
    """A normal approximation to a Poisson count, never negative."""
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def traffic(t, base):
    """Requests per second: a morning ramp with a little wander."""
    hours = (t - START) / 3600
    return base * (0.8 + 0.25 * hours / 3 + 0.05 * math.sin(hours * 2.1))


def checkout():
    rows = ["timestamp,metric,service,endpoint,code,quantile,value"]
    totals = {}
    shares = {"200": 0.9965, "500": 0.0025, "503": 0.001}
    for i in range(POINTS):
        t = START + i * STEP
        stamp = f"{t}"
        for endpoint, base in (("/cart", 90), ("/pay", 40)):
            for code, share in shares.items():
                key = (endpoint, code)
                if i > 0:
                    totals[key] = totals.get(key, 0) + poisson(traffic(t, base) * STEP * share)
                else:
                    totals[key] = 0
                rows.append(f"{stamp},http_requests_total,checkout,{endpoint},{code},,{totals[key]}")
        for quantile, typical in (("0.5", 0.045), ("0.95", 0.120), ("0.99", 0.210)):
            value = typical * math.exp(rng.gauss(0, 0.08))
            rows.append(f"{stamp},http_request_duration_seconds,checkout,,,{quantile},{value:.6f}")
    return "\n".join(rows) + "\n"


def search():
    requests = ["# TYPE http_requests counter", "# HELP http_requests Requests served, by status code."]
    latency = ["# TYPE http_request_duration_seconds summary",
               "# HELP http_request_duration_seconds Request latency."]
    totals = {"200": 0, "500": 0}
    for i in range(POINTS):
        t = START + i * STEP
        broken = t >= REGRESSION
        error_share = 0.02 if broken else 0.001
        if i > 0:
            served = traffic(t, 200) * STEP
            totals["500"] += poisson(served * error_share)
            totals["200"] += poisson(served * (1 - error_share))
        for code in ("200", "500"):
            requests.append(f'http_requests_total{{service="search",code="{code}"}} {totals[code]} {t}')
        for quantile, typical in (("0.5", 0.0015), ("0.95", 0.0041), ("0.99", 0.0072)):
            slower = 1.6 if broken else 1.0
            value = typical * slower * math.exp(rng.gauss(0, 0.06))
            latency.append(f'http_request_duration_seconds{{service="search",quantile="{quantile}"}} {value:.7f} {t}')
    return "\n".join(requests + latency + ["# EOF"]) + "\n"


def baseline_service():
    """baseline-service.csv: three hours (06:00-09:00 UTC on 2025-01-16) of a payments service
    at ~50 requests/s with ~0.3% 5xx, and an incident from 08:00 to 08:25 at 2.5% 5xx."""
    local = random.Random(20250116)
    start = 1737007200  # 2025-01-16T06:00:00Z
    incident = (start + 2 * 3600, start + 2 * 3600 + 25 * 60)
    rows = ["timestamp,metric,service,code,value"]
    totals = {"200": 0, "500": 0}
    for i in range(3 * 3600 // STEP + 1):
        t = start + i * STEP
        if i > 0:
            share = 0.025 if incident[0] <= t - STEP // 2 < incident[1] else 0.003
            served = 50 * STEP
            errors = max(0, round(local.gauss(served * share, math.sqrt(served * share))))
            totals["500"] += errors
            totals["200"] += served - errors
        for code in ("200", "500"):
            rows.append(f"{t},http_requests_total,payments,{code},{totals[code]}")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    with open("checkout.csv", "w") as f:
        f.write(checkout())
    with open("search.om", "w") as f:
        f.write(search())
    with open("baseline-service.csv", "w") as f:
        f.write(baseline_service())
