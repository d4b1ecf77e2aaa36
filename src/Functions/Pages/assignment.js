// One assignment as staff see it: facts, requirements, months and their reports (versions compared
// field by field, 退回修改), evidence with thumbnails and downloads, the evaluation form (If-Match),
// the dossier link and the audit trail. Every figure and verdict comes from the API.
import { all, api, append, beijing, clear, el, monthName, percent, problemBox, yuan } from '/api/app/app.js';
import { chip, downloadLink, monthChip, monthStateCode, MONTH_STATES, param, requirementTone, staffPage } from '/api/app/staff.js';

const $ = (id) => document.getElementById(id);
const id = param('id');
let view = null;

await staffPage();

const REPORTED = { not_started: '未开始', in_progress: '进行中', done: '已完成' };
const METRICS = {
  households: '户数', urbanPopulation: '城镇人口', centreArea: '综合服务设施面积（平方米）', activityArea: '居民活动场所面积（平方米）',
  facilityOwner: '综合服务设施产权归属', communityWorkers: '社区工作者人数', volunteerTeam: '志愿服务队伍',
  consultationProjects: '协商议事项目数', elderlyCareStation: '居家社区养老服务站', socialWorkRoom: '社会工作室',
};

function facts(pairs) {
  return el('dl', { class: 'facts' }, pairs.filter(Boolean).flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function table(caption, heads, rows) {
  return el('table', {}, el('caption', { class: 'sr-only' }, caption),
    el('thead', {}, el('tr', {}, heads.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows));
}

async function loadView() {
  const r = await api(`/assignments/${encodeURIComponent(id)}`);
  if (!r.ok) {
    clear($('status')).append(problemBox(r.data || { title: '项目不存在' }));
    return false;
  }
  view = r.data;
  const a = view.assignment;
  $('title').textContent = `${a.community} · ${a.taskTypeName}`;
  document.title = `${a.community} · 项目详情 · 东胜区“2121”工程`;
  clear($('facts')).append(facts([
    ['责任单位', a.unit], ['承接社区', `${a.community}（${a.communityKindName}）`], ['任务类型', a.taskTypeName],
    a.serialNumber ? ['分配表序号', a.serialNumber] : null,
    ['分配金额', yuan(a.allocation)], ['项目周期', `${a.startDate} 至 ${a.deadline}`],
    ['累计支出', [yuan(view.cumulativeSpend), ' ', view.overspent ? chip('超支', 'bad') : chip(view.spendState || '正常', 'ok')]],
    ['执行率', view.executionRateText],
    ['进度', `${view.progressShareText}（${view.progressText}）`],
    ['时间已过', view.timeShareText],
  ]));
  clear($('requirements')).append(table('创建要求及其状态', ['编号', '要求', '状态', '数据', '说明', '单位上报'], view.requirements.map((q) => el('tr', {},
    el('th', { scope: 'row' }, q.id),
    el('td', {}, el('details', {}, el('summary', {}, q.name), el('p', {}, q.rule))),
    el('td', {}, chip(q.stateName, requirementTone(q.state))),
    el('td', {}, q.figures.length ? el('ul', { class: 'plain' }, q.figures.map((f) => el('li', {},
      `${f.label}：${f.actual}`, f.required && f.required !== '—' ? `（要求 ${f.required}）` : '', f.met === true ? ' ✓ 满足' : f.met === false ? ' ✗ 不满足' : ''))) : '—'),
    el('td', {}, q.explanation || '—'),
    el('td', {}, q.reportedStatus ? REPORTED[q.reportedStatus] : '—')))));
  drawMonths();
  return true;
}

function drawMonths() {
  const hasReport = (m) => ['on_time', 'late', 'returned'].includes(monthStateCode(m));
  clear($('months')).append(table('各月报送情况', ['月份', '截止日', '状态', '月末执行率', '月末进度', '报告'], view.months.map((m) => el('tr', {},
    el('th', { scope: 'row' }, monthName(m.period)),
    el('td', {}, m.dueDay),
    el('td', {}, monthChip(m), m.returnReason ? el('div', { class: 'hint' }, `退回原因：${m.returnReason}`) : null),
    el('td', { class: 'num' }, m.executionRate === undefined ? '—' : percent(m.executionRate)),
    el('td', { class: 'num' }, m.progressShare === undefined ? '—' : percent(m.progressShare)),
    el('td', {}, hasReport(m) ? el('button', { type: 'button', class: 'secondary', 'aria-controls': 'report', onclick: () => showReport(m.period) }, `查看${Number(m.period.slice(5))}月报告`) : MONTH_STATES[monthStateCode(m)].name === '待报' ? '尚未到期' : '无')))));
}

// ---- Reports: the current version, earlier versions, the difference, 退回修改 ----

function fieldsOf(v) {
  const out = [['本月进展', v.summary], ['存在问题', v.problems], ['下月计划', v.nextPlan], ['本月支出', v.fundsSpent === null || v.fundsSpent === undefined ? null : yuan(v.fundsSpent)]];
  const reqName = (rid) => view.requirements.find((q) => q.id === rid)?.name || '';
  for (const q of view.requirements) {
    const p = (v.progress || []).find((x) => x.requirement === q.id);
    out.push([`${q.id} ${reqName(q.id)}`, p ? `${REPORTED[p.status] || p.status}${p.note ? `：${p.note}` : ''}` : null]);
  }
  for (const [key, label] of Object.entries(METRICS)) {
    const value = v.metrics?.[key];
    out.push([label, value === true ? '有' : value === false ? '无' : value]);
  }
  return out.map(([label, value]) => [label, value === null || value === undefined || value === '' ? '' : String(value)]);
}

function versionLabel(v) {
  return `第 ${v.version} 版（${beijing(v.receivedAt)}，${v.timeliness}${v.returned ? '，已退回' : ''}）`;
}

function diffTable(a, b) {
  const fa = fieldsOf(a); const fb = fieldsOf(b);
  const rows = fa.map(([label, va], i) => {
    const vb = fb[i][1];
    if (!va && !vb) return null;
    const changed = va !== vb;
    return el('tr', { class: changed ? 'changed' : null },
      el('th', { scope: 'row' }, label, changed ? el('span', { class: 'changed-mark' }, '（已修改）') : null),
      el('td', {}, va || '—'), el('td', {}, vb || '—'));
  }).filter(Boolean);
  const count = rows.filter((r) => r.classList.contains('changed')).length;
  return [el('p', {}, count ? `共 ${count} 项不同，已用底色和“已修改”标出。` : '两个版本内容相同。'),
    el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': '版本差异（可横向滚动）' }, table(`第${a.version}版与第${b.version}版的差异`, ['字段', `第 ${a.version} 版`, `第 ${b.version} 版`], rows))];
}

function returnedNote(v) {
  return v.returned ? el('div', { class: 'returned' }, el('p', {}, chip('退回待改', 'info'), ` ${beijing(v.returned.returnedAt)} 由 ${v.returned.returnedBy} 退回修改。`),
    el('p', {}, `原因：${v.returned.reason}`)) : null;
}

async function showReport(period) {
  const box = clear($('report'));
  box.append(el('p', { class: 'hint' }, `正在读取${monthName(period)}的报告……`));
  const r = await api(`/assignments/${encodeURIComponent(id)}/reports/${period}`);
  clear(box);
  if (!r.ok) { box.append(problemBox(r.data)); return; }
  const rep = r.data; const cur = rep.current;
  const heading = el('h3', { tabindex: '-1' }, `${monthName(period)}月度进展`);
  append(box, [heading,
    facts([['报送状态', rep.state], ['首次报送', beijing(rep.firstReceivedAt)], ['当前版本', versionLabel(cur)], ['报送人', cur.submittedBy]]),
    returnedNote(cur),
    el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': '当前版本内容（可横向滚动）' }, table('当前版本内容', ['字段', '内容'], fieldsOf(cur).filter(([, v]) => v).map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v)))))]);

  if (!cur.returned) box.append(returnForm(period, cur));

  const versions = rep.versions || [];
  if (versions.length > 1) {
    const older = el('select', { id: 'diff-a' }, versions.map((v) => el('option', { value: v.version }, `第 ${v.version} 版`)));
    const newer = el('select', { id: 'diff-b' }, versions.map((v) => el('option', { value: v.version }, `第 ${v.version} 版`)));
    older.value = String(versions[versions.length - 2].version);
    newer.value = String(versions[versions.length - 1].version);
    const out = el('div', { 'aria-live': 'polite' });
    const draw = () => clear(out).append(...diffTable(versions.find((v) => String(v.version) === older.value), versions.find((v) => String(v.version) === newer.value)));
    older.addEventListener('change', draw); newer.addEventListener('change', draw);
    box.append(el('h4', {}, '版本比较'),
      el('div', { class: 'row' }, el('div', {}, el('label', { for: 'diff-a' }, '较早版本'), older), el('div', {}, el('label', { for: 'diff-b' }, '较新版本'), newer)),
      out);
    draw();
  }
  box.append(el('h4', {}, '全部版本'), el('ul', {}, versions.map((v) => el('li', {}, versionLabel(v), v.returned ? `，退回原因：${v.returned.reason}` : ''))));
  heading.focus();
}

function returnForm(period, cur) {
  const reason = el('textarea', { id: 'return-reason', name: 'reason', maxlength: 500, required: true, 'aria-describedby': 'return-hint' });
  const out = el('div', { role: 'status', 'aria-live': 'polite' });
  const form = el('form', { class: 'card', 'aria-labelledby': 'return-h' },
    el('h4', { id: 'return-h' }, `退回第 ${cur.version} 版修改`),
    el('label', { for: 'return-reason' }, '退回原因'), reason,
    el('p', { class: 'hint', id: 'return-hint' }, '1至500字。单位会收到通知，修改后重新报送。'),
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, '退回修改')), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button'); button.disabled = true;
    const r = await api(`/assignments/${encodeURIComponent(id)}/reports/${period}/return`, { method: 'POST', json: { reason: reason.value.trim(), version: cur.version } });
    button.disabled = false;
    if (!r.ok) {
      clear(out).append(problemBox(r.status === 404 && !r.data ? { title: '退回功能暂不可用', detail: '服务器尚未提供退回修改。' } : r.data));
      return;
    }
    await loadView();
    await showReport(period);
    $('report').prepend(el('p', { class: 'notice-ok', role: 'status' }, `已退回${monthName(period)}第 ${cur.version} 版，已通知${view.assignment.unit}。`));
    loadAudit();
  });
  return form;
}

// ---- Evidence ----

async function loadEvidence() {
  const box = clear($('evidence'));
  let items;
  try { items = await all(`/assignments/${encodeURIComponent(id)}/evidence`); } catch (e) { box.append(problemBox(e.problem)); return; }
  if (!items.length) { box.append(el('p', { class: 'hint' }, '尚未上传证明材料。')); $('bundle').disabled = true; return; }
  box.append(el('ul', { class: 'evidence-grid' }, items.map((x) => {
    const ext = (x.fileName.split('.').pop() || '').toUpperCase();
    const picture = x.contentType.startsWith('image/')
      ? el('img', { src: x.url, alt: x.caption || x.fileName, loading: 'lazy', referrerpolicy: 'no-referrer' })
      : el('div', { class: 'file-icon', 'aria-hidden': 'true' }, ext || '文件');
    return el('li', {}, picture,
      el('p', {}, el('strong', {}, x.fileName)),
      el('p', { class: 'hint' }, `${x.requirement || '未指定要求'} · ${monthName(x.period)} · ${(x.size / 1024).toFixed(1)} KB`),
      x.caption ? el('p', {}, x.caption) : null,
      el('p', { class: 'hint' }, `${x.uploadedBy} 上传于 ${beijing(x.uploadedAt)}`),
      downloadLink(x.url, '下载', { 'aria-label': `下载 ${x.fileName}`, download: x.fileName }));
  })));
}

$('bundle').addEventListener('click', async () => {
  const out = clear($('bundle-result'));
  $('bundle').disabled = true;
  out.append(el('p', { class: 'hint' }, '正在打包……'));
  const r = await api(`/assignments/${encodeURIComponent(id)}/evidence/bundle`, { method: 'POST' });
  $('bundle').disabled = false;
  clear(out);
  if (!r.ok) { out.append(problemBox(r.data)); return; }
  out.append(el('p', { class: 'notice-ok' }, '压缩包已生成：', downloadLink(r.data.url, '下载全部证明材料（.zip）'),
    `，链接有效至 ${beijing(r.data.expiresAt)}。SHA-256：${r.data.sha256}`));
});

// ---- Evaluation (评估验收) ----

const EVAL_LABELS = { completedOn: '完成日期', evaluatedOn: '验收日期', evaluator: '验收人', experience: '典型经验', results: '逐项评定', body: '验收记录' };
let etag = null;

function labelOf(key) {
  const m = /^results\[(\d+)\]\.?(\w*)$/.exec(key);
  if (m) {
    const q = view.requirements[Number(m[1])];
    return `${q ? `${q.id} ${q.name}` : `第${Number(m[1]) + 1}项`}${m[2] === 'note' ? ' 说明' : m[2] === 'passed' ? ' 评定' : ''}`;
  }
  return EVAL_LABELS[key] || key;
}

/** The control a refused field belongs to (results[i] are sent in the requirements' order). */
function controlOf(key) {
  const m = /^results\[(\d+)\]\.?(\w*)$/.exec(key);
  if (m) {
    const q = view.requirements[Number(m[1])];
    if (!q) return null;
    return m[2] === 'note' ? $(`note-${q.id}`) : $(`fs-${q.id}`);
  }
  return { completedOn: $('completedOn'), evaluatedOn: $('evaluatedOn'), evaluator: $('evaluator'), experience: $('experience') }[key] || null;
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
}

function showErrors(form, problem) {
  for (const [key, messages] of Object.entries(problem.errors || {})) {
    const control = controlOf(key);
    if (!control) continue;
    const errId = `err-${control.id}`;
    const note = el('p', { class: 'field-error', id: errId }, messages.join('；'));
    if (control.tagName === 'FIELDSET') control.append(note);
    else { control.setAttribute('aria-invalid', 'true'); control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') || ''} ${errId}`.trim()); control.after(note); }
  }
}

function problemList(problem) {
  const box = el('div', { class: 'problem', role: 'alert' }, el('strong', {}, problem?.title || '未保存'),
    problem?.detail && problem.detail !== problem.title ? el('p', {}, problem.detail) : null);
  const errors = Object.entries(problem?.errors || {});
  if (errors.length) box.append(el('ul', {}, errors.map(([k, ms]) => el('li', {}, `${labelOf(k)}：${ms.join('；')}`))));
  return box;
}

function evaluationSummary(data) {
  const cur = data.current;
  return el('div', {},
    facts([
      ['验收结论', [chip(cur.allPassed ? '全部通过' : '有未通过项', cur.allPassed ? 'ok' : 'bad'), ` 第 ${cur.version} 版`]],
      ['项目结果', data.outcome ? [chip(data.outcome.name, { early: 'ok', 'on-time': 'ok', pending: 'info', 'not-completed': 'bad' }[data.outcome.code] || 'info'), ` ${data.outcome.reason || ''}`] : '—'],
      ['完成 / 验收日期', `${cur.completedOn} / ${cur.evaluatedOn}`],
      ['验收人', cur.evaluator],
      ['记录', `${cur.recordedBy}，${beijing(cur.recordedAt)}`],
      ['验收档案', data.dossier ? [downloadLink(data.dossier.url, `下载${data.dossier.fileName}`), `（${(data.dossier.size / 1024).toFixed(1)} KB，链接有效至 ${beijing(data.dossier.expiresAt)}）`] : '—'],
    ]),
    data.versions?.length > 1 ? el('details', {}, el('summary', {}, `历次验收记录（${data.versions.length} 版）`),
      el('ul', {}, data.versions.map((v) => el('li', {}, `第 ${v.version} 版：${v.evaluatedOn} ${v.evaluator}，${v.allPassed ? '全部通过' : '有未通过项'}（${v.recordedBy}，${beijing(v.recordedAt)}）`)))) : null);
}

async function loadEvaluation() {
  const box = clear($('evaluation'));
  const r = await api(`/assignments/${encodeURIComponent(id)}/evaluation`);
  let data = null;
  if (r.ok) { data = r.data; etag = r.headers.get('ETag') || data.eTag; } else if (r.status === 404) { etag = null; } else { box.append(problemBox(r.data)); return; }
  append(box, [data ? evaluationSummary(data) : el('p', { class: 'hint' }, '尚未验收。填写下表记录验收结果。')]);
  box.append(evaluationForm(data));
}

function evaluationForm(data) {
  const cur = data?.current;
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const input = (idName, type, value, attrs = {}) => el('input', { id: idName, name: idName, type, value: value ?? '', ...attrs });
  const out = el('div', { 'aria-live': 'polite' });
  const experience = el('textarea', { id: 'experience', name: 'experience', maxlength: 1000, 'aria-describedby': 'experience-count' }, cur?.experience || '');
  const counter = el('p', { class: 'hint', id: 'experience-count' });
  const count = () => { counter.textContent = `${experience.value.length} / 1000 字；季通报表扬时引用。`; };
  experience.addEventListener('input', count); count();

  const form = el('form', { novalidate: true, 'aria-labelledby': 'eval-form-h' },
    el('h3', { id: 'eval-form-h' }, cur ? `修订验收记录（当前第 ${cur.version} 版）` : '记录验收结果'),
    view.requirements.map((q) => {
      const prev = cur?.results?.find((j) => j.requirement === q.id);
      const radio = (value, text) => el('label', {}, el('input', { type: 'radio', name: `passed-${q.id}`, value, checked: prev ? String(prev.passed) === value : false }), text);
      return el('fieldset', { id: `fs-${q.id}`, tabindex: '-1' },
        el('legend', {}, `${q.id} ${q.name}`),
        el('p', {}, '计算结果：', chip(q.stateName, requirementTone(q.state)), ` ${q.explanation || ''}`),
        el('div', { class: 'choices' }, radio('true', '通过'), radio('false', '不通过')),
        el('label', { for: `note-${q.id}` }, '说明（评定与计算结果不一致时必填）'),
        el('textarea', { id: `note-${q.id}`, name: `note-${q.id}`, maxlength: 1000, class: 'short' }, prev?.note || ''));
    }),
    el('div', { class: 'row' },
      el('div', {}, el('label', { for: 'completedOn' }, '完成日期'), input('completedOn', 'date', cur?.completedOn, { required: true })),
      el('div', {}, el('label', { for: 'evaluatedOn' }, '验收日期'), input('evaluatedOn', 'date', cur?.evaluatedOn || today, { required: true, max: today })),
      el('div', {}, el('label', { for: 'evaluator' }, '验收人'), input('evaluator', 'text', cur?.evaluator, { required: true, maxlength: 50 }))),
    el('label', { for: 'experience' }, '典型经验'), experience, counter,
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, cur ? '保存修订' : '保存验收结果')),
    out);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      completedOn: $('completedOn').value || null,
      evaluatedOn: $('evaluatedOn').value || null,
      evaluator: $('evaluator').value.trim(),
      experience: experience.value.trim() || null,
      results: view.requirements.map((q) => {
        const chosen = form.querySelector(`input[name="passed-${q.id}"]:checked`);
        const note = $(`note-${q.id}`).value.trim();
        return { requirement: q.id, ...(chosen ? { passed: chosen.value === 'true' } : {}), ...(note ? { note } : {}) };
      }),
    };
    const headers = etag ? { 'If-Match': etag } : { 'If-None-Match': '*' };
    const button = form.querySelector('button[type=submit]'); button.disabled = true;
    const r = await api(`/assignments/${encodeURIComponent(id)}/evaluation`, { method: 'PUT', json: body, headers });
    button.disabled = false;
    clear(out);
    if (r.ok) {
      etag = r.headers.get('ETag') || r.data.eTag;
      await loadView();
      await loadEvaluation();
      $('evaluation').prepend(el('p', { class: 'notice-ok', role: 'status' }, `验收记录已保存（第 ${r.data.current.version} 版），已通知${view.assignment.unit}。`));
      loadAudit();
      return;
    }
    if (r.status === 412 || r.status === 428) {
      out.append(el('div', { class: 'problem', role: 'alert' },
        el('strong', {}, '评估已被他人修改，请刷新后重新核对再保存'),
        el('p', {}, r.data?.detail || ''),
        el('button', { type: 'button', class: 'secondary', onclick: async () => { await loadView(); await loadEvaluation(); $('eval-h').scrollIntoView(); } }, '刷新验收记录')));
      return;
    }
    out.append(problemList(r.data));
    showErrors(form, r.data || {});
    form.querySelector('[aria-invalid=true], fieldset:has(.field-error)')?.focus();
  });
  return form;
}

