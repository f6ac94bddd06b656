// One conjunction event: the objects, TCA, miss and its RIC components (numbers and an R–I /
// R–C picture), range over time around TCA from the two trajectories, Pc over time from the
// screening runs, and the CDM (KVN and XML).
import { get, getText, post } from '../api.js';
import { plot } from '../plot.js';
import { esc, fmt, fmtPc, iso, ms, unixS } from '../util.js';

// Range samples: ±10 min around TCA every 2 s.
const HALF_SPAN_S = 600;
const STEP_S = 2;

/**
 * The closest approach in sampled relative motion: at each sample the straight-line
 * relative motion (Δr + Δv·t) has its minimum at t* = −Δr·Δv/|Δv|²; the sample nearest TCA
 * gives the miss to within the curvature over one step (metres at LEO speeds).
 */
export function closestApproach(t_s, dr, dv) {
  let best = null;
  for (let i = 0; i < t_s.length; i++) {
    const [r, v] = [dr[i], dv[i]];
    const vv = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
    const ts = vv > 0 ? -(r[0] * v[0] + r[1] * v[1] + r[2] * v[2]) / vv : 0;
    if (Math.abs(ts) > STEP_S) continue;
    const m = Math.hypot(r[0] + v[0] * ts, r[1] + v[1] * ts, r[2] + v[2] * ts);
    if (!best || m < best.miss_km) best = { miss_km: m, t_s: t_s[i] + ts };
  }
  return best;
}

/** An SVG of the miss vector's projections on the R–I and R–C planes (km, same scale). */
function ricPicture(r, i, c) {
  const size = 150;
  const half = size / 2 - 12;
  const extent = Math.max(Math.abs(r), Math.abs(i), Math.abs(c), 1e-6);
  const s = half / extent;
  const panel = (x0, hx, hy, vx, vy) => `
    <g transform="translate(${x0},0)">
      <rect x="0" y="0" width="${size}" height="${size}" class="ric-box" />
      <line x1="${size / 2}" y1="6" x2="${size / 2}" y2="${size - 6}" class="ric-axis" />
      <line x1="6" y1="${size / 2}" x2="${size - 6}" y2="${size / 2}" class="ric-axis" />
      <text x="${size - 10}" y="${size / 2 - 4}" class="ric-label">${hx}</text>
      <text x="${size / 2 + 4}" y="14" class="ric-label">${hy}</text>
      <circle cx="${size / 2}" cy="${size / 2}" r="4" class="ric-primary" />
      <line x1="${size / 2}" y1="${size / 2}" x2="${size / 2 + vx * s}" y2="${size / 2 - vy * s}" class="ric-miss" />
      <circle cx="${size / 2 + vx * s}" cy="${size / 2 - vy * s}" r="4" class="ric-secondary" />
    </g>`;
  return `<svg class="ric" width="${2 * size + 16}" height="${size}" viewBox="0 0 ${2 * size + 16} ${size}"
      role="img" aria-label="miss vector in the R–I and R–C planes">
    ${panel(0, 'I', 'R', i, r)}${panel(size + 16, 'C', 'R', c, r)}</svg>
    <p class="muted">Secondary relative to primary at TCA; both panels to the same scale (${fmt(extent)} km to the edge).</p>`;
}

/** A link that downloads `text` as `name` (the CDM is fetched with the token, so not a plain href). */
function download(a, text, name, type) {
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
}

