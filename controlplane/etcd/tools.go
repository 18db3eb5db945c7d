//go:build tools

// Blank import keeps etcd's server module in go.mod so `go mod tidy` does not drop it.
package tools

import _ "go.etcd.io/etcd/server/v3"
