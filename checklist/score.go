package checklist

// MajorWeight is how many failed items a major nonconformity counts as in
// an audit's score (DOMAIN.md): one major weighs more than two minors.
const MajorWeight = 3

// ScorePercent is an audit's score (DOMAIN.md) as a percentage: the items
// found conform, an observation or an improvement over the applicable items
// (answered, not "na"), each major counting as MajorWeight failed items:
// favourable / (applicable + (MajorWeight-1) × majors). False when nothing
// applied.
func ScorePercent(favourable, applicable, majors int) (float64, bool) {
	den := applicable + (MajorWeight-1)*majors
	if applicable <= 0 || den <= 0 {
		return 0, false
	}
	return 100 * float64(favourable) / float64(den), true
}
