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
    admin_ports: portList,
    db_ports: portList,
    authorized_public_ports: portList,
    min_backup_retention_days: days,
    min_log_retention_days: days,
    max_log_retention_days: days,
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
    /** `crm-guard drill`: targets, tiers, rebuildable caches, measured constants (docs/drill.md). */
    drill: drillConfigSchema,
  },
} as const;
