# METADATA
# title: Aggregate entrypoint
# description: >-
#   Every finding of every rule package below crm.rules, tagged with its package, from one
#   evaluation. This is the only entrypoint compiled into policy.wasm; the TypeScript engine
#   maps the package to the rule catalog built from each rule's METADATA.
# scope: package
package crm.main

# METADATA
# title: All findings
# description: The union of every rule's deny set, each result tagged with `rule` = "<family>.<rule>".
findings contains object.union(d, {"rule": concat(".", [family, name])}) if {
	some family, rules in data.crm.rules
	some name, rule in rules
	some d in rule.deny
}
