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
    d.finding(
      'unresolved-variable',
      'AWS_REGION',
      'fileStrategy s3 stores files in Amazon S3, whose host depends on AWS_REGION, which the given environment does not define; nothing is allowed for file storage.',
      'Pass --env AWS_REGION=<region> (and AWS_BUCKET_NAME), or AWS_ENDPOINT_URL for S3-compatible storage.',
      source,
    );
    return;
  }
  if (!REGION_PATTERN.test(region)) {
    d.finding(
      'invalid-url',
      'AWS_REGION',
      `AWS_REGION (its value is not shown) is not a region name; nothing is allowed for S3.`,
      'Use a region such as eu-central-1.',
      d.envSource('AWS_REGION'),
    );
    return;
  }
  // Rows 58-59 (packages/api/src/cdn/s3.ts:22-44): SDK v3 addresses the bucket virtual-hosted;
  // the regional path-style host would let a compromised pod write to any bucket of the region,
  // so it is allowed only with AWS_FORCE_PATH_STYLE or a bucket name with dots (which the SDK
  // sends path-style).
  const regionSource = d.envSource('AWS_REGION');
  const bucket = d.env.value('AWS_BUCKET_NAME')?.trim();
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    d.finding(
      bucket ? 'invalid-url' : 'unresolved-variable',
      'AWS_BUCKET_NAME',
      bucket
        ? `AWS_BUCKET_NAME "${bucket.slice(0, 63)}" is not an S3 bucket name; nothing is allowed for S3.`
        : `fileStrategy s3 stores files in the bucket AWS_BUCKET_NAME, which the given environment does not define; only the bucket's own host ({bucket}.s3.${region}.amazonaws.com) would be allowed, so nothing is.`,
      'Pass --env AWS_BUCKET_NAME=<bucket>.',
      bucket ? d.envSource('AWS_BUCKET_NAME') : source,
    );
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
    d.finding(
      'unresolved-variable',
      'AZURE_STORAGE_ACCOUNT_NAME',
      'fileStrategy azure_blob needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_NAME to know the storage host; nothing is allowed for file storage.',
      'Pass --env AZURE_STORAGE_ACCOUNT_NAME=<account>.',
      source,
    );
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
