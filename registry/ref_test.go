package registry

import (
	"strings"
	"testing"
)

func TestParseRef(t *testing.T) {
	digest := "sha256:" + strings.Repeat("ab", 32)
	for _, tc := range []struct {
		in, repo, reference string
		lowered, isDigest   bool
	}{
		{"ghcr.io/acme/migrations:v1", "ghcr.io/acme/migrations", "v1", false, false},
		{"oci://ghcr.io/acme/migrations:v1", "ghcr.io/acme/migrations", "v1", false, false},
		{"ghcr.io/acme/migrations", "ghcr.io/acme/migrations", "latest", false, false},
		{"ghcr.io/Acme/Shop/migrations:V1", "ghcr.io/acme/shop/migrations", "V1", true, false},
		{"localhost:5000/m@" + digest, "localhost:5000/m", digest, false, true},
		{"localhost/m:v1@" + digest, "localhost/m", digest, false, true},
		{"127.0.0.1:5000/a/b:c", "127.0.0.1:5000/a/b", "c", false, false},
	} {
		ref, err := ParseRef(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if ref.Repo() != tc.repo || ref.Reference.Reference != tc.reference || ref.Lowered != tc.lowered || ref.IsDigest() != tc.isDigest {
			t.Errorf("%s: repo %q reference %q lowered %v digest %v", tc.in, ref.Repo(), ref.Reference.Reference, ref.Lowered, ref.IsDigest())
		}
	}
	for in, want := range map[string]string{
		"":                        "want REGISTRY/REPOSITORY",
		"ghcr.io":                 "want REGISTRY/REPOSITORY",
		"ghcr.io/":                "want REGISTRY/REPOSITORY",
		"acme/migrations:v1":      `"acme" is not a registry host`,
		"ghcr.io/acme/m:v 1":      "invalid reference",
		"ghcr.io/acme/m@sha256:1": "invalid reference",
		"ghcr.io/acme//m":         "invalid reference",
	} {
		if _, err := ParseRef(in); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("%q: got %v, want an error naming it and containing %q", in, err, want)
		}
	}
}
