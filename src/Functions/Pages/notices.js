// Notices (通知) with their delivery state: by unit, by period, by kind.
import { all, beijing, clear, el, problemBox } from '/api/app/app.js';
import { chip, param, programmeYears, staffPage } from '/api/app/staff.js';

const $ = (id) => document.getElementById(id);
await staffPage();

const DELIVERY = { delivered: 'ok', failed: 'bad', pending: 'warn', sending: 'warn', stored: 'info' };

// Units: everyone who holds an assignment in any programme year.
const units = new Set();
await Promise.all(programmeYears().map(async (y) => {
  try { for (const a of await all(`/programmes/${y}/assignments`)) units.add(a.unit); } catch { /* a year without a programme */ }
}));
for (const u of [...units].sort((a, b) => a.localeCompare(b, 'zh-CN'))) $('unit').append(el('option', { value: u }, u));

async function search() {
  const unit = $('unit').value; const period = $('period').value.trim(); const kind = $('kind').value;
  const status = clear($('status')); const box = clear($('list'));
  if (!unit && !period) {
    status.append(el('p', { class: 'problem' }, '请选择接收单位，或填写期间。'));
    $('period').setAttribute('aria-invalid', 'true'); $('period').focus();
    return;
  }
  $('period').removeAttribute('aria-invalid');
  const q = new URLSearchParams();
  if (unit) q.set('unit', unit);
  if (period) q.set('period', period);
  if (kind) q.set('kind', kind);
  history.replaceState(null, '', `?${q}`);
  box.append(el('p', { class: 'hint' }, '正在查询……'));
  let items;
  try { items = await all(`/notices?${q}`); } catch (e) { clear(box); status.append(problemBox(e.problem)); return; }
  clear(box);
  status.append(el('p', {}, `共 ${items.length} 条通知。`));
  if (!items.length) return;
  box.append(el('table', {}, el('caption', { class: 'sr-only' }, '通知及推送状态'),
    el('thead', {}, el('tr', {}, ['生成时间', '类型', '接收单位', '期间', '标题与内容', '推送状态'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, items.map((n) => el('tr', {},
      el('td', {}, beijing(n.createdAt)), el('td', {}, n.kindName || n.kind), el('td', {}, n.recipient), el('td', {}, n.period),
      el('td', {}, el('details', {}, el('summary', {}, n.title), el('p', {}, n.text))),
      el('td', {}, chip(n.deliveryStateName || n.deliveryState, DELIVERY[n.deliveryState] || ''),
        n.attempts?.length ? el('div', { class: 'hint' }, `已尝试 ${n.attempts.length} 次${n.attempts.at(-1)?.detail ? `：${n.attempts.at(-1).detail}` : ''}`) : null,
        n.nextAttemptAt ? el('div', { class: 'hint' }, `下次尝试 ${beijing(n.nextAttemptAt)}`) : null))))));
}

$('filters').addEventListener('submit', (e) => { e.preventDefault(); search(); });
for (const [id, key] of [['unit', 'unit'], ['period', 'period'], ['kind', 'kind']]) if (param(key)) $(id).value = param(key);
if (!$('unit').value && !$('period').value && units.size) $('unit').value = [...$('unit').options][1]?.value || '';
search();
