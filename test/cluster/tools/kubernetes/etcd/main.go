// Command etcd is the etcd server at the version k8s.io/kubernetes pins (go.etcd.io/etcd/server/v3 in
// go.mod), so the API server and its store are built from one dependency graph.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
