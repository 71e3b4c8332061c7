// The catalog page in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser is ever downloaded), against a real
// `gpucat serve` over a catalog synced from the bundled snapshots.
//
// Expected prices are computed here from the rules file the server says is in
// force, by support.mjs's own exact model of docs/pricing-rules.md, from the
// costs the cost API (/v1/offers) reports: the page is checked against an
// independent computation, not against the feed it renders.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { env, getJson, grouped, labels, requireEnv, sellPrice, serve, syncCatalog, tempDir } from './support.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir, server, context, page, rules, expected;
const problems = [];  // console errors, page errors, failed requests

async function settle() {
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => document.body.dataset.busy === '0');
}

async function shot(name) {
  fs.mkdirSync(env.artifacts, { recursive: true });
  const file = path.join(env.artifacts, `catalog-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

before(async () => {
  requireEnv();
  dir = tempDir('gpucat-web-');
  const db = syncCatalog(dir);
  server = await serve(db, ['--quiet']);
  rules = JSON.parse(fs.readFileSync(server.rulesPath, 'utf8'));

  // What the H200 comparison must show: per provider and product, the
  // cheapest sellable offer, from the cost API's offers and the rules.
  const costs = await getJson(`${server.url}/v1/offers?gpu=h200&include_stale=false&limit=500`);
  expected = new Map();
  for (const o of costs.offers) {
    const sell = sellPrice(rules, o);
    if (!sell) continue;
    const key = `${o.provider}/${o.product}`;
    const prev = expected.get(key);
    const better = !prev || (sell.status === 'priced' &&
      (prev.sell.status !== 'priced' || sell.gpuHourIncMinor < prev.sell.gpuHourIncMinor));
    if (better) expected.set(key, { provider: o.provider, product: o.product, sell, offer: o });
  }

  context = await chromium.launchPersistentContext(path.join(dir, 'chromium-profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'ja-JP'
  });
  page = context.pages()[0] || (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${server.url}/`);
  await settle();
});

after(async () => {
  await context?.close();
  const code = await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(code, 0, 'gpucat serve exits 0 on SIGTERM');
});

test('the rules in force are the bundled example, and the page says so', async () => {
  assert.equal(server.bundledExample, true);
  assert.equal(path.basename(server.rulesPath), 'pricing-rules.example.json');
  const notice = page.locator('#rules-notice');
  assert.equal(await notice.isVisible(), true);
  assert.match(await notice.textContent(), /pricing-rules\.example\.json/);
  assert.match(await page.locator('#rules-footer').textContent(), /SHA-256 [0-9a-f]{12}/);
});

test('filter to H200: the list and the comparison show the expected providers and sell prices', async () => {
  await page.selectOption('#f-gpu', 'h200-141gb');
  await settle();
  // Every listed offer is an H200; Japanese by default.
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  const specs = await page.locator('#offers > li dl.specs dd:first-of-type').allTextContents();
  assert.ok(specs.length >= 3, `H200 offers listed: ${specs.length}`);
  for (const s of specs) assert.match(s, /H200/);

  // The brief's expectation: GPUSOROBAN and GMO priced, Sakura PHY a quote.
  const soroban = expected.get('gpusoroban/aispacon'), gmo = expected.get('gmo/gpucloud'),
    sakura = expected.get('sakura/koukaryoku-phy');
  assert.equal(soroban?.sell.status, 'priced');
  assert.equal(gmo?.sell.status, 'priced');
  assert.equal(sakura?.sell.status, 'quote');

  const rows = page.locator('#chart > li');
  const order = await rows.evaluateAll((lis) => lis.map((li) => `${li.dataset.provider}/${li.dataset.product}`));
  const priced = [...expected.values()].filter((e) => e.sell.status === 'priced')
    .sort((a, b) => (a.sell.gpuHourIncMinor < b.sell.gpuHourIncMinor ? -1 : 1));
  const quoted = [...expected.values()].filter((e) => e.sell.status === 'quote');
  assert.deepEqual(order.slice(0, priced.length), priced.map((e) => `${e.provider}/${e.product}`));
  assert.deepEqual(new Set(order.slice(priced.length)), new Set(quoted.map((e) => `${e.provider}/${e.product}`)));

  for (const e of [soroban, gmo]) {
    const row = page.locator(`#chart > li[data-provider="${e.provider}"][data-product="${e.product}"]`);
    const want = labels(e.sell).ja;
    assert.equal(await row.locator('.value').textContent(), want.gpuHour);
    assert.match(await row.locator('.sub').textContent(), new RegExp(want.price.replace(/[()（）.*+?^$|[\]\\]/g, '\\$&')));
    assert.equal(await row.locator('rect.bar').count(), 1);
  }
  const q = page.locator('#chart > li[data-provider="sakura"][data-product="koukaryoku-phy"]');
  assert.equal(await q.locator('.value').textContent(), 'お問い合わせ');
  assert.equal(await q.locator('rect.bar').count(), 0, 'a quote has no bar');
  assert.equal(await q.locator('rect.quotebox').count(), 1);
  assert.match(await page.locator('#compare-caption').textContent(), /H200/);

  // The list shows the same price both ways and how old it is.
  const card = page.locator(`#offers > li[data-offer-id="${soroban.offer.id}"]`);
  const want = labels(soroban.sell).ja;
  assert.equal(await card.locator('.price .inc').textContent(), want.price);
  assert.match(await card.locator('.price .ex').textContent(), new RegExp(want.ex));
  assert.match(await card.locator('.fresh').textContent(), /価格の確認：.+出典の日付：\d{4}-\d{2}-\d{2}/);
  const quoteCard = page.locator(`#offers > li[data-offer-id="${sakura.offer.id}"]`);
  assert.equal(await quoteCard.locator('.price .inc').textContent(), 'お問い合わせ');
  assert.doesNotMatch(await quoteCard.locator('.price').textContent(), /¥/);
  await shot('h200-ja');
});

