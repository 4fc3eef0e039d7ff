package registry

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemaguard/schemaguard/internal/regtest"
)

// Against the real docker-registry server with htpasswd authentication:
// the credential paths, plain HTTP and tampering with stored files.
func TestDockerRegistry(t *testing.T) {
	noDockerConfig(t)
	srv := regtest.New(t)
	ctx := context.Background()
	user := Remote{PlainHTTP: true, Username: srv.Username, Password: srv.Password, CredentialSource: "--username and $TEST_PASSWORD"}
	src := writeTree(t, migrations)
	repo := srv.Host + "/acme/shop/Migrations" // upper case: lowered
	want := srv.Host + "/acme/shop/migrations"

	pushed, err := Push(ctx, PushOptions{Dir: src, Refs: []string{repo + ":v1"}, Provenance: fixedProvenance, Remote: user})
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	if !strings.HasPrefix(pushed.Ref, want+"@sha256:") {
		t.Fatalf("pushed %s, want %s@sha256:…", pushed.Ref, want)
	}
	again, err := Push(ctx, PushOptions{Dir: src, Refs: []string{want + ":v1", want}, Provenance: fixedProvenance, Remote: user})
	if err != nil || again.Ref != pushed.Ref || strings.Join(again.Tags, ",") != "v1,latest" {
		t.Fatalf("second push: %+v, %v; want the same digest, tags v1 and latest", again, err)
	}
	for _, ref := range []string{want, want + ":v1", pushed.Ref} {
		dest := filepath.Join(t.TempDir(), "m")
		if _, err := Pull(ctx, ref, dest, PullOptions{Remote: user}); err != nil {
			t.Fatalf("pull %s: %v", ref, err)
		}
		sameTree(t, readTree(t, dest), migrations)
	}

	t.Run("wrong password", func(t *testing.T) {
		wrong := user
		wrong.Password = "not-" + srv.Password
		_, err := Push(ctx, PushOptions{Dir: src, Refs: []string{want + ":v2"}, Provenance: fixedProvenance, Remote: wrong})
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "--username and $TEST_PASSWORD") {
			t.Errorf("push: got %v, want ErrUnauthorized naming where the credentials came from", err)
		}
		_, err = Pull(ctx, want+":v1", filepath.Join(t.TempDir(), "m"), PullOptions{Remote: wrong})
		if !errors.Is(err, ErrUnauthorized) {
			t.Errorf("pull: got %v, want ErrUnauthorized", err)
		}
		if strings.Contains(err.Error(), wrong.Password) {
			t.Errorf("the error shows the password: %v", err)
		}
	})

	t.Run("no credentials", func(t *testing.T) {
		_, err := Pull(ctx, want+":v1", filepath.Join(t.TempDir(), "m"), PullOptions{Remote: Remote{PlainHTTP: true}})
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "Docker configuration") {
			t.Errorf("got %v, want ErrUnauthorized naming the Docker configuration", err)
		}
	})

	t.Run("docker config", func(t *testing.T) {
		cfg := t.TempDir()
		auth := base64(srv.Username + ":" + srv.Password)
		if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(`{"auths":{"`+srv.Host+`":{"auth":"`+auth+`"}}}`), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("DOCKER_CONFIG", cfg)
		if _, err := Pull(ctx, want+":v1", filepath.Join(t.TempDir(), "m"), PullOptions{Remote: Remote{PlainHTTP: true}}); err != nil {
			t.Errorf("pull with the Docker configuration's credentials: %v", err)
		}
	})

	t.Run("credential helper", func(t *testing.T) {
		bin, cfg := t.TempDir(), t.TempDir()
		helper := "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\n" +
			`printf '{"ServerURL":"%s","Username":"` + srv.Username + `","Secret":"` + srv.Password + `"}' "$server"` + "\n"
		if err := os.WriteFile(filepath.Join(bin, "docker-credential-sgtest"), []byte(helper), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(`{"credHelpers":{"`+srv.Host+`":"sgtest"}}`), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		t.Setenv("DOCKER_CONFIG", cfg)
		if _, err := Pull(ctx, want+":v1", filepath.Join(t.TempDir(), "m"), PullOptions{Remote: Remote{PlainHTTP: true}}); err != nil {
			t.Errorf("pull with a credential helper: %v", err)
		}
	})

	t.Run("plain HTTP needs --insecure", func(t *testing.T) {
		tls := user
		tls.PlainHTTP = false
		_, err := Pull(ctx, want+":v1", filepath.Join(t.TempDir(), "m"), PullOptions{Remote: tls})
		if !errors.Is(err, ErrPlainHTTP) || !strings.Contains(err.Error(), "--insecure") {
			t.Errorf("pull: got %v, want ErrPlainHTTP naming --insecure", err)
		}
		_, err = Push(ctx, PushOptions{Dir: src, Refs: []string{want + ":v3"}, Remote: tls})
		if !errors.Is(err, ErrPlainHTTP) {
			t.Errorf("push: got %v, want ErrPlainHTTP", err)
		}
	})

	t.Run("tampered files in the storage", func(t *testing.T) {
		layer, _, err := Archive(src)
		if err != nil {
			t.Fatal(err)
		}
		manifestDigest := strings.TrimPrefix(pushed.Ref, want+"@")
		for _, tc := range []struct{ what, digest, ref string }{
			{"layer " + contentDigest(layer), contentDigest(layer), pushed.Ref},
			{"manifest", manifestDigest, pushed.Ref},
			{"manifest", manifestDigest, want + ":v1"},
		} {
			path := srv.BlobPath(tc.digest)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			bad := append([]byte(nil), orig...)
			bad[len(bad)/2] ^= 0x01
			if err := os.WriteFile(path, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(t.TempDir(), "m")
			_, err = Pull(ctx, tc.ref, dest, PullOptions{Remote: user})
			if !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), tc.what) {
				t.Errorf("pull %s with the %s tampered: got %v, want ErrTampered naming it", tc.ref, tc.what, err)
			}
			if _, err := os.Stat(dest); !os.IsNotExist(err) {
				t.Errorf("a refused pull wrote %s", dest)
			}
			if err := os.WriteFile(path, orig, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
}
