// Browser tests of the web map (run by tests/web/run.sh, which starts `corridor serve`).
// Headless Debian Chromium via playwright-core, a fresh profile, and every request that is not to
// the local server aborted and recorded: the map must work with no network at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const URL_ = process.env.CORRIDOR_URL;
const ARTIFACTS = process.env.CORRIDOR_ARTIFACTS || join(process.cwd(), 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
assert.ok(URL_, 'CORRIDOR_URL must point at a running corridor serve (use tests/web/run.sh)');

let context;
let profileDir;
const external = [];   // requests that tried to leave the machine
const problems = [];   // console errors and page exceptions

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  profileDir = mkdtempSync(join(tmpdir(), 'corridor-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  const origin = new URL(URL_).origin;
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith('data:')) return route.continue();
    external.push(u);
    return route.abort();
  });
});

after(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

async function openPage(hash = '') {
  const page = await context.newPage();
  // API errors (e.g. the deliberate unknown place) are expected; a failing asset is not.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/')) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${URL_}/${hash}`);
  await waitIdle(page);
  return page;
}

// Waits until the app is not loading or busy.
async function waitIdle(page) {
  await page.waitForFunction(() => ['ready', 'routed', 'error'].includes(document.body.dataset.state),
    null, { timeout: 20000 });
}

async function apiRoute(req) {
  const res = await fetch(`${URL_}/api/route`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req),
  });
  assert.equal(res.status, 200);
  return res.json();
}

const fmt = (v, d) => Number(v).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

async function pickPlace(page, input, typed, name) {
  await page.fill(input, typed);
  const item = page.locator(`${input}-list li`, { hasText: name }).first();
  await item.waitFor({ state: 'visible', timeout: 10000 });
  await item.click();
}

test('the map loads offline with outlines, network, borders, legend and credits', async () => {
  const page = await openPage();
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
  assert.ok(await page.locator('path.country').count() > 100, 'Natural Earth country outlines drawn');
  assert.ok(await page.locator('path.net-link').count() > 50, 'network links drawn');
  for (const mode of ['rail', 'road', 'ferry']) {
    assert.ok(await page.locator(`path.net-link.mode-${mode}`).count() > 0, `${mode} links drawn`);
  }
  // Status styles: construction/planned/closed links are dashed, operating ones solid.
  const dash = (sel) => page.locator(sel).first().getAttribute('stroke-dasharray');
  assert.equal(await dash('path.net-link.status-operating'), null);
  for (const s of ['construction', 'planned', 'closed']) {
    if (await page.locator(`path.net-link.status-${s}`).count()) assert.ok(await dash(`path.net-link.status-${s}`), `${s} is dashed`);
  }
  assert.ok(await page.locator('.border-marker').count() > 5, 'border crossings as markers');
  assert.ok(await page.locator('[data-testid=legend]').isVisible());
  const credits = await page.locator('.leaflet-control-attribution').innerText();
  assert.match(credits, /© OpenStreetMap contributors/);
  assert.match(credits, /Natural Earth/);
  assert.ok(await page.locator('#scenario option[value=tripp]').count() === 1, 'scenario selector lists tripp');
  assert.ok(await page.locator('#avoid input[value=AM]').count() === 1, 'avoid toggles per country');
  assert.deepEqual(external, [], 'no request left the machine');
  await page.screenshot({ path: join(ARTIFACTS, 'web-network.png') });
  await page.close();
});

