// File storage: fileStrategy / fileStrategies (s3, azure_blob, firebase, cloudfront; local = none).
import { REGION_PATTERN } from '../../catalog/providers';
import type { Derivation, GroupSpec } from '../context';
import type { SourceRef } from '../model';
import { asRecord } from './values';
import { byText } from '../names';

export function deriveStorage(d: Derivation): void {
  const used = new Map<string, SourceRef>();
  const single = d.get(['fileStrategy']);
  if (typeof single === 'string') used.set(single, d.at(['fileStrategy']));
  const strategies = asRecord(d.get(['fileStrategies']));
  for (const key of Object.keys(strategies).sort()) {
    const value = strategies[key];
    if (typeof value === 'string' && !used.has(value)) used.set(value, d.at(['fileStrategies', key]));
  }
  for (const [strategy, source] of [...used].sort(([a], [b]) => byText(a, b))) {
    if (strategy === 's3' || strategy === 'cloudfront') deriveS3(d, source);
    if (strategy === 'cloudfront') {
      // Row 63 (packages/api/src/storage/cloudfront/crud.ts:229-265): the CloudFront API is called
      // only to invalidate on delete, which needs cloudfront.invalidateOnDelete and distributionId.
      const cf = asRecord(d.get(['cloudfront']));
      if (cf.invalidateOnDelete === true && typeof cf.distributionId === 'string' && cf.distributionId.trim())
        d.addHost(
          { name: ['storage', 'cloudfront'], kind: 'storage', title: 'file storage: CloudFront invalidation', source },
          'cloudfront.amazonaws.com',
          443,
          'CloudFront invalidation',
          d.at(['cloudfront', 'invalidateOnDelete']),
        );
    }
    if (strategy === 'azure_blob') deriveAzureBlob(d, source);
    if (strategy === 'firebase') {
      d.addHost(
        { name: ['storage', 'firebase'], kind: 'storage', title: 'file storage: Firebase', source },
        'firebasestorage.googleapis.com',
        443,
        'Firebase storage',
        source,
      );
    }
  }
}

function deriveS3(d: Derivation, source: SourceRef): void {
  const spec: GroupSpec = { name: ['storage', 's3'], kind: 'storage', title: 'file storage: Amazon S3', source };
  if (d.env.isSet('AWS_ENDPOINT_URL')) {
    d.addUrlText(
      spec,
      d.env.value('AWS_ENDPOINT_URL')!,
      d.envSource('AWS_ENDPOINT_URL'),
      'S3-compatible object storage',
    );
    return;
  }
  const region = d.env.value('AWS_REGION')?.trim();
  if (!region) {
    d.finding('unresolved-variable', 's3-region', {}, 'AWS_REGION', source);
    return;
  }
  if (!REGION_PATTERN.test(region)) {
    d.finding('invalid-url', 's3-region', {}, 'AWS_REGION', d.envSource('AWS_REGION'));
    return;
  }
  // Rows 58-59 (packages/api/src/cdn/s3.ts:22-44): SDK v3 addresses the bucket virtual-hosted;
  // the regional path-style host would let a compromised pod write to any bucket of the region,
  // so it is allowed only with AWS_FORCE_PATH_STYLE or a bucket name with dots (which the SDK
  // sends path-style).
  const regionSource = d.envSource('AWS_REGION');
  const bucket = d.env.value('AWS_BUCKET_NAME')?.trim();
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    if (bucket) d.finding('invalid-url', 's3-bucket', { bucket }, 'AWS_BUCKET_NAME', d.envSource('AWS_BUCKET_NAME'));
    else d.finding('unresolved-variable', 's3-bucket', { region }, 'AWS_BUCKET_NAME', source);
    return;
  }
  if (d.env.isTrue('AWS_FORCE_PATH_STYLE') || bucket.includes('.'))
    d.addHost(spec, `s3.${region}.amazonaws.com`, 443, 'S3 API (path-style)', regionSource);
  else
    d.addHost(
      spec,
      `${bucket}.s3.${region}.amazonaws.com`,
      443,
      'S3 bucket (virtual-hosted style)',
      d.envSource('AWS_BUCKET_NAME'),
    );
}

function deriveAzureBlob(d: Derivation, source: SourceRef): void {
  const spec: GroupSpec = {
    name: ['storage', 'azure-blob'],
    kind: 'storage',
    title: 'file storage: Azure Blob Storage',
    source,
  };
  const conn = d.env.value('AZURE_STORAGE_CONNECTION_STRING');
  if (conn) {
    const parts = Object.fromEntries(
      conn.split(';').map((kv) => {
        const i = kv.indexOf('=');
        return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()];
      }),
    );
    const at = d.envSource('AZURE_STORAGE_CONNECTION_STRING');
    if (parts.BlobEndpoint) d.addUrlText(spec, parts.BlobEndpoint, at, 'Azure Blob Storage');
    else if (parts.AccountName)
      d.addHost(
        spec,
        `${parts.AccountName}.blob.${parts.EndpointSuffix || 'core.windows.net'}`,
        443,
        'Azure Blob Storage',
        at,
      );
    return;
  }
  const account = d.env.value('AZURE_STORAGE_ACCOUNT_NAME')?.trim();
  if (!account || !/^[a-z0-9]{3,24}$/.test(account)) {
    d.finding('unresolved-variable', 'azure-blob', {}, 'AZURE_STORAGE_ACCOUNT_NAME', source);
    return;
  }
  d.addHost(
    spec,
    `${account}.blob.core.windows.net`,
    443,
    'Azure Blob Storage',
    d.envSource('AZURE_STORAGE_ACCOUNT_NAME'),
  );
  d.addHost(
    spec,
    'login.microsoftonline.com',
    443,
    'Entra ID token for the managed identity',
    d.envSource('AZURE_STORAGE_ACCOUNT_NAME'),
  );
}
