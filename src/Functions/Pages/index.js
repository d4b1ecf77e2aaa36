import { api, clear, el, EXPIRED, session, storeToken, token } from '/api/app/app.js';

const status = document.getElementById('status');
const reason = sessionStorage.getItem('governance.signedOutReason');
if (reason) {
  sessionStorage.removeItem('governance.signedOutReason');
  status.append(el('p', { class: 'problem' }, reason));
}

async function go() {
  if (!token()) {
    document.getElementById('signed-out').hidden = false;
    return;
  }
  const me = await session();
  if (!me) {
    localStorage.removeItem('governance.token');
    clear(status).append(el('p', { class: 'problem' }, EXPIRED));
    document.getElementById('signed-out').hidden = false;
    return;
  }
  location.replace(me.role === 'staff' ? '/api/app/workbench.html' : '/api/app/clerk.html');
}

document.getElementById('paste-token').addEventListener('submit', async (e) => {
  e.preventDefault();
  const value = document.getElementById('token').value.trim();
  if (!value) return;
  storeToken(value);
  sessionStorage.removeItem('governance.session');
  const r = await api('/me');
  if (r.ok) go();
});

go();
