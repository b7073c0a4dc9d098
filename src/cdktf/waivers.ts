/**
 * Construct-level waivers for CDKTF programs, next to the construct, in code:
 *
 *   Waivers.of(legacyBucket).add({ rule: 'CRM-BDR-011', reason: '…', owner: 'team-data', expires: '2027-03-31' });
 *
 * The waiver applies to every Terraform resource at or below the construct. It is recorded in the
 * synthesized JSON under each resource's `//` key, so `crm-guard check cdktf.out` honours it later
 * without the program, and `PolicyGuard` honours it during synthesis. Same rules as file waivers:
 * rule, reason, owner and expires are required; expired waivers stop waiving; waived findings stay
 * visible in reports.
 */
import type { IConstruct } from 'constructs';
import { ConfigError } from '../errors';
import type { InlineWaiver } from '../model/types';
import { INLINE_WAIVER_KEY, inlineWaiverProblems } from '../waivers/construct';
import { aspectsOf, isResourceOrDataSource, libraryOf, type IAspect } from './library';

const METADATA_TYPE = 'crm-guard:waiver';

export interface ConstructWaiver {
  /** Rule id, e.g. `CRM-BDR-011`. */
  rule: string;
  /** Why the risk is accepted. */
  reason: string;
  /** Who answers for it. */
  owner: string;
  /** Last day it applies, YYYY-MM-DD. */
  expires: string;
}

/** Writes the waivers of a resource and its ancestors into the resource's `//` key at synthesis. */
class WaiverRecorder implements IAspect {
  /** Resources whose waivers were written: the safety net below checks every waived one is here. */
  readonly recorded = new WeakSet<IConstruct>();

  visit(node: IConstruct): void {
    if (!isResourceOrDataSource(node)) return;
    this.recorded.add(node);
    const waivers: InlineWaiver[] = node.node.scopes.flatMap((scope) =>
      scope.node.metadata.filter((m) => m.type === METADATA_TYPE).map((m) => m.data as InlineWaiver),
    );
    if (waivers.length > 0) node.addOverride(`//.${INLINE_WAIVER_KEY}.waivers`, waivers);
  }
}

const recorder = new WaiverRecorder();
const withRecorder = new WeakSet<IConstruct>();

export class Waivers {
  private constructor(private readonly scope: IConstruct) {}

  static of(scope: IConstruct): Waivers {
    return new Waivers(scope);
  }

  /** Records a waiver on the construct; an incomplete waiver throws at once, naming the construct. */
  add(waiver: ConstructWaiver): this {
    const problems = inlineWaiverProblems(waiver);
    if (problems.length > 0) {
      throw new ConfigError(`invalid waiver on construct ${this.scope.node.path}: ${problems.join('; ')}`, {
        hint: 'a waiver needs rule, reason, owner and expires (YYYY-MM-DD)',
      });
    }
    const record: InlineWaiver = { ...waiver, rule: waiver.rule.toUpperCase(), constructPath: this.scope.node.path };
    if (!withRecorder.has(this.scope)) {
      // Resolve the app's own Aspects first: if it cannot be reached, nothing is recorded and this throws.
      aspectsOf(this.scope).add(recorder);
      withRecorder.add(this.scope);
      // Safety net, run after aspects and before the stack is written: every resource under a waived
      // construct must have been visited by the recorder, or synthesis fails instead of dropping it.
      this.scope.node.addValidation({
        validate: () =>
          this.scope.node
            .findAll()
            .filter((c) => isResourceOrDataSource(c) && !recorder.recorded.has(c))
            .map((c) => `crm-guard: the waiver on ${this.scope.node.path} was not recorded on ${c.node.path} (${libraryOf(c)}): two copies of cdktn/cdktf are loaded; install one (npm ls cdktn)`),
      });
    }
    this.scope.node.addMetadata(METADATA_TYPE, record);
    return this;
  }

  /** The waivers declared on this construct itself. */
  list(): InlineWaiver[] {
    return this.scope.node.metadata.filter((m) => m.type === METADATA_TYPE).map((m) => m.data as InlineWaiver);
  }
}
