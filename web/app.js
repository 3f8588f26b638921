// Corridor web map: wires the controls, the map and the result panel to the HTTP API.
// State lives in the controls and in the URL hash (#from=AZ-BAKU&to=AZ-NAKHCHIVAN&scenario=tripp
// &compare=baseline&crit=1), so a view can be bookmarked. document.body.dataset.state is 'loading',
// 'ready', 'busy', 'routed' or 'error'; dataset.critical ('off', 'loading', 'shown', 'error') and
// dataset.selectLink ('loading', 'shown', 'error') track the criticality layer and the select-link
// panel (the browser tests wait on them).
import { api } from './js/api.js';
import { CorridorMap } from './js/map.js';
import { PlacePicker } from './js/autocomplete.js';
import { renderRoute, renderCompare, renderCritical, renderSelectLink } from './js/panel.js';

const $ = (id) => document.getElementById(id);
const ui = {
  dataset: $('dataset'), scenario: $('scenario'), scenarioDescription: $('scenario-description'),
  profiles: $('profiles'), modes: $('modes'), avoid: $('avoid'), compare: $('compare'), base: $('base'),
  go: $('go'), swap: $('swap'), message: $('message'), result: $('result'),
  critical: $('critical'), criticalPanel: $('critical-panel'), selectLink: $('select-link'),
};
const state = { scenarios: [], routed: false, seq: 0, networkSeq: 0, critSeq: 0, slSeq: 0 };
// Leaflet comes from web/vendor/ (installed by `npm ci` in web/); say so instead of a blank page.
if (!window.L) {
  $('message').textContent = 'The map library is missing: run `npm ci` in web/ to install vendor/.';
  $('message').hidden = false;
  document.body.dataset.state = 'error';
  throw new Error('Leaflet (web/vendor/leaflet) is not installed');
}
const map = new CorridorMap('map');

function setState(s) {
  document.body.dataset.state = s;
}

function showMessage(text, suggestions = []) {
  ui.message.textContent = text + (suggestions.length ? ` — did you mean: ${suggestions.join(', ')}?` : '');
  ui.message.hidden = false;
}

function clearMessage() {
  ui.message.hidden = true;
  ui.message.textContent = '';
}

const from = new PlacePicker($('from'), $('from-list'), () => maybeRun());
const to = new PlacePicker($('to'), $('to-list'), () => maybeRun());

function checkedModes() {
  return [...ui.modes.querySelectorAll('input:checked')].map((i) => i.value);
}

function avoided() {
  return [...ui.avoid.querySelectorAll('input:checked')].map((i) => i.value);
}

function profile() {
  return ui.profiles.querySelector('input:checked')?.value || 'teu';
}

function request() {
  const req = { from: from.value(), to: to.value(), scenario: ui.scenario.value, profile: profile() };
  const modes = checkedModes();
  if (modes.length < 3) req.modes = modes;
  const avoid = avoided();
  if (avoid.length) req.avoid = avoid;
  return req;
}

function writeHash() {
  const h = new URLSearchParams();
  if (from.value()) h.set('from', from.value());
  if (to.value()) h.set('to', to.value());
  h.set('scenario', ui.scenario.value);
  if (ui.compare.checked) h.set('compare', ui.base.value);
  if (profile() !== 'teu') h.set('profile', profile());
  if (avoided().length) h.set('avoid', avoided().join(','));
  if (checkedModes().length < 3) h.set('modes', checkedModes().join(','));
  if (ui.critical.checked) h.set('crit', '1');
  history.replaceState(null, '', `#${h}`);
}

function maybeRun() {
  if (from.value() && to.value()) run();
}

