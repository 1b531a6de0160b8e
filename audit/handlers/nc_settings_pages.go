package handlers

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// admins may change settings (CONTRACT.md: settings are the admin's).
var admins = web.Roles(role.Admin)

func (h *Corrective) settingsRoutes(r *web.Router) {
	r.GET("/settings/nonconformities", h.settingsPage, admins)
	r.POST("/settings/nonconformities", h.postSettings, admins)
	h.Views.Shell.AddNav(web.NavEntry{Path: "/settings/nonconformities", Label: "ca.nav_settings", Roles: []string{role.Admin},
		Order: web.NavOrderWork + 40, Hint: "ca.nav_settings_hint"})
}

// ncSettingsData is the settings page: the numbers and the calendar as
// text, one day a line ("30/04/2026 Ngày Giải phóng miền Nam").
type ncSettingsData struct {
	S         findings.NCSettings
	Holidays  string
	Workdays  string
	Mailboxes string
}

func daysText(days map[string]string) string {
	var lines []string
	for d, name := range days {
		lines = append(lines, strings.TrimSpace(d+" "+name))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// calendarText writes the calendar's days as people read them,
// "02/09/2026 Quốc khánh" a line, in the order of the calendar.
func calendarText(days map[string]string) string {
	keys := slices.Sorted(maps.Keys(days))
	lines := make([]string, len(keys))
	for i, d := range keys {
		lines[i] = strings.TrimSpace(i18n.ShowDay(d) + " " + days[d])
	}
	return strings.Join(lines, "\n")
}

// parseDays reads the calendar's text back (and the mailboxes', "CODE
// address" a line); a line that does not start with a date is reported by
// Validate.
func parseDays(s string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		day, name, _ := strings.Cut(line, " ")
		if iso, ok := text.ParseDay(day); ok && strings.Contains(day, "/") {
			day = iso // written dd/mm/yyyy, stored yyyy-mm-dd
		}
		out[day] = strings.TrimSpace(name)
	}
	return out
}

func (h *Corrective) settingsPage(c echo.Context) error {
	s, err := findings.LoadNCSettings(c.Request().Context(), h.Conduct.DB.R)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "nc_settings", ncSettingsData{S: s, Holidays: calendarText(s.Holidays),
		Workdays: calendarText(s.Workdays), Mailboxes: daysText(s.Mailboxes)})
}

func (h *Corrective) postSettings(c echo.Context) error {
	d := ncSettingsData{Holidays: c.FormValue("holidays"), Workdays: c.FormValue("workdays"), Mailboxes: c.FormValue("mailboxes")}
	bad := apperr.Fields{}
	for name, dst := range map[string]*int{"plan_days": &d.S.PlanDays, "reminder_days": &d.S.ReminderDays,
		"effectiveness_days": &d.S.EffectivenessDays, "repeat_days": &d.S.RepeatDays} {
		n, err := strconv.Atoi(strings.TrimSpace(c.FormValue(name)))
		if err != nil {
			bad.Add(name, apperr.M("validation.type"))
		}
		*dst = n
	}
	d.S.Holidays, d.S.Workdays, d.S.Mailboxes = parseDays(d.Holidays), parseDays(d.Workdays), parseDays(d.Mailboxes)
	err := bad.Err()
	if err == nil {
		err = h.Findings.SaveNCSettings(c.Request().Context(), d.S)
	}
	if err != nil {
		return h.Views.RenderInvalid(c, "nc_settings", d, err)
	}
	web.SetFlash(c, "ca.settings_saved")
	return c.Redirect(http.StatusSeeOther, "/settings/nonconformities")
}
