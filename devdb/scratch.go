package devdb

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strconv"
	"time"
)

// ScratchPrefix starts the name of every scratch database: the only
// databases a Session ever creates or drops.
const ScratchPrefix = "schemaguard_dev_"

// StaleAfter is the age (by the time in its name) past which a scratch
// database is taken for the leftover of a killed run and dropped by the
// next Open. No run lasts that long.
const StaleAfter = time.Hour

// scratchName matches exactly the names newScratchName makes, so that a
// database a user named schemaguard_dev_something is never dropped.
var scratchName = regexp.MustCompile(`^` + ScratchPrefix + `([0-9]{1,19})_([0-9a-f]{8,32})$`)

// newScratchName returns schemaguard_dev_<unix seconds>_<16 random hex>:
// the time lets a later run tell a stale database, the random part keeps
// two runs started in the same second apart.
func newScratchName(now time.Time) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return ScratchPrefix + strconv.FormatInt(now.Unix(), 10) + "_" + hex.EncodeToString(b), nil
}

// isStale reports whether name is a scratch database created more than
// StaleAfter before now. Names of any other shape, and times in the future
// (a server clock ahead of ours), are never stale.
func isStale(name string, now time.Time) bool {
	m := scratchName.FindStringSubmatch(name)
	if m == nil {
		return false
	}
	sec, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return false
	}
	return now.Sub(time.Unix(sec, 0)) > StaleAfter
}
