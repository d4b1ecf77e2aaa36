// The town clerk's page: pick an assignment and a month the API accepts, fill in the monthly report
// (月度进展) with a live preview of each requirement's state computed by the server, upload photos and
// documents one by one, and see the unit's reports and notices. The page never judges a requirement
// itself: every verdict shown comes from the preview route or the assignment view.
import {
  all, api, beijing, clear, el, EXPIRED, header, monthName, percent, problemBox, requireRole, signOut, token, yuan,
} from '/api/app/app.js';

const $ = (id) => document.getElementById(id);
const status = $('status');

// ---- Figures (社区指标) --------------------------------------------------------------------------
// Which figures each requirement's rule reads; requirements not listed here read no figure
// (evidence only). An unknown requirement id shows every figure.
const METRICS = [
  { key: 'households', label: '户数（户）', kind: 'int' },
  { key: 'urbanPopulation', label: '城镇人口（人）', kind: 'int' },
  { key: 'centreArea', label: '服务中心面积（平方米）', kind: 'decimal' },
  { key: 'activityArea', label: '居民活动面积（平方米）', kind: 'decimal' },
  { key: 'facilityOwner', label: '设施产权', kind: 'owner' },
  { key: 'communityWorkers', label: '社区工作者（人）', kind: 'int' },
  { key: 'volunteerTeam', label: '志愿服务队伍', kind: 'yesno', yes: '已建立', no: '未建立' },
  { key: 'consultationProjects', label: '协商完成项目数（个）', kind: 'int' },
  { key: 'elderlyCareStation', label: '养老服务站', kind: 'yesno', yes: '已配建', no: '未配建' },
  { key: 'socialWorkRoom', label: '社会工作室', kind: 'yesno', yes: '已配建', no: '未配建' },
];
const OWNERS = ['居民委员会', '基层政府', '城乡社区', '其他'];
const READS = {
  'BJ-1': [], 'BJ-3': [], 'BJ-7': [], 'FW-1': [], 'FW-4': [],
  'BJ-2': ['households', 'centreArea', 'activityArea', 'facilityOwner'],
  'BJ-4': ['consultationProjects'],
  'BJ-5': ['urbanPopulation', 'communityWorkers', 'volunteerTeam'],
  'BJ-6': ['elderlyCareStation', 'socialWorkRoom'],
  'FW-2': ['households', 'centreArea'],
  'FW-3': ['facilityOwner'],
  'FW-5': ['elderlyCareStation'],
};
const STATUSES = [['not_started', '未开始'], ['in_progress', '进行中'], ['done', '已完成']];

// ---- Chips ---------------------------------------------------------------------------------------
const STATE_CLASS = {
  met: 'ok', review_passed: 'ok', not_met: 'bad', review_failed: 'bad',
  awaiting_review: 'warn', evidence_missing: 'warn',
};
const STATE_NAME_CLASS = { 达标: 'ok', 已审核通过: 'ok', 未达标: 'bad', 已审核不通过: 'bad', 待审核: 'warn', 缺少证明材料: 'warn' };
const MONTH_CLASS = { 按时: 'ok', 逾期补报: 'warn', 未报: 'bad', 待报: 'info', 退回待改: 'bad' };

function stateChip(req) {
  const cls = STATE_CLASS[req.state] || STATE_NAME_CLASS[req.stateName] || 'info';
  return el('span', { class: `chip ${cls}` }, req.stateName || '—');
}

function monthChip(state) {
  return el('span', { class: `chip ${MONTH_CLASS[state] || 'info'}` }, state || '—');
}

// ---- Page state ----------------------------------------------------------------------------------
const state = {
  me: null,
  assignments: [],      // summaries of the chosen year
  view: null,           // GET /assignments/{id}
  period: null,
  report: null,         // GET …/reports/{period} (null when none yet)
  fields: new Map(),    // field name → input element
  previewTimer: 0,
  previewAbort: null,
  sending: false,
  resendOnline: false,
};

function draftKey() {
  return `governance.draft.${state.view.assignment.id}.${state.period}`;
}

