// The Leaflet map: Natural Earth country outlines (no tile server), the network coloured by mode
// and styled by status, border crossings as markers, and route overlays. Uses the globals L
// (Leaflet) and topojson (topojson-client), loaded as classic scripts from vendor/.
import { MODE_HEX, CLOSED_HEX, STATUS_DASH, CRIT_HEX, STRAND_HEX, critClass, critWeight, num } from './format.js';

const L = window.L;

// ISO 3166-1 numeric (world-atlas feature ids) -> alpha-2, for the countries the dataset uses
// and their neighbours.
const ISO_NUMERIC = {
  '031': 'AZ', '051': 'AM', '268': 'GE', '792': 'TR', '364': 'IR', '398': 'KZ', '795': 'TM',
  '643': 'RU', '860': 'UZ', '004': 'AF', '368': 'IQ', '760': 'SY', '156': 'CN', '417': 'KG',
  '762': 'TJ', '804': 'UA', '100': 'BG', '300': 'GR', '642': 'RO',
};

const NODE_RADIUS = { city: 5, port: 5, station: 3.5, terminal: 3.5, junction: 2.5, border_post: 0 };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
}

function linkStyle(p) {
  const closed = p.status === 'closed' && !p.open;
  return {
    color: closed ? CLOSED_HEX : MODE_HEX[p.mode] || '#444',
    weight: p.mode === 'road' ? 2.2 : 3,
    opacity: p.open ? 0.9 : 0.55,
    dashArray: STATUS_DASH[p.status] || null,
    lineCap: p.status === 'planned' ? 'round' : 'butt',
    className: `net-link mode-${p.mode} status-${p.status}${p.open ? ' open' : ''}`,
  };
}

// Popup with every attribute of a link and its source.
function linkPopup(p) {
  const rows = [
    ['id', p.id],
    ['mode', `${p.mode}${p.link_type === 'border' ? ' (border crossing)' : ''}`],
    ['status', `${p.status}${p.status_year ? ` (${p.status_year})` : ''}${p.open ? ', open' : ', not open'} in this scenario`],
    ['from → to', `${p.from} → ${p.to}${p.directed ? ' (one way)' : ''}`],
    ['length', `${num(p.length_km, 1)} km`],
    ['time', `${num(p.hours, 2)} h${p.dwell_hours ? ` incl. ${num(p.dwell_hours, 1)} h dwell` : ''}`],
  ];
  if (p.fee_usd) rows.push(['fee', `$${num(p.fee_usd, 0)} per TEU`]);
  if (p.gauge_mm) rows.push(['gauge', `${p.gauge_mm.join(' / ')} mm`]);
  if (p.free_speed) rows.push(['speed', `${num(p.free_speed, 0)} km/h`]);
  if (p.capacity_tpd) rows.push(['capacity', `${num(p.capacity_tpd, 0)} t/day`]);
  if (p.countries) rows.push(['countries', p.countries.join(' – ')]);
  const table = el('table', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))));
  return el('div', { class: 'link-popup', 'data-testid': 'link-popup' },
    el('strong', {}, p.name || p.id), table,
    el('div', { class: 'source' }, el('b', {}, 'Source: '), p.source || '—'));
}

function nodePopup(p) {
  const rows = [['id', p.id], ['kind', p.node_type], ['country', p.country]];
  if (p.aliases?.length) rows.push(['aliases', p.aliases.join(', ')]);
  if (p.transfer_hours !== undefined) rows.push(['mode transfer', `${num(p.transfer_hours, 1)} h`]);
  if (p.gauge_change_hours !== undefined) rows.push(['gauge change', `${num(p.gauge_change_hours, 1)} h`]);
  return el('div', { class: 'link-popup' }, el('strong', {}, p.name),
    el('table', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))),
    el('div', { class: 'source' }, el('b', {}, 'Source: '), p.source || '—'));
}

function borderIcon(status, open) {
  const cls = `border-marker status-${status}${open ? ' open' : ''}`;
  const fill = open ? '#ffffff' : status === 'closed' ? '#c9c9c9' : '#fff3d6';
  const stroke = open ? '#1d2430' : status === 'closed' ? '#777' : '#b7791f';
  return L.divIcon({
    className: cls,
    iconSize: [14, 14],
    iconAnchor: [7, 7],
    html: `<svg width="14" height="14" viewBox="0 0 14 14"><rect x="3" y="3" width="8" height="8" transform="rotate(45 7 7)" fill="${fill}" stroke="${stroke}" stroke-width="1.6"/></svg>`,
  });
}

