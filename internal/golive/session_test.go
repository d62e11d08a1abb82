package golive

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"relais"
	"relais/internal/builtin"
	"relais/internal/deploy"
	"relais/internal/i18n"
	"relais/internal/site"
	"relais/internal/testsite"
)

// session is the editor's deploy of a small site to target.
func session(t *testing.T, target string, pages int) (*Session, string) {
	t.Helper()
	files := map[string]string{
		"site.toml":         "title = \"ISCG\"\nbaseURL = \"https://iscg-exemple.fr/\"\n[deploy]\ntarget = \"" + target + "\"\n",
		"content/_index.md": "---\ntitle: Accueil\n---\nBienvenue.\n",
	}
	for i := range pages {
		files["content/articles/p"+string(rune('a'+i))+".md"] = "---\ntitle: Page " + string(rune('A'+i)) + "\n---\nTexte.\n"
	}
	dir := testsite.New(t, files)
	dest := Dir(t.TempDir(), dir)
	os.MkdirAll(filepath.Dir(dest), 0o700)
	return &Session{Env: Env{ConfigDir: t.TempDir(), Getenv: func(string) string { return "" }},
		Site: site.Options{Extensions: builtin.Extensions(), Source: os.DirFS(dir), Theme: relais.Theme(), Dest: dest}, SiteDir: dir, Lang: i18n.French}, dir
}

// wait waits for the background deploy to end.
func wait(t *testing.T, s *Session) State {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for s.State().Phase == Running {
		if time.Now().After(deadline) {
			t.Fatal("the deploy did not end")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return s.State()
}

// TestSession: the editor's deploy prepares without sending, runs in
// the background to the end, asks to confirm deletions over the limit
// (and refuses to run without), and asks for a password it does not
// have.
func TestSession(t *testing.T) {
	online := t.TempDir()
	s, dir := session(t, "file://"+filepath.ToSlash(online), 20)
	ctx := context.Background()
	if err := s.Prepare(ctx, "", ""); err != nil {
		t.Fatal(err)
	}
	st := s.State()
	if st.Phase != Ready || len(st.Add) == 0 || st.Summary == "" {
		t.Fatalf("prepared: %+v", st)
	}
	if ents, _ := os.ReadDir(online); len(ents) != 0 {
		t.Fatal("preparing sent something")
	}
	if err := s.Run(false); err != nil {
		t.Fatal(err)
	}
	if st = wait(t, s); st.Phase != Done || st.Done != st.Total || st.URL != "https://iscg-exemple.fr/" {
		t.Fatalf("the end: %+v", st)
	}
	if err := s.Run(false); !errors.Is(err, ErrBusy) {
		t.Errorf("a second run without preparing: %v", err)
	}
	// Most pages deleted: ready, but it must be confirmed.
	for i := range 19 {
		os.Remove(filepath.Join(dir, "content/articles/p"+string(rune('a'+i))+".md"))
	}
	s.Prepare(ctx, "", "")
	if st = s.State(); st.Phase != Ready || !st.TooMany {
		t.Fatalf("deletions over the limit: %+v", st)
	}
	var tm *deploy.TooManyDeletions
	if err := s.Run(false); !errors.As(err, &tm) {
		t.Errorf("run without confirming: %v", err)
	}
	if err := s.Run(true); err != nil {
		t.Fatal(err)
	}
	if st = wait(t, s); st.Phase != Done {
		t.Fatalf("confirmed: %+v", st)
	}
	if _, err := os.Stat(filepath.Join(online, "articles/pa/index.html")); err == nil {
		t.Error("a deleted page is still online")
	}

	// An SFTP server and no password: asked for, nothing else tried.
	s2, _ := session(t, "sftp://iscg@127.0.0.1:1/www", 1)
	s2.Prepare(ctx, "", "")
	if st = s2.State(); st.Phase != Idle || !st.NeedPassword || st.Problem != "" {
		t.Errorf("no password: %+v", st)
	}
	// With one, the server is tried (and does not answer): said in French.
	s2.Prepare(ctx, "secret", "")
	if st = s2.State(); st.Phase != Failed || st.Problem == "" || st.NeedPassword {
		t.Errorf("nobody answers: %+v", st)
	}
	if st.Problem != "" && (contains(st.Problem, "secret") || !contains(st.Problem, "serveur")) {
		t.Errorf("said: %q", st.Problem)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
