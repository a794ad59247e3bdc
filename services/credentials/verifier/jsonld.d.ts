/** The part of `jsonld` (untyped) that the verifier and the credential tests use. */
declare module "jsonld" {
  type RemoteDocument = { contextUrl: null; documentUrl: string; document: unknown };
  interface Options {
    documentLoader?: (url: string) => Promise<RemoteDocument>;
    /** Throw on any dropped term or value instead of dropping it. */
    safe?: boolean;
  }
  const jsonld: { expand(input: unknown, options?: Options): Promise<Record<string, unknown>[]> };
  export default jsonld;
}