function midpoint(coords) {
  if (coords.length === 2) return [(coords[0][1] + coords[1][1]) / 2, (coords[0][0] + coords[1][0]) / 2];
  const c = coords[Math.floor(coords.length / 2)];
  return [c[1], c[0]];
}

function legend() {
  const ctl = L.control({ position: 'bottomright' });
  ctl.onAdd = () => {
    const line = (color, dash, label, width = 3) => {
      const svg = `<svg width="34" height="10"><line x1="1" y1="5" x2="33" y2="5" stroke="${color}" stroke-width="${width}" ${dash ? `stroke-dasharray="${dash}"` : ''}/></svg>`;
      const d = el('div');
      d.innerHTML = svg;
      d.append(label);
      return d;
    };
    const div = el('div', { class: 'legend', 'data-testid': 'legend' });
    div.append(el('b', {}, 'Mode'));
    div.append(line(MODE_HEX.rail, null, 'rail'), line(MODE_HEX.road, null, 'road', 2.2), line(MODE_HEX.ferry, null, 'ferry'));
    div.append(el('b', {}, 'Status'));
    div.append(line('#444', null, 'operating'), line('#444', STATUS_DASH.construction, 'construction'),
      line('#444', STATUS_DASH.planned, 'planned'), line(CLOSED_HEX, STATUS_DASH.closed, 'closed'));
    const b = el('div');
    b.innerHTML = '<svg width="34" height="14"><rect x="13" y="3" width="8" height="8" transform="rotate(45 17 7)" fill="#fff" stroke="#1d2430" stroke-width="1.6"/></svg>';
    b.append('border crossing');
    div.append(el('b', {}, 'Route'), line('#e6007e', null, 'scenario route', 5), line('#2b4c7e', '8 6', 'base route (compare)', 4), b);
    return div;
  };
  return ctl;
}

// Legend of the criticality layer: the five Δ-cost classes with their ranges, and stranding.
function critLegend(max) {
  const ctl = L.control({ position: 'bottomright' });
  ctl.onAdd = () => {
    const div = el('div', { class: 'legend crit-legend', 'data-testid': 'crit-legend' });
    div.append(el('b', {}, 'Δ cost if lost, USD/day'));
    for (let i = 4; i >= 0; i -= 1) {
      const d = el('div');
      const w = 2 + (7 * (i + 1)) / 5;
      d.innerHTML = `<svg width="34" height="12"><line x1="1" y1="6" x2="33" y2="6" stroke="${CRIT_HEX[i]}" stroke-width="${w}"/></svg>`;
      d.append(`${num((max * i) / 5, 0)} – ${num((max * (i + 1)) / 5, 0)}`);
      div.append(d);
    }
    const s = el('div');
    s.innerHTML = `<svg width="34" height="12"><line x1="1" y1="6" x2="33" y2="6" stroke="${STRAND_HEX}" stroke-width="3" stroke-dasharray="5 3"/></svg>`;
    s.append('strands demand (no path left)');
    div.append(s);
    return div;
  };
  return ctl;
}

export class CorridorMap {
  constructor(elementId) {
    this.map = L.map(elementId, { zoomSnap: 0.25, worldCopyJump: false, preferCanvas: false });
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>');
    this.map.attributionControl.addAttribution(
      'Country outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a> · Rail geometry: © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a> (ODbL)');
    this.map.createPane('countries').style.zIndex = 200;
    this.map.createPane('network').style.zIndex = 410;
    this.map.createPane('critical').style.zIndex = 430;
    this.map.createPane('routes').style.zIndex = 450;
    this.map.createPane('nodes').style.zIndex = 620;
    this.map.setView([40.5, 46.5], 6);
    legend().addTo(this.map);
    L.control.scale({ imperial: false }).addTo(this.map);
    this.countryLayer = null;
    this.region = new Set();
    this.avoided = new Set();
    this.networkLayer = L.layerGroup().addTo(this.map);
    this.routeLayer = L.layerGroup().addTo(this.map);
    this.criticalLayer = L.layerGroup().addTo(this.map);
    this.critLegend = null;
    this.linkFeatures = new Map();  // link id -> network GeoJSON feature
    this.networkBounds = null;
    this.onLinkClick = null;
  }

