-- calls: 10^6 iterations, each calling two small user functions (2 * 10^6 calls).
local function square(x) return x * x end
local function add(a, b) return a + b end
local total = 0
for i = 0, 1000000 - 1 do
  total = add(total, square(i % 10))
end
print("calls " .. total)
