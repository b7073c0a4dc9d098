/** JSON Schema of the configuration document (`policies/config/data.yaml` and user --config files). */
const regionList = { type: 'array', items: { type: 'string', pattern: '^[a-z]{2}(-gov)?-[a-z]+-[0-9]$' }, uniqueItems: true };
const portList = { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, uniqueItems: true };
const days = { type: 'integer', minimum: 0 };

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
  },
} as const;
