package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"relais"
	"relais/internal/builtin"
	"relais/internal/site"
)

// BenchmarkSaveToReload measures, through the real watcher, rebuild and
// event stream, the time from a file written to the browser told to
// reload and the new page served: save-to-screen but for the browser's
// own drawing. "page" edits one page's text; "template" the site's
// footer (a copy of the theme's in the site's layouts/), which every page
// shows.
//
// It runs on the corpus of ../shared/bench/gencorpus, with N pages from
// RELAIS_BENCH_PAGES (default 1000):
//
//	RELAIS_BENCH_PAGES=10000 go test ./internal/server -run XXX -bench SaveToReload -benchtime 20x
func BenchmarkSaveToReload(b *testing.B) {
	for _, edit := range []string{"page", "template"} {
		b.Run(edit, func(b *testing.B) { saveToReload(b, edit) })
	}
}

func saveToReload(b *testing.B, edit string) {
	n := os.Getenv("RELAIS_BENCH_PAGES")
	if n == "" {
		n = "1000"
	}
	gen, err := filepath.Abs("../../../shared/bench/gencorpus/main.go")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skip("../shared/bench/gencorpus not found")
	}
	dir := b.TempDir()
	cmd := exec.Command("go", "run", gen, "-n", n, "-out", dir)
	cmd.Dir = filepath.Dir(gen)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("gencorpus: %v\n%s", err, out)
	}
	edited := filepath.Join(dir, "content/articles/article-00000.md")
	if edit == "template" {
		footer, err := relais.Theme().Open("partials/footer.html")
		if err != nil {
			b.Fatal(err)
		}
		src, _ := io.ReadAll(footer)
		footer.Close()
		edited = filepath.Join(dir, "layouts/partials/footer.html")
		if err := os.MkdirAll(filepath.Dir(edited), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(edited, src, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		b.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go func() {
		_ = Run(ctx, Config{SiteDir: dir, Listener: ln, BasePath: "/", Out: io.Discard, Err: io.Discard,
			Site: site.Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: filepath.Join(b.TempDir(), "out"), BaseURL: base + "/"}})
	}()
	var events *http.Response
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if events, err = http.Get(base + "/_relais/events"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			b.Fatal(err)
		}
	}
	defer events.Body.Close()
	messages := make(chan string, 16)
	go func() {
		r := bufio.NewReader(events.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				close(messages)
				return
			}
			if strings.HasPrefix(line, "data: ") && !strings.Contains(line, `"hello"`) {
				messages <- line
			}
		}
	}()
	orig, err := os.ReadFile(edited)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		mark := fmt.Sprintf("Marque%d", i)
		if err := os.WriteFile(edited, append(orig, "\n"+mark+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		if m := <-messages; !strings.Contains(m, "reload") {
			b.Fatalf("message %s", m)
		}
		resp, err := http.Get(base + "/articles/article-00000/")
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), mark) {
			b.Fatalf("page served without the edit %s", mark)
		}
	}
}
