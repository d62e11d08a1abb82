package site

import (
	"regexp"
	"strings"
	"testing"

	"relais"
	"relais/internal/builtin"
)

// TestAccessibilityStatement: the statement and every page's footer say
// the status that follows from site.toml, never one that is claimed; the
// settings' mistakes are reported at their line.
func TestAccessibilityStatement(t *testing.T) {
	base := map[string]string{
		"content/articles/a.md": "---\ntitle: A\n---\nTexte.\n",
	}
	for _, tc := range []struct {
		name     string
		settings string
		status   string
		page     []string // in the statement
		err      string
	}{
		{"no settings", "", "non conforme", []string{"car il n’a pas encore fait l’objet d’un audit de conformité", "Défenseur des droits"}, ""},
		{"audited, partial", "auditDate = 2026-10-15\nauditor = \"Cabinet Exemple\"\nrate = 78.5\nemail = \"iscg@example.org\"\n" +
			"nonConformities = [\"Le plan du quartier n’a pas d’alternative.\"]\n",
			"partiellement conforme", []string{"réalisé le 15 octobre 2026 par Cabinet Exemple révèle que 78,5\u00a0% des critères du RGAA version 4.1.2",
				"en raison des non-conformités", "<li>Le plan du quartier n’a pas d’alternative.</li>", `href="mailto:iscg@example.org"`,
				"établie le 15 octobre 2026"}, ""},
		{"audited, full", "auditDate = 2026-10-15\nauditor = \"Audit interne\"\nrate = 100\ncontact = \"/me-rencontrer/\"\n",
			"totalement conforme", []string{`href="/me-rencontrer/"`}, ""},
		{"audited, under half", "auditDate = 2026-10-15\nauditor = \"Audit interne\"\nrate = 31\n", "non conforme", []string{"31\u00a0% des critères"}, ""},
		{"a rate is no audit", "rate = 100\n", "non conforme", nil, ""},
		{"rate out of range", "email = \"a@example.org\"\nrate = 120\n", "", nil, "site.toml:4: the audit rate 120 is not a percentage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range base {
				files[k] = v
			}
			files["site.toml"] = "title = \"S\"\n"
			if tc.settings != "" {
				files["site.toml"] += "[accessibility]\n" + tc.settings
			}
			dest, _, err := build(t, files, nil)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"index.html", "articles/a/index.html", "accessibilite/index.html", "plan-du-site/index.html"} {
				if !strings.Contains(read(t, dest, p), `<a href="/accessibilite/">Accessibilité`+"\u00a0: "+tc.status+"</a>") {
					t.Errorf("%s: the footer lacks « Accessibilité : %s »", p, tc.status)
				}
			}
			page := read(t, dest, "accessibilite/index.html")
			if !strings.Contains(page, "<strong>"+tc.status+"</strong>") {
				t.Errorf("the statement does not say %s", tc.status)
			}
			for _, w := range tc.page {
				if !strings.Contains(page, w) {
					t.Errorf("the statement lacks %s", w)
				}
			}
		})
	}
}

// TestStatementChecks: relais check says what the statement lacks, and
// that a page of the content in its place does not use its layout.
func TestStatementChecks(t *testing.T) {
	files := map[string]string{
		"site.toml":                "title = \"S\"\n[accessibility]\nrate = 80\n",
		"content/accessibilite.md": "---\ntitle: Accessibilité\n---\nNous sommes conformes.\n",
	}
	s := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: t.TempDir() + "/public", Now: now, Audit: true})
	if _, err := s.Build(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := s.Audit().Error()
	for _, w := range []string{"site.toml:2: warning: the audit lacks auditDate and auditor",
		"site.toml:2: warning: the accessibility statement has no date",
		"site.toml:2: warning: the accessibility statement gives no way to report a problem",
		"content/accessibilite.md:1: warning: this page is the accessibility statement, but it does not use the statement's layout"} {
		if !strings.Contains(got, w) {
			t.Errorf("relais check lacks %q:\n%s", w, got)
		}
	}
}

// TestSiteMapPage: the footer's « Plan du site » is a page of the site,
// with the quick exit, that links to every published page by section;
// a page of the content at its address takes its place.
func TestSiteMapPage(t *testing.T) {
	files := map[string]string{
		"site.toml":                     "title = \"S\"\n[taxonomies]\ntheme = \"themes\"\n",
		"content/_index.md":             "---\ntitle: Accueil\n---\n",
		"content/me-rencontrer.md":      "---\ntitle: Me rencontrer\n---\nTexte.\n",
		"content/articles/_index.md":    "---\ntitle: Articles\n---\n",
		"content/articles/a.md":         "---\ntitle: Un article\nthemes: [Prévention]\n---\nTexte.\n",
		"content/articles/vieux/b.md":   "---\ntitle: Un vieil article\n---\nTexte.\n",
		"content/ateliers/kit/index.md": kitIndex,
		"content/ateliers/kit/guide.md": "---\ntitle: Le guide\n---\nTexte.\n",
		"content/brouillon.md":          "---\ntitle: Brouillon\ndraft: true\n---\nTexte.\n",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(read(t, dest, "articles/a/index.html"), `<a href="/plan-du-site/">Plan du site</a>`) {
		t.Errorf("the footer does not link to the site map page")
	}
	m := read(t, dest, "plan-du-site/index.html")
	if !strings.Contains(m, `class="quick-exit`) || !strings.Contains(m, "<h1>Plan du site</h1>") {
		t.Errorf("the site map page lacks the quick exit or its title")
	}
	// Every page sitemap.xml lists is linked from the site map.
	for _, loc := range regexp.MustCompile(`<loc>https?://[^/]*(/[^<]*)</loc>`).FindAllStringSubmatch(read(t, dest, "sitemap.xml"), -1) {
		if !strings.Contains(m, `href="`+loc[1]+`"`) {
			t.Errorf("the site map page lacks %s", loc[1])
		}
	}
	for _, w := range []string{`href="/ateliers/kit/guide/"`, `href="/articles/vieux/b/"`, `href="/themes/prevention/"`} {
		if !strings.Contains(m, w) {
			t.Errorf("the site map page lacks %s", w)
		}
	}
	if strings.Contains(m, "Brouillon") {
		t.Errorf("the site map page lists a draft")
	}
	files["content/plan-du-site.md"] = "---\ntitle: Tout le site\nlayout: plan-du-site\n---\nVoici tout.\n"
	dest, _, err = build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m := read(t, dest, "plan-du-site/index.html"); !strings.Contains(m, "<h1>Tout le site</h1>") || !strings.Contains(m, `href="/ateliers/kit/guide/"`) {
		t.Errorf("the content's site map page does not take the built-in's place")
	}
}
