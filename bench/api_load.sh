#!/usr/bin/env bash
# Load benchmark of /api/predict/{symbol} and /api/ranking on the sample universe (30 symbols),
# on 127.0.0.1 only, bounded: first with the server idle, then while a full retraining
# (200 trees, 5 walk-forward folds) runs. Uses a scratch store and registry.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/src/mpredict
load=build/bench/api_load
requests=${REQUESTS:-2000}
connections=${CONNECTIONS:-4}
scratch=$(mktemp -d)
cat > "$scratch/config.toml" <<TOML
[data]
store = "$scratch/market.db"
bootstrap = ["$PWD/data/sample/prices/dowjones30_close_1990_2001.csv"]
[registry]
root = "$scratch/models"
[gates]
min_f1 = 0.0
min_accuracy = 0.0
TOML
"$bin" -q -c "$scratch/config.toml" serve --port 0 --no-schedule >"$scratch/out.log" 2>"$scratch/err.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 1 120); do
  grep -q "listening on" "$scratch/out.log" 2>/dev/null && break
  sleep 0.5
done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$scratch/out.log")
if [[ -z $port ]]; then echo "server did not start:"; cat "$scratch/err.log"; exit 1; fi
echo "server on port $port; $connections connections x $requests requests per path"
echo "idle:"
"$load" "$port" "$requests" "$connections" /api/predict/MSFT /api/ranking
curl -s -X POST "http://127.0.0.1:$port/api/ml/retraining/trigger?full=true" >/dev/null
echo "while a full retraining runs ($(curl -s "http://127.0.0.1:$port/api/ml/retraining/status" | grep -o '"running":[a-z]*') at the start):"
"$load" "$port" "$requests" "$connections" /api/predict/MSFT /api/ranking
echo "after the load: $(curl -s "http://127.0.0.1:$port/api/ml/retraining/status" | grep -o '"running":[a-z]*')"
