// Uitkijk's UI: a small hash router over the pages; every page reads the REST API only.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { get, hasSession, setToken } from './api.js';
import { esc } from './util.js';
import * as globe from './pages/globe.js';
import * as events from './pages/events.js';
import * as event from './pages/event.js';
import * as object from './pages/object.js';
import * as gabbard from './pages/gabbard.js';

// `#/<page>/<arg>?<query>` → the page module that renders it.
const pages = { globe, events, event, object, gabbard };

const app = document.getElementById('app');
let current = null;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const [name, ...rest] = path.split('/');
  return {
    name: name || 'globe',
    arg: rest.map(decodeURIComponent).join('/'),
    query: new URLSearchParams(query),
  };
}

async function route() {
  const r = parseHash();
  const page = pages[r.name];
  if (current?.leave) current.leave();
  current = null;
  for (const a of document.querySelectorAll('nav a[data-page]')) {
    a.classList.toggle('active', a.dataset.page === r.name || (r.name === 'event' && a.dataset.page === 'events'));
  }
  app.innerHTML = '';
  app.dataset.page = r.name;
  // Which hash this render is for (tests wait for it with state 'ready').
  app.dataset.route = location.hash;
  app.dataset.state = 'loading';
  if (!page) {
    app.innerHTML = `<p class="error">No page “${esc(r.name)}”.</p>`;
    app.dataset.state = 'error';
    return;
  }
  if (!hasSession()) {
    app.innerHTML = `<section class="notice"><h2>API token</h2>
      <p>Paste the token from <code>uitkijk token issue</code> into the box above and press
      <b>Use token</b>. On a server started with <code>--public-anonymous</code>, press it with
      the box empty to read as the public tier.</p></section>`;
    app.dataset.state = 'token';
    return;
  }
  current = page;
  const hash = location.hash;
  try {
    await page.render(app, r);
    if (location.hash === hash) app.dataset.state = 'ready';
  } catch (e) {
    if (location.hash !== hash) return;
    app.insertAdjacentHTML('beforeend', `<p class="error">${esc(e.message)}</p>`);
    app.dataset.state = 'error';
  }
}

async function showWhoami() {
  const el = document.getElementById('whoami');
  if (!hasSession()) {
    el.textContent = '';
    return;
  }
  try {
    const w = await get('whoami');
    el.textContent = `${w.actor} · ${w.role} · ≤ ${w.max_tier}`;
    el.className = '';
  } catch (e) {
    el.textContent = e.message;
    el.className = 'error';
  }
}

document.getElementById('token-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = document.getElementById('token');
  setToken(input.value.trim());
  input.value = '';
  showWhoami();
  route();
});

document.getElementById('object-jump').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const id = ev.target.elements.id.value.trim();
  if (/^\d+$/.test(id)) location.hash = `#/object/${id}`;
});

window.addEventListener('hashchange', route);
showWhoami();
route();
