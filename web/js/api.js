// Thin client of the corridor HTTP API (docs/http-api.md). Every call resolves to parsed JSON or
// rejects with an ApiError carrying the server's {"error":{"code","message","details"}}.

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || 'http_error';
    this.details = error?.details || [];
    this.suggestions = error?.suggestions || [];
  }
}

async function call(path, options = {}) {
  let res;
  try {
    res = await fetch(path, { headers: { 'Accept': 'application/json' }, ...options });
  } catch (e) {
    throw new ApiError(0, { code: 'unreachable', message: `cannot reach the corridor server (${e.message})` });
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new ApiError(res.status, body?.error);
  return body;
}

function post(path, payload, signal) {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
    body: JSON.stringify(payload),
    signal,
  });
}

export const api = {
  health: () => call('api/health'),
  scenarios: () => call('api/scenarios'),
  network: (scenario) => call(`api/network?scenario=${encodeURIComponent(scenario)}`),
  places: (q, limit = 8, signal) =>
    call(`api/places?q=${encodeURIComponent(q)}&limit=${limit}`, { signal }),
  route: (req, signal) => post('api/route', req, signal),
  routeGeojson: (req, signal) => post('api/route?format=geojson', req, signal),
  compare: (req, signal) => post('api/compare', req, signal),
  critical: (req, signal) => post('api/critical', req, signal),
  selectLink: (req, signal) => post('api/select-link', req, signal),
};
