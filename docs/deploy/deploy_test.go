// Package deploy_test checks the deployment recipes of docs/deploy, so a
// recipe that a user copies is one that parses: the Kubernetes manifests
// decode strictly into the k8s.io/api types (a misspelled field fails), the
// Helm templates render with their values, fly.toml holds only known keys,
// and the workflow passes actionlint. No cluster, Fly account or runner.
package deploy_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template"

	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	k8syaml "sigs.k8s.io/yaml"
)

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeManifest decodes one YAML document strictly into the API type of
// its kind.
func decodeManifest(doc []byte) (any, error) {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := k8syaml.Unmarshal(doc, &head); err != nil {
		return nil, err
	}
	var obj any
	switch head.APIVersion + " " + head.Kind {
	case "batch/v1 Job":
		obj = &batchv1.Job{}
	case "apps/v1 Deployment":
		obj = &appsv1.Deployment{}
	case "v1 Secret":
		obj = &corev1.Secret{}
	default:
		return nil, fmt.Errorf("no API type for %s %s in this test", head.APIVersion, head.Kind)
	}
	return obj, k8syaml.UnmarshalStrict(doc, obj)
}

func decodeAll(t *testing.T, name string, data []byte) []any {
	t.Helper()
	var objs []any
	for i, doc := range bytes.Split(data, []byte("\n---\n")) {
		obj, err := decodeManifest(doc)
		if err != nil {
			t.Fatalf("%s, document %d: %v", name, i+1, err)
		}
		objs = append(objs, obj)
	}
	return objs
}

// migrateContainer checks the container that runs schemaguard: apply on
// /migrations, the URL from a Secret in SCHEMAGUARD_URL, nothing on the
// command line.
func migrateContainer(t *testing.T, where string, c corev1.Container) {
	t.Helper()
	if len(c.Args) < 3 || c.Args[0] != "apply" || c.Args[1] != "--dir" || c.Args[2] != "/migrations" {
		t.Errorf("%s: args %q, want apply --dir /migrations …", where, c.Args)
	}
	for _, a := range c.Args {
		if strings.Contains(a, "://") {
			t.Errorf("%s: a URL on the command line: %q", where, a)
		}
	}
	if len(c.Env) != 1 || c.Env[0].Name != "SCHEMAGUARD_URL" || c.Env[0].ValueFrom == nil || c.Env[0].ValueFrom.SecretKeyRef == nil {
		t.Errorf("%s: want SCHEMAGUARD_URL from a Secret, got %+v", where, c.Env)
	}
}

func TestDeploymentInitContainer(t *testing.T) {
	objs := decodeAll(t, "kubernetes/deployment.yaml", read(t, "kubernetes/deployment.yaml"))
	var dep *appsv1.Deployment
	var secret *corev1.Secret
	for _, o := range objs {
		switch o := o.(type) {
		case *appsv1.Deployment:
			dep = o
		case *corev1.Secret:
			secret = o
		}
	}
	if dep == nil || secret == nil {
		t.Fatalf("want a Secret and a Deployment, got %T", objs)
	}
	spec := dep.Spec.Template.Spec
	if len(spec.InitContainers) != 1 {
		t.Fatalf("want one init container, got %d", len(spec.InitContainers))
	}
	migrateContainer(t, "init container", spec.InitContainers[0])
	ref := spec.InitContainers[0].Env[0].ValueFrom.SecretKeyRef
	if ref.Name != secret.Name || secret.StringData[ref.Key] == "" {
		t.Errorf("the init container reads Secret %s key %s, which the example Secret does not hold", ref.Name, ref.Key)
	}
}

