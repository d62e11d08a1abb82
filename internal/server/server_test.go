package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"relais"
	"relais/internal/boundtest"
	"relais/internal/builtin"
	"relais/internal/diag"
	"relais/internal/i18n"
	"relais/internal/imagemeta/imagetest"
	"relais/internal/livereload"
	"relais/internal/site"
	"relais/internal/testsite"
)

func TestHandler(t *testing.T) {
	top := t.TempDir()
	dest := filepath.Join(top, "public")
	testsite.Write(t, dest, map[string]string{
		"index.html":       "<html><body>home</body></html>",
		"a/index.html":     "<html><body>page a</body></html>",
		"404.html":         "<html><body>introuvable</body></html>",
		"assets/x.css":     "body{}",
		"file.pdf":         "%PDF",
		".hidden":          "secret",
		"empty/readme.txt": "no index here",
	})
	testsite.Write(t, top, map[string]string{"secret.txt": "outside"})
	if err := os.Symlink(filepath.Join(top, "secret.txt"), filepath.Join(dest, "link.txt")); err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"/", "/iscg/"} {
		h, err := NewHandler(dest, base, livereload.NewBroker())
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		tests := []struct {
			path   string
			status int
			ctype  string
			body   string
		}{
			{"", 200, "text/html", "home"},
			{"a/", 200, "text/html", "page a"},
			{"a", 301, "", ""},
			{"assets/x.css", 200, "text/css", "body{}"},
			{"file.pdf", 200, "application/pdf", "%PDF"},
			{"nope/", 404, "text/html", "introuvable"},
			{".hidden", 404, "", "introuvable"},
			{"empty/", 404, "", "introuvable"},
			{"../secret.txt", 404, "", "introuvable"},
			{"%2e%2e/secret.txt", 404, "", "introuvable"},
			{"a%2f..%2f..%2fsecret.txt", 404, "", "introuvable"},
			{"link.txt", 404, "", "introuvable"},
			{"//etc/passwd", 404, "", "introuvable"},
		}
		for _, tt := range tests {
			t.Run(base+tt.path, func(t *testing.T) {
				c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				req, _ := http.NewRequest("GET", srv.URL+base+tt.path, nil)
				req.URL.Opaque = base + tt.path // send the path exactly as written
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tt.status {
					t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
				}
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), tt.ctype) {
					t.Errorf("Content-Type = %q, want %q", resp.Header.Get("Content-Type"), tt.ctype)
				}
				if !strings.Contains(string(b), tt.body) {
					t.Errorf("body = %q, want %q", b, tt.body)
				}
				if strings.Contains(string(b), "outside") || strings.Contains(string(b), "secret") {
					t.Errorf("served a file outside the output folder")
				}
				if strings.HasPrefix(tt.ctype, "text/html") && !strings.Contains(string(b), base+"_relais/livereload.js") {
					t.Errorf("HTML without the live-reload script: %s", b)
				}
			})
		}
		srv.Close()
		h.Close()
	}
	// The files on disk never carry the script.
	b, _ := os.ReadFile(filepath.Join(dest, "a/index.html"))
	if strings.Contains(string(b), "livereload") {
		t.Errorf("script written to disk")
	}
}

func TestEvents(t *testing.T) {
	b := livereload.NewBroker()
	srv := httptest.NewServer(b)
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	for b.Clients() == 0 {
		time.Sleep(time.Millisecond)
	}
	v0 := b.Version()
	b.Publish(livereload.Message{Type: "reload", Navigate: "/a/"})
	r := bufio.NewReader(resp.Body)
	var got []string
	for len(got) < 2 {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(line, "data: ") {
			got = append(got, strings.TrimSpace(line))
		}
	}
	want := []string{`data: {"type":"hello","version":"` + v0 + `"}`, `data: {"type":"reload","navigate":"/a/"}`}
	if got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if v1 := b.Version(); v1 == v0 {
		t.Errorf("version unchanged by a reload: %s", v1)
	}
	b.Close()
}

// TestNoHalfWrittenPages hammers pages while the site is rebuilt 50 times:
// every response must be a whole page, old or new, and none may fail.
func TestNoHalfWrittenPages(t *testing.T) {
	fsys := fstest.MapFS{}
	body := strings.Repeat("Un paragraphe de texte assez long pour que la page pèse son poids. ", 400)
	for i := 0; i < 20; i++ {
		fsys[fmt.Sprintf("content/p%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: P%d\n---\nv0 %s\n", i, body))}
	}
	dest := filepath.Join(t.TempDir(), "public")
	s := site.New(site.Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	h, err := NewHandler(dest, "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()
	var stop atomic.Bool
	var bad atomic.Int64
	var requests atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				resp, err := http.Get(fmt.Sprintf("%s/p%d/", srv.URL, (i+w)%20))
				requests.Add(1)
				if err != nil {
					bad.Add(1)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.HasSuffix(strings.TrimSpace(string(b)), "</html>") {
					bad.Add(1)
				}
			}
		}(w)
	}
	for n := 1; n <= 50; n++ {
		var changed []string
		for i := 0; i < 20; i++ {
			name := fmt.Sprintf("content/p%d.md", i)
			fsys[name] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: P%d\n---\nv%d %s\n", i, n, body))}
			changed = append(changed, name)
		}
		if _, err := s.Rebuild(context.Background(), changed); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if bad.Load() > 0 {
		t.Errorf("%d of %d responses were failed or partial", bad.Load(), requests.Load())
	}
	if requests.Load() < 50 {
		t.Errorf("only %d requests during the rebuilds", requests.Load())
	}
}

