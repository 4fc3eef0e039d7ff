package main

import (
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/schemaguard/schemaguard/internal/regtest"
)

// registryScriptCmds are the script commands of the registry scripts:
//
//	registry                 start a docker-registry for this script: $REGISTRY
//	                         is its host:port, and the credentials are in
//	                         $SCHEMAGUARD_REGISTRY_USERNAME/_PASSWORD
//	tamper-registry          flip a byte in every blob the registry stores
//	envfile NAME FILE        set $NAME to the content of FILE (trimmed)
//	docker-login             write the registry's credentials into a Docker
//	                         configuration at $DOCKER_CONFIG, as docker login does
func registryScriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"registry": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 0 {
				ts.Fatalf("usage: registry")
			}
			srv, err := regtest.Start(filepath.Join(ts.Getenv("WORK"), ".registry"))
			ts.Check(err)
			ts.Defer(srv.Stop)
			ts.Setenv("REGISTRY", srv.Host)
			ts.Setenv("REGISTRY_STORAGE", srv.Storage)
			ts.Setenv("SCHEMAGUARD_REGISTRY_USERNAME", srv.Username)
			ts.Setenv("SCHEMAGUARD_REGISTRY_PASSWORD", srv.Password)
		},
		"tamper-registry": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 0 {
				ts.Fatalf("usage: tamper-registry")
			}
			blobs := filepath.Join(ts.Getenv("REGISTRY_STORAGE"), "docker", "registry", "v2", "blobs")
			n := 0
			ts.Check(filepath.WalkDir(blobs, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.Name() != "data" {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil || len(b) == 0 {
					return err
				}
				b[len(b)/2] ^= 0x01
				n++
				return os.WriteFile(p, b, 0o644)
			}))
			if n == 0 {
				ts.Fatalf("no blob in %s", blobs)
			}
		},
		"docker-login": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 0 {
				ts.Fatalf("usage: docker-login")
			}
			dir := filepath.Join(ts.Getenv("WORK"), ".docker")
			ts.Check(os.MkdirAll(dir, 0o700))
			auth := base64.StdEncoding.EncodeToString([]byte(ts.Getenv("SCHEMAGUARD_REGISTRY_USERNAME") + ":" + ts.Getenv("SCHEMAGUARD_REGISTRY_PASSWORD")))
			conf := `{"auths": {"` + ts.Getenv("REGISTRY") + `": {"auth": "` + auth + `"}}}`
			ts.Check(os.WriteFile(filepath.Join(dir, "config.json"), []byte(conf), 0o600))
			ts.Setenv("DOCKER_CONFIG", dir)
		},
		"envfile": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg || len(args) != 2 {
				ts.Fatalf("usage: envfile NAME FILE")
			}
			ts.Setenv(args[0], strings.TrimSpace(ts.ReadFile(args[1])))
		},
	}
}
