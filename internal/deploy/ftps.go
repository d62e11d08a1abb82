package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jlaffaye/ftp"
)

// FTPConfig is how to reach an FTP server.
type FTPConfig struct {
	Host string
	Port int // 21 if 0
	User string
	// Dir is the site's folder, as for SFTP.
	Dir      string
	Password string
	// Plain: FTP without TLS, only when she wrote plainFTP = true (her
	// password then travels in clear). Otherwise TLS is required (AUTH
	// TLS, explicit) and the server's certificate checked.
	Plain bool
	// Certificate, if set, is the one certificate to trust: a PEM
	// certificate, or its fingerprint ("SHA256:…", as a refusal says
	// it). Otherwise the certificate must be valid for Host.
	Certificate string
	// Conns is how many connections are open at once (4 if 0).
	Conns   int
	Timeout time.Duration // 30 s if 0: a server silent that long is gone
}

// FTP is a target on an FTP server, with TLS unless told otherwise.
type FTP struct {
	cfg  FTPConfig
	addr string
	tls  *tls.Config
	root string
	// listHidden: the server has no MLSD, whose listing shows hidden
	// files (the manifest, files being written); LIST -a is used.
	listHidden bool
	precise    bool // the listing gives times to the second (MLSD)

	idle  chan *ftp.ServerConn
	slots chan struct{}
	mu    sync.Mutex
	dirs  map[string]bool // folders known to exist
	open  map[*ftp.ServerConn]bool
}

// DialFTP connects to the server and opens the site's folder, which must
// exist.
func DialFTP(ctx context.Context, c FTPConfig) (*FTP, error) {
	if c.Port == 0 {
		c.Port = 21
	}
	if c.Conns <= 0 {
		c.Conns = 4
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	f := &FTP{cfg: c, addr: net.JoinHostPort(c.Host, strconv.Itoa(c.Port)),
		idle: make(chan *ftp.ServerConn, c.Conns), slots: make(chan struct{}, c.Conns),
		dirs: map[string]bool{}, open: map[*ftp.ServerConn]bool{}}
	if !c.Plain {
		cfg, err := tlsConfig(c.Host, c.Certificate)
		if err != nil {
			return nil, err
		}
		f.tls = cfg
	}
	conn, err := f.dial(ctx)
	if err != nil {
		return nil, err
	}
	if !conn.IsTimePreciseInList() {
		// Without MLSD, LIST must be asked for hidden files, which is a
		// setting of the connection: dial again with it.
		conn.Quit()
		f.listHidden = true
		if conn, err = f.dial(ctx); err != nil {
			return nil, err
		}
	} else {
		f.precise = true
	}
	f.open[conn] = true
	f.slots <- struct{}{}
	root, err := findFTPRoot(conn, c.Dir)
	f.release(conn, err)
	if err != nil {
		f.Close()
		return nil, err
	}
	f.root = root
	f.dirs[root] = true
	return f, nil
}

// tlsConfig checks the server's certificate: valid for the host, or the
// one she gave.
func tlsConfig(host, pinned string) (*tls.Config, error) {
	var pin []byte // the SHA-256 of the certificate to trust
	switch {
	case pinned == "":
	case strings.HasPrefix(pinned, "SHA256:"):
		b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.TrimPrefix(pinned, "SHA256:"), "="))
		if err != nil || len(b) != sha256.Size {
			return nil, &Problem{Kind: BadCertificate, Err: fmt.Errorf("%q is not a certificate's fingerprint", pinned)}
		}
		pin = b
	default:
		block, _ := pem.Decode([]byte(pinned))
		if block == nil || block.Type != "CERTIFICATE" {
			return nil, &Problem{Kind: BadCertificate, Err: errors.New("the certificate given is not a PEM certificate")}
		}
		s := sha256.Sum256(block.Bytes)
		pin = s[:]
	}
	cfg := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12,
		// Many FTP servers (vsftpd by default) require the data
		// connections to resume the control connection's TLS session.
		ClientSessionCache: tls.NewLRUClientSessionCache(64),
		// Checked below, so that a refusal can show the certificate's
		// fingerprint, as SSH shows its key's.
		InsecureSkipVerify: true,
	}
	cfg.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
		if len(raw) == 0 {
			return &Problem{Kind: BadCertificate, Err: errors.New("no certificate")}
		}
		sum := sha256.Sum256(raw[0])
		fp := CertFingerprint(raw[0])
		if pin != nil {
			if bytes.Equal(sum[:], pin) {
				return nil
			}
			return &Problem{Kind: BadCertificate, Fingerprint: fp, Err: errors.New("not the certificate given in site.toml")}
		}
		certs := make([]*x509.Certificate, len(raw))
		for i, b := range raw {
			c, err := x509.ParseCertificate(b)
			if err != nil {
				return &Problem{Kind: BadCertificate, Fingerprint: fp, Err: err}
			}
			certs[i] = c
		}
		inter := x509.NewCertPool()
		for _, c := range certs[1:] {
			inter.AddCert(c)
		}
		if _, err := certs[0].Verify(x509.VerifyOptions{DNSName: host, Intermediates: inter}); err != nil {
			return &Problem{Kind: BadCertificate, Fingerprint: fp, Err: err}
		}
		return nil
	}
	return cfg, nil
}

