// The lists of values come from lib/inputs/choices.ts, as the CLI's and the component's validation.
import { describeChoices, NODE_CLOUDS } from '../inputs/choices';

const SHARED = `Environment (LibreChat resolves \${VAR} references from it; never read implicitly):
  --env-from FILE         a .env file (repeatable; later files win). Not --env-file: Node
                          itself reads that flag anywhere on its command line (see README)
  --env KEY=VALUE         one variable (repeatable; wins over files)
  --process-env           also read this process's environment (off by default)

Stack (which workloads run and how they are labelled):
  --namespace NS          namespace LibreChat runs in (default librechat)
  --release NAME          Helm release of the LibreChat chart (default librechat)
  --chart-values FILE     the LibreChat chart's values (subcharts, images, librechat.configEnv)
  --chart-version V       LibreChat chart version: ${describeChoices('chartVersion')} (default images)
  --overlay FILE          the MCP overlay (default: <config>.overlay.yaml beside CONFIG, if present)
  --label KEY=VALUE       LibreChat pod label, replacing the chart's (repeatable; custom installs)
  --workload-label W:K=V  pod label of workload W (rag-api, mongodb, ...), replacing the chart's
  --cloud ${NODE_CLOUDS.join('|')}     the nodes' cloud, for the system registries of image pulls
  --region R              the cloud region (needed for EKS image pulls and IRSA's regional STS)
  --credentials W=MODE    keyless cloud credentials of workload W (repeatable, or comma-separated):
                          irsa, eks-pod-identity, gke-workload-identity, azure-workload-identity,
                          azure-managed-identity; allows exactly that mode's endpoints for W's pods
  --node-local-dns IP     a node-local DNS cache address the pods use (repeatable; GKE's and
                          AKS's are known; EKS Auto Mode: the kube-dns ClusterIP)
  --chart-manifests FILE  the chart's rendered manifests (helm template): real names, labels, ports

Output:
  --backend B             who enforces egress by name: aviatrix (default), cilium
                          (CiliumNetworkPolicy), gke-fqdn (GKE FQDNNetworkPolicy) or eks-anp
                          (EKS Auto Mode ApplicationNetworkPolicy); see the README's backend table
  --cilium-version V      Cilium 1.19 (default; "**." any-depth wildcards) or 1.18 (one label)
  --aviatrix-only         leave out the Kubernetes NetworkPolicies
  --image-pulls FILE      also write the node image-pull rules (Terraform JSON) to FILE
  --target T              Aviatrix CRD generation: ${describeChoices('aviatrix.target')}
  --mode M                ${describeChoices('aviatrix.mode')} (log only; chart-10.1)
  --log-profile P         ${describeChoices('aviatrix.logProfile')} (chart-10.1)
  --form F                ${describeChoices('aviatrix.form')} (permit-only)
  --decrypt               allow TLS decryption on permitted rules (chart-10.1)
  --accept FINDING-ID     accept one error finding by its id (repeatable); never widens the policy
                          (committed alternative: accept: [{id, reason}] in the overlay file)
  --fail-on error|warning which findings block when not accepted (default error)
  --egress-proxy URL      the deployment's declared egress proxy: the only proxy a proxy setting may name
  --librechat-schema      also check CONFIG with LibreChat's own schema (librechat-data-provider)
`;

const EXIT = `Exit codes: 0 ok; 1 drift (check) or host not allowed (explain HOST); 2 bad input, usage,
or error findings that are not accepted.
`;

