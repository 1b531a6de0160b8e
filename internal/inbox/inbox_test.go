package inbox_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/inbox"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func mount(s *web.Server, r *web.Router, d *db.DB) { inbox.Mount(s, r, &inbox.Store{DB: d}) }

func newApp(t *testing.T) *webtest.App {
	t.Helper()
	a := webtest.New(t, mount)
	a.Unit("24961", "Xã Hiệp An", "Cụm 1")
	a.Unit("24964", "Xã Liên Hiệp", "Cụm 1")
	a.User("office", role.Office, "")
	a.User("auditor.24961", role.Auditor, "24961")
	a.User("auditee.24961", role.Auditee, "24961")
	a.User("auditee.24964", role.Auditee, "24964")
	return a
}

func write(t *testing.T, d *db.DB, fn func(tx *db.Tx) error) {
	t.Helper()
	if err := d.Write(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func unread(t *testing.T, a *webtest.App, username string) int {
	t.Helper()
	u, err := a.Auth.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	n, err := (&inbox.Store{DB: a.DB}).Unread(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNotifyReachesTheRightPeople(t *testing.T) {
	a := newApp(t)
	due := time.Date(2026, 2, 4, 20, 0, 0, 0, time.UTC) // 5 February in Hồ Chí Minh
	write(t, a.DB, func(tx *db.Tx) error {
		msg := apperr.M("inbox.welcome_demo", "owner", "UBND huyện Đức Trọng")
		if err := inbox.NotifyUnitTx(tx, "24961", msg, "/", role.Auditee); err != nil {
			return err
		}
		if err := inbox.NotifyRolesTx(tx, apperr.M("shell.due", "date", due), "/units", role.Office); err != nil {
			return err
		}
		return inbox.NotifyUnitTx(tx, "24964", apperr.M("error.not_found", "thing", apperr.M("thing.unit")), "")
	})
	for user, want := range map[string]int{"auditee.24961": 1, "auditor.24961": 0, "office": 1, "auditee.24964": 1} {
		if got := unread(t, a, user); got != want {
			t.Errorf("%s has %d unread, want %d", user, got, want)
		}
	}
	// Arguments come back intact: a date as dd/mm/yyyy, a nested message
	// translated for each reader.
	office := a.Login("office", webtest.Password)
	if _, body := office.Page("/"); !strings.Contains(body, "Hạn 05/02/2026") {
		t.Error("the office's home page lacks its notice with the date")
	}
	other := a.Login("auditee.24964", webtest.Password)
	if _, body := other.Page("/inbox"); !strings.Contains(body, "Không tìm thấy đơn vị.") {
		t.Error("a nested message is not translated")
	}
}

func TestOpeningANoticeMarksItReadAndFollowsItsLink(t *testing.T) {
	a := newApp(t)
	write(t, a.DB, func(tx *db.Tx) error {
		for _, link := range []string{"/units", "https://evil.example/", ""} {
			if err := inbox.NotifyUnitTx(tx, "24961", apperr.M("inbox.welcome_demo", "owner", "X"), link, role.Auditee); err != nil {
				return err
			}
		}
		return nil
	})
	c := a.Login("auditee.24961", webtest.Password)
	_, body := c.Page("/")
	if !strings.Contains(body, `<span class="count">3`) {
		t.Error("the navigation does not count 3 unread notices")
	}
	var ids []string
	for _, part := range strings.Split(body, `action="/inbox/`)[1:] {
		ids = append(ids, part[:strings.Index(part, "/")])
	}
	if len(ids) != 3 {
		t.Fatalf("home shows %d notices, want 3", len(ids))
	}
	// Newest first: "", the foreign link, then /units.
	for i, want := range []string{"/inbox", "/inbox", "/units"} {
		resp, _ := c.Form("/inbox/"+ids[i]+"/open", url.Values{})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("open %s: %d → %q, want %q", ids[i], resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	if n := unread(t, a, "auditee.24961"); n != 0 {
		t.Errorf("%d unread after opening all", n)
	}
	other := a.Login("auditee.24964", webtest.Password)
	if resp, _ := other.Form("/inbox/"+ids[0]+"/open", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("opening another user's notice: %d, want 404", resp.StatusCode)
	}
}

func TestInboxPageAndReadAll(t *testing.T) {
	a := newApp(t)
	c := a.Login("auditee.24961", webtest.Password)
	if _, body := c.Page("/inbox"); !strings.Contains(body, "Chưa có thông báo nào.") {
		t.Error("an empty inbox does not say so")
	}
	write(t, a.DB, func(tx *db.Tx) error {
		for range 7 {
			if err := inbox.BroadcastTx(tx, apperr.M("inbox.welcome_demo", "owner", "UBND huyện Đức Trọng"), "/"); err != nil {
				return err
			}
		}
		return nil
	})
	_, body := c.Page("/")
	if strings.Count(body, "Chào mừng bạn đến với bản trình diễn CrossAudit của UBND huyện Đức Trọng") != 5 || !strings.Contains(body, `href="/inbox">Xem tất cả`) {
		t.Error("home shows other than the latest 5 notices with a link to all")
	}
	_, body = c.Page("/inbox")
	if !strings.Contains(body, "7 thông báo, 7 chưa đọc") {
		t.Error("the inbox does not count its notices")
	}
	resp, _ := c.Form("/inbox/read", url.Values{})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("read all: %d", resp.StatusCode)
	}
	if _, body := c.Page("/inbox"); !strings.Contains(body, "Đã đánh dấu mọi thông báo là đã đọc.") || !strings.Contains(body, "7 thông báo, 0 chưa đọc") {
		t.Error("read all: no flash or still unread")
	}
	if n := unread(t, a, "auditee.24964"); n != 7 {
		t.Errorf("reading all touched another user's inbox: %d unread, want 7", n)
	}
}

// Another package that writes the notices table the way audit/notify.go
// does (a flat JSON object of arguments) is read back the same way.
func TestNoticesWrittenDirectlyAreRead(t *testing.T) {
	a := newApp(t)
	u, _ := a.Auth.UserByUsername(context.Background(), "auditee.24961")
	write(t, a.DB, func(tx *db.Tx) error {
		_, err := tx.Exec(`INSERT INTO notices (user_id, msg_key, args, link, created_at) VALUES (?, 'shell.at_cell', '{"line":12,"column":"code"}', '', ?)`, u.ID, db.FormatTime(tx.Now))
		return err
	})
	c := a.Login("auditee.24961", webtest.Password)
	if _, body := c.Page("/inbox"); !strings.Contains(body, "Dòng 12, cột code:") {
		t.Error("a number argument is not written as the reader expects")
	}
}