test('sort and max price: the page sends them and shows what the server sells under the limit', async () => {
  const soroban = expected.get('gpusoroban/aispacon');
  // Exactly the cheapest H200's sell price per GPU-hour (inclusive).
  const minor = soroban.sell.gpuHourIncMinor;
  await page.fill('#f-max', `${minor / 10000n}.${String(minor % 10000n).padStart(4, '0')}`);
  await page.click('#filters button[type="submit"]');
  await settle();
  const ids = await page.locator('#offers > li').evaluateAll((lis) => lis.map((li) => li.dataset.offerId));
  assert.deepEqual(ids, [soroban.offer.id]);
  await page.fill('#f-max', '');
  await page.selectOption('#f-sort', '-price');
  await settle();
  const prices = await page.locator('#offers > li .price .inc').allTextContents();
  assert.equal(prices.at(-1), 'お問い合わせ', 'quotes last in either order');
  await page.selectOption('#f-sort', 'price');
  await settle();
});

test('English toggle: English labels, prices and names', async () => {
  await page.click('#lang');
  await settle();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('h1').textContent(), 'GPU cloud catalog');
  assert.equal(await page.locator('#filters-h').textContent(), 'Filters');
  assert.equal(await page.locator('label:has(#f-provider) span').textContent(), 'Provider');
  assert.equal(await page.locator('#lang').textContent(), '日本語');
  const q = page.locator('#chart > li[data-provider="sakura"][data-product="koukaryoku-phy"]');
  assert.equal(await q.locator('.value').textContent(), 'Contact us');
  const soroban = expected.get('gpusoroban/aispacon');
  const row = page.locator('#chart > li[data-provider="gpusoroban"][data-product="aispacon"]');
  assert.equal(await row.locator('.value').textContent(), labels(soroban.sell).en.gpuHour);
  assert.match(await row.locator('.who').textContent(), /HighReso GPUSOROBAN/);
  const card = page.locator(`#offers > li[data-offer-id="${soroban.offer.id}"]`);
  assert.equal(await card.locator('.price .inc').textContent(), labels(soroban.sell).en.price);
  assert.match(await card.locator('.fresh').textContent(), /Price checked .+ source dated \d{4}-\d{2}-\d{2}/);
  assert.match(await page.locator('#rules-notice').textContent(), /bundled example pricing rules/);
  await shot('h200-en');
});

test('the keyboard reaches and works the controls, with a visible focus ring', async () => {
  await page.focus('#lang');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  await page.keyboard.press('Enter');
  await settle();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja', 'Enter on the toggle switches back to Japanese');
  // Tab order: the skip link, the toggle, then the filters.
  await page.focus('#lang');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-gpu');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', `focus is visible (${outline}, toggle ${ring})`);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lang');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  // The filters work from the keyboard too: choose the first GPU with the arrow keys.
  await page.focus('#f-provider');
  await page.keyboard.press('ArrowDown');
  await settle();
  assert.notEqual(await page.inputValue('#f-provider'), '');
  await page.selectOption('#f-provider', '');
  await settle();
});

test('the estimate form ranks totals in sell prices', async () => {
  await page.selectOption('#e-gpu', 'h200-141gb');
  await page.fill('#e-gpus', '8');
  await page.fill('#e-hours', '24');  // one day: one started month of a monthly node, whatever the month
  await page.click('#estimate-form button[type="submit"]');
  await settle();
  const soroban = expected.get('gpusoroban/aispacon');
  const first = page.locator('#e-result ol.estimates > li').first();
  assert.match(await first.textContent(), /GPUSOROBAN/);
  assert.equal(await first.locator('.total').textContent(), `¥${grouped(soroban.sell.inc)}（税込）`);
  assert.match(await page.locator('#e-result').textContent(), /お問い合わせのみ/);
  await page.locator('#estimate').screenshot({ path: path.join(env.artifacts, 'catalog-estimate-ja.png') });
});

test('phone width (375 px): no horizontal scrolling, everything still there', async () => {
  await page.setViewportSize({ width: 375, height: 800 });
  await settle();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  assert.equal(await page.locator('#chart > li').first().isVisible(), true);
  await shot('phone-ja');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('no console errors, page errors or failed requests', () => {
  assert.deepEqual(problems, []);
});
