# calls: 10^6 iterations, each calling two small user functions (2 * 10^6 calls).
def square(x):
    return x * x


def add(a, b):
    return a + b


total = 0
for i in range(1000000):
    total = add(total, square(i % 10))
print("calls", total)
