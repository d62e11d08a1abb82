package directory

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"relais/internal/i18n"
	"relais/internal/slug"
)

// The national format: data·inclusion's schema, version 1
// (https://github.com/gip-inclusion/data-inclusion-schema), in which
// structures and the services they offer are published for the
// platforms that list them (DORA, Soliguide…). Each partner is a
// structure and one service, « Accueil, information et orientation », of
// type information.
//
// What maps: nom, description, telephone (the first, in E.164), courriel,
// site_web, adresse, code_postal, commune, horaires_accueil (when relais
// read them, in OpenStreetMap's form), date_maj (verifie), modes_accueil,
// frais, publics (those of the schema's list), and the network of some
// types (reseaux_porteurs: CIDFF, CCAS, CHRS, SPIP, PJJ, ASE…). What does
// not: territoire (the schema asks for INSEE codes in zone_eligibilite),
// langues, accessibilite (the schema asks for an Acceslibre link),
// services and types without a network.
//
// The schema asks for a description of 50 to 2,000 characters and a date:
// a partner without them is left out of these files, and DataInclusion
// says which.

// DataInclusionVersion is the version of the schema written.
const DataInclusionVersion = "1"

// networks maps a partner type to data·inclusion's reseaux_porteurs.
var networks = map[string]string{
	"CIDFF": "cidff", "CCAS": "unccas", "CHRS": "chrs", "SPIP": "spip", "PJJ": "pjj", "ASE": "ase",
	"CAF": "caf", "CPAM": "cpam", "France Travail": "france-travail", "Mission locale": "mission-locale",
}

// diPublics are the schema's publics.
var diPublics = []string{"actifs", "beneficiaires-des-minimas-sociaux", "demandeurs-emploi", "etudiants", "familles",
	"femmes", "jeunes", "personnes-en-situation-de-handicap", "personnes-en-situation-durgence",
	"personnes-en-situation-juridique-specifique", "personnes-exilees", "residents-qpv-frr", "seniors"}

// DIStructure is a structure in data·inclusion's schema.
type DIStructure struct {
	Source          string   `json:"source"`
	ID              string   `json:"id"`
	Nom             string   `json:"nom"`
	Description     string   `json:"description"`
	DateMaj         string   `json:"date_maj"`
	Telephone       *string  `json:"telephone"`
	Courriel        *string  `json:"courriel"`
	SiteWeb         *string  `json:"site_web"`
	Adresse         *string  `json:"adresse"`
	CodePostal      *string  `json:"code_postal"`
	Commune         *string  `json:"commune"`
	HorairesAccueil *string  `json:"horaires_accueil"`
	ReseauxPorteurs []string `json:"reseaux_porteurs"`
}

// DIService is a service in data·inclusion's schema.
type DIService struct {
	Source          string   `json:"source"`
	ID              string   `json:"id"`
	StructureID     string   `json:"structure_id"`
	Nom             string   `json:"nom"`
	Description     string   `json:"description"`
	DateMaj         string   `json:"date_maj"`
	Type            string   `json:"type"`
	Telephone       *string  `json:"telephone"`
	Courriel        *string  `json:"courriel"`
	Adresse         *string  `json:"adresse"`
	CodePostal      *string  `json:"code_postal"`
	Commune         *string  `json:"commune"`
	HorairesAccueil *string  `json:"horaires_accueil"`
	ModesAccueil    []string `json:"modes_accueil"`
	Frais           *string  `json:"frais"`
	Publics         []string `json:"publics"`
}

