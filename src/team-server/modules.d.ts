// Dev-only packages of the test server, without published types.
declare module 'express-pouchdb' {
  import type { Express } from 'express';
  interface ExpressPouchDBApp extends Express {
    couchConfig: { set(section: string, key: string, value: string, callback: () => void): void };
  }
  function expressPouchDB(pouchDB: unknown, options?: Record<string, unknown>): ExpressPouchDBApp;
  export default expressPouchDB;
}
declare module 'pouchdb-adapter-leveldb' {
  const plugin: unknown;
  export default plugin;
}
