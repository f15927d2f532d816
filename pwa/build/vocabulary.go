package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"fieldbook"
)

// vocabularyFile is where the app's copy of the domain's words is written,
// before the bundle that reads it.
const vocabularyFile = "src/data/vocabulary.ts"

// writeVocabulary writes the domain's closed lists of words
// (fieldbook.Vocabulary) as TypeScript constants, so that the app and the
// server share one vocabulary and CI's regenerate check catches a drift.
func writeVocabulary(root string) error {
	var b bytes.Buffer
	b.WriteString("// The domain's words, written by `go generate ./pwa` from the root package's\n")
	b.WriteString("// vocabulary.go: edit them there, never here.\n")
	for _, w := range fieldbook.Vocabulary() {
		fmt.Fprintf(&b, "\n/** %s */\nexport const %s = [", w.About, w.Name)
		for i, word := range w.List {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Quote(word))
		}
		b.WriteString("] as const;\n")
	}
	if err := os.WriteFile(filepath.Join(root, vocabularyFile), b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", vocabularyFile, err)
	}
	return nil
}
