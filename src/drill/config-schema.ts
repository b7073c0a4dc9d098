/** JSON Schema of the `drill:` section of the configuration (imported by src/config/schema.ts). */
import { CONSTANT_NAMES } from './constants';
import { COMPONENT_KINDS, CONFIDENCES } from './types';

export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$';
const duration = { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: DURATION_PATTERN }] };
const target = { type: 'object', additionalProperties: false, properties: { rpo: duration, rto: duration } };

export const drillConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    targets: target,
    tiers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          resources: { type: 'array', items: { type: 'string', minLength: 1 } },
          kinds: { type: 'array', items: { enum: [...COMPONENT_KINDS] } },
          tags: { type: 'object', additionalProperties: { type: 'string' } },
          rpo: duration,
          rto: duration,
        },
      },
    },
    rebuildable: { type: 'array', items: { type: 'string', minLength: 1 } },
    allow_non_compliant_recovery: { type: 'boolean' },
    constants: {
      type: 'object',
      propertyNames: { enum: [...CONSTANT_NAMES] },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          best: duration,
          typical: duration,
          worst: duration,
          confidence: { enum: [...CONFIDENCES] },
          source: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;
