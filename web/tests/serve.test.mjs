// `gpucat serve --pricing-rules FILE` end to end, with the real binary: the
// feed names the configured file; SIGHUP reloads it; a broken file on reload
// is logged and the rules in force stay; a broken file at start is refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { cleanEnv, env, getJson, requireEnv, sellPrice, serve, syncCatalog, tempDir } from './support.mjs';

const rulesWith = (markup) => JSON.stringify({
  version: 1, rounding: { increment_yen: 10, mode: 'up' },
  rules: [{ id: 'all', match: {}, markup_percent: markup }]
});

let dir, db, rulesFile, server;

before(() => {
  requireEnv();
  dir = tempDir('gpucat-serve-');
  db = syncCatalog(dir);
  rulesFile = path.join(dir, 'reseller-rules.json');
});

after(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function soroban() {
  const [feed, costs] = await Promise.all([
    getJson(`${server.url}/v1/storefront/offers?gpu=h200&provider=gpusoroban&include_quote=false`),
    getJson(`${server.url}/v1/offers?gpu=h200&provider=gpusoroban&include_quote=false`)]);
  assert.equal(feed.offers.length, 1);
  const cost = costs.offers.find((o) => o.id === feed.offers[0].id);
  return { feed, offer: feed.offers[0], cost };
}

test('the configured rules are in force and named in the feed', async () => {
  fs.writeFileSync(rulesFile, rulesWith('15'));
  server = await serve(db, ['--pricing-rules', rulesFile]);
  assert.equal(server.bundledExample, false);
  const { feed, offer, cost } = await soroban();
  assert.equal(feed.pricing_rules.file, 'reseller-rules.json');
  assert.equal(feed.pricing_rules.source, 'configured');
  const want = sellPrice(JSON.parse(rulesWith('15')), cost);
  assert.equal(BigInt(offer.sell_price.inc_tax.minor), want.inc * 10000n);
});

test('SIGHUP reloads the rules; the feed and its ETag change', async () => {
  const before = await fetch(`${server.url}/v1/storefront/offers?gpu=h200`);
  const etag = before.headers.get('etag');
  await before.arrayBuffer();
  fs.writeFileSync(rulesFile, rulesWith('20'));
  server.child.kill('SIGHUP');
  const want = sellPrice(JSON.parse(rulesWith('20')), (await soroban()).cost);
  let got = null;
  for (let i = 0; i < 100; ++i) {
    got = (await soroban()).offer;
    if (BigInt(got.sell_price.inc_tax.minor) === want.inc * 10000n) break;
    await sleep(50);
  }
  assert.equal(BigInt(got.sell_price.inc_tax.minor), want.inc * 10000n);
  const r = await fetch(`${server.url}/v1/storefront/offers?gpu=h200`, { headers: { 'If-None-Match': etag } });
  assert.equal(r.status, 200, 'the old ETag no longer matches');
  await r.arrayBuffer();
});

test('a broken file on SIGHUP is logged and the rules in force stay', async () => {
  const inForce = (await soroban()).offer.sell_price;
  fs.writeFileSync(rulesFile, '{"version": 1, "rules": [');
  server.child.kill('SIGHUP');
  for (let i = 0; i < 100 && !/reload of .* failed/.test(server.log()); ++i) await sleep(50);
  assert.match(server.log(), /pricing rules: reload of .*reseller-rules\.json failed; the rules in force stay: rules_invalid_json/);
  assert.deepEqual((await soroban()).offer.sell_price, inForce);
  assert.equal(await server.stop(), 0, 'SIGTERM still stops it, exit 0');
  server = null;
});

test('a broken file at start is refused with its path and the problem', () => {
  fs.writeFileSync(rulesFile, JSON.stringify({ version: 1, rules: [{ id: 'x', match: {}, markup_percent: 15 }] }));
  const r = spawnSync(env.bin, ['serve', '--db', db, '--port', '0', '--pricing-rules', rulesFile],
    { encoding: 'utf8', timeout: 20000, env: cleanEnv() });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /reseller-rules\.json/);
  assert.match(r.stderr, /\/rules\/0\/markup_percent/);
});
