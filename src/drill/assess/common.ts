/** Outcomes shared by every kind: outside the failure domain, or a lost copy of a surviving source. */
import { ORDER, type Assessment, type Ctx } from '../context';
import { zero } from '../estimate';
import type { Res } from '../world';

export function unaffected(ctx: Ctx, res: Res, detail?: string): Assessment {
  const where = ctx.scenario.type === 'DATA_CORRUPTION' || ctx.scenario.type === 'ACCOUNT_LOSS' ? 'not affected by this scenario' : ctx.scenario.type === 'REGION_LOSS' ? `it is in ${res.region}, not ${ctx.lost}` : res.region !== ctx.scenario.region ? `it is in ${res.region}, not ${ctx.scenario.region}` : `not in ${ctx.scenario.az}`;
  const reasons = [`not in the failure domain: ${detail ?? where}`];
  for (const c of ctx.links.copyOf.get(res.key) ?? []) reasons.push(`DR copy of ${ctx.label(c.source)} (${c.how})`);
  return { outcome: 'UNAFFECTED', mechanism: null, rpo: zero('OURS'), rto: zero('OURS'), reasons, steps: [], checks: [] };
}

/** A replica/copy is lost while its source survives: capacity or protection is reduced, no data. */
export function degradedCopy(ctx: Ctx, res: Res, source: Res, how: string): Assessment {
  return {
    outcome: 'DEGRADED',
    mechanism: 'source unaffected',
    rpo: zero('OURS', 'derived', 'the source holds the data'),
    rto: zero('OURS', 'derived', 'the source keeps serving'),
    reasons: [`${how} of ${ctx.label(source)}, which is not in the failure domain: this copy is lost and protection (or read capacity) is reduced until it is re-created`],
    steps: [ctx.step('re-protect', ORDER.reprotect, `Re-create ${ctx.label(res)} (${how} of ${ctx.label(source)}) once the ${ctx.scenario.type === 'REGION_LOSS' ? 'region' : 'AZ'} is back`, [res, source])],
    checks: [],
  };
}
