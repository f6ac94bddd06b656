// Browser tests of the UI: a fixture store built with the real `uitkijk` binary from the
// repository's real data, `uitkijk serve` on loopback, and headless Debian Chromium driven by
// playwright-core loading every page. Checks against independent expectations (the input files
// parsed here, the API's own answers for the same query), blocks and records every request to a
// non-local host, fails on any page or console error, and saves a screenshot of every page to
// test-results/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { elementSets, readText } from './catalog.mjs';
import { runUnit } from './unit.mjs';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(web, '..');
const results = join(web, 'test-results');
const CATALOG = join(repo, 'data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz');
// A real element-set history for the object page: Sentinel-3A (NORAD 41335), 2017-2018.
const HISTORY = join(repo, 'crates/sda/tests/data/maneuver/Sentinel-3A.tle.gz');
const HISTORY_ID = 41335;
// The Cosmos 1408 launch (destroyed by an ASAT test on 2021-11-15): its debris cloud is both
// the Gabbard page's group and the screened subset (dense, so it has close approaches).
const GROUP = '1982-092';
const SCREEN_START = '2022-01-22T00:00:00Z';
const started = Date.now();

const failures = [];
let passed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`  ok   ${name}`);
  } else {
    failures.push(`${name}${detail ? `: ${detail}` : ''}`);
    console.log(`  FAIL ${name}${detail ? `: ${detail}` : ''}`);
  }
}

function binary() {
  if (process.env.UITKIJK_BIN) return resolve(process.env.UITKIJK_BIN);
  const target = process.env.CARGO_TARGET_DIR ? resolve(repo, process.env.CARGO_TARGET_DIR) : join(repo, 'target');
  const bin = join(target, 'debug', 'uitkijk');
  if (!existsSync(bin)) {
    // The test profile (opt-level 2, shared with `cargo test`): screening in a plain debug
    // build is ~25 times slower.
    console.log(`building ${bin} (cargo build -p uitkijk --profile test)…`);
    const r = spawnSync('cargo', ['build', '-p', 'uitkijk', '--profile', 'test'], { cwd: repo, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('cargo build -p uitkijk --profile test failed');
  }
  return bin;
}

function run(bin, args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`uitkijk ${args.join(' ')} → exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** The fixture store: the bundled catalog, one real history, two screening runs, a token. */
function fixture(bin, dir) {
  const db = `sqlite://${join(dir, 'uitkijk.db')}`;
  run(bin, ['ingest', '--db', db, CATALOG, HISTORY]);
  // The screened subset: the launch group's element sets, cut from the catalog here.
  const text = readText(CATALOG).split(/\r?\n/);
  const subset = [];
  for (let i = 0; i + 2 < text.length; i++) {
    if (text[i].startsWith('0 ') && text[i + 1].slice(9, 14) === GROUP.slice(2).replace('-', '')) {
      subset.push(text[i], text[i + 1], text[i + 2]);
    }
  }
  const subsetPath = join(dir, 'group.3le');
  writeFileSync(subsetPath, `${subset.join('\n')}\n`);
  // Two runs that overlap by half a day: events seen twice get a two-entry Pc history.
  run(bin, ['screen', '--db', db, '--start', SCREEN_START, '--days', '1', '-o', join(dir, 'run1.csv'), subsetPath]);
  run(bin, ['screen', '--db', db, '--start', '2022-01-22T12:00:00Z', '--days', '1', '-o', join(dir, 'run2.csv'), subsetPath]);
  const token = run(bin, ['token', 'issue', '--db', db, '--name', 'web-test', '--role', 'analyst', '--tier', 'national']).trim();
  // Sentinel-3A made national: a public-tier partner must not see it anywhere in the UI.
  run(bin, ['tier', '--db', db, '--ids', String(HISTORY_ID), '--tier', 'national']);
  const publicToken = run(bin, ['token', 'issue', '--db', db, '--name', 'web-public', '--role', 'partner', '--tier', 'public', '--partner', 'test-partner']).trim();
  return { db, token, publicToken };
}

/** `uitkijk serve` on a free loopback port; resolves with its base URL from the `listening on` line. */
function serve(bin, db) {
  const proc = spawn(bin, ['serve', '--db', db, '--bind', '127.0.0.1:0', '--web-dir', join(web, 'dist')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveBase, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" from uitkijk serve in 30 s:\n${seen}`)), 30000);
    const onData = (chunk) => {
      seen += chunk;
      const m = /listening on\s+(?:http:\/\/)?([\w.-]+:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolveBase({ proc, base: `http://${m[1]}` });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`uitkijk serve exited (${code}):\n${seen}`));
    });
  });
}

