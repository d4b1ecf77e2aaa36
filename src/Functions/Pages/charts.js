// Charts drawn as SVG by script (createElementNS, never markup): axis labels on the chart, a
// <title>/<desc> for the picture as a whole, and the same figures in a visually hidden table so a
// screen reader reads numbers, not shapes. Colours come from classes in workbench.css.
import { el } from '/api/app/app.js';

const NS = 'http://www.w3.org/2000/svg';
let serial = 0;

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const defaultFormat = (v) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * A chart of shares (0..1, or above for overspending) month by month.
 *   kind: 'line' (one polyline per series) or 'bar' (one bar per month per series)
 *   labels: the x-axis labels ("6月"), periods: the months they stand for ("2023-06")
 *   series: [{ name, values: [number|null], tone: 'a'|'b'|'c' }]
 * Answers a <figure> with the SVG, a legend and a hidden table of the figures.
 */
export function shareChart({ title, desc, kind = 'line', labels, periods = labels, series, format = defaultFormat, width = 640, height = 260 }) {
  const id = `chart-${++serial}`;
  const left = 52; const right = 16; const top = 18; const bottom = 40;
  const plotW = width - left - right; const plotH = height - top - bottom;
  const all = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const max = Math.max(1, ...all);
  const y = (v) => top + plotH - (v / max) * plotH;
  const step = labels.length ? plotW / labels.length : plotW;
  const xMid = (i) => left + step * i + step / 2;

  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart', preserveAspectRatio: 'xMidYMid meet' },
    svg('title', { id: `${id}-t` }, title),
    svg('desc', { id: `${id}-d` }, desc));

  // Y axis: gridlines at every quarter of the scale, labelled in percent.
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);
  for (const t of ticks) {
    root.append(svg('line', { x1: left, x2: width - right, y1: y(t), y2: y(t), class: t === 0 ? 'axis' : 'grid' }));
    root.append(svg('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, `${Math.round(t * 100)}%`));
  }
  root.append(svg('line', { x1: left, x2: left, y1: top, y2: top + plotH, class: 'axis' }));
  labels.forEach((label, i) => {
    const [line1, line2] = label.split('\n');
    root.append(svg('text', { x: xMid(i), y: height - bottom + 16, 'text-anchor': 'middle', class: 'tick' }, line1));
    if (line2) root.append(svg('text', { x: xMid(i), y: height - bottom + 30, 'text-anchor': 'middle', class: 'tick' }, line2));
  });

  if (kind === 'bar') {
    const group = step * 0.7; const barW = group / Math.max(1, series.length);
    series.forEach((s, si) => {
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) return;
        const x = left + step * i + (step - group) / 2 + barW * si;
        const bar = svg('rect', { x, y: y(v), width: Math.max(1, barW - 2), height: Math.max(0, top + plotH - y(v)), class: `series-${s.tone}` },
          svg('title', {}, `${periods[i]} ${s.name}：${format(v)}`));
        root.append(bar);
        if (series.length === 1) root.append(svg('text', { x: x + barW / 2 - 1, y: y(v) - 4, 'text-anchor': 'middle', class: 'value' }, format(v)));
      });
    });
  } else {
    for (const s of series) {
      // A month without a figure breaks the line rather than pretending it was zero.
      let run = [];
      const flush = () => {
        if (run.length > 1) root.append(svg('polyline', { points: run.join(' '), class: `line series-${s.tone}`, fill: 'none' }));
        run = [];
      };
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) { flush(); return; }
        run.push(`${xMid(i)},${y(v)}`);
        root.append(svg('circle', { cx: xMid(i), cy: y(v), r: 4, class: `dot series-${s.tone}` }, svg('title', {}, `${periods[i]} ${s.name}：${format(v)}`)));
      });
      flush();
    }
  }

  const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
    series.map((s) => el('li', {}, el('span', { class: `swatch series-${s.tone}` }), s.name)));
  const table = el('table', { class: 'sr-only' },
    el('caption', {}, title),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '月份'), series.map((s) => el('th', { scope: 'col' }, s.name)))),
    el('tbody', {}, periods.map((p, i) => el('tr', {}, el('th', { scope: 'row' }, p), series.map((s) => el('td', {}, format(s.values[i])))))));
  return el('figure', { class: 'chart-figure' }, el('figcaption', {}, title), root, legend, table);
}
