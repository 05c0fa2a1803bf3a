#!/usr/bin/env python3
"""Generates runbook-error-spike.csv, the data examples/runbook-error-spike.vigil runs on.

One hour (2025-01-15 14:00-15:00 UTC, one scrape a minute) of the `api` service's request
counters by endpoint and code. /checkout serves 200 requests a minute, /search 300 and
/login 100, with 0.1% errors, until 14:10, when /checkout starts failing 8% of its requests;
at 14:30 (the rollback) it is healthy again. Deterministic: no noise, so the runbook's
observed values are exact.
"""
START = 1736949600  # 2025-01-15T14:00:00Z
TRAFFIC = {"/checkout": 200, "/search": 300, "/login": 100}


def error_share(endpoint, minute):
    if endpoint == "/checkout" and 10 <= minute < 30:
        return 0.08
    return 0.001


counts = {(e, c): 0.0 for e in TRAFFIC for c in ("200", "500")}
lines = ["timestamp,metric,service,endpoint,code,value"]
for minute in range(61):
    stamp = f"2025-01-15T{14 + minute // 60:02d}:{minute % 60:02d}:00Z"
    for endpoint, per_minute in TRAFFIC.items():
        if minute > 0:
            errors = per_minute * error_share(endpoint, minute)
            counts[(endpoint, "500")] += errors
            counts[(endpoint, "200")] += per_minute - errors
        for code in ("200", "500"):
            value = round(counts[(endpoint, code)], 3)
            lines.append(f"{stamp},http_requests_total,api,{endpoint},{code},{value:g}")
with open(__file__.replace(".py", ".csv"), "w") as f:
    f.write("\n".join(lines) + "\n")
