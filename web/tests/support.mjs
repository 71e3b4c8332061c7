// Shared by the browser and serve tests: a catalog synced from the bundled
// snapshots with the real `gpucat sync`, a real `gpucat serve --port 0`, and an
// independent model of the sell-price rules (BigInt, exact) to check the page
// and the feed against.
//
// Environment (set by tests/web/CMakeLists.txt):
//   GPUCAT_BIN         the gpucat executable
//   GPUCAT_SOURCE_DIR  the source tree (bundled snapshots, docs/, web/public)
//   GPUCAT_ARTIFACTS   where screenshots go (build/artifacts)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const env = {
  bin: process.env.GPUCAT_BIN,
  source: process.env.GPUCAT_SOURCE_DIR,
  artifacts: process.env.GPUCAT_ARTIFACTS || path.join(process.cwd(), 'artifacts')
};

// The environment without gpucat's own settings, so that a developer's
// GPUCAT_CONFIG, GPUCAT_DB or GPUCAT_PRICING_RULES cannot change what is tested.
export function cleanEnv() {
  const out = { ...process.env };
  for (const k of Object.keys(out)) if (k.startsWith('GPUCAT_')) delete out[k];
  return out;
}

export function requireEnv() {
  for (const [k, v] of Object.entries({ GPUCAT_BIN: env.bin, GPUCAT_SOURCE_DIR: env.source })) {
    if (!v) throw new Error(`${k} is not set: run this through ctest (tests/web/CMakeLists.txt)`);
  }
  if (!fs.existsSync(env.bin)) throw new Error(`no gpucat binary at ${env.bin}: build it first`);
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// `gpucat sync` of every bundled snapshot into a new catalog file.
export function syncCatalog(dir) {
  const db = path.join(dir, 'catalog.db');
  const r = spawnSync(env.bin, ['sync', '--db', db], { encoding: 'utf8', env: cleanEnv() });
  if (r.status !== 0) throw new Error(`gpucat sync exited ${r.status}: ${r.stderr}`);
  return db;
}

// Starts `gpucat serve --port 0` and resolves once it prints its URL:
// { url, rulesPath, bundledExample, child, log(), stop() }.
export function serve(db, extraArgs = []) {
  const child = spawn(env.bin, ['serve', '--db', db, '--host', '127.0.0.1', '--port', '0', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  // spdlog writes the server's log to stdout, the CLI its errors to stderr:
  // log() has both.
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => { stdout += d; });
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    let url = null;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('gpucat serve printed no URL in 20 s: ' + stderr)); }, 20000);
    child.on('exit', (code) => { clearTimeout(timer); if (!url) reject(new Error(`gpucat serve exited ${code}: ${stderr}`)); });
    lines.on('line', (line) => {
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (m) url = m[1];
      const rules = /storefront sell prices from (.+?)( \(the bundled example.*\))?; SIGHUP reloads them/.exec(line);
      if (rules && url) {
        clearTimeout(timer);
        resolve({
          url, rulesPath: rules[1], bundledExample: Boolean(rules[2]), child,
          log: () => stdout + stderr,
          stop: () => new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          })
        });
      }
    });
  });
}

