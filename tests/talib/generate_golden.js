#!/usr/bin/env node
// Generates golden indicator values with TA-Lib (npm `talib` 1.1.6, which
// compiles the bundled TA-Lib C source) for the C++ indicator kernel tests.
//
//   cd tests/talib && npm ci && node generate_golden.js
//
// Reads the committed sample CSVs under data/sample/prices/ and writes
// tests/golden/talib_aapl.csv and tests/golden/talib_dow30_msft.csv.
// One output row per input row; a cell is empty for rows before the
// function's begIndex (warm-up). Numbers use JavaScript's shortest
// round-trip formatting (String(x)), so parsing them with strtod gives back
// the exact double TA-Lib produced.
'use strict';

const fs = require('fs');
const path = require('path');
const talib = require('talib');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PRICES_DIR = path.join(REPO_ROOT, 'data', 'sample', 'prices');
const GOLDEN_DIR = path.join(REPO_ROOT, 'tests', 'golden');

const verbose = !process.argv.includes('--quiet');

// ---------------------------------------------------------------- CSV input

function readCsv(file) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim());
  const rows = lines.slice(1).map((l) => l.split(','));
  for (const [i, r] of rows.entries()) {
    if (r.length !== header.length) {
      throw new Error(`${file}: row ${i + 1} has ${r.length} fields, header has ${header.length}`);
    }
  }
  return { header, rows };
}

function column(csv, name, file) {
  const idx = csv.header.indexOf(name);
  if (idx < 0) throw new Error(`${file}: no column ${name}`);
  return csv.rows.map((r, i) => {
    const s = r[idx].trim();
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) {
      throw new Error(`${file}: row ${i + 1} column ${name}: bad number '${s}'`);
    }
    return v;
  });
}

// ------------------------------------------------------------- TA-Lib calls

// Runs one TA-Lib function over the whole series and returns, per requested
// output, an array of length n aligned to the input rows (null = warm-up).
function run(n, params, outputs) {
  const res = talib.execute(Object.assign({ startIdx: 0, endIdx: n - 1 }, params));
  if (res.error) throw new Error(`${params.name}: ${res.error}`);
  const { begIndex, nbElement, result } = res;
  if (begIndex + nbElement !== n) {
    throw new Error(`${params.name}: begIndex ${begIndex} + nbElement ${nbElement} != ${n}`);
  }
  return outputs.map((o) => {
    const out = result[o];
    if (!out || out.length !== nbElement) throw new Error(`${params.name}: missing output ${o}`);
    const aligned = new Array(n).fill(null);
    for (let i = 0; i < nbElement; i++) aligned[begIndex + i] = out[i];
    return aligned;
  });
}

function closeIndicators(close) {
  const n = close.length;
  const cols = {};
  [cols.sma_50] = run(n, { name: 'SMA', inReal: close, optInTimePeriod: 50 }, ['outReal']);
  [cols.sma_200] = run(n, { name: 'SMA', inReal: close, optInTimePeriod: 200 }, ['outReal']);
  [cols.ema_12] = run(n, { name: 'EMA', inReal: close, optInTimePeriod: 12 }, ['outReal']);
  [cols.ema_26] = run(n, { name: 'EMA', inReal: close, optInTimePeriod: 26 }, ['outReal']);
  [cols.rsi_14] = run(n, { name: 'RSI', inReal: close, optInTimePeriod: 14 }, ['outReal']);
  [cols.mom_10] = run(n, { name: 'MOM', inReal: close, optInTimePeriod: 10 }, ['outReal']);
  [cols.roc_10] = run(n, { name: 'ROC', inReal: close, optInTimePeriod: 10 }, ['outReal']);
  [cols.macd, cols.macd_signal, cols.macd_hist] = run(
    n,
    { name: 'MACD', inReal: close, optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 },
    ['outMACD', 'outMACDSignal', 'outMACDHist'],
  );
  [cols.bb_upper, cols.bb_middle, cols.bb_lower] = run(
    n,
    { name: 'BBANDS', inReal: close, optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 },
    ['outRealUpperBand', 'outRealMiddleBand', 'outRealLowerBand'],
  );
  [cols.stddev_20] = run(n, { name: 'STDDEV', inReal: close, optInTimePeriod: 20, optInNbDev: 1 }, ['outReal']);
  return cols;
}

