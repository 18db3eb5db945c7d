module aks-lifecycle-operator/controlplane/kwok

go 1.24
