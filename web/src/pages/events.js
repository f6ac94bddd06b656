// The conjunction table: `/api/v1/events` with its filters and server-side ordering.
import { get } from '../api.js';
import { esc, fmt, fmtPc } from '../util.js';

// Sortable columns: table header → the API's `orderby` key.
const SORTS = { tca: 'tca', pc: 'pc', miss: 'miss_km' };
const FILTERS = ['asset', 'min_pc', 'max_miss_km', 'from', 'to', 'status'];

/** The query of `/api/v1/events` from the page's hash query. */
export function eventsQuery(q) {
  const out = { orderby: q.get('orderby') ?? '-pc', limit: q.get('limit') ?? 500 };
  for (const f of FILTERS) if (q.get(f)) out[f] = q.get(f);
  return out;
}

export async function render(app, route) {
  const q = route.query;
  const query = eventsQuery(q);
  app.innerHTML = `
    <section>
      <h2>Conjunctions</h2>
      <form id="event-filters" class="filters">
        <label>Asset <input name="asset" size="7" placeholder="NORAD id" /></label>
        <label>Min Pc <input name="min_pc" size="8" placeholder="1e-6" /></label>
        <label>Max miss km <input name="max_miss_km" size="6" /></label>
        <label>TCA from <input name="from" size="22" placeholder="2022-01-22T00:00:00Z" /></label>
        <label>to <input name="to" size="22" /></label>
        <label>Status <select name="status"><option value="">any</option><option>open</option>
          <option>acknowledged</option><option>closed</option></select></label>
        <button type="submit">Filter</button>
      </form>
      <p id="event-count" class="muted"></p>
      <table id="events" class="data">
        <thead><tr>
          <th>#</th><th>Primary</th><th>Secondary</th>
          <th data-sort="tca">TCA (UTC)</th><th data-sort="miss">Miss km</th>
          <th>Speed km/s</th><th>R km</th><th>I km</th><th>C km</th>
          <th data-sort="pc">Pc</th><th>Method</th><th>Status</th>
        </tr></thead>
        <tbody></tbody>
      </table>
    </section>`;
  const form = app.querySelector('#event-filters');
  for (const f of FILTERS) if (q.get(f)) form.elements[f].value = q.get(f);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const f of FILTERS) {
      const v = form.elements[f].value.trim();
      if (v) p.set(f, v);
    }
    if (q.get('orderby')) p.set('orderby', q.get('orderby'));
    location.hash = `#/events?${p}`;
  });

  // A header click orders by that column; a second click reverses it.
  const [key, desc] = query.orderby.startsWith('-') ? [query.orderby.slice(1), true] : [query.orderby, false];
  for (const th of app.querySelectorAll('th[data-sort]')) {
    const k = SORTS[th.dataset.sort];
    if (k === key) th.classList.add(desc ? 'desc' : 'asc');
    th.addEventListener('click', () => {
      const p = new URLSearchParams(q);
      // Pc is most useful highest first; TCA and miss smallest first.
      const first = k === 'pc' ? `-${k}` : k;
      const next = key === k ? (desc ? k : `-${k}`) : first;
      p.set('orderby', next);
      location.hash = `#/events?${p}`;
    });
  }

  const rows = await get('events', query);
  app.querySelector('#event-count').textContent =
    `${rows.length} event${rows.length === 1 ? '' : 's'}${rows.length >= Number(query.limit) ? ` (first ${query.limit})` : ''}`;
  app.querySelector('#events tbody').innerHTML = rows.map((e) => `
    <tr data-id="${e.id}">
      <td><a href="#/event/${e.id}">${e.id}</a></td>
      <td><a href="#/object/${e.primary_id}">${esc(e.primary_name)}</a> <span class="muted">${e.primary_id}</span></td>
      <td><a href="#/object/${e.secondary_id}">${esc(e.secondary_name)}</a> <span class="muted">${e.secondary_id}</span></td>
      <td data-col="tca">${esc(e.tca)}</td>
      <td data-col="miss_km" class="num">${fmt(e.miss_km)}</td>
      <td class="num">${fmt(e.rel_speed_km_s)}</td>
      <td class="num">${fmt(e.radial_km)}</td>
      <td class="num">${fmt(e.intrack_km)}</td>
      <td class="num">${fmt(e.crosstrack_km)}</td>
      <td data-col="pc" data-value="${e.pc ?? ''}" class="num">${fmtPc(e.pc)}</td>
      <td>${esc(e.pc_method)}</td>
      <td>${esc(e.status)}</td>
    </tr>`).join('');
}
