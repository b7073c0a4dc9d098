/**
 * Waivers: a named, owned, expiring exception for one rule on matching resources. Every source
 * (today the YAML file; later construct-level waivers recorded in the synthesized JSON) produces
 * the same `Waiver` objects, and one function (`applyWaivers`) decides what they do.
 */
import type { NormalizedModel } from '../model/types';

/** The waivers file looked for in the working directory when none is named. */
export const WAIVERS_FILE_NAME = 'crm-guard.waivers.yaml';

/** Where a waiver was written, so reports and errors can point at it. */
export type WaiverOrigin =
  | {
      kind: 'file';
      /** The waivers file, as the user named it (relative to the working directory when discovered). */
      file: string;
      /** 0-based position in the file's `waivers` list. */
      index: number;
    }
  | {
      kind: 'construct';
      /** The synthesized JSON the waiver was recorded in. */
      file: string;
      /** 0-based position in the resource's waiver list. */
      index: number;
      /** The resource the waiver is recorded on. */
      resource: string;
      /** The construct `Waivers.of(...)` was called on. */
      constructPath?: string;
    }
  | {
      kind: 'hcl';
      /** The `.tf` file holding the `# crm-guard:ignore` comment. */
      file: string;
      /** 1-based line of the comment. */
      line: number;
    };

export interface Waiver {
  /** Stable label, e.g. `crm-guard.waivers.yaml#waivers[2]`. */
  id: string;
  origin: WaiverOrigin;
  /** Rule id (upper case), e.g. `CRM-ENC-004`. */
  rule: string;
  /** A resource address, or a glob over addresses (`aws_s3_bucket.legacy_*`, `module.old.**`). */
  resource: string;
  /** Optional stack name or glob; absent = every stack. */
  stack?: string;
  reason: string;
  owner: string;
  /** Last day the waiver applies (YYYY-MM-DD, inclusive); from the next day on it is expired. */
  expires: string;
}

/**
 * - `used`: waived at least one finding.
 * - `unused`: active but matched nothing (it hides nothing: delete it).
 * - `expired`: past its date; it waives nothing, whatever it matches.
 * - `refused`: matched only hard-mandatory findings while `allow_hard_mandatory_waivers` is off.
 */
export type WaiverStatus = 'used' | 'unused' | 'expired' | 'refused';

export interface WaiverOutcome extends Waiver {
  status: WaiverStatus;
  /** Findings the waiver's rule/resource/stack match (whether or not it could waive them). */
  matched: number;
  /** Findings it waived. */
  waived: number;
  /** Hard-mandatory findings it matched but was not allowed to waive. */
  refused: number;
}

/** What a finding records about the waiver that matched it. */
export interface FindingWaiver {
  id: string;
  /** `waived`: the finding is waived; `expired`/`refused`: a waiver matched but does not waive it. */
  outcome: 'waived' | 'expired' | 'refused';
  owner: string;
  reason: string;
  expires: string;
}

/** A producer of waivers. Sources see the loaded models (construct-level waivers live in them). */
export interface WaiverSource {
  /** For messages: the file or mechanism the waivers come from. */
  readonly name: string;
  load(models: readonly NormalizedModel[]): Waiver[];
}
