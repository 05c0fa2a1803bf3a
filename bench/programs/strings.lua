-- strings: 300,000 string interpolations, summing their lengths.
local total = 0
for i = 0, 300000 - 1 do
  local s = string.format("user-%d spent %d", i, i % 50)
  total = total + #s
end
print("strings " .. total)
