// Captures what the SDK throws, so tests can assert on the code, status and message a client sees.
export interface ThrownError {
  name: string;
  message: string;
  code?: string;
  statusCode?: number;
}

export async function thrown(promise: Promise<unknown>): Promise<ThrownError> {
  try {
    await promise;
  } catch (e: unknown) {
    const err = e as Error & { code?: string; statusCode?: number };
    const out: ThrownError = { name: err.name, message: err.message };
    if (err.code !== undefined) out.code = err.code;
    if (err.statusCode !== undefined) out.statusCode = err.statusCode;
    return out;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
