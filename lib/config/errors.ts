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

/** An option that is out of range (a namespace that is no Kubernetes name, watch mode on chart 8.2). */
export class OptionError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}