const LAUNCH_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // WebGL without a GPU: ANGLE on SwiftShader (software).
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
];

async function main() {
  if (!existsSync(join(web, 'dist', 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
  mkdirSync(results, { recursive: true });
  const unit = runUnit();
  check('the test\'s TLE reader reads 2000 random element sets back', unit.length === 0, unit.join('\n'));
  const bin = binary();
  const dir = mkdtempSync(join(tmpdir(), 'uitkijk-web-'));
  let server = null;
  let browser = null;
  try {
    const t0 = Date.now();
    const { db, token, publicToken } = fixture(bin, dir);
    console.log(`fixture store in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    server = await serve(bin, db);
    console.log(`server at ${server.base}`);
    const api = async (path, query = {}) => {
      const u = new URL(`/api/v1/${path}`, server.base);
      for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
      const r = await fetch(u, { headers: { Authorization: `Bearer ${token}` } });
      if (!r.ok) throw new Error(`${u} → ${r.status} ${await r.text()}`);
      return (r.headers.get('content-type') ?? '').includes('json') ? r.json() : r.text();
    };

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: LAUNCH_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const offsite = [];
    const errors = [];
    const local = new URL(server.base).host;
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.protocol === 'data:' || u.protocol === 'blob:' || u.host === local) return route.continue();
      offsite.push(u.href);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => {
      // Aborted: a request the page itself cancelled (e.g. tiles of a globe it left).
      const why = r.failure()?.errorText ?? '';
      if (!offsite.includes(r.url()) && !why.includes('ERR_ABORTED')) errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    });

    const ctx = { page, api, base: server.base, token };
    for (const t of [tokenBox, globePage, eventsPage, eventPage, globeEvent, objectPage, gabbardPage]) {
      const s = Date.now();
      console.log(`${t.name}`);
      try {
        await t(ctx);
      } catch (e) {
        check(`${t.name} ran`, false, e.stack ?? String(e));
        await page.screenshot({ path: join(results, `${t.name}-failed.png`) }).catch(() => {});
      }
      console.log(`  (${((Date.now() - s) / 1000).toFixed(1)} s)`);
    }
    console.log('publicTier');
    await publicTier(context, server.base, publicToken);
    check('no request to a non-local host', offsite.length === 0, offsite.join(', '));
    check('no page or console error', errors.length === 0, errors.join('\n    '));
  } finally {
    if (browser) await browser.close();
    if (server) server.proc.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True in the page once the current hash is rendered and contains `part`. */
const READY = (part) => location.hash.includes(part) && document.getElementById('app').dataset.route === location.hash &&
  document.getElementById('app').dataset.state === 'ready';

/** Waits until the router reports the page rendered (or failed). */
async function loaded(page, hash, timeout = 60000) {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await page.waitForFunction(
    (h) => window.location.hash === h && document.getElementById('app').dataset.route === h &&
      ['ready', 'error'].includes(document.getElementById('app').dataset.state),
    hash,
    { timeout },
  );
  const state = await page.$eval('#app', (a) => a.dataset.state);
  if (state !== 'ready') throw new Error(`${hash}: ${await page.$eval('#app', (a) => a.innerText)}`);
}

async function tokenBox({ page, base, token }) {
  await page.goto(`${base}/#/events`);
  await page.waitForFunction(() => document.getElementById('app').dataset.state === 'token');
  check('without a token the page asks for one', true);
  await page.fill('#token', token);
  await page.click('#token-form button');
  await page.waitForFunction(() => document.getElementById('whoami').textContent.includes('analyst'));
  const who = await page.textContent('#whoami');
  check('the token box signs in (whoami shown)', who.includes('web-test') && who.includes('national'), who);
}

/**
 * Pixel statistics of two screenshots of the globe canvas, decoded and counted in the browser
 * (moving megapixels through the driver is slow): in `bare` (points hidden) the lit, ocean and
 * land pixels; between `full` and `bare` the pixels that differ.
 */
async function imageStats(page, full, bare) {
  return page.evaluate(async ([fullB64, bareB64]) => {
    const decode = async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, img.width, img.height);
    };
    const f = await decode(fullB64);
    const b = await decode(bareB64);
    const s = { total: b.width * b.height, lit: 0, ocean: 0, land: 0, changed: 0 };
    for (let i = 0; i < b.data.length; i += 4) {
      const [r, g, bl] = [b.data[i], b.data[i + 1], b.data[i + 2]];
      if (r + g + bl > 30) s.lit += 1;
      // Natural Earth II: blue oceans, green/brown/white land.
      if (bl > r + 25 && bl > g && bl > 50) s.ocean += 1;
      if ((g > bl + 10 && g > 50) || (r > bl + 20 && r > 80 && g > 60)) s.land += 1;
      const d = Math.abs(f.data[i] - r) + Math.abs(f.data[i + 1] - g) + Math.abs(f.data[i + 2] - bl);
      if (d > 60) s.changed += 1;
    }
    return s;
  }, [full.toString('base64'), bare.toString('base64')]);
}

/** Shows or hides the globe's points layer and waits for the frame drawn with that. */
async function showPoints(page, show) {
  await page.evaluate((on) => new Promise((done) => {
    const { viewer, points } = window.uitkijkGlobe;
    points.show = on;
    const drawn = () => {
      viewer.scene.postRender.removeEventListener(drawn);
      done();
    };
    viewer.scene.postRender.addEventListener(drawn);
    viewer.scene.requestRender();
  }), show);
}

async function globePage({ page, api }) {
  await loaded(page, '#/globe', 120000);
  await page.waitForFunction(() => window.uitkijkGlobe?.ready, null, { timeout: 120000 });
  const info = await page.evaluate(() => {
    const g = window.uitkijkGlobe;
    return { n: g.points.length, counts: g.counts, epoch: g.states.epoch, failed: g.states.failed.length };
  });
  // Independent: every object in the catalog and history files, less those SGP4 could not place.
  const ids = new Set([...elementSets(readText(CATALOG)), ...elementSets(readText(HISTORY))].map((s) => s.norad));
  check('globe: one point per object propagated', info.n + info.failed === ids.size, `${info.n} + ${info.failed} failed vs ${ids.size} in the files`);
  const legend = await page.$$eval('#legend tr', (rows) => rows.map((r) => [r.dataset.type, Number(r.cells[2].textContent)]));
  const states = await api('states', { at: info.epoch, frame: 'itrf' });
  const byType = {};
  for (const o of states.objects) byType[o.OBJECT_TYPE] = (byType[o.OBJECT_TYPE] ?? 0) + 1;
  check('globe: legend counts match /states by type', legend.every(([t, n]) => (byType[t] ?? 0) === n) && legend.reduce((a, [, n]) => a + n, 0) === states.objects.length,
    JSON.stringify({ legend, byType }));

  const canvas = page.locator('#globe canvas').first();
  const shot = await canvas.screenshot();
  await page.screenshot({ path: join(results, 'globe.png') });
  // The same view without the points layer.
  await showPoints(page, false);
  const bare = await canvas.screenshot();
  await showPoints(page, true);
  const px = await imageStats(page, shot, bare);
  console.log(`    canvas pixels: ${JSON.stringify(px)}`);
  check('globe: canvas not blank (points hidden)', px.lit > px.total * 0.08, JSON.stringify(px));
  check('globe: Earth imagery drawn (ocean and land, points hidden)', px.ocean > px.total * 0.03 && px.land > px.total * 0.01, JSON.stringify(px));
  check('globe: points layer drawn', px.changed > 2000, `${px.changed} pixels change with the points hidden`);

  // Click a point near the canvas centre → its name and a link to its object page.
  const target = await page.evaluate(() => {
    const { viewer, points } = window.uitkijkGlobe;
    const C = window.Cesium;
    const cam = viewer.camera.positionWC;
    const canvas = viewer.scene.canvas;
    let best = null;
    for (let i = 0; i < points.length; i++) {
      const p = points.get(i);
      // Facing the camera: not behind the Earth.
      if (C.Cartesian3.dot(p.position, C.Cartesian3.subtract(cam, p.position, new C.Cartesian3())) < 0) continue;
      const xy = C.SceneTransforms.worldToWindowCoordinates(viewer.scene, p.position);
      if (!xy) continue;
      const d = Math.hypot(xy.x - canvas.clientWidth / 2, xy.y - canvas.clientHeight / 2);
      if (!best || d < best.d) best = { d, x: xy.x, y: xy.y };
    }
    return best;
  });
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + target.x, box.y + target.y);
  await page.waitForSelector('#picked a[href^="#/object/"]', { timeout: 20000 });
  const picked = await page.$eval('#picked', (p) => ({ text: p.innerText, href: p.querySelector('a[href^="#/object/"]').getAttribute('href') }));
  const pickedId = Number(picked.href.split('/').pop());
  const o = await api(`objects/${pickedId}`);
  check('globe: clicking a point names it and links its object page', picked.text.includes(o.OBJECT_NAME), `${picked.text} vs ${o.OBJECT_NAME}`);
  await page.screenshot({ path: join(results, 'globe-picked.png') });

  // The orbit of Sentinel-3A: every point between its perigee and apogee radius from the file's
  // mean motion (Kepler's third law, μ = 398600.8 km³/s² of WGS-72 as SGP4 uses).
  await loaded(page, `#/globe?sel=${HISTORY_ID}`, 120000);
  await page.waitForFunction(() => window.uitkijkGlobe?.ready, null, { timeout: 120000 });
  const radii = await page.evaluate(() => {
    const l = window.uitkijkGlobe.lines.get(0);
    return l.positions.map((p) => window.Cesium.Cartesian3.magnitude(p) / 1000);
  });
  const last = elementSets(readText(CATALOG)).find((s) => s.norad === HISTORY_ID);
  const n = (last.mean_motion * 2 * Math.PI) / 86400;
  const a = Math.cbrt(398600.8 / (n * n));
  check('globe: selected orbit drawn around the Earth at its semi-major axis', radii.length > 100 && radii.every((r) => Math.abs(r - a) < 40),
    `${radii.length} points, radius ${Math.min(...radii).toFixed(1)}–${Math.max(...radii).toFixed(1)} km vs a = ${a.toFixed(1)} km`);
  await page.screenshot({ path: join(results, 'globe-orbit.png') });
}

async function eventsPage({ page, api }) {
  await loaded(page, '#/events');
  const expected = await api('events', { orderby: '-pc', limit: 500 });
  const rows = () => page.$$eval('#events tbody tr', (trs) => trs.map((tr) => ({
    id: Number(tr.dataset.id),
    pc: Number(tr.querySelector('[data-col=pc]').dataset.value),
    tca: tr.querySelector('[data-col=tca]').textContent,
    miss: Number(tr.querySelector('[data-col=miss_km]').textContent),
  })));
  let got = await rows();
  check('events: table rows are /api/v1/events (same ids, same order)', got.length > 0 && JSON.stringify(got.map((r) => r.id)) === JSON.stringify(expected.map((e) => e.id)),
    `${got.length} rows vs ${expected.length}`);
  await page.screenshot({ path: join(results, 'events.png'), fullPage: false });
  const sorted = (xs, cmp) => xs.every((x, i) => i === 0 || cmp(xs[i - 1], x) <= 0);

  // Sorting: a click on Pc reverses the default (highest first) to lowest first, and so on.
  await page.click('th[data-sort=pc]');
  await page.waitForFunction(READY, 'orderby=pc');
  got = await rows();
  check('events: sorting by Pc (ascending) really sorts', got.length === expected.length && sorted(got.map((r) => r.pc), (a, b) => a - b));
  await page.click('th[data-sort=pc]');
  await page.waitForFunction(READY, 'orderby=-pc');
  got = await rows();
  check('events: sorting by Pc (descending) really sorts', sorted(got.map((r) => r.pc), (a, b) => b - a));
  await page.click('th[data-sort=tca]');
  await page.waitForFunction(READY, 'orderby=tca');
  got = await rows();
  check('events: sorting by TCA really sorts', sorted(got.map((r) => Date.parse(r.tca)), (a, b) => a - b));
  await page.click('th[data-sort=miss]');
  await page.waitForFunction(READY, 'orderby=miss_km');
  got = await rows();
  check('events: sorting by miss really sorts', sorted(got.map((r) => r.miss), (a, b) => a - b));

  // Filters, checked against the unfiltered list filtered here.
  const pcs = expected.map((e) => e.pc).filter((p) => p > 0).sort((a, b) => b - a);
  const minPc = pcs[Math.min(9, pcs.length - 1)];
  const asset = expected[0].secondary_id;
  const tcas = expected.map((e) => Date.parse(e.tca)).sort((a, b) => a - b);
  // Bounds halfway between two events' TCAs (the API's times are rounded to the millisecond).
  const mid = (k) => new Date(Math.round((tcas[k - 1] + tcas[k]) / 2)).toISOString();
  const from = mid(Math.floor(tcas.length / 4));
  const to = mid(Math.floor((3 * tcas.length) / 4));
  await page.fill('input[name=min_pc]', String(minPc));
  await page.click('#event-filters button');
  await page.waitForFunction(READY, 'min_pc=');
  got = await rows();
  const wantPc = expected.filter((e) => e.pc >= minPc).map((e) => e.id).sort((a, b) => a - b);
  check('events: min Pc filter', JSON.stringify(got.map((r) => r.id).sort((a, b) => a - b)) === JSON.stringify(wantPc), `${got.length} vs ${wantPc.length}`);
  await page.fill('input[name=min_pc]', '');
  await page.fill('input[name=asset]', String(asset));
  await page.click('#event-filters button');
  await page.waitForFunction(READY, 'asset=');
  got = await rows();
  const wantAsset = expected.filter((e) => e.primary_id === asset || e.secondary_id === asset).map((e) => e.id).sort((a, b) => a - b);
  check('events: asset filter (either side)', JSON.stringify(got.map((r) => r.id).sort((a, b) => a - b)) === JSON.stringify(wantAsset), `${got.length} vs ${wantAsset.length}`);
  await page.fill('input[name=asset]', '');
  await page.fill('input[name=from]', from);
  await page.fill('input[name=to]', to);
  await page.fill('input[name=max_miss_km]', '3');
  await page.click('#event-filters button');
  await page.waitForFunction(READY, 'from=');
  got = await rows();
  const wantWindow = expected
    .filter((e) => Date.parse(e.tca) >= Date.parse(from) && Date.parse(e.tca) <= Date.parse(to) && e.miss_km <= 3)
    .map((e) => e.id).sort((a, b) => a - b);
  check('events: TCA range and max miss filters', JSON.stringify(got.map((r) => r.id).sort((a, b) => a - b)) === JSON.stringify(wantWindow), `${got.length} vs ${wantWindow.length}`);
  await page.screenshot({ path: join(results, 'events-filtered.png') });
}

async function eventPage({ page, api }) {
  // The event with the highest Pc that two runs saw.
  const list = await api('events', { orderby: '-pc', limit: 500 });
  const seenTwice = list.find((e) => e.first_run_id !== e.last_run_id) ?? list[0];
  const e = await api(`events/${seenTwice.id}`);
  await loaded(page, `#/event/${e.id}`);
  const facts = await page.$eval('#event-facts', (t) => t.innerText);
  check('event: TCA, objects and miss shown', facts.includes(e.tca) && facts.includes(e.primary_name) && facts.includes(String(e.secondary_id)) && facts.includes(e.miss_km.toFixed(3)));
  const range = await page.evaluate(() => {
    const u = window.uitkijkPlots.range;
    return { x: u.data[0], y: u.data[1] };
  });
  check('event: range plot has one point per 2 s over ±10 min', range.x.length === 601 && range.y.every((v) => v > 0), `${range.x.length} points`);
  // Independent of the UI's own computation: the sampled minimum lies within the miss plus what
  // the relative speed covers in one 2-s step, and not below the miss (a true minimum).
  const minSample = Math.min(...range.y);
  check('event: range plot minimum is the screened miss', minSample >= e.miss_km - 0.01 && minSample <= Math.hypot(e.miss_km, e.rel_speed_km_s * 1.0) + 0.01,
    `min sample ${minSample.toFixed(4)} km, miss ${e.miss_km.toFixed(4)} km`);
  const minRange = Number(await page.$eval('#min-range', (el) => el.dataset.value));
  console.log(`    event ${e.id}: miss ${e.miss_km} km, trajectory closest approach ${minRange} km, min sample ${minSample} km`);
  check('event: closest approach from the trajectories equals the miss (≤ 10 m)', Math.abs(minRange - e.miss_km) < 0.01, `${minRange} vs ${e.miss_km}`);
  const pc = await page.evaluate(() => window.uitkijkPlots.pc.data);
  check('event: Pc plot holds the Pc history', pc[0].length === e.pc_history.length && e.pc_history.length >= 1 &&
    e.pc_history.every((h) => pc[1].includes(h.pc > 0 ? h.pc : null)), `${pc[0].length} points, history ${e.pc_history.length}`);
  const cdm = await page.textContent('#cdm');
  const kvn = await api(`events/${e.id}/cdm`, { format: 'kvn' });
  check('event: the CDM shown is the event\'s CDM', cdm === kvn && /^CCSDS_CDM_VERS/m.test(cdm) && cdm.includes(`OBJECT_DESIGNATOR                   = ${e.primary_id}`),
    cdm.slice(0, 80));
  const xml = await page.evaluate(async () => (await fetch(document.getElementById('cdm-xml').href)).text());
  check('event: the XML download is the XML CDM', xml === (await api(`events/${e.id}/cdm`, { format: 'xml' })) && xml.includes('<cdm'));
  await page.screenshot({ path: join(results, 'event.png'), fullPage: true });
  // Acknowledging from the page changes the stored event.
  await page.selectOption('#status-form select[name=status]', 'acknowledged');
  await page.fill('#status-form input[name=note]', 'browser test');
  await page.click('#status-form button');
  await page.waitForFunction(() => document.getElementById('status-msg').textContent !== '');
  const after = await api(`events/${e.id}`);
  check('event: setting the status from the page stores it', after.status === 'acknowledged' &&
    (await page.textContent('[data-field=status]')) === 'acknowledged', `${after.status}; ${await page.textContent('#status-msg')}`);
}

async function globeEvent({ page, api }) {
  const [e] = await api('events', { orderby: '-pc', limit: 1 });
  await loaded(page, `#/globe?event=${e.id}`, 120000);
  await page.waitForFunction(() => window.uitkijkGlobe?.ready, null, { timeout: 120000 });
  const g = await page.evaluate(() => ({ lines: window.uitkijkGlobe.lines.length, text: document.getElementById('encounter').innerText }));
  check('globe: the conjunction\'s two trajectories drawn', g.lines === 2 && g.text.includes(e.tca), JSON.stringify(g));
  const apart_km = await page.evaluate(() => {
    const m = window.uitkijkGlobe.marks;
    return window.Cesium.Cartesian3.distance(m.get(0).position, m.get(1).position) / 1000;
  });
  check('globe: the two TCA points lie the screened miss apart (≤ 10 m)', Math.abs(apart_km - e.miss_km) < 0.01, `${apart_km} km vs ${e.miss_km} km`);
  await page.screenshot({ path: join(results, 'globe-event.png') });

}

async function objectPage({ page }) {
  await loaded(page, `#/object/${HISTORY_ID}`);
  // Independent: the distinct element sets of the object in the two input files, by epoch.
  const sets = new Map();
  for (const s of [...elementSets(readText(HISTORY)), ...elementSets(readText(CATALOG))]) {
    if (s.norad === HISTORY_ID) sets.set(s.epoch_key, s);
  }
  const want = [...sets.values()].sort((a, b) => (a.epoch_key < b.epoch_key ? -1 : 1));
  const plots = await page.evaluate(() => ({
    alt: window.uitkijkPlots.altitude.data,
    inc: window.uitkijkPlots.inclination.data,
    mm: window.uitkijkPlots.mean_motion.data,
  }));
  check('object: one plotted point per element set in the files', plots.alt[0].length === want.length && plots.inc[0].length === want.length,
    `${plots.alt[0].length} points vs ${want.length} sets`);
  check('object: inclination series equals the files\' line-2 inclinations', plots.inc[1].every((v, i) => Math.abs(v - want[i]?.inclination_deg) < 1e-6));
  check('object: mean motion series equals the files\' mean motions', plots.mm[1].every((v, i) => Math.abs(v - want[i]?.mean_motion) < 1e-7));
  // Sentinel-3A flies at ~800 km: apogee above perigee, both within 780–830 km.
  check('object: apogee ≥ perigee, both near 800 km', plots.alt[1].every((ap, i) => ap >= plots.alt[2][i] && ap < 830 && plots.alt[2][i] > 780));
  await page.screenshot({ path: join(results, 'object.png'), fullPage: true });
}

/** A public-tier partner in its own tab: the national object is absent from every page. */
async function publicTier(context, base, publicToken) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The 404 of the hidden object is the expected answer; nothing else may fail.
    if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
  });
  await page.goto(`${base}/#/gabbard/2016-011`);
  await page.fill('#token', publicToken);
  await page.click('#token-form button');
  await page.waitForFunction(READY, 'gabbard/2016-011');
  const shown = Number(await page.$eval('#gabbard-count', (el) => el.dataset.count));
  const inFile = new Set(elementSets(readText(CATALOG)).filter((s) => s.cospar.startsWith('2016-011')).map((s) => s.norad));
  check('public tier: the national object is left out of its launch group', inFile.has(HISTORY_ID) && shown === inFile.size - 1, `${shown} shown, ${inFile.size} in the file`);
  await page.evaluate((id) => { location.hash = `#/object/${id}`; }, HISTORY_ID);
  await page.waitForFunction((id) => document.getElementById('app').dataset.route === `#/object/${id}` &&
    document.getElementById('app').dataset.state === 'error', HISTORY_ID);
  const text = await page.$eval('#app', (a) => a.innerText);
  check('public tier: the national object\'s page answers not found', /not found/i.test(text) && !text.includes('SENTINEL'), text);
  await page.screenshot({ path: join(results, 'public-tier-object.png') });
  check('public tier: no page error', errors.length === 0, errors.join('; '));
  await page.close();
}