// TestErrorTextBinary: the error shown over the preview gives a few lines
// of a text file around the line named, never the bytes of a workbook or
// an image.
func TestErrorTextBinary(t *testing.T) {
	src := fstest.MapFS{
		"content/a.md":                   {Data: []byte("---\ntitle: A\ndate: demain\n---\nTexte.\n")},
		"content/partenaires/liste.xlsx": {Data: []byte("PK\x03\x04\x14\x00\x00\x00docProps/app.xml\x00\xff\xfe binary")},
	}
	err := diag.List{diag.Errorf("content/partenaires/liste.xlsx", 2, "a row"), diag.Errorf("content/a.md", 3, "a date")}
	got := ErrorText(err, src, i18n.English)
	if strings.Contains(got, "PK") || strings.Contains(got, "docProps") {
		t.Errorf("the workbook's bytes are shown:\n%s", got)
	}
	if !strings.Contains(got, ">    3 | date: demain") {
		t.Errorf("the page's line is not shown:\n%s", got)
	}
}

// TestStandIns: a size of an image the build left for later is answered
// with the image itself (whatever its extension asks, the browser reads
// the bytes); a file in the folder is served from it; what stands in
// for nothing, or for an image no longer there, is not found.
func TestStandIns(t *testing.T) {
	dest := t.TempDir()
	photo := imagetest.Photo(t, 60, 40)
	testsite.Write(t, dest, map[string]string{"a/index.html": "<p>a</p>", "a/photo-480w.jpg": "made"})
	h, err := NewHandler(dest, "/", nil)
	if err != nil {
		t.Fatal(err)
	}
	h.standIns.set(map[string]func() []byte{
		"a/photo-480w.webp": func() []byte { return photo },
		"a/photo-480w.jpg":  func() []byte { return photo },
		"a/gone-480w.webp":  func() []byte { return nil },
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, tc := range []struct {
		method, path string
		status       int
		ctype, body  string
	}{
		{"GET", "/a/photo-480w.webp", 200, "image/jpeg", string(photo)},
		{"HEAD", "/a/photo-480w.webp", 200, "image/jpeg", ""},
		{"GET", "/a/photo-480w.jpg", 200, "image/jpeg", "made"},
		{"GET", "/a/gone-480w.webp", 404, "", ""},
		{"GET", "/a/other-480w.webp", 404, "", ""},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || tc.status == 200 && (!strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctype) || string(b) != tc.body) {
			t.Errorf("%s %s: %d %s, %d bytes", tc.method, tc.path, res.StatusCode, res.Header.Get("Content-Type"), len(b))
		}
	}
}

// TestInterruptible: making the sizes of images stops for an edit, an
// editor's call or the end of the preview, and says which came; it is
// never left running (the site is used by one at a time); when it ends
// first, what it gave is returned.
func TestInterruptible(t *testing.T) {
	untilStopped := func(ctx context.Context) (site.Result, error) {
		<-ctx.Done()
		return site.Result{Pending: 3}, ctx.Err()
	}
	called := false
	for _, tc := range []struct {
		name    string
		work    func(context.Context) (site.Result, error)
		call    func()
		changed []string
		close   bool
		end     bool
		check   func(stopped) bool
	}{
		{"an edit", untilStopped, nil, []string{"content/a.md"}, false, false, func(s stopped) bool {
			return errors.Is(s.err, context.Canceled) && len(s.changed) == 1 && s.changed[0] == "content/a.md" && s.call == nil && !s.closed
		}},
		{"an editor's call", untilStopped, func() { called = true }, nil, false, false, func(s stopped) bool {
			s.call()
			return errors.Is(s.err, context.Canceled) && called && s.changed == nil
		}},
		{"the watcher closed", untilStopped, nil, nil, true, false, func(s stopped) bool { return s.closed && errors.Is(s.err, context.Canceled) }},
		{"the end of the preview", untilStopped, nil, nil, false, true, func(s stopped) bool {
			return errors.Is(s.err, context.Canceled) && s.call == nil && s.changed == nil && !s.closed
		}},
		{"the sizes made", func(context.Context) (site.Result, error) { return site.Result{Rendered: 4}, nil }, nil, nil, false, false, func(s stopped) bool {
			return s.err == nil && s.res.Rendered == 4 && s.call == nil && s.changed == nil && !s.closed
		}},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		calls, batches := make(chan func(), 1), make(chan []string, 1)
		switch {
		case tc.call != nil:
			calls <- tc.call
		case tc.changed != nil:
			batches <- tc.changed
		case tc.close:
			close(batches)
		case tc.end:
			cancel()
		}
		running := atomic.Int32{}
		work := func(ctx context.Context) (site.Result, error) {
			running.Add(1)
			defer running.Add(-1)
			return tc.work(ctx)
		}
		got := make(chan stopped, 1)
		go func() { got <- interruptible(ctx, work, calls, batches) }()
		s := boundtest.Wait(t, got, tc.name+": stopped")
		if !tc.check(s) {
			t.Errorf("%s: %+v", tc.name, s)
		}
		if running.Load() != 0 {
			t.Errorf("%s: returned while the work still ran", tc.name)
		}
		cancel()
	}
}
