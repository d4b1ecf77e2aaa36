// The bureau's workbench: the programme year at a glance. One request for the year's standing
// (GET /programmes/{year}/standing) and one for its trend; filters work on what was read.
import { all, api, append, clear, el, monthName, percent, problemBox, yuan } from '/api/app/app.js';
import { shareChart } from '/api/app/charts.js';
import { chip, MONTH_STATES, monthChip, monthStateCode, param, programmeYears, requirementTone, staffPage } from '/api/app/staff.js';

const $ = (id) => document.getElementById(id);
const status = $('status');
let views = [];

await staffPage();

for (const y of programmeYears()) $('year').append(el('option', { value: y }, `${y}年度`));
for (const [code, s] of Object.entries(MONTH_STATES)) $('month-state').append(el('option', { value: code }, s.name));
append($('legend'), ['月度报送：', ...Object.values(MONTH_STATES).flatMap((s) => [' ', el('span', { class: s.tone ? `chip ${s.tone}` : 'chip' }, `${s.mark} ${s.name}`)]),
  '。进度为已完成的创建要求占比，时间为项目周期已过的占比。']);

/** The year to show: ?year=, else the newest year that has assignments (the seed holds 2023). */
async function firstYear() {
  const asked = Number(param('year'));
  if (asked) return asked;
  for (const y of programmeYears()) {
    const r = await api(`/programmes/${y}/assignments?limit=1`);
    if (r.ok && r.data.items.length) return y;
  }
  return 2023;
}

/** Every assignment's view: the standing list, or (before it exists) the list and one read each. */
async function readStanding(year) {
  const first = await api(`/programmes/${year}/standing?limit=1000`);
  if (first.ok) {
    const items = [...first.data.items];
    if (first.data.continuation) items.push(...await all(`/programmes/${year}/standing?continuation=${encodeURIComponent(first.data.continuation)}`));
    return items;
  }
  if (first.status !== 404 && first.status !== 405) throw Object.assign(new Error('读取失败'), { problem: first.data });
  const list = await all(`/programmes/${year}/assignments`);
  const answers = await Promise.all(list.map((a) => api(`/assignments/${encodeURIComponent(a.id)}`)));
  return answers.filter((r) => r.ok).map((r) => r.data);
}

/** The year's months (programme totals): the trend route, else summed from the views' months. */
async function readTrend(year) {
  const r = await api(`/programmes/${year}/trend`);
  if (r.ok) return r.data.months;
  const byPeriod = new Map();
  for (const v of views) {
    for (const m of v.months || []) {
      const t = byPeriod.get(m.period) || { period: m.period, due: 0, onTime: 0, late: 0, missing: 0, returned: 0, rates: [], shares: [] };
      const code = monthStateCode(m);
      if (code !== 'pending') t.due++;
      if (code === 'on_time') t.onTime++;
      if (code === 'late') t.late++;
      if (code === 'missing') t.missing++;
      if (code === 'returned') t.returned++;
      if (m.executionRate !== undefined && m.executionRate !== null) t.rates.push([m.executionRate, v.assignment.allocation]);
      if (m.progressShare !== undefined && m.progressShare !== null) t.shares.push(m.progressShare);
      byPeriod.set(m.period, t);
    }
  }
  return [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period)).filter((t) => t.due > 0).map((t) => {
    const money = t.rates.reduce((s, [, a]) => s + a, 0);
    return {
      ...t,
      onTimeRate: t.due ? t.onTime / t.due : null,
      executionRate: money ? t.rates.reduce((s, [r, a]) => s + r * a, 0) / money : null,
      progressShare: t.shares.length ? t.shares.reduce((s, x) => s + x, 0) / t.shares.length : null,
    };
  });
}

function fillSelect(select, values, keep) {
  const first = select.firstElementChild;
  clear(select).append(first);
  for (const [value, text] of values) select.append(el('option', { value }, text));
  select.value = values.some(([v]) => v === keep) ? keep : '';
}

function syncUrl() {
  const q = new URLSearchParams();
  q.set('year', $('year').value);
  for (const [id, key] of [['unit', 'unit'], ['req-state', 'state'], ['month', 'month'], ['month-state', 'monthState']]) {
    if ($(id).value) q.set(key, $(id).value);
  }
  history.replaceState(null, '', `?${q}`);
}

