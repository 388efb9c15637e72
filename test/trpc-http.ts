import { NextRequest } from "next/server";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";

/** Calls the real tRPC route handler in-process with a real Request, as a browser or a program would. */
export type TrpcReply = { status: number; text: string };

export async function sendTrpc(
  path: string,
  init: { method?: "GET" | "POST"; cookie?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<TrpcReply> {
  const method = init.method ?? "POST";
  const headers = new Headers({ "content-type": "application/json", ...init.headers });
  if (init.cookie) headers.set("cookie", init.cookie);
  const req = new NextRequest(`http://localhost:3000/api/trpc/${path}`, { method, headers, body: method === "POST" ? init.body : undefined });
  const res = await (method === "POST" ? POST(req) : GET(req));
  return { status: res.status, text: await res.text() };
}

/** A mutation's body in the superjson envelope the client sends. */
export const mutationBody = (input: unknown) => JSON.stringify({ json: input });

/** A query's path with its input in the query string. */
export const queryPath = (name: string, input: unknown) => `${name}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
