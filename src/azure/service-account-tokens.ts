// Where a namespace's federated token comes from: a short-lived token of one fixed ServiceAccount in
// that namespace, minted for Entra ID's token-exchange audience. Entra trusts it only when the
// identity's federated credential names that namespace's ServiceAccount as its subject.

/** The audience Entra ID expects on a federated assertion. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** Mints tokens of the identity ServiceAccount of a namespace. */
export interface ServiceAccountTokens {
  /**
   * A fresh token of the identity ServiceAccount in `namespace`, audience TOKEN_EXCHANGE_AUDIENCE. Writes
   * nothing that lasts (a TokenRequest). Throws a project error naming what to fix when the
   * ServiceAccount is missing or the operator may not mint its tokens.
   */
  token(namespace: string, signal?: AbortSignal): Promise<string>;
}
