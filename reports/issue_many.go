package reports

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
)

// IssueAll issues the reports of many submitted audits of one owner at
// once (the demo's, a whole round's): numbers are allocated in the order
// given, the PDFs drawn in parallel, then stored one short write each in
// number order. If someone else issues meanwhile, the rest fall back to
// Issue one by one.
func (is *Issuer) IssueAll(ctx context.Context, ids []int64, base string) ([]findings.IssuedReport, error) {
	c := is.Loader.Findings
	type job struct {
		in  AuditInput
		fp  string
		rec findings.IssueRecord
		err error
	}
	jobs := make([]job, len(ids))
	now := c.DB.Now()
	year := yearOf(now)
	next := map[int64]int{}
	for i, id := range ids {
		in, fp, err := is.Loader.AuditInput(ctx, id)
		if err != nil {
			return nil, err
		}
		if in.Plan.Status != audit.StatusSubmitted {
			return nil, findings.ErrNotSubmitted(in.Plan.Status)
		}
		if _, ok := next[in.Owner.ID]; !ok {
			if next[in.Owner.ID], err = c.NextReportSeq(ctx, in.Owner.ID, year); err != nil {
				return nil, err
			}
		}
		seq := next[in.Owner.ID]
		next[in.Owner.ID]++
		info := &IssueInfo{Number: fmt.Sprintf("%d/%s", seq, Symbol), Code: NewCode(), At: now, Revision: 1}
		info.URL = VerifyURL(base, info.Code)
		in.Issue = info
		jobs[i] = job{in: in, fp: fp, rec: findings.IssueRecord{AuditID: id, Revision: 1, OwnerID: in.Owner.ID, Year: year, Seq: seq,
			Number: info.Number, Code: info.Code, Fingerprint: fp, At: now}}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func(j *job) {
			defer func() { <-sem; wg.Done() }()
			rd := &Renderer{Cat: is.Cat, Lang: i18n.VI}
			j.rec.PDF, j.err = rd.AuditPDF(BuildAuditReport(j.in), rd.Verification(j.in.Issue))
		}(&jobs[i])
	}
	wg.Wait()
	out := make([]findings.IssuedReport, 0, len(jobs))
	fallback := false
	for i := range jobs {
		if jobs[i].err != nil {
			return out, jobs[i].err
		}
		var r findings.IssuedReport
		var err error
		if !fallback {
			r, err = c.StoreIssued(ctx, jobs[i].rec)
			fallback = errors.Is(err, findings.ErrChanged)
		}
		if fallback {
			r, err = is.Issue(ctx, ids[i], base, nil, org.RegisterInput{})
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}
