import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/routers";
import { env } from "@/server/env";
import { createContext } from "@/server/trpc/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The JSON layers below would silently drop a "__proto__" key (and keep the rest), so input that carries one
// is refused here, in the open, instead of being half-accepted.
const PROTO_KEY = /"__proto__"\s*:/;

/** A refusal in tRPC's own error shape (one per call of a batch), before any procedure runs. */
function refuse(req: Request, status: 400 | 403 | 415, code: string, message: string, issue: string): Response {
  const url = new URL(req.url);
  const calls = url.pathname.split("/").pop()!.split(",").length;
  const error = { error: { json: { message, code: status === 403 ? -32003 : -32600, data: { code, httpStatus: status, path: null, issues: [{ path: "(request)", message: issue }] } } } };
  const body = url.searchParams.get("batch") ? Array.from({ length: calls }, () => error) : error;
  return Response.json(body, { status });
}

/**
 * Cross-site request forgery: a browser always sends `Origin` with a POST; one from another site is
 * refused, as is any body that is not JSON (an HTML form can post text, never JSON, without CORS).
 * Requests without `Origin` come from programs, not from a page of another site.
 */
function forgeryRefusal(req: Request): Response | null {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return refuse(req, 415, "UNSUPPORTED_MEDIA_TYPE", "Changes must be sent as JSON (Content-Type: application/json).", "not JSON");
  const origin = req.headers.get("origin");
  if (origin === null) return null;
  const allowed = new Set([new URL(req.url).host, req.headers.get("x-forwarded-host"), req.headers.get("host")]);
  const publicUrl = env().NEXTAUTH_URL;
  if (publicUrl) allowed.add(new URL(publicUrl).host);
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  return host && allowed.has(host) ? null : refuse(req, 403, "FORBIDDEN", "Requests from another site are refused.", `foreign origin ${origin.slice(0, 100)}`);
}

async function handler(req: Request) {
  let request = req;
  if (req.method === "POST") {
    const forged = forgeryRefusal(req);
    if (forged) return forged;
    const text = await req.text();
    if (PROTO_KEY.test(text)) return refuse(req, 400, "BAD_REQUEST", 'The request contains a "__proto__" key, which is never accepted.', 'contains a "__proto__" key');
    request = new Request(req.url, { method: "POST", headers: req.headers, body: text });
  } else {
    let search: string;
    try {
      search = decodeURIComponent(new URL(req.url).search);
    } catch {
      // A stray "%" (e.g. "?input=%E0%A4%A") would otherwise throw out of the handler as a 500.
      return refuse(req, 400, "BAD_REQUEST", "The query string is not valid URL encoding.", "malformed percent-encoding");
    }
    if (PROTO_KEY.test(search)) return refuse(req, 400, "BAD_REQUEST", 'The request contains a "__proto__" key, which is never accepted.', 'contains a "__proto__" key');
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createContext({ headers: request.headers }),
    onError({ error, path }) {
      // Bugs are logged here with their stack; the client only sees a generic message.
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
