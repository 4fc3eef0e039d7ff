package migrate

import (
	"bytes"
	"slices"
	"strings"

	"github.com/schemaguard/schemaguard/migrate/split"
)

// readAtlas reads an Atlas migration directory: top-level *.sql sorted by
// name as strings; version = name up to the first "_", description the rest;
// one transaction per file unless "-- atlas:txmode none" (see finish).
func readAtlas(r *reader) ([]*File, error) {
	var names []string
	for _, name := range r.top() {
		if strings.HasSuffix(name, ".sql") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return eachFile(len(names), func(i int) (*File, error) {
		s, f, err := r.load(names[i])
		if err != nil {
			return nil, err
		}
		f.Version, f.Description, _ = strings.Cut(strings.TrimSuffix(names[i], ".sql"), "_")
		return f, r.parse(s, f, parseAtlas)
	})
}

func parseAtlas(s *source, f *File) error {
	start, delim, err := atlasDelimiter(s)
	if err != nil {
		return err
	}
	f.TxMode = TxFile
	f.Units = []Unit{{TxMode: TxFile, Line: 1}}
	if f.Statements, err = s.split(start, len(s.raw), split.Options{Delimiter: delim}, 0, 0); err != nil {
		return err
	}
	return s.finish(f, FormatAtlas)
}

const atlasDelimiterPrefix = "-- atlas:delimiter"

// atlasDelimiter reads the "-- atlas:delimiter X" directive, which Atlas only
// honours as the very first bytes of the file (exactly "-- ", no BOM, no
// indentation). X is the rest of the line's printable ASCII after the
// spaces, with \n, \r and \t escapes expanded. The statements then start on
// the second line.
func atlasDelimiter(s *source) (start int, delim string, err error) {
	if !bytes.HasPrefix(s.raw, []byte(atlasDelimiterPrefix)) {
		return s.bom, "", nil
	}
	rest := s.raw[len(atlasDelimiterPrefix):]
	if len(rest) > 0 && isWordByte(rest[0]) {
		return s.bom, "", nil // another directive, e.g. "atlas:delimiters"
	}
	rest = bytes.TrimLeft(rest, " ")
	n := 0
	for n < len(rest) && rest[n] >= ' ' && rest[n] <= '~' {
		n++
	}
	if n == 0 {
		return 0, "", s.errAt(0, 1, "atlas:delimiter needs a delimiter")
	}
	nl := bytes.IndexByte(s.raw, '\n')
	if nl < 0 {
		return 0, "", s.errAt(0, 1, "no input found after atlas:delimiter")
	}
	delim = strings.NewReplacer(`\n`, "\n", `\r`, "\r", `\t`, "\t").Replace(string(rest[:n]))
	return nl + 1, delim, nil
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
