/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or WASM packages must be loaded by Node at run time, never bundled (see STACK-NOTES).
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "pg", "pg-boss"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real HTTP 403 for admin routes.
    authInterrupts: true,
  },
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc on its own; no need to do it twice
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
      // Pages get their policy (with a nonce) from proxy.ts; API answers are data, never documents.
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
