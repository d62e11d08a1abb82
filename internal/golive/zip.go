package golive

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"relais/internal/deploy"
	"relais/internal/i18n"
)

// Zip writes the built site as one zip file for an IT department that
// installs it by hand: the site's files under site/, a SHA256SUMS file
// (sha256sum -c checks it) and a short LISEZMOI.txt. The file is written
// under a temporary name and renamed: never half a zip.
func Zip(l i18n.Lang, b *Built, file string, now time.Time) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), ".relais-zip-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	zw := zip.NewWriter(tmp)
	var sums strings.Builder
	add := func(name string, r io.Reader) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		return err
	}
	for _, f := range b.Files {
		if err := addFile(add, f); err != nil {
			tmp.Close()
			return err
		}
		fmt.Fprintf(&sums, "%s  site/%s\n", f.Sum, f.Path)
	}
	readme := l.Say(`This archive holds the web site %s, made by relais on %s.

Install it: copy everything in the site/ folder into the web server's folder for the site (the files at its top, such as index.html, go at the top of that folder). Keep the server's own files (.htaccess, for instance): the archive does not hold them.

Check it: in the folder where the archive was unpacked, the command sha256sum -c SHA256SUMS must say OK for every file.

It holds %s.
`, b.Config.BaseURL, now.Format("2006-01-02 15:04"), l.Count(len(b.Files), "file", "files"))
	for _, x := range []struct{ name, body string }{{"SHA256SUMS", sums.String()}, {l.Say("README.txt"), readme}} {
		if err := add(x.name, strings.NewReader(x.body)); err != nil {
			tmp.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

func addFile(add func(string, io.Reader) error, f deploy.File) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return add("site/"+f.Path, r)
}
