package reports

import (
	"syscall"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// cpuTime is the process's user and system CPU time so far: on a shared
// machine the wall time of a benchmark says more about the neighbours
// than about the code, so the benchmarks report CPU time per operation
// too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAuditReport draws an audit report of 60 items, 20
// nonconformities and 10 photos (the issue's budget: under 150 ms).
func BenchmarkAuditReport(b *testing.B) {
	rd := renderer()
	in := fixture(60, 20, 10)
	in.Issue = &IssueInfo{Number: "12/BC-ĐGNB", Code: "ABCDE-FGHJK", URL: "https://crossaudit.example/verify/ABCDE-FGHJK", At: fixedDay, Revision: 1}
	if _, err := pdfdoc.NewDoc(pdfdoc.Options{}); err != nil { // the fonts read once, outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		r := BuildAuditReport(in)
		if _, err := rd.AuditPDF(r, rd.Verification(in.Issue)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkProgrammeSummary draws the summary of a programme of 300 units
// (the issue's budget: under one second).
func BenchmarkProgrammeSummary(b *testing.B) {
	rd := renderer()
	in := programmeFixture(300)
	if _, err := pdfdoc.NewDoc(pdfdoc.Options{}); err != nil { // the fonts read once, outside the timing
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		if _, err := rd.ProgrammePDF(BuildProgrammeReport(in)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}
