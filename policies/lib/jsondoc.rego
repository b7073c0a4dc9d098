# METADATA
# title: JSON-in-a-string helpers
# description: >-
#   `json.is_valid` in OPA's wasm runtime (1.22) reads past its input for a document that is a bare
#   `true` or `false` (with any surrounding whitespace or trailing text) and corrupts the heap: the
#   evaluation then aborts or never finishes. Every rule tests JSON held in a string through
#   `valid` here, which answers those texts without calling the builtin.
# scope: package
package crm.lib.jsondoc

# A bare boolean, the only valid JSON document that starts with `t` or `f`.
_boolean := `^[ \t\r\n]*(true|false)[ \t\r\n]*$`

# METADATA
# title: Valid JSON text
# description: True when `s` is a string holding one valid JSON document; undefined otherwise.
valid(s) if {
	is_string(s)
	not regex.match(`^[ \t\r\n]*[tf]`, s)
	json.is_valid(s)
}

valid(s) if {
	is_string(s)
	regex.match(_boolean, s)
}
