// Package rgaa holds what a site's accessibility statement (déclaration
// d'accessibilité) says, as the French RGAA asks for it, and the
// conformity status that follows from it.
//
// The status is never claimed: it is derived. A site with no audit, or an
// audit without its date, who made it and its rate, is "non conforme", as
// the RGAA says of a site with no valid audit; 100 % of the criteria met is
// "totalement conforme"; at least 50 % is "partiellement conforme"; less
// is "non conforme".
package rgaa

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"relais/internal/i18n"
)

// DefaultVersion is the RGAA version an audit is assumed to follow.
const DefaultVersion = "4.1.2"

// Statement is the [accessibility] table of site.toml.
type Statement struct {
	// Entity is who publishes the site and is answerable for it: "Le
	// service social du commissariat de Lyon".
	Entity string `toml:"entity"`
	// Date is when the statement was written; the audit's date if unset.
	Date time.Time `toml:"date"`
	// AuditDate, Auditor and Rate are the audit: when, by whom (a person,
	// a firm, or "audit interne"), and the share of applicable RGAA
	// criteria met, in percent.
	AuditDate time.Time `toml:"auditDate"`
	Auditor   string    `toml:"auditor"`
	Rate      *float64  `toml:"rate"`
	// Version is the RGAA version of the audit: DefaultVersion if unset.
	Version string `toml:"rgaa"`
	// Pages are the pages the audit checked, Tools what it used (axe-core,
	// NVDA…), Environment the browsers and assistive technologies.
	Pages       []string `toml:"pages"`
	Tools       []string `toml:"tools"`
	Environment []string `toml:"environment"`
	// NonConformities, Derogations (for a disproportionate burden) and
	// Exempt (content not subject to the obligation) are the contents
	// that are not accessible, each in a sentence.
	NonConformities []string `toml:"nonConformities"`
	Derogations     []string `toml:"derogations"`
	Exempt          []string `toml:"exempt"`
	// Email and Contact (the site path or URL of a contact page) are how a
	// reader reports a problem and gets the content in another form.
	Email   string `toml:"email"`
	Contact string `toml:"contact"`
	// Postal is a postal address to write to.
	Postal string `toml:"postal"`
	// Plan is the site path or URL of the multi-year accessibility plan
	// (schéma pluriannuel), for bodies that must publish one.
	Plan string `toml:"plan"`
}

// Status is a conformity status.
type Status string

// The three statuses the RGAA knows.
const (
	NonCompliant Status = "none"
	Partial      Status = "partial"
	Full         Status = "full"
)

// Audited reports an audit the status can rest on: its date, who made it
// and its rate.
func (s *Statement) Audited() bool {
	return !s.AuditDate.IsZero() && s.Auditor != "" && s.Rate != nil
}

// Status is the conformity status the statement supports.
func (s *Statement) Status() Status {
	switch {
	case !s.Audited():
		return NonCompliant
	case *s.Rate >= 100 && len(s.NonConformities) == 0:
		return Full
	case *s.Rate >= 50:
		return Partial
	}
	return NonCompliant
}

// RGAA is the version of the RGAA the statement refers to.
func (s *Statement) RGAA() string {
	if s.Version == "" {
		return DefaultVersion
	}
	return s.Version
}

// Established is the date of the statement: its own, or the audit's.
func (s *Statement) Established() time.Time {
	if !s.Date.IsZero() {
		return s.Date
	}
	return s.AuditDate
}

// RateText is the rate as French writes it ("78,5 %" with a no-break
// space), or "" without one.
func (s *Statement) RateText() string {
	if s.Rate == nil {
		return ""
	}
	t := strings.TrimSuffix(fmt.Sprintf("%.1f", *s.Rate), ".0")
	return strings.Replace(t, ".", ",", 1) + "\u00a0%"
}

// A Problem is something in the statement to fix: Key is the setting it
// is about, Error tells a problem that stops the build.
type Problem struct {
	Key   string
	Error bool
	Msg   i18n.Text
	Hint  i18n.Text
}

// Check lists what is wrong or missing in the statement, given the day
// of the build.
func (s *Statement) Check(now time.Time) []Problem {
	var out []Problem
	add := func(key string, isErr bool, msg, hint i18n.Text) {
		out = append(out, Problem{Key: key, Error: isErr, Msg: msg, Hint: hint})
	}
	if s.Rate != nil && (*s.Rate < 0 || *s.Rate > 100) {
		add("rate", true, i18n.T("the audit rate %v is not a percentage", *s.Rate),
			i18n.T("write the share of RGAA criteria met, from 0 to 100: rate = 78.5"))
	}
	audit := !s.AuditDate.IsZero() || s.Auditor != "" || s.Rate != nil
	if audit && !s.Audited() {
		var missing []string
		if s.AuditDate.IsZero() {
			missing = append(missing, "auditDate")
		}
		if s.Auditor == "" {
			missing = append(missing, "auditor")
		}
		if s.Rate == nil {
			missing = append(missing, "rate")
		}
		add(missing[0], false, i18n.T("the audit lacks %s: the statement says « non conforme » until it has them", join(missing)),
			i18n.T("give the audit's date (auditDate = 2026-10-15), who made it (auditor = \"…\") and its rate (rate = 78.5)"))
	}
	if !s.AuditDate.IsZero() && s.AuditDate.After(now) {
		add("auditDate", false, i18n.T("the audit date %s is in the future", s.AuditDate.Format("2006-01-02")),
			i18n.T("give the day the audit ended"))
	}
	if s.Rate != nil && *s.Rate >= 100 && len(s.NonConformities) > 0 {
		add("nonConformities", false, i18n.T("the rate is 100 %% but non-conformities are listed: the statement says « partiellement conforme »"),
			i18n.T("fix the rate, or remove the non-conformities the audit no longer finds"))
	}
	if s.Established().IsZero() {
		add("date", false, i18n.T("the accessibility statement has no date"),
			i18n.T("add the day it was written under [accessibility], such as date = 2026-10-15"))
	}
	if s.Email == "" && s.Contact == "" && s.Postal == "" {
		add("email", false, i18n.T("the accessibility statement gives no way to report a problem"),
			i18n.T("add email = \"…\", contact = \"/me-rencontrer/\" or postal = \"…\" under [accessibility]: the law asks for one"))
	}
	if s.Email != "" {
		if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email {
			add("email", true, i18n.T("%q is not an e-mail address", s.Email), i18n.T(`write it as email = "nom@example.org"`))
		}
	}
	return out
}

func join(words []string) string {
	switch len(words) {
	case 1:
		return words[0]
	case 2:
		return words[0] + " and " + words[1]
	}
	return words[0] + ", " + join(words[1:])
}
