// The globe: the catalog as points by object type at a chosen time, orbits of selected
// objects, and a chosen conjunction's two trajectories around TCA. CesiumJS with its bundled
// Natural Earth II imagery only: no Ion, no Bing, no terrain server, no geocoder.
import { get } from '../api.js';
import { esc, fmt, fmtPc, iso, ms } from '../util.js';

const Cesium = window.Cesium;

// Object types as the API names them (OMM OBJECT_TYPE), with their point colours.
export const TYPES = [
  ['PAYLOAD', '#37d67a', 'payload'],
  ['ROCKET BODY', '#ffb020', 'rocket body'],
  ['DEBRIS', '#ff4d6d', 'debris'],
  ['UNKNOWN', '#b9a7ff', 'unknown'],
];
const typeIndex = new Map(TYPES.map(([t], i) => [t, i]));

let viewer = null;

/** The newest element-set epoch in the store: the default display time (the catalog may be old). */
async function newestEpoch() {
  const [o] = await get('objects', { orderby: '-EPOCH', limit: 1 });
  if (!o) return Date.now();
  return Math.floor(ms(o.EPOCH) / 60000) * 60000;
}

function makeViewer(container) {
  // No Ion: an empty token keeps Cesium from asking for one and from its default layers.
  Cesium.Ion.defaultAccessToken = '';
  const v = new Cesium.Viewer(container, {
    baseLayer: Cesium.ImageryLayer.fromProviderAsync(
      Cesium.TileMapServiceImageryProvider.fromUrl(
        Cesium.buildModuleUrl('Assets/Textures/NaturalEarthII'),
      ),
    ),
    baseLayerPicker: false,
    geocoder: false,
    homeButton: true,
    sceneModePicker: false,
    navigationHelpButton: false,
    animation: false,
    timeline: false,
    fullscreenButton: false,
    infoBox: false,
    selectionIndicator: false,
    // The terrain is the ellipsoid (no terrain server).
    terrainProvider: new Cesium.EllipsoidTerrainProvider(),
    contextOptions: { webgl: { preserveDrawingBuffer: true } },
    // Draw only when something changes (camera, data): the scene is static between user
    // actions, and continuous redraws of ~24k points load a software-rendered browser.
    requestRenderMode: true,
    maximumRenderTimeChange: Infinity,
  });
  v.scene.globe.enableLighting = false;
  v.scene.skyAtmosphere.show = true;
  v.clock.shouldAnimate = false;
  v.camera.setView({ destination: Cesium.Cartesian3.fromDegrees(10, 20, 2.6e7) });
  return v;
}

/** km → Cesium Cartesian3 in metres. */
function cart(p) {
  return new Cesium.Cartesian3(p[0] * 1000, p[1] * 1000, p[2] * 1000);
}

/** TEME positions (km) as fixed-frame points at `when`: the orbit as it lies over the Earth at that
 *  instant. TEME → pseudo-fixed is the rotation by GMST (Vallado et al. 2006, "Revisiting Spacetrack
 *  Report #3", AIAA 2006-6753, sec. on TEME), which Cesium provides; polar motion (~10 m) is left out. */
function temeToFixed(points, when) {
  const m = Cesium.Transforms.computeTemeToPseudoFixedMatrix(when);
  return points.map((p) => Cesium.Matrix3.multiplyByVector(m, cart(p.position_km), new Cesium.Cartesian3()));
}

function julian(t) {
  return Cesium.JulianDate.fromDate(new Date(t));
}

