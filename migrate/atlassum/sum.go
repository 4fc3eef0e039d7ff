// Package atlassum computes and checks atlas.sum files byte-for-byte as Atlas
// writes them, so a directory stays valid for Atlas after schemaguard hashes it.
package atlassum

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/schemaguard/schemaguard/migrate"
)

// FileName is the name of the checksum file inside a migration directory.
const FileName = "atlas.sum"

// fileDirective is how Atlas reads a directive on a file's first line; the
// sum skips a file's content when the directive is "sum" with the argument
// exactly "ignore".
var fileDirective = regexp.MustCompile(`^([ -~]*)atlas:(\w+)(?: +([ -~]*))*`)

// Entry is a file with its raw bytes, in directory order.
type Entry struct {
	Name string
	Data []byte
}

// Line is one "name h1:hash" line of a sum file.
type Line struct {
	Name string
	Hash string
	// LineNo is the 1-based line in the sum file (0 for computed sums).
	LineNo int
}

// Sum is a parsed or computed atlas.sum.
type Sum struct {
	Total string // the header hash, "h1:..."
	Files []Line
}

// Compute hashes the files as Atlas does: one running SHA-256 that is never
// reset, so each file's hash covers every earlier file as well; a file whose
// first line is the ignore directive adds its name only and gets no line.
func Compute(files []Entry) Sum {
	running := sha256.New()
	total := sha256.New()
	var s Sum
	for _, f := range files {
		running.Write([]byte(f.Name))
		if ignored(f.Data) {
			continue
		}
		running.Write(f.Data)
		hash := base64.StdEncoding.EncodeToString(running.Sum(nil))
		// The header covers the hash text without its "h1:" prefix.
		total.Write([]byte(f.Name))
		total.Write([]byte(hash))
		s.Files = append(s.Files, Line{Name: f.Name, Hash: "h1:" + hash})
	}
	s.Total = "h1:" + base64.StdEncoding.EncodeToString(total.Sum(nil))
	return s
}

func ignored(data []byte) bool {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	m := fileDirective.FindSubmatch(first)
	return m != nil && string(m[2]) == "sum" && string(m[3]) == "ignore"
}

// Bytes renders the sum exactly as Atlas writes it.
func (s Sum) Bytes() []byte {
	var b bytes.Buffer
	b.WriteString(s.Total)
	b.WriteByte('\n')
	for _, l := range s.Files {
		fmt.Fprintf(&b, "%s %s\n", l.Name, l.Hash)
	}
	return b.Bytes()
}

// Parse reads an atlas.sum file.
func Parse(data []byte) (Sum, error) {
	var s Sum
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			if !strings.HasPrefix(text, "h1:") {
				return Sum{}, fmt.Errorf("%s:1: header must start with \"h1:\"", FileName)
			}
			s.Total = text
			continue
		}
		if text == "" {
			continue
		}
		i := strings.LastIndexByte(text, ' ')
		if i <= 0 || !strings.HasPrefix(text[i+1:], "h1:") {
			return Sum{}, fmt.Errorf("%s:%d: want \"<file> h1:<hash>\", got %q", FileName, n, text)
		}
		s.Files = append(s.Files, Line{Name: text[:i], Hash: text[i+1:], LineNo: n})
	}
	if err := sc.Err(); err != nil {
		return Sum{}, fmt.Errorf("read %s: %w", FileName, err)
	}
	if n == 0 {
		return Sum{}, fmt.Errorf("%s: empty file", FileName)
	}
	return s, nil
}

// ComputeDir hashes a directory's files in the order Atlas uses for it: name
// order for Atlas's own format, and for plain directories, which are Atlas
// directories before their first hash (detection sees "plain" until the sum
// exists, so both must hash alike); the tool's execution order for the other
// formats, as Atlas's directory type for each tool orders them.
func ComputeDir(dir *migrate.Dir) Sum {
	entries := make([]Entry, 0, len(dir.Files))
	for _, f := range dir.Files {
		entries = append(entries, Entry{Name: f.Name, Data: f.Raw})
	}
	if dir.Format == migrate.FormatAtlas || dir.Format == migrate.FormatPlain {
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	}
	return Compute(entries)
}
