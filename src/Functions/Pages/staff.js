// What every page of the bureau's workbench shares: the staff-only sign-in check, the header with
// the workbench's links (the current page marked), the programme year, and small builders for chips.
import { el, header, requireRole } from '/api/app/app.js';

export const STAFF_LINKS = [
  ['/api/app/workbench.html', '工作台'],
  ['/api/app/documents.html', '文件'],
  ['/api/app/notices.html', '通知'],
  ['/api/app/import.html', '导入分配表'],
  ['/api/app/tokens.html', '令牌'],
];

/** Checks the sign-in is staff, puts the header above <main>, and answers who is signed in. */
export async function staffPage() {
  const me = await requireRole('staff');
  const bar = header(me, STAFF_LINKS);
  for (const a of bar.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === location.pathname) a.setAttribute('aria-current', 'page');
  }
  document.body.prepend(bar);
  return me;
}

/** The colour class of a requirement state (by code or Chinese name). */
export function requirementTone(state) {
  switch (state) {
    case 'met': case '达标': case 'review_passed': case '已审核通过': return 'ok';
    case 'not_met': case '未达标': case 'review_failed': case '已审核不通过': return 'bad';
    case 'awaiting_review': case '待审核': case 'evidence_missing': case '缺少证明材料': return 'warn';
    default: return 'info';
  }
}

/** The colour class, mark and code of a month's report state (按时 / 逾期补报 / 未报 / 待报 / 退回待改). */
export const MONTH_STATES = {
  on_time: { name: '按时', tone: 'ok', mark: '✓' },
  late: { name: '逾期补报', tone: 'warn', mark: '!' },
  missing: { name: '未报', tone: 'bad', mark: '✗' },
  pending: { name: '待报', tone: '', mark: '…' },
  returned: { name: '退回待改', tone: 'info', mark: '↩' },
};

export function monthStateCode(month) {
  if (month.stateCode) return month.stateCode;
  const found = Object.entries(MONTH_STATES).find(([, s]) => s.name === month.state);
  return found ? found[0] : 'pending';
}

/** A chip whose colour is never the only carrier of meaning: the text says it too. */
export function chip(text, tone, attrs = {}) {
  return el('span', { class: tone ? `chip ${tone}` : 'chip', ...attrs }, text);
}

/** One month of the strip: "6月✓" seen, "2023年6月：按时" read out. */
export function monthChip(month) {
  const code = monthStateCode(month);
  const s = MONTH_STATES[code];
  const [y, m] = month.period.split('-');
  const spoken = `${y}年${Number(m)}月：${month.state || s.name}${month.returnReason ? `（退回原因：${month.returnReason}）` : ''}`;
  return el('span', { class: s.tone ? `chip month ${s.tone}` : 'chip month', title: spoken, 'data-state': code },
    el('span', { 'aria-hidden': 'true' }, `${Number(m)}月${s.mark}`),
    el('span', { class: 'sr-only' }, spoken));
}

/** A labelled field: label above, control below; the control must carry the id. */
export function field(labelText, control, hint) {
  return el('div', { class: 'field' }, el('label', { for: control.id }, labelText), control, hint ? el('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null);
}

/** Query-string parameter of this page. */
export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** The programme years a picker offers: 2023 (the first) to next year. */
export function programmeYears() {
  const now = Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }));
  const years = [];
  for (let y = now + 1; y >= 2023; y--) years.push(y);
  return years;
}

/** A download link that opens in a new tab without telling the other side where it came from. */
export function downloadLink(url, content, attrs = {}) {
  return el('a', { href: url, target: '_blank', rel: 'noreferrer noopener', ...attrs }, content);
}
