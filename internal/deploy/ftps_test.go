package deploy

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"relais/internal/boundtest"
	"relais/internal/i18n"
	"relais/internal/testsite"
)

// vsftpd is Debian's vsftpd on the loopback, for the length of a test: an
// anonymous login may write in /www (the server's user has no password
// that a test could know); TLS with a certificate made for the test,
// required unless plain.
type vsftpd struct {
	port  int
	dir   string
	root  string // the site's folder on this machine: /www on the server
	cert  string // PEM
	certD []byte // DER
	cmd   *exec.Cmd
}

func startVsftpd(t *testing.T, plain bool) *vsftpd {
	t.Helper()
	bin := "/usr/sbin/vsftpd"
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("RELAIS_REQUIRE_VSFTPD") == "1" {
			t.Fatal("vsftpd not found and RELAIS_REQUIRE_VSFTPD=1: apt-get install vsftpd")
		}
		t.Skip("vsftpd not found (apt-get install vsftpd); set RELAIS_REQUIRE_VSFTPD=1 to fail instead")
	}
	if os.Geteuid() != 0 {
		if os.Getenv("RELAIS_REQUIRE_VSFTPD") == "1" {
			t.Fatal("vsftpd needs root, and RELAIS_REQUIRE_VSFTPD=1")
		}
		t.Skip("vsftpd needs root")
	}
	dir, err := os.MkdirTemp("", "relais-vsftpd-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s := &vsftpd{dir: dir, root: filepath.Join(dir, "root", "www")}
	for _, d := range []string{filepath.Join(dir, "empty"), s.root} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The anonymous user (ftp) writes in /www only.
	for d, mode := range map[string]os.FileMode{dir: 0o755, filepath.Join(dir, "root"): 0o755, s.root: 0o777} {
		if err := os.Chmod(d, mode); err != nil {
			t.Fatal(err)
		}
	}
	certPEM, keyPEM, der := selfSigned(t)
	s.cert, s.certD = string(certPEM), der
	write(t, dir, map[string]string{"cert.pem": string(certPEM), "key.pem": string(keyPEM)})
	ssl := "YES"
	if plain {
		ssl = "NO"
	}
	// The port is free when freePort looks, but another test's server
	// may take it before vsftpd binds it: vsftpd then exits, and what
	// answers there is not an FTP server. It is started again on another
	// port until its own greeting (220) comes.
	for try := 1; ; try++ {
		s.port = freePort(t)
		if s.launch(t, dir, ssl) {
			return s
		}
		if try == 3 {
			t.Fatalf("vsftpd did not answer on three ports")
		}
	}
}

// launch starts vsftpd on s.port and reports whether it greets a client
// there; if not, it is stopped.
func (s *vsftpd) launch(t *testing.T, dir, ssl string) bool {
	t.Helper()
	conf := fmt.Sprintf(`listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=%d
background=NO
anonymous_enable=YES
local_enable=NO
write_enable=YES
anon_upload_enable=YES
anon_mkdir_write_enable=YES
anon_other_write_enable=YES
anon_root=%s
anon_umask=022
no_anon_password=YES
allow_writeable_chroot=YES
ssl_enable=%s
allow_anon_ssl=YES
force_anon_logins_ssl=YES
force_anon_data_ssl=YES
rsa_cert_file=%s/cert.pem
rsa_private_key_file=%s/key.pem
pasv_enable=YES
secure_chroot_dir=%s/empty
seccomp_sandbox=NO
max_per_ip=0
max_clients=0
xferlog_enable=NO
`, s.port, filepath.Join(dir, "root"), ssl, dir, dir, dir)
	write(t, dir, map[string]string{"vsftpd.conf": conf})
	cmd := exec.Command("/usr/sbin/vsftpd", filepath.Join(dir, "vsftpd.conf"))
	log := &testsite.SyncBuffer{}
	cmd.Stderr, cmd.Stdout = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = cmd.Process.Kill()
		<-exited
	}
	deadline := time.Now().Add(boundtest.Hang)
	for {
		select {
		case <-exited:
			t.Logf("vsftpd exited on port %d:\n%s", s.port, log.String())
			return false
		default:
		}
		if greeting, err := firstLine(s.port); err == nil {
			if strings.HasPrefix(greeting, "220") {
				break
			}
			t.Logf("port %d answers %q, not vsftpd", s.port, greeting)
			stop()
			return false
		}
		if time.Now().After(deadline) {
			t.Fatalf("vsftpd not answering after %s:\n%s", boundtest.Hang, log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.cmd = cmd
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("vsftpd said:\n%s", log.String())
		}
	})
	return true
}