  async loadCountries(url, regionCountries = []) {
    const res = await fetch(url);
    const topo = await res.json();
    const geo = window.topojson.feature(topo, topo.objects.countries);
    this.region = new Set(regionCountries);
    this.countryLayer = L.geoJSON(geo, {
      pane: 'countries',
      interactive: false,
      style: (f) => this.countryStyle(f),
    }).addTo(this.map);
  }

  countryStyle(f) {
    const iso2 = ISO_NUMERIC[f.id];
    const inRegion = iso2 && this.region.has(iso2);
    const avoided = iso2 && this.avoided.has(iso2);
    return {
      color: '#8d99a6',
      weight: inRegion ? 1 : 0.6,
      fillColor: avoided ? '#f3b6b0' : inRegion ? '#fbfaf5' : '#ebe9e1',
      fillOpacity: 1,
      className: `country${iso2 ? ` country-${iso2}` : ''}${avoided ? ' avoided' : ''}`,
    };
  }

  setAvoided(codes) {
    this.avoided = new Set(codes);
    // setStyle does not touch className, so the 'avoided' class is toggled on the element.
    this.countryLayer?.eachLayer((layer) => {
      layer.setStyle(this.countryStyle(layer.feature));
      const iso2 = ISO_NUMERIC[layer.feature.id];
      layer.getElement()?.classList.toggle('avoided', Boolean(iso2 && this.avoided.has(iso2)));
    });
  }

  // Draws a network GeoJSON (api/network): links by mode/status, border crossings as diamond
  // markers, places as dots (cities and ports labelled).
  showNetwork(geojson, { fit = false } = {}) {
    this.networkLayer.clearLayers();
    const links = geojson.features.filter((f) => f.properties.kind === 'link');
    const nodes = geojson.features.filter((f) => f.properties.kind === 'node');
    this.linkFeatures = new Map(links.map((f) => [f.properties.id, f]));
    // Closed links underneath, open ones on top.
    links.sort((a, b) => Number(a.properties.open) - Number(b.properties.open));
    const linkLayer = L.geoJSON({ type: 'FeatureCollection', features: links }, {
      pane: 'network',
      style: (f) => linkStyle(f.properties),
      onEachFeature: (f, layer) => {
        layer.bindPopup(() => linkPopup(f.properties), { maxWidth: 380 });
        layer.bindTooltip(f.properties.name || f.properties.id, { sticky: true, direction: 'top' });
        layer.on('click', () => this.onLinkClick?.(f.properties));
      },
    });
    this.networkLayer.addLayer(linkLayer);
    for (const f of links) {
      const p = f.properties;
      if (!p.border) continue;
      const m = L.marker(midpoint(f.geometry.coordinates), {
        icon: borderIcon(p.status, p.open),
        pane: 'nodes',
        title: p.name || p.id,
        keyboard: false,
      });
      m.bindPopup(() => linkPopup(p), { maxWidth: 380 });
      m.on('click', () => this.onLinkClick?.(p));
      this.networkLayer.addLayer(m);
    }
    for (const f of nodes) {
      const p = f.properties;
      const r = NODE_RADIUS[p.node_type] ?? 3;
      if (!r) continue;
      const [lon, lat] = f.geometry.coordinates;
      const m = L.circleMarker([lat, lon], {
        pane: 'nodes',
        radius: r,
        color: '#1d2430',
        weight: 1.2,
        fillColor: p.node_type === 'port' ? '#bfe0f5' : '#ffffff',
        fillOpacity: 1,
        className: `net-node kind-${p.node_type}`,
      });
      m.bindPopup(() => nodePopup(p));
      if (p.node_type === 'city' || p.node_type === 'port') {
        m.bindTooltip(p.name, { permanent: true, direction: 'right', offset: [5, 0], className: 'place-label' });
      } else {
        m.bindTooltip(p.name, { direction: 'top' });
      }
      this.networkLayer.addLayer(m);
    }
    this.networkBounds = linkLayer.getBounds();
    if (fit && this.networkBounds.isValid()) this.map.fitBounds(this.networkBounds, { paddingTopLeft: [20, 20], paddingBottomRight: [190, 20], animate: false });
  }

