/** Bad input from a person (a file, an argument, a variable): shown as `what is wrong` + `how to fix it`. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * A problem with one argument of the CLI or the component. `argument` names it by its path in the
 * component's arguments (`aviatrix.mode`, `config.envFile`, `workloadLabels.mongodb`), the one
 * vocabulary of the core; the CLI shows its flag instead (`--mode`) and exits 2, the component raises
 * a pulumi.ResourceError naming the path. `problem` reads after the name: `must be one of ...`.
 */
export class ArgumentError extends Error {
  constructor(
    readonly argument: string,
    readonly problem: string,
    /** How to fix it, when the problem does not say (a file that cannot be read). */
    readonly fix?: string,
  ) {
    super(`${argument}: ${problem}`);
    this.name = 'ArgumentError';
  }
}
