package report

import (
	"strings"
	"unicode"
)

// Text that comes from a repository (file names, SQL, messages quoting
// identifiers) is shown in PR comments and job summaries, where GitHub
// renders Markdown and some HTML. Everything here keeps such text literal:
// it can neither inject markup, links, mentions or HTML, nor break out of
// the table cell or code block it is put in.

// MarkdownText escapes s for Markdown prose and table cells: every ASCII
// punctuation character is backslash-escaped (CommonMark makes any escaped
// punctuation literal, so no emphasis, link, HTML tag, entity, autolink,
// @mention, #reference or table pipe survives), and line breaks and other
// control characters become spaces, so the text stays on its line.
func MarkdownText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range s {
		switch {
		case r == '\r' || r == '\n' || r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case r < 0x80 && unicode.IsPunct(r) || r < 0x80 && unicode.IsSymbol(r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CodeSpan shows s as inline code on one line. Backslash escapes do not
// work inside code spans, so the fence is one backtick longer than the
// longest run of backticks in s; a table pipe still needs its escape
// (GitHub splits cells before it parses code spans).
func CodeSpan(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.ReplaceAll(s, "|", `\|`)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		s = " " + s + " "
	}
	return fence + s + fence
}

// CodeBlock is a fenced code block holding s verbatim: the fence is longer
// than any run of backticks in s, so the text cannot close it early.
func CodeBlock(info, s string) string {
	s = strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + info + "\n" + s + "\n" + fence + "\n"
}

func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// urlPath percent-encodes a repository path for a link, keeping only
// unreserved characters and '/': spaces, parentheses (which would end a
// Markdown link), '#' and '?' are all encoded.
func urlPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// HTMLCommentSafe makes s safe inside an HTML comment (a hidden marker):
// percent-encoding keeps "-->" and line breaks out of it.
func HTMLCommentSafe(s string) string { return urlPath(s) }
