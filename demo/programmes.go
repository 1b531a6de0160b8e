package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// Seeds of the demo's rounds, so that the demo is the same every time.
const (
	seedLastYear = 2024
	seedRound1   = 2025
	seedRound2   = 2026
)

func day(t time.Time) string { return t.Format(time.DateOnly) }

// loadRegister certifies every demo auditor: auditor.CODE is the only
// certified auditor of its unit, valid until the end of next year, so that it
// leads every audit its unit conducts.
func loadRegister(ctx context.Context, d *db.DB, units []org.UnitInput, today time.Time) error {
	return d.Write(ctx, func(tx *db.Tx) error {
		for _, u := range units {
			in := audit.CertificateInput{Username: "auditor." + u.Code, Course: "Chuyên gia đánh giá nội bộ TCVN ISO 9001:2015",
				CertificateNo: fmt.Sprintf("ĐGNB-%s-%d", u.Code, today.Year()-3),
				IssuedOn:      fmt.Sprintf("%d-03-15", today.Year()-3), ExpiresOn: fmt.Sprintf("%d-12-31", today.Year()+1)}
			if err := in.Validate(); err != nil {
				return err
			}
			if err := audit.AddCertificateTx(tx, in); err != nil {
				return fmt.Errorf("demo: certificate of %s: %w", in.Username, err)
			}
		}
		return nil
	})
}

// loadProgrammes creates last year's programme with its confirmed round,
// completed, and this year's with a confirmed round of 15 audits (K=1,
// rotating against last year) and a second round in preview.
func loadProgrammes(ctx context.Context, store *audit.Store, units []org.UnitInput) error {
	d := store.DB
	today := d.Now().In(i18n.Zone)
	builtin, err := checklist.BuiltinID(ctx, d)
	if err != nil {
		return err
	}
	codes := make([]string, len(units))
	for i, u := range units {
		codes[i] = u.Code
	}
	if err := loadRegister(ctx, d, units, today); err != nil {
		return err
	}
	last := today.AddDate(-1, 0, 0)
	lastYear, err := store.CreateProgramme(ctx, audit.ProgrammeInput{
		Name: fmt.Sprintf("Chương trình đánh giá nội bộ chéo năm %d", last.Year()), Year: last.Year(), ChecklistID: builtin, Units: codes,
		// Last year's audits used version 1: version 2 came after them.
		ChecklistVersion: 1,
		Objectives:       "Đánh giá việc áp dụng, duy trì HTQLCL theo TCVN ISO 9001:2015 trong giải quyết TTHC tại các xã, thị trấn.",
		Rounds:           []audit.RoundWindow{{StartsOn: day(last.AddDate(0, 0, -14)), EndsOn: day(last.AddDate(0, 0, 14))}},
	})
	if err != nil {
		return fmt.Errorf("demo: last year's programme: %w", err)
	}
	// Last year Liên Nghĩa audited Hiệp An, and this year Hiệp An audits
	// Liên Nghĩa: the pair that grades each other leniently (demo/dashboard.go),
	// so that the dashboard's fairness analysis has a pair to show.
	if err := previewAndConfirm(ctx, store, lastYear.ID, seedLastYear, assign.Pair{Auditor: lenientPair[0], Auditee: lenientPair[1]}); err != nil {
		return err
	}
	if _, err := store.TransitionProgramme(ctx, lastYear.ID, audit.ProgrammeCompleted); err != nil {
		return err
	}
	thisYear, err := store.CreateProgramme(ctx, audit.ProgrammeInput{
		Name: fmt.Sprintf("Chương trình đánh giá nội bộ chéo năm %d", today.Year()), Year: today.Year(), ChecklistID: builtin, Units: codes,
		Objectives: "Đánh giá chéo giữa các xã, thị trấn: rà soát TTHC đang có hiệu lực, công khai trên Cổng dịch vụ công, cấu hình trên hệ thống một cửa điện tử và quy trình ISO.",
		Rounds: []audit.RoundWindow{
			{StartsOn: day(today.AddDate(0, 0, -21)), EndsOn: day(today.AddDate(0, 0, 21))},
			{StartsOn: day(today.AddDate(0, 0, 60)), EndsOn: day(today.AddDate(0, 0, 90))},
		},
	})
	if err != nil {
		return fmt.Errorf("demo: this year's programme: %w", err)
	}
	if err := previewAndConfirm(ctx, store, thisYear.ID, seedRound1, assign.Pair{Auditor: lenientPair[1], Auditee: lenientPair[0]}); err != nil {
		return err
	}
	if _, err := store.PreviewRound(ctx, thisYear.ID, audit.RoundInput{PerUnit: 1, Seed: seedRound2}); err != nil {
		return fmt.Errorf("demo: second round: %w", err)
	}
	return nil
}

// previewAndConfirm previews a round and confirms it, with the pair want
// in it: the office swaps it in, as it may, with a reason on record.
func previewAndConfirm(ctx context.Context, store *audit.Store, programmeID int64, seed uint64, want assign.Pair) error {
	r, err := store.PreviewRound(ctx, programmeID, audit.RoundInput{PerUnit: 1, Seed: seed})
	if err != nil {
		return fmt.Errorf("demo: preview: %w", err)
	}
	if !slices.Contains(r.Pairs, want) {
		var a, b assign.Pair
		for _, p := range r.Pairs {
			if p.Auditor == want.Auditor {
				a = p
			}
			if p.Auditee == want.Auditee {
				b = p
			}
		}
		swap := audit.SwapInput{A: a, B: b, Reason: "Điều chỉnh theo đề nghị của các xã về lịch công tác."}
		if _, err := store.SwapPairs(ctx, programmeID, r.N, swap); err != nil {
			return fmt.Errorf("demo: swap %v: %w", want, err)
		}
	}
	if _, err := store.ConfirmRound(ctx, programmeID, r.N); err != nil {
		return fmt.Errorf("demo: confirm: %w", err)
	}
	return nil
}

// previewRound2 previews this year's second round again once the results
// are in, with the fairness analysis behind it, as the office would: the
// round steers away from the lenient pair's audits and proposes a spot
// check of them. The binary lends the store its analysis; a store without
// one (the demo test's) gets the dashboard's here.
func previewRound2(ctx context.Context, store *audit.Store) error {
	if store.Fairness == nil {
		store.Fairness = &dashboard.Store{DB: store.DB}
	}
	var id int64
	if err := store.DB.R.QueryRowContext(ctx, `SELECT id FROM programmes ORDER BY year DESC, id DESC LIMIT 1`).Scan(&id); err != nil {
		return fmt.Errorf("demo: this year's programme: %w", err)
	}
	if _, err := store.PreviewRound(ctx, id, audit.RoundInput{PerUnit: 1, Seed: seedRound2}); err != nil {
		return fmt.Errorf("demo: second round with the fairness flags: %w", err)
	}
	return nil
}
