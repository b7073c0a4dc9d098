# METADATA
# title: Planned-change helpers
# description: >-
#   The change-safety (CHG) rules read `input.changes` (from a plan's resource_changes, or from
#   `--compare-to` for CDKTF/HCL input): per resource its actions, the attribute paths that force
#   a replacement, and the values before and after. Without `input.changes` there is nothing to
#   evaluate; the report says so.
# scope: package
package crm.lib.changes

# METADATA
# title: Changes of a type
# description: The planned changes to resources of one type.
of_type(type) := [c |
	some c in object.get(input, ["changes", "resources"], {})
	c.type == type
]

# METADATA
# title: Change destroys the object
# description: Delete or replace (delete then create, or create then delete).
destroys(c) if "delete" in c.actions

# METADATA
# title: Change replaces the object
# description: The object is destroyed and a new one created in its place.
replaces(c) if {
	"delete" in c.actions
	"create" in c.actions
}

# METADATA
# title: Change updates in place
# description: The object stays; some attributes change.
updates(c) if "update" in c.actions

# METADATA
# title: What happens to the object, for messages
# description: '"replaced (destroyed, then re-created)" or "destroyed".'
verb(c) := "replaced (destroyed, then re-created)" if replaces(c)

verb(c) := "destroyed" if {
	destroys(c)
	not replaces(c)
}

# METADATA
# title: Forcing attributes, for messages
# description: >-
#   The attributes that force the replacement with their values before and after, e.g.
#   '; forced by `engine` ("postgres" → "mysql")', or "" when the plan names none.
forcing(c) := "" if count(c.replace_paths) == 0

forcing(c) := concat("", ["; forced by ", concat(", ", [_path_change(c, p) | some p in c.replace_paths])]) if count(c.replace_paths) > 0

# Values inside nested blocks (lists) or unknown before apply cannot be shown: the path alone is.
_path_change(c, p) := concat("", ["`", p, "`"]) if {
	not _shown(c.before, p)
	not _shown(c.after, p)
}

_path_change(c, p) := concat("", ["`", p, "` (", _side(c.before, p), " → ", _side(c.after, p), ")"]) if _any_shown(c, p)

_any_shown(c, p) if _shown(c.before, p)

_any_shown(c, p) if _shown(c.after, p)

_side(values, p) := _shown(values, p)

_side(values, p) := "?" if not _shown(values, p)

_shown(values, p) := json.marshal(v) if {
	v := object.get(values, split(p, "."), null)
	v != null
	not is_object(v)
	not is_array(v)
}

_shown(values, p) := "(set)" if {
	v := object.get(values, split(p, "."), null)
	_composite(v)
}

_composite(v) if is_object(v)

_composite(v) if is_array(v)

# METADATA
# title: Value before the change
# description: An attribute's value before the change, or the default.
before(c, attr, default_value) := object.get(object.get(c, "before", {}), attr, default_value)

# METADATA
# title: Value after the change
# description: An attribute's value after the change, or the default (absent after = unset or unknown).
after(c, attr, default_value) := object.get(object.get(c, "after", {}), attr, default_value)
