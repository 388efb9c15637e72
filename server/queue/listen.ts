import "server-only";
import pg from "pg";

/**
 * LISTEN on a channel from a dedicated connection (PostgreSQL server mode), so a commit in one process
 * wakes workers in every other process at once. Reconnects after a dropped connection (1 s, then up to
 * 30 s apart) and calls `onNotify` once after every (re)connect: a notification sent while the listener
 * was down is lost, so whoever listens must look for work it may have missed.
 */
export async function listen(url: string, channel: string, onNotify: (payload: string) => void): Promise<{ close: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Invalid channel name: ${channel}`);
  let client: pg.Client | null = null;
  let isClosed = false;
  let delayMs = 1_000;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: "stratus-listen" });
    c.on("notification", (n) => onNotify(n.payload ?? ""));
    const retry = () => {
      if (isClosed || client !== c) return;
      client = null;
      c.removeAllListeners("error");
      c.on("error", () => undefined);
      void c.end().catch(() => undefined);
      timer = setTimeout(() => void connect().catch(() => undefined), delayMs);
      timer.unref();
      delayMs = Math.min(30_000, delayMs * 2);
    };
    c.on("error", (error) => {
      console.error(`[listen] ${channel}: ${error.message}; reconnecting`);
      retry();
    });
    c.on("end", retry);
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (error) {
      retry();
      throw error;
    }
    delayMs = 1_000;
    onNotify("");
  };

  await connect().catch((error: unknown) => console.error(`[listen] ${channel}: ${error instanceof Error ? error.message : String(error)}; retrying`));
  return {
    async close() {
      isClosed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
