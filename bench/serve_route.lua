-- wrk script for bench/serve_wrk.sh: POST /api/route over a rotating set of corridor queries on
-- the bundled dataset (all answerable, so every response should be 200 and equal to the answer
-- serve_wrk.sh checked before the run).
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

-- The checked answer of each query (serve_wrk.sh writes them to $CORRIDOR_EXPECTED_DIR/<n>.json
-- before the run); a 200 response whose body is none of them is a wrong answer.
local expected = {}
init = function(args)
  local dir = os.getenv("CORRIDOR_EXPECTED_DIR")
  if not dir then return end
  for k = 1, #bodies do
    local f = io.open(dir .. "/" .. k .. ".json", "rb")
    if f then
      expected[f:read("*a")] = true
      f:close()
    end
  end
end

wrong = 0  -- global: done() reads it from every thread
response = function(status, headers, body)
  if status == 200 and not expected[body] then wrong = wrong + 1 end
end

local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

done = function(summary, latency, requests)
  io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.3f ms  p90: %.3f ms  p99: %.3f ms  max: %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
  local w = 0
  for _, t in ipairs(threads) do w = w + (t:get("wrong") or 0) end
  io.write(string.format("wrong answers: %d\n", w))
end
