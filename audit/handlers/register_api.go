package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/web"
)

func (a *API) listCertificates(c echo.Context) error {
	cs, err := a.Audits.ListCertificates(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cs)
}

func (a *API) addCertificate(c echo.Context) error {
	var in audit.CertificateInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if err := a.Audits.AddCertificate(c.Request().Context(), in); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, in)
}

func (a *API) importCertificates(c echo.Context) error {
	file, _, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	n, err := a.Audits.ImportCertificates(c.Request().Context(), file)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]int{"created": n})
}

func (a *API) listConflicts(c echo.Context) error {
	cs, err := a.Audits.ListConflicts(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cs)
}

func (a *API) addConflict(c echo.Context) error {
	var in audit.ConflictInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	cf, err := a.Audits.AddConflict(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, cf)
}

func (a *API) deleteConflict(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.conflict")
	if err != nil {
		return err
	}
	if err := a.Audits.DeleteConflict(c.Request().Context(), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
