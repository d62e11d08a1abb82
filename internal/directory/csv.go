package directory

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	unicode16 "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"relais/internal/diag"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
)

// CSVRow is a partner read from a spreadsheet.
type CSVRow struct {
	Name        string
	Description string
	Private     bool // visibility private: never published
	Line        int  // the row's line in the file
	Fields      []frontmatter.Field
	// Headers are the columns' names as the spreadsheet writes them, by
	// field, for messages.
	Headers map[string]string
}

// splitList splits a cell of several values: separated by "|", ";", "," or
// line breaks, and, for phone numbers, by "/" or " ou " too.
func splitList(v string, phones bool) []any {
	seps := "|;,\n"
	if phones {
		seps += "/"
		v = strings.ReplaceAll(v, " ou ", "/")
	}
	var out []any
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

var frenchMonths = map[string]time.Month{"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
	"aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
	"janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

// FrenchDate reads a date as a French spreadsheet shows it: 26/11/2026,
// 26/11/26, 26-11-2026, 26.11.2026, « 26 novembre 2026 », « 1er nov.
// 2026 », 2026-11-26, or Excel's day number (46352).
func FrenchDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006", "02-01-2006", "02.01.2006", "02/01/06", "2/1/06"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	if n, err := strconv.Atoi(v); err == nil && n > 20000 && n < 80000 {
		// Excel counts days from 30 December 1899.
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), true
	}
	f := strings.Fields(Fold(v))
	if len(f) == 1 {
		f = strings.Split(f[0], "_")
	}
	if len(f) != 3 {
		return time.Time{}, false
	}
	day, err := strconv.Atoi(strings.TrimSuffix(f[0], "er"))
	m, ok := frenchMonths[f[1]]
	year, err2 := strconv.Atoi(f[2])
	if err != nil || err2 != nil || !ok || day < 1 || day > 31 {
		return time.Time{}, false
	}
	if year < 100 {
		year += 2000
	}
	t := time.Date(year, m, day, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == day
}

// listKeys are the columns that hold several values.
var listKeys = map[string]bool{"publics": true, "services": true, "modes_accueil": true, "langues": true, "telephones": true}

// headerNames are the column names each field is known by, beside its own:
// the words a worker writes at the top of her spreadsheet, compared once
// folded (lower case, no accents, spaces and dashes as "_").
var headerNames = map[string][]string{
	"nom":              {"nom_de_la_structure", "structure", "nom_structure", "raison_sociale", "partenaire", "organisme", "name", "nom_du_partenaire"},
	"description":      {"presentation", "missions", "mission", "descriptif"},
	"visibility":       {"visibilite", "diffusion", "publication"},
	"type":             {"typologie", "categorie", "type_de_structure", "type_de_partenaire"},
	"services":         {"service", "thematiques", "thematique", "prestations"},
	"publics":          {"public", "public_accueilli", "publics_accueillis", "public_cible"},
	"territoire":       {"zone", "secteur", "zone_d_intervention", "zone_eligibilite", "territoire_d_intervention"},
	"adresse":          {"adresse_postale", "rue"},
	"code_postal":      {"cp", "codepostal", "code"},
	"commune":          {"ville", "localite"},
	"telephone":        {"tel", "telephones", "numero", "numero_de_telephone", "phone", "portable", "tel_fixe"},
	"courriel":         {"email", "e_mail", "mail", "adresse_mail", "adresse_electronique", "mel", "adresse_e_mail"},
	"site_web":         {"site", "site_internet", "url", "web", "siteweb", "site_web_"},
	"horaires_accueil": {"horaires", "heures_d_ouverture", "ouverture", "horaires_d_ouverture", "horaires_d_accueil"},
	"modes_accueil":    {"mode_d_accueil", "modes_d_accueil", "accueil", "mode_accueil"},
	"frais":            {"cout", "tarif", "tarifs", "prix"},
	"langues":          {"langue", "langues_parlees"},
	"accessibilite":    {"accessibilite_pmr", "acces"},
	"verifie":          {"verifie_le", "date_de_verification", "verification", "date_maj", "mise_a_jour", "derniere_verification", "date_de_mise_a_jour"},
	"exemple":          {"example"},
}

// ignoredColumns are columns the export writes that import has no use for:
// the export can be imported back.
var ignoredColumns = map[string]bool{"page": true}

// columnFor maps a folded header to its field.
var columnFor = func() map[string]string {
	m := map[string]string{}
	for k, names := range headerNames {
		m[k] = k
		for _, n := range names {
			m[n] = k
		}
	}
	for _, k := range Keys {
		m[k] = k
	}
	return m
}()

// columnTitle is the title of a field's column as relais new partners
// writes it (« Code postal » for code_postal), or the field's name.
func columnTitle(key string) string {
	for _, c := range templateColumns {
		if columnFor[Fold(c.header)] == key {
			return c.header
		}
	}
	return key
}

