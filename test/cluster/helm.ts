// LibreChat's Deployments as the Helm chart creates them (names, selector labels and containers from
// lib/catalog/chart.ts and the trust defaults), applied by another field manager (`helm`), so the
// suites can check that the component patches them without taking Helm's fields.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_WORKLOADS } from '../../lib/catalog/chart';
import { trustNames } from '../../lib/render/trust';
import { ROOT } from './support';

/** The inspection CA the component tests use (test/component/fixtures). */
export const TEST_CA_FILE = join(ROOT, 'test', 'component', 'fixtures', 'inspection-ca.pem');
/** A pinned public root bundle for tls.publicRootsFile (a test CA standing in for a real root set). */
export const TEST_ROOTS_FILE = join(ROOT, 'test', 'component', 'fixtures', 'inspection-ca-2.pem');
export function testCaPem(): string {
  return readFileSync(TEST_CA_FILE, 'utf8');
}

/**
 * `env`: Helm also sets an env var on the containers the component patches. `volumes`: and mounts
 * volumes of its own, as the chart does (stand-ins for its `librechat.yaml` ConfigMap, mounted with
 * a subPath, and its images PVC). Both come before the component's entries in the live lists, which
 * the provider compares with a patch index by index (lib/component/children.ts patchIdentity).
 */
export function helmDeployments(
  release: string,
  namespace: string,
  o: { env?: boolean; volumes?: boolean } = {},
): Record<string, any>[] {
  const n = trustNames({ namespace, release });
  const deployment = (
    name: string,
    container: string,
    labels: Record<string, string>,
    image: string,
    port: number,
  ) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      labels: { ...labels, 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'librechat-2.0.2' },
      annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: container,
              image,
              ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
              ...(o.env ? { env: [{ name: 'HELM_OWNED', value: 'yes' }] } : {}),
              ...(o.volumes
                ? {
                    volumeMounts: [
                      { name: 'config-yaml', mountPath: '/app/librechat.yaml', subPath: 'librechat.yaml' },
                      { name: 'images', mountPath: '/app/client/public/images' },
                    ],
                  }
                : {}),
            },
          ],
          ...(o.volumes
            ? {
                volumes: [
                  { name: 'config-yaml', configMap: { name: `${name}-config` } },
                  { name: 'images', persistentVolumeClaim: { claimName: `${name}-images` } },
                ],
              }
            : {}),
        },
      },
    },
  });
  return [
    deployment(
      n.deployment,
      n.container,
      CHART_WORKLOADS.librechat.labels(release),
      'registry.librechat.ai/danny-avila/librechat:v0.8.0',
      CHART_WORKLOADS.librechat.port,
    ),
    deployment(
      n.ragDeployment,
      n.ragContainer,
      CHART_WORKLOADS['rag-api'].labels(release),
      'registry.librechat.ai/danny-avila/librechat-rag-api-dev-lite:latest',
      CHART_WORKLOADS['rag-api'].port,
    ),
  ];
}
