// One file per aggregate (ARCHITECTURE.md "Data model"); this index is what drizzle and drizzle-kit read.
export * from "./identity";
export * from "./governance";
export * from "./workflows";
export * from "./runs";
export * from "./resources";
export * from "./sim";
export * from "./metrics";
