// Raised for any invalid configuration (environment or policy file); the entrypoints print it and exit.
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(message: string) {
    super(message);
  }
}
