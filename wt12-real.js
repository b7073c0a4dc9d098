const { loadInputs } = require('./dist/src/input/load');
const { PolicyEngine } = require('./dist/src/engine/engine');
const { loadConfig } = require('./dist/src/config/load');
(async () => {
  const [m] = await loadInputs([process.argv[2]]);
  const e = await PolicyEngine.load(); e.setConfig(loadConfig());
  const fs = e.evaluate(m);
  for (const f of [...fs].sort((a, b) => (a.rule.id + a.resource).localeCompare(b.rule.id + b.resource))) console.log(f.rule.id, f.resource, f.unverifiable ? '?' : '', '|', f.message.slice(0, 200));
  console.log('--', Object.keys(m.resources).join(' '));
})();
