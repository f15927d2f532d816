package privacy

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fieldbook"
	"fieldbook/storage/kv"
)

// Notices are kept under pn/<big-endian unix nanos of publication>, so that
// key order is publication order; a version is published once.
func noticeKey(at time.Time) []byte {
	return append(kv.Key("pn", ""), kv.Uint64(uint64(at.UnixNano()))...)
}

var noticePrefix = kv.Key("pn", "")

// NoticeBoard keeps the privacy notices of one store.
type NoticeBoard struct {
	db  *kv.DB
	now func() time.Time
}

// NewNoticeBoard makes the notices of db.
func NewNoticeBoard(db *kv.DB, now func() time.Time) *NoticeBoard {
	return &NoticeBoard{db: db, now: now}
}

// Notices returns every published notice, oldest first.
func (n *NoticeBoard) Notices(ctx context.Context) ([]fieldbook.Notice, error) {
	out := []fieldbook.Notice{}
	err := n.db.View(ctx, func(r *kv.View) error {
		return kv.ScanJSON(r, noticePrefix, func(x *fieldbook.Notice) { out = append(out, *x) })
	})
	if err != nil {
		return nil, fmt.Errorf("read notices: %w", err)
	}
	return out, nil
}

// PublishNotice publishes a new version of the notice.
func (n *NoticeBoard) PublishNotice(ctx context.Context, x fieldbook.Notice) (fieldbook.Notice, error) {
	x.Version, x.Text = strings.TrimSpace(x.Version), strings.TrimSpace(x.Text)
	if x.Version == "" || utf8.RuneCountInString(x.Version) > 40 || x.Text == "" || utf8.RuneCountInString(x.Text) > 20000 {
		return fieldbook.Notice{}, fieldbook.Errorf(fieldbook.CodeInvalid, "a notice needs a version of 1 to 40 characters and a text of at most 20,000")
	}
	if x.PublishedAt.IsZero() {
		x.PublishedAt = n.now()
	}
	if x.PublishedAt.UnixNano() < 0 {
		return fieldbook.Notice{}, fieldbook.Errorf(fieldbook.CodeInvalid, "a notice is published after 1970")
	}
	x.PublishedAt = x.PublishedAt.UTC()
	err := n.db.Do(ctx, func(t *kv.Tx) error {
		taken := false
		if err := kv.ScanJSON(t, noticePrefix, func(o *fieldbook.Notice) { taken = taken || o.Version == x.Version }); err != nil {
			return err
		}
		if taken {
			return fieldbook.Errorf(fieldbook.CodeConflict, "notice version %q is published already", x.Version)
		}
		k := noticeKey(x.PublishedAt)
		for {
			if _, found, err := t.Get(k); err != nil {
				return err
			} else if !found {
				break
			}
			x.PublishedAt = x.PublishedAt.Add(time.Nanosecond)
			k = noticeKey(x.PublishedAt)
		}
		return t.SetJSON(k, x)
	})
	if err != nil {
		return fieldbook.Notice{}, fmt.Errorf("publish notice %s: %w", x.Version, err)
	}
	return x, nil
}
