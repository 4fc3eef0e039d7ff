// Command gendir writes a generated migration directory for bench/lint.sh.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/schemaguard/schemaguard/internal/benchgen"
)

func main() {
	n := flag.Int("n", 1000, "number of files")
	out := flag.String("o", "", "output directory (created)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gendir: -o is required")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gendir:", err)
		os.Exit(2)
	}
	for name, data := range benchgen.Files(*n) {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gendir:", err)
			os.Exit(2)
		}
	}
}
