package action

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The install script of action.yml, run with a fake curl (serving a
// directory of release assets) and a fake git (answering ls-remote).

const fakeCurl = `#!/bin/sh
# curl -fsSL --retry 3 -o FILE URL
while [ $# -gt 2 ]; do shift; done
out=$1; url=$2
src="$FAKE_RELEASES/${url#https://github.com/schemaguard/schemaguard/releases/download/}"
[ -f "$src" ] || exit 22
cp "$src" "$out"
`

const fakeGit = `#!/bin/sh
[ "$1 $2" = "ls-remote --tags" ] || exit 1
cat "$FAKE_LSREMOTE"
`

func releaseTarball(t *testing.T, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "schemaguard", Mode: 0o755, Size: int64(len(content))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type installRun struct {
	code    int
	stdout  string
	outputs map[string]string
	temp    string
}

func runInstall(t *testing.T, env map[string]string, releases map[string][]byte, lsRemote string) installRun {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	bin, rel, temp := filepath.Join(dir, "bin"), filepath.Join(dir, "releases"), filepath.Join(dir, "temp")
	for _, d := range []string{bin, rel, temp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string, data []byte, mode os.FileMode) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(bin, "curl"), []byte(fakeCurl), 0o755)
	write(filepath.Join(bin, "git"), []byte(fakeGit), 0o755)
	for name, data := range releases {
		write(filepath.Join(rel, name), data, 0o644)
	}
	write(filepath.Join(dir, "ls-remote"), []byte(lsRemote), 0o644)
	outputs := filepath.Join(dir, "outputs")
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "action-install.sh"))
	cmd.Env = []string{"PATH=" + bin + ":" + os.Getenv("PATH"), "GITHUB_ACTION_PATH=" + root, "GITHUB_OUTPUT=" + outputs,
		"RUNNER_TEMP=" + temp, "RUNNER_OS=Linux", "RUNNER_ARCH=X64", "FAKE_RELEASES=" + rel,
		"FAKE_LSREMOTE=" + filepath.Join(dir, "ls-remote"), "SCHEMAGUARD_ACTION_REPOSITORY=schemaguard/schemaguard"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	r := installRun{stdout: string(out), outputs: map[string]string{}, temp: temp}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(outputs)
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			r.outputs[k] = v
		}
	}
	return r
}

func release(t *testing.T, version, content string, tamper bool) map[string][]byte {
	asset := "schemaguard_" + strings.TrimPrefix(version, "v") + "_linux_amd64.tar.gz"
	tgz := releaseTarball(t, content)
	sum := sha256.Sum256(tgz)
	if tamper {
		tgz = releaseTarball(t, content+"evil")
	}
	return map[string][]byte{
		version + "/" + asset:            tgz,
		version + "/checksums.txt":       []byte(hex.EncodeToString(sum[:]) + "  " + asset + "\n" + strings.Repeat("0", 64) + "  other.tar.gz\n"),
		version + "/unrelated-asset.txt": []byte("x"),
	}
}

func TestInstallExactRelease(t *testing.T) {
	r := runInstall(t, map[string]string{"SCHEMAGUARD_ACTION_REF": "v1.2.3"}, release(t, "v1.2.3", "binary 1.2.3", false), "")
	if r.code != 0 || r.outputs["build"] != "false" {
		t.Fatalf("exit %d, outputs %v\n%s", r.code, r.outputs, r.stdout)
	}
	got, err := os.ReadFile(r.outputs["bin"])
	if err != nil || string(got) != "binary 1.2.3" {
		t.Errorf("installed %q, %v", got, err)
	}
}

// A moving major tag installs the release whose tag is on the same commit
// (annotated tags peeled), not simply the newest release.
func TestInstallMovingTag(t *testing.T) {
	ls := "aaa\trefs/tags/v1\naaa1\trefs/tags/v1.1.0\nccc\trefs/tags/v1.1.0^{}\n" +
		"bbb\trefs/tags/v1.10.0\nddd\trefs/tags/v1.9.0\nddd\trefs/tags/v1^{}\nbbb\trefs/tags/v2.0.0\n"
	rel := release(t, "v1.9.0", "binary 1.9.0", false)
	for k, v := range release(t, "v1.10.0", "binary 1.10.0", false) {
		rel[k] = v
	}
	r := runInstall(t, map[string]string{"SCHEMAGUARD_ACTION_REF": "v1"}, rel, ls)
	got, _ := os.ReadFile(r.outputs["bin"])
	if r.code != 0 || string(got) != "binary 1.9.0" {
		t.Errorf("exit %d, installed %q, want v1.9.0 (the commit v1 points at)\n%s", r.code, got, r.stdout)
	}
}

// Without github.action_ref (composite actions do not always get it) the
// ref is read from the runner's checkout path of the action.
func TestInstallRefFromActionPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "_actions", "schemaguard", "schemaguard", "v1.2.3")
	r := runInstall(t, map[string]string{"GITHUB_ACTION_PATH": path}, release(t, "v1.2.3", "binary 1.2.3", false), "")
	if got, _ := os.ReadFile(r.outputs["bin"]); r.code != 0 || string(got) != "binary 1.2.3" {
		t.Errorf("exit %d, installed %q\n%s", r.code, got, r.stdout)
	}
}

func TestInstallRefusesATamperedRelease(t *testing.T) {
	r := runInstall(t, map[string]string{"SCHEMAGUARD_ACTION_REF": "v1.2.3"}, release(t, "v1.2.3", "binary", true), "")
	if r.code != 2 || !strings.Contains(r.stdout, "::error title=schemaguard::schemaguard_1.2.3_linux_amd64.tar.gz of release v1.2.3 does not match its checksum") {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
	if _, err := os.Stat(filepath.Join(r.temp, "schemaguard-v1.2.3", "schemaguard")); err == nil {
		t.Error("the tampered binary was unpacked")
	}
}

func TestInstallBuildsFromSource(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"branch":           {"SCHEMAGUARD_ACTION_REF": "main"},
		"sha":              {"SCHEMAGUARD_ACTION_REF": "0123456789abcdef0123456789abcdef01234567"},
		"missing release":  {"SCHEMAGUARD_ACTION_REF": "v9.9.9"},
		"unreleased major": {"SCHEMAGUARD_ACTION_REF": "v7"},
	} {
		r := runInstall(t, env, nil, "")
		if r.code != 0 || r.outputs["build"] != "true" || !strings.HasPrefix(r.outputs["cache-key"], "schemaguard-build-linux-amd64-") ||
			r.outputs["cache-prefix"] != "schemaguard-build-linux-amd64-" || !strings.HasSuffix(r.outputs["go-mod"], "/go.mod") ||
			r.outputs["bin"] != filepath.Join(r.temp, "schemaguard-build", "schemaguard") {
			t.Errorf("%s: exit %d, outputs %v\n%s", name, r.code, r.outputs, r.stdout)
		}
		if name == "missing release" && !strings.Contains(r.stdout, "::warning title=schemaguard::could not download") {
			t.Errorf("%s: no warning\n%s", name, r.stdout)
		}
	}
}

func TestInstallRefusesOtherRunners(t *testing.T) {
	r := runInstall(t, map[string]string{"RUNNER_OS": "Windows"}, nil, "")
	if r.code != 2 || !strings.Contains(r.stdout, "::error title=schemaguard::schemaguard runs on Linux and macOS runners, not Windows") {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
}
