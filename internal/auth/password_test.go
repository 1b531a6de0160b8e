package auth

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

var testParams = Params{Memory: 64, Time: 1, Threads: 1}

func TestHashAndVerify(t *testing.T) {
	composed := "mật khẩu Đức Trọng"
	decomposed := norm.NFD.String(composed)
	if composed == decomposed {
		t.Fatal("test input is not decomposable")
	}
	h, err := HashPassword(decomposed, testParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") {
		t.Errorf("hash %q is not argon2id", h)
	}
	tests := []struct {
		password string
		want     bool
	}{
		{composed, true},
		{decomposed, true},
		{"mật khẩu Đức Trọng ", false},
		{"mat khau Duc Trong", false},
		{"", false},
	}
	for _, tt := range tests {
		if got, err := VerifyPassword(h, tt.password); got != tt.want || err != nil {
			t.Errorf("Verify(%q) = %v, %v; want %v", tt.password, got, err, tt.want)
		}
	}
	h2, _ := HashPassword(composed, testParams)
	if h2 == h {
		t.Error("two hashes of one password share a salt")
	}
}

// A long Vietnamese password is judged on every character: bcrypt would
// stop at 72 bytes, about 25 Vietnamese letters.
func TestLongPasswordsDifferPastSeventyTwoBytes(t *testing.T) {
	base := strings.Repeat("ệ", 40) // 120 bytes
	h, _ := HashPassword(base+"a", testParams)
	if ok, _ := VerifyPassword(h, base+"b"); ok {
		t.Error("passwords differing after 72 bytes verified as the same")
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "$2a$10$abc", "$argon2id$v=19$m=x$a$b", "$argon2id$v=18$m=64,t=1,p=1$AAAA$AAAA"} {
		if ok, err := VerifyPassword(h, "x"); ok || err == nil {
			t.Errorf("Verify(%q) = %v, %v", h, ok, err)
		}
	}
}

func TestPasswordLength(t *testing.T) {
	if PasswordLongEnough("ngắn") || !PasswordLongEnough("đủ dài rồi nhé") {
		t.Error("length rule misjudged")
	}
	if !PasswordLongEnough(norm.NFD.String("ệệệệệệệệệệ")) {
		t.Error("a decomposed password is counted in code points, not characters")
	}
}
