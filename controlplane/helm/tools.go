//go:build tools

// Keeps the helm command in this module's dependency graph so `go mod tidy` retains it.
package tools

import _ "helm.sh/helm/v3/cmd/helm"
