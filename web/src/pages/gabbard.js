// A Gabbard diagram of one COSPAR launch group: apogee and perigee altitude against period,
// one point pair per object (Gabbard & Portner's plot of fragmentation debris clouds).
import { get } from '../api.js';
import { plot } from '../plot.js';
import { esc } from '../util.js';

export async function render(app, route) {
  const cospar = (route.arg || route.query.get('cospar') || '').trim().toUpperCase();
  app.innerHTML = `
    <section>
      <h2>Gabbard diagram</h2>
      <form id="gabbard-form" class="filters">
        <label>COSPAR launch <input name="cospar" size="12" placeholder="1982-092" value="${esc(cospar)}" /></label>
        <button type="submit">Plot</button>
      </form>
      <p id="gabbard-count" class="muted"></p>
      <div id="gabbard-plot" class="plot"></div>
    </section>`;
  app.querySelector('#gabbard-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = ev.target.elements.cospar.value.trim();
    if (v) location.hash = `#/gabbard/${encodeURIComponent(v)}`;
  });
  if (!cospar) return;
  if (!/^\d{4}-\d{3}[A-Z]*$/.test(cospar)) {
    throw new Error(`“${cospar}” is not a COSPAR launch designator (YYYY-NNN, e.g. 1982-092)`);
  }
  const objects = await get('objects', { cospar, limit: 50000, orderby: 'NORAD_CAT_ID' });
  const pts = objects
    .filter((o) => o.PERIOD_MIN !== null && o.PERIOD_MIN !== undefined)
    .sort((a, b) => a.PERIOD_MIN - b.PERIOD_MIN);
  app.querySelector('#gabbard-count').textContent =
    `${pts.length} objects of launch ${cospar}` +
    (objects.length > pts.length ? ` (${objects.length - pts.length} without elements)` : '');
  app.querySelector('#gabbard-count').dataset.count = String(pts.length);
  plot(app.querySelector('#gabbard-plot'), 'gabbard', {
    title: `Gabbard diagram, ${cospar}`,
    x: pts.map((o) => o.PERIOD_MIN), xLabel: 'period min', yLabel: 'altitude km', time: false, points: true,
    series: [
      { label: 'apogee km', values: pts.map((o) => o.APOAPSIS_KM), colour: '#d5533a' },
      { label: 'perigee km', values: pts.map((o) => o.PERIAPSIS_KM), colour: '#3a7bd5' },
    ],
  });
}
