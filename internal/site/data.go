package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
	toml "github.com/pelletier/go-toml/v2"

	"relais/internal/diag"
	"relais/internal/frontmatter"
	"relais/internal/i18n"
)

// DataDir holds data files: data/numeros.toml is .Site.Data.numeros in
// templates. TOML, YAML and JSON files are read; a file in a sub-folder is
// data/sub/name.toml → .Site.Data.sub.name.
const DataDir = "data"

// loadData reads every data file. Findings name the file and line.
func (s *Site) loadData() error {
	data := map[string]any{}
	h := fnv.New64a()
	var l diag.List
	var files []string
	err := fs.WalkDir(s.opts.Source, DataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == DataDir {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() && p != DataDir && Ignored(d.Name()) {
			return fs.SkipDir
		}
		if !d.IsDir() && !Ignored(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return diag.Errorf(DataDir, 0, "cannot read the data folder: %v", i18n.FileErr(err))
	}
	sort.Strings(files)
	for _, p := range files {
		ext := path.Ext(p)
		if ext != ".toml" && ext != ".yaml" && ext != ".yml" && ext != ".json" {
			continue
		}
		b, err := fs.ReadFile(s.opts.Source, p)
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
				var ye yaml.Error
				if errors.As(err, &ye) && ye.GetToken() != nil {
					pos := ye.GetToken().Position
					l.Add(&diag.Finding{File: p, Line: pos.Line, Col: pos.Column, Msg: "not valid YAML: " + ye.GetMessage()})
				} else {
					l.Add(diag.Errorf(p, 0, "not valid YAML: %v", strings.SplitN(err.Error(), "\n", 2)[0]))
				}
				continue
			}
		case ".json":
			dec := json.NewDecoder(bytes.NewReader(b))
			if err := dec.Decode(&v); err != nil {
				var se *json.SyntaxError
				line := 0
				if errors.As(err, &se) {
					line = 1 + bytes.Count(b[:se.Offset], []byte("\n"))
				}
				l.Add(diag.Errorf(p, line, "not valid JSON: %v", err))
				continue
			}
		}
		v = frontmatter.Normalize(v) // dates as time.Time, numbers as int64 and float64
		// data/a/b.toml → data["a"]["b"].
		rel := strings.TrimSuffix(strings.TrimPrefix(p, DataDir+"/"), ext)
		parts := strings.Split(rel, "/")
		m := data
		for _, part := range parts[:len(parts)-1] {
			sub, ok := m[part].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[part] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = v
	}
	if len(l) > 0 {
		return l
	}
	s.data = data
	s.dataH = h.Sum64() | 1
	return nil
}
