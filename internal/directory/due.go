package directory

import (
	"iter"
	"sort"
	"time"

	"relais/internal/page"
)

// Due is a partner to verify again.
type Due struct {
	Name     string
	File     string
	Line     int
	Verified time.Time // zero: never
}

// DueForVerification lists the partners among pages whose verification
// is older than months at now, or missing, oldest first. Examples are
// never due.
func DueForVerification(pages iter.Seq[*page.Page], now time.Time, months int) []Due {
	maxAge := time.Duration(months) * 30 * 24 * time.Hour
	var out []Due
	for p := range pages {
		pa, ok := p.Extra.(*Partner)
		if !ok || pa.Example || p.Lang != "" || (!pa.Verified.IsZero() && now.Sub(pa.Verified) <= maxAge) {
			continue
		}
		out = append(out, Due{Name: p.Title, File: p.File, Line: max(p.FieldLine("verifie", p.URLLine), 1), Verified: pa.Verified})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Verified.Equal(out[j].Verified) {
			return out[i].Verified.Before(out[j].Verified)
		}
		return out[i].Name < out[j].Name
	})
	return out
}
