// Loads one cloud SDK submodule on demand. The three cloud SDKs are optional peer dependencies (and
// large: loading @pulumi/azure-native whole costs about half a second), so nothing here is imported
// at the top level: an EKS-only program never loads Azure's or Google's package.
export const CLOUD_PACKAGES = { eks: '@pulumi/aws', aks: '@pulumi/azure-native', gke: '@pulumi/gcp' } as const;

export type Require = (id: string) => unknown;

/**
 * `require(submodule)`, or a clear error naming the package to install when it is missing.
 * `req` is injectable for tests.
 */
export function loadCloudSdk<T>(cloud: keyof typeof CLOUD_PACKAGES, submodule: string, req: Require = require): T {
  const pkg = CLOUD_PACKAGES[cloud];
  const id = `${pkg}/${submodule}`;
  try {
    return req(id) as T;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'MODULE_NOT_FOUND' && String(err.message).includes(pkg)) {
      throw new Error(
        `cloud "${cloud}" needs the package ${pkg}, which is not installed. Install it beside librechat-containment: npm install ${pkg}`,
        { cause: e },
      );
    }
    throw e;
  }
}
