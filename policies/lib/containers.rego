# METADATA
# title: ECS container definition helpers
# description: >-
#   The containers of an aws_ecs_task_definition, parsed from its `container_definitions` JSON
#   string. CDKTF writes the JSON with `${...}` tokens inside string values. Terraform evaluates
#   those before the JSON is read, so a token may hold quotes (`${replace(x, ":a:", ":b:")}`) that
#   make the raw text invalid JSON: each `${...}` (without nested braces) is then replaced by the
#   marker `${}` before parsing, so values built from tokens stay recognisably unknown. A
#   whole-value expression (`${jsonencode(...)}`, a variable) cannot be parsed before apply.
# scope: package
package crm.lib.containers

import data.crm.lib.jsondoc
import data.crm.lib.tf

# METADATA
# title: Task definitions
# description: Every aws_ecs_task_definition of the model.
task_definitions := tf.resources("aws_ecs_task_definition")

# METADATA
# title: Containers of a task definition
# description: The parsed container objects; undefined when `container_definitions` is not a JSON array.
containers(td) := [c | some c in cs; is_object(c)] if {
	cs := _parsed(object.get(td.values, "container_definitions", null))
	is_array(cs)
}

# The text as is when it is valid JSON, else masked. One parse, i.e. one lookup of the whole text
# in json_documents (testing validity first and parsing next costs a lookup each).
_parsed(s) := d if {
	d := jsondoc.parse(s)
} else := jsondoc.parse(_masked(s)) if is_string(s)

# Every `${...}` interpolation replaced by `${}` (up to its first closing brace).
_masked(s) := concat("${}", array.concat([parts[0]], [substring(p, indexof(p, "}") + 1, -1) |
	some p in array.slice(parts, 1, count(parts))
	indexof(p, "}") >= 0
])) if {
	parts := split(s, "${")
	every p in array.slice(parts, 1, count(parts)) {
		indexof(p, "}") >= 0
	}
}

# METADATA
# title: Container definitions cannot be parsed
# description: True when `container_definitions` is an expression (or not a JSON array), so no container can be checked.
unparsed(td) if not containers(td)

# METADATA
# title: Container name for messages
# description: The container's `name`, or `?`.
name(c) := object.get(c, "name", "?")

# METADATA
# title: Value is an expression
# description: A string holding a `${...}` token, known only after apply.
expr(v) if {
	is_string(v)
	contains(v, "${")
}
