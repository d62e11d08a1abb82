package area

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// TestLogins: a login added is checked by its password only, kept as a
// bcrypt hash with the partner's name and day, read back the same, and
// removed by name or login; the host's copy holds login:hash lines only.
func TestLogins(t *testing.T) {
	ls := &Logins{}
	lg, err := ls.Add("  CIDFF du   Rhône ", "un-mot-de-passe", day)
	if err != nil {
		t.Fatal(err)
	}
	if lg.Login != "cidff-du-rhone" || lg.Name != "CIDFF du Rhône" || lg.Added != "2026-12-07" || !strings.HasPrefix(lg.Hash, "$2a$10$") {
		t.Errorf("login %+v", lg)
	}
	if _, err := ls.Add("Maison des femmes", "autre-mot-de-passe", day); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ name, pw, want string }{
		{"CIDFF du Rhône", "un-mot-de-passe", "already has a login"},
		{"!!!", "un-mot-de-passe", "no letter or digit"},
		{"Court", "court", "it needs at least 10"},
		{"Long", strings.Repeat("x", 73), "more than 72 bytes"},
	} {
		if _, err := ls.Add(bad.name, bad.pw, day); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Add(%q, %q): %v, want %q", bad.name, bad.pw, err, bad.want)
		}
	}
	if strings.Contains(string(ls.Bytes()), "mot-de-passe") {
		t.Error("the file holds a password")
	}
	back, fs := Parse(ls.Bytes())
	if len(fs) > 0 || len(back.List) != 2 || back.List[0] != (Login{lg.Login, lg.Name, lg.Added, lg.Hash, 8}) {
		t.Fatalf("read back %+v, %v", back.List, fs)
	}
	if !back.Check("cidff-du-rhone", "un-mot-de-passe") || back.Check("cidff-du-rhone", "autre-mot-de-passe") || back.Check("personne", "un-mot-de-passe") {
		t.Error("Check")
	}
	if !regexp.MustCompile(`^(cidff-du-rhone|maison-des-femmes):\$2a\$10\$[./A-Za-z0-9]{53}\n`).Match(back.Htpasswd()) || bytes.Count(back.Htpasswd(), []byte("\n")) != 2 {
		t.Errorf("htpasswd:\n%s", back.Htpasswd())
	}
	if _, ok := back.Remove("maison des femmes"); !ok {
		t.Error("Remove by name")
	}
	if _, ok := back.Remove("cidff-du-rhone"); !ok || len(back.List) != 0 {
		t.Error("Remove by login")
	}
	if p := NewPassword(); !regexp.MustCompile(`^[a-km-z2-9]{4}(-[a-km-z2-9]{4}){3}$`).MatchString(p) || p == NewPassword() {
		t.Errorf("NewPassword %q", p)
	}
}

// TestParseMistakes: each line that is not a login is told at its line;
// comments and blank lines are not logins, and a line of Apache's
// htpasswd (with $2y$) is one.
func TestParseMistakes(t *testing.T) {
	hash := "$2y$05$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY"
	tests := []struct {
		name, file string
		logins     int
		want       []string
	}{
		{"htpasswd's own", "# Réseau · 2026-01-01\nreseau:" + hash + "\n\n# une note\n", 1, nil},
		{"no colon", "reseau " + hash + "\n", 0, []string{"partenaires.htpasswd:1: this line is not a login"}},
		{"a password in clear", "\n\nreseau:motdepasse\n", 0, []string{`partenaires.htpasswd:3: the login "reseau" has a password that is not a bcrypt hash`}},
		{"MD5 (apr1)", "reseau:$apr1$abc$def\n", 0, []string{"not a bcrypt hash"}},
		{"twice", "a:" + hash + "\nb:" + hash + "\na:" + hash + "\n", 2, []string{`partenaires.htpasswd:3: the login "a" is already on line 1`}},
		{"empty login", ":" + hash + "\n", 0, []string{"partenaires.htpasswd:1: this line is not a login"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls, fs := Parse([]byte(tt.file))
			if len(ls.List) != tt.logins || len(fs) != len(tt.want) {
				t.Fatalf("%d logins, findings %v", len(ls.List), fs)
			}
			for i, w := range tt.want {
				if !strings.Contains(fs[i].Error(), w) {
					t.Errorf("finding %q, want %q", fs[i].Error(), w)
				}
			}
		})
	}
}

