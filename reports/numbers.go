package reports

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

func atoiOK(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil
}
