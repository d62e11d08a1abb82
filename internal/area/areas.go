package area

import (
	"bytes"
	"cmp"
	"hash/maphash"
	"io/fs"
	"strings"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/headers"
	"relais/internal/incremental"
	"relais/internal/page"
	"relais/internal/record"
)

// Areas are a site's partner areas as its builds protect them: the graph
// keeps their pages out of every public list; Areas reads the partners'
// logins (again when they change), tells what keeps an area from being
// protected, writes what protects each on the host, and seals the pages
// of an encrypted area. CheckLeaks then reads every public output for
// what of an area it would show.
type Areas struct {
	source  fs.FS
	preview bool
	cfg     *config.Config
	g       *graph.Graph
	// logins are the partners' logins, read when a build has an area;
	// findings what reading them found; hash a hash of them.
	logins   *Logins
	findings diag.List
	hash     uint64
	sealer   *Sealer // the encrypted area's, with protection = "encrypted"
}

// Begin starts a build of the site in source whose settings are cfg and
// pages g; a preview shows the areas to her alone, and tells what keeps
// them from being protected as warnings.
func (a *Areas) Begin(source fs.FS, cfg *config.Config, g *graph.Graph, preview bool) {
	a.source, a.cfg, a.g, a.preview = source, cfg, g, preview
}

// Forget has the logins read again at the next check (they changed).
func (a *Areas) Forget() { a.logins = nil }

// Hash is the hash of the logins and keys, for fact.Logins: 1 before
// they are read.
func (a *Areas) Hash() uint64 { return a.hash | 1 }

// Roots are the pages that open an area, by URL.
func (a *Areas) Roots() []*page.Page { return Roots(a.g) }

// Protection is how the host keeps the areas.
func (a *Areas) Protection() string { return cmp.Or(a.cfg.Partners.Protection, Apache) }

func (a *Areas) load() {
	a.logins, a.findings = Read(a.source)
	var h maphash.Hash
	h.SetSeed(seed)
	h.Write(a.logins.Htpasswd())
	a.sealer = nil
	if a.Protection() == Encrypted {
		keys, findings := ReadKeys(a.source)
		a.findings = append(a.findings, findings...)
		h.Write(keys.Bytes())
		if sl, err := NewSealer(keys, a.logins); err != nil && len(a.logins.List) > 0 {
			a.findings.Add(diag.Errorf(KeysFile, 0, "%v", err).
				WithHint("the encrypted area needs each partner's key, which relais partners add makes from their password"))
		} else {
			a.sealer = sl
		}
	}
	a.hash = h.Sum64() | 1
}

// seed seeds the logins' hash, compared between builds of one process.
var seed = maphash.MakeSeed()

// Check tells what keeps the areas from being protected: errors, but
// warnings in a preview (Finding).
func (a *Areas) Check(l *diag.List) {
	roots := a.Roots()
	if len(roots) == 0 {
		return
	}
	if a.logins == nil {
		a.load()
	}
	var fs diag.List
	for _, r := range roots {
		switch {
		case r.InBundle != "":
			fs.Add(diag.Errorf(graph.FileOf(r), r.AccessLine, "this page is part of a bundle (%s), which is published whole: it cannot be for partners alone", r.InBundle).
				WithHint("write access: partners in the bundle's index.md to keep all of it for partners, or move this page out of the bundle"))
		case r.URL == "/":
			fs.Add(diag.Errorf(graph.FileOf(r), r.AccessLine, "the home page cannot be for partners: the whole site would be, and the public would find nothing").
				WithHint("put the partners' pages in a folder of their own, such as content/reseau/, whose _index.md says access: partners"))
		case !strings.HasSuffix(r.URL, "/"):
			fs.Add(diag.Errorf(graph.FileOf(r), r.AccessLine, "a page for partners needs an address that ends with / (a folder the host can protect), not %s", r.URL).
				WithHint("remove its url, or make it end with /"))
		}
	}
	if len(a.logins.List) == 0 {
		fs.Add(diag.Errorf(graph.FileOf(roots[0]), roots[0].AccessLine, "this page is for partners, but no partner has a login yet: nobody could read it").
			WithHint(`add a login for each partner: relais partners add "CIDFF du Rhône" (or in the editor, « Partenaires »)`))
	}
	if a.Protection() == Encrypted && a.sealer == nil && len(a.logins.List) > 0 && len(a.findings) == 0 {
		fs.Add(diag.Errorf(KeysFile, 0, "the encrypted partner area has no key yet").
			WithHint("add the partners with relais partners add (or in the editor): it makes their keys"))
	}
	if a.Protection() == Apache && a.cfg.Partners.HostRoot == "" {
		fs.Add(diag.Errorf(config.File, a.cfg.Partners.Line, "the partner area needs the path of the site's folder on your host, for Apache's password check").
			WithHint(`write it in site.toml: [partners] hostRoot = "/home/…/www" (your host's panel shows it); for nginx write protection = "nginx", for a host that cannot ask for a password protection = "encrypted"`))
	}
	if a.preview {
		fs = append(fs, a.findings...)
	} else {
		l.Add(a.findings...)
	}
	for _, f := range fs {
		l.Add(a.Finding(f))
	}
}

