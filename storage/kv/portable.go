// The portable backup: every entry of a store as (key, value, expiry)
// frames and a SHA-256 of them all, behind its own header. Backends that
// are not Badger write it (PostgreSQL), and restore reads it into any
// backend, checking the sum before anything is kept.

package kv

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
)

// PortableHeader starts a portable backup.
const PortableHeader = "FIELDBOOK BACKUP 2\n"

// maxPortableFrame bounds a key or a value of a portable backup.
const maxPortableFrame = 64 << 20

// WriteEntries writes PortableHeader and every entry s holds, then the sum.
func WriteEntries(w io.Writer, s Snapshot) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	sum := sha256.New()
	out := io.MultiWriter(bw, sum)
	if _, err := io.WriteString(out, PortableHeader); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	c := s.Seek(nil, nil, SeekOptions{Values: true, Prefetch: 256})
	defer c.Close()
	var buf []byte
	for ; c.Valid(); c.Next() {
		buf = binary.AppendUvarint(buf[:0], uint64(len(c.Key())))
		buf = append(buf, c.Key()...)
		if err := c.Value(func(v []byte) error {
			buf = binary.AppendUvarint(buf, uint64(len(v)))
			buf = append(buf, v...)
			return nil
		}); err != nil {
			return fmt.Errorf("backup: read %q: %w", c.Key(), err)
		}
		buf = binary.AppendUvarint(buf, c.ExpiresAt())
		if _, err := out.Write(buf); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if err := c.Err(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := out.Write([]byte{0}); err != nil { // a key of no bytes: the end
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := bw.Write(sum.Sum(nil)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return bw.Flush()
}

// PortableEntry is one entry of a portable backup; ExpiresAt is Unix
// seconds, 0 for never.
type PortableEntry struct {
	Key, Value []byte
	ExpiresAt  uint64
}

// ReadEntries reads a portable backup (after unsealing it with key, when
// sealed) and calls fn with each entry; it fails — after the entries, so
// the caller must not keep them until it returns nil — when the sum does
// not match or the stream is cut. Any other stream is refused at once.
func ReadEntries(r io.Reader, key []byte, fn func(PortableEntry) error) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	plain, _, err := unseal(br, key)
	if err != nil {
		return err
	}
	in := &summed{r: bufio.NewReaderSize(plain, 1<<16), h: sha256.New()}
	header := make([]byte, len(PortableHeader))
	if _, err := io.ReadFull(in, header); err != nil || string(header) != PortableHeader {
		if bytes.HasPrefix(header, []byte(backupHeader[:len(backupHeader)-2])) {
			return errors.New("a Badger backup: restore it into a Badger store (--data), whose backups a PostgreSQL store cannot read")
		}
		return errors.New("not a Fieldbook backup (the header is missing)")
	}
	for {
		k, err := frame(in)
		if err != nil {
			return err
		}
		if len(k) == 0 {
			break
		}
		v, err := frame(in)
		if err != nil {
			return err
		}
		exp, err := binary.ReadUvarint(in)
		if err != nil {
			return damaged(err)
		}
		if err := fn(PortableEntry{Key: k, Value: v, ExpiresAt: exp}); err != nil {
			return err
		}
	}
	got := in.h.Sum(nil)
	want := make([]byte, sha256.Size)
	if _, err := io.ReadFull(in.r, want); err != nil {
		return damaged(err)
	}
	if !bytes.Equal(got, want) {
		return errors.New("damaged backup: its checksum does not match its contents")
	}
	return nil
}

// summed reads through r, adding every byte consumed to h.
type summed struct {
	r *bufio.Reader
	h hash.Hash
}

func (s *summed) ReadByte() (byte, error) {
	b, err := s.r.ReadByte()
	if err == nil {
		s.h.Write([]byte{b})
	}
	return b, err
}

func (s *summed) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.h.Write(p[:n])
	return n, err
}

func frame(in *summed) ([]byte, error) {
	n, err := binary.ReadUvarint(in)
	if err != nil {
		return nil, damaged(err)
	}
	if n > maxPortableFrame {
		return nil, fmt.Errorf("damaged backup: a frame claims %d bytes", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(in, b); err != nil {
		return nil, damaged(err)
	}
	return b, nil
}

func damaged(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("damaged backup: %w", err)
}
