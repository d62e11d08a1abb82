package directory

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"relais/internal/boundtest"
	"relais/internal/diag"
	"relais/internal/frontmatter"
	"relais/internal/phone"
)

// sameRows checks that rows read from a workbook are the excelFrench CSV
// sheet's: names, privacy, phones, lists and dates.
func sameRows(t *testing.T, file string, data []byte) []CSVRow {
	t.Helper()
	rows, l := ReadSheet(file, data)
	if len(l) > 0 {
		t.Errorf("%s: findings: %v", file, l)
	}
	if len(rows) != 3 {
		t.Fatalf("%s: %d rows, want 3", file, len(rows))
	}
	if rows[0].Name != "Foyer à l’Étape" || rows[1].Name != "CIDFF du Rhône" || !rows[2].Private || rows[0].Private {
		t.Errorf("%s: rows %q, %q, private %v", file, rows[0].Name, rows[1].Name, rows[2].Private)
	}
	want := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for i, r := range rows {
		p, l := Decode(file, r.Fields, Options{Now: want})
		if len(l.Errors()) > 0 {
			t.Errorf("%s row %d: %v", file, i, l)
		}
		if !p.Verified.Equal(want) {
			t.Errorf("%s row %d: verified %v, want %v", file, i, p.Verified, want)
		}
	}
	p, _ := Decode(file, rows[0].Fields, Options{Now: want})
	if len(p.Phones) != 2 || len(p.Publics) != 2 || p.PostCode != "69003" {
		t.Errorf("%s: phones %v, publics %v, postcode %q", file, p.Phones, p.Publics, p.PostCode)
	}
	return rows
}

// TestReadXLSX reads a workbook as Excel writes it: a date cell (a serial
// number shown as a date), a postcode and a phone typed as numbers, the
// French headers, and errors at their row and column.
func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	sheet := "Feuil1"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	rows := [][]any{
		{"Nom de la structure", "Type", "Téléphone", "Code postal", "Commune", "Site web", "Vérifié le", "Publics", "visibilité"},
		{"Foyer à l’Étape", "ASSO", "04 78 00 00 00 / 06 12 34 56 78", 69003, "Lyon", "https://www.exemple.fr/", time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), "femmes; familles"},
		{"CIDFF du Rhône", "CIDFF", "04 78 00 00 01", 69002, "Lyon", nil, "26/11/26", "femmes"},
		{},
		{"Maison des jeunes", "ASSO", "04 78 00 00 02", 69100, "Villeurbanne", nil, "26 novembre 2026", "jeunes", "privé"},
	}
	for i, r := range rows {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, ref, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCellStyle(sheet, "G2", "G2", date); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	sameRows(t, "partenaires.xlsx", b.Bytes())

	// A row's mistake is at its row and column.
	if err := f.SetCellValue(sheet, "C3", 478000001); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	got, _ := ReadSheet("partenaires.xlsx", b.Bytes())
	_, l := Decode("partenaires.xlsx", got[1].Fields, Options{Now: time.Now()})
	if s := l.Error(); !strings.Contains(s, "partenaires.xlsx:3:3: telephone:") || !strings.Contains(s, "Excel may have removed the leading 0 (0478000001)") {
		t.Errorf("findings %q, want the phone of row 3, column 3, with the leading-zero hint", s)
	}
}

