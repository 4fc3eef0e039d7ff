package action

import (
	"slices"
	"strings"
	"testing"
)

func inputs(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return strings.TrimSpace(m[k]) }
}

func TestReadInputsDefaults(t *testing.T) {
	in, err := ReadInputs(inputs(inDir, " db/a\n\ndb/b \ndb/a\n", inToken, "tok"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(in.Dirs, []string{"db/a", "db/b"}) {
		t.Errorf("dirs = %q, want one per line, blank lines and repeats dropped", in.Dirs)
	}
	if in.DirFormat != "auto" || in.Comment != CommentAlways || in.Review != ReviewSuggestions {
		t.Errorf("defaults: format %q comment %q review %q", in.DirFormat, in.Comment, in.Review)
	}
	if in.Dialect != "" || in.FailOn != "" {
		t.Errorf("dialect %q and fail-on %q must stay unset so the config file decides", in.Dialect, in.FailOn)
	}
	if got := in.Secrets(); !slices.Equal(got, []string{"tok"}) {
		t.Errorf("secrets = %q", got)
	}
}

func TestReadInputsRejects(t *testing.T) {
	for _, tc := range []struct {
		kv   []string
		want string
	}{
		{[]string{inComment, "sometimes"}, `input comment: invalid value "sometimes" (accepted: always, on-findings, never)`},
		{[]string{inReview, "yes"}, `input review: invalid value "yes" (accepted: suggestions, comments, none)`},
		{[]string{inFailOn, "notice"}, `input fail-on: invalid value "notice" (accepted: error, warning, none)`},
		{[]string{inDialect, "oracle"}, `input dialect: invalid value "oracle" (accepted: postgres, mysql, mariadb)`},
		{[]string{inDirFormat, "sqitch"}, `input dir-format: invalid value "sqitch" (accepted: auto, `},
		{[]string{inLatest, "0"}, `input latest: invalid value "0"`},
		{[]string{inLatest, "two"}, `input latest: invalid value "two"`},
		{[]string{inBase, "main", inLatest, "2"}, `input base: base and latest both choose the files to lint`},
		{[]string{inBase, "--upload-pack=x"}, `input base: invalid git ref`},
		{[]string{inDevURL, "mysql://"}, `input dev-url: database URL mysql: names no host`},
	} {
		_, err := ReadInputs(inputs(tc.kv...))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.kv, err, tc.want)
		}
	}
}

func TestReadInputsAcceptsEveryDocumentedValue(t *testing.T) {
	for _, kv := range [][]string{
		{inComment, "on-findings"}, {inComment, "NEVER"}, {inReview, "comments"}, {inReview, "none"},
		{inFailOn, "warning"}, {inFailOn, "none"}, {inDialect, "mariadb"}, {inDialect, "MySQL"},
		{inDirFormat, "golang-migrate"}, {inLatest, "3"}, {inBase, "origin/main"},
	} {
		if _, err := ReadInputs(inputs(kv...)); err != nil {
			t.Errorf("%q: %v", kv, err)
		}
	}
}

// The password of a dev database URL is masked raw and in the escaped
// forms an error may print it in, even when another input is invalid.
func TestDevURLPasswordIsASecret(t *testing.T) {
	in, err := ReadInputs(inputs(inDevURL, "postgres://app:p%40ss%2Fw0rd@db:5432/dev", inComment, "bad", inToken, "ghs_x"))
	if err == nil {
		t.Fatal("want the comment error")
	}
	got := in.Secrets()
	for _, want := range []string{"ghs_x", "p@ss/w0rd", "p%40ss%2Fw0rd"} {
		if !slices.Contains(got, want) {
			t.Errorf("secrets %q lack %q", got, want)
		}
	}
}
