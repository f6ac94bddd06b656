// uPlot helpers. Each plot is registered in `window.uitkijkPlots[name]` so the browser tests
// can read back exactly the data drawn.
import uPlot from 'uplot';

function register(name, u) {
  window.uitkijkPlots = window.uitkijkPlots ?? {};
  window.uitkijkPlots[name] = u;
}

function width(container) {
  return Math.max(320, Math.min(900, (container.clientWidth || 660) - 12));
}

/** Tick labels with as many decimals as the tick spacing needs (uPlot's default can repeat labels). */
function linearTicks(u, splits) {
  const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1;
  const d = Math.min(8, Math.max(0, Math.ceil(-Math.log10(step || 1) + 1e-9)));
  return splits.map((v) => (v === null ? '' : v.toFixed(d)));
}

function logTicks(u, splits) {
  return splits.map((v) => (v === null ? '' : v.toExponential(0)));
}

/** Time tick labels in ISO-8601 UTC, as precise as the tick spacing needs. */
function timeTicks(u, splits) {
  const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 86400;
  return splits.map((ts) => {
    if (ts === null) return '';
    const s = new Date(ts * 1000).toISOString();
    if (step >= 86400) return s.slice(0, 10);
    if (step >= 60) return `${s.slice(5, 10)} ${s.slice(11, 16)}`;
    return s.slice(11, 19);
  });
}

// Axes in UTC, not the browser's zone: every time in Uitkijk is UTC.
const utc = (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');

/**
 * A line/scatter plot: `x` (unix seconds when `time`), `series` [{label, values, colour}].
 * `points: true` draws markers only (a scatter; x must be ascending).
 */
export function plot(container, name, { title, x, xLabel, yLabel, series, time = true, points = false, log = false }) {
  const opts = {
    title,
    width: width(container),
    height: 260,
    tzDate: utc,
    scales: { x: { time }, y: log ? { distr: 3 } : {} },
    axes: [
      { label: xLabel, values: time ? timeTicks : linearTicks, space: time ? 80 : 50 },
      { label: yLabel, size: 80, values: log ? logTicks : linearTicks },
    ],
    series: [
      { label: xLabel },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.colour,
        width: points ? 0 : 1.5,
        paths: points ? () => null : undefined,
        points: { show: points ? true : undefined, size: points ? 5 : 4, fill: s.colour, stroke: s.colour },
      })),
    ],
  };
  const u = new uPlot(opts, [x, ...series.map((s) => s.values)], container);
  register(name, u);
  return u;
}
