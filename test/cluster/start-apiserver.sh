#!/usr/bin/env bash
# Starts a throwaway Kubernetes API server on loopback (etcd + kube-apiserver, no controllers, no
# nodes), runs COMMAND with KUBECONFIG pointing at it, and tears everything down when COMMAND ends or
# the script is interrupted. Exits with COMMAND's status.
#
#   test/cluster/start-apiserver.sh -- npm run test:cluster
#   test/cluster/start-apiserver.sh              (no command: print KUBECONFIG, wait for Ctrl-C)
#
# Binaries from test/cluster/build-tools.sh: LCC_CLUSTER_BIN, else
# ${LCC_CLUSTER_CACHE:-~/.cache/librechat-containment/cluster}/bin. Certificates, the service-account
# key pair, etcd's data and the logs live in a temp dir (LCC_KEEP_TMP=1 keeps it for a post-mortem).
set -euo pipefail
[[ "${1:-}" == "--" ]] && shift

bin="${LCC_CLUSTER_BIN:-${LCC_CLUSTER_CACHE:-$HOME/.cache/librechat-containment/cluster}/bin}"
for b in etcd kube-apiserver; do
  [[ -x "$bin/$b" ]] || { echo "start-apiserver: $bin/$b is missing: run test/cluster/build-tools.sh" >&2; exit 2; }
done
command -v openssl >/dev/null || { echo "start-apiserver: openssl is needed for the certificates" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lcc-apiserver.XXXXXX")"
pids=()
teardown() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "${LCC_KEEP_TMP:-}" == 1 || ( $status -ne 0 && -n "${LCC_KEEP_TMP_ON_FAILURE:-}" ) ]]; then
    echo "start-apiserver: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT TERM

# Free loopback ports, chosen by the kernel (a tiny race with other processes is accepted).
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
etcd_client=$(free_port); etcd_peer=$(free_port); api_port=$(free_port)
while [[ "$etcd_peer" == "$etcd_client" ]]; do etcd_peer=$(free_port); done
while [[ "$api_port" == "$etcd_client" || "$api_port" == "$etcd_peer" ]]; do api_port=$(free_port); done

# ---- certificates: a CA, the server's serving certificate (127.0.0.1, localhost), an admin client
# certificate in system:masters, and the service-account signing key pair.
pki="$tmp/pki"; mkdir -p "$pki"
(
  cd "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=lcc-test-ca" \
    -keyout ca.key -out ca.crt 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout server.key -out server.csr 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
    -out server.crt 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=lcc-test-admin" -keyout admin.key -out admin.csr 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' >admin.ext
  openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile admin.ext \
    -out admin.crt 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
)

# ---- etcd, plain HTTP on loopback only
"$bin/etcd" --name lcc --data-dir "$tmp/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "lcc=http://127.0.0.1:$etcd_peer" --unsafe-no-fsync --log-level warn \
  >"$tmp/etcd.log" 2>&1 &
pids+=($!)

# ---- kube-apiserver
"$bin/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_client" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --cert-dir "$tmp/certs" --tls-cert-file "$pki/server.crt" --tls-private-key-file "$pki/server.key" \
  --client-ca-file "$pki/ca.crt" --authorization-mode RBAC \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-cluster-ip-range 10.96.0.0/24 \
  --profiling=false --enable-priority-and-fairness=false \
  >"$tmp/kube-apiserver.log" 2>&1 &
pids+=($!)

export KUBECONFIG="$tmp/kubeconfig"
cat >"$KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: lcc-test
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority-data: $(base64 -w0 <"$pki/ca.crt")
users:
- name: lcc-test-admin
  user:
    client-certificate-data: $(base64 -w0 <"$pki/admin.crt")
    client-key-data: $(base64 -w0 <"$pki/admin.key")
contexts:
- name: lcc-test
  context: {cluster: lcc-test, user: lcc-test-admin}
current-context: lcc-test
EOF

# ---- wait for /readyz (every post-start hook, including the RBAC bootstrap and the default namespace)
t0=$SECONDS
until kubectl get --raw /readyz >/dev/null 2>&1; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start-apiserver: a server exited; the end of its log:" >&2
      tail -n 20 "$tmp/etcd.log" "$tmp/kube-apiserver.log" >&2
      exit 1
    fi
  done
  if ((SECONDS - t0 > ${LCC_READY_TIMEOUT:-120})); then
    echo "start-apiserver: not ready after ${LCC_READY_TIMEOUT:-120} s; the end of its log:" >&2
    tail -n 20 "$tmp/kube-apiserver.log" >&2
    exit 1
  fi
  sleep 0.5
done
until kubectl get namespace default >/dev/null 2>&1; do sleep 0.5; done
echo "start-apiserver: ready in $((SECONDS - t0)) s at https://127.0.0.1:$api_port (KUBECONFIG=$KUBECONFIG)" >&2

if [[ $# -eq 0 ]]; then
  echo "start-apiserver: Ctrl-C stops it" >&2
  wait "${pids[@]}"
else
  "$@"
fi