// Fold is how headers are compared: lower case, accents removed, spaces,
// dashes, apostrophes and dots as "_", no "_" at the ends.
func Fold(h string) string {
	var b strings.Builder
	last := byte('_')
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(h))) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			last = 0
		case last != '_':
			b.WriteByte('_')
			last = '_'
		}
	}
	return strings.Trim(b.String(), "_")
}

// DecodeText turns the bytes of a spreadsheet saved as text into UTF-8, as
// Excel and LibreOffice write them: UTF-8 with or without a byte order
// mark, UTF-16 (Excel's « Texte Unicode »), or Windows-1252 (Excel's
// « CSV (séparateur : point-virgule) » on a French Windows). It says which
// it read.
func DecodeText(data []byte) (string, string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return string(data[3:]), "UTF-8"
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		if s, err := unicode16.UTF16(unicode16.LittleEndian, unicode16.ExpectBOM).NewDecoder().Bytes(data); err == nil {
			return string(s), "UTF-16"
		}
	case len(data) >= 4 && data[1] == 0 && data[3] == 0 && data[0] != 0:
		if s, err := unicode16.UTF16(unicode16.LittleEndian, unicode16.IgnoreBOM).NewDecoder().Bytes(data); err == nil {
			return string(s), "UTF-16"
		}
	case len(data) >= 4 && data[0] == 0 && data[2] == 0 && data[1] != 0:
		if s, err := unicode16.UTF16(unicode16.BigEndian, unicode16.IgnoreBOM).NewDecoder().Bytes(data); err == nil {
			return string(s), "UTF-16"
		}
	}
	if utf8.Valid(data) {
		return string(data), "UTF-8"
	}
	s, _ := charmap.Windows1252.NewDecoder().Bytes(data)
	return string(s), "Windows-1252"
}

// separator finds the separator of a spreadsheet's first row: the most
// frequent of ";", "," and tab outside quotes.
func separator(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range text {
		switch {
		case r == '"':
			quoted = !quoted
		case r == '\n' && !quoted:
			best, n := ',', 0
			for _, c := range []rune{';', '\t', ','} {
				if counts[c] > n {
					best, n = c, counts[c]
				}
			}
			return best
		case !quoted && (r == ';' || r == ',' || r == '\t'):
			counts[r]++
		}
	}
	best, n := ',', 0
	for _, c := range []rune{';', '\t', ','} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return best
}

// ReadSheet reads partners from a spreadsheet: an Excel workbook (.xlsx),
// a LibreOffice one (.ods), or a spreadsheet saved as text (.csv, see
// DecodeText for encodings, separated by commas, semicolons or tabs). Its
// first sheet has a header row, then a partner per row. Headers may be
// the field names or the French words for them (« Nom de la structure »,
// « Code postal », « Site web », « Vérifié le »…: see headerNames), in any
// case, with or without accents; unknown columns are warnings naming the
// nearest field; empty columns at the end, and empty rows, are ignored. A
// visibility column set to private or privé keeps a row unpublished.
// Findings name file:row:column (in a CSV file, the line and character).
func ReadSheet(file string, data []byte) ([]CSVRow, diag.List) {
	var t table
	var f *diag.Finding
	switch strings.ToLower(path.Ext(file)) {
	case ".xlsx":
		t, f = readXLSX(file, data)
	case ".ods":
		t, f = readODS(file, data)
	default:
		t, f = readCSV(file, data)
	}
	if f != nil {
		return nil, diag.List{f}
	}
	return readTable(file, &t)
}

// IsSheet reports a spreadsheet ReadSheet reads, by its name.
func IsSheet(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv", ".xlsx", ".ods":
		return true
	}
	return false
}

// readCSV reads a CSV file into a table, every cell's place kept.
func readCSV(file string, data []byte) (table, *diag.Finding) {
	text, _ := DecodeText(data)
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = separator(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	t := table{cols: [][]int{}}
	cells := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return table{}, csvFinding(file, err)
		}
		line, _ := r.FieldPos(0)
		if len(t.rows) > MaxRows {
			return table{}, tooManyRows(file, line)
		}
		cols := make([]int, len(rec))
		for i := range rec {
			_, cols[i] = r.FieldPos(i)
			if len(rec[i]) > MaxCellText {
				return table{}, tooLongCell(file, line, cols[i])
			}
		}
		if cells += len(rec); cells > MaxCells {
			return table{}, tooManyCells(file, line)
		}
		t.add(rec, line)
		t.cols = append(t.cols, cols)
	}
	if len(t.rows) == 0 {
		return table{}, diag.Errorf(file, 0, "the spreadsheet is empty")
	}
	return t, nil
}

