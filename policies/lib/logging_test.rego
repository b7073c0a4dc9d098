package crm.lib.logging_test

import data.crm.lib.fixtures as fx
import data.crm.lib.logging

_trail(unknown) := fx.with_unknown(fx.resource("aws_cloudtrail.t", {}), unknown)

test_selectors_unknown_where_they_decide_what_is_selected if {
	logging.selectors_unknown(_trail(["event_selector.data_resource.type"]))
	logging.selectors_unknown(_trail(["advanced_event_selector.field_selector.field"]))
	logging.selectors_unknown(_trail(["event_selector"]))
}

test_selectors_known_with_referenced_arns if {
	not logging.selectors_unknown(_trail(["s3_bucket_name", "event_selector.data_resource.values", "advanced_event_selector.field_selector.equals"]))
}
