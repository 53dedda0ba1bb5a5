// Special-purpose addresses: the IANA special-purpose address registries (RFC 6890) for IPv4 and
// IPv6, the multicast and reserved blocks beside them, and the cloud metadata and credential
// endpoints that sit inside (or, for Azure's WireServer, outside) those blocks. Data only: the rules
// that use it are in lib/policy/addresses.ts.
//
// Sources:
// - IANA IPv4 Special-Purpose Address Registry (iana-ipv4-special-registry), RFC 6890 and the RFCs
//   named per entry: https://www.iana.org/assignments/iana-ipv4-special-registry/
// - IANA IPv6 Special-Purpose Address Registry (iana-ipv6-special-registry), RFC 6890:
//   https://www.iana.org/assignments/iana-ipv6-special-registry/
// - IANA IPv4 Multicast Address Space Registry (224.0.0.0/4, RFC 5771) and the IPv6 Address Space
//   Registry (ff00::/8 multicast, RFC 4291; space outside 2000::/3 is reserved by the IETF).

/** What a special-purpose address is, from the policy's point of view. */
export type SpecialClass =
  | 'metadata' // a cloud instance-metadata or credential endpoint
  | 'link-local'
  | 'loopback'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'benchmarking'
  | 'documentation'
  | 'private' // private-use, shared (CGNAT) or unique-local: a private network, not the internet
  | 'translation'; // embeds an IPv4 address (NAT64, 6to4, IPv4-mapped / -compatible): classify that

export interface SpecialRange {
  cidr: string;
  name: string;
  /** The RFC (or registry) that defines it. */
  source: string;
  class: SpecialClass;
}

/** The IPv4 special-purpose registry (as of its 2024 revision) plus multicast; most specific wins. */
export const IPV4_SPECIAL: readonly SpecialRange[] = [
  { cidr: '0.0.0.0/8', name: '"This network"', source: 'RFC 791 §3.2', class: 'unspecified' },
  { cidr: '0.0.0.0/32', name: '"This host on this network"', source: 'RFC 1122 §3.2.1.3', class: 'unspecified' },
  { cidr: '10.0.0.0/8', name: 'Private-Use', source: 'RFC 1918', class: 'private' },
  { cidr: '100.64.0.0/10', name: 'Shared Address Space', source: 'RFC 6598', class: 'private' },
  { cidr: '127.0.0.0/8', name: 'Loopback', source: 'RFC 1122 §3.2.1.3', class: 'loopback' },
  { cidr: '169.254.0.0/16', name: 'Link Local', source: 'RFC 3927', class: 'link-local' },
  { cidr: '172.16.0.0/12', name: 'Private-Use', source: 'RFC 1918', class: 'private' },
  { cidr: '192.0.0.0/24', name: 'IETF Protocol Assignments', source: 'RFC 6890 §2.1', class: 'reserved' },
  { cidr: '192.0.0.0/29', name: 'IPv4 Service Continuity Prefix', source: 'RFC 7335', class: 'reserved' },
  { cidr: '192.0.0.8/32', name: 'IPv4 dummy address', source: 'RFC 7600', class: 'reserved' },
  { cidr: '192.0.0.9/32', name: 'Port Control Protocol Anycast', source: 'RFC 7723', class: 'reserved' },
  { cidr: '192.0.0.10/32', name: 'Traversal Using Relays around NAT Anycast', source: 'RFC 8155', class: 'reserved' },
  { cidr: '192.0.0.170/32', name: 'NAT64/DNS64 Discovery', source: 'RFC 8880, RFC 7050', class: 'reserved' },
  { cidr: '192.0.0.171/32', name: 'NAT64/DNS64 Discovery', source: 'RFC 8880, RFC 7050', class: 'reserved' },
  { cidr: '192.0.2.0/24', name: 'Documentation (TEST-NET-1)', source: 'RFC 5737', class: 'documentation' },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', source: 'RFC 7535', class: 'reserved' },
  { cidr: '192.52.193.0/24', name: 'AMT', source: 'RFC 7450', class: 'reserved' },
  { cidr: '192.88.99.0/24', name: 'Deprecated (6to4 Relay Anycast)', source: 'RFC 7526', class: 'reserved' },
  { cidr: '192.168.0.0/16', name: 'Private-Use', source: 'RFC 1918', class: 'private' },
  { cidr: '192.175.48.0/24', name: 'Direct Delegation AS112 Service', source: 'RFC 7534', class: 'reserved' },
  { cidr: '198.18.0.0/15', name: 'Benchmarking', source: 'RFC 2544', class: 'benchmarking' },
  { cidr: '198.51.100.0/24', name: 'Documentation (TEST-NET-2)', source: 'RFC 5737', class: 'documentation' },
  { cidr: '203.0.113.0/24', name: 'Documentation (TEST-NET-3)', source: 'RFC 5737', class: 'documentation' },
  { cidr: '224.0.0.0/4', name: 'Multicast', source: 'RFC 5771 (IANA multicast registry)', class: 'multicast' },
  { cidr: '240.0.0.0/4', name: 'Reserved', source: 'RFC 1112 §4', class: 'reserved' },
  { cidr: '255.255.255.255/32', name: 'Limited Broadcast', source: 'RFC 8190, RFC 919 §7', class: 'broadcast' },
];

