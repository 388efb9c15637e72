/**
 * The Content-Security-Policy of every page (set by proxy.ts with a fresh nonce per request). Next.js
 * reads the nonce from the request's header and puts it on its own scripts; 'strict-dynamic' lets those
 * load the rest of the bundle. Styles allow inline attributes: React Flow and recharts position with them.
 * No import of `server-only`: the proxy bundle loads this too.
 *
 * @example contentSecurityPolicy(newNonce(), { isDev: false })
 */
export function contentSecurityPolicy(nonce: string, options: { isDev: boolean }): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // React's development build evaluates code for its error overlay; production never does.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.isDev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    // The designer lays big graphs out in a module worker served from /_next/static.
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** 128 random bits, base64: unguessable and new for every response. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
