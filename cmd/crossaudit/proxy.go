package main

import (
	"fmt"
	"net"
	"strings"

	"github.com/labstack/echo/v4"
)

// parseTrustedProxies reads --trusted-proxy: a comma-separated list of IP
// addresses or CIDR ranges. An empty list trusts no proxy.
func parseTrustedProxies(list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if strings.Contains(item, "/") {
			_, n, err := net.ParseCIDR(item)
			if err != nil {
				return nil, fmt.Errorf("--trusted-proxy %q is not an IP address or CIDR range such as 10.0.0.5 or 10.0.0.0/24", item)
			}
			out = append(out, n)
			continue
		}
		ip := net.ParseIP(item)
		if ip == nil {
			return nil, fmt.Errorf("--trusted-proxy %q is not an IP address or CIDR range such as 10.0.0.5 or 10.0.0.0/24", item)
		}
		bits := 128
		if ip4 := ip.To4(); ip4 != nil {
			ip, bits = ip4, 32
		}
		out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
	}
	return out, nil
}

// ipExtractor decides what a request's client address is, which the
// sign-in throttle counts failures by. Without a trusted proxy it is the
// connection's address: X-Forwarded-For is anyone's to write, and trusting
// it let a guesser pose as a new address on every attempt, or as a victim
// to get them blocked. With trusted proxies, X-Forwarded-For is read from
// the right, skipping only the named proxies (not, as Echo would by
// default, every loopback and private address too): the client is the
// nearest address no named proxy vouches for.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
