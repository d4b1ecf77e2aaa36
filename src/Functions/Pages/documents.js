// Documents staff send out: the month's dispatch (月调度表) and the quarter's bulletin (季通报).
// Run or re-run the job, then show the document and its downloads (opened without a referrer).
import { api, beijing, clear, el, monthName, percent, problemBox, yuan } from '/api/app/app.js';
import { chip, downloadLink, param, programmeYears, staffPage } from '/api/app/staff.js';

const $ = (id) => document.getElementById(id);
await staffPage();

const QUARTER = ['一', '二', '三', '四'];
for (const y of programmeYears()) for (let q = 4; q >= 1; q--) $('bulletin-quarter').append(el('option', { value: `${y}-Q${q}` }, `${y}年第${QUARTER[q - 1]}季度`));

const table = (caption, heads, rows) => el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `${caption}（可横向滚动）` }, el('table', {}, el('caption', { class: 'sr-only' }, caption),
  el('thead', {}, el('tr', {}, heads.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows)));
const links = (ls) => el('p', { class: 'actions' }, Object.entries(ls || {}).map(([kind, l]) => downloadLink(l.url, [`下载 .${kind}`, el('span', { class: 'sr-only' }, `：${l.fileName}`)])));
const TIMELINESS = { 按时: 'ok', 逾期补报: 'warn', 未报: 'bad', 退回待改: 'info' };

/** Runs a job; answers null when it ran, else a problem box. */
async function run(job, period) {
  const r = await api(`/jobs/${job}/run?period=${encodeURIComponent(period)}`, { method: 'POST' });
  if (!r.ok) return problemBox(r.data);
  return el('p', { class: r.data.error ? 'problem' : 'notice-ok', role: 'status' }, r.data.summary || '已编制。', r.data.error ? ` ${r.data.error}` : '');
}

async function showDispatch(period, before) {
  const box = clear($('dispatch'));
  if (before) box.append(before);
  const r = await api(`/dispatches/${period}`);
  if (!r.ok) { box.append(r.status === 404 ? el('p', { class: 'hint' }, r.data?.detail || `${monthName(period)}调度表尚未编制。`) : problemBox(r.data)); return; }
  const d = r.data.dispatch;
  box.append(el('h3', {}, d.title),
    el('p', {}, d.totals.text),
    el('p', { class: 'hint' }, `截止日 ${d.dueDay}；编制于 ${beijing(d.compiledAt)}；编制单位 ${d.compiledBy}${d.contact ? `；联系人 ${d.contact}` : ''}`),
    d.unitsNotReported?.length ? el('p', {}, '未报单位：', d.unitsNotReported.join('、')) : null,
    links(r.data.links),
    table(d.title, ['序号', '责任单位', '承接社区', '任务', '报送', '累计支出', '执行率', '进度', '本月进展'], d.rows.map((x) => el('tr', {},
      el('td', {}, x.number), el('td', {}, x.unit),
      el('th', { scope: 'row' }, el('a', { href: `/api/app/assignment.html?id=${encodeURIComponent(x.assignmentId)}&period=${period}` }, x.community)),
      el('td', {}, x.task), el('td', {}, chip(x.timeliness, TIMELINESS[x.timeliness] || '')),
      el('td', { class: 'num' }, yuan(x.cumulativeSpend), x.overspent ? [' ', chip('超支', 'bad')] : null),
      el('td', { class: 'num' }, x.executionRateText), el('td', {}, x.progressShareText, el('br'), el('span', { class: 'hint' }, x.progressText)),
      el('td', {}, x.progress || '—')))));
}

async function showBulletin(quarter, before) {
  const box = clear($('bulletin'));
  if (before) box.append(before);
  const r = await api(`/bulletins/${quarter}`);
  if (!r.ok) { box.append(r.status === 404 ? el('p', { class: 'hint' }, r.data?.detail || '本季度通报尚未编制。') : problemBox(r.data)); return; }
  const b = r.data.bulletin;
  box.append(el('h3', {}, b.title),
    el('p', {}, `${b.documentNumber}　${b.issuer}　${b.issuedOn}`),
    el('p', { class: 'hint' }, `编制于 ${beijing(b.compiledAt)}${b.rectificationDeadline ? `；整改期限 ${b.rectificationDeadline}` : ''}`),
    links(r.data.links),
    table(b.title, ['名次', '责任单位', '承接社区', '进度 / 时间', '执行率', '报送（按时/逾期/未报）', '结果', '通报', '理由'], b.entries.map((x) => el('tr', {},
      el('td', {}, x.rank), el('td', {}, x.unit),
      el('th', { scope: 'row' }, el('a', { href: `/api/app/assignment.html?id=${encodeURIComponent(x.assignmentId)}` }, x.community)),
      el('td', {}, `${percent(x.progressShare)} / ${percent(x.timeShare)}`), el('td', { class: 'num' }, percent(x.executionRate)),
      el('td', {}, `${x.onTimeReports} / ${x.lateReports} / ${x.missingReports}（应报 ${x.reportsDue}）`),
      el('td', {}, x.outcome),
      el('td', {}, x.verdict === '表扬' ? chip('表扬', 'ok') : x.verdict === '批评' ? chip('批评', 'bad') : '—'),
      el('td', {}, x.commendedFor || (x.criticismReasons || []).join('；') || '—')))));
}

function busy(form, on) { form.querySelectorAll('button').forEach((b) => { b.disabled = on; }); }

$('dispatch-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const period = $('dispatch-period').value;
  if (!period) { $('dispatch-period').focus(); return; }
  busy(e.target, true);
  clear($('dispatch')).append(el('p', { class: 'hint' }, `正在编制${monthName(period)}调度表……`));
  const result = await run('dispatch', period);
  await showDispatch(period, result);
  busy(e.target, false);
});
$('dispatch-show').addEventListener('click', () => $('dispatch-period').value && showDispatch($('dispatch-period').value));
$('bulletin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const quarter = $('bulletin-quarter').value;
  busy(e.target, true);
  clear($('bulletin')).append(el('p', { class: 'hint' }, '正在编制季度通报……'));
  const result = await run('bulletin', quarter);
  await showBulletin(quarter, result);
  busy(e.target, false);
});
$('bulletin-show').addEventListener('click', () => showBulletin($('bulletin-quarter').value));

// Open on the month just ended (or ?period=) and its quarter.
const now = new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Shanghai' }));
const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
const period = param('period') || `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
$('dispatch-period').value = period;
const q = param('quarter') || `${period.slice(0, 4)}-Q${Math.floor((Number(period.slice(5)) - 1) / 3) + 1}`;
if ([...$('bulletin-quarter').options].some((o) => o.value === q)) $('bulletin-quarter').value = q;
// A document not yet compiled answers 404, which the browser logs as an error: read them at once
// only when the link asked for them (?period= / ?quarter=), else when staff press 查看.
if (param('period')) showDispatch(period);
else $('dispatch').append(el('p', { class: 'hint' }, '选择月份后按“查看”；尚未编制的，按“编制 / 重新编制”。'));
if (param('quarter') || param('period')) showBulletin($('bulletin-quarter').value);
else $('bulletin').append(el('p', { class: 'hint' }, '选择季度后按“查看”；季度结束后可编制。'));