// firstLine is the first line a server on the loopback's port says.
func firstLine(port int) (string, error) {
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 2*time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimSpace(line), nil
}

// selfSigned makes a certificate for 127.0.0.1: PEM, its key, DER.
func selfSigned(t *testing.T) ([]byte, []byte, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), der
}

// config reaches /www, trusting the test's certificate.
func (s *vsftpd) config() FTPConfig {
	return FTPConfig{Host: "127.0.0.1", Port: s.port, Dir: "/www", Certificate: s.cert, Timeout: 20 * time.Second}
}

// TestFTPS deploys to a real vsftpd over TLS (lifeOnServer).
func TestFTPS(t *testing.T) {
	t.Parallel()
	s := startVsftpd(t, false)
	lifeOnServer(t, s.root, func() Target {
		t.Helper()
		target, err := DialFTP(context.Background(), s.config())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { target.Close() })
		return target
	})
}

// TestFTPSRefusals: a login the server refuses, a certificate that is
// not valid or not the one given, a folder not there, a server without
// TLS: each refused with what went wrong; plain FTP only when asked for.
func TestFTPSRefusals(t *testing.T) {
	t.Parallel()
	s := startVsftpd(t, false)
	plain := startVsftpd(t, true)
	ctx := context.Background()
	fp := CertFingerprint(s.certD)
	for _, tc := range []struct {
		name string
		to   *vsftpd
		edit func(*FTPConfig)
		kind Kind
	}{
		{"a user the server refuses", s, func(c *FTPConfig) { c.User, c.Password = "iscg", "pas le bon" }, Auth},
		{"a certificate no authority signed", s, func(c *FTPConfig) { c.Certificate = "" }, BadCertificate},
		{"another certificate's fingerprint", s, func(c *FTPConfig) { c.Certificate = CertFingerprint([]byte("autre")) }, BadCertificate},
		{"a folder that is not there", s, func(c *FTPConfig) { c.Dir = "/nulle/part" }, NoFolder},
		{"a server without TLS", plain, func(c *FTPConfig) {}, NoTLS},
		{"nobody answers", s, func(c *FTPConfig) { c.Port = freePort(t) }, Unreachable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.to.config()
			tc.edit(&c)
			target, err := DialFTP(ctx, c)
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
			if tc.kind == BadCertificate && p.Fingerprint != fp {
				t.Errorf("the refusal shows the fingerprint %q, want %q", p.Fingerprint, fp)
			}
		})
	}
	// The certificate trusted by its fingerprint, as the refusal gave it.
	c := s.config()
	c.Certificate = fp
	target, err := DialFTP(ctx, c)
	if err != nil {
		t.Fatalf("trusted by fingerprint: %v", err)
	}
	if err := Test(ctx, target); err != nil {
		t.Errorf("connection test: %v", err)
	}
	target.Close()
	// Plain FTP, asked for on purpose.
	c = plain.config()
	c.Plain = true
	target, err = DialFTP(ctx, c)
	if err != nil {
		t.Fatalf("plain FTP asked for: %v", err)
	}
	defer target.Close()
	if _, err := deployTo(t, site(t, v1), target, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := published(t, plain.root); len(got) != len(v1) {
		t.Errorf("plain FTP published %v", got)
	}
	if !strings.Contains(Explain(&Problem{Kind: NoTLS}).In(i18n.French), "en clair") {
		t.Errorf("the warning: %s", Explain(&Problem{Kind: NoTLS}).In(i18n.French))
	}
}
