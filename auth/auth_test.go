package auth

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"fieldbook"
)

var cheap = PasswordParams{Memory: 64, Time: 1, Threads: 1}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !VerifyPassword("correct horse", h) {
		t.Fatal("the right password does not verify")
	}
	for _, bad := range []string{"correct hors", "", "correct horse "} {
		if VerifyPassword(bad, h) {
			t.Errorf("password %q verifies", bad)
		}
	}
	for _, hash := range []string{"", "$argon2id$", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdA$c3Vt", "plain"} {
		if VerifyPassword("x", hash) {
			t.Errorf("malformed hash %q verifies", hash)
		}
	}
}

func newSigner(t *testing.T, now func() time.Time) *Signer {
	t.Helper()
	s, err := NewSigner([]byte(strings.Repeat("k", 32)), now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTokenAbuse(t *testing.T) {
	now := time.Now()
	s := newSigner(t, func() time.Time { return now })
	u := fieldbook.User{ID: "u1"}
	good, err := s.Issue(u)
	if err != nil {
		t.Fatal(err)
	}
	if id, _, err := s.Verify(good); err != nil || id != "u1" {
		t.Fatalf("Verify(good) = %q, %v", id, err)
	}

	parts := strings.Split(good, ".")
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	other, _ := NewSigner([]byte(strings.Repeat("x", 32)), func() time.Time { return now })
	wrongKey, _ := other.Issue(u)
	hs512, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.RegisteredClaims{
		Subject: "u1", Issuer: issuer, Audience: jwt.ClaimStrings{audience}, ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
	}).SignedString([]byte(strings.Repeat("k", 32)))
	noExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject: "u1", Issuer: issuer, Audience: jwt.ClaimStrings{audience},
	}).SignedString([]byte(strings.Repeat("k", 32)))

	for name, tok := range map[string]string{
		"alg none": none, "wrong key": wrongKey, "other algorithm": hs512, "no expiry": noExp,
		"garbage": "a.b.c", "empty": "", "tampered": parts[0] + "." + parts[1] + "x." + parts[2],
	} {
		_, _, err := s.Verify(tok)
		if fieldbook.ErrorCode(err) != fieldbook.CodeUnauthorized {
			t.Errorf("%s: Verify = %v, want unauthorized", name, err)
		}
	}

	now = now.Add(AccessTTL + time.Minute)
	if _, _, err := s.Verify(good); fieldbook.ErrorCode(err) != fieldbook.CodeTokenExpired {
		t.Fatalf("expired token: %v, want token_expired", err)
	}
}

func TestRefreshTokensAreRandomAndHashed(t *testing.T) {
	a, ha, _ := NewRefreshToken()
	b, hb, _ := NewRefreshToken()
	if a == b || ha == hb || ha == a || HashRefreshToken(a) != ha {
		t.Fatal("refresh tokens are not random or not hashed")
	}
}
