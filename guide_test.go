package relais_test

import (
	"bufio"
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"relais/internal/boundtest"
	"relais/internal/cli"
	"relais/internal/testsite"
)

// guideCommands are the commands of docs/guide.md, in order: the lines of
// its ```sh blocks.
func guideCommands(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join("docs", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "```sh":
			in = true
		case line == "```":
			in = false
		case in && strings.TrimSpace(line) != "":
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// words splits a command line as a shell does for these commands: at
// spaces, with "…" kept together.
func words(line string) []string {
	var out []string
	var cur strings.Builder
	quoted, has := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, has = !quoted, true
		case r == ' ' && !quoted:
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}

// TestGuide runs every command of the French guide, in order, as its
// reader would: go itself (go install puts relais in a scratch folder),
// relais in the folders the guide goes into (relais serve until it
// serves), each succeeding; then checks what the guide says they made.
func TestGuide(t *testing.T) {
	cmds := guideCommands(t)
	if len(cmds) < 10 {
		t.Fatalf("only %d commands in docs/guide.md", len(cmds))
	}
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	t.Chdir(home)
	dir := home
	for _, line := range cmds {
		args := words(line)
		switch args[0] {
		case "cd":
			dir = filepath.Join(dir, args[1])
			t.Chdir(dir)
		case "go":
			cmd := exec.Command("go", args[1:]...)
			cmd.Dir = repo // « dans le dossier de relais »
			cmd.Env = append(os.Environ(), "GOBIN="+filepath.Join(home, "bin"))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
		case "relais":
			var out, errb testsite.SyncBuffer
			if args[1] == "serve" {
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan int, 1)
				go func() { done <- cli.Run(ctx, append(args[1:], "--port", "0"), &out, &errb) }()
				addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
				boundtest.Eventually(t, "the address of the preview", func() bool { return addr.FindString(out.String()) != "" })
				// What the reader then sees in the browser: the site, with
				// its quick exit.
				page := ""
				if u := addr.FindString(out.String()); u != "" {
					if resp, err := http.Get(u); err == nil {
						b, _ := io.ReadAll(resp.Body)
						resp.Body.Close()
						page = string(b)
					}
				}
				cancel()
				if code := <-done; code != 0 || !strings.Contains(page, "Quitter le site") {
					t.Fatalf("%s: exit %d, did not serve the site:\n%s%s", line, code, out.String(), errb.String())
				}
				continue
			}
			if args[1] == "import" {
				guideExport(t, repo, dir) // the files she got from WordPress and her host
			}
			if code := cli.Run(context.Background(), args[1:], &out, &errb); code != 0 {
				t.Fatalf("%s: exit %d\n%s%s", line, code, out.String(), errb.String())
			}
		default:
			t.Fatalf("the guide shows a command the test does not know how to run: %s", line)
		}
	}
	if _, err := os.Stat(filepath.Join(home, "bin", "relais")); err != nil {
		if _, err := os.Stat(filepath.Join(home, "bin", "relais.exe")); err != nil {
			t.Errorf("go install made no relais command")
		}
	}
	for _, f := range []string{"content/articles/comment-me-joindre.md", "content/partenaires/cidff-du-rhone.md",
		"content/partenaires/partenaires.xlsx", "content/ateliers/reseaux-sociaux/index.md", "public/index.html",
		"public/nginx.conf", "public/_headers"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the guide says it makes %s: %v", f, err)
		}
	}
}

// guideExport puts in dir what the guide's import reads: a WordPress
// export (the WordPress package's fixture) and the uploads folder of its
// photos.
func guideExport(t *testing.T, repo, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, "internal", "wordpress", "testdata", "export.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "export.xml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewRGBA(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"2024/03/bureau.jpg", "2024/06/plage.jpg"} {
		f := filepath.Join(dir, "uploads", filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, img.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
