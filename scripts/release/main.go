// Command release makes relais's release archives: one zip per system
// (Windows, macOS and Linux, amd64 and arm64) holding the program, a
// short LISEZMOI in French and the licence when the repository has one,
// and a SHA256SUMS file listing them, in dist/.
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
- macOS : « relais ne peut pas être ouvert » : faites un clic droit (ou
  Ctrl-clic) sur relais, choisissez « Ouvrir », puis « Ouvrir ».

relais n'envoie rien sur Internet de lui-même : ni statistiques, ni
recherche de mise à jour. Pour savoir s'il existe une nouvelle version,
consultez la page où vous avez téléchargé celle-ci.

Vérifier l'archive : la commande sha256sum -c SHA256SUMS (dans le dossier
des archives) doit répondre OK.

Le guide complet : docs/guide.md, dans les sources de relais.
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
	licence, _ := os.ReadFile("LICENSE")
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
		if licence != nil {
			entries = append(entries, entry{name + "/LICENSE", licence, 0o644})
		}
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
