// Citations of documents: every document a Go, TypeScript, Markdown or YAML
// file of the repository names (a .md file, or docs/openapi.yaml) must be
// a file of the repository, and a section cited with it — §3, §5.1 or
// "Monthly review" right after the name — must be a heading of that
// document. So a comment cannot point at a document, or a part of one,
// that is not there.
package fieldbook

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	// citation is a document's name, with an optional section after it.
	citation = regexp.MustCompile(`((?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_-]+\.md|docs/openapi\.yaml)\b(?:\s+(?:§(\d+(?:\.\d+)*)|"([^"]+)"))?`)
	// numbered is a heading's number: "## 3.1 Seq" or "## 3. One endpoint".
	numbered = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.?\s`)
)

// citingFile reports whether a file's citations are checked.
func citingFile(name string) bool {
	switch path.Ext(name) {
	case ".go", ".ts", ".tsx", ".md", ".yaml":
		return true
	}
	return false
}

// skippedDir reports whether a directory holds no citations of ours:
// dependencies, built output, version control.
func skippedDir(name string) bool {
	return name == "node_modules" || name == ".git" || name == "dist" || strings.HasPrefix(name, ".") && name != "."
}

// repoFiles lists the files under root (slash-separated, relative to it).
func repoFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && skippedDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", root, err)
	}
	return out, nil
}

// headings returns a Markdown document's section numbers and heading
// texts.
func headings(text string) (numbers map[string]bool, titles []string) {
	numbers = map[string]bool{}
	fence := false
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(line, "```") {
			fence = !fence
			continue
		}
		if fence || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.TrimSpace(strings.TrimLeft(line, "#"))
		titles = append(titles, title)
		if m := numbered.FindStringSubmatch(title); m != nil {
			numbers[m[1]] = true
		}
	}
	return numbers, titles
}

// citationProblems checks the citations of files (relative to root) and
// returns one line per problem, "file:line: …".
func citationProblems(root string, files []string) ([]string, error) {
	exists := map[string]bool{}
	for _, f := range files {
		exists[f] = true
	}
	docs := map[string]string{} // cited document → its text
	var problems []string
	for _, f := range files {
		if !citingFile(f) {
			continue
		}
		file, err := os.Open(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
		sc := bufio.NewScanner(file)
		sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
		for n := 1; sc.Scan(); n++ {
			for _, m := range citation.FindAllStringSubmatchIndex(sc.Text(), -1) {
				line := sc.Text()
				if inURL(line, m[0]) {
					continue
				}
				name := line[m[2]:m[3]]
				target := resolve(exists, f, name)
				if target == "" {
					problems = append(problems, fmt.Sprintf("%s:%d: cites %s, which is not in the repository", f, n, name))
					continue
				}
				if path.Ext(target) != ".md" || m[4] < 0 && m[6] < 0 {
					continue
				}
				text, ok := docs[target]
				if !ok {
					b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(target)))
					if err != nil {
						return nil, fmt.Errorf("read %s: %w", target, err)
					}
					text = string(b)
					docs[target] = text
				}
				numbers, titles := headings(text)
				switch {
				case m[4] >= 0 && !numbers[line[m[4]:m[5]]]:
					problems = append(problems, fmt.Sprintf("%s:%d: cites %s §%s, which has no such section", f, n, name, line[m[4]:m[5]]))
				case m[6] >= 0 && !hasTitle(titles, line[m[6]:m[7]]):
					problems = append(problems, fmt.Sprintf("%s:%d: cites %s %q, which has no such section", f, n, name, line[m[6]:m[7]]))
				}
			}
		}
		err = sc.Err()
		file.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
	}
	return problems, nil
}

// resolve finds the file a citation in file from names: relative to the
// citing file's directory, else to the nearest of its parents that holds
// it (a README.md cited in pwa/src is pwa/README.md), the root last; ""
// when there is none.
func resolve(exists map[string]bool, from, name string) string {
	for dir := path.Dir(from); ; dir = path.Dir(dir) {
		if c := path.Join(dir, name); exists[c] {
			return c
		}
		if dir == "." || dir == "/" {
			return ""
		}
	}
}

// inURL reports whether the text at i is part of a URL (another site's
// document, not ours).
func inURL(line string, i int) bool {
	start := strings.LastIndexAny(line[:i], " \t(<[\"'`") + 1
	return strings.Contains(line[start:i], "://")
}

func hasTitle(titles []string, want string) bool {
	for _, t := range titles {
		if strings.Contains(strings.ToLower(t), strings.ToLower(want)) {
			return true
		}
	}
	return false
}

func TestCitedDocumentsExist(t *testing.T) {
	files, err := repoFiles(".")
	if err != nil {
		t.Fatal(err)
	}
	problems, err := citationProblems(".", files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	for _, doc := range []string{"docs/protocol.md", "docs/api.md", "docs/scoring.md", "docs/domain.md", "docs/openapi.yaml"} {
		if !slices.Contains(files, doc) {
			t.Errorf("%s is missing", doc)
		}
	}
}

// TestCitationProblemsFound shows the check failing: a document that is
// not there, a section number or name a document lacks, and none of the
// citations that are right or are another site's.
func TestCitationProblemsFound(t *testing.T) {
	root := t.TempDir()
	doc := "guide" + ".md"
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("docs/"+doc, "# Guide\n\n## 1. Records and merge\n\n### 1.2 Stamps\n\n```\n## 9. not a heading\n```\n")
	write("a/code.go", strings.Join([]string{
		"// docs/" + doc + " §1 and docs/" + doc + " §1.2 and docs/" + doc + ` "Records and merge"`,
		"// docs/" + doc + " §9 is inside a fence",
		"// docs/" + doc + ` "Nothing like it"`,
		"// lost" + ".md is gone; https://example.com/x/y" + ".md is another site's",
	}, "\n"))
	write("docs/index"+".md", "See ["+doc+"]("+doc+") §1.2.\n")
	write("docs/sub/deep.go", "// "+doc+" \"Stamps\" is the nearest parent's, docs/"+doc+".\n")
	files, err := repoFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := citationProblems(root, files)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a/code.go:2: cites docs/" + doc + " §9, which has no such section",
		"a/code.go:3: cites docs/" + doc + ` "Nothing like it", which has no such section`,
		"a/code.go:4: cites lost" + ".md, which is not in the repository",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
