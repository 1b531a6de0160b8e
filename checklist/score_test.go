package checklist

import (
	"math"
	"testing"
)

// One major and one minor score below two minors (DOMAIN.md's weighting):
// the league must not tie them.
func TestScoreWeighsMajorsAboveMinors(t *testing.T) {
	twoMinors, _ := ScorePercent(56, 58, 0)
	majorAndMinor, _ := ScorePercent(56, 58, 1)
	if !(majorAndMinor < twoMinors) {
		t.Errorf("major+minor %.2f %% not below two minors %.2f %%", majorAndMinor, twoMinors)
	}
	if math.Abs(majorAndMinor-100*56.0/60) > 1e-9 {
		t.Errorf("major+minor %.4f, want 56/(58+2)", majorAndMinor)
	}
	if _, ok := ScorePercent(0, 0, 0); ok {
		t.Error("a score with nothing applicable")
	}
}
