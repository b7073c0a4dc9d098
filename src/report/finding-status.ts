/** How every human-readable format words a finding's gate status, so they all say the same thing. */
import type { Finding } from '../check/report';
import type { WaiverOutcome } from '../waivers/types';

/** Short tags: blocking, waived/expired/refused waiver, new/existing, advisory, unverifiable. */
export function statusTags(f: Finding): string[] {
  const tags: string[] = [];
  if (f.blocking) tags.push('blocking');
  if (f.waiver?.outcome === 'waived') tags.push(`waived until ${f.waiver.expires} (${f.waiver.owner})`);
  if (f.waiver?.outcome === 'expired') tags.push(`waiver expired ${f.waiver.expires}`);
  if (f.waiver?.outcome === 'refused') tags.push('waiver refused: hard-mandatory');
  if (f.baseline) tags.push(f.baseline);
  if (f.baseline === 'existing' && f.blocking) tags.push('hard-mandatory: baseline does not exempt');
  if (f.enforcement === 'advisory') tags.push('advisory');
  if (f.unverifiable) tags.push('unverifiable');
  return tags;
}

export const WAIVER_STATUS_TEXT: Record<WaiverOutcome['status'], string> = {
  used: 'used',
  unused: 'unused: matches no finding, delete it',
  expired: 'expired: waives nothing',
  refused: 'refused: hard-mandatory findings need allow_hard_mandatory_waivers',
};

/** `file:line` when the line is known, else the file. */
export function whereOf(f: Finding): string {
  return f.origin.line !== undefined ? `${f.origin.file}:${f.origin.line}` : f.origin.file;
}
