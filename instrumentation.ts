// Runs once when the Next.js server starts, before it handles requests (never during `next build`).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootstrapOrExit } = await import("./server/bootstrap");
  await bootstrapOrExit();
}
