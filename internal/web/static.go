package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// Static serves the embedded static files under content-hash URLs
// (/static/app.3f2a9c1b.css) with long caching: a new build changes the URL,
// so a tablet never runs yesterday's script against today's server.
type Static struct {
	byURL  map[string]staticFile
	byName map[string]string
}

type staticFile struct {
	body        []byte
	contentType string
}

// NewStatic hashes every file under root of fsys.
func NewStatic(fsys fs.FS, root string) (*Static, error) {
	s := &Static{byURL: map[string]staticFile{}, byName: map[string]string{}}
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, root+"/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = http.DetectContentType(b)
		}
		s.byURL[url] = staticFile{body: b, contentType: ct}
		s.byName[name] = url
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	return s, nil
}

// URL returns the content-hash URL of a static file; an unknown name is a
// template defect, so it fails loudly in tests through an obviously broken URL.
func (s *Static) URL(name string) string {
	if u, ok := s.byName[name]; ok {
		return u
	}
	return "/static/missing/" + name
}

// Serve answers GET /static/* with the file and a year of caching.
func (s *Static) Serve(c echo.Context) error {
	f, ok := s.byURL[c.Request().URL.Path]
	if !ok {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, f.contentType, f.body)
}
