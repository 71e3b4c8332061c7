-- wrk script for soak.sh: rotates through the API's read endpoints (filters,
-- sorts, pages, compare, providers, the change feed, conditional requests) and
-- counts responses by class per thread; done() prints one GPUCAT_SOAK line.
local paths = {
  "/v1/offers",
  "/v1/offers?gpu=h100&sort=-price&limit=5",
  "/v1/offers?gpu=NVIDIA%20H200&tax=included&include_quote=false",
  "/v1/offers?provider=sakura&provider=gmo&billing=hour",
  "/v1/offers?min_gpus=8&availability=available&availability=limited&sort=gpus",
  "/v1/offers?max_price=1000&limit=2",
  "/v1/gpus",
  "/v1/compare?gpu=h200",
  "/v1/compare?gpu=h100&tax=included",
  "/v1/providers",
  "/v1/providers/sakura",
  "/v1/providers/gpusoroban/rejects?limit=10",
  "/v1/changes?limit=50",
  "/v1/changes?since=10&limit=10",
  "/healthz",
  "/readyz",
  "/metrics",
  "/openapi.json",
  "/v1/offers?limit=0",          -- 400 on purpose: errors must stay 4xx
  "/v1/offers/no-such-offer",    -- 404 on purpose
}
local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  s2xx, s3xx, s4xx, s5xx, other = 0, 0, 0, 0, 0
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, {["Accept-Encoding"] = "gzip"})
end

function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  elseif status >= 200 then s2xx = s2xx + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = {s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  local e = summary.errors
  io.write(string.format(
    "GPUCAT_SOAK requests=%d duration_s=%.1f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "2xx=%d 3xx=%d 4xx=%d 5xx=%d other=%d err_connect=%d err_read=%d err_write=%d err_timeout=%d err_status=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    t.s2xx, t.s3xx, t.s4xx, t.s5xx, t.other, e.connect, e.read, e.write, e.timeout, e.status))
end
