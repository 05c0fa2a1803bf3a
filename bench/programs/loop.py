# loop: 10^7 iterations of integer arithmetic into one accumulator.
total = 0
for i in range(10000000):
    total = total + (i * 3 + 1) % 7
print("loop", total)
