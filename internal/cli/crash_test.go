package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"relais/internal/testsite"
)

// TestCrashHelper is the build that TestKilledBuild kills: it runs only in
// the child process.
func TestCrashHelper(t *testing.T) {
	src := os.Getenv("RELAIS_CRASH_SITE")
	if src == "" {
		t.Skip("run by TestKilledBuild")
	}
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"build", "--lang", "en", "-s", src, "--quiet"}, &out, &errb); code != 0 {
		t.Fatalf("build failed: %s", &errb)
	}
}

// crashSite is a site of n pages; version changes a third of them, drops
// some and adds others, so that a build of one version over the other
// writes, keeps and removes files.
func crashSite(n, version int) map[string]string {
	files := map[string]string{
		"site.toml": "title = \"Crash\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n",
	}
	for i := range n {
		if version == 1 && i%10 == 0 {
			continue // removed in version 1
		}
		body := fmt.Sprintf("Texte de la page %d.\n\n## Partie\n\nSuite.\n", i)
		if version == 1 && i%3 == 0 {
			body = fmt.Sprintf("Texte changé de la page %d, version 1.\n", i)
		}
		files[fmt.Sprintf("content/s%d/p%d.md", i%7, i)] = fmt.Sprintf(
			"---\ntitle: Page %d\ndate: 2026-01-%02d\n---\n%s", i, 1+i%28, body)
	}
	if version == 1 {
		for i := range n / 10 {
			files[fmt.Sprintf("content/nouveau/n%d.md", i)] = fmt.Sprintf("---\ntitle: Nouvelle %d\ndate: 2026-02-01\n---\nNouveau.\n", i)
		}
	}
	return files
}

// contents switches a site's content/ between versions written once
// beside the site, by renaming folders (rewriting thousands of files at
// each kill would make the test slow).
type contents struct {
	t   *testing.T
	dir string // the site
	cur int    // the version in content/, or -1
}

func newContents(t *testing.T, dir string, versions []map[string]string) *contents {
	for v, files := range versions {
		testsite.Write(t, filepath.Join(dir+".versions", fmt.Sprint(v)), files)
	}
	return &contents{t: t, dir: dir, cur: -1}
}

func (c *contents) set(v int) {
	c.t.Helper()
	if v == c.cur {
		return
	}
	if c.cur >= 0 {
		if err := os.Rename(filepath.Join(c.dir, "content"), filepath.Join(c.dir+".versions", fmt.Sprint(c.cur), "content")); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := os.Rename(filepath.Join(c.dir+".versions", fmt.Sprint(v), "content"), filepath.Join(c.dir, "content")); err != nil {
		c.t.Fatal(err)
	}
	if v == 0 || c.cur < 0 {
		b, _ := os.ReadFile(filepath.Join(c.dir+".versions", fmt.Sprint(v), "site.toml"))
		if err := os.WriteFile(filepath.Join(c.dir, "site.toml"), b, 0o644); err != nil {
			c.t.Fatal(err)
		}
	}
	c.cur = v
}

// manifest hashes every file under dir.
func manifest(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	m := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameManifest(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// diffCount says how far a folder is from a build: files missing, extra
// or different.
func diffCount(got, want map[string][32]byte) (missing, extra, changed int) {
	for k, v := range want {
		if g, ok := got[k]; !ok {
			missing++
		} else if g != v {
			changed++
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra++
		}
	}
	return
}

// TestKilledBuild kills relais build with SIGKILL at random moments, the
// commit included, over a folder that holds a good build: each time, the
// output folder must be exactly the old build or exactly the new one; and
// after the next good build nothing but relais's own standby and lock is
// left beside it.
func TestKilledBuild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	if testing.Short() {
		t.Skip("slow")
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	versions := []map[string]string{crashSite(3000, 0), crashSite(3000, 1)}
	content := newContents(t, dir, versions)
	public := filepath.Join(dir, "public")
	var want [2]map[string][32]byte
	for v := range versions {
		content.set(v)
		var errb bytes.Buffer
		if code := Run(context.Background(), []string{"build", "--lang", "en", "-s", dir, "--quiet"}, &bytes.Buffer{}, &errb); code != 0 {
			t.Fatalf("build: %s", &errb)
		}
		want[v] = manifest(t, public)
	}
	if sameManifest(want[0], want[1]) {
		t.Fatal("the two versions build the same")
	}
	// The folder holds version 1; the first kill builds version 0 over it.
	cur := 1
	run := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "RELAIS_CRASH_SITE="+dir)
		return cmd
	}
	// How long a whole build takes in a child process, to aim the kills.
	content.set(1 - cur)
	start := time.Now()
	if out, err := run().CombinedOutput(); err != nil {
		t.Fatalf("child build: %v\n%s", err, out)
	}
	took := time.Since(start)
	cur = 1 - cur
	if !sameManifest(manifest(t, public), want[cur]) {
		t.Fatal("a whole child build did not publish its version")
	}
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	const kills = 24
	var old, nw int
	for i := range kills {
		next := 1 - cur
		content.set(next)
		cmd := run()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Aim over the whole build, and more often near its end, where
		// the commit is.
		frac := 0.1 + 1.0*rng.Float64()
		if i%2 == 1 {
			frac = 0.6 + 0.5*rng.Float64()
		}
		time.Sleep(time.Duration(frac * float64(took)))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		got := manifest(t, public)
		switch {
		case sameManifest(got, want[cur]):
			old++
		case sameManifest(got, want[next]):
			nw++
			cur = next
		default:
			m0, e0, c0 := diffCount(got, want[cur])
			m1, e1, c1 := diffCount(got, want[next])
			t.Fatalf("kill %d at %.0f%% of a build: the folder is neither build (against the old: %d missing, %d extra, %d changed; against the new: %d, %d, %d)",
				i, frac*100, m0, e0, c0, m1, e1, c1)
		}
	}
	t.Logf("%d kills: %d left the old build, %d the new (a build takes %v)", kills, old, nw, took.Round(time.Millisecond))
	if old == 0 || nw == 0 {
		t.Logf("all kills fell on one side: the aim is off, not the promise")
	}
	// A good build after the kills publishes its version and leaves
	// nothing else beside the folder.
	next := 1 - cur
	content.set(next)
	if out, err := run().CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, out)
	}
	if !sameManifest(manifest(t, public), want[next]) {
		t.Error("the build after the kills did not publish its version")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, ".public.") && n != ".public.relais-standby" && n != ".public.relais-lock" {
			t.Errorf("%s survived the next build", n)
		}
	}
}
