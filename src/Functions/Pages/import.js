// The allocation import (资金分配表) by file: counts created/updated/unchanged, or every bad row.
import { api, clear, el, problemBox, yuan } from '/api/app/app.js';
import { chip, param, programmeYears, staffPage } from '/api/app/staff.js';

const $ = (id) => document.getElementById(id);
await staffPage();
for (const y of programmeYears()) $('year').append(el('option', { value: y }, `${y}年度`));
$('year').value = param('year') || String(programmeYears()[1]);

const STATUS = { created: ['新建', 'ok'], updated: ['已更新', 'info'], unchanged: ['未变', ''] };

/** The refusal's errors, keyed "第N行.列", as one table row per message, in row order. */
function rowErrors(errors) {
  const rows = []; const other = [];
  for (const [key, messages] of Object.entries(errors || {})) {
    const m = /^第(\d+)行\.(.*)$/.exec(key);
    for (const message of messages) (m ? rows.push([Number(m[1]), m[2], message]) : other.push([key, message]));
  }
  rows.sort((a, b) => a[0] - b[0]);
  return { rows, other };
}

$('import-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = clear($('result'));
  const file = $('file').files[0];
  if (!file) { $('file').setAttribute('aria-invalid', 'true'); out.append(el('p', { class: 'problem', role: 'alert' }, '请选择资金分配表文件。')); $('file').focus(); return; }
  $('file').removeAttribute('aria-invalid');
  const year = $('year').value;
  const body = new FormData();
  body.append('file', file, file.name);
  const button = e.target.querySelector('button'); button.disabled = true;
  out.append(el('p', { class: 'hint' }, `正在导入“${file.name}”……`));
  const r = await api(`/programmes/${year}/allocations`, { method: 'POST', body });
  button.disabled = false;
  clear(out);
  if (!r.ok) {
    const { rows, other } = rowErrors(r.data?.errors);
    const box = el('section', { class: 'card', 'aria-labelledby': 'refused-h' }, el('h2', { id: 'refused-h' }, '未导入'), problemBox({ ...r.data, detail: rows.length ? `共 ${new Set(rows.map((x) => x[0])).size} 行有误，整表未导入任何数据。请改正下列各行后重新导入。` : r.data?.detail, errors: Object.fromEntries(other.map(([k, m]) => [k, [m]])) }));
    if (rows.length) {
      box.append(el('h3', {}, `有误的行（${new Set(rows.map((x) => x[0])).size} 行）`),
        el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': '有误的行（可横向滚动）' }, el('table', {}, el('caption', { class: 'sr-only' }, '资金分配表中有误的行'),
          el('thead', {}, el('tr', {}, ['行号', '列', '问题'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, rows.map(([row, column, message]) => el('tr', {}, el('th', { scope: 'row' }, `第 ${row} 行`), el('td', {}, column), el('td', {}, message)))))));
    }
    out.append(box);
    return;
  }
  const d = r.data;
  out.append(el('section', { class: 'card', 'aria-labelledby': 'done-h' },
    el('h2', { id: 'done-h' }, `${d.year}年度资金分配表已导入`),
    el('p', { class: 'notice-ok', role: 'status' }, `新建 ${d.created} 个项目，更新 ${d.updated} 个，未变 ${d.unchanged} 个。`),
    el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': '导入后的项目（可横向滚动）' }, el('table', {}, el('caption', { class: 'sr-only' }, '导入后的项目'),
      el('thead', {}, el('tr', {}, ['结果', '序号', '责任单位', '承接社区', '任务类型', '分配金额', '周期'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, d.assignments.map(({ status, assignment: a }) => el('tr', {},
        el('td', {}, chip(...STATUS[status] || [status, ''])), el('td', {}, a.serialNumber || '—'), el('td', {}, a.unit),
        el('th', { scope: 'row' }, el('a', { href: `/api/app/assignment.html?id=${encodeURIComponent(a.id)}` }, a.community)),
        el('td', {}, a.taskTypeName), el('td', { class: 'num' }, yuan(a.allocation)), el('td', {}, `${a.startDate} 至 ${a.deadline}`)))))),
    el('p', {}, el('a', { href: `/api/app/workbench.html?year=${d.year}` }, `到工作台查看${d.year}年度`))));
});
