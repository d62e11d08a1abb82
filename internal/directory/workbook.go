package directory

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"relais/internal/diag"
	"relais/internal/i18n"
)

// A table is a spreadsheet's first sheet as text: its rows, and where
// each is in the file, for messages.
type table struct {
	rows  [][]string
	lines []int   // each row's number in a workbook, its line in a CSV file
	cols  [][]int // in a CSV file, the character each cell starts at
}

func (t *table) add(row []string, line int) {
	t.rows = append(t.rows, row)
	t.lines = append(t.lines, line)
}

// pos is where cell col of row i is: its row and column numbers in a
// workbook, its line and character in a CSV file.
func (t *table) pos(i, col int) (int, int) {
	if t.cols != nil && col < len(t.cols[i]) {
		return t.lines[i], t.cols[i][col]
	}
	return t.lines[i], col + 1
}

// MaxCells bounds what a workbook may hold: a sheet of partners has
// hundreds of cells, not millions. Cells are counted as declared, before
// they are made: an ODS cell may say it is repeated a billion times.
const MaxCells = 1_000_000

// MaxRows bounds the partners of one spreadsheet: a directory has
// hundreds, and each row becomes a page.
const MaxRows = 10_000

// MaxCellText is the most characters a cell may hold (Excel's own limit).
const MaxCellText = 32_767

func tooManyCells(file string, line int) *diag.Finding {
	return diag.Errorf(file, line, "the first sheet has more than %d cells", MaxCells).
		WithHint("keep only the partners on the first sheet")
}

func tooManyRows(file string, line int) *diag.Finding {
	return diag.Errorf(file, line, "the first sheet has more than %d rows", MaxRows).
		WithHint("a sheet of partners has one row per partner: keep only the partners on the first sheet")
}

func tooLongCell(file string, line, col int) *diag.Finding {
	return (&diag.Finding{File: file, Line: line, Col: col}).Say("a cell holds more than %d characters", MaxCellText).
		WithHint("a cell holds a name, a number or a few sentences: shorten it")
}

// MaxUnzipped is the most a workbook may unzip to.
const MaxUnzipped = 64 << 20

// limited reads r up to left bytes, then fails.
type limited struct {
	r    io.Reader
	left int64
}

func (l *limited) Read(b []byte) (int, error) {
	if l.left <= 0 {
		return 0, i18n.Errorf("its sheets unzip to more than %d MB", MaxUnzipped>>20)
	}
	if int64(len(b)) > l.left {
		b = b[:l.left]
	}
	n, err := l.r.Read(b)
	l.left -= int64(n)
	return n, err
}

// readXLSX reads the first sheet of an Excel workbook (.xlsx). Cells are
// read as stored, not as shown: a date is Excel's serial number (which
// FrenchDate reads), a number its digits.
func readXLSX(file string, data []byte) (table, *diag.Finding) {
	// A sheet of partners unzips to a few MB: a file that would unzip to
	// more (a zip bomb) is refused before it fills the memory.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxUnzipped / 4})
	if err != nil {
		return table{}, diag.Errorf(file, 0, "this Excel file cannot be read (%v)", err).
			WithHint("open it in Excel or LibreOffice and save it again as .xlsx, with only the partners in it")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return table{}, diag.Errorf(file, 0, "this Excel file has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return table{}, diag.Errorf(file, 0, "this Excel file cannot be read (%v)", err)
	}
	defer rows.Close()
	var t table
	cells := 0
	for rows.Next() {
		r, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return table{}, diag.Errorf(file, len(t.rows)+1, "this row cannot be read (%v)", err)
		}
		if cells += len(r); cells > MaxCells {
			return table{}, tooManyCells(file, len(t.rows)+1)
		}
		if len(t.rows) > MaxRows {
			return table{}, tooManyRows(file, len(t.rows)+1)
		}
		for c, v := range r {
			if len(v) > MaxCellText {
				return table{}, tooLongCell(file, len(t.rows)+1, c+1)
			}
		}
		t.add(r, len(t.rows)+1)
	}
	return t, nil
}

