# METADATA
# title: JSON-in-a-string helpers
# description: >-
#   `json.is_valid` in OPA's wasm runtime (1.22) reads past its input for a document that is a bare
#   `true` or `false` (with any surrounding whitespace or trailing text) and corrupts the heap: the
#   evaluation then aborts or never finishes. Every rule tests JSON held in a string through
#   `valid` here, which answers those texts without calling the builtin, and parses it through
#   `unmarshal`, which looks the text up in the model's `json_documents` (parsed once by the
#   normalizer; wasm memoizes no function call, so each rule would parse each document several
#   times) and parses only a text that is not listed there.
# scope: package
package crm.lib.jsondoc

# A bare boolean, the only valid JSON document that starts with `t` or `f`.
_boolean := `^[ \t\r\n]*(true|false)[ \t\r\n]*$`

# METADATA
# title: Valid JSON text
# description: True when `s` is a string holding one valid JSON document; undefined otherwise.
valid(s) if _listed(s)

valid(s) if {
	not _listed(s)
	_parses(s)
}

_parses(s) if {
	is_string(s)
	not regex.match(`^[ \t\r\n]*[tf]`, s)
	json.is_valid(s)
}

_parses(s) if {
	is_string(s)
	regex.match(_boolean, s)
}

# Listed documents are objects or arrays, never false.
_listed(s) if input.json_documents[s]

# METADATA
# title: Parsed JSON text
# description: >-
#   json.unmarshal(s), looked up in the model's `json_documents` when the text is listed there
#   (the same value, parsed once by the normalizer), else parsed here.
unmarshal(s) := input.json_documents[s]

unmarshal(s) := json.unmarshal(s) if not _listed(s)

# METADATA
# title: Parsed valid JSON text
# description: >-
#   The value of the JSON document held in string `s` (looked up in `json_documents` when listed);
#   undefined when `s` is not a string holding one valid JSON document.
parse(s) := d if {
	d := input.json_documents[s]
} else := json.unmarshal(s) if {
	_parses(s)
}
