package reports

import (
	"archive/zip"
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// ZipEntry is one report a round's ZIP holds: the latest issued revision
// of an issued audit, or a draft of a submitted one.
type ZipEntry struct {
	AuditID  int64
	Auditee  Unit
	Issued   bool
	ReportID int64  // the issued revision's id
	Number   string // the issued revision's number
	At       time.Time
}

// ZipEntries lists what a round's ZIP holds, in schedule order: its
// issued audits and, as drafts, its submitted ones; audits not yet
// submitted have no report.
func (is *Issuer) ZipEntries(ctx context.Context, roundID int64) ([]ZipEntry, error) {
	audits, err := is.Loader.RoundAudits(ctx, roundID)
	if err != nil {
		return nil, err
	}
	c := is.Loader.Findings
	var out []ZipEntry
	for _, a := range audits {
		e := ZipEntry{AuditID: a.AuditID, Auditee: a.Auditee}
		switch a.Status {
		case audit.StatusIssued:
			rs, err := c.IssuedReports(ctx, a.AuditID)
			if err != nil {
				return nil, err
			}
			if len(rs) == 0 {
				continue
			}
			r := rs[len(rs)-1]
			e.Issued, e.ReportID, e.Number, e.At = true, r.ID, r.Number, r.IssuedAt
		case audit.StatusSubmitted:
		default:
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// ZipName is an entry's file name: its place in the list, the audited
// unit's code and Vietnamese name, then the report's number, or the draft
// mark. The name is UTF-8 (archive/zip sets the UTF-8 flag for it);
// characters that file systems refuse are replaced.
func ZipName(no int, e ZipEntry, draft string) string {
	tail := draft
	if e.Issued {
		tail = e.Number
	}
	return safeFileName(fmt.Sprintf("%02d %s %s - %s", no, e.Auditee.Code, e.Auditee.Name, tail)) + ".pdf"
}

// safeFileName composes s to NFC and replaces path separators, characters
// Windows refuses and controls with "-", trimming spaces and dots.
func safeFileName(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune(`/\:*?"<>|`, r), unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.Trim(b.String(), " .")
	if len(out) > 180 {
		// Keep whole characters within a length every file system accepts.
		cut := 180
		for cut > 0 && !utf8Start(out[cut]) {
			cut--
		}
		out = out[:cut]
	}
	return out
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// BuildRoundZip writes a round's reports into w: each issued report's
// stored bytes exactly, each submitted audit's draft drawn now in
// Vietnamese (reading only, never holding the writer). Entries are stored
// uncompressed: a PDF is compressed already.
func (is *Issuer) BuildRoundZip(roundID int64) ZipBuild {
	return func(ctx context.Context, job *ZipJob, w *zip.Writer) error {
		entries, err := is.ZipEntries(ctx, roundID)
		if err != nil {
			return err
		}
		job.SetTotal(len(entries))
		c := is.Loader.Findings
		draft := is.Cat.T(i18n.VI, "rounddocs.zip.draft")
		for i, e := range entries {
			if err := ctx.Err(); err != nil {
				return err
			}
			var b []byte
			at := e.At
			if e.Issued {
				b, err = c.IssuedPDF(ctx, e.ReportID)
			} else {
				b, err = is.Draft(ctx, e.AuditID, i18n.VI)
				at = c.DB.Now()
			}
			if err != nil {
				return fmt.Errorf("reports: zip audit %d: %w", e.AuditID, err)
			}
			f, err := w.CreateHeader(&zip.FileHeader{Name: ZipName(i+1, e, draft), Method: zip.Store, Modified: at})
			if err != nil {
				return err
			}
			if _, err := f.Write(b); err != nil {
				return err
			}
			job.Step()
		}
		return nil
	}
}
