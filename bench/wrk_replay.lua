-- wrk script for bench/webhook_bench.py: each wrk thread replays its own file of pre-built,
-- pre-signed HTTP requests (separated by NUL bytes), each sent once. Run as
--   wrk -t2 -c16 -d8s -s bench/wrk_replay.lua http://127.0.0.1:PORT -- /tmp/prefix
-- which reads /tmp/prefix.0, /tmp/prefix.1, ... (one per thread).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  reqs = {}
  idx = 0
  wrapped = 0
  local f = assert(io.open(args[1] .. "." .. thread_id, "rb"))
  local data = f:read("*a")
  f:close()
  for r in string.gmatch(data, "([^%z]+)") do
    reqs[#reqs + 1] = r
  end
end

function request()
  idx = idx + 1
  if idx > #reqs then
    idx = 1
    wrapped = wrapped + 1
  end
  return reqs[idx]
end

function done(summary, latency, requests)
  local wraps = 0
  for _, t in ipairs(threads) do
    wraps = wraps + (t:get("wrapped") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d wrapped=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout, wraps))
end
