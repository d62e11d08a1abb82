// Command release makes relais's release archives: one zip per system
// (Windows, macOS and Linux, amd64 and arm64) holding the program, a
// short LISEZMOI in French, relais's LICENSE and LICENCES-TIERCES.txt
// (the licence of every module, font and library built into that
// program, as their licences ask), and a SHA256SUMS file listing them,
// in dist/.
//
//	go run ./scripts/release VERSION
//
// Plain go build, not GoReleaser: six cross-builds and a zip each need
// no tool beyond Go, and every step that makes the archives identical
// from one run to the next is in sight here: -trimpath, no build id,
// CGO off, the commit's time on every entry, entries in a fixed order,
// no user or path of the machine inside. Two runs on the same commit
// give the same bytes (.ci/run checks it).
//
// Signing is off by default: -sign 'CMD' runs CMD on each program
// before it is archived, with {file} replaced by its path (for
// instance osslsigncode for Windows, codesign for macOS, given a
// certificate); see README.md.
package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// targets are the systems released, as GOOS/GOARCH.
var targets = []string{"windows/amd64", "windows/arm64", "darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64"}

const readme = `relais %s

relais fabrique le site de votre service à partir des textes que vous
écrivez dans votre navigateur, et le met en ligne.

Lancer relais : double-cliquez sur le programme relais%s. Votre
navigateur s'ouvre sur relais ; la première fois, il propose de créer
votre site ou d'ouvrir un site existant. Gardez ouverte la fenêtre qui
s'affiche : la fermer arrête relais.

La première fois, votre système peut prévenir que le programme vient
d'Internet et n'est pas signé :
- Windows : « Windows a protégé votre ordinateur » : cliquez sur
  « Informations complémentaires », puis « Exécuter quand même ».
- macOS : « relais n'a pas été ouvert » (ou « ne peut pas être
  ouvert ») : cliquez sur « Terminé », ouvrez Réglages Système, puis
  Confidentialité et sécurité ; en bas, cliquez sur « Ouvrir quand
  même » à côté de relais, et confirmez. Sur macOS 14 et avant : clic
  droit (ou Ctrl-clic) sur relais, « Ouvrir », puis « Ouvrir ».

relais n'envoie rien sur Internet de lui-même : ni statistiques, ni
recherche de mise à jour. Pour savoir s'il existe une nouvelle version,
consultez la page où vous avez téléchargé celle-ci.

Vérifier l'archive : la commande sha256sum -c SHA256SUMS (dans le dossier
des archives) doit répondre OK.

Le guide complet : docs/guide.md, dans les sources de relais.

Licence : LICENSE (MIT). relais contient aussi des logiciels et des
polices d'autres auteurs : leurs licences sont dans LICENCES-TIERCES.txt.
`

func main() {
	sign := flag.String("sign", "", "a command run on each program before it is archived, {file} being its path (off by default)")
	out := flag.String("o", "dist", "the folder the archives are written in")
	flag.Parse()
	if flag.NArg() != 1 || !regexp.MustCompile(`^v?[0-9]+\.[0-9]+\.[0-9]+([-.][0-9A-Za-z.]+)?$`).MatchString(flag.Arg(0)) {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/release [-sign CMD] [-o DIR] VERSION (such as 0.2.0)")
		os.Exit(2)
	}
	if err := release(strings.TrimPrefix(flag.Arg(0), "v"), *out, *sign); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func release(version, out, sign string) error {
	// Every entry's time is the commit's (or SOURCE_DATE_EPOCH's).
	epoch := os.Getenv("SOURCE_DATE_EPOCH")
	if epoch == "" {
		b, err := exec.Command("git", "log", "-1", "--format=%ct").Output()
		if err != nil {
			return fmt.Errorf("the commit's time: %v", err)
		}
		epoch = strings.TrimSpace(string(b))
	}
	sec, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil {
		return err
	}
	when := time.Unix(sec, 0).UTC()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "relais-release-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	licence, err := os.ReadFile("LICENSE")
	if err != nil {
		return fmt.Errorf("the licence: %v", err)
	}
	var sums bytes.Buffer
	for _, t := range targets {
		goos, goarch, _ := strings.Cut(t, "/")
		exe := "relais"
		if goos == "windows" {
			exe += ".exe"
		}
		bin := filepath.Join(work, goos+"-"+goarch, exe)
		cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=true",
			"-ldflags", "-s -w -buildid= -X relais/internal/cli.Version="+version, "-o", bin, "./cmd/relais")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=readonly")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		fmt.Fprintf(os.Stderr, "release: building %s\n", t)
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build for %s: %v", t, err)
		}
		if sign != "" {
			s := exec.Command("sh", "-c", strings.ReplaceAll(sign, "{file}", bin))
			s.Stdout, s.Stderr = os.Stderr, os.Stderr
			if err := s.Run(); err != nil {
				return fmt.Errorf("signing %s: %v", t, err)
			}
		}
		name := fmt.Sprintf("relais-%s-%s-%s", version, goos, goarch)
		prog, err := os.ReadFile(bin)
		if err != nil {
			return err
		}
		ext := ""
		if goos == "windows" {
			ext = ".exe"
		}
		entries := []entry{{name + "/" + exe, prog, 0o755}, {name + "/LISEZMOI.txt", []byte(fmt.Sprintf(readme, version, ext)), 0o644}}
		others, err := notices(goos, goarch)
		if err != nil {
			return err
		}
		entries = append(entries, entry{name + "/LICENSE", licence, 0o644}, entry{name + "/LICENCES-TIERCES.txt", others, 0o644})
		zipped, err := archive(entries, when)
		if err != nil {
			return err
		}
		file := name + ".zip"
		if err := os.WriteFile(filepath.Join(out, file), zipped, 0o644); err != nil {
			return err
		}
		sum := sha256.Sum256(zipped)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), file)
	}
	if err := os.WriteFile(filepath.Join(out, "SHA256SUMS"), sums.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprint(os.Stdout, sums.String())
	return nil
}

