// Package assets embeds every file the binary needs: migrations, templates,
// static files, fonts, message catalogues and built-in data. It holds no logic.
package assets

import "embed"

// Migrations holds migrations/NNNN_name.sql, applied in order at start-up.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// Data holds the built-in data: the demo district's units, the ISO clauses
// and the default checklist.
//
//go:embed data
var Data embed.FS

// I18n holds the message catalogues, i18n/LANG/*.json, one file per area so
// that each feature keeps its own messages; a key may appear in one file only.
//
//go:embed i18n
var I18n embed.FS

// Templates holds the page templates: layout.html, partials/*.html and
// pages/*.html.
//
//go:embed templates
var Templates embed.FS

// Static holds the CSS, JavaScript and images served under content-hash URLs.
//
//go:embed static
var Static embed.FS

// Fonts holds the TrueType fonts of the PDF reports (Liberation Serif 2 in
// four styles, Times' metrics, covering every Vietnamese letter) with their
// licence.
//
//go:embed fonts
var Fonts embed.FS
