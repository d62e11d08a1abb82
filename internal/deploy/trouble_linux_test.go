package deploy

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"relais/internal/i18n"
)

// cutProxy forwards connections to addr and cuts each one once the client
// has sent limit bytes: a server that closes the connection mid-file.
func cutProxy(t *testing.T, addr string, limit int64) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				s, err := net.Dial("tcp", addr)
				if err != nil {
					c.Close()
					return
				}
				var sent atomic.Int64
				go func() { io.Copy(c, s); c.Close() }()
				buf := make([]byte, 4096)
				for {
					n, err := c.Read(buf)
					if n > 0 {
						if sent.Add(int64(n)) > limit {
							break
						}
						if _, err := s.Write(buf[:n]); err != nil {
							break
						}
					}
					if err != nil {
						break
					}
				}
				c.Close()
				s.Close()
			}()
		}
	}()
	return ln.Addr().String()
}

// bigSite is v1 with a large file, to be cut in the middle of.
func bigSite(t *testing.T) (string, map[string]string) {
	files := map[string]string{"index.html": "<h1>Accueil</h1>", "kit/guide.pdf": strings.Repeat("%PDF contenu ", 200000)}
	return site(t, files), files
}

// TestSFTPTrouble: a server that closes the connection mid-file and a
// server whose disk is full: each said in plain French, nothing partial
// at a published address, and the next deploy, once the trouble is
// gone, finishes the job and leaves no temporary file.
func TestSFTPTrouble(t *testing.T) {
	t.Parallel()
	s := startSSHD(t)
	ctx := context.Background()
	t.Run("the connection closes mid-file", func(t *testing.T) {
		root := filepath.Join(s.dir, "www-cut")
		write(t, root, map[string]string{"kit/guide.pdf": "ancien"})
		build, files := bigSite(t)
		c := s.config(root)
		host, port, _ := net.SplitHostPort(cutProxy(t, net.JoinHostPort("127.0.0.1", itoa(s.port)), 1<<20))
		c.Host, c.Port = host, atoi(port)
		target, err := DialSFTP(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		_, err = deployTo(t, build, target, Options{})
		target.Close()
		if err == nil {
			t.Fatal("a deploy cut mid-file succeeded")
		}
		if msg := Explain(err).In(i18n.French); !strings.Contains(msg, "serveur") {
			t.Errorf("said: %q", msg)
		}
		got := contents(t, root)
		if g := got["kit/guide.pdf"]; g != "ancien" && g != files["kit/guide.pdf"] {
			t.Errorf("the PDF online is neither old nor new: %d bytes", len(g))
		}
		// Straight to the server: the job is finished.
		target, err = DialSFTP(ctx, s.config(root))
		if err != nil {
			t.Fatal(err)
		}
		defer target.Close()
		if _, err := deployTo(t, build, target, Options{}); err != nil {
			t.Fatal(err)
		}
		for name, body := range published(t, root) {
			if strings.Contains(name, tempMark) || body != files[name] {
				t.Errorf("after the next deploy: %s (%d bytes)", name, len(body))
			}
		}
	})
	t.Run("the disk is full", func(t *testing.T) {
		root := filepath.Join(s.dir, "www-full")
		if err := os.MkdirAll(root, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mount("tmpfs", root, "tmpfs", 0, "size=1m"); err != nil {
			if os.Getenv("RELAIS_REQUIRE_MOUNT") != "" {
				t.Fatalf("cannot mount a tmpfs: %v", err)
			}
			t.Skip("cannot mount a tmpfs here (needs root):", err)
		}
		t.Cleanup(func() { syscall.Unmount(root, syscall.MNT_DETACH) })
		write(t, root, map[string]string{"index.html": "ancien"})
		build, files := bigSite(t)
		target, err := DialSFTP(ctx, s.config(root))
		if err != nil {
			t.Fatal(err)
		}
		defer target.Close()
		_, err = deployTo(t, build, target, Options{})
		var p *Problem
		if !errors.As(err, &p) || p.Kind != Full {
			t.Fatalf("a full disk: %v", err)
		}
		if msg := Explain(err).In(i18n.French); !strings.Contains(msg, "plein") {
			t.Errorf("said: %q", msg)
		}
		got := contents(t, root)
		if got["index.html"] != "ancien" || got["kit/guide.pdf"] != "" {
			t.Errorf("after a full disk: %d files, index %q, PDF %d bytes", len(got), got["index.html"], len(got["kit/guide.pdf"]))
		}
		for name := range got {
			if strings.Contains(name, tempMark) {
				t.Errorf("left %s", name)
			}
		}
		// Room again (the PDF made smaller): the next deploy finishes.
		files["kit/guide.pdf"] = "%PDF petit"
		write(t, build, files)
		if _, err := deployTo(t, build, target, Options{}); err != nil {
			t.Fatal(err)
		}
		if got := published(t, root); got["index.html"] != files["index.html"] || got["kit/guide.pdf"] != files["kit/guide.pdf"] {
			t.Errorf("after room was made: %v", got)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