// TestFind: the area's addresses, titles and sentences are found however
// an output writes them (tags, entities, JSON, a feed's escaped HTML,
// French spaces, a zip entry), and only whole: an address that is the
// start or end of another is not it, a sentence a public page has too is
// no needle.
func TestFind(t *testing.T) {
	pages := []Page{{File: "content/reseau/procedure.md", Title: "Procédure de signalement",
		URLs: []string{"/reseau/procedure/", "https://example.org/reseau/procedure/"},
		Text: "La ligne directe du commissariat répond aux partenaires du réseau seulement. Court. Une phrase publique aussi écrite ailleurs sur le site."}}
	public := "une phrase publique aussi écrite ailleurs sur le site"
	ns := Needles(pages, func(f string) bool { return strings.Contains(public, f) })
	if len(ns) != 4 {
		t.Fatalf("needles %+v", ns)
	}
	zipped := func(name, body string) string {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create(name)
		w.Write([]byte(body))
		zw.Close()
		return b.String()
	}
	tests := []struct {
		name, out, body string
		want            int
	}{
		{"a link", "index.html", `<a href="/reseau/procedure/">voir</a>`, 1},
		{"a whole address", "feed.xml", `<link>https://example.org/reseau/procedure/</link>`, 1},
		{"a longer path", "index.html", `<a href="/reseau/procedure/annexe/">x</a> <a href="/tags/reseau/procedure/">y</a>`, 0},
		{"a fragment", "index.html", `<a href="/reseau/procedure/#etapes">x</a>`, 1},
		{"a title with an entity", "index.html", "<h2>Proc&eacute;dure de <em>signalement</em></h2>", 1},
		{"a sentence in JSON", "search-index.json", `{"s":"La ligne directe du commissariat r\u00e9pond aux partenaires du r\u00e9seau seulement"}`, 1},
		{"a sentence in a feed, escaped", "index.xml", "<description>&lt;p&gt;La ligne directe du commissariat répond aux &lt;strong&gt;partenaires&lt;/strong&gt; du réseau seulement.&lt;/p&gt;</description>", 1},
		{"French spaces", "index.html", "<p>la\u00a0ligne directe\ndu commissariat  répond aux partenaires du réseau seulement</p>", 1},
		{"in an archive", "kit.zip", zipped("kit/index.html", "<p>Procédure de signalement</p>"), 1},
		{"a public sentence", "index.html", "<p>Une phrase publique aussi écrite ailleurs sur le site.</p>", 0},
		{"an image", "photo.jpg", "Procédure de signalement", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Find(tt.out, []byte(tt.body), ns); len(got) != tt.want {
				t.Errorf("found %+v, want %d", got, tt.want)
			}
		})
	}
}

// TestProtectionFiles: Apache's file names the password file by the
// host's path, refuses the .ht files, and asks engines and caches to
// keep nothing; nginx's block asks for a login with the area's copy and
// keeps the security headers.
func TestProtectionFiles(t *testing.T) {
	h := string(Htaccess("/home/iscg/www/", "reseau/"))
	for _, want := range []string{`AuthUserFile "/home/iscg/www/reseau/.htpasswd"`, "Require valid-user", `<Files ".ht*">`, "X-Robots-Tag", `Cache-Control "private"`} {
		if !strings.Contains(h, want) {
			t.Errorf(".htaccess lacks %q:\n%s", want, h)
		}
	}
	n := NginxBlock("/iscg/reseau/", [][2]string{{"X-Frame-Options", "DENY"}})
	for _, want := range []string{"location ^~ /iscg/reseau/ {", "auth_basic_user_file $document_root/iscg/reseau/.htpasswd;", `add_header X-Frame-Options "DENY" always;`, "location ~ /\\. {"} {
		if !strings.Contains(n, want) {
			t.Errorf("nginx block lacks %q:\n%s", want, n)
		}
	}
}

