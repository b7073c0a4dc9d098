/** JSON Schema every rule's METADATA must satisfy; checked at bundle build time. */
import { ENFORCEMENT_LEVELS, FAMILIES, SEVERITIES } from '../engine/catalog';

export const ruleMetadataSchema = {
  type: 'object',
  required: ['title', 'description', 'custom'],
  properties: {
    title: { type: 'string', minLength: 8 },
    description: { type: 'string', minLength: 20 },
    custom: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'severity', 'family', 'controls', 'remediation'],
      properties: {
        id: { type: 'string', pattern: `^[A-Z][A-Z0-9]*-(${Object.keys(FAMILIES).join('|')})-[0-9]{3}$` },
        severity: { enum: [...SEVERITIES] },
        /** Optional; absent means `defaultEnforcement(severity)` (critical → hard-mandatory, high/medium → soft-mandatory, low → advisory). */
        enforcement: { enum: [...ENFORCEMENT_LEVELS] },
        /** Hard-mandatory findings a waiver may approve without `allow_hard_mandatory_waivers` (see RuleMeta.waivable). */
        waivable: { type: 'boolean' },
        family: { enum: Object.keys(FAMILIES) },
        controls: {
          type: 'object',
          additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        },
        remediation: { type: 'string', minLength: 20 },
        deprecated: { type: 'boolean' },
      },
    },
  },
} as const;