export const HELP: Record<string, string> = {
  '': `librechat-containment: derive a default-deny egress policy for LibreChat from librechat.yaml.

Usage:
  librechat-containment render  CONFIG [--out DIR] [--format yaml|json|kustomize] [options]
  librechat-containment check   CONFIG --against PATH [--format yaml|json|kustomize|sarif|markdown] [options]
  librechat-containment explain CONFIG [HOST] [--format text|json|sarif|markdown] [options]
  librechat-containment fn < resource-list.yaml   (a KRM function: kustomize, kpt)
  librechat-containment COMMAND --help

${SHARED}
${EXIT}`,
  render: `librechat-containment render CONFIG [--out DIR] [--format yaml|json|kustomize] [options]

Writes the containment for CONFIG (a librechat.yaml): an Aviatrix FirewallPolicy per workload and
the Kubernetes NetworkPolicies for the traffic between pods, to stdout as one multi-document YAML,
or with --out DIR one file per object plus image-pulls.tf.json (files this tool wrote before and no
longer renders are removed). Every Aviatrix object is validated against the vendored CRD schema
first. Nothing is written while an error finding is not accepted.
--format kustomize (with --out DIR) also writes kustomization.yaml listing exactly the manifest
files, so the folder is a kustomize base; check --format kustomize compares such a folder.
--sync-wave N adds the annotation argocd.argoproj.io/sync-wave: "N" to every object (render and
check), so Argo CD applies the containment before LibreChat (give LibreChat a higher wave).

${SHARED}
${EXIT}`,
  check: `librechat-containment check CONFIG --against PATH [--format yaml|json|kustomize|sarif|markdown] [options]

The pull-request gate. Renders CONFIG with the same options and compares it with the committed
manifests at PATH (a folder written by render --out, or one file written by render). Equal: exit 0.
Different: a unified diff on stdout, one line per added (+), removed (-) or changed (~) destination
group on stderr, and exit 1.
--format json compares the JSON files of render --out --format json. --format sarif prints a SARIF
2.1.0 log (findings, and drift per destination group) instead of the diff, --format markdown a
job summary (a table of the destination groups added, removed or changed, with their config
lines, and the findings); both compare YAML manifests. --sarif-file FILE and --summary-file FILE
also write those reports to FILE, beside the usual output (with any --format, e.g. json or kustomize). Error findings that
are not accepted: the reports hold them, nothing is compared, exit 2.

${SHARED}
${EXIT}`,
  fn: `librechat-containment fn < resource-list.yaml

A KRM function (the KRM Functions Specification, ResourceList config.kubernetes.io/v1): reads one
ResourceList on stdin and writes it to stdout with the containment objects appended (the same
objects as render, each annotated with its render --out file name as internal.config.kubernetes.io/path)
and the findings as results. The policy objects it generated before for the same release (labels
app.kubernetes.io/managed-by: librechat-containment, app.kubernetes.io/part-of: RELEASE) are
replaced, so a second run changes nothing; the functionConfig is not echoed.

functionConfig: apiVersion librechat-containment/v1alpha1, kind LibreChatContainment, spec:
  config | configText     librechat.yaml: a path, or the text itself
  envFrom: [FILE]         env files; env: {NAME: VALUE} placeholders (never the process environment)
  overlay | overlayText, chartValues | chartValuesText, chartManifests
  namespace, release, chartVersion, labels: {K: V}, workloadLabels: {W: {K: V}}, cloud, region,
  credentials: {W: MODE}, nodeLocalDns: [IP], backend, ciliumVersion, aviatrixOnly, target, mode,
  logProfile, form, decrypt, accept: [ID], failOn, egressProxy, librechatSchema, syncWave
  (each as the render option of the same name)
Or a v1 ConfigMap (kpt fn eval --exec librechat-containment -- config=librechat.yaml ...) whose
data holds the same fields as strings: lists comma-separated, booleans "true" or "false"; env,
labels, workloadLabels and credentials need the LibreChatContainment kind.
Paths are relative to the folder the function runs in (kustomize: the kustomization's folder);
absolute paths, "..", and symbolic links out of it are refused. Nothing else is read; no network.

Exit codes: 0 ok; 2 a malformed ResourceList or functionConfig (message on stderr, nothing on
stdout), or error findings that are not accepted (the items unchanged, the findings as results
with severity error).
`,
  explain: `librechat-containment explain CONFIG [HOST] [--format text|json|sarif|markdown] [options]

Without HOST: every allowed destination per workload with the config line that caused it, the
in-cluster destinations, and every finding with its id and fix. Exit 2 while an error finding is
not accepted, else 0.
With HOST (host, host:port or a URL): whether it may be reached and why, or why not; exit 0 when
allowed, 1 when not.
--format json prints one object: {allowed: [{workload, host, port, group, source: {file, line,
column}}], findings: [{id, severity, message, source}], ...}. --format sarif prints the findings as a
SARIF 2.1.0 log, --format markdown the allowed destinations and the findings (both without HOST).

${SHARED}
${EXIT}`,
};
