package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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
			return nil
		},
	})
}
