// The result panels: a route's totals and legs, and a compare row (base vs scenario with deltas).
// Built with DOM nodes (never innerHTML with data), with data-testid hooks for the browser tests.
import { num, signed, hours, usd, MODE_COLORS } from './format.js';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function swatch(mode) {
  const color = MODE_COLORS[mode];
  return color ? el('span', { class: 'swatch', style: `background:${color}` }) : null;
}

function totals(total, prefix) {
  const cell = (key, value, label) =>
    el('div', {}, el('span', { class: 'v', 'data-testid': `${prefix}-${key}` }, value), el('span', { class: 'k' }, label));
  return el('div', { class: 'totals', 'data-testid': `${prefix}-totals` },
    cell('km', num(total.km, 0), 'km'),
    cell('hours', num(total.hours, 1), 'hours'),
    cell('usd', usd(total.usd), 'USD / unit'),
    cell('borders', num(total.borders, 0), 'borders'));
}

function legLabel(leg) {
  if (leg.mode === 'transfer') return `transfer ${leg.from_mode} → ${leg.to_mode}`;
  if (leg.mode === 'gauge_change') return `gauge change ${leg.from_gauge} → ${leg.to_gauge} mm`;
  return leg.mode;
}

function legsTable(legs) {
  const head = el('tr', {}, el('th', {}, 'leg'), el('th', {}, 'from → to'), el('th', { class: 'n' }, 'km'),
    el('th', { class: 'n' }, 'h'), el('th', { class: 'n' }, 'USD'));
  const rows = legs.map((leg) => {
    const cls = leg.border ? 'border' : leg.mode === 'transfer' || leg.mode === 'gauge_change' ? 'transfer' : null;
    const where = leg.from === leg.to ? leg.from_name : `${leg.from_name} → ${leg.to_name}`;
    return el('tr', { class: cls, 'data-testid': 'leg' },
      el('td', {}, swatch(leg.mode), legLabel(leg), leg.border ? ' · border' : ''),
      el('td', {}, where),
      el('td', { class: 'n' }, num(leg.km, 0)),
      el('td', { class: 'n' }, num(leg.hours, 1)),
      el('td', { class: 'n' }, num(leg.usd, 0)));
  });
  return el('table', { class: 'legs', 'data-testid': 'legs' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

export function renderRoute(container, route) {
  container.replaceChildren(
    el('h2', { 'data-testid': 'route-title' }, `${route.from.name} → ${route.to.name}`),
    el('div', { class: 'muted small' },
      'scenario ', el('b', { 'data-testid': 'route-scenario' }, route.scenario),
      ` · profile ${route.profile} · year ${route.year} · generalized cost `, el('b', {}, usd(route.total.cost))),
    totals(route.total, 'route'),
    el('div', { class: 'countries' }, 'Countries: ', route.countries.join(' → ')),
    legsTable(route.legs),
  );
}

function deltaCell(v, decimals, testid) {
  const cls = v < 0 ? 'delta neg' : v > 0 ? 'delta pos' : 'delta';
  return el('td', { class: `n ${cls}`, 'data-testid': testid }, signed(v, decimals));
}

// One compare pair (api/compare "pairs"[i]) with the scenario route's legs below.
export function renderCompare(container, cmp) {
  const row = cmp.pairs[0];
  const b = row.base, s = row.scenario, d = row.delta;
  const line = (label, r, testid) => el('tr', { 'data-testid': testid },
    el('th', {}, label),
    el('td', { class: 'n' }, r ? num(r.total.km, 0) : '—'),
    el('td', { class: 'n' }, r ? hours(r.total.hours) : 'no route'),
    el('td', { class: 'n' }, r ? usd(r.total.usd) : '—'),
    el('td', { class: 'n' }, r ? num(r.total.borders, 0) : '—'));
  const table = el('table', { 'data-testid': 'compare-table' },
    el('thead', {}, el('tr', {}, el('th', {}, ''), el('th', { class: 'n' }, 'km'), el('th', { class: 'n' }, 'time'),
      el('th', { class: 'n' }, 'USD'), el('th', { class: 'n' }, 'borders'))),
    el('tbody', {},
      line(cmp.base, b, 'compare-base'),
      line(cmp.scenario, s, 'compare-scenario'),
      d ? el('tr', { 'data-testid': 'compare-delta' }, el('th', {}, 'Δ'),
        deltaCell(d.km, 0, 'delta-km'), deltaCell(d.hours, 1, 'delta-hours'),
        deltaCell(d.usd, 0, 'delta-usd'), deltaCell(d.borders, 0, 'delta-borders')) : null));
  container.replaceChildren(
    el('h2', { 'data-testid': 'route-title' }, `${row.from.name} → ${row.to.name}`),
    el('div', { class: 'muted small' }, 'compare ', el('b', {}, cmp.base), ' (dashed blue) with ',
      el('b', { 'data-testid': 'route-scenario' }, cmp.scenario), ` (magenta) · profile ${cmp.profile}`),
    table,
  );
  if (s) {
    container.append(totals(s.total, 'route'),
      el('div', { class: 'countries' }, `${cmp.scenario}: `, s.countries.join(' → ')),
      legsTable(s.legs));
  }
  if (b) {
    container.append(el('h2', {}, `${cmp.base} legs`),
      el('div', { class: 'countries' }, `${cmp.base}: `, b.countries.join(' → ')), legsTable(b.legs));
  }
}

// The criticality ranking (api/critical "links"), the first `top` rows.
export function renderCritical(container, crit, top = 10) {
  const rows = crit.links.slice(0, top).map((r) => el('tr', { 'data-testid': 'crit-row', class: r.connected ? null : 'strand' },
    el('td', { class: 'n' }, r.rank),
    el('td', {}, swatch(r.mode), r.name || r.id, r.border ? ' · border' : ''),
    el('td', { class: 'n', 'data-testid': 'crit-delta' }, usd(r.delta_cost_usd_per_day)),
    el('td', { class: 'n' }, r.connected ? '—' : num(r.unserved_units_per_day, 1))));
  container.replaceChildren(
    el('h2', {}, `Most critical links · ${crit.scenario}`),
    el('div', { class: 'muted small' },
      `Δ generalized cost per day if the link is lost (${crit.candidates} links, year ${crit.year}, profile ${crit.profile}, demand ${crit.demand_file}, fixed all-or-nothing paths; base ${usd(crit.base.cost_usd_per_day)}/day).`),
    el('table', { 'data-testid': 'crit-table' },
      el('thead', {}, el('tr', {}, el('th', { class: 'n' }, '#'), el('th', {}, 'link'),
        el('th', { class: 'n' }, 'Δ USD/day'), el('th', { class: 'n' }, 'stranded'))),
      el('tbody', {}, ...rows)));
}

// Select-link (api/select-link): the OD pairs whose assigned path uses the link, with volumes
// that sum to the link's volume.
export function renderSelectLink(container, sl) {
  const rows = sl.ods.map((o) => el('tr', { 'data-testid': 'sl-row' },
    el('td', {}, `${o.origin} → ${o.destination}`),
    el('td', {}, o.corridor),
    el('td', { class: 'n', 'data-testid': 'sl-units' }, num(o.units_per_day, 2)),
    el('td', { class: 'n' }, num(o.tonnes_per_day, 0))));
  const sumUnits = sl.ods.reduce((a, o) => a + o.units_per_day, 0);
  const sumTonnes = sl.ods.reduce((a, o) => a + o.tonnes_per_day, 0);
  container.replaceChildren(
    el('h2', { 'data-testid': 'sl-title' }, `Who uses ${sl.name || sl.link}`),
    el('div', { class: 'muted small' },
      `select-link on ${sl.scenario} (year ${sl.year}, profile ${sl.profile}, demand ${sl.demand_file}): `,
      el('b', { 'data-testid': 'sl-total' }, `${num(sl.link_units_per_day, 2)} ${sl.profile}/day`),
      `, ${num(sl.link_tonnes_per_day, 0)} t/day, ${sl.ods.length} OD pair${sl.ods.length === 1 ? '' : 's'}`),
    sl.ods.length
      ? el('table', { 'data-testid': 'sl-table' },
        el('thead', {}, el('tr', {}, el('th', {}, 'OD pair'), el('th', {}, 'corridor'),
          el('th', { class: 'n' }, `${sl.profile}/day`), el('th', { class: 'n' }, 't/day'))),
        el('tbody', {}, ...rows),
        el('tfoot', {}, el('tr', { 'data-testid': 'sl-sum' }, el('th', {}, 'total'), el('th', {}, ''),
          el('th', { class: 'n' }, num(sumUnits, 2)), el('th', { class: 'n' }, num(sumTonnes, 0)))))
      : el('p', { class: 'muted small', 'data-testid': 'sl-empty' }, 'No OD pair of the demand is assigned to this link.'));
}