function ohlcvIndicators(high, low, close, volume) {
  const n = close.length;
  const hlc = { high, low, close };
  const cols = {};
  [cols.atr_14] = run(n, Object.assign({ name: 'ATR', optInTimePeriod: 14 }, hlc), ['outReal']);
  [cols.adx_14] = run(n, Object.assign({ name: 'ADX', optInTimePeriod: 14 }, hlc), ['outReal']);
  [cols.stoch_k, cols.stoch_d] = run(
    n,
    Object.assign(
      {
        name: 'STOCH',
        optInFastK_Period: 14,
        optInSlowK_Period: 3,
        optInSlowK_MAType: 0,
        optInSlowD_Period: 3,
        optInSlowD_MAType: 0,
      },
      hlc,
    ),
    ['outSlowK', 'outSlowD'],
  );
  [cols.obv] = run(n, { name: 'OBV', inReal: close, volume }, ['outReal']);
  [cols.willr_14] = run(n, Object.assign({ name: 'WILLR', optInTimePeriod: 14 }, hlc), ['outReal']);
  [cols.cci_20] = run(n, Object.assign({ name: 'CCI', optInTimePeriod: 20 }, hlc), ['outReal']);
  [cols.sar] = run(n, { name: 'SAR', high, low, optInAcceleration: 0.02, optInMaximum: 0.2 }, ['outReal']);
  // Building blocks of the indicators TA-Lib lacks: Keltner (EMA 20 +/- 2 ATR 10) and
  // Ichimoku (tenkan/kijun/senkou B are TA-Lib's MIDPRICE over 9/26/52).
  [cols.ema_20] = run(n, { name: 'EMA', inReal: close, optInTimePeriod: 20 }, ['outReal']);
  [cols.atr_10] = run(n, Object.assign({ name: 'ATR', optInTimePeriod: 10 }, hlc), ['outReal']);
  for (const period of [9, 26, 52]) {
    [cols[`midprice_${period}`]] = run(n, { name: 'MIDPRICE', high, low, optInTimePeriod: period }, ['outReal']);
  }
  return cols;
}

// -------------------------------------------------------------- CSV output

const CLOSE_COLUMNS = [
  'sma_50', 'sma_200', 'ema_12', 'ema_26', 'rsi_14', 'mom_10', 'roc_10',
  'macd', 'macd_signal', 'macd_hist', 'bb_upper', 'bb_middle', 'bb_lower', 'stddev_20',
];
const OHLCV_COLUMNS = [
  'atr_14', 'adx_14', 'stoch_k', 'stoch_d', 'obv', 'willr_14', 'cci_20', 'sar',
  'ema_20', 'atr_10', 'midprice_9', 'midprice_26', 'midprice_52',
];

function fmt(v) {
  if (v === null) return '';
  if (!Number.isFinite(v)) throw new Error(`non-finite value ${v}`);
  const s = String(v); // shortest string that round-trips to the same double
  if (Number(s) !== v) throw new Error(`formatting does not round-trip: ${v}`);
  return s;
}

// `inputs`: extra input columns written after close (e.g. high, low, volume), so a test
// reads the exact series TA-Lib was given.
function writeGolden(file, dates, close, cols, names, inputs = {}) {
  const inputNames = Object.keys(inputs);
  const lines = [['date', 'close', ...inputNames, ...names].join(',')];
  for (let i = 0; i < dates.length; i++) {
    lines.push([
      dates[i], fmt(close[i]), ...inputNames.map((c) => fmt(inputs[c][i])), ...names.map((c) => fmt(cols[c][i])),
    ].join(','));
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

function report(label, cols, names) {
  if (!verbose) return;
  console.log(`${label}: first non-empty row (0-based) per column`);
  for (const c of names) {
    const first = cols[c].findIndex((v) => v !== null);
    const last = cols[c][cols[c].length - 1];
    console.log(`  ${c.padEnd(12)} begIndex=${String(first).padStart(4)}  first=${fmt(cols[c][first])}  last=${fmt(last)}`);
  }
}

// --------------------------------------------------------------------- main

function main() {
  console.log(`talib npm ${talib.version}`);

  // AAPL OHLCV
  {
    const file = path.join(PRICES_DIR, 'aapl_ohlcv_2013_2018.csv');
    const csv = readCsv(file);
    const dates = csv.rows.map((r) => r[csv.header.indexOf('Date')].trim());
    const close = column(csv, 'Close', file);
    const high = column(csv, 'High', file);
    const low = column(csv, 'Low', file);
    const volume = column(csv, 'Volume', file);
    const cols = Object.assign(closeIndicators(close), ohlcvIndicators(high, low, close, volume));
    const names = [...CLOSE_COLUMNS, ...OHLCV_COLUMNS];
    const out = path.join(GOLDEN_DIR, 'talib_aapl.csv');
    writeGolden(out, dates, close, cols, names, { high, low, volume });
    report(`AAPL (${dates.length} rows) -> ${path.relative(REPO_ROOT, out)}`, cols, names);
  }

  // Dow Jones 30, MSFT column (adjusted closes)
  {
    const file = path.join(PRICES_DIR, 'dowjones30_close_1990_2001.csv');
    const csv = readCsv(file);
    const dates = csv.rows.map((r) => r[csv.header.indexOf('date')].trim());
    const close = column(csv, 'MSFT', file);
    const cols = closeIndicators(close);
    const out = path.join(GOLDEN_DIR, 'talib_dow30_msft.csv');
    writeGolden(out, dates, close, cols, CLOSE_COLUMNS);
    report(`DOW30 MSFT (${dates.length} rows) -> ${path.relative(REPO_ROOT, out)}`, cols, CLOSE_COLUMNS);
  }
}

main();
