package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-vcard"
	"github.com/xuri/excelize/v2"

	"relais"
	"relais/internal/builtin"
	"relais/internal/directory"
)

func TestPartner(t *testing.T) {
	good := "---\ntitle: CIDFF exemple\ntype: cidff\ntelephone: \"+33 (0)1 99 00 12 34\"\ncourriel: contact@exemple.org\n" +
		"site_web: https://www.exemple.org/\nadresse: 1 rue Exemple\ncode_postal: \"69003\"\ncommune: Lyon\n" +
		"horaires_accueil: \"Mo-Fr 08:30-12:30; PH off\"\nverifie: 2026-10-01\n---\nTexte.\n"
	dest, res, err := build(t, map[string]string{"content/partenaires/cidff.md": good}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	page := read(t, dest, "partenaires/cidff/index.html")
	for _, w := range []string{
		`<dd>CIDFF (droits des femmes et des familles)</dd>`,
		`<a href="tel:&#43;33199001234" dir="ltr">01 99 00 12 34</a>`, // html/template writes + as &#43;
		`<a href="mailto:contact@exemple.org">`,
		`<th scope="row">Lundi</th><td>8` + "\u00a0h\u00a0" + `30 – 12` + "\u00a0h\u00a0" + `30</td>`,
		`<th scope="row">Dimanche</th><td>Fermé</td>`,
		`<th scope="row">Jours fériés</th><td>Fermé</td>`,
		`"@type":"OpeningHoursSpecification","closes":"12:30","dayOfWeek":"Monday","opens":"08:30"`,
		`"telephone":"+33199001234"`,
		`<time datetime="2026-10-01">1er octobre 2026</time>`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %s", w)
		}
	}

	tests := []struct {
		name, fields, want string
	}{
		{"unknown type", "type: jurste\n", `content/partenaires/p.md:3: type: "jurste" is not a known type`},
		{"suggestion", "type: jurste\n", "did you mean juriste?"},
		{"bad phone", "type: ASSO\ntelephone: \"01 23 45\"\n", `content/partenaires/p.md:4: telephone: "01 23 45" is not a French phone number`},
		{"bad e-mail", "type: ASSO\ncourriel: contact.exemple.org\n", `content/partenaires/p.md:4: courriel: "contact.exemple.org" is not an e-mail address`},
		{"shelter address", "type: CHRS\nadresse: 3 rue Secrète\n", "content/partenaires/p.md:4: adresse: a shelter (CHRS) is published by phone only: its address must never be"},
		{"no type", "telephone: \"3919\"\n", "content/partenaires/p.md:1: the partner has no type"},
		{"bad postcode", "type: ASSO\ncode_postal: 6903\n", `code_postal: "6903" is not a postcode`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: P\n" + tt.fields + "verifie: 2026-11-01\n---\n"
			_, _, err := build(t, map[string]string{"content/partenaires/p.md": src}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %q", err, tt.want)
			}
		})
	}

	for name, tt := range map[string]struct{ verifie, want string }{
		"never checked":    {"", "content/partenaires/p.md:1: warning: the entry has no verification date"},
		"checked long ago": {"verifie: 2025-01-01\n", "warning: the entry was last checked on 2025-01-01, more than 12 months ago"},
	} {
		t.Run(name, func(t *testing.T) {
			_, res, err := build(t, map[string]string{"content/partenaires/p.md": "---\ntitle: P\ntype: ASSO\n" + tt.verifie + "---\n"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Error(), tt.want) {
				t.Errorf("warnings = %v, want %q", res.Warnings, tt.want)
			}
		})
	}
}

