package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"fieldbook"
)

// Token lifetimes.
const (
	AccessTTL  = 15 * time.Minute
	RefreshTTL = 60 * 24 * time.Hour // an agent may be offline for weeks
	issuer     = "fieldbook"
	audience   = "fieldbook-api"
)

// Signer issues and checks access tokens with one HMAC secret. Only
// HS256 is accepted: a token naming any other algorithm (none, RS256 with
// the secret as a public key, …) is refused.
type Signer struct {
	secret []byte
	parser *jwt.Parser
	now    func() time.Time
}

// NewSigner returns a Signer for secret (at least 32 bytes). now is the
// clock (time.Now when nil).
func NewSigner(secret []byte, now func() time.Time) (*Signer, error) {
	if len(secret) < 32 {
		return nil, errors.New("token secret must have at least 32 bytes")
	}
	if now == nil {
		now = time.Now
	}
	return &Signer{
		secret: secret,
		now:    now,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithExpirationRequired(),
			jwt.WithIssuer(issuer),
			jwt.WithAudience(audience),
			jwt.WithLeeway(30*time.Second),
			jwt.WithTimeFunc(now),
		),
	}, nil
}

// Issue returns an access token for the user.
func (s *Signer) Issue(u fieldbook.User) (string, error) {
	now := s.now()
	claims := accessClaims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    issuer,
		Subject:   u.ID,
		Audience:  jwt.ClaimStrings{audience},
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now.Add(-30 * time.Second)),
		ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
	}, Gen: u.TokenGen}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.secret)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return tok, nil
}

// Verify checks an access token and returns its user id. An expired token
// gives a token_expired *fieldbook.Error; any other fault unauthorized.
func (s *Signer) Verify(token string) (userID string, gen uint64, err error) {
	var claims accessClaims
	_, err = s.parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return s.secret, nil })
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "", 0, fieldbook.Errorf(fieldbook.CodeTokenExpired, "the access token has expired; refresh it")
	case err != nil:
		return "", 0, fieldbook.Errorf(fieldbook.CodeUnauthorized, "the access token is not valid")
	case claims.Subject == "":
		return "", 0, fieldbook.Errorf(fieldbook.CodeUnauthorized, "the access token names no user")
	}
	return claims.Subject, claims.Gen, nil
}

// accessClaims are an access token's: the registered ones and the user's
// token generation when it was issued (fieldbook.User.TokenGen).
type accessClaims struct {
	jwt.RegisteredClaims
	Gen uint64 `json:"gen,omitempty"`
}

// NewRefreshToken returns a new opaque refresh token and the hash the
// store keeps of it.
func NewRefreshToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("new refresh token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashRefreshToken(token), nil
}

// HashRefreshToken is the store's key for a refresh token.
func HashRefreshToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
