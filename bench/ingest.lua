-- wrk script for bench/ingest: POST the same realistic Ukrainian response JSON.
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.path = os.getenv("BENCH_PATH") or "/"