// Finding is f, or f as a warning in a preview, which shows the site to
// her alone.
func (a *Areas) Finding(f *diag.Finding) *diag.Finding {
	if !a.preview {
		return f
	}
	w := *f
	w.Severity = diag.Warning
	return &w
}

// Specs are the files that protect each area on the host: the password
// file, and Apache's .htaccess.
func (a *Areas) Specs() []*incremental.Output {
	var out []*incremental.Output
	prot := a.Protection()
	if prot == Encrypted {
		return nil
	}
	for _, r := range a.Roots() {
		dir := strings.TrimPrefix(r.URL, "/")
		if r.InBundle != "" || !strings.HasSuffix(dir, "/") || dir == "" {
			continue // told by Check
		}
		out = append(out, &incremental.Output{Out: dir + PasswordName, Render: func(rc *record.Render, w *bytes.Buffer) error {
			rc.Fact(fact.Logins)
			w.Write(a.logins.Htpasswd())
			return nil
		}})
		if prot == Apache && a.cfg.Partners.HostRoot != "" {
			out = append(out, &incremental.Output{Out: dir + HtaccessName, Render: func(rc *record.Render, w *bytes.Buffer) error {
				w.Write(Htaccess(a.cfg.Partners.HostRoot, dir))
				return nil
			}})
		}
	}
	return out
}

// Sealed reports an output that Seal encrypts: a page of an area, when
// it is encrypted. A preview shows her pages as she writes them; without
// keys, the build fails (Check says why) and writes nothing.
func (a *Areas) Sealed(sp *incremental.Output) bool {
	return sp.Page != nil && sp.Page.Area != "" && sp.HTML && a.Protection() == Encrypted && a.sealer != nil && !a.preview
}

// Seal encrypts the content of a page of the encrypted area, as its
// output holds it: the browser opens it with a partner's password.
func (a *Areas) Seal(sp *incremental.Output, b []byte) ([]byte, error) {
	return a.sealer.Seal(b, a.cfg.RelURL(sp.Page.URL))
}

// Searched reports an area (by its address) that has a search of its
// own: a section, not encrypted.
func (a *Areas) Searched(url string) bool {
	root := a.g.AtURL(graph.Planning, url)
	return root != nil && root.Kind == page.KindSection && a.Protection() != Encrypted
}

// Nginx are the blocks of nginx.conf that protect the areas.
func (a *Areas) Nginx() []string {
	if a.Protection() == Encrypted {
		return nil
	}
	var out []string
	for _, r := range a.Roots() {
		if strings.HasSuffix(r.URL, "/") && r.InBundle == "" {
			out = append(out, NginxBlock(a.cfg.RelURL(r.URL), headers.Sorted(a.cfg.HTTPS())))
		}
	}
	return out
}