test('Baku → Nakhchivan, then scenario tripp: panel totals and a drawn route', async () => {
  const page = await openPage();
  await pickPlace(page, '#from', 'Baku', 'Baku');
  await pickPlace(page, '#to', 'Nakh', 'Nakhchivan');
  await page.waitForFunction(() => document.body.dataset.state === 'routed', null, { timeout: 20000 });
  assert.equal(await page.locator('[data-testid=route-scenario]').innerText(), 'baseline');

  await page.selectOption('#scenario', 'tripp');
  await page.waitForFunction(() => document.body.dataset.state === 'routed' &&
    document.querySelector('[data-testid=route-scenario]')?.textContent === 'tripp', null, { timeout: 20000 });

  const expected = await apiRoute({ from: 'AZ-BAKU', to: 'AZ-NAKHCHIVAN', scenario: 'tripp' });
  const baseline = await apiRoute({ from: 'AZ-BAKU', to: 'AZ-NAKHCHIVAN' });
  assert.ok(expected.total.hours < baseline.total.hours, 'TRIPP is faster than today');
  const text = async (id) => (await page.locator(`[data-testid=${id}]`).innerText()).trim();
  assert.equal(await text('route-title'), 'Baku → Nakhchivan');
  assert.equal(await text('route-km'), fmt(expected.total.km, 0));
  assert.equal(await text('route-hours'), fmt(expected.total.hours, 1));
  assert.equal(await text('route-usd'), `$${fmt(expected.total.usd, 0)}`);
  assert.equal(await text('route-borders'), String(expected.total.borders));
  assert.equal(await page.locator('[data-testid=leg]').count(), expected.legs.length);
  assert.ok(expected.countries.includes('AM'), 'the TRIPP route crosses Armenia');

  const lines = page.locator('path.route-line.route-scenario');
  assert.ok(await lines.count() > 0, 'route line drawn');
  const d = await lines.first().getAttribute('d');
  assert.ok(d && d.length > 20, 'route line has geometry');
  assert.match(page.url(), /scenario=tripp/);
  await page.screenshot({ path: join(ARTIFACTS, 'web-route.png') });
  await page.close();
});

test('compare mode draws base and scenario routes with deltas', async () => {
  const page = await openPage('#from=AZ-BAKU&to=AZ-NAKHCHIVAN&scenario=tripp&compare=baseline');
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'routed');
  await page.locator('[data-testid=compare-delta]').waitFor();
  assert.ok(await page.locator('path.route-line.route-base').count() > 0, 'base route drawn');
  assert.ok(await page.locator('path.route-line.route-scenario').count() > 0, 'scenario route drawn');
  assert.match(await page.locator('[data-testid=delta-hours]').innerText(), /^−/, 'TRIPP saves time');
  await page.screenshot({ path: join(ARTIFACTS, 'web-compare.png') });
  await page.close();
});

test('clicking a link shows its attributes and source', async () => {
  const page = await openPage();
  // A point on the longest visible rail link, in page coordinates.
  const point = await page.evaluate(() => {
    let best = null;
    for (const p of document.querySelectorAll('path.net-link.mode-rail')) {
      const len = p.getTotalLength();
      if (!best || len > best.len) best = { p, len };
    }
    const pt = best.p.getPointAtLength(best.len * 0.37);
    const m = best.p.getScreenCTM();
    return { x: pt.x * m.a + pt.y * m.c + m.e, y: pt.x * m.b + pt.y * m.d + m.f };
  });
  await page.mouse.click(point.x, point.y);
  const popup = page.locator('[data-testid=link-popup]');
  await popup.waitFor({ state: 'visible', timeout: 5000 });
  const body = await popup.innerText();
  assert.match(body, /status/);
  assert.match(body, /length/);
  assert.match(body, /Source:/);
  await page.close();
});

test('avoid toggles and errors', async () => {
  const page = await openPage('#from=AZ-BAKU&to=AZ-NAKHCHIVAN&scenario=tripp');
  await page.locator('#avoid input[value=AM]').check();
  await page.waitForFunction(() => document.body.dataset.state !== 'busy', null, { timeout: 20000 });
  const countries = await page.locator('.countries').first().innerText();
  assert.doesNotMatch(countries, /\bAM\b/, 'avoided country not entered');
  assert.ok(await page.locator('path.country.avoided').count() >= 1, 'avoided country shaded');

  await page.fill('#from', 'Atlantis');
  await page.click('#go');
  await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 20000 });
  assert.match(await page.locator('#message').innerText(), /Atlantis/);
  assert.equal(await page.locator('path.route-line').count(), 0, 'no stale route after an error');
  await page.close();
});

test('allowed modes survive a reload through the URL hash', async () => {
  const page = await openPage('#from=AZ-BAKU&to=AZ-NAKHCHIVAN&scenario=tripp&modes=rail');
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'routed');
  assert.equal(await page.locator('#modes input[value=road]').isChecked(), false);
  assert.equal(await page.locator('#modes input[value=rail]').isChecked(), true);
  const api = await apiRoute({ from: 'AZ-BAKU', to: 'AZ-NAKHCHIVAN', scenario: 'tripp', modes: ['rail'] });
  assert.equal((await page.locator('[data-testid=route-km]').innerText()).trim(), fmt(api.total.km, 0));
  assert.match(await page.evaluate(() => location.hash), /modes=rail/);
  await page.close();
});

