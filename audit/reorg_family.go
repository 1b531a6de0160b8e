package audit

// InUnitFamily is the SQL condition that the unit aliased alias is the
// unit whose code is given (bound twice) or one merged into it, however
// long the chain of mergers: the people of a successor see the records of
// the units merged into theirs (issue 14), through the unit_successions
// view of migration 0010.
func InUnitFamily(alias string) string {
	return "(" + alias + ".code = ? OR " + alias + ".id IN (SELECT us.unit_id FROM unit_successions us JOIN units cu ON cu.id = us.current_id WHERE cu.code = ?))"
}
