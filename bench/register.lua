-- wrk script for the registration load test: each request POSTs a new attention
-- with its own client_uuid and DNI; done() prints one JSON line with the results.
local threads = {}
local counter = 0
local start = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  start = os.time() % 100000
end

request = function()
  counter = counter + 1
  local uuid = string.format("%08x-%04x-4000-8000-%012x", start, id, counter)
  local dni = string.format("%08d", 20000000 + (id * 7919 + counter * 104729) % 70000000)
  local body = string.format('{"type": "reclamo", "channel": "presencial", "office": "LIM", '
    .. '"subject": "pagos", "description": "No recibió el abono del bimestre.", '
    .. '"client_uuid": "%s", "citizen": {"document_type": "DNI", "document_number": "%s", '
    .. '"first_name": "Rosa", "last_name": "Quispe"}}', uuid, dni)
  return wrk.format("POST", nil, nil, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.status + e.connect + e.read + e.write + e.timeout
  io.write(string.format('{"rps": %.2f, "p50": %d, "p95": %d, "errors": %d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(95), errors))
end
