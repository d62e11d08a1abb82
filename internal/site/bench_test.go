package site

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"relais"
	"relais/internal/builtin"
	"relais/internal/imagemeta/imagetest"
	"relais/internal/markdown"
)

// corpus makes n articles like ../shared/bench/gencorpus's: headings,
// lists, a table, code and links.
func corpus(n int) fstest.MapFS {
	fsys := fstest.MapFS{"content/articles/_index.md": file("---\ntitle: Articles\n---\nTous.\n")}
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: \"Article %d : accueil\"\ndate: 2024-%02d-%02d\ntags: [\"t%d\", \"t%d\"]\nsummary: \"Résumé %d.\"\n---\n\n", i, 1+i%12, 1+i%28, i%20, (i*7)%20, i)
		for s := 0; s < 4; s++ {
			fmt.Fprintf(&b, "## Partie %d\n\nUn paragraphe d’écoute et de **soutien** avec `code` et un [lien](/articles/article-%05d/) ? Oui !\n\n", s, (i+7)%n)
			b.WriteString("- un\n- deux\n- trois\n\n| Étape | Durée |\n|---|---:|\n| accueil | 10 min |\n\n")
		}
		b.WriteString("```go\nfunc main() { fmt.Println(\"ok\") }\n```\n")
		fsys[fmt.Sprintf("content/articles/article-%05d.md", i)] = file(b.String())
	}
	return fsys
}

func BenchmarkMarkdown(b *testing.B) {
	src := corpus(1)["content/articles/article-00000.md"].Data
	c := markdown.New(markdown.Options{French: true})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		c.Convert(src, 1)
	}
}

// BenchmarkBuild1000 builds a 1,000-page site from scratch.
func BenchmarkBuild1000(b *testing.B) {
	fsys := corpus(1000)
	dest := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now}).Build(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOnePage measures an incremental rebuild after one page's
// text changed, on a 1,000-page site.
func BenchmarkRebuildOnePage(b *testing.B) {
	fsys := corpus(1000)
	s := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(b.TempDir(), "public"), Now: now})
	if _, err := s.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	name := "content/articles/article-00500.md"
	orig := string(fsys[name].Data)
	i := 0
	for b.Loop() {
		i++
		fsys[name] = file(strings.Replace(orig, "Un paragraphe", fmt.Sprintf("Paragraphe %d", i), 1))
		if _, err := s.Rebuild(context.Background(), []string{name}); err != nil {
			b.Fatal(err)
		}
	}
}

