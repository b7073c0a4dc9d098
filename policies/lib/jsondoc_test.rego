package crm.lib.jsondoc_test

import data.crm.lib.jsondoc

test_documents_are_valid if {
	every s in [`{"a":1}`, "[true]", "null", "1", `"x"`, "true", "false", " false ", "\ntrue"] {
		jsondoc.valid(s)
	}
}

test_non_documents_are_not_valid if {
	every s in ["tru", "falsex", "true false", "{", "", "t", "f"] {
		not jsondoc.valid(s)
	}
}

test_non_strings_are_not_valid if {
	every v in [null, true, 1, {}, []] {
		not jsondoc.valid(v)
	}
}

test_listed_documents_are_looked_up if {
	# A listed text answers from the table (a value unlike the text's proves the lookup).
	jsondoc.unmarshal(`{"a":1}`) == {"listed": true} with input as {"json_documents": {`{"a":1}`: {"listed": true}}}
	jsondoc.valid(`{"a":1}`) with input as {"json_documents": {`{"a":1}`: {"listed": true}}}
}

test_unlisted_documents_are_parsed if {
	jsondoc.unmarshal(`{"a":1}`) == {"a": 1} with input as {"json_documents": {}}
	jsondoc.unmarshal("[1, 2]") == [1, 2]
	not jsondoc.unmarshal("{")
}

test_parse_looks_up_listed_and_parses_valid_unlisted_documents if {
	jsondoc.parse(`{"a":1}`) == {"listed": true} with input as {"json_documents": {`{"a":1}`: {"listed": true}}}
	jsondoc.parse(`{"a":1}`) == {"a": 1} with input as {"json_documents": {}}
	jsondoc.parse(" true ") == true
	not jsondoc.parse("{")
	not jsondoc.parse("tru")
	not jsondoc.parse(1)
}
