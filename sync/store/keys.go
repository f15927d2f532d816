package store

import "encoding/binary"

// The key space. Numbers in keys are big-endian so that byte order is
// numeric order.
//
//	m/<name>                      store metadata (seq, server id, epoch, secret)
//	r/<collection>/<id>           a record: owner, team, feed seq, fields, stamps
//	f/o/<owner>/<seq>             the feed of one owner's records (the agent)
//	f/t/<team>/<seq>              the feed of one team's records (its supervisors)
//	f/s/<team>/<seq>              the feed of a team's shared records (members, scores)
//	f/n/<seq>                     the feed of records of no team (admins' members)
//
// An admin reads every team's feed and f/n, merged by seq.
//
//	c/<client>                    a client's user and last processed seq
//	x/<client>/<seq>              a rejection kept for 30 days
//	u/<user>  n/<username>        users, and usernames to ids
//	t/<team>  tu/<team>/<user>    teams, and their members
//	q/<team>/<date>/<log>         the review queue
//	k/<token hash>  kf/<family>  ku/<user>/<family>   refresh tokens
//	mv/<user>                     a team move not yet finished
//	ex/<unix nanos>/<random>      the audit log (who exported what, when)
//
// A record appears in each feed at most once, under its latest seq: an
// update deletes the old entries. So a pull from cursor 0 visits each
// record once, and a pull from c visits only what changed after c.
const (
	keySeq      = "m/seq"
	keyServerID = "m/server"
	keyEpoch    = "m/epoch"
	keySecret   = "m/secret"
)

func key(parts ...string) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, '/')
		}
		b = append(b, p...)
	}
	return b
}

// seqKey appends '/' and the big-endian seq to prefix.
func seqKey(prefix []byte, seq uint64) []byte {
	b := make([]byte, 0, len(prefix)+9)
	b = append(b, prefix...)
	b = append(b, '/')
	return binary.BigEndian.AppendUint64(b, seq)
}

func seqOf(k []byte) uint64 {
	if len(k) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k[len(k)-8:])
}

func recordKey(collection, id string) []byte { return key("r", collection, id) }
func clientKey(client string) []byte         { return key("c", client) }
func rejectionKey(client string, seq int64) []byte {
	return seqKey(key("x", client), uint64(seq))
}
func userKey(id string) []byte             { return key("u", id) }
func usernameKey(name string) []byte       { return key("n", name) }
func teamKey(id string) []byte             { return key("t", id) }
func teamUserKey(team, user string) []byte { return key("tu", team, user) }
func queueKey(team, date, id string) []byte {
	return key("q", team, date, id)
}
func moveKey(user string) []byte { return key("mv", user) }

// feeds returns the feed prefixes a record belongs to.
func feeds(owner, team string, shared bool) [][]byte {
	out := make([][]byte, 0, 3)
	if owner != "" {
		out = append(out, key("f", "o", owner))
	}
	if team == "" {
		out = append(out, []byte("f/n"))
	} else {
		out = append(out, key("f", "t", team))
		if shared {
			out = append(out, key("f", "s", team))
		}
	}
	return out
}
