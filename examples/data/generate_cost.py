#!/usr/bin/env python3
"""Generates the data examples/cost-spike.vigil reads. Run once; the outputs are committed.

- cost-spike.csv: hourly usage counters `usage_total{tenant, operation, usage}` from
  2025-01-01 to 2025-01-20 12:00 UTC. Tenant "search": search.query makes 16,000 API calls
  and 48,000 DB queries an hour; search.index uses 3,000 compute seconds an hour until a
  reindex loop from 2025-01-18 00:00 makes it 30,000. Tenant "web": web.home, 5,000 API
  calls an hour.
- cost-spike-focus.csv: a FOCUS 1.2 export of the search tenant's billed storage, $1.50 a
  day from 2025-01-01 to 2025-01-19 (the provider bills a day late), tagged with tenant,
  capability and operation.
"""
import json

START = 1735689600  # 2025-01-01T00:00:00Z
HOURS = 19 * 24 + 12  # to 2025-01-20T12:00:00Z
SPIKE = START + 17 * 86400  # 2025-01-18T00:00:00Z

SERIES = [
    ("search", "search.query", "api_call", lambda t: 16_000),
    ("search", "search.query", "db_query", lambda t: 48_000),
    ("search", "search.index", "compute_second", lambda t: 30_000 if t > SPIKE else 3_000),
    ("web", "web.home", "api_call", lambda t: 5_000),
]


def usage():
    lines = ["timestamp,metric,tenant,operation,usage,value"]
    for tenant, operation, kind, per_hour in SERIES:
        total = 0
        for h in range(HOURS + 1):
            t = START + h * 3600
            if h > 0:
                total += per_hour(t)
            lines.append(f"{t},usage_total,{tenant},{operation},{kind},{total}")
    return "\n".join(lines) + "\n"


def focus():
    columns = ["BillingAccountId", "ChargeCategory", "ChargePeriodStart", "ChargePeriodEnd", "BilledCost",
               "EffectiveCost", "ListCost", "ServiceName", "ResourceId", "Tags", "x_CostCenter"]
    lines = [",".join(columns)]
    tags = json.dumps({"tenant": "search", "capability": "search", "operation": "search.storage"})
    for day in range(19):
        start, end = START + day * 86400, START + (day + 1) * 86400
        iso = lambda s: __import__("datetime").datetime.fromtimestamp(s, __import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        row = ["1234", "Usage", iso(start), iso(end), "1.50", "1.50", "1.80", "Amazon S3", "search-index-bucket",
               '"' + tags.replace('"', '""') + '"', "cc-42"]
        lines.append(",".join(row))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open("cost-spike.csv", "w") as f:
        f.write(usage())
    with open("cost-spike-focus.csv", "w") as f:
        f.write(focus())
