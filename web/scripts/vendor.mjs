// Copies the offline third-party assets from node_modules/ into vendor/ (which is .gitignored):
// Leaflet's dist (JS, CSS, marker images), topojson-client's UMD build and Natural Earth country
// outlines (world-atlas countries-50m.json). Run by `npm install` (postinstall) or `npm run vendor`.
import { cpSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const nm = join(web, 'node_modules');
const vendor = join(web, 'vendor');

const copies = [
  ['leaflet/dist/leaflet.js', 'leaflet/leaflet.js'],
  ['leaflet/dist/leaflet.css', 'leaflet/leaflet.css'],
  ['leaflet/dist/images', 'leaflet/images'],
  ['leaflet/LICENSE', 'leaflet/LICENSE'],
  ['topojson-client/dist/topojson-client.min.js', 'topojson-client/topojson-client.min.js'],
  ['topojson-client/LICENSE', 'topojson-client/LICENSE'],
  ['world-atlas/countries-50m.json', 'world-atlas/countries-50m.json'],
  ['world-atlas/LICENSE', 'world-atlas/LICENSE'],
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of copies) {
  const src = join(nm, from);
  if (!existsSync(src)) {
    console.error(`vendor: missing ${src} (run npm ci in web/)`);
    process.exit(1);
  }
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  cpSync(src, join(vendor, to), { recursive: true });
}
console.log(`vendor: copied ${copies.length} items into ${vendor}`);