// odsSheet is content.xml as LibreOffice writes it: repeated empty
// columns and rows to the end of the sheet, a date cell, a float cell,
// text:s spaces and two paragraphs in a cell.
const odsSheet = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<office:body><office:spreadsheet><table:table table:name="Feuille1">
<table:table-row><table:table-cell office:value-type="string"><text:p>Nom de la structure</text:p></table:table-cell><table:table-cell><text:p>Type</text:p></table:table-cell><table:table-cell><text:p>Téléphone</text:p></table:table-cell><table:table-cell><text:p>Code postal</text:p></table:table-cell><table:table-cell><text:p>Commune</text:p></table:table-cell><table:table-cell><text:p>Site web</text:p></table:table-cell><table:table-cell><text:p>Vérifié le</text:p></table:table-cell><table:table-cell><text:p>Publics</text:p></table:table-cell><table:table-cell><text:p>visibilité</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1015"/></table:table-row>
<table:table-row><table:table-cell><text:p>Foyer à l’Étape</text:p></table:table-cell><table:table-cell><text:p>ASSO</text:p></table:table-cell><table:table-cell><text:p>04 78 00 00 00</text:p><text:p>06 12 34 56 78</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="69003"><text:p>69003</text:p></table:table-cell><table:table-cell><text:p>Lyon</text:p></table:table-cell><table:table-cell><text:p>https://www.exemple.fr/</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2026-11-26"><text:p>26/11/2026</text:p></table:table-cell><table:table-cell><text:p>femmes;<text:s/>familles</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1016"/></table:table-row>
<table:table-row><table:table-cell><office:annotation><text:p>à rappeler</text:p></office:annotation><text:p>CIDFF du Rhône</text:p></table:table-cell><table:table-cell><text:p>CIDFF</text:p></table:table-cell><table:table-cell><text:p>04 78 00 00 01</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="69002"><text:p>69002</text:p></table:table-cell><table:table-cell><text:p>Lyon</text:p></table:table-cell><table:table-cell/><table:table-cell><text:p>26/11/26</text:p></table:table-cell><table:table-cell><text:p>femmes</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell><text:p>Maison des jeunes</text:p></table:table-cell><table:table-cell><text:p>ASSO</text:p></table:table-cell><table:table-cell><text:p>04 78 00 00 02</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="69100"><text:p>69100</text:p></table:table-cell><table:table-cell><text:p>Villeurbanne</text:p></table:table-cell><table:table-cell/><table:table-cell><text:p>26 novembre 2026</text:p></table:table-cell><table:table-cell><text:p>jeunes</text:p></table:table-cell><table:table-cell><text:p>privé</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table><table:table table:name="Notes"><table:table-row><table:table-cell><text:p>pas un partenaire</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>`

func odsFile(t *testing.T, content string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": content} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadODS reads a LibreOffice sheet, the first one only, without
// making its million empty rows, with the rows numbered as LibreOffice
// shows them.
func TestReadODS(t *testing.T) {
	rows := sameRows(t, "partenaires.ods", odsFile(t, odsSheet))
	if rows[2].Line != 7 {
		t.Errorf("the third partner is on row %d, want 7 (after three empty rows)", rows[2].Line)
	}
	if _, l := ReadSheet("x.ods", []byte("not a zip")); !strings.Contains(l.Error(), "x.ods: this LibreOffice file cannot be read") {
		t.Errorf("a broken file: %v", l)
	}
}

// TestExportRoundTrip: the Excel export reads back as the same partners.
func TestExportRoundTrip(t *testing.T) {
	verified := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	in := []Entry{{Name: "CIDFF du Rhône", URL: "https://example.org/partenaires/cidff/", Partner: &Partner{Type: "CIDFF",
		Phones: []phone.Phone{{E164: "+33478000001"}}, Email: "contact@cidff.example.org", PostCode: "69002", Town: "Lyon",
		Publics: []string{"femmes", "familles"}, Verified: verified, HoursText: "Mo-Fr 09:00-12:00"}}}
	var b bytes.Buffer
	if err := WriteXLSX(&b, in); err != nil {
		t.Fatal(err)
	}
	rows, l := ReadSheet("annuaire.xlsx", b.Bytes())
	if len(l) > 0 || len(rows) != 1 {
		t.Fatalf("%d rows, findings %v", len(rows), l)
	}
	p, l := Decode("annuaire.xlsx", rows[0].Fields, Options{Now: verified})
	if len(l) > 0 || rows[0].Name != "CIDFF du Rhône" || p.Type != "CIDFF" || len(p.Phones) != 1 || p.Phones[0].E164 != "+33478000001" ||
		p.PostCode != "69002" || len(p.Publics) != 2 || !p.Verified.Equal(verified) || p.Hours == nil {
		t.Errorf("read back %q %+v (%v)", rows[0].Name, p, l)
	}
}

// TestTemplate: the spreadsheet of relais new partners reads back with no
// warning as its one example partner, and has its notes sheet.
func TestTemplate(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTemplate(&b); err != nil {
		t.Fatal(err)
	}
	rows, l := ReadSheet("partenaires.xlsx", b.Bytes())
	if len(l) > 0 || len(rows) != 1 {
		t.Fatalf("%d rows, findings %v", len(rows), l)
	}
	p, l := Decode("partenaires.xlsx", rows[0].Fields, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if len(l) > 0 || !p.Example || p.Hours == nil || len(p.Phones) != 1 || p.PostCode != "69001" {
		t.Errorf("the example row: %+v (%v)", p, l)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	notes, err := f.GetRows("Notes")
	if err != nil || len(notes) != len(templateColumns)+1 || !strings.Contains(notes[4][1], "retire le 0") {
		t.Errorf("the notes sheet: %v (%v)", notes, err)
	}
}

func TestFrenchHours(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Lu-Ve 9h-12h30, 13h30-17h", "Mo-Fr 09:00-12:30,13:30-17:00"},
		{"Lu-Ve 9h-12h30, 13h30-17h ; Sa 9h-12h", "Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00"},
		{"du lundi au vendredi de 9 h à 17 h", "Mo-Fr 09:00-17:00"},
		{"lundi, mercredi 14h-18h", "Mo,We 14:00-18:00"},
		{"lundi et jeudi : 9h-12h", ""}, // the colon is not read: kept as text
		{"Lu-Ve 08:30-12:00 ; Sa fermé", "Mo-Fr 08:30-12:00; Sa off"},
		{"24h/24", "24/7"},
		{"7j/7", "24/7"},
		{"24h/24, 7j/7", "24/7"},
		{"sur rendez-vous", ""},
		{"Lu-Ve 9h-25h", ""},
	} {
		got, ok := FrenchHours(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("FrenchHours(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	// Hours the parser cannot read are shown as written, with a warning,
	// never an error.
	_, l := Decode("p.md", []frontmatter.Field{{Key: "horaires_accueil", Value: "sur rendez-vous", Line: 4}}, Options{Now: time.Now()})
	if len(l.Errors()) > 0 || !strings.Contains(l.Warnings().Error(), "p.md:4: warning: horaires_accueil: \"sur rendez-vous\" is shown as written") {
		t.Errorf("findings %v", l)
	}
}

// TestWorkbookBomb: a workbook that would unzip to more than MaxUnzipped
// is refused with an error, quickly and without filling the memory.
func TestWorkbookBomb(t *testing.T) {
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Nom", "Type"})
	var small bytes.Buffer
	if err := f.Write(&small); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(small.Bytes()), int64(small.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var big bytes.Buffer
	zw := zip.NewWriter(&big)
	for _, e := range zr.File {
		w, _ := zw.Create(e.Name)
		r, _ := e.Open()
		_, _ = io.Copy(w, r)
		r.Close()
	}
	w, _ := zw.Create("xl/media/bombe.bin")
	_, _ = w.Write(make([]byte, MaxUnzipped+1))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if _, l := ReadSheet("p.xlsx", big.Bytes()); !strings.Contains(l.Error(), "p.xlsx: this Excel file cannot be read") {
		t.Errorf("findings %v", l)
	}
	// An ODS whose content.xml is larger than that is refused too.
	if _, l := ReadSheet("p.ods", odsFile(t, odsSheet[:len(odsSheet)-60]+strings.Repeat(" ", MaxUnzipped)+odsSheet[len(odsSheet)-60:])); !strings.Contains(l.Error(), "p.ods: this LibreOffice file cannot be read") {
		t.Errorf("ods findings %v", l)
	}
}

// TestLimited: a content.xml longer than its header says fails at the
// limit, never ends short and silently.
func TestLimited(t *testing.T) {
	_, err := io.ReadAll(&limited{r: strings.NewReader("0123456789"), left: 5})
	if err == nil || !strings.Contains(err.Error(), "unzip to more than") {
		t.Errorf("error %v", err)
	}
}

// odsRows is content.xml with the given rows in its one sheet.
func odsRows(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<office:body><office:spreadsheet><table:table table:name="Feuille1">` + rows + `</table:table></office:spreadsheet></office:body></office:document-content>`
}

