/**
 * PolicyGuard: crm-guard's baseline inside the CDKTF program, like cdk-nag for the AWS CDK.
 *
 *   const app = new App();
 *   new CrmStack(app, 'crm');
 *   PolicyGuard.of(app, { failOn: 'high' });
 *   app.synth();   // throws when a blocking finding remains, naming rule, construct and source line
 *
 * On every stack below the scope it adds a validation (cdktn runs validations after aspects, before
 * writing the stack) that evaluates the stack's synthesized Terraform JSON, joined with the app's other
 * stacks through their cross-stack references as the CLI joins a cdktf.out, with the same wasm bundle,
 * config, waivers file and team policies as the CLI. Construct-level waivers (`Waivers.of(construct)`)
 * are honoured. Blocking findings fail synthesis; the rest are reported as warnings.
 *
 * Under `crm-guard synth` (which sets CRM_GUARD_SYNTH) the guard defers: the CLI checks the same
 * output with its own options and reports violations as findings (exit 1) instead of an exception.
 *
 * Works with cdktn (or cdktf) as a peer, whichever copy the app uses: stacks are recognised by
 * cdktn's `Symbol.for` markers and validations are plain `constructs` API.
 */
import type { IConstruct } from 'constructs';
import { checkModelsWith } from '../check/check';
import type { FailOn, Finding, Report } from '../check/report';
import type { CrmGuardConfig } from '../config/load';
import { PolicyEngine, PolicySet, type Evaluator } from '../engine/engine';
import { checkJobs } from '../engine/wasm-runner';
import { loadUserPolicies } from '../engine/user-policies';
import { joinStacks } from '../model/join';
import { normalizeTerraformJson } from '../input/cdktf-expressions';
import { SYNTH_ENV } from '../synth/synth';
import { isStack, type StackLike } from './library';
import { SourceLocator } from './source-locator';

export interface PolicyGuardOptions {
  /** Only these rule ids decide (default: every rule). */
  rules?: readonly string[];
  /** Lowest severity that fails synthesis (default `low`, as the CLI). */
  failOn?: FailOn;
  /** Config file or object (the CLI's `--config`). */
  config?: string | CrmGuardConfig;
  /** Waivers file (the CLI's `--waivers`). */
  waivers?: string;
  /** Team policy folders or prebuilt bundles (the CLI's `--policy`). */
  policies?: readonly string[];
  /** Date that waiver expiry is judged against (default: today, UTC). */
  today?: string;
  /** Where the program's .ts sources are, to name the line that creates a construct (default: cwd). */
  sourceRoot?: string;
  /** Receives advisory (non-blocking, unwaived) findings; default: stderr. */
  warn?: (message: string) => void;
  /** A loaded engine to reuse (tests). */
  engine?: PolicyEngine;
  /** Evaluation workers (the CLI's `--jobs`); default: the available cores, within the memory budget. */
  jobs?: number;
}

export class PolicyGuard {
  private readonly guarded = new WeakSet<StackLike>();
  private evaluator?: Evaluator;
  private locator?: SourceLocator;
  /** The report of each stack checked so far, by stack name. */
  readonly reports = new Map<string, Report>();

  private constructor(private readonly options: PolicyGuardOptions) {
    if (options.jobs !== undefined) checkJobs(options.jobs);
  }

  /**
   * Guards every stack at or below `scope` (an App or a TerraformStack): the stacks that exist now
   * get a validation of their own (run before each is written); the App validates, at the end of
   * synthesis, any stack created later.
   */
  static of(scope: IConstruct, options: PolicyGuardOptions = {}): PolicyGuard {
    const guard = new PolicyGuard(options);
    for (const stack of scope.node.findAll().filter(isStack)) guard.attach(stack);
    if (!isStack(scope)) {
      scope.node.addValidation({
        validate: () =>
          scope.node
            .findAll()
            .filter((c): c is StackLike => isStack(c) && !guard.guarded.has(c))
            .flatMap((stack) => guard.validateStack(stack).map((e) => `[${stack.node.path}] ${e}`)),
      });
    }
    return guard;
  }

  private attach(stack: StackLike): void {
    if (this.guarded.has(stack)) return;
    this.guarded.add(stack);
    stack.node.addValidation({ validate: () => this.validateStack(stack) });
  }

  /** True when `crm-guard synth` runs this app: it checks the output itself and reports findings. */
  static deferredToCli(): boolean {
    return process.env[SYNTH_ENV] === '1';
  }

  /** Evaluates one stack; returns the blocking findings as validation errors. */
  validateStack(stack: StackLike): string[] {
    if (PolicyGuard.deferredToCli()) return [];
    const name = stack.node.id;
    // The stacks of one app are one workload (cross-stack references resolve, src/model/join.ts):
    // cdktn prepares every stack (cross-stack outputs and remote state) before any validation runs.
    const app = stack.node.root.node.findAll().filter(isStack);
    const models = joinStacks(app.map((s) => normalizeTerraformJson(s.toTerraform(), `cdktf.out/stacks/${s.node.id}/cdk.tf.json`, s.node.id)));
    const model = models.find((m) => m.stack === name) ?? normalizeTerraformJson(stack.toTerraform(), `cdktf.out/stacks/${name}/cdk.tf.json`, name);
    const { report } = checkModelsWith(this.engine(), [model], {
      config: this.options.config,
      failOn: this.options.failOn,
      waivers: this.options.waivers,
      today: this.options.today,
      jobs: this.options.jobs,
    });
    this.reports.set(name, report);
    const selected = (f: Finding) => !this.options.rules || this.options.rules.includes(f.ruleId);
    const warn = this.options.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
    for (const f of report.findings) if (selected(f) && !f.blocking && !f.waived) warn(`crm-guard warning: ${this.describe(f)}`);
    return report.findings.filter((f) => selected(f) && f.blocking).map((f) => `crm-guard: ${this.describe(f)}`);
  }

  /** `RULE (severity) construct/path [file.ts:line] resource: message`. */
  private describe(f: Finding): string {
    const where = f.origin.constructPath ?? f.resource;
    const src = f.origin.constructPath ? this.sources().locate(f.origin.constructPath, f.resourceType) : undefined;
    return `${f.ruleId} (${f.severity}) ${where}${src ? ` [${src.file}:${src.line}]` : ''} ${f.resource}: ${f.message}`;
  }

  private engine(): Evaluator {
    if (!this.evaluator) {
      const base = this.options.engine ?? PolicyEngine.loadSync();
      const team = (this.options.policies ?? []).map((dir) => loadUserPolicies(dir));
      this.evaluator = team.length > 0 ? new PolicySet([base, ...team]) : base;
    }
    return this.evaluator;
  }

  private sources(): SourceLocator {
    this.locator ??= new SourceLocator(this.options.sourceRoot ?? process.cwd());
    return this.locator;
  }
}
