#!/usr/bin/env bash
# `mpredict features`, CSV in and CSV out, on a generated file of 1,000,000 rows: 200 symbols x
# 5,000 trading days in one Yahoo-layout CSV with a Symbol column (bench/generate_prices_csv.cpp).
# One long file of one symbol cannot hold 1,000,000 daily rows with dates the importer accepts
# (1800..2100), and a stacked table is how pandas holds such a panel (read_csv, groupby, to_csv).
# Reports wall seconds, CPU seconds and peak RSS (GNU time) for the default nine features
# (technical9) and the nine original indicators (--set of the raw ones), the median of RUNS runs.
# Usage: bench/features_csv.sh [RUNS=3] [THREADS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
threads=${2:-2}
bin=build/src/mpredict
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
build/bench/generate_prices_csv 200 5000 >"$scratch/prices.csv"
echo "input: $(($(wc -l <"$scratch/prices.csv") - 1)) rows, $(($(stat -c %s "$scratch/prices.csv") / 1000000)) MB; $threads threads; load average $(cut -d' ' -f1 /proc/loadavg)"
raw9="sma_50,sma_200,rsi_14,volatility_30,momentum_10,macd,macd_signal,bb_upper,bb_lower"
for set in technical9 "$raw9"; do
  for ((run = 0; run < runs; ++run)); do
    /usr/bin/time -f "%e %U %S %M" -o "$scratch/time" \
      "$bin" -q --threads "$threads" features --input "$scratch/prices.csv" --set "$set" --out "$scratch/features.csv" 2>/dev/null
    cat "$scratch/time"
  done | sort -n | awk -v set="${set%%,*}" -v runs="$runs" '
    { wall[NR] = $1; cpu[NR] = $2 + $3; rss[NR] = $4 }
    END { m = int((runs + 1) / 2); printf "%-12s %.2f s wall, %.2f s CPU, %d MB peak RSS (median of %d)\n",
          set == "sma_50" ? "raw nine" : set, wall[m], cpu[m], rss[m] / 1024, runs }'
done
echo "output: $(($(wc -l <"$scratch/features.csv") - 1)) rows, $(($(stat -c %s "$scratch/features.csv") / 1000000)) MB"
