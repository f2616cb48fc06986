/** Every login mode, by the kind of credentials that selects it: the one place that asks which kind it is. */
import type { CredentialKind, Credentials } from '../credentials.js'
import { ApiKeyLogin } from './api-key.js'
import type { Login } from './login.js'
import { ServiceAccountLogin } from './service-account.js'

export function loginFor(credentials: Credentials): Login {
  switch (credentials.kind) {
    case 'service-account':
      return new ServiceAccountLogin(credentials)
    case 'api-key':
      return new ApiKeyLogin(credentials)
  }
}

/** How the log and the input messages name each mode: "a service account". */
export const LOGIN_NAMES: Readonly<Record<CredentialKind, string>> = {
  'service-account': ServiceAccountLogin.NAME,
  'api-key': ApiKeyLogin.NAME
}
