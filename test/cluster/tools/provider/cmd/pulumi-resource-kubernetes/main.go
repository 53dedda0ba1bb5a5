// Command pulumi-resource-kubernetes serves the Kubernetes provider of the pinned provider/v4 module.
//
// The module's own main package embeds schema-embed.json and terraform-mapping-embed.json, which its
// Makefile generates (`go generate`) and the module zip does not hold, so it cannot be built from the
// module cache. test/cluster/build-tools.sh copies this package to a folder outside the repository,
// writes the two files there from the module's schema.json (with the version set) and
// terraform-mapping.json, and builds it.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
