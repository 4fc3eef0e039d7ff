package main

import (
	"fmt"
	"os"
	"path/filepath"

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
			dir, err := df.open(cmd.Context())
			if err != nil {
				return err
			}
			path := filepath.Join(df.dir, atlassum.FileName)
			if err := writeFileAtomic(path, atlassum.ComputeDir(dir).Bytes()); err != nil {
				return inputError(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", path)
			return nil
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
			dir, err := df.open(cmd.Context())
			if err != nil {
				return err
			}
			if dir.Sum == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: no %s in the directory (run schemaguard hash)\n", df.dir, atlassum.FileName)
				return errFindings
			}
			recorded, err := atlassum.Parse(dir.Sum)
			if err != nil {
				return inputError(fmt.Errorf("%s: %w", df.dir, err))
			}
			if m := atlassum.Validate(recorded, atlassum.ComputeDir(dir)); m != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s/%v\n", filepath.ToSlash(df.dir), m)
				return errFindings
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %s ok (%d files)\n", df.dir, atlassum.FileName, len(recorded.Files))
			return nil
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
