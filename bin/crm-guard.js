#!/usr/bin/env node
'use strict';
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
require('../dist/src/cli/main.js').run();