func odsCells(vals ...string) string {
	var b strings.Builder
	b.WriteString("<table:table-row>")
	for _, v := range vals {
		if strings.HasPrefix(v, "<") {
			b.WriteString(v)
			continue
		}
		b.WriteString("<table:table-cell><text:p>" + v + "</text:p></table:table-cell>")
	}
	b.WriteString("</table:table-row>")
	return b.String()
}

// TestODSEmptyCells: empty cells side by side in a row, which LibreOffice
// writes as one repeated cell, keep the cells after them in their
// columns (a shelter's « Adresse confidentielle ! » was read as its
// verification date).
func TestODSEmptyCells(t *testing.T) {
	two := `<table:table-cell table:number-columns-repeated="2"/>`
	content := odsRows(odsCells("Nom", "Type", "Site web", "Adresse", "Vérifié le", "Publics") +
		odsCells("Foyer", "CHRS", two, "26/11/2026", "femmes") +
		odsCells("CIDFF", two, `<table:table-cell table:number-columns-repeated="3"/>`) +
		odsCells("Mairie", "CCAS", "https://mairie.example/", "1 place", "26/11/2026", "tous"))
	rows, l := ReadSheet("p.ods", odsFile(t, content))
	if len(rows) != 3 {
		t.Fatalf("%d rows (%v)", len(rows), l)
	}
	get := func(r CSVRow, key string) any {
		for _, f := range r.Fields {
			if f.Key == key {
				return f.Value
			}
		}
		return nil
	}
	if got := get(rows[0], "site_web"); got != nil {
		t.Errorf("the shelter's web site is %v, want none", got)
	}
	if got := get(rows[0], "adresse"); got != nil {
		t.Errorf("the shelter's address is %v, want none", got)
	}
	if got, ok := get(rows[0], "verifie").(time.Time); !ok || got.Day() != 26 {
		t.Errorf("the shelter's date is %v", get(rows[0], "verifie"))
	}
	if got := get(rows[0], "publics"); fmt.Sprint(got) != "[femmes]" {
		t.Errorf("the shelter's publics are %v", got)
	}
	if got := get(rows[2], "site_web"); got != "https://mairie.example/" {
		t.Errorf("a full row shifted: %v", got)
	}
}