// Left is a partner left out of the national format, and why.
type Left struct {
	Name string
	Why  i18n.Text
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// NationalProblem says why data·inclusion's schema cannot take e; its
// Format is "" when it can.
func NationalProblem(e Entry) i18n.Text {
	switch n := utf8.RuneCountInString(e.Description); {
	case n < 50 || n > 2000:
		return i18n.T("its description has %d characters; the national format asks for 50 to 2,000", n)
	case e.Verified.IsZero():
		return i18n.T("it has no verification date, which the national format asks for")
	case utf8.RuneCountInString(e.Name) < 3 || utf8.RuneCountInString(e.Name) > 150:
		return i18n.T("its name is not 3 to 150 characters long")
	}
	return i18n.Text{}
}

// DataInclusion turns entries into data·inclusion's structures and
// services, source naming the site (its host). A partner the schema
// cannot take is in left.
func DataInclusion(entries []Entry, source string) (structures []DIStructure, services []DIService, left []Left) {
	for _, e := range entries {
		if e.Example {
			continue // an example is no partner
		}
		if why := NationalProblem(e); why.Format != "" {
			left = append(left, Left{e.Name, why})
			continue
		}
		id := slug.Make(e.Name)
		nom := strings.TrimRight(e.Name, ".")
		date := e.Verified.Format("2006-01-02")
		phone := ""
		if len(e.Phones) > 0 {
			phone = e.Phones[0].E164
		}
		hours := ""
		if e.Hours != nil {
			hours = e.HoursText
		}
		st := DIStructure{Source: source, ID: id, Nom: nom, Description: e.Description, DateMaj: date,
			Telephone: opt(phone), Courriel: opt(e.Email), SiteWeb: opt(e.Website), Adresse: opt(e.Address),
			CodePostal: opt(e.PostCode), Commune: opt(e.Town), HorairesAccueil: opt(hours)}
		if nw := networks[e.Type]; nw != "" {
			st.ReseauxPorteurs = []string{nw}
		}
		sv := DIService{Source: source, ID: id + "-accueil", StructureID: id, Nom: "Accueil, information et orientation",
			Description: e.Description, DateMaj: date, Type: "information", Telephone: opt(phone), Courriel: opt(e.Email),
			Adresse: opt(e.Address), CodePostal: opt(e.PostCode), Commune: opt(e.Town), HorairesAccueil: opt(hours)}
		for _, m := range e.Modes {
			if (m == "en-presentiel" || m == "a-distance") && !slices.Contains(sv.ModesAccueil, m) {
				sv.ModesAccueil = append(sv.ModesAccueil, m)
			}
		}
		if e.Cost == "gratuit" || e.Cost == "payant" {
			sv.Frais = opt(e.Cost)
		}
		for _, p := range e.Publics {
			if s := slug.Make(p); slices.Contains(diPublics, s) && !slices.Contains(sv.Publics, s) {
				sv.Publics = append(sv.Publics, s)
			}
		}
		structures = append(structures, st)
		services = append(services, sv)
	}
	return structures, services, left
}

// NationalFiles are the files of the national format WriteNational writes.
var NationalFiles = []string{"structures.json", "services.json", "structures.csv", "services.csv"}

// WriteNational writes one of NationalFiles for entries.
func WriteNational(w io.Writer, name string, entries []Entry, source string) error {
	st, sv, _ := DataInclusion(entries, source)
	switch name {
	case "structures.json":
		return WriteDIJSON(w, st)
	case "services.json":
		return WriteDIJSON(w, sv)
	case "structures.csv":
		return WriteDICSV(w, st)
	case "services.csv":
		return WriteDICSV(w, sv)
	}
	return fmt.Errorf("no national file %q", name)
}

// WriteDIJSON writes structures or services as a JSON array.
func WriteDIJSON[T DIStructure | DIService](w io.Writer, items []T) error {
	if items == nil {
		items = []T{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(items)
}

// WriteDICSV writes structures or services as CSV, with the schema's field
// names as headers (the JSON names, in order) and lists joined by commas,
// as data·inclusion's own CSV files do.
func WriteDICSV[T DIStructure | DIService](w io.Writer, items []T) error {
	var zero T
	rt := reflect.TypeOf(zero)
	header := make([]string, rt.NumField())
	for i := range header {
		header[i], _, _ = strings.Cut(rt.Field(i).Tag.Get("json"), ",")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, it := range items {
		rv := reflect.ValueOf(it)
		row := make([]string, len(header))
		for i := range row {
			switch f := rv.Field(i); f.Kind() {
			case reflect.String:
				row[i] = Cell(f.String())
			case reflect.Pointer:
				if !f.IsNil() {
					row[i] = Cell(f.Elem().String())
				}
			case reflect.Slice:
				parts := make([]string, f.Len())
				for j := range parts {
					parts[j] = Cell(f.Index(j).String())
				}
				row[i] = strings.Join(parts, ",")
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