// ---- Start ---------------------------------------------------------------------------------------
async function start() {
  const me = await requireRole('unit');
  state.me = me;
  $('top').append(header(me));
  $('greeting').textContent = `${me.unit}，你好`;
  document.title = `${me.unit} · 月度进展填报`;
  buildMetricInputs();
  wireForm();
  loadNotices();

  const years = await yearsWithAssignments();
  if (years.length === 0) {
    status.append(el('p', {}, '你单位目前没有承接的项目。如有疑问，请联系区民政局。'));
    return;
  }
  const yearSelect = $('year');
  for (const y of years) yearSelect.append(el('option', { value: y.year }, `${y.year}年`));
  $('year-field').hidden = years.length < 2;
  yearSelect.addEventListener('change', () => chooseYear(years.find((y) => String(y.year) === yearSelect.value)));
  $('choose').hidden = false;
  const remembered = JSON.parse(sessionStorage.getItem('clerk.choice') || 'null');
  const first = years.find((y) => remembered && y.items.some((a) => a.id === remembered.id)) || years[0];
  yearSelect.value = String(first.year);
  await chooseYear(first, remembered);
}

/** The programme years, newest first, that hold assignments of this unit (next year back to 2023, the first; the browser's clock only bounds the search). */
async function yearsWithAssignments() {
  const now = Number(new Date().toLocaleString('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }));
  const candidates = [];
  for (let y = now + 1; y >= 2023; y--) candidates.push(y);
  const lists = await Promise.all(candidates.map(async (year) => {
    try { return { year, items: await all(`/programmes/${year}/assignments`) }; } catch { return { year, items: [] }; }
  }));
  return lists.filter((l) => l.items.length > 0);
}

async function chooseYear(year, remembered) {
  state.assignments = year.items;
  const select = clear($('assignment'));
  for (const a of year.items) select.append(el('option', { value: a.id }, `${a.community} · ${a.taskTypeName}`));
  const pick = remembered && year.items.some((a) => a.id === remembered.id) ? remembered.id : year.items[0].id;
  select.value = pick;
  await chooseAssignment(pick, remembered?.period);
}

async function chooseAssignment(id, period) {
  const r = await api(`/assignments/${encodeURIComponent(id)}`);
  if (!r.ok) {
    clear(status).append(problemBox(r.data));
    return;
  }
  state.view = r.data;
  const a = r.data.assignment;
  $('assignment-facts').textContent =
    `${a.communityKindName} · 资金 ${yuan(a.allocation)} · 期限 ${a.startDate} 至 ${a.deadline} · 已完成 ${r.data.progressShareText ?? percent(r.data.progressShare)}，资金执行率 ${r.data.executionRateText ?? percent(r.data.executionRate)}`;
  buildRequirementCards();
  renderMonths();
  fillPeriods(period);
  loadEvidence();
  $('history').hidden = false;
  $('evidence').hidden = false;
}

/** Months the API would accept now: `submittable` from the view; before that field existed, every month up to this one. */
function submittableMonths(view) {
  const thisMonth = new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
  return view.months.filter((m) => (typeof m.submittable === 'boolean' ? m.submittable : m.period <= thisMonth));
}

function fillPeriods(wanted) {
  const select = clear($('period'));
  const months = submittableMonths(state.view).slice().reverse();
  if (months.length === 0) {
    $('report').hidden = true;
    clear(status).append(el('p', {}, '本项目目前没有可以报送的月份。'));
    return;
  }
  for (const m of months) {
    select.append(el('option', { value: m.period }, `${monthName(m.period)}（${m.state}）`));
  }
  // A returned month first, then the one asked for, then the newest.
  const returned = months.find((m) => m.stateCode === 'returned' || m.state === '退回待改');
  const pick = months.find((m) => m.period === wanted)?.period || returned?.period || months[0].period;
  select.value = pick;
  choosePeriod(pick);
}

async function choosePeriod(period) {
  state.period = period;
  sessionStorage.setItem('clerk.choice', JSON.stringify({ id: state.view.assignment.id, period }));
  $('report-title').textContent = `${monthName(period)}月度进展`;
  clear($('submit-result'));
  clearErrors();
  const id = encodeURIComponent(state.view.assignment.id);
  // Only a month with a report is asked for (a 404 would be noise in the browser's console).
  const month = state.view.months.find((m) => m.period === period);
  const r = hasReport(month) ? await api(`/assignments/${id}/reports/${period}`) : { ok: false };
  state.report = r.ok ? r.data : null;
  renderBanner();
  renderVersions();

  const draft = readDraft();
  if (draft) {
    fillForm(draft.body);
    $('discard').hidden = false;
    $('report-banner').append(el('p', { class: 'notice-info' }, `已恢复本机保存的草稿（${beijing(draft.savedAt)}），尚未报送。`));
  } else if (state.report?.current) {
    fillForm(state.report.current);
    $('discard').hidden = true;
  } else {
    fillForm(await earlierFigures(period));
    $('discard').hidden = true;
  }
  $('report').hidden = false;
  renderRequirementStates(state.view);
  schedulePreview(0);
}

function hasReport(month) {
  return Boolean(month) && (['on_time', 'late', 'returned'].includes(month.stateCode) || ['按时', '逾期补报', '退回待改'].includes(month.state));
}

/** A new month starts from the figures (and requirement progress) of the latest earlier report. */
async function earlierFigures(period) {
  const earlier = state.view.months
    .filter((m) => m.period < period && hasReport(m))
    .map((m) => m.period).sort().reverse();
  if (earlier.length === 0) return {};
  const r = await api(`/assignments/${encodeURIComponent(state.view.assignment.id)}/reports/${earlier[0]}`);
  if (!r.ok || !r.data?.current) return {};
  return { metrics: r.data.current.metrics, progress: r.data.current.progress };
}

// ---- The form ------------------------------------------------------------------------------------
function buildMetricInputs() {
  const box = $('metrics');
  for (const m of METRICS) {
    const id = `f-m-${m.key}`;
    let input;
    if (m.kind === 'owner') {
      input = el('select', { id }, el('option', { value: '' }, '未填写'), OWNERS.map((o) => el('option', { value: o }, o)));
    } else if (m.kind === 'yesno') {
      input = el('select', { id }, el('option', { value: '' }, '未填写'),
        el('option', { value: 'true' }, m.yes), el('option', { value: 'false' }, m.no));
    } else {
      input = el('input', { id, type: 'text', inputmode: m.kind === 'int' ? 'numeric' : 'decimal', autocomplete: 'off' });
    }
    input.dataset.field = `metrics.${m.key}`;
    input.dataset.kind = m.kind;
    box.append(el('div', { class: 'field', 'data-metric': m.key }, el('label', { for: id }, m.label), input));
  }
  for (const input of document.querySelectorAll('#report [data-field]')) state.fields.set(input.dataset.field, input);
}

function buildRequirementCards() {
  const box = clear($('requirements'));
  for (const key of [...state.fields.keys()]) if (key.startsWith('progress[')) state.fields.delete(key);
  const reqs = state.view.requirements;
  const shown = new Set();
  let unknown = false;
  reqs.forEach((req, i) => {
    if (READS[req.id]) READS[req.id].forEach((k) => shown.add(k)); else unknown = true;
    const sid = `f-status-${i}`;
    const nid = `f-note-${i}`;
    const fid = `f-files-${i}`;
    const cid = `f-caption-${i}`;
    const statusSelect = el('select', { id: sid }, el('option', { value: '' }, '未填写'),
      STATUSES.map(([v, t]) => el('option', { value: v }, t)));
    statusSelect.dataset.field = `progress[${i}].status`;
    const note = el('textarea', { id: nid, maxlength: 500, class: 'short' });
    note.dataset.field = `progress[${i}].note`;
    state.fields.set(statusSelect.dataset.field, statusSelect);
    state.fields.set(note.dataset.field, note);
    const files = el('input', {
      id: fid, type: 'file', multiple: true,
      accept: 'image/*,application/pdf,.pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const caption = el('input', { id: cid, type: 'text', maxlength: 200, autocomplete: 'off' });
    files.addEventListener('change', () => {
      for (const file of files.files) uploadFile(req, file, caption.value.trim());
      files.value = '';
    });
    box.append(el('section', { class: 'requirement', 'data-requirement': req.id, 'aria-labelledby': `req-${i}` },
      el('h4', { id: `req-${i}` }, `${req.id} ${req.name}`),
      el('div', { class: 'verdict', 'data-verdict': req.id }),
      el('details', {}, el('summary', {}, '要求原文'), el('p', { class: 'hint' }, req.rule)),
      el('div', { class: 'row' },
        el('div', {}, el('label', { for: sid }, '进展状态'), statusSelect)),
      el('label', { for: nid }, '说明'), note,
      el('div', { class: 'upload' },
        el('label', { for: cid }, '材料说明（可选，随下次选择的文件上传）'), caption,
        el('label', { for: fid }, `添加照片或文件（${req.id}）`), files,
        el('ul', { class: 'uploads', 'data-uploads': req.id, 'aria-label': `${req.id} 本次上传` }))));
  });
  for (const row of document.querySelectorAll('[data-metric]')) {
    row.hidden = !unknown && !shown.has(row.dataset.metric);
  }
  const noFigures = !unknown && shown.size === 0;
  $('metrics-title').hidden = noFigures;
  $('metrics-hint').hidden = noFigures;
}

function wireForm() {
  const form = $('report');
  const changed = (e) => {
    if (!e.target.dataset.field) return;
    saveDraft();
    clearError(e.target);
    schedulePreview(400);
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  $('discard').addEventListener('click', () => {
    localStorage.removeItem(draftKey());
    choosePeriod(state.period);
  });
  $('assignment').addEventListener('change', (e) => chooseAssignment(e.target.value));
  $('period').addEventListener('change', (e) => choosePeriod(e.target.value));
  window.addEventListener('online', () => { if (state.resendOnline) submit(); });
}

/** Puts a report (or draft) body into the inputs. */
function fillForm(body = {}) {
  for (const [name, input] of state.fields) {
    if (!name.startsWith('metrics.') && !name.startsWith('progress[')) input.value = body[name] ?? '';
  }
  if (body.fundsSpent !== undefined && body.fundsSpent !== null) $('f-fundsSpent').value = String(body.fundsSpent);
  const metrics = body.metrics || {};
  for (const m of METRICS) {
    const v = metrics[m.key];
    state.fields.get(`metrics.${m.key}`).value = v === undefined || v === null ? '' : String(v);
  }
  const progress = new Map((body.progress || []).map((p) => [p.requirement, p]));
  state.view.requirements.forEach((req, i) => {
    const p = progress.get(req.id);
    state.fields.get(`progress[${i}].status`).value = p?.status ?? '';
    state.fields.get(`progress[${i}].note`).value = p?.note ?? '';
  });
}

/** A number when the text is one, else the text itself so the server names what is wrong. */
function numberOrText(text, kind) {
  const t = text.trim();
  const ok = kind === 'int' ? /^-?\d+$/.test(t) : /^-?\d+(\.\d+)?$/.test(t);
  return ok ? Number(t) : t;
}

/**
 * The JSON body, the same every time for the same inputs (a resend is then the same report), and
 * which requirement each progress[k] of it is, so a field error finds its input.
 */
function requestBody() {
  const b = { summary: $('f-summary').value };
  if ($('f-problems').value.trim()) b.problems = $('f-problems').value;
  if ($('f-nextPlan').value.trim()) b.nextPlan = $('f-nextPlan').value;
  const funds = $('f-fundsSpent').value;
  if (funds.trim()) b.fundsSpent = numberOrText(funds, 'decimal');
  const metrics = {};
  for (const m of METRICS) {
    const v = state.fields.get(`metrics.${m.key}`).value;
    if (v.trim() === '') continue;
    metrics[m.key] = m.kind === 'yesno' ? v === 'true' : m.kind === 'owner' ? v : numberOrText(v, m.kind);
  }
  if (Object.keys(metrics).length) b.metrics = metrics;
  const index = [];
  const progress = [];
  state.view.requirements.forEach((req, i) => {
    const s = state.fields.get(`progress[${i}].status`).value;
    const note = state.fields.get(`progress[${i}].note`).value;
    if (!s && !note.trim()) return; // a requirement left blank is not reported on
    index.push(i);
    progress.push(note.trim() ? { requirement: req.id, status: s, note } : { requirement: req.id, status: s });
  });
  if (progress.length) b.progress = progress;
  return { json: b, index };
}

function readDraft() {
  try { return JSON.parse(localStorage.getItem(draftKey()) || 'null'); } catch { return null; }
}

function saveDraft() {
  if (!state.view || !state.period) return;
  localStorage.setItem(draftKey(), JSON.stringify({ savedAt: new Date().toISOString(), body: requestBody().json }));
  $('discard').hidden = false;
}

// ---- Field errors --------------------------------------------------------------------------------
/** Maps a server field name to the input; progress[k] of the sent body is requirement index[k]. */
function inputFor(field, index) {
  const m = /^progress\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (m) {
    const i = index[Number(m[1])] ?? Number(m[1]);
    return state.fields.get(`progress[${i}].${m[2] === 'note' ? 'note' : 'status'}`);
  }
  return state.fields.get(field);
}

function showErrors(errors, index, { onlyFilled = false } = {}) {
  const general = [];
  let first = null;
  for (const [field, messages] of Object.entries(errors || {})) {
    const input = inputFor(field, index);
    if (!input || (onlyFilled && input.value.trim() === '')) {
      if (!input) general.push([field, messages]);
      continue;
    }
    setError(input, messages.join('；'));
    first ??= input;
  }
  return { first, general };
}

function setError(input, message) {
  clearError(input);
  const id = `${input.id}-error`;
  input.setAttribute('aria-invalid', 'true');
  const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  input.setAttribute('aria-describedby', [...described, id].join(' '));
  input.insertAdjacentElement('afterend', el('p', { class: 'field-error', id }, message));
}

function clearError(input) {
  const id = `${input.id}-error`;
  document.getElementById(id)?.remove();
  input.removeAttribute('aria-invalid');
  const rest = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== id);
  if (rest.length) input.setAttribute('aria-describedby', rest.join(' ')); else input.removeAttribute('aria-describedby');
}

function clearErrors() {
  for (const input of state.fields.values()) clearError(input);
}

// ---- Live preview --------------------------------------------------------------------------------
function schedulePreview(delay) {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(preview, delay);
}

async function preview() {
  if (!state.view || !state.period) return;
  state.previewAbort?.abort();
  const abort = new AbortController();
  state.previewAbort = abort;
  const { json, index } = requestBody();
  // The requirement states do not read the text or the money, so while those are still empty the
  // preview stands them in (the preview writes nothing); the save sends exactly what was typed.
  if (!json.summary.trim()) json.summary = '（填写中）';
  if (json.fundsSpent === undefined) json.fundsSpent = 0;
  const id = encodeURIComponent(state.view.assignment.id);
  const line = $('preview-status');
  line.textContent = '正在计算…';
  let r;
  try {
    r = await api(`/assignments/${id}/reports/${state.period}/preview`, { method: 'POST', json, signal: abort.signal });
  } catch {
    return; // superseded by a newer preview
  }
  if (abort.signal.aborted) return;
  if (r.ok && r.data?.requirements) {
    renderRequirementStates(r.data);
    const later = state.view.months.some((m) => m.period > state.period && hasReport(m));
    line.textContent = `预览：${r.data.progressText ?? ''}（尚未保存）` +
      (later ? '。之后的月份已有报送，各项要求按最近一次报送的指标判断，本月的修改不改变当前状态。' : '');
    for (const input of state.fields.values()) if (input.getAttribute('aria-invalid') === 'true' && input.dataset.previewError) { clearError(input); delete input.dataset.previewError; }
  } else if (r.status === 400) {
    // Only a value that is there and wrong is pointed at while typing; a missing one waits for 保存.
    const { first } = showErrors(r.data?.errors, index, { onlyFilled: true });
    if (first) for (const input of state.fields.values()) if (input.getAttribute('aria-invalid') === 'true') input.dataset.previewError = '1';
    line.textContent = first ? '预览：有填写内容需要更正，见标红的字段。' : `预览未成功：${r.data?.detail || r.data?.title || ''}`;
  } else if (r.status === 0) {
    line.textContent = '预览：网络连接中断，显示的是上次保存的状态。';
  } else if (r.status === 404 || r.status === 405) {
    line.textContent = '实时预览暂不可用，显示的是上次保存的状态。';
  } else {
    line.textContent = `预览未成功：${r.data?.detail || r.data?.title || r.status}`;
  }
}

/** Each requirement's state chip and the figures behind it, exactly as the server gave them. */
function renderRequirementStates(view) {
  for (const req of view.requirements) {
    const box = document.querySelector(`[data-verdict="${CSS.escape(req.id)}"]`);
    if (!box) continue;
    clear(box).append(el('p', { class: 'state-line' }, stateChip(req), el('span', { class: 'explanation' }, req.explanation || '')));
    if (req.figures?.length) {
      box.append(el('div', { class: 'table-scroll' }, el('table', { class: 'figures' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '指标'), el('th', { scope: 'col' }, '要求'), el('th', { scope: 'col' }, '实际'))),
        el('tbody', {}, req.figures.map((f) => el('tr', {},
          el('th', { scope: 'row' }, f.label), el('td', {}, f.required), el('td', {}, f.actual)))))));
    }
  }
}

// ---- Submit --------------------------------------------------------------------------------------
async function submit() {
  if (state.sending) return;
  state.sending = true;
  state.resendOnline = false;
  const button = $('submit');
  button.disabled = true;
  const out = clear($('submit-result'));
  out.append(el('p', { class: 'hint' }, '正在报送…'));
  clearErrors();
  saveDraft();
  const { json, index } = requestBody();
  const id = encodeURIComponent(state.view.assignment.id);
  const period = state.period;
  const before = state.report?.current?.version;
  const r = await api(`/assignments/${id}/reports/${period}`, { method: 'PUT', json });
  state.sending = false;
  button.disabled = false;
  clear(out);
  if (r.ok) {
    localStorage.removeItem(`governance.draft.${state.view.assignment.id}.${period}`);
    $('discard').hidden = true;
    const v = r.data.current;
    const timeliness = v?.timeliness || r.data.state;
    const same = before !== undefined && before === v?.version;
    out.append(el('p', { class: 'notice-ok', role: 'status', tabindex: '-1' },
      `已保存：${monthName(period)}的月度进展，第 ${v?.version} 版，${timeliness === '按时' ? '按时报送' : timeliness}。`,
      same ? '（内容与已保存的相同，没有产生新版本。）' : ''));
    out.firstChild.focus();
    state.report = r.data;
    // The month's state as the answer gave it; the view's standing follows a moment later.
    const month = state.view.months.find((m) => m.period === period);
    if (month && month.state !== r.data.state && r.data.state) Object.assign(month, { state: r.data.state, stateCode: undefined, returnReason: null });
    renderMonths();
    renderBanner();
    renderVersions();
    await refreshView(period);
    setTimeout(() => refreshView(period), 2000);
    return;
  }
  if (r.status === 0) {
    state.resendOnline = true;
    out.append(el('div', { class: 'problem', role: 'alert' },
      el('strong', {}, '网络连接中断，草稿已保存在本机'),
      el('p', {}, '网络恢复后会自动重新报送，也可以点“保存并报送”重试；重复报送不会产生第二个版本。')));
    return;
  }
  const { first, general } = showErrors(r.data?.errors, index);
  const problem = { ...r.data, errors: Object.fromEntries(general) };
  out.append(problemBox(problem));
  if (first) first.focus(); else out.firstChild.focus?.();
}

async function refreshView(period) {
  const id = state.view.assignment.id;
  const r = await api(`/assignments/${encodeURIComponent(id)}`);
  if (!r.ok || state.view.assignment.id !== id) return;
  const saved = r.data.months.find((m) => m.period === period);
  const current = state.report?.current;
  const behind = current && saved && (['未报', '待报'].includes(saved.state) || (saved.state === '退回待改' && !current.returned));
  if (behind) return; // the standing has not caught up with the saved version yet
  state.view = r.data;
  renderMonths();
  renderBanner();
  renderVersions();
  renderRequirementStates(r.data);
  const select = $('period');
  const m = r.data.months.find((x) => x.period === period);
  const option = [...select.options].find((o) => o.value === period);
  if (m && option) option.textContent = `${monthName(m.period)}（${m.state}）`;
}

// ---- Reports of the assignment -------------------------------------------------------------------
function renderMonths() {
  const list = clear($('months'));
  const open = new Set(submittableMonths(state.view).map((m) => m.period));
  for (const m of state.view.months) {
    const item = el('li', {},
      el('span', { class: 'month' }, monthName(m.period)),
      monthChip(m.state),
      el('span', { class: 'hint' }, `截止 ${m.dueDay}`));
    if (m.returnReason) item.append(el('p', { class: 'return-reason' }, `退回原因：${m.returnReason}`));
    if (open.has(m.period)) {
      item.append(el('button', {
        type: 'button', class: 'secondary small',
        onclick: () => { $('period').value = m.period; choosePeriod(m.period); $('report').scrollIntoView(); },
      }, ['按时', '逾期补报', '退回待改'].includes(m.state) ? '查看或修改' : '填报', el('span', { class: 'sr-only' }, monthName(m.period))));
    }
    list.append(item);
  }
}

function renderBanner() {
  const box = clear($('report-banner'));
  const month = state.view.months.find((m) => m.period === state.period);
  const returned = state.report?.current?.returned;
  const reason = returned?.reason || month?.returnReason;
  if (reason || month?.stateCode === 'returned' || month?.state === '退回待改') {
    box.append(el('div', { class: 'returned', role: 'alert' },
      el('strong', {}, '本月进展已被区民政局退回修改'),
      el('p', {}, `原因：${reason || '（未注明）'}`),
      returned?.returnedAt ? el('p', { class: 'hint-dark' }, `退回时间：${beijing(returned.returnedAt)}`) : null,
      el('p', {}, '请按原因修改后重新报送。')));
  } else if (state.report?.current) {
    box.append(el('p', { class: 'hint' },
      `本月已报送第 ${state.report.current.version} 版（${state.report.current.timeliness || state.report.state}）。再次保存会产生新版本。`));
  }
}

function renderVersions() {
  const box = clear($('versions'));
  $('versions-title').textContent = state.period ? `${monthName(state.period)}各版本` : '本月各版本';
  const versions = state.report?.versions || (state.report?.current ? [state.report.current] : []);
  if (!versions.length) {
    box.append(el('p', { class: 'hint' }, '本月尚未报送。'));
    return;
  }
  const current = state.report.current?.version;
  box.append(el('ul', { class: 'versions' }, versions.slice().sort((a, b) => b.version - a.version).map((v) => el('li', {},
    el('strong', {}, `第 ${v.version} 版`), v.version === current ? el('span', { class: 'chip info' }, '当前') : null,
    v.timeliness ? monthChip(v.timeliness) : null,
    el('span', { class: 'hint' }, ` ${beijing(v.receivedAt)}${v.submittedBy ? ` · ${v.submittedBy}` : ''}`),
    el('span', { class: 'hint' }, ` · 本月使用资金 ${yuan(v.fundsSpent)}`),
    v.returned ? el('p', { class: 'return-reason' }, `已退回：${v.returned.reason}（${beijing(v.returned.returnedAt)}）`) : null))));
}

// ---- Evidence ------------------------------------------------------------------------------------
async function loadEvidence() {
  const box = clear($('evidence-list'));
  box.append(el('p', { class: 'hint' }, '正在读取…'));
  let items;
  try {
    items = await all(`/assignments/${encodeURIComponent(state.view.assignment.id)}/evidence`);
  } catch (e) {
    clear(box).append(problemBox(e.problem));
    return;
  }
  clear(box);
  if (!items.length) {
    box.append(el('p', { class: 'hint' }, '尚未上传证明材料。'));
    return;
  }
  const names = new Map(state.view.requirements.map((r) => [r.id, r.name]));
  const groups = new Map();
  for (const item of items) {
    const key = item.requirement || '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(item);
  }
  for (const [req, list] of groups) {
    box.append(el('h3', {}, req ? `${req} ${names.get(req) || ''}` : '未指明要求'));
    box.append(el('ul', { class: 'files' }, list.map((item) => el('li', {},
      el('a', { href: item.url, target: '_blank', rel: 'noreferrer noopener' }, item.fileName),
      el('span', { class: 'hint' }, ` ${monthName(item.period)} · ${size(item.size)} · ${beijing(item.uploadedAt)}`),
      item.caption ? el('p', { class: 'hint' }, item.caption) : null))));
  }
}

function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const SHRINK_ABOVE = 2 * 1024 * 1024;
const MAX_SIDE = 2560;

/** A JPEG/PNG over 2 MB redrawn at most 2560 px on its long side as JPEG 0.85; otherwise the file itself. */
async function shrink(file) {
  if (!/^image\/(jpeg|png)$/.test(file.type) || file.size <= SHRINK_ABOVE) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close?.();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return file;
    const name = file.name.replace(/\.(png|jpe?g)$/i, '') + '.jpg';
    return new File([blob], name, { type: 'image/jpeg' });
  } catch {
    return file; // an image the browser cannot decode goes as it is; the server decides
  }
}

/** One file, one request, one progress bar; a failure keeps the prepared bytes for 重试. */
async function uploadFile(req, file, caption) {
  const list = document.querySelector(`[data-uploads="${CSS.escape(req.id)}"]`);
  const period = state.period;
  const assignmentId = state.view.assignment.id;
  const bar = el('progress', { max: 100, value: 0, 'aria-label': `上传进度：${file.name}` });
  const line = el('span', { class: 'upload-state' }, $('shrink').checked && file.size > SHRINK_ABOVE ? '正在压缩…' : '等待上传…');
  const retry = el('button', { type: 'button', class: 'secondary small', hidden: true }, '重试', el('span', { class: 'sr-only' }, `：${file.name}`));
  const item = el('li', {}, el('span', { class: 'file-name' }, file.name), bar, line, retry);
  list.append(item);
  const prepared = $('shrink').checked ? await shrink(file) : file;
  if (prepared !== file) line.textContent = `已压缩：${size(file.size)} → ${size(prepared.size)}`;

  const send = () => {
    retry.hidden = true;
    bar.value = 0;
    bar.removeAttribute('value'); // indeterminate until the first progress event
    const form = new FormData();
    form.append('requirement', req.id);
    form.append('period', period);
    if (caption) form.append('caption', caption);
    form.append('file', prepared, prepared.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/assignments/${encodeURIComponent(assignmentId)}/evidence`);
    xhr.setRequestHeader('Authorization', `Bearer ${token()}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) {
        bar.value = Math.round((e.loaded / e.total) * 100);
        line.textContent = `正在上传 ${bar.value}%`;
      }
    });
    const failed = (message) => {
      bar.value = 0;
      line.textContent = message;
      line.className = 'upload-state failed';
      retry.hidden = false;
    };
    xhr.addEventListener('load', () => {
      if (xhr.status === 401) { signOut(EXPIRED); return; }
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) {
        bar.value = 100;
        const dup = data?.items?.some((x) => x.duplicate);
        line.textContent = dup ? '已上传（此前已传过同一文件）' : '已上传';
        line.className = 'upload-state done';
        loadEvidence();
        schedulePreview(0);
      } else {
        const fieldMessages = Object.values(data?.errors || {}).flat().join('；');
        failed(`上传未成功：${fieldMessages || data?.detail || data?.title || `错误 ${xhr.status}`}`);
      }
    });
    xhr.addEventListener('error', () => failed('网络连接中断，上传未完成'));
    xhr.addEventListener('timeout', () => failed('上传超时'));
    line.className = 'upload-state';
    line.textContent = '正在上传…';
    xhr.send(form);
  };
  retry.addEventListener('click', send);
  send();
}

// ---- Notices -------------------------------------------------------------------------------------
async function loadNotices() {
  const box = $('notice-list');
  let items;
  try {
    items = await all('/notices');
  } catch (e) {
    clear(box).append(problemBox(e.problem));
    return;
  }
  clear(box);
  if (!items.length) {
    box.append(el('p', { class: 'hint' }, '暂无通知。'));
    return;
  }
  items.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  box.append(el('ul', { class: 'notices' }, items.map((n) => el('li', {},
    el('p', { class: 'notice-head' },
      el('span', { class: `chip ${n.kind === 'report_returned' || n.kind === 'overdue' ? 'bad' : 'info'}` }, n.kindName || n.kind),
      el('span', { class: 'hint' }, beijing(n.createdAt))),
    n.title ? el('strong', {}, n.title) : null,
    el('p', {}, n.text)))));
}

start().catch((e) => {
  clear(status).append(problemBox({ title: '页面加载未成功', detail: e.message }));
});
