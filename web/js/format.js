// Number and label formatting shared by the panels and popups (pure functions).

export function num(v, decimals = 0) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return Number(v).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

export function signed(v, decimals = 0) {
  if (v === null || v === undefined) return '—';
  const s = num(Math.abs(v), decimals);
  if (Math.abs(v) < 0.5 * 10 ** -decimals) return num(0, decimals);
  return (v < 0 ? '−' : '+') + s;
}

// "1 d 7.5 h" for long durations, "7.5 h" otherwise.
export function hours(h) {
  if (h === null || h === undefined) return '—';
  if (h >= 48) return `${Math.floor(h / 24)} d ${num(h % 24, 1)} h`;
  return `${num(h, 1)} h`;
}

export function usd(v) {
  return v === null || v === undefined ? '—' : `$${num(v, 0)}`;
}

export const MODE_COLORS = {
  rail: 'var(--rail)',
  road: 'var(--road)',
  ferry: 'var(--ferry)',
};

// Literal colours for Leaflet (SVG attributes cannot use CSS variables in every browser).
export const MODE_HEX = { rail: '#7b2d8e', road: '#d9771e', ferry: '#1f78b4' };
export const CLOSED_HEX = '#8a8a8a';

// Dash pattern per link status: operating solid, construction dashed, planned dotted,
// closed long-dashed and grey.
export const STATUS_DASH = {
  operating: null,
  construction: '10 6',
  planned: '2 6',
  closed: '12 8',
};

// Criticality classes (ColorBrewer YlOrRd, light to dark): five equal intervals of Δ cost up to the
// largest, as in the HTML report of `corridor critical --report`. Removals that leave demand with
// no path are drawn dashed in STRAND_HEX.
export const CRIT_HEX = ['#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'];
export const STRAND_HEX = '#54278f';

// Class 0..4 of a Δ cost d > 0 given the largest one.
export function critClass(d, max) {
  if (!(max > 0)) return 0;
  return Math.min(4, Math.max(0, Math.ceil((d / max) * 5) - 1));
}

// Line width of a Δ cost: 2 px up to 9 px for the largest.
export function critWeight(d, max) {
  return max > 0 ? 2 + (7 * Math.max(0, d)) / max : 2;
}
