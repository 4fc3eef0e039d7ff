package report

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Fingerprint keys in SARIF partialFingerprints. Code scanning matches an
// alert across runs by primaryLocationLineHash; upload-sarif computes one
// from the source lines around the start when it is missing, which we cannot
// let it do for a directory it may not have checked out the same way.
// schemaguard/v1 is our own, versioned so that a future change of recipe can
// use a new key instead of silently re-identifying every alert.
const (
	fingerprintGitHub = "primaryLocationLineHash"
	fingerprintOwn    = "schemaguard/v1"
)

// fingerprinter hands out fingerprints that depend on what was found, not on
// where: the rule, the file and the statement's text with whitespace
// collapsed (reformatting a statement, or inserting lines above it, keeps the
// alert), plus the 1-based occurrence of that same key in the file, so two
// identical statements in one file get two alerts. Occurrences are counted
// in position order, which inserting lines elsewhere does not change.
type fingerprinter struct {
	seen map[[sha256.Size]byte]int
}

func newFingerprinter() *fingerprinter {
	return &fingerprinter{seen: map[[sha256.Size]byte]int{}}
}

// next must be called in position order within each file.
func (fp *fingerprinter) next(code, path, statement, message string) map[string]any {
	// Directory-level findings (an edited or deleted migration, atlas.sum)
	// have no statement; their message names what they are about.
	subject := statement
	if strings.TrimSpace(subject) == "" {
		subject = "message:" + message
	}
	h := sha256.New()
	for _, part := range []string{code, path, strings.Join(strings.Fields(subject), " ")} {
		// NUL separators keep ("a", "bc") and ("ab", "c") apart.
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	fp.seen[key]++
	occurrence := ":" + strconv.Itoa(fp.seen[key])
	return map[string]any{
		// GitHub's own values look like "<16 hex digits>:<occurrence>".
		fingerprintGitHub: hex.EncodeToString(key[:8]) + occurrence,
		fingerprintOwn:    hex.EncodeToString(key[:]) + occurrence,
	}
}
