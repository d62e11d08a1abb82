package editor

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/aymanbagabas/go-udiff"
)

// When the file changed on disk while she was writing (a synchronised
// folder, another program), the conflict screen shows where the two
// versions differ, each difference with the lines around it, and she
// keeps, for each, the disk's lines, hers or both; the rest is common.

// difference is one place where the two versions differ.
type difference struct {
	N      int    // 1, 2…
	Line   int    // where it starts in the version on disk
	Before string // the common lines just before it
	Disk   string // the lines on disk
	Mine   string // her lines
	// Choice is what the screen proposes: keepMine, or what the version
	// the form was made from shows: the disk's lines where only the disk
	// changed them, both where both sides added lines.
	Choice string
	// Changed says who changed these lines since the form was made:
	// keepDisk, keepMine, or "" when it is not known or both did.
	Changed string
}

// context is how many common lines a difference shows before it.
const contextLines = 2

// differences lists where mine differs from disk, line by line.
func differences(disk, mine string) ([]difference, []udiff.Edit) {
	edits := udiff.Lines(disk, mine)
	ds := make([]difference, len(edits))
	for i, e := range edits {
		line := 1
		for _, c := range []byte(disk[:e.Start]) {
			if c == '\n' {
				line++
			}
		}
		start := e.Start
		for n := 0; n < contextLines && start > 0; n++ {
			start = strings.LastIndexByte(disk[:start-1], '\n') + 1
		}
		if i > 0 {
			start = max(start, edits[i-1].End)
		}
		ds[i] = difference{N: i + 1, Line: line, Before: disk[start:e.Start], Disk: disk[e.Start:e.End], Mine: e.New}
	}
	return ds, edits
}

// proposed is differences, each with the choice that keeps what each side
// changed since base, the version the form was made from, where it is
// known ("" if not) and the two sides did not change the same lines.
func proposed(disk, mine, base string) []difference {
	ds, edits := differences(disk, mine)
	for i := range ds {
		ds[i].Choice = keepMine
	}
	if base == "" {
		return ds
	}
	both, ok := udiff.Merge(udiff.Lines(base, disk), udiff.Lines(base, mine))
	if !ok {
		return ds
	}
	result, err := udiff.Apply(base, both)
	if err != nil {
		return ds
	}
	// Walk the merged text along the two versions: between the common
	// parts, which choice gives it.
	pos, from := 0, 0
	for i, e := range edits {
		common := disk[from:e.Start]
		if !strings.HasPrefix(result[pos:], common) {
			break
		}
		pos += len(common)
		next := disk[e.End:]
		if i+1 < len(edits) {
			next = disk[e.End:edits[i+1].Start]
		}
		found := false
		for _, c := range []struct{ choice, text string }{
			{keepMine, e.New}, {keepDisk, disk[e.Start:e.End]}, {keepBoth, withEnd(disk[e.Start:e.End]) + e.New},
		} {
			rest := result[pos:]
			if i+1 == len(edits) && rest == c.text+next || i+1 < len(edits) && strings.HasPrefix(rest, c.text+next) {
				ds[i].Choice, found = c.choice, true
				if c.choice != keepBoth {
					ds[i].Changed = c.choice
				}
				pos += len(c.text)
				break
			}
		}
		if !found {
			break
		}
		from = e.End
	}
	return ds
}

// withEnd is lines that end with a line end, unless empty.
func withEnd(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

// versions are the last versions of files that forms were made from.
type versions struct {
	mu sync.Mutex
	m  map[string]string
}

// maxVersions bounds the versions kept (a page each, at most 64).
const maxVersions = 64

func (v *versions) keep(src []byte) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil {
		v.m = map[string]string{}
	}
	h := sum(src)
	if _, ok := v.m[h]; ok {
		return
	}
	for k := range v.m {
		if len(v.m) < maxVersions {
			break
		}
		delete(v.m, k)
	}
	v.m[h] = string(src)
}

// get is the version whose sum is h, or "".
func (v *versions) get(h string) string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.m[h]
}

// Choices for a difference.
const (
	keepDisk = "disk"
	keepMine = "mine"
	keepBoth = "both"
)

// merged is disk with, for each difference, what form chooses (field
// "d1", "d2"…: keepDisk, keepMine or keepBoth; hers if unsaid).
func merged(disk, mine string, form url.Values) (string, error) {
	_, edits := differences(disk, mine)
	var chosen []udiff.Edit
	for i, e := range edits {
		switch form.Get(fmt.Sprintf("d%d", i+1)) {
		case keepDisk:
		case keepBoth:
			chosen = append(chosen, udiff.Edit{Start: e.Start, End: e.End, New: withEnd(disk[e.Start:e.End]) + e.New})
		default:
			chosen = append(chosen, e)
		}
	}
	return udiff.Apply(disk, chosen)
}
