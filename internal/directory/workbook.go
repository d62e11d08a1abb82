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
	r := &odsReader{file: file}
	content, f := r.open(data)
	if f != nil {
		return table{}, f
	}
	defer content.Close()
	// The size in the zip's header may lie: past the limit, the reader
	// fails, never stops short and silently.
	r.dec = xml.NewDecoder(&limited{r: content, left: MaxUnzipped})
	for {
		tok, err := r.dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return table{}, r.bad(err)
		}
		var done bool
		switch el := tok.(type) {
		case xml.StartElement:
			done, f = r.start(el)
		case xml.CharData:
			f = r.chars(el)
		case xml.EndElement:
			f = r.end(el)
		}
		if f != nil {
			return table{}, f
		}
		if done {
			return r.t, nil // the first sheet only
		}
	}
	if r.tables == 0 {
		return table{}, r.bad(i18n.Errorf("no sheet"))
	}
	return r.t, nil
}

// The namespaces of an OpenDocument spreadsheet's content.xml.
const (
	odsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	odsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	odsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

// odsReader reads the first sheet of content.xml, an element at a time.
type odsReader struct {
	file string
	dec  *xml.Decoder
	t    table
	n    int // the sheet's rows so far
	row  []string
	// empties are empty cells not made yet: made only if a value follows.
	empties               int
	cell                  strings.Builder
	cellValue             string
	inCell                bool
	paras, tables, cells  int
	rowRepeat, cellRepeat int
}

func (r *odsReader) bad(err error) *diag.Finding {
	return diag.Errorf(r.file, 0, "this LibreOffice file cannot be read (%v)", err).
		WithHint("open it in LibreOffice and save it again as .ods")
}

// open finds content.xml in the zip, refusing one that unzips too large.
func (r *odsReader) open(data []byte) (io.ReadCloser, *diag.Finding) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, r.bad(err)
	}
	var content *zip.File
	for _, f := range z.File {
		if f.Name == "content.xml" {
			content = f
		}
	}
	if content == nil {
		return nil, r.bad(errors.New("no content.xml"))
	}
	if content.UncompressedSize64 > MaxUnzipped {
		return nil, r.bad(i18n.Errorf("its sheets unzip to more than %d MB", MaxUnzipped>>20))
	}
	rc, err := content.Open()
	if err != nil {
		return nil, r.bad(err)
	}
	return rc, nil
}

// repeat is an element's count attribute (space:name), at least 1.
func repeat(attrs []xml.Attr, space, name string) int {
	for _, a := range attrs {
		if a.Name.Space == space && a.Name.Local == name {
			if n, err := strconv.Atoi(a.Value); err == nil && n > 0 {
				return min(n, 1<<30) // beyond any limit, and no overflow
			}
		}
	}
	return 1
}

// start reads an opening element; done is true at the second sheet.
func (r *odsReader) start(el xml.StartElement) (done bool, f *diag.Finding) {
	switch {
	case el.Name.Space == odsTable && el.Name.Local == "table":
		r.tables++
		return r.tables > 1, nil
	case el.Name.Space == odsTable && el.Name.Local == "table-row":
		r.row, r.empties, r.rowRepeat = nil, 0, repeat(el.Attr, odsTable, "number-rows-repeated")
	case el.Name.Space == odsTable && (el.Name.Local == "table-cell" || el.Name.Local == "covered-table-cell"):
		r.startCell(el)
	case r.inCell && el.Name.Space == odsOffice && el.Name.Local == "annotation":
		// A comment on the cell is not its value.
		if err := r.dec.Skip(); err != nil {
			return false, r.bad(err)
		}
	case r.inCell && el.Name.Space == odsText && el.Name.Local == "p":
		if r.paras > 0 {
			r.cell.WriteByte('\n')
		}
		r.paras++
	case r.inCell && el.Name.Space == odsText && el.Name.Local == "s":
		c := repeat(el.Attr, odsText, "c")
		if r.cell.Len()+c > MaxCellText {
			return false, tooLongCell(r.file, r.n+1, len(r.row)+r.empties+1)
		}
		r.cell.WriteString(strings.Repeat(" ", c))
	case r.inCell && el.Name.Space == odsText && el.Name.Local == "tab":
		r.cell.WriteByte('\t')
	case r.inCell && el.Name.Space == odsText && el.Name.Local == "line-break":
		r.cell.WriteByte('\n')
	}
	return false, nil
}

// startCell begins a cell: a date cell gives its ISO date, a number its
// value; other cells their text.
func (r *odsReader) startCell(el xml.StartElement) {
	r.inCell, r.paras = true, 0
	r.cell.Reset()
	r.cellValue = ""
	r.cellRepeat = repeat(el.Attr, odsTable, "number-columns-repeated")
	var kind, value, date string
	for _, a := range el.Attr {
		if a.Name.Space != odsOffice {
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
		r.cellValue, _, _ = strings.Cut(date, "T")
	case "float", "percentage", "currency":
		r.cellValue = value
	}
}

// chars adds text to the cell being read.
func (r *odsReader) chars(el xml.CharData) *diag.Finding {
	if r.inCell {
		if r.cell.Len()+len(el) > MaxCellText {
			return tooLongCell(r.file, r.n+1, len(r.row)+r.empties+1)
		}
		r.cell.Write(el)
	}
	return nil
}

// end closes a cell (made into the row) or a row (added to the table).
func (r *odsReader) end(el xml.EndElement) *diag.Finding {
	switch {
	case el.Name.Space == odsTable && (el.Name.Local == "table-cell" || el.Name.Local == "covered-table-cell"):
		return r.endCell()
	case el.Name.Space == odsTable && el.Name.Local == "table-row":
		if len(r.row) == 0 {
			r.n += r.rowRepeat // empty rows, often to the end of the sheet
			return nil
		}
		if len(r.t.rows)+r.rowRepeat > MaxRows+1 { // the header, then the partners
			return tooManyRows(r.file, r.n+1)
		}
		if r.cells += len(r.row) * (r.rowRepeat - 1); r.cells > MaxCells {
			return tooManyCells(r.file, r.n+1)
		}
		for range r.rowRepeat {
			r.n++
			r.t.add(r.row, r.n)
		}
	}
	return nil
}

// endCell makes the cell just read, and the empty ones before it.
func (r *odsReader) endCell() *diag.Finding {
	r.inCell = false
	v := r.cellValue
	if v == "" {
		v = r.cell.String()
	}
	if v == "" {
		// Empty cells are made only when a value follows them: those to
		// the end of the row (LibreOffice writes a thousand) never are.
		r.empties = min(r.empties+r.cellRepeat, MaxCells+1)
		return nil
	}
	if r.cells += r.empties + r.cellRepeat; r.cells > MaxCells {
		return tooManyCells(r.file, r.n+1)
	}
	for range r.empties {
		r.row = append(r.row, "")
	}
	for range r.cellRepeat {
		r.row = append(r.row, v)
	}
	r.empties = 0
	return nil
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