// CertFingerprint is a certificate's fingerprint as relais shows it.
func CertFingerprint(der []byte) string {
	s := sha256.Sum256(der)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(s[:])
}

// dial opens and logs in a connection.
func (f *FTP) dial(ctx context.Context) (*ftp.ServerConn, error) {
	// Every connection, the control one and each transfer's, goes
	// through here: each gets a deadline renewed at each read and write,
	// so that a server gone silent is an error, not a wait without end.
	first := true
	var mu sync.Mutex
	d := net.Dialer{Timeout: f.cfg.Timeout}
	dialFunc := func(network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		var conn net.Conn = &idleConn{Conn: c, timeout: f.cfg.Timeout}
		mu.Lock()
		control := first
		first = false
		mu.Unlock()
		if !control && f.tls != nil {
			conn = tls.Client(conn, f.tls) // the transfer, in TLS as the control connection
		}
		return conn, nil
	}
	opts := []ftp.DialOption{ftp.DialWithContext(ctx), ftp.DialWithTimeout(f.cfg.Timeout), ftp.DialWithDialFunc(dialFunc),
		ftp.DialWithShutTimeout(f.cfg.Timeout), ftp.DialWithForceListHidden(f.listHidden)}
	if f.tls != nil {
		opts = append(opts, ftp.DialWithExplicitTLS(f.tls))
	}
	conn, err := ftp.Dial(f.addr, opts...)
	if err != nil {
		return nil, ftpDialProblem(err, f.tls != nil, false)
	}
	user := f.cfg.User
	if user == "" {
		user = "anonymous"
	}
	if err := conn.Login(user, f.cfg.Password); err != nil {
		conn.Quit()
		return nil, ftpDialProblem(err, f.tls != nil, true)
	}
	return conn, nil
}

// ftpDialProblem says what went wrong while connecting (login: while
// logging in).
func ftpDialProblem(err error, withTLS, login bool) error {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	var te *textproto.Error
	var oe *net.OpError
	var ne net.Error
	switch {
	case errors.As(err, &oe) && oe.Op == "dial":
		return dialProblem(err)
	case errors.As(err, &ne):
		return &Problem{Kind: Unreachable, Err: err}
	case errors.Is(err, io.EOF) || strings.Contains(err.Error(), "connection reset"):
		return &Problem{Kind: Closed, Err: err}
	case errors.As(err, &te) && te.Code == 421:
		return &Problem{Kind: Closed, Err: err}
	case !login && withTLS && errors.As(err, &te) && te.Code >= 500:
		// AUTH TLS refused: the server has no TLS.
		return &Problem{Kind: NoTLS, Err: err}
	case login && errors.As(err, &te) && te.Code == 530 && strings.Contains(strings.ToLower(te.Msg), "tls"):
		return &Problem{Kind: Other, Err: err} // TLS required by the server: only plain FTP gets there
	case login:
		// A refused USER comes as a bare message, a refused PASS as 530.
		return &Problem{Kind: Auth, Err: err}
	}
	return &Problem{Kind: Other, Err: err}
}

// idleConn is a connection that fails when the server is silent for the
// timeout.
type idleConn struct {
	net.Conn
	timeout time.Duration
}

func (c *idleConn) Read(b []byte) (int, error) {
	c.Conn.SetDeadline(time.Now().Add(c.timeout))
	return c.Conn.Read(b)
}

func (c *idleConn) Write(b []byte) (int, error) {
	c.Conn.SetDeadline(time.Now().Add(c.timeout))
	return c.Conn.Write(b)
}

// findFTPRoot is the site's folder on the server.
func findFTPRoot(c *ftp.ServerConn, dir string) (string, error) {
	home, err := c.CurrentDir()
	if err != nil || home == "" {
		home = "/"
	}
	for _, p := range rootTries(home, dir) {
		if err := c.ChangeDir(p); err == nil {
			return p, nil
		}
	}
	return "", &Problem{Kind: NoFolder, Err: fmt.Errorf("%s", dir)}
}

