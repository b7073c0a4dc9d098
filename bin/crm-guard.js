#!/usr/bin/env node
'use strict';
// The supported runtimes (package.json engines): an older Node fails with a clear message, exit 2.
{
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 11)) {
    process.stderr.write(`crm-guard: error: Node.js 22.11 or later is required (this is v${process.versions.node}); install a current Node.js LTS\n`);
    process.exit(2);
  }
}
// Node's on-disk compile cache (Node >= 22.1) saves compiling the CLI's modules on every run. Best
// effort: a cache directory that cannot be made only costs the speed-up, never the run. The
// directory is made here, one level, because Node's own recursive mkdir never returns for some
// unusable parents (a path under /proc). NODE_COMPILE_CACHE, when set, is Node's to handle.
try {
  const { enableCompileCache } = require('node:module');
  if (typeof enableCompileCache === 'function' && !process.env.NODE_COMPILE_CACHE) {
    const dir = require('node:path').join(require('node:os').tmpdir(), 'node-compile-cache');
    try {
      require('node:fs').mkdirSync(dir);
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    enableCompileCache(dir);
  }
} catch {
  // no cache: modules compile as usual
}
// A run lives a second or a few: V8's top-tier JavaScript compiler (TurboFan) costs more CPU on its
// background threads than its code saves before the process ends, and on a CI runner's two cores
// that CPU is taken from the checker's own threads. The mid tier (Maglev) still optimizes hot
// code. Measured on 2 cores: a 10,000-resource check uses ~10 % less CPU and ends ~7 % sooner; at
// 50,000 resources, and for large HCL and plan inputs, neither faster nor slower. Set before any of
// the CLI's code runs; V8 flags are the process's, so the evaluation workers have it too. A
// library caller's process is left as it is.
require('node:v8').setFlagsFromString('--no-opt');
require('../dist/src/cli/main.js').run();
