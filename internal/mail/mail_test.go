package mail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/mail"
	"github.com/crossaudit/crossaudit/internal/mail/mailtest"
)

func TestSendThroughAnSMTPServer(t *testing.T) {
	srv := mailtest.Start(t)
	cfg := mail.Config{Addr: srv.Addr, From: "crossaudit@ductrong.gov.vn"}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	m := mail.Message{To: []string{"iso@hiepan.gov.vn", "vanphong@hiepan.gov.vn"}, Subject: "Nhắc hạn: điểm không phù hợp số 7",
		Body: "Kế hoạch khắc phục đến hạn ngày 09/03/2026.\nXin cảm ơn."}
	if err := cfg.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	if got[0].From != "crossaudit@ductrong.gov.vn" || strings.Join(got[0].To, ",") != "iso@hiepan.gov.vn,vanphong@hiepan.gov.vn" {
		t.Errorf("envelope %+v", got[0])
	}
	if got[0].Subject != m.Subject {
		t.Errorf("subject %q", got[0].Subject)
	}
	if !strings.Contains(got[0].Body, "đến hạn ngày 09/03/2026") {
		t.Errorf("body %q", got[0].Body)
	}
}

func TestBadConfigurationAndRecipients(t *testing.T) {
	for _, c := range []mail.Config{{Addr: "nohost", From: "a@b.vn"}, {Addr: "127.0.0.1:25", From: "not an address"}} {
		if c.Validate() == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	if (mail.Config{}).Validate() != nil || (mail.Config{}).Enabled() {
		t.Error("no server is a valid configuration that sends nothing")
	}
	srv := mailtest.Start(t)
	cfg := mail.Config{Addr: srv.Addr, From: "crossaudit@ductrong.gov.vn"}
	if err := cfg.Send(context.Background(), mail.Message{To: []string{"not an address"}, Subject: "x", Body: "y"}); err == nil {
		t.Error("a bad recipient was accepted")
	}
	if len(srv.Messages()) != 0 {
		t.Error("a message was sent")
	}
}
