package crm.lib.changes_test

import data.crm.lib.changes
import data.crm.lib.fixtures as fx

test_forcing_shows_values_on_either_side if {
	c := fx.change("aws_db_instance.crm", ["delete", "create"], {"subnets": ["a"]}, {"identifier": "crm-2", "subnets": ["b"]}, ["identifier", "subnets"])
	changes.forcing(c) == "; forced by `identifier` (? → \"crm-2\"), `subnets` ((set) → (set))"
	changes.forcing(fx.change("aws_db_instance.crm", ["delete"], {}, null, [])) == ""
}

test_no_changes_without_a_change_set if {
	count(changes.of_type("aws_db_instance")) == 0 with input as fx.model([])
}
