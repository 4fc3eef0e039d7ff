// Package regtest gives tests a private OCI registry: the Debian
// docker-registry server (CNCF distribution) on a free localhost port, with
// its own storage directory and an htpasswd file, so pushes and pulls go
// through real basic authentication. `make databases` installs the package.
package regtest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Server is a running docker-registry.
type Server struct {
	Host     string // 127.0.0.1:PORT, plain HTTP
	Username string
	Password string
	Storage  string // the filesystem driver's root directory
	cmd      *exec.Cmd
	exited   chan struct{}
}

// Binary is the server's executable name (Debian package docker-registry).
const Binary = "docker-registry"

// Start runs a docker-registry in dir (which must exist and be private to
// the caller) and waits until it answers. Stop ends it. The free port is
// picked before the server binds it, so another process may take it in
// between: then it tries again on another port.
func Start(dir string) (*Server, error) {
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		var s *Server
		if s, err = start(filepath.Join(dir, fmt.Sprint(attempt))); err == nil {
			return s, nil
		}
		if errors.Is(err, exec.ErrNotFound) {
			break
		}
	}
	return nil, err
}

func start(dir string) (*Server, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	bin, err := exec.LookPath(Binary)
	if err != nil {
		return nil, fmt.Errorf("%s not found (run `make databases`, which installs the Debian package docker-registry): %w", Binary, err)
	}
	s := &Server{Username: "sg", Password: randomHex(16), Storage: filepath.Join(dir, "storage")}
	hash, err := bcrypt.GenerateFromPassword([]byte(s.Password), bcrypt.MinCost)
	if err != nil {
		return nil, err
	}
	htpasswd := filepath.Join(dir, "htpasswd")
	if err := os.WriteFile(htpasswd, []byte(s.Username+":"+string(hash)+"\n"), 0o600); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s.Host = fmt.Sprintf("127.0.0.1:%d", port)
	config := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(config, []byte(configYAML(s.Storage, s.Host, htpasswd)), 0o600); err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dir, "registry.log"))
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	s.cmd = exec.Command(bin, "serve", config)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s.exited = make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	if err := s.waitReady(); err != nil {
		s.Stop()
		log, _ := os.ReadFile(logFile.Name())
		return nil, fmt.Errorf("%s serve: %w\n%s", bin, err, log)
	}
	return s, nil
}

// New starts a registry for the test and stops it when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s, err := Start(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// Stop ends the server and waits for it to exit.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// BlobPath is the file in which the registry stores a blob (or a manifest)
// with the digest "sha256:…", for tests that tamper with stored content.
func (s *Server) BlobPath(digest string) string {
	hexPart := strings.TrimPrefix(digest, "sha256:")
	return filepath.Join(s.Storage, "docker", "registry", "v2", "blobs", "sha256", hexPart[:2], hexPart, "data")
}

func configYAML(storage, addr, htpasswd string) string {
	return fmt.Sprintf(`version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: %s
  delete:
    enabled: true
http:
  addr: %s
auth:
  htpasswd:
    realm: schemaguard-test
    path: %s
`, storage, addr, htpasswd)
}

// waitReady polls /v2/ until the server answers 401 (up, and asking for
// credentials); it gives up if the process exits or after 30 seconds.
func (s *Server) waitReady() error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return errors.New("the server exited")
		default:
		}
		anonymous, err := s.status(client, false)
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		// Our credentials must open it: another server that took the port
		// first would refuse them.
		authorized, err := s.status(client, true)
		if err != nil {
			return err
		}
		if anonymous != http.StatusUnauthorized || authorized != http.StatusOK {
			return fmt.Errorf("GET /v2/: status %d without and %d with credentials, want 401 and 200", anonymous, authorized)
		}
		return nil
	}
	return errors.New("no answer on " + s.Host + " within 30s")
}

func (s *Server) status(client *http.Client, withCredentials bool) (int, error) {
	req, err := http.NewRequest(http.MethodGet, "http://"+s.Host+"/v2/", nil)
	if err != nil {
		return 0, err
	}
	if withCredentials {
		req.SetBasicAuth(s.Username, s.Password)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
