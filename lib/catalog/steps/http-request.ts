import { z } from "zod";
import { defineStep } from "../define";
import { httpUrl, stringMap } from "./fields";

export const httpRequest = defineStep({
  type: "http-request",
  title: "HTTP request",
  description: "Call an HTTP API, e.g. a ticketing system or a DNS provider. Fails on a status of 400 or more.",
  category: "integrations",
  icon: "Globe",
  config: z.strictObject({
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET").describe("HTTP method.").meta({ title: "Method" }),
    url: httpUrl("URL", "Where to send the request; may use ${{ … }}."),
    headers: stringMap("Headers", "Request headers, e.g. Content-Type=application/json."),
    body: z.string().max(100_000).default("").describe("Request body, sent as is; may use ${{ … }}.").meta({ title: "Body", multiline: true }),
    timeoutSeconds: z.number().int().min(1).max(300).default(30).describe("How long to wait for the response.").meta({ title: "Timeout (s)" }),
  }),
  outputs: {
    status: { type: "number", description: "HTTP status of the response." },
    body: { type: "string", description: "Response body as text (truncated to 1 MB)." },
  },
  compensable: false,
});
