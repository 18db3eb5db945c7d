//go:build tools

// Blank imports keep kwok and kwokctl in go.mod so `go mod tidy` does not drop them.
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
	_ "sigs.k8s.io/kwok/cmd/kwokctl"
)
