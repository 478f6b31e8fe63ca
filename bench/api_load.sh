#!/usr/bin/env bash
# Load benchmark of /api/predict/{symbol} and /api/ranking on the sample universe (30 symbols),
# on 127.0.0.1 only, bounded: both paths at once for SECONDS_PER_PHASE with CONNECTIONS
# keep-alive connections each. Throughput: idle, requests back to back. Latency: clients pausing
# PAUSE_MS after each answer, idle and then while a full retraining (TREES trees, 5 walk-forward
# folds, both cores) runs; the retraining must still be running when the load ends (checked).
# TRAINING_NICE (default 10, the configuration's) sets [retraining].training_nice: 0 runs training
# at the serving priority, for comparison. Uses a scratch store and registry.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${MPREDICT:-build/src/mpredict}
load=build/bench/api_load
seconds=${SECONDS_PER_PHASE:-3}
connections=${CONNECTIONS:-2}
pause_ms=${PAUSE_MS:-2}
trees=${TREES:-600}
training_nice=${TRAINING_NICE:-10}
scratch=$(mktemp -d)
cat > "$scratch/config.toml" <<TOML
[data]
store = "$scratch/market.db"
bootstrap = ["$PWD/data/sample/prices/dowjones30_close_1990_2001.csv"]
[registry]
root = "$scratch/models"
[model]
n_estimators = $trees
[gates]
min_f1 = 0.0
min_accuracy = 0.0
[retraining]
training_nice = $training_nice
TOML
"$bin" -q -c "$scratch/config.toml" serve --port 0 --no-schedule >"$scratch/out.log" 2>"$scratch/err.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 1 240); do
  grep -q "listening on" "$scratch/out.log" 2>/dev/null && break
  sleep 0.5
done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$scratch/out.log")
if [[ -z $port ]]; then echo "server did not start:"; cat "$scratch/err.log"; exit 1; fi
running() { curl -s "http://127.0.0.1:$port/api/ml/retraining/status" | grep -o '"running":[a-z]*' | head -1; }
echo "server on port $port; ${seconds} s per phase, $connections connections per path, training_nice $training_nice"
echo "idle, back to back (throughput):"
"$load" "$port" "$seconds" "$connections" 0 /api/predict/MSFT /api/ranking
echo "idle, ${pause_ms} ms pause after each answer (latency):"
"$load" "$port" "$seconds" "$connections" "$pause_ms" /api/predict/MSFT /api/ranking
curl -s -X POST -d '' "http://127.0.0.1:$port/api/ml/retraining/trigger?full=true" >/dev/null
sleep 0.5  # past the data loading, into the training
echo "while a full retraining runs ($(running) at the start), ${pause_ms} ms pause:"
"$load" "$port" "$seconds" "$connections" "$pause_ms" /api/predict/MSFT /api/ranking
echo "at the end of the load: $(running) (must be true for the figures above to count)"