// licenceFile tells the files that hold a licence or a notice.
var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice|patents)([-._].*)?$`)

// notices gathers the licences of what is built into the program for
// goos/goarch: Go's own (its runtime and standard library are in every
// program), each module's, and those beside anything a package embeds
// (the fonts of the kits' PDFs, the WebAssembly build of libwebp), in a
// fixed order.
func notices(goos, goarch string) ([]byte, error) {
	cmd := exec.Command("go", "list", "-deps", "-f",
		`{{with .Module}}{{.Path}} {{.Version}}{{"\t"}}{{.Dir}}{{end}}{{"\t"}}{{.Dir}}{{"\t"}}{{join .EmbedFiles "|"}}`, "./cmd/relais")
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=readonly")
	cmd.Stderr = os.Stderr
	listed, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list for %s/%s: %v", goos, goarch, err)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, err
	}
	// what → the folders whose licence files it needs.
	folders := map[string]map[string]bool{}
	add := func(what, dir string) {
		if folders[what] == nil {
			folders[what] = map[string]bool{}
		}
		folders[what][dir] = true
	}
	add("Go "+runtime.Version()+" (the runtime and standard library)", strings.TrimSpace(string(goroot)))
	for _, line := range strings.Split(strings.TrimSpace(string(listed)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 || f[0] == "" {
			continue // the standard library, said once above
		}
		what, modDir, pkgDir := strings.TrimSpace(f[0]), f[1], f[2]
		if what != "relais" {
			add(what, modDir)
		}
		for _, e := range strings.Split(f[3], "|") {
			if e == "" {
				continue
			}
			dir := filepath.Dir(filepath.Join(pkgDir, e))
			if what == "relais" {
				// relais's own embedded folders: only those holding
				// someone else's work carry a licence (the fonts).
				rel, _ := filepath.Rel(modDir, dir)
				add("relais: "+filepath.ToSlash(rel), dir)
				continue
			}
			add(what, dir)
		}
	}
	var b bytes.Buffer
	b.WriteString("Licences of the software and fonts built into relais, as each asks\nto be given with it. relais itself: LICENSE.\n")
	names := make([]string, 0, len(folders))
	for what := range folders {
		names = append(names, what)
	}
	sort.Strings(names)
	for _, what := range names {
		var files []string
		for dir := range folders[what] {
			list, err := os.ReadDir(dir)
			if err != nil {
				return nil, err
			}
			for _, e := range list {
				if !e.IsDir() && licenceFile.MatchString(e.Name()) {
					files = append(files, filepath.Join(dir, e.Name()))
				}
			}
		}
		if len(files) == 0 {
			if strings.HasPrefix(what, "relais: ") {
				continue
			}
			return nil, fmt.Errorf("%s has no licence file: look at it before releasing", what)
		}
		sort.Strings(files)
		for _, file := range files {
			text, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "\n%s\n%s: %s\n\n%s\n", strings.Repeat("=", 72), what, filepath.Base(file), bytes.TrimSpace(text))
		}
	}
	return b.Bytes(), nil
}

type entry struct {
	name string
	body []byte
	mode os.FileMode
}

// archive zips entries in their order, each with the same time and the
// mode it needs (the program executable once unzipped).
func archive(entries []entry, when time.Time) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: when}
		h.SetMode(e.mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, bytes.NewReader(e.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