// TestSheetBombs: a few bytes that declare millions of cells, rows or
// spaces, and large real files, end in a file:row finding, with bounded
// memory, before the memory is spent.
func TestSheetBombs(t *testing.T) {
	head := odsCells("Nom", "Type")
	manyRows := func() string {
		var b strings.Builder
		b.WriteString(head)
		for i := range 200_000 {
			b.WriteString(odsCells(fmt.Sprint("P", i), "ASSO"))
		}
		return b.String()
	}()
	bigXLSX := func() []byte {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		_ = sw.SetRow("A1", []any{"Nom", "Type", "Téléphone", "Commune", "Description"})
		for i := 2; i <= 100_001; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i)
			_ = sw.SetRow(cell, []any{fmt.Sprint("Partenaire ", i), "ASSO", "04 78 00 00 00", "Lyon", "Une association du quartier."})
		}
		_ = sw.Flush()
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}()
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"a cell repeated a billion times", "p.ods", odsFile(t, odsRows(head+odsCells("A", `<table:table-cell table:number-columns-repeated="1000000000"><text:p>x</text:p></table:table-cell>`))),
			"p.ods:2: the first sheet has more than"},
		{"a row repeated a billion times", "p.ods", odsFile(t, odsRows(head+`<table:table-row table:number-rows-repeated="1000000000">`+
			`<table:table-cell><text:p>A</text:p></table:table-cell></table:table-row>`)), "p.ods:2: the first sheet has more than"},
		{"a billion spaces", "p.ods", odsFile(t, odsRows(head+odsCells(`<table:table-cell><text:p>a<text:s text:c="1000000000"/>b</text:p></table:table-cell>`, "ASSO"))),
			"p.ods:2:1: a cell holds more than"},
		{"200,000 rows", "p.ods", odsFile(t, odsRows(manyRows)), "p.ods:10002: the first sheet has more than 10000 rows"},
		{"100,000 rows of Excel", "p.xlsx", bigXLSX, "p.xlsx:10002: the first sheet has more than 10000 rows"},
		{"a 30 MB field", "p.csv", []byte("Nom;Type\n\"" + strings.Repeat("x", 30<<20) + "\";ASSO\n"), "p.csv:2:1: a cell holds more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l diag.List
			boundtest.Alloc(t, 400<<20, "reading "+tt.file, func(context.Context) error {
				_, l = ReadSheet(tt.file, tt.data)
				return nil
			})
			if !strings.Contains(l.Error(), tt.want) {
				t.Errorf("findings: %.500v\nwant %q", l, tt.want)
			}
		})
	}
}

