import { App } from 'cdktn';
import { PolicyGuard, type PolicyGuardOptions } from '../src/cdktf/guard';
import { type CrmConfigOverrides, resolveCrmConfig } from './config';
import { CrmDrStack } from './dr-stack';
import { CrmGlobalStack } from './global-stack';
import { CrmPrimaryStack } from './primary-stack';

export interface BuildAppOptions {
  outdir?: string;
  config?: CrmConfigOverrides;
  /** The synth-time policy guard (default on, full baseline); `false` turns it off (tests that weaken the stack). */
  guard?: PolicyGuardOptions | false;
}

/**
 * Composes the reference CRM deployment: the global stack (the public hosted zone), the DR stack
 * (the DR region's site and vault) and the primary stack (the primary region's site and every
 * cross-region recovery path into the DR stack), wired by cross-stack references
 * (global ← dr ← primary). Invalid config throws CrmConfigError before anything is built.
 * Stack traces are off so the output is byte-stable. PolicyGuard checks every stack during synth,
 * each joined with the others as one workload.
 */
export function buildApp(options: BuildAppOptions = {}): App {
  const config = resolveCrmConfig(options.config);
  const app = new App({ outdir: options.outdir ?? 'cdktf.out', stackTraces: false });
  const global = new CrmGlobalStack(app, `${config.project}-global`, config);
  const dr = new CrmDrStack(app, `${config.project}-dr`, config, { zoneId: global.zone.zoneId });
  new CrmPrimaryStack(app, `${config.project}-primary`, config, { zoneId: global.zone.zoneId }, dr);
  // Synthesizing the reference is itself policy-checked: a blocking finding fails synth.
  if (options.guard !== false) PolicyGuard.of(app, options.guard ?? {});
  return app;
}