export async function getJson(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(`${url}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

// ---- An independent model of docs/pricing-rules.md, exact with BigInt --------

const ratio = (num, den) => { const g = gcd(num < 0n ? -num : num, den); return [num / g, den / g]; };
function gcd(a, b) { while (b) [a, b] = [b, a % b]; return a || 1n; }
const mul = ([a, b], [c, d]) => ratio(a * c, b * d);
const div = ([a, b], [c, d]) => ratio(a * d, b * c);
const add = ([a, b], [c, d]) => ratio(a * d + c * b, b * d);
const less = ([a, b], [c, d]) => a * d < c * b;
function dec(text) {
  const [int, frac = ''] = String(text).split('.');
  return ratio(BigInt(int + frac), 10n ** BigInt(frac.length));
}
const int = (n) => [BigInt(n), 1n];

function roundHalfAway(num, den) { return (2n * num + den) / (2n * den); }  // num, den > 0

// The rule that prices a cost-API offer (/v1/offers JSON), or null.
export function matchRule(rules, offer) {
  const fields = { provider: offer.provider, product: offer.product, gpu_model: offer.gpu.model, unit: offer.price.unit };
  let best = null, bestSpec = -1;
  for (const r of rules.rules) {
    const keys = Object.keys(r.match);
    if (keys.every((k) => fields[k] === r.match[k]) && keys.length > bestSpec) { best = r; bestSpec = keys.length; }
  }
  return best;
}

// { status: 'priced', ex, inc (yen, BigInt), gpuHourIncMinor (BigInt), unit, per } | { status: 'quote' } | null.
export function sellPrice(rules, offer) {
  const rule = matchRule(rules, offer);
  if (!rule) return null;
  if (offer.price.status === 'quote') return { status: 'quote' };
  const published = offer.price.unit;
  const unit = published === 'second' || published === 'minute' ? 'hour' : published;
  let cost = mul(dec(offer.price.amount), int(published === 'second' ? 3600 : published === 'minute' ? 60 : 1));
  if (offer.price.tax === 'included') cost = mul(cost, ratio(100n, 110n));
  let price = 'markup_percent' in rule
    ? mul(cost, add(int(1), div(dec(rule.markup_percent), int(100))))
    : div(cost, add(int(1), mul(int(-1), div(dec(rule.margin_percent), int(100)))));
  if (rule.fixed_yen) price = add(price, dec(rule.fixed_yen));
  if (rule.floor_yen && less(price, dec(rule.floor_yen))) price = dec(rule.floor_yen);
  const rounding = rule.rounding || rules.rounding;
  const inc10 = BigInt(rounding.increment_yen);
  const [num, den] = price;
  const d = den * inc10;
  let q = num / d;
  const rem = num % d;
  if (rounding.mode === 'up' && rem > 0n) q += 1n;
  if (rounding.mode === 'nearest' && rem * 2n >= d) q += 1n;
  const ex = q * inc10;
  const inc = (ex * 110n) / 100n;
  const hours = unit === 'month' ? 730n : unit === 'day' ? 24n : 1n;
  const gpus = offer.price.per === 'gpu' ? 1n : BigInt(offer.gpu.count);
  return { status: 'priced', ex, inc, unit, per: offer.price.per, gpuHourIncMinor: roundHalfAway(inc * 10000n, hours * gpus) };
}

export function grouped(yen) { return BigInt(yen).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
// ¥548.02 from 1/10,000 JPY, to the sen, halves away from zero.
export function sen(minor) {
  const s = roundHalfAway(BigInt(minor), 100n);
  return '¥' + grouped(s / 100n) + '.' + String(s % 100n).padStart(2, '0');
}
const UNIT = { ja: { hour: '時間', day: '日', month: '月' }, en: { hour: 'hour', day: 'day', month: 'month' } };
const PER = { ja: { gpu: '1GPUあたり', instance: '1インスタンスあたり', node: '1ノードあたり', rack: '1ラックあたり' },
  en: { gpu: 'per GPU', instance: 'per instance', node: 'per node', rack: 'per rack' } };
// What the page must show for a sell price, by language.
export function labels(sell) {
  if (sell.status === 'quote') return { ja: { price: 'お問い合わせ' }, en: { price: 'Contact us' } };
  const y = '¥' + grouped(sell.inc), x = '¥' + grouped(sell.ex), g = sen(sell.gpuHourIncMinor);
  return {
    ja: { price: `${y}（税込）/${UNIT.ja[sell.unit]}・${PER.ja[sell.per]}`, ex: `税抜 ${x}`, gpuHour: `${g}/GPU時間（税込）` },
    en: { price: `${y} incl. tax / ${UNIT.en[sell.unit]}, ${PER.en[sell.per]}`, ex: `${x} excl. tax`,
      gpuHour: `${g} per GPU-hour incl. tax` }
  };
}
