package directory

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"relais/internal/diag"
	"relais/internal/frontmatter"
)

// CSVRow is a partner read from a spreadsheet.
type CSVRow struct {
	Name        string
	Description string
	Private     bool // visibility private: never published
	Line        int  // the row's line in the file
	Fields      []frontmatter.Field
}

// listKeys are the columns that hold several values, separated by "|".
var listKeys = map[string]bool{"publics": true, "services": true, "modes_accueil": true, "langues": true, "telephones": true}

// ReadCSV reads partners from a CSV file exported from a spreadsheet:
// UTF-8 with or without a byte order mark, separated by commas or
// semicolons, a header row with the field names (nom, type, telephone…)
// then a partner per row; a visibility column set to private keeps a row
// unpublished. Columns holding several values separate them
// with "|". Findings name file:row:column.
func ReadCSV(file string, data []byte) ([]CSVRow, diag.List) {
	var l diag.List
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		l.Add(csvFinding(file, err))
		return nil, l
	}
	known := map[string]bool{"nom": true, "description": true, "visibility": true}
	for _, k := range Keys {
		known[k] = true
	}
	nameCol := -1
	for i, h := range header {
		h = strings.TrimSpace(strings.ToLower(h))
		header[i] = h
		switch {
		case h == "nom":
			nameCol = i
		case !known[h]:
			f := &diag.Finding{File: file, Line: 1, Col: i + 1, Msg: "unknown column " + h}
			if near := diag.Nearest(h, append([]string{"nom", "description"}, Keys...)); near != "" {
				f.Hint = "did you mean " + near + "?"
			}
			l.Add(f)
		}
	}
	if nameCol < 0 {
		l.Add(diag.Errorf(file, 1, "the first row has no nom column").WithHint("the first row names the columns: nom, type, telephone…"))
		return nil, l
	}
	var rows []CSVRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l.Add(csvFinding(file, err))
			break
		}
		line, _ := r.FieldPos(0)
		if len(strings.Join(rec, "")) == 0 {
			continue // an empty row
		}
		row := CSVRow{Line: line}
		for i, v := range rec {
			if i >= len(header) {
				l.Add(&diag.Finding{File: file, Line: line, Col: i + 1, Msg: "this row has more cells than the first row has columns"})
				break
			}
			v = uncell(strings.TrimSpace(v))
			_, col := r.FieldPos(i)
			if c, bad := frontmatter.BadChar(v, header[i] == "description"); bad {
				l.Add(&diag.Finding{File: file, Line: line, Col: col,
					Msg:  fmt.Sprintf("column %s: the cell holds %s", header[i], frontmatter.CharName(c)),
					Hint: "write the cell on one line, without invisible characters"})
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
			case listKeys[h]:
				var vals []any
				for _, part := range strings.Split(v, "|") {
					if part = strings.TrimSpace(part); part != "" {
						vals = append(vals, part)
					}
				}
				row.Fields = append(row.Fields, frontmatter.Field{Key: h, Value: vals, Line: line, Col: col})
			case h == "exemple":
				row.Fields = append(row.Fields, frontmatter.Field{Key: h, Value: v == "oui" || v == "true" || v == "1", Line: line, Col: col})
			default:
				row.Fields = append(row.Fields, frontmatter.Field{Key: h, Value: v, Line: line, Col: col})
			}
		}
		if row.Name == "" {
			l.Add(&diag.Finding{File: file, Line: line, Col: nameCol + 1, Msg: "this partner has no name (column nom)"})
			continue
		}
		rows = append(rows, row)
	}
	return rows, l
}

func csvFinding(file string, err error) *diag.Finding {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &diag.Finding{File: file, Line: pe.Line, Col: pe.Column, Msg: "the spreadsheet cannot be read: " + pe.Err.Error(),
			Hint: "export it again as CSV (UTF-8), with quotes around cells that hold the separator"}
	}
	return diag.Errorf(file, 0, "the spreadsheet cannot be read: %v", err)
}
