// Command floor measures the floor of a build, for benchmarks.md: every
// Markdown file of a folder converted by goldmark alone (no front matter
// reading beyond skipping it, no templates, no lists) and written as
// NAME/index.html, on every core.
//
//	go run ./scripts/floor -s /tmp/corpus/content -d /tmp/floor-out
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	src := flag.String("s", "content", "folder of Markdown files")
	dest := flag.String("d", "floor-out", "output folder")
	flag.Parse()
	start := time.Now()
	var files []string
	err := filepath.WalkDir(*src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer))
	work := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range work {
				b, err := os.ReadFile(p)
				if err != nil {
					log.Fatal(err)
				}
				// Skip YAML front matter.
				if bytes.HasPrefix(b, []byte("---\n")) {
					if i := bytes.Index(b[4:], []byte("\n---\n")); i >= 0 {
						b = b[4+i+5:]
					}
				}
				buf.Reset()
				if err := md.Convert(b, &buf); err != nil {
					log.Fatal(err)
				}
				rel, _ := filepath.Rel(*src, p)
				out := filepath.Join(*dest, strings.TrimSuffix(rel, ".md"), "index.html")
				if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
					log.Fatal(err)
				}
				if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
					log.Fatal(err)
				}
			}
		}()
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()
	fmt.Printf("%d files in %s\n", len(files), time.Since(start).Round(time.Millisecond))
}
