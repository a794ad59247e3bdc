/** The part of GS1's digital-link.js the tests use. */
declare module "digital-link.js" {
  export function DigitalLink(input: string | object): { isValid(): boolean; toWebUriString(): string };
}
