# Test fixtures: builds normalized models the way the TypeScript normalizer does, so rule tests
# stay short. A *_test.rego file, so it is never part of the shipped bundle.
package crm.lib.fixtures

import data.crm.lib.regions

resource(address, values) := {
	"address": address,
	"mode": "managed",
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"module": null,
	"provider": "aws",
	"region": "eu-west-1",
	"values": values,
	"unknown": {},
	"refs": {},
	"origin": {"file": "test.tf.json"},
}

with_refs(r, refs) := object.union(r, {"refs": refs})

with_unknown(r, paths) := object.union(r, {"unknown": {p: true | some p in paths}})

merged(r, extra) := object.union(r, extra)

_pairs(rs) := {[t, r.type, r.address] |
	some r in rs
	some targets in r.refs
	some t in targets
}

model(rs) := {
	"version": 1,
	"format": "cdktf",
	"stack": "test",
	"source": "test.tf.json",
	"resources": {r.address: r | some r in rs},
	"by_type": {t: sort([r.address | some r in rs; r.type == t]) | some t in {r.type | some r in rs}},
	"by_provider": {p: sort([r.address | some r in rs; r.provider == p]) | some p in {r.provider | some r in rs}},
	"referrers": {target: {ty: sort([p[2] | some p in _pairs(rs); p[0] == target; p[1] == ty]) |
		some q in _pairs(rs)
		q[0] == target
		ty := q[1]
	} |
		some p in _pairs(rs)
		target := p[0]
	},
	"regions": _regions(rs),
	"json_documents": _json_documents(rs),
	"literal_arns": _literal_arns(rs),
	"own_region": sort([r.address | some r in rs; _ = r.values.region]),
	"provisioned": sort([r.address | some r in rs; _ = r.values.provisioner]),
	"providers": {"aws": {"key": "aws", "name": "aws", "alias": null, "region": "eu-west-1", "region_unknown": false, "values": {"region": "eu-west-1"}}},
	"terraform": {
		"required_version": "~> 1.9",
		"required_providers": {"aws": {"source": "hashicorp/aws", "version": "~> 6.25"}},
		"backend": null,
	},
	"modules": {},
}

# The derived fields, as src/model/derived.ts computes them: regional resources are the managed,
# non-global ones of the stack's own AWS provider configurations.
_aws_key(key) if key == "aws"

_aws_key(key) if startswith(key, "aws.")

_regional(rs) := [r |
	some r in rs
	_aws_key(r.provider)
	r.mode == "managed"
	not regions.global_resource(r)
]

_regions(rs) := {
	"in_use": {region: sort({r.provider | some r in _regional(rs); r.region == region}) |
		some r in _regional(rs)
		is_string(r.region)
		region := r.region
	},
	"providers": sort({r.provider | some r in _regional(rs)}),
	"unknown_region_providers": sort({r.provider | some r in _regional(rs); not is_string(r.region)}),
}

# Every JSON object or array held as text at any depth of a resource's values (the normalizer
# also leaves out texts whose parse it cannot prove identical to OPA's; lib/jsondoc tests that path).
_json_documents(rs) := {s: doc |
	some r in rs
	walk(r.values, [_, s])
	is_string(s)
	regex.match(`^[ \t\r\n]*[\[{]`, s)
	json.is_valid(s)
	doc := json.unmarshal(s)
}

_literal_arns(rs) := {r.address: arns |
	some r in rs
	r.mode == "managed"
	arns := [{"path": p, "value": v} | walk(r.values, [p, v]); is_string(v); startswith(v, "arn:")]
	count(arns) > 0
}

model_with(rs, extra) := object.union(model(rs), extra)

kms_key := resource("aws_kms_key.k", {"enable_key_rotation": true})

# A planned change (plan `resource_changes` as the normalizer keeps them) and a model carrying them.
change(address, actions, before, after, replace_paths) := {
	"address": address,
	"type": split(address, ".")[0],
	"name": split(address, ".")[1],
	"module": null,
	"actions": actions,
	"replace_paths": replace_paths,
	"before": before,
	"after": after,
}

plan_model(rs, cs) := object.union(model(rs), {"format": "plan", "changes": {"basis": "plan", "resources": {c.address: c | some c in cs}}})