async function load(year) {
  clear(status).append(el('p', { class: 'hint' }, `正在读取${year}年度的项目……`));
  try {
    views = await readStanding(year);
  } catch (e) {
    clear(status).append(problemBox(e.problem));
    views = [];
  }
  const units = [...new Set(views.map((v) => v.assignment.unit))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  fillSelect($('unit'), units.map((u) => [u, u]), $('unit').value || param('unit') || '');
  const states = [...new Set(views.flatMap((v) => v.requirements.map((r) => r.stateName)))];
  fillSelect($('req-state'), states.map((s) => [s, s]), $('req-state').value || param('state') || '');
  const months = [...new Set(views.flatMap((v) => (v.months || []).map((m) => m.period)))].sort();
  fillSelect($('month'), months.map((m) => [m, monthName(m)]), $('month').value || param('month') || '');
  $('month-state').value = $('month-state').value || param('monthState') || '';
  if (!views.length && !status.querySelector('.problem')) {
    clear(status).append(el('p', {}, `${year}年度还没有项目。请先在“导入分配表”中导入资金分配表。`));
  } else if (views.length) {
    clear(status);
  }
  render();
  drawTrend(year);
}

function matches(v) {
  const unit = $('unit').value; const reqState = $('req-state').value;
  const month = $('month').value; const monthState = $('month-state').value;
  if (unit && v.assignment.unit !== unit) return false;
  if (reqState && !v.requirements.some((r) => r.stateName === reqState)) return false;
  if (month || monthState) {
    const ms = (v.months || []).filter((m) => !month || m.period === month);
    if (!ms.some((m) => !monthState || monthStateCode(m) === monthState)) return false;
  }
  return true;
}

function bars(v) {
  const behind = v.progressShare < v.timeShare;
  return el('div', { class: 'bars' },
    el('div', { class: 'bar-line' }, el('span', { class: 'bar-name' }, '进度'),
      el('meter', { min: 0, max: 1, value: Math.min(1, v.progressShare), 'aria-label': `进度 ${v.progressShareText}（${v.progressText || ''}）` }),
      el('span', { class: 'bar-value' }, v.progressShareText)),
    el('div', { class: 'bar-line' }, el('span', { class: 'bar-name' }, '时间'),
      el('meter', { min: 0, max: 1, value: Math.min(1, v.timeShare), class: 'time', 'aria-label': `时间已过 ${v.timeShareText}` }),
      el('span', { class: 'bar-value' }, v.timeShareText)),
    behind ? chip('进度落后于时间', 'bad') : null);
}

function row(v) {
  const a = v.assignment;
  const href = `/api/app/assignment.html?id=${encodeURIComponent(a.id)}`;
  return el('tr', {},
    el('td', {}, a.unit),
    el('th', { scope: 'row' }, el('a', { href }, a.community)),
    el('td', {}, a.taskTypeName),
    el('td', { class: 'num' }, yuan(a.allocation)),
    el('td', {}, el('ul', { class: 'chips', 'aria-label': `${a.community}的创建要求` },
      v.requirements.map((r) => el('li', {}, chip(`${r.id} ${r.stateName}`, requirementTone(r.state), { title: `${r.name}：${r.explanation || r.stateName}` }))))),
    el('td', {}, bars(v)),
    el('td', { class: 'num' }, v.executionRateText, el('br'), el('span', { class: 'hint' }, `已支出 ${yuan(v.cumulativeSpend)}`), v.overspent ? [' ', chip('超支', 'bad')] : null),
    el('td', {}, el('ul', { class: 'chips strip', 'aria-label': `${a.community}的月度报送` }, (v.months || []).map((m) => el('li', {}, monthChip(m))))));
}

function render() {
  syncUrl();
  const shown = views.filter(matches);
  const body = $('list').tBodies[0];
  clear(body).append(...shown.map(row));
  $('empty').hidden = shown.length > 0 || views.length === 0;
  drawTotals(shown);
}

function drawTotals(shown) {
  $('totals').hidden = views.length === 0;
  const allocation = shown.reduce((s, v) => s + v.assignment.allocation, 0);
  const spend = shown.reduce((s, v) => s + v.cumulativeSpend, 0);
  const met = shown.reduce((s, v) => s + v.requirementsMet, 0);
  const total = shown.reduce((s, v) => s + v.requirementsTotal, 0);
  const months = shown.flatMap((v) => v.months || []).map(monthStateCode);
  const count = (c) => months.filter((m) => m === c).length;
  const stat = (label, value) => el('div', { class: 'stat' }, el('dt', {}, label), el('dd', {}, value));
  clear($('totals-body')).append(el('dl', {},
    stat('项目', `${shown.length} 个${shown.length !== views.length ? `（共 ${views.length} 个）` : ''}`),
    stat('分配资金', yuan(allocation)),
    stat('累计支出', yuan(spend)),
    stat('执行率', allocation ? percent(spend / allocation) : '—'),
    stat('创建要求达标', `${met} / ${total}`),
    stat('月度报送', `按时 ${count('on_time')} · 逾期补报 ${count('late')} · 未报 ${count('missing')} · 退回待改 ${count('returned')}`)));
}

async function drawTrend(year) {
  const body = clear($('charts-body'));
  const months = (await readTrend(year)).filter((m) => m.due > 0 || m.executionRate !== null);
  $('charts').hidden = months.length === 0;
  if (!months.length) return;
  const periods = months.map((m) => m.period);
  // A month's label; the first month of each calendar year also names the year, on a second line.
  const labels = periods.map((p, i) => (i === 0 || p.endsWith('-01') ? `${Number(p.slice(5))}月\n${p.slice(0, 4)}年` : `${Number(p.slice(5))}月`));
  const has = (key) => months.some((m) => m[key] !== null && m[key] !== undefined);
  const series = [];
  if (has('executionRate')) series.push({ name: '资金执行率', values: months.map((m) => m.executionRate ?? null), tone: 'a' });
  if (has('progressShare')) series.push({ name: '进度（创建要求完成占比）', values: months.map((m) => m.progressShare ?? null), tone: 'b' });
  if (series.length) {
    body.append(shareChart({
      title: `${year}年度资金执行率与进度（各月月末）`,
      desc: `逐月折线：${series.map((s) => `${s.name}${s.values.map((v, i) => `${periods[i]} ${v === null ? '无' : percent(v)}`).join('，')}`).join('；')}。`,
      labels, periods, series,
    }));
  }
  body.append(shareChart({
    title: `${year}年度月度进展按时报送率`,
    desc: `各月应报项目中按时报送的占比：${months.map((m) => `${m.period} ${percent(m.onTimeRate)}（应报${m.due}，按时${m.onTime}，逾期补报${m.late}，未报${m.missing}）`).join('；')}。`,
    kind: 'bar', labels, periods,
    series: [{ name: '按时报送率', values: months.map((m) => m.onTimeRate ?? null), tone: 'c' }],
  }));
}

$('year').value = String(await firstYear());
$('year').addEventListener('change', () => load(Number($('year').value)));
for (const id of ['unit', 'req-state', 'month', 'month-state']) $(id).addEventListener('change', render);
$('filters').addEventListener('submit', (e) => e.preventDefault());
load(Number($('year').value));
