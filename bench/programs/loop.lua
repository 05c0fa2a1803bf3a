-- loop: 10^7 iterations of integer arithmetic into one accumulator.
local total = 0
for i = 0, 10000000 - 1 do
  total = total + (i * 3 + 1) % 7
end
print("loop " .. total)
