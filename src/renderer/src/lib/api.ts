import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api';
import type { ApiErrorBody, ApiResult, ErrorCode } from '../../../shared/errors';

declare global {
  interface Window {
    /** Present in the desktop app only, exposed by the preload script. */
    kb?: { invoke(method: string, input: unknown): Promise<unknown> };
  }
}

/** A failed call, with the French message core wrote for the person using the app. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: string[];

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.code = body.code;
    this.details = body.details;
  }
}

type Transport = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

const tokenKey = 'kits-ess-token';

/** The web host gives its launch token in the address (#token=…); keep it for this tab only. */
function takeWebToken(): string {
  const match = /^#token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, '', `${window.location.pathname}#/`);
  }
  return sessionStorage.getItem(tokenKey) ?? '';
}

function httpTransport(token: string): Transport {
  return async (method, input) => {
    let response: Response;
    try {
      response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
    } catch {
      return failure('Kits ESS ne répond plus : le serveur local a peut-être été arrêté. Relancez « npm start ».');
    }
    try {
      return (await response.json()) as ApiResult<unknown>;
    } catch {
      return failure(`Réponse illisible du serveur local (HTTP ${response.status}).`);
    }
  };
}

function failure(message: string): ApiResult<never> {
  return { ok: false, error: { code: 'internal', message, details: [] } };
}

function pickTransport(): Transport {
  const desktop = window.kb;
  if (desktop) return (method, input) => desktop.invoke(method, input) as Promise<ApiResult<unknown>>;
  return httpTransport(takeWebToken());
}

const transport = pickTransport();

/** Calls one knowledge-base method, through IPC in the desktop app or HTTP in a browser. */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await transport(method, input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value as MethodOutput<M>;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Erreur inattendue.';
}
