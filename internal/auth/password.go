package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/internal/text"
)

// MinPasswordLength is the only rule a password must meet, counted in
// characters: composition rules push people to write passwords down.
const MinPasswordLength = 10

// Params are argon2id's costs. The defaults follow OWASP's (19 MiB, two
// passes); tests lower them.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams are used for every new hash.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// HashPassword hashes the NFC form of password with argon2id, so that a
// password typed on a keyboard that composes Vietnamese letters and one that
// does not are the same password. bcrypt is not used: it silently ignores
// everything past 72 bytes, about 25 Vietnamese letters.
func HashPassword(password string, p Params) (string, error) {
	if p.Time == 0 || p.Memory == 0 || p.Threads == 0 {
		p = DefaultParams
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(norm.NFC.String(password)), salt, p.Time, p.Memory, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// VerifyPassword reports whether password matches a hash from HashPassword.
func VerifyPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(norm.NFC.String(password)), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// PasswordLongEnough reports whether password meets MinPasswordLength.
func PasswordLongEnough(password string) bool {
	return text.Len(norm.NFC.String(password)) >= MinPasswordLength
}