export async function render(app, route) {
  const q = route.query;
  app.innerHTML = `
    <section class="globe-page">
      <div class="globe-side">
        <form id="globe-form">
          <label>Time (UTC) <input name="at" size="24" placeholder="newest epoch" /></label>
          <label>Orbits of <input name="sel" size="16" placeholder="NORAD ids, comma" /></label>
          <button type="submit">Show</button>
        </form>
        <div id="globe-status" class="muted">Loading states…</div>
        <table id="legend" class="legend"></table>
        <div id="picked" class="picked"></div>
        <div id="encounter"></div>
      </div>
      <div id="globe" class="globe"></div>
    </section>`;
  const form = app.querySelector('#globe-form');
  const status = app.querySelector('#globe-status');

  let event = null;
  if (q.get('event')) {
    event = await get(`events/${encodeURIComponent(q.get('event'))}`);
  }
  const at = q.get('at') ? ms(q.get('at')) : event ? ms(event.tca) : await newestEpoch();
  if (Number.isNaN(at)) throw new Error(`bad time “${q.get('at')}”: give UTC ISO-8601, e.g. 2022-01-22T00:00:00Z`);
  form.elements.at.value = iso(at);
  form.elements.sel.value = q.get('sel') ?? '';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (form.elements.at.value.trim()) p.set('at', form.elements.at.value.trim());
    if (form.elements.sel.value.trim()) p.set('sel', form.elements.sel.value.replace(/\s/g, ''));
    if (event) p.set('event', String(event.id));
    location.hash = `#/globe?${p}`;
  });

  // This render's viewer: a later route (leave()) destroys it, and this render then stops.
  const v = makeViewer(app.querySelector('#globe'));
  viewer = v;
  const gone = () => viewer !== v || v.isDestroyed();
  const when = julian(at);
  v.clock.currentTime = when;
  window.uitkijkGlobe = { viewer: v, ready: false };

  const states = await get('states', { at: iso(at), frame: 'itrf' });
  if (gone()) return;
  const points = v.scene.primitives.add(new Cesium.PointPrimitiveCollection());
  const counts = TYPES.map(() => 0);
  const colours = TYPES.map(([, c]) => Cesium.Color.fromCssColorString(c));
  for (const o of states.objects) {
    const i = typeIndex.get(o.OBJECT_TYPE) ?? typeIndex.get('UNKNOWN');
    counts[i] += 1;
    points.add({
      position: cart(o.position_km),
      color: colours[i],
      pixelSize: 3,
      id: { norad: o.NORAD_CAT_ID, type: o.OBJECT_TYPE },
    });
  }
  status.textContent = `${states.objects.length} objects at ${states.epoch}` +
    (states.failed.length ? ` (${states.failed.length} not propagated)` : '');
  app.querySelector('#legend').innerHTML = TYPES.map(
    ([t, c, label], i) => `<tr data-type="${esc(t)}"><td><span class="swatch" style="background:${c}"></span></td>
      <td>${label}</td><td class="num">${counts[i]}</td></tr>`,
  ).join('');

  // Click a point → its name and a link to its object page.
  const picked = app.querySelector('#picked');
  const handler = new Cesium.ScreenSpaceEventHandler(v.scene.canvas);
  handler.setInputAction(async (click) => {
    const hit = v.scene.pick(click.position);
    const id = hit?.id?.norad;
    if (id === undefined) return;
    picked.innerHTML = `<p>NORAD ${id}…</p>`;
    try {
      const o = await get(`objects/${id}`);
      picked.innerHTML = `<p><b>${esc(o.OBJECT_NAME)}</b> (${esc(o.OBJECT_ID)}, ${esc(o.OBJECT_TYPE)})<br>
        <a href="#/object/${id}">object page</a> · <a href="#" data-orbit="${id}">show orbit</a></p>`;
      picked.querySelector('[data-orbit]').addEventListener('click', (ev) => {
        ev.preventDefault();
        const sel = new Set(form.elements.sel.value.split(',').filter(Boolean));
        sel.add(String(id));
        form.elements.sel.value = [...sel].join(',');
        form.requestSubmit();
      });
    } catch (e) {
      picked.innerHTML = `<p class="error">${esc(e.message)}</p>`;
    }
  }, Cesium.ScreenSpaceEventType.LEFT_CLICK);

  // Orbits of the selected objects: ±1 period around the display time.
  const lines = v.scene.primitives.add(new Cesium.PolylineCollection());
  const sel = (q.get('sel') ?? '').split(',').filter((s) => /^\d+$/.test(s));
  const orbitErrors = [];
  for (const id of sel) {
    // One object that cannot be propagated (e.g. decayed: 422) leaves the others drawn.
    try {
      const o = await get(`objects/${id}`);
      const period_s = (o.PERIOD_MIN ?? 100) * 60;
      const span_s = Math.min(period_s, 5 * 86400);
      const step_s = Math.max(1, Math.round((2 * span_s) / 720));
      const tr = await get(`objects/${id}/trajectory`, {
        start: iso(at - span_s * 1000), end: iso(at + span_s * 1000), step_s, frame: 'teme',
      });
      if (gone()) return;
      lines.add({ positions: temeToFixed(tr.points, when), width: 2, material: Cesium.Material.fromType('Color', { color: Cesium.Color.CYAN }) });
    } catch (e) {
      orbitErrors.push(`orbit of ${id}: ${e.message}`);
    }
  }
  if (orbitErrors.length) {
    app.querySelector('#picked').insertAdjacentHTML('beforebegin', `<p class="error">${orbitErrors.map(esc).join('<br>')}</p>`);
  }

  const marks = event ? await showEncounter(app, v, event, lines, at) : null;
  if (gone()) return;

  // Ready once the imagery tiles are in and a frame is drawn with them.
  await new Promise((resolve) => {
    const check = () => {
      if (v.scene.globe.tilesLoaded) {
        v.scene.postRender.removeEventListener(check);
        resolve();
      }
    };
    v.scene.postRender.addEventListener(check);
    v.scene.requestRender();
  });
  v.scene.requestRender();
  window.uitkijkGlobe = { viewer: v, points, lines, marks, counts, states, ready: true };
}

