// Shared by every page: the stored sign-in, calls to the API, and building DOM without ever
// interpreting data as markup (every text goes through textContent).
const TOKEN_KEY = 'governance.token';
export const API = '/api';

export function token() {
  return localStorage.getItem(TOKEN_KEY);
}

export function storeToken(value) {
  localStorage.setItem(TOKEN_KEY, value);
}

/** Forget the sign-in and return to the start page, optionally saying why. */
export function signOut(reason) {
  localStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem('governance.session');
  if (reason) sessionStorage.setItem('governance.signedOutReason', reason);
  location.assign('/api/app/');
}

export const EXPIRED = '登录已失效或已被撤销，请向区民政局索取新的登录链接。';

/**
 * Calls the API with the stored token. Answers {status, ok, data, headers}; data is the parsed JSON
 * (a problem+json on refusal). A 401 signs the device out and says so.
 */
export async function api(path, { method = 'GET', json, body, headers = {}, signal } = {}) {
  const h = { Accept: 'application/json', ...headers };
  const t = token();
  if (t) h.Authorization = `Bearer ${t}`;
  let payload = body;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(`${API}${path}`, { method, headers: h, body: payload, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return { status: 0, ok: false, data: { title: '网络连接中断', detail: '无法连接服务器，请检查网络后重试。已填写的内容保存在本机。', errors: {} }, headers: new Headers() };
  }
  if (response.status === 401 && t) {
    signOut(EXPIRED);
    return new Promise(() => {});
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  return { status: response.status, ok: response.ok, data, headers: response.headers };
}

/** GET /me once per tab; null when not signed in. */
export async function session() {
  if (!token()) return null;
  const cached = sessionStorage.getItem('governance.session');
  if (cached) return JSON.parse(cached);
  const r = await api('/me');
  if (!r.ok) return null;
  sessionStorage.setItem('governance.session', JSON.stringify(r.data));
  return r.data;
}

/** Every item of a paged list ({items, continuation}). */
export async function all(path) {
  const items = [];
  let continuation = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api(continuation ? `${path}${sep}limit=1000&continuation=${encodeURIComponent(continuation)}` : `${path}${sep}limit=1000`);
    if (!r.ok) throw Object.assign(new Error(r.data?.detail || '读取失败'), { problem: r.data });
    items.push(...r.data.items);
    continuation = r.data.continuation;
  } while (continuation);
  return items;
}

/**
 * el('p', {class: 'x', for: 'id', onclick: fn}, 'text', child…): attributes are set as attributes,
 * functions as listeners, strings become text nodes — never markup.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') node.addEventListener(k.replace(/^on/, ''), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/** The page header: the programme's name, who is signed in, and 退出登录. */
export function header(me, links = []) {
  const bar = el('header', { class: 'topbar' },
    el('a', { class: 'brand', href: '/api/app/' }, '东胜区“2121”工程'),
    el('nav', { 'aria-label': '页面' }, links.map(([href, text]) => el('a', { href }, text))),
    el('span', { class: 'who' }, me ? (me.role === 'staff' ? `区民政局 · ${me.name}` : me.unit) : ''),
    el('button', { type: 'button', class: 'secondary', onclick: () => signOut() }, '退出登录'));
  return bar;
}

/** A refusal shown to a person: the title, the detail, and each field's messages. */
export function problemBox(problem) {
  const box = el('div', { class: 'problem', role: 'alert' },
    el('strong', {}, problem?.title || '操作未成功'),
    problem?.detail && problem.detail !== problem.title ? el('p', {}, problem.detail) : null);
  const errors = Object.entries(problem?.errors || {});
  if (errors.length) {
    box.append(el('ul', {}, errors.map(([field, messages]) => el('li', {}, `${field}：${messages.join('；')}`))));
  }
  return box;
}

export function yuan(n) {
  return n === null || n === undefined ? '—' : `${Number(n).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;
}

export function percent(share) {
  return share === null || share === undefined ? '—' : `${(Number(share) * 100).toFixed(1)}%`;
}

/** Beijing-time date and time of an ISO instant, as staff read it. */
export function beijing(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** "2023-06" → "2023年6月". */
export function monthName(period) {
  const [y, m] = period.split('-');
  return `${y}年${Number(m)}月`;
}

/** Redirects to the start page unless a session with one of the roles exists. */
export async function requireRole(...roles) {
  const me = await session();
  if (!me || !roles.includes(me.role)) {
    location.replace('/api/app/');
    return new Promise(() => {});
  }
  return me;
}
