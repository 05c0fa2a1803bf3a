"""Writes disk-full.csv: two weeks of hourly disk usage for two hosts. db1 holds at 300 GB
for a week, then grows 20 GB a day; db2 holds at 200 GB. Both wander by up to 1 GB."""
import datetime
import random

random.seed(11)
start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
rows = ["timestamp,metric,host,value"]
for h in range(14 * 24):
    t = (start + datetime.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ")
    day = h / 24
    db1 = 300e9 + max(0, day - 7) * 20e9 + random.uniform(-1e9, 1e9)
    db2 = 200e9 + random.uniform(-1e9, 1e9)
    rows.append(f"{t},disk_used_bytes,db1,{db1:.0f}")
    rows.append(f"{t},disk_used_bytes,db2,{db2:.0f}")
with open("disk-full.csv", "w") as f:
    f.write("\n".join(rows) + "\n")
