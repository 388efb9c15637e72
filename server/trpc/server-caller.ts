import "server-only";
import { headers } from "next/headers";
import { appRouter } from "../routers";
import { createContext } from "./context";

/**
 * Server components call procedures through this, not services directly, so that permissions and audit
 * apply the same as over HTTP (and the page needs no second round trip from the browser).
 */
export async function serverCaller() {
  return appRouter.createCaller(await createContext({ headers: await headers() }));
}
