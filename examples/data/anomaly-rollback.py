#!/usr/bin/env python3
"""Generates anomaly-rollback.csv, the data examples/anomaly-rollback.vigil runs on.

Checkout's p95 latency, one scrape a minute from 2025-01-16 07:00 to 08:20 UTC: 90, 100,
110, 100 ms repeating (a mean of 100 ms) until 08:12, twelve minutes after v1.5.0 was
deployed at 08:00, then 300 ms. Deterministic, so the anomaly's numbers are exact.
"""
lines = ["timestamp,metric,service,value"]
for minute in range(81):
    stamp = f"2025-01-16T{7 + minute // 60:02d}:{minute % 60:02d}:00Z"
    value = 0.3 if minute >= 72 else [0.09, 0.1, 0.11, 0.1][minute % 4]
    lines.append(f"{stamp},checkout_latency_p95_seconds,checkout,{value}")
with open("anomaly-rollback.csv", "w") as out:
    out.write("\n".join(lines) + "\n")
