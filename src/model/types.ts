/** The normalized model: the one document every policy and the DR drill read. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type InputFormat = 'cdktf' | 'plan' | 'hcl';

/** Where a human finds the resource. */
export interface Origin {
  /** The file the resource was read from. */
  file: string;
  /** CDKTF construct path (e.g. `crm-primary/database/instance`), when known. */
  constructPath?: string;
  /** 1-based line in `file`, when known (HCL). */
  line?: number;
  /**
   * The address as the source shows it: always the resource (instance) address for a plan
   * (`aws_subnet.data[0]`); for HCL only when `count`/`for_each` expands the resource or a module
   * call above it, as the pattern `aws_subnet.data[*]` / `module.az[*].aws_subnet.this`.
   */
  address?: string;
}

export interface ModelResource {
  /** Terraform address: `aws_s3_bucket.x`, `data.aws_iam_policy_document.y`, `module.m.aws_x.y`. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Module address (`module.a.module.b`) or null for the root module. */
  module: string | null;
  /** Provider configuration key: `aws` or `aws.<alias>`. */
  provider: string;
  /** Effective region (resource `region` argument, else its provider's), or null if not provable. */
  region: string | null;
  /** Attribute values as written; expressions stay as strings, nested blocks stay objects or lists. */
  values: JsonObject;
  /**
   * Attribute paths whose value is only known after apply. Paths are attribute names joined by `.`,
   * without list indices (`vpc_config.subnet_ids`).
   */
  unknown: Record<string, true>;
  /** Attribute path (as in `unknown`) → sorted addresses referenced from that attribute. */
  refs: Record<string, string[]>;
  origin: Origin;
  /** Waivers recorded on the resource in its source (CDKTF `Waivers.of(construct)`); absent when none. */
  waivers?: InlineWaiver[];
  /**
   * Set only on a peer (see NormalizedModel.peers): the stack of the same app that declares the
   * resource, whose own evaluation reports it.
   */
  stack?: string;
  /**
   * Plan inputs only, and only for a resource the plan destroys and re-creates (replace): its
   * planned actions, e.g. `["delete", "create"]`. The DR drill reads it (a DR copy or key replaced
   * by the plan loses its existing data: dr-model U6).
   */
  actions?: string[];
}

/** A waiver written next to the resource: the resource is implied, the rest as in a waivers file. */
export interface InlineWaiver {
  rule: string;
  reason: string;
  owner: string;
  expires: string;
  /** The construct the waiver was declared on (may be an ancestor of the resource's construct). */
  constructPath?: string;
}

export interface ProviderConfig {
  /** `aws` or `aws.<alias>`. */
  key: string;
  name: string;
  alias: string | null;
  region: string | null;
  /** True when a region is configured but cannot be resolved to a literal. */
  region_unknown: boolean;
  values: JsonObject;
}

export interface TerraformSettings {
  required_version: string | null;
  required_providers: Record<string, { source: string | null; version: string | null }>;
  backend: { type: string; config: JsonObject } | null;
}

/**
 * One resource's planned change, for the change-safety rules (CHG): from a plan's
 * `resource_changes`, or from comparing a CDKTF/HCL input with a previous one (`--compare-to`).
 */
export interface ResourceChange {
  address: string;
  type: string;
  name: string;
  module: string | null;
  /** Terraform's planned actions: `["delete"]`, `["delete","create"]` / `["create","delete"]` (replace), `["update"]`. */
  actions: string[];
  /** Attribute paths that force the replacement (plan `replace_paths`), dotted without list indices, sorted. */
  replace_paths: string[];
  /** Values before the change; null when the object is new. */
  before: JsonObject | null;
  /** Values after the change (unknowns absent); null when the object is destroyed. */
  after: JsonObject | null;
}

/** The changes an input plans, when they are known. */
export interface ChangeSet {
  /** `plan`: the plan's own resource_changes; `compare-to`: derived by comparing with a previous input. */
  basis: 'plan' | 'compare-to';
  /** The previous input, for `compare-to`. */
  compared_to?: string;
  /** Address → change; only deletes, replaces and updates (creates, reads and no-ops carry no risk of loss). */
  resources: Record<string, ResourceChange>;
}

/**
 * Regions in use: managed, non-global resources (not IAM, CloudFront, Route 53, Organizations,
 * Shield, S3/account settings or CLOUDFRONT-scope WAF) of this stack's own AWS provider
 * configurations (`aws`, `aws.<alias>`; peers never count), by effective region.
 */
