package deploy

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// SFTPConfig is how to reach an SFTP server.
type SFTPConfig struct {
	Host string
	Port int // 22 if 0
	User string
	// Dir is the site's folder on the server: absolute, or, if it is not
	// there, from the login's home folder ("/www" is then "~/www").
	Dir      string
	Password string
	Key      []byte // a private key, PEM
	// HostKeys keeps the servers' keys seen before; Trust is a key's
	// fingerprint she accepts for a server met for the first time
	// ("SHA256:…", from --trust-host or her answer).
	HostKeys *HostKeys
	Trust    string
	Timeout  time.Duration // 30 s if 0
}

// SFTP is a target on an SFTP server.
type SFTP struct {
	conn *ssh.Client
	// clients are SFTP sessions on the one connection: a server answers
	// each session's requests one after the other, so several sessions
	// use more of its cores (4: the first deploy of 13,170 files 40 s ->
	// see benchmarks.md).
	clients []*sftp.Client
	next    atomic.Uint32
	root    string
	dirs    sync.Map // folders known to exist: no need to make them
}

// DialSFTP connects to the server and opens the site's folder, which must
// exist.
func DialSFTP(ctx context.Context, c SFTPConfig) (*SFTP, error) {
	port := c.Port
	if port == 0 {
		port = 22
	}
	addr := net.JoinHostPort(c.Host, strconv.Itoa(port))
	var auths []ssh.AuthMethod
	if len(c.Key) > 0 {
		signer, err := ssh.ParsePrivateKey(c.Key)
		if err != nil {
			return nil, &Problem{Kind: BadKey, Err: err}
		}
		auths = append(auths, ssh.PublicKeys(signer))
	}
	if c.Password != "" {
		auths = append(auths, ssh.Password(c.Password), ssh.KeyboardInteractive(func(_, _ string, qs []string, _ []bool) ([]string, error) {
			answers := make([]string, len(qs))
			for i := range qs {
				answers[i] = c.Password
			}
			return answers, nil
		}))
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	cfg := &ssh.ClientConfig{User: c.User, Auth: auths, Timeout: timeout,
		HostKeyCallback: func(hostname string, remote net.Addr, key ssh.PublicKey) error {
			return c.HostKeys.check(addr, key, c.Trust)
		}}
	d := net.Dialer{Timeout: timeout}
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, dialProblem(err)
	}
	sc, chans, reqs, err := ssh.NewClientConn(raw, addr, cfg)
	if err != nil {
		raw.Close()
		var hp *Problem
		if errors.As(err, &hp) {
			return nil, hp
		}
		return nil, sshProblem(err)
	}
	conn := ssh.NewClient(sc, chans, reqs)
	s := &SFTP{conn: conn}
	for i := range sessions {
		client, err := sftp.NewClient(conn, sftp.UseConcurrentWrites(true))
		if err != nil {
			if i > 0 {
				break // a server that allows fewer sessions: as many as it allows
			}
			conn.Close()
			return nil, &Problem{Kind: NoSFTP, Err: err}
		}
		s.clients = append(s.clients, client)
	}
	root, err := s.findRoot(c.Dir)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.root = root
	return s, nil
}

// findRoot is the site's folder on the server.
func (s *SFTP) findRoot(dir string) (string, error) {
	home, err := s.c().Getwd()
	if err != nil {
		home = "."
	}
	for _, p := range rootTries(home, dir) {
		if fi, err := s.c().Stat(p); err == nil && fi.IsDir() {
			return p, nil
		}
	}
	return "", &Problem{Kind: NoFolder, Err: fmt.Errorf("%s", dir)}
}

// rootTries are where the site's folder dir may be on a server whose
// login starts in home: absolute, or, if it is not there, from home
// ("/www" is then "~/www"); "~/…" is from home.
func rootTries(home, dir string) []string {
	switch {
	case dir == "" || dir == "/~" || dir == "~":
		return []string{home}
	case strings.HasPrefix(dir, "/~/"):
		return []string{path.Join(home, dir[3:])}
	case strings.HasPrefix(dir, "/"):
		return []string{path.Clean(dir), path.Join(home, dir)}
	}
	return []string{path.Join(home, dir)}
}

// sessions is how many SFTP sessions are opened.
const sessions = 4

// c is the next session, in turn.
func (s *SFTP) c() *sftp.Client {
	return s.clients[int(s.next.Add(1))%len(s.clients)]
}

func (s *SFTP) abs(name string) string { return path.Join(s.root, name) }

// List implements Target: the folders are read several at once (one
// after the other, a site of 10,000 pages took 23 s).
func (s *SFTP) List(ctx context.Context) (map[string]Entry, error) {
	out := map[string]Entry{}
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	sem := make(chan struct{}, listers)
	var walk func(dir string)
	walk = func(dir string) {
		defer wg.Done()
		sem <- struct{}{}
		var entries []os.FileInfo
		err := ctx.Err()
		if err == nil {
			entries, err = s.c().ReadDir(dir)
		}
		<-sem
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			if dir == s.root && first == nil || ctx.Err() != nil {
				first = cmp.Or(first, err)
			}
			return // a folder it may not read: not relais's
		}
		for _, fi := range entries {
			p := path.Join(dir, fi.Name())
			switch {
			case fi.IsDir():
				s.dirs.Store(p, true)
				wg.Add(1)
				go walk(p)
			case fi.Mode().IsRegular():
				rel := strings.TrimPrefix(strings.TrimPrefix(p, s.root), "/")
				out[rel] = Entry{Size: fi.Size(), MTime: fi.ModTime().Unix()}
			}
		}
	}
	wg.Add(1)
	walk(s.root)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return out, nil
}

