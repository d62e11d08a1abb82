package builtin

import (
	"os/exec"
	"strings"
	"testing"
)

// TestKindsOnlyHere: the orchestrator, the template views, the editor
// and the checks know the kinds of content only through the registry:
// none of them depends on package kit or package directory, whose only
// caller is this package (and the command line, through it).
func TestKindsOnlyHere(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../site", "../views", "../editor", "../sitecheck", "../layout", "../server").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "relais/internal/kit" || dep == "relais/internal/directory" {
			t.Errorf("%s is a dependency of the orchestrator, the views, the editor or the checks", dep)
		}
	}
}
