package dashboard

import "math"

// upperTail is P(Z > z) for a standard normal Z.
func upperTail(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// normalQuantile returns z with P(Z > z) = p for 0 < p < 0.5, by bisection
// on the exact tail: the analysis calls it once per request, so simplicity
// beats speed.
func normalQuantile(p float64) float64 {
	lo, hi := 0.0, 40.0
	for range 200 {
		mid := (lo + hi) / 2
		if upperTail(mid) > p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// scoreInterval is the interval for a Poisson mean given an observed count
// o, with variance inflated by phi (quasi-Poisson), at normal quantile z:
// the values mu with (o-mu)^2 <= z^2*phi*mu. It never goes below zero and
// stays meaningful when o is zero.
func scoreInterval(o, phi, z float64) (lo, hi float64) {
	c := z * z * phi
	mid := o + c/2
	half := math.Sqrt(c * (o + c/4))
	return math.Max(0, mid-half), mid + half
}