// renderChart renders each template of the chart with its values.yaml the
// way Helm resolves simple references (.Values, .Release, .Chart); a
// reference to a missing value is an error.
func renderChart(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	var chart struct {
		APIVersion  string `yaml:"apiVersion"`
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
		Type        string `yaml:"type"`
		Version     string `yaml:"version"`
		AppVersion  string `yaml:"appVersion"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(read(t, filepath.Join(dir, "Chart.yaml"))))
	dec.KnownFields(true)
	if err := dec.Decode(&chart); err != nil {
		t.Fatalf("Chart.yaml: %v", err)
	}
	if chart.APIVersion != "v2" || chart.Name != filepath.Base(dir) {
		t.Fatalf("Chart.yaml: apiVersion %q name %q, want v2 and the directory's name", chart.APIVersion, chart.Name)
	}
	var values map[string]any
	if err := yaml.Unmarshal(read(t, filepath.Join(dir, "values.yaml")), &values); err != nil {
		t.Fatalf("values.yaml: %v", err)
	}
	data := map[string]any{
		"Values":  values,
		"Release": map[string]any{"Name": "shop-prod", "Namespace": "shop"},
		"Chart":   map[string]any{"Name": chart.Name, "Version": chart.Version, "AppVersion": chart.AppVersion},
	}
	paths, err := filepath.Glob(filepath.Join(dir, "templates", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no templates in %s: %v", dir, err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		tmpl, err := template.New(filepath.Base(p)).Option("missingkey=error").Parse(string(read(t, p)))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var b bytes.Buffer
		if err := tmpl.Execute(&b, data); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[p] = b.Bytes()
	}
	return out
}

func TestHelmHookJob(t *testing.T) {
	rendered := renderChart(t, "helm/shop")
	job := &batchv1.Job{}
	for p, doc := range rendered {
		objs := decodeAll(t, p, doc)
		if j, ok := objs[0].(*batchv1.Job); ok {
			job = j
		}
	}
	want := map[string]string{
		"helm.sh/hook":               "pre-install,pre-upgrade",
		"helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
	}
	for k, v := range want {
		if got := job.Annotations[k]; got != v {
			t.Errorf("annotation %s = %q, want %q", k, got, v)
		}
	}
	spec := job.Spec.Template.Spec
	if spec.RestartPolicy != corev1.RestartPolicyNever || len(spec.Containers) != 1 {
		t.Fatalf("want one container and restartPolicy Never, got %+v", spec)
	}
	migrateContainer(t, "hook Job", spec.Containers[0])
	if got := spec.Containers[0].Image; got != "ghcr.io/acme/shop-migrations:3f2c1e0" {
		t.Errorf("image %q: the values did not reach the template", got)
	}
}

// A misspelled field must fail the strict decoding these tests rely on.
func TestStrictDecodingCatchesMisspelledFields(t *testing.T) {
	doc := strings.Replace(string(read(t, "kubernetes/deployment.yaml")), "initContainers:", "initContainer:", 1)
	_, err := decodeManifest([]byte(strings.Split(doc, "\n---\n")[1]))
	if err == nil || !strings.Contains(err.Error(), "initContainer") {
		t.Fatalf("a misspelled field was accepted: %v", err)
	}
}

// flyConfig holds the fly.toml keys the recipe uses; any other key fails.
type flyConfig struct {
	App           string                      `toml:"app"`
	PrimaryRegion string                      `toml:"primary_region"`
	Build         struct{ Dockerfile string } `toml:"build"`
	Deploy        struct {
		ReleaseCommand string `toml:"release_command"`
		Strategy       string `toml:"strategy"`
	} `toml:"deploy"`
	Env         map[string]string `toml:"env"`
	HTTPService struct {
		InternalPort int  `toml:"internal_port"`
		ForceHTTPS   bool `toml:"force_https"`
	} `toml:"http_service"`
}

func TestFlyReleaseCommand(t *testing.T) {
	var cfg flyConfig
	dec := toml.NewDecoder(bytes.NewReader(read(t, "fly/fly.toml")))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("fly.toml: %v", err)
	}
	if !strings.HasPrefix(cfg.Deploy.ReleaseCommand, "schemaguard apply --dir /migrations") {
		t.Errorf("release_command %q", cfg.Deploy.ReleaseCommand)
	}
	if strings.Contains(cfg.Deploy.ReleaseCommand, "://") {
		t.Errorf("release_command holds a URL: %q", cfg.Deploy.ReleaseCommand)
	}
}

// The workflow passes actionlint with every other workflow of the
// repository (action/metadata_test.go); here: it builds the recipe's image.
func TestMigrationsImageWorkflow(t *testing.T) {
	if !strings.Contains(string(read(t, "github/migrations-image.yml")), "file: db/migrations.Dockerfile") {
		t.Error("the workflow does not build the migrations image recipe")
	}
}
