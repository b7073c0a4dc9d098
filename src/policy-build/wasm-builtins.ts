/**
 * Builtins that really run when policy.wasm is evaluated by @open-policy-agent/opa-wasm 1.10.0.
 * Native: the `builtinsFunctions` map of OPA v1.22.3 `internal/compiler/wasm/wasm.go`, plus the
 * operators the planner compiles inline (`eq`, `assign`). JS-provided by the SDK: json.is_valid,
 * regex.split, yaml.*. `sprintf` is deliberately left out: the SDK's sprintf-js formats composites
 * differently from Go, so `opa test` (Go) and the wasm engine would disagree on messages.
 * The build's capabilities file admits only these, so an unsupported builtin fails `opa build`
 * and `opa check`, not a user's run.
 */
export const WASM_BUILTINS: readonly string[] = [
  'abs', 'and', 'array.concat', 'array.flatten', 'array.reverse', 'array.slice', 'assign',
  'base64.decode', 'base64.encode', 'base64.is_valid', 'base64url.decode', 'base64url.encode',
  'bits.and', 'bits.lsh', 'bits.negate', 'bits.or', 'bits.rsh', 'bits.xor', 'ceil', 'concat', 'contains',
  'count', 'div', 'endswith', 'eq', 'equal', 'floor', 'format_int', 'glob.match', 'graph.reachable', 'gt',
  'gte', 'indexof', 'internal.member_2', 'internal.member_3', 'internal.template_string', 'intersection',
  'is_array', 'is_boolean', 'is_null', 'is_number', 'is_object', 'is_set', 'is_string', 'json.filter',
  'json.is_valid', 'json.marshal', 'json.remove', 'json.unmarshal', 'lower', 'lt', 'lte', 'max', 'min',
  'minus', 'mul', 'neq', 'net.cidr_contains', 'net.cidr_intersects', 'numbers.range', 'object.filter',
  'object.get', 'object.keys', 'object.remove', 'object.union', 'object.union_n', 'or', 'plus', 'product',
  'regex.find_all_string_submatch_n', 'regex.is_valid', 'regex.match', 'regex.split', 'rem', 'replace',
  'round', 'sort', 'split', 'startswith', 'strings.replace_n', 'strings.reverse', 'substring', 'sum',
  'to_number', 'trim', 'trim_left', 'trim_prefix', 'trim_right', 'trim_space', 'trim_suffix', 'type_name',
  'union', 'upper', 'walk', 'yaml.is_valid', 'yaml.marshal', 'yaml.unmarshal',
];
