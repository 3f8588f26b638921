// Derives data/caucasus/outlines.geojson (country outlines for maps and reports) from Natural
// Earth 1:50m admin-0 countries (public domain) in the world-atlas npm package, clipped to the
// region and rounded to 0.02° (~2 km). Run after `npm ci` in web/:
//   node tools/make_outlines.mjs > data/caucasus/outlines.geojson
import { createRequire } from 'module';
const require = createRequire(new URL('../web/', import.meta.url));
const topojson = require('topojson-client');
const world = require('world-atlas/countries-50m.json');

const BOX = { w: 26, e: 58, s: 34, n: 47.5 };
const round = (v) => Math.round(v * 50) / 50;

// Sutherland–Hodgman clipping of one ring against the box.
function clip(ring) {
  const edges = [
    (p) => p[0] >= BOX.w, (p) => p[0] <= BOX.e, (p) => p[1] >= BOX.s, (p) => p[1] <= BOX.n,
  ];
  const cut = [
    (a, b) => [BOX.w, a[1] + (b[1] - a[1]) * (BOX.w - a[0]) / (b[0] - a[0])],
    (a, b) => [BOX.e, a[1] + (b[1] - a[1]) * (BOX.e - a[0]) / (b[0] - a[0])],
    (a, b) => [a[0] + (b[0] - a[0]) * (BOX.s - a[1]) / (b[1] - a[1]), BOX.s],
    (a, b) => [a[0] + (b[0] - a[0]) * (BOX.n - a[1]) / (b[1] - a[1]), BOX.n],
  ];
  let out = ring;
  for (let k = 0; k < 4; k++) {
    const inp = out;
    out = [];
    for (let i = 0; i < inp.length; i++) {
      const a = inp[(i + inp.length - 1) % inp.length], b = inp[i];
      const ina = edges[k](a), inb = edges[k](b);
      if (inb) { if (!ina) out.push(cut[k](a, b)); out.push(b); }
      else if (ina) out.push(cut[k](a, b));
    }
    if (out.length === 0) break;
  }
  const r = [];
  for (const p of out) {
    const q = [round(p[0]), round(p[1])];
    if (!r.length || r[r.length - 1][0] !== q[0] || r[r.length - 1][1] !== q[1]) r.push(q);
  }
  if (r.length >= 3) r.push(r[0]);
  return r.length >= 4 ? r : null;
}

const fc = topojson.feature(world, world.objects.countries);
const features = [];
for (const f of fc.features) {
  if (!f.geometry) continue;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const kept = [];
  for (const poly of polys) {
    const rings = poly.map((ring) => clip(ring.slice(0, -1))).filter(Boolean);
    if (rings.length) kept.push(rings);
  }
  if (!kept.length) continue;
  features.push({ type: 'Feature', properties: { name: f.properties.name, id: f.id },
                  geometry: { type: 'MultiPolygon', coordinates: kept } });
}
features.sort((a, b) => a.properties.name.localeCompare(b.properties.name));
process.stdout.write(JSON.stringify({
  type: 'FeatureCollection',
  properties: { source: 'Natural Earth 1:50m admin-0 countries (public domain) via world-atlas 2.0.2; clipped and rounded by tools/make_outlines.mjs' },
  features,
}) + '\n');
