package site

import "relais/internal/sitedata"

// DataDir holds data files (package sitedata).
const DataDir = sitedata.Dir

// loadData reads every data file (package sitedata). Findings name the
// file and line.
func (s *Site) loadData() error {
	d, err := sitedata.Load(s.opts.Source, s.theme.Set, Ignored)
	if err != nil {
		return err
	}
	s.data = &d
	return nil
}
