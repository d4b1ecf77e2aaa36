// npm start: Azurite with data on disk (.azurite/), the functions on http://127.0.0.1:7071 —
// through `func start` when Azure Functions Core Tools is installed, otherwise through the local
// runner — and the 2023 Dongsheng allocation (附件1) loaded if absent. Ctrl+C stops everything.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { azuriteJs, commandExists, ensureNodePackages, portOpen, root, waitFor } from './common.mjs';

const baseUrl = 'http://127.0.0.1:7071';
const children = [];

let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  const signal = (child, sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
  running.forEach((c) => signal(c, 'SIGTERM'));
  // Azurite can report its services closed yet linger; whatever is not gone in 5 s is killed.
  await Promise.race([
    Promise.all(running.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', r))))),
    new Promise((r) => setTimeout(r, 5000)),
  ]);
  running.forEach((c) => signal(c, 'SIGKILL'));
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function run(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', detached: true, ...options });
  children.push(child);
  child.on('exit', (code) => {
    if (stopping) return;
    console.error(`${path.basename(command)} exited (${code}); stopping.`);
    stopAll(code || 1);
  });
  return child;
}

ensureNodePackages();

const settingsPath = path.join(root, 'src', 'Functions', 'local.settings.json');
if (!existsSync(settingsPath)) {
  copyFileSync(path.join(root, 'local.settings.sample.json'), settingsPath);
  console.log('Created src/Functions/local.settings.json from local.settings.sample.json');
}
// A settings file copied before a new setting existed gets it added with its sample value;
// values the developer changed are kept.
const sample = JSON.parse(readFileSync(path.join(root, 'local.settings.sample.json'), 'utf8'));
const local = JSON.parse(readFileSync(settingsPath, 'utf8'));
const added = Object.keys(sample.Values).filter((k) => !(k in local.Values));
if (added.length > 0) {
  for (const k of added) local.Values[k] = sample.Values[k];
  writeFileSync(settingsPath, JSON.stringify(local, null, 2) + '\n');
  console.log(`Added new settings to src/Functions/local.settings.json: ${added.join(', ')}`);
}
const settings = local.Values;
const staffToken = settings.Auth__BootstrapStaffToken;

for (const port of [10000, 10002, 7071]) {
  if (await portOpen(port)) {
    console.error(`Port ${port} is already in use: stop whatever holds it (another npm start?) and try again.`);
    process.exit(1);
  }
}

const dataDir = path.join(root, '.azurite');
mkdirSync(dataDir, { recursive: true });
run(process.execPath, [azuriteJs, '--location', dataDir, '--skipApiVersionCheck', '--silent',
  '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1']);
await waitFor(async () => (await portOpen(10000)) && (await portOpen(10002)), 60, 'Azurite');

if (commandExists('func')) {
  console.log('Starting the functions with Azure Functions Core Tools (func start)…');
  run('func', ['start', '--port', '7071'], { cwd: path.join(root, 'src', 'Functions') });
} else {
  console.log('Azure Functions Core Tools not found: starting the functions through the local runner…');
  run('dotnet', ['run', '--project', path.join(root, 'tests', 'LocalRunner'), '--',
    '--settings', settingsPath, '--urls', baseUrl]);
}

await waitFor(async () => {
  try { return (await fetch(`${baseUrl}/api/health`)).ok; } catch { return false; }
}, 600, 'The functions');

const auth = { Authorization: `Bearer ${staffToken}` };
// One item is enough to know the year is loaded: the list is paged ({items, continuation}).
const existing = (await (await fetch(`${baseUrl}/api/programmes/2023/assignments?limit=1`, { headers: auth })).json()).items;
if (Array.isArray(existing) && existing.length > 0) {
  console.log('2023 programme already loaded.');
} else {
  const csv = readFileSync(path.join(root, 'seed', 'allocation-2023.csv'));
  const r = await fetch(`${baseUrl}/api/programmes/2023/allocations`, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/csv' }, body: csv });
  if (!r.ok) {
    console.error(`Loading the 2023 allocation failed: ${r.status} ${await r.text()}`);
    stopAll(1);
  }
  const result = await r.json();
  console.log(`Loaded the 2023 Dongsheng allocation (附件1): ${result.created} assignments.`);
}

console.log(`
The app is running.
  Workbench:    ${baseUrl}/api/app/sign-in.html#token=${encodeURIComponent(staffToken)}
                (opens the bureau's workbench 工作台 signed in as local staff; clerks sign in with the
                 link or QR code staff issue for their unit on the 令牌 page)
  API:          ${baseUrl}/api
  Health:       ${baseUrl}/api/health
  Assignments:  ${baseUrl}/api/programmes/2023/assignments
  Staff token:  ${staffToken}   (Authorization: Bearer ${staffToken})
  Azurite:      blob http://127.0.0.1:10000, table http://127.0.0.1:10002 (data in .azurite/)
Press Ctrl+C to stop.`);