// listers is how many folders are read at once.
const listers = 16

// Put implements Target.
func (s *SFTP) Put(ctx context.Context, name string, open func() (io.ReadCloser, error), size int64) (Entry, error) {
	dst := s.abs(name)
	if _, known := s.dirs.Load(path.Dir(dst)); !known {
		if err := s.c().MkdirAll(path.Dir(dst)); err != nil {
			return Entry{}, err
		}
		s.dirs.Store(path.Dir(dst), true)
	}
	src, err := open()
	if err != nil {
		return Entry{}, err
	}
	defer src.Close()
	tmp := s.abs(tempName(name))
	f, err := s.c().OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return Entry{}, err
	}
	n, err := f.ReadFrom(src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n != size {
		err = fmt.Errorf("%s: %d bytes written of %d", name, n, size)
	}
	if err == nil {
		err = s.rename(tmp, dst)
	}
	if err != nil {
		_ = s.c().Remove(tmp)
		return Entry{}, s.full(err, size)
	}
	fi, err := s.c().Stat(dst)
	if err != nil {
		return Entry{}, err
	}
	return Entry{Size: fi.Size(), MTime: fi.ModTime().Unix()}, nil
}

// full tells a full disk from another failure: SFTP says both with the
// same code, but the server can say how much room is left.
func (s *SFTP) full(err error, size int64) error {
	var se *sftp.StatusError
	if !errors.As(err, &se) || se.FxCode() != sftp.ErrSSHFxFailure {
		return err
	}
	if st, verr := s.c().StatVFS(s.root); verr == nil && (st.FreeSpace() < uint64(size)+64<<10 || st.Favail == 0) {
		return &Problem{Kind: Full, Err: err}
	}
	return err
}

// rename renames over the old file at once where the server can
// (OpenSSH's posix-rename); elsewhere the old file is removed first.
func (s *SFTP) rename(tmp, dst string) error {
	err := s.c().PosixRename(tmp, dst)
	if err == nil {
		return nil
	}
	var se *sftp.StatusError
	if errors.As(err, &se) && se.FxCode() == sftp.ErrSSHFxOpUnsupported {
		_ = s.c().Remove(dst)
		return s.c().Rename(tmp, dst)
	}
	return err
}

// Get implements Target.
func (s *SFTP) Get(ctx context.Context, name string) ([]byte, error) {
	f, err := s.c().Open(s.abs(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxGet))
}

// Remove implements Target.
func (s *SFTP) Remove(ctx context.Context, name string) error { return s.c().Remove(s.abs(name)) }

// RemoveDir implements Target.
func (s *SFTP) RemoveDir(ctx context.Context, name string) error {
	s.dirs.Delete(s.abs(name))
	return s.c().RemoveDirectory(s.abs(name))
}

// Close implements Target.
func (s *SFTP) Close() error {
	for _, c := range s.clients {
		c.Close()
	}
	return s.conn.Close()
}

// HostKeys are the SSH servers' keys relais has seen, in a file: a line
// "host:port SHA256:…" each.
type HostKeys struct {
	File string
	mu   sync.Mutex
}

// check accepts the key a server shows if it is the one seen before; a
// server met for the first time is accepted if trust is its key's
// fingerprint (and kept), else refused with the fingerprint to check.
func (h *HostKeys) check(addr string, key ssh.PublicKey, trust string) error {
	fp := ssh.FingerprintSHA256(key)
	if h == nil {
		if trust == fp {
			return nil
		}
		return &Problem{Kind: UnknownHost, Fingerprint: fp, Err: errors.New(addr)}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	known, err := h.read()
	if err != nil {
		return err
	}
	if old, ok := known[addr]; ok {
		if old == fp {
			return nil
		}
		return &Problem{Kind: ChangedHost, Fingerprint: fp, Old: old, Err: errors.New(addr)}
	}
	if trust != fp {
		return &Problem{Kind: UnknownHost, Fingerprint: fp, Err: errors.New(addr)}
	}
	if err := os.MkdirAll(filepath.Dir(h.File), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(h.File, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "%s %s\n", addr, fp)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Known is the fingerprint kept for a server, or "".
func (h *HostKeys) Known(host string, port int) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	known, _ := h.read()
	return known[net.JoinHostPort(host, strconv.Itoa(port))]
}

func (h *HostKeys) read() (map[string]string, error) {
	out := map[string]string{}
	f, err := os.Open(h.File)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if a, fp, ok := strings.Cut(strings.TrimSpace(sc.Text()), " "); ok {
			out[a] = fp
		}
	}
	return out, sc.Err()
}