export async function render(app, route) {
  const id = route.arg;
  const e = await get(`events/${encodeURIComponent(id)}`);
  app.innerHTML = `
    <section class="event-page">
      <h2>Conjunction #${e.id}: ${esc(e.primary_name)} × ${esc(e.secondary_name)}</h2>
      <div class="cols">
        <table class="kv" id="event-facts">
          <tr><th>Primary</th><td><a href="#/object/${e.primary_id}">${esc(e.primary_name)}</a> (${e.primary_id})</td></tr>
          <tr><th>Secondary</th><td><a href="#/object/${e.secondary_id}">${esc(e.secondary_name)}</a> (${e.secondary_id})</td></tr>
          <tr><th>TCA (UTC)</th><td data-field="tca">${esc(e.tca)}</td></tr>
          <tr><th>Miss</th><td data-field="miss_km">${fmt(e.miss_km)} km</td></tr>
          <tr><th>Relative speed</th><td data-field="rel_speed_km_s">${fmt(e.rel_speed_km_s)} km/s</td></tr>
          <tr><th>Radial / in-track / cross-track</th><td data-field="ric">${fmt(e.radial_km)} / ${fmt(e.intrack_km)} / ${fmt(e.crosstrack_km)} km</td></tr>
          <tr><th>Pc (${esc(e.pc_method)})</th><td data-field="pc">${fmtPc(e.pc)}</td></tr>
          <tr><th>Max Pc</th><td>${fmtPc(e.max_pc)}</td></tr>
          <tr><th>Status</th><td data-field="status">${esc(e.status)}</td></tr>
          <tr><th>Trajectory min range</th><td data-field="min_range_km" id="min-range">…</td></tr>
        </table>
        <div>${ricPicture(e.radial_km ?? 0, e.intrack_km ?? 0, e.crosstrack_km ?? 0)}
          <p><a href="#/globe?event=${e.id}">Show the encounter on the globe</a></p>
          <form id="status-form" class="filters" title="analysts and admins">
            <label>Status <select name="status">${['open', 'acknowledged', 'closed']
              .map((s) => `<option${s === e.status ? ' selected' : ''}>${s}</option>`).join('')}</select></label>
            <label>Note <input name="note" size="24" /></label>
            <button type="submit">Set</button> <span id="status-msg"></span>
          </form></div>
      </div>
      <div id="range-plot" class="plot"></div>
      <div id="pc-plot" class="plot"></div>
      <h3>CDM</h3>
      <p id="cdm-links"></p>
      <pre id="cdm" class="cdm"></pre>
    </section>`;

  app.querySelector('#status-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = ev.target.elements;
    const msg = app.querySelector('#status-msg');
    try {
      const updated = await post(`events/${e.id}/status`, { status: f.status.value, note: f.note.value });
      app.querySelector('[data-field=status]').textContent = updated.status;
      msg.textContent = 'saved';
      msg.className = 'muted';
    } catch (err) {
      msg.textContent = err.message;
      msg.className = 'error';
    }
  });

  // Range over time from the two trajectories (GCRF), and its minimum.
  const tca = ms(e.tca);
  const span = { start: iso(tca - HALF_SPAN_S * 1000), end: iso(tca + HALF_SPAN_S * 1000), step_s: STEP_S, frame: 'gcrf' };
  const [a, b] = await Promise.all([
    get(`objects/${e.primary_id}/trajectory`, span),
    get(`objects/${e.secondary_id}/trajectory`, span),
  ]);
  const n = Math.min(a.points.length, b.points.length);
  const t = [];
  const range = [];
  const dr = [];
  const dv = [];
  for (let k = 0; k < n; k++) {
    const [p, q] = [a.points[k], b.points[k]];
    const r = [0, 1, 2].map((j) => q.position_km[j] - p.position_km[j]);
    dr.push(r);
    dv.push([0, 1, 2].map((j) => q.velocity_km_s[j] - p.velocity_km_s[j]));
    t.push(unixS(p.epoch));
    range.push(Math.hypot(...r));
  }
  const ca = closestApproach(t, dr, dv);
  app.querySelector('#min-range').textContent = ca ? `${fmt(ca.miss_km)} km at ${iso(ca.t_s * 1000)}` : '—';
  app.querySelector('#min-range').dataset.value = ca ? String(ca.miss_km) : '';
  plot(app.querySelector('#range-plot'), 'range', {
    title: 'Range between the two objects around TCA',
    x: t, xLabel: 'UTC', yLabel: 'range km',
    series: [{ label: 'range km', values: range, colour: '#3a7bd5' }],
  });

  // Pc over the screening runs that saw this event.
  const hist = [...(e.pc_history ?? [])].sort((x, y) => ms(x.computed) - ms(y.computed));
  plot(app.querySelector('#pc-plot'), 'pc', {
    title: 'Pc by screening run',
    x: hist.map((h) => unixS(h.computed)), xLabel: 'computed (UTC)', yLabel: 'Pc',
    // Pc 0 cannot sit on a log axis: leave it out of the drawing.
    series: [{ label: 'Pc', values: hist.map((h) => (h.pc > 0 ? h.pc : null)), colour: '#d5533a' }],
    points: true, log: hist.some((h) => h.pc > 0),
  });

  const links = app.querySelector('#cdm-links');
  if (!e.has_cdm) {
    links.textContent = 'No CDM stored for this event.';
    return;
  }
  const [kvn, xml] = await Promise.all([
    getText(`events/${e.id}/cdm`, { format: 'kvn' }),
    getText(`events/${e.id}/cdm`, { format: 'xml' }),
  ]);
  app.querySelector('#cdm').textContent = kvn;
  links.innerHTML = `Download <a id="cdm-kvn">KVN</a> · <a id="cdm-xml">XML</a>`;
  download(links.querySelector('#cdm-kvn'), kvn, `event-${e.id}.cdm`, 'text/plain');
  download(links.querySelector('#cdm-xml'), xml, `event-${e.id}.cdm.xml`, 'application/xml');
}
