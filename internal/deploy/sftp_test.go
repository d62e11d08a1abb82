package deploy

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"relais/internal/boundtest"
	"relais/internal/i18n"
)

// sshd is a real OpenSSH server on the loopback, for the length of a test.
type sshd struct {
	port    int
	user    string
	key     []byte // the client's private key, PEM
	hostFP  string // the server's key's fingerprint
	dir     string
	hostKey string // the server's host key file
	conf    string
	cmd     *exec.Cmd
	// readOnly: the server's SFTP refuses every write (internal-sftp -R),
	// as a folder she may not write in does, even for root.
	readOnly bool
}

// newKey makes an ed25519 key: its private half as PEM, its public half.
func newKey(t testing.TB) ([]byte, ssh.PublicKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block), sp
}

// startSSHD starts Debian's sshd with a key of its own and the client's
// key allowed, for the user running the test.
func startSSHD(t testing.TB) *sshd { return startSSHDWith(t, false) }

func startSSHDWith(t testing.TB, readOnly bool) *sshd {
	t.Helper()
	bin := "/usr/sbin/sshd"
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("RELAIS_REQUIRE_SSHD") == "1" {
			t.Fatal("sshd not found and RELAIS_REQUIRE_SSHD=1: apt-get install openssh-server")
		}
		t.Skip("sshd not found (apt-get install openssh-server); set RELAIS_REQUIRE_SSHD=1 to fail instead")
	}
	if os.Geteuid() == 0 {
		_ = os.MkdirAll("/run/sshd", 0o755) // its privilege separation folder
	}
	dir, err := os.MkdirTemp("", "relais-sshd-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &sshd{dir: dir, readOnly: readOnly}
	hostPEM, hostPub := newKey(t)
	s.hostFP = ssh.FingerprintSHA256(hostPub)
	s.hostKey = filepath.Join(dir, "host_ed25519")
	clientPEM, clientPub := newKey(t)
	s.key = clientPEM
	for name, body := range map[string][]byte{s.hostKey: hostPEM, filepath.Join(dir, "authorized_keys"): ssh.MarshalAuthorizedKey(clientPub)} {
		if err := os.WriteFile(name, body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	u, err := exec.Command("id", "-un").Output()
	if err != nil {
		t.Fatal(err)
	}
	s.user = strings.TrimSpace(string(u))
	s.start(t)
	return s
}

func (s *sshd) start(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s.conf = filepath.Join(s.dir, "sshd_config")
	conf := fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
PidFile %s/sshd.pid
AuthorizedKeysFile %s/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin yes
UsePAM no
Subsystem sftp internal-sftp%s
LogLevel ERROR
`, s.port, s.hostKey, s.dir, s.dir, map[bool]string{true: " -R"}[s.readOnly])
	if err := os.WriteFile(s.conf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command("/usr/sbin/sshd", "-D", "-e", "-f", s.conf)
	var log strings.Builder
	s.cmd.Stderr = &log // said if the test fails (the probes below make it speak)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("sshd said:\n%s", log.String())
		}
	})
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.stop)
	boundtest.Eventually(t, "sshd answering", func() bool {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", s.port))
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

func (s *sshd) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}

// config is how to reach the server's folder dir, trusting its key.
func (s *sshd) config(dir string) SFTPConfig {
	return SFTPConfig{Host: "127.0.0.1", Port: s.port, User: s.user, Dir: dir, Key: s.key, Trust: s.hostFP, Timeout: 20 * time.Second}
}

// TestSFTP deploys to a real OpenSSH server (lifeOnServer).
func TestSFTP(t *testing.T) {
	t.Parallel()
	s := startSSHD(t)
	root := filepath.Join(s.dir, "www")
	lifeOnServer(t, root, func() Target {
		t.Helper()
		target, err := DialSFTP(context.Background(), s.config(root))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { target.Close() })
		return target
	})
}

// TestSFTPRefusals: what she may get wrong, or what may go wrong, is
// refused with what went wrong: a wrong key or password, a server met for
// the first time, a key that changed, a folder that is not there, one she
// may not write, a server that does not answer.
func TestSFTPRefusals(t *testing.T) {
	t.Parallel()
	s := startSSHD(t)
	root := filepath.Join(s.dir, "www")
	write(t, root, map[string]string{"index.html": "x"})
	known := &HostKeys{File: filepath.Join(t.TempDir(), "known_hosts")}
	otherKey, _ := newKey(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		edit func(*SFTPConfig)
		kind Kind
	}{
		{"a key the server does not know", func(c *SFTPConfig) { c.Key = otherKey }, Auth},
		{"a wrong password", func(c *SFTPConfig) { c.Key, c.Password = nil, "pas le bon" }, Auth},
		{"a key file that is not a key", func(c *SFTPConfig) { c.Key = []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n") }, BadKey},
		{"a server met for the first time", func(c *SFTPConfig) { c.Trust, c.HostKeys = "", known }, UnknownHost},
		{"a folder that is not there", func(c *SFTPConfig) { c.Dir = "/nulle/part" }, NoFolder},
		{"nobody answers", func(c *SFTPConfig) { c.Port = freePort(t) }, Unreachable},
		{"a name that does not exist", func(c *SFTPConfig) { c.Host = "serveur.invalid" }, NoSuchHost},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := s.config(root)
			tc.edit(&c)
			target, err := DialSFTP(ctx, c)
			if err == nil {
				target.Close()
				t.Fatal("accepted")
			}
			var p *Problem
			if !errors.As(err, &p) || p.Kind != tc.kind {
				t.Fatalf("error %v (%T), want kind %d", err, err, tc.kind)
			}
			if strings.Contains(err.Error(), "pas le bon") {
				t.Errorf("the password is in the message: %v", err)
			}
		})
	}
	// The first time, trusted: the key is kept. Then the server's key
	// changes: refused, even when told to trust the new one.
	c := s.config(root)
	c.HostKeys = known
	target, err := DialSFTP(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	target.Close()
	if got := known.Known("127.0.0.1", s.port); got != s.hostFP {
		t.Fatalf("kept %q", got)
	}
	s.stop()
	hostPEM, hostPub := newKey(t)
	if err := os.WriteFile(s.hostKey, hostPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	port := s.port
	s.start(t)
	c = s.config(root)
	known2 := &HostKeys{File: known.File}
	if port != s.port {
		// The same server at another port is another server: keep the old
		// key under the new port, as if it had not moved.
		b, _ := os.ReadFile(known.File)
		os.WriteFile(known.File, []byte(strings.Replace(string(b), fmt.Sprint(port), fmt.Sprint(s.port), 1)), 0o600)
	}
	c.HostKeys, c.Trust = known2, ssh.FingerprintSHA256(hostPub)
	_, err = DialSFTP(ctx, c)
	var p *Problem
	if !errors.As(err, &p) || p.Kind != ChangedHost || p.Old != s.hostFP {
		t.Fatalf("a changed key: %v", err)
	}
	if !strings.Contains(Explain(err).In(i18n.English), "nothing was sent") {
		t.Errorf("message: %s", Explain(err))
	}
}

// TestSFTPNotWritable: a folder relais may not write in is said so, and
// nothing is left.
func TestSFTPNotWritable(t *testing.T) {
	t.Parallel()
	s := startSSHDWith(t, true)
	root := filepath.Join(s.dir, "www")
	write(t, root, map[string]string{"index.html": "x"})
	target, err := DialSFTP(context.Background(), s.config(root))
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	err = Test(context.Background(), target)
	if classify(err) != NotAllowed {
		t.Errorf("%v: kind %d", err, classify(err))
	}
	if !strings.Contains(Explain(err).In(i18n.French), "ne laisse pas relais écrire") {
		t.Errorf("in French: %s", Explain(err).In(i18n.French))
	}
	if got := contents(t, root); len(got) != 1 {
		t.Errorf("left: %v", got)
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
