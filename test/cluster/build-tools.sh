#!/usr/bin/env bash
# Builds the real-cluster test tools from the Go modules pinned in test/cluster/tools/*/go.mod into a
# bin folder outside the repository. GOCACHE and GOMODCACHE stay the machine's, so a rebuild on the same
# machine is a cache hit; a binary whose version stamp (module, version, go.sum hash, Go version)
# matches is not rebuilt at all.
#
#   test/cluster/build-tools.sh            build what is missing or stale, print the bin folder last
#   LCC_CLUSTER_CACHE=/some/dir ...        put bin/ there instead of ~/.cache/librechat-containment/cluster
#   LCC_BUILD_ONLY="etcd kube-apiserver"   build only these
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$here/tools"
cache="${LCC_CLUSTER_CACHE:-$HOME/.cache/librechat-containment/cluster}"
bin="$cache/bin"
mkdir -p "$bin"

# The Go command reads go.mod's `go` line, but a build must not fetch another toolchain behind our back.
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export CGO_ENABLED="${CGO_ENABLED:-0}"
export GOFLAGS="${GOFLAGS:--buildvcs=false} -trimpath"
nice_cmd=(nice -n "${LCC_NICE:-10}")

# name | module dir | package | version stamp | -ldflags
# The version is what each binary reports (`--version`); the pseudo-version of the provider is the only
# one of provider/v4 the proxy serves (see tools/provider/go.mod).
pulumi_version=v3.248.0
provider_version=4.25.0-alpha.0+f47bc2d6f199
k8s_version=v1.34.4
etcd_version=v3.6.4 # go.etcd.io/etcd/server/v3 as k8s.io/kubernetes $k8s_version requires it
yaml_version=v1.25.0 # pulumi-yaml: the newest the proxy serves, at its own pulumi pins (see tools/yaml/go.mod)
targets=(
  "etcd|kubernetes|./etcd|$etcd_version|"
  "kube-apiserver|kubernetes|k8s.io/kubernetes/cmd/kube-apiserver|$k8s_version|-X k8s.io/component-base/version.gitVersion=$k8s_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=34"
  "pulumi|pulumi|github.com/pulumi/pulumi/pkg/v3/cmd/pulumi|$pulumi_version|-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pulumi_version"
  "pulumi-language-nodejs|pulumi|./langhost|$pulumi_version|-X main.version=$pulumi_version"
  "pulumi-resource-kubernetes|provider|./cmd/pulumi-resource-kubernetes|$provider_version|-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$provider_version"
  "pulumi-language-yaml|yaml|github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml|$yaml_version|-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version"
)

only=" ${LCC_BUILD_ONLY:-} "
go_version="$(go env GOVERSION)"
start_all=$SECONDS
for t in "${targets[@]}"; do
  IFS='|' read -r name dir pkg version ldflags <<<"$t"
  [[ "$only" == "  " || "$only" == *" $name "* ]] || continue
  # The stamp: what decides the binary's content (pinned modules, our own sources, flags, Go version).
  sum="$(cat "$tools/$dir/go.mod" "$tools/$dir/go.sum" | sha256sum | cut -c1-16)"
  if [[ -d "$tools/$dir/$pkg" ]]; then
    sum="$sum-$(find "$tools/$dir/$pkg" -type f -name '*.go' | sort | xargs cat | sha256sum | cut -c1-16)"
  fi
  stamp="$name $version $sum $(printf '%s' "$ldflags $GOFLAGS $CGO_ENABLED" | sha256sum | cut -c1-8) $go_version"
  if [[ -x "$bin/$name" && -f "$bin/$name.stamp" && "$(cat "$bin/$name.stamp")" == "$stamp" ]]; then
    echo "build-tools: $name is up to date ($version)" >&2
    continue
  fi
  echo "build-tools: building $name ($version) from tools/$dir" >&2
  t0=$SECONDS
  src="$tools/$dir"
  if [[ "$name" == pulumi-resource-kubernetes ]]; then
    # The provider's main embeds files its Makefile generates: build a copy of tools/provider, outside
    # the repository, with them written from the pinned module's schema.json and terraform-mapping.json.
    src="$cache/src/provider"
    rm -rf "$src" && mkdir -p "$src" && cp -R "$tools/provider/." "$src/"
    # `go list -m` prints no Dir for a module that is not in the module cache yet (a cold machine):
    # download it first.
    (cd "$src" && go mod download github.com/pulumi/pulumi-kubernetes/provider/v4)
    mod_dir="$(cd "$src" && go list -mod=readonly -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)"
    if [[ -z "$mod_dir" ]]; then
      echo "build-tools: github.com/pulumi/pulumi-kubernetes/provider/v4 is not in the module cache after download" >&2
      exit 1
    fi
    node -e '
      const fs = require("fs"); const [from, to, version] = process.argv.slice(1);
      const schema = JSON.parse(fs.readFileSync(`${from}/schema.json`, "utf8"));
      schema.version = version;
      fs.writeFileSync(`${to}/schema-embed.json`, JSON.stringify(schema));
      fs.writeFileSync(`${to}/terraform-mapping-embed.json`,
        JSON.stringify(JSON.parse(fs.readFileSync(`${from}/terraform-mapping.json`, "utf8"))));
    ' "$mod_dir/cmd/pulumi-resource-kubernetes" "$src/cmd/pulumi-resource-kubernetes" "$version"
  fi
  (cd "$src" && "${nice_cmd[@]}" go build -mod=readonly -ldflags "-s -w $ldflags" -o "$bin/$name.tmp" "$pkg")
  mv -f "$bin/$name.tmp" "$bin/$name"
  printf '%s\n' "$stamp" >"$bin/$name.stamp"
  echo "build-tools: built $name in $((SECONDS - t0)) s" >&2
done
echo "build-tools: done in $((SECONDS - start_all)) s" >&2
echo "$bin"