async function run() {
  const req = request();
  if (!req.from || !req.to) {
    showMessage('Choose a place to start from and a destination.');
    return;
  }
  if (req.modes && req.modes.length === 0) {
    showMessage('Allow at least one mode.');
    return;
  }
  const seq = ++state.seq;
  clearMessage();
  setState('busy');
  ui.go.disabled = true;
  writeHash();
  try {
    if (ui.compare.checked) {
      const base = ui.base.value;
      const cmpReq = { base, scenario: req.scenario, pairs: [[req.from, req.to]], profile: req.profile };
      if (req.modes) cmpReq.modes = req.modes;
      if (req.avoid) cmpReq.avoid = req.avoid;
      const noRoute = (e) => { if (e.code === 'no_route') return null; throw e; };
      const [cmp, baseGeo, scenGeo] = await Promise.all([
        api.compare(cmpReq),
        api.routeGeojson({ ...req, scenario: base }).catch(noRoute),
        api.routeGeojson(req).catch(noRoute),
      ]);
      if (seq !== state.seq) return;
      renderCompare(ui.result, cmp);
      map.clearRoutes();
      let bounds = null;
      if (baseGeo) bounds = map.showRoute(baseGeo, 'base');
      if (scenGeo) {
        const b = map.showRoute(scenGeo, 'scenario');
        bounds = bounds ? bounds.extend(b) : b;
      }
      map.fit(bounds);
      if (!baseGeo && !scenGeo) showMessage('No route under either scenario with these constraints.');
    } else {
      const [route, geo] = await Promise.all([api.route(req), api.routeGeojson(req)]);
      if (seq !== state.seq) return;
      renderRoute(ui.result, route);
      map.clearRoutes();
      map.fit(map.showRoute(geo, 'scenario'));
    }
    state.routed = true;
    setState('routed');
  } catch (e) {
    if (seq !== state.seq) return;
    map.clearRoutes();
    ui.result.replaceChildren();
    state.routed = false;
    showMessage(e.message, e.suggestions);
    setState('error');
  } finally {
    if (seq === state.seq) ui.go.disabled = false;
  }
}

async function loadNetwork(fit = false) {
  const seq = ++state.networkSeq;
  const scenario = ui.scenario.value;
  const s = state.scenarios.find((x) => x.name === scenario);
  ui.scenarioDescription.textContent = s ? `${s.description} (year ${s.year})` : '';
  try {
    const net = await api.network(scenario);
    if (seq === state.networkSeq) map.showNetwork(net, { fit });
  } catch (e) {
    showMessage(`Cannot load the network: ${e.message}`);
  }
}

// The criticality layer of the selected scenario and profile (POST /api/critical), drawn over the
// network once the network is loaded.
async function loadCritical() {
  const seq = ++state.critSeq;
  if (!ui.critical.checked) {
    map.clearCritical();
    ui.criticalPanel.replaceChildren();
    document.body.dataset.critical = 'off';
    return;
  }
  document.body.dataset.critical = 'loading';
  try {
    const crit = await api.critical({ scenario: ui.scenario.value, profile: profile() });
    if (seq !== state.critSeq) return;
    map.showCritical(crit);
    renderCritical(ui.criticalPanel, crit);
    document.body.dataset.critical = 'shown';
  } catch (e) {
    if (seq !== state.critSeq) return;
    map.clearCritical();
    ui.criticalPanel.replaceChildren();
    showMessage(`Cannot compute criticality: ${e.message}`, e.suggestions);
    document.body.dataset.critical = 'error';
  }
}

// Select-link: the OD pairs whose assigned path uses the clicked link (POST /api/select-link).
async function selectLink(id) {
  const seq = ++state.slSeq;
  document.body.dataset.selectLink = 'loading';
  try {
    const sl = await api.selectLink({ link: id, scenario: ui.scenario.value, profile: profile() });
    if (seq !== state.slSeq) return;
    renderSelectLink(ui.selectLink, sl);
    ui.selectLink.scrollIntoView({ block: 'nearest' });
    document.body.dataset.selectLink = 'shown';
  } catch (e) {
    if (seq !== state.slSeq) return;
    ui.selectLink.replaceChildren();
    showMessage(`Select-link: ${e.message}`, e.suggestions);
    document.body.dataset.selectLink = 'error';
  }
}

function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function chip(type, name, value, label, checked) {
  const l = document.createElement('label');
  const i = document.createElement('input');
  i.type = type;
  i.name = name;
  i.value = value;
  i.checked = checked;
  l.append(i, ` ${label}`);
  return l;
}

