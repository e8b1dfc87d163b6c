// @ts-check
const SVG = 'http://www.w3.org/2000/svg';

/**
 * Draws a trend line (sparkline) of `points` into an SVG element, scaled to [lo, hi].
 * @param {SVGSVGElement} svg @param {number[]} points @param {number} lo @param {number} hi
 */
export function drawTrend(svg, points, lo, hi) {
  const w = 120;
  const h = 32;
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  let line = /** @type {SVGPolylineElement | null} */ (svg.querySelector('polyline'));
  if (!line) {
    line = /** @type {SVGPolylineElement} */ (document.createElementNS(SVG, 'polyline'));
    svg.append(line);
  }
  if (points.length === 0) {
    line.setAttribute('points', '');
    return;
  }
  const span = Math.max(hi - lo, 1e-9);
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  line.setAttribute(
    'points',
    points
      .map((v, i) => {
        const y = h - 2 - ((Math.min(Math.max(v, lo), hi) - lo) / span) * (h - 4);
        return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
      })
      .join(' '),
  );
}

/** Creates an empty, labelled trend chart. @param {string} label */
export function createTrend(label) {
  const svg = /** @type {SVGSVGElement} */ (document.createElementNS(SVG, 'svg'));
  svg.setAttribute('class', 'trend');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('preserveAspectRatio', 'none');
  return svg;
}