// readODS reads the first sheet of an OpenDocument spreadsheet (.ods,
// LibreOffice's own format): content.xml in its zip. A date cell gives
// its ISO date, a number its value; repeated empty rows and columns, which
// LibreOffice writes to the end of the sheet, are not made, and empty
// cells between others keep the later cells in their columns. Repeats
// are counted against MaxCells and MaxRows before anything is made.
func readODS(file string, data []byte) (table, *diag.Finding) {
	bad := func(err error) (table, *diag.Finding) {
		return table{}, diag.Errorf(file, 0, "this LibreOffice file cannot be read (%v)", err).
			WithHint("open it in LibreOffice and save it again as .ods")
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return bad(err)
	}
	var content *zip.File
	for _, f := range z.File {
		if f.Name == "content.xml" {
			content = f
		}
	}
	if content == nil {
		return bad(errors.New("no content.xml"))
	}
	if content.UncompressedSize64 > MaxUnzipped {
		return bad(i18n.Errorf("its sheets unzip to more than %d MB", MaxUnzipped>>20))
	}
	rc, err := content.Open()
	if err != nil {
		return bad(err)
	}
	defer rc.Close()
	// The size in the zip's header may lie: past the limit, the reader
	// fails, never stops short and silently.
	dec := xml.NewDecoder(&limited{r: rc, left: MaxUnzipped})
	const tableNS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	const officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	const textNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	var t table
	n := 0 // the sheet's rows so far
	var row []string
	empties := 0 // empty cells not made yet: made only if a value follows
	var cell strings.Builder
	var cellValue string
	inCell, paras, tables, cells := false, 0, 0, 0
	repeat := func(attrs []xml.Attr, space, name string) int {
		for _, a := range attrs {
			if a.Name.Space == space && a.Name.Local == name {
				if n, err := strconv.Atoi(a.Value); err == nil && n > 0 {
					return min(n, 1<<30) // beyond any limit, and no overflow
				}
			}
		}
		return 1
	}
	var rowRepeat, cellRepeat int
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return bad(err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch {
			case el.Name.Space == tableNS && el.Name.Local == "table":
				tables++
				if tables > 1 {
					return t, nil // the first sheet only
				}
			case el.Name.Space == tableNS && el.Name.Local == "table-row":
				row, empties, rowRepeat = nil, 0, repeat(el.Attr, tableNS, "number-rows-repeated")
			case el.Name.Space == tableNS && (el.Name.Local == "table-cell" || el.Name.Local == "covered-table-cell"):
				inCell, paras = true, 0
				cell.Reset()
				cellValue = ""
				cellRepeat = repeat(el.Attr, tableNS, "number-columns-repeated")
				var kind, value, date string
				for _, a := range el.Attr {
					if a.Name.Space != officeNS {
						continue
					}
					switch a.Name.Local {
					case "value-type":
						kind = a.Value
					case "value":
						value = a.Value
					case "date-value":
						date = a.Value
					}
				}
				switch kind {
				case "date":
					cellValue, _, _ = strings.Cut(date, "T")
				case "float", "percentage", "currency":
					cellValue = value
				}
			case inCell && el.Name.Space == officeNS && el.Name.Local == "annotation":
				// A comment on the cell is not its value.
				if err := dec.Skip(); err != nil {
					return bad(err)
				}
			case inCell && el.Name.Space == textNS && el.Name.Local == "p":
				if paras > 0 {
					cell.WriteByte('\n')
				}
				paras++
			case inCell && el.Name.Space == textNS && el.Name.Local == "s":
				c := repeat(el.Attr, textNS, "c")
				if cell.Len()+c > MaxCellText {
					return table{}, tooLongCell(file, n+1, len(row)+empties+1)
				}
				cell.WriteString(strings.Repeat(" ", c))
			case inCell && el.Name.Space == textNS && el.Name.Local == "tab":
				cell.WriteByte('\t')
			case inCell && el.Name.Space == textNS && el.Name.Local == "line-break":
				cell.WriteByte('\n')
			}
		case xml.CharData:
			if inCell {
				if cell.Len()+len(el) > MaxCellText {
					return table{}, tooLongCell(file, n+1, len(row)+empties+1)
				}
				cell.Write(el)
			}
		case xml.EndElement:
			switch {
			case el.Name.Space == tableNS && (el.Name.Local == "table-cell" || el.Name.Local == "covered-table-cell"):
				inCell = false
				v := cellValue
				if v == "" {
					v = cell.String()
				}
				if v == "" {
					// Empty cells are made only when a value follows
					// them: those to the end of the row (LibreOffice
					// writes a thousand) never are.
					empties = min(empties+cellRepeat, MaxCells+1)
					break
				}
				if cells += empties + cellRepeat; cells > MaxCells {
					return table{}, tooManyCells(file, n+1)
				}
				for range empties {
					row = append(row, "")
				}
				for range cellRepeat {
					row = append(row, v)
				}
				empties = 0
			case el.Name.Space == tableNS && el.Name.Local == "table-row":
				if len(row) == 0 {
					n += rowRepeat // empty rows, often to the end of the sheet
					continue
				}
				if len(t.rows)+rowRepeat > MaxRows+1 { // the header, then the partners
					return table{}, tooManyRows(file, n+1)
				}
				if cells += len(row) * (rowRepeat - 1); cells > MaxCells {
					return table{}, tooManyCells(file, n+1)
				}
				for range rowRepeat {
					n++
					t.add(row, n)
				}
			}
		}
	}
	if tables == 0 {
		return bad(i18n.Errorf("no sheet"))
	}
	return t, nil
}

