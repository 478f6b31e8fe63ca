#!/usr/bin/env node
// Checks a running `mpredict serve` against its own OpenAPI document:
//   1. the document at /openapi.json is valid OpenAPI 3 (swagger-parser: schema and $refs);
//   2. conventions: every operation has a unique operationId, every response a schema, and no
//      object schema is bare (it lists its properties or says what its values are);
//   3. every path answers a method it does not list with 405 and an Allow header naming the
//      listed ones;
//   4. a sequence of real requests (below) gets, for each route, a status the document lists for
//      it, with the documented content type and a body that validates against its schema (Ajv).
// Usage: node check_api.js http://127.0.0.1:PORT   (the server must serve with passing gates and
// no token, so a trigger promotes and a rollback has a target). Exit 0 when all holds; else one
// line per problem on stderr and exit 1.
'use strict';

const SwaggerParser = require('@apidevtools/swagger-parser');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const base = process.argv[2];
if (!base) {
  console.error('usage: node check_api.js http://127.0.0.1:PORT');
  process.exit(2);
}

const problems = [];
const problem = (text) => problems.push(text);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operations(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      if (item[method]) out.push({ path, method, op: item[method] });
    }
  }
  return out;
}

// Every object schema says what it holds; walks a dereferenced schema tree.
function checkNoBareObjects(schema, where, seen = new Set()) {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  if (schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined) {
    problem(`${where}: bare object schema (no properties, no additionalProperties)`);
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'enum' || key === 'example') continue;
    if (value && typeof value === 'object') checkNoBareObjects(value, `${where}/${key}`, seen);
  }
}

function checkConventions(doc) {
  const ids = new Set();
  for (const { path, method, op } of operations(doc)) {
    const name = `${method.toUpperCase()} ${path}`;
    if (!op.operationId) problem(`${name}: no operationId`);
    else if (ids.has(op.operationId)) problem(`${name}: duplicate operationId ${op.operationId}`);
    ids.add(op.operationId);
    for (const [status, response] of Object.entries(op.responses)) {
      const content = response.content || {};
      if (Object.keys(content).length === 0) problem(`${name} ${status}: response without content`);
      for (const [type, media] of Object.entries(content)) {
        if (!media.schema) problem(`${name} ${status} ${type}: no schema`);
        checkNoBareObjects(media.schema, `${name} ${status} ${type}`);
      }
    }
  }
}

// A concrete URL for a documented path: {id} and {symbol} filled from the request list below.
function templateRegex(path) {
  return new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]+') + '$');
}

function findOperation(doc, method, url) {
  const pathname = new URL(url, base).pathname;
  const exact = Object.keys(doc.paths).find((p) => p === pathname);
  const path = exact || Object.keys(doc.paths).find((p) => templateRegex(p).test(pathname));
  if (!path || !doc.paths[path][method]) return null;
  return { path, op: doc.paths[path][method] };
}

async function send(method, url) {
  const response = await fetch(new URL(url, base), { method: method.toUpperCase(), redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') || '', headers: response.headers, text };
}

const answered = new Map(); // "METHOD path" -> statuses seen

async function probe(doc, ajv, method, url, expected) {
  const found = findOperation(doc, method, url);
  const name = `${method.toUpperCase()} ${url}`;
  if (!found) {
    problem(`${name}: not in the document`);
    return null;
  }
  const reply = await send(method, url);
  const key = `${method.toUpperCase()} ${found.path}`;
  if (!answered.has(key)) answered.set(key, new Set());
  answered.get(key).add(reply.status);
  if (reply.status !== expected) problem(`${name}: status ${reply.status}, expected ${expected}: ${reply.text.slice(0, 200)}`);
  const documented = found.op.responses[String(reply.status)];
  if (!documented) {
    problem(`${name}: status ${reply.status} is not documented for ${key}`);
    return null;
  }
  const [type, media] = Object.entries(documented.content)[0];
  if (!reply.type.startsWith(type)) problem(`${name}: Content-Type ${reply.type}, documented ${type}`);
  const body = type === 'application/json' ? JSON.parse(reply.text) : reply.text;
  const validate = ajv.compile(media.schema);
  if (!validate(body)) {
    problem(`${name} ${reply.status}: body does not match its schema: ${ajv.errorsText(validate.errors)}`);
  }
  for (const header of Object.keys(documented.headers || {})) {
    if (!reply.headers.has(header)) problem(`${name} ${reply.status}: documented header ${header} missing`);
  }
  return body;
}

async function checkMethodNotAllowed(doc) {
  for (const [path, item] of Object.entries(doc.paths)) {
    const listed = METHODS.filter((m) => item[m]);
    const allow = [...listed.flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()]))].join(', ');
    const url = path.replace('{id}', 'job-1').replace('{symbol}', 'MSFT');
    for (const method of ['delete', 'put', 'patch', listed.includes('get') ? 'post' : 'get']) {
      const reply = await send(method, url);
      if (reply.status !== 405) problem(`${method.toUpperCase()} ${url}: ${reply.status}, expected 405`);
      else if (reply.headers.get('allow') !== allow) {
        problem(`${method.toUpperCase()} ${url}: Allow '${reply.headers.get('allow')}', expected '${allow}'`);
      }
    }
  }
}