// TestLibreOfficeFiles reads spreadsheets as LibreOffice writes them
// (testdata/make-sheets.sh makes them from partenaires-trous.csv):
// empty cells side by side, dates, postcodes as numbers. Each format
// gives the same partners as the CSV, every value in its column.
func TestLibreOfficeFiles(t *testing.T) {
	read := func(name string) []CSVRow {
		t.Helper()
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		rows, l := ReadSheet(name, b)
		if len(l) > 0 {
			t.Errorf("%s: %v", name, l)
		}
		return rows
	}
	// What a row says, field by field, as the decoder gets it.
	fields := func(r CSVRow) string {
		var parts []string
		for _, f := range r.Fields {
			v := f.Value
			if d, ok := v.(time.Time); ok {
				v = d.Format("2006-01-02")
			}
			parts = append(parts, fmt.Sprintf("%s=%v", f.Key, v))
		}
		return r.Name + ": " + strings.Join(parts, ", ")
	}
	want := read("partenaires-trous.csv")
	if len(want) != 4 {
		t.Fatalf("the CSV gives %d partners", len(want))
	}
	if got := fields(want[0]); got != "Foyer l’Étape: type=CHRS, commune=Lyon, telephone=04 78 00 00 00, verifie=2026-11-26, publics=[femmes]" {
		t.Errorf("the CSV's first partner: %s", got)
	}
	for _, name := range []string{"partenaires-trous.ods", "partenaires-trous.xlsx"} {
		got := read(name)
		if len(got) != len(want) {
			t.Errorf("%s: %d partners, want %d", name, len(got), len(want))
			continue
		}
		for i := range want {
			if g, w := fields(got[i]), fields(want[i]); g != w {
				t.Errorf("%s, partner %d:\n got %s\nwant %s", name, i+1, g, w)
			}
		}
	}
}

// FuzzReadSheet reads any bytes as a CSV, a LibreOffice and an Excel
// spreadsheet: findings, never a panic, and a table within the limits.
func FuzzReadSheet(f *testing.F) {
	for _, name := range []string{"partenaires-trous.csv", "partenaires-trous.ods", "partenaires-trous.xlsx"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(odsRows(odsCells("Nom", `<table:table-cell table:number-columns-repeated="3"/>`, "x"))))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, ext := range []string{"csv", "ods", "xlsx"} {
			rows, _ := ReadSheet("p."+ext, data)
			if len(rows) > MaxRows {
				t.Errorf("%s: %d rows", ext, len(rows))
			}
		}
		// The same bytes as content.xml of an ODS file.
		if len(data) < 1<<20 {
			var b bytes.Buffer
			z := zip.NewWriter(&b)
			w, _ := z.Create("content.xml")
			w.Write(data)
			z.Close()
			_, _ = ReadSheet("p.ods", b.Bytes())
		}
	})
}
