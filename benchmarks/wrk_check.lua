-- wrk script: send the session cookie and User-Agent, count responses that are not a 200 of the
-- expected size (within 3%: pages carry per-session tokens), and print percentiles as JSON.
local cookie = os.getenv("BENCH_COOKIE") or ""
local agent = os.getenv("BENCH_UA") or "portal-benchmark"
local expected = tonumber(os.getenv("BENCH_SIZE") or "0")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  wrk.headers["User-Agent"] = agent
  if cookie ~= "" then wrk.headers["Cookie"] = cookie end
end

function response(status, headers, body)
  if status ~= 200 or (expected > 0 and math.abs(#body - expected) > expected * 0.03) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_bad = 0
  for _, thread in ipairs(threads) do total_bad = total_bad + thread:get("bad") end
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %.3f, "bad": %d, "socket_errors": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "mean_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, total_bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000))
end
