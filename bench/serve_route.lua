-- wrk script for bench/serve_wrk.sh: POST /api/route over a rotating set of corridor queries on
-- the bundled dataset (all answerable, so every response should be 200).
local bodies = {
  '{"from":"Baku","to":"Nakhchivan","scenario":"tripp"}',
  '{"from":"Baku","to":"Nakhchivan"}',
  '{"from":"Baku","to":"Kars","scenario":"tripp-kars"}',
  '{"from":"Aktau","to":"Kars"}',
  '{"from":"Tbilisi","to":"Yerevan","scenario":"am-tr-border"}',
  '{"from":"Baku","to":"Istanbul","profile":"tonne"}',
}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  i = i + 1
  return wrk.format(nil, "/api/route", nil, bodies[(i % #bodies) + 1])
end

local non200 = 0
response = function(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.3f ms  p90: %.3f ms  p99: %.3f ms  max: %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