async function gabbardPage({ page }) {
  await loaded(page, '#/gabbard');
  await page.fill('input[name=cospar]', GROUP);
  await page.click('#gabbard-form button');
  await page.waitForFunction(READY, 'gabbard/1982');
  const want = new Set(elementSets(readText(CATALOG)).filter((s) => s.cospar.startsWith(GROUP)).map((s) => s.norad)).size;
  const count = Number(await page.$eval('#gabbard-count', (el) => el.dataset.count));
  const data = await page.evaluate(() => window.uitkijkPlots.gabbard.data);
  check('gabbard: one point pair per object of the launch in the catalog file', count === want && data[0].length === want && data[1].filter((v) => v !== null).length === want,
    `${count} shown, ${data[0].length} plotted vs ${want} in the file`);
  check('gabbard: apogee ≥ perigee for every object', data[1].every((ap, i) => ap >= data[2][i]));
  await page.screenshot({ path: join(results, 'gabbard.png'), fullPage: true });
}

main()
  .catch((e) => {
    failures.push(e.stack ?? String(e));
    console.error(e);
  })
  .finally(() => {
    const s = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`\n${passed} passed, ${failures.length} failed in ${s} s; screenshots in ${results}`);
    if (failures.length) {
      for (const f of failures) console.log(`FAIL ${f}`);
      process.exitCode = 1;
    }
  });
