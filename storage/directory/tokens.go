package directory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fieldbook/storage/kv"

	"fieldbook"
)

// Refresh tokens are stored by the hash of their value, never the value.
// Each login starts a family; a refresh spends one token and issues the
// next of its family. Spending a token twice is reuse (a stolen token or a
// replay): the whole family is revoked, signing out thief and owner alike.
type refreshToken struct {
	User    string `json:"u"`
	Family  string `json:"f"`
	Expires int64  `json:"e"`
	Used    bool   `json:"x,omitempty"`
}

type tokenFamily struct {
	User    string `json:"u"`
	Expires int64  `json:"e"`
	Revoked bool   `json:"r,omitempty"`
	// SignedOut: revoked by signing the user out everywhere or disabling
	// them; the device is told to wipe its data (fieldbook.ErrSignedOut).
	SignedOut bool `json:"so,omitempty"`
}

func tokenKey(hash string) []byte           { return kv.Key("k", hash) }
func familyKey(family string) []byte        { return kv.Key("kf", family) }
func userFamilyKey(u, family string) []byte { return kv.Key("ku", u, family) }

// ErrRefreshInvalid is the answer for a refresh token that is unknown,
// spent, revoked or expired.
var ErrRefreshInvalid = fieldbook.Errorf(fieldbook.CodeInvalidToken, "the session has ended; sign in again")

// errSignedOut is the answer for a token of a device that was signed out
// (every session of its user ended, or the user disabled).
var errSignedOut = fmt.Errorf("%w: %w", fieldbook.ErrSignedOut,
	fieldbook.Errorf(fieldbook.CodeInvalidToken, "this device was signed out; sign in again"))

// StartSession stores the first refresh token of a new family for userID.
func (d *Directory) StartSession(ctx context.Context, userID, hash string, expires time.Time) error {
	family := kv.RandomHex(16)
	err := d.db.Do(ctx, func(t *kv.Tx) error {
		ttl := time.Until(expires)
		if err := t.SetJSONTTL(familyKey(family), tokenFamily{User: userID, Expires: expires.Unix()}, ttl); err != nil {
			return err
		}
		t.SetTTL(userFamilyKey(userID, family), nil, ttl)
		return t.SetJSONTTL(tokenKey(hash), refreshToken{User: userID, Family: family, Expires: expires.Unix()}, ttl)
	})
	if err != nil {
		return fmt.Errorf("start session: %w", err)
	}
	return nil
}

// Rotate spends the refresh token with hash oldHash and stores newHash as
// the next token of its family. It returns the token's user. A spent
// token revokes its family.
func (d *Directory) Rotate(ctx context.Context, oldHash, newHash string, expires time.Time) (fieldbook.User, error) {
	var user fieldbook.User
	var reused bool
	err := d.db.Do(ctx, func(t *kv.Tx) error {
		var tok refreshToken
		found, err := kv.GetJSON(t, tokenKey(oldHash), &tok)
		if err != nil {
			return err
		}
		if !found || tok.Expires <= d.stamps.Now().Unix() {
			return ErrRefreshInvalid
		}
		var fam tokenFamily
		if ok, err := kv.GetJSON(t, familyKey(tok.Family), &fam); err != nil {
			return err
		} else if !ok {
			return ErrRefreshInvalid
		} else if fam.Revoked && fam.SignedOut {
			return errSignedOut
		} else if fam.Revoked {
			return ErrRefreshInvalid
		}
		if tok.Used {
			reused = true
			if err := revokeFamily(t, tok.Family, false); err != nil {
				return err
			}
			return d.revokeAccess(t, tok.User)
		}
		u, ok, err := UserIn(t, tok.User)
		if err != nil {
			return err
		}
		if !ok {
			return ErrRefreshInvalid
		}
		if u.Disabled && !u.HandingOver(d.stamps.Now()) {
			return errSignedOut
		}
		user = u
		tok.Used = true
		if err := t.SetJSONTTL(tokenKey(oldHash), tok, time.Until(time.Unix(tok.Expires, 0))); err != nil {
			return err
		}
		// Keep the family alive as long as its newest token.
		ttl := time.Until(expires)
		fam.Expires = expires.Unix()
		if err := t.SetJSONTTL(familyKey(tok.Family), fam, ttl); err != nil {
			return err
		}
		t.SetTTL(userFamilyKey(u.ID, tok.Family), nil, ttl)
		return t.SetJSONTTL(tokenKey(newHash), refreshToken{User: u.ID, Family: tok.Family, Expires: expires.Unix()}, ttl)
	})
	if err != nil {
		return fieldbook.User{}, fmt.Errorf("refresh: %w", err)
	}
	if reused {
		// The revocation is committed; the caller only learns the token is bad.
		return fieldbook.User{}, fmt.Errorf("refresh: reused token: %w", ErrRefreshInvalid)
	}
	return user, nil
}

// EndSession revokes the family of the refresh token with hash. An
// unknown token is not an error: logging out twice is harmless.
func (d *Directory) EndSession(ctx context.Context, hash string) error {
	err := d.db.Do(ctx, func(t *kv.Tx) error {
		var tok refreshToken
		found, err := kv.GetJSON(t, tokenKey(hash), &tok)
		if err != nil || !found {
			return err
		}
		if err := revokeFamily(t, tok.Family, false); err != nil {
			return err
		}
		return d.revokeAccess(t, tok.User)
	})
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// EndAllSessions revokes every refresh-token family of userID: each of
// their devices is refused at its next refresh.
func (d *Directory) EndAllSessions(ctx context.Context, userID string) error {
	err := d.db.Do(ctx, func(t *kv.Tx) error {
		if _, found, err := UserIn(t, userID); err != nil {
			return err
		} else if !found {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", userID)
		}
		if err := revokeUserTokens(t, userID, true); err != nil {
			return err
		}
		return d.revokeAccess(t, userID)
	})
	if err != nil {
		return fmt.Errorf("end all sessions: %w", err)
	}
	return nil
}

// revokeAccess refuses every access token issued to userID so far: each
// of their devices refreshes at its next request, which a revoked session
// cannot (a device whose session lives on goes on after one round trip).
func (d *Directory) revokeAccess(t *kv.Tx, userID string) error {
	u, found, err := UserIn(t, userID)
	if err != nil || !found {
		return err
	}
	old := u
	u.TokenGen++
	return d.putUser(t, &old, u)
}

// revokeFamily ends a family; signedOut marks it as a device signed out
// on purpose (a mark once set stays).
func revokeFamily(t *kv.Tx, family string, signedOut bool) error {
	var fam tokenFamily
	found, err := kv.GetJSON(t, familyKey(family), &fam)
	if err != nil || !found {
		return err
	}
	fam.Revoked = true
	fam.SignedOut = fam.SignedOut || signedOut
	return t.SetJSONTTL(familyKey(family), fam, time.Until(time.Unix(fam.Expires, 0)))
}

// revokeUserTokens revokes every refresh-token family of a user; signedOut
// tells their devices to wipe their data (see revokeFamily).
func revokeUserTokens(t *kv.Tx, userID string, signedOut bool) error {
	var families []string
	err := t.Iterate(kv.Key("ku", userID, ""), func(k, _ []byte) error {
		families = append(families, string(k[strings.LastIndexByte(string(k), '/')+1:]))
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range families {
		if err := revokeFamily(t, f, signedOut); err != nil {
			return err
		}
	}
	return nil
}
