package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"relais/internal/deploy"
	"relais/internal/testsite"
)

// TestDeployHelper is the deploy that TestKilledDeploy kills: it runs
// only in the child process.
func TestDeployHelper(t *testing.T) {
	src := os.Getenv("RELAIS_DEPLOY_SITE")
	if src == "" {
		t.Skip("run by TestKilledDeploy")
	}
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"deploy", "--lang", "en", "-s", src, "--quiet", "--yes"}, &out, &errb); code != 0 {
		t.Fatalf("deploy failed: %s", &errb)
	}
}

// TestKilledDeploy kills relais deploy with SIGKILL at random moments
// while nginx serves the folder it deploys to and readers fetch its
// pages: every file ever served is whole, a page of the old site or of
// the new; and the next deploy ends with the folder equal to the build.
func TestKilledDeploy(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	if testing.Short() {
		t.Skip("slow")
	}
	// nginx's workers, another user, must read the folder: not under
	// t.TempDir, which only the test's user may enter.
	root, err := os.MkdirTemp("", "relais-killed-deploy-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	online := filepath.Join(root, "online")
	if err := os.Mkdir(online, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(online, ".htaccess"), []byte("Options -Indexes"), 0o644)
	base := testsite.Nginx(t, online, false)
	dir := filepath.Join(root, "site")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	toml := "title = \"Crash\"\nbaseURL = \"https://iscg-exemple.fr/\"\nlanguage = \"fr\"\n[deploy]\ntarget = \"file://" + filepath.ToSlash(online) + "\"\n"
	versions := []map[string]string{crashSite(800, 0), crashSite(800, 1)}
	for _, v := range versions {
		v["site.toml"] = toml
		// Large pages, so that a kill can fall in the middle of a file.
		for name, body := range v {
			if strings.HasSuffix(name, "p7.md") || strings.HasSuffix(name, "p8.md") {
				v[name] = body + strings.Repeat("Un paragraphe long pour que la page pèse. ", 40000) + "\n"
			}
		}
	}
	content := newContents(t, dir, versions)
	cache, conf := t.TempDir(), t.TempDir()
	run := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDeployHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "RELAIS_DEPLOY_SITE="+dir, "RELAIS_CACHE_DIR="+cache, "RELAIS_CONFIG_DIR="+conf)
		return cmd
	}
	// Each version deployed whole, to know its files (and each file's
	// sum: every body ever served must be one of them).
	good := map[string]map[[32]byte]bool{}
	var want [2]map[string][32]byte
	online1 := func() map[string][32]byte {
		m := manifest(t, online)
		delete(m, deploy.ManifestName)
		delete(m, ".htaccess")
		return m
	}
	var took time.Duration
	for v := range versions {
		content.set(v)
		start := time.Now()
		if out, err := run().CombinedOutput(); err != nil {
			t.Fatalf("deploy of version %d: %v\n%s", v, err, out)
		}
		took = max(took, time.Since(start))
		want[v] = online1()
		for name, sum := range want[v] {
			if good[name] == nil {
				good[name] = map[[32]byte]bool{}
			}
			good[name][sum] = true
		}
	}
	if sameManifest(want[0], want[1]) {
		t.Fatal("the two versions deploy the same")
	}
	// Readers, all along: each body served must be a whole file of one
	// version.
	var paths []string
	for name := range good {
		paths = append(paths, name)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var served, bad atomic.Int64
	var badMu sync.Mutex
	var badSeen []string
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(r), 7))
			client := &http.Client{Timeout: 10 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				name := paths[rng.IntN(len(paths))]
				if rng.IntN(4) == 0 {
					name = "s0/p7/index.html" // a large page, often
				}
				resp, err := client.Get(base + "/" + name)
				if err != nil {
					continue
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					continue // not there (yet, or any more): not half there
				}
				served.Add(1)
				if !good[name][sha256.Sum256(b)] {
					bad.Add(1)
					badMu.Lock()
					badSeen = append(badSeen, fmt.Sprintf("%s (%d bytes)", name, len(b)))
					badMu.Unlock()
				}
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()

	cur := 1
	rng := rand.New(rand.NewPCG(3, uint64(time.Now().UnixNano())))
	const kills = 20
	for i := range kills {
		next := 1 - cur
		content.set(next)
		cmd := run()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Aim over the whole run, more often in its second half, where
		// the files are sent.
		frac := 0.1 + 1.0*rng.Float64()
		if i%2 == 1 {
			frac = 0.5 + 0.6*rng.Float64()
		}
		time.Sleep(time.Duration(frac * float64(took)))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		// Each file in the folder is whole: of one version or the other.
		for name, sum := range online1() {
			if strings.Contains(name, ".relais-tmp-") {
				continue // being written when killed: never at a page's address
			}
			if !good[name][sum] {
				t.Fatalf("kill %d at %.0f%% of a deploy: %s is of neither version", i, frac*100, name)
			}
		}
		cur = next
	}
	// The next deploy finishes the job: the folder is the build, and no
	// file being written is left.
	if out, err := run().CombinedOutput(); err != nil {
		t.Fatalf("deploy after the kills: %v\n%s", err, out)
	}
	if got := online1(); !sameManifest(got, want[cur]) {
		m, e, c := diffCount(got, want[cur])
		t.Errorf("after the kills, the next deploy left the folder %d missing, %d extra, %d changed", m, e, c)
	}
	if b, _ := os.ReadFile(filepath.Join(online, ".htaccess")); string(b) != "Options -Indexes" {
		t.Error("the host's .htaccess was touched")
	}
	close(stop)
	wg.Wait()
	stop = make(chan struct{})
	t.Logf("%d kills; readers were served %d whole files, %d not whole; a deploy takes %v", kills, served.Load(), bad.Load(), took.Round(time.Millisecond))
	if bad.Load() > 0 {
		t.Errorf("readers were served files of neither version: %v", badSeen[:min(len(badSeen), 5)])
	}
	if served.Load() == 0 {
		t.Error("no reader was served anything: the test proves nothing")
	}
}