  // Criticality layer (POST /api/critical): every ranked link whose loss costs something or strands
  // demand, drawn over the network from the network's own geometry, width and colour by Δ cost;
  // stranding links dashed purple. Returns the number of links drawn.
  showCritical(crit) {
    this.clearCritical();
    const rows = crit.links.filter((r) => r.delta_cost_usd_per_day > 0 || !r.connected);
    const max = Math.max(0, ...rows.map((r) => r.delta_cost_usd_per_day));
    // Smallest first, so the most critical lines are on top.
    rows.sort((a, b) => a.delta_cost_usd_per_day - b.delta_cost_usd_per_day || a.id.localeCompare(b.id));
    let drawn = 0;
    for (const r of rows) {
      const f = this.linkFeatures.get(r.id);
      if (!f) continue;
      const d = r.delta_cost_usd_per_day;
      const cls = critClass(d, max);
      const stranded = !r.connected;
      const layer = L.geoJSON(f, {
        pane: 'critical',
        style: () => ({
          color: stranded && !(d > 0) ? STRAND_HEX : CRIT_HEX[cls],
          weight: stranded && !(d > 0) ? 3.5 : critWeight(d, max),
          opacity: 0.95,
          dashArray: stranded ? '6 4' : null,
          lineCap: 'round',
          className: `crit-link crit-c${cls}${stranded ? ' crit-strand' : ''} crit-rank-${r.rank}`,
        }),
      });
      const label = `#${r.rank} ${r.name || r.id}: Δ $${num(d, 0)}/day` +
        (stranded ? `, ${num(r.unserved_units_per_day, 1)} units/day stranded` : '');
      layer.bindTooltip(label, { sticky: true, direction: 'top' });
      layer.on('click', () => this.onLinkClick?.(f.properties));
      this.criticalLayer.addLayer(layer);
      drawn += 1;
    }
    this.critLegend = critLegend(max).addTo(this.map);
    return drawn;
  }

  clearCritical() {
    this.criticalLayer.clearLayers();
    if (this.critLegend) this.critLegend.remove();
    this.critLegend = null;
  }

  clearRoutes() {
    this.routeLayer.clearLayers();
  }

  // Draws a route GeoJSON (api/route?format=geojson). kind: 'scenario' (solid magenta) or
  // 'base' (dashed blue, drawn under the scenario route in compare mode).
  showRoute(geojson, kind = 'scenario') {
    const color = kind === 'base' ? '#2b4c7e' : '#e6007e';
    const lines = geojson.features.filter((f) => f.geometry.type === 'LineString');
    const halo = L.geoJSON({ type: 'FeatureCollection', features: lines }, {
      pane: 'routes',
      interactive: false,
      style: () => ({ color: '#ffffff', weight: kind === 'base' ? 8 : 9, opacity: 0.85, className: 'route-halo' }),
    });
    const line = L.geoJSON({ type: 'FeatureCollection', features: lines }, {
      pane: 'routes',
      style: () => ({
        color,
        weight: kind === 'base' ? 4.5 : 5,
        opacity: 0.95,
        dashArray: kind === 'base' ? '8 6' : null,
        className: `route-line route-${kind}`,
      }),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        layer.bindTooltip(`${kind === 'base' ? 'base: ' : ''}${p.mode} ${p.from_name} → ${p.to_name}: ${num(p.km, 0)} km, ${num(p.hours, 1)} h, $${num(p.usd, 0)}`, { sticky: true });
      },
    });
    this.routeLayer.addLayer(halo);
    this.routeLayer.addLayer(line);
    return line.getBounds();
  }

  fit(bounds) {
    // No animation: the view is final when the app reports 'routed' (and screenshots are stable).
    if (bounds && bounds.isValid()) this.map.fitBounds(bounds, { paddingTopLeft: [40, 40], paddingBottomRight: [200, 40], maxZoom: 8, animate: false });
    // (the right padding keeps the route clear of the legend)
  }
}
