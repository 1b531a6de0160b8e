package dashboard

import (
	"fmt"
	"math/rand/v2"
)

// synth describes a synthetic programme: units of varying quality audit
// each other in rounds (each unit audits one and is audited by one, never
// itself), items vary in difficulty, and the lenient pair, when set, audit
// each other in alternate rounds and find a fraction of what they should.
type synth struct {
	units, rounds, items int
	lenient              [2]int // indexes of the planted pair; equal means none
	factor               float64
}

// generate draws one programme from seed.
func (s synth) generate(seed uint64) ([]Obs, []ItemObs) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	quality := make([]float64, s.units)
	for i := range quality {
		quality[i] = 0.04 + 0.08*rng.Float64()
	}
	difficulty := make([]float64, s.items)
	for i := range difficulty {
		difficulty[i] = 0.3 + 1.4*rng.Float64()
	}
	code := func(i int) string { return fmt.Sprintf("U%03d", i) }
	tallies := make([]ItemObs, s.items)
	for i := range tallies {
		tallies[i].Item = fmt.Sprintf("C%02d", i+1)
	}
	planted := s.lenient[0] != s.lenient[1]
	var obs []Obs
	var id int64
	for r := range s.rounds {
		perm := s.derangement(rng)
		if planted {
			a, b := s.lenient[0], s.lenient[1]
			if r%2 == 1 {
				a, b = b, a
			}
			perm = force(rng, s, perm, a, b)
		}
		for auditor, auditee := range perm {
			id++
			o := Obs{AuditID: id, Round: fmt.Sprint(r + 1), Auditor: code(auditor), Auditee: code(auditee)}
			lenient := planted && (auditor == s.lenient[0] && auditee == s.lenient[1] || auditor == s.lenient[1] && auditee == s.lenient[0])
			for it := range s.items {
				if it == 0 { // not applicable everywhere, like 8.3
					continue
				}
				o.Applicable++
				tallies[it].Applicable++
				p := min(0.9, quality[auditee]*difficulty[it])
				if lenient {
					p *= s.factor
				}
				if rng.Float64() < p {
					o.NC++
					tallies[it].NC++
				}
			}
			obs = append(obs, o)
		}
	}
	return obs, tallies
}

// derangement is a random permutation without fixed points.
func (s synth) derangement(rng *rand.Rand) []int {
	for {
		p := rng.Perm(s.units)
		ok := true
		for i, v := range p {
			if i == v {
				ok = false
				break
			}
		}
		if ok {
			return p
		}
	}
}

// force makes a audit b in perm, keeping it a derangement.
func force(rng *rand.Rand, s synth, perm []int, a, b int) []int {
	for {
		c := 0
		for i, v := range perm {
			if v == b {
				c = i
			}
		}
		perm[c], perm[a] = perm[a], b
		if perm[c] != c {
			return perm
		}
		perm = s.derangement(rng)
	}
}
