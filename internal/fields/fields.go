// Package fields declares the front matter fields of each kind of page:
// their key, what they hold, their label and help, whether they are
// required and what values they may take.
//
// The declarations live beside the decoders that read the fields (page,
// kit, directory), and everything that shows or checks fields comes from
// them: the keys the decoders know, the fields a kit requires, and the
// forms of the editor in relais serve. A field added to a decoder's list
// is a field the form shows.
package fields

import "relais/internal/i18n"

// Kind is what a field holds, which says how a form asks for it and how
// its value is written in front matter.
type Kind int

const (
	Text     Kind = iota // one line of text
	LongText             // a paragraph
	Date                 // a day: 2026-12-02
	Bool                 // yes or no
	List                 // words or short phrases, in a flow list
	Lines                // sentences, one per line (a block list)
	Choice               // one of Choices
	Choices              // some of Choices (Open: or others)
	Phone                // a French phone number
	Email                // an email address
	URL                  // a web address
	Image                // an image with its description (image, alt)
	Steps                // a kit's sequence: steps with a duration
	Number               // a whole number, 0 or more
)

// Def is one field.
type Def struct {
	Key      string
	Kind     Kind
	Label    i18n.Text
	Help     i18n.Text // what to write; may be empty
	Required bool
	// Choices are the values a Choice or Choices field takes.
	Choices []string
	// ChoiceLabels say a choice in words, where its value is a code
	// ("private": « Privée : jamais publiée »); a choice without one is
	// shown as it is written.
	ChoiceLabels map[string]i18n.Text
	// Open lets a Choices field take values not in Choices (tags).
	Open bool
	// Example is a value that is right, shown as a placeholder.
	Example string
	// Confidential marks what a confidential entry (a shelter) never
	// publishes: the form says so beside the field.
	Confidential bool
	// Aliases are other names the field may be written with (the French
	// « debut » for start): the build reads them as the field, the
	// editor writes the one the file already has.
	Aliases []string
	// Confidential choices of a Choice field make the entry confidential
	// (the shelters' types); the site may add some (the form is told).
	ConfidentialChoices []string
}

// ChoiceLabel is how a form shows the choice c of d.
func (d Def) ChoiceLabel(c string) i18n.Text {
	if l, ok := d.ChoiceLabels[c]; ok {
		return l
	}
	return i18n.Raw(c)
}

// Keys are the keys of defs, in order, each followed by its aliases.
func Keys(defs []Def) []string {
	out := make([]string, 0, len(defs))
	for _, d := range defs {
		out = append(out, d.Key)
		out = append(out, d.Aliases...)
	}
	return out
}

// Canonical maps each alias of defs to its field's key.
func Canonical(defs []Def) map[string]string {
	out := map[string]string{}
	for _, d := range defs {
		for _, a := range d.Aliases {
			out[a] = d.Key
		}
	}
	return out
}

// Required are the keys of the fields of defs that are required.
func Required(defs []Def) []string {
	var out []string
	for _, d := range defs {
		if d.Required {
			out = append(out, d.Key)
		}
	}
	return out
}

// Find returns the field of defs with key, and whether there is one.
func Find(defs []Def, key string) (Def, bool) {
	for _, d := range defs {
		if d.Key == key {
			return d, true
		}
	}
	return Def{}, false
}