// FuzzParse: no file of logins makes Parse fail other than by findings,
// and what it reads is written back and read the same.
func FuzzParse(f *testing.F) {
	f.Add([]byte("# Réseau · 2026-01-01\nreseau:$2y$05$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY\n"))
	f.Add([]byte("a:b\n:\n#\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ls, _ := Parse(b)
		back, fs := Parse(ls.Bytes())
		if len(back.List) != len(ls.List) {
			t.Fatalf("%d logins, %d read back (%v)", len(ls.List), len(back.List), fs)
		}
		for i := range ls.List {
			if back.List[i].Login != ls.List[i].Login || back.List[i].Hash != ls.List[i].Hash {
				t.Fatalf("%+v read back as %+v", ls.List[i], back.List[i])
			}
		}
	})
}

// TestSeal: a page's marked element is encrypted whole (nested elements
// too) and the rest kept; each partner's password opens the area's key,
// which opens the page only at its address; a partner removed makes the
// area a new key; a login without a key is refused.
func TestSeal(t *testing.T) {
	ls, ks := &Logins{}, &Keys{}
	for name, pw := range map[string]string{"A": "mot-de-passe-a", "B": "mot-de-passe-b"} {
		lg, err := ls.Add(name, pw, day)
		if err != nil {
			t.Fatal(err)
		}
		if err := ks.Add(lg.Login, pw); err != nil {
			t.Fatal(err)
		}
	}
	back, fs := ParseKeys(ks.Bytes())
	if len(fs) > 0 || !bytes.Equal(back.Master, ks.Master) || !bytes.Equal(back.Salt, ks.Salt) || len(back.List) != 2 {
		t.Fatalf("keys read back %+v, %v", back, fs)
	}
	sl, err := NewSealer(ks, ls)
	if err != nil {
		t.Fatal(err)
	}
	page := []byte(`<main><h1>Titre</h1><div id="area-content" tabindex="-1"><div class="x"><p>Secret <em>ici</em></p></div><div>deux</div></div><footer>pied</footer></main>`)
	out, err := sl.Seal(page, "/reseau/x/")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, "Secret") || strings.Contains(s, "deux") || !strings.HasPrefix(s, "<main><h1>Titre</h1><div id=\"area-content\" data-sealed=") ||
		!strings.HasSuffix(s, " hidden></div><footer>pied</footer></main>") {
		t.Fatalf("sealed:\n%s", s)
	}
	attr := func(name string) []byte {
		m := regexp.MustCompile(name + `="([^"]*)"`).FindStringSubmatch(s)
		b, _ := base64.StdEncoding.DecodeString(m[1])
		return b
	}
	// As the browser does: B's password, then the area's key, then the page.
	kek, _ := PartnerKeyOf("mot-de-passe-b", ks.Salt)
	var master []byte
	var l lock
	if err := json.Unmarshal([]byte(html.UnescapeString(regexp.MustCompile(`data-lock="([^"]*)"`).FindStringSubmatch(s)[1])), &l); err != nil {
		t.Fatal(err)
	}
	for _, k := range l.Keys {
		n, _ := base64.StdEncoding.DecodeString(k.Nonce)
		d, _ := base64.StdEncoding.DecodeString(k.Data)
		if m, err := open(kek, n, d, []byte(wrapAAD)); err == nil {
			master = m
		}
	}
	if master == nil || l.Iterations != Iterations {
		t.Fatal("B's password does not open the area's key")
	}
	plain, err := open(master, attr("data-nonce"), attr("data-sealed"), []byte("/reseau/x/"))
	if err != nil || string(plain) != `<div class="x"><p>Secret <em>ici</em></p></div><div>deux</div>` {
		t.Fatalf("opened %q, %v", plain, err)
	}
	if _, err := open(master, attr("data-nonce"), attr("data-sealed"), []byte("/reseau/autre/")); err == nil {
		t.Error("the page opens at another address")
	}
	old := bytes.Clone(ks.Master)
	ks.Remove("b")
	ls.Remove("b")
	if bytes.Equal(old, ks.Master) || ks.Has("b") || !ks.Has("a") {
		t.Error("removing a partner keeps the area's key")
	}
	ls.Add("C", "mot-de-passe-c", day)
	if _, err := NewSealer(ks, ls); err == nil || !strings.Contains(err.Error(), "C (c) has no key") {
		t.Errorf("a login without its key: %v", err)
	}
	if _, err := sl.Seal([]byte("<main>rien</main>"), "/x/"); err == nil {
		t.Error("a page without the element was sealed")
	}
}
