package checklist

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/web"
)

// ItemInput is an item in the import columns, as an API client sends it
// and as the JSON export writes it (failure as a boolean).
type ItemInput struct {
	ID         string `json:"id"`
	Clause     string `json:"clause"`
	Kind       string `json:"kind"`
	TextVI     string `json:"text_vi"`
	TextEN     string `json:"text_en"`
	GuidanceVI string `json:"guidance_vi"`
	GuidanceEN string `json:"guidance_en"`
	Unit       string `json:"unit"`
	Target     string `json:"target"`
	Failure    bool   `json:"failure"`
	// The legal references; optional, blank when absent.
	LegalRefsVI string `json:"legal_refs_vi,omitempty"`
	LegalRefsEN string `json:"legal_refs_en,omitempty"`
}

// Item copies the input onto an item; the position is the store's to set.
func (in ItemInput) Item() Item {
	return Item{Code: in.ID, Clause: in.Clause, Kind: in.Kind, TextVI: in.TextVI, TextEN: in.TextEN,
		GuidanceVI: in.GuidanceVI, GuidanceEN: in.GuidanceEN, Unit: in.Unit, Target: in.Target, Failure: in.Failure,
		LegalRefsVI: in.LegalRefsVI, LegalRefsEN: in.LegalRefsEN}
}

// apiPutItem replaces the item with the path's code (renaming it when the
// body's id differs) or, when the draft has none, adds it: 200 or 201.
func (h *Handler) apiPutItem(c echo.Context) error {
	id, n, err := idAndNumber(c)
	if err != nil {
		return err
	}
	var in ItemInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	code := c.Param("code")
	if strings.TrimSpace(in.ID) == "" {
		in.ID = code
	}
	v, err := h.Store.VersionNumber(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	oldCode, status := code, http.StatusOK
	if _, ok := v.Item(code); !ok {
		oldCode, status = "", http.StatusCreated
	}
	it, err := h.Store.SaveItem(c.Request().Context(), id, n, oldCode, in.Item())
	if err != nil {
		return err
	}
	return c.JSON(status, toJSON(it))
}

func (h *Handler) apiDeleteItem(c echo.Context) error {
	id, n, err := idAndNumber(c)
	if err != nil {
		return err
	}
	if err := h.Store.RemoveItem(c.Request().Context(), id, n, c.Param("code")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// moveInput says which way an item moves.
type moveInput struct {
	Direction string `json:"direction" validate:"required,oneof=up down"`
}

func (h *Handler) apiMoveItem(c echo.Context) error {
	id, n, err := idAndNumber(c)
	if err != nil {
		return err
	}
	var in moveInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	pos, err := h.Store.MoveItem(c.Request().Context(), id, n, c.Param("code"), delta(in.Direction))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"position": pos})
}

func delta(direction string) int {
	if direction == "up" {
		return -1
	}
	return 1
}

// exclusionInput is the reason a clause is not applicable.
type exclusionInput struct {
	Reason string `json:"reason"`
}

func (h *Handler) apiExclude(c echo.Context) error {
	id, n, err := idAndNumber(c)
	if err != nil {
		return err
	}
	var in exclusionInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	clause := c.Param("clause")
	if err := h.Store.SetNotApplicable(c.Request().Context(), id, n, clause, in.Reason); err != nil {
		return err
	}
	reason, _ := CheckReason(in.Reason)
	return c.JSON(http.StatusOK, exclusionJSON{Clause: normalizeClause(clause), Reason: reason})
}

func (h *Handler) apiInclude(c echo.Context) error {
	id, n, err := idAndNumber(c)
	if err != nil {
		return err
	}
	if err := h.Store.ClearNotApplicable(c.Request().Context(), id, n, c.Param("clause")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// sortedClauses returns the clause codes of an exclusion map in the
// standard's order: 4 < 7.1.5 < 8.3 < 10.2 < VN.
func sortedClauses(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.SortFunc(out, compareClauses)
	return out
}

// compareClauses orders clause codes by their numbers, VN last.
func compareClauses(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := compareParts(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

func compareParts(a, b string) int {
	if len(a) != len(b) && isDigits(a) && isDigits(b) {
		return len(a) - len(b)
	}
	if isDigits(a) != isDigits(b) {
		if isDigits(a) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
