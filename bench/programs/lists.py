# lists: build 200,000 records with map, filter them, fold the survivors.
from functools import reduce

records = list(map(lambda i: {"id": i, "weight": i % 10}, range(200000)))
heavy = list(filter(lambda r: r["weight"] >= 5, records))
total = reduce(lambda acc, r: acc + r["weight"], heavy, 0)
print("lists", len(heavy), total)
