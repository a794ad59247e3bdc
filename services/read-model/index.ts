export { openIndexDatabase, dumpIndex, INDEX_TABLES } from "./database";
export type { IndexDatabase } from "./database";
export { createIndexer, rebuildIndex } from "./indexer";
export type { Indexer, CreateIndexerParameters } from "./indexer";
export * from "./queries";
export * from "./certificates";
export * from "./cited-content";
export { rebuildIndexFile } from "./rebuild-file";
