// The sign-in link carries the token in the fragment (#token=…), which browsers never send to a
// server; it is kept on this device and the fragment is removed from the address bar and history.
import { el, EXPIRED, session, storeToken } from '/api/app/app.js';

const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
history.replaceState(null, '', location.pathname);
const status = document.getElementById('status');
if (!match) {
  status.append(el('p', { class: 'problem' }, '登录链接不完整，请重新扫描二维码或向区民政局索取新的登录链接。'));
} else {
  storeToken(decodeURIComponent(match[1]));
  sessionStorage.removeItem('governance.session');
  const me = await session();
  if (me) {
    location.replace(me.role === 'staff' ? '/api/app/workbench.html' : '/api/app/clerk.html');
  } else {
    localStorage.removeItem('governance.token');
    status.append(el('p', { class: 'problem' }, EXPIRED));
  }
}
