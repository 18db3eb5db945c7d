module aks-lifecycle-operator/controlplane/etcd

go 1.24
