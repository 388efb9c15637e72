import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/routers";
import { createContext } from "@/server/trpc/context";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The JSON layers below would silently drop a "__proto__" key (and keep the rest), so input that carries one
// is refused here, in the open, instead of being half-accepted.
const PROTO_KEY = /"__proto__"\s*:/;

function refuse(req: Request): Response {
  const url = new URL(req.url);
  const calls = url.pathname.split("/").pop()!.split(",").length;
  const error = {
    error: {
      json: {
        message: 'The request contains a "__proto__" key, which is never accepted.',
        code: -32600,
        data: { code: "BAD_REQUEST", httpStatus: 400, path: null, issues: [{ path: "(request)", message: 'contains a "__proto__" key' }] },
      },
    },
  };
  const body = url.searchParams.get("batch") ? Array.from({ length: calls }, () => error) : error;
  return Response.json(body, { status: 400 });
}

async function handler(req: Request) {
  let request = req;
  if (req.method === "POST") {
    const text = await req.text();
    if (PROTO_KEY.test(text)) return refuse(req);
    request = new Request(req.url, { method: "POST", headers: req.headers, body: text });
  } else if (PROTO_KEY.test(decodeURIComponent(new URL(req.url).search))) {
    return refuse(req);
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
