import { App } from 'cdktf';
import { resolveCrmConfig, type CrmConfig } from './config';
import { CrmPrimaryStack } from './primary-stack';

export interface BuildAppOptions {
  outdir?: string;
  config?: Partial<CrmConfig>;
}

/** Composes the reference CRM deployment. Stack traces are off so the output is byte-stable. */
export function buildApp(options: BuildAppOptions = {}): App {
  const config = resolveCrmConfig(options.config);
  const app = new App({ outdir: options.outdir ?? 'cdktf.out', stackTraces: false });
  new CrmPrimaryStack(app, `${config.project}-primary`, config);
  return app;
}
