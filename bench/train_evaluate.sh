#!/usr/bin/env bash
# Times a full `mpredict train` (5-fold walk-forward evaluation + final fit, 200 trees) and a
# separate `mpredict evaluate` on the bundled Dow 30 sample, in a scratch store and model dir.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/src/mpredict
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$bin" --db "$scratch/market.db" symbols >/dev/null
"$bin" --db "$scratch/market.db" import data/sample/prices/dowjones30_close_1990_2001.csv >/dev/null
time_of() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}
echo "train    (evaluate + final fit): $(time_of "$bin" -q --db "$scratch/market.db" train --out "$scratch/model") s"
echo "evaluate (5 walk-forward folds): $(time_of "$bin" -q --db "$scratch/market.db" evaluate) s"
echo "predict  (load model + 1 symbol): $(time_of "$bin" -q --db "$scratch/market.db" predict --model "$scratch/model" --symbol MSFT) s"
