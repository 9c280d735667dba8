-- wrk script for bench/compare-keycloak.sh: one fixed request, every answer that is not 2xx counted
-- (wrk itself counts only 4xx and 5xx), so a redirect or an error cannot pass for a fast answer.
-- BENCH_METHOD (default GET), BENCH_BODY (a form, sent as application/x-www-form-urlencoded) and
-- BENCH_AUTHORIZATION (the whole Authorization header) describe the request.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad, s3, s4, s5 = 0, 0, 0, 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if status >= 500 then s5 = s5 + 1 elseif status >= 400 then s4 = s4 + 1 elseif status >= 300 then s3 = s3 + 1 end
  end
end

function done(summary, latency, requests)
  local total, c3, c4, c5 = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("bad")
    c3, c4, c5 = c3 + thread:get("s3"), c4 + thread:get("s4"), c5 + thread:get("s5")
  end
  io.write(string.format("non-2xx responses: %d\n", total))
  io.write(string.format("by class: 3xx %d, 4xx %d, 5xx %d\n", c3, c4, c5))
end