// ---- Audit trail ----

const ACTIONS = {
  'report.submit': '报送月度进展', 'report.return': '退回修改', 'evidence.upload': '上传证明材料', 'evidence.list': '查看证明材料',
  'evidence.link': '下载证明材料', 'evidence.bundle': '打包下载证明材料', 'evaluation.record': '记录验收', 'allocation.import': '导入资金分配表',
  'token.issue': '发放令牌', 'token.revoke': '撤销令牌', 'application.submit': '申报',
};

async function loadAudit() {
  const box = clear($('audit'));
  let items;
  try { items = await all(`/audit?assignment=${encodeURIComponent(id)}`); } catch (e) { box.append(problemBox(e.problem)); return; }
  if (!items.length) { box.append(el('p', { class: 'hint' }, '暂无记录。')); return; }
  box.append(table('操作记录，最新的在前', ['时间', '操作人', '操作', '说明'], items.map((x) => el('tr', {},
    el('td', {}, beijing(x.at)), el('td', {}, x.actor), el('td', {}, ACTIONS[x.action] || x.action), el('td', {}, x.description)))));
}

if (!id) {
  $('status').append(problemBox({ title: '缺少项目编号', detail: '请从工作台打开项目。' }));
} else if (await loadView()) {
  const period = param('period');
  if (period) showReport(period);
  loadEvidence();
  loadEvaluation();
  loadAudit();
}
