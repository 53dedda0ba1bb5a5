/** Bad input from a person (a file, an argument, a variable): shown as `what is wrong` + `how to fix it`. */
export class InputError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'InputError';
  }
}
