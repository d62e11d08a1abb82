// Package sitedata reads a site's data folder: data/numeros.toml is
// .Site.Data.numeros in templates. TOML, YAML and JSON files are read,
// checked against the schema the theme gives for each (layout.Set.
// DataSchema), and every problem is said at its file and line.
package sitedata

import (
	"bytes"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	toml "github.com/pelletier/go-toml/v2"

	"relais/internal/diag"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
	"relais/internal/layout"
)

// Dir holds data files: data/numeros.toml is .Site.Data.numeros in
// templates; a file in a sub-folder is data/sub/name.toml →
// .Site.Data.sub.name.
const Dir = "data"

// Data is what the data folder gives templates.
type Data struct {
	Values map[string]any
	// Hash changes when a data file does; never 0.
	Hash uint64
	// Warnings are what reading found that does not stop a build.
	Warnings diag.List
}

// Load reads every data file of fsys (a site folder), leaving out the
// files and folders ignored says; tpl gives the theme's schemas (nil:
// none). Its
// error is a diag.List (or a Finding) naming each file and line.
func Load(fsys fs.FS, tpl *layout.Set, ignored func(name string) bool) (Data, error) {
	data := map[string]any{}
	h := fnv.New64a()
	var l diag.List
	var files []string
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == Dir {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() && p != Dir && ignored(d.Name()) {
			return fs.SkipDir
		}
		if !d.IsDir() && !ignored(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return Data{}, diag.Errorf(Dir, 0, "cannot read the data folder: %v", i18n.FileErr(err))
	}
	sort.Strings(files)
	from := map[string]string{} // the file that gave each name, "numeros" → data/numeros.toml
	for _, p := range files {
		ext := path.Ext(p)
		if ext != ".toml" && ext != ".yaml" && ext != ".yml" && ext != ".json" {
			continue
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			l.Add(diag.Errorf(p, 0, "cannot read this file: %v", i18n.FileErr(err)))
			continue
		}
		h.Write([]byte(p))
		h.Write(b)
		if ext != ".yaml" && ext != ".yml" {
			if f := frontmatter.CheckNesting(p, b, 1); f != nil {
				l.Add(f)
				continue
			}
		}
		var v any
		switch ext {
		case ".toml":
			var m map[string]any
			if err := toml.Unmarshal(b, &m); err != nil {
				if f := frontmatter.TOMLFinding(p, 1, err); f != nil {
					l.Add(f)
				} else {
					l.Add(diag.Errorf(p, 0, "not valid TOML: %v", err))
				}
				continue
			}
			v = m
		case ".yaml", ".yml":
			var err error
			if v, err = frontmatter.DecodeYAML(p, b); err != nil {
				var limit *diag.Finding
				if errors.As(err, &limit) {
					l.Add(limit)
					continue
				}
				l.Add(frontmatter.DataYAMLFinding(p, err))
				continue
			}
		case ".json":
			dec := json.NewDecoder(bytes.NewReader(b))
			if err := dec.Decode(&v); err != nil {
				var se *json.SyntaxError
				switch {
				case errors.As(err, &se):
					l.Add(diag.Errorf(p, 1+bytes.Count(b[:se.Offset], []byte("\n")), "this JSON cannot be read from this line: a comma, a quote, a bracket or a brace is missing or extra").
						WithHint(`write names and text in double quotes, a comma between values and none after the last: {"nom": "17", "urgent": true}`))
				case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
					l.Add(diag.Errorf(p, 1+bytes.Count(b, []byte("\n")), "this JSON ends before its last value is closed: a ] or a } is missing").
						WithHint("close each [ with ] and each { with }"))
				default:
					l.Add(diag.Errorf(p, 0, "this JSON cannot be read: %v", i18n.FileErr(err)))
				}
				continue
			}
		}
		v = frontmatter.Normalize(v) // dates as time.Time, numbers as int64 and float64
		// data/a/b.toml → data["a"]["b"].
		rel := strings.TrimSuffix(strings.TrimPrefix(p, Dir+"/"), ext)
		if f := checkShape(p, rel, b, v, tpl); f != nil {
			l.Add(f)
			continue
		}
		parts := strings.Split(rel, "/")
		m := data
		for i, part := range parts[:len(parts)-1] {
			if other := from[strings.Join(parts[:i+1], "/")]; other != "" {
				// data/a.toml, then the folder data/a/: files are sorted,
				// so the file always comes first.
				l.Add(diag.Warnf(other, 0, "the folder %s/ beside this file gives .Site.Data.%s too: its files are added to this file's values",
					path.Join(Dir, strings.Join(parts[:i+1], "/")), strings.ReplaceAll(strings.Join(parts[:i+1], "/"), "/", ".")).
					WithHint("rename the file or the folder, so that each gives its own name"))
				delete(from, strings.Join(parts[:i+1], "/"))
			}
			sub, ok := m[part].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[part] = sub
			}
			m = sub
		}
		if other := from[rel]; other != "" {
			l.Add(diag.Errorf(p, 0, "%s gives .Site.Data.%s too: relais would keep only one", other, strings.ReplaceAll(rel, "/", ".")).
				WithHint("keep one of the two files, or rename one"))
			continue
		}
		from[rel] = p
		m[parts[len(parts)-1]] = v
	}
	if len(l.Errors()) > 0 {
		return Data{}, l
	}
	return Data{Values: data, Hash: h.Sum64() | 1, Warnings: l}, nil
}
