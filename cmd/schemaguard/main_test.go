package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/schemaguard/schemaguard/internal/dbtest"
)

// The scripts in testdata/script run the real entry point. `schemaguard`
// behaves exactly like the binary; `sg` runs the same code but always
// succeeds and prints "exit status N" on stderr, so a script can assert the
// exact exit code (1 for findings, 2 for usage and input errors).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"schemaguard": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
		"sg": func() {
			code := run(os.Args[1:], os.Stdout, os.Stderr)
			fmt.Fprintf(os.Stderr, "exit status %d\n", code)
			os.Exit(0)
		},
	})
}

func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/script",
		Cmds: registryScriptCmds(),
		Setup: func(env *testscript.Env) error {
			// git needs an identity for the --base scripts; keep it out of the user's config.
			env.Setenv("GIT_AUTHOR_NAME", "t")
			env.Setenv("GIT_AUTHOR_EMAIL", "t@example.com")
			env.Setenv("GIT_COMMITTER_NAME", "t")
			env.Setenv("GIT_COMMITTER_EMAIL", "t@example.com")
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("EXAMPLES", examples)
			// The dev database servers for lint --dev-url scripts.
			env.Setenv("PG_DEV_URL", dbtest.ServerURL("postgres"))
			env.Setenv("MY_DEV_URL", dbtest.ServerURL("mysql"))
			return nil
		},
	})
}

// Every `exec sg` in a script must be followed by its `stderr 'exit status N'`
// assertion before the next command runs: sg always succeeds, so a script
// that forgets the assertion would pass whatever the exit code.
func TestScriptsAssertExitStatus(t *testing.T) {
	scripts, err := filepath.Glob("testdata/*/*.txtar")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, path := range scripts {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		pending := ""
		check := func() {
			if pending != "" {
				t.Errorf("%s: %q has no exit status assertion", path, pending)
			}
		}
		for _, line := range strings.Split(string(ar.Comment), "\n") {
			cmd := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "!"))
			switch {
			case strings.HasPrefix(cmd, "exec sg "):
				check()
				pending = cmd
			case strings.HasPrefix(cmd, "exec "):
				check()
				pending = ""
			case strings.HasPrefix(cmd, "stderr 'exit status "):
				pending = ""
			}
		}
		check()
	}
}
