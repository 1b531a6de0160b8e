package reconcile_test

import "testing"

// TestReadCatalogueLegalBasis checks the optional legal_basis column the
// application keeps with each procedure: read when present, empty when the
// file has none (as the command line's files of CONTRACT.md).
func TestReadCatalogueLegalBasis(t *testing.T) {
	with := mustCatalogue(t, "code,name,field,level,effective_date,Legal_Basis\n1.001,Đăng ký khai sinh,Hộ tịch,Xã,01/01/2025, Luật Hộ tịch 2014 \n", "a.csv")
	if got := with[0].LegalBasis; got != "Luật Hộ tịch 2014" {
		t.Errorf("legal basis %q", got)
	}
	without := mustCatalogue(t, "code,name,field,level,effective_date\n1.001,Đăng ký khai sinh,Hộ tịch,Xã,01/01/2025\n", "b.csv")
	if got := without[0].LegalBasis; got != "" {
		t.Errorf("legal basis without the column: %q", got)
	}
}