// photoSite is a site of 200 articles, each showing a phone photo
// (4032×3024, with a phone's metadata), or none; the photos are made once
// and kept in the temporary folder, as making them takes a minute.
func photoSite(b *testing.B, photos bool) fs.FS {
	dir := filepath.Join(os.TempDir(), "relais-bench-photos")
	if _, err := os.Stat(filepath.Join(dir, "done")); err != nil {
		base := image.NewRGBA(image.Rect(0, 0, 4032, 3024))
		for y := 0; y < 3024; y++ {
			for x := 0; x < 4032; x++ {
				base.Pix[(y*4032+x)*4+0] = uint8(x * 255 / 4032)
				base.Pix[(y*4032+x)*4+1] = uint8(y * 255 / 3024)
				base.Pix[(y*4032+x)*4+2] = uint8((x ^ y) & 0xff)
				base.Pix[(y*4032+x)*4+3] = 255
			}
		}
		for i := range 200 {
			// Each photo its own: a block of another colour.
			draw.Draw(base, image.Rect(i*20, 0, i*20+20, 20), image.NewUniform(color.RGBA{uint8(i), 0, 0, 255}), image.Point{}, draw.Src)
			var enc bytes.Buffer
			if err := jpeg.Encode(&enc, base, &jpeg.Options{Quality: 90}); err != nil {
				b.Fatal(err)
			}
			p := filepath.Join(dir, "photos", fmt.Sprintf("p%03d.jpg", i))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(p, imagetest.WithPhoneMetadata(enc.Bytes(), 1), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "done"), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fsys := fstest.MapFS{"content/articles/_index.md": file("---\ntitle: Articles\n---\n")}
	for i := range 200 {
		body := fmt.Sprintf("---\ntitle: Article %d\ndate: 2026-01-01\n---\nLe bureau, vu de l’entrée.\n", i)
		if photos {
			data, err := os.ReadFile(filepath.Join(dir, "photos", fmt.Sprintf("p%03d.jpg", i)))
			if err != nil {
				b.Fatal(err)
			}
			body += "\n![Le bureau](photo.jpg)\n"
			fsys[fmt.Sprintf("content/articles/a%03d/photo.jpg", i)] = &fstest.MapFile{Data: data}
		}
		fsys[fmt.Sprintf("content/articles/a%03d/index.md", i)] = file(body)
	}
	return fsys
}

// BenchmarkPhotos200 builds a site of 200 articles: without photos, with
// a phone photo each and an empty cache (cold), and with the cache of an
// earlier build (warm), each time into a new output folder. Run it with
// -benchtime=1x: a cold build takes minutes.
func BenchmarkPhotos200(b *testing.B) {
	for _, tc := range []struct {
		name   string
		photos bool
		warm   bool
	}{{"none", false, false}, {"cold", true, false}, {"warm", true, true}} {
		b.Run(tc.name, func(b *testing.B) {
			fsys := photoSite(b, tc.photos)
			cache := filepath.Join(b.TempDir(), "cache")
			build := func() {
				dest := filepath.Join(b.TempDir(), "public")
				if _, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now, CacheDir: cache}).Build(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			if tc.warm {
				build()
			}
			for b.Loop() {
				if !tc.warm {
					b.StopTimer()
					os.RemoveAll(cache)
					b.StartTimer()
				}
				build()
			}
		})
	}
}

// BenchmarkKits builds a site of 20 kits, each with a guide, three
// handouts and a 2 MB PDF, against the same site with the kits' pages as
// plain articles: the difference is the cost of the kits' archives and
// PDFs (the kit's, and one for each document). "kits" is a first build,
// with an empty cache folder; "kits-warm" a build with the PDFs kept in
// the cache folder by an earlier one, as every build after the first.
func BenchmarkKits(b *testing.B) {
	pdf := make([]byte, 2<<20)
	for i := range pdf {
		pdf[i] = byte(i * 31 >> 2)
	}
	for _, run := range []string{"articles", "kits", "kits-warm"} {
		kits := run != "articles"
		b.Run(run, func(b *testing.B) {
			fsys := fstest.MapFS{}
			for i := range 20 {
				dir := fmt.Sprintf("content/ateliers/kit%02d/", i)
				if !kits {
					dir = fmt.Sprintf("content/articles/kit%02d/", i)
				}
				index := "---\ntitle: Kit\n---\nTexte.\n"
				if kits {
					index = kitIndex
				}
				fsys[dir+"index.md"] = file(index)
				fsys[dir+"animateur.md"] = file("---\ntitle: Guide\n---\n" + strings.Repeat("Un paragraphe du guide. ", 200) + "\n")
				for h := range 3 {
					fsys[fmt.Sprintf("%sfiches/%d.md", dir, h)] = file(fmt.Sprintf("---\ntitle: Fiche %d\n---\n%s\n", h, strings.Repeat("Une consigne. ", 100)))
				}
				if kits {
					fsys[dir+"affiche.pdf"] = &fstest.MapFile{Data: pdf}
				}
			}
			cache := b.TempDir()
			if run == "kits-warm" {
				dest := filepath.Join(b.TempDir(), "public")
				if _, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now, CacheDir: cache}).Build(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				dest := filepath.Join(b.TempDir(), "public")
				dir := cache
				if run != "kits-warm" {
					dir = b.TempDir()
				}
				if _, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: dest, Now: now, CacheDir: dir}).Build(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuildVsFloor builds the 1,000-page corpus with relais and with
// the floor (goldmark alone, each file written, as scripts/floor does),
// alternately in one run, and reports relais's time as a multiple of the
// floor's (x-floor): a ratio, not a timed test, which no noise on a busy
// machine makes fail; benchmarks.md records it. Issue 41 aims at 2.
func BenchmarkBuildVsFloor(b *testing.B) {
	fsys := corpus(1000)
	dir := b.TempDir()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer))
	var relaisT, floorT time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := New(Options{Extensions: builtin.Extensions(), Source: fsys, Theme: relais.Theme(), Dest: filepath.Join(dir, "relais"), Now: now}).Build(context.Background()); err != nil {
			b.Fatal(err)
		}
		relaisT += time.Since(start)
		start = time.Now()
		if err := floor(md, fsys, filepath.Join(dir, "floor")); err != nil {
			b.Fatal(err)
		}
		floorT += time.Since(start)
	}
	b.ReportMetric(float64(relaisT)/float64(floorT), "x-floor")
}

// floor converts every Markdown file of fsys with goldmark alone, on
// every core, and writes each as NAME/index.html under dest.
func floor(md goldmark.Markdown, fsys fs.FS, dest string) error {
	var files []string
	if err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	}); err != nil {
		return err
	}
	work := make(chan string)
	errs := make(chan error, len(files))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range work {
				errs <- floorOne(md, fsys, p, dest)
			}
		})
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// floorOne converts and writes one file, as the floor does.
func floorOne(md goldmark.Markdown, fsys fs.FS, p, dest string) error {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return err
	}
	if bytes.HasPrefix(src, []byte("---\n")) {
		if i := bytes.Index(src[4:], []byte("\n---\n")); i >= 0 {
			src = src[4+i+5:]
		}
	}
	var buf bytes.Buffer
	if err := md.Convert(src, &buf); err != nil {
		return err
	}
	out := filepath.Join(dest, strings.TrimSuffix(p, ".md"), "index.html")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