func TestDirectoryExports(t *testing.T) {
	files := map[string]string{
		"site.toml":                     "baseURL = \"https://example.org/\"\n[directory]\ncsvSemicolon = true\n",
		"content/partenaires/_index.md": "---\ntitle: Partenaires\n---\n",
		"content/partenaires/a.md":      "---\ntitle: CIDFF exemple\ntype: CIDFF\ntelephone: \"01 99 00 12 34\"\nverifie: 2026-11-01\n---\nDroits des femmes.\n",
		"content/partenaires/b.md":      "---\ntitle: Hébergement exemple\ntype: hébergement\ntelephone: \"01 99 00 56 78\"\nverifie: 2026-11-01\n---\nMise à l’abri.\n",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	dec := vcard.NewDecoder(strings.NewReader(read(t, dest, "partenaires/annuaire.vcf")))
	var names []string
	for {
		card, err := dec.Decode()
		if err != nil {
			break
		}
		names = append(names, card.PreferredValue(vcard.FieldFormattedName))
	}
	if strings.Join(names, ",") != "CIDFF exemple,Hébergement exemple" {
		t.Errorf("cards = %v", names)
	}
	one, err := vcard.NewDecoder(strings.NewReader(read(t, dest, "partenaires/a/contact.vcf"))).Decode()
	if err != nil || one.Value(vcard.FieldTelephone) != "tel:+33199001234" || one.Value(vcard.FieldNote) != "Droits des femmes." {
		t.Errorf("partner card: %v %v", one, err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(read(t, dest, "partenaires/annuaire.csv"), "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 3 || recs[2][1] != "hébergement" || recs[1][15] != "https://example.org/partenaires/a/" {
		t.Errorf("CSV: %q %v", recs, err)
	}
	var js []map[string]any
	if err := json.Unmarshal([]byte(read(t, dest, "partenaires/annuaire.json")), &js); err != nil || len(js) != 2 {
		t.Errorf("JSON: %v %v", js, err)
	}
	list := read(t, dest, "partenaires/index.html")
	for _, w := range []string{`href="/partenaires/annuaire.vcf" download`, `href="/partenaires/annuaire.csv" download`, `<a href="/partenaires/a/">CIDFF exemple</a>`} {
		if !strings.Contains(list, w) {
			t.Errorf("list lacks %s", w)
		}
	}
}

func TestDirectoryFilterPages(t *testing.T) {
	files := map[string]string{
		"content/partenaires/_index.md": "---\ntitle: Partenaires\n---\n",
		"content/partenaires/a.md":      "---\ntitle: A\ntype: CIDFF\npublics: [femmes]\nterritoire: Lyon\nlangues: [français, arabe]\nverifie: 2026-11-01\n---\n",
		"content/partenaires/b.md":      "---\ntitle: B\ntype: CCAS\npublics: [femmes, familles]\nterritoire: Lyon\nlangues: [arabe, anglais]\nverifie: 2026-11-01\n---\n",
		"content/partenaires/c.md":      "---\ntitle: C\ntype: CCAS\npublics: [seniors]\nterritoire: Bron\nverifie: 2026-11-01\n---\n",
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	listed := func(rel string) string {
		var names []string
		for _, part := range strings.Split(read(t, dest, rel), `<li class="partner-card"`)[1:] {
			i := strings.Index(part, `/">`)
			names = append(names, part[i+3:i+4])
		}
		return strings.Join(names, "")
	}
	for rel, want := range map[string]string{
		"partenaires/index.html":                 "ABC",
		"partenaires/type/ccas/index.html":       "BC",
		"partenaires/public/femmes/index.html":   "AB",
		"partenaires/territoire/bron/index.html": "C",
		// The languages spoken at their reception.
		"partenaires/langue/arabe/index.html":   "AB",
		"partenaires/langue/anglais/index.html": "B",
	} {
		if got := listed(rel); got != want {
			t.Errorf("%s lists %q, want %q", rel, got, want)
		}
	}
	dir := read(t, dest, "partenaires/index.html")
	for _, w := range []string{`<a href="/partenaires/type/ccas/">Action sociale de la commune (CCAS)</a>`, `<a href="/partenaires/public/seniors/">seniors</a>`,
		`<span class="facet-label">Langues</span> <a href="/partenaires/langue/anglais/">anglais</a> <a href="/partenaires/langue/arabe/">arabe</a>`,
		`<option>arabe</option>`, `data-languages="français|arabe"`} {
		if !strings.Contains(dir, w) {
			t.Errorf("directory lacks the filter link %s", w)
		}
	}
	if f := read(t, dest, "partenaires/type/ccas/index.html"); !strings.Contains(f, `<a href="/partenaires/type/ccas/" aria-current="page">Action sociale de la commune (CCAS)</a>`) ||
		!strings.Contains(f, `href="/partenaires/annuaire.csv"`) {
		t.Errorf("filter page lacks its current link or the exports")
	}
	// Its title names the type in words, not its code.
	if f := read(t, dest, "partenaires/type/ccas/index.html"); !strings.Contains(f, "<h1>Action sociale de la commune (CCAS) · ") ||
		!strings.Contains(f, "<title>Action sociale de la commune (CCAS) · ") {
		t.Errorf("the filter page's title is not the type's name:\n%s", f)
	}
}

func TestDirectorySpreadsheet(t *testing.T) {
	md := "---\ntitle: CIDFF exemple\ntype: CIDFF\nverifie: 2026-11-01\n---\n"
	csvSrc := "\ufeffnom;type;telephone;publics;verifie;description;visibility\n" +
		"CCAS exemple;CCAS;01 99 00 12 34;familles | seniors;2026-11-01;Aide sociale.;\n" +
		"\"Juriste; exemple\";juriste;;femmes;2026-11-01;;\n" +
		"Secret;ASSO;;;2026-11-01;;private\n"
	files := map[string]string{
		"content/partenaires/_index.md":   "---\ntitle: Partenaires\n---\n",
		"content/partenaires/cidff.md":    md,
		"content/partenaires/tableur.csv": csvSrc,
	}
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"partenaires/ccas-exemple/index.html", "partenaires/juriste-exemple/index.html", "partenaires/cidff/index.html"} {
		if !exists(dest, f) {
			t.Errorf("%s not written", f)
		}
	}
	if exists(dest, "partenaires/secret/index.html") || strings.Contains(read(t, dest, "partenaires/annuaire.json"), "Secret") {
		t.Errorf("a private row was published")
	}
	for _, f := range []string{"partenaires/ccas-exemple/contact.vcf", "partenaires/annuaire.xlsx", "partenaires/annuaire.csv", "partenaires/annuaire.json"} {
		if !exists(dest, f) {
			t.Errorf("%s not written", f)
		}
	}
	if exists(dest, "partenaires/tableur.csv") {
		t.Errorf("the spreadsheet was published as a file")
	}
	if p := read(t, dest, "partenaires/ccas-exemple/index.html"); !strings.Contains(p, "01 99 00 12 34") || !strings.Contains(p, "<dd>familles, seniors</dd>") {
		t.Errorf("spreadsheet partner page lacks its phone or publics")
	}
	if js := read(t, dest, "partenaires/annuaire.json"); strings.Count(js, `"nom"`) != 3 {
		t.Errorf("the export does not hold the 3 partners:\n%s", js)
	}
	// A row with a mistake is left out of the directory with a warning
	// (relais check counts it as an error): the rest of the site, and the
	// other rows, are published. A partner that clashes with another stops
	// the build.
	for name, tt := range map[string]struct {
		csv, want string
		left      bool // the row is left out; else the build fails
	}{
		"bad cell":  {"nom,type,telephone\nA,ASSO,01 23\nB,ASSO,01 99 00 12 34\n", `content/partenaires/tableur.csv:2:8: warning: A, column « telephone »: "01 23" is not a French phone number`, true},
		"bad type":  {"nom,type\nA,CDIFF\nB,ASSO\n", `content/partenaires/tableur.csv:2:3: warning: A, column « type »: "CDIFF" is not a known type`, true},
		"duplicate": {"nom,type,verifie\nCIDFF exemple,CIDFF,2026-11-01\n", `content/partenaires/tableur.csv:2: the partner "CIDFF exemple" is already in the directory, in content/partenaires/cidff.md`, false},
	} {
		t.Run(name, func(t *testing.T) {
			f := map[string]string{"content/partenaires/cidff.md": md, "content/partenaires/tableur.csv": tt.csv}
			dest, res, err := build(t, f, nil)
			if !tt.left {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err = %v\nwant %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("one wrong row stopped the build: %v", err)
			}
			if w := res.Warnings.Error(); !strings.Contains(w, tt.want) || !strings.Contains(w, "(this partner is left out of the directory until this is mended)") {
				t.Errorf("warnings:\n%s\nwant %q", res.Warnings, tt.want)
			}
			if exists(dest, "partenaires/a/index.html") || strings.Contains(read(t, dest, "partenaires/annuaire.json"), `"A"`) || !exists(dest, "partenaires/b/index.html") {
				t.Errorf("the wrong row was published, or the right one was not")
			}
			var fails int
			for _, w := range res.Warnings {
				if w.FailsCheck {
					fails++
				}
			}
			if fails != 1 || len(res.Warnings.ForCheck().Errors()) != 1 {
				t.Errorf("relais check would not fail on it: %d", fails)
			}
		})
	}
}

// TestPartnerHours: hours in OpenStreetMap's form or in French give the
// table of days; hours relais cannot read are shown as written, with a
// warning that says what is wrong.
func TestPartnerHours(t *testing.T) {
	dest, res, err := build(t, map[string]string{
		"content/partenaires/a.md": "---\ntitle: A\ntype: ASSO\nhoraires_accueil: \"Lu-Ve 9h-12h30, 13h30-17h\"\nmodes_accueil: [en-presentiel, a-distance]\ndescription: Écoute et conseil.\nverifie: 2026-11-01\n---\n",
		"content/partenaires/b.md": "---\ntitle: B\ntype: ASSO\nhoraires_accueil: \"Mo-Fr 08:30-12:30; Sx 09:00-12:00\"\nverifie: 2026-11-01\n---\n",
		"content/partenaires/c.md": "---\ntitle: C\ntype: ASSO\nhoraires_accueil: sur rendez-vous\nverifie: 2026-11-01\n---\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := read(t, dest, "partenaires/a/index.html")
	for _, w := range []string{"<th scope=\"row\">Lundi</th><td>9\u00a0h – 12\u00a0h\u00a030, 13\u00a0h\u00a030 – 17\u00a0h</td>", "<dd>sur place, à distance</dd>",
		`<p class="partner-description">Écoute et conseil.</p>`} {
		if !strings.Contains(a, w) {
			t.Errorf("partner A lacks %s", w)
		}
	}
	if strings.Contains(a, "contact.csv") || strings.Contains(a, "contact.json") {
		t.Errorf("a partner's page offers CSV or JSON")
	}
	if !strings.Contains(read(t, dest, "partenaires/c/index.html"), "sur rendez-vous</p>") {
		t.Errorf("partner C's hours are not shown as written")
	}
	w := res.Warnings.Error()
	for _, want := range []string{`content/partenaires/b.md:4: warning: horaires_accueil: "Mo-Fr 08:30-12:30; Sx 09:00-12:00" is shown as written: rule 2 « Sx 09:00-12:00 »: « Sx » is not a day`,
		`content/partenaires/c.md:4: warning: horaires_accueil: "sur rendez-vous" is shown as written`} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %s:\n%s", want, w)
		}
	}
}

// TestDirectoryWorkbook: partners in an Excel or LibreOffice workbook are
// published a page each, the workbook never; a mistake names the file,
// row and column, the partner and the column as the sheet names it.
func TestDirectoryWorkbook(t *testing.T) {
	f := excelize.NewFile()
	for i, row := range [][]any{{"Nom de la structure", "Type", "Téléphone", "Vérifié le"},
		{"CCAS exemple", "CCAS", "01 99 00 12 34", "26/11/2026"},
		{"CIDFF du Rhône", "CIDFF", "01 23", "26/11/2026"}} {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", ref, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"content/partenaires/tableur.xlsx": b.String()}
	_, res, err := build(t, files, nil)
	if err != nil || !strings.Contains(res.Warnings.Error(), "content/partenaires/tableur.xlsx:3:3: warning: CIDFF du Rhône, column « Téléphone »: \"01 23\" is not a French phone number") {
		t.Fatalf("error %v, warnings %v", err, res.Warnings)
	}
	if err := f.SetCellStr("Sheet1", "C3", "04 78 00 00 01"); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	files["content/partenaires/tableur.xlsx"] = b.String()
	dest, _, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !exists(dest, "partenaires/cidff-du-rhone/index.html") || !exists(dest, "partenaires/ccas-exemple/index.html") || exists(dest, "partenaires/tableur.xlsx") {
		t.Errorf("the workbook's partners are not published, or the workbook is")
	}
	rows, _ := directory.ReadSheet("annuaire.xlsx", []byte(read(t, dest, "partenaires/annuaire.xlsx")))
	if len(rows) != 2 {
		t.Errorf("the Excel export reads back as %d partners, want 2", len(rows))
	}
}

// TestNationalFormat: the directory is published in data·inclusion's
// format; relais check names the partners it cannot take.
func TestNationalFormat(t *testing.T) {
	files := map[string]string{
		"site.toml": "baseURL = \"https://iscg.example.org/\"\n",
		"content/partenaires/a.md": "---\ntitle: CIDFF du Rhône\ntype: CIDFF\ntelephone: \"04 78 00 00 01\"\nverifie: 2026-11-01\n" +
			"description: Informe les femmes et les familles sur leurs droits, et les accompagne.\n---\n",
		"content/partenaires/b.md": "---\ntitle: Court\ntype: ASSO\ntelephone: \"3919\"\nverifie: 2026-11-01\ndescription: Aide.\n---\n",
	}
	dest := filepath.Join(t.TempDir(), "public")
	s := New(Options{Extensions: builtin.Extensions(), Source: mapFS(files), Theme: relais.Theme(), Dest: dest, Now: now, Audit: true})
	if _, err := s.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	var st []directory.DIStructure
	if err := json.Unmarshal([]byte(read(t, dest, "partenaires/data-inclusion/structures.json")), &st); err != nil || len(st) != 1 ||
		st[0].Source != "iscg.example.org" || st[0].ID != "cidff-du-rhone" {
		t.Errorf("structures.json: %+v (%v)", st, err)
	}
	for _, f := range []string{"services.json", "structures.csv", "services.csv"} {
		if !exists(dest, "partenaires/data-inclusion/"+f) {
			t.Errorf("no %s", f)
		}
	}
	if w := s.Audit().Error(); !strings.Contains(w, "content/partenaires/b.md:1: warning: Court is not in the national format (data·inclusion): its description has 5 characters") {
		t.Errorf("relais check does not name the partner left out:\n%s", w)
	}
}

// TestDirectoryGolden: a directory made from a French CSV export (cp1252
// would read the same) compared with golden files: the directory page,
// a partner's page, and the CSV export.
func TestDirectoryGolden(t *testing.T) {
	files := map[string]string{
		"content/partenaires/_index.md": "---\ntitle: Partenaires\n---\nLes partenaires du territoire.\n",
		"content/partenaires/tableur.csv": "Nom de la structure;Type;Téléphone;Code postal;Commune;Site web;Horaires;Modes d’accueil;Publics;Vérifié le;Description\r\n" +
			"CIDFF du Rhône;CIDFF;04 78 00 00 01 / 06 12 34 56 78;69002;Lyon;https://cidff.example.org/;\"Lu-Ve 9h-12h30, 13h30-17h ; Sa fermé\";en-presentiel;\"femmes, familles\";26/11/2026;Informe sur les droits.\r\n" +
			"Foyer de l’Étape;CHRS;04 78 00 00 02;;;;24h/24;;femmes;26 novembre 2026;Hébergement d’urgence.\r\n",
	}
	dest, res, err := build(t, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	for _, page := range []string{"partenaires/index.html", "partenaires/cidff-du-rhone/index.html", "partenaires/annuaire.csv"} {
		checkGolden(t, "directory_"+strings.ReplaceAll(page, "/", "_"), mainOf(read(t, dest, page)))
	}
}
