// gpucat storefront catalog: plain JavaScript over /v1/storefront/*.
//
// Money: the page never computes an amount. Every price it shows is a string
// the server formatted (sell_price.labels, estimate labels); the only number
// it derives from money is a bar's length in the chart, from integer minor
// units with BigInt. Data is inserted with textContent only, never as HTML.
'use strict';

(() => {
  const T = {
    ja: {
      title: 'GPUクラウド カタログ', skip: 'メインへ移動', toggle: 'English',
      filters: '絞り込み', gpu: 'GPU', provider: '事業者', location: '所在地', gpuCount: 'GPU数',
      billing: '課金単位', maxPrice: '上限価格（1GPU・1時間・税込、円）', sort: '並び順', any: 'すべて',
      sortPrice: '価格の安い順', sortPriceDesc: '価格の高い順', sortGpus: 'GPU数の少ない順', sortProvider: '事業者順',
      apply: '適用', reset: 'リセット',
      maxPriceHelp: '例: 600（お問い合わせの商品は上限価格を指定すると表示されません）',
      compare: 'GPU別 価格比較', compareGpu: '比較するGPU',
      chartCaption: '{gpu}：1GPU・1時間あたりの販売価格（税込）',
      chartNote: 'バーは1GPU・1時間あたりの販売価格（税込）。月額・日額は1か月730時間・1日24時間で換算した目安です。',
      chartEmpty: 'このGPUの販売中の商品はありません。', contactUs: 'お問い合わせ',
      quoteNote: '価格は公開されていません。お見積もりします。',
      offers: '商品一覧', countN: '{n}件', loading: '読み込み中…', none: '条件に合う商品はありません。',
      loadError: 'データを読み込めませんでした：{msg}', badPrice: '上限価格は数字で入力してください（小数点以下4桁まで）。',
      specGpu: 'GPU', specHost: 'サーバー', specNet: '接続', specLocation: '所在地', specBilling: '課金',
      specAvailability: '在庫', memStated: 'GPUメモリ {n}GB', memNameplate: 'GPUメモリ {n}GB（公称）',
      vcpus: 'vCPU {n}', ram: 'メモリ {n}GB', nvlink: 'NVLink {n}GPU', unitsFree: '空き {n}',
      minTerm: '最低契約 {n}か月', minBilled: '最低課金 {n}秒', validTo: '価格の有効期限 {d}',
      billedPer: '{u}単位で課金', soldPerHour: '時間単位で販売（提供元は{u}単位で計測）',
      rule_metered: '従量課金', 'rule_capped-schedule': '上限付き従量課金', 'rule_per-started-month': '開始月ごとの月額',
      unit_second: '秒', unit_minute: '分', unit_hour: '時間', unit_day: '日', unit_month: '月',
      billing_second: '秒単位', billing_minute: '分単位', billing_hour: '時間単位', billing_day: '日単位',
      billing_month: '月単位',
      av_available: '在庫あり', av_limited: '残りわずか', av_sold_out: '売り切れ', av_on_request: '要相談',
      av_unknown: '在庫情報なし',
      checked: '価格の確認：{age}', sourceDate: '出典の日付：{d}',
      src_api: 'API', src_page: 'ウェブページ', src_sheet: '提供資料',
      ageNow: '1分以内', ageMin: '{n}分前', ageHour: '{n}時間前', ageDay: '{n}日前',
      estimate: '料金の見積もり', gpuCountNeeded: '必要なGPU数', hours: '利用時間（時間）', estimateRun: '見積もる',
      estimating: '計算中…', estimateNone: 'この条件で見積もれる商品はありません。',
      estimateBadInput: 'GPU数は1〜100000の整数、利用時間は数字で入力してください。',
      estimatePeriod: '期間：{start} 〜 {end}', effective: '実質 {p}', excludedH: '見積もり対象外',
      reason_quote_only: 'お問い合わせのみ（価格非公開）',
      reason_too_few_gpus_per_domain: '1つのNVLinkドメインのGPUが足りません',
      reason_no_schedule: '料金表がありません', reason_unsupported_billing: '未対応の課金方式',
      reason_withdrawn: '販売終了', reason_amount_out_of_range: '金額が大きすぎて計算できません',
      exampleRules: '表示価格はサンプルの価格ルール（{file}）で計算した参考価格です。販売価格ではありません。',
      rulesInForce: '価格ルール：{file}（SHA-256 {sha}）',
      footerTax: '価格は税込表示（消費税10%、1円未満切り捨て）。税抜価格を併記しています。',
      footerData: '価格は各社の公開情報・提供資料から取得したものです。各商品に確認時刻と出典の日付を表示しています。',
      sep: '・', paren: '（{x}）'
    },
    en: {
      title: 'GPU cloud catalog', skip: 'Skip to content', toggle: '日本語',
      filters: 'Filters', gpu: 'GPU', provider: 'Provider', location: 'Location', gpuCount: 'GPUs',
      billing: 'Billing unit', maxPrice: 'Max price (per GPU-hour, incl. tax, JPY)', sort: 'Sort', any: 'Any',
      sortPrice: 'Price: low to high', sortPriceDesc: 'Price: high to low', sortGpus: 'Fewest GPUs first',
      sortProvider: 'Provider', apply: 'Apply', reset: 'Reset',
      maxPriceHelp: 'e.g. 600 (with a max price, Contact-us offers are not shown)',
      compare: 'Price comparison by GPU', compareGpu: 'GPU to compare',
      chartCaption: '{gpu}: sell price per GPU-hour, incl. tax',
      chartNote: 'Bars show the sell price per GPU-hour including tax. Monthly and daily prices are converted at 730 hours a month and 24 hours a day, as a guide.',
      chartEmpty: 'No offers of this GPU are on sale.', contactUs: 'Contact us',
      quoteNote: 'No published price: ask us for a quote.',
      offers: 'Offers', countN: '{n} offers', loading: 'Loading…', none: 'No offers match.',
      loadError: 'Could not load the data: {msg}', badPrice: 'Enter the max price as a number (up to 4 decimals).',
      specGpu: 'GPU', specHost: 'Server', specNet: 'Network', specLocation: 'Location', specBilling: 'Billing',
      specAvailability: 'Availability', memStated: '{n} GB GPU memory', memNameplate: '{n} GB GPU memory (nameplate)',
      vcpus: '{n} vCPU', ram: '{n} GB RAM', nvlink: 'NVLink {n} GPUs', unitsFree: '{n} free',
      minTerm: 'minimum term {n} months', minBilled: 'minimum {n} s billed', validTo: 'price valid until {d}',
      billedPer: 'billed per {u}', soldPerHour: 'sold per hour (the provider meters per {u})',
      rule_metered: 'metered', 'rule_capped-schedule': 'metered with caps', 'rule_per-started-month': 'per started month',
      unit_second: 'second', unit_minute: 'minute', unit_hour: 'hour', unit_day: 'day', unit_month: 'month',
      billing_second: 'Per second', billing_minute: 'Per minute', billing_hour: 'Hourly', billing_day: 'Daily',
      billing_month: 'Monthly',
      av_available: 'Available', av_limited: 'Limited', av_sold_out: 'Sold out', av_on_request: 'On request',
      av_unknown: 'Unknown',
      checked: 'Price checked {age}', sourceDate: 'source dated {d}',
      src_api: 'API', src_page: 'web page', src_sheet: 'offer sheet',
      ageNow: 'within a minute', ageMin: '{n} min ago', ageHour: '{n} h ago', ageDay: '{n} days ago',
      estimate: 'Cost estimate', gpuCountNeeded: 'GPUs needed', hours: 'Duration (hours)', estimateRun: 'Estimate',
      estimating: 'Estimating…', estimateNone: 'No offer can be estimated for this request.',
      estimateBadInput: 'Enter a whole number of GPUs (1–100000) and the duration as a number.',
      estimatePeriod: 'Period: {start} to {end}', effective: 'effectively {p}', excludedH: 'Not estimated',
      reason_quote_only: 'Contact us (no published price)',
      reason_too_few_gpus_per_domain: 'Too few GPUs in one NVLink domain',
      reason_no_schedule: 'No price schedule', reason_unsupported_billing: 'Unsupported billing',
      reason_withdrawn: 'Withdrawn', reason_amount_out_of_range: 'Too large to estimate',
      exampleRules: 'Prices are computed with the bundled example pricing rules ({file}): illustrative, not a reseller’s prices.',
      rulesInForce: 'Pricing rules: {file} (SHA-256 {sha})',
      footerTax: 'Prices include 10% consumption tax (fractions of a yen rounded down); prices excluding tax are shown too.',
      footerData: 'Prices come from the providers’ published information and offer sheets. Each offer shows when its price was checked and the date of its source.',
      sep: ' · ', paren: ' ({x})'
    }
  };

  const state = { lang: 'ja', all: [], rules: null, offers: null, compare: null, estimate: null, error: null };
  const $ = (id) => document.getElementById(id);

  function t(key, vars) {
    let s = T[state.lang][key] ?? T.ja[key] ?? key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split('{' + k + '}').join(String(v));
    return s;
  }
  const pick = (bi) => (bi ? bi[state.lang] ?? bi.ja : '');

  // A DOM element; children are nodes or strings (as text), null skipped.
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  const SVG = 'http://www.w3.org/2000/svg';
  function s(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  }

  // Loads in flight, exposed as <body data-busy> for tests and styling. A load
  // counts from its first request until it has rendered what it fetched, so
  // busy === "0" means the page shows the answers to everything asked.
  let busy = 0;
  function setBusy(delta) {
    busy += delta;
    document.body.dataset.busy = String(busy);
  }
  function tracked(load) {
    return async (...args) => {
      setBusy(1);
      try {
        return await load(...args);
      } finally {
        setBusy(-1);
      }
    };
  }

  async function getJson(path) {
    const r = await fetch(path, { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await r.json(); } catch (_) { /* not JSON */ }
    if (!r.ok) {
      const err = new Error((body && body.error && body.error.message) || r.status + ' ' + r.statusText);
      err.code = body && body.error && body.error.code;
      throw err;
    }
    return body;
  }

  // Every page of a storefront listing.
  async function allOffers(params) {
    const out = [];
    let cursor = null, meta = null;
    for (let page = 0; page < 100; ++page) {
      const q = new URLSearchParams(params);
      q.set('limit', '500');
      if (cursor) q.set('cursor', cursor);
      const body = await getJson('/v1/storefront/offers?' + q.toString());
      meta = body;
      out.push(...body.offers);
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    return { offers: out, rules: meta ? meta.pricing_rules : null, asOf: meta ? meta.as_of : null };
  }

  function age(seconds) {
    const n = Math.max(0, Math.floor(Number(seconds) || 0));
    if (n < 60) return t('ageNow');
    if (n < 3600) return t('ageMin', { n: Math.floor(n / 60) });
    if (n < 86400) return t('ageHour', { n: Math.floor(n / 3600) });
    return t('ageDay', { n: Math.floor(n / 86400) });
  }
  const day = (ts) => (ts ? String(ts).slice(0, 10) : '—');
  // "2026-12-01T00:00:00+09:00" -> "2026-12-01 00:00 JST" (the billing calendar's zone).
  const instant = (ts) => {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}(.*)$/.exec(String(ts));
    return m ? `${m[1]} ${m[2]} ${m[3] === '+09:00' ? 'JST' : m[3]}` : String(ts);
  };

  // ---- Facets (filter options) from the unfiltered feed -----------------------

  function facets() {
    const gpus = new Map(), providers = new Map(), areas = new Map(), counts = new Set(), units = new Set();
    for (const o of state.all) {
      gpus.set(o.gpu.model, o.gpu.model_name || o.gpu.name);
      providers.set(o.provider, o.provider_name);
      if (o.location.area) areas.set(o.location.area.value, o.location.area.name);
      counts.add(o.gpu.count);
      if (o.billing.unit) units.add(o.billing.unit);
    }
    const order = ['second', 'minute', 'hour', 'day', 'month'];
    return {
      gpus: [...gpus.entries()].sort((a, b) => a[1].localeCompare(b[1])),
      providers: [...providers.entries()].sort((a, b) => a[0].localeCompare(b[0])),
      areas: [...areas.entries()].sort((a, b) => a[0].localeCompare(b[0])),
      counts: [...counts].sort((a, b) => a - b),
      units: order.filter((u) => units.has(u))
    };
  }

  function fillSelect(select, entries, withAny) {
    const keep = select.value;
    select.replaceChildren();
    if (withAny) select.append(h('option', { value: '' }, t('any')));
    for (const [value, label] of entries) select.append(h('option', { value }, label));
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
  }

  function renderFacets() {
    const f = facets();
    fillSelect($('f-gpu'), f.gpus, true);
    fillSelect($('f-provider'), f.providers.map(([id, name]) => [id, pick(name)]), true);
    fillSelect($('f-location'), f.areas.map(([v, name]) => [v, pick(name)]), true);
    fillSelect($('f-count'), f.counts.map((n) => [String(n), String(n)]), true);
    fillSelect($('f-billing'), f.units.map((u) => [u, t('billing_' + u)]), true);
    fillSelect($('compare-gpu'), f.gpus, false);
    fillSelect($('e-gpu'), f.gpus, false);
  }

  // ---- Offers -------------------------------------------------------------------

  function filterParams() {
    const p = { tax: 'included', sort: $('f-sort').value };
    if ($('f-gpu').value) p.gpu = $('f-gpu').value;
    if ($('f-provider').value) p.provider = $('f-provider').value;
    if ($('f-location').value) p.location = $('f-location').value;
    if ($('f-count').value) { p.min_gpus = $('f-count').value; p.max_gpus = $('f-count').value; }
    if ($('f-billing').value) p.billing = $('f-billing').value;
    const max = $('f-max').value.trim();
    if (max) p.max_price = max;
    return p;
  }

  function priceBlock(sp) {
    const L = sp.labels[state.lang];
    if (sp.status === 'quote') {
      return h('div', { class: 'price quote' }, h('span', { class: 'inc' }, L.price), h('span', { class: 'ex' }, t('quoteNote')));
    }
    return h('div', { class: 'price' },
      h('span', { class: 'inc' }, L.price),
      h('span', { class: 'ex' }, L.ex_tax + ' / ' + L.unit),
      h('span', { class: 'perhour' }, L.gpu_hour_inc_tax));
  }

  function billingText(o) {
    const parts = [];
    const b = o.billing;
    if (b.unit === 'second' || b.unit === 'minute') parts.push(t('soldPerHour', { u: t('unit_' + b.unit) }));
    else if (b.unit) parts.push(t('billedPer', { u: t('unit_' + b.unit) }));
    parts.push(t('rule_' + b.billing_rule));
    if (b.min_term_months) parts.push(t('minTerm', { n: b.min_term_months }));
    if (b.min_billed_seconds) parts.push(t('minBilled', { n: b.min_billed_seconds }));
    if (o.price_valid && o.price_valid.to) parts.push(t('validTo', { d: day(o.price_valid.to) }));
    return parts.join(t('sep'));
  }

  function offerItem(o) {
    const specs = [];
    const add = (k, v) => { if (v) specs.push(h('dt', null, t(k)), h('dd', null, v)); };
    const mem = t(o.gpu.memory_stated ? 'memStated' : 'memNameplate', { n: o.gpu.memory_gb });
    add('specGpu', (o.gpu.model_name || o.gpu.name) + ' ×' + o.gpu.count + t('sep') + mem);
    const host = [o.host.vcpus && t('vcpus', { n: o.host.vcpus }), o.host.ram_gb && t('ram', { n: o.host.ram_gb }),
      o.host.storage].filter(Boolean).join(t('sep'));
    add('specHost', host);
    const net = [o.interconnect.nvlink_domain_gpus && t('nvlink', { n: o.interconnect.nvlink_domain_gpus }),
      o.interconnect.fabric].filter(Boolean).join(t('sep'));
    add('specNet', net);
    add('specLocation', pick(o.location.label));
    add('specBilling', billingText(o));
    const av = o.availability.status;
    specs.push(h('dt', null, t('specAvailability')), h('dd', null,
      h('span', { class: 'badge ' + av }, t('av_' + av)),
      o.availability.units_free !== null && o.availability.units_free !== undefined
        ? ' ' + t('unitsFree', { n: o.availability.units_free }) : null));
    const f = o.freshness;
    return h('li', { 'data-offer-id': o.id },
      h('article', { class: 'offer', 'aria-labelledby': 'o-' + o.id },
        h('h3', { id: 'o-' + o.id }, pick(o.title)),
        h('p', { class: 'by' }, pick(o.provider_name) + t('sep') + pick(o.product_name)),
        priceBlock(o.sell_price),
        h('dl', { class: 'specs' }, specs),
        h('p', { class: 'fresh' }, t('checked', { age: age(f.age_seconds) }) + t('sep') +
          t('sourceDate', { d: day(f.source_as_of) }) + t('paren', { x: t('src_' + f.source_kind) }))));
  }

  function renderOffers() {
    const list = $('offers'), status = $('status');
    status.classList.toggle('error', Boolean(state.error));
    if (state.error) { status.textContent = t('loadError', { msg: state.error }); list.replaceChildren(); $('count').textContent = ''; return; }
    if (!state.offers) { status.textContent = t('loading'); return; }
    $('count').textContent = t('countN', { n: state.offers.length });
    status.textContent = state.offers.length ? '' : t('none');
    list.replaceChildren(...state.offers.map(offerItem));
  }

  // Only the latest request's answer is shown: an earlier one that arrives
  // late (filters changed quickly) must not overwrite it.
  let offersRequest = 0;
  const loadOffers = tracked(async () => {
    const request = ++offersRequest;
    const max = $('f-max');
    if (max.value.trim() && !/^[0-9]+(\.[0-9]{1,4})?$/.test(max.value.trim())) {
      state.error = null;
      $('status').textContent = t('badPrice');
      $('status').classList.add('error');
      return;
    }
    state.offers = null;
    renderOffers();
    try {
      const r = await allOffers(filterParams());
      if (request !== offersRequest) return;
      state.offers = r.offers;
      state.error = null;
    } catch (e) {
      if (request !== offersRequest) return;
      state.error = e.message;
    }
    renderOffers();
  });

  // ---- Comparison chart -----------------------------------------------------------

  function renderCompare() {
    const chart = $('chart'), c = state.compare;
    if (!c) { chart.replaceChildren(); $('compare-caption').textContent = ''; return; }
    $('compare-caption').textContent = t('chartCaption', { gpu: c.gpu.name });
    const priced = c.rows.filter((r) => r.price_status === 'priced');
    let max = 0n;
    for (const r of priced) { const m = BigInt(r.gpu_hour.inc_tax.minor); if (m > max) max = m; }
    const items = c.rows.map((r) => {
      const L = r.sell_price.labels[state.lang];
      const quote = r.price_status !== 'priced';
      const svg = s('svg', { viewBox: '0 0 1000 20', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' });
      if (quote) {
        svg.append(s('rect', { class: 'quotebox', x: '1', y: '2', width: '998', height: '16', rx: '3' }));
      } else {
        // Bar length from integer minor units: BigInt, no floating point on money.
        const w = max > 0n ? Number((BigInt(r.gpu_hour.inc_tax.minor) * 1000n) / max) : 0;
        svg.append(s('rect', { class: 'track', x: '0', y: '2', width: '1000', height: '16' }));
        svg.append(s('rect', { class: 'bar', x: '0', y: '2', width: String(Math.max(w, 4)), height: '16' }));
      }
      return h('li', { class: quote ? 'quote' : 'priced', 'data-provider': r.provider, 'data-product': r.product },
        h('div', { class: 'who' }, h('strong', null, pick(r.provider_name)), ' ', h('small', null, pick(r.product_name))),
        h('div', { class: 'barline' }, svg, h('span', { class: 'value' }, quote ? L.price : L.gpu_hour_inc_tax)),
        h('div', { class: 'sub' }, pick(r.title) + t('sep') + (quote ? t('quoteNote') : L.price) + t('sep') +
          t('av_' + r.availability)));
    });
    chart.replaceChildren(...(items.length ? items : [h('li', { class: 'empty' }, t('chartEmpty'))]));
  }

  let compareRequest = 0;
  const loadCompare = tracked(async () => {
    const request = ++compareRequest;
    const gpu = $('compare-gpu').value;
    if (!gpu) { state.compare = null; renderCompare(); return; }
    let answer;
    try {
      answer = await getJson('/v1/storefront/compare?tax=included&gpu=' + encodeURIComponent(gpu));
    } catch (e) {
      if (request !== compareRequest) return;
      state.compare = null;
      $('compare-caption').textContent = t('loadError', { msg: e.message });
      return;
    }
    if (request !== compareRequest) return;
    state.compare = answer;
    renderCompare();
  });

  // ---- Estimate -------------------------------------------------------------------

  function renderEstimate() {
    const out = $('e-result'), r = state.estimate;
    if (!r) { out.replaceChildren(); return; }
    const L = state.lang;
    const period = h('p', { class: 'help' }, t('estimatePeriod', { start: instant(r.period.start), end: instant(r.period.end) }));
    const ranked = h('ol', { class: 'estimates' }, r.estimates.map((e) => h('li', { 'data-group': e.group_id },
      h('strong', null, pick(e.title)), ' ', h('span', { class: 'by' }, pick(e.provider_name)),
      h('div', { class: 'total' }, e.labels[L].total_inc_tax),
      h('div', { class: 'help' }, e.labels[L].total_ex_tax + t('sep') + t('effective', { p: e.labels[L].gpu_hour_inc_tax })),
      h('ul', null, e.lines.map((l) => h('li', null, l[L])), e.notes.map((n) => h('li', null, n[L]))))));
    const parts = [period, r.estimates.length ? ranked : h('p', null, t('estimateNone'))];
    if (r.excluded.length) {
      parts.push(h('h3', null, t('excludedH')),
        h('ul', null, r.excluded.map((u) => h('li', null, pick(u.title) + t('sep') +
          (T[L]['reason_' + u.reason] ? t('reason_' + u.reason) : u.reason)))));
    }
    out.replaceChildren(...parts);
  }

  let estimateRequest = 0;
  const runEstimate = tracked(async (ev) => {
    ev.preventDefault();
    const request = ++estimateRequest;
    const form = $('estimate-form'), status = $('e-status');
    status.classList.remove('error');
    if (!form.checkValidity()) { status.textContent = t('estimateBadInput'); status.classList.add('error'); form.reportValidity(); return; }
    const q = new URLSearchParams({ gpu: $('e-gpu').value, gpus: $('e-gpus').value.trim(),
      hours: $('e-hours').value.trim(), tax: 'included' });
    status.textContent = t('estimating');
    try {
      const answer = await getJson('/v1/storefront/estimate?' + q.toString());
      if (request !== estimateRequest) return;
      state.estimate = answer;
      status.textContent = '';
    } catch (e) {
      if (request !== estimateRequest) return;
      state.estimate = null;
      status.textContent = t('loadError', { msg: e.message });
      status.classList.add('error');
    }
    renderEstimate();
  });

  // ---- Language ---------------------------------------------------------------------

  function renderRules() {
    const r = state.rules, notice = $('rules-notice');
    notice.hidden = !(r && r.source === 'bundled_example');
    if (r) {
      notice.textContent = t('exampleRules', { file: r.file });
      $('rules-footer').textContent = t('rulesInForce', { file: r.file, sha: r.sha256.slice(0, 12) });
    }
  }

  function renderAll() {
    document.documentElement.lang = state.lang;
    document.title = t('title');
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    const toggle = $('lang');
    toggle.textContent = t('toggle');
    toggle.setAttribute('lang', state.lang === 'ja' ? 'en' : 'ja');
    renderFacets();
    renderRules();
    renderOffers();
    renderCompare();
    renderEstimate();
  }

  function setLang(lang) {
    state.lang = lang === 'en' ? 'en' : 'ja';
    try { localStorage.setItem('gpucat.lang', state.lang); } catch (_) { /* storage may be off */ }
    renderAll();
  }

  const start = tracked(async () => {
    let saved = null;
    try { saved = localStorage.getItem('gpucat.lang'); } catch (_) { /* storage may be off */ }
    const fromUrl = new URLSearchParams(location.search).get('lang');
    state.lang = fromUrl === 'en' || (!fromUrl && saved === 'en') ? 'en' : 'ja';
    renderAll();
    $('lang').addEventListener('click', () => setLang(state.lang === 'ja' ? 'en' : 'ja'));
    const filters = $('filters');
    filters.addEventListener('submit', (e) => { e.preventDefault(); loadOffers(); });
    // After the reset has cleared the fields (a later task); busy from now on,
    // so that nothing reads the page between the reset and the reload.
    filters.addEventListener('reset', () => {
      setBusy(1);
      setTimeout(() => { loadOffers().finally(() => setBusy(-1)); }, 0);
    });
    for (const id of ['f-provider', 'f-location', 'f-count', 'f-billing', 'f-sort']) $(id).addEventListener('change', loadOffers);
    $('f-gpu').addEventListener('change', () => {
      if ($('f-gpu').value) { $('compare-gpu').value = $('f-gpu').value; $('e-gpu').value = $('f-gpu').value; loadCompare(); }
      loadOffers();
    });
    $('compare-gpu').addEventListener('change', loadCompare);
    $('estimate-form').addEventListener('submit', runEstimate);
    try {
      const r = await allOffers({ tax: 'included' });
      state.all = r.offers;
      state.rules = r.rules;
      state.offers = r.offers;
    } catch (e) {
      state.error = e.message;
    }
    renderAll();
    const gpus = [...$('compare-gpu').options].map((o) => o.value);
    const initial = gpus.includes('h200-141gb') ? 'h200-141gb' : gpus[0];
    if (initial) { $('compare-gpu').value = initial; $('e-gpu').value = initial; }
    await loadCompare();
    await loadOffers();
    document.body.dataset.ready = 'true';
  });

  start();
})();
