// Package demo loads the demo district, Đức Trọng as it was before the 2025
// reorganisation, so that a newcomer signs in to a populated application.
// Dates are relative to today, so that due dates and overdue states mean
// something whenever the demo is loaded.
//
// What the demo guarantees is listed in CONTRACT.md and checked by this
// package's test against a freshly loaded database.
package demo

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"

	"github.com/crossaudit/crossaudit/assets"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
)

// Password is every demo login's password (CONTRACT.md).
const Password = "crossaudit-demo"

// Owner is the demo's organiser as it was before the 2025 reform, with the
// signers and legal bases its documents print. The people are fictitious.
var Owner = org.Profile{Name: "UBND huyện Đức Trọng", Parent: "UBND tỉnh Lâm Đồng", Place: "Đức Trọng", Symbol: "UBND",
	Signers: []org.Signer{
		{Kind: "plan", Authority: "KT.", Principal: "CHỦ TỊCH", Title: "PHÓ CHỦ TỊCH", Name: "Trần Văn Bình"},
		{Kind: "decision", Authority: "KT.", Principal: "CHỦ TỊCH", Title: "PHÓ CHỦ TỊCH", Name: "Trần Văn Bình"},
		{Kind: "programme_report", Authority: "TM.", Principal: "ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH", Name: "Nguyễn Văn An"},
		{Kind: "reconciliation_report", Authority: "TL.", Principal: "CHỦ TỊCH", Title: "TRƯỞNG PHÒNG NỘI VỤ", Name: "Lê Thị Cúc"},
	},
	LegalBases: []string{
		"Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
		"Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
		"Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 năm 2014 của Bộ trưởng Bộ Khoa học và Công nghệ",
	}}

// chairmen are the demo units' chairmen, by the units' order: fictitious
// names, so that the documents a unit issues itself carry a signer.
var chairmen = []string{"Phạm Văn Hùng", "Nguyễn Thị Lan", "Trần Minh Đức", "Lê Văn Tâm", "Hoàng Thị Mai", "Vũ Đình Khoa",
	"Đặng Văn Lực", "Bùi Thị Hạnh", "Đỗ Quang Vinh", "Ngô Thị Thu", "K'Brơh", "Ka Điệp", "Phan Văn Sơn", "Trương Thị Yến", "Lâm Văn Phúc"}

// Load fills a database that has no units yet; on one that has, it changes
// nothing and says so in one line.
func Load(ctx context.Context, f *findings.Store, out io.Writer) error {
	d := f.DB
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM units`).Scan(&n); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if n > 0 {
		fmt.Fprintf(out, "demo: the database already holds %d units; nothing loaded\n", n)
		return nil
	}
	units, err := Units()
	if err != nil {
		return err
	}
	if err := checklist.Seed(ctx, d); err != nil {
		return err
	}
	// One hash for every demo login: hashing 32 times would slow start-up
	// for no gain, since they share the password anyway.
	hash, err := auth.HashPassword(Password, auth.DefaultParams)
	if err != nil {
		return err
	}
	var logins []auth.UserInput
	err = d.Write(ctx, func(tx *db.Tx) error {
		if _, err := org.DeclareOwner(tx, Owner); err != nil {
			return err
		}
		for _, u := range units {
			if _, err := org.CreateUnitTx(tx, u); err != nil {
				return fmt.Errorf("demo: unit %s: %w", u.Code, err)
			}
		}
		// The built-in checklist as versions 1 and 2 and a draft version 3.
		if err := checklist.LoadDemo(tx); err != nil {
			return err
		}
		logins = Logins(units)
		for _, in := range logins {
			if _, err := auth.CreateUserTx(tx, in, hash, false); err != nil {
				return fmt.Errorf("demo: user %s: %w", in.Username, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := loadProgrammes(ctx, f.Audits, units); err != nil {
		return err
	}
	if err := loadConduct(ctx, f); err != nil {
		return err
	}
	if err := loadReports(ctx, f); err != nil {
		return err
	}
	if err := loadOutgoing(ctx, f); err != nil {
		return err
	}
	if err := loadNonconformities(ctx, f); err != nil {
		return err
	}
	if err := previewRound2(ctx, f.Audits); err != nil {
		return err
	}
	if err := loadProcedures(ctx, d, units); err != nil {
		return err
	}
	if err := loadReorgSchedule(ctx, d); err != nil {
		return err
	}
	if err := loadDateProposal(ctx, f.Audits); err != nil {
		return err
	}
	// The welcome comes last, so that it tops every inbox.
	err = d.Write(ctx, func(tx *db.Tx) error {
		return inbox.BroadcastTx(tx, apperr.M("inbox.welcome_demo", "owner", Owner.Name), "/account")
	})
	if err != nil {
		return err
	}
	printLogins(out, logins)
	return nil
}

// Units reads the demo district's units from the embedded CSV.
func Units() ([]org.UnitInput, error) {
	f, err := assets.Data.Open("data/ductrong_units.csv")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	defer f.Close()
	return readUnits(f)
}

func readUnits(f fs.File) ([]org.UnitInput, error) {
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("demo: units: %w", err)
	}
	var out []org.UnitInput
	for i, r := range records[1:] {
		out = append(out, org.UnitInput{Code: r[0], Name: r[1], Kind: r[2], Cluster: r[3], Chairman: chairmen[i%len(chairmen)]})
	}
	return out, nil
}

// Logins lists the demo's accounts: admin, office, and auditor.CODE and
// auditee.CODE for every unit.
func Logins(units []org.UnitInput) []auth.UserInput {
	out := []auth.UserInput{
		{Username: "admin", DisplayName: "Quản trị hệ thống", Role: role.Admin},
		{Username: "office", DisplayName: "Phòng Nội vụ huyện Đức Trọng", Role: role.Office},
	}
	for _, u := range units {
		out = append(out,
			auth.UserInput{Username: "auditor." + u.Code, DisplayName: "Chuyên gia đánh giá · " + u.Name, Role: role.Auditor, Unit: u.Code},
			auth.UserInput{Username: "auditee." + u.Code, DisplayName: "Bộ phận một cửa · " + u.Name, Role: role.Auditee, Unit: u.Code},
		)
	}
	for i := range out {
		out[i].Password = Password
	}
	return out
}

func printLogins(out io.Writer, logins []auth.UserInput) {
	fmt.Fprintf(out, "demo: loaded %s; every login below has the password %q\n", Owner.Name, Password)
	for _, l := range logins {
		fmt.Fprintf(out, "  %-16s %s\n", l.Username, l.DisplayName)
	}
}
