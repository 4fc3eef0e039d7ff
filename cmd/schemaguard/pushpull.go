package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/registry"
	"github.com/spf13/cobra"
)

func newPushCmd() *cobra.Command {
	var df dirFlags
	var source string
	cmd := &cobra.Command{
		Use:   "push REGISTRY/REPOSITORY[:TAG]...",
		Short: "Publish the migration directory to an OCI registry as a versioned, immutable artifact",
		Long: `Check the migration directory (its format, and atlas.sum when there is one), pack it as a
reproducible archive and push it as an OCI artifact. Every reference names the same repository;
each adds its tag (a reference without a tag means :latest). The same content always gives the
same digest, so pushing again changes nothing. Prints the digest reference REGISTRY/REPO@sha256:…

Credentials: the Docker configuration (docker login, credential helpers), or --username with the
password or token in the environment variable --password-env names (default $` + envRegistryPassword + `).
Annotations: source (--source, else $GITHUB_SERVER_URL/$GITHUB_REPOSITORY), revision ($GITHUB_SHA,
else git HEAD), created ($SOURCE_DATE_EPOCH, else the commit time), format, dialect, latest version.
Exit status: 0 pushed, 1 atlas.sum does not match the directory, 2 the push could not be done.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("push: name where to push, e.g. ghcr.io/acme/migrations:v1")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, refs []string) error {
			if registry.IsOCIDir(df.dir) {
				return usageError("--dir %s: push reads a local directory; to copy an artifact, pull it first", df.dir)
			}
			for _, r := range refs {
				if _, err := df.registry.parseRef(r); err != nil {
					return err
				}
			}
			rem, err := df.registry.remote()
			if err != nil {
				return err
			}
			// The directory, its format and dialect as every command resolves
			// them (flags, then the configuration, then the statements).
			return df.one(cmd.Context(), func(t *pipeline.Target) error {
				prov, notes, err := registry.DetectProvenance(cmd.Context(), t.Dir, source, os.Getenv)
				if err != nil {
					return inputError(err)
				}
				for _, n := range notes {
					fmt.Fprintf(cmd.ErrOrStderr(), "schemaguard: note: %s\n", n)
				}
				pushed, err := registry.Push(cmd.Context(), registry.PushOptions{Dir: t.Dir, Format: t.Migrations.Format,
					Dialect: t.Dialect, Refs: refs, Provenance: prov, Remote: rem})
				if err != nil {
					return registryError(err)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "schemaguard: pushed %s (%s, %d files, %d bytes) as %s\n",
					t.Dir, pushed.Format, pushed.Files, pushed.Size, tagList(pushed))
				fmt.Fprintln(cmd.OutOrStdout(), pushed.Ref)
				return nil
			})
		},
	}
	df.register(cmd)
	cmd.Flags().StringVar(&source, "source", "", "repository URL for the source annotation (default $GITHUB_SERVER_URL/$GITHUB_REPOSITORY)")
	return cmd
}

func tagList(p *registry.Pushed) string {
	repo, _, _ := strings.Cut(p.Ref, "@")
	return repo + ":" + strings.Join(p.Tags, ", :")
}

func newPullCmd() *cobra.Command {
	var rf registryFlags
	var to string
	cmd := &cobra.Command{
		Use:   "pull REGISTRY/REPOSITORY[:TAG|@sha256:DIGEST] --to DIR",
		Short: "Fetch a migration directory pushed with schemaguard push",
		Long: `Fetch the artifact by tag or digest, check the manifest and the archive against their
digests (a tampered or corrupt blob is refused), check that it is a schemaguard migration artifact,
and unpack it into DIR, which must not exist or be empty. The files appear all at once or not at all.
Prints the digest reference REGISTRY/REPO@sha256:… of what was pulled.
Exit status: 0 pulled, 2 the pull could not be done.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("pull takes one reference (REGISTRY/REPOSITORY:TAG or @sha256:…), got %d", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return usageError("--to: name the directory to unpack into")
			}
			if _, err := rf.parseRef(args[0]); err != nil {
				return err
			}
			rem, err := rf.remote()
			if err != nil {
				return err
			}
			pulled, err := registry.Pull(cmd.Context(), args[0], to, registry.PullOptions{Remote: rem})
			if err != nil {
				return registryError(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "schemaguard: pulled %d files into %s (%s, %s, latest version %s)\n",
				pulled.Files, to, pulled.Format(), pulled.Dialect(), orNone(pulled.LatestVersion()))
			fmt.Fprintln(cmd.OutOrStdout(), pulled.Ref)
			return nil
		},
	}
	rf.register(cmd)
	cmd.Flags().StringVar(&to, "to", "", "directory to unpack into (must not exist or be empty)")
	return cmd
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