/** The conjunction: both trajectories ±15 min around TCA and the two TCA points. */
async function showEncounter(app, v, event, lines, at) {
  const tca = ms(event.tca);
  const when = julian(at);
  const span = { start: iso(tca - 15 * 60000), end: iso(tca + 15 * 60000), step_s: 10, frame: 'teme' };
  const marks = v.scene.primitives.add(new Cesium.PointPrimitiveCollection());
  const colours = [Cesium.Color.YELLOW, Cesium.Color.MAGENTA];
  const ids = [event.primary_id, event.secondary_id];
  for (let k = 0; k < 2; k++) {
    const tr = await get(`objects/${ids[k]}/trajectory`, span);
    if (v.isDestroyed()) return marks;
    lines.add({ positions: temeToFixed(tr.points, when), width: 2.5, material: Cesium.Material.fromType('Color', { color: colours[k] }) });
    const atTca = await get(`objects/${ids[k]}/state`, { at: event.tca, frame: 'teme' });
    if (v.isDestroyed()) return marks;
    const [p] = temeToFixed([atTca], when);
    marks.add({ position: p, color: colours[k], pixelSize: 9, outlineColor: Cesium.Color.BLACK, outlineWidth: 1 });
  }
  app.querySelector('#encounter').innerHTML = `<h3>Conjunction <a href="#/event/${event.id}">#${event.id}</a></h3>
    <p><span class="swatch" style="background:yellow"></span> ${esc(event.primary_name)} (${event.primary_id})<br>
    <span class="swatch" style="background:magenta"></span> ${esc(event.secondary_name)} (${event.secondary_id})<br>
    TCA ${esc(event.tca)}<br>miss ${fmt(event.miss_km)} km · Pc ${fmtPc(event.pc)}</p>`;
  const c = marks.get(0)?.position;
  if (!c) return marks;
  const carto = Cesium.Cartographic.fromCartesian(c);
  v.camera.setView({
    destination: Cesium.Cartesian3.fromRadians(carto.longitude, carto.latitude, carto.height + 8e6),
  });
  return marks;
}

export function leave() {
  if (viewer && !viewer.isDestroyed()) viewer.destroy();
  viewer = null;
  window.uitkijkGlobe = null;
}
