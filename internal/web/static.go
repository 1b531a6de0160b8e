package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
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

// Worker returns the handler that serves the static file name as a service
// worker from the site's root (GET /sw.js), so that its scope covers every
// page. The script is prefixed with the build's version, a hash of every
// static file, and the content-hash URLs of the shell files it caches: a new
// build changes the script's bytes, which is what makes browsers install the
// new worker and drop the old caches. It is never cached by HTTP (browsers
// check a worker for updates themselves and must see a new build at once).
func (s *Static) Worker(name string, shell ...string) (echo.HandlerFunc, error) {
	var f staticFile
	u, ok := s.byName[name]
	if ok {
		f, ok = s.byURL[u]
	}
	if !ok {
		return nil, fmt.Errorf("web: no static file %s for the service worker", name)
	}
	urls := make([]string, 0, len(shell))
	for _, n := range shell {
		u, ok := s.byName[n]
		if !ok {
			return nil, fmt.Errorf("web: no static file %s for the service worker's shell", n)
		}
		urls = append(urls, u)
	}
	all := make([]string, 0, len(s.byURL))
	for u := range s.byURL {
		all = append(all, u)
	}
	sort.Strings(all)
	sum := sha256.Sum256([]byte(strings.Join(all, "\n")))
	prelude, err := json.Marshal(map[string]any{"version": hex.EncodeToString(sum[:6]), "shell": urls})
	if err != nil {
		return nil, err
	}
	body := append([]byte("self.CROSSAUDIT_BUILD = "+string(prelude)+";\n"), f.body...)
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store") // and NoStoreGate says so too
		h.Set("Service-Worker-Allowed", "/")
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", body)
	}, nil
}
