package directory

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
)

// Entry is a partner with what its page says of it.
type Entry struct {
	Name        string
	URL         string // the partner's page, absolute
	Description string
	*Partner
}

// WriteVCards writes entries as vCard 4.0 (RFC 6350): one card each, an
// organisation, with CRLF line ends, escaped values and folded lines.
func WriteVCards(w io.Writer, entries []Entry) error {
	var b strings.Builder
	for _, e := range entries {
		line := func(name, value string) {
			fold(&b, name+":"+value)
		}
		line("BEGIN", "VCARD")
		line("VERSION", "4.0")
		line("KIND", "org")
		line("FN", esc(e.Name))
		line("ORG", escPart(e.Name))
		for _, ph := range e.Phones {
			line("TEL;VALUE=uri;TYPE=work", ph.Tel())
		}
		if e.Email != "" {
			line("EMAIL;TYPE=work", esc(e.Email))
		}
		if e.Website != "" {
			line("URL", e.Website)
		}
		if e.Address != "" {
			line("ADR;TYPE=work", ";;"+escPart(e.Address)+";"+escPart(e.Town)+";;"+escPart(e.PostCode)+";France")
		}
		if e.Description != "" {
			line("NOTE", esc(e.Description))
		}
		if e.Type != "" {
			line("CATEGORIES", esc(e.Type))
		}
		line("SOURCE", e.URL)
		if !e.Verified.IsZero() {
			line("REV", e.Verified.UTC().Format("20060102T150405Z"))
		}
		line("END", "VCARD")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// esc escapes a vCard text value (RFC 6350, 3.4): backslash, comma and
// line breaks, a bare CR included (a reader that splits lines on CR would
// read a new property).
func esc(s string) string {
	return strings.NewReplacer(`\`, `\\`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// Cell neutralises a spreadsheet formula (OWASP's CSV injection advice): a
// cell that starts with =, +, -, @, a tab or a CR gets a leading ', which
// spreadsheets show as text and never run. ReadSheet removes it again.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// uncell undoes Cell.
func uncell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// escPart escapes a component of a compound value (ORG, ADR), where a
// semicolon separates components.
func escPart(s string) string { return strings.ReplaceAll(esc(s), ";", `\;`) }

// fold writes a content line, folded at 75 octets without splitting a
// UTF-8 character, and ended with CRLF.
func fold(b *strings.Builder, line string) {
	n := 0
	for _, r := range line {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
}

// CSVHeader are the columns of the CSV export, data·inclusion's names.
var CSVHeader = []string{"nom", "type", "telephone", "courriel", "site_web", "adresse", "code_postal", "commune",
	"horaires_accueil", "publics", "territoire", "modes_accueil", "frais", "langues", "verifie", "page"}

// record is an entry's cells in the columns of CSVHeader.
func (e Entry) record() []string {
	var phones []string
	for _, ph := range e.Phones {
		phones = append(phones, ph.E164)
	}
	verified := ""
	if !e.Verified.IsZero() {
		verified = e.Verified.Format("2006-01-02")
	}
	return []string{e.Name, e.Type, strings.Join(phones, " | "), e.Email, e.Website, e.Address, e.PostCode, e.Town,
		e.HoursText, strings.Join(e.Publics, " | "), e.Territory, strings.Join(e.Modes, " | "), e.Cost,
		strings.Join(e.Languages, " | "), verified, e.URL}
}

// WriteCSV writes entries as CSV for spreadsheets: UTF-8 with a byte order
// mark (so that Excel reads the accents), separated by sep (',' or ';',
// which French Excel expects).
func WriteCSV(w io.Writer, entries []Entry, sep rune) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = sep
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, e := range entries {
		rec := e.record()
		for i := range rec {
			rec[i] = Cell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes entries as JSON, with data·inclusion's field names.
func WriteJSON(w io.Writer, entries []Entry) error {
	type item struct {
		Nom         string   `json:"nom"`
		Type        string   `json:"type,omitempty"`
		Description string   `json:"description,omitempty"`
		Telephones  []string `json:"telephones,omitempty"`
		Courriel    string   `json:"courriel,omitempty"`
		SiteWeb     string   `json:"site_web,omitempty"`
		Adresse     string   `json:"adresse,omitempty"`
		CodePostal  string   `json:"code_postal,omitempty"`
		Commune     string   `json:"commune,omitempty"`
		Horaires    string   `json:"horaires_accueil,omitempty"`
		Publics     []string `json:"publics,omitempty"`
		Territoire  string   `json:"territoire,omitempty"`
		Modes       []string `json:"modes_accueil,omitempty"`
		Frais       string   `json:"frais,omitempty"`
		Langues     []string `json:"langues,omitempty"`
		Verifie     string   `json:"verifie,omitempty"`
		Exemple     bool     `json:"exemple,omitempty"`
		Page        string   `json:"page"`
	}
	out := make([]item, 0, len(entries))
	for _, e := range entries {
		it := item{Nom: e.Name, Type: e.Type, Description: e.Description, Courriel: e.Email, SiteWeb: e.Website,
			Adresse: e.Address, CodePostal: e.PostCode, Commune: e.Town, Horaires: e.HoursText, Publics: e.Publics,
			Territoire: e.Territory, Modes: e.Modes, Frais: e.Cost, Langues: e.Languages, Exemple: e.Example, Page: e.URL}
		for _, ph := range e.Phones {
			it.Telephones = append(it.Telephones, ph.E164)
		}
		if !e.Verified.IsZero() {
			it.Verifie = e.Verified.Format("2006-01-02")
		}
		out = append(out, it)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
