// Tokens issued and revoked: issue one for a unit or a staff member (the sign-in link and its QR
// code are shown once), list them, revoke one after confirmation.
import { all, api, beijing, clear, el, problemBox } from '/api/app/app.js';
import { chip, programmeYears, staffPage } from '/api/app/staff.js';

const $ = (id) => document.getElementById(id);
const me = await staffPage();

const units = new Set();
await Promise.all(programmeYears().map(async (y) => {
  try { for (const a of await all(`/programmes/${y}/assignments`)) units.add(a.unit); } catch { /* no programme that year */ }
}));
for (const u of [...units].sort((a, b) => a.localeCompare(b, 'zh-CN'))) $('unit').append(el('option', { value: u }, u));

const role = () => $('issue-form').querySelector('input[name=role]:checked').value;
function syncRole() {
  const unit = role() === 'unit';
  $('unit-field').hidden = !unit;
  $('name').required = !unit;
}
$('issue-form').querySelectorAll('input[name=role]').forEach((r) => r.addEventListener('change', syncRole));
syncRole();

function fieldError(control, message) {
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', `${control.id}-error`);
  control.after(el('p', { class: 'field-error', id: `${control.id}-error` }, message));
}

$('issue-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target; const out = clear($('issued'));
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => { n.removeAttribute('aria-invalid'); n.removeAttribute('aria-describedby'); });
  const body = { role: role(), name: $('name').value.trim() || undefined };
  if (body.role === 'unit') {
    body.unit = $('unit').value;
    if (!body.unit) { fieldError($('unit'), '请选择责任单位'); $('unit').focus(); return; }
    body.name = body.name || `${body.unit}填报员`;
  } else if (!body.name) { fieldError($('name'), '请填写工作人员姓名或岗位'); $('name').focus(); return; }
  const button = form.querySelector('button[type=submit]'); button.disabled = true;
  const r = await api('/tokens', { method: 'POST', json: body });
  button.disabled = false;
  if (!r.ok) {
    out.append(problemBox(r.data));
    for (const [key, messages] of Object.entries(r.data?.errors || {})) if ($(key)) fieldError($(key), messages.join('；'));
    return;
  }
  const t = r.data;
  // The server's link (its public address); an older server answers only the token.
  const link = t.signInUrl || `${location.origin}/api/app/sign-in.html#token=${encodeURIComponent(t.token)}`;
  const who = t.role === 'unit' ? `${t.unit}（${t.name}）` : `区民政局 ${t.name}`;
  const copy = el('button', { type: 'button', class: 'secondary' }, '复制登录链接');
  copy.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(link); copy.textContent = '已复制'; } catch { copy.textContent = '复制失败，请手动选中链接复制'; }
  });
  out.append(el('div', { class: 'card', role: 'status' },
    el('h3', {}, `已为${who}发放令牌`),
    el('p', { class: 'problem' }, '登录链接和二维码只显示这一次，离开本页后无法再次查看。请现在发给使用人；如遗失，撤销后重新发放。'),
    el('p', {}, '登录链接（用手机或电脑打开后即保持登录，直到退出登录或被撤销）：'),
    el('p', { class: 'link-box' }, link),
    el('div', { class: 'actions' }, copy),
    t.qrCode ? el('p', {}, el('img', { class: 'qr', src: t.qrCode, alt: `${who}的登录二维码（扫描后打开登录链接）`, width: 220, height: 220 })) : null));
  form.reset(); syncRole();
  loadList();
});

async function revoke(t, button) {
  const who = t.role === 'unit' ? `${t.unit}（${t.name}）` : t.name;
  if (!window.confirm(`确定撤销 ${who} 的令牌吗？撤销后立即失效，使用它的设备会退出登录。`)) return;
  button.disabled = true;
  const r = await api(`/tokens/${encodeURIComponent(t.id)}`, { method: 'DELETE' });
  const status = clear($('list-status'));
  if (!r.ok) { button.disabled = false; status.append(problemBox(r.data)); return; }
  status.append(el('p', { class: 'notice-ok' }, `已撤销 ${who} 的令牌。`));
  loadList();
}

async function loadList() {
  const box = clear($('list'));
  let items;
  try { items = await all('/tokens'); } catch (e) {
    box.append(e.problem?.status === 404 || !e.problem ? el('p', { class: 'hint' }, '令牌列表暂不可用。') : problemBox(e.problem));
    return;
  }
  items.sort((a, b) => (b.issuedAt || '').localeCompare(a.issuedAt || ''));
  box.append(el('table', {}, el('caption', { class: 'sr-only' }, '已发放的令牌，最新的在前'),
    el('thead', {}, el('tr', {}, ['编号', '用于', '单位', '使用人', '发放', '状态', '操作'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, items.map((t) => {
      const button = el('button', { type: 'button', class: 'secondary', 'aria-label': `撤销 ${t.name} 的令牌（${t.id}）` }, '撤销');
      button.addEventListener('click', () => revoke(t, button));
      return el('tr', {},
        el('td', {}, t.id), el('td', {}, t.role === 'unit' ? '责任单位' : '工作人员'), el('td', {}, t.unit || '—'),
        el('th', { scope: 'row' }, t.name), el('td', {}, `${beijing(t.issuedAt)}${t.issuedBy ? `，${t.issuedBy}` : ''}`),
        el('td', {}, t.revokedAt ? chip(`已撤销 ${beijing(t.revokedAt)}`, 'bad') : chip('有效', 'ok')),
        el('td', {}, t.revokedAt || t.id === me.tokenId ? (t.id === me.tokenId ? '当前登录' : '—') : button));
    }))));
}
loadList();
