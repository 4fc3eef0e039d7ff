package action

import (
	"regexp"
	"strconv"
	"strings"
)

// lineRange is a span of lines of the head version of a file, inclusive.
type lineRange struct{ start, end int }

// hunkHeader: "@@ -a,b +c,d @@"; a missing count means 1.
var hunkHeader = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@`)

// diffHunks reads a file's unified diff (the patch of the pull request's
// files API) into the head-side line ranges of its hunks. GitHub accepts a
// review comment only on those lines, and a multi-line comment only within
// one hunk.
func diffHunks(patch string) []lineRange {
	var hunks []lineRange
	for _, line := range strings.Split(patch, "\n") {
		m := hunkHeader.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		start, _ := strconv.Atoi(m[1])
		count := 1
		if m[2] != "" {
			count, _ = strconv.Atoi(m[2])
		}
		if count > 0 {
			hunks = append(hunks, lineRange{start, start + count - 1})
		}
	}
	return hunks
}

// commentable reports whether lines start..end lie in one hunk.
func commentable(hunks []lineRange, start, end int) bool {
	for _, h := range hunks {
		if start >= h.start && end <= h.end {
			return true
		}
	}
	return false
}
