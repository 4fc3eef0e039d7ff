package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/schemaguard/schemaguard/internal/pipeline"
	"github.com/schemaguard/schemaguard/migrate/atlassum"
	"github.com/schemaguard/schemaguard/registry"
	"github.com/spf13/cobra"
)

func newHashCmd() *cobra.Command {
	var df dirFlags
	cmd := &cobra.Command{
		Use:   "hash",
		Short: "Write atlas.sum for a migration directory (byte-for-byte what Atlas writes)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if registry.IsOCIDir(df.dir) {
				return usageError("--dir %s: hash writes atlas.sum into the directory, and an artifact cannot change; pull it (schemaguard pull REF --to DIR) and hash that", df.dir)
			}
			return df.each(cmd.Context(), func(t *pipeline.Target) error {
				dir := t.Migrations
				path := filepath.Join(t.Dir, atlassum.FileName)
				if err := writeFileAtomic(path, atlassum.ComputeDir(dir).Bytes()); err != nil {
					return inputError(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", path)
				return nil
			})
		},
	}
	df.register(cmd)
	return cmd
}

func newValidateCmd() *cobra.Command {
	var df dirFlags
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check that atlas.sum matches the migration directory",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			failed := false
			err := df.each(cmd.Context(), func(t *pipeline.Target) error {
				dir := t.Migrations
				if dir.Sum == nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: no %s in the directory (run schemaguard hash)\n", t.Dir, atlassum.FileName)
					failed = true
					return nil
				}
				recorded, err := atlassum.Parse(dir.Sum)
				if err != nil {
					return inputError(fmt.Errorf("%s: %w", t.Dir, err))
				}
				if m := atlassum.Validate(recorded, atlassum.ComputeDir(dir)); m != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s/%v\n", filepath.ToSlash(t.Dir), m)
					failed = true
					return nil
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %s ok (%d files)\n", t.Dir, atlassum.FileName, len(recorded.Files))
				return nil
			})
			if err == nil && failed {
				return errFindings
			}
			return err
		},
	}
	df.register(cmd)
	return cmd
}

// writeFileAtomic never leaves a half-written file behind: it writes a
// temporary file next to the target and renames it into place.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".schemaguard-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
