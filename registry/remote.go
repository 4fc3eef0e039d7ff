package registry

import (
	"errors"
	"fmt"
	"net/http"

	"oras.land/oras-go/v2/errdef"
	"oras.land/oras-go/v2/registry/remote"
	"oras.land/oras-go/v2/registry/remote/auth"
	"oras.land/oras-go/v2/registry/remote/credentials"
	"oras.land/oras-go/v2/registry/remote/errcode"
	"oras.land/oras-go/v2/registry/remote/retry"
)

// Remote says how to reach a registry.
type Remote struct {
	// PlainHTTP talks HTTP instead of HTTPS (--insecure): only for a registry
	// on a trusted network, such as one on localhost.
	PlainHTTP bool
	// Username and Password, when Username is set, are sent to the
	// registry of the reference and nowhere else. Otherwise the Docker
	// configuration ($DOCKER_CONFIG/config.json or ~/.docker/config.json)
	// and its credential helpers are asked.
	Username, Password string
	// CredentialSource names where Username/Password came from, for the
	// message when the registry refuses them ("--username and
	// $SCHEMAGUARD_REGISTRY_PASSWORD"); never the secret itself.
	CredentialSource string
	// UserAgent is sent with every request.
	UserAgent string
}

// Errors a caller may want to tell apart; each is wrapped with the
// reference and what was being done.
var (
	ErrUnauthorized = errors.New("401 Unauthorized")
	ErrDenied       = errors.New("403 Forbidden")
	ErrNotFound     = errors.New("not found in the registry")
	ErrPlainHTTP    = errors.New("the registry speaks plain HTTP, not HTTPS; pass --insecure to allow plain HTTP (only on a network you trust)")
	ErrTampered     = errors.New("content does not match its digest (tampered with or corrupt in the registry); refused")
	ErrNotArtifact  = errors.New("not a schemaguard migration artifact")
)

func (o Remote) repository(ref Ref) (*remote.Repository, error) {
	repo, err := remote.NewRepository(ref.Repo())
	if err != nil {
		return nil, fmt.Errorf("reference %s: %w", ref.Repo(), err)
	}
	repo.PlainHTTP = o.PlainHTTP
	client := &auth.Client{Client: retry.DefaultClient, Cache: auth.NewCache()}
	if o.UserAgent != "" {
		client.SetUserAgent(o.UserAgent)
	}
	if o.Username != "" {
		client.Credential = auth.StaticCredential(ref.Host(), auth.Credential{Username: o.Username, Password: o.Password})
	} else {
		store, err := credentials.NewStoreFromDocker(credentials.StoreOptions{})
		if err != nil {
			return nil, fmt.Errorf("docker configuration (credentials): %w", err)
		}
		client.Credential = credentials.Credential(store)
	}
	repo.Client = client
	return repo, nil
}

// describe turns a registry or transport error into one that says what to
// do about it. The error texts of oras-go name the URL and the status, never
// the credentials.
func (o Remote) describe(err error) error {
	var resp *errcode.ErrorResponse
	switch {
	case errors.Is(err, http.ErrSchemeMismatch):
		return ErrPlainHTTP
	case errors.Is(err, auth.ErrBasicCredentialNotFound):
		return fmt.Errorf("%w: the registry asks for credentials and the Docker configuration has none for it (docker login to it, or give --username): %v", ErrUnauthorized, err)
	case errors.As(err, &resp) && resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("%w: the registry refused the %s: %v", ErrUnauthorized, o.credentialSource(), err)
	case errors.As(err, &resp) && resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("%w: the %s may not do this: %v", ErrDenied, o.credentialSource(), err)
	case errors.Is(err, errdef.ErrNotFound) || errors.As(err, &resp) && resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	return err
}

func (o Remote) credentialSource() string {
	switch {
	case o.Username != "" && o.CredentialSource != "":
		return "credentials from " + o.CredentialSource
	case o.Username != "":
		return "credentials of user " + o.Username
	}
	return "credentials (or anonymous access) from the Docker configuration"
}
