// Small shared helpers: escaping, number and time formatting.

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `x` with `digits` decimals, or an em dash when absent. */
export function fmt(x, digits = 3) {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x).toFixed(digits);
}

/** A probability in scientific notation (Pc spans many decades). */
export function fmtPc(pc) {
  if (pc === null || pc === undefined) return '—';
  return pc === 0 ? '0' : Number(pc).toExponential(2);
}

/** Milliseconds since 1970 of an API time (`…Z`); the API always names UTC. */
export function ms(iso) {
  return Date.parse(iso);
}

/** An API time string (ISO-8601 UTC, milliseconds, `Z`) for `t` (ms since 1970). */
export function iso(t) {
  return new Date(t).toISOString();
}

/** Seconds since 1970, the x unit of uPlot's time axes. */
export function unixS(isoString) {
  return Date.parse(isoString) / 1000;
}

export function el(html) {
  const t = document.createElement('template');
  t.innerHTML = html.trim();
  return t.content.firstElementChild;
}
