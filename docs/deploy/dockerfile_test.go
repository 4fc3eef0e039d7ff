package deploy_test

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is where the root Dockerfile's build context starts.
const repoRoot = "../.."

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	line int
	cmd  string // upper case
	args string
}

func parseDockerfile(t *testing.T, data string) []instruction {
	t.Helper()
	var out []instruction
	var cur *instruction
	for i, line := range strings.Split(data, "\n") {
		trimmed := strings.TrimSpace(line)
		if cur == nil && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if cur == nil {
			cmd, args, _ := strings.Cut(trimmed, " ")
			cur = &instruction{line: i + 1, cmd: strings.ToUpper(cmd)}
			trimmed = args
		}
		cont := strings.HasSuffix(trimmed, "\\")
		cur.args = strings.TrimSpace(cur.args + " " + strings.TrimSuffix(trimmed, "\\"))
		if !cont {
			out = append(out, *cur)
			cur = nil
		}
	}
	if cur != nil {
		t.Fatalf("line %d: continuation at the end of the file", cur.line)
	}
	return out
}

// substitute expands ${NAME} with the ARG defaults seen so far.
func substitute(s string, args map[string]string) string {
	return regexp.MustCompile(`\$\{(\w+)\}`).ReplaceAllStringFunc(s, func(m string) string {
		return args[m[2:len(m)-1]]
	})
}

// ignored reports whether .dockerignore leaves rel out of the context.
func ignored(t *testing.T, rel string) bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	for _, pat := range strings.Split(string(data), "\n") {
		pat = strings.TrimSpace(pat)
		if pat == "" || strings.HasPrefix(pat, "#") {
			continue
		}
		for p := rel; p != "." && p != "/"; p = path.Dir(p) {
			if ok, _ := path.Match(pat, p); ok {
				return true
			}
			if rest, ok := strings.CutPrefix(pat, "**/"); ok {
				if ok, _ := path.Match(rest, path.Base(p)); ok {
					return true
				}
			}
		}
	}
	return false
}

// The root Dockerfile is written and reviewed here, not built: this checks
// that it names only what the repository has and builds.
func TestRootDockerfile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	args := map[string]string{}
	var stages []string
	var output, copied, user string
	var entrypoint, build string
	for _, in := range parseDockerfile(t, string(data)) {
		a := substitute(in.args, args)
		switch in.cmd {
		case "ARG":
			k, v, _ := strings.Cut(a, "=")
			args[k] = v
		case "FROM":
			stages = append(stages, a)
		case "COPY":
			fields := strings.Fields(a)
			if strings.HasPrefix(fields[0], "--from=") {
				copied = fields[1]
				if fields[2] != "/usr/local/bin/schemaguard" {
					t.Errorf("line %d: the binary goes to %s, not on PATH as schemaguard", in.line, fields[2])
				}
				continue
			}
			for _, src := range fields[:len(fields)-1] {
				src = path.Clean(src)
				if _, err := os.Stat(filepath.Join(repoRoot, src)); err != nil {
					t.Errorf("line %d: COPY source %s is not in the repository", in.line, src)
				}
				if src != "." && ignored(t, src) {
					t.Errorf("line %d: .dockerignore leaves COPY source %s out of the build context", in.line, src)
				}
			}
		case "RUN":
			if m := regexp.MustCompile(`go build .*-o (\S+) (\./\S+)$`).FindStringSubmatch(a); m != nil {
				output, build = m[1], in.args
				main, err := os.ReadFile(filepath.Join(repoRoot, m[2], "main.go"))
				if err != nil || !strings.Contains(string(main), "package main") {
					t.Errorf("line %d: %s is not a main package of the repository", in.line, m[2])
				}
				if !strings.Contains(a, "CGO_ENABLED=1") {
					t.Errorf("line %d: pg_query_go needs cgo", in.line)
				}
			}
		case "USER":
			user = a
		case "ENTRYPOINT":
			entrypoint = a
		}
	}
	// What the build reads: modules, the command, and files it embeds.
	embedded, _ := filepath.Glob(filepath.Join(repoRoot, "lint/rules/*/doc/*.md"))
	if len(embedded) == 0 {
		t.Fatal("no embedded rule docs found: the check below would check nothing")
	}
	needed := []string{"go.mod", "go.sum", "cmd/schemaguard/main.go"}
	for _, p := range embedded {
		rel, _ := filepath.Rel(repoRoot, p)
		needed = append(needed, filepath.ToSlash(rel))
	}
	for _, rel := range needed {
		if ignored(t, rel) {
			t.Errorf(".dockerignore leaves %s out of the build context", rel)
		}
	}
	if len(stages) != 2 || !strings.HasSuffix(stages[0], " AS build") {
		t.Fatalf("want a build stage and a runtime stage, got %q", stages)
	}
	gomod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(gomod))[1]
	if !strings.HasPrefix(stages[0], "golang:"+goVersion+"-") {
		t.Errorf("build stage %q does not use Go %s of go.mod", stages[0], goVersion)
	}
	if output == "" || copied != output {
		t.Errorf("the runtime stage copies %q, the build writes %q", copied, output)
	}
	if user == "" || strings.HasPrefix(user, "root") || strings.HasPrefix(user, "0") {
		t.Errorf("USER %q: the image must not run as root", user)
	}
	if entrypoint != `["schemaguard"]` {
		t.Errorf("ENTRYPOINT %s, want [\"schemaguard\"]", entrypoint)
	}
	buildsTheReleaseVersion(t, build, output, args)
}

// buildsTheReleaseVersion runs the Dockerfile's go build as the release
// workflow does (the build argument VERSION set, no .git in the context)
// and checks that --version names that release rather than "(devel)".
func buildsTheReleaseVersion(t *testing.T, build, output string, args map[string]string) {
	t.Helper()
	if _, ok := args["VERSION"]; !ok {
		t.Fatal("the Dockerfile declares no ARG VERSION for the release workflow's build-args")
	}
	bin := filepath.Join(t.TempDir(), "schemaguard")
	withVersion := map[string]string{}
	for k, v := range args {
		withVersion[k] = v
	}
	withVersion["VERSION"] = "v1.2.3"
	cmd := exec.Command("sh", "-c", strings.Replace(substitute(build, withVersion), output, bin, 1))
	cmd.Dir = repoRoot
	// As in the image's build context: no VCS information to stamp.
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the Dockerfile's build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || strings.TrimSpace(string(out)) != "schemaguard v1.2.3" {
		t.Errorf("--version of the image's binary: %q (%v), want \"schemaguard v1.2.3\"", out, err)
	}
}

// The per-version migrations image starts from the schemaguard image and
// puts the directory where the recipes look for it.
func TestMigrationsDockerfile(t *testing.T) {
	ins := parseDockerfile(t, string(read(t, "migrations.Dockerfile")))
	args := map[string]string{}
	var from, dest string
	for _, in := range ins {
		a := substitute(in.args, args)
		switch in.cmd {
		case "ARG":
			k, v, _ := strings.Cut(a, "=")
			args[k] = v
		case "FROM":
			from = a
		case "COPY":
			f := strings.Fields(a)
			dest = f[len(f)-1]
		}
	}
	if !strings.HasPrefix(from, "ghcr.io/schemaguard/schemaguard:") || dest != "/migrations" {
		t.Errorf("FROM %q, COPY to %q", from, dest)
	}
}
