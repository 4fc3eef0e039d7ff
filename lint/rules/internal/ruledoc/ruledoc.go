// Package ruledoc loads the Markdown doc pages that rule packages embed.
package ruledoc

import (
	"io/fs"
	"strings"
)

// Page returns doc/<code>.md from a rule package's embedded files. A missing
// page yields "" so the mistake shows up in the docs test, not at start-up.
func Page(docs fs.FS, code string) string {
	b, err := fs.ReadFile(docs, "doc/"+code+".md")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
