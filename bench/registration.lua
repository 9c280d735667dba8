-- Each request signs up a new address from an address of its own (X-Forwarded-For), so neither
-- the per-address limit nor the "address taken" path is measured by mistake.
-- Each wrk thread has its own Lua state: it is numbered, so no two threads make the same address.
local counter = 0
local csrf = os.getenv("CSRF")
local cookie = os.getenv("COOKIE")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + number)
end

function request()
  counter = counter + 1
  local id = string.format("%d-%d-%d", number, os.time(), counter)
  local body = "_csrf=" .. csrf .. "&email=bench-" .. id .. "%40example.com&firstName=Bench"
    .. "&password=correct-horse-battery-0123&passwordConfirm=correct-horse-battery-0123"
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)),
  }
  return wrk.format("POST", "/accounts/register", headers, body)
end
