package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/schemaguard/schemaguard/config"
	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/lint"
	"github.com/schemaguard/schemaguard/migrate"
	"github.com/schemaguard/schemaguard/registry"
	"github.com/spf13/cobra"
)

// Environment variables of the registry credentials.
const (
	envRegistryUsername = "SCHEMAGUARD_REGISTRY_USERNAME"
	envRegistryPassword = "SCHEMAGUARD_REGISTRY_PASSWORD"
)

// registryFlags say how to reach a registry: for push and pull, and for
// every directory command given --dir oci://….
type registryFlags struct {
	insecure    bool
	username    string
	passwordEnv string
	cmd         *cobra.Command
}

func (r *registryFlags) register(cmd *cobra.Command) {
	r.cmd = cmd
	f := cmd.Flags()
	f.BoolVar(&r.insecure, "insecure", false, "talk plain HTTP to the registry (only on a network you trust, e.g. localhost)")
	f.StringVar(&r.username, "username", "", "registry user name (default $"+envRegistryUsername+"; without one, the Docker configuration's credentials)")
	f.StringVar(&r.passwordEnv, "password-env", envRegistryPassword, "environment variable that holds the registry password or token for --username")
}

// remote resolves the credentials: --username (or its environment
// variable) with the password from the variable --password-env names, else
// the Docker configuration. The password never comes from the command line.
func (r *registryFlags) remote() (registry.Remote, error) {
	rem := registry.Remote{PlainHTTP: r.insecure, UserAgent: "schemaguard/" + version()}
	user, from := r.username, "--username"
	if user == "" {
		user, from = os.Getenv(envRegistryUsername), "$"+envRegistryUsername
	}
	if user == "" {
		if r.cmd.Flags().Changed("password-env") {
			return rem, usageError("--password-env %s: give --username too (or set $%s)", r.passwordEnv, envRegistryUsername)
		}
		return rem, nil
	}
	if r.passwordEnv == "" {
		return rem, usageError("--password-env: name the environment variable that holds the password")
	}
	password := os.Getenv(r.passwordEnv)
	if password == "" {
		return rem, usageError("%s %s: $%s is empty or unset; put the password or token there (or name another variable with --password-env)",
			from, user, r.passwordEnv)
	}
	rem.Username, rem.Password = user, password
	rem.CredentialSource = from + " and $" + r.passwordEnv
	return rem, nil
}

// parseRef parses a reference and says on stderr when the repository was
// lower-cased.
func (r *registryFlags) parseRef(s string) (registry.Ref, error) {
	ref, err := registry.ParseRef(s)
	if err != nil {
		return ref, inputError(err)
	}
	if ref.Lowered {
		fmt.Fprintf(r.cmd.ErrOrStderr(), "schemaguard: note: %s: repository lower-cased to %s (registries refuse upper case)\n", s, ref.Repo())
	}
	return ref, nil
}

// registryError maps a registry failure to its exit status: a directory
// that fails validation is a finding (1), everything else means the tool
// could not do its job (2).
func registryError(err error) error {
	var mismatch *registry.SumMismatchError
	if errors.As(err, &mismatch) {
		return &exitError{code: exitFindings, err: err}
	}
	return inputError(err)
}

// ociArtifact is a --dir oci://… pulled into a temporary directory. Its
// methods accept nil (a local --dir), so callers need no branches.
type ociArtifact struct {
	label  string // --dir as given
	pulled *registry.Pulled
}

// pullArtifact pulls a target directory that names an artifact into a
// temporary directory and points the settings at it (nil, nil for a local
// directory). The artifact's recorded format and dialect apply unless the
// flags or the configuration name them.
func (f *dirFlags) pullArtifact(ctx context.Context, t *config.Settings) (*ociArtifact, error) {
	if !registry.IsOCIDir(t.Dir) {
		return nil, nil
	}
	if _, err := f.registry.parseRef(t.Dir); err != nil {
		return nil, usageError("--dir: %v", err)
	}
	rem, err := f.registry.remote()
	if err != nil {
		return nil, err
	}
	pulled, err := registry.PullTemp(ctx, t.Dir, registry.PullOptions{Remote: rem})
	if err != nil {
		return nil, inputError(fmt.Errorf("--dir: %w", err))
	}
	if (t.Format == "" || t.Format == migrate.FormatAuto) && pulled.Format() != "" {
		t.Format = pulled.Format()
	}
	if t.Dialect == "" && pulled.Dialect() != "" {
		t.Dialect = pulled.Dialect()
	}
	fmt.Fprintf(f.registry.cmd.ErrOrStderr(), "schemaguard: --dir %s is %s (%d files, %s, %s)\n",
		t.Dir, pulled.Ref, pulled.Files, t.Format, cmpOr(t.Dialect, "dialect from the statements"))
	a := &ociArtifact{label: strings.TrimSuffix(t.Dir, "/"), pulled: pulled}
	t.Dir = pulled.Dir
	return a, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// path is the directory to read: the pulled copy, or dir itself.
func (a *ociArtifact) path(dir string) string {
	if a == nil {
		return dir
	}
	return a.pulled.Dir
}

func (a *ociArtifact) remove() {
	if a != nil {
		_ = a.pulled.Remove()
	}
}

// relabel makes an error about a pulled file name it inside the artifact
// (oci://…/1_init.sql), not inside a temporary directory that is gone.
func (a *ociArtifact) relabel(err error) error {
	var me *migrate.Error
	if a == nil || !errors.As(err, &me) {
		return err
	}
	switch {
	case me.File == a.pulled.Dir:
		me.File = a.label
	case me.Dir == a.pulled.Dir:
		me.Dir, me.File = "", a.label+"/"+me.File
	}
	return err
}

// relabelResults does the same for lint results.
func (a *ociArtifact) relabelResults(results []*lint.Result) {
	if a == nil {
		return
	}
	re := func(p string) string {
		if rest, ok := strings.CutPrefix(p, a.pulled.Dir); ok {
			return a.label + rest
		}
		return p
	}
	for _, r := range results {
		r.Dir = re(r.Dir)
		for i := range r.Files {
			f := &r.Files[i]
			f.Path = re(f.Path)
			for j := range f.Diagnostics {
				f.Diagnostics[j].File = re(f.Diagnostics[j].File)
			}
		}
	}
}

// lintArtifact prepares a lint request whose --dir names an artifact.
func (lf *lintFlags) lintArtifact(ctx context.Context, req *pipeline.Request) (*ociArtifact, error) {
	if !registry.IsOCIDir(req.Dir) {
		return nil, nil
	}
	if req.Base != "" {
		return nil, usageError("--base %s: an oci:// artifact has no git history; lint it with --latest N or --all", req.Base)
	}
	t := config.Settings{Dir: req.Dir, Format: req.Format, Dialect: req.Dialect}
	a, err := lf.pullArtifact(ctx, &t)
	if err != nil {
		return nil, err
	}
	req.Dir, req.Format, req.Dialect = t.Dir, t.Format, t.Dialect
	return a, nil
}
