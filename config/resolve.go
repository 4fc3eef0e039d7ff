package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/schemaguard/schemaguard/lint"
)

// Targets lists the directories to lint, each with the top-level settings
// filled in where the entry leaves them unset. A file without `directories`
// has one target: its top level.
func (f *File) Targets() []Settings {
	if len(f.Directories) == 0 {
		return []Settings{f.Settings}
	}
	out := make([]Settings, len(f.Directories))
	for i, d := range f.Directories {
		out[i] = merge(f.Settings, d)
	}
	return out
}

// Target returns the settings for dir: the matching `directories` entry, or
// the top level.
func (f *File) Target(dir string) Settings {
	for _, t := range f.Targets() {
		if cleanPath(t.Dir) == cleanPath(dir) {
			return t
		}
	}
	return f.Settings
}

func cleanPath(p string) string { return strings.TrimSuffix(strings.TrimPrefix(p, "./"), "/") }

// merge overlays the set fields of over on base; rule severities merge key by key.
func merge(base, over Settings) Settings {
	out := base
	for _, p := range []struct {
		dst *string
		src string
	}{
		{&out.Dialect, over.Dialect}, {&out.Dir, over.Dir}, {&out.Format, over.Format}, {&out.FailOn, over.FailOn},
		{&out.PostgresVersion, over.PostgresVersion}, {&out.MySQLVersion, over.MySQLVersion},
	} {
		if p.src != "" {
			*p.dst = p.src
		}
	}
	out.Rules = map[string]string{}
	for k, v := range base.Rules {
		out.Rules[k] = v
	}
	for k, v := range over.Rules {
		out.Rules[k] = v
	}
	return out
}

// Severities resolves the rules map (codes or names, any case) to severity
// overrides by code. Unknown rules are an error that names all of them.
func (s Settings) Severities(analyzers []*lint.Analyzer) (map[string]lint.Severity, error) {
	byKey := map[string]string{}
	for _, a := range analyzers {
		byKey[strings.ToLower(a.Code)] = a.Code
		byKey[strings.ToLower(a.Name)] = a.Code
	}
	out := map[string]lint.Severity{}
	var unknown []string
	for rule, sev := range s.Rules {
		code, ok := byKey[strings.ToLower(rule)]
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%q", rule))
			continue
		}
		level, err := lint.ParseSeverity(sev)
		if err != nil {
			return nil, fmt.Errorf("rules.%s: %w", rule, err)
		}
		out[code] = level
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("rules: unknown rule %s (see `schemaguard rules`)", strings.Join(unknown, ", "))
	}
	return out, nil
}
