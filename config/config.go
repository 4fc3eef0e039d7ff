// Package config reads .schemaguard.yaml: dialect, directories, formats,
// per-rule severities, the failure threshold and target server versions.
// Unknown keys and unknown rule names are errors that name them.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/schemaguard/schemaguard/migrate"
	"gopkg.in/yaml.v3"
)

// FileName is the configuration file looked up in the working directory.
const FileName = ".schemaguard.yaml"

// Settings are what a directory is linted with. Zero values mean "not set"
// so that a directory entry inherits from the top level and flags override both.
type Settings struct {
	Dialect         string            `yaml:"dialect"`
	Dir             string            `yaml:"dir"`
	Format          string            `yaml:"format"`
	FailOn          string            `yaml:"fail-on"`
	PostgresVersion string            `yaml:"postgres-version"`
	MySQLVersion    string            `yaml:"mysql-version"`
	Rules           map[string]string `yaml:"rules"` // code or name → error|warning|notice|off
}

// File is the parsed configuration file.
type File struct {
	Settings    `yaml:",inline"`
	Directories []Settings `yaml:"directories"`
	// Path is where the file was read from.
	Path string `yaml:"-"`
}

// Load reads the file at path. When path is "" it looks for FileName in the
// working directory and returns (nil, nil) when there is none.
func Load(path string) (*File, error) {
	explicit := path != ""
	if !explicit {
		path = FileName
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("read config: %w", err)
	}
	f, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.Path = path
	return f, nil
}

var yamlField = regexp.MustCompile(`line (\d+): field (\S+) not found in type \S+`)

// Parse decodes and checks a configuration document.
func Parse(data []byte) (*File, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		if m := yamlField.FindAllStringSubmatch(err.Error(), -1); m != nil {
			var parts []string
			for _, x := range m {
				parts = append(parts, fmt.Sprintf("line %s: unknown key %q", x[1], x[2]))
			}
			return nil, fmt.Errorf("%s (known keys: %s)", strings.Join(parts, "; "), knownKeys)
		}
		return nil, err
	}
	for i, s := range append([]Settings{f.Settings}, f.Directories...) {
		where := "top level"
		if i > 0 {
			where = fmt.Sprintf("directories[%d]", i-1)
			if s.Dir == "" {
				return nil, fmt.Errorf("%s: dir is required", where)
			}
		}
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	return &f, nil
}

const knownKeys = "dialect, dir, format, fail-on, postgres-version, mysql-version, rules, directories"

func (s Settings) check() error {
	if s.Dialect != "" && !oneOf(s.Dialect, "postgres", "postgresql", "pg", "mysql", "mariadb") {
		return fmt.Errorf("dialect: unknown dialect %q (want postgres, mysql or mariadb)", s.Dialect)
	}
	if s.Format != "" && s.Format != migrate.FormatAuto && !slices.Contains(migrate.Formats(), s.Format) {
		return fmt.Errorf("format: unknown format %q (want %s or %s)", s.Format, migrate.FormatAuto, strings.Join(migrate.Formats(), ", "))
	}
	if s.FailOn != "" && !oneOf(s.FailOn, "error", "warning", "none") {
		return fmt.Errorf("fail-on: unknown threshold %q (want error, warning or none)", s.FailOn)
	}
	for key, v := range map[string]string{"postgres-version": s.PostgresVersion, "mysql-version": s.MySQLVersion} {
		if v != "" {
			if _, err := Major(v); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	for rule, sev := range s.Rules {
		if !oneOf(sev, "error", "warning", "notice", "off") {
			return fmt.Errorf("rules.%s: unknown severity %q (want error, warning, notice or off)", rule, sev)
		}
	}
	return nil
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if strings.EqualFold(s, o) {
			return true
		}
	}
	return false
}

// Major reads the major version of "14", "15.4", "8.0" or "10.11".
func Major(v string) (int, error) {
	head, _, _ := strings.Cut(strings.TrimSpace(v), ".")
	n, err := strconv.Atoi(head)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("not a server version: %q (want e.g. 14 or 8.0)", v)
	}
	return n, nil
}