async function waitForJob(id) {
  for (let i = 0; i < 600; i++) {
    const job = JSON.parse((await send('get', `/api/ml/retraining/jobs/${id}`)).text);
    if (job.state === 'completed' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  problem(`job ${id} did not finish within 60 s`);
  return null;
}

async function main() {
  const doc = JSON.parse((await send('get', '/openapi.json')).text);
  await SwaggerParser.validate(structuredClone(doc)); // throws, naming the first problem
  const resolved = await SwaggerParser.dereference(structuredClone(doc));
  checkConventions(resolved);
  await checkMethodNotAllowed(resolved);

  const ajv = new Ajv({ allErrors: true, strict: false }); // strict: OpenAPI's own keywords (example, ...)
  addFormats(ajv);
  const p = (method, url, status) => probe(resolved, ajv, method, url, status);
  await p('get', '/health', 200);
  await p('get', '/openapi.json', 200);
  await p('get', '/docs', 200);
  await p('get', '/api/ml/retraining/status', 200);
  await p('get', '/api/ml/model/info', 200);
  await p('get', '/api/predict/MSFT', 200);
  await p('get', '/api/predict/msft', 200);
  await p('get', '/api/predict/NOPE', 404);
  await p('get', '/api/predict/%FF', 400);
  await p('get', '/api/ranking', 200);
  await p('get', '/api/ranking?symbols=msft,IBM', 200);
  await p('get', '/api/ranking?symbols=MSFT,NOPE', 404);
  await p('get', '/api/ranking?symbols=', 400);
  await p('get', '/api/ml/retraining/jobs/job-unknown', 404);
  await p('post', '/api/ml/retraining/rollback', 404); // nothing to roll back to yet
  await p('post', '/api/ml/retraining/trigger?force=maybe', 400);
  const accepted = await p('post', '/api/ml/retraining/trigger', 202);
  if (accepted) {
    await p('get', `/api/ml/retraining/jobs/${accepted.job_id}`, 200);
    const job = await waitForJob(accepted.job_id);
    if (job && job.outcome !== 'promoted') problem(`job ${accepted.job_id}: outcome ${job.outcome}, expected promoted`);
    await p('get', `/api/ml/retraining/jobs/${accepted.job_id}`, 200);
    await p('get', '/api/ml/retraining/status', 200);
    await p('get', '/api/ml/model/info', 200);
    const rolled = await p('post', '/api/ml/retraining/rollback', 200);
    if (rolled) await p('post', `/api/ml/retraining/rollback?version=${rolled.champion}`, 409);
  }

  for (const { path, method } of operations(resolved)) {
    const statuses = answered.get(`${method.toUpperCase()} ${path}`) || new Set();
    if (![...statuses].some((s) => s >= 200 && s < 300)) problem(`${method.toUpperCase()} ${path}: never answered 2xx`);
  }
  const probes = [...answered.values()].reduce((n, s) => n + s.size, 0);
  if (problems.length > 0) {
    for (const line of problems) console.error(line);
    process.exit(1);
  }
  console.log(`openapi ${doc.openapi}: valid; ${operations(resolved).length} operations answered as described ` +
              `(${probes} route/status pairs, 405 on every path)`);
}

main().catch((error) => {
  console.error(`openapi check failed: ${error.message}`);
  process.exit(1);
});
