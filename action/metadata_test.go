package action

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// actionMetadata is the part of action.yml the tests read.
type actionMetadata struct {
	Name        string
	Description string
	Branding    struct{ Icon, Color string }
	Inputs      map[string]struct {
		Description string
		Required    bool
		Default     *string
	}
	Outputs map[string]struct{ Description, Value string }
	Runs    struct {
		Using string
		Steps []struct {
			ID  string
			Run string
			Env map[string]string
		}
	}
}

func readMetadata(t *testing.T) actionMetadata {
	t.Helper()
	data, err := os.ReadFile("../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var md actionMetadata
	if err := yaml.Unmarshal(data, &md); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return md
}

// docTable returns the first column of the table under a "## heading" of
// docs/action.md, without backticks.
func docTable(t *testing.T, doc, heading string) []string {
	t.Helper()
	_, section, ok := strings.Cut(doc, "\n## "+heading+"\n")
	if !ok {
		t.Fatalf("docs/action.md has no %q section", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var names []string
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		names = append(names, strings.Trim(strings.TrimSpace(cells[1]), "`"))
	}
	return names
}

func sameSet(t *testing.T, what string, a, b []string) {
	t.Helper()
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	if !slices.Equal(a, b) {
		t.Errorf("%s differ:\n %v\n %v", what, a, b)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestMetadataAgrees: action.yml, the entrypoint and docs/action.md name the
// same inputs and outputs, every input reaches the entrypoint through the
// run step's env, and every output is wired to the step that sets it.
func TestMetadataAgrees(t *testing.T) {
	md := readMetadata(t)
	docBytes, err := os.ReadFile("../docs/action.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(docBytes)
	sameSet(t, "action.yml inputs and InputNames()", keys(md.Inputs), InputNames())
	sameSet(t, "action.yml outputs and OutputNames()", keys(md.Outputs), OutputNames())
	sameSet(t, "docs/action.md inputs and InputNames()", docTable(t, doc, "Inputs"), InputNames())
	sameSet(t, "docs/action.md outputs and OutputNames()", docTable(t, doc, "Outputs"), OutputNames())

	if md.Name == "" || md.Description == "" || md.Branding.Icon == "" || md.Branding.Color == "" || md.Runs.Using != "composite" {
		t.Errorf("name, description, branding or runs.using missing: %+v", md)
	}
	var lint *struct {
		ID  string
		Run string
		Env map[string]string
	}
	for i, s := range md.Runs.Steps {
		if s.ID == "lint" {
			lint = &md.Runs.Steps[i]
		}
		// Script injection: no expression is ever pasted into a script.
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q pastes an expression into its script: %s", s.ID, s.Run)
		}
	}
	if lint == nil || !strings.Contains(lint.Run, " action") {
		t.Fatalf("no lint step running `schemaguard action`")
	}
	for name, in := range md.Inputs {
		env := "INPUT_" + strings.ToUpper(name)
		if want := "${{ inputs." + name + " }}"; lint.Env[env] != want {
			t.Errorf("input %s: the lint step's env %s = %q, want %q", name, env, lint.Env[env], want)
		}
		if in.Description == "" || in.Default == nil {
			t.Errorf("input %s needs a description and a default", name)
		}
		if in.Required {
			t.Errorf("input %s: required is not enforced by the runner; give it a default instead", name)
		}
	}
	for name, out := range md.Outputs {
		if want := "${{ steps.lint.outputs." + name + " }}"; out.Value != want || out.Description == "" {
			t.Errorf("output %s = %q, want %q with a description", name, out.Value, want)
		}
	}
	for name, want := range map[string]string{inDirFormat: "auto", inComment: CommentAlways, inReview: ReviewSuggestions, inToken: "${{ github.token }}"} {
		if got := md.Inputs[name].Default; got == nil || *got != want {
			t.Errorf("input %s default = %v, want %q", name, got, want)
		}
	}
}

var yamlBlock = regexp.MustCompile("(?s)```ya?ml\n(.*?)\n```")

// workflowBlocks are the example workflows (YAML blocks with jobs) of a
// Markdown file.
func workflowBlocks(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range yamlBlock.FindAllStringSubmatch(string(data), -1) {
		if regexp.MustCompile(`(?m)^jobs:`).MatchString(m[1]) {
			out = append(out, m[1]+"\n")
		}
	}
	return out
}

// TestWorkflowsLint runs actionlint on every workflow of .github/workflows
// and of the deployment recipes (docs/deploy/github), and every example
// workflow of the README and docs/action.md. Examples
// use the action as `schemaguard/schemaguard@v1`; they are linted as
// `uses: ./`, so actionlint also checks their inputs against action.yml.
func TestWorkflowsLint(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	project, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{WorkingDir: root})
	if err != nil {
		t.Fatal(err)
	}
	type workflow struct{ name, text string }
	var all []workflow
	files, err := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.y*ml"))
	if err != nil || len(files) < 2 {
		t.Fatalf("workflows: %v %v", files, err)
	}
	recipes, err := filepath.Glob(filepath.Join(root, "docs", "deploy", "github", "*.y*ml"))
	if err != nil || len(recipes) == 0 {
		t.Fatalf("deployment recipe workflows: %v %v", recipes, err)
	}
	files = append(files, recipes...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, workflow{f, string(data)})
	}
	examples := 0
	for _, md := range []string{"README.md", "docs/action.md"} {
		for i, b := range workflowBlocks(t, filepath.Join(root, md)) {
			if !strings.Contains(b, "schemaguard/schemaguard@") {
				t.Errorf("%s example %d does not use the action", md, i+1)
			}
			b = regexp.MustCompile(`schemaguard/schemaguard@[\w.-]+`).ReplaceAllString(b, "./")
			all = append(all, workflow{filepath.Join(root, md) + "#workflow" + string(rune('1'+i)), b})
			examples++
		}
	}
	if examples < 4 {
		t.Errorf("%d example workflows, want the four of docs/action.md at least", examples)
	}
	for _, w := range all {
		errs, err := linter.Lint(w.name, []byte(w.text), project)
		if err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		for _, e := range errs {
			t.Errorf("%s:%d:%d: %s [%s]", w.name, e.Line, e.Column, e.Message, e.Kind)
		}
	}
}

// TestWorkflowsLintCatchesMistakes guards the check above: an unknown input
// and a broken expression in an example are reported.
func TestWorkflowsLintCatchesMistakes(t *testing.T) {
	root, _ := filepath.Abs("..")
	project, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{WorkingDir: root})
	if err != nil {
		t.Fatal(err)
	}
	bad := "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./\n        with:\n          directory: db\n      - run: echo ${{ github.event.pull_request.title\n"
	errs, err := linter.Lint("bad.yml", []byte(bad), project)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Message)
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, `input "directory" is not defined`) || len(errs) < 2 {
		t.Errorf("actionlint found:\n%s", joined)
	}
}
