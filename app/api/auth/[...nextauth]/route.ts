import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/server/auth/options";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so that nothing reads config or the data folder at build time.
async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  return (await NextAuth(req, context, authOptions())) as Response;
}

export { handler as GET, handler as POST };
