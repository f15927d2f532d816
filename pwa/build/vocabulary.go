package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"fieldbook"
	"fieldbook/sync/rules"
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
	writeConsentFields(&b)
	if err := os.WriteFile(filepath.Join(root, vocabularyFile), b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", vocabularyFile, err)
	}
	return nil
}

// writeConsentFields writes, from the schema (rules.GroupFields), which
// fields of a person's record each consent group covers, and the age under
// which a child needs a guardian's consent.
func writeConsentFields(b *bytes.Buffer) {
	b.WriteString("\n/** the fields of a person's record each consent group covers (sync/rules' schema) */\nexport const GROUP_FIELDS = {\n")
	for _, c := range []string{fieldbook.Customers, fieldbook.Prospects} {
		fmt.Fprintf(b, "  %s: {", c)
		for i, g := range fieldbook.WordsOf("CONSENT_GROUPS") {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, " %s: [", g)
			for j, f := range rules.GroupFields(c, g) {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(strconv.Quote(f))
			}
			b.WriteString("]")
		}
		b.WriteString(" },\n")
	}
	b.WriteString("} as const;\n")
	fmt.Fprintf(b, "\n/** the age under which a child's data needs a guardian's consent */\nexport const GUARDIAN_AGE = %d;\n", fieldbook.GuardianAge)
}