export interface RegionsInUse {
  /** Effective region → sorted provider keys that manage a regional resource there. */
  in_use: Record<string, string[]>;
  /** Provider keys that manage at least one regional resource, sorted. */
  providers: string[];
  /** Provider keys that manage a regional resource whose region cannot be proven, sorted. */
  unknown_region_providers: string[];
}

/** A literal ARN in a resource's values. */
export interface LiteralArn {
  /** Object keys and list indices from `values` down to the string, as Rego's `walk` gives them. */
  path: (string | number)[];
  value: string;
}

export interface NormalizedModel {
  version: 1;
  format: InputFormat;
  /** Stack (CDKTF stack name, plan or directory name): part of every finding's identity. */
  stack: string;
  /** The file or directory the model was read from. */
  source: string;
  resources: Record<string, ModelResource>;
  /**
   * Stacks of one CDKTF app (one cdktf.out manifest) are joined (src/model/join.ts): the resources
   * of the app's other stacks, keyed `<stack>:<address>` and marked with their `stack`, with their
   * references qualified the same way. A `${data.terraform_remote_state.X.outputs.O}` this stack
   * reads is resolved to the producing stack's resource in `refs`, so rules and the drill see one
   * workload. Findings on peers are left to their own stack. Absent for a model that stands alone.
   */
  peers?: Record<string, ModelResource>;
  /**
   * Joined models only: address (own, or a peer's `<stack>:<address>`) → the remote-state reads, in
   * any stack of the app, that resolve to it (`data.terraform_remote_state.<X>.outputs.<output>`),
   * so a rule can tell which expression of an attribute names which resource (the way
   * `<type>.<name>.` names one of the same stack).
   */
  cross_stack_reads?: Record<string, string[]>;
  /**
   * CDKTF/Terraform JSON only: output name → sorted addresses its value references (how another
   * stack's remote-state read is traced back to a resource). Absent for other formats.
   */
  outputs?: Record<string, string[]>;
  /** Resource type → sorted addresses (peers included, under their qualified addresses). */
  by_type: Record<string, string[]>;
  /** Provider configuration key → sorted addresses of the resources it manages (a peer's key is `<stack>:<key>`). */
  by_provider: Record<string, string[]>;
  /** Address → referrer type → sorted addresses that reference it (peers' references included). */
  referrers: Record<string, Record<string, string[]>>;
  /**
   * Derived (src/model/derived.ts): the regions this stack deploys regional AWS resources to, for
   * the controls that must hold "in every region in use". Read through policies/lib/regions.rego.
   */
  regions: RegionsInUse;
  /**
   * Derived (src/model/derived.ts): JSON objects and arrays held as text in resource values (policy
   * documents, container definitions, event patterns, ...), parsed once, keyed by the exact text.
   * A text is listed only when its parsed value is provably the one OPA's `json.unmarshal` gives;
   * any other text is absent and parsed by the policies themselves. Read it through
   * `data.crm.lib.jsondoc.parse` (never directly: absence does not mean invalid).
   */
  json_documents: Record<string, Json>;
  /**
   * Derived (src/model/derived.ts): managed resource address → the string values starting with
   * `arn:` at any depth of its values, with their paths; resources without one are absent.
   */
  literal_arns: Record<string, LiteralArn[]>;
  /**
   * Derived (src/model/derived.ts): sorted addresses of the resources whose values set their own
   * `region` argument (any value, managed or data).
   */
  own_region: string[];
  /**
   * Derived (src/model/derived.ts): sorted addresses of the resources whose values hold a
   * `provisioner` (any value), so the provisioner rule reads these few instead of every resource.
   */
  provisioned: string[];
  /**
   * Derived (src/model/derived.ts): resource address → the attribute paths (`ebs_block_device`,
   * `access_control_policy.grant`) whose nested blocks the provider schema defines but the
   * configuration gives as one expression known only after apply (`= var.devices`,
   * `= data.x.y.rules`), sorted; resources without one are absent. No rule can see inside such
   * blocks, so CRM-INT-013 reports them unverifiable.
   */
  opaque_blocks: Record<string, string[]>;
  providers: Record<string, ProviderConfig>;
  terraform: TerraformSettings;
  /**
   * Module calls: name → source/version as written; `unavailable` when the called module is not
   * installed and was not read (HCL with `unavailableModules: 'finding'`); `origin`: where the call
   * is written (HCL), where findings on the call point.
   */
  modules: Record<string, { source: string | null; version: string | null; unavailable?: true; origin?: Origin }>;
  /**
   * Planned changes: always for a plan; for CDKTF/HCL only when compared with a previous input.
   * Absent means the change-safety (CHG) rules cannot be evaluated for this model.
   */
  changes?: ChangeSet;
}
