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
