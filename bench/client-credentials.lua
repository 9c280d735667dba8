-- wrk script: client_credentials token requests with HTTP Basic client authentication.
-- Counts answers that are not 200, so a misconfigured run cannot pass for a fast one.
local basic = os.getenv("BENCH_BASIC")
assert(basic, "set BENCH_BASIC to base64(client_id:secret)")
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. basic

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("bad")
  end
  io.write(string.format("non-200 responses: %d\n", total))
end