async function init() {
  setState('loading');
  const hash = new URLSearchParams(location.hash.slice(1));
  let health;
  try {
    [health, state.scenarios] = await Promise.all([api.health(), api.scenarios()]);
  } catch (e) {
    showMessage(`Cannot reach the corridor API: ${e.message}`);
    setState('error');
    return;
  }
  const ds = health.dataset;
  ui.dataset.textContent = `data: ${ds.name} · ${ds.nodes} places, ${ds.links} links, ${ds.border_links} border crossings · base year ${ds.base_year}`;

  for (const p of ds.profiles) {
    const c = chip('radio', 'profile', p.name, p.name, p.name === (hash.get('profile') || 'teu'));
    c.title = `${p.description} (value of time $${p.value_of_time}/h)`;
    ui.profiles.append(c);
  }
  const avoidFromHash = new Set((hash.get('avoid') || '').split(',').filter(Boolean));
  for (const c of ds.countries) ui.avoid.append(chip('checkbox', 'avoid', c, c, avoidFromHash.has(c)));

  const names = state.scenarios.map((s) => s.name);
  const order = ['baseline', ...names.filter((n) => n !== 'baseline')].filter((n) => names.includes(n));
  for (const n of order) {
    ui.scenario.append(option(n, n));
    ui.base.append(option(n, n));
  }
  ui.scenario.value = names.includes(hash.get('scenario')) ? hash.get('scenario') : 'baseline';
  ui.base.value = names.includes(hash.get('compare')) ? hash.get('compare') : 'baseline';
  ui.compare.checked = hash.has('compare');
  map.setAvoided([...avoidFromHash]);
  if (hash.has('modes')) {
    const modesFromHash = new Set(hash.get('modes').split(',').filter(Boolean));
    for (const i of ui.modes.querySelectorAll('input')) i.checked = modesFromHash.has(i.value);
  }

  ui.critical.checked = hash.get('crit') === '1';
  document.body.dataset.critical = 'off';
  map.onLinkClick = (p) => selectLink(p.id);
  ui.scenario.addEventListener('change', () => {
    ui.selectLink.replaceChildren();
    loadNetwork().then(loadCritical);
    if (state.routed) run();
    else writeHash();
  });
  ui.critical.addEventListener('change', () => {
    writeHash();
    loadCritical();
  });
  const rerun = () => { if (state.routed) run(); };
  ui.base.addEventListener('change', () => { if (ui.compare.checked) rerun(); });
  ui.compare.addEventListener('change', rerun);
  ui.profiles.addEventListener('change', () => {
    rerun();
    if (ui.critical.checked) loadCritical();
  });
  ui.modes.addEventListener('change', rerun);
  ui.avoid.addEventListener('change', () => {
    map.setAvoided(avoided());
    rerun();
  });
  ui.go.addEventListener('click', run);
  ui.swap.addEventListener('click', () => {
    const a = { name: $('from').value, id: $('from').dataset.id };
    const b = { name: $('to').value, id: $('to').dataset.id };
    from.set(b.id ? b : null);
    to.set(a.id ? a : null);
    if (!b.id) $('from').value = b.name;
    if (!a.id) $('to').value = a.name;
    rerun();
  });

  // Country outlines are optional decoration: without them (vendor/ not installed) the network
  // still draws.
  const outlines = map.loadCountries('vendor/world-atlas/countries-50m.json', ds.countries).catch(() =>
    showMessage('Country outlines are missing (run `npm ci` in web/ to install vendor/).'));
  await Promise.all([outlines, loadNetwork(true)]);
  if (ui.critical.checked) await loadCritical();

  const fromHash = hash.get('from');
  const toHash = hash.get('to');
  if (fromHash && toHash) {
    const [a, b] = await Promise.all([api.places(fromHash, 1), api.places(toHash, 1)]).catch(() => [[], []]);
    from.set(a[0]?.id === fromHash ? a[0] : { id: fromHash, name: fromHash });
    to.set(b[0]?.id === toHash ? b[0] : { id: toHash, name: toHash });
    await run();
  } else {
    setState('ready');
  }
}

init();
