package site

import (
	"bytes"
	"cmp"
	"hash/maphash"
	"strings"

	"relais/internal/area"
	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/fact"
	"relais/internal/graph"
	"relais/internal/headers"
	"relais/internal/markdown"
	"relais/internal/output"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/searchindex"
)

// The partner area (package area): the graph keeps its pages out of every
// public list; here the build reads the logins, writes what protects each
// area on the host, and checks that no public output shows any of it.

// loadLogins reads the partners' logins again.
func (s *Site) loadLogins() {
	s.logins, s.loginFindings = area.Read(s.opts.Source)
	var h maphash.Hash
	h.SetSeed(hashSeed)
	h.Write(s.logins.Htpasswd())
	s.sealer = nil
	if s.protection() == area.Encrypted {
		keys, findings := area.ReadKeys(s.opts.Source)
		s.loginFindings = append(s.loginFindings, findings...)
		h.Write(keys.Bytes())
		if sl, err := area.NewSealer(keys, s.logins); err != nil && len(s.logins.List) > 0 {
			s.loginFindings.Add(diag.Errorf(area.KeysFile, 0, "%v", err).
				WithHint("the encrypted area needs each partner's key, which relais partners add makes from their password"))
		} else {
			s.sealer = sl
		}
	}
	s.loginsH = h.Sum64() | 1
}

// areaRoots are the pages that open a partner area, by URL.
func (s *Site) areaRoots() []*page.Page { return area.Roots(s.graph) }

// protection is how the host keeps the areas.
func (s *Site) protection() string { return cmp.Or(s.cfg.Partners.Protection, area.Apache) }