/** The IPv6 special-purpose registry plus multicast; addresses outside 2000::/3 not listed are reserved. */
export const IPV6_SPECIAL: readonly SpecialRange[] = [
  { cidr: '::/128', name: 'Unspecified Address', source: 'RFC 4291', class: 'unspecified' },
  { cidr: '::1/128', name: 'Loopback Address', source: 'RFC 4291', class: 'loopback' },
  { cidr: '::/96', name: 'IPv4-compatible (deprecated)', source: 'RFC 4291 §2.5.5.1', class: 'translation' },
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped Address', source: 'RFC 4291', class: 'translation' },
  { cidr: '64:ff9b::/96', name: 'IPv4-IPv6 Translation', source: 'RFC 6052', class: 'translation' },
  { cidr: '64:ff9b:1::/48', name: 'Local-use IPv4/IPv6 Translation', source: 'RFC 8215', class: 'reserved' },
  { cidr: '100::/64', name: 'Discard-Only Address Block', source: 'RFC 6666', class: 'reserved' },
  { cidr: '100:0:0:1::/64', name: 'Dummy IPv6 Prefix', source: 'RFC 9780', class: 'reserved' },
  { cidr: '2001::/23', name: 'IETF Protocol Assignments', source: 'RFC 2928', class: 'reserved' },
  { cidr: '2001::/32', name: 'TEREDO', source: 'RFC 4380, RFC 8190', class: 'reserved' },
  { cidr: '2001:2::/48', name: 'Benchmarking', source: 'RFC 5180, RFC Errata 1752', class: 'benchmarking' },
  { cidr: '2001:db8::/32', name: 'Documentation', source: 'RFC 3849', class: 'documentation' },
  { cidr: '2002::/16', name: '6to4', source: 'RFC 3056', class: 'translation' },
  { cidr: '2620:4f:8000::/48', name: 'Direct Delegation AS112 Service', source: 'RFC 7534', class: 'reserved' },
  { cidr: '3fff::/20', name: 'Documentation', source: 'RFC 9637', class: 'documentation' },
  { cidr: '5f00::/16', name: 'Segment Routing (SRv6) SIDs', source: 'RFC 9602', class: 'reserved' },
  { cidr: 'fc00::/7', name: 'Unique-Local', source: 'RFC 4193, RFC 8190', class: 'private' },
  { cidr: 'fe80::/10', name: 'Link-Local Unicast', source: 'RFC 4291', class: 'link-local' },
  { cidr: 'ff00::/8', name: 'Multicast', source: 'RFC 4291 §2.7', class: 'multicast' },
];

/** The global unicast block (IANA IPv6 Address Space registry); other unlisted space is reserved. */
export const IPV6_GLOBAL_UNICAST = '2000::/3';

export interface MetadataEndpoint {
  /** An IP address (v4 or v6) or a host name. */
  address: string;
  what: string;
  /** The primary documentation of the provider. */
  source: string;
}

/**
 * Cloud instance-metadata and credential endpoints. A config value naming one of them is never
 * allowed; a workload's keyless cloud credentials (IRSA, Pod Identity, ...) are a separate,
 * explicit input of the deployment (see `credentialEndpoints` in lib/policy/derive.ts).
 */
export const METADATA_ENDPOINTS: readonly MetadataEndpoint[] = [
  {
    address: '169.254.169.254',
    what: 'instance metadata service (AWS IMDS, Azure IMDS, GCP metadata server, Oracle Cloud IMDS, OpenStack)',
    source:
      'docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html; learn.microsoft.com/azure/virtual-machines/instance-metadata-service; cloud.google.com/compute/docs/metadata/querying-metadata; docs.oracle.com/iaas/Content/Compute/Tasks/gettingmetadata.htm',
  },
  {
    address: 'fd00:ec2::254',
    what: 'AWS IMDS over IPv6 (Nitro instances)',
    source: 'docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html',
  },
  {
    address: '169.254.170.2',
    what: 'Amazon ECS task metadata and credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)',
    source: 'docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
  },
  {
    address: '169.254.170.23',
    what: 'Amazon EKS Pod Identity agent',
    source: 'docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html',
  },
  {
    address: 'fd00:ec2::23',
    what: 'Amazon EKS Pod Identity agent over IPv6',
    source: 'docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html',
  },
  {
    address: '168.63.129.16',
    what: 'Azure WireServer (host-node virtual IP: VM agent, health probes, DNS); outside every special range',
    source: 'learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16',
  },
  {
    address: '100.100.100.200',
    what: 'Alibaba Cloud ECS instance metadata',
    source: 'alibabacloud.com/help/ecs/user-guide/overview-of-ecs-instance-metadata',
  },
  {
    address: '192.0.0.192',
    what: 'Oracle Cloud metadata address reported for OCI Classic (inside 192.0.0.0/24 in any case)',
    source: 'unverified by a current Oracle page; blocked because it lies in IETF Protocol Assignments (RFC 6890)',
  },
  {
    address: 'fd20:ce::254',
    what: 'GCP metadata server over IPv6 (IPv6-only instances)',
    source: 'cloud.google.com/compute/docs/metadata/querying-metadata',
  },
  {
    address: 'metadata.google.internal',
    what: 'GCP metadata server by name',
    source: 'cloud.google.com/compute/docs/metadata/querying-metadata',
  },
  {
    address: 'metadata',
    what: 'GCP metadata server by its short name (resolved through the search domains)',
    source: 'cloud.google.com/compute/docs/metadata/querying-metadata',
  },
];

/**
 * In-cluster control plane names a config value must never point at: the Kubernetes API service
 * (every pod's DNS search path resolves these) and the kubelet's ports on the nodes.
 */
export const KUBERNETES_API_NAMES: readonly string[] = [
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];

/** The kubelet's authenticated API (10250) and its legacy read-only port (10255). */
export const KUBELET_PORTS: readonly number[] = [10250, 10255];