// readTable reads the partners of a table.
func readTable(file string, t *table) ([]CSVRow, diag.List) {
	var l diag.List
	if len(t.rows) == 0 {
		l.Add(diag.Errorf(file, 0, "the spreadsheet is empty").
			WithHint("the first row names the columns: nom (or « Nom de la structure »), type, telephone…"))
		return nil, l
	}
	header := slices.Clone(t.rows[0])
	headerLine, _ := t.pos(0, 0)
	written := make(map[string]string, len(header)) // field → header as written
	nameCol := -1
	var names []string
	for k := range columnFor {
		names = append(names, k)
	}
	sort.Strings(names)
	for i, h := range header {
		f := Fold(h)
		key, ok := columnFor[f]
		switch {
		case f == "":
			header[i] = ""
		case ignoredColumns[f]:
			header[i] = ""
		case !ok:
			header[i] = ""
			w := (&diag.Finding{Severity: diag.Warning, File: file, Line: headerLine, Col: i + 1}).
				Say("unknown column « %s »: left out", strings.TrimSpace(h))
			if near := diag.Nearest(f, names); near != "" {
				w.WithHint("did you mean « %s »?", columnTitle(columnFor[near]))
			} else {
				var titles []string
				for _, c := range templateColumns {
					titles = append(titles, "« "+c.header+" »")
				}
				w.WithHint("the columns relais reads are: %s", strings.Join(titles, ", "))
			}
			l.Add(w)
		default:
			header[i] = key
			written[key] = strings.TrimSpace(h)
			if key == "nom" {
				nameCol = i
			}
		}
	}
	if nameCol < 0 {
		l.Add(diag.Errorf(file, headerLine, "the first row has no nom column").
			WithHint("the first row names the columns: nom (or « Nom de la structure »), type, telephone…"))
		return nil, l
	}
	var rows []CSVRow
	for ri := 1; ri < len(t.rows); ri++ {
		rec := t.rows[ri]
		line, _ := t.pos(ri, 0)
		if len(strings.Join(rec, "")) == 0 {
			continue // an empty row
		}
		row := CSVRow{Line: line, Headers: written}
		for i, v := range rec {
			v = uncell(strings.TrimSpace(v))
			if i >= len(header) {
				if v != "" {
					_, col := t.pos(ri, i)
					l.Add((&diag.Finding{File: file, Line: line, Col: col}).Say("this row has more cells than the first row has columns"))
					break
				}
				continue
			}
			if header[i] == "" {
				continue // an unknown or empty column
			}
			_, col := t.pos(ri, i)
			// A line break is text in a description, a separator in a list.
			multiline := header[i] == "description" || listKeys[header[i]] || header[i] == "telephone"
			if c, bad := frontmatter.BadChar(v, multiline); bad {
				l.Add((&diag.Finding{File: file, Line: line, Col: col}).Say("column %s: the cell holds %s", header[i], frontmatter.CharName(c)).
					WithHint("write the cell on one line, without invisible characters"))
				continue
			}
			switch h := header[i]; {
			case h == "nom":
				row.Name = v
			case h == "description":
				row.Description = v
			case h == "visibility":
				private, ok := frontmatter.Visibility(v)
				if !ok && v != "" {
					l.Add((&diag.Finding{File: file, Line: line, Col: col, Msg: fmt.Sprintf("visibility: %q is not a visibility: the row is not published", v)}).
						WithHint("write private (or privé) to keep the row off the site, or public"))
				}
				row.Private = private && v != ""
			case v == "":
			case listKeys[h] || h == "telephone":
				vals := splitList(v, h == "telephone" || h == "telephones")
				if h == "telephone" {
					if len(vals) < 2 {
						row.Fields = append(row.Fields, frontmatter.Field{Key: h, Value: v, Line: line, Col: col})
						break
					}
					h = "telephones" // several numbers in one cell
				}
				row.Fields = append(row.Fields, frontmatter.Field{Key: h, Value: vals, Line: line, Col: col})
			case h == "verifie":
				var val any = v
				if d, ok := FrenchDate(v); ok {
					val = d
				}
				row.Fields = append(row.Fields, frontmatter.Field{Key: h, Value: val, Line: line, Col: col})
			case h == "exemple":
				yes := strings.EqualFold(v, "oui") || strings.EqualFold(v, "true") || v == "1" || strings.EqualFold(v, "x")
				row.Fields = append(row.Fields, frontmatter.Field{Key: h, Value: yes, Line: line, Col: col})
			default:
				row.Fields = append(row.Fields, frontmatter.Field{Key: h, Value: v, Line: line, Col: col})
			}
		}
		if row.Name == "" {
			l.Add((&diag.Finding{File: file, Line: line, Col: nameCol + 1}).Say("this partner has no name (column nom)"))
			continue
		}
		rows = append(rows, row)
	}
	return rows, l
}

func csvFinding(file string, err error) *diag.Finding {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		f := &diag.Finding{File: file, Line: pe.Line, Col: pe.Column}
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			f.Say("the spreadsheet cannot be read from here: a cell opens a quote (\") that is never closed, or holds one alone")
		case errors.Is(pe.Err, csv.ErrBareQuote):
			f.Say("the spreadsheet cannot be read from here: a quote (\") stands inside a cell that does not start with one")
		default:
			f.Say("the spreadsheet cannot be read from here")
		}
		return f.WithHint("export it again as CSV (UTF-8) from Excel or LibreOffice, which put quotes where they belong; or write a quote inside a cell as two (\"\")")
	}
	return diag.Errorf(file, 0, "the spreadsheet cannot be read: %v", i18n.FileErr(err))
}
