package directory

import (
	"fmt"
	"html/template"
	"math/rand"
	"sort"

	"relais/internal/extension"
	"relais/internal/i18n"
	"relais/internal/section"
)

// Extend registers the directory: its section, the view of a partner's
// page ({{ .Ext "partner" }}) and the values the directory's page can
// be filtered by ({{ .Ext "partnerFacets" }}).
func (e Extension) Extend(r *extension.Registry) {
	r.Add(extension.Kind{Section: e, OwnTitle: true,
		Views: map[string]extension.View{"partner": partnerView, "partnerFacets": facetsView},
		// A page of the directory's folder is a partner (its spreadsheets
		// are not edited: extension.Registry.SheetOf).
		Forms: []extension.Form{{Name: "partner", Label: i18n.T("partner"), Match: e.Owns, Fields: Fields, Undated: true, NoTerms: true}},
		Edit:  edit,
	})
}

// View is a directory partner as templates see it
// ({{ .Ext "partner" }}).
type View struct {
	*Partner
	Name   string
	Phones []PhoneView
	Hours  []Row // a French table; nil when no hours are given
	url    string
}

// PhoneView is a phone number ready for a tel: link.
type PhoneView struct {
	Tel    template.URL // tel:+33123456789
	E164   string
	French string // 01 23 45 67 89
}

// partnerView is the directory entry of a page of content/partenaires/,
// or nil.
func partnerView(v extension.PageView, _ section.Plan) any {
	p, ok := v.Extra().(*Partner)
	if !ok || p == nil {
		return nil
	}
	pv := &View{Partner: p, Name: v.Page().Title, url: v.Permalink()}
	for _, ph := range p.Phones {
		pv.Phones = append(pv.Phones, PhoneView{Tel: template.URL(ph.Tel()), E164: ph.E164, French: ph.French()})
	}
	if p.Hours != nil {
		pv.Hours = p.Hours.Table()
	}
	return pv
}

// JSONLD is the partner as schema.org data: an Organization with its
// ContactPoint and OpeningHoursSpecification.
func (pv *View) JSONLD() map[string]any { return JSONLD(pv.Partner, pv.Name, pv.url) }

// Facets are the values the directory can be filtered by.
type Facets struct {
	Types, Publics, Territories []string
	// Languages are the languages spoken at the partners' reception.
	Languages []string
}

// facetsView lists, on the directory page, the types, publics and
// territories of its partners, sorted.
func facetsView(v extension.PageView, _ section.Plan) any {
	var f Facets
	seen := map[string]bool{}
	add := func(list *[]string, kind, val string) {
		if val != "" && !seen[kind+val] {
			seen[kind+val] = true
			*list = append(*list, val)
		}
	}
	for _, pv := range v.Children() {
		p, ok := pv.Extra().(*Partner)
		if !ok {
			continue
		}
		add(&f.Types, "t", p.Type)
		for _, pub := range p.Publics {
			add(&f.Publics, "p", pub)
		}
		add(&f.Territories, "r", p.Territory)
		for _, l := range p.Languages {
			add(&f.Languages, "l", l)
		}
	}
	sort.Strings(f.Languages)
	sort.Strings(f.Types)
	sort.Strings(f.Publics)
	sort.Strings(f.Territories)
	return f
}

// edit changes the directory as the worker would: a partner's page
// written or removed, or the spreadsheet of partners written anew.
func edit(r *rand.Rand, have func(string) bool) (map[string]string, []string, string) {
	if r.Intn(3) == 0 {
		p := "content/" + Section + "/tableur.csv"
		return map[string]string{p: fmt.Sprintf("nom,type,telephone,verifie\nTableur %d,ASSO,01 99 00 13 %02d,2026-10-01\nAutre,CIDFF,01 99 00 14 00,2026-10-01\n",
			r.Intn(5), r.Intn(100))}, nil, "edit spreadsheet"
	}
	p := fmt.Sprintf("content/%s/p%d.md", Section, r.Intn(3))
	if have(p) && r.Intn(3) == 0 {
		return nil, []string{p}, "delete partner " + p
	}
	types := []string{"ASSO", "CIDFF", "avocat"}
	return map[string]string{p: fmt.Sprintf("---\ntitle: Partenaire %d\ntype: %s\ntelephone: \"01 99 00 12 %02d\"\nverifie: 2026-10-01\n---\nTexte.\n",
		r.Intn(5), types[r.Intn(len(types))], r.Intn(100))}, nil, "edit partner " + p
}
