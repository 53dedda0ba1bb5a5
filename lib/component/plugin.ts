// Entry point of the Pulumi plugin (PulumiPlugin.yaml at the repository root; package.json "main").
// The Node.js language host runs a plugin with @pulumi/pulumi's cmd/run-plugin, which loads the
// package folder (so its "main", this file) and calls what it exports when that is a function; so
// loading this file starts nothing. `require('librechat-containment')` resolves through "exports"
// to the pure core and never reaches this file.
import { serve } from './provider';

export = (): Promise<void> => serve();
