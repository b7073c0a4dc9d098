/** JSON Schema of the configuration document (`policies/config/data.yaml` and user --config files). */
import { ENFORCEMENT_LEVELS, SEVERITIES } from '../engine/catalog';
import { drillConfigSchema } from '../drill/config-schema';

const regionList = { type: 'array', items: { type: 'string', pattern: '^[a-z]{2}(-gov)?-[a-z]+-[0-9]$' }, uniqueItems: true };
const portList = { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, uniqueItems: true };
const days = { type: 'integer', minimum: 0 };
/** Per-rule overrides: rule id → value. Ids are checked against the catalog when a check runs. */
const perRule = (values: readonly string[]) => ({
  type: 'object',
  propertyNames: { pattern: '^[A-Z][A-Z0-9]*-[A-Z]{3}-[0-9]{3}$' },
  additionalProperties: { enum: [...values] },
});

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allowed_regions: { ...regionList, minItems: 1 },
    global_service_regions: regionList,
    dr_region: { type: 'string', pattern: '^[a-z]{2}(-gov)?-[a-z]+-[0-9]$' },
    account_baseline_external: { type: 'boolean' },
    /** Prefix lengths below which a public (non-reserved) CIDR counts as the internet. */
    public_cidr_prefix: {
      type: 'object',
      additionalProperties: false,
      required: ['ipv4', 'ipv6'],
      properties: { ipv4: { type: 'integer', minimum: 0, maximum: 32 }, ipv6: { type: 'integer', minimum: 0, maximum: 128 } },
    },
    admin_ports: portList,
    db_ports: portList,
    authorized_public_ports: portList,
    min_backup_retention_days: days,
    min_log_retention_days: days,
    max_log_retention_days: days,
    max_noncurrent_version_days: { type: 'integer', minimum: 1 },
    max_backup_retention_days: { type: 'integer', minimum: 1 },
    secret_rotation_max_days: days,
    password_min_length: { type: 'integer', minimum: 8 },
    password_reuse: days,
    vault_min_retention_days: days,
    approved_aws_provider_majors: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1 },
    /** Rule id → enforcement level, over the rule's METADATA/severity default. */
    enforcement: perRule(ENFORCEMENT_LEVELS),
    /** Rule id → severity, over the rule's METADATA severity (drives --fail-on and reports). */
    severity: perRule(SEVERITIES),
    /** Lets waivers and baselines exempt hard-mandatory findings; every report shows this flag. */
    allow_hard_mandatory_waivers: { type: 'boolean' },
    /**
     * false: waivers recorded inside the checked artifact (CDKTF construct waivers) are ignored, so
     * only the gate's own waivers file counts; the report says how many were ignored.
     */
    inline_waivers: { type: 'boolean' },
    /** Longest allowed waiver lifetime: a waiver expiring more than this many days after today is a config error. */
    max_waiver_days: { type: 'integer', minimum: 0 },
    approved_provider_sources: { type: 'array', items: { type: 'string', pattern: '^[^/\\s]+/[^/\\s]+(/[^/\\s]+)?$' }, uniqueItems: true },
    approved_module_sources: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    approved_image_registries: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    approved_accounts: { type: 'array', items: { type: 'string', pattern: '^[0-9]{12}$' }, uniqueItems: true },
    allowed_tls_policies: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, minItems: 1 },
    password_max_age_days: days,
    upload_bucket_purposes: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    /** Tag key → allowed values; an empty list means any non-empty value. */
    required_tags: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } },
    deprecated_lambda_runtimes: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    fargate_platform_versions: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    // CLI options a `crm-guard.yaml` can hold next to the rule data (command-line flags win).
    /** Lowest severity that fails `check` (`--fail-on`). */
    fail_on: { enum: [...SEVERITIES, 'none'] },
    /** Reports of `check` when no --format is given: each a format and an optional output file. */
    reports: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['format'], additionalProperties: false, properties: { format: { type: 'string', minLength: 1 }, output: { type: 'string', minLength: 1 } } },
    },
    /** Rule id globs (`CRM-NET-*`) to report: include (default all) and exclude (`--rule`, `--skip-rule`). */
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: { include: { type: 'array', items: { type: 'string', minLength: 1 } }, exclude: { type: 'array', items: { type: 'string', minLength: 1 } } },
    },
    /** Findings below this severity are not reported (`--severity`). */
    severity_threshold: { enum: [...SEVERITIES] },
    /** Engine → oldest supported version (dotted numbers) and why (CRM-INT-012). */
    supported_engine_versions: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['min', 'because'],
        properties: { min: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$' }, because: { type: 'string', minLength: 1 } },
      },
    },
    /** `crm-guard drill`: targets, tiers, rebuildable caches, measured constants (docs/drill.md). */
    drill: drillConfigSchema,
  },
} as const;
