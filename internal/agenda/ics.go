package agenda

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one session as a calendar holds it.
type Event struct {
	UID         string
	Stamp       time.Time // when the session last changed
	Sequence    int       // grows at each change, so that calendars update
	Start, End  time.Time
	Summary     string
	Description string
	Location    string
	URL         string
	Status      string // CONFIRMED, TENTATIVE or CANCELLED
}

// WriteICS writes a calendar of events (RFC 5545): times in UTC, lines
// ended by CRLF and folded at 75 octets, text escaped.
func WriteICS(w *bytes.Buffer, name string, events []Event) {
	line := func(s string) { fold(w, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//relais//agenda//FR")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escape(name))
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + escape(e.UID))
		line("DTSTAMP:" + utc(e.Stamp))
		line(fmt.Sprintf("SEQUENCE:%d", e.Sequence))
		line("DTSTART:" + utc(e.Start))
		if !e.End.IsZero() {
			line("DTEND:" + utc(e.End))
		}
		line("SUMMARY:" + escape(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + escape(e.Description))
		}
		if e.Location != "" {
			line("LOCATION:" + escape(e.Location))
		}
		if e.URL != "" {
			line("URL:" + e.URL)
		}
		line("STATUS:" + e.Status)
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escape writes text as iCalendar's TEXT: backslash, semicolon and comma
// escaped, line breaks as \n.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold writes one content line, folded so that no line is longer than 75
// octets, never inside a character: each next part starts with a space.
func fold(w *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the space that starts the next line counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