async function apiPost(path, req) {
  const res = await fetch(`${URL_}/api/${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req),
  });
  assert.equal(res.status, 200, `${path} ${JSON.stringify(req)}`);
  return res.json();
}

// A point on an SVG path, in page coordinates.
async function pointOn(page, selector, at = 0.37) {
  return page.evaluate(([sel, frac]) => {
    const p = document.querySelector(sel);
    const pt = p.getPointAtLength(p.getTotalLength() * frac);
    const m = p.getScreenCTM();
    return { x: pt.x * m.a + pt.y * m.c + m.e, y: pt.x * m.b + pt.y * m.d + m.f };
  }, [selector, at]);
}

const CRIT_HEX = ['#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'];

test('criticality layer: link width and colour by Δ cost, ranking from the server, per scenario', async () => {
  const page = await openPage('#crit=1');
  await page.waitForFunction(() => document.body.dataset.critical === 'shown', null, { timeout: 20000 });
  const expected = await apiPost('critical', { scenario: 'baseline', profile: 'teu' });
  const shown = expected.links.filter((l) => l.delta_cost_usd_per_day > 0 || !l.connected);
  assert.ok(shown.length > 20, 'many links cost something to lose');
  assert.equal(await page.locator('path.crit-link').count(), shown.length, 'one line per costly or stranding link');
  assert.equal(await page.locator('path.crit-strand').count(), shown.filter((l) => !l.connected).length);
  // The most critical link is the darkest and widest; widths fall with Δ cost.
  const style = async (rank) => {
    const p = page.locator(`path.crit-rank-${rank}`);
    return { color: await p.getAttribute('stroke'), width: Number(await p.getAttribute('stroke-width')) };
  };
  const first = await style(1);
  assert.equal(first.color, CRIT_HEX[4]);
  assert.ok(Math.abs(first.width - 9) < 1e-6, `top link 9 px wide, got ${first.width}`);
  const costly = shown.filter((l) => l.connected && l.delta_cost_usd_per_day > 0);
  const last = await style(costly[costly.length - 1].rank);
  assert.ok(last.width < first.width, 'a cheaper loss is drawn thinner');
  const max = shown[0].delta_cost_usd_per_day;
  const mid = costly.find((l) => l.delta_cost_usd_per_day < 0.6 * max && l.delta_cost_usd_per_day > 0.2 * max);
  if (mid) {
    const m = await style(mid.rank);
    const cls = Math.min(4, Math.ceil((mid.delta_cost_usd_per_day / max) * 5) - 1);
    assert.equal(m.color, CRIT_HEX[cls], `class of ${mid.id}`);
    assert.ok(Math.abs(m.width - (2 + (7 * mid.delta_cost_usd_per_day) / max)) < 1e-3);
  }
  assert.ok(await page.locator('[data-testid=crit-legend]').isVisible(), 'criticality legend');
  // The panel lists the server's top 10 in order.
  assert.equal(await page.locator('[data-testid=crit-row]').count(), 10);
  const deltas = await page.locator('[data-testid=crit-delta]').allInnerTexts();
  assert.deepEqual(deltas, expected.links.slice(0, 10).map((l) => `$${fmt(l.delta_cost_usd_per_day, 0)}`));
  await page.screenshot({ path: join(ARTIFACTS, 'web-critical.png') });

  // Another scenario: the layer and the table follow it.
  await page.selectOption('#scenario', 'tripp');
  await page.waitForFunction(() => document.body.dataset.critical === 'shown' &&
    document.querySelector('#critical-panel h2')?.textContent.includes('tripp'), null, { timeout: 20000 });
  const tripp = await apiPost('critical', { scenario: 'tripp', profile: 'teu' });
  assert.deepEqual(await page.locator('[data-testid=crit-delta]').allInnerTexts(),
    tripp.links.slice(0, 10).map((l) => `$${fmt(l.delta_cost_usd_per_day, 0)}`));
  assert.equal(await page.locator('path.crit-link').count(),
    tripp.links.filter((l) => l.delta_cost_usd_per_day > 0 || !l.connected).length);
  assert.match(page.url(), /crit=1/);

  // Off: nothing left of the layer.
  await page.locator('#critical').uncheck();
  await page.waitForFunction(() => document.body.dataset.critical === 'off', null, { timeout: 5000 });
  assert.equal(await page.locator('path.crit-link').count(), 0);
  assert.equal(await page.locator('[data-testid=crit-legend]').count(), 0);
  assert.doesNotMatch(page.url(), /crit=1/);
  await page.close();
});

test('select-link: clicking a link lists the OD pairs and volumes that use it', async () => {
  const page = await openPage('#crit=1');
  await page.waitForFunction(() => document.body.dataset.critical === 'shown', null, { timeout: 20000 });
  const crit = await apiPost('critical', { scenario: 'baseline', profile: 'teu' });
  // The longest of the three most critical links (a border crossing can be a few pixels long).
  const ranks = [1, 2, 3];
  const lengths = await Promise.all(ranks.map((r) => page.locator(`path.crit-rank-${r}`).evaluate((p) => p.getTotalLength())));
  const rank = ranks[lengths.indexOf(Math.max(...lengths))];
  const link = crit.links[rank - 1];
  const pt = await pointOn(page, `path.crit-rank-${rank}`);
  await page.mouse.click(pt.x, pt.y);
  await page.waitForFunction(() => document.body.dataset.selectLink === 'shown', null, { timeout: 20000 });
  const sl = await apiPost('select-link', { link: link.id, scenario: 'baseline', profile: 'teu' });
  assert.ok(sl.ods.length > 0);
  // Select-link volumes sum to the link's assigned volume (server side) ...
  const sum = sl.ods.reduce((a, o) => a + o.units_per_day, 0);
  assert.ok(Math.abs(sum - sl.link_units_per_day) < 1e-3 * sl.ods.length, `${sum} vs ${sl.link_units_per_day}`);
  assert.ok(Math.abs(sl.link_units_per_day - link.base_units_per_day) < 1e-3, 'the same loading as critical');
  // ... and the panel shows every pair with its volume, and the total.
  assert.ok((await page.locator('[data-testid=sl-title]').innerText()).includes(link.name || link.id));
  assert.equal(await page.locator('[data-testid=sl-row]').count(), sl.ods.length);
  assert.deepEqual(await page.locator('[data-testid=sl-units]').allInnerTexts(), sl.ods.map((o) => fmt(o.units_per_day, 2)));
  assert.equal(await page.locator('[data-testid=sl-total]').innerText(), `${fmt(sl.link_units_per_day, 2)} teu/day`);
  await page.screenshot({ path: join(ARTIFACTS, 'web-select-link.png') });

  // Without the layer, clicking a network link does the same; an unused link says so.
  await page.locator('#critical').uncheck();
  await page.waitForFunction(() => document.body.dataset.critical === 'off');
  const unused = crit.links.find((l) => l.base_units_per_day === 0 && l.mode === 'rail');
  if (unused) {
    const empty = await apiPost('select-link', { link: unused.id, scenario: 'baseline', profile: 'teu' });
    assert.equal(empty.ods.length, 0);
  }
  const before = await page.locator('[data-testid=sl-title]').innerText();
  const p2 = await page.evaluate(() => {
    let best = null;
    for (const p of document.querySelectorAll('path.net-link.mode-road.open')) {
      const len = p.getTotalLength();
      if (!best || len > best.len) best = { p, len };
    }
    const pt = best.p.getPointAtLength(best.len * 0.5);
    const m = best.p.getScreenCTM();
    return { x: pt.x * m.a + pt.y * m.c + m.e, y: pt.x * m.b + pt.y * m.d + m.f };
  });
  await page.mouse.click(p2.x, p2.y);
  await page.waitForFunction((t) => document.body.dataset.selectLink === 'shown' &&
    document.querySelector('[data-testid=sl-title]')?.textContent !== t, before, { timeout: 20000 });
  const rows = await page.locator('[data-testid=sl-row]').count();
  const emptyNote = await page.locator('[data-testid=sl-empty]').count();
  assert.ok(rows > 0 || emptyNote === 1, 'pairs listed, or a note that none uses the link');
  await page.close();
});

test('no console errors and nothing fetched from the internet', () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(external, []);
});
