-- wrk script for bench/compare-keycloak.sh: refresh token grants with rotation. A rotated refresh
-- token must never be sent again (that rightly revokes its whole family), so each connection
-- follows a chain of its own: every thread has a pool of refresh tokens (its share of the lines
-- of REFRESH_TOKENS_FILE, one per connection), request() takes one and response() puts back the
-- new one from the answer. A failed answer breaks its chain (the token is not reused); once a
-- thread has no token left, its requests carry a token that cannot work, and fail visibly.
-- wrk calls request() once on its first thread before the run, to check the request, and never
-- sends it: the file holds one token more than connections, and the first thread gets it.
-- BENCH_BASIC is base64(client_id:secret), WRK_THREADS the -t given to wrk.
local basic = os.getenv("BENCH_BASIC")
local file = os.getenv("REFRESH_TOKENS_FILE")
local thread_count = tonumber(os.getenv("WRK_THREADS") or "2")
assert(basic and file, "set BENCH_BASIC and REFRESH_TOKENS_FILE")
local path = wrk.path
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = "Basic " .. basic,
}

local threads = {}
local lines = nil

function setup(thread)
  if not lines then
    lines = {}
    for line in io.lines(file) do
      if line ~= "" then table.insert(lines, line) end
    end
  end
  table.insert(threads, thread)
  local index = #threads
  local share = {}
  for i = index, #lines, thread_count do
    table.insert(share, lines[i])
  end
  thread:set("share", table.concat(share, "\n"))
end

function init(args)
  pool = {}
  for token in string.gmatch(share, "[^\n]+") do
    table.insert(pool, token)
  end
  bad, starved, s3, s4, s5 = 0, 0, 0, 0, 0
end

function request()
  local token = table.remove(pool)
  if not token then
    starved = starved + 1
    token = "no-token-left"
  end
  return wrk.format("POST", path, headers, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  local token = nil
  if status == 200 then
    token = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
  end
  if token then
    table.insert(pool, token)
  else
    bad = bad + 1
    if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1 elseif status >= 300 then s3 = s3 + 1 end
  end
end

function done(summary, latency, requests)
  local b, s, c3, c4, c5 = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    b = b + thread:get("bad")
    s = s + thread:get("starved")
    c3, c4, c5 = c3 + thread:get("s3"), c4 + thread:get("s4"), c5 + thread:get("s5")
  end
  io.write(string.format("non-2xx responses: %d\n", b)) -- or 200 without a new refresh token
  io.write(string.format("by class: 3xx %d, 4xx %d, 5xx %d\n", c3, c4, c5))
  io.write(string.format("requests without a token left: %d\n", s))
end
