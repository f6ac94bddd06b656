// One object: identity, tier, latest elements, and its element history plotted over epoch
// (apogee/perigee altitude, inclination, mean motion).
import { get } from '../api.js';
import { plot } from '../plot.js';
import { esc, fmt, unixS } from '../util.js';

const LATEST = [
  ['EPOCH', null], ['MEAN_MOTION', 8], ['ECCENTRICITY', 7], ['INCLINATION', 4],
  ['RA_OF_ASC_NODE', 4], ['ARG_OF_PERICENTER', 4], ['MEAN_ANOMALY', 4], ['BSTAR', null],
  ['MEAN_MOTION_DOT', null], ['MEAN_MOTION_DDOT', null], ['ELEMENT_SET_NO', null],
  ['REV_AT_EPOCH', null], ['PERIOD_MIN', 3], ['APOAPSIS_KM', 1], ['PERIAPSIS_KM', 1],
  ['SOURCE', null], ['INGESTED', null],
];

export async function render(app, route) {
  const id = route.arg;
  const [o, hist] = await Promise.all([
    get(`objects/${encodeURIComponent(id)}`),
    get(`objects/${encodeURIComponent(id)}/elements`, { limit: 100000 }),
  ]);
  const latest = hist[hist.length - 1] ?? {};
  app.innerHTML = `
    <section class="object-page">
      <h2>${esc(o.OBJECT_NAME)} <span class="muted">NORAD ${o.NORAD_CAT_ID}</span></h2>
      <div class="cols">
        <table class="kv" id="identity">
          <tr><th>COSPAR</th><td>${esc(o.OBJECT_ID)}</td></tr>
          <tr><th>Type</th><td>${esc(o.OBJECT_TYPE)}</td></tr>
          <tr><th>Owner</th><td>${esc(o.OWNER)}</td></tr>
          <tr><th>Tier</th><td data-field="tier">${esc(o.TIER)}</td></tr>
          <tr><th>Element sets</th><td data-field="element_sets">${o.ELEMENT_SETS}</td></tr>
          <tr><th>Globe</th><td><a href="#/globe?sel=${o.NORAD_CAT_ID}">orbit on the globe</a></td></tr>
        </table>
        <table class="kv" id="latest">
          <caption>Latest elements</caption>
          ${LATEST.map(([k, d]) => `<tr><th>${k}</th><td>${esc(d === null ? latest[k] : fmt(latest[k], d))}</td></tr>`).join('')}
        </table>
      </div>
      <p class="muted" id="history-count">${hist.length} element sets from ${esc(hist[0]?.EPOCH)} to ${esc(latest.EPOCH)}</p>
      <div id="alt-plot" class="plot"></div>
      <div id="inc-plot" class="plot"></div>
      <div id="mm-plot" class="plot"></div>
    </section>`;
  // The history is oldest first; uPlot needs ascending x, so order by epoch to be sure.
  const h = [...hist].sort((a, b) => unixS(a.EPOCH) - unixS(b.EPOCH));
  const x = h.map((s) => unixS(s.EPOCH));
  plot(app.querySelector('#alt-plot'), 'altitude', {
    title: 'Apogee and perigee altitude', x, xLabel: 'epoch (UTC)', yLabel: 'km',
    series: [
      { label: 'apogee km', values: h.map((s) => s.APOAPSIS_KM), colour: '#d5533a' },
      { label: 'perigee km', values: h.map((s) => s.PERIAPSIS_KM), colour: '#3a7bd5' },
    ],
  });
  plot(app.querySelector('#inc-plot'), 'inclination', {
    title: 'Inclination', x, xLabel: 'epoch (UTC)', yLabel: 'deg',
    series: [{ label: 'inclination deg', values: h.map((s) => s.INCLINATION), colour: '#2a9d5c' }],
  });
  plot(app.querySelector('#mm-plot'), 'mean_motion', {
    title: 'Mean motion', x, xLabel: 'epoch (UTC)', yLabel: 'rev/day',
    series: [{ label: 'mean motion rev/day', values: h.map((s) => s.MEAN_MOTION), colour: '#8a4fd5' }],
  });
}