// WriteXLSX writes entries as an Excel workbook, in the columns of the CSV
// export: every cell text (a formula is never one), so that it can be
// read back unchanged.
func WriteXLSX(w io.Writer, entries []Entry) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Partenaires"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	write := func(row int, cells []string) error {
		for c, v := range cells {
			ref, err := excelize.CoordinatesToCellName(c+1, row)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, ref, v); err != nil {
				return err
			}
		}
		return nil
	}
	if err := write(1, CSVHeader); err != nil {
		return err
	}
	for i, e := range entries {
		if err := write(i+2, e.record()); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// templateColumns are the columns of the spreadsheet relais new partners
// writes: the header a worker reads, what to write, and an example.
var templateColumns = []struct{ header, note, example string }{
	{"Nom", "Le nom de la structure, tel qu’il sera affiché. Obligatoire.", "CIDFF du Rhône (exemple)"},
	{"Type", "Le type de structure : ASSO, CIDFF, CCAS, CHRS, MECS, avocat, juriste…", "CIDFF"},
	{"Description", "Ce que la structure fait pour les personnes, en une ou deux phrases.", "Informe sur les droits des femmes et des familles."},
	{"Téléphone", "Un ou plusieurs numéros, séparés par « ; ». Mettez la colonne au format Texte : sinon Excel retire le 0 du début.", "04 78 00 00 00"},
	{"Courriel", "L’adresse électronique de contact.", "contact@exemple.org"},
	{"Site web", "L’adresse du site, avec https://.", "https://exemple.org/"},
	{"Adresse", "Numéro et rue. Jamais pour un hébergement (CHRS, foyer) : son adresse n’est pas publiée.", "1 rue de l’Exemple"},
	{"Code postal", "Cinq chiffres, au format Texte.", "69001"},
	{"Commune", "La ville.", "Lyon"},
	{"Horaires", "Les horaires d’accueil, en clair.", "Lu-Ve 9h-12h30, 13h30-17h"},
	{"Publics", "Les personnes accueillies, séparées par « ; ».", "femmes; familles"},
	{"Territoire", "La zone où elle intervient.", "Lyon"},
	{"Modes d’accueil", "en-presentiel, a-distance, séparés par « ; ».", "en-presentiel"},
	{"Frais", "gratuit ou payant.", "gratuit"},
	{"Langues", "Les langues parlées, séparées par « ; ».", "français; arabe"},
	{"Vérifié le", "La date où vous avez vérifié ces informations, jj/mm/aaaa. Obligatoire : relais signale les fiches de plus d’un an.", "26/11/2026"},
	{"Visibilité", "Laissez vide pour publier ; « privé » garde la ligne hors du site.", ""},
	{"Exemple", "« oui » pour une ligne d’exemple, affichée comme telle. Effacez cette ligne d’exemple avant de publier.", "oui"},
}

// NewSheet is where relais new partners writes WriteTemplate's
// spreadsheet, in the site folder.
const NewSheet = "content/" + Section + "/partenaires.xlsx"

// WriteTemplate writes a ready-to-fill spreadsheet of partners: the
// columns relais reads with their French names, one example row, and a
// second sheet, « Notes », that says what each column takes.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet, notes = "Partenaires", "Notes"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(notes); err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text, so Excel keeps leading zeros
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
	if err != nil {
		return err
	}
	set := func(sheet string, col, row int, v string, style int) error {
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, ref, v); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, ref, ref, style)
	}
	for i, c := range templateColumns {
		col := i + 1
		name, _ := excelize.ColumnNumberToName(col)
		if err := f.SetColStyle(sheet, name, text); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, 22); err != nil {
			return err
		}
		for _, cell := range []struct {
			sheet    string
			col, row int
			v        string
			style    int
		}{{sheet, col, 1, c.header, bold}, {sheet, col, 2, c.example, text},
			{notes, 1, i + 2, c.header, bold}, {notes, 2, i + 2, c.note, text}, {notes, 3, i + 2, c.example, text}} {
			if err := set(cell.sheet, cell.col, cell.row, cell.v, cell.style); err != nil {
				return err
			}
		}
	}
	for i, h := range []string{"Colonne", "Ce qu’on y écrit", "Exemple"} {
		if err := set(notes, i+1, 1, h, bold); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(notes, "A", "A", 20); err != nil {
		return err
	}
	if err := f.SetColWidth(notes, "B", "B", 90); err != nil {
		return err
	}
	if err := f.SetColWidth(notes, "C", "C", 30); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.Write(w)
}
