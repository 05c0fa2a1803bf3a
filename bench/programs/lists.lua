-- lists: build 200,000 records with map, filter them, fold the survivors.
-- Lua has no map/filter/fold: these are the obvious closures-over-tables versions.
local function range(n)
  local t = {}
  for i = 0, n - 1 do t[i + 1] = i end
  return t
end
local function map(xs, f)
  local t = {}
  for i = 1, #xs do t[i] = f(xs[i]) end
  return t
end
local function filter(xs, f)
  local t, n = {}, 0
  for i = 1, #xs do
    local x = xs[i]
    if f(x) then n = n + 1; t[n] = x end
  end
  return t
end
local function fold(xs, init, f)
  local acc = init
  for i = 1, #xs do acc = f(acc, xs[i]) end
  return acc
end

local records = map(range(200000), function(i) return {id = i, weight = i % 10} end)
local heavy = filter(records, function(r) return r.weight >= 5 end)
local total = fold(heavy, 0, function(acc, r) return acc + r.weight end)
print("lists " .. #heavy .. " " .. total)
