// uPlot helpers. Each plot is registered in `window.uitkijkPlots[name]` so the browser tests
// can read back exactly the data drawn.
import uPlot from 'uplot';

function register(name, u) {
  window.uitkijkPlots = window.uitkijkPlots ?? {};
  window.uitkijkPlots[name] = u;
}

function width(container) {
  return Math.max(320, Math.min(900, container.clientWidth || 640));
}

/**
 * A line/scatter plot: `x` (unix seconds when `time`), `series` [{label, values, colour}].
 * `points: true` draws markers only (a scatter; x must be ascending).
 */
export function plot(container, name, { title, x, xLabel, yLabel, series, time = true, points = false, log = false }) {
  const opts = {
    title,
    width: width(container),
    height: 260,
    scales: { x: { time }, y: log ? { distr: 3 } : {} },
    axes: [{ label: xLabel }, { label: yLabel, size: 70 }],
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
