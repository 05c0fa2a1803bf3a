# strings: 300,000 string interpolations, summing their lengths.
total = 0
for i in range(300000):
    s = f"user-{i} spent {i % 50}"
    total = total + len(s)
print("strings", total)