// checkAreas tells what keeps the partner areas from being protected:
// errors, but warnings in a preview, which shows the area to her alone.
func (s *Site) checkAreas(l *diag.List) {
	roots := s.areaRoots()
	if len(roots) == 0 {
		return
	}
	if s.logins == nil {
		s.loadLogins()
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
	if len(s.logins.List) == 0 {
		fs.Add(diag.Errorf(graph.FileOf(roots[0]), roots[0].AccessLine, "this page is for partners, but no partner has a login yet: nobody could read it").
			WithHint(`add a login for each partner: relais partners add "CIDFF du Rhône" (or in the editor, « Partenaires »)`))
	}
	if s.protection() == area.Encrypted && s.sealer == nil && len(s.logins.List) > 0 && len(s.loginFindings) == 0 {
		fs.Add(diag.Errorf(area.KeysFile, 0, "the encrypted partner area has no key yet").
			WithHint("add the partners with relais partners add (or in the editor): it makes their keys"))
	}
	if s.protection() == area.Apache && s.cfg.Partners.HostRoot == "" {
		fs.Add(diag.Errorf(config.File, s.cfg.Partners.Line, "the partner area needs the path of the site's folder on your host, for Apache's password check").
			WithHint(`write it in site.toml: [partners] hostRoot = "/home/…/www" (your host's panel shows it); for nginx write protection = "nginx", for a host that cannot ask for a password protection = "encrypted"`))
	}
	if s.opts.Preview {
		fs = append(fs, s.loginFindings...)
	} else {
		l.Add(s.loginFindings...)
	}
	for _, f := range fs {
		l.Add(s.areaFinding(f))
	}
}

// areaFinding is f, or f as a warning in a preview, which shows the
// site to her alone.
func (s *Site) areaFinding(f *diag.Finding) *diag.Finding {
	if !s.opts.Preview {
		return f
	}
	w := *f
	w.Severity = diag.Warning
	return &w
}

// areaSpecs are the files that protect each area on the host: the
// password file, and Apache's .htaccess.
func (s *Site) areaSpecs() []*plannedOutput {
	var out []*plannedOutput
	prot := s.protection()
	if prot == area.Encrypted {
		return nil
	}
	for _, r := range s.areaRoots() {
		dir := strings.TrimPrefix(r.URL, "/")
		if r.InBundle != "" || !strings.HasSuffix(dir, "/") || dir == "" {
			continue // told by checkAreas
		}
		out = append(out, &plannedOutput{Out: dir + area.PasswordName, Render: func(rc *record.Render, w *bytes.Buffer) error {
			rc.Fact(fact.Logins)
			w.Write(s.logins.Htpasswd())
			return nil
		}})
		if prot == area.Apache && s.cfg.Partners.HostRoot != "" {
			out = append(out, &plannedOutput{Out: dir + area.HtaccessName, Render: func(rc *record.Render, w *bytes.Buffer) error {
				w.Write(area.Htaccess(s.cfg.Partners.HostRoot, dir))
				return nil
			}})
		}
	}
	return out
}

// seal encrypts the content of a page of the encrypted area, as its
// output holds it (package area: the browser opens it with a partner's
// password).
func (s *Site) seal(sp *plannedOutput, b []byte) ([]byte, error) {
	return s.sealer.Seal(b, s.cfg.RelURL(sp.Page.URL))
}

// sealed reports an output that seal encrypts: a page of the area, when
// it is encrypted. A preview shows her pages as she writes them; without
// keys, the build fails (checkAreas says why) and writes nothing.
func (s *Site) sealed(sp *plannedOutput) bool {
	return sp.Page != nil && sp.Page.Area != "" && sp.HTML && s.protection() == area.Encrypted && s.sealer != nil && !s.opts.Preview
}

// areaSearchSpecs are the search pages of the areas (at their
// recherche/), which search the area's own index (package searchindex), when the
// site has a search page and the area is not encrypted.
func (s *Site) areaSearchSpecs() []*plannedOutput {
	if !s.search.On() || s.protection() == area.Encrypted {
		return nil
	}
	title := ""
	for p := range s.graph.All(graph.Planning) {
		if p.Layout == searchindex.Layout && p.Area == "" {
			title = p.Title
		}
	}
	var out []*plannedOutput
	for _, r := range s.areaRoots() {
		url := r.URL + "recherche/"
		if !s.areaSearched(r.URL) || s.graph.AtURL(graph.Planning, url) != nil {
			continue
		}
		p := &page.Page{Meta: page.Meta{ID: "area-search:" + r.URL, Kind: page.KindPage, URL: url, Layout: searchindex.Layout,
			Title: title, Area: r.URL, Params: map[string]any{}}}
		p.Num = s.graph.Num(p.ID)
		tpl, f := s.layoutFor(p)
		if f != nil {
			continue // a site's own theme without that layout
		}
		out = append(out, &plannedOutput{Out: outPath(url), Page: p, Tpl: tpl, HTML: true,
			Render: func(rc *record.Render, w *bytes.Buffer) error { return s.renderPage(rc, p, tpl, 0, w) }})
	}
	return out
}

// areaSearched reports an area (by its address) that has a search of its
// own: a section, not encrypted (PageView.AreaSearch).
func (s *Site) areaSearched(a string) bool {
	root := s.graph.AtURL(graph.Planning, a)
	return root != nil && root.Kind == page.KindSection && s.protection() != area.Encrypted
}

// nginxAreas are the blocks of nginx.conf that protect the areas.
func (s *Site) nginxAreas() []string {
	if s.protection() == area.Encrypted {
		return nil
	}
	var out []string
	for _, r := range s.areaRoots() {
		if strings.HasSuffix(r.URL, "/") && r.InBundle == "" {
			out = append(out, area.NginxBlock(s.cfg.RelURL(r.URL), headers.Sorted(s.cfg.HTTPS())))
		}
	}
	return out
}

// checkLeaks reads every public output of the build (keep) as it will
// be published for what of a partner area it would show (package area).
func (s *Site) checkLeaks(tx *output.Tx, keep map[string]bool, l *diag.List) {
	if len(s.areaRoots()) == 0 {
		return
	}
	var source map[string]string // a copied file's output → its file, made once
	l.Add(area.CheckLeaks(area.Build{Graph: s.graph, Config: s.cfg, Outputs: keep, Read: tx.ReadFile,
		Text: func(p *page.Page) string { return area.HTMLText(markdown.Plain(s.blobs.Get(p.Content))) },
		Source: func(out string) string {
			if source == nil {
				source = map[string]string{}
				for p, e := range s.ld.Files {
					if !e.IsPage() && !e.IsMarkdown() {
						source[s.fileOut(p)] = p
					}
				}
			}
			return source[out]
		},
		Encrypted: s.protection() == area.Encrypted, Preview: s.opts.Preview})...)
}
