// Package fact names the site-wide facts an output can be made from
// (every published page's metadata, the publication dates, the menu, the
// data folder, the search index), as typed keys: a render records one
// with record.Render.Fact, and the build gives each its hash through a
// Producers table, so that a fact without a producer is a failed test
// (TestEveryFactHasAProducer in package site), never a silent "never
// rebuilt".
package fact

// Fact is a site-wide fact.
type Fact uint8

// The site-wide facts.
const (
	Pages  Fact = iota + 1 // every published page's metadata
	Dates                  // every regular page's publication date
	Menu                   // the main menu
	Data                   // the content of the data folder
	Search                 // the search index's pages and words
	Logins                 // the partners' logins (package area)
	end
)

// All are the facts, in order.
func All() []Fact {
	out := make([]Fact, 0, end-1)
	for f := Pages; f < end; f++ {
		out = append(out, f)
	}
	return out
}

// String is the fact's name, for messages and tests.
func (f Fact) String() string {
	switch f {
	case Pages:
		return "pages"
	case Dates:
		return "dates"
	case Menu:
		return "menu"
	case Data:
		return "data"
	case Search:
		return "search"
	case Logins:
		return "logins"
	}
	return "?"
}

// Producers give each fact's hash for the build being made: a hash that
// changes when the fact does, never 0 for a fact that is there.
type Producers [end]func() uint64

// Hash is the fact's hash, by its producer; 0 when it has none.
func (p *Producers) Hash(f Fact) uint64 {
	if f >= end || p[f] == nil {
		return 0
	}
	return p[f]()
}
