package deploy

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkDeploySFTP deploys a built site (RELAIS_DEPLOY_BENCH_SITE, a
// folder: the 10,000-page corpus of ../shared/bench built by relais
// build) to a real sshd on the loopback: a first deploy into an empty
// folder, then one with nothing changed; and rsync -a --checksum over
// SSH to the same server, for comparison. Run with -benchtime 1x; see
// benchmarks.md.
func BenchmarkDeploySFTP(b *testing.B) {
	src := os.Getenv("RELAIS_DEPLOY_BENCH_SITE")
	if src == "" {
		b.Skip("set RELAIS_DEPLOY_BENCH_SITE to a built site's folder")
	}
	s := startSSHD(b)
	ctx := context.Background()
	files, err := Local(src)
	if err != nil {
		b.Fatal(err)
	}
	deployOnce := func(b *testing.B, dir string) {
		t, err := DialSFTP(ctx, s.config(dir))
		if err != nil {
			b.Fatal(err)
		}
		defer t.Close()
		p, err := MakePlan(ctx, t, files)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Run(ctx, t, Options{Parallel: 8}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(p.Add)+len(p.Change)), "files-sent")
	}
	key := filepath.Join(s.dir, "client_key")
	if err := os.WriteFile(key, s.key, 0o600); err != nil {
		b.Fatal(err)
	}
	rsync := func(b *testing.B, dir string) {
		cmd := exec.Command("rsync", "-a", "--checksum", "--stats", "-e",
			fmt.Sprintf("ssh -p %d -i %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR", s.port, key),
			src+"/", fmt.Sprintf("%s@127.0.0.1:%s/", s.user, dir))
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("rsync: %v\n%s", err, out)
		}
	}
	for _, tool := range []struct {
		name string
		run  func(*testing.B, string)
	}{{"relais", deployOnce}, {"rsync", rsync}} {
		if tool.name == "rsync" {
			if _, err := exec.LookPath("rsync"); err != nil {
				b.Log("rsync not found: not compared")
				continue
			}
		}
		dir := filepath.Join(s.dir, "www-"+tool.name)
		b.Run(tool.name+"/first", func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				os.RemoveAll(dir)
				os.MkdirAll(dir, 0o755)
				b.StartTimer()
				tool.run(b, dir)
			}
			b.ReportMetric(float64(len(files))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
		b.Run(tool.name+"/nochange", func(b *testing.B) {
			for range b.N {
				tool.run(b, dir)
			}
		})
	}
}