// get takes a connection: an idle one, or a new one while fewer than
// Conns are open.
func (f *FTP) get(ctx context.Context) (*ftp.ServerConn, error) {
	select {
	case c := <-f.idle:
		return c, nil
	default:
	}
	select {
	case c := <-f.idle:
		return c, nil
	case f.slots <- struct{}{}:
		c, err := f.dial(ctx)
		if err != nil {
			<-f.slots
			return nil, err
		}
		f.mu.Lock()
		f.open[c] = true
		f.mu.Unlock()
		return c, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// release gives a connection back; after an error it is closed (it may
// be cut, or in the middle of a reply), and another is opened when needed.
func (f *FTP) release(c *ftp.ServerConn, err error) {
	var te *textproto.Error
	if err == nil || errors.As(err, &te) && te.Code >= 400 && te.Code < 600 && te.Code != 421 {
		f.idle <- c
		return
	}
	f.mu.Lock()
	delete(f.open, c)
	f.mu.Unlock()
	c.Quit()
	<-f.slots
}

// with runs op on a connection.
func (f *FTP) with(ctx context.Context, op func(c *ftp.ServerConn) error) error {
	c, err := f.get(ctx)
	if err != nil {
		return err
	}
	err = op(c)
	f.release(c, err)
	return err
}

func (f *FTP) abs(name string) string { return path.Join(f.root, name) }

// List implements Target: the folders are listed several at once.
func (f *FTP) List(ctx context.Context) (map[string]Entry, error) {
	out := map[string]Entry{}
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	var walk func(dir string)
	walk = func(dir string) {
		defer wg.Done()
		var entries []*ftp.Entry
		err := f.with(ctx, func(c *ftp.ServerConn) error {
			var err error
			entries, err = c.List(dir)
			return err
		})
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			if dir == f.root && first == nil {
				first = err
			}
			return // a folder it may not read: not relais's
		}
		f.mu.Lock()
		f.dirs[dir] = true
		f.mu.Unlock()
		for _, e := range entries {
			if e.Name == "." || e.Name == ".." || strings.Contains(e.Name, "/") {
				continue
			}
			p := path.Join(dir, e.Name)
			switch e.Type {
			case ftp.EntryTypeFolder:
				wg.Add(1)
				go walk(p)
			case ftp.EntryTypeFile:
				rel := strings.TrimPrefix(strings.TrimPrefix(p, f.root), "/")
				out[rel] = Entry{Size: int64(e.Size), MTime: e.Time.Unix()}
			}
		}
	}
	wg.Add(1)
	walk(f.root)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// mkdirs makes the folders of a path that are not known to exist.
func (f *FTP) mkdirs(c *ftp.ServerConn, dir string) {
	var missing []string
	f.mu.Lock()
	for d := dir; d != f.root && d != "/" && d != "." && !f.dirs[d]; d = path.Dir(d) {
		missing = append(missing, d)
	}
	f.mu.Unlock()
	for i := len(missing) - 1; i >= 0; i-- {
		_ = c.MakeDir(missing[i]) // it may exist already: the upload says if not
		f.mu.Lock()
		f.dirs[missing[i]] = true
		f.mu.Unlock()
	}
}

// Put implements Target. Without MLSD, the file's time as the server
// lists it is not known: it is taken from the next listing (MTime 0).
func (f *FTP) Put(ctx context.Context, name string, open func() (io.ReadCloser, error), size int64) (Entry, error) {
	var e Entry
	err := f.with(ctx, func(c *ftp.ServerConn) error {
		dst := f.abs(name)
		f.mkdirs(c, path.Dir(dst))
		src, err := open()
		if err != nil {
			return err
		}
		defer src.Close()
		tmp := f.abs(tempName(name))
		if err := c.Stor(tmp, src); err != nil {
			_ = c.Delete(tmp)
			return err
		}
		if n, err := c.FileSize(tmp); err == nil && n != size {
			_ = c.Delete(tmp)
			return fmt.Errorf("%s: %d bytes written of %d", name, n, size)
		}
		if err := c.Rename(tmp, dst); err != nil {
			// Some servers do not rename over a file: the old one goes
			// first.
			if derr := c.Delete(dst); derr != nil || c.Rename(tmp, dst) != nil {
				_ = c.Delete(tmp)
				return err
			}
		}
		e = Entry{Size: size}
		if f.precise {
			if got, err := c.GetEntry(dst); err == nil {
				e = Entry{Size: int64(got.Size), MTime: got.Time.Unix()}
			}
		}
		return nil
	})
	return e, err
}

// Get implements Target.
func (f *FTP) Get(ctx context.Context, name string) ([]byte, error) {
	var b []byte
	err := f.with(ctx, func(c *ftp.ServerConn) error {
		r, err := c.Retr(f.abs(name))
		if err != nil {
			return err
		}
		b, err = io.ReadAll(io.LimitReader(r, maxGet))
		if cerr := r.Close(); err == nil {
			err = cerr
		}
		return err
	})
	return b, err
}

// Remove implements Target.
func (f *FTP) Remove(ctx context.Context, name string) error {
	return f.with(ctx, func(c *ftp.ServerConn) error { return c.Delete(f.abs(name)) })
}

// RemoveDir implements Target.
func (f *FTP) RemoveDir(ctx context.Context, name string) error {
	return f.with(ctx, func(c *ftp.ServerConn) error {
		err := c.RemoveDir(f.abs(name))
		if err == nil {
			f.mu.Lock()
			delete(f.dirs, f.abs(name))
			f.mu.Unlock()
		}
		return err
	})
}

// Close implements Target.
func (f *FTP) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.open {
		c.Quit()
	}
	f.open = map[*ftp.ServerConn]bool{}
	return nil
}
