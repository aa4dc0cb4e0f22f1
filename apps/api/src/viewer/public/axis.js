// @ts-check
/**
 * The time axis, with breaks. Long quiet stretches (days between calls) are drawn as a short break
 * in the axis so the minutes that matter stay readable; each break says how long it stands for.
 */
import { AXIS_H, GAP_MS, GAP_PX, LABEL_W, RIGHT_PAD } from './chart-style.js';
import { svg, titled } from './dom.js';
import { DAY, HOUR, MINUTE, clockTime, day, duration } from './format.js';

/**
 * A stretch of activity, and where it is drawn.
 * @typedef {object} Cluster
 * @property {number} start
 * @property {number} end
 * @property {number} x
 * @property {number} width
 * @property {number} scale pixels per millisecond
 */

/**
 * @typedef {object} Axis
 * @property {Cluster[]} clusters
 * @property {(t: number | null) => number} toX
 * @property {number} end
 */

/**
 * Groups the moments of the journey into stretches of activity; quiet stretches longer than GAP_MS
 * become fixed-width breaks. Inside the stretches one scale holds, so durations compare.
 * @param {(number | null)[]} instants
 * @param {number} width
 * @returns {Axis}
 */
export function buildAxis(instants, width) {
  let sorted = /** @type {number[]} */ (instants.filter((t) => t !== null && !isNaN(t))).sort((a, b) => a - b);
  if (!sorted.length) sorted = [Date.now()];
  /** @type {Cluster[]} */
  const clusters = [];
  sorted.forEach((t) => {
    const last = clusters[clusters.length - 1];
    if (last && t - last.end <= GAP_MS) last.end = t;
    else clusters.push({ start: t, end: t, x: 0, width: 0, scale: 0 });
  });
  clusters.forEach((c) => {
    const padMs = Math.max(4 * MINUTE, (c.end - c.start) * 0.04);
    c.start -= padMs;
    c.end += padMs;
  });
  const plot = Math.max(200, width - LABEL_W - RIGHT_PAD);
  const room = plot - GAP_PX * (clusters.length - 1);
  const minPx = 56;
  const total = clusters.reduce((sum, c) => sum + (c.end - c.start), 0);
  let scale = room / total;
  // Short stretches get a readable minimum width; the rest share what is left at one scale.
  for (let round = 0; round < 3; round++) {
    let fixed = 0;
    let free = 0;
    clusters.forEach((c) => {
      if ((c.end - c.start) * scale < minPx) fixed += minPx;
      else free += c.end - c.start;
    });
    if (free > 0) scale = (room - fixed) / free;
  }
  let x = LABEL_W;
  clusters.forEach((c, i) => {
    c.x = x;
    c.width = Math.max(minPx, (c.end - c.start) * scale);
    c.scale = c.width / (c.end - c.start);
    x += c.width + (i < clusters.length - 1 ? GAP_PX : 0);
  });
  /** @param {number | null} t */
  function toX(t) {
    // No instant (null) is drawn where the axis starts.
    if (t === null || t <= clusters[0].start) return clusters[0].x;
    for (let i = 0; i < clusters.length; i++) {
      const c = clusters[i];
      if (t <= c.end) return c.x + (t - c.start) * c.scale;
      const next = clusters[i + 1];
      if (next && t < next.start) return c.x + c.width + ((t - c.end) / (next.start - c.end)) * GAP_PX;
    }
    const lastC = clusters[clusters.length - 1];
    return lastC.x + lastC.width;
  }
  return { clusters, toX, end: x };
}

const TICK_STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

/**
 * @param {SVGSVGElement} root
 * @param {Axis} axis
 * @param {number} height
 */
export function drawAxis(root, axis, height) {
  const g = svg('g', { class: 'axis' });
  root.appendChild(g);
  axis.clusters.forEach((c, i) => {
    g.appendChild(svg('rect', { x: c.x, y: AXIS_H - 4, width: c.width, height: height - AXIS_H + 4, fill: '#fafbfd' }));
    const step = TICK_STEPS.filter((s) => s * c.scale >= 64)[0] || DAY;
    const first = Math.ceil(c.start / step) * step;
    let labelled = false;
    for (let t = first; t <= c.end && c.width >= 120; t += step) {
      const x = c.x + (t - c.start) * c.scale;
      g.appendChild(svg('line', { x1: x, x2: x, y1: AXIS_H - 6, y2: height, stroke: '#edf0f4' }));
      g.appendChild(svg('text', { x, y: AXIS_H - 12, 'text-anchor': 'middle', class: 'tick' }, clockTime(t)));
      labelled = true;
    }
    const mid = c.start + (c.end - c.start) / 2;
    g.appendChild(svg('text', { x: c.x + 2, y: 16, class: 'tick', 'font-weight': 600 }, day(c.start)));
    if (!labelled) g.appendChild(svg('text', { x: c.x + c.width / 2, y: AXIS_H - 12, 'text-anchor': 'middle', class: 'tick' }, clockTime(mid)));
    const next = axis.clusters[i + 1];
    if (next) {
      const gx = c.x + c.width;
      let zig = 'M' + (gx + GAP_PX / 2 - 4) + ' ' + AXIS_H;
      for (let y = AXIS_H; y < height; y += 12) zig += ' l8 6 l-8 6';
      g.appendChild(svg('path', { d: zig, fill: 'none', stroke: '#b9c2ce', 'stroke-width': 1.5 }));
      const gapLabel = svg('text', { x: gx + GAP_PX / 2, y: height + 14, 'text-anchor': 'middle', class: 'gap-label' },
        duration(next.start - c.end));
      titled(gapLabel, duration(next.start - c.end) + ' with nothing happening, drawn short');
      g.appendChild(gapLabel);
    }
  });
  g.appendChild(svg('line', { x1: LABEL_W, x2: axis.end, y1: AXIS_H - 4, y2: AXIS_H - 4, stroke: '#c4ccd6' }));
}
