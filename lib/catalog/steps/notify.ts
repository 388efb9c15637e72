import { z } from "zod";
import { defineStep } from "../define";
import { hasTemplate, isHttpUrl } from "./fields";

export const notify = defineStep({
  type: "notify",
  title: "Notify",
  description: "Send a message to a webhook (Slack, Teams, …) or to the run log.",
  category: "integrations",
  icon: "Bell",
  config: z
    .strictObject({
      channel: z.enum(["webhook", "log"]).default("log").describe("Where the message goes.").meta({ title: "Channel" }),
      webhookUrl: z
        .string()
        .trim()
        .max(2000)
        .default("")
        .describe("http(s) URL that receives a JSON POST {text, severity}; required for the webhook channel.")
        .meta({ title: "Webhook URL" }),
      severity: z.enum(["info", "warning", "error"]).default("info").describe("How the message is flagged.").meta({ title: "Severity" }),
      message: z
        .string()
        .trim()
        .min(1, "is required")
        .max(4000)
        .default("Workflow step reached.")
        .describe("Text to send; may use ${{ … }}, e.g. Deployed to ${{ steps.lb.outputs.url }}.")
        .meta({ title: "Message", multiline: true }),
    })
    // Checked on the object because whether the URL is needed depends on the channel.
    .superRefine((c, ctx) => {
      if (c.channel !== "webhook") return;
      if (c.webhookUrl === "") ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "is required when the channel is webhook" });
      else if (!hasTemplate(c.webhookUrl) && !isHttpUrl(c.webhookUrl)) {
        ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "must be an http:// or https:// URL" });
      }
    }),
  outputs: {
    delivered: { type: "boolean", description: "Always true: a webhook that answers with a status of 400 or more fails the step instead." },
  },
  compensable: false,
});
