/**
 * A `terraform show -json` document built from a list of resource changes, for tests and the
 * rules' plan examples: planned_values hold every object that exists after the plan, and
 * resource_changes carry the actions, before/after values and replace_paths.
 */
export interface ExampleChange {
  address: string;
  actions: string[];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  replace_paths?: (string | number)[][];
}

function parts(address: string): { type: string; name: string } {
  const [type, name] = address.split('.');
  return { type, name };
}

export function planDoc(changes: readonly ExampleChange[]): Record<string, unknown> {
  const remaining = changes.filter((c) => !(c.actions.length === 1 && c.actions[0] === 'delete'));
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: {
      root_module: {
        resources: remaining.map((c) => ({
          address: c.address,
          mode: 'managed',
          ...parts(c.address),
          provider_name: 'registry.terraform.io/hashicorp/aws',
          schema_version: 0,
          values: c.after ?? {},
          sensitive_values: {},
        })),
      },
    },
    resource_changes: changes.map((c) => ({
      address: c.address,
      mode: 'managed',
      ...parts(c.address),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: c.actions,
        before: c.before ?? null,
        after: c.after ?? null,
        after_unknown: {},
        before_sensitive: false,
        after_sensitive: false,
        ...(c.replace_paths ? { replace_paths: c.replace_paths } : {}),
      },
      ...(c.actions.includes('delete') && c.actions.includes('create') ? { action_reason: 'replace_because_cannot_update' } : {}),
    })),
    configuration: {
      provider_config: {
        aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', version_constraint: '~> 6.25', expressions: { region: { constant_value: 'eu-west-1' } } },
      },
      root_module: {},
    },
  };
}

type Obj = Record<string, unknown>;

/** Meta-arguments of cdk.tf.json resources that are not attribute values. */
const META = new Set(['//', 'provider', 'depends_on', 'lifecycle', 'count', 'for_each', 'connection', 'provisioner']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Provider arguments as plan `expressions`: nested blocks (lists of objects) stay lists of expression maps. */
function expressions(values: Obj): Obj {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Array.isArray(v) && v.length > 0 && v.every(isObj) ? v.map((b) => expressions(b)) : { constant_value: v }]),
  );
}

/**
 * A CDKTF stack (cdk.tf.json) as the plan `terraform show -json` would print for it when nothing
 * but `changes` is planned: every resource in planned_values (its values as synthesized, with
 * `${...}` references left for the model to resolve, as for CDKTF input), providers with their
 * arguments, and `changes` as resource_changes (their `after` replaces the planned values).
 */
export function planFromStack(stack: Obj, changes: readonly ExampleChange[]): Obj {
  const changed = new Map(changes.map((c) => [c.address, c]));
  const resources: Obj[] = [];
  const configured: Obj[] = [];
  for (const [type, byName] of Object.entries((stack.resource ?? {}) as Record<string, Record<string, Obj>>)) {
    for (const [name, body] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const values = Object.fromEntries(Object.entries(body).filter(([k]) => !META.has(k)));
      const change = changed.get(address);
      if (!(change && change.actions.length === 1 && change.actions[0] === 'delete')) {
        resources.push({ address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: change?.after ?? values, sensitive_values: {} });
      }
      configured.push({ address, mode: 'managed', type, name, provider_config_key: typeof body.provider === 'string' ? body.provider : 'aws', expressions: {}, schema_version: 0 });
    }
  }
  const providerConfig: Obj = {};
  const terraform = (stack.terraform ?? {}) as { required_providers?: Record<string, { version?: string }> };
  for (const p of ((stack.provider ?? {}) as Record<string, Obj[]>).aws ?? []) {
    const alias = typeof p.alias === 'string' ? p.alias : null;
    const args = Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'alias'));
    providerConfig[alias ? `aws.${alias}` : 'aws'] = {
      name: 'aws',
      full_name: 'registry.terraform.io/hashicorp/aws',
      ...(alias ? { alias } : { version_constraint: terraform.required_providers?.aws?.version ?? '' }),
      expressions: expressions(args),
    };
  }
  const base = planDoc(changes);
  return {
    ...base,
    planned_values: { root_module: { resources } },
    configuration: { provider_config: providerConfig, root_module: { resources: configured } },
  };
}
